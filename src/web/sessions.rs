//! Training sessions for trainers (and admins): schedule, edit, cancel, enrol, the roster,
//! the rotating check-in code, and closing.

use actix_web::http::StatusCode;
use actix_web::{get, post, web, HttpRequest, HttpResponse};
use serde::Deserialize;
use serde_json::{json, Value};

use crate::domain::checkin::{code_for, minute_of, seconds_to_rotation};
use crate::domain::cst;
use crate::domain::names::check_title;
use crate::domain::pagination::{page_info, PageQuery, PageRequest};
use crate::domain::training::{check_session, checkin_window, CheckinState};
use crate::error::{AppError, AppResult};
use crate::i18n::Msg;
use crate::policy::{self, Action, ItemScope};
use crate::security::token::new_token;
use crate::store::training::{self, NewSession, SessionFilter, SessionRow};
use crate::store::{centers, items, users};
use crate::web::notify::{certificate_notices, notify};
use crate::web::render::{page, page_with_status, redirect, say};
use crate::web::session::{form_value, CsrfForm, CurrentUser};
use crate::web::state::AppState;

/// What a session's mail and pages say about it. The items' names (data, in Chinese) are
/// joined the default language's way.
pub fn session_json(s: &SessionRow, items: &[(String, String)]) -> Value {
    let separator = crate::i18n::t("rules-list-separator");
    json!({
        "session": s,
        "start": cst::show(s.starts_at),
        "end": cst::show(s.ends_at),
        "items": items.iter().map(|(_, n)| n.clone()).collect::<Vec<_>>().join(&separator),
    })
}

async fn managed(state: &AppState, user: &CurrentUser, id: i32) -> AppResult<SessionRow> {
    let s = state
        .db(move |conn| Ok(training::session(conn, id)?))
        .await?;
    policy::authorize_session_manage(&user.actor, s.bureau_id, s.trainer_id)?;
    Ok(s)
}

#[get("/sessions")]
pub async fn list_sessions(
    req: HttpRequest,
    state: web::Data<AppState>,
    user: CurrentUser,
    q: web::Query<PageQuery>,
) -> AppResult<HttpResponse> {
    policy::authorize(&user.actor, Action::ScheduleSessions)?;
    let bureau = match policy::item_scope(&user.actor) {
        ItemScope::Bureau(b) => Some(b),
        ItemScope::All => None,
    };
    let filter = SessionFilter {
        bureau,
        ..SessionFilter::default()
    };
    let wanted = q.request();
    let (rows, pager) = state
        .db(move |conn| {
            let info = page_info(wanted, training::count(conn, filter)?);
            let list = training::list(
                conn,
                filter,
                PageRequest::new(Some(info.number), wanted.size),
            )?;
            let mut out = Vec::new();
            for s in list {
                let n = training::enrolled_count(conn, s.id)?;
                let names = training::item_names(conn, s.id)?;
                let mut v = session_json(&s, &names);
                v["enrolled"] = json!(n);
                out.push(v);
            }
            Ok((out, info))
        })
        .await?;
    page(
        &req,
        &state,
        "pages/sessions/list",
        json!({ "sessions": rows, "pager": pager }),
    )
}

#[derive(Deserialize, Default, Clone, serde::Serialize)]
pub struct SessionForm {
    #[serde(default)]
    title: String,
    #[serde(default)]
    starts_at: String,
    #[serde(default)]
    ends_at: String,
    #[serde(default)]
    place: String,
    #[serde(default)]
    online_link: String,
    #[serde(default)]
    capacity: String,
    required: Option<String>,
}

pub(crate) fn parse_form(pairs: &[(String, String)]) -> (SessionForm, Vec<String>) {
    let get = |k: &str| form_value(pairs, k);
    let form = SessionForm {
        title: get("title"),
        starts_at: get("starts_at"),
        ends_at: get("ends_at"),
        place: get("place"),
        online_link: get("online_link"),
        capacity: get("capacity"),
        required: pairs
            .iter()
            .any(|(n, _)| n == "required")
            .then(|| "1".into()),
    };
    let codes = pairs
        .iter()
        .filter(|(n, _)| n == "item")
        .map(|(_, v)| v.clone())
        .collect();
    (form, codes)
}

