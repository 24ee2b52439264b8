//! `/worker`: the next session, open make-ups and certificates ending soon.

use actix_web::{get, web, HttpRequest, HttpResponse};
use serde_json::json;

use crate::domain::role::Role;
use crate::error::AppResult;
use crate::policy::{self, Action, ItemScope};
use crate::store::items::ItemFilter;
use crate::store::{centers, items};
use crate::web::render::page;
use crate::web::session::CurrentUser;
use crate::web::state::AppState;

/// What a worker must act on next: the next session, open make-ups, and certificates
/// that end within the reminder window.
fn worker_todo(
    conn: &mut crate::db::DbConnection,
    user_id: i32,
    held: &[crate::store::certificates::CertListing],
    rules: &crate::domain::training::TrainingRules,
    now: chrono::NaiveDateTime,
) -> AppResult<serde_json::Value> {
    use crate::db::schema::{enrolments, training_sessions};
    use crate::domain::certification::CertState;
    use diesel::prelude::*;
    let today = crate::domain::cst::date_of(now);
    let next: Option<(i32, String, chrono::NaiveDateTime)> = enrolments::table
        .inner_join(training_sessions::table)
        .filter(enrolments::user_id.eq(user_id))
        .filter(training_sessions::status.eq("scheduled"))
        .filter(training_sessions::ends_at.gt(now))
        .select((
            training_sessions::id,
            training_sessions::title,
            training_sessions::starts_at,
        ))
        .order(training_sessions::starts_at.asc())
        .first(conn)
        .optional()?;
    let makeups: u32 = crate::store::training::standings(conn, rules, &[user_id])?
        .values()
        .map(|s| s.open_makeups)
        .sum();
    let ending: Vec<serde_json::Value> = held
        .iter()
        .filter(|c| {
            crate::store::certificates::state_on(&c.status, &c.ends_on, today)
                == CertState::Expiring
        })
        .map(|c| json!({ "id": c.id, "item": c.item_name, "ends_on": c.ends_on }))
        .collect();
    Ok(json!({
        "next": next.map(|(id, title, at)| json!({
            "id": id, "title": title, "at": crate::domain::cst::show(at),
        })),
        "makeups": makeups,
        "ending": ending,
    }))
}

#[get("/worker")]
pub async fn worker_home(
    req: HttpRequest,
    state: web::Data<AppState>,
    user: CurrentUser,
) -> AppResult<HttpResponse> {
    policy::authorize(&user.actor, Action::ViewHome(Role::Worker))?;
    let (center_id, user_id) = (user.actor.center_id, user.actor.user_id);
    let st = state.clone();
    let lang = user.lang;
    let rules = state.settings.training_rules();
    let now = state.clock.now_naive();
    let data = state
        .db(move |conn| {
            use crate::store::certificates::{self, CertScope};
            // every certificate the worker holds, read once for the list and the to-do card
            let held = certificates::list(conn, CertScope::Holder(user_id), None, None)?;
            let certificates: Vec<serde_json::Value> = held
                .iter()
                .filter(|c| c.status == "active")
                .take(50)
                .map(|c| crate::web::certificates::listing_json_in(c, &st, lang))
                .collect();
            let center = match center_id {
                Some(id) => Some(centers::find(conn, id)?),
                None => None,
            };
            let town = match &center {
                Some(c) => Some(centers::town(conn, c.town_id)?),
                None => None,
            };
            let common = items::count(
                conn,
                ItemScope::All,
                &ItemFilter {
                    common_only: true,
                    query: None,
                },
            )?;
            let todo = worker_todo(conn, user_id, &held, &rules, now)?;
            Ok(json!({
                "center": center, "town": town, "common_items": common,
                "certificates": certificates, "todo": todo,
            }))
        })
        .await?;
    page(&req, &state, "pages/home/worker", data)
}
