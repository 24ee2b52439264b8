//! Synthetic data for benchmarks and capacity tests (`devolve synth`): a deterministic,
//! realistic data set on top of the plan's reference data — towns and zone centers, the
//! 36 common items plus generated ones with published courses, staff and workers with
//! their roster history and transfers, module progress, finished quiz attempts with every
//! answer graded by the real rules, certificates in every state, training sessions with
//! attendance and leave. The same seed always gives the same data.

mod courses;
mod learning;
mod people;
mod places;
mod progress;
mod sql;
mod training;

use chrono::NaiveDateTime;
use rand::rngs::StdRng;
use rand::SeedableRng;

use crate::db::{DbConnection, DbPool};
pub use progress::Progress;

/// How much to generate. Counts include the plan's reference data (14 towns, 36 items).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Scale {
    pub towns: usize,
    /// Town centers plus zone centers.
    pub centers: usize,
    pub items: usize,
    pub workers: usize,
    /// Finished quiz attempts, about two per (worker, item) studied.
    pub attempts: usize,
    pub certificates: usize,
    /// Enrolments in training sessions (30 per session). Leaves follow from them: one
    /// behind every excused absence, half the unexcused ones and a few coming sessions,
    /// about 20,000 at province scale.
    pub attendance: usize,
    pub transfers: usize,
    /// Items each town hands down to its zones (the plan asks for at least 5).
    pub zone_items: usize,
}

/// A province: 150 towns, 2,000 centers, 300 items, 40,000 workers.
pub const PROVINCE: Scale = Scale {
    towns: 150,
    centers: 2000,
    items: 300,
    workers: 40_000,
    attempts: 2_000_000,
    certificates: 400_000,
    attendance: 300_000,
    transfers: 5_000,
    zone_items: 8,
};

/// Zhaoyuan: 14 towns, about 100 centers, the plan's 295 basic items.
pub const CITY: Scale = Scale {
    towns: 14,
    centers: 100,
    items: 295,
    workers: 400,
    attempts: 20_000,
    certificates: 4_000,
    attendance: 3_000,
    transfers: 50,
    zone_items: 8,
};

impl Scale {
    pub fn by_name(name: &str) -> Option<Scale> {
        match name {
            "province" => Some(PROVINCE),
            "city" => Some(CITY),
            _ => None,
        }
    }
}

/// The password every generated account shares, so load tests can log in.
pub const PASSWORD: &str = "synth-password";

/// What was written, table by table.
#[derive(Debug, Default)]
pub struct Summary {
    pub rows: Vec<(&'static str, i64)>,
}

const COUNTED: &[&str] = &[
    "towns",
    "centers",
    "items",
    "users",
    "course_versions",
    "course_modules",
    "questions",
    "module_progress",
    "attempts",
    "attempt_questions",
    "certificates",
    "training_sessions",
    "enrolments",
    "leaves",
    "transfers",
    "assignments",
];

/// Fills an empty, migrated database, using two of the pool's connections (one reads,
/// one writes in the background). `password_hash` is the argon2 hash of `PASSWORD`
/// (hashed once by the caller). Fails, writing nothing, if the database has accounts.
pub fn generate(
    pool: &DbPool,
    scale: Scale,
    seed: u64,
    now: NaiveDateTime,
    password_hash: &str,
    progress: &Progress,
) -> anyhow::Result<Summary> {
    let conn = &mut *pool.get()?;
    if sql::count(conn, "users")? > 0 {
        anyhow::bail!("数据库里已有账号：合成数据只能写入空数据库，请换一个新的数据库文件或空库");
    }
    crate::db::backend::bulk_load(conn)?;
    let mut rng = StdRng::seed_from_u64(seed);
    progress.phase("参考数据与 36 门内置课程", 1);
    crate::store::reference::load(conn, now)?;
    import_shipped_courses(conn, now)?;
    progress.advance(1);

    let mut writer_conn = pool.get()?;
    crate::db::backend::bulk_load(&mut writer_conn)?;
    std::thread::scope(|scope| -> anyhow::Result<()> {
        let w = &sql::Writer::start(scope, writer_conn);
        let places = places::generate(conn, w, &scale, &mut rng, now, progress)?;
        let catalog = courses::generate(conn, w, &places, &mut rng, now, progress)?;
        let people = people::generate(
            conn,
            w,
            &scale,
            &places,
            &mut rng,
            now,
            password_hash,
            progress,
        )?;
        learning::generate(
            conn, w, &scale, &places, &catalog, &people, &mut rng, now, progress,
        )?;
        training::generate(conn, w, &scale, &places, &people, &mut rng, now, progress)?;
        Ok(())
    })?;

    progress.phase("花名册历史与统计信息", 1);
    crate::store::roster::maintain(conn, now)?;
    crate::db::backend::refresh_statistics(conn)?;
    progress.advance(1);
    progress.done();

    let mut summary = Summary::default();
    for table in COUNTED {
        summary.rows.push((table, sql::count(conn, table)?));
    }
    Ok(summary)
}

fn import_shipped_courses(conn: &mut DbConnection, now: NaiveDateTime) -> anyhow::Result<()> {
    let tmp = tempfile::tempdir()?;
    crate::courses::shipped::extract_to(tmp.path())?;
    let summary = crate::store::courses::import_tree(conn, tmp.path(), None, now)?;
    if summary.failed > 0 {
        anyhow::bail!("内置课程导入失败：\n{}", summary.lines.join("\n"));
    }
    Ok(())
}
