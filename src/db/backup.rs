//! `devolve backup` and `devolve restore` for SQLite, and the per-table digests both print
//! (and the tests compare).
//!
//! A backup is `VACUUM INTO` a temporary file next to the destination: one read
//! transaction, so a consistent snapshot even while the server writes. The copy is turned
//! into a self-contained file (rollback journal, no `-wal`), checked with
//! `PRAGMA integrity_check`, synced, and only then given its name, never over an existing
//! file. A restore copies the backup next to the database, checks it is a Devolve database
//! this binary can run (schema not newer than its migrations), and renames it over the
//! database while holding the instance lock (`lock.rs`), so never under a running server.
//!
//! PostgreSQL has its own tools (`pg_dump`, `pg_restore`); both commands refuse it.

use std::collections::BTreeSet;
use std::fs::File;
use std::io::Write;
use std::path::{Path, PathBuf};

use diesel::connection::{DefaultLoadingMode, SimpleConnection};
use diesel::migration::MigrationSource;
use diesel::sql_types::{BigInt, Text};
use diesel::sqlite::SqliteConnection;
use diesel::{Connection, QueryableByName, RunQueryDsl};
use sha2::{Digest, Sha256};

use super::lock::{InstanceLock, LockError};
use super::{backend, DatabaseUrl, DbConnection};

/// The table diesel records applied migrations in: its presence marks a Devolve database.
const MIGRATIONS_TABLE: &str = "__diesel_schema_migrations";

/// One table's row count and a SHA-256 over its rows in rowid (or primary key) order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TableDigest {
    pub name: String,
    pub rows: u64,
    /// Hex SHA-256 of the column names, then every row as SQL literals (`quote()`).
    pub sha256: String,
}

/// What a backup or restore wrote.
#[derive(Debug, Clone)]
pub struct Summary {
    pub path: PathBuf,
    pub bytes: u64,
    pub tables: Vec<TableDigest>,
    /// Migrations this binary has that the database has not run yet (restore only):
    /// `devolve serve` runs them at start.
    pub pending_migrations: usize,
}

impl Summary {
    pub fn total_rows(&self) -> u64 {
        self.tables.iter().map(|t| t.rows).sum()
    }
}

fn sqlite_path(url: &DatabaseUrl, command: &str) -> anyhow::Result<PathBuf> {
    match url {
        DatabaseUrl::Sqlite(path) => Ok(PathBuf::from(path)),
        DatabaseUrl::Postgres(_) if command == "backup" => anyhow::bail!(
            "devolve backup 只用于 SQLite。PostgreSQL 数据库请用 pg_dump 备份，例如：\
             pg_dump -Fc -f devolve-$(date +%F).dump \"$DATABASE_URL\"（见 README 的“备份与恢复”）"
        ),
        DatabaseUrl::Postgres(_) => anyhow::bail!(
            "devolve restore 只用于 SQLite。PostgreSQL 数据库请先停止所有 devolve serve 进程，\
             再用 pg_restore 恢复，例如：pg_restore --clean --if-exists --no-owner -d \"$DATABASE_URL\" \
             devolve.dump（见 README 的“备份与恢复”）"
        ),
    }
}

