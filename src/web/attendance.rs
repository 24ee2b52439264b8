//! The worker's side of training: schedule, calendar file, check-in, leave and report-back.

use actix_web::http::{header, StatusCode};
use actix_web::{get, post, web, HttpRequest, HttpResponse};
use serde::Deserialize;
use serde_json::{json, Value};

use crate::domain::checkin::code_matches;
use crate::domain::cst;
use crate::domain::names::check_title;
use crate::domain::pagination::{page_info, PageQuery, PageRequest};
use crate::domain::training::{
    check_leave_dates, checkin_window, has_attended, leave_deadline, may_report_back,
    report_back_due, report_back_overdue, CheckIn, LeaveKind,
};
use crate::error::{AppError, AppResult};
use crate::i18n::Msg;
use crate::policy::{self, Action};
use crate::store::training::{self, NewLeave, SessionFilter};
use crate::store::{centers, users};
use crate::web::charts;
use crate::web::notify::{certificate_notices, notify};
use crate::web::render::{page, page_with_status, redirect, say};
use crate::web::session::{form_value, CsrfForm, CurrentUser};
use crate::web::sessions::session_json;
use crate::web::state::AppState;

/// The worker's schedule page data: one page of their sessions (latest first), their leaves
/// and attendance. The check-in and leave forms show the first page.
async fn schedule_data(state: &AppState, user: &CurrentUser) -> AppResult<Value> {
    schedule_page_data(
        state,
        user,
        PageRequest::new(None, PageRequest::DEFAULT_SIZE),
    )
    .await
}

async fn schedule_page_data(
    state: &AppState,
    user: &CurrentUser,
    wanted: PageRequest,
) -> AppResult<Value> {
    let (uid, now) = (user.actor.user_id, state.clock.now_naive());
    let rules = state.settings.training_rules();
    let lang = user.lang;
    state
        .db(move |conn| {
            let mut sessions = Vec::new();
            let mine = SessionFilter {
                user: Some(uid),
                ..SessionFilter::default()
            };
            let pager = page_info(wanted, training::count(conn, mine)?);
            for s in training::list(conn, mine, PageRequest::new(Some(pager.number), wanted.size))? {
                let names = training::item_names(conn, s.id)?;
                let mut v = session_json(&s, &names);
                let my_status = training::enrolment_status(conn, s.id, uid)?;
                let open = s.status == "scheduled" && matches!(checkin_window(&rules, s.starts_at, s.ends_at, now), CheckIn::OnTime | CheckIn::Late);
                let attended = my_status.as_deref().is_some_and(has_attended);
                v["my_status"] = json!(my_status);
                v["checkin_open"] = json!(open);
                // the check-in page offers a session once, then says it is done
                v["can_check_in"] = json!(open && !attended);
                v["checked_in"] = json!(open && attended);
                v["leave_possible"] = json!(s.status == "scheduled" && leave_deadline(&rules, LeaveKind::Sick, s.starts_at, now).is_ok());
                sessions.push(v);
            }
            let today = cst::date_of(now);
            let leaves: Vec<Value> = training::leaves_of(conn, uid)?
                .into_iter()
                .map(|l| {
                    let overdue = l.status == "approved" && l.ends().is_some_and(|e| report_back_overdue(&rules, e, l.reported_back_at.is_some(), today));
                    let can_report = l.status == "approved" && l.reported_back_at.is_none() && l.starts().is_some_and(|s| may_report_back(s, today));
                    let due = l.ends().map(|e| report_back_due(&rules, e).to_string());
                    let kind = LeaveKind::parse(&l.kind).map(|k| k.label_in(lang)).unwrap_or_default();
                    json!({ "leave": l, "kind": kind, "overdue": overdue, "can_report": can_report, "due": due })
                })
                .collect();
            let attendance = charts::attendance::by_month(
                training::worker_attendance(conn, uid)?
                    .iter()
                    .map(|(at, status)| (cst::date_of(*at), status.as_str())),
                today,
            );
            let chart = charts::attendance::figure(lang, &attendance);
            Ok(json!({
                "sessions": sessions, "pager": pager, "leaves": leaves, "attendance_chart": chart,
                "leave_form": { "kind": "personal", "reason": "", "starts_on": "", "ends_on": "" },
                "error": null, "error_field": null,
            }))
        })
        .await
}

