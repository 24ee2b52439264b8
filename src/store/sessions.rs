//! Login sessions, kept server-side so several server processes can share them.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::schema::{sessions, users};
use crate::db::DbConnection;
use crate::store::users::UserRow;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = sessions)]
pub struct SessionRow {
    pub id: i32,
    pub token_hash: String,
    pub user_id: i32,
    pub created_at: NaiveDateTime,
    pub last_seen_at: NaiveDateTime,
    pub client_addr: String,
}

pub fn create(
    conn: &mut DbConnection,
    user_id: i32,
    token_hash: &str,
    client_addr: &str,
    now: NaiveDateTime,
) -> QueryResult<()> {
    diesel::insert_into(sessions::table)
        .values((
            sessions::token_hash.eq(token_hash),
            sessions::user_id.eq(user_id),
            sessions::created_at.eq(now),
            sessions::last_seen_at.eq(now),
            sessions::client_addr.eq(client_addr),
        ))
        .execute(conn)
        .map(|_| ())
}

pub fn find_with_user(
    conn: &mut DbConnection,
    token_hash: &str,
) -> QueryResult<Option<(SessionRow, UserRow)>> {
    sessions::table
        .inner_join(users::table)
        .filter(sessions::token_hash.eq(token_hash))
        .select((SessionRow::as_select(), UserRow::as_select()))
        .first(conn)
        .optional()
}

pub fn touch(conn: &mut DbConnection, id: i32, now: NaiveDateTime) -> QueryResult<()> {
    diesel::update(sessions::table.find(id))
        .set(sessions::last_seen_at.eq(now))
        .execute(conn)
        .map(|_| ())
}

pub fn delete(conn: &mut DbConnection, id: i32) -> QueryResult<()> {
    diesel::delete(sessions::table.find(id))
        .execute(conn)
        .map(|_| ())
}

/// Ends every session of a user: on disabling the account or changing its password.
pub fn delete_for_user(conn: &mut DbConnection, user_id: i32) -> QueryResult<usize> {
    diesel::delete(sessions::table.filter(sessions::user_id.eq(user_id))).execute(conn)
}

/// Removes sessions no request can use any more (past the absolute limit).
pub fn prune_created_before(conn: &mut DbConnection, before: NaiveDateTime) -> QueryResult<usize> {
    diesel::delete(sessions::table.filter(sessions::created_at.le(before))).execute(conn)
}
