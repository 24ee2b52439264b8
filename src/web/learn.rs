//! Studying (role `worker`): the course catalog with progress, modules, starting a quiz.

use actix_web::{get, post, web, HttpRequest, HttpResponse};
use serde::Deserialize;
use serde_json::json;

use crate::domain::attempt::{may_start, progress_percent, AttemptHistory, StartDecision};
use crate::domain::handling::HandlingMode;
use crate::domain::pagination::{paginate, PageQuery};
use crate::error::{AppError, AppResult};
use crate::policy::{self, Action, ItemScope};
use crate::store::courses::{self, CourseRow, VersionRow};
use crate::store::{attempts, certificates, handling, items};
use crate::web::markdown::to_safe_html;
use crate::web::notify::certificate_notices;
use crate::web::render::{page, redirect};
use crate::web::session::{CsrfForm, CurrentUser};
use crate::web::state::AppState;
use std::collections::HashMap;

/// The worker's attempt history on a course version, counting only what a new
/// certificate may rest on.
fn history_now(
    conn: &mut crate::db::DbConnection,
    user_id: i32,
    course: &CourseRow,
    version_id: i32,
    now: chrono::NaiveDateTime,
) -> AppResult<(AttemptHistory, Vec<attempts::AttemptRow>)> {
    let today = crate::domain::cst::date_of(now);
    let since = certificates::attempts_count_after(conn, user_id, course.item_id, today)?;
    Ok(attempts::history(
        conn, user_id, course.id, version_id, since,
    )?)
}

/// Where an item comes in a worker's course list, by how their center handles it.
fn learning_order(mode: HandlingMode) -> u8 {
    match mode {
        HandlingMode::Proxy => 0,
        HandlingMode::Direct => 1,
        HandlingMode::NotDelegated => 2,
    }
}

#[get("/learn")]
pub async fn learn_catalog(
    req: HttpRequest,
    state: web::Data<AppState>,
    user: CurrentUser,
) -> AppResult<HttpResponse> {
    policy::authorize(&user.actor, Action::TakeCourses)?;
    let (user_id, now) = (user.actor.user_id, state.clock.now_naive());
    let center_id = user.actor.center_id;
    let lang = user.lang;
    let rows = state
        .db(move |conn| {
            // how the worker's own center handles each item: where it still has to pass
            // cases on (代办), this worker's certificate helps most, so those come first
            let modes: HashMap<String, (HandlingMode, u32)> = match center_id {
                Some(id) => {
                    let center = crate::store::centers::find(conn, id)?;
                    let cref = handling::CenterRef::from(&center);
                    handling::row(conn, &cref, crate::domain::cst::date_of(now))?
                        .into_iter()
                        .map(|d| {
                            let missing = d.cell.required.saturating_sub(d.cell.certified);
                            (d.item.code, (d.cell.mode, missing))
                        })
                        .collect()
                }
                None => HashMap::new(),
            };
            let mut out = Vec::new();
            for c in courses::catalog(conn, ItemScope::All)? {
                let (Some(course_id), Some(_)) = (c.course_id, c.published) else { continue };
                let Some(v) = courses::latest_published(conn, course_id)? else { continue };
                let course = courses::find(conn, course_id)?;
                let (h, _) = history_now(conn, user_id, &course, v.id, now)?;
                let percent = progress_percent(&h);
                let (mode, missing) = modes
                    .get(&c.item_code)
                    .copied()
                    .unwrap_or((HandlingMode::NotDelegated, 0));
                out.push((learning_order(mode), json!({
                    "course_id": course_id, "item_code": c.item_code, "item_seq": c.item_seq, "name": c.item_name,
                    "modules_done": h.modules_done, "modules_total": h.modules_total, "passed": h.passed, "percent": percent,
                    "mode": mode, "mode_label": mode.label_in(lang), "missing": missing,
                })));
            }
            // a stable sort keeps the catalog order within each group
            out.sort_by_key(|(order, _)| *order);
            Ok(out.into_iter().map(|(_, v)| v).collect::<Vec<_>>())
        })
        .await?;
    let (rows, pager) = paginate(
        rows,
        PageQuery::from_query_string(req.query_string()).request(),
    );
    page(
        &req,
        &state,
        "pages/learn/catalog",
        json!({ "courses": rows, "pager": pager }),
    )
}

