//! Certificates: issued automatically, inside the transaction of the event that completed
//! the course (a module read, a quiz passed, a session attended); revoked by the bureau;
//! refreshed after a major course version.

use chrono::{Duration, NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use serde::Serialize;

use crate::db::schema::{
    attempts, centers, certificates, course_versions, items, session_items, users,
};
use crate::db::{write_transaction, DbConnection};
use crate::domain::certification::{
    certificate_number, day_number, ends_on, fresh_after, gaps, needs_certificate, state,
    valid_until, CertState, Evidence, Gap, Held, Latest, REMINDER_DAYS,
};
use crate::domain::cst;
use crate::domain::pagination::PageRequest;
use crate::domain::training::TrainingRules;
use crate::error::{AppError, AppResult};
use crate::i18n::Msg;
use crate::security::token;
use crate::store::courses::{self, VersionRow};
use crate::store::{attempts as attempt_store, audit, training};

#[derive(Debug, Clone, Serialize, Queryable, Selectable)]
#[diesel(table_name = certificates)]
pub struct CertRow {
    pub id: i32,
    pub number: String,
    pub code: String,
    pub user_id: i32,
    pub item_id: i32,
    pub version_id: i32,
    pub status: String,
    pub issued_on: String,
    pub valid_until: String,
    pub refresher_due: Option<String>,
    pub ends_on: String,
    pub ends_day: i32,
    pub issued_at: NaiveDateTime,
    pub revoked_at: Option<NaiveDateTime>,
    pub revoked_by: Option<i32>,
    pub revoke_reason: String,
    pub notified_at: Option<NaiveDateTime>,
    pub reminded_days: Option<i32>,
}

/// Reads a stored `YYYY-MM-DD` day. Dates are written by this module only; anything else
/// reads as the earliest day, so a damaged row counts as expired rather than valid.
/// Hand-rolled because the handling matrix reads hundreds of thousands of them.
pub fn parse_day(s: &str) -> NaiveDate {
    let b = s.as_bytes();
    let num = |r: std::ops::Range<usize>| -> Option<u32> {
        b.get(r)?.iter().try_fold(0u32, |acc, c| {
            c.is_ascii_digit().then(|| acc * 10 + u32::from(c - b'0'))
        })
    };
    (|| {
        if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
            return None;
        }
        NaiveDate::from_ymd_opt(num(0..4)? as i32, num(5..7)?, num(8..10)?)
    })()
    .unwrap_or(NaiveDate::MIN)
}

/// A certificate's state from its stored status and last day.
pub fn state_on(status: &str, ends_on: &str, today: NaiveDate) -> CertState {
    state(status, parse_day(ends_on), today)
}

impl CertRow {
    pub fn last_day(&self) -> NaiveDate {
        parse_day(&self.ends_on)
    }
    pub fn state(&self, today: NaiveDate) -> CertState {
        state(&self.status, self.last_day(), today)
    }
}

pub fn find(conn: &mut DbConnection, id: i32) -> QueryResult<CertRow> {
    certificates::table
        .find(id)
        .select(CertRow::as_select())
        .first(conn)
}

pub fn find_by_code(conn: &mut DbConnection, code: &str) -> QueryResult<Option<CertRow>> {
    certificates::table
        .filter(certificates::code.eq(code))
        .select(CertRow::as_select())
        .first(conn)
        .optional()
}

/// The number of the version that starts the current major line: the newest version
/// published as a major change, or the first one.
fn major_line_start(versions: &[VersionRow]) -> i32 {
    versions
        .iter()
        .filter(|v| !v.is_draft())
        .filter(|v| v.change_kind.as_deref() == Some("major") || v.number == Some(1))
        .filter_map(|v| v.number)
        .max()
        .unwrap_or(1)
}

