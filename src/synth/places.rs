//! Towns, centers, items and each town's selection of items for its zones.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use rand::rngs::StdRng;
use rand::seq::index::sample;
use rand::seq::SliceRandom;

use super::sql::{self, boolean, text, ts, Inserter, Writer};
use super::{Progress, Scale};
use crate::db::schema::{bureaus, centers, item_bureaus, items, towns};
use crate::db::DbConnection;

pub struct Town {
    pub id: i32,
    pub code: String,
    pub name: String,
}

pub struct Center {
    pub id: i32,
    pub town: usize,
    pub zone: bool,
    pub name: String,
}

pub struct Item {
    pub id: i32,
    pub name: String,
    pub bureau_id: i32,
}

pub struct Places {
    pub towns: Vec<Town>,
    pub centers: Vec<Center>,
    /// Indexes into `centers`, per town, the town center first.
    pub centers_of_town: Vec<Vec<usize>>,
    pub items: Vec<Item>,
    /// Indexes into `items` each town chose for its zones.
    pub zone_items: Vec<Vec<usize>>,
    pub bureaus: Vec<(i32, String)>,
}

const SUBJECTS: &[&str] = &[
    "城乡居民",
    "残疾人",
    "退役军人",
    "农村",
    "老年人",
    "困难群众",
    "新生儿",
    "个体工商户",
    "失业人员",
    "计划生育家庭",
    "低保家庭",
    "农民工",
];
const OBJECTS: &[&str] = &[
    "养老保险",
    "医疗救助",
    "临时救助",
    "生活补贴",
    "身份证明",
    "就业登记",
    "信息备案",
    "优待证",
    "住房补助",
    "技能培训补贴",
];
const ACTIONS: &[&str] = &["申领", "变更", "注销", "查询", "审核"];

/// A plausible item name, different for every n below 600.
pub fn item_name(n: usize) -> String {
    let a = SUBJECTS[n % SUBJECTS.len()];
    let b = OBJECTS[(n / SUBJECTS.len()) % OBJECTS.len()];
    let c = ACTIONS[(n / (SUBJECTS.len() * OBJECTS.len())) % ACTIONS.len()];
    format!("{a}{b}{c}")
}