#[get("/schedule")]
pub async fn schedule(
    req: HttpRequest,
    state: web::Data<AppState>,
    user: CurrentUser,
    q: web::Query<PageQuery>,
) -> AppResult<HttpResponse> {
    policy::authorize(&user.actor, Action::AttendTraining)?;
    let data = schedule_page_data(&state, &user, q.request()).await?;
    page(&req, &state, "pages/attendance/schedule", data)
}

fn ics_escape(s: &str) -> String {
    s.replace('\\', "\\\\")
        .replace(';', "\\;")
        .replace(',', "\\,")
        .replace('\n', "\\n")
}

/// The worker's sessions as an iCalendar file (RFC 5545), times in UTC.
#[get("/schedule.ics")]
pub async fn schedule_ics(
    state: web::Data<AppState>,
    user: CurrentUser,
) -> AppResult<HttpResponse> {
    policy::authorize(&user.actor, Action::AttendTraining)?;
    let uid = user.actor.user_id;
    let now = state.clock.now_naive();
    let sessions = state
        // a calendar feed holds the latest 500 sessions (the most a page may hold), which is
        // years of a worker's training
        .db(move |conn| {
            let mine = SessionFilter {
                user: Some(uid),
                ..SessionFilter::default()
            };
            Ok(training::list(conn, mine, PageRequest::new(None, 500))?)
        })
        .await?;
    let stamp = |t: chrono::NaiveDateTime| t.format("%Y%m%dT%H%M%SZ").to_string();
    let mut out = String::from("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Devolve//Zhaoyuan training//ZH\r\nCALSCALE:GREGORIAN\r\n");
    for s in sessions.iter().filter(|s| s.status != "cancelled") {
        let location = if s.place.is_empty() {
            &s.online_link
        } else {
            &s.place
        };
        out.push_str(&format!(
            "BEGIN:VEVENT\r\nUID:session-{}@devolve\r\nDTSTAMP:{}\r\nDTSTART:{}\r\nDTEND:{}\r\nSUMMARY:{}\r\nLOCATION:{}\r\nEND:VEVENT\r\n",
            s.id,
            stamp(now),
            stamp(s.starts_at),
            stamp(s.ends_at),
            ics_escape(&s.title),
            ics_escape(location)
        ));
    }
    out.push_str("END:VCALENDAR\r\n");
    Ok(HttpResponse::Ok()
        .content_type("text/calendar; charset=utf-8")
        .insert_header((
            header::CONTENT_DISPOSITION,
            "attachment; filename=\"devolve-schedule.ics\"",
        ))
        .body(out))
}

/// Whether any of the worker's sessions is open for them to check in to.
fn any_to_check_in(data: &Value) -> bool {
    data["sessions"]
        .as_array()
        .is_some_and(|list| list.iter().any(|s| s["can_check_in"] == json!(true)))
}

#[derive(Deserialize)]
pub struct CheckinQuery {
    session: Option<i32>,
    code: Option<String>,
}

#[get("/checkin")]
pub async fn checkin_form(
    req: HttpRequest,
    state: web::Data<AppState>,
    user: CurrentUser,
    q: web::Query<CheckinQuery>,
) -> AppResult<HttpResponse> {
    policy::authorize(&user.actor, Action::AttendTraining)?;
    let data = schedule_data(&state, &user).await?;
    page(
        &req,
        &state,
        "pages/attendance/checkin",
        json!({ "sessions": data["sessions"], "any_to_check_in": any_to_check_in(&data), "session": q.session, "code": q.code.clone().unwrap_or_default(), "error": null, "done": null }),
    )
}

#[derive(Deserialize)]
pub struct CheckinForm {
    #[serde(default)]
    session: i32,
    #[serde(default)]
    code: String,
}

