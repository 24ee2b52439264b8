//! The one place where SQL differs between SQLite and PostgreSQL:
//! connection set-up (pragmas), migrations per backend, and immediate write transactions.

use diesel::connection::{AnsiTransactionManager, SimpleConnection, TransactionManager};
use diesel::r2d2::CustomizeConnection;
use diesel::sqlite::SqliteConnection;
use diesel::Connection;
use diesel_migrations::{embed_migrations, EmbeddedMigrations};

use super::DatabaseUrl;

const SQLITE_MIGRATIONS: EmbeddedMigrations = embed_migrations!("migrations/sqlite");
#[cfg(feature = "postgres")]
const POSTGRES_MIGRATIONS: EmbeddedMigrations = embed_migrations!("migrations/postgres");

/// A connection to either backend. PostgreSQL exists only with the `postgres` feature.
#[cfg(feature = "postgres")]
#[derive(diesel::MultiConnection)]
pub enum DbConnection {
    Postgres(diesel::pg::PgConnection),
    Sqlite(SqliteConnection),
}

/// A connection to either backend. PostgreSQL exists only with the `postgres` feature.
#[cfg(not(feature = "postgres"))]
#[derive(diesel::MultiConnection)]
pub enum DbConnection {
    Sqlite(SqliteConnection),
}

/// The string handed to `Connection::establish`. Because the enum tries its variants in
/// order, a SQLite path must never look like a PostgreSQL URL: `DatabaseUrl` guarantees it.
pub fn connection_string(url: &DatabaseUrl) -> String {
    match url {
        DatabaseUrl::Sqlite(path) => path.clone(),
        DatabaseUrl::Postgres(url) => url.clone(),
    }
}

/// One-time set-up before the pool exists: the SQLite file's folder and WAL mode
/// (a property of the file, so it is set once, not per connection).
pub fn prepare(url: &DatabaseUrl) -> anyhow::Result<()> {
    match url {
        DatabaseUrl::Sqlite(path) => {
            if let Some(dir) = std::path::Path::new(path).parent() {
                if !dir.as_os_str().is_empty() {
                    std::fs::create_dir_all(dir)?;
                }
            }
            let mut conn = SqliteConnection::establish(path)?;
            conn.batch_execute("PRAGMA journal_mode = WAL;")?;
            Ok(())
        }
        #[cfg(feature = "postgres")]
        DatabaseUrl::Postgres(_) => {
            init_postgres_client();
            Ok(())
        }
        #[cfg(not(feature = "postgres"))]
        DatabaseUrl::Postgres(_) => anyhow::bail!(
            "此版本未启用 PostgreSQL：请用 `cargo build --features postgres` 重新构建，或改用 SQLite 文件路径"
        ),
    }
}

/// Held while a process brings the schema up to date and loads its reference data, so
/// processes starting together on one PostgreSQL schema take turns: two running the same
/// migration at once make one of them fail. Released when dropped. SQLite needs none.
pub struct StartupTurn {
    #[cfg(feature = "postgres")]
    _held: Option<diesel::pg::PgConnection>,
}

/// Waits for this process's turn to prepare the database (see `StartupTurn`).
pub fn startup_turn(url: &DatabaseUrl) -> anyhow::Result<StartupTurn> {
    #[cfg(feature = "postgres")]
    if let DatabaseUrl::Postgres(raw) = url {
        use diesel::RunQueryDsl;
        init_postgres_client();
        let mut conn = diesel::pg::PgConnection::establish(raw)?;
        // a session lock per schema (advisory locks are per database; the tests give each
        // their own schema in one database), released with the connection
        diesel::sql_query(
            "SELECT pg_advisory_lock(hashtext('devolve-startup:' || coalesce(current_schema(), '')))",
        )
        .execute(&mut conn)?;
        return Ok(StartupTurn { _held: Some(conn) });
    }
    let _ = url;
    Ok(StartupTurn {
        #[cfg(feature = "postgres")]
        _held: None,
    })
}

/// Stops libpq's OpenSSL from cleaning up at process exit, before any connection exists.
///
/// libpq initialises OpenSSL on the first TLS connection, and OpenSSL then registers an
/// `atexit` clean-up. When the process exits while an r2d2 thread is still opening or
/// using a connection, that clean-up frees what the thread is using: SIGSEGV at exit
/// (diesel#3441, r2d2#137). `openssl::init` initialises it first with
/// `OPENSSL_INIT_NO_ATEXIT`; libpq links the same system libssl, so its own
/// initialisation then finds OpenSSL ready and no clean-up is registered.
/// Called by everything that opens the first PostgreSQL connection of a process;
/// `.ci/pg-exit-race` checks it.
#[cfg(feature = "postgres")]
pub fn init_postgres_client() {
    openssl::init();
}

/// Per-connection settings applied whenever the pool opens a connection.
///
/// `synchronous = NORMAL` in WAL mode: a commit is written to the WAL before it returns but
/// not fsynced (the WAL is synced at checkpoints). A killed process loses nothing it
/// committed: the WAL is in the page cache and is recovered on the next open (the crash
/// drill, `.ci/crash-drill`, checks exactly that). A power cut or kernel crash can lose
/// the last transactions, never corrupt the file; `FULL` would close that gap at an fsync
/// per commit.
#[derive(Debug)]
pub struct ConnectionSettings;