/// Writes a consistent copy of the SQLite database to `dest`, which must not exist.
pub fn backup(url: &DatabaseUrl, dest: &Path) -> anyhow::Result<Summary> {
    let db = sqlite_path(url, "backup")?;
    if dest.symlink_metadata().is_ok() {
        anyhow::bail!(
            "目标文件 {} 已存在：devolve backup 不会覆盖已有文件，请换一个文件名或先移走它。",
            dest.display()
        );
    }
    if !db.is_file() {
        anyhow::bail!(
            "找不到数据库文件 {}：请用 --database 或 DATABASE_URL 指明要备份的数据库。",
            db.display()
        );
    }
    let dir = parent_dir(dest);
    std::fs::create_dir_all(&dir)
        .map_err(|e| anyhow::anyhow!("无法创建备份目录 {}：{e}", dir.display()))?;
    let tmp = tempfile::Builder::new()
        .prefix(".devolve-backup-")
        .suffix(".tmp")
        .tempfile_in(&dir)
        .map_err(|e| anyhow::anyhow!("无法在 {} 中写入备份：{e}", dir.display()))?;
    let tmp_name = utf8(tmp.path())?;

    {
        let mut source = SqliteConnection::establish(utf8(&db)?)
            .map_err(|e| anyhow::anyhow!("无法打开数据库 {}：{e}", db.display()))?;
        source.batch_execute("PRAGMA busy_timeout = 5000;")?;
        // one read transaction: a snapshot, and writers in WAL mode are not blocked
        diesel::sql_query("VACUUM INTO ?")
            .bind::<Text, _>(tmp_name)
            .execute(&mut source)
            .map_err(|e| anyhow::anyhow!("备份失败（VACUUM INTO）：{e}"))?;
    }
    {
        let mut copy = SqliteConnection::establish(tmp_name)?;
        // a backup is one file: no -wal beside it to lose when it is copied
        copy.batch_execute("PRAGMA journal_mode = DELETE;")?;
        integrity_check(&mut copy).map_err(|e| anyhow::anyhow!("备份文件校验失败：{e}"))?;
    }
    tmp.as_file().sync_all()?;
    tmp.persist_noclobber(dest).map_err(|e| {
        if e.error.kind() == std::io::ErrorKind::AlreadyExists {
            anyhow::anyhow!(
                "目标文件 {} 已存在：devolve backup 不会覆盖已有文件，请换一个文件名或先移走它。",
                dest.display()
            )
        } else {
            anyhow::anyhow!("无法写入备份文件 {}：{}", dest.display(), e.error)
        }
    })?;
    sync_dir(&dir);
    Ok(Summary {
        path: dest.to_path_buf(),
        bytes: std::fs::metadata(dest)?.len(),
        tables: table_digests(dest)?,
        pending_migrations: 0,
    })
}

/// Replaces the configured SQLite database with the backup at `src`. Refuses while any
/// other process holds the instance lock (a running `devolve serve`), a file that is not
/// a Devolve database, and a backup from a newer Devolve (migrations this binary lacks).
pub fn restore(url: &DatabaseUrl, src: &Path) -> anyhow::Result<Summary> {
    let db = sqlite_path(url, "restore")?;
    if !src.is_file() {
        anyhow::bail!("找不到备份文件 {}。", src.display());
    }
    if let (Ok(a), Ok(b)) = (src.canonicalize(), db.canonicalize()) {
        if a == b {
            anyhow::bail!("备份文件 {} 就是要恢复的数据库本身。", src.display());
        }
    }
    let src_wal = sibling(src, "-wal");
    if src_wal.metadata().is_ok_and(|m| m.len() > 0) {
        anyhow::bail!(
            "{} 旁边有 {}：它像是一个正在使用的数据库，而不是备份。请用 devolve backup 生成的备份文件恢复。",
            src.display(),
            src_wal.display()
        );
    }

    let _lock = InstanceLock::try_acquire(
        &db,
        &format!("devolve restore，进程 {}", std::process::id()),
    )
    .map_err(|e| match e {
        LockError::Busy { database, holder } => anyhow::anyhow!(
            "无法恢复：数据库 {database} 正被运行中的 devolve 进程使用（{holder}）。\
             请先停止该服务（例如 systemctl stop devolve），再运行 devolve restore。数据库未做任何修改。"
        ),
        other => other.into(),
    })?;

    let dir = parent_dir(&db);
    let mut tmp = tempfile::Builder::new()
        .prefix(".devolve-restore-")
        .suffix(".tmp")
        .tempfile_in(&dir)
        .map_err(|e| anyhow::anyhow!("无法在 {} 中写入：{e}", dir.display()))?;
    std::io::copy(
        &mut File::open(src).map_err(|e| anyhow::anyhow!("无法读取 {}：{e}", src.display()))?,
        tmp.as_file_mut(),
    )?;
    tmp.as_file_mut().flush()?;
    let pending_migrations = check_devolve_database(tmp.path(), src)?;
    remove_sidecars(tmp.path());
    if let Ok(old) = std::fs::metadata(&db) {
        keep_owner_and_mode(tmp.as_file(), &old);
    }
    tmp.as_file().sync_all()?;

    // the old database's journals belong to the old file: applied to the new one they
    // would corrupt it
    for suffix in ["-wal", "-shm", "-journal"] {
        let side = sibling(&db, suffix);
        match std::fs::remove_file(&side) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => anyhow::bail!("无法删除旧的 {}：{e}。数据库未做任何修改。", side.display()),
        }
    }
    tmp.persist(&db)
        .map_err(|e| anyhow::anyhow!("无法替换数据库 {}：{}", db.display(), e.error))?;
    sync_dir(&dir);
    Ok(Summary {
        bytes: std::fs::metadata(&db)?.len(),
        tables: table_digests(&db)?,
        path: db,
        pending_migrations,
    })
}

