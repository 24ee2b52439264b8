//! Importing an item catalog: all rows in one transaction, with an audit row.

use std::collections::{HashMap, HashSet};

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::schema::{bureaus, item_bureaus, items};
use crate::db::{write_transaction, DbConnection};
use crate::domain::catalog::CatalogRow;
use crate::store::audit;

/// What the catalog parser needs to know: bureau names and codes, and the protected codes.
pub fn context(conn: &mut DbConnection) -> QueryResult<(HashMap<String, String>, HashSet<String>)> {
    let rows: Vec<(String, String)> = bureaus::table
        .select((bureaus::code, bureaus::name))
        .load(conn)?;
    let mut map = HashMap::new();
    for (code, name) in rows {
        map.insert(name, code.clone());
        map.insert(code.clone(), code);
    }
    let protected: Vec<String> = items::table
        .filter(items::source.eq("plan"))
        .select(items::code)
        .load(conn)?;
    Ok((map, protected.into_iter().collect()))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ImportSummary {
    pub created: usize,
    pub updated: usize,
}

pub fn import(
    conn: &mut DbConnection,
    rows: &[CatalogRow],
    actor_id: Option<i32>,
    file_name: &str,
    now: NaiveDateTime,
) -> QueryResult<ImportSummary> {
    write_transaction(conn, |conn| {
        let bureau_ids: HashMap<String, i32> = bureaus::table
            .select((bureaus::code, bureaus::id))
            .load::<(String, i32)>(conn)?
            .into_iter()
            .collect();
        let mut summary = ImportSummary::default();
        for row in rows {
            let existing: Option<i32> = items::table
                .filter(items::code.eq(&row.code))
                .select(items::id)
                .first(conn)
                .optional()?;
            let item_id = match existing {
                Some(id) => {
                    diesel::update(items::table.find(id))
                        .set((
                            items::name.eq(&row.name),
                            items::seq.eq(row.seq),
                            items::common.eq(row.common),
                            items::updated_at.eq(now),
                        ))
                        .execute(conn)?;
                    diesel::delete(item_bureaus::table.filter(item_bureaus::item_id.eq(id)))
                        .execute(conn)?;
                    summary.updated += 1;
                    id
                }
                None => {
                    diesel::insert_into(items::table)
                        .values((
                            items::code.eq(&row.code),
                            items::seq.eq(row.seq),
                            items::name.eq(&row.name),
                            items::common.eq(row.common),
                            items::source.eq("import"),
                            items::created_at.eq(now),
                            items::updated_at.eq(now),
                        ))
                        .execute(conn)?;
                    summary.created += 1;
                    items::table
                        .filter(items::code.eq(&row.code))
                        .select(items::id)
                        .first(conn)?
                }
            };
            for code in &row.bureau_codes {
                let bureau_id = *bureau_ids
                    .get(code)
                    .ok_or(diesel::result::Error::NotFound)?;
                diesel::insert_into(item_bureaus::table)
                    .values((
                        item_bureaus::item_id.eq(item_id),
                        item_bureaus::bureau_id.eq(bureau_id),
                    ))
                    .execute(conn)?;
            }
        }
        audit::record(
            conn,
            now,
            actor_id,
            "catalog.import",
            file_name,
            &format!("新增 {} 项，更新 {} 项", summary.created, summary.updated),
        )?;
        Ok(summary)
    })
}
