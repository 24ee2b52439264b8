//! API tokens for machine clients (the front-desk 一窗受理 system). Only a hash is stored;
//! the token itself is shown once, when it is issued.

use chrono::{Duration, NaiveDateTime};
use diesel::prelude::*;
use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::db::schema::{api_tokens, towns};
use crate::db::{write_transaction, DbConnection};
use crate::error::{AppError, AppResult};
use crate::i18n::Msg;
use crate::security::token;
use crate::store::audit;

pub const PREFIX: &str = "dvt_";

pub fn hash(token: &str) -> String {
    hex::encode(Sha256::digest(format!("api:{token}").as_bytes()))
}

#[derive(Debug, Clone, Serialize, Queryable)]
pub struct TokenListing {
    pub id: i32,
    pub name: String,
    pub town_id: Option<i32>,
    pub town_name: Option<String>,
    pub created_at: NaiveDateTime,
    pub last_used_at: Option<NaiveDateTime>,
    pub revoked_at: Option<NaiveDateTime>,
}

pub fn list(conn: &mut DbConnection) -> QueryResult<Vec<TokenListing>> {
    api_tokens::table
        .left_join(towns::table.on(api_tokens::town_id.eq(towns::id.nullable())))
        .select((
            api_tokens::id,
            api_tokens::name,
            api_tokens::town_id,
            towns::name.nullable(),
            api_tokens::created_at,
            api_tokens::last_used_at,
            api_tokens::revoked_at,
        ))
        .order(api_tokens::id.desc())
        .load(conn)
}

/// Issues a token; returns it in the clear, the only time it exists outside the client.
pub fn issue(
    conn: &mut DbConnection,
    name: &str,
    town_id: Option<i32>,
    actor: i32,
    now: NaiveDateTime,
) -> AppResult<String> {
    let secret = format!("{PREFIX}{}", token::new_token());
    write_transaction(conn, |conn| {
        diesel::insert_into(api_tokens::table)
            .values((
                api_tokens::name.eq(name),
                api_tokens::token_hash.eq(hash(&secret)),
                api_tokens::town_id.eq(town_id),
                api_tokens::created_by.eq(actor),
                api_tokens::created_at.eq(now),
            ))
            .execute(conn)?;
        audit::record_change(
            conn,
            now,
            Some(actor),
            "api_token.issue",
            name,
            &town_id.map_or("全市".into(), |t| format!("town:{t}")),
            ("", "有效"),
        )?;
        Ok::<_, AppError>(())
    })?;
    Ok(secret)
}

pub fn revoke(conn: &mut DbConnection, id: i32, actor: i32, now: NaiveDateTime) -> AppResult<()> {
    write_transaction(conn, |conn| {
        let n = diesel::update(
            api_tokens::table
                .filter(api_tokens::id.eq(id))
                .filter(api_tokens::revoked_at.is_null()),
        )
        .set(api_tokens::revoked_at.eq(Some(now)))
        .execute(conn)?;
        if n == 0 {
            return Err(AppError::conflict(Msg::key("tokens-already-revoked")));
        }
        audit::record_change(
            conn,
            now,
            Some(actor),
            "api_token.revoke",
            &format!("api_token:{id}"),
            "",
            ("有效", "已撤销"),
        )?;
        Ok(())
    })
}

/// A live token's scope: `Some(None)` for every town, `Some(Some(t))` for one town.
/// Notes the use at most once an hour, so reads stay reads.
pub fn authenticate(
    conn: &mut DbConnection,
    secret: &str,
    now: NaiveDateTime,
) -> QueryResult<Option<Option<i32>>> {
    let found: Option<(i32, Option<i32>, Option<NaiveDateTime>)> = api_tokens::table
        .filter(api_tokens::token_hash.eq(hash(secret)))
        .filter(api_tokens::revoked_at.is_null())
        .select((
            api_tokens::id,
            api_tokens::town_id,
            api_tokens::last_used_at,
        ))
        .first(conn)
        .optional()?;
    let Some((id, town, last)) = found else {
        return Ok(None);
    };
    if last.is_none_or(|l| now - l > Duration::hours(1)) {
        diesel::update(api_tokens::table.find(id))
            .set(api_tokens::last_used_at.eq(Some(now)))
            .execute(conn)?;
    }
    Ok(Some(town))
}
