//! The handling-mode matrix, computed from the facts on every read: certificates, who is
//! assigned where, the thresholds and the towns' zone selections. Nothing is cached, so a
//! revocation, a move or a new threshold shows in the very next request.

use std::collections::{HashMap, HashSet};

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use serde::Serialize;

use crate::db::schema::{centers, certificates, handling_thresholds, items, users, zone_items};
use crate::db::{write_transaction, DbConnection};
use crate::domain::handling::{
    cell, explain, forecast, takes_item, Cell, Holder, Level, Thresholds,
};
use crate::error::AppResult;
use crate::store::audit;
use crate::store::certificates::parse_day;

pub fn thresholds(conn: &mut DbConnection) -> QueryResult<Thresholds> {
    let mut k = Thresholds::default();
    for (level, required) in handling_thresholds::table
        .select((handling_thresholds::level, handling_thresholds::required))
        .load::<(String, i32)>(conn)?
    {
        match Level::parse(&level) {
            Some(Level::Town) => k.town = required.max(1) as u32,
            Some(Level::Zone) => k.zone = required.max(1) as u32,
            None => {}
        }
    }
    Ok(k)
}

pub fn set_thresholds(
    conn: &mut DbConnection,
    k: Thresholds,
    actor: i32,
    now: NaiveDateTime,
) -> AppResult<()> {
    write_transaction(conn, |conn| {
        let before = thresholds(conn)?;
        for (level, required) in [(Level::Town, k.town), (Level::Zone, k.zone)] {
            diesel::update(handling_thresholds::table.find(level.as_str()))
                .set(handling_thresholds::required.eq(required as i32))
                .execute(conn)?;
        }
        audit::record(
            conn,
            now,
            Some(actor),
            "handling.thresholds",
            "handling",
            &format!(
                "镇级 {} → {}，融合区 {} → {}",
                before.town, k.town, before.zone, k.zone
            ),
        )?;
        Ok(())
    })
}

/// The items a town hands down to its zones.
pub fn zone_selection(conn: &mut DbConnection, town_id: i32) -> QueryResult<Vec<i32>> {
    zone_items::table
        .filter(zone_items::town_id.eq(town_id))
        .select(zone_items::item_id)
        .load(conn)
}

/// Replaces a town's zone selection. Only delegated items can be chosen.
pub fn set_zone_selection(
    conn: &mut DbConnection,
    town_id: i32,
    item_ids: &[i32],
    actor: i32,
    now: NaiveDateTime,
) -> AppResult<usize> {
    write_transaction(conn, |conn| {
        let valid: Vec<i32> = items::table
            .filter(items::id.eq_any(item_ids))
            .filter(items::delegated.eq(true))
            .select(items::id)
            .load(conn)?;
        diesel::delete(zone_items::table.filter(zone_items::town_id.eq(town_id))).execute(conn)?;
        for &item in &valid {
            diesel::insert_into(zone_items::table)
                .values((
                    zone_items::town_id.eq(town_id),
                    zone_items::item_id.eq(item),
                ))
                .execute(conn)?;
        }
        audit::record(
            conn,
            now,
            Some(actor),
            "handling.zone_items",
            &format!("town:{town_id}"),
            &format!("下沉到党建融合发展区的事项：{} 项", valid.len()),
        )?;
        Ok(valid.len())
    })
}

/// Items that matter for handling, in catalog order.
#[derive(Debug, Clone, Serialize, Queryable)]
pub struct ItemRef {
    pub id: i32,
    pub code: String,
    pub seq: Option<i32>,
    pub name: String,
    pub delegated: bool,
}

pub fn catalog_items(conn: &mut DbConnection) -> QueryResult<Vec<ItemRef>> {
    items::table
        .select((
            items::id,
            items::code,
            items::seq,
            items::name,
            items::delegated,
        ))
        .order((items::common.desc(), items::seq.asc(), items::code.asc()))
        .load(conn)
}

#[derive(Debug, Clone, Serialize, Queryable)]
pub struct CenterRef {
    pub id: i32,
    pub code: String,
    pub name: String,
    pub town_id: i32,
    pub level: String,
}

impl CenterRef {
    pub fn level(&self) -> Level {
        Level::parse(&self.level).unwrap_or(Level::Zone)
    }
}

/// Centers in town order, town centers first; one town's, or all.
pub fn center_refs(conn: &mut DbConnection, town: Option<i32>) -> QueryResult<Vec<CenterRef>> {
    let mut q = centers::table
        .select((
            centers::id,
            centers::code,
            centers::name,
            centers::town_id,
            centers::level,
        ))
        .order((
            centers::town_id.asc(),
            centers::level.desc(),
            centers::code.asc(),
        ))
        .into_boxed();
    if let Some(t) = town {
        q = q.filter(centers::town_id.eq(t));
    }
    q.load(conn)
}

pub fn center_ref_by_code(conn: &mut DbConnection, code: &str) -> QueryResult<Option<CenterRef>> {
    centers::table
        .filter(centers::code.eq(code))
        .select((
            centers::id,
            centers::code,
            centers::name,
            centers::town_id,
            centers::level,
        ))
        .first(conn)
        .optional()
}

/// Everything the matrix is computed from, for a set of centers.
struct Facts {
    k: Thresholds,
    selected: HashSet<(i32, i32)>,
    /// (center, item, last valid day) of standing certificates of assigned workers,
    /// sorted so one cell's certificates are adjacent.
    ends: Vec<(i32, i32, NaiveDate)>,
}

