//! The handling-mode matrix at province scale (2,000 centers × 300 items, 40,000
//! workers, 400,000 certificates; `devolve synth --scale province`) on SQLite: the whole matrix, and one cell as the API
//! computes it (center and item lookup included, HTTP and token check excluded).
//!
//! The supervision group measures the organization department's reports on the same data.
//!
//! `cargo bench --bench handling`. Building the data set takes a few seconds first.
//! With `--features postgres` and `DEVOLVE_BENCH_DATABASE_URL=postgres://…` pointing at an
//! empty database (or schema), the same runs on PostgreSQL.

use chrono::Datelike;
use criterion::{criterion_group, criterion_main, Criterion};
use devolve::db::{connect, DatabaseUrl};
use devolve::domain::cst;
use devolve::store::{handling, supervision};

fn bench(c: &mut Criterion) {
    // DEVOLVE_BENCH_DB keeps the data set for a look with sqlite3 afterwards
    let dir = tempfile::tempdir().unwrap();
    let url = match std::env::var("DEVOLVE_BENCH_DATABASE_URL") {
        Ok(url) => DatabaseUrl::parse(&url).unwrap(),
        Err(_) => DatabaseUrl::Sqlite(
            std::env::var("DEVOLVE_BENCH_DB")
                .unwrap_or_else(|_| dir.path().join("bench.db").to_string_lossy().into_owned()),
        ),
    };
    let pool = connect(&url, 4).unwrap();
    let mut conn = pool.get().unwrap();
    let now = chrono::NaiveDate::from_ymd_opt(2026, 11, 25)
        .unwrap()
        .and_hms_opt(1, 0, 0)
        .unwrap();
    let started = std::time::Instant::now();
    // a data set kept from an earlier run (DEVOLVE_BENCH_DB) is used as it is
    if devolve::store::users::find_by_username(&mut conn, "admin")
        .unwrap()
        .is_none()
    {
        let progress = devolve::synth::Progress::hidden();
        devolve::synth::generate(&pool, devolve::synth::PROVINCE, 7, now, "!", &progress).unwrap();
        eprintln!("province data set built in {:.1?}", started.elapsed());
    }
    let today = cst::date_of(now);

    let mut group = c.benchmark_group("handling");
    group.sample_size(20);
    group.bench_function("full matrix, 2000 centers x 300 items", |b| {
        b.iter(|| {
            let centers = handling::center_refs(&mut conn, None).unwrap();
            let m = handling::matrix(&mut conn, centers, true, today).unwrap();
            assert_eq!(m.cells.len(), 2000);
            m
        })
    });
    group.sample_size(200);
    group.bench_function("one cell, as the API computes it", |b| {
        b.iter(|| {
            let center = handling::center_ref_by_code(&mut conn, "t075-z05")
                .unwrap()
                .unwrap();
            let item = handling::item_by_key(&mut conn, "S0150").unwrap().unwrap();
            handling::cell_detail(&mut conn, &center, item, today).unwrap()
        })
    });
    group.bench_function("one center's row of 300 items", |b| {
        b.iter(|| {
            let center = handling::center_ref_by_code(&mut conn, "t075")
                .unwrap()
                .unwrap();
            handling::row(&mut conn, &center, today).unwrap()
        })
    });
    group.finish();

    // the organization department's views over the same data set
    let rules = devolve::config::Settings::default().training_rules();
    let first = today.with_day(1).unwrap();
    let mut group = c.benchmark_group("supervision");
    group.sample_size(10);
    group.bench_function("full matrix on a day, from the history", |b| {
        b.iter(|| {
            let centers = handling::center_refs(&mut conn, None).unwrap();
            let m = handling::matrix_on(&mut conn, centers, today).unwrap();
            assert_eq!(m.cells.len(), 2000);
            m
        })
    });
    group.bench_function("stability report, one month, 150 towns", |b| {
        b.iter(|| supervision::stability(&mut conn, &rules, first, today, today).unwrap())
    });
    group.bench_function("monthly bulletin, 150 towns", |b| {
        b.iter(|| supervision::month(&mut conn, &rules, first, today, now, today).unwrap())
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