/// The course and its current version, for a worker.
async fn current(state: &AppState, course_id: i32) -> AppResult<(CourseRow, VersionRow, String)> {
    state.db(move |conn| current_in(conn, course_id)).await
}

/// The course, its current published version and its item's name.
fn current_in(
    conn: &mut crate::db::DbConnection,
    course_id: i32,
) -> AppResult<(CourseRow, VersionRow, String)> {
    let course = courses::find(conn, course_id)?;
    let v = courses::latest_published(conn, course_id)?.ok_or(AppError::NotFound)?;
    let name: String = {
        use crate::db::schema::items;
        use diesel::prelude::*;
        items::table
            .find(course.item_id)
            .select(items::name)
            .first(conn)?
    };
    Ok((course, v, name))
}

#[get("/learn/{id}")]
pub async fn learn_course(
    req: HttpRequest,
    state: web::Data<AppState>,
    user: CurrentUser,
    id: web::Path<i32>,
) -> AppResult<HttpResponse> {
    policy::authorize(&user.actor, Action::TakeCourses)?;
    let (course, v, item_name) = current(&state, id.into_inner()).await?;
    let (user_id, now) = (user.actor.user_id, state.clock.now_naive());
    let settings = v.quiz();
    let rules = settings.clone();
    let vid = v.id;
    let course_id = course.id;
    let course_row = course.clone();
    let lang = user.lang;
    let (item_id, training_rules, today) = (
        course.item_id,
        state.settings.training_rules(),
        crate::domain::cst::date_of(now),
    );
    let data = state
        .db(move |conn| {
            use crate::store::certificates::CertScope;
            let gaps: Vec<String> = certificates::progress(conn, &training_rules, user_id, item_id, today)?
                .map(|p| p.gaps.iter().map(|g| g.message().in_lang(lang)).collect())
                .unwrap_or_default();
            let held = certificates::list(conn, CertScope::Holder(user_id), Some(item_id), None)?
                .into_iter()
                .find(|c| c.status == "active")
                .map(|c| {
                    let s = certificates::state_on(&c.status, &c.ends_on, today);
                    json!({ "id": c.id, "number": c.number, "ends_on": c.ends_on,
                            "refresher_due": c.refresher_due, "state": s, "state_label": s.label_in(lang) })
                });
            let done = attempts::done_hashes(conn, user_id, course_id)?;
            let mods: Vec<_> = courses::modules(conn, vid)?
                .into_iter()
                .map(|m| json!({ "position": m.position, "title": m.title, "minutes": m.minutes, "done": done.contains(&m.content_hash) }))
                .collect();
            let (h, list) = history_now(conn, user_id, &course_row, vid, now)?;
            let decision = may_start(&rules, &h, now);
            let open = list.iter().find(|a| a.is_open()).map(|a| a.id);
            Ok(json!({
                "modules": mods,
                "history": list,
                "open_attempt": open,
                "can_start": decision == StartDecision::Allowed,
                "blocked": decision.message().map(|m| m.in_lang(lang)),
                "used": h.used,
                "passed": h.passed,
                "progress": {
                    "percent": progress_percent(&h),
                    "modules_done": h.modules_done,
                    "modules_total": h.modules_total,
                },
                "gaps": gaps,
                "certificate": held,
            }))
        })
        .await?;
    let mut data = data;
    data["course"] = json!(course);
    data["item_name"] = json!(item_name);
    data["version"] = json!({ "number": v.number, "title": v.title, "quiz": settings });
    page(&req, &state, "pages/learn/course", data)
}