/// The worker's latest certificate for an item, as the freshness rule needs it.
fn latest(conn: &mut DbConnection, user_id: i32, item_id: i32) -> QueryResult<Option<Latest>> {
    let row: Option<(CertRow, Option<i32>)> = certificates::table
        .inner_join(course_versions::table)
        .filter(certificates::user_id.eq(user_id))
        .filter(certificates::item_id.eq(item_id))
        .select((CertRow::as_select(), course_versions::number))
        .order(certificates::id.desc())
        .first(conn)
        .optional()?;
    Ok(row.map(|(c, n)| Latest {
        held: (c.status == "active").then(|| Held {
            version_number: n.unwrap_or(0),
            ends_on: c.last_day(),
        }),
        issued_at: c.issued_at,
        revoked_at: c.revoked_at,
    }))
}

/// The item's course and all its versions, if it has a course.
fn course_versions_of(
    conn: &mut DbConnection,
    item_id: i32,
) -> QueryResult<Option<(i32, Vec<VersionRow>)>> {
    let Some(course) = courses::course_for_item(conn, item_id)? else {
        return Ok(None);
    };
    Ok(Some((course.id, courses::versions(conn, course.id)?)))
}

/// Attempts started after this moment are the ones that count (see `fresh_after`).
pub fn attempts_count_after(
    conn: &mut DbConnection,
    user_id: i32,
    item_id: i32,
    today: NaiveDate,
) -> AppResult<Option<NaiveDateTime>> {
    let Some((_, versions)) = course_versions_of(conn, item_id)? else {
        return Ok(None);
    };
    Ok(fresh_after(
        latest(conn, user_id, item_id)?,
        major_line_start(&versions),
        today,
    ))
}

/// Where a worker stands on an item's current course version.
#[derive(Debug, Clone)]
pub struct Progress {
    pub version: VersionRow,
    pub major_line: i32,
    pub gaps: Vec<Gap>,
}

/// The evidence for one worker and item; None when the item has no published course.
pub fn progress(
    conn: &mut DbConnection,
    rules: &TrainingRules,
    user_id: i32,
    item_id: i32,
    today: NaiveDate,
) -> AppResult<Option<Progress>> {
    let Some((course_id, versions)) = course_versions_of(conn, item_id)? else {
        return Ok(None);
    };
    let Some(current) = versions
        .iter()
        .filter(|v| !v.is_draft())
        .max_by_key(|v| v.number)
        .cloned()
    else {
        return Ok(None);
    };
    let major_line = major_line_start(&versions);
    let line_ids: Vec<i32> = versions
        .iter()
        .filter(|v| v.number.is_some_and(|n| n >= major_line))
        .map(|v| v.id)
        .collect();
    let mods = courses::modules(conn, current.id)?;
    let done = attempt_store::done_hashes(conn, user_id, course_id)?;
    let sessions = training::outcomes(conn, &[user_id], Some(item_id))?
        .remove(&(user_id, item_id))
        .unwrap_or_default();
    let since = fresh_after(latest(conn, user_id, item_id)?, major_line, today);
    let mut passes = attempts::table
        .filter(attempts::user_id.eq(user_id))
        .filter(attempts::version_id.eq_any(&line_ids))
        .filter(attempts::passed.eq(true))
        .select(attempts::id)
        .into_boxed();
    if let Some(since) = since {
        passes = passes.filter(attempts::started_at.gt(since));
    }
    let quiz_passed = passes.first::<i32>(conn).optional()?.is_some();
    let evidence = Evidence {
        modules_done: mods
            .iter()
            .filter(|m| done.contains(&m.content_hash))
            .count() as u32,
        modules_total: mods.len() as u32,
        sessions: &sessions,
        quiz_passed,
    };
    Ok(Some(Progress {
        gaps: gaps(rules, &evidence),
        version: current,
        major_line,
    }))
}

/// The standing certificate of a worker for an item, with its version number.
fn standing_certificate(
    conn: &mut DbConnection,
    user_id: i32,
    item_id: i32,
) -> QueryResult<Option<(CertRow, Option<i32>)>> {
    certificates::table
        .inner_join(course_versions::table)
        .filter(certificates::user_id.eq(user_id))
        .filter(certificates::item_id.eq(item_id))
        .filter(certificates::status.eq("active"))
        .select((CertRow::as_select(), course_versions::number))
        .first(conn)
        .optional()
}

