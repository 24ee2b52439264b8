//! The supervision figures: the stability report of a period and the monthly bulletin
//! (督查通报). Everything about the past is read from the effective-dated history (the
//! roster on a day, the certificates standing that day, the zone selection logged by
//! then), never from today's `users` columns; a fact about a worker (an absence, a leave,
//! a certificate) counts at the center the worker belonged to on the day of the fact.
//!
//! This module holds what both reports read: where every worker was on a day
//! (`Places`), the enrolments and late report-backs of a period, and user names. The
//! stability report is in `stability.rs`, the bulletin in `bulletin.rs`.

mod bulletin;
mod stability;

pub use bulletin::{changes, month, CenterStaffing, Month, TownChanges, TownMonth};
pub use stability::{
    scope_by_code, stability, Fact, Figures, Metric, Scope, Stability, StabilityRow,
};

use std::collections::{BTreeSet, HashMap, HashSet};

use chrono::{Duration, NaiveDate, NaiveDateTime};
use diesel::prelude::*;

use crate::db::schema::{assignments, centers, enrolments, leaves, training_sessions, users};
use crate::db::DbConnection;
use crate::domain::cst;
use crate::domain::handling::Level;
use crate::domain::staffing::{center_on, report_back_late, Posting, Stint};
use crate::domain::training::{report_back_due, TrainingRules};
use crate::store::centers::Town;
use crate::store::handling::{self, CenterRef};
use crate::store::training::LeaveRow;

/// The UTC instants of the Beijing days `from..=to`, as a half-open range.
fn utc_range(from: NaiveDate, to: NaiveDate) -> (NaiveDateTime, NaiveDateTime) {
    (cst::day_start(from), cst::day_start(to + Duration::days(1)))
}

fn within(day: NaiveDate, from: NaiveDate, to: NaiveDate) -> bool {
    from <= day && day <= to
}

/// Where things are: the towns in order, the centers that existed by a day (town
/// centers first, then their zones), and every worker's history.
struct Places {
    towns: Vec<Town>,
    centers: Vec<CenterRef>,
    town_of: HashMap<i32, i32>,
    names: HashMap<i32, String>,
    history: HashMap<i32, Vec<Stint>>,
    /// Today's center of workers without any history row (loaded before history began).
    fallback: HashMap<i32, i32>,
}

impl Places {
    /// Zones made after `by` are left out: they did not exist yet, unless the roster
    /// history already places someone there by then (staff recorded from before the zone's
    /// row was made). Town centers come from the plan and always count, whenever their row
    /// was loaded.
    fn load(conn: &mut DbConnection, by: NaiveDate) -> QueryResult<Places> {
        let towns = crate::store::centers::towns(conn)?;
        let created: HashMap<i32, NaiveDateTime> = centers::table
            .select((centers::id, centers::created_at))
            .load::<(i32, NaiveDateTime)>(conn)?
            .into_iter()
            .collect();
        let seq: HashMap<i32, i32> = towns.iter().map(|t| (t.id, t.seq)).collect();
        let mut history: HashMap<i32, Vec<Stint>> = HashMap::new();
        for (user, center, posting, from, to) in assignments::table
            .select((
                assignments::user_id,
                assignments::center_id,
                assignments::posting,
                assignments::valid_from,
                assignments::valid_to,
            ))
            .load::<(i32, i32, String, String, Option<String>)>(conn)?
        {
            let Ok(valid_from) = from.parse() else {
                continue;
            };
            history.entry(user).or_default().push(Stint {
                center_id: center,
                posting: Posting::parse(&posting).unwrap_or(Posting::Serving),
                valid_from,
                valid_to: to.and_then(|t| t.parse().ok()),
            });
        }
        let staffed_by: HashSet<i32> = history
            .values()
            .flatten()
            .filter(|s| s.valid_from <= by)
            .map(|s| s.center_id)
            .collect();
        let mut all = handling::center_refs(conn, None)?;
        all.retain(|c| {
            c.level() == Level::Town
                || staffed_by.contains(&c.id)
                || created.get(&c.id).is_none_or(|at| cst::date_of(*at) <= by)
        });
        all.sort_by_key(|c| (seq.get(&c.town_id).copied().unwrap_or(i32::MAX), c.town_id));
        let fallback = users::table
            .filter(users::role.eq("worker"))
            .filter(users::center_id.is_not_null())
            .select((users::id, users::center_id.assume_not_null()))
            .load::<(i32, i32)>(conn)?
            .into_iter()
            .filter(|(u, _)| !history.contains_key(u))
            .collect();
        Ok(Places {
            town_of: all.iter().map(|c| (c.id, c.town_id)).collect(),
            names: all.iter().map(|c| (c.id, c.name.clone())).collect(),
            centers: all,
            towns,
            history,
            fallback,
        })
    }

