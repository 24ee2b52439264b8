//! Training oversight: leave decisions (town managers), enrolling a town's workers,
//! attendance reports with CSV, the cases of overdue report-backs, make-ups and
//! disqualifications, and the mail outbox (admins).

use std::collections::BTreeMap;

use actix_web::http::header;
use actix_web::{get, post, web, HttpRequest, HttpResponse};
use serde::Deserialize;
use serde_json::{json, Value};

use crate::domain::cst;
use crate::domain::names::check_title;
use crate::domain::pagination::{page_info, PageQuery, PageRequest};
use crate::domain::role::Role;
use crate::domain::training::{
    check_decision, report_back_due, report_back_overdue, tally, LeaveKind,
};
use crate::error::{AppError, AppResult};
use crate::i18n::{t_in, Msg};
use crate::mail::outbox;
use crate::policy::{self, Action, ItemScope};
use crate::store::{centers, training, users};
use crate::web::charts;
use crate::web::notify::notify_in;
use crate::web::render::{page, redirect};
use crate::web::session::{request_context, CsrfForm, CurrentUser};
use crate::web::sessions::session_json;
use crate::web::state::AppState;

/// The town a manager sees; None (all towns) for the city-wide roles.
fn town_scope(user: &CurrentUser) -> Option<i32> {
    match user.actor.role {
        Role::Manager => Some(user.actor.town_id.unwrap_or(-1)),
        _ => None,
    }
}

/// Overdue report-backs, open make-ups and disqualifications, for a town or the city.
async fn cases(state: &AppState, town: Option<i32>) -> AppResult<Value> {
    let rules = state.settings.training_rules();
    let today = cst::date_of(state.clock.now_naive());
    state
        .db(move |conn| {
            let mut overdue = Vec::new();
            for (l, name, center) in training::open_leaves_in_town(conn, town)? {
                if l.status == "approved" && l.ends().is_some_and(|e| report_back_overdue(&rules, e, l.reported_back_at.is_some(), today)) {
                    let due = l.ends().map(|e| report_back_due(&rules, e).to_string());
                    overdue.push(json!({ "name": name, "center": center, "leave": l, "due": due }));
                }
            }
            let workers = training::workers_in(conn, town, None)?;
            let standings = training::standings(conn, &rules, &workers)?;
            let mut flagged = Vec::new();
            for ((user_id, item_id), s) in standings {
                if s.open_makeups > 0 || s.disqualified {
                    let u = users::find(conn, user_id)?;
                    let item: (String, String) = {
                        use crate::db::schema::items;
                        use diesel::prelude::*;
                        items::table.find(item_id).select((items::code, items::name)).first(conn)?
                    };
                    flagged.push(json!({ "name": u.display_name, "username": u.username, "item": item.1, "code": item.0, "standing": s }));
                }
            }
            Ok(json!({ "overdue": overdue, "flagged": flagged }))
        })
        .await
}

#[get("/manager/leaves")]
pub async fn manager_leaves(
    req: HttpRequest,
    state: web::Data<AppState>,
    user: CurrentUser,
    q: web::Query<PageQuery>,
) -> AppResult<HttpResponse> {
    let town = user.actor.town_id.ok_or(AppError::Forbidden)?;
    policy::authorize(&user.actor, Action::DecideLeave { town_id: town })?;
    let lang = user.lang;
    let wanted = q.request();
    let (list, pager) = state
        .db(move |conn| {
            let mut out = Vec::new();
            let info = page_info(wanted, training::count_leaves_in_town(conn, Some(town))?);
            let shown = PageRequest::new(Some(info.number), wanted.size);
            for (l, name, center) in training::leaves_in_town(conn, Some(town), shown)? {
                let mut titles = Vec::new();
                for sid in training::leave_session_ids(conn, l.id)? {
                    titles.push(training::session(conn, sid)?.title);
                }
                let kind = LeaveKind::parse(&l.kind).map(|k| k.label_in(lang)).unwrap_or_default();
                let sessions = titles.join(&t_in(lang, "rules-list-separator"));
                out.push(json!({ "leave": l, "name": name, "center": center, "kind": kind, "sessions": sessions }));
            }
            Ok((out, info))
        })
        .await?;
    let cases = cases(&state, Some(town)).await?;
    page(
        &req,
        &state,
        "pages/training/manager_leaves",
        json!({ "leaves": list, "cases": cases, "pager": pager }),
    )
}