pub fn generate(
    conn: &mut DbConnection,
    writer: &Writer,
    scale: &Scale,
    rng: &mut StdRng,
    now: NaiveDateTime,
    progress: &Progress,
) -> anyhow::Result<Places> {
    let at = ts(now);
    progress.phase(
        "镇（街道）、中心与事项",
        (scale.towns + scale.centers + scale.items) as u64,
    );
    let tick = |n| progress.advance(n);

    let existing_towns = sql::count(conn, "towns")? as usize;
    let mut rows = Inserter::new(writer, "INSERT INTO towns (code, name, kind, seq)", &tick);
    for t in existing_towns + 1..=scale.towns {
        rows.push(format!("('t{t:03}', '合成镇{t:03}', 'town', {t})"))?;
    }
    rows.finish()?;
    let towns: Vec<Town> = towns::table
        .select((towns::id, towns::code, towns::name))
        .order(towns::id.asc())
        .load::<(i32, String, String)>(conn)?
        .into_iter()
        .map(|(id, code, name)| Town { id, code, name })
        .collect();

    let mut rows = Inserter::new(
        writer,
        "INSERT INTO centers (code, name, town_id, level, pilot, demo, created_at)",
        &tick,
    );
    let existing_centers = sql::count(conn, "centers")? as usize;
    for t in &towns[existing_centers.min(towns.len())..] {
        rows.push(format!(
            "({}, {}, {}, 'town', FALSE, FALSE, {at})",
            text(&t.code),
            text(&crate::store::reference::town_center_name(&t.name)),
            t.id
        ))?;
    }
    // zones spread evenly over the towns; the first zone of the first 15 towns is a pilot
    for z in 0..scale.centers.saturating_sub(towns.len()) {
        let t = &towns[z % towns.len()];
        let n = z / towns.len() + 1;
        rows.push(format!(
            "({}, {}, {}, 'zone', {}, FALSE, {at})",
            text(&format!("{}-z{n:02}", t.code)),
            text(&format!("{}第{n}党建融合发展区党群服务中心", t.name)),
            t.id,
            boolean(n == 1 && z < 15),
        ))?;
    }
    rows.finish()?;
    let town_index: std::collections::HashMap<i32, usize> =
        towns.iter().enumerate().map(|(i, t)| (t.id, i)).collect();
    let centers: Vec<Center> = centers::table
        .select((centers::id, centers::town_id, centers::level, centers::name))
        .order(centers::id.asc())
        .load::<(i32, i32, String, String)>(conn)?
        .into_iter()
        .map(|(id, town_id, level, name)| Center {
            id,
            town: town_index[&town_id],
            zone: level == "zone",
            name,
        })
        .collect();
    let mut centers_of_town = vec![Vec::new(); towns.len()];
    for (i, c) in centers.iter().enumerate() {
        if c.zone {
            centers_of_town[c.town].push(i);
        } else {
            centers_of_town[c.town].insert(0, i);
        }
    }

    let bureaus: Vec<(i32, String)> = bureaus::table
        .select((bureaus::id, bureaus::code))
        .order(bureaus::id.asc())
        .load(conn)?;
    let existing_items = sql::count(conn, "items")? as usize;
    let item_base = sql::max_id(conn, "items")?;
    let mut rows = Inserter::new(writer, "INSERT INTO items (code, seq, name, common, source, created_at, updated_at, delegated, cert_months)",
        &tick,
    );
    let new_items = scale.items.saturating_sub(existing_items);
    for n in 0..new_items {
        rows.push(format!(
            "('S{:04}', NULL, {}, FALSE, 'import', {at}, {at}, TRUE, 24)",
            existing_items + n + 1,
            text(&item_name(n))
        ))?;
    }
    let written = rows.finish()?;
    sql::check_ids(conn, "items", item_base, written)?;
    let mut rows = Inserter::new(
        writer,
        "INSERT INTO item_bureaus (item_id, bureau_id)",
        &|_| {},
    );
    for n in 0..new_items {
        let bureau = bureaus[n % bureaus.len()].0;
        rows.push(format!("({}, {bureau})", item_base + n as i32 + 1))?;
    }
    rows.finish()?;
    let items: Vec<Item> = items::table
        .inner_join(item_bureaus::table)
        .select((items::id, items::name, item_bureaus::bureau_id))
        .order((items::id.asc(), item_bureaus::bureau_id.asc()))
        .load::<(i32, String, i32)>(conn)?
        .into_iter()
        .fold(Vec::<Item>::new(), |mut v, (id, name, bureau_id)| {
            // an item with two bureaus is taught by the first
            if v.last().is_none_or(|last| last.id != id) {
                v.push(Item {
                    id,
                    name,
                    bureau_id,
                });
            }
            v
        });

    // each town hands most of its zone items from the common ones, a few from the rest
    let common = existing_items.min(items.len());
    let mut zone_items = Vec::with_capacity(towns.len());
    let mut rows = Inserter::new(writer, "INSERT INTO zone_items (town_id, item_id)", &|_| {});
    for t in &towns {
        let from_common = (scale.zone_items * 2 / 3).min(common);
        let mut picked: Vec<usize> = sample(rng, common, from_common).into_vec();
        let rest: Vec<usize> = (common..items.len()).collect();
        picked.extend(
            rest.choose_multiple(rng, scale.zone_items - from_common)
                .copied(),
        );
        for &i in &picked {
            rows.push(format!("({}, {})", t.id, items[i].id))?;
        }
        zone_items.push(picked);
    }
    rows.finish()?;
    Ok(Places {
        towns,
        centers,
        centers_of_town,
        items,
        zone_items,
        bureaus,
    })
}
