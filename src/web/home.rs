//! `/` and each role's home page. The dashboards hold what exists today and say plainly
//! which parts later releases add.

use actix_web::{get, web, HttpRequest, HttpResponse};
use serde_json::json;

use crate::domain::pagination::PageRequest;
use crate::domain::role::Role;
use crate::error::AppResult;
use crate::policy::{self, Action, CenterScope, ItemScope, UserScope};
use crate::store::items::ItemFilter;
use crate::store::{audit, centers, items, users};
use crate::web::render::{page, redirect};
use crate::web::session::{CurrentUser, Visitor};
use crate::web::state::AppState;

#[get("/")]
pub async fn root(visitor: Visitor) -> HttpResponse {
    match visitor.0.user {
        Some(u) => redirect(u.actor.role.home_path()),
        None => redirect("/login"),
    }
}

#[get("/admin")]
pub async fn admin_home(
    req: HttpRequest,
    state: web::Data<AppState>,
    user: CurrentUser,
) -> AppResult<HttpResponse> {
    policy::authorize(&user.actor, Action::ViewHome(Role::Admin))?;
    let data = state
        .db(|conn| {
            let all_items = items::count(conn, ItemScope::All, &ItemFilter::default())?;
            let common = items::count(
                conn,
                ItemScope::All,
                &ItemFilter {
                    common_only: true,
                    query: None,
                },
            )?;
            let centers_all = centers::list(conn, CenterScope::All, None)?;
            let zones = centers_all
                .iter()
                .filter(|c| c.center.level == "zone")
                .count();
            let pilots = centers_all.iter().filter(|c| c.center.pilot).count();
            let mut roles = Vec::new();
            for role in Role::ALL {
                roles.push(json!({
                    "label": crate::web::i18n::role_label(role.as_str()),
                    "count": users::count(conn, UserScope::All, Some(role))?,
                }));
            }
            let recent = audit::list(
                conn,
                &audit::AuditFilter::default(),
                PageRequest::new(Some(1), 5),
            )?;
            Ok(json!({
                "items_total": all_items,
                "items_common": common,
                "towns": centers::towns(conn)?.len(),
                "centers_total": centers_all.len(),
                "zones": zones,
                "pilots": pilots,
                "roles": roles,
                "recent": recent,
            }))
        })
        .await?;
    page(&req, &state, "pages/home/admin", data)
}

#[get("/trainer")]
pub async fn trainer_home(
    req: HttpRequest,
    state: web::Data<AppState>,
    user: CurrentUser,
) -> AppResult<HttpResponse> {
    policy::authorize(&user.actor, Action::ViewHome(Role::Trainer))?;
    let scope = policy::item_scope(&user.actor);
    let data = state
        .db(move |conn| {
            let mine = items::list(conn, scope, &ItemFilter::default(), Some(PageRequest::new(Some(1), 100)))?;
            Ok(json!({ "items": mine, "count": items::count(conn, scope, &ItemFilter::default())? }))
        })
        .await?;
    page(&req, &state, "pages/home/trainer", data)
}

#[get("/manager")]
pub async fn manager_home(
    req: HttpRequest,
    state: web::Data<AppState>,
    user: CurrentUser,
) -> AppResult<HttpResponse> {
    policy::authorize(&user.actor, Action::ViewHome(Role::Manager))?;
    let scope = policy::center_scope(&user.actor);
    let people = policy::user_scope(&user.actor);
    let town_id = user.actor.town_id;
    let rules = state.settings.training_rules();
    let today = crate::domain::cst::date_of(state.clock.now_naive());
    let data = state
        .db(move |conn| {
            let list = centers::list(conn, scope, None)?;
            let town = match town_id {
                Some(id) => Some(centers::town(conn, id)?),
                None => None,
            };
            let todo = match town_id {
                Some(id) => manager_todo(conn, id, &list, &rules, today)?,
                None => json!(null),
            };
            Ok(json!({
                "centers": list,
                "town": town,
                "workers": users::count(conn, people, Some(Role::Worker))?,
                "todo": todo,
            }))
        })
        .await?;
    page(&req, &state, "pages/home/manager", data)
}