impl CustomizeConnection<DbConnection, diesel::r2d2::Error> for ConnectionSettings {
    fn on_acquire(&self, conn: &mut DbConnection) -> Result<(), diesel::r2d2::Error> {
        match conn {
            DbConnection::Sqlite(c) => c
                .batch_execute(
                    "PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 5000; PRAGMA synchronous = NORMAL;",
                )
                .map_err(diesel::r2d2::Error::QueryError),
            #[cfg(feature = "postgres")]
            DbConnection::Postgres(_) => Ok(()),
        }
    }
}

pub fn migrations(conn: &DbConnection) -> EmbeddedMigrations {
    match conn {
        DbConnection::Sqlite(_) => SQLITE_MIGRATIONS,
        #[cfg(feature = "postgres")]
        DbConnection::Postgres(_) => POSTGRES_MIGRATIONS,
    }
}

/// SQLite has one writer. A connection that finds the write lock taken sleeps in SQLite's
/// busy handler (1, 2, 5, 10 … 100 ms between tries), so under load writers wait far longer
/// than the writes take, and past `busy_timeout` they fail with "database is locked".
/// This process therefore queues its SQLite write transactions here: one at a time begins,
/// the rest wait on the mutex and start the moment it commits. Writers in other processes
/// sharing the file still meet the busy handler.
static SQLITE_WRITER: std::sync::Mutex<()> = std::sync::Mutex::new(());

/// Runs `f` in a transaction meant for writing. On SQLite it waits its turn in this
/// process's writer queue, then begins IMMEDIATE, taking the write lock up front: a
/// deferred transaction that reads and then writes can fail with SQLITE_BUSY instead of
/// waiting, because SQLite cannot upgrade its read lock safely.
/// Inside another transaction it becomes a savepoint, so store functions compose.
pub fn write_transaction<T, E, F>(conn: &mut DbConnection, f: F) -> Result<T, E>
where
    F: FnOnce(&mut DbConnection) -> Result<T, E>,
    E: From<diesel::result::Error>,
{
    let _turn = match conn {
        DbConnection::Sqlite(c) => {
            let nested = AnsiTransactionManager::transaction_manager_status_mut(c)
                .transaction_depth()?
                .is_some();
            if nested {
                AnsiTransactionManager::begin_transaction(c)?;
                None
            } else {
                // a writer that panicked left no transaction open: the queue stays usable
                let turn = SQLITE_WRITER.lock().unwrap_or_else(|e| e.into_inner());
                AnsiTransactionManager::begin_transaction_sql(c, "BEGIN IMMEDIATE")?;
                Some(turn)
            }
        }
        #[cfg(feature = "postgres")]
        DbConnection::Postgres(c) => {
            AnsiTransactionManager::begin_transaction(c)?;
            None
        }
    };
    let outcome = f(conn);
    let inner_result = match conn {
        DbConnection::Sqlite(c) => finish(c, outcome.is_ok()),
        #[cfg(feature = "postgres")]
        DbConnection::Postgres(c) => finish(c, outcome.is_ok()),
    };
    match (outcome, inner_result) {
        (Ok(value), Ok(())) => Ok(value),
        (Ok(_), Err(e)) => Err(e.into()),
        (Err(e), _) => Err(e),
    }
}

fn finish<C>(conn: &mut C, commit: bool) -> diesel::QueryResult<()>
where
    C: Connection<TransactionManager = AnsiTransactionManager>,
{
    if commit {
        AnsiTransactionManager::commit_transaction(conn)
    } else {
        AnsiTransactionManager::rollback_transaction(conn)
    }
}

/// Settings for one connection that loads data in bulk (`devolve synth`): on SQLite a
/// page cache large enough to hold the indexes being filled (random inserts into an index
/// larger than the cache turn into disk reads) and no fsync per checkpoint; on PostgreSQL
/// commits that do not wait for the WAL flush. A crash mid-load loses the load, not more.
pub fn bulk_load(conn: &mut DbConnection) -> diesel::QueryResult<()> {
    match conn {
        DbConnection::Sqlite(c) => c.batch_execute(
            "PRAGMA cache_size = -262144; PRAGMA synchronous = OFF; PRAGMA temp_store = MEMORY;",
        ),
        #[cfg(feature = "postgres")]
        DbConnection::Postgres(c) => c.batch_execute("SET synchronous_commit = off"),
    }
}

/// Updates the planner's statistics after a bulk load. PostgreSQL also needs the vacuum
/// to mark pages all-visible, or its index-only scans fall back to the table.
pub fn refresh_statistics(conn: &mut DbConnection) -> diesel::QueryResult<()> {
    match conn {
        DbConnection::Sqlite(c) => c.batch_execute("ANALYZE"),
        #[cfg(feature = "postgres")]
        DbConnection::Postgres(c) => c.batch_execute("VACUUM ANALYZE"),
    }
}
