//! The handling-mode matrix, computed from the facts on every read: certificates, who is
//! assigned where, the thresholds and the towns' zone selections. Nothing is cached, so a
//! revocation, a move or a new threshold shows in the very next request.

use std::collections::{HashMap, HashSet};

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use serde::Serialize;

use crate::db::schema::{
    centers, certificates, handling_thresholds, items, users, zone_items, zone_selection_log,
};
use crate::db::{write_transaction, DbConnection};
use crate::domain::certification::{day_number, from_day_number};
use crate::domain::handling::{
    cell, explain, forecast, takes_item, Cell, HandlingMode, Holder, Level, Thresholds,
};
use crate::error::AppResult;
use crate::i18n::Msg;
use crate::store::audit;

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
        let ids: Vec<String> = valid.iter().map(i32::to_string).collect();
        diesel::insert_into(zone_selection_log::table)
            .values((
                zone_selection_log::town_id.eq(town_id),
                zone_selection_log::changed_on.eq(crate::domain::cst::date_of(now).to_string()),
                zone_selection_log::item_ids.eq(ids.join(",")),
                zone_selection_log::changed_at.eq(now),
            ))
            .execute(conn)?;
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

/// One item by its number in the plan (序号) or by its code.
pub fn item_by_key(conn: &mut DbConnection, key: &str) -> QueryResult<Option<ItemRef>> {
    let q = items::table
        .select((
            items::id,
            items::code,
            items::seq,
            items::name,
            items::delegated,
        ))
        .into_boxed();
    let q = match key.parse::<i32>() {
        Ok(seq) => q.filter(items::seq.eq(seq)),
        Err(_) => q.filter(items::code.eq(key)),
    };
    q.first(conn).optional()
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

impl From<&crate::store::centers::Center> for CenterRef {
    fn from(c: &crate::store::centers::Center) -> Self {
        Self {
            id: c.id,
            code: c.code.clone(),
            name: c.name.clone(),
            town_id: c.town_id,
            level: c.level.clone(),
        }
    }
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
            centers::level.asc(),
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

/// The active workers of some centers (all when None): (user id, center id).
fn assigned_workers(
    conn: &mut DbConnection,
    centers: Option<&[i32]>,
) -> QueryResult<Vec<(i32, i32)>> {
    let mut q = users::table
        .filter(users::active.eq(true))
        .filter(users::role.eq("worker"))
        .filter(users::posting.eq("serving"))
        .select((users::id, users::center_id))
        .into_boxed();
    if let Some(ids) = centers {
        q = q.filter(users::center_id.eq_any(ids.to_vec()));
    }
    Ok(q.load::<(i32, Option<i32>)>(conn)?
        .into_iter()
        .filter_map(|(u, c)| c.map(|c| (u, c)))
        .collect())
}

/// Standing certificates (not ended by `today`) as (user, item, last day number), of the
/// given workers or of everyone. Everyone's is a range scan of the covering index
/// `certificates_standing`. A few workers' certificates are read by `certificates_user`
/// and filtered here: with the status in the query, SQLite would pick the range scan.
fn standing_certificates(
    conn: &mut DbConnection,
    workers: Option<Vec<i32>>,
    item: Option<i32>,
    today: NaiveDate,
) -> QueryResult<Vec<(i32, i32, i32)>> {
    let today = day_number(today);
    let Some(ids) = workers else {
        let mut q = certificates::table
            .filter(certificates::status.eq("active"))
            .filter(certificates::ends_day.ge(today))
            .select((
                certificates::user_id,
                certificates::item_id,
                certificates::ends_day,
            ))
            .into_boxed();
        if let Some(i) = item {
            q = q.filter(certificates::item_id.eq(i));
        }
        return q.load(conn);
    };
    let mut q = certificates::table
        .filter(certificates::user_id.eq_any(ids))
        .select((
            certificates::user_id,
            certificates::item_id,
            certificates::status,
            certificates::ends_day,
        ))
        .into_boxed();
    if let Some(i) = item {
        q = q.filter(certificates::item_id.eq(i));
    }
    Ok(q.load::<(i32, i32, String, i32)>(conn)?
        .into_iter()
        .filter(|(_, _, status, ends)| status == "active" && *ends >= today)
        .map(|(u, i, _, e)| (u, i, e))
        .collect())
}

/// Where each id sits in a list.
fn positions(ids: impl Iterator<Item = i32>) -> HashMap<i32, usize> {
    ids.enumerate().map(|(pos, id)| (id, pos)).collect()
}

/// Everything one grid of cells (some centers × some items) is computed from. The last
/// valid days of each cell's certificates sit together in `days`, cell by cell (a
/// counting sort), so no cell needs a lookup.
struct Facts {
    k: Thresholds,
    selected: HashSet<(i32, i32)>,
    n_items: usize,
    /// `days[starts[cell]..starts[cell + 1]]` are the cell's days; cell = row × items + col.
    starts: Vec<u32>,
    days: Vec<NaiveDate>,
}

impl Facts {
    /// Gathers the facts for `centers` × `items` as they stand today. `every_center` says
    /// the centers are all there are, so the certificates are read in one range scan
    /// instead of by worker. `moved` puts one worker at another center (or none) first:
    /// the what-if of a transfer.
    fn gather(
        conn: &mut DbConnection,
        centers: &[CenterRef],
        items: &[ItemRef],
        every_center: bool,
        today: NaiveDate,
        moved: Option<(i32, Option<i32>)>,
    ) -> QueryResult<Facts> {
        let only_item = (items.len() == 1).then(|| items[0].id);
        let one_town = (centers.len() == 1).then(|| centers[0].town_id);
        let mut zq = zone_items::table
            .select((zone_items::town_id, zone_items::item_id))
            .into_boxed();
        if let Some(t) = one_town {
            zq = zq.filter(zone_items::town_id.eq(t));
        }
        if let Some(i) = only_item {
            zq = zq.filter(zone_items::item_id.eq(i));
        }
        let selected = zq.load::<(i32, i32)>(conn)?.into_iter().collect();
        let center_ids: Vec<i32> = centers.iter().map(|c| c.id).collect();
        let mut workers = assigned_workers(conn, (!every_center).then_some(&center_ids[..]))?;
        if let Some((user, to)) = moved {
            workers.retain(|w| w.0 != user);
            workers.extend(to.map(|c| (user, c)));
        }
        let only = (!every_center).then(|| workers.iter().map(|w| w.0).collect());
        let certs = standing_certificates(conn, only, only_item, today)?;
        Ok(Facts::build(
            thresholds(conn)?,
            selected,
            centers,
            items,
            &workers,
            certs,
        ))
    }

    /// The facts on a past (or present) day, from the roster history, the certificates
    /// that stood that day and the zone selection of that day.
    fn gather_on(
        conn: &mut DbConnection,
        centers: &[CenterRef],
        items: &[ItemRef],
        on: NaiveDate,
    ) -> QueryResult<Facts> {
        let center_ids: Vec<i32> = centers.iter().map(|c| c.id).collect();
        let workers: Vec<(i32, i32)> =
            crate::store::roster::places_on(conn, Some(&center_ids), on)?
                .into_iter()
                .filter(|p| p.posting == crate::domain::staffing::Posting::Serving)
                .map(|p| (p.user_id, p.center_id))
                .collect();
        let certs = certificates_standing_on(conn, workers.iter().map(|w| w.0).collect(), on)?;
        let selected = zone_selection_on(conn, on)?;
        Ok(Facts::build(
            thresholds(conn)?,
            selected,
            centers,
            items,
            &workers,
            certs,
        ))
    }

    /// Lays out the certificates of the workers cell by cell.
    fn build(
        k: Thresholds,
        selected: HashSet<(i32, i32)>,
        centers: &[CenterRef],
        items: &[ItemRef],
        workers: &[(i32, i32)],
        certs: Vec<(i32, i32, i32)>,
    ) -> Facts {
        let row_of = positions(centers.iter().map(|c| c.id));
        // user id -> row of the worker's center
        let row_of_user: HashMap<i32, usize> = workers
            .iter()
            .filter_map(|&(u, c)| row_of.get(&c).map(|&row| (u, row)))
            .collect();
        let col_of = positions(items.iter().map(|i| i.id));
        let n_items = items.len();
        let cells: Vec<(usize, i32)> = certs
            .into_iter()
            .filter_map(|(u, i, day)| {
                let row = *row_of_user.get(&u)?;
                let col = *col_of.get(&i)?;
                Some((row * n_items + col, day))
            })
            .collect();
        let mut starts = vec![0u32; centers.len() * n_items + 1];
        for &(cell, _) in &cells {
            starts[cell + 1] += 1;
        }
        for i in 1..starts.len() {
            starts[i] += starts[i - 1];
        }
        let mut fill = starts.clone();
        let mut days = vec![NaiveDate::MIN; cells.len()];
        for (cell, day) in cells {
            days[fill[cell] as usize] = from_day_number(day);
            fill[cell] += 1;
        }
        Facts {
            k,
            selected,
            n_items,
            starts,
            days,
        }
    }

    fn cell(
        &self,
        row: usize,
        col: usize,
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
        let i = row * self.n_items + col;
        scratch.clear();
        scratch.extend_from_slice(&self.days[self.starts[i] as usize..self.starts[i + 1] as usize]);
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

/// One town's summary of the matrix: per item, how many of its centers take the item and
/// how many of those handle it directly.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TownTally {
    pub centers: u32,
    pub taking: Vec<u32>,
    pub direct: Vec<u32>,
}

impl Matrix {
    /// Sums the cells per town, in one pass over the matrix; `towns` gives the order.
    pub fn by_town(&self, towns: &[i32]) -> Vec<TownTally> {
        let index = positions(towns.iter().copied());
        let n = self.items.len();
        let mut out = vec![
            TownTally {
                centers: 0,
                taking: vec![0; n],
                direct: vec![0; n],
            };
            towns.len()
        ];
        for (center, cells) in self.centers.iter().zip(&self.cells) {
            let Some(t) = index.get(&center.town_id).map(|&i| &mut out[i]) else {
                continue;
            };
            t.centers += 1;
            for (col, cell) in cells.iter().enumerate() {
                match cell.mode {
                    HandlingMode::Direct => {
                        t.taking[col] += 1;
                        t.direct[col] += 1;
                    }
                    HandlingMode::Proxy => t.taking[col] += 1,
                    HandlingMode::NotDelegated => {}
                }
            }
        }
        out
    }

    /// Per town (in `towns`' order), how many of `items` at least one of the town's
    /// serving workers holds a valid certificate for: the certification coverage.
    pub fn covered_by_town(&self, towns: &[i32], items: &HashSet<i32>) -> Vec<u32> {
        let index = positions(towns.iter().copied());
        let mut covered: Vec<HashSet<i32>> = vec![HashSet::new(); towns.len()];
        for (center, cells) in self.centers.iter().zip(&self.cells) {
            let Some(&t) = index.get(&center.town_id) else {
                continue;
            };
            for (item, cell) in self.items.iter().zip(cells) {
                if cell.certified > 0 && items.contains(&item.id) {
                    covered[t].insert(item.id);
                }
            }
        }
        covered.iter().map(|c| c.len() as u32).collect()
    }
}

/// The ids of the plan's common items (常办事项).
pub fn common_item_ids(conn: &mut DbConnection) -> QueryResult<HashSet<i32>> {
    Ok(items::table
        .filter(items::common.eq(true))
        .select(items::id)
        .load::<i32>(conn)?
        .into_iter()
        .collect())
}

/// How many items each town hands down to its zones.
pub fn zone_selection_counts(conn: &mut DbConnection) -> QueryResult<HashMap<i32, usize>> {
    let mut out = HashMap::new();
    for town in zone_items::table
        .select(zone_items::town_id)
        .load::<i32>(conn)?
    {
        *out.entry(town).or_insert(0) += 1;
    }
    Ok(out)
}

/// The matrix for `centers` and every catalog item. `every_center` says `centers` are
/// all the centers there are (the city-wide view).
pub fn matrix(
    conn: &mut DbConnection,
    centers: Vec<CenterRef>,
    every_center: bool,
    today: NaiveDate,
) -> QueryResult<Matrix> {
    let items = catalog_items(conn)?;
    let f = Facts::gather(conn, &centers, &items, every_center, today, None)?;
    Ok(f.into_matrix(items, centers, today))
}

/// The matrix for `centers` if one worker were at another center (or none) today.
pub fn matrix_if_moved(
    conn: &mut DbConnection,
    centers: Vec<CenterRef>,
    today: NaiveDate,
    user_id: i32,
    to: Option<i32>,
) -> QueryResult<Matrix> {
    let items = catalog_items(conn)?;
    let f = Facts::gather(conn, &centers, &items, false, today, Some((user_id, to)))?;
    Ok(f.into_matrix(items, centers, today))
}

/// The matrix for `centers` as it stood on a day, from the effective-dated history.
pub fn matrix_on(
    conn: &mut DbConnection,
    centers: Vec<CenterRef>,
    on: NaiveDate,
) -> QueryResult<Matrix> {
    let items = catalog_items(conn)?;
    let f = Facts::gather_on(conn, &centers, &items, on)?;
    Ok(f.into_matrix(items, centers, on))
}

impl Facts {
    fn into_matrix(self, items: Vec<ItemRef>, centers: Vec<CenterRef>, today: NaiveDate) -> Matrix {
        let mut scratch = Vec::new();
        let cells = centers
            .iter()
            .enumerate()
            .map(|(row, c)| {
                items
                    .iter()
                    .enumerate()
                    .map(|(col, i)| self.cell(row, col, c, i, today, &mut scratch))
                    .collect()
            })
            .collect();
        Matrix {
            items,
            centers,
            cells,
            thresholds: self.k,
        }
    }
}

/// Certificates that stood on `on` as (user, item, last day): issued by then, not yet
/// ended, and not revoked by then. One per worker and item (the longest).
pub fn certificates_standing_on(
    conn: &mut DbConnection,
    workers: Vec<i32>,
    on: NaiveDate,
) -> QueryResult<Vec<(i32, i32, i32)>> {
    type Row = (i32, i32, i32, String, Option<NaiveDateTime>);
    let standing = || {
        certificates::table
            .filter(certificates::issued_on.le(on.to_string()))
            .filter(certificates::ends_day.ge(day_number(on)))
            .select((
                certificates::user_id,
                certificates::item_id,
                certificates::ends_day,
                certificates::status,
                certificates::revoked_at,
            ))
    };
    // many workers: one scan filtered here beats dozens of IN lists
    let rows: Vec<Row> = if workers.len() > BULK_WORKERS {
        let wanted: HashSet<i32> = workers.into_iter().collect();
        standing()
            .load::<Row>(conn)?
            .into_iter()
            .filter(|r| wanted.contains(&r.0))
            .collect()
    } else {
        let mut rows = Vec::new();
        for chunk in workers.chunks(900) {
            rows.extend(
                standing()
                    .filter(certificates::user_id.eq_any(chunk.to_vec()))
                    .load::<Row>(conn)?,
            );
        }
        rows
    };
    let mut best: HashMap<(i32, i32), i32> = HashMap::new();
    for (u, i, ends, status, revoked_at) in rows {
        let revoked_by_then = status == "revoked"
            && revoked_at.is_none_or(|at| crate::domain::cst::date_of(at) <= on);
        if !revoked_by_then {
            let e = best.entry((u, i)).or_insert(ends);
            *e = (*e).max(ends);
        }
    }
    Ok(best.into_iter().map(|((u, i), e)| (u, i, e)).collect())
}

/// Above this many workers, certificates are read in one scan rather than by worker.
const BULK_WORKERS: usize = 5_000;

/// Logs the selections made before the log existed (or written by bulk loaders), dated
/// 2000-01-01 since their real date is unknown. Idempotent.
pub fn backfill_zone_log(conn: &mut DbConnection, now: NaiveDateTime) -> QueryResult<usize> {
    let logged: HashSet<i32> = zone_selection_log::table
        .select(zone_selection_log::town_id)
        .load::<i32>(conn)?
        .into_iter()
        .collect();
    let mut by_town: std::collections::BTreeMap<i32, Vec<String>> = Default::default();
    for (town, item) in zone_items::table
        .select((zone_items::town_id, zone_items::item_id))
        .order((zone_items::town_id, zone_items::item_id))
        .load::<(i32, i32)>(conn)?
    {
        if !logged.contains(&town) {
            by_town.entry(town).or_default().push(item.to_string());
        }
    }
    for (town, ids) in &by_town {
        diesel::insert_into(zone_selection_log::table)
            .values((
                zone_selection_log::town_id.eq(town),
                zone_selection_log::changed_on.eq("2000-01-01"),
                zone_selection_log::item_ids.eq(ids.join(",")),
                zone_selection_log::changed_at.eq(now),
            ))
            .execute(conn)?;
    }
    Ok(by_town.len())
}

/// Every town's zone selection as it was on `on`: the latest logged change by then, or
/// the present selection for towns whose changes predate the log.
pub fn zone_selection_on(
    conn: &mut DbConnection,
    on: NaiveDate,
) -> QueryResult<HashSet<(i32, i32)>> {
    let logged: Vec<(i32, String, String)> = zone_selection_log::table
        .select((
            zone_selection_log::town_id,
            zone_selection_log::changed_on,
            zone_selection_log::item_ids,
        ))
        .order((
            zone_selection_log::changed_on.asc(),
            zone_selection_log::id.asc(),
        ))
        .load(conn)?;
    let mut by_town: HashMap<i32, Option<String>> = HashMap::new();
    for (town, changed_on, ids) in logged {
        let slot = by_town.entry(town).or_insert(None);
        if changed_on.as_str() <= on.to_string().as_str() {
            *slot = Some(ids);
        }
    }
    let mut out: HashSet<(i32, i32)> = zone_items::table
        .select((zone_items::town_id, zone_items::item_id))
        .load::<(i32, i32)>(conn)?
        .into_iter()
        .filter(|(town, _)| !by_town.contains_key(town))
        .collect();
    for (town, ids) in by_town {
        // every selection is logged (`backfill_zone_log` dates older ones 2000-01-01), so
        // a town whose first change came after `on` had chosen nothing by then
        for id in ids.iter().flat_map(|s| s.split(',')) {
            if let Ok(item) = id.parse() {
                out.insert((town, item));
            }
        }
    }
    Ok(out)
}

/// One cell with the people behind it and its explanation.
#[derive(Debug, Clone, Serialize)]
pub struct CellDetail {
    pub item: ItemRef,
    pub cell: Cell,
    /// Said in the reader's language by the page.
    pub explanation: Msg,
    pub forecast: Option<Msg>,
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
    let names: HashMap<i32, String> = users::table
        .filter(users::center_id.eq(center_id))
        .filter(users::active.eq(true))
        .filter(users::role.eq("worker"))
        .filter(users::posting.eq("serving"))
        .select((users::id, users::display_name))
        .load::<(i32, String)>(conn)?
        .into_iter()
        .collect();
    let mut out: HashMap<i32, Vec<Holder>> = HashMap::new();
    let ids = names.keys().copied().collect();
    for (user, item, day) in standing_certificates(conn, Some(ids), item, today)? {
        if let Some(name) = names.get(&user) {
            out.entry(item).or_default().push(Holder {
                name: name.clone(),
                ends_on: from_day_number(day),
            });
        }
    }
    Ok(out)
}

/// A center's row: every catalog item with its mode, reasons and forecast.
pub fn row(
    conn: &mut DbConnection,
    center: &CenterRef,
    today: NaiveDate,
) -> QueryResult<Vec<CellDetail>> {
    let items = catalog_items(conn)?;
    details(conn, center, items, today)
}

/// One cell with its explanation.
pub fn cell_detail(
    conn: &mut DbConnection,
    center: &CenterRef,
    item: ItemRef,
    today: NaiveDate,
) -> QueryResult<CellDetail> {
    let mut cells = details(conn, center, vec![item], today)?;
    cells.pop().ok_or(diesel::result::Error::NotFound)
}

fn details(
    conn: &mut DbConnection,
    center: &CenterRef,
    items: Vec<ItemRef>,
    today: NaiveDate,
) -> QueryResult<Vec<CellDetail>> {
    let f = Facts::gather(
        conn,
        std::slice::from_ref(center),
        &items,
        false,
        today,
        None,
    )?;
    let only_item = (items.len() == 1).then(|| items[0].id);
    let mut by_item = holders(conn, center.id, only_item, today)?;
    let mut scratch = Vec::new();
    Ok(items
        .into_iter()
        .enumerate()
        .map(|(col, item)| {
            let c = f.cell(0, col, center, &item, today, &mut scratch);
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

#[cfg(test)]
mod tests {
    use super::*;

    fn center(id: i32, town_id: i32) -> CenterRef {
        CenterRef {
            id,
            code: format!("c{id}"),
            name: String::new(),
            town_id,
            level: "town".into(),
        }
    }

    fn item(id: i32) -> ItemRef {
        ItemRef {
            id,
            code: format!("i{id}"),
            seq: None,
            name: String::new(),
            delegated: true,
        }
    }

    fn c(mode: HandlingMode) -> Cell {
        Cell {
            mode,
            certified: 0,
            required: 1,
            direct_until: None,
        }
    }

    #[test]
    fn towns_sum_their_centers_cells() {
        use HandlingMode::*;
        let m = Matrix {
            items: vec![item(1), item(2)],
            centers: vec![center(1, 10), center(2, 10), center(3, 20), center(4, 99)],
            cells: vec![
                vec![c(Direct), c(Proxy)],
                vec![c(Proxy), c(NotDelegated)],
                vec![c(Direct), c(Direct)],
                vec![c(Direct), c(Direct)],
            ],
            thresholds: Thresholds::default(),
        };
        // town 99 is not asked for; town 30 has no centers
        let t = m.by_town(&[20, 10, 30]);
        assert_eq!(
            t[0],
            TownTally {
                centers: 1,
                taking: vec![1, 1],
                direct: vec![1, 1]
            }
        );
        assert_eq!(
            t[1],
            TownTally {
                centers: 2,
                taking: vec![2, 1],
                direct: vec![1, 0]
            }
        );
        assert_eq!(t[2].centers, 0);
    }
}
