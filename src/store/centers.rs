//! Towns and their service centers (党群服务中心), town level and zone level.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use serde::Serialize;

use crate::db::schema::{centers, towns, users};
use crate::db::DbConnection;
use crate::domain::pagination::PageRequest;
use crate::policy::CenterScope;

#[derive(Debug, Clone, Serialize, Queryable, Selectable)]
#[diesel(table_name = towns)]
pub struct Town {
    pub id: i32,
    pub code: String,
    pub name: String,
    pub kind: String,
    pub seq: i32,
}

#[derive(Debug, Clone, Serialize, Queryable, Selectable)]
#[diesel(table_name = centers)]
pub struct Center {
    pub id: i32,
    pub code: String,
    pub name: String,
    pub town_id: i32,
    pub level: String,
    pub pilot: bool,
    pub demo: bool,
}

/// A center as listed: with its town and how many 全科社工 serve there today.
#[derive(Debug, Clone, Serialize)]
pub struct CenterView {
    #[serde(flatten)]
    pub center: Center,
    pub town_code: String,
    pub town_name: String,
    pub workers: i64,
}

pub fn towns(conn: &mut DbConnection) -> QueryResult<Vec<Town>> {
    towns::table
        .select(Town::as_select())
        .order(towns::seq.asc())
        .load(conn)
}

pub fn town(conn: &mut DbConnection, id: i32) -> QueryResult<Town> {
    towns::table.find(id).select(Town::as_select()).first(conn)
}

pub fn town_by_code(conn: &mut DbConnection, code: &str) -> QueryResult<Option<Town>> {
    towns::table
        .filter(towns::code.eq(code))
        .select(Town::as_select())
        .first(conn)
        .optional()
}

fn scoped(
    scope: CenterScope,
) -> centers::BoxedQuery<'static, <DbConnection as diesel::Connection>::Backend> {
    let q = centers::table.into_boxed();
    match scope {
        CenterScope::All => q,
        CenterScope::Town(t) => q.filter(centers::town_id.eq(t)),
        CenterScope::Center(c) => q.filter(centers::id.eq(c)),
    }
}

pub fn count(conn: &mut DbConnection, scope: CenterScope) -> QueryResult<i64> {
    scoped(scope).count().get_result(conn)
}

/// Centers by town, the town's own center before its zones.
pub fn list(
    conn: &mut DbConnection,
    scope: CenterScope,
    page: Option<PageRequest>,
) -> QueryResult<Vec<CenterView>> {
    let mut q = scoped(scope)
        .inner_join(towns::table)
        .select((Center::as_select(), towns::code, towns::name))
        .order((towns::seq.asc(), centers::level.desc(), centers::code.asc()));
    if let Some(p) = page {
        q = q.limit(p.size).offset(p.offset());
    }
    let rows: Vec<(Center, String, String)> = q.load(conn)?;
    let ids: Vec<i32> = rows.iter().map(|(c, _, _)| c.id).collect();
    let counts: Vec<(Option<i32>, i64)> = users::table
        .filter(users::center_id.eq_any(ids.iter().map(|&i| Some(i)).collect::<Vec<_>>()))
        .filter(users::active.eq(true))
        .filter(users::posting.eq("serving"))
        .group_by(users::center_id)
        .select((users::center_id, diesel::dsl::count_star()))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|(center, town_code, town_name)| {
            let workers = counts
                .iter()
                .find(|(id, _)| *id == Some(center.id))
                .map(|(_, n)| *n)
                .unwrap_or(0);
            CenterView {
                center,
                town_code,
                town_name,
                workers,
            }
        })
        .collect())
}

pub fn find_by_code(conn: &mut DbConnection, code: &str) -> QueryResult<Option<Center>> {
    centers::table
        .filter(centers::code.eq(code))
        .select(Center::as_select())
        .first(conn)
        .optional()
}

pub fn find(conn: &mut DbConnection, id: i32) -> QueryResult<Center> {
    centers::table
        .find(id)
        .select(Center::as_select())
        .first(conn)
}

pub struct NewCenter<'a> {
    pub code: &'a str,
    pub name: &'a str,
    pub town_id: i32,
    pub level: &'a str,
    pub pilot: bool,
    pub demo: bool,
}

pub fn insert(conn: &mut DbConnection, c: &NewCenter, now: NaiveDateTime) -> QueryResult<Center> {
    diesel::insert_into(centers::table)
        .values((
            centers::code.eq(c.code),
            centers::name.eq(c.name),
            centers::town_id.eq(c.town_id),
            centers::level.eq(c.level),
            centers::pilot.eq(c.pilot),
            centers::demo.eq(c.demo),
            centers::created_at.eq(now),
        ))
        .execute(conn)?;
    centers::table
        .filter(centers::code.eq(c.code))
        .select(Center::as_select())
        .first(conn)
}

/// The next free zone code in a town: `<town>-z01`, `<town>-z02`, …
pub fn next_zone_code(conn: &mut DbConnection, town: &Town) -> QueryResult<String> {
    let existing: i64 = centers::table
        .filter(centers::town_id.eq(town.id))
        .filter(centers::level.eq("zone"))
        .count()
        .get_result(conn)?;
    let mut n = existing + 1;
    loop {
        let code = format!("{}-z{:02}", town.code, n);
        if find_by_code(conn, &code)?.is_none() {
            return Ok(code);
        }
        n += 1;
    }
}

/// Active worker accounts of one center: (username, display name).
pub fn workers_of(conn: &mut DbConnection, center_id: i32) -> QueryResult<Vec<(String, String)>> {
    users::table
        .filter(users::center_id.eq(center_id))
        .filter(users::active.eq(true))
        .filter(users::posting.eq("serving"))
        .select((users::username, users::display_name))
        .order(users::username.asc())
        .load(conn)
}
