//! The append-only audit trail: every decision that matters writes a row here in the
//! same transaction as the decision itself.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use serde::Serialize;

use crate::db::schema::{audit_log, users};
use crate::db::DbConnection;
use crate::domain::pagination::PageRequest;

#[derive(Insertable)]
#[diesel(table_name = audit_log)]
struct NewAudit<'a> {
    at: NaiveDateTime,
    actor_id: Option<i32>,
    action: &'a str,
    target: &'a str,
    detail: &'a str,
    before_state: &'a str,
    after_state: &'a str,
}

pub fn record(
    conn: &mut DbConnection,
    at: NaiveDateTime,
    actor_id: Option<i32>,
    action: &str,
    target: &str,
    detail: &str,
) -> QueryResult<()> {
    record_change(conn, at, actor_id, action, target, detail, ("", ""))
}

/// An audit row with the state before and after the change, in words.
pub fn record_change(
    conn: &mut DbConnection,
    at: NaiveDateTime,
    actor_id: Option<i32>,
    action: &str,
    target: &str,
    detail: &str,
    (before_state, after_state): (&str, &str),
) -> QueryResult<()> {
    diesel::insert_into(audit_log::table)
        .values(NewAudit {
            at,
            actor_id,
            action,
            target,
            detail,
            before_state,
            after_state,
        })
        .execute(conn)
        .map(|_| ())
}

#[derive(Debug, Serialize, Queryable)]
pub struct AuditEntry {
    pub id: i32,
    pub at: NaiveDateTime,
    pub actor: Option<String>,
    pub action: String,
    pub target: String,
    pub detail: String,
}

pub fn count(conn: &mut DbConnection) -> QueryResult<i64> {
    audit_log::table.count().get_result(conn)
}

pub fn list(conn: &mut DbConnection, page: PageRequest) -> QueryResult<Vec<AuditEntry>> {
    audit_log::table
        .left_join(users::table.on(users::id.nullable().eq(audit_log::actor_id)))
        .select((
            audit_log::id,
            audit_log::at,
            users::username.nullable(),
            audit_log::action,
            audit_log::target,
            audit_log::detail,
        ))
        .order(audit_log::id.desc())
        .limit(page.size)
        .offset(page.offset())
        .load(conn)
}
