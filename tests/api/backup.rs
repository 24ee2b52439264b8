//! Backups (issue "Hardening"): `devolve backup` and `devolve restore`, run as the real
//! binary against SQLite files.
//!
//! - A backup taken while writers commit is a consistent snapshot (integrity_check ok,
//!   every two-row transaction whole, each writer's rows a gap-free prefix, ids contiguous,
//!   the count between the counts before and after), and restoring it elsewhere gives the
//!   same rows in every table (count and SHA-256 per table).
//! - `restore` refuses while a `devolve serve` holds the database, and the database is
//!   untouched; a second `serve` on the same file is refused too; once the server is gone
//!   the same restore works.
//! - `backup` never overwrites; `restore` refuses a file that is not SQLite, a SQLite file
//!   that is not Devolve's, and a backup from a newer schema; both refuse PostgreSQL.
//!
//! The load test starts the server with `spawn_app`, which runs on PostgreSQL when the
//! suite does; there it says so in one line and skips. The others use their own SQLite
//! files and run everywhere.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{mpsc, Arc};
use std::time::{Duration, Instant};

use devolve::db::backup::{check_file, table_digests, TableDigest};
use devolve::db::schema::audit_log;
use devolve::db::write_transaction;
use devolve::store::audit;
use diesel::prelude::*;
use diesel::sqlite::SqliteConnection;

use crate::helpers::spawn_app_with;
use crate::process::ServerProcess;

/// Writer threads committing during the backup.
const WRITERS: usize = 4;
/// Transactions each writer commits before the backup starts.
const BEFORE_BACKUP: usize = 25;
/// Transactions each writer commits after the backup has returned.
const AFTER_BACKUP: usize = 10;
/// A writer stops here whatever happens, so the test always ends.
const MAX_PER_WRITER: usize = 100_000;
/// How long a process may take to start or finish before the test gives up.
const DEADLINE: Duration = Duration::from_secs(120);

const LOAD_ACTION: &str = "backup.load";

fn on_postgres() -> bool {
    cfg!(feature = "postgres") && std::env::var("TEST_DATABASE_URL").is_ok()
}

/// The binary with only the environment given here (no stray DATABASE_URL or DEVOLVE_*).
fn command(args: &[&str]) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_devolve"));
    cmd.args(args).env_remove("DATABASE_URL");
    for (key, _) in std::env::vars() {
        if key.starts_with("DEVOLVE_") {
            cmd.env_remove(key);
        }
    }
    cmd
}

fn devolve(args: &[&str]) -> Output {
    command(args)
        .stdin(Stdio::null())
        .output()
        .expect("run devolve")
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn ok(out: Output) -> Output {
    assert!(
        out.status.success(),
        "devolve failed:\n{}\n{}",
        stdout(&out),
        stderr(&out)
    );
    out
}

fn s(path: &Path) -> &str {
    path.to_str().unwrap()
}

/// A migrated Devolve database at `path`.
fn migrated(path: &Path) {
    ok(devolve(&["migrate", "--database", s(path)]));
}

/// Files in `dir` a failed command may have left behind.
fn leftovers(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".devolve-"))
        .collect()
}

fn total_rows(digests: &[TableDigest]) -> u64 {
    digests.iter().map(|d| d.rows).sum()
}

fn load_rows(conn: &mut SqliteConnection) -> Vec<(i32, String, String)> {
    audit_log::table
        .filter(audit_log::action.eq(LOAD_ACTION))
        .select((audit_log::id, audit_log::target, audit_log::detail))
        .order(audit_log::id)
        .load(conn)
        .unwrap()
}

