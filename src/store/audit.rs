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
    pub before_state: String,
    pub after_state: String,
}

/// What the audit page filters by; every field is optional.
#[derive(Debug, Clone, Default)]
pub struct AuditFilter {
    /// An action or an action family: "transfer" matches "transfer.approve".
    pub action: Option<String>,
    /// The acting account's user name.
    pub actor: Option<String>,
    /// Text within the target.
    pub target: Option<String>,
    /// UTC bounds, `from` inclusive and `until` exclusive.
    pub from: Option<NaiveDateTime>,
    pub until: Option<NaiveDateTime>,
}

macro_rules! filtered {
    ($f:expr) => {{
        let f: &AuditFilter = $f;
        let mut q = audit_log::table
            .left_join(users::table.on(users::id.nullable().eq(audit_log::actor_id)))
            .into_boxed();
        if let Some(a) = &f.action {
            q = q.filter(
                audit_log::action
                    .eq(a.clone())
                    .or(audit_log::action
                        .like(format!(
                            "{}.%",
                            a.replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_")
                        ))
                        .escape('\\')),
            );
        }
        if let Some(u) = &f.actor {
            q = q.filter(users::username.eq(u.clone()));
        }
        if let Some(t) = &f.target {
            q = q
                .filter(audit_log::target.like(crate::store::like_pattern(t)).escape('\\'));
        }
        if let Some(from) = f.from {
            q = q.filter(audit_log::at.ge(from));
        }
        if let Some(until) = f.until {
            q = q.filter(audit_log::at.lt(until));
        }
        q
    }};
}

pub fn count(conn: &mut DbConnection, f: &AuditFilter) -> QueryResult<i64> {
    filtered!(f).count().get_result(conn)
}

pub fn list(
    conn: &mut DbConnection,
    f: &AuditFilter,
    page: PageRequest,
) -> QueryResult<Vec<AuditEntry>> {
    filtered!(f)
        .select((
            audit_log::id,
            audit_log::at,
            users::username.nullable(),
            audit_log::action,
            audit_log::target,
            audit_log::detail,
            audit_log::before_state,
            audit_log::after_state,
        ))
        .order(audit_log::id.desc())
        .limit(page.size)
        .offset(page.offset())
        .load(conn)
}

/// The action families present, for the filter's choices.
pub fn action_families(conn: &mut DbConnection) -> QueryResult<Vec<String>> {
    let mut out: Vec<String> = audit_log::table
        .select(audit_log::action)
        .distinct()
        .load::<String>(conn)?
        .into_iter()
        .map(|a| a.split('.').next().unwrap_or("").to_string())
        .collect();
    out.sort();
    out.dedup();
    Ok(out)
}
