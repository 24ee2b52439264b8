//! Database access: the connection enum over both backends, the pool, migrations.
//!
//! Everything that must differ between SQLite and PostgreSQL lives in `backend.rs`.

pub mod backend;
pub mod backup;
pub mod lock;
pub mod schema;

use diesel::r2d2::{ConnectionManager, Pool, PooledConnection};
use diesel_migrations::MigrationHarness;

pub use backend::{startup_turn, write_transaction, DbConnection, StartupTurn};

pub type DbPool = Pool<ConnectionManager<DbConnection>>;
pub type PooledConn = PooledConnection<ConnectionManager<DbConnection>>;

/// Which database a URL points to. Chosen by the URL scheme, never by trial.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DatabaseUrl {
    /// A file path for SQLite (the `sqlite://` prefix, if any, removed).
    Sqlite(String),
    /// A `postgres://` or `postgresql://` URL.
    Postgres(String),
}

impl DatabaseUrl {
    pub fn parse(raw: &str) -> Result<Self, String> {
        let raw = raw.trim();
        if raw.is_empty() {
            return Err("数据库地址为空：请给出 SQLite 文件路径或 postgres:// 地址".into());
        }
        if raw.starts_with("postgres://") || raw.starts_with("postgresql://") {
            return Ok(Self::Postgres(raw.to_string()));
        }
        let path = raw
            .strip_prefix("sqlite://")
            .or_else(|| raw.strip_prefix("sqlite:"))
            .unwrap_or(raw);
        if path.contains("://") {
            return Err(format!(
                "不支持的数据库地址 {raw}：只支持 SQLite 文件路径（sqlite://…）或 postgres://…"
            ));
        }
        Ok(Self::Sqlite(path.to_string()))
    }

    pub fn is_postgres(&self) -> bool {
        matches!(self, Self::Postgres(_))
    }
}

/// Builds the pool and brings the schema up to date.
pub fn connect(url: &DatabaseUrl, max_size: u32) -> anyhow::Result<DbPool> {
    backend::prepare(url)?;
    let manager = ConnectionManager::<DbConnection>::new(backend::connection_string(url));
    let pool = Pool::builder()
        .max_size(max_size)
        // no `SELECT 1` before every use: a broken connection is still noticed (diesel's
        // `has_broken`) and replaced, and the query that met it fails with a clear error
        .test_on_check_out(false)
        .connection_customizer(Box::new(backend::ConnectionSettings))
        .build(manager)?;
    run_migrations(&mut *pool.get()?)?;
    Ok(pool)
}

pub fn run_migrations(conn: &mut DbConnection) -> anyhow::Result<()> {
    let migrations = backend::migrations(conn);
    conn.run_pending_migrations(migrations)
        .map_err(|e| anyhow::anyhow!("数据库迁移失败: {e}"))?;
    Ok(())
}
