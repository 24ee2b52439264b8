//! The command line, run as a real process against a real SQLite file.

use std::io::Write;
use std::process::{Command, Stdio};

fn devolve(args: &[&str], stdin: &str) -> std::process::Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_devolve"))
        .args(args)
        .env_remove("DATABASE_URL")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run devolve");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(stdin.as_bytes())
        .unwrap();
    child.wait_with_output().unwrap()
}

#[test]
fn migrate_then_add_users_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("nested/devolve.db");
    let db = db.to_str().unwrap();
    let out = devolve(&["migrate", "--database", db], "");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    let out = devolve(
        &[
            "user",
            "add",
            "--role",
            "trainer",
            "--username",
            "lijing",
            "--bureau",
            "wj",
            "--database",
            db,
        ],
        "a-good-password\n",
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("已创建账号 lijing"));

    let failures = [
        (
            vec!["--role", "trainer", "--username", "nobureau"],
            "必须指定所属部门",
        ),
        (
            vec!["--role", "worker", "--username", "w001", "--center", "mars"],
            "没有编码为 mars 的党群服务中心",
        ),
        (vec!["--role", "king", "--username", "k1"], "未知角色"),
        (vec!["--role", "admin", "--username", "lijing"], "已被使用"),
    ];
    for (args, message) in failures {
        let mut all = vec!["user", "add"];
        all.extend(args);
        all.extend(["--database", db]);
        let out = devolve(&all, "a-good-password\n");
        assert!(!out.status.success());
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(message), "{message}: {err}");
    }
    let out = devolve(
        &[
            "user",
            "add",
            "--role",
            "admin",
            "--username",
            "weak",
            "--database",
            db,
        ],
        "short\n",
    );
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("至少需要 8 个字符"));
}

#[test]
fn import_catalog_from_the_command_line_reports_bad_lines() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("d.db");
    let db = db.to_str().unwrap();
    let bad = dir.path().join("bad.csv");
    std::fs::write(
        &bad,
        "编码,事项名称,责任单位\nB1,甲,民政局\nB2,乙,不存在局\n",
    )
    .unwrap();
    let out = devolve(
        &["import-catalog", bad.to_str().unwrap(), "--database", db],
        "",
    );
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("bad.csv:3:") && err.contains("未导入任何事项"),
        "{err}"
    );

    let good = dir.path().join("good.csv");
    std::fs::write(&good, "编码,事项名称,责任单位\nB1,甲,民政局\n").unwrap();
    let out = devolve(
        &["import-catalog", good.to_str().unwrap(), "--database", db],
        "",
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("新增 1 项"));
}

#[test]
fn an_unknown_database_scheme_is_refused_clearly() {
    let out = devolve(&["migrate", "--database", "mysql://localhost/x"], "");
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("不支持的数据库地址"));
}
