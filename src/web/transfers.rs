//! Transfer requests (抽调 / 调整): a town manager files, the organization department
//! sees the impact and decides. Only an approval changes the roster.

use actix_web::http::StatusCode;
use actix_web::{get, post, web, HttpRequest, HttpResponse};
use serde::Deserialize;
use serde_json::{json, Value};

use crate::db::DbConnection;
use crate::domain::cst;
use crate::domain::pagination::{page_info, PageRequest};
use crate::domain::role::Role;
use crate::domain::staffing::{label_of, Position, Posting};
use crate::domain::transfer::{check_request, Place, Request, TransferKind, TransferStatus};
use crate::error::{AppError, AppResult};
use crate::i18n::Msg;
use crate::policy::{self, Action};
use crate::store::handling::center_refs;
use crate::store::{centers, roster, transfer_impact, transfers, users};
use crate::web::notify::{notify, notify_in};
use crate::web::render::{field_problem, page, page_with_status, redirect, say};
use crate::web::roster::options;
use crate::web::session::{CsrfForm, CurrentUser};
use crate::web::state::AppState;

#[derive(Deserialize)]
pub struct ListQuery {
    page: Option<i64>,
    status: Option<String>,
}

/// The towns whose requests a user sees: a manager their own, admin and orgdept all.
fn list_scope(user: &CurrentUser) -> AppResult<Option<i32>> {
    match user.actor.role {
        Role::Manager => {
            let town_id = user.actor.town_id.ok_or(AppError::Forbidden)?;
            policy::authorize(&user.actor, Action::ViewRoster { town_id })?;
            Ok(Some(town_id))
        }
        _ => {
            policy::authorize(&user.actor, Action::ViewSupervision)?;
            Ok(None)
        }
    }
}

#[get("/transfers")]
pub async fn list_transfers(
    req: HttpRequest,
    state: web::Data<AppState>,
    user: CurrentUser,
    q: web::Query<ListQuery>,
) -> AppResult<HttpResponse> {
    let town = list_scope(&user)?;
    let status = match q.status.as_deref().filter(|s| !s.is_empty()) {
        Some(s) => Some(
            TransferStatus::parse(s)
                .ok_or_else(|| AppError::bad(Msg::key("transfers-bad-status")))?,
        ),
        None => None,
    };
    let req_page = PageRequest::new(q.page, PageRequest::DEFAULT_SIZE);
    let chosen = status.map(|s| s.as_str()).unwrap_or("");
    let lang = user.lang;
    let data = state
        .db(move |conn| {
            let (total, _) = transfers::list(conn, town, status, PageRequest::new(Some(1), 1))?;
            let info = page_info(req_page, total);
            let (_, rows) =
                transfers::list(conn, town, status, PageRequest::new(Some(info.number), req_page.size))?;
            let rows: Vec<Value> = rows
                .into_iter()
                .map(|r| {
                    let kind = label_of(TransferKind::parse, |k| k.label_in(lang), &r.kind);
                    let status_label = label_of(TransferStatus::parse, |s| s.label_in(lang), &r.status);
                    json!({ "t": r, "kind": kind, "status": status_label,
                            "requested": cst::show(r.requested_at) })
                })
                .collect();
            Ok(json!({
                "transfers": rows, "pager": info,
                "statuses": options(TransferStatus::ALL, TransferStatus::as_str, |s| s.label_in(lang), chosen),
                "status": chosen,
                "extra": if chosen.is_empty() { String::new() } else { format!("&status={chosen}") },
            }))
        })
        .await?;
    page(&req, &state, "pages/transfers/list", data)
}

#[derive(Deserialize, serde::Serialize, Default, Clone)]
pub struct TransferForm {
    #[serde(default)]
    worker: String,
    #[serde(default)]
    kind: String,
    #[serde(default)]
    to_center: String,
    #[serde(default)]
    to_position: String,
    #[serde(default)]
    destination: String,
    #[serde(default)]
    reason: String,
    #[serde(default)]
    starts_on: String,
    #[serde(default)]
    ends_on: String,
}

