//! Scale-out (issue 8): two real `devolve serve` processes on one PostgreSQL schema, as
//! behind a load balancer. A session made on one works on the other, both give the same
//! handling modes, their two mail workers send each queued message exactly once, and no
//! write sent to either process is lost. The processes run only with the `postgres`
//! feature and `TEST_DATABASE_URL`; elsewhere that test says in one line that it skips.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use chrono::NaiveDateTime;
use devolve::clock::Clock;
use devolve::config::Settings;
use devolve::db::schema::{
    audit_log, certificates, leaves, outbox, session_items, training_sessions,
};
use devolve::db::{write_transaction, DatabaseUrl, DbConnection};
use devolve::domain::cst;
use devolve::domain::role::Role;
use devolve::mail::Mail;
use devolve::security::password::{hash_password, HashCost};
use devolve::store::users::{self, NewUser};
use diesel::prelude::*;
use reqwest::{Client, Response};
use serde_json::Value;

use crate::helpers::{csrf_in, location, postgres_database, spawn_app, PASSWORD};
use crate::process::ServerProcess as Server;

/// Messages queued straight into the outbox for the two mail workers to share.
const QUEUED: usize = 200;
/// Workers whose leave ended long ago without a report-back: each gets one reminder.
const OVERDUE: usize = 30;
/// Sessions scheduled at once, half through each process.
const WRITES: usize = 200;

// ---------------------------------------------------------------------------------------
// the processes

// ---------------------------------------------------------------------------------------
// one browser, two processes

/// A browser that keeps its cookies by name and sends them to whichever process it talks
/// to, as one browser does behind a load balancer.
struct Visitor {
    client: Client,
    cookies: Mutex<BTreeMap<String, String>>,
}

impl Visitor {
    fn new() -> Visitor {
        Visitor {
            client: plain_client(),
            cookies: Mutex::new(BTreeMap::new()),
        }
    }

    fn cookie_header(&self) -> String {
        let cookies = self.cookies.lock().unwrap();
        cookies
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .join("; ")
    }

    fn keep_cookies(&self, res: &Response) {
        let mut cookies = self.cookies.lock().unwrap();
        for h in res.headers().get_all("set-cookie") {
            let Some(pair) = h.to_str().ok().and_then(|v| v.split(';').next()) else {
                continue;
            };
            let Some((name, value)) = pair.split_once('=') else {
                continue;
            };
            if value.is_empty() {
                cookies.remove(name.trim());
            } else {
                cookies.insert(name.trim().to_string(), value.to_string());
            }
        }
    }

    async fn get(&self, base: &str, path: &str) -> Response {
        let res = self
            .client
            .get(format!("{base}{path}"))
            .header("cookie", self.cookie_header())
            .send()
            .await
            .expect("GET");
        self.keep_cookies(&res);
        res
    }

    async fn get_html(&self, base: &str, path: &str) -> String {
        let res = self.get(base, path).await;
        assert_eq!(res.status(), 200, "GET {base}{path}");
        res.text().await.unwrap()
    }

    async fn post(&self, base: &str, path: &str, form: &[(String, String)]) -> Response {
        let res = self
            .client
            .post(format!("{base}{path}"))
            .header("cookie", self.cookie_header())
            .form(form)
            .send()
            .await
            .expect("POST");
        self.keep_cookies(&res);
        res
    }
}

fn plain_client() -> Client {
    Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
}

fn form(csrf: &str, fields: &[(&str, &str)]) -> Vec<(String, String)> {
    std::iter::once(("_csrf", csrf))
        .chain(fields.iter().copied())
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

async fn api(client: &Client, server: &Server, token: &str, path: &str) -> Value {
    let res = client
        .get(format!("{}{path}", server.base))
        .bearer_auth(token)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200, "{} {path}", server.name);
    let mut v: Value = res.json().await.unwrap();
    // the day the answer is for comes from each process's own clock
    if let Some(o) = v.as_object_mut() {
        o.remove("as_of");
    }
    v
}

