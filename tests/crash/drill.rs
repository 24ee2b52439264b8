//! The crash-safety drill (`.ci/crash-drill`): kills the release server with SIGKILL while
//! it takes writes, again and again, and checks after each kill that
//! - every write the client saw acknowledged is in the database (answer saves,
//!   submissions, leave decisions, transfer approvals),
//! - `PRAGMA integrity_check` says `ok`,
//! - the restarted server answers `/readyz` within 5 s,
//!
//! and at the end that every message in the outbox (including those queued before a kill,
//! or caught mid-send by one) was delivered exactly once: one `.eml` file per outbox row,
//! the row marked sent, no other `.eml` file, no Message-ID twice.
//!
//! Fixtures are made through the library, as `bench/prepare.rs` does, while the server is
//! down: sessions (no argon2), open attempts, pending leaves for the town manager, pending
//! transfers for the organisation department. The database starts from `serve --demo`.
//!
//! ```sh
//! cargo build --release --bin devolve --example crash_drill
//! target/release/examples/crash_drill --rounds 20 [--seed N] [--bin target/release/devolve]
//! ```
//!
//! Random choices (when to kill, which value to save) come from one seeded generator; the
//! seed is printed so a failing run can be repeated (timing still varies). Only 127.0.0.1.

use std::collections::{BTreeSet, HashMap, HashSet, VecDeque};
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use anyhow::{bail, Context};
use clap::Parser;
use devolve::clock::Clock;
use devolve::db::schema::{
    assignments, attempt_questions, attempts as attempt_rows, centers, course_versions, leaves,
    outbox, transfers, users,
};
use devolve::db::{connect, write_transaction, DatabaseUrl, DbConnection, DbPool};
use devolve::domain::cst;
use devolve::domain::quiz::Answers;
use devolve::domain::staffing::Position;
use devolve::domain::transfer::{Request, TransferKind};
use devolve::mail::transport::eml_file_name;
use devolve::security::{csrf, token};
use devolve::store::{attempts, courses as course_store, roster, sessions, training};
use diesel::prelude::*;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use tokio::process::{Child, Command};

#[derive(Parser)]
struct Cli {
    /// Kill-and-restart rounds
    #[arg(long, default_value_t = 20)]
    rounds: u32,
    /// Seed of the random kill moments and answers; random when not given
    #[arg(long)]
    seed: Option<u64>,
    /// The server binary
    #[arg(long, env = "DEVOLVE_BIN", default_value = "target/release/devolve")]
    bin: PathBuf,
    /// Longest time between the server being ready and the kill, in milliseconds
    #[arg(long, default_value_t = 2500)]
    max_load_ms: u64,
    /// Keep the temporary folder (database, outbox, server log) for a look afterwards
    #[arg(long)]
    keep: bool,
}

/// A restarted server must answer `/readyz` within this.
const READY_LIMIT: Duration = Duration::from_secs(5);
/// Concurrent writers of each kind.
const ATTEMPT_TASKS: usize = 3;
const LEAVE_TASKS: usize = 1;
const TRANSFER_TASKS: usize = 1;
/// Fixtures put in stock before each round. Attempts: more than a round uses. Decisions
/// queue mail and the server's mail worker sends about 50 messages a second, so they are
/// kept to what it sends before the drill ends.
const ATTEMPTS_PER_TASK: usize = 60;
const LEAVES_PER_ROUND: usize = 30;
const TRANSFERS_PER_ROUND: usize = 20;

fn now() -> chrono::NaiveDateTime {
    Clock::System.now_naive()
}

// ---- fixtures ----------------------------------------------------------------------------

#[derive(Clone)]
struct Login {
    cookie: String,
    csrf: String,
}

/// A session as a login makes it, without the password hash.
fn login(conn: &mut DbConnection, user_id: i32) -> anyhow::Result<Login> {
    let secret = token::new_token();
    sessions::create(
        conn,
        user_id,
        &token::token_hash(&secret),
        "127.0.0.1",
        now(),
    )?;
    Ok(Login {
        cookie: format!("devolve_session={secret}"),
        csrf: csrf::token_for(&secret),
    })
}

/// An open attempt and the question its saves change: each form value with the stored
/// response it must produce (at least three, so the last acknowledged value can be told
/// apart from the one before it and the one in flight).
struct AttemptFixture {
    id: i32,
    login: Login,
    position: i32,
    values: Vec<(String, String)>,
}