#[derive(Deserialize)]
pub struct DecideForm {
    #[serde(default)]
    decision: String,
    #[serde(default)]
    comment: String,
}

/// Only the manager of the worker's own town decides (not even an admin).
#[post("/leaves/{id}/decide")]
pub async fn decide(
    state: web::Data<AppState>,
    user: CurrentUser,
    id: web::Path<i32>,
    CsrfForm(form): CsrfForm<DecideForm>,
) -> AppResult<HttpResponse> {
    let approve = match form.decision.as_str() {
        "approve" => true,
        "reject" => false,
        _ => return Err(AppError::bad(Msg::key("leave-choose-decision"))),
    };
    let comment = if form.comment.trim().is_empty() {
        String::new()
    } else {
        check_title(Msg::key("leave-field-comment"), &form.comment, 300).map_err(AppError::bad)?
    };
    check_decision(approve, &comment).map_err(AppError::bad)?;
    let (id, actor, now) = (id.into_inner(), user.actor, state.clock.now_naive());
    let report_back_days = state.settings.report_back_days;
    let st = state.clone();
    // the decision and its notice commit together
    state
        .db(move |conn| {
            crate::db::write_transaction(conn, |conn| {
                let l = training::leave(conn, id).map_err(|_| AppError::NotFound)?;
                let w = users::find(conn, l.user_id)?;
                let town_id = centers::find(conn, w.center_id.unwrap_or(-1))?.town_id;
                policy::authorize(&actor, Action::DecideLeave { town_id })?;
                let l = training::decide_leave(conn, id, approve, &comment, actor.user_id, now)?;
                // mail data: the Chinese mail names the kind and decision; an English
                // reader's mail gets the kind by `kind_key` and uses `approved`
                let kind = LeaveKind::parse(&l.kind).map(LeaveKind::label).unwrap_or_default();
                let decision = crate::i18n::t(if approve { "leave-approve" } else { "leave-reject" });
                let mail = json!({
                    "decision": decision, "approved": approve, "comment": comment,
                    "kind": kind, "kind_key": format!("leave-kind-{}", l.kind), "starts_on": l.starts_on, "ends_on": l.ends_on, "report_back_days": report_back_days,
                });
                notify_in(&st, conn, "leave_decided", &[w.id], &mail)?;
                Ok::<_, AppError>(())
            })
        })
        .await?;
    Ok(redirect("/manager/leaves"))
}

/// Upcoming sessions a manager may enrol their town's workers in.
#[get("/manager/sessions")]
pub async fn manager_sessions(
    req: HttpRequest,
    state: web::Data<AppState>,
    user: CurrentUser,
    q: web::Query<PageQuery>,
) -> AppResult<HttpResponse> {
    let town = user.actor.town_id.ok_or(AppError::Forbidden)?;
    policy::authorize(&user.actor, Action::EnrolTown { town_id: town })?;
    let wanted = q.request();
    let filter = training::SessionFilter {
        scheduled_only: true,
        ..training::SessionFilter::default()
    };
    let (list, town_row, my_centers, pager) = state
        .db(move |conn| {
            let mut out = Vec::new();
            let info = page_info(wanted, training::count(conn, filter)?);
            for s in training::list(
                conn,
                filter,
                PageRequest::new(Some(info.number), wanted.size),
            )? {
                let names = training::item_names(conn, s.id)?;
                let mine = training::roster(conn, s.id)?
                    .into_iter()
                    .filter(|l| l.town_id == town)
                    .count();
                let mut v = session_json(&s, &names);
                v["enrolled"] = json!(training::enrolled_count(conn, s.id)?);
                v["mine"] = json!(mine);
                out.push(v);
            }
            Ok((
                out,
                centers::town(conn, town)?,
                centers::list(conn, crate::policy::CenterScope::Town(town), None)?,
                info,
            ))
        })
        .await?;
    let centers: Vec<Value> = my_centers
        .iter()
        .map(|c| json!({ "code": c.center.code, "name": c.center.name }))
        .collect();
    page(
        &req,
        &state,
        "pages/training/manager_sessions",
        json!({ "sessions": list, "town": town_row, "centers": centers, "pager": pager }),
    )
}

/// Cases for the organization department (and admins): the whole city.
#[get("/training/cases")]
pub async fn city_cases(
    req: HttpRequest,
    state: web::Data<AppState>,
    user: CurrentUser,
) -> AppResult<HttpResponse> {
    policy::authorize(&user.actor, Action::ViewTrainingReports)?;
    let town = town_scope(&user);
    let data = cases(&state, town).await?;
    page(&req, &state, "pages/training/cases", data)
}

