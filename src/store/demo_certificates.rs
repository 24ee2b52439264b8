//! Demo data for certificates and handling modes: some demo workers complete some courses
//! (modules read, a passed attempt) and are certified by the real rule, and each demo town
//! picks items for its zones. Runs once, when there are no certificates yet.

use chrono::{Duration, NaiveDateTime};
use diesel::prelude::*;

use crate::db::schema::{attempts, centers, certificates, module_progress, users};
use crate::db::{write_transaction, DbConnection};
use crate::domain::training::TrainingRules;
use crate::error::AppResult;
use crate::store::handling::{catalog_items, set_zone_selection};
use crate::store::{centers as center_store, certificates as cert_store, courses};

/// Records what a worker does to complete a course (every module read, a passed attempt
/// started 20 minutes before `now`) without asking the rule. Demo data and tests use it.
pub fn record_completion(
    conn: &mut DbConnection,
    user_id: i32,
    item_id: i32,
    now: NaiveDateTime,
) -> AppResult<()> {
    let Some(course) = courses::course_for_item(conn, item_id)? else {
        return Ok(());
    };
    let Some(v) = courses::latest_published(conn, course.id)? else {
        return Ok(());
    };
    for m in courses::modules(conn, v.id)? {
        diesel::insert_into(module_progress::table)
            .values((
                module_progress::user_id.eq(user_id),
                module_progress::course_id.eq(course.id),
                module_progress::content_hash.eq(&m.content_hash),
                module_progress::completed_at.eq(now),
            ))
            .execute(conn)?;
    }
    diesel::insert_into(attempts::table)
        .values((
            attempts::user_id.eq(user_id),
            attempts::version_id.eq(v.id),
            attempts::number.eq(1),
            attempts::status.eq("finished"),
            attempts::started_at.eq(now - Duration::minutes(20)),
            attempts::deadline.eq(now),
            attempts::finished_at.eq(Some(now - Duration::minutes(5))),
            attempts::points.eq(Some(9.0)),
            attempts::max_points.eq(10.0),
            attempts::percent.eq(Some(90.0)),
            attempts::passed.eq(Some(true)),
        ))
        .execute(conn)?;
    Ok(())
}

pub fn load(conn: &mut DbConnection, rules: &TrainingRules, now: NaiveDateTime) -> AppResult<()> {
    write_transaction(conn, |conn| {
        let any: i64 = certificates::table.count().get_result(conn)?;
        if any > 0 {
            return Ok(());
        }
        let workers: Vec<(i32, String)> = users::table
            .inner_join(centers::table)
            .filter(users::demo.eq(true))
            .filter(users::role.eq("worker"))
            .select((users::id, centers::level))
            .order(users::id.asc())
            .load(conn)?;
        let items: Vec<i32> = catalog_items(conn)?
            .into_iter()
            .filter(|i| i.delegated)
            .map(|i| i.id)
            .collect();
        let admin = crate::store::users::find_by_username(conn, "admin")?.map(|u| u.id);
        // each town hands its first items down to its zones; the last town too few
        let towns = center_store::towns(conn)?;
        for (n, t) in towns.iter().enumerate() {
            let count = if n + 1 == towns.len() { 3 } else { 5 + n % 4 };
            if let Some(admin) = admin {
                set_zone_selection(conn, t.id, &items[..count.min(items.len())], admin, now)?;
            }
        }
        // a spread of certificates: town-center workers on about a third of the items,
        // zone workers on the first few, so both 直办 and 代办 show up
        for (k, (user_id, level)) in workers.iter().enumerate() {
            for (j, &item_id) in items.iter().enumerate() {
                let certified = if level == "town" {
                    (j * 5 + k) % 4 < 2 && j < 24
                } else {
                    j < 6 && (j + k) % 2 == 0
                };
                if certified {
                    // some certificates were issued almost two years ago and expire soon
                    let when = if (j + k) % 7 == 0 {
                        now - Duration::days(700)
                    } else {
                        now
                    };
                    record_completion(conn, *user_id, item_id, when)?;
                    cert_store::try_issue(conn, rules, *user_id, item_id, when)?;
                }
            }
        }
        // demo people need no congratulation mail
        diesel::update(certificates::table.filter(certificates::notified_at.is_null()))
            .set(certificates::notified_at.eq(Some(now)))
            .execute(conn)?;
        Ok(())
    })
}