#[post("/checkin")]
pub async fn checkin(
    req: HttpRequest,
    state: web::Data<AppState>,
    user: CurrentUser,
    CsrfForm(form): CsrfForm<CheckinForm>,
) -> AppResult<HttpResponse> {
    policy::authorize(&user.actor, Action::AttendTraining)?;
    let rules = state.settings.training_rules();
    let (uid, now, sid) = (user.actor.user_id, state.clock.now_naive(), form.session);
    let code = form.code.clone();
    let outcome: Result<(&'static str, bool), Msg> = state
        .db(move |conn| {
            if sid == 0 {
                return Ok(Err(Msg::key("checkin-choose-session")));
            }
            // someone else's session and one that does not exist get the same answer
            if training::enrolment_status(conn, sid, uid)?.is_none() {
                return Ok(Err(Msg::key("checkin-not-enrolled")));
            }
            let s = training::session(conn, sid)?;
            if s.status != "scheduled" {
                return Ok(Err(Msg::key("checkin-session-closed")));
            }
            let status = match checkin_window(&rules, s.starts_at, s.ends_at, now) {
                CheckIn::TooEarly => {
                    return Ok(Err(Msg::key("checkin-too-early")
                        .arg("minutes", rules.checkin_opens_before.num_minutes())))
                }
                CheckIn::Over => return Ok(Err(Msg::key("checkin-over"))),
                CheckIn::OnTime => "present",
                CheckIn::Late => "late",
            };
            if !code_matches(&s.checkin_secret, s.id, &code, now) {
                return Ok(Err(Msg::key("checkin-bad-code")));
            }
            match training::check_in(conn, &rules, sid, uid, status, now)? {
                None => Ok(Err(Msg::key("checkin-done-already"))),
                Some(issued) => Ok(Ok((status, !issued.is_empty()))),
            }
        })
        .await?;
    if let Ok((_, true)) = outcome {
        certificate_notices(&state).await?;
    }
    let data = schedule_data(&state, &user).await?;
    let (status, error, done) = match outcome.map(|(s, _)| s) {
        Ok("late") => (StatusCode::OK, None, Some(Msg::key("checkin-done-late"))),
        Ok(_) => (StatusCode::OK, None, Some(Msg::key("checkin-done"))),
        Err(e) => (StatusCode::BAD_REQUEST, Some(e), None),
    };
    let (error, done) = (error.map(|m| say(&req, &m)), done.map(|m| say(&req, &m)));
    page_with_status(
        &req,
        &state,
        status,
        "pages/attendance/checkin",
        json!({ "sessions": data["sessions"], "any_to_check_in": any_to_check_in(&data), "session": form.session, "code": "", "error": error, "done": done }),
    )
}

/// A leave request as the form sends it: the chosen sessions (`session`, repeated), the
/// kind, the reason and the dates, as typed.
pub struct LeaveForm {
    pub session_ids: Vec<i32>,
    kind: String,
    reason: String,
    starts_on: String,
    ends_on: String,
}

type CheckedLeave = (LeaveKind, String, chrono::NaiveDate, chrono::NaiveDate);

impl LeaveForm {
    pub fn read(pairs: &[(String, String)]) -> Self {
        let get = |k: &str| form_value(pairs, k);
        Self {
            session_ids: pairs
                .iter()
                .filter(|(n, _)| n == "session")
                .filter_map(|(_, v)| v.parse().ok())
                .collect(),
            kind: get("kind"),
            reason: get("reason"),
            starts_on: get("starts_on"),
            ends_on: get("ends_on"),
        }
    }

    /// The kind, reason and dates, or a message on the field to fix.
    pub fn check(&self) -> Result<CheckedLeave, Msg> {
        if self.session_ids.is_empty() {
            return Err(Msg::key("leave-choose-sessions").on("session"));
        }
        let kind = LeaveKind::parse(&self.kind).ok_or(Msg::key("leave-choose-kind").on("kind"))?;
        let from = cst::parse_date(&self.starts_on).map_err(|e| e.on("starts_on"))?;
        let to = cst::parse_date(&self.ends_on).map_err(|e| e.on("ends_on"))?;
        let reason = check_title(Msg::key("leave-field-reason"), &self.reason, 300)
            .map_err(|e| e.on("reason"))?;
        Ok((kind, reason, from, to))
    }

    /// What the worker typed, shown again with the problem so nothing is typed twice.
    fn typed(&self) -> Value {
        json!({ "kind": self.kind, "reason": self.reason, "starts_on": self.starts_on, "ends_on": self.ends_on })
    }
}

/// Asking for leave: one or more enrolled sessions, a kind, a reason and the dates.
#[post("/leaves")]
pub async fn ask_leave(
    req: HttpRequest,
    state: web::Data<AppState>,
    user: CurrentUser,
    CsrfForm(pairs): CsrfForm<Vec<(String, String)>>,
) -> AppResult<HttpResponse> {
    policy::authorize(&user.actor, Action::AttendTraining)?;
    let form = LeaveForm::read(&pairs);
    let rules = state.settings.training_rules();
    let (uid, now) = (user.actor.user_id, state.clock.now_naive());
    let typed = form.typed();
    let checked = form.check();
    let session_ids = form.session_ids;
    let chosen = session_ids.clone();
    let result = state
        .db(move |conn| {
            let (kind, reason, from, to) = match checked {
                Ok(v) => v,
                Err(e) => return Ok(Err(e)),
            };
            let mut days = Vec::new();
            let mut titles = Vec::new();
            for sid in &session_ids {
                // a session that does not exist gets the same answer as someone else's,
                // and neither is named: the form only offers the worker's own, so another
                // id is a stale form or a probe, which must not learn ids or titles
                if training::enrolment_status(conn, *sid, uid)?.is_none() {
                    return Ok(Err(Msg::key("leave-not-enrolled").on("session")));
                }
                let s = training::session(conn, *sid)?;
                if let Err(e) = leave_deadline(&rules, kind, s.starts_at, now) {
                    return Ok(Err(Msg::key("leave-session-problem")
                        .arg("title", s.title)
                        .arg_msg("problem", e)
                        .on("session")));
                }
                days.push(cst::date_of(s.starts_at));
                titles.push(s.title);
            }
            if let Err(e) = check_leave_dates(from, to, &days) {
                return Ok(Err(e));
            }
            let id = training::ask_leave(conn, &NewLeave { user_id: uid, kind: kind.as_str(), reason: &reason, starts_on: from, ends_on: to, session_ids: &session_ids }, now)?;
            let me = users::find(conn, uid)?;
            let center = centers::find(conn, me.center_id.unwrap_or(-1))?;
            let managers = users::managers_of(conn, center.town_id)?;
            let mail = json!({
                "worker": me.display_name, "center": center.name, "kind": kind.label(), "kind_key": format!("leave-kind-{}", kind.as_str()), "reason": reason,
                "starts_on": from.to_string(), "ends_on": to.to_string(), "sessions": titles.join(&crate::i18n::t("rules-list-separator")), "leave_id": id,
            });
            Ok(Ok((managers, mail)))
        })
        .await?;
    match result {
        Ok((managers, mail)) => {
            notify(&state, "leave_requested", managers, mail).await?;
            Ok(redirect("/schedule#leaves"))
        }
        Err(e) => {
            let mut data = schedule_data(&state, &user).await?;
            data["error"] = json!(say(&req, &e));
            data["error_field"] = json!(e.field());
            data["leave_form"] = typed;
            if let Some(sessions) = data["sessions"].as_array_mut() {
                for s in sessions {
                    let id = s["session"]["id"].as_i64().unwrap_or(-1);
                    s["leave_chosen"] = json!(chosen.iter().any(|c| i64::from(*c) == id));
                }
            }
            page_with_status(
                &req,
                &state,
                StatusCode::BAD_REQUEST,
                "pages/attendance/schedule",
                data,
            )
        }
    }
}

#[derive(Deserialize)]
pub struct Empty {}

#[post("/leaves/{id}/report-back")]
pub async fn report_back(
    state: web::Data<AppState>,
    user: CurrentUser,
    id: web::Path<i32>,
    CsrfForm(_): CsrfForm<Empty>,
) -> AppResult<HttpResponse> {
    policy::authorize(&user.actor, Action::AttendTraining)?;
    let (id, uid, now) = (id.into_inner(), user.actor.user_id, state.clock.now_naive());
    state
        .db(move |conn| {
            let l = training::leave(conn, id).map_err(|_| AppError::NotFound)?;
            if l.user_id != uid {
                return Err(AppError::NotFound);
            }
            if !l
                .starts()
                .is_some_and(|s| may_report_back(s, cst::date_of(now)))
            {
                return Err(AppError::conflict(Msg::key("leave-not-started")));
            }
            training::report_back(conn, id, now)
        })
        .await?;
    Ok(redirect("/schedule#leaves"))
}
