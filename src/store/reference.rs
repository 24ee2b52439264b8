//! The plan's reference data (bureaus, the 36 common items, the 14 towns with their
//! centers, the 7 station offices), loaded from `src/reference/zhaoyuan.toml` at every
//! start. Rows are matched by code, so loading twice changes nothing.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use serde::Deserialize;

use crate::db::schema::{bureaus, centers, item_bureaus, items, station_offices, towns};
use crate::db::{write_transaction, DbConnection};

const PLAN: &str = include_str!("../reference/zhaoyuan.toml");

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Plan {
    pub bureau: Vec<PlanBureau>,
    pub town: Vec<PlanTown>,
    pub station_office: Vec<PlanOffice>,
    pub item: Vec<PlanItem>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PlanBureau {
    pub code: String,
    pub name: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PlanTown {
    pub code: String,
    pub name: String,
    pub kind: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PlanOffice {
    pub code: String,
    pub name: String,
    pub delegated_by: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PlanItem {
    pub seq: i32,
    pub name: String,
    pub bureaus: Vec<String>,
}

pub fn plan() -> Plan {
    // The file ships inside the binary and a unit test parses it, so this cannot fail
    // at run time unless the build itself is broken.
    toml::from_str(PLAN).expect("src/reference/zhaoyuan.toml is valid")
}

/// Code of a common item from its 序号 in Appendix 2: C01 … C36.
pub fn common_item_code(seq: i32) -> String {
    format!("C{seq:02}")
}

pub fn town_center_name(town_name: &str) -> String {
    format!("{town_name}党群服务中心")
}

pub fn load(conn: &mut DbConnection, now: NaiveDateTime) -> QueryResult<()> {
    let plan = plan();
    write_transaction(conn, |conn| {
        for (i, b) in plan.bureau.iter().enumerate() {
            let exists: i64 = bureaus::table
                .filter(bureaus::code.eq(&b.code))
                .count()
                .get_result(conn)?;
            if exists == 0 {
                diesel::insert_into(bureaus::table)
                    .values((
                        bureaus::code.eq(&b.code),
                        bureaus::name.eq(&b.name),
                        bureaus::seq.eq(i as i32 + 1),
                    ))
                    .execute(conn)?;
            }
        }
        for (i, t) in plan.town.iter().enumerate() {
            let town_id: Option<i32> = towns::table
                .filter(towns::code.eq(&t.code))
                .select(towns::id)
                .first(conn)
                .optional()?;
            let town_id = match town_id {
                Some(id) => id,
                None => {
                    diesel::insert_into(towns::table)
                        .values((
                            towns::code.eq(&t.code),
                            towns::name.eq(&t.name),
                            towns::kind.eq(&t.kind),
                            towns::seq.eq(i as i32 + 1),
                        ))
                        .execute(conn)?;
                    towns::table
                        .filter(towns::code.eq(&t.code))
                        .select(towns::id)
                        .first(conn)?
                }
            };
            let has_center: i64 = centers::table
                .filter(centers::code.eq(&t.code))
                .count()
                .get_result(conn)?;
            if has_center == 0 {
                diesel::insert_into(centers::table)
                    .values((
                        centers::code.eq(&t.code),
                        centers::name.eq(town_center_name(&t.name)),
                        centers::town_id.eq(town_id),
                        centers::level.eq("town"),
                        centers::pilot.eq(false),
                        centers::demo.eq(false),
                        centers::created_at.eq(now),
                    ))
                    .execute(conn)?;
            }
        }
        for (i, o) in plan.station_office.iter().enumerate() {
            let exists: i64 = station_offices::table
                .filter(station_offices::code.eq(&o.code))
                .count()
                .get_result(conn)?;
            if exists == 0 {
                diesel::insert_into(station_offices::table)
                    .values((
                        station_offices::code.eq(&o.code),
                        station_offices::name.eq(&o.name),
                        station_offices::seq.eq(i as i32 + 1),
                        station_offices::delegated_by.eq(&o.delegated_by),
                    ))
                    .execute(conn)?;
            }
        }
        for it in &plan.item {
            let code = common_item_code(it.seq);
            let exists: i64 = items::table
                .filter(items::code.eq(&code))
                .count()
                .get_result(conn)?;
            if exists > 0 {
                continue;
            }
            diesel::insert_into(items::table)
                .values((
                    items::code.eq(&code),
                    items::seq.eq(Some(it.seq)),
                    items::name.eq(&it.name),
                    items::common.eq(true),
                    items::source.eq("plan"),
                    items::created_at.eq(now),
                    items::updated_at.eq(now),
                ))
                .execute(conn)?;
            let item_id: i32 = items::table
                .filter(items::code.eq(&code))
                .select(items::id)
                .first(conn)?;
            for b in &it.bureaus {
                let bureau_id: i32 = bureaus::table
                    .filter(bureaus::code.eq(b))
                    .select(bureaus::id)
                    .first(conn)?;
                diesel::insert_into(item_bureaus::table)
                    .values((
                        item_bureaus::item_id.eq(item_id),
                        item_bureaus::bureau_id.eq(bureau_id),
                    ))
                    .execute(conn)?;
            }
        }
        Ok(())
    })
}

/// Station offices in plan order: (name, delegated by).
pub fn station_offices(conn: &mut DbConnection) -> QueryResult<Vec<(String, Option<String>)>> {
    station_offices::table
        .select((station_offices::name, station_offices::delegated_by))
        .order(station_offices::seq.asc())
        .load(conn)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_plan_file_reads_as_the_appendices_say() {
        let p = plan();
        assert_eq!(p.item.len(), 36);
        assert_eq!(p.town.len(), 14);
        assert_eq!(p.station_office.len(), 7);
        let seqs: Vec<i32> = p.item.iter().map(|i| i.seq).collect();
        assert_eq!(seqs, (1..=36).collect::<Vec<_>>());
        let bureau_of = |seq: i32| p.item[(seq - 1) as usize].bureaus.clone();
        assert_eq!(bureau_of(8), vec!["yb", "sw"]);
        // the merged cells of Appendix 2
        for (range, code) in [
            (4..=7, "rs"),
            (9..=12, "wj"),
            (13..=28, "sp"),
            (31..=34, "ny"),
            (35..=36, "wl"),
        ] {
            for seq in range {
                assert_eq!(bureau_of(seq), vec![code], "item {seq}");
            }
        }
        let codes: Vec<&str> = p.bureau.iter().map(|b| b.code.as_str()).collect();
        for it in &p.item {
            for b in &it.bureaus {
                assert!(codes.contains(&b.as_str()), "item {} names {b}", it.seq);
            }
        }
        assert_eq!(p.town.iter().filter(|t| t.kind == "subdistrict").count(), 5);
    }
}