#[tokio::test]
async fn a_backup_under_write_load_is_a_snapshot_and_restores_row_for_row() {
    if on_postgres() {
        println!("backup under load: SQLite only (the suite runs on PostgreSQL); skipped");
        return;
    }
    // a connection per writer, and some left for the server and the counting
    let app = spawn_app_with(|s| s.db_pool_size = WRITERS as u32 + 4).await;
    let db = PathBuf::from(&app.state.settings.database_url);
    let out_dir = tempfile::tempdir().unwrap();
    let backup_file = out_dir.path().join("backups/devolve-backup.db");

    // writers: each transaction adds two audit rows through the server's own pool
    let backup_done = Arc::new(AtomicBool::new(false));
    let (ready_tx, ready_rx) = mpsc::channel::<()>();
    let writers: Vec<_> = (0..WRITERS)
        .map(|w| {
            let pool = app.pool.clone();
            let at = app.clock.now_naive();
            let done = backup_done.clone();
            let ready = ready_tx.clone();
            std::thread::spawn(move || {
                let mut conn = pool.get().unwrap();
                let mut after = 0;
                for n in 0..MAX_PER_WRITER {
                    write_transaction(&mut conn, |c| {
                        let target = format!("w{w}");
                        audit::record(c, at, None, LOAD_ACTION, &target, &format!("{n}-a"))?;
                        audit::record(c, at, None, LOAD_ACTION, &target, &format!("{n}-b"))
                    })
                    .unwrap();
                    if n + 1 == BEFORE_BACKUP {
                        ready.send(()).unwrap();
                    }
                    if done.load(Ordering::SeqCst) {
                        after += 1;
                        if after == AFTER_BACKUP {
                            return n + 1;
                        }
                    }
                }
                MAX_PER_WRITER
            })
        })
        .collect();
    drop(ready_tx);

    let count = {
        let pool = app.pool.clone();
        move || -> i64 {
            audit_log::table
                .filter(audit_log::action.eq(LOAD_ACTION))
                .count()
                .get_result(&mut pool.get().unwrap())
                .unwrap()
        }
    };
    let (before, out, after_backup) = {
        let db = db.clone();
        let dest = backup_file.clone();
        let count = count.clone();
        tokio::task::spawn_blocking(move || {
            for _ in 0..WRITERS {
                ready_rx.recv().expect("a writer failed before the backup");
            }
            let before = count();
            let out = devolve(&["backup", s(&dest), "--database", s(&db)]);
            let after = count();
            (before, out, after)
        })
        .await
        .unwrap()
    };
    backup_done.store(true, Ordering::SeqCst);
    let out = ok(out);
    let committed: usize = writers.into_iter().map(|w| w.join().unwrap()).sum();
    let end = count();
    assert_eq!(end as usize, committed * 2);
    assert!(
        stdout(&out).contains("已备份到") && stdout(&out).contains("完整性检查通过"),
        "{}",
        stdout(&out)
    );

    // the backup: sound, and a snapshot of whole transactions
    check_file(&backup_file).expect("integrity_check of the backup");
    let mut conn = SqliteConnection::establish(s(&backup_file)).unwrap();
    let rows = load_rows(&mut conn);
    let in_backup = rows.len() as i64;
    assert!(
        before <= in_backup && in_backup <= after_backup && in_backup < end,
        "rows before {before}, in the backup {in_backup}, after it {after_backup}, at the end {end}"
    );
    for w in 0..WRITERS {
        let details: Vec<&str> = rows
            .iter()
            .filter(|(_, target, _)| *target == format!("w{w}"))
            .map(|(_, _, d)| d.as_str())
            .collect();
        assert_eq!(details.len() % 2, 0, "writer {w}: half a transaction");
        let expected: Vec<String> = (0..details.len() / 2)
            .flat_map(|n| [format!("{n}-a"), format!("{n}-b")])
            .collect();
        assert_eq!(details, expected, "writer {w}: not a prefix of its commits");
    }
    let ids: Vec<i32> = audit_log::table
        .select(audit_log::id)
        .order(audit_log::id)
        .load(&mut conn)
        .unwrap();
    assert!(
        ids.windows(2).all(|p| p[1] == p[0] + 1),
        "audit ids in the backup have gaps"
    );
    drop(conn);

    // restore it somewhere new and compare every table
    let restored = out_dir.path().join("restored/devolve.db");
    let out = ok(devolve(&[
        "restore",
        s(&backup_file),
        "--database",
        s(&restored),
    ]));
    assert!(stdout(&out).contains("已恢复到"), "{}", stdout(&out));
    let expected = table_digests(&backup_file).unwrap();
    let got = table_digests(&restored).unwrap();
    assert!(expected.len() > 20, "only {} tables", expected.len());
    assert_eq!(got, expected);
    assert!(leftovers(restored.parent().unwrap()).is_empty());
    println!(
        "backup under load: {WRITERS} writers, {} load rows before the backup, {} in it, {} \
         committed while it ran, {end} at the end; {} tables ({} rows) identical after restore",
        before,
        in_backup,
        after_backup - before,
        got.len(),
        total_rows(&got)
    );

    // the restored database is one a server can start on
    ok(devolve(&["migrate", "--database", s(&restored)]));
}

/// Runs the binary but gives up (killing it) after `DEADLINE`: a `serve` that wrongly
/// starts must fail the test, not hang it.
async fn devolve_bounded(args: &[&str]) -> Output {
    let std_cmd = command(args);
    let mut cmd = tokio::process::Command::from(std_cmd);
    cmd.stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .kill_on_drop(true);
    let child = cmd.spawn().expect("run devolve");
    tokio::time::timeout(DEADLINE, child.wait_with_output())
        .await
        .unwrap_or_else(|_| panic!("devolve {args:?} did not finish"))
        .unwrap()
}