#[derive(Deserialize)]
pub struct ReportQuery {
    by: Option<String>,
    format: Option<String>,
}

/// One line of an attendance report while it is being added up.
struct Group {
    labels: Vec<String>,
    statuses: Vec<String>,
    people: Vec<i32>,
}

#[get("/reports/attendance")]
pub async fn attendance_report(
    req: HttpRequest,
    state: web::Data<AppState>,
    user: CurrentUser,
    q: web::Query<ReportQuery>,
) -> AppResult<HttpResponse> {
    policy::authorize(&user.actor, Action::ViewTrainingReports)?;
    let town = town_scope(&user);
    let bureau = match (user.actor.role, policy::item_scope(&user.actor)) {
        (Role::Trainer, ItemScope::Bureau(b)) => Some(b),
        _ => None,
    };
    let by = match q.by.as_deref() {
        Some("worker") => "worker",
        Some("town") => "town",
        _ => "session",
    };
    let rules = state.settings.training_rules();
    let today = cst::date_of(state.clock.now_naive());
    let (rows, towns, makeups, overdue) = state
        .db(move |conn| {
            let rows = training::attendance(conn, town, bureau)?;
            let towns: BTreeMap<i32, String> = centers::towns(conn)?
                .into_iter()
                .map(|t| (t.id, t.name))
                .collect();
            let ids: Vec<i32> = rows.iter().map(|r| r.user_id).collect();
            let mut makeups: BTreeMap<i32, u32> = BTreeMap::new();
            for ((u, _), s) in training::standings(conn, &rules, &ids)? {
                *makeups.entry(u).or_default() += s.open_makeups;
            }
            let mut overdue: BTreeMap<i32, u32> = BTreeMap::new();
            for (l, _, _) in training::open_leaves_in_town(conn, town)? {
                if l.status == "approved"
                    && l.ends().is_some_and(|e| {
                        report_back_overdue(&rules, e, l.reported_back_at.is_some(), today)
                    })
                {
                    *overdue.entry(l.user_id).or_default() += 1;
                }
            }
            Ok((rows, towns, makeups, overdue))
        })
        .await?;
    let mut groups: BTreeMap<String, Group> = BTreeMap::new();
    for r in &rows {
        let town_name = towns.get(&r.town_id).cloned().unwrap_or_default();
        let (key, labels) = match by {
            "worker" => (
                format!("{:08}", r.user_id),
                vec![
                    r.name.clone(),
                    r.username.clone(),
                    r.center.clone(),
                    town_name,
                ],
            ),
            "town" => (format!("{:08}", r.town_id), vec![town_name]),
            _ => (
                format!("{}-{:08}", r.starts_at, r.session_id),
                vec![r.title.clone(), cst::show(r.starts_at)],
            ),
        };
        let g = groups.entry(key).or_insert_with(|| Group {
            labels,
            statuses: Vec::new(),
            people: Vec::new(),
        });
        g.statuses.push(r.status.clone());
        if !g.people.contains(&r.user_id) {
            g.people.push(r.user_id);
        }
    }
    let mut lines: Vec<Value> = groups
        .into_values()
        .map(|Group { labels, statuses, people }| {
            let t = tally(statuses.iter().map(String::as_str));
            let open: u32 = people.iter().map(|u| makeups.get(u).copied().unwrap_or(0)).sum();
            let late_back: u32 = people.iter().map(|u| overdue.get(u).copied().unwrap_or(0)).sum();
            json!({ "labels": labels, "tally": t, "rate": t.rate.map(crate::web::course_view::percent_text).unwrap_or_else(|| "—".into()), "makeups": open, "overdue": late_back })
        })
        .collect();
    if by == "session" {
        lines.reverse();
    }
    let lang = crate::i18n::supported(request_context(&req).lang);
    let header_keys: &[&str] = match by {
        "worker" => &["rep-name", "rep-username", "rep-center", "roster-town"],
        "town" => &["roster-town"],
        _ => &["checkin-session", "session-form-start"],
    };
    let headers: Vec<String> = header_keys.iter().map(|k| t_in(lang, k)).collect();
    if q.format.as_deref() == Some("csv") {
        return csv_response(by, &headers, &lines, lang);
    }
    let months = charts::completion::by_month(
        rows.iter()
            .map(|r| (cst::date_of(r.starts_at), r.status.as_str())),
        today,
    );
    let chart = charts::completion::figure(lang, &months);
    page(
        &req,
        &state,
        "pages/training/report",
        json!({ "by": by, "headers": headers, "lines": lines, "chart": chart }),
    )
}

