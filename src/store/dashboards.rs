//! The few queries the home pages' to-do cards need beyond the other stores: open
//! sessions past their end, the workers to consider for make-ups, the oldest pending
//! transfer requests and the secondments about to end.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use serde::Serialize;

use crate::db::schema::{
    centers, enrolments, item_bureaus, items, session_items, training_sessions, transfers, users,
};
use crate::db::DbConnection;
use crate::domain::transfer::{TransferKind, TransferStatus};
use crate::store::training::SessionRow;
use crate::store::transfers::{TransferListing, LISTING_COLUMNS};

/// Sessions still open (`scheduled`) whose end is at or before `now`, oldest end first;
/// one bureau's when given.
pub fn open_sessions_ended_by(
    conn: &mut DbConnection,
    bureau: Option<i32>,
    now: NaiveDateTime,
) -> QueryResult<Vec<SessionRow>> {
    let mut q = training_sessions::table
        .filter(training_sessions::status.eq("scheduled"))
        .filter(training_sessions::ends_at.le(now))
        .into_boxed();
    if let Some(b) = bureau {
        q = q.filter(training_sessions::bureau_id.eq(b));
    }
    q.select(SessionRow::as_select())
        .order(training_sessions::ends_at.asc())
        .limit(500)
        .load(conn)
}

/// The ids and names of one bureau's items (every item when None), in catalog order.
pub fn bureau_items(
    conn: &mut DbConnection,
    bureau: Option<i32>,
) -> QueryResult<Vec<(i32, String)>> {
    let mut q = items::table
        .select((items::id, items::name))
        .order((items::common.desc(), items::seq.asc(), items::code.asc()))
        .into_boxed();
    if let Some(b) = bureau {
        q = q.filter(
            items::id.eq_any(
                item_bureaus::table
                    .filter(item_bureaus::bureau_id.eq(b))
                    .select(item_bureaus::item_id),
            ),
        );
    }
    q.load(conn)
}

/// Active workers ever enrolled in a required session of one of these items: the only
/// ones who can owe a make-up on them.
pub fn workers_enrolled_for(conn: &mut DbConnection, item_ids: &[i32]) -> QueryResult<Vec<i32>> {
    let sessions = session_items::table
        .filter(session_items::item_id.eq_any(item_ids.to_vec()))
        .select(session_items::session_id);
    let mut ids: Vec<i32> = enrolments::table
        .inner_join(training_sessions::table)
        .inner_join(users::table)
        .filter(training_sessions::required.eq(true))
        .filter(training_sessions::id.eq_any(sessions))
        .filter(users::role.eq("worker"))
        .filter(users::active.eq(true))
        .select(enrolments::user_id)
        .distinct()
        .load(conn)?;
    ids.sort_unstable();
    Ok(ids)
}

/// Pending transfer requests, oldest first, at most `limit`.
pub fn oldest_pending_transfers(
    conn: &mut DbConnection,
    limit: i64,
) -> QueryResult<Vec<TransferListing>> {
    transfers::table
        .inner_join(users::table.on(users::id.eq(transfers::user_id)))
        .inner_join(centers::table.on(centers::id.eq(transfers::from_center_id)))
        .filter(transfers::status.eq(TransferStatus::Pending.as_str()))
        .select(LISTING_COLUMNS)
        .order((transfers::requested_at.asc(), transfers::id.asc()))
        .limit(limit)
        .load(conn)
}

/// An approved secondment with a last day.
#[derive(Debug, Clone, Serialize, Queryable)]
pub struct SecondmentEnd {
    pub id: i32,
    pub worker: String,
    pub center: String,
    pub ends_on: String,
}

/// Approved secondments whose last day lies from `from` to `to`, soonest first.
pub fn secondments_ending(
    conn: &mut DbConnection,
    from: NaiveDate,
    to: NaiveDate,
) -> QueryResult<Vec<SecondmentEnd>> {
    transfers::table
        .inner_join(users::table.on(users::id.eq(transfers::user_id)))
        .inner_join(centers::table.on(centers::id.eq(transfers::from_center_id)))
        .filter(transfers::status.eq(TransferStatus::Approved.as_str()))
        .filter(transfers::kind.eq(TransferKind::Secondment.as_str()))
        .filter(transfers::ends_on.ge(from.to_string()))
        .filter(transfers::ends_on.le(to.to_string()))
        .select((
            transfers::id,
            users::display_name,
            centers::name,
            transfers::ends_on.assume_not_null(),
        ))
        .order((transfers::ends_on.asc(), transfers::id.asc()))
        .load(conn)
}