#[get("/learn/{id}/modules/{pos}")]
pub async fn learn_module(
    req: HttpRequest,
    state: web::Data<AppState>,
    user: CurrentUser,
    path: web::Path<(i32, i32)>,
) -> AppResult<HttpResponse> {
    policy::authorize(&user.actor, Action::TakeCourses)?;
    let (id, pos) = path.into_inner();
    let user_id = user.actor.user_id;
    let (course, item_name, m, total, done) = state
        .db(move |conn| {
            let (course, v, item_name) = current_in(conn, id)?;
            let mods = courses::modules(conn, v.id)?;
            let total = mods.len();
            let m = mods
                .into_iter()
                .find(|m| m.position == pos)
                .ok_or(AppError::NotFound)?;
            let done = attempts::done_hashes(conn, user_id, course.id)?.contains(&m.content_hash);
            Ok((course, item_name, m, total, done))
        })
        .await?;
    page(
        &req,
        &state,
        "pages/learn/module",
        json!({
            "course": course, "item_name": item_name, "position": pos, "total": total, "done": done,
            "title": m.title, "minutes": m.minutes, "html": to_safe_html(&m.body),
            "prev": (pos > 1).then(|| pos - 1), "next": ((pos as usize) < total).then(|| pos + 1),
        }),
    )
}

#[derive(Deserialize)]
pub struct Empty {}

#[post("/learn/{id}/modules/{pos}/done")]
pub async fn mark_done(
    state: web::Data<AppState>,
    user: CurrentUser,
    path: web::Path<(i32, i32)>,
    CsrfForm(_): CsrfForm<Empty>,
) -> AppResult<HttpResponse> {
    policy::authorize(&user.actor, Action::TakeCourses)?;
    let (id, pos) = path.into_inner();
    let (course, v, _) = current(&state, id).await?;
    let (vid, user_id, now, course_id) =
        (v.id, user.actor.user_id, state.clock.now_naive(), course.id);
    let rules = state.settings.training_rules();
    let (total, issued) = state
        .db(move |conn| {
            let mods = courses::modules(conn, vid)?;
            let m = mods
                .iter()
                .find(|m| m.position == pos)
                .ok_or(AppError::NotFound)?;
            let issued = attempts::mark_done(conn, &rules, user_id, course_id, m, now)?;
            Ok((mods.len() as i32, issued))
        })
        .await?;
    if issued.is_some() {
        certificate_notices(&state).await?;
    }
    let next = if pos < total {
        format!("/learn/{id}/modules/{}", pos + 1)
    } else {
        format!("/learn/{id}")
    };
    Ok(redirect(&next))
}

#[post("/learn/{id}/attempts")]
pub async fn start_attempt(
    state: web::Data<AppState>,
    user: CurrentUser,
    id: web::Path<i32>,
    CsrfForm(_): CsrfForm<Empty>,
) -> AppResult<HttpResponse> {
    policy::authorize(&user.actor, Action::TakeCourses)?;
    let (course, v, _) = current(&state, id.into_inner()).await?;
    let (user_id, now) = (user.actor.user_id, state.clock.now_naive());
    let attempt_id = state
        .db(move |conn| {
            let (h, list) = history_now(conn, user_id, &course, v.id, now)?;
            if let Some(open) = list.iter().find(|a| a.is_open()) {
                return Ok(open.id);
            }
            match may_start(&v.quiz(), &h, now).message() {
                Some(why) => Err(AppError::conflict(why)),
                None => attempts::start(conn, user_id, &v, now),
            }
        })
        .await?;
    Ok(redirect(&format!("/attempts/{attempt_id}")))
}

/// Items have courses only once published; a worker asking for an item goes to its course.
#[get("/items/{code}/learn")]
pub async fn item_course(
    state: web::Data<AppState>,
    user: CurrentUser,
    code: web::Path<String>,
) -> AppResult<HttpResponse> {
    policy::authorize(&user.actor, Action::TakeCourses)?;
    let code = code.into_inner();
    let course_id = state
        .db(move |conn| {
            let item = items::find_by_code(conn, &code)?.ok_or(AppError::NotFound)?;
            Ok(courses::course_for_item(conn, item.item.id)?
                .ok_or(AppError::NotFound)?
                .id)
        })
        .await?;
    Ok(redirect(&format!("/learn/{course_id}")))
}