/// Items this user may schedule sessions for.
async fn schedulable_items(
    state: &AppState,
    user: &CurrentUser,
) -> AppResult<Vec<items::ItemView>> {
    let scope = policy::item_scope(&user.actor);
    state
        .db(move |conn| {
            Ok(items::list(
                conn,
                scope,
                &items::ItemFilter::default(),
                None,
            )?)
        })
        .await
}

fn validate(
    form: &SessionForm,
    chosen: &[i32],
) -> Result<(String, chrono::NaiveDateTime, chrono::NaiveDateTime, i32), Msg> {
    let title =
        check_title(Msg::key("session-form-name"), &form.title, 100).map_err(|e| e.on("title"))?;
    let starts = cst::parse_local(&form.starts_at).map_err(|e| e.on("starts_at"))?;
    let ends = cst::parse_local(&form.ends_at).map_err(|e| e.on("ends_at"))?;
    let capacity = form
        .capacity
        .trim()
        .parse::<i32>()
        .map_err(|_| Msg::key("training-session-bad-capacity").on("capacity"))?;
    check_session(
        starts,
        ends,
        &form.place,
        &form.online_link,
        capacity,
        chosen.len(),
    )?;
    Ok((title, starts, ends, capacity))
}

/// The session form as shown: which session (none for a new one), the values, the chosen
/// item codes and the problem to show.
struct Shown<'a> {
    id: Option<i32>,
    form: &'a SessionForm,
    chosen: &'a [String],
    error: Option<Msg>,
}

fn form_page(
    req: &HttpRequest,
    state: &AppState,
    status: StatusCode,
    all_items: &[items::ItemView],
    shown: Shown,
) -> AppResult<HttpResponse> {
    let Shown {
        id,
        form,
        chosen,
        error,
    } = shown;
    let options: Vec<Value> = all_items
        .iter()
        .map(|i| json!({ "code": i.item.code, "name": i.item.name, "seq": i.item.seq, "selected": chosen.contains(&i.item.code) }))
        .collect();
    page_with_status(
        req,
        state,
        status,
        "pages/sessions/form",
        json!({ "id": id, "form": form, "items": options, "error_field": error.as_ref().and_then(Msg::field), "error": error.map(|e| say(req, &e)) }),
    )
}

#[get("/sessions/new")]
pub async fn new_session(
    req: HttpRequest,
    state: web::Data<AppState>,
    user: CurrentUser,
) -> AppResult<HttpResponse> {
    policy::authorize(&user.actor, Action::ScheduleSessions)?;
    let all = schedulable_items(&state, &user).await?;
    let form = SessionForm {
        capacity: "50".into(),
        required: Some("1".into()),
        ..Default::default()
    };
    form_page(
        &req,
        &state,
        StatusCode::OK,
        &all,
        Shown {
            id: None,
            form: &form,
            chosen: &[],
            error: None,
        },
    )
}

