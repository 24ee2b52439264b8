//! Accounts: who they are, their role and the one bureau, town or center they belong to.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use serde::Serialize;

use crate::db::schema::{bureaus, centers, towns, users};
use crate::db::DbConnection;
use crate::domain::pagination::PageRequest;
use crate::domain::role::{Role, ScopeKind};
use crate::i18n::Msg;
use crate::policy::UserScope;

#[derive(Debug, Clone, Queryable, Selectable, Serialize)]
#[diesel(table_name = users)]
pub struct UserRow {
    pub id: i32,
    pub username: String,
    pub display_name: String,
    #[serde(skip)]
    pub password_hash: String,
    pub role: String,
    pub bureau_id: Option<i32>,
    pub town_id: Option<i32>,
    pub center_id: Option<i32>,
    pub active: bool,
    pub demo: bool,
    pub created_at: NaiveDateTime,
    pub password_changed_at: NaiveDateTime,
    pub email: Option<String>,
    pub category: String,
    pub phone: String,
    pub position: String,
    pub posting: String,
    pub lang: String,
}

impl UserRow {
    /// Rows only ever hold valid roles (a CHECK constraint); a stray value gets no rights.
    pub fn role(&self) -> Option<Role> {
        Role::parse(&self.role)
    }
}

/// The organisation ids a role's account is tied to, looked up from the codes people type.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Membership {
    pub bureau_id: Option<i32>,
    pub town_id: Option<i32>,
    pub center_id: Option<i32>,
}

#[derive(Debug, Clone)]
pub struct NewUser {
    pub username: String,
    pub display_name: String,
    pub password_hash: String,
    pub role: Role,
    pub membership: Membership,
    pub demo: bool,
    pub email: Option<String>,
}

/// Resolves the bureau, town or center code a role needs. Returns a message naming what
/// to type when the code is missing, unknown, or given for a role that takes none.
pub fn resolve_membership(
    conn: &mut DbConnection,
    role: Role,
    code: Option<&str>,
) -> Result<Membership, Msg> {
    let code = code.map(str::trim).filter(|c| !c.is_empty());
    let need = |key: &'static str| Msg::key(key).arg("role", role.as_str());
    match (role.scope_kind(), code) {
        (ScopeKind::City, None) => Ok(Membership::default()),
        (ScopeKind::City, Some(_)) => {
            Err(Msg::key("users-city-role-no-unit").arg("role", role.as_str()))
        }
        (ScopeKind::Bureau, None) => Err(need("users-role-needs-bureau")),
        (ScopeKind::Town, None) => Err(need("users-role-needs-town")),
        (ScopeKind::Center, None) => Err(need("users-role-needs-center")),
        (ScopeKind::Bureau, Some(c)) => bureaus::table
            .filter(bureaus::code.eq(c))
            .select(bureaus::id)
            .first(conn)
            .optional()
            .map_err(|e| Msg::from(e.to_string()))?
            .map(|id| Membership {
                bureau_id: Some(id),
                ..Default::default()
            })
            .ok_or_else(|| Msg::key("users-no-such-bureau").arg("code", c)),
        (ScopeKind::Town, Some(c)) => towns::table
            .filter(towns::code.eq(c))
            .select(towns::id)
            .first(conn)
            .optional()
            .map_err(|e| Msg::from(e.to_string()))?
            .map(|id| Membership {
                town_id: Some(id),
                ..Default::default()
            })
            .ok_or_else(|| Msg::key("users-no-such-town").arg("code", c)),
        (ScopeKind::Center, Some(c)) => centers::table
            .filter(centers::code.eq(c))
            .select(centers::id)
            .first(conn)
            .optional()
            .map_err(|e| Msg::from(e.to_string()))?
            .map(|id| Membership {
                center_id: Some(id),
                ..Default::default()
            })
            .ok_or_else(|| Msg::key("users-no-such-center").arg("code", c)),
    }
}

pub fn find_by_username(conn: &mut DbConnection, username: &str) -> QueryResult<Option<UserRow>> {
    users::table
        .filter(users::username.eq(username.trim().to_lowercase()))
        .select(UserRow::as_select())
        .first(conn)
        .optional()
}

pub fn find(conn: &mut DbConnection, id: i32) -> QueryResult<UserRow> {
    users::table
        .find(id)
        .select(UserRow::as_select())
        .first(conn)
}

pub fn username_taken(conn: &mut DbConnection, username: &str) -> QueryResult<bool> {
    Ok(find_by_username(conn, username)?.is_some())
}

pub fn insert(conn: &mut DbConnection, u: &NewUser, now: NaiveDateTime) -> QueryResult<UserRow> {
    diesel::insert_into(users::table)
        .values((
            users::username.eq(&u.username),
            users::display_name.eq(&u.display_name),
            users::password_hash.eq(&u.password_hash),
            users::role.eq(u.role.as_str()),
            users::bureau_id.eq(u.membership.bureau_id),
            users::town_id.eq(u.membership.town_id),
            users::center_id.eq(u.membership.center_id),
            users::active.eq(true),
            users::demo.eq(u.demo),
            users::created_at.eq(now),
            users::password_changed_at.eq(now),
            users::email.eq(&u.email),
        ))
        .execute(conn)?;
    let row: UserRow = users::table
        .filter(users::username.eq(&u.username))
        .select(UserRow::as_select())
        .first(conn)?;
    if let Some(center) = row.center_id {
        crate::store::roster::record_hire(conn, row.id, center, now)?;
    }
    Ok(row)
}