fn facts(
    conn: &mut DbConnection,
    centers: Option<&[i32]>,
    item: Option<i32>,
    today: NaiveDate,
) -> QueryResult<Facts> {
    let k = thresholds(conn)?;
    let selected = zone_items::table
        .select((zone_items::town_id, zone_items::item_id))
        .load::<(i32, i32)>(conn)?
        .into_iter()
        .collect();
    let mut q = certificates::table
        .inner_join(users::table)
        .filter(certificates::status.eq("active"))
        .filter(certificates::ends_on.ge(today.to_string()))
        .filter(users::active.eq(true))
        .filter(users::role.eq("worker"))
        .select((
            users::center_id,
            certificates::item_id,
            certificates::ends_on,
        ))
        .into_boxed();
    if let Some(ids) = centers {
        q = q.filter(users::center_id.eq_any(ids.to_vec()));
    }
    if let Some(i) = item {
        q = q.filter(certificates::item_id.eq(i));
    }
    let mut ends: Vec<(i32, i32, NaiveDate)> = q
        .load::<(Option<i32>, i32, String)>(conn)?
        .into_iter()
        .filter_map(|(c, i, e)| c.map(|c| (c, i, parse_day(&e))))
        .collect();
    ends.sort_unstable();
    Ok(Facts { k, selected, ends })
}

impl Facts {
    /// Where each cell's certificates start and end in `ends`.
    fn index(&self) -> HashMap<(i32, i32), (usize, usize)> {
        let mut idx: HashMap<(i32, i32), (usize, usize)> = HashMap::new();
        for (pos, (c, i, _)) in self.ends.iter().enumerate() {
            idx.entry((*c, *i))
                .and_modify(|r| r.1 = pos + 1)
                .or_insert((pos, pos + 1));
        }
        idx
    }

    fn cell(
        &self,
        idx: &HashMap<(i32, i32), (usize, usize)>,
        center: &CenterRef,
        item: &ItemRef,
        today: NaiveDate,
        scratch: &mut Vec<NaiveDate>,
    ) -> Cell {
        let level = center.level();
        let taken = takes_item(
            level,
            item.delegated,
            self.selected.contains(&(center.town_id, item.id)),
        );
        scratch.clear();
        if let Some(&(a, b)) = idx.get(&(center.id, item.id)) {
            scratch.extend(self.ends[a..b].iter().map(|e| e.2));
        }
        cell(taken, self.k.required(level), scratch, today)
    }
}

/// The matrix for some centers: `cells[row][col]` for `centers[row]` and `items[col]`.
#[derive(Debug, Clone, Serialize)]
pub struct Matrix {
    pub items: Vec<ItemRef>,
    pub centers: Vec<CenterRef>,
    pub cells: Vec<Vec<Cell>>,
    pub thresholds: Thresholds,
}

pub fn matrix(
    conn: &mut DbConnection,
    centers: Vec<CenterRef>,
    all_centers: bool,
    today: NaiveDate,
) -> QueryResult<Matrix> {
    let items = catalog_items(conn)?;
    let ids: Vec<i32> = centers.iter().map(|c| c.id).collect();
    let f = facts(conn, (!all_centers).then_some(&ids[..]), None, today)?;
    let idx = f.index();
    let mut scratch = Vec::new();
    let cells = centers
        .iter()
        .map(|c| {
            items
                .iter()
                .map(|i| f.cell(&idx, c, i, today, &mut scratch))
                .collect()
        })
        .collect();
    Ok(Matrix {
        items,
        centers,
        cells,
        thresholds: f.k,
    })
}

/// One cell with the people behind it and its explanation.
#[derive(Debug, Clone, Serialize)]
pub struct CellDetail {
    pub item: ItemRef,
    pub cell: Cell,
    pub explanation: String,
    pub forecast: Option<String>,
    #[serde(skip)]
    pub holders: Vec<Holder>,
}

/// The certified workers assigned to a center, per item.
fn holders(
    conn: &mut DbConnection,
    center_id: i32,
    item: Option<i32>,
    today: NaiveDate,
) -> QueryResult<HashMap<i32, Vec<Holder>>> {
    let mut q = certificates::table
        .inner_join(users::table)
        .filter(users::center_id.eq(center_id))
        .filter(certificates::status.eq("active"))
        .filter(certificates::ends_on.ge(today.to_string()))
        .filter(users::active.eq(true))
        .filter(users::role.eq("worker"))
        .select((
            certificates::item_id,
            users::display_name,
            certificates::ends_on,
        ))
        .into_boxed();
    if let Some(i) = item {
        q = q.filter(certificates::item_id.eq(i));
    }
    let mut out: HashMap<i32, Vec<Holder>> = HashMap::new();
    for (item, name, ends) in q.load::<(i32, String, String)>(conn)? {
        out.entry(item).or_default().push(Holder {
            name,
            ends_on: parse_day(&ends),
        });
    }
    Ok(out)
}

/// A center's row: every catalog item with its mode, reasons and forecast.
pub fn row(
    conn: &mut DbConnection,
    center: &CenterRef,
    only_item: Option<i32>,
    today: NaiveDate,
) -> QueryResult<Vec<CellDetail>> {
    let items: Vec<ItemRef> = catalog_items(conn)?
        .into_iter()
        .filter(|i| only_item.is_none_or(|o| o == i.id))
        .collect();
    let f = facts(conn, Some(&[center.id]), only_item, today)?;
    let idx = f.index();
    let mut by_item = holders(conn, center.id, only_item, today)?;
    let mut scratch = Vec::new();
    Ok(items
        .into_iter()
        .map(|item| {
            let c = f.cell(&idx, center, &item, today, &mut scratch);
            let people = by_item.remove(&item.id).unwrap_or_default();
            CellDetail {
                explanation: explain(&c, &people, today),
                forecast: forecast(&c),
                cell: c,
                holders: people,
                item,
            }
        })
        .collect())
}