async fn save_session(
    req: &HttpRequest,
    state: &AppState,
    user: &CurrentUser,
    id: Option<i32>,
    pairs: Vec<(String, String)>,
) -> AppResult<HttpResponse> {
    let (form, codes) = parse_form(&pairs);
    let all = schedulable_items(state, user).await?;
    let chosen: Vec<i32> = all
        .iter()
        .filter(|i| codes.contains(&i.item.code))
        .map(|i| i.item.id)
        .collect();
    let (title, starts_at, ends_at, capacity) = match validate(&form, &chosen) {
        Ok(v) => v,
        Err(e) => {
            return form_page(
                req,
                state,
                StatusCode::BAD_REQUEST,
                &all,
                Shown {
                    id,
                    form: &form,
                    chosen: &codes,
                    error: Some(e),
                },
            )
        }
    };
    let new = NewSession {
        title,
        starts_at,
        ends_at,
        place: form.place.trim().to_string(),
        online_link: form.online_link.trim().to_string(),
        capacity,
        trainer_id: user.actor.user_id,
        bureau_id: user.actor.bureau_id,
        required: form.required.is_some(),
        item_ids: chosen,
    };
    let now = state.clock.now_naive();
    match id {
        None => {
            let secret = new_token();
            let id = state
                .db(move |conn| training::create(conn, &new, &secret, now))
                .await?;
            Ok(redirect(&format!("/sessions/{id}")))
        }
        Some(id) => {
            let actor = user.actor.user_id;
            let updated = state
                .db(move |conn| {
                    training::update(conn, id, &new, actor, now)?;
                    let s = training::session(conn, id)?;
                    let names = training::item_names(conn, id)?;
                    let people: Vec<i32> = training::roster(conn, id)?
                        .iter()
                        .map(|l| l.user_id)
                        .collect();
                    Ok((session_json(&s, &names), people))
                })
                .await;
            match updated {
                Ok((data, people)) => {
                    notify(state, "session_changed", people, data).await?;
                    Ok(redirect(&format!("/sessions/{id}")))
                }
                Err(AppError::BadRequest(e)) => form_page(
                    req,
                    state,
                    StatusCode::BAD_REQUEST,
                    &all,
                    Shown {
                        id: Some(id),
                        form: &form,
                        chosen: &codes,
                        error: Some(e),
                    },
                ),
                Err(e) => Err(e),
            }
        }
    }
}

#[post("/sessions")]
pub async fn create_session(
    req: HttpRequest,
    state: web::Data<AppState>,
    user: CurrentUser,
    CsrfForm(pairs): CsrfForm<Vec<(String, String)>>,
) -> AppResult<HttpResponse> {
    policy::authorize(&user.actor, Action::ScheduleSessions)?;
    save_session(&req, &state, &user, None, pairs).await
}

#[get("/sessions/{id}/edit")]
pub async fn edit_session(
    req: HttpRequest,
    state: web::Data<AppState>,
    user: CurrentUser,
    id: web::Path<i32>,
) -> AppResult<HttpResponse> {
    let s = managed(&state, &user, id.into_inner()).await?;
    let sid = s.id;
    let codes: Vec<String> = state
        .db(move |conn| Ok(training::item_names(conn, sid)?))
        .await?
        .into_iter()
        .map(|(c, _)| c)
        .collect();
    let all = schedulable_items(&state, &user).await?;
    let form = SessionForm {
        title: s.title.clone(),
        starts_at: cst::input_value(s.starts_at),
        ends_at: cst::input_value(s.ends_at),
        place: s.place.clone(),
        online_link: s.online_link.clone(),
        capacity: s.capacity.to_string(),
        required: s.required.then(|| "1".into()),
    };
    form_page(
        &req,
        &state,
        StatusCode::OK,
        &all,
        Shown {
            id: Some(s.id),
            form: &form,
            chosen: &codes,
            error: None,
        },
    )
}

#[post("/sessions/{id}")]
pub async fn update_session(
    req: HttpRequest,
    state: web::Data<AppState>,
    user: CurrentUser,
    id: web::Path<i32>,
    CsrfForm(pairs): CsrfForm<Vec<(String, String)>>,
) -> AppResult<HttpResponse> {
    let s = managed(&state, &user, id.into_inner()).await?;
    if s.status != "scheduled" {
        return Err(AppError::conflict(Msg::key("sessions-closed-no-edit")));
    }
    save_session(&req, &state, &user, Some(s.id), pairs).await
}

#[derive(Deserialize)]
pub struct Empty {}