/// Issues a certificate when the rule is met and none is standing. Call it inside the
/// transaction of the event that may have completed the course. Returns the new
/// certificate's id. Idempotent: a second call finds the standing certificate.
pub fn try_issue(
    conn: &mut DbConnection,
    rules: &TrainingRules,
    user_id: i32,
    item_id: i32,
    now: NaiveDateTime,
) -> AppResult<Option<i32>> {
    // Serialise certification per worker: on PostgreSQL this row lock makes a concurrent
    // completion wait and then see the certificate; SQLite's write lock already does.
    diesel::update(users::table.find(user_id))
        .set(users::id.eq(user_id))
        .execute(conn)?;
    let today = cst::date_of(now);
    let Some(p) = progress(conn, rules, user_id, item_id, today)? else {
        return Ok(None);
    };
    if !p.gaps.is_empty() {
        return Ok(None);
    }
    let held = standing_certificate(conn, user_id, item_id)?;
    let held_facts = held.as_ref().map(|(c, n)| Held {
        version_number: n.unwrap_or(0),
        ends_on: c.last_day(),
    });
    if !needs_certificate(held_facts, p.major_line, today) {
        return Ok(None);
    }
    if let Some((old, _)) = &held {
        let ended = if old.last_day() < today {
            "expired"
        } else {
            "superseded"
        };
        diesel::update(certificates::table.find(old.id))
            .set(certificates::status.eq(ended))
            .execute(conn)?;
    }
    let months: i32 = items::table
        .find(item_id)
        .select(items::cert_months)
        .first(conn)?;
    let until = valid_until(today, months.max(1) as u32);
    let code = token::new_token()[..32].to_string();
    diesel::insert_into(certificates::table)
        .values((
            // the serial is the row id, known only after the insert
            certificates::number.eq(format!("pending-{code}")),
            certificates::code.eq(&code),
            certificates::user_id.eq(user_id),
            certificates::item_id.eq(item_id),
            certificates::version_id.eq(p.version.id),
            certificates::status.eq("active"),
            certificates::issued_on.eq(today.to_string()),
            certificates::valid_until.eq(until.to_string()),
            certificates::ends_on.eq(until.to_string()),
            certificates::ends_day.eq(day_number(until)),
            certificates::issued_at.eq(now),
            certificates::revoke_reason.eq(""),
        ))
        .execute(conn)?;
    let id: i32 = certificates::table
        .filter(certificates::code.eq(&code))
        .select(certificates::id)
        .first(conn)?;
    let number = certificate_number(today, id);
    diesel::update(certificates::table.find(id))
        .set(certificates::number.eq(&number))
        .execute(conn)?;
    let before = held
        .as_ref()
        .map(|(old, _)| format!("{}（{}）", old.number, old.ends_on))
        .unwrap_or_default();
    audit::record_change(
        conn,
        now,
        None,
        "certificate.issue",
        &format!("certificate:{id}"),
        &format!("{number}：用户 {user_id}，事项 {item_id}，至 {until}"),
        (&before, &format!("{number} 有效，至 {until}")),
    )?;
    Ok(Some(id))
}

/// After a module or quiz event on a course.
pub fn try_issue_for_course(
    conn: &mut DbConnection,
    rules: &TrainingRules,
    user_id: i32,
    course_id: i32,
    now: NaiveDateTime,
) -> AppResult<Option<i32>> {
    let item_id = courses::find(conn, course_id)?.item_id;
    try_issue(conn, rules, user_id, item_id, now)
}

/// After attendance changed in a session: every item of the session, every worker given.
pub fn try_issue_for_session(
    conn: &mut DbConnection,
    rules: &TrainingRules,
    session_id: i32,
    user_ids: &[i32],
    now: NaiveDateTime,
) -> AppResult<Vec<i32>> {
    let item_ids: Vec<i32> = session_items::table
        .filter(session_items::session_id.eq(session_id))
        .select(session_items::item_id)
        .load(conn)?;
    let mut issued = Vec::new();
    for &user in user_ids {
        for &item in &item_ids {
            issued.extend(try_issue(conn, rules, user, item, now)?);
        }
    }
    Ok(issued)
}

