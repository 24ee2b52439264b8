//! Exits while the pool's threads are still opening PostgreSQL connections, the way a test
//! binary or a stopped server exits with pools alive. `.ci/pg-exit-race` runs it many
//! times; every run must exit 0.
//!
//! Without `db::backend::init_postgres_client` about one run in three died of SIGSEGV in
//! OpenSSL's `atexit` clean-up (and the PostgreSQL test suite, now and then, at its exit).
//!
//! Usage: `pg_exit_race POSTGRES_URL`

use devolve::db::{backend, DatabaseUrl, DbConnection};
use diesel::r2d2::{ConnectionManager, Pool};

fn main() {
    let Some(raw) = std::env::args().nth(1) else {
        eprintln!("usage: pg_exit_race postgres://…");
        std::process::exit(2);
    };
    let url = match DatabaseUrl::parse(&raw) {
        Ok(url @ DatabaseUrl::Postgres(_)) => url,
        _ => {
            eprintln!("pg_exit_race needs a postgres:// URL");
            std::process::exit(2);
        }
    };
    // the app's own first step for a PostgreSQL URL (db::connect does the same)
    if let Err(e) = backend::prepare(&url) {
        eprintln!("{e}");
        std::process::exit(2);
    }
    let manager = ConnectionManager::<DbConnection>::new(backend::connection_string(&url));
    // `build_unchecked` returns at once; the pool opens its 16 connections on its own
    // threads, and the process exits while they are at it
    let pool = Pool::builder().max_size(16).build_unchecked(manager);
    if let Err(e) = pool.get() {
        eprintln!("{e}");
        std::process::exit(2);
    }
    std::process::exit(0);
}