#[tokio::test]
async fn restore_refuses_a_database_a_running_server_holds() {
    let dir = tempfile::tempdir().unwrap();
    let live = dir.path().join("live.db");
    let copy = dir.path().join("copy.db");
    migrated(&live);
    ok(devolve(&["backup", s(&copy), "--database", s(&live)]));
    let outbox = dir.path().join("outbox");

    let mut server = ServerProcess::spawn("backup", s(&live), outbox.clone(), &[]);
    // it holds the lock before it says it listens
    server.listening(Instant::now() + DEADLINE);
    let before = table_digests(&live).unwrap();
    let out = devolve(&["restore", s(&copy), "--database", s(&live)]);
    assert!(!out.status.success());
    let err = stderr(&out);
    assert!(
        err.contains("正被运行中的 devolve 进程使用")
            && err.contains(&format!("devolve serve，进程 {}", server.child.id()))
            && err.contains("请先停止")
            && err.contains("未做任何修改"),
        "{err}"
    );
    assert_eq!(table_digests(&live).unwrap(), before);
    assert!(leftovers(dir.path()).is_empty());

    // one server per SQLite file
    let out = devolve_bounded(&["serve", "--bind", "127.0.0.1:0", "--database", s(&live)]).await;
    assert!(!out.status.success());
    assert!(stderr(&out).contains("无法启动"), "{}", stderr(&out));

    // the lock goes with the process, however it ends
    drop(server);
    let out = ok(devolve(&["restore", s(&copy), "--database", s(&live)]));
    assert!(stdout(&out).contains("已恢复到"));
    assert_eq!(table_digests(&live).unwrap(), table_digests(&copy).unwrap());
    for side in ["live.db-wal", "live.db-shm"] {
        assert!(!dir.path().join(side).exists(), "{side} left over");
    }
}

#[test]
fn backup_never_overwrites_an_existing_file() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("d.db");
    migrated(&db);
    let dest = dir.path().join("already-there.db");
    std::fs::write(&dest, "keep me").unwrap();
    let out = devolve(&["backup", s(&dest), "--database", s(&db)]);
    assert!(!out.status.success());
    assert!(
        stderr(&out).contains("已存在") && stderr(&out).contains("不会覆盖"),
        "{}",
        stderr(&out)
    );
    assert_eq!(std::fs::read_to_string(&dest).unwrap(), "keep me");
    assert!(leftovers(dir.path()).is_empty());

    // and a missing database is not created by backing it up
    let missing = dir.path().join("missing.db");
    let out = devolve(&[
        "backup",
        s(&dir.path().join("b.db")),
        "--database",
        s(&missing),
    ]);
    assert!(!out.status.success());
    assert!(
        stderr(&out).contains("找不到数据库文件"),
        "{}",
        stderr(&out)
    );
    assert!(!missing.exists());
}

#[test]
fn restore_refuses_files_that_are_not_a_devolve_backup_it_can_run() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("d.db");
    migrated(&db);
    let before = table_digests(&db).unwrap();

    let text = dir.path().join("notes.txt");
    std::fs::write(&text, "这不是数据库\n".repeat(500)).unwrap();

    let foreign = dir.path().join("foreign.db");
    let mut conn = SqliteConnection::establish(s(&foreign)).unwrap();
    diesel::sql_query("CREATE TABLE t (x INTEGER)")
        .execute(&mut conn)
        .unwrap();
    drop(conn);

    let newer = dir.path().join("newer.db");
    ok(devolve(&["backup", s(&newer), "--database", s(&db)]));
    let mut conn = SqliteConnection::establish(s(&newer)).unwrap();
    diesel::sql_query("INSERT INTO __diesel_schema_migrations (version) VALUES ('29991231000000')")
        .execute(&mut conn)
        .unwrap();
    drop(conn);

    for (src, message) in [
        (&text, "不是 SQLite 数据库"),
        (&foreign, "不是 Devolve 数据库"),
        (&newer, "来自更新版本的 Devolve"),
        (&dir.path().join("nowhere.db"), "找不到备份文件"),
    ] {
        let out = devolve(&["restore", s(src), "--database", s(&db)]);
        assert!(!out.status.success(), "{src:?} was restored");
        assert!(
            stderr(&out).contains(message),
            "{message}: {}",
            stderr(&out)
        );
        assert_eq!(table_digests(&db).unwrap(), before, "{src:?}");
        assert!(leftovers(dir.path()).is_empty(), "{src:?}");
    }
}

#[test]
fn backup_and_restore_point_postgres_users_to_pg_dump() {
    let url = "postgres://devolve@localhost/devolve";
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("x.dump");
    let out = devolve(&["backup", s(&file), "--database", url]);
    assert!(!out.status.success());
    assert!(stderr(&out).contains("pg_dump -Fc"), "{}", stderr(&out));
    let out = devolve(&["restore", s(&file), "--database", url]);
    assert!(!out.status.success());
    assert!(
        stderr(&out).contains("pg_restore --clean --if-exists")
            && stderr(&out).contains("先停止所有 devolve serve"),
        "{}",
        stderr(&out)
    );
    assert!(!file.exists());
}