/// The worker a request is for, with the town that must be the manager's own.
fn requested_worker(
    conn: &mut DbConnection,
    user: &CurrentUser,
    worker: &str,
) -> AppResult<(users::UserRow, Place)> {
    // only a town manager files transfers: anyone else is refused before the id is read,
    // so the answers do not tell which ids exist
    let own_town = user.actor.town_id.unwrap_or(-1);
    policy::authorize(&user.actor, Action::ManageRoster { town_id: own_town })?;
    let id: i32 = worker
        .trim()
        .parse()
        .map_err(|_| AppError::bad(Msg::key("transfers-choose-worker")))?;
    let u = users::find(conn, id).map_err(|_| AppError::NotFound)?;
    let place = roster::place_of(conn, id)?.ok_or(AppError::NotFound)?;
    policy::authorize(
        &user.actor,
        Action::ManageRoster {
            town_id: place.town_id,
        },
    )?;
    Ok((u, place))
}

async fn form_page(
    req: &HttpRequest,
    state: &AppState,
    user: &CurrentUser,
    status: StatusCode,
    form: TransferForm,
    error: Option<Msg>,
) -> AppResult<HttpResponse> {
    let worker = form.worker.clone();
    let lang = user.lang;
    let user = user.clone();
    let (u, place, centers) = state
        .db(move |conn| {
            let (u, place) = requested_worker(conn, &user, &worker)?;
            Ok((u, place, center_refs(conn, Some(place.town_id))?))
        })
        .await?;
    let data = json!({
        "worker": u,
        "from_position": place.position.label_in(lang),
        "posting": place.posting.label_in(lang),
        "centers": centers,
        "kinds": options(TransferKind::ALL, TransferKind::as_str, |k| k.label_in(lang), &form.kind),
        "positions": options(Position::ALL, Position::as_str, |p| p.label_in(lang), &form.to_position),
        "form": form,
        "error_field": error.as_ref().and_then(Msg::field),
        "error": error.map(|e| say(req, &e)),
    });
    page_with_status(req, state, status, "pages/transfers/new", data)
}

#[derive(Deserialize)]
pub struct NewQuery {
    worker: Option<String>,
}

#[get("/transfers/new")]
pub async fn new_transfer(
    req: HttpRequest,
    state: web::Data<AppState>,
    user: CurrentUser,
    q: web::Query<NewQuery>,
) -> AppResult<HttpResponse> {
    let today = cst::date_of(state.clock.now_naive());
    let form = TransferForm {
        worker: q.worker.clone().unwrap_or_default(),
        kind: TransferKind::Secondment.as_str().into(),
        to_position: Position::Window.as_str().into(),
        starts_on: today.to_string(),
        ..Default::default()
    };
    form_page(&req, &state, &user, StatusCode::OK, form, None).await
}

/// Parses the form into a request; the message says which field to fix.
fn parse_request(conn: &mut DbConnection, form: &TransferForm) -> AppResult<Result<Request, Msg>> {
    let Some(kind) = TransferKind::parse(&form.kind) else {
        return Ok(Err(Msg::key("transfers-choose-kind")));
    };
    let starts_on = match cst::parse_date(&form.starts_on) {
        Ok(d) => d,
        Err(e) => return Ok(Err(field_problem("transfers-starts", e))),
    };
    let ends_on = match form.ends_on.trim() {
        "" => None,
        s => match cst::parse_date(s) {
            Ok(d) => Some(d),
            Err(e) => return Ok(Err(field_problem("rep-to", e))),
        },
    };
    let to = if kind == TransferKind::Move {
        let Some(c) = centers::find_by_code(conn, form.to_center.trim())? else {
            return Ok(Err(Msg::key("transfer-choose-center")));
        };
        let position = Position::parse(&form.to_position).unwrap_or(Position::Window);
        Some((c.id, c.town_id, position))
    } else {
        None
    };
    Ok(Ok(Request {
        kind,
        to,
        destination: form.destination.trim().to_string(),
        reason: form.reason.trim().to_string(),
        starts_on,
        ends_on,
    }))
}

