//! `/` and each role's home page, one file per role. Every home opens with the three
//! things its role must act on next (to-do cards with a count and a link, and a plain
//! "nothing to do" when the count is zero); the city-wide roles also see the plan's
//! progress per town.

mod admin;
mod manager;
mod orgdept;
mod trainer;
mod worker;

pub use admin::admin_home;
pub use manager::manager_home;
pub use orgdept::orgdept_home;
pub use trainer::trainer_home;
pub use worker::worker_home;

use std::collections::{HashMap, HashSet};

use actix_web::{get, HttpResponse};
use chrono::NaiveDate;
use serde_json::{json, Value};

use crate::domain::dashboard::Tally;
use crate::domain::handling::HandlingMode;
use crate::domain::plan::{deadlines, drops_soon, milestone};
use crate::error::AppResult;
use crate::policy::CenterScope;
use crate::store::{centers, handling};
use crate::web::render::redirect;
use crate::web::session::Visitor;

#[get("/")]
pub async fn root(visitor: Visitor) -> HttpResponse {
    match visitor.0.user {
        Some(u) => redirect(u.actor.role.home_path()),
        None => redirect("/login"),
    }
}

/// Per town: centers, zones and the 全科社工 serving there today.
pub fn town_summaries(conn: &mut crate::db::DbConnection) -> AppResult<Vec<Value>> {
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

/// How many names a card lists before "and N more".
pub(crate) const CARD_NAMES: usize = 5;

/// The first `CARD_NAMES` of a list and how many more there are.
pub(crate) fn first_names(names: Vec<String>) -> (Vec<String>, usize) {
    let more = names.len().saturating_sub(CARD_NAMES);
    (names.into_iter().take(CARD_NAMES).collect(), more)
}

/// The city's handling matrix read for the home pages: the plan's progress per town and
/// city-wide (pilot zones by the end of July, every center by the end of December), and
/// the centers where a directly handled item turns to 代办 within 30 days.
pub(crate) struct CityPlan {
    /// Per town in the plan's order: code, name, how many pilot zone centers it has,
    /// and the pilot and all-centers milestones.
    pub towns: Vec<Value>,
    pub pilot: Value,
    pub all: Value,
    /// Names of the centers about to lose 直办, in town order.
    pub losing: Vec<String>,
}

pub(crate) fn city_plan(
    conn: &mut crate::db::DbConnection,
    today: NaiveDate,
) -> AppResult<CityPlan> {
    let towns = centers::towns(conn)?;
    let pilots: HashSet<i32> = centers::list(conn, CenterScope::All, None)?
        .iter()
        .filter(|c| c.center.pilot)
        .map(|c| c.center.id)
        .collect();
    let refs = handling::center_refs(conn, None)?;
    let m = handling::matrix(conn, refs, true, today)?;
    let mut per_town: HashMap<i32, (Tally, Tally)> = HashMap::new();
    let mut pilot_centers: HashMap<i32, u32> = HashMap::new();
    let (mut city_pilot, mut city_all) = (Tally::default(), Tally::default());
    let mut losing = Vec::new();
    for (center, cells) in m.centers.iter().zip(&m.cells) {
        let (pilot, all) = per_town.entry(center.town_id).or_default();
        let is_pilot = pilots.contains(&center.id);
        if is_pilot {
            *pilot_centers.entry(center.town_id).or_default() += 1;
        }
        let mut drops = false;
        for cell in cells {
            all.add(cell.mode);
            city_all.add(cell.mode);
            if is_pilot {
                pilot.add(cell.mode);
                city_pilot.add(cell.mode);
            }
            drops |= cell.mode == HandlingMode::Direct && drops_soon(cell.direct_until, today);
        }
        if drops {
            losing.push(center.name.clone());
        }
    }
    let (pilot_due, all_due) = deadlines(today);
    let towns = towns
        .into_iter()
        .map(|t| {
            let (p, a) = per_town.get(&t.id).copied().unwrap_or_default();
            json!({
                "code": t.code,
                "name": t.name,
                "pilot_centers": pilot_centers.get(&t.id).copied().unwrap_or(0),
                "pilot": milestone(pilot_due, p.direct, p.taking, today),
                "all": milestone(all_due, a.direct, a.taking, today),
            })
        })
        .collect();
    Ok(CityPlan {
        towns,
        pilot: json!(milestone(
            pilot_due,
            city_pilot.direct,
            city_pilot.taking,
            today
        )),
        all: json!(milestone(all_due, city_all.direct, city_all.taking, today)),
        losing,
    })
}

impl CityPlan {
    /// What the `partials/plan_towns` template reads.
    pub(crate) fn progress_json(&self) -> Value {
        json!({ "towns": self.towns, "pilot": self.pilot, "all": self.all })
    }
}