struct Fixtures {
    /// Workers per attempt task, with their sessions.
    workers: Vec<Vec<(i32, Login)>>,
    versions: Vec<devolve::store::courses::VersionRow>,
    /// Attempt ids ever handed to a task: `attempts::start` returns an open one again.
    issued: HashSet<i32>,
    next_pick: Vec<usize>,
    town_workers: Vec<i32>,
    /// Workers who can move between two centers of their town, and those centers.
    movable: Vec<(i32, Vec<i32>)>,
    orgdept: i32,
    manager: Login,
    orgdept_login: Login,
}

fn prepare_fixtures(conn: &mut DbConnection) -> anyhow::Result<Fixtures> {
    let id_of = |conn: &mut DbConnection, name: &str| -> anyhow::Result<i32> {
        users::table
            .filter(users::username.eq(name))
            .select(users::id)
            .first(conn)
            .with_context(|| format!("no demo account {name}"))
    };
    let manager_id = id_of(conn, "manager")?;
    let orgdept = id_of(conn, "orgdept")?;
    let town = devolve::store::centers::town_by_code(conn, "linglong")?
        .context("no town linglong")?
        .id;
    let all: Vec<(i32, Option<i32>)> = users::table
        .filter(users::role.eq("worker"))
        .filter(users::active.eq(true))
        .select((users::id, users::center_id))
        .order(users::id.asc())
        .load(conn)?;
    let center_town: HashMap<i32, i32> = centers::table
        .select((centers::id, centers::town_id))
        .load::<(i32, i32)>(conn)?
        .into_iter()
        .collect();
    let mut town_centers: HashMap<i32, Vec<i32>> = HashMap::new();
    for (c, t) in &center_town {
        town_centers.entry(*t).or_default().push(*c);
    }
    let mut workers = vec![Vec::new(); ATTEMPT_TASKS];
    let mut town_workers = Vec::new();
    let mut movable = Vec::new();
    for (i, (id, center)) in all.iter().enumerate() {
        let Some(t) = center.and_then(|c| center_town.get(&c)) else {
            continue;
        };
        workers[i % ATTEMPT_TASKS].push((*id, login(conn, *id)?));
        if *t == town {
            town_workers.push(*id);
        }
        let mut choices = town_centers[t].clone();
        choices.sort();
        if choices.len() >= 2 {
            movable.push((*id, choices));
        }
    }
    let course_ids: Vec<i32> = course_versions::table
        .select(course_versions::course_id)
        .distinct()
        .load(conn)?;
    let mut versions = Vec::new();
    for c in course_ids {
        if let Some(v) = course_store::latest_published(conn, c)? {
            versions.push(v);
        }
    }
    if versions.is_empty() || town_workers.is_empty() || movable.is_empty() {
        bail!("the demo data lacks published courses, workers of linglong or movable workers");
    }
    Ok(Fixtures {
        workers,
        versions,
        issued: HashSet::new(),
        next_pick: vec![0; ATTEMPT_TASKS],
        town_workers,
        movable,
        orgdept,
        manager: login(conn, manager_id)?,
        orgdept_login: login(conn, orgdept)?,
    })
}

/// Opens a new attempt for task `task`'s next (worker, course).
fn new_attempt(
    conn: &mut DbConnection,
    f: &mut Fixtures,
    task: usize,
) -> anyhow::Result<Option<AttemptFixture>> {
    let combos = f.workers[task].len() * f.versions.len();
    for _ in 0..combos {
        let pick = f.next_pick[task];
        f.next_pick[task] += 1;
        let (worker, login) = f.workers[task][pick % f.workers[task].len()].clone();
        let version = &f.versions[(pick / f.workers[task].len()) % f.versions.len()];
        let id =
            attempts::start(conn, worker, version, now()).map_err(|e| anyhow::anyhow!("{e:?}"))?;
        if !f.issued.insert(id) {
            continue; // an attempt used before and left open by a kill
        }
        let slots = attempts::slots(conn, id).map_err(|e| anyhow::anyhow!("{e:?}"))?;
        let Some((slot, _)) = slots.iter().find(|(_, q)| {
            matches!(q.answers, Answers::Single { .. } | Answers::Multi { .. })
                && q.answers.options().len() >= 3
        }) else {
            continue;
        };
        let p = slot.position;
        let mut values = Vec::new();
        for shown in 0..slot.order().len() {
            let pairs = vec![
                ("shown".to_string(), p.to_string()),
                (format!("q{p}"), shown.to_string()),
            ];
            let r = devolve::web::attempts::responses_from_form(&pairs, &slots);
            let stored = serde_json::to_string(&r.first().context("no response")?.1)?;
            values.push((format!("shown={p}&q{p}={shown}"), stored));
        }
        return Ok(Some(AttemptFixture {
            id,
            login,
            position: p,
            values,
        }));
    }
    Ok(None)
}

