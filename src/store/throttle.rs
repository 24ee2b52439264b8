//! Failed logins, counted per throttle key (account name or client address).

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::schema::login_failures;
use crate::db::DbConnection;

pub fn failures_since(
    conn: &mut DbConnection,
    key: &str,
    since: NaiveDateTime,
) -> QueryResult<u32> {
    let n: i64 = login_failures::table
        .filter(login_failures::throttle_key.eq(key))
        .filter(login_failures::failed_at.gt(since))
        .count()
        .get_result(conn)?;
    Ok(u32::try_from(n).unwrap_or(u32::MAX))
}

pub fn record_failure(conn: &mut DbConnection, key: &str, at: NaiveDateTime) -> QueryResult<()> {
    diesel::insert_into(login_failures::table)
        .values((
            login_failures::throttle_key.eq(key),
            login_failures::failed_at.eq(at),
        ))
        .execute(conn)
        .map(|_| ())
}

/// A successful login forgives the account's earlier failures (not the address's).
pub fn clear(conn: &mut DbConnection, key: &str) -> QueryResult<()> {
    diesel::delete(login_failures::table.filter(login_failures::throttle_key.eq(key)))
        .execute(conn)
        .map(|_| ())
}

/// Failures older than the window no longer count; dropping them keeps the table small.
pub fn prune(conn: &mut DbConnection, before: NaiveDateTime) -> QueryResult<usize> {
    diesel::delete(login_failures::table.filter(login_failures::failed_at.le(before))).execute(conn)
}