/// Checks the copy at `path` (of the backup `shown`): a sound SQLite file, a Devolve
/// database, no migration this binary does not know. Returns how many migrations it lacks.
fn check_devolve_database(path: &Path, shown: &Path) -> anyhow::Result<usize> {
    let not_sqlite = |e: &dyn std::fmt::Display| {
        anyhow::anyhow!(
            "{} 不是 SQLite 数据库（{e}）：请给出 devolve backup 生成的备份文件。",
            shown.display()
        )
    };
    let mut conn = SqliteConnection::establish(utf8(path)?).map_err(|e| not_sqlite(&e))?;
    // self-contained, like a fresh backup; `serve` turns WAL back on
    conn.batch_execute("PRAGMA journal_mode = DELETE;")
        .map_err(|e| not_sqlite(&e))?;
    integrity_check(&mut conn)
        .map_err(|e| anyhow::anyhow!("{} 已损坏，不能恢复：{e}", shown.display()))?;
    let tables = table_names(&mut conn)?;
    if !tables.iter().any(|(name, _)| name == MIGRATIONS_TABLE) {
        anyhow::bail!(
            "{} 不是 Devolve 数据库（没有迁移记录表 {MIGRATIONS_TABLE}）：请给出 devolve backup 生成的备份文件。",
            shown.display()
        );
    }
    #[derive(QueryableByName)]
    struct Version {
        #[diesel(sql_type = Text)]
        version: String,
    }
    let applied: BTreeSet<String> =
        diesel::sql_query(format!("SELECT version FROM {MIGRATIONS_TABLE}"))
            .load::<Version>(&mut conn)?
            .into_iter()
            .map(|v| v.version)
            .collect();
    let conn = DbConnection::Sqlite(conn);
    let known: BTreeSet<String> =
        MigrationSource::<diesel::sqlite::Sqlite>::migrations(&backend::migrations(&conn))
            .map_err(|e| anyhow::anyhow!("{e}"))?
            .iter()
            .map(|m| m.name().version().to_string())
            .collect();
    let unknown: Vec<&String> = applied.difference(&known).collect();
    if !unknown.is_empty() {
        anyhow::bail!(
            "{} 来自更新版本的 Devolve（本程序不认识其数据库迁移 {}）：请用生成该备份的版本或更新的版本恢复。数据库未做任何修改。",
            shown.display(),
            unknown
                .iter()
                .map(|s| s.as_str())
                .collect::<Vec<_>>()
                .join("、")
        );
    }
    Ok(known.difference(&applied).count())
}

/// `PRAGMA integrity_check`: Ok when it answers the single line "ok".
pub fn integrity_check(conn: &mut SqliteConnection) -> anyhow::Result<()> {
    #[derive(QueryableByName)]
    struct Line {
        #[diesel(sql_type = Text)]
        integrity_check: String,
    }
    let lines = diesel::sql_query("PRAGMA integrity_check").load::<Line>(conn)?;
    match lines.as_slice() {
        [only] if only.integrity_check == "ok" => Ok(()),
        _ => anyhow::bail!(
            "integrity_check: {}",
            lines
                .iter()
                .take(5)
                .map(|l| l.integrity_check.as_str())
                .collect::<Vec<_>>()
                .join("; ")
        ),
    }
}

/// Opens the SQLite file at `path` read-only and checks it with `PRAGMA integrity_check`.
pub fn check_file(path: &Path) -> anyhow::Result<()> {
    integrity_check(&mut open_read_only(path)?)
}

/// Every table's row count and SHA-256 (sorted by table name), read from the SQLite file
/// at `path` without changing it. Two files with the same digests hold the same data.
pub fn table_digests(path: &Path) -> anyhow::Result<Vec<TableDigest>> {
    let mut conn = open_read_only(path)?;
    let tables = table_names(&mut conn)?;
    let mut out = Vec::with_capacity(tables.len());
    for (table, without_rowid) in tables {
        out.push(digest_table(&mut conn, &table, without_rowid)?);
    }
    Ok(out)
}