#[post("/transfers")]
pub async fn file_transfer(
    req: HttpRequest,
    state: web::Data<AppState>,
    user: CurrentUser,
    CsrfForm(form): CsrfForm<TransferForm>,
) -> AppResult<HttpResponse> {
    let now = state.clock.now_naive();
    let today = cst::date_of(now);
    let actor_id = user.actor.user_id;
    let (f, who) = (form.clone(), user.clone());
    let outcome = state
        .db(move |conn| {
            let (u, place) = requested_worker(conn, &who, &f.worker)?;
            let r = match parse_request(conn, &f)? {
                Ok(r) => r,
                Err(e) => return Ok(Err(e)),
            };
            let latest = roster::latest_from(conn, u.id)?.unwrap_or(today);
            if let Err(e) = check_request(&r, &place, today, latest) {
                return Ok(Err(e));
            }
            match transfers::file(conn, u.id, &place, &r, actor_id, now) {
                Ok(id) => Ok(Ok((id, u.display_name, r.kind))),
                Err(AppError::BadRequest(e) | AppError::Conflict(e)) => Ok(Err(e)),
                Err(e) => Err(e),
            }
        })
        .await?;
    match outcome {
        Ok((id, name, kind)) => {
            let deciders = state
                .db(|conn| Ok(users::ids_with_role(conn, Role::Orgdept)?))
                .await?;
            let data = json!({ "worker": name, "kind": kind.label(), "kind_key": format!("transfer-kind-{}", kind.as_str()), "town": user.unit, "link": format!("{}/transfers/{id}", crate::web::notify::mail_base_url(&state)) });
            notify(&state, "transfer_requested", deciders, data).await?;
            Ok(redirect(&format!("/transfers/{id}")))
        }
        Err(e) => form_page(&req, &state, &user, StatusCode::BAD_REQUEST, form, Some(e)).await,
    }
}

async fn transfer_page(
    req: &HttpRequest,
    state: &AppState,
    user: &CurrentUser,
    id: i32,
    status: StatusCode,
    error: Option<Msg>,
) -> AppResult<HttpResponse> {
    let error = error.map(|e| say(req, &e));
    let actor = user.actor;
    let lang = user.lang;
    let rules = state.settings.training_rules();
    let now = state.clock.now_naive();
    let data = state
        .db(move |conn| {
            let t = transfers::find(conn, id)?.ok_or(AppError::NotFound)?;
            let town_id = transfers::town_of(conn, &t)?;
            policy::authorize(&actor, Action::ViewRoster { town_id })?;
            let pending = t.status() == TransferStatus::Pending;
            let impact = if pending {
                transfer_impact::impact(conn, &t, &rules, now)?
            } else {
                None
            };
            let worker = users::find(conn, t.user_id)?;
            let from = centers::find(conn, t.from_center_id)?;
            let to = match t.to_center_id {
                Some(c) => Some(centers::find(conn, c)?),
                None => None,
            };
            let requester = users::find(conn, t.requested_by)?.display_name;
            let decider = match t.decided_by {
                Some(d) => Some(users::find(conn, d)?.display_name),
                None => None,
            };
            let impact = impact.map(|i| impact_json(&i, lang));
            Ok(json!({
                "t": t,
                "kind": t.kind().label_in(lang),
                "status": t.status().label_in(lang),
                "pending": pending,
                "approved": t.status() == TransferStatus::Approved,
                "worker": worker,
                "from": from,
                "from_position": label_of(Position::parse, |p| p.label_in(lang), &t.from_position),
                "to": to,
                "to_position": t.to_position.as_deref().map(|p| label_of(Position::parse, |p| p.label_in(lang), p)),
                "requester": requester,
                "requested": cst::show(t.requested_at),
                "decider": decider,
                "decided": t.decided_at.map(cst::show),
                "impact": impact,
                "now_posting": label_of(Posting::parse, |p| p.label_in(lang), &worker.posting),
                "can_decide": pending && policy::allows(&actor, Action::DecideTransfer),
                "can_withdraw": pending && policy::allows(&actor, Action::ManageRoster { town_id }),
                "error": error,
            }))
        })
        .await?;
    page_with_status(req, state, status, "pages/transfers/show", data)
}

/// The impact of an approval, its labels and obligations in the reader's language.
fn impact_json(impact: &transfer_impact::Impact, lang: &str) -> Value {
    let mut v = json!(impact);
    for list in ["drops", "gains"] {
        if let Some(changes) = v[list].as_array_mut() {
            let said = if list == "drops" {
                &impact.drops
            } else {
                &impact.gains
            };
            for (c, m) in changes.iter_mut().zip(said) {
                c["before"] = json!(m.before.in_lang(lang));
                c["after"] = json!(m.after.in_lang(lang));
            }
        }
    }
    v["obligations"] = json!(impact
        .obligations
        .iter()
        .map(|o| o.in_lang(lang))
        .collect::<Vec<_>>());
    v
}