pub fn set_active(conn: &mut DbConnection, id: i32, active: bool) -> QueryResult<usize> {
    diesel::update(users::table.find(id))
        .set(users::active.eq(active))
        .execute(conn)
}

pub fn set_password(
    conn: &mut DbConnection,
    id: i32,
    hash: &str,
    now: NaiveDateTime,
) -> QueryResult<usize> {
    diesel::update(users::table.find(id))
        .set((
            users::password_hash.eq(hash),
            users::password_changed_at.eq(now),
        ))
        .execute(conn)
}

pub fn set_role(
    conn: &mut DbConnection,
    id: i32,
    role: Role,
    m: Membership,
    now: NaiveDateTime,
) -> QueryResult<usize> {
    diesel::update(users::table.find(id))
        .set((
            users::role.eq(role.as_str()),
            users::bureau_id.eq(m.bureau_id),
            users::town_id.eq(m.town_id),
            users::center_id.eq(m.center_id),
        ))
        .execute(conn)?;
    if let Some(center) = m.center_id {
        crate::store::roster::record_hire(conn, id, center, now)?;
    }
    Ok(1)
}

/// A user as listed: with the name of the bureau, town or center it belongs to.
#[derive(Debug, Clone, Serialize)]
pub struct UserListing {
    pub id: i32,
    pub username: String,
    pub display_name: String,
    pub role: String,
    pub unit: String,
    pub active: bool,
}

fn scoped(
    scope: UserScope,
) -> users::BoxedQuery<'static, <DbConnection as diesel::Connection>::Backend> {
    let q = users::table.into_boxed();
    match scope {
        UserScope::All => q,
        UserScope::Town(town_id) => {
            let town_centers = centers::table
                .filter(centers::town_id.eq(town_id))
                .select(centers::id);
            q.filter(
                users::town_id
                    .eq(town_id)
                    .or(users::center_id.eq_any(town_centers.nullable())),
            )
        }
        UserScope::Center(center_id) => q.filter(users::center_id.eq(center_id)),
        UserScope::Nobody => q.filter(users::id.eq(-1)),
    }
}

pub fn count(conn: &mut DbConnection, scope: UserScope, role: Option<Role>) -> QueryResult<i64> {
    let mut q = scoped(scope);
    if let Some(r) = role {
        q = q.filter(users::role.eq(r.as_str()));
    }
    q.count().get_result(conn)
}

pub fn list(
    conn: &mut DbConnection,
    scope: UserScope,
    role: Option<Role>,
    page: PageRequest,
) -> QueryResult<Vec<UserListing>> {
    let mut q = scoped(scope);
    if let Some(r) = role {
        q = q.filter(users::role.eq(r.as_str()));
    }
    let rows: Vec<UserRow> = q
        .select(UserRow::as_select())
        .order(users::username.asc())
        .limit(page.size)
        .offset(page.offset())
        .load(conn)?;
    rows.into_iter()
        .map(|u| {
            let unit = unit_name(conn, &u)?;
            Ok(UserListing {
                id: u.id,
                username: u.username,
                display_name: u.display_name,
                role: u.role,
                unit,
                active: u.active,
            })
        })
        .collect()
}

/// The name of what the account belongs to: a bureau, a town, a center, or the city.
pub fn unit_name(conn: &mut DbConnection, u: &UserRow) -> QueryResult<String> {
    if let Some(id) = u.bureau_id {
        return bureaus::table.find(id).select(bureaus::name).first(conn);
    }
    if let Some(id) = u.town_id {
        return towns::table.find(id).select(towns::name).first(conn);
    }
    if let Some(id) = u.center_id {
        return centers::table.find(id).select(centers::name).first(conn);
    }
    Ok("招远市".into())
}

/// Display name and email of accounts, for notifications (accounts without email are left out).
/// Whom mail goes to, in which language.
#[derive(Debug, Clone)]
pub struct Contact {
    pub id: i32,
    pub name: String,
    pub email: String,
    pub lang: String,
}

/// The active users among `ids` who have an email address.
pub fn contacts(conn: &mut DbConnection, ids: &[i32]) -> QueryResult<Vec<Contact>> {
    let rows: Vec<(i32, String, Option<String>, String)> = users::table
        .filter(users::id.eq_any(ids))
        .filter(users::active.eq(true))
        .select((users::id, users::display_name, users::email, users::lang))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .filter_map(|(id, name, email, lang)| {
            let email = email.filter(|e| !e.is_empty())?;
            Some(Contact {
                id,
                name,
                email,
                lang,
            })
        })
        .collect())
}

/// The active managers of a town.
pub fn managers_of(conn: &mut DbConnection, town_id: i32) -> QueryResult<Vec<i32>> {
    users::table
        .filter(users::role.eq("manager"))
        .filter(users::town_id.eq(town_id))
        .filter(users::active.eq(true))
        .select(users::id)
        .load(conn)
}

/// The active accounts of a role, e.g. the organization department to tell of a request.
pub fn ids_with_role(conn: &mut DbConnection, role: Role) -> QueryResult<Vec<i32>> {
    users::table
        .filter(users::role.eq(role.as_str()))
        .filter(users::active.eq(true))
        .select(users::id)
        .load(conn)
}