/// Revokes a standing certificate. The caller has checked the actor may.
pub fn revoke(
    conn: &mut DbConnection,
    id: i32,
    actor: i32,
    reason: &str,
    now: NaiveDateTime,
) -> AppResult<CertRow> {
    write_transaction(conn, |conn| {
        let n = diesel::update(
            certificates::table
                .filter(certificates::id.eq(id))
                .filter(certificates::status.eq("active")),
        )
        .set((
            certificates::status.eq("revoked"),
            certificates::revoked_at.eq(Some(now)),
            certificates::revoked_by.eq(Some(actor)),
            certificates::revoke_reason.eq(reason),
        ))
        .execute(conn)?;
        if n == 0 {
            return Err(AppError::conflict(Msg::key("certs-already-revoked")));
        }
        let c = find(conn, id)?;
        audit::record_change(
            conn,
            now,
            Some(actor),
            "certificate.revoke",
            &format!("certificate:{id}"),
            &format!("{}：{reason}", c.number),
            ("有效", "已撤销"),
        )?;
        Ok(c)
    })
}

/// A major course version was published: holders of older versions get a refresher
/// deadline. Returns their certificates, for the notice.
pub fn start_refresher(
    conn: &mut DbConnection,
    item_id: i32,
    major_number: i32,
    due: NaiveDate,
    today: NaiveDate,
) -> QueryResult<Vec<i32>> {
    let held: Vec<(CertRow, Option<i32>)> = certificates::table
        .inner_join(course_versions::table)
        .filter(certificates::item_id.eq(item_id))
        .filter(certificates::status.eq("active"))
        .filter(certificates::ends_on.ge(today.to_string()))
        .select((CertRow::as_select(), course_versions::number))
        .load(conn)?;
    let mut holders = Vec::new();
    for (c, number) in held {
        if number.unwrap_or(0) >= major_number {
            continue;
        }
        let due = c
            .refresher_due
            .as_deref()
            .map_or(due, |d| parse_day(d).min(due));
        let ends = ends_on(parse_day(&c.valid_until), Some(due));
        diesel::update(certificates::table.find(c.id))
            .set((
                certificates::refresher_due.eq(Some(due.to_string())),
                certificates::ends_on.eq(ends.to_string()),
                certificates::ends_day.eq(day_number(ends)),
            ))
            .execute(conn)?;
        holders.push(c.id);
    }
    Ok(holders)
}

/// Which certificates a user's lists show.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CertScope {
    All,
    Town(i32),
    Bureau(i32),
    Holder(i32),
}

/// A certificate as lists and pages show it.
#[derive(Debug, Clone, Serialize, Queryable)]
pub struct CertListing {
    pub id: i32,
    pub number: String,
    pub code: String,
    pub status: String,
    pub issued_on: String,
    pub valid_until: String,
    pub refresher_due: Option<String>,
    pub ends_on: String,
    pub revoke_reason: String,
    pub user_id: i32,
    pub username: String,
    pub holder: String,
    pub center: String,
    pub town_id: i32,
    pub item_id: i32,
    pub item_code: String,
    pub item_name: String,
    pub version_number: Option<i32>,
}

/// The listing join, boxed, with the scope and item filter applied. A macro because the
/// boxed type of a four-table join is unwieldy to name.
macro_rules! scoped {
    ($scope:expr, $item:expr) => {{
        use crate::db::schema::item_bureaus;
        let mut q = certificates::table
            .inner_join(users::table.inner_join(centers::table))
            .inner_join(items::table)
            .inner_join(course_versions::table)
            .into_boxed();
        q = match $scope {
            CertScope::All => q,
            CertScope::Town(t) => q.filter(centers::town_id.eq(t)),
            CertScope::Holder(u) => q.filter(certificates::user_id.eq(u)),
            CertScope::Bureau(b) => q.filter(
                certificates::item_id.eq_any(
                    item_bureaus::table
                        .filter(item_bureaus::bureau_id.eq(b))
                        .select(item_bureaus::item_id),
                ),
            ),
        };
        if let Some(i) = $item {
            q = q.filter(certificates::item_id.eq(i));
        }
        q
    }};
}