fn digest_table(
    conn: &mut SqliteConnection,
    table: &str,
    without_rowid: bool,
) -> anyhow::Result<TableDigest> {
    #[derive(QueryableByName)]
    struct Column {
        #[diesel(sql_type = Text)]
        name: String,
        #[diesel(sql_type = BigInt)]
        pk: i64,
    }
    #[derive(QueryableByName)]
    struct Row {
        #[diesel(sql_type = Text)]
        line: String,
    }
    let columns = diesel::sql_query("SELECT name, pk FROM pragma_table_info(?) ORDER BY cid")
        .bind::<Text, _>(table)
        .load::<Column>(conn)?;
    let order = if without_rowid {
        let mut pk: Vec<&Column> = columns.iter().filter(|c| c.pk > 0).collect();
        pk.sort_by_key(|c| c.pk);
        pk.iter()
            .map(|c| ident(&c.name))
            .collect::<Vec<_>>()
            .join(", ")
    } else {
        "rowid".to_string()
    };
    let line = columns
        .iter()
        .map(|c| format!("quote({})", ident(&c.name)))
        .collect::<Vec<_>>()
        .join(" || ',' || ");
    let mut hasher = Sha256::new();
    for c in &columns {
        hasher.update(c.name.as_bytes());
        hasher.update(b"\x1f");
    }
    hasher.update(b"\n");
    let mut rows = 0u64;
    let query = format!(
        "SELECT {line} AS line FROM {} ORDER BY {order}",
        ident(table)
    );
    for row in diesel::sql_query(query).load_iter::<Row, DefaultLoadingMode>(conn)? {
        hasher.update(row?.line.as_bytes());
        hasher.update(b"\n");
        rows += 1;
    }
    Ok(TableDigest {
        name: table.to_string(),
        rows,
        sha256: hex::encode(hasher.finalize()),
    })
}

/// The user tables (not SQLite's own), by name, with whether each is WITHOUT ROWID.
fn table_names(conn: &mut SqliteConnection) -> anyhow::Result<Vec<(String, bool)>> {
    #[derive(QueryableByName)]
    struct Table {
        #[diesel(sql_type = Text)]
        name: String,
        #[diesel(sql_type = BigInt)]
        wr: i64,
    }
    Ok(diesel::sql_query(
        "SELECT name, wr FROM pragma_table_list \
         WHERE schema = 'main' AND type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' \
         ORDER BY name",
    )
    .load::<Table>(conn)?
    .into_iter()
    .map(|t| (t.name, t.wr != 0))
    .collect())
}

fn open_read_only(path: &Path) -> anyhow::Result<SqliteConnection> {
    if !path.is_file() {
        anyhow::bail!("找不到数据库文件 {}", path.display());
    }
    let raw = utf8(path)?;
    let mut uri = String::from("file:");
    for ch in raw.chars() {
        match ch {
            '%' => uri.push_str("%25"),
            '?' => uri.push_str("%3f"),
            '#' => uri.push_str("%23"),
            _ => uri.push(ch),
        }
    }
    uri.push_str("?mode=ro");
    let mut conn = SqliteConnection::establish(&uri)
        .map_err(|e| anyhow::anyhow!("无法打开 {}：{e}", path.display()))?;
    conn.batch_execute("PRAGMA busy_timeout = 5000;")?;
    Ok(conn)
}

/// A SQL identifier in double quotes.
fn ident(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

fn utf8(path: &Path) -> anyhow::Result<&str> {
    path.to_str()
        .ok_or_else(|| anyhow::anyhow!("路径 {} 含有无法识别的字符", path.display()))
}

fn parent_dir(path: &Path) -> PathBuf {
    match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// `data/devolve.db` + `-wal` → `data/devolve.db-wal`.
fn sibling(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}

fn remove_sidecars(path: &Path) {
    for suffix in ["-wal", "-shm", "-journal"] {
        let _ = std::fs::remove_file(sibling(path, suffix));
    }
}

/// Gives the restored file the replaced database's permissions and, where this process
/// may (as root), its owner: a restore run by root must not leave the server's user
/// unable to write its database. Best effort.
fn keep_owner_and_mode(file: &File, old: &std::fs::Metadata) {
    let _ = file.set_permissions(old.permissions());
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        let _ = std::os::unix::fs::fchown(file, Some(old.uid()), Some(old.gid()));
    }
}

/// Makes a rename in `dir` durable. Best effort: not every platform can open a folder.
fn sync_dir(dir: &Path) {
    if let Ok(d) = File::open(dir) {
        let _ = d.sync_all();
    }
}

/// "12.3 MiB" and the like.
pub fn human_size(bytes: u64) -> String {
    const UNITS: [&str; 4] = ["B", "KiB", "MiB", "GiB"];
    let mut value = bytes as f64;
    let mut unit = 0;
    while value >= 1024.0 && unit + 1 < UNITS.len() {
        value /= 1024.0;
        unit += 1;
    }
    if unit == 0 {
        format!("{bytes} B")
    } else {
        format!("{value:.1} {}", UNITS[unit])
    }
}
