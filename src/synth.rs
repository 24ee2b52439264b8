//! Synthetic data for benchmarks: a deterministic province-sized set of towns, centers,
//! items with published courses, workers and certificates, written with batched
//! multi-row inserts in one transaction. The values are generated numbers and fixed
//! words, never user input, so building the SQL text is safe.

use chrono::{Duration, NaiveDateTime};
use diesel::RunQueryDsl;
use rand::rngs::StdRng;
use rand::seq::index::sample;
use rand::{Rng, SeedableRng};

use crate::db::{write_transaction, DbConnection};

/// How much to generate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Scale {
    pub towns: usize,
    /// Town centers plus zone centers.
    pub centers: usize,
    pub items: usize,
    pub workers: usize,
    pub certificates_per_worker: usize,
    /// Items each town hands down to its zones.
    pub zone_items: usize,
}

/// A province: 150 towns, 2,000 centers, 300 items, 40,000 workers, 400,000 certificates.
pub const PROVINCE: Scale = Scale {
    towns: 150,
    centers: 2000,
    items: 300,
    workers: 40_000,
    certificates_per_worker: 10,
    zone_items: 8,
};

/// Zhaoyuan: 14 towns, about 100 centers, the 36 common items.
pub const CITY: Scale = Scale {
    towns: 14,
    centers: 100,
    items: 36,
    workers: 400,
    certificates_per_worker: 8,
    zone_items: 6,
};

const BATCH: usize = 500;

/// Inserts `rows` (already formatted `(…)` tuples) in batches.
fn insert(conn: &mut DbConnection, head: &str, rows: &[String]) -> diesel::QueryResult<()> {
    for chunk in rows.chunks(BATCH) {
        diesel::sql_query(format!("{head} VALUES {}", chunk.join(","))).execute(conn)?;
    }
    Ok(())
}

fn ts(t: NaiveDateTime) -> String {
    format!("'{}'", t.format("%Y-%m-%d %H:%M:%S"))
}

/// Fills an empty, migrated database. Ids are assigned in insertion order from 1, which
/// the generator relies on to refer to rows it has just written.
pub fn generate(
    conn: &mut DbConnection,
    scale: Scale,
    seed: u64,
    now: NaiveDateTime,
) -> anyhow::Result<()> {
    let mut rng = StdRng::seed_from_u64(seed);
    let today = crate::domain::cst::date_of(now);
    let at = ts(now);
    write_transaction(conn, |conn| {
        insert(
            conn,
            "INSERT INTO bureaus (code, name, seq)",
            &["('synth', '合成部门', 1)".to_string()],
        )?;
        let towns: Vec<String> = (1..=scale.towns)
            .map(|t| format!("('t{t:03}', '合成镇{t:03}', 'town', {t})"))
            .collect();
        insert(conn, "INSERT INTO towns (code, name, kind, seq)", &towns)?;
        // one town center per town, the rest zones spread evenly
        let mut centers = Vec::new();
        for t in 1..=scale.towns {
            centers.push(format!(
                "('t{t:03}', '合成镇{t:03}党群服务中心', {t}, 'town', FALSE, FALSE, {at})"
            ));
        }
        for z in 0..scale.centers.saturating_sub(scale.towns) {
            let t = z % scale.towns + 1;
            centers.push(format!(
                "('t{t:03}-z{z:05}', '合成镇{t:03}第{z}融合区', {t}, 'zone', FALSE, FALSE, {at})"
            ));
        }
        insert(
            conn,
            "INSERT INTO centers (code, name, town_id, level, pilot, demo, created_at)",
            &centers,
        )?;
        let items: Vec<String> = (1..=scale.items)
            .map(|i| {
                let common = if i <= 36 { "TRUE" } else { "FALSE" };
                format!(
                    "('S{i:04}', {i}, '合成事项{i:04}', {common}, 'import', {at}, {at}, TRUE, 24)"
                )
            })
            .collect();
        insert(
            conn,
            "INSERT INTO items (code, seq, name, common, source, created_at, updated_at, delegated, cert_months)",
            &items,
        )?;
        let links: Vec<String> = (1..=scale.items).map(|i| format!("({i}, 1)")).collect();
        insert(
            conn,
            "INSERT INTO item_bureaus (item_id, bureau_id)",
            &links,
        )?;
        let courses: Vec<String> = (1..=scale.items)
            .map(|i| format!("({i}, 'synth-{i:04}', {at})"))
            .collect();
        insert(
            conn,
            "INSERT INTO courses (item_id, slug, created_at)",
            &courses,
        )?;
        let versions: Vec<String> = (1..=scale.items)
            .map(|i| {
                format!(
                    "({i}, 1, 'published', 'major', '合成课程{i:04}', '', '{{}}', '', {at}, {at})"
                )
            })
            .collect();
        insert(
            conn,
            "INSERT INTO course_versions (course_id, number, status, change_kind, title, note, settings, content_hash, created_at, published_at)",
            &versions,
        )?;
        let zone_rows: Vec<String> = (1..=scale.towns)
            .flat_map(|t| {
                sample(&mut rng, scale.items, scale.zone_items.min(scale.items))
                    .into_iter()
                    .map(move |i| format!("({t}, {})", i + 1))
                    .collect::<Vec<_>>()
            })
            .collect();
        insert(
            conn,
            "INSERT INTO zone_items (town_id, item_id)",
            &zone_rows,
        )?;
        let workers: Vec<String> = (1..=scale.workers)
            .map(|w| {
                let center = w % scale.centers + 1;
                format!("('w{w:06}', '合成社工{w:06}', '!', 'worker', {center}, TRUE, FALSE, {at}, {at})")
            })
            .collect();
        insert(
            conn,
            "INSERT INTO users (username, display_name, password_hash, role, center_id, active, demo, created_at, password_changed_at)",
            &workers,
        )?;
        let mut certs = Vec::with_capacity(scale.workers * scale.certificates_per_worker);
        let mut serial = 0;
        for w in 1..=scale.workers {
            for i in sample(
                &mut rng,
                scale.items,
                scale.certificates_per_worker.min(scale.items),
            ) {
                serial += 1;
                let issued = today - Duration::days(rng.gen_range(0..730));
                let until = crate::domain::certification::valid_until(issued, 24);
                // most stand; some were revoked, replaced or closed as expired
                let status = match rng.gen_range(0..100) {
                    0..=4 => "revoked",
                    5..=9 => "superseded",
                    10..=14 => "expired",
                    _ => "active",
                };
                certs.push(format!(
                    "('ZY-{}-{serial:06}', '{:032x}', {w}, {}, {}, '{status}', '{issued}', '{until}', '{until}', {}, {at}, '')",
                    issued.format("%Y"),
                    rng.gen::<u128>(),
                    i + 1,
                    i + 1,
                    crate::domain::certification::day_number(until),
                ));
            }
        }
        insert(
            conn,
            "INSERT INTO certificates (number, code, user_id, item_id, version_id, status, issued_on, valid_until, ends_on, ends_day, issued_at, revoke_reason)",
            &certs,
        )?;
        Ok::<_, anyhow::Error>(())
    })?;
    // fresh statistics, as a deployment has after its first maintenance run
    crate::db::backend::refresh_statistics(conn)?;
    Ok(())
}