#[get("/transfers/{id}")]
pub async fn show_transfer(
    req: HttpRequest,
    state: web::Data<AppState>,
    user: CurrentUser,
    id: web::Path<i32>,
) -> AppResult<HttpResponse> {
    transfer_page(&req, &state, &user, id.into_inner(), StatusCode::OK, None).await
}

#[derive(Deserialize)]
pub struct DecisionForm {
    #[serde(default)]
    decision: String,
    #[serde(default)]
    comment: String,
}

#[post("/transfers/{id}/decision")]
pub async fn decide_transfer(
    req: HttpRequest,
    state: web::Data<AppState>,
    user: CurrentUser,
    id: web::Path<i32>,
    CsrfForm(form): CsrfForm<DecisionForm>,
) -> AppResult<HttpResponse> {
    policy::authorize(&user.actor, Action::DecideTransfer)?;
    let id = id.into_inner();
    let approve = match form.decision.as_str() {
        "approve" => true,
        "reject" => false,
        _ => {
            return transfer_page(
                &req,
                &state,
                &user,
                id,
                StatusCode::BAD_REQUEST,
                Some(Msg::key("transfers-choose-decision")),
            )
            .await
        }
    };
    let now = state.clock.now_naive();
    let actor_id = user.actor.user_id;
    let comment = form.comment.clone();
    let st = state.clone();
    let link = format!(
        "{}/transfers/{id}",
        crate::web::notify::mail_base_url(&state)
    );
    // the decision and its notices commit together
    let outcome = state
        .db(move |conn| {
            crate::db::write_transaction(conn, |conn| {
                let d = match transfers::decide(conn, id, approve, &comment, actor_id, now) {
                    Ok(d) => d,
                    Err(AppError::BadRequest(e)) => return Ok(Err((StatusCode::BAD_REQUEST, e))),
                    Err(AppError::Conflict(e)) => return Ok(Err((StatusCode::CONFLICT, e))),
                    Err(e) => return Err(e),
                };
                let t = transfers::find(conn, id)?.ok_or(AppError::NotFound)?;
                let worker = users::find(conn, t.user_id)?;
                let data = json!({
                    "worker": worker.display_name, "kind": t.kind().label(), "kind_key": format!("transfer-kind-{}", t.kind().as_str()),
                    // the Chinese mail names the decision; the English one uses `approved`
                    "decision": crate::i18n::t(if d.approved { "transfers-approve" } else { "transfers-reject" }), "approved": d.approved,
                    "effective_on": d.effective_on.map(|e| e.to_string()),
                    "comment": t.decision_comment, "link": link,
                });
                notify_in(&st, conn, "transfer_decided", &[t.requested_by, t.user_id], &data)?;
                Ok(Ok(()))
            })
        })
        .await?;
    match outcome {
        Ok(()) => Ok(redirect(&format!("/transfers/{id}"))),
        Err((status, e)) => transfer_page(&req, &state, &user, id, status, Some(e)).await,
    }
}

#[post("/transfers/{id}/withdraw")]
pub async fn withdraw_transfer(
    req: HttpRequest,
    state: web::Data<AppState>,
    user: CurrentUser,
    id: web::Path<i32>,
    CsrfForm(_): CsrfForm<crate::web::auth::Empty>,
) -> AppResult<HttpResponse> {
    let id = id.into_inner();
    let actor = user.actor;
    let now = state.clock.now_naive();
    let outcome = state
        .db(move |conn| {
            let t = transfers::find(conn, id)?.ok_or(AppError::NotFound)?;
            let town_id = transfers::town_of(conn, &t)?;
            policy::authorize(&actor, Action::ManageRoster { town_id })?;
            match transfers::withdraw(conn, id, actor.user_id, now) {
                Ok(()) => Ok(Ok(())),
                Err(AppError::Conflict(e)) => Ok(Err(e)),
                Err(e) => Err(e),
            }
        })
        .await?;
    match outcome {
        Ok(()) => Ok(redirect(&format!("/transfers/{id}"))),
        Err(e) => transfer_page(&req, &state, &user, id, StatusCode::CONFLICT, Some(e)).await,
    }
}
