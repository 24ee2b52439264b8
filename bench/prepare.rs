//! Prepares a load test against a database filled by `devolve synth`: logged-in sessions,
//! an API token and open quiz attempts, written as files `bench/run` feeds to wrk.
//! It writes through the same store functions the server uses (sessions, tokens,
//! `attempts::start`), so what wrk sends is exactly what a browser would send.
//!
//! Kept out of the product binary on purpose: it mints sessions without a password.
//!
//! ```sh
//! cargo run --release --example bench_prepare -- --database DB sessions OUT_DIR
//! cargo run --release --example bench_prepare -- --database DB attempts N OUT_FILE
//! ```

use std::io::Write;

use anyhow::Context;
use clap::{Parser, Subcommand};
use devolve::clock::Clock;
use devolve::db::schema::{centers, items, module_progress, towns, users, zone_items};
use devolve::db::{connect, DatabaseUrl, DbConnection};
use devolve::domain::quiz::Answers;
use devolve::security::{csrf, token};
use devolve::store::{api_tokens, attempts, courses as course_store, sessions};
use diesel::prelude::*;

#[derive(Parser)]
struct Cli {
    #[arg(long, env = "DATABASE_URL")]
    database: String,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Sessions for a worker and a manager, an API token, and the paths to request
    Sessions { out: std::path::PathBuf },
    /// Open attempts for N different workers, one per line: cookie, CSRF, attempt, bodies
    Attempts {
        count: usize,
        out: std::path::PathBuf,
    },
}

/// A session for `username`, as a login would make it: (cookie value, CSRF token).
fn session_for(conn: &mut DbConnection, user_id: i32) -> anyhow::Result<(String, String)> {
    let secret = token::new_token();
    let now = Clock::System.now_naive();
    sessions::create(conn, user_id, &token::token_hash(&secret), "127.0.0.1", now)?;
    let csrf = csrf::token_for(&secret);
    Ok((secret, csrf))
}

fn user_id(conn: &mut DbConnection, username: &str) -> anyhow::Result<i32> {
    users::table
        .filter(users::username.eq(username))
        .select(users::id)
        .first(conn)
        .with_context(|| format!("no account {username}: run `devolve synth` first"))
}

/// A course the worker has studied (every module read), and its first module.
fn studied_course(conn: &mut DbConnection, user: i32) -> anyhow::Result<i32> {
    Ok(module_progress::table
        .filter(module_progress::user_id.eq(user))
        .select(module_progress::course_id)
        .order(module_progress::course_id.asc())
        .first(conn)?)
}

fn sessions_file(conn: &mut DbConnection, out: &std::path::Path) -> anyhow::Result<()> {
    std::fs::create_dir_all(out)?;
    let worker = user_id(conn, "w000001")?;
    let (worker_cookie, _) = session_for(conn, worker)?;
    let (center_code, town_id): (String, i32) = users::table
        .inner_join(centers::table)
        .filter(users::id.eq(worker))
        .select((centers::code, centers::town_id))
        .first(conn)?;
    let town_code: String = towns::table.find(town_id).select(towns::code).first(conn)?;
    let manager = user_id(conn, &format!("manager-{town_code}"))?;
    let (manager_cookie, _) = session_for(conn, manager)?;
    let course = studied_course(conn, worker)?;
    let admin = user_id(conn, "admin")?;
    let now = Clock::System.now_naive();
    let api_token = api_tokens::issue(conn, "压力测试", None, admin, now)
        .map_err(|e| anyhow::anyhow!("{e:?}"))?;
    // a zone center and one of the items its town handed down: a cell with a real rule
    let zone: String = centers::table
        .filter(centers::town_id.eq(town_id))
        .filter(centers::level.eq("zone"))
        .select(centers::code)
        .order(centers::id.asc())
        .first(conn)?;
    let item_code: String = zone_items::table
        .inner_join(items::table)
        .filter(zone_items::town_id.eq(town_id))
        .select(items::code)
        .first(conn)?;
    let pre = token::new_token();
    let mut f = std::fs::File::create(out.join("env.sh"))?;
    writeln!(f, "API_TOKEN={api_token}")?;
    writeln!(f, "WORKER_COOKIE=devolve_session={worker_cookie}")?;
    writeln!(f, "MANAGER_COOKIE=devolve_session={manager_cookie}")?;
    writeln!(
        f,
        "CELL_PATH=/api/v1/centers/{zone}/items/{item_code}/handling"
    )?;
    writeln!(f, "MODULE_PATH=/learn/{course}/modules/1")?;
    writeln!(f, "CENTER_PATH=/centers/{center_code}")?;
    writeln!(f, "TOWN_PATH=/towns/{town_code}")?;
    writeln!(f, "LOGIN_PRE_COOKIE=devolve_pre={pre}")?;
    writeln!(f, "LOGIN_CSRF={}", csrf::token_for(&pre))?;
    Ok(())
}

/// A form value answering a question (right or wrong does not matter for the load).
fn answer_value(answers: &Answers) -> &'static str {
    match answers {
        Answers::Single { .. } | Answers::Multi { .. } => "0",
        Answers::TrueFalse { .. } => "true",
        Answers::Short { .. } => "%E4%B8%80%E6%AC%A1%E6%80%A7%E5%91%8A%E7%9F%A5",
    }
}

fn attempts_file(
    conn: &mut DbConnection,
    count: usize,
    out: &std::path::Path,
) -> anyhow::Result<()> {
    let mut f = std::io::BufWriter::new(std::fs::File::create(out)?);
    // workers from the end of the list, a different set from the sessions file's
    let workers: Vec<i32> = users::table
        .filter(users::role.eq("worker"))
        .select(users::id)
        .order(users::id.desc())
        .limit(count as i64)
        .load(conn)?;
    let mut made = 0;
    for worker in workers {
        let course = studied_course(conn, worker)?;
        let version = course_store::latest_published(conn, course)?
            .context("course without a published version")?;
        let now = Clock::System.now_naive();
        let attempt =
            attempts::start(conn, worker, &version, now).map_err(|e| anyhow::anyhow!("{e:?}"))?;
        let slots = attempts::slots(conn, attempt).map_err(|e| anyhow::anyhow!("{e:?}"))?;
        let (cookie, csrf) = session_for(conn, worker)?;
        let mut submit = format!("_csrf={csrf}");
        for (slot, q) in &slots {
            submit.push_str(&format!(
                "&shown={p}&q{p}={}",
                answer_value(&q.answers),
                p = slot.position
            ));
        }
        let save = match slots.first() {
            Some((slot, q)) => format!(
                "_csrf={csrf}&shown={p}&q{p}={}",
                answer_value(&q.answers),
                p = slot.position
            ),
            None => format!("_csrf={csrf}"),
        };
        writeln!(f, "devolve_session={cookie}\t{attempt}\t{save}\t{submit}")?;
        made += 1;
    }
    eprintln!("{made} open attempts written to {}", out.display());
    Ok(())
}

fn main() -> anyhow::Result<()> {
    let cli = Cli::parse();
    let url = DatabaseUrl::parse(&cli.database).map_err(anyhow::Error::msg)?;
    let pool = connect(&url, 1)?;
    let mut conn = pool.get()?;
    match cli.command {
        Command::Sessions { out } => sessions_file(&mut conn, &out),
        Command::Attempts { count, out } => attempts_file(&mut conn, count, &out),
    }
}