    /// The center a fact about a worker on a day counts at, if it still exists.
    fn center_of(&self, user: i32, on: NaiveDate) -> Option<i32> {
        let c = match self.history.get(&user) {
            Some(h) => center_on(h, on),
            None => self.fallback.get(&user).copied(),
        }?;
        self.town_of.contains_key(&c).then_some(c)
    }

    fn known(&self, center: i32) -> bool {
        self.town_of.contains_key(&center)
    }

    fn center_name(&self, center: i32) -> String {
        self.names.get(&center).cloned().unwrap_or_default()
    }
}

/// Enrolments in sessions that were not cancelled, starting within a UTC range.
struct Enrolment {
    user_id: i32,
    status: String,
    starts_at: NaiveDateTime,
    required: bool,
    title: String,
}

fn enrolments_between(
    conn: &mut DbConnection,
    start: NaiveDateTime,
    end: NaiveDateTime,
    only_absent: bool,
) -> QueryResult<Vec<Enrolment>> {
    let mut q = enrolments::table
        .inner_join(training_sessions::table)
        .filter(training_sessions::status.ne("cancelled"))
        .filter(training_sessions::starts_at.ge(start))
        .filter(training_sessions::starts_at.lt(end))
        .select((
            enrolments::user_id,
            enrolments::status,
            training_sessions::starts_at,
            training_sessions::required,
            training_sessions::title,
        ))
        .into_boxed();
    if only_absent {
        q = q.filter(enrolments::status.eq("absent"));
    }
    Ok(q.load::<(i32, String, NaiveDateTime, bool, String)>(conn)?
        .into_iter()
        .map(|(user_id, status, starts_at, required, title)| Enrolment {
            user_id,
            status,
            starts_at,
            required,
            title,
        })
        .collect())
}

/// Approved leaves whose report-back fell due from `from` to `to` and came late (or not
/// at all) by `today`: (leave, due day, day reported back).
fn late_report_backs(
    conn: &mut DbConnection,
    rules: &TrainingRules,
    from: NaiveDate,
    to: NaiveDate,
    today: NaiveDate,
) -> QueryResult<Vec<(LeaveRow, NaiveDate, Option<NaiveDate>)>> {
    // due = ends_on + the report-back days, so the leaves ending in this window
    let lead = report_back_due(rules, from) - from;
    let rows: Vec<LeaveRow> = leaves::table
        .filter(leaves::status.eq("approved"))
        .filter(leaves::ends_on.ge((from - lead).to_string()))
        .filter(leaves::ends_on.le((to - lead).to_string()))
        .select(LeaveRow::as_select())
        .load(conn)?;
    Ok(rows
        .into_iter()
        .filter_map(|l| {
            let due = report_back_due(rules, l.ends()?);
            let reported = l.reported_back_at.map(cst::date_of);
            (within(due, from, to) && report_back_late(due, reported, today))
                .then_some((l, due, reported))
        })
        .collect())
}

/// Names and usernames of some users.
pub fn user_names(
    conn: &mut DbConnection,
    ids: &[i32],
) -> QueryResult<HashMap<i32, (String, String)>> {
    let mut out = HashMap::new();
    let ids: BTreeSet<i32> = ids.iter().copied().collect();
    let ids: Vec<i32> = ids.into_iter().collect();
    for chunk in ids.chunks(900) {
        for (id, name, username) in users::table
            .filter(users::id.eq_any(chunk.to_vec()))
            .select((users::id, users::display_name, users::username))
            .load::<(i32, String, String)>(conn)?
        {
            out.insert(id, (name, username));
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn beijing_days_as_utc_ranges() {
        let d = |s: &str| s.parse::<NaiveDate>().unwrap();
        let (start, end) = utc_range(d("2026-11-01"), d("2026-11-30"));
        assert_eq!(start.to_string(), "2026-10-31 16:00:00");
        assert_eq!(end.to_string(), "2026-11-30 16:00:00");
        assert_eq!(cst::date_of(start), d("2026-11-01"));
        assert_eq!(cst::date_of(start - Duration::seconds(1)), d("2026-10-31"));
        assert_eq!(cst::date_of(end - Duration::seconds(1)), d("2026-11-30"));
        assert_eq!(cst::date_of(end), d("2026-12-01"));
    }
}