fn c05_mode(row: &Value) -> (String, i64) {
    let cell = row["items"]
        .as_array()
        .expect("items")
        .iter()
        .find(|i| i["item_code"] == "C05")
        .expect("C05 in the row");
    (
        cell["mode"].as_str().unwrap().to_string(),
        cell["certified"].as_i64().unwrap(),
    )
}

// ---------------------------------------------------------------------------------------
// the database, seen from the test

fn add_user(
    conn: &mut DbConnection,
    hash: &str,
    role: Role,
    username: &str,
    unit: Option<&str>,
    now: NaiveDateTime,
) -> i32 {
    let membership = users::resolve_membership(conn, role, unit).expect("membership");
    users::insert(
        conn,
        &NewUser {
            username: username.into(),
            display_name: format!("扩容{username}"),
            password_hash: hash.into(),
            role,
            membership,
            demo: false,
            email: Some(format!("{username}@test.devolve.invalid")),
        },
        now,
    )
    .expect("insert user")
    .id
}

/// An approved leave that ended ten days ago and was never reported back.
fn overdue_leave(conn: &mut DbConnection, user_id: i32, now: NaiveDateTime) {
    let today = cst::date_of(now);
    diesel::insert_into(leaves::table)
        .values((
            leaves::user_id.eq(user_id),
            leaves::kind.eq("personal"),
            leaves::reason.eq("家中有事"),
            leaves::starts_on.eq((today - chrono::Duration::days(12)).to_string()),
            leaves::ends_on.eq((today - chrono::Duration::days(10)).to_string()),
            leaves::status.eq("approved"),
            leaves::decision_comment.eq(""),
            leaves::created_at.eq(now - chrono::Duration::days(13)),
        ))
        .execute(conn)
        .expect("insert leave");
}

/// (to, subject) of a written `.eml` file, which tell the test's messages apart, and its
/// Message-ID if it has one (lettre sets none unless asked; a relay adds it).
fn read_eml(path: &Path) -> ((String, String), Option<String>) {
    use mailparse::MailHeaderMap;
    let bytes = std::fs::read(path).expect("read .eml");
    let mail = mailparse::parse_mail(&bytes).expect("parse .eml");
    let header = |name: &str| mail.headers.get_first_value(name);
    let missing = |name: &str| panic!("{} has no {name}", path.display());
    let to = header("To")
        .unwrap_or_else(|| missing("To"))
        .trim()
        .trim_start_matches('<')
        .trim_end_matches('>')
        .to_string();
    let subject = header("Subject").unwrap_or_else(|| missing("Subject"));
    ((to, subject), header("Message-ID"))
}

fn eml_files(dir: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    entries
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "eml"))
        .collect()
}

// ---------------------------------------------------------------------------------------

