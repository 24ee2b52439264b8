//! `/manager`: leave to decide, overdue report-backs and centers about to lose direct
//! handling in the manager's own town, with the town's progress towards the plan.

use actix_web::{get, web, HttpRequest, HttpResponse};
use serde_json::json;

use crate::domain::dashboard::Tally;
use crate::domain::role::Role;
use crate::error::AppResult;
use crate::policy::{self, Action};
use crate::store::{centers, users};
use crate::web::render::page;
use crate::web::session::CurrentUser;
use crate::web::state::AppState;

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
    let leaves = training::open_leaves_in_town(conn, Some(town_id))?;
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
    let (mut all, mut pilots) = (Tally::default(), Tally::default());
    let mut losing = std::collections::BTreeSet::new();
    for (center, cells) in m.centers.iter().zip(&m.cells) {
        for cell in cells {
            all.add(cell.mode);
            if pilot.contains(&center.id) {
                pilots.add(cell.mode);
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
        "pilot": milestone(pilot_due, pilots.direct, pilots.taking, today),
        "all": milestone(all_due, all.direct, all.taking, today),
    }))
}