/// What the writers work through in one round.
#[derive(Default)]
struct Stock {
    attempts: Vec<Mutex<VecDeque<AttemptFixture>>>,
    leaves: Mutex<VecDeque<i32>>,
    transfers: Mutex<VecDeque<i32>>,
}

/// Tops the stock up while the server is down, in one transaction.
fn restock(
    pool: &DbPool,
    f: &mut Fixtures,
    stock: &mut Stock,
    rng: &mut StdRng,
) -> anyhow::Result<()> {
    let conn = &mut *pool.get()?;
    write_transaction(conn, |conn| -> anyhow::Result<()> {
        for task in 0..ATTEMPT_TASKS {
            let queue = stock.attempts[task].get_mut().expect("stock lock");
            while queue.len() < ATTEMPTS_PER_TASK {
                match new_attempt(conn, f, task)? {
                    Some(a) => queue.push_back(a),
                    None => bail!("no more attempts to open for task {task}"),
                }
            }
        }
        let pending = stock.leaves.get_mut().expect("stock lock");
        let today = cst::date_of(now());
        while pending.len() < LEAVES_PER_ROUND {
            let worker = f.town_workers[rng.gen_range(0..f.town_workers.len())];
            let starts = today + chrono::Days::new(rng.gen_range(2..30));
            let id = training::ask_leave(
                conn,
                &training::NewLeave {
                    user_id: worker,
                    kind: "personal",
                    reason: "演练：家中有事",
                    starts_on: starts,
                    ends_on: starts + chrono::Days::new(1),
                    session_ids: &[],
                },
                now(),
            )
            .map_err(|e| anyhow::anyhow!("{e:?}"))?;
            pending.push_back(id);
        }
        // a transfer for every movable worker without one pending: to another center of
        // their town, from today
        let open: HashSet<i32> = transfers::table
            .filter(transfers::status.eq("pending"))
            .select(transfers::user_id)
            .load::<i32>(conn)?
            .into_iter()
            .collect();
        let queue = stock.transfers.get_mut().expect("stock lock");
        queue.clear();
        queue.extend(
            transfers::table
                .filter(transfers::status.eq("pending"))
                .select(transfers::id)
                .load::<i32>(conn)?,
        );
        queue.truncate(TRANSFERS_PER_ROUND);
        for (worker, choices) in &f.movable {
            if queue.len() >= TRANSFERS_PER_ROUND {
                break;
            }
            if open.contains(worker) {
                continue;
            }
            let Some(from) = roster::place_of(conn, *worker)? else {
                continue;
            };
            let Some(&to) = choices.iter().find(|&&c| c != from.center_id) else {
                continue;
            };
            let request = Request {
                kind: TransferKind::Move,
                to: Some((to, from.town_id, Position::Window)),
                destination: String::new(),
                reason: "演练：调整岗位".into(),
                starts_on: today,
                ends_on: None,
            };
            match devolve::store::transfers::file(conn, *worker, &from, &request, f.orgdept, now())
            {
                Ok(id) => queue.push_back(id),
                Err(e) => eprintln!("  (transfer for worker {worker} not filed: {e:?})"),
            }
        }
        Ok(())
    })
}

// ---- what the client saw acknowledged ------------------------------------------------------

#[derive(Default)]
struct SlotLedger {
    acked: Option<String>,
    /// Values sent since the last acknowledgement whose outcome the client never learnt.
    uncertain: Vec<String>,
}

#[derive(Default)]
struct Ledger {
    slots: HashMap<(i32, i32), SlotLedger>,
    saves: usize,
    submits: Vec<i32>,
    leaves: Vec<(i32, bool)>,
    transfers: Vec<i32>,
    /// Requests whose outcome is unknown (cut off by a kill); not checked.
    unknown: usize,
    /// Refused with a 4xx (e.g. a transfer whose worker moved meanwhile); not writes.
    refused: usize,
}

