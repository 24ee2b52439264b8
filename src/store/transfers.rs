//! Transfer requests: filed by a town manager, decided by the organization department.
//! Only an approval changes the roster, in the same transaction as its history rows and
//! its audit row.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use serde::Serialize;

use crate::db::schema::{centers, transfers, users};
use crate::db::{write_transaction, DbConnection};
use crate::domain::cst;
use crate::domain::staffing::Position;
use crate::domain::transfer::{
    check_decision, effective_from, segments, Place, Request, TransferKind, TransferStatus,
};
use crate::error::{AppError, AppResult};
use crate::i18n::Msg;
use crate::store::{audit, roster};

#[derive(Debug, Clone, Queryable, Selectable, Serialize)]
#[diesel(table_name = transfers)]
pub struct TransferRow {
    pub id: i32,
    pub user_id: i32,
    pub kind: String,
    pub from_center_id: i32,
    pub from_position: String,
    pub to_center_id: Option<i32>,
    pub to_position: Option<String>,
    pub destination: String,
    pub reason: String,
    pub starts_on: String,
    pub ends_on: Option<String>,
    pub status: String,
    pub requested_by: i32,
    pub requested_at: NaiveDateTime,
    pub decided_by: Option<i32>,
    pub decided_at: Option<NaiveDateTime>,
    pub decision_comment: String,
    pub effective_on: Option<String>,
}

fn day(s: &str) -> Option<NaiveDate> {
    s.parse().ok()
}

impl TransferRow {
    pub fn kind(&self) -> TransferKind {
        TransferKind::parse(&self.kind).unwrap_or(TransferKind::Departure)
    }

    pub fn status(&self) -> TransferStatus {
        TransferStatus::parse(&self.status).unwrap_or(TransferStatus::Pending)
    }

    /// The request as the rules read it. The destination center's town is not stored;
    /// the rules only need it when filing, so the origin's town stands in.
    pub fn request(&self, town_id: i32) -> Request {
        Request {
            kind: self.kind(),
            to: self.to_center_id.map(|c| {
                let p = self
                    .to_position
                    .as_deref()
                    .and_then(Position::parse)
                    .unwrap_or(Position::Window);
                (c, town_id, p)
            }),
            destination: self.destination.clone(),
            reason: self.reason.clone(),
            starts_on: day(&self.starts_on).unwrap_or(NaiveDate::MIN),
            ends_on: self.ends_on.as_deref().and_then(day),
        }
    }
}

pub fn find(conn: &mut DbConnection, id: i32) -> QueryResult<Option<TransferRow>> {
    transfers::table
        .find(id)
        .select(TransferRow::as_select())
        .first(conn)
        .optional()
}

/// The town of a transfer's origin center, which scopes who may see it.
pub fn town_of(conn: &mut DbConnection, t: &TransferRow) -> QueryResult<i32> {
    centers::table
        .find(t.from_center_id)
        .select(centers::town_id)
        .first(conn)
}

