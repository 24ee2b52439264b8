//! `/orgdept`: transfer requests to decide (oldest first, with how long they have
//! waited), centers below the one-stop-window minimums, and staff stability warnings
//! (secondments ending within 30 days, departures this month); then the plan's progress
//! per town. The organization department sees the whole city.

use actix_web::{get, web, HttpRequest, HttpResponse};
use chrono::{Duration, NaiveDate};
use serde_json::{json, Value};

use super::{city_plan, town_summaries};
use crate::domain::cst;
use crate::domain::dashboard::{days_waiting, secondment_ends_soon};
use crate::domain::pagination::PageRequest;
use crate::domain::plan::SOON_DAYS;
use crate::domain::role::Role;
use crate::domain::staffing::default_period;
use crate::domain::training::TrainingRules;
use crate::domain::transfer::TransferStatus;
use crate::error::AppResult;
use crate::policy::{self, Action};
use crate::store::supervision::{self, Metric, Scope};
use crate::store::{dashboards, transfers};
use crate::web::render::page;
use crate::web::session::CurrentUser;
use crate::web::state::AppState;

/// How many pending requests the card lists.
const OLDEST: i64 = 3;

#[get("/orgdept")]
pub async fn orgdept_home(
    req: HttpRequest,
    state: web::Data<AppState>,
    user: CurrentUser,
) -> AppResult<HttpResponse> {
    policy::authorize(&user.actor, Action::ViewHome(Role::Orgdept))?;
    let rules = state.settings.training_rules();
    let today = cst::date_of(state.clock.now_naive());
    let data = state
        .db(move |conn| {
            let plan = city_plan(conn, today)?;
            Ok(json!({
                "towns": town_summaries(conn)?,
                "todo": orgdept_todo(conn, &rules, today)?,
                "plan": plan.progress_json(),
            }))
        })
        .await?;
    page(&req, &state, "pages/home/orgdept", data)
}

fn orgdept_todo(
    conn: &mut crate::db::DbConnection,
    rules: &TrainingRules,
    today: NaiveDate,
) -> AppResult<Value> {
    // transfer requests waiting for a decision, oldest first
    let pending = transfers::list(
        conn,
        None,
        Some(TransferStatus::Pending),
        PageRequest::new(None, 1),
    )?
    .0;
    let oldest: Vec<Value> = dashboards::oldest_pending_transfers(conn, OLDEST)?
        .into_iter()
        .map(|t| {
            json!({
                "id": t.id, "worker": t.worker, "center": t.from_center, "kind": t.kind,
                "days": days_waiting(cst::date_of(t.requested_at), today),
            })
        })
        .collect();

    // this month's stability figures: today's window staffing and the departures so far
    let (from, _) = default_period(today);
    let s = supervision::stability(conn, rules, from, today, today)?;
    let mut short = Vec::new();
    let mut town_code = String::new();
    let mut first_town = None;
    for r in s.rows() {
        if r.is_town {
            town_code = r.code.clone();
        } else if !r.is_city && !r.figures.compliant {
            first_town.get_or_insert_with(|| town_code.clone());
            short.push(json!({ "name": r.name, "shortfall": r.figures.shortfall }));
        }
    }
    let short_count = short.len();
    short.truncate(super::CARD_NAMES);

    let departed: Vec<(i32, Option<NaiveDate>)> = s
        .people(Scope::City, Metric::Departures)
        .iter()
        .map(|f| (f.user_id, f.on))
        .collect();
    let names =
        supervision::user_names(conn, &departed.iter().map(|(u, _)| *u).collect::<Vec<_>>())?;
    let departure_count = departed.len();
    let departure_names: Vec<Value> = departed
        .iter()
        .take(super::CARD_NAMES)
        .map(|(u, on)| {
            let name = names.get(u).map(|n| n.0.clone()).unwrap_or_default();
            json!({ "name": name, "on": on.map(|d| d.to_string()) })
        })
        .collect();
    let more_departures = departure_count.saturating_sub(super::CARD_NAMES);
    let ending: Vec<_> =
        dashboards::secondments_ending(conn, today, today + Duration::days(SOON_DAYS))?
            .into_iter()
            .filter(|e| {
                e.ends_on
                    .parse()
                    .is_ok_and(|d| secondment_ends_soon(d, today))
            })
            .collect();
    let ending_count = ending.len();
    let ending: Vec<Value> = ending
        .into_iter()
        .take(super::CARD_NAMES)
        .map(|e| json!({ "worker": e.worker, "center": e.center, "ends_on": e.ends_on }))
        .collect();

    Ok(json!({
        "pending": pending,
        "oldest": oldest,
        "more_pending": (pending - oldest.len() as i64).max(0),
        "short": short,
        "short_count": short_count,
        "more_short": short_count.saturating_sub(super::CARD_NAMES),
        "short_town": first_town,
        "stability": ending_count + departure_count,
        "ending": ending,
        "ending_count": ending_count,
        "more_ending": ending_count.saturating_sub(super::CARD_NAMES),
        "departures": departure_count,
        "departure_names": departure_names,
        "more_departures": more_departures,
        "month": from.format("%Y-%m").to_string(),
    }))
}