#[derive(Default, Clone, Copy)]
struct Checked {
    saves: usize,
    submits: usize,
    leaves: usize,
    transfers: usize,
}

/// Checks every acknowledged write against the database. Returns what was checked and the
/// lost writes described.
fn verify(conn: &mut DbConnection, ledger: &Ledger) -> anyhow::Result<(Checked, Vec<String>)> {
    let mut lost = Vec::new();
    let mut c = Checked::default();
    for ((attempt, position), s) in &ledger.slots {
        let Some(acked) = &s.acked else { continue };
        c.saves += 1;
        let stored: Option<String> = attempt_questions::table
            .filter(attempt_questions::attempt_id.eq(attempt))
            .filter(attempt_questions::position.eq(position))
            .select(attempt_questions::response)
            .first(conn)?;
        let ok = stored.as_ref() == Some(acked)
            || stored.as_ref().is_some_and(|v| s.uncertain.contains(v));
        if !ok {
            lost.push(format!(
                "answer save: attempt {attempt} question {position} holds {stored:?}, acknowledged {acked}"
            ));
        }
    }
    for id in &ledger.submits {
        c.submits += 1;
        let (status, finished): (String, Option<chrono::NaiveDateTime>) = attempt_rows::table
            .find(id)
            .select((attempt_rows::status, attempt_rows::finished_at))
            .first(conn)?;
        if status == "open" || finished.is_none() {
            lost.push(format!("submission: attempt {id} is {status}"));
        }
    }
    for (id, approve) in &ledger.leaves {
        c.leaves += 1;
        let status: String = leaves::table.find(id).select(leaves::status).first(conn)?;
        let want = if *approve { "approved" } else { "rejected" };
        if status != want {
            lost.push(format!(
                "leave decision: leave {id} is {status}, acknowledged {want}"
            ));
        }
    }
    for id in &ledger.transfers {
        c.transfers += 1;
        let (status, effective): (String, Option<String>) = transfers::table
            .find(id)
            .select((transfers::status, transfers::effective_on))
            .first(conn)?;
        let roster_rows: i64 = assignments::table
            .filter(assignments::transfer_id.eq(id))
            .count()
            .get_result(conn)?;
        if status != "approved" || effective.is_none() || roster_rows == 0 {
            lost.push(format!(
                "transfer approval: transfer {id} is {status}, effective {effective:?}, {roster_rows} roster rows"
            ));
        }
    }
    Ok((c, lost))
}

#[derive(diesel::QueryableByName)]
struct IntegrityLine {
    #[diesel(sql_type = diesel::sql_types::Text)]
    integrity_check: String,
}

fn integrity(conn: &mut DbConnection) -> anyhow::Result<String> {
    let lines: Vec<IntegrityLine> = diesel::sql_query("PRAGMA integrity_check").load(conn)?;
    Ok(lines
        .into_iter()
        .map(|l| l.integrity_check)
        .collect::<Vec<_>>()
        .join("; "))
}

// ---- the server --------------------------------------------------------------------------

struct Server {
    bin: PathBuf,
    db: PathBuf,
    outbox: PathBuf,
    log: PathBuf,
    port: u16,
}