/// Files a request. One open request per worker: a second gets a message.
pub fn file(
    conn: &mut DbConnection,
    user_id: i32,
    from: &Place,
    r: &Request,
    actor: i32,
    now: NaiveDateTime,
) -> AppResult<i32> {
    write_transaction(conn, |conn| {
        let open: i64 = transfers::table
            .filter(transfers::user_id.eq(user_id))
            .filter(transfers::status.eq(TransferStatus::Pending.as_str()))
            .count()
            .get_result(conn)?;
        if open > 0 {
            return Err(AppError::bad(Msg::key("transfer-already-pending")));
        }
        diesel::insert_into(transfers::table)
            .values((
                transfers::user_id.eq(user_id),
                transfers::kind.eq(r.kind.as_str()),
                transfers::from_center_id.eq(from.center_id),
                transfers::from_position.eq(from.position.as_str()),
                transfers::to_center_id.eq(r.to.map(|t| t.0)),
                transfers::to_position.eq(r.to.map(|t| t.2.as_str())),
                transfers::destination.eq(r.destination.trim()),
                transfers::reason.eq(r.reason.trim()),
                transfers::starts_on.eq(r.starts_on.to_string()),
                transfers::ends_on.eq(r.ends_on.map(|d| d.to_string())),
                transfers::status.eq(TransferStatus::Pending.as_str()),
                transfers::requested_by.eq(actor),
                transfers::requested_at.eq(now),
                transfers::decision_comment.eq(""),
            ))
            .execute(conn)
            .map_err(|e| match e {
                // a concurrent request won the one-open-request index
                diesel::result::Error::DatabaseError(
                    diesel::result::DatabaseErrorKind::UniqueViolation,
                    _,
                ) => AppError::conflict(Msg::key("transfer-already-pending-raced")),
                e => e.into(),
            })?;
        let id: i32 = transfers::table
            .filter(transfers::user_id.eq(user_id))
            .filter(transfers::status.eq(TransferStatus::Pending.as_str()))
            .select(transfers::id)
            .first(conn)?;
        let who = worker_label(conn, user_id)?;
        audit::record_change(
            conn,
            now,
            Some(actor),
            "transfer.request",
            &format!("transfer:{id}"),
            &format!("{who}：{}，{}", r.kind.label(), r.reason.trim()),
            ("", &TransferStatus::Pending.label()),
        )?;
        Ok(id)
    })
}

fn worker_label(conn: &mut DbConnection, user_id: i32) -> QueryResult<String> {
    let (name, username): (String, String) = users::table
        .find(user_id)
        .select((users::display_name, users::username))
        .first(conn)?;
    Ok(format!("{name}（{username}）"))
}

/// The outcome of a decision, for the notice to the town.
#[derive(Debug, Clone, Serialize)]
pub struct Decided {
    pub approved: bool,
    pub effective_on: Option<NaiveDate>,
}

/// Approves or rejects a pending request. An approval writes the history rows from the
/// effective date and applies them when due; all in one transaction with the audit row.
pub fn decide(
    conn: &mut DbConnection,
    id: i32,
    approve: bool,
    comment: &str,
    actor: i32,
    now: NaiveDateTime,
) -> AppResult<Decided> {
    check_decision(approve, comment).map_err(AppError::bad)?;
    write_transaction(conn, |conn| {
        let t = find(conn, id)?.ok_or(AppError::NotFound)?;
        if t.status() != TransferStatus::Pending {
            return Err(AppError::conflict(
                Msg::key("transfer-not-pending-decide").arg_msg("status", t.status().msg()),
            ));
        }
        let today = cst::date_of(now);
        let status = if approve {
            TransferStatus::Approved
        } else {
            TransferStatus::Rejected
        };
        let mut effective = None;
        let before = describe_place(conn, t.user_id)?;
        if approve {
            let from = roster::place_of(conn, t.user_id)?
                .ok_or_else(|| AppError::conflict(Msg::key("transfer-no-longer-worker")))?;
            if from.center_id != t.from_center_id {
                return Err(AppError::conflict(Msg::key("transfer-center-changed")));
            }
            let eff = effective_from(day(&t.starts_on).unwrap_or(today), today);
            let segs = segments(&t.request(from.town_id), &from, eff);
            roster::append(
                conn,
                t.user_id,
                &segs,
                Some(t.id),
                comment.trim(),
                Some(actor),
                now,
            )?;
            effective = Some(eff);
        }
        diesel::update(transfers::table.find(id))
            .set((
                transfers::status.eq(status.as_str()),
                transfers::decided_by.eq(Some(actor)),
                transfers::decided_at.eq(Some(now)),
                transfers::decision_comment.eq(comment.trim()),
                transfers::effective_on.eq(effective.map(|d| d.to_string())),
            ))
            .execute(conn)?;
        let after = describe_place(conn, t.user_id)?;
        let who = worker_label(conn, t.user_id)?;
        let detail = match effective {
            Some(d) => format!(
                "{who}：{}，自 {d} 起生效。{}",
                t.kind().label(),
                comment.trim()
            ),
            None => format!("{who}：{}，驳回。{}", t.kind().label(), comment.trim()),
        };
        audit::record_change(
            conn,
            now,
            Some(actor),
            if approve {
                "transfer.approve"
            } else {
                "transfer.reject"
            },
            &format!("transfer:{id}"),
            &detail,
            (&before, &after),
        )?;
        Ok(Decided {
            approved: approve,
            effective_on: effective,
        })
    })
}