#[post("/sessions/{id}/cancel")]
pub async fn cancel_session(
    state: web::Data<AppState>,
    user: CurrentUser,
    id: web::Path<i32>,
    CsrfForm(_): CsrfForm<Empty>,
) -> AppResult<HttpResponse> {
    let s = managed(&state, &user, id.into_inner()).await?;
    let (sid, actor, now) = (s.id, user.actor.user_id, state.clock.now_naive());
    let (data, people) = state
        .db(move |conn| {
            if training::set_status(conn, sid, "cancelled")? == 0 {
                return Err(AppError::conflict(Msg::key("training-session-closed")));
            }
            crate::store::audit::record(
                conn,
                now,
                Some(actor),
                "session.cancel",
                &format!("session:{sid}"),
                "",
            )?;
            let names = training::item_names(conn, sid)?;
            let people: Vec<i32> = training::roster(conn, sid)?
                .iter()
                .map(|l| l.user_id)
                .collect();
            Ok((session_json(&training::session(conn, sid)?, &names), people))
        })
        .await?;
    notify(&state, "session_cancelled", people, data).await?;
    Ok(redirect(&format!("/sessions/{sid}")))
}

#[get("/sessions/{id}")]
pub async fn show_session(
    req: HttpRequest,
    state: web::Data<AppState>,
    user: CurrentUser,
    id: web::Path<i32>,
) -> AppResult<HttpResponse> {
    let s = managed(&state, &user, id.into_inner()).await?;
    let now = state.clock.now_naive();
    let rules = state.settings.training_rules();
    let sid = s.id;
    let (names, roster, on_leave, towns, centers_list) = state
        .db(move |conn| {
            Ok((
                training::item_names(conn, sid)?,
                training::roster(conn, sid)?,
                training::approved_leave_users(conn, sid)?,
                centers::towns(conn)?,
                centers::list(conn, crate::policy::CenterScope::All, None)?,
            ))
        })
        .await?;
    let checkin = CheckinState::of(
        &s.status,
        checkin_window(&rules, s.starts_at, s.ends_at, now),
    );
    let code =
        (checkin == CheckinState::Open).then(|| code_for(&s.checkin_secret, s.id, minute_of(now)));
    let qr = code.as_ref().and_then(|c| {
        let host = req.connection_info().host().to_string();
        let scheme = req.connection_info().scheme().to_string();
        crate::web::render::qr_data_url(&format!(
            "{scheme}://{host}/checkin?session={}&code={c}",
            s.id
        ))
    });
    let counts = training::counts(&roster);
    let lines: Vec<Value> = roster
        .iter()
        .map(|l| {
            let mut v = json!(l);
            v["on_leave"] = json!(on_leave.contains(&l.user_id));
            v["checked_in"] = json!(l.checked_in_at.map(cst::show));
            v
        })
        .collect();
    let mut data = session_json(&s, &names);
    data["roster"] = json!(lines);
    data["counts"] = json!({
        "present": counts[0], "late": counts[1], "excused": counts[2], "absent": counts[3], "unmarked": counts[4],
        "enrolled": roster.len(), "arrived": counts[0] + counts[1],
    });
    data["checkin"] = json!(checkin.as_str());
    data["code"] = json!(code);
    data["qr"] = json!(qr);
    data["refresh"] = json!(seconds_to_rotation(now));
    data["scheduled"] = json!(s.status == "scheduled");
    data["towns"] = json!(towns);
    data["centers"] = json!(centers_list
        .iter()
        .map(|c| json!({ "code": c.center.code, "name": c.center.name }))
        .collect::<Vec<_>>());
    page(&req, &state, "pages/sessions/show", data)
}

#[derive(Deserialize)]
pub struct EnrolForm {
    #[serde(default)]
    town: String,
    #[serde(default)]
    center: String,
    #[serde(default)]
    username: String,
}