/// CSV in UTF-8 with a byte-order mark, so Excel shows the Chinese correctly.
fn csv_response(
    by: &str,
    headers: &[String],
    lines: &[Value],
    lang: &str,
) -> AppResult<HttpResponse> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let mut head: Vec<String> = headers.to_vec();
    head.extend(
        [
            "report-enrolled",
            "report-present",
            "report-late",
            "report-excused",
            "report-absent",
            "report-unmarked",
            "report-rate",
            "report-makeups",
            "report-overdue",
        ]
        .map(|k| t_in(lang, k)),
    );
    let map = |e: csv::Error| AppError::Internal(e.into());
    w.write_record(&head).map_err(map)?;
    for l in lines {
        let mut rec: Vec<String> = l["labels"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|v| v.as_str().unwrap_or("").to_string())
            .collect();
        for k in [
            "enrolled", "present", "late", "excused", "absent", "unmarked",
        ] {
            rec.push(l["tally"][k].to_string());
        }
        rec.push(l["rate"].as_str().unwrap_or("").to_string());
        rec.push(l["makeups"].to_string());
        rec.push(l["overdue"].to_string());
        w.write_record(&rec).map_err(map)?;
    }
    let mut body = vec![0xEF, 0xBB, 0xBF];
    body.extend(
        w.into_inner()
            .map_err(|e| AppError::Internal(anyhow::anyhow!("csv: {e}")))?,
    );
    Ok(HttpResponse::Ok()
        .content_type("text/csv; charset=utf-8")
        .insert_header((
            header::CONTENT_DISPOSITION,
            format!("attachment; filename=\"attendance-by-{by}.csv\""),
        ))
        .body(body))
}

#[derive(Deserialize)]
pub struct OutboxQuery {
    status: Option<String>,
    page: Option<i64>,
}

#[get("/admin/outbox")]
pub async fn outbox_page(
    req: HttpRequest,
    state: web::Data<AppState>,
    user: CurrentUser,
    q: web::Query<OutboxQuery>,
) -> AppResult<HttpResponse> {
    policy::authorize(&user.actor, Action::ViewOutbox)?;
    let status = q
        .status
        .clone()
        .filter(|s| ["queued", "sending", "sent", "failed"].contains(&s.as_str()));
    let req_page = PageRequest::new(q.page, PageRequest::DEFAULT_SIZE);
    let data = state
        .db(move |conn| {
            let info = page_info(req_page, outbox::count(conn, status.as_deref())?);
            let rows = outbox::list(conn, status.as_deref(), req_page.size, PageRequest::new(Some(info.number), req_page.size).offset())?;
            let counts = json!({
                "queued": outbox::count(conn, Some("queued"))?, "sent": outbox::count(conn, Some("sent"))?,
                "failed": outbox::count(conn, Some("failed"))?,
            });
            Ok(json!({ "rows": rows, "pager": info, "counts": counts, "status": status.unwrap_or_default() }))
        })
        .await?;
    let mut data = data;
    data["extra"] = json!(crate::web::items::query_suffix(&[(
        "status",
        data["status"].as_str().unwrap_or("").to_string()
    )]));
    page(&req, &state, "pages/training/outbox", data)
}

#[derive(Deserialize)]
pub struct Empty {}

#[post("/admin/outbox/{id}/resend")]
pub async fn resend(
    state: web::Data<AppState>,
    user: CurrentUser,
    id: web::Path<i32>,
    CsrfForm(_): CsrfForm<Empty>,
) -> AppResult<HttpResponse> {
    policy::authorize(&user.actor, Action::ViewOutbox)?;
    let (id, now, actor) = (id.into_inner(), state.clock.now_naive(), user.actor.user_id);
    state
        .db(move |conn| {
            if outbox::resend(conn, id, now)? == 0 {
                return Err(AppError::NotFound);
            }
            crate::store::audit::record(
                conn,
                now,
                Some(actor),
                "mail.resend",
                &format!("outbox:{id}"),
                "",
            )?;
            Ok(())
        })
        .await?;
    Ok(redirect("/admin/outbox"))
}
