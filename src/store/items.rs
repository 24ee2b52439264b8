//! Delegated items (下沉事项) and their responsible bureaus.

use std::collections::HashMap;

use diesel::prelude::*;
use serde::Serialize;

use crate::db::schema::{bureaus, item_bureaus, items};
use crate::db::DbConnection;
use crate::domain::pagination::PageRequest;
use crate::policy::ItemScope;

#[derive(Debug, Clone, Serialize, Queryable, Selectable)]
#[diesel(table_name = bureaus)]
pub struct Bureau {
    pub id: i32,
    pub code: String,
    pub name: String,
    pub seq: i32,
}

#[derive(Debug, Clone, Serialize, Queryable, Selectable)]
#[diesel(table_name = items)]
pub struct ItemRow {
    pub id: i32,
    pub code: String,
    pub seq: Option<i32>,
    pub name: String,
    pub common: bool,
    pub source: String,
    /// Towns take this item (all common items do).
    pub delegated: bool,
    /// How long a certificate for this item is valid.
    pub cert_months: i32,
}

/// An item with the bureaus responsible for it, as pages and the API show it.
#[derive(Debug, Clone, Serialize)]
pub struct ItemView {
    #[serde(flatten)]
    pub item: ItemRow,
    pub bureaus: Vec<Bureau>,
}

#[derive(Debug, Clone, Default)]
pub struct ItemFilter {
    pub common_only: bool,
    pub query: Option<String>,
}

fn scoped(
    scope: ItemScope,
    filter: &ItemFilter,
) -> items::BoxedQuery<'static, <DbConnection as diesel::Connection>::Backend> {
    let mut q = items::table.into_boxed();
    if let ItemScope::Bureau(bureau_id) = scope {
        let of_bureau = item_bureaus::table
            .filter(item_bureaus::bureau_id.eq(bureau_id))
            .select(item_bureaus::item_id);
        q = q.filter(items::id.eq_any(of_bureau));
    }
    if filter.common_only {
        q = q.filter(items::common.eq(true));
    }
    if let Some(text) = filter.query.as_deref().filter(|t| !t.trim().is_empty()) {
        let pattern = super::like_pattern(text.trim());
        q = q.filter(
            items::name
                .like(pattern.clone())
                .escape('\\')
                .or(items::code.like(pattern).escape('\\')),
        );
    }
    q
}

pub fn count(conn: &mut DbConnection, scope: ItemScope, filter: &ItemFilter) -> QueryResult<i64> {
    scoped(scope, filter).count().get_result(conn)
}

/// Items in catalog order: the plan's common items by 序号 first, then imported ones by code.
pub fn list(
    conn: &mut DbConnection,
    scope: ItemScope,
    filter: &ItemFilter,
    page: Option<PageRequest>,
) -> QueryResult<Vec<ItemView>> {
    let mut q = scoped(scope, filter).select(ItemRow::as_select()).order((
        items::common.desc(),
        items::seq.asc(),
        items::code.asc(),
    ));
    if let Some(p) = page {
        q = q.limit(p.size).offset(p.offset());
    }
    let rows = q.load(conn)?;
    with_bureaus(conn, rows)
}

fn with_bureaus(conn: &mut DbConnection, rows: Vec<ItemRow>) -> QueryResult<Vec<ItemView>> {
    let ids: Vec<i32> = rows.iter().map(|r| r.id).collect();
    let links: Vec<(i32, Bureau)> = item_bureaus::table
        .inner_join(bureaus::table)
        .filter(item_bureaus::item_id.eq_any(&ids))
        .select((item_bureaus::item_id, Bureau::as_select()))
        .order(bureaus::seq.asc())
        .load(conn)?;
    let mut by_item: HashMap<i32, Vec<Bureau>> = HashMap::new();
    for (item_id, b) in links {
        by_item.entry(item_id).or_default().push(b);
    }
    Ok(rows
        .into_iter()
        .map(|item| ItemView {
            bureaus: by_item.remove(&item.id).unwrap_or_default(),
            item,
        })
        .collect())
}

pub fn find_by_code(conn: &mut DbConnection, code: &str) -> QueryResult<Option<ItemView>> {
    let row = items::table
        .filter(items::code.eq(code))
        .select(ItemRow::as_select())
        .first(conn)
        .optional()?;
    match row {
        Some(r) => Ok(with_bureaus(conn, vec![r])?.pop()),
        None => Ok(None),
    }
}

pub fn bureaus(conn: &mut DbConnection) -> QueryResult<Vec<Bureau>> {
    bureaus::table
        .select(Bureau::as_select())
        .order(bureaus::seq.asc())
        .load(conn)
}

pub fn bureau(conn: &mut DbConnection, id: i32) -> QueryResult<Bureau> {
    bureaus::table
        .find(id)
        .select(Bureau::as_select())
        .first(conn)
}

/// Sets whether towns take the item and how long its certificates last. Certificates
/// already issued keep their dates.
pub fn set_handling(
    conn: &mut DbConnection,
    item_id: i32,
    delegated: bool,
    cert_months: i32,
    actor: i32,
    now: chrono::NaiveDateTime,
) -> crate::error::AppResult<()> {
    crate::db::write_transaction(conn, |conn| {
        diesel::update(items::table.find(item_id))
            .set((
                items::delegated.eq(delegated),
                items::cert_months.eq(cert_months),
                items::updated_at.eq(now),
            ))
            .execute(conn)?;
        crate::store::audit::record(
            conn,
            now,
            Some(actor),
            "item.handling",
            &format!("item:{item_id}"),
            &format!(
                "{}，证书有效期 {cert_months} 个月",
                if delegated {
                    "下沉到镇"
                } else {
                    "不下沉"
                }
            ),
        )?;
        Ok(())
    })
}

/// An item's name, for sentences that mention it.
pub fn name_of(conn: &mut DbConnection, id: i32) -> QueryResult<String> {
    items::table.find(id).select(items::name).first(conn)
}