/// The worker's place in words, for the audit trail.
pub fn describe_place(conn: &mut DbConnection, user_id: i32) -> QueryResult<String> {
    use crate::domain::staffing::{label_of, Posting};
    let (center, position, posting): (Option<String>, String, String) = users::table
        .left_join(centers::table)
        .filter(users::id.eq(user_id))
        .select((centers::name.nullable(), users::position, users::posting))
        .first(conn)?;
    Ok(format!(
        "{}，{}，{}",
        center.unwrap_or_else(|| "—".into()),
        label_of(Position::parse, Position::label, &position),
        label_of(Posting::parse, Posting::label, &posting)
    ))
}

/// The requester takes back a pending request.
pub fn withdraw(conn: &mut DbConnection, id: i32, actor: i32, now: NaiveDateTime) -> AppResult<()> {
    write_transaction(conn, |conn| {
        let t = find(conn, id)?.ok_or(AppError::NotFound)?;
        if t.status() != TransferStatus::Pending {
            return Err(AppError::conflict(
                Msg::key("transfer-not-pending-withdraw").arg_msg("status", t.status().msg()),
            ));
        }
        diesel::update(transfers::table.find(id))
            .set(transfers::status.eq(TransferStatus::Withdrawn.as_str()))
            .execute(conn)?;
        audit::record_change(
            conn,
            now,
            Some(actor),
            "transfer.withdraw",
            &format!("transfer:{id}"),
            "申请人撤回",
            (
                &TransferStatus::Pending.label(),
                &TransferStatus::Withdrawn.label(),
            ),
        )?;
        Ok(())
    })
}

/// A request as listed, with the names a reader needs.
#[derive(Debug, Clone, Serialize, Queryable)]
pub struct TransferListing {
    pub id: i32,
    pub kind: String,
    pub status: String,
    pub starts_on: String,
    pub requested_at: NaiveDateTime,
    pub user_id: i32,
    pub worker: String,
    pub username: String,
    pub from_center: String,
    pub town_id: i32,
}

/// The columns of a `TransferListing`, for every list of requests.
pub type ListingColumns = (
    transfers::id,
    transfers::kind,
    transfers::status,
    transfers::starts_on,
    transfers::requested_at,
    users::id,
    users::display_name,
    users::username,
    centers::name,
    centers::town_id,
);
pub const LISTING_COLUMNS: ListingColumns = (
    transfers::id,
    transfers::kind,
    transfers::status,
    transfers::starts_on,
    transfers::requested_at,
    users::id,
    users::display_name,
    users::username,
    centers::name,
    centers::town_id,
);

/// Requests of a town (all when None), newest first; `status` filters.
pub fn list(
    conn: &mut DbConnection,
    town: Option<i32>,
    status: Option<TransferStatus>,
    page: crate::domain::pagination::PageRequest,
) -> QueryResult<(i64, Vec<TransferListing>)> {
    macro_rules! scoped {
        () => {{
            let mut q = transfers::table
                .inner_join(users::table.on(users::id.eq(transfers::user_id)))
                .inner_join(centers::table.on(centers::id.eq(transfers::from_center_id)))
                .into_boxed();
            if let Some(t) = town {
                q = q.filter(centers::town_id.eq(t));
            }
            if let Some(s) = status {
                q = q.filter(transfers::status.eq(s.as_str()));
            }
            q
        }};
    }
    let total = scoped!().count().get_result(conn)?;
    let rows = scoped!()
        .select(LISTING_COLUMNS)
        .order(transfers::id.desc())
        .limit(page.size)
        .offset(page.offset())
        .load(conn)?;
    Ok((total, rows))
}

/// Every request of a worker, newest first.
pub fn of_worker(conn: &mut DbConnection, user_id: i32) -> QueryResult<Vec<TransferRow>> {
    transfers::table
        .filter(transfers::user_id.eq(user_id))
        .select(TransferRow::as_select())
        .order(transfers::id.desc())
        .load(conn)
}