#[tokio::test]
async fn two_processes_share_one_postgresql_database() {
    let Some((database_url, _db)) = postgres_database() else {
        eprintln!(
            "skipping the scale-out test: it needs `--features postgres` and TEST_DATABASE_URL"
        );
        return;
    };
    let started = Instant::now();
    let deadline = started + Duration::from_secs(30);
    let outboxes = tempfile::tempdir().expect("outbox dirs");
    // both start at once on the empty schema, as replicas do
    let mut a = Server::spawn(
        "A",
        &database_url,
        outboxes.path().join("a"),
        &[("DEVOLVE_MAIL_WORKER_SECONDS", "1")],
    );
    let mut b = Server::spawn(
        "B",
        &database_url,
        outboxes.path().join("b"),
        &[("DEVOLVE_MAIL_WORKER_SECONDS", "1")],
    );
    let probe = plain_client();
    a.ready(&probe, deadline).await;
    b.ready(&probe, deadline).await;
    let boot = started.elapsed();

    let clock = Clock::System;
    let now = clock.now_naive();
    let url = DatabaseUrl::parse(&database_url).unwrap();
    let pool = devolve::db::connect(&url, 2).expect("the test's own pool");
    let mut conn = pool.get().unwrap();
    let conn = &mut *conn;

    // accounts, the fixture course (item 5, C05, taught by 人社局) and two certified
    // workers at 玲珑镇, which makes the center 直办 for C05
    let hash = hash_password(HashCost::OWASP, PASSWORD).unwrap();
    let admin = add_user(conn, &hash, Role::Admin, "so-admin", None, now);
    add_user(conn, &hash, Role::Trainer, "so-trainer", Some("rs"), now);
    devolve::store::courses::import(conn, &crate::course_fixture::source(), None, now).unwrap();
    let c05 = devolve::store::items::find_by_code(conn, "C05")
        .unwrap()
        .unwrap()
        .item
        .id;
    let rules = Settings::default().training_rules();
    let mut certified = Vec::new();
    for w in ["so-w-a", "so-w-b"] {
        let id = add_user(conn, &hash, Role::Worker, w, Some("linglong"), now);
        devolve::store::demo_certificates::record_completion(conn, id, c05, now).unwrap();
        let cert = write_transaction(conn, |c| {
            devolve::store::certificates::try_issue(c, &rules, id, c05, now)
        })
        .unwrap()
        .expect("certified");
        certified.push(cert);
    }
    let token = devolve::store::api_tokens::issue(conn, "扩容测试", None, admin, now).unwrap();

    // 1. a session made on A works on B
    let trainer = Arc::new(Visitor::new());
    let login = trainer.get_html(&a.base, "/login").await;
    let res = trainer
        .post(
            &a.base,
            "/login",
            &form(
                &csrf_in(&login),
                &[("username", "so-trainer"), ("password", PASSWORD)],
            ),
        )
        .await;
    assert_eq!(res.status(), 303, "log in on A");
    assert!(
        trainer
            .cookies
            .lock()
            .unwrap()
            .contains_key("devolve_session"),
        "A set the session cookie"
    );
    let account = trainer.get_html(&b.base, "/account").await;
    assert!(
        account.contains("so-trainer") && account.contains("扩容so-trainer"),
        "B knows the user A logged in"
    );
    let stranger = Visitor::new();
    let res = stranger.get(&b.base, "/account").await;
    assert_eq!(res.status(), 303, "without the cookie B asks to log in");

    // 2. both give the same handling modes, before and after a change made through one
    let row = "/api/v1/centers/linglong/handling";
    let (on_a, on_b) = (
        api(&probe, &a, &token, row).await,
        api(&probe, &b, &token, row).await,
    );
    assert_eq!(on_a, on_b, "one center's row");
    assert_eq!(c05_mode(&on_a), ("direct".into(), 2));
    let matrix = "/api/v1/handling?per_page=200";
    assert_eq!(
        api(&probe, &a, &token, matrix).await,
        api(&probe, &b, &token, matrix).await,
        "the whole matrix"
    );
    // the trainer revokes one certificate through B, with the CSRF token of a page A
    // served: both processes see 代办 at once
    let csrf = csrf_in(&trainer.get_html(&a.base, "/account").await);
    let res = trainer
        .post(
            &b.base,
            &format!("/certificates/{}/revoke", certified[1]),
            &form(&csrf, &[("reason", "扩容测试撤销")]),
        )
        .await;
    assert_eq!(res.status(), 303, "revoke through B");
    let (on_a, on_b) = (
        api(&probe, &a, &token, row).await,
        api(&probe, &b, &token, row).await,
    );
    assert_eq!(on_a, on_b, "one center's row after the revocation");
    assert_eq!(c05_mode(&on_b), ("proxy".into(), 1));

    // 3. the two mail workers send every message exactly once
    let mails: Vec<Mail> = (0..QUEUED)
        .map(|i| Mail {
            to: format!("bulk{i:03}@test.devolve.invalid"),
            subject: format!("扩容测试 第{i:03}封"),
            text: format!("第{i}封"),
            html: format!("<p>第{i}封</p>"),
        })
        .collect();
    devolve::mail::outbox::enqueue(conn, &mails, now).unwrap();
    // each mail cycle also queues reminders: both workers find these at once
    let late: Vec<i32> = (0..OVERDUE)
        .map(|i| {
            add_user(
                conn,
                &hash,
                Role::Worker,
                &format!("so-late{i:02}"),
                Some("biguo"),
                now,
            )
        })
        .collect();
    for &user in &late {
        overdue_leave(conn, user, now);
    }
    let settled = loop {
        let unsent: i64 = outbox::table
            .filter(outbox::status.ne("sent"))
            .count()
            .get_result(conn)
            .unwrap();
        let unreminded: i64 = leaves::table
            .filter(leaves::overdue_notified_at.is_null())
            .count()
            .get_result(conn)
            .unwrap();
        let unnotified: i64 = certificates::table
            .filter(certificates::notified_at.is_null())
            .count()
            .get_result(conn)
            .unwrap();
        if unsent + unreminded + unnotified == 0 {
            break started.elapsed();
        }
        assert!(
            Instant::now() < started + Duration::from_secs(45),
            "mail not settled: {unsent} unsent, {unreminded} leaves and {unnotified} \
             certificates not yet mailed about"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    };
    let rows: Vec<(String, String, String, Option<String>)> = outbox::table
        .select((
            outbox::to_address,
            outbox::subject,
            outbox::status,
            outbox::claimed_by,
        ))
        .load(conn)
        .unwrap();
    assert!(
        rows.len() >= QUEUED + OVERDUE + 3,
        "{} rows: the queued ones, the reminders, two certificate notices and a revocation",
        rows.len()
    );
    assert!(rows.iter().all(|r| r.2 == "sent"), "no row left unsent");
    let queued: BTreeSet<(String, String)> =
        rows.iter().map(|r| (r.0.clone(), r.1.clone())).collect();
    assert_eq!(queued.len(), rows.len(), "no message queued twice");
    for user in ["so-w-a", "so-w-b"]
        .into_iter()
        .map(String::from)
        .chain((0..OVERDUE).map(|i| format!("so-late{i:02}")))
    {
        let to = format!("{user}@test.devolve.invalid");
        assert!(queued.iter().any(|(t, _)| *t == to), "{user} was mailed");
    }
    let workers: BTreeSet<&str> = rows.iter().filter_map(|r| r.3.as_deref()).collect();
    assert_eq!(workers.len(), 2, "both mail workers sent: {workers:?}");

    let written = |server: &Server| eml_files(&server.outbox);
    let (files_a, files_b) = (written(&a), written(&b));
    assert!(
        !files_a.is_empty() && !files_b.is_empty(),
        "both processes wrote mail: {} and {}",
        files_a.len(),
        files_b.len()
    );
    let mut sent: HashMap<(String, String), usize> = HashMap::new();
    let mut message_ids = BTreeSet::new();
    for path in files_a.iter().chain(&files_b) {
        let (key, id) = read_eml(path);
        if let Some(id) = id {
            assert!(
                message_ids.insert(id.clone()),
                "Message-ID {id} written twice"
            );
        }
        *sent.entry(key).or_default() += 1;
    }
    let twice: Vec<_> = sent.iter().filter(|(_, n)| **n > 1).collect();
    assert!(
        twice.is_empty(),
        "{} messages sent more than once, e.g. {:?}",
        twice.len(),
        &twice[..twice.len().min(3)]
    );
    let sent: BTreeSet<(String, String)> = sent.into_keys().collect();
    assert_eq!(sent, queued, "every queued message was written, once");

    // 4. no write is lost: WRITES sessions scheduled at once, alternately through A and B
    let csrf = csrf_in(&trainer.get_html(&b.base, "/account").await);
    let starts = cst::input_value(now + chrono::Duration::days(1));
    let ends = cst::input_value(now + chrono::Duration::days(1) + chrono::Duration::hours(2));
    let mut tasks = tokio::task::JoinSet::new();
    for i in 0..WRITES {
        let base = if i % 2 == 0 { &a.base } else { &b.base }.clone();
        let title = format!("扩容测试培训 {i:03}");
        let fields = form(
            &csrf,
            &[
                ("title", &title),
                ("starts_at", &starts),
                ("ends_at", &ends),
                ("place", "玲珑镇党群服务中心二楼"),
                ("online_link", ""),
                ("capacity", "30"),
                ("item", "C05"),
            ],
        );
        let trainer = trainer.clone();
        tasks.spawn(async move {
            let res = trainer.post(&base, "/sessions", &fields).await;
            let status = res.status();
            let id = location(&res)
                .strip_prefix("/sessions/")
                .and_then(|id| id.parse::<i32>().ok());
            (title, status, id)
        });
    }
    let mut acknowledged: BTreeMap<i32, String> = BTreeMap::new();
    while let Some(done) = tasks.join_next().await {
        let (title, status, id) = done.unwrap();
        assert_eq!(status, 303, "{title}: every write is acknowledged");
        let id = id.expect("the new session's address");
        assert!(
            acknowledged.insert(id, title).is_none(),
            "two writes got session {id}"
        );
    }
    let stored: BTreeMap<i32, String> = training_sessions::table
        .filter(training_sessions::title.like("扩容测试培训 %"))
        .select((training_sessions::id, training_sessions::title))
        .load::<(i32, String)>(conn)
        .unwrap()
        .into_iter()
        .collect();
    assert_eq!(
        stored, acknowledged,
        "each acknowledged session is stored as answered"
    );
    let ids: Vec<i32> = acknowledged.keys().copied().collect();
    let with_item: i64 = session_items::table
        .filter(session_items::session_id.eq_any(&ids))
        .filter(session_items::item_id.eq(c05))
        .count()
        .get_result(conn)
        .unwrap();
    assert_eq!(with_item as usize, WRITES, "each with its item");
    let audited: i64 = audit_log::table
        .filter(audit_log::action.eq("session.create"))
        .count()
        .get_result(conn)
        .unwrap();
    assert_eq!(audited as usize, WRITES, "each in the audit log");

    // meanwhile the mail workers kept running: still nothing sent twice
    let files = written(&a).len() + written(&b).len();
    assert_eq!(files, queued.len(), "no message written again later");

    // logging out on B ends the session on A too
    let res = trainer.post(&b.base, "/logout", &form(&csrf, &[])).await;
    assert_eq!(res.status(), 303);
    let res = trainer.get(&a.base, "/account").await;
    assert_eq!(res.status(), 303, "A no longer knows the session");

    eprintln!(
        "scale-out: both ready after {boot:?}, mail settled after {settled:?}, done after {:?}",
        started.elapsed()
    );
}

/// Both processes' mail workers look for overdue report-backs in every cycle. Two cycles
/// running at once must still remind about each leave once.
#[tokio::test]
async fn two_mail_cycles_at_once_remind_about_an_overdue_leave_once() {
    let app = spawn_app().await;
    let now = app.clock.now_naive();
    let mut late = Vec::new();
    {
        let mut conn = app.pool.get().unwrap();
        let hash = hash_password(HashCost::OWASP, PASSWORD).unwrap();
        for i in 0..20 {
            let user = add_user(
                &mut conn,
                &hash,
                Role::Worker,
                &format!("late{i:02}"),
                Some("biguo"),
                now,
            );
            overdue_leave(&mut conn, user, now);
            late.push(format!("late{i:02}@test.devolve.invalid"));
        }
    }
    let start = Arc::new(std::sync::Barrier::new(2));
    let cycles: Vec<_> = (0..2)
        .map(|_| {
            let (state, start) = (app.state.clone(), start.clone());
            std::thread::spawn(move || {
                let mut conn = state.pool.get().unwrap();
                start.wait();
                devolve::web::notify::queue_overdue_reminders(&state, &mut conn).unwrap()
            })
        })
        .collect();
    let queued: usize = cycles.into_iter().map(|t| t.join().unwrap()).sum();
    assert_eq!(queued, late.len(), "one reminder per leave between the two");
    let mut conn = app.pool.get().unwrap();
    let to: Vec<String> = outbox::table
        .select(outbox::to_address)
        .order(outbox::to_address.asc())
        .load(&mut conn)
        .unwrap();
    assert_eq!(to, late);
}