impl Server {
    fn base(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    fn spawn(&self, demo: bool) -> anyhow::Result<Child> {
        let log = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(&self.log)?;
        let mut cmd = Command::new(&self.bin);
        cmd.arg("serve");
        if demo {
            cmd.arg("--demo");
        }
        cmd.env("DATABASE_URL", &self.db)
            .env("DEVOLVE_BIND", format!("127.0.0.1:{}", self.port))
            .env("DEVOLVE_OUTBOX_DIR", &self.outbox)
            .env("DEVOLVE_MAIL_TRANSPORT", "file")
            .env("DEVOLVE_MAIL_WORKER_SECONDS", "1")
            .env("RUST_LOG", "warn")
            .stdin(Stdio::null())
            .stdout(log.try_clone()?)
            .stderr(log)
            .kill_on_drop(true);
        cmd.spawn()
            .with_context(|| format!("starting {}", self.bin.display()))
    }

    /// Polls `/readyz` every 20 ms until it answers 200; the time it took.
    async fn ready(
        &self,
        http: &reqwest::Client,
        child: &mut Child,
        limit: Duration,
    ) -> anyhow::Result<Duration> {
        let started = Instant::now();
        let url = format!("{}/readyz", self.base());
        while started.elapsed() < limit {
            if let Some(status) = child.try_wait()? {
                bail!("the server exited with {status}\n{}", self.log_tail());
            }
            let answer = http
                .get(&url)
                .timeout(Duration::from_millis(500))
                .send()
                .await;
            if answer.is_ok_and(|r| r.status() == 200) {
                return Ok(started.elapsed());
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        bail!(
            "the server was not ready within {limit:?}\n{}",
            self.log_tail()
        )
    }

    fn log_tail(&self) -> String {
        let text = std::fs::read_to_string(&self.log).unwrap_or_default();
        let lines: Vec<&str> = text.lines().collect();
        lines[lines.len().saturating_sub(30)..].join("\n")
    }
}

async fn kill(child: &mut Child) -> anyhow::Result<()> {
    child.start_kill()?; // SIGKILL
    child.wait().await?;
    Ok(())
}

// ---- the writers -------------------------------------------------------------------------

enum Outcome {
    Acked,
    Refused,
    Unknown,
}

/// Success is the status (and, for a redirect, the place) the handler answers a write with.
async fn post(
    http: &reqwest::Client,
    url: &str,
    login: &Login,
    body: String,
    redirect_to: Option<&str>,
) -> Outcome {
    let sent = http
        .post(url)
        .header("Cookie", &login.cookie)
        .header("Content-Type", "application/x-www-form-urlencoded")
        .body(body)
        .send()
        .await;
    let Ok(r) = sent else {
        return Outcome::Unknown;
    };
    let status = r.status();
    if status.is_server_error() {
        return Outcome::Unknown;
    }
    match redirect_to {
        Some(place) => {
            let location = r
                .headers()
                .get("location")
                .and_then(|v| v.to_str().ok())
                .unwrap_or("")
                .to_string();
            if status == 303 && location == place {
                Outcome::Acked
            } else if status.is_client_error() {
                Outcome::Refused
            } else {
                Outcome::Unknown
            }
        }
        None if status == 200 => match r.json::<serde_json::Value>().await {
            Ok(v) if v["saved"] == true => Outcome::Acked,
            Ok(_) => Outcome::Refused,
            Err(_) => Outcome::Unknown,
        },
        None if status.is_client_error() => Outcome::Refused,
        None => Outcome::Unknown,
    }
}

/// Saves answers on one attempt after another (3 to 12 saves each), then submits it.
/// An attempt whose request ended without an answer is left alone from then on.
async fn attempt_writer(
    http: reqwest::Client,
    base: String,
    stock: Arc<Stock>,
    task: usize,
    ledger: Arc<Mutex<Ledger>>,
    stop: Arc<AtomicBool>,
    seed: u64,
) {
    let mut rng = StdRng::seed_from_u64(seed);
    while !stop.load(Ordering::Relaxed) {
        let Some(a) = stock.attempts[task].lock().expect("stock").pop_front() else {
            return;
        };
        let saves = rng.gen_range(3..=12);
        let start = rng.gen_range(0..a.values.len());
        let mut abandoned = false;
        for n in 0..saves {
            if stop.load(Ordering::Relaxed) {
                abandoned = true;
                break;
            }
            // consecutive saves differ, and with at least three values the acknowledged one
            // differs from both neighbours
            let (form, stored) = &a.values[(start + n) % a.values.len()];
            let url = format!("{base}/attempts/{}/answer", a.id);
            let body = format!("_csrf={}&{form}", a.login.csrf);
            let outcome = post(&http, &url, &a.login, body, None).await;
            let mut l = ledger.lock().expect("ledger");
            let slot = l.slots.entry((a.id, a.position)).or_default();
            match outcome {
                Outcome::Acked => {
                    slot.acked = Some(stored.clone());
                    slot.uncertain.clear();
                    l.saves += 1;
                }
                Outcome::Unknown => {
                    slot.uncertain.push(stored.clone());
                    l.unknown += 1;
                    abandoned = true;
                }
                Outcome::Refused => {
                    l.refused += 1;
                    abandoned = true;
                }
            }
            if abandoned {
                break;
            }
        }
        if abandoned {
            continue;
        }
        let url = format!("{base}/attempts/{}/submit", a.id);
        let body = format!("_csrf={}", a.login.csrf);
        let review = format!("/attempts/{}/review", a.id);
        let outcome = post(&http, &url, &a.login, body, Some(&review)).await;
        let mut l = ledger.lock().expect("ledger");
        match outcome {
            Outcome::Acked => l.submits.push(a.id),
            Outcome::Unknown => l.unknown += 1,
            Outcome::Refused => l.refused += 1,
        }
    }
}

/// The town manager decides pending leaves, approving or rejecting at random.
async fn leave_writer(
    http: reqwest::Client,
    base: String,
    stock: Arc<Stock>,
    manager: Login,
    ledger: Arc<Mutex<Ledger>>,
    stop: Arc<AtomicBool>,
    seed: u64,
) {
    let mut rng = StdRng::seed_from_u64(seed);
    while !stop.load(Ordering::Relaxed) {
        let Some(id) = stock.leaves.lock().expect("stock").pop_front() else {
            return;
        };
        let approve = rng.gen_bool(0.5);
        let body = format!(
            "_csrf={}&decision={}&comment=%E6%BC%94%E7%BB%83",
            manager.csrf,
            if approve { "approve" } else { "reject" }
        );
        let url = format!("{base}/leaves/{id}/decide");
        let outcome = post(&http, &url, &manager, body, Some("/manager/leaves")).await;
        let mut l = ledger.lock().expect("ledger");
        match outcome {
            Outcome::Acked => l.leaves.push((id, approve)),
            Outcome::Unknown => l.unknown += 1,
            Outcome::Refused => l.refused += 1,
        }
    }
}

/// The organisation department approves pending transfers.
async fn transfer_writer(
    http: reqwest::Client,
    base: String,
    stock: Arc<Stock>,
    orgdept: Login,
    ledger: Arc<Mutex<Ledger>>,
    stop: Arc<AtomicBool>,
) {
    while !stop.load(Ordering::Relaxed) {
        let Some(id) = stock.transfers.lock().expect("stock").pop_front() else {
            return;
        };
        let body = format!("_csrf={}&decision=approve&comment=", orgdept.csrf);
        let url = format!("{base}/transfers/{id}/decision");
        let place = format!("/transfers/{id}");
        let outcome = post(&http, &url, &orgdept, body, Some(&place)).await;
        let mut l = ledger.lock().expect("ledger");
        match outcome {
            Outcome::Acked => l.transfers.push(id),
            Outcome::Unknown => l.unknown += 1,
            Outcome::Refused => l.refused += 1,
        }
    }
}

// ---- the outbox --------------------------------------------------------------------------

struct OutboxCheck {
    rows: usize,
    sent: usize,
    files: usize,
    duplicates: usize,
    problems: Vec<String>,
}

/// Exactly one `.eml` per outbox row, every row sent, no other file, no Message-ID twice.
fn check_outbox(conn: &mut DbConnection, dir: &Path) -> anyhow::Result<OutboxCheck> {
    let rows: Vec<(i32, String, chrono::NaiveDateTime)> = outbox::table
        .select((outbox::id, outbox::status, outbox::created_at))
        .order(outbox::id.asc())
        .load(conn)?;
    let mut files: BTreeSet<String> = BTreeSet::new();
    for e in std::fs::read_dir(dir)? {
        let name = e?.file_name().to_string_lossy().into_owned();
        if name.ends_with(".eml") {
            files.insert(name);
        }
    }
    let mut problems = Vec::new();
    let mut expected = BTreeSet::new();
    let mut sent = 0;
    for (id, status, created) in &rows {
        if status == "sent" {
            sent += 1;
        } else {
            problems.push(format!("outbox row {id} is {status}, not sent"));
        }
        let name = eml_file_name(*id, *created);
        if !files.contains(&name) {
            problems.push(format!("outbox row {id} has no file {name}"));
        }
        expected.insert(name);
    }
    let extra: Vec<&String> = files.difference(&expected).collect();
    for name in extra.iter().take(5) {
        problems.push(format!(
            "a file for no outbox row (a second delivery?): {name}"
        ));
    }
    let mut ids = HashSet::new();
    let mut twice = 0;
    for name in &files {
        let bytes = std::fs::read(dir.join(name))?;
        let mail = mailparse::parse_mail(&bytes).with_context(|| format!("parsing {name}"))?;
        use mailparse::MailHeaderMap;
        match mail.headers.get_first_value("Message-ID") {
            Some(id) if !ids.insert(id.clone()) => {
                twice += 1;
                problems.push(format!("Message-ID {id} in two files"));
            }
            Some(_) => {}
            None => problems.push(format!("{name} has no Message-ID")),
        }
    }
    Ok(OutboxCheck {
        rows: rows.len(),
        sent,
        files: files.len(),
        duplicates: extra.len() + twice,
        problems,
    })
}

// ---- the drill ---------------------------------------------------------------------------

#[tokio::main]
async fn main() {
    let cli = Cli::parse();
    match drill(cli).await {
        Ok(()) => {}
        Err(e) => {
            eprintln!("crash drill FAILED: {e:#}");
            std::process::exit(1);
        }
    }
}

async fn drill(cli: Cli) -> anyhow::Result<()> {
    let started = Instant::now();
    let seed = cli.seed.unwrap_or_else(rand::random);
    println!(
        "crash drill: seed {seed} (repeat with --seed {seed}), {} rounds",
        cli.rounds
    );
    let mut rng = StdRng::seed_from_u64(seed);
    let tmp = tempfile::Builder::new().prefix("crash-drill-").tempdir()?;
    let port = std::net::TcpListener::bind("127.0.0.1:0")?
        .local_addr()?
        .port();
    let server = Server {
        bin: cli.bin.clone(),
        db: tmp.path().join("drill.db"),
        outbox: tmp.path().join("outbox"),
        log: tmp.path().join("server.log"),
        port,
    };
    let http = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .timeout(Duration::from_secs(10))
        .build()?;

    // the demo data, through the server's own first start; then down for the fixtures
    let mut child = server.spawn(true)?;
    let first = server
        .ready(&http, &mut child, Duration::from_secs(180))
        .await?;
    kill(&mut child).await?;
    println!("demo database made in {:.1} s", first.as_secs_f64());

    let url = DatabaseUrl::Sqlite(server.db.to_string_lossy().into_owned());
    let pool = connect(&url, 1)?;
    let mut fixtures = prepare_fixtures(&mut *pool.get()?)?;
    let mut stock = Stock {
        attempts: (0..ATTEMPT_TASKS).map(|_| Mutex::default()).collect(),
        ..Stock::default()
    };
    let ledger = Arc::new(Mutex::new(Ledger::default()));
    let mut ready_times = Vec::new();
    let mut queued_before_kill: BTreeSet<i32> = BTreeSet::new();
    let mut claims_cut: BTreeSet<i32> = BTreeSet::new();

    for round in 1..=cli.rounds {
        restock(&pool, &mut fixtures, &mut stock, &mut rng)?;
        let shared = Arc::new(std::mem::take(&mut stock));
        let mut child = server.spawn(false)?;
        let ready = server.ready(&http, &mut child, READY_LIMIT).await;
        let ready = match ready {
            Ok(t) => t,
            Err(e) => bail!("round {round}: {e:#}"),
        };
        ready_times.push(ready);

        let stop = Arc::new(AtomicBool::new(false));
        let mut tasks = Vec::new();
        for task in 0..ATTEMPT_TASKS {
            tasks.push(tokio::spawn(attempt_writer(
                http.clone(),
                server.base(),
                shared.clone(),
                task,
                ledger.clone(),
                stop.clone(),
                rng.gen(),
            )));
        }
        for _ in 0..LEAVE_TASKS {
            tasks.push(tokio::spawn(leave_writer(
                http.clone(),
                server.base(),
                shared.clone(),
                fixtures.manager.clone(),
                ledger.clone(),
                stop.clone(),
                rng.gen(),
            )));
        }
        for _ in 0..TRANSFER_TASKS {
            tasks.push(tokio::spawn(transfer_writer(
                http.clone(),
                server.base(),
                shared.clone(),
                fixtures.orgdept_login.clone(),
                ledger.clone(),
                stop.clone(),
            )));
        }
        let load = Duration::from_millis(rng.gen_range(0..=cli.max_load_ms));
        tokio::time::sleep(load).await;
        kill(&mut child).await?;
        stop.store(true, Ordering::Relaxed);
        for t in tasks {
            t.await?;
        }
        stock = Arc::try_unwrap(shared).map_err(|_| anyhow::anyhow!("a writer still runs"))?;

        // the server is dead: what it acknowledged must be on disk
        let conn = &mut *pool.get()?;
        let (_, lost) = verify(conn, &ledger.lock().expect("ledger"))?;
        let integrity = integrity(conn)?;
        let pending: Vec<(i32, String)> = outbox::table
            .filter(outbox::status.ne("sent"))
            .select((outbox::id, outbox::status))
            .load(conn)?;
        let cut = pending.iter().filter(|(_, s)| s == "sending").count();
        claims_cut.extend(
            pending
                .iter()
                .filter(|(_, s)| s == "sending")
                .map(|(id, _)| *id),
        );
        queued_before_kill.extend(pending.iter().map(|(id, _)| *id));
        let l = ledger.lock().expect("ledger");
        println!(
            "round {round:>2}: ready {:>4} ms, killed after {:>4} ms; acknowledged so far: {} saves, {} submissions, {} leave decisions, {} transfer approvals; {} unsent mails ({cut} mid-send); integrity {integrity}",
            ready.as_millis(),
            load.as_millis(),
            l.saves,
            l.submits.len(),
            l.leaves.len(),
            l.transfers.len(),
            pending.len(),
        );
        if !lost.is_empty() {
            bail!(
                "round {round}: {} acknowledged writes lost, e.g.\n  {}",
                lost.len(),
                lost[..lost.len().min(10)].join("\n  ")
            );
        }
        if integrity != "ok" {
            bail!("round {round}: PRAGMA integrity_check: {integrity}");
        }
    }

    // the last start: the mail worker sends what the kills left, claims cut short included
    // once their lease runs out
    let mut child = server.spawn(false)?;
    ready_times.push(server.ready(&http, &mut child, READY_LIMIT).await?);
    let drain_limit = devolve::domain::outbox::CLAIM_LEASE
        .to_std()
        .unwrap_or_default()
        + Duration::from_secs(60);
    let drain_started = Instant::now();
    loop {
        let unsent: i64 = outbox::table
            .filter(outbox::status.ne("sent"))
            .count()
            .get_result(&mut *pool.get()?)?;
        if unsent == 0 {
            break;
        }
        if drain_started.elapsed() > drain_limit {
            bail!("{unsent} messages still unsent {drain_limit:?} after the last start");
        }
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
    let drained = drain_started.elapsed();
    kill(&mut child).await?;
    let conn = &mut *pool.get()?;
    let (checked, lost) = verify(conn, &ledger.lock().expect("ledger"))?;
    let integrity = integrity(conn)?;
    let mail = check_outbox(conn, &server.outbox)?;

    let l = ledger.lock().expect("ledger");
    let max_ready = ready_times.iter().max().copied().unwrap_or_default();
    let avg_ready = ready_times.iter().sum::<Duration>() / ready_times.len().max(1) as u32;
    println!(
        "outbox drained {:.1} s after the last start; {} messages were unsent at some kill, {} caught mid-send (claimed, not marked sent)",
        drained.as_secs_f64(),
        queued_before_kill.len(),
        claims_cut.len()
    );
    println!(
        "crash-drill summary: seed={seed} rounds={} acked: saves={} (on {} questions) submissions={} leave_decisions={} transfer_approvals={} unknown={} refused={} lost={} integrity={integrity} ready_max={}ms ready_avg={}ms outbox: messages={} sent={} files={} duplicates={} queued_before_kill={} run={:.0}s",
        cli.rounds,
        l.saves,
        checked.saves,
        checked.submits,
        checked.leaves,
        checked.transfers,
        l.unknown,
        l.refused,
        lost.len(),
        max_ready.as_millis(),
        avg_ready.as_millis(),
        mail.rows,
        mail.sent,
        mail.files,
        mail.duplicates,
        queued_before_kill.len(),
        started.elapsed().as_secs_f64(),
    );
    if cli.keep {
        let kept = tmp.keep();
        println!("kept {}", kept.display());
    }
    let mut failures = Vec::new();
    if !lost.is_empty() {
        failures.push(format!(
            "{} acknowledged writes lost: {}",
            lost.len(),
            lost[0]
        ));
    }
    if integrity != "ok" {
        failures.push(format!("integrity_check: {integrity}"));
    }
    if max_ready > READY_LIMIT {
        failures.push(format!("ready after {max_ready:?}"));
    }
    if !mail.problems.is_empty() {
        failures.push(format!(
            "outbox: {}",
            mail.problems[..mail.problems.len().min(10)].join("; ")
        ));
    }
    if l.saves == 0 || checked.submits == 0 || checked.leaves == 0 || checked.transfers == 0 {
        failures.push("some kind of write was never acknowledged: the drill tested nothing".into());
    }
    if !failures.is_empty() {
        bail!("{}", failures.join("\n"));
    }
    println!("crash drill passed");
    Ok(())
}