/// Enrols by town, by center or one worker. The session's own trainers (its bureau's) and
/// admins may enrol anyone; a town manager only the workers of their own town.
#[post("/sessions/{id}/enrol")]
pub async fn enrol(
    state: web::Data<AppState>,
    user: CurrentUser,
    id: web::Path<i32>,
    CsrfForm(form): CsrfForm<EnrolForm>,
) -> AppResult<HttpResponse> {
    let sid = id.into_inner();
    let actor = user.actor;
    let now = state.clock.now_naive();
    let (ids, data) = state
        .db(move |conn| {
            let s = training::session(conn, sid)?;
            // who may enrol anyone at all is settled before any name, center or town is
            // looked up, so the answers cannot be used to probe which exist
            let manages = policy::allows_session_manage(&actor, s.bureau_id, s.trainer_id);
            if !manages {
                let own_town = actor.town_id.unwrap_or(-1);
                policy::authorize(&actor, Action::EnrolTown { town_id: own_town })?;
            }
            let (town_id, ids) = if !form.town.trim().is_empty() {
                let t = centers::town_by_code(conn, form.town.trim())?
                    .ok_or_else(|| AppError::bad(Msg::key("sessions-no-such-town")))?;
                (t.id, training::workers_in(conn, Some(t.id), None)?)
            } else if !form.center.trim().is_empty() {
                let c = centers::find_by_code(conn, form.center.trim())?
                    .ok_or_else(|| AppError::bad(Msg::key("sessions-no-such-center")))?;
                (c.town_id, training::workers_in(conn, None, Some(c.id))?)
            } else {
                let u = users::find_by_username(conn, &form.username)?
                    .filter(|u| u.role == "worker")
                    .ok_or_else(|| AppError::bad(Msg::key("sessions-no-such-worker")))?;
                let c = centers::find(conn, u.center_id.unwrap_or(-1))?;
                (c.town_id, vec![u.id])
            };
            if !manages {
                policy::authorize(&actor, Action::EnrolTown { town_id })?;
            }
            let added = training::enrol(conn, sid, &ids, actor.user_id, now)?;
            let names = training::item_names(conn, sid)?;
            Ok((added, session_json(&s, &names)))
        })
        .await?;
    notify(&state, "session_scheduled", ids, data).await?;
    let back = if user.actor.role == crate::domain::role::Role::Manager {
        "/manager/sessions".to_string()
    } else {
        format!("/sessions/{sid}")
    };
    Ok(redirect(&back))
}

#[derive(Deserialize)]
pub struct MarkForm {
    #[serde(default)]
    user_id: i32,
    #[serde(default)]
    status: String,
}

#[post("/sessions/{id}/mark")]
pub async fn mark(
    state: web::Data<AppState>,
    user: CurrentUser,
    id: web::Path<i32>,
    CsrfForm(form): CsrfForm<MarkForm>,
) -> AppResult<HttpResponse> {
    let s = managed(&state, &user, id.into_inner()).await?;
    if !["present", "late", "excused", "absent", "unmarked"].contains(&form.status.as_str()) {
        return Err(AppError::bad(Msg::key("sessions-bad-mark")));
    }
    if s.status != "scheduled" {
        return Err(AppError::conflict(Msg::key("sessions-closed-no-mark")));
    }
    let (sid, now, rules) = (
        s.id,
        state.clock.now_naive(),
        state.settings.training_rules(),
    );
    let issued = state
        .db(move |conn| training::record_mark(conn, &rules, sid, form.user_id, &form.status, now))
        .await?;
    if !issued.is_empty() {
        certificate_notices(&state).await?;
    }
    Ok(redirect(&format!("/sessions/{sid}#roster")))
}

#[post("/sessions/{id}/close")]
pub async fn close(
    state: web::Data<AppState>,
    user: CurrentUser,
    id: web::Path<i32>,
    CsrfForm(_): CsrfForm<Empty>,
) -> AppResult<HttpResponse> {
    let s = managed(&state, &user, id.into_inner()).await?;
    let (sid, actor, now) = (s.id, user.actor.user_id, state.clock.now_naive());
    let rules = state.settings.training_rules();
    let (closed, data) = state
        .db(move |conn| {
            let closed = training::close(conn, &rules, sid, actor, now)?;
            let names = training::item_names(conn, sid)?;
            Ok((closed, session_json(&training::session(conn, sid)?, &names)))
        })
        .await?;
    if s.required {
        notify(&state, "makeup_required", closed.excused, data).await?;
    }
    if !closed.certificates.is_empty() {
        certificate_notices(&state).await?;
    }
    Ok(redirect(&format!("/sessions/{sid}")))
}