/// What a worker must act on next: the next session, open make-ups, and certificates
/// that end within the reminder window.
fn worker_todo(
    conn: &mut crate::db::DbConnection,
    user_id: i32,
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
    let ending: Vec<serde_json::Value> = crate::store::certificates::list(
        conn,
        crate::store::certificates::CertScope::Holder(user_id),
        None,
        None,
    )?
    .into_iter()
    .filter(|c| {
        crate::store::certificates::state_on(&c.status, &c.ends_on, today) == CertState::Expiring
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

/// What a town manager must act on next (leave to decide, overdue report-backs, centers
/// about to lose direct handling) and the town's progress towards the plan's deadlines.
fn manager_todo(
    conn: &mut crate::db::DbConnection,
    town_id: i32,
    list: &[centers::CenterView],
    rules: &crate::domain::training::TrainingRules,
    today: chrono::NaiveDate,
) -> AppResult<serde_json::Value> {
    use crate::domain::handling::HandlingMode;
    use crate::domain::plan::{deadlines, drops_soon, milestone};
    use crate::domain::training::report_back_overdue;
    use crate::store::{handling, training};
    let leaves = training::leaves_in_town(conn, Some(town_id))?;
    let to_decide = leaves
        .iter()
        .filter(|(l, _, _)| l.status == "pending")
        .count();
    let overdue = leaves
        .iter()
        .filter(|(l, _, _)| {
            l.status == "approved"
                && l.ends().is_some_and(|e| {
                    report_back_overdue(rules, e, l.reported_back_at.is_some(), today)
                })
        })
        .count();
    let refs = handling::center_refs(conn, Some(town_id))?;
    let m = handling::matrix(conn, refs, false, today)?;
    let pilot: std::collections::HashSet<i32> = list
        .iter()
        .filter(|c| c.center.pilot)
        .map(|c| c.center.id)
        .collect();
    let (mut all, mut pilots) = ((0, 0), (0, 0));
    let mut losing = std::collections::BTreeSet::new();
    for (center, cells) in m.centers.iter().zip(&m.cells) {
        for cell in cells {
            let (direct, taking) = match cell.mode {
                HandlingMode::Direct => (1, 1),
                HandlingMode::Proxy => (0, 1),
                HandlingMode::NotDelegated => (0, 0),
            };
            all = (all.0 + direct, all.1 + taking);
            if pilot.contains(&center.id) {
                pilots = (pilots.0 + direct, pilots.1 + taking);
            }
            if cell.mode == HandlingMode::Direct && drops_soon(cell.direct_until, today) {
                losing.insert(center.name.clone());
            }
        }
    }
    let (pilot_due, all_due) = deadlines(today);
    Ok(json!({
        "to_decide": to_decide,
        "overdue": overdue,
        "losing_count": losing.len(),
        "losing": losing.into_iter().collect::<Vec<_>>(),
        "pilot": milestone(pilot_due, pilots.0, pilots.1, today),
        "all": milestone(all_due, all.0, all.1, today),
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
    let rules = state.settings.training_rules();
    let now = state.clock.now_naive();
    let data = state
        .db(move |conn| {
            use crate::store::certificates::{self, CertScope};
            let certificates: Vec<serde_json::Value> = certificates::list(
                conn,
                CertScope::Holder(user_id),
                None,
                Some(crate::domain::pagination::PageRequest::new(Some(1), 50)),
            )?
            .iter()
            .filter(|c| c.status == "active")
            .map(|c| crate::web::certificates::listing_json(c, &st))
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
            let todo = worker_todo(conn, user_id, &rules, now)?;
            Ok(json!({
                "center": center, "town": town, "common_items": common,
                "certificates": certificates, "todo": todo,
            }))
        })
        .await?;
    page(&req, &state, "pages/home/worker", data)
}

#[get("/orgdept")]
pub async fn orgdept_home(
    req: HttpRequest,
    state: web::Data<AppState>,
    user: CurrentUser,
) -> AppResult<HttpResponse> {
    policy::authorize(&user.actor, Action::ViewHome(Role::Orgdept))?;
    let data = state
        .db(|conn| {
            let pending = crate::store::transfers::list(
                conn,
                None,
                Some(crate::domain::transfer::TransferStatus::Pending),
                crate::domain::pagination::PageRequest::new(None, 1),
            )?
            .0;
            Ok(json!({ "towns": town_summaries(conn)?, "pending": pending }))
        })
        .await?;
    page(&req, &state, "pages/home/orgdept", data)
}

/// Per town: centers, zones and the 全科社工 serving there today.
pub fn town_summaries(conn: &mut crate::db::DbConnection) -> AppResult<Vec<serde_json::Value>> {
    let all = centers::list(conn, CenterScope::All, None)?;
    Ok(centers::towns(conn)?
        .into_iter()
        .map(|t| {
            let mine: Vec<_> = all.iter().filter(|c| c.center.town_id == t.id).collect();
            json!({
                "code": t.code,
                "name": t.name,
                "centers": mine.len(),
                "zones": mine.iter().filter(|c| c.center.level == "zone").count(),
                "workers": mine.iter().map(|c| c.workers).sum::<i64>(),
            })
        })
        .collect())
}