macro_rules! listing_columns {
    () => {
        (
            certificates::id,
            certificates::number,
            certificates::code,
            certificates::status,
            certificates::issued_on,
            certificates::valid_until,
            certificates::refresher_due,
            certificates::ends_on,
            certificates::revoke_reason,
            users::id,
            users::username,
            users::display_name,
            centers::name,
            centers::town_id,
            items::id,
            items::code,
            items::name,
            course_versions::number,
        )
    };
}

pub fn count(conn: &mut DbConnection, scope: CertScope, item: Option<i32>) -> QueryResult<i64> {
    scoped!(scope, item).count().get_result(conn)
}

pub fn list(
    conn: &mut DbConnection,
    scope: CertScope,
    item: Option<i32>,
    page: Option<PageRequest>,
) -> QueryResult<Vec<CertListing>> {
    let mut q = scoped!(scope, item)
        .select(listing_columns!())
        .order(certificates::id.desc());
    if let Some(p) = page {
        q = q.limit(p.size).offset(p.offset());
    }
    q.load(conn)
}

pub fn listing(conn: &mut DbConnection, id: i32) -> QueryResult<CertListing> {
    let mut rows = scoped!(CertScope::All, None::<i32>)
        .filter(certificates::id.eq(id))
        .select(listing_columns!())
        .load::<CertListing>(conn)?;
    rows.pop().ok_or(diesel::result::Error::NotFound)
}

/// Certificates whose holder has not been told yet.
pub fn unnotified(conn: &mut DbConnection) -> QueryResult<Vec<i32>> {
    certificates::table
        .filter(certificates::notified_at.is_null())
        .select(certificates::id)
        .order(certificates::id.asc())
        .limit(200)
        .load(conn)
}

/// Claims the notice of one certificate; false when another run already sent it.
pub fn mark_notified(conn: &mut DbConnection, id: i32, now: NaiveDateTime) -> QueryResult<bool> {
    Ok(diesel::update(
        certificates::table
            .filter(certificates::id.eq(id))
            .filter(certificates::notified_at.is_null()),
    )
    .set(certificates::notified_at.eq(Some(now)))
    .execute(conn)?
        == 1)
}

/// Standing certificates ending within the reminder window whose reminder may be due:
/// none sent yet, or only one for a farther threshold than the one now reached
/// (`domain::certification::reminder_due` decides). Reads the index `certificates_reminders`,
/// so the certificates already reminded cost nothing.
pub fn ending_soon(
    conn: &mut DbConnection,
    today: NaiveDate,
    days: i64,
) -> QueryResult<Vec<CertRow>> {
    let within = |d: i64| certificates::ends_day.le(day_number(today + Duration::days(d)));
    // the thresholds nearer than the window's: [60, 30, 7] gives 30 and 7
    let [_, nearer, nearest] = REMINDER_DAYS;
    certificates::table
        .filter(certificates::status.eq("active"))
        .filter(certificates::ends_day.ge(day_number(today)))
        .filter(within(days))
        .filter(
            certificates::reminded_days
                .is_null()
                .or(within(nearer).and(certificates::reminded_days.gt(nearer as i32)))
                .or(within(nearest).and(certificates::reminded_days.gt(nearest as i32))),
        )
        .select(CertRow::as_select())
        .load(conn)
}

/// Records a reminder as sent, unless another run sent the same or a nearer one.
pub fn mark_reminded(conn: &mut DbConnection, id: i32, days: i32) -> QueryResult<bool> {
    Ok(diesel::update(
        certificates::table.filter(certificates::id.eq(id)).filter(
            certificates::reminded_days
                .is_null()
                .or(certificates::reminded_days.gt(days)),
        ),
    )
    .set(certificates::reminded_days.eq(Some(days)))
    .execute(conn)?
        == 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stored_days_parse_and_damaged_ones_read_as_expired() {
        assert_eq!(parse_day("2028-11-24").to_string(), "2028-11-24");
        for bad in [
            "",
            "2028-1-24",
            "2028-13-01",
            "2028/11/24",
            "２０２８-11-24",
        ] {
            assert_eq!(parse_day(bad), NaiveDate::MIN, "{bad}");
        }
    }
}
