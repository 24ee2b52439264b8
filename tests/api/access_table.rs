//! The access table: every registered route (`crate::routes::registered_routes`) × seven
//! callers, with path parameters filled in with real objects in the callers' own scope.
//! Also: every POST refuses a missing or foreign CSRF token and changes nothing, and no
//! GET changes the database, whoever asks.

use std::collections::{BTreeMap, BTreeSet};

use devolve::domain::role::Role;
use diesel::sql_types::{Nullable, Text};
use diesel::{QueryableByName, RunQueryDsl};
use reqwest::Response;

use crate::certificates::certs_of;
use crate::course_fixture::import;
use crate::helpers::{location, spawn_app, TestApp};
use crate::roster::{certify, secondment, user_id};
use crate::routes::{registered_routes, Route};
use crate::training::{enrol_linglong, one_day_leave, schedule_item};

/// What a caller gets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Outcome {
    /// Not 403, not sent to the login page, not a server error.
    Allowed,
    /// 403.
    Forbidden,
    /// 303 to `/login?next=…`, or 401 on `/api/` routes.
    Login,
}
use Outcome::{Allowed as A, Forbidden as F, Login as L};

/// The callers, in the order of the table's columns.
const CALLERS: [&str; 7] = [
    "anonymous",
    "worker",
    "manager",
    "trainer",
    "orgdept",
    "admin",
    "api-token",
];

/// Logged in: none. Worker and manager belong to 玲珑镇, the trainer to 人社局 (`rs`), which
/// teaches the fixture course's item C05. The API token is city-wide; on web routes its
/// caller is anonymous (the token is only read under `/api/`).
const TABLE: &[(&str, [Outcome; 7])] = &[
    //                                              anon worker mgr trainer org admin token
    ("GET /", [L, A, A, A, A, A, L]),
    ("GET /account", [L, A, A, A, A, A, L]),
    ("GET /admin", [L, F, F, F, F, A, L]),
    ("GET /admin/api-tokens", [L, F, F, F, F, A, L]),
    ("GET /admin/audit", [L, F, F, F, A, A, L]),
    ("GET /admin/catalog", [L, F, F, F, F, A, L]),
    ("GET /admin/outbox", [L, F, F, F, F, A, L]),
    ("GET /admin/users", [L, F, F, F, F, A, L]),
    ("GET /admin/users/new", [L, F, F, F, F, A, L]),
    ("GET /admin/users/{id}", [L, F, F, F, F, A, L]),
    ("GET /api/v1/centers", [A, A, A, A, A, A, A]),
    // the handling API takes a token, never a session: a logged-in browser gets 401
    ("GET /api/v1/centers/{code}/handling", [L, L, L, L, L, L, A]),
    (
        "GET /api/v1/centers/{code}/items/{seq}/handling",
        [L, L, L, L, L, L, A],
    ),
    ("GET /api/v1/handling", [L, L, L, L, L, L, A]),
    ("GET /api/v1/items", [A, A, A, A, A, A, A]),
    ("GET /api/v1/openapi.json", [A, A, A, A, A, A, A]),
    ("GET /api/v1/verify/{code}", [A, A, A, A, A, A, A]),
    ("GET /attempts/{id}", [L, A, F, F, F, F, L]),
    ("GET /attempts/{id}/review", [L, A, F, F, F, F, L]),
    ("GET /attempts/{id}/state.json", [L, A, F, F, F, F, L]),
    ("GET /centers", [L, A, A, A, A, A, L]),
    ("GET /centers/{code}", [L, A, A, A, A, A, L]),
    ("GET /centers/{code}/notice", [L, A, A, A, A, A, L]),
    ("GET /certificates", [L, A, A, A, A, A, L]),
    ("GET /certificates/{id}", [L, A, A, A, A, A, L]),
    ("GET /checkin", [L, A, F, F, F, F, L]),
    ("GET /courses", [L, F, F, A, F, A, L]),
    ("GET /courses/{id}", [L, F, F, A, F, A, L]),
    ("GET /courses/{id}/analysis", [L, F, F, A, F, A, L]),
    ("GET /courses/{id}/draft", [L, F, F, A, F, A, L]),
    ("GET /courses/{id}/draft/modules/new", [L, F, F, A, F, A, L]),
    (
        "GET /courses/{id}/draft/modules/{pos}",
        [L, F, F, A, F, A, L],
    ),
    ("GET /courses/{id}/draft/preview", [L, F, F, A, F, A, L]),
    ("GET /courses/{id}/versions/{n}", [L, F, F, A, F, A, L]),
    (
        "GET /courses/{id}/versions/{n}/export.zip",
        [L, F, F, A, F, A, L],
    ),
    ("GET /handling", [L, F, A, F, A, A, L]),
    ("GET /healthz", [A, A, A, A, A, A, A]),
    ("GET /items", [L, A, A, A, A, A, L]),
    ("GET /items/{code}", [L, A, A, A, A, A, L]),
    ("GET /items/{code}/learn", [L, A, F, F, F, F, L]),
    ("GET /learn", [L, A, F, F, F, F, L]),
    ("GET /learn/{id}", [L, A, F, F, F, F, L]),
    ("GET /learn/{id}/modules/{pos}", [L, A, F, F, F, F, L]),
    ("GET /login", [A, A, A, A, A, A, A]),
    ("GET /manager", [L, F, A, F, F, F, L]),
    ("GET /manager/leaves", [L, F, A, F, F, F, L]),
    ("GET /manager/sessions", [L, F, A, F, F, F, L]),
    ("GET /orgdept", [L, F, F, F, A, F, L]),
    ("GET /public/centers/{code}", [A, A, A, A, A, A, A]),
    ("GET /readyz", [A, A, A, A, A, A, A]),
    ("GET /reports/attendance", [L, F, A, A, A, A, L]),
    ("GET /reports/bulletin", [L, F, F, F, A, A, L]),
    ("GET /reports/bulletin.xlsx", [L, F, F, F, A, A, L]),
    ("GET /reports/stability", [L, F, F, F, A, A, L]),
    ("GET /reports/stability.csv", [L, F, F, F, A, A, L]),
    ("GET /reports/stability.xlsx", [L, F, F, F, A, A, L]),
    ("GET /reports/stability/people", [L, F, F, F, A, A, L]),
    ("GET /roster", [L, F, A, F, A, A, L]),
    ("GET /roster/new", [L, F, A, F, F, F, L]),
    ("GET /roster/workers/{id}", [L, F, A, F, A, A, L]),
    ("GET /schedule", [L, A, F, F, F, F, L]),
    ("GET /schedule.ics", [L, A, F, F, F, F, L]),
    ("GET /sessions", [L, F, F, A, F, A, L]),
    ("GET /sessions/new", [L, F, F, A, F, A, L]),
    ("GET /sessions/{id}", [L, F, F, A, F, A, L]),
    ("GET /sessions/{id}/edit", [L, F, F, A, F, A, L]),
    ("GET /static/{file:.*}", [A, A, A, A, A, A, A]),
    ("GET /towns", [L, F, F, F, A, A, L]),
    ("GET /towns/{code}", [L, F, A, F, A, A, L]),
    ("GET /trainer", [L, F, F, A, F, F, L]),
    ("GET /training/cases", [L, F, A, A, A, A, L]),
    ("GET /transfers", [L, F, A, F, A, A, L]),
    ("GET /transfers/new", [L, F, A, F, F, F, L]),
    ("GET /transfers/{id}", [L, F, A, F, A, A, L]),
    ("GET /verify/{code}", [A, A, A, A, A, A, A]),
    ("GET /worker", [L, A, F, F, F, F, L]),
    ("GET /zones/new", [L, F, A, F, F, A, L]),
    //                                              anon worker mgr trainer org admin token
    ("POST /account/password", [L, A, A, A, A, A, L]),
    ("POST /admin/api-tokens", [L, F, F, F, F, A, L]),
    ("POST /admin/api-tokens/{id}/revoke", [L, F, F, F, F, A, L]),
    ("POST /admin/catalog", [L, F, F, F, F, A, L]),
    ("POST /admin/outbox/{id}/resend", [L, F, F, F, F, A, L]),
    ("POST /admin/users", [L, F, F, F, F, A, L]),
    ("POST /admin/users/{id}/active", [L, F, F, F, F, A, L]),
    ("POST /admin/users/{id}/password", [L, F, F, F, F, A, L]),
    ("POST /admin/users/{id}/role", [L, F, F, F, F, A, L]),
    ("POST /attempts/{id}/answer", [L, A, F, F, F, F, L]),
    ("POST /attempts/{id}/submit", [L, A, F, F, F, F, L]),
    ("POST /certificates/{id}/revoke", [L, F, F, A, F, A, L]),
    ("POST /checkin", [L, A, F, F, F, F, L]),
    ("POST /courses/{id}/draft/discard", [L, F, F, A, F, A, L]),
    ("POST /courses/{id}/draft/modules", [L, F, F, A, F, A, L]),
    (
        "POST /courses/{id}/draft/modules/{pos}",
        [L, F, F, A, F, A, L],
    ),
    (
        "POST /courses/{id}/draft/modules/{pos}/delete",
        [L, F, F, A, F, A, L],
    ),
    ("POST /courses/{id}/draft/publish", [L, F, F, A, F, A, L]),
    ("POST /courses/{id}/draft/questions", [L, F, F, A, F, A, L]),
    ("POST /courses/{id}/draft/settings", [L, F, F, A, F, A, L]),
    ("POST /handling/thresholds", [L, F, F, F, F, A, L]),
    ("POST /items/{code}/course/draft", [L, F, F, A, F, A, L]),
    ("POST /items/{code}/settings", [L, F, F, F, F, A, L]),
    ("POST /lang", [A, A, A, A, A, A, A]),
    ("POST /learn/{id}/attempts", [L, A, F, F, F, F, L]),
    ("POST /learn/{id}/modules/{pos}/done", [L, A, F, F, F, F, L]),
    ("POST /leaves", [L, A, F, F, F, F, L]),
    ("POST /leaves/{id}/decide", [L, F, A, F, F, F, L]),
    ("POST /leaves/{id}/report-back", [L, A, F, F, F, F, L]),
    ("POST /login", [A, A, A, A, A, A, A]),
    ("POST /logout", [L, A, A, A, A, A, L]),
    ("POST /roster", [L, F, A, F, F, F, L]),
    ("POST /roster/minimums", [L, F, F, F, F, A, L]),
    // the admin too: `may_edit_contact` in src/web/roster.rs adds CorrectAssignment
    ("POST /roster/workers/{id}/contact", [L, F, A, F, F, A, L]),
    (
        "POST /roster/workers/{id}/correction",
        [L, F, F, F, F, A, L],
    ),
    ("POST /sessions", [L, F, F, A, F, A, L]),
    ("POST /sessions/{id}", [L, F, F, A, F, A, L]),
    ("POST /sessions/{id}/cancel", [L, F, F, A, F, A, L]),
    ("POST /sessions/{id}/close", [L, F, F, A, F, A, L]),
    ("POST /sessions/{id}/enrol", [L, F, A, A, F, A, L]),
    ("POST /sessions/{id}/mark", [L, F, F, A, F, A, L]),
    ("POST /towns/{code}/zone-items", [L, F, A, F, F, A, L]),
    ("POST /transfers", [L, F, A, F, F, F, L]),
    ("POST /transfers/{id}/decision", [L, F, F, F, A, F, L]),
    ("POST /transfers/{id}/withdraw", [L, F, A, F, F, F, L]),
    ("POST /zones", [L, F, A, F, F, A, L]),
];

/// Fields sent besides `_csrf`. Every form's fields default, so `_csrf` alone decodes and
/// an allowed caller's empty form is refused as incomplete after the policy check. These
/// handlers validate part of the form before asking policy, so with an empty form a
/// forbidden caller sees 400 instead of 403; they get enough to reach the policy check.
fn body(key: &str, fx: &Fixtures) -> Vec<(&'static str, String)> {
    match key {
        // the decision is checked before the leave's town is known
        "POST /leaves/{id}/decide" => vec![("decision", "approve".into())],
        // the town (or center, or worker) to enrol names the town policy asks about
        "POST /sessions/{id}/enrol" => vec![("town", "linglong".into())],
        // the worker names the town policy asks about
        "POST /transfers" => vec![("worker", fx.worker.to_string())],
        _ => Vec::new(),
    }
}

/// POST routes that use up their object (or the caller's session) run after all others,
/// in this order, so the routes before them still find what they act on.
const RUN_LAST: [&str; 5] = [
    "POST /courses/{id}/draft/modules/{pos}/delete",
    "POST /courses/{id}/draft/publish",
    "POST /courses/{id}/draft/discard",
    "POST /sessions/{id}/close",
    "POST /logout",
];

/// The objects path parameters are filled with.
struct Fixtures {
    /// The fixture course (C05, 人社局), version 1 published, a draft of version 2 open.
    course: i32,
    /// The worker's attempt in progress, and their finished one.
    attempt_open: i32,
    attempt_done: i32,
    /// The worker's certificate on C05.
    cert_id: i32,
    cert_code: String,
    /// A session of the trainer with 玲珑镇 enrolled, and a second one to cancel.
    session: i32,
    session_spare: i32,
    /// The worker's leave request for `session`.
    leave: i32,
    /// The manager's transfer request for another 玲珑镇 worker.
    transfer: i32,
    outbox: i32,
    /// A token the admin may revoke (not the one the API caller uses).
    spare_token: i32,
    /// An account the admin may disable, reset or change.
    victim: i32,
    /// The worker caller's account.
    worker: i32,
}

struct Caller {
    name: &'static str,
    browser: TestApp,
    bearer: Option<String>,
    csrf: String,
}

struct World {
    app: TestApp,
    callers: Vec<Caller>,
    fx: Fixtures,
}

impl Caller {
    async fn get(&self, path: &str) -> Response {
        let mut req = self.browser.client.get(self.browser.url(path));
        if let Some(t) = &self.bearer {
            req = req.bearer_auth(t);
        }
        req.send().await.expect("GET")
    }

    /// Posts the route's body with `csrf` (none: no `_csrf` field at all).
    async fn post(&self, key: &str, path: &str, csrf: Option<&str>, fx: &Fixtures) -> Response {
        let mut req = self.browser.client.post(self.browser.url(path));
        if let Some(t) = &self.bearer {
            req = req.bearer_auth(t);
        }
        if key == "POST /admin/catalog" {
            // the catalog upload is multipart; an empty file decodes and is refused later
            let mut form = reqwest::multipart::Form::new();
            if let Some(t) = csrf {
                form = form.text("_csrf", t.to_string());
            }
            form = form.part(
                "file",
                reqwest::multipart::Part::bytes(Vec::new()).file_name("items.csv"),
            );
            req = req.multipart(form);
        } else {
            let mut fields: Vec<(&str, String)> = Vec::new();
            if let Some(t) = csrf {
                fields.push(("_csrf", t.to_string()));
            }
            fields.extend(body(key, fx));
            req = req.form(&fields);
        }
        req.send().await.expect("POST")
    }
}

fn max_id(app: &TestApp, table: &str) -> i32 {
    #[derive(QueryableByName)]
    struct MaxId {
        #[diesel(sql_type = Nullable<diesel::sql_types::Integer>)]
        id: Option<i32>,
    }
    let mut conn = app.pool.get().unwrap();
    let row: MaxId = diesel::sql_query(format!("SELECT MAX(id) AS id FROM {table}"))
        .get_result(&mut conn)
        .unwrap();
    row.id.unwrap_or_else(|| panic!("{table} has a row"))
}

async fn world() -> World {
    let app = spawn_app().await;
    let course = import(&app);
    for (name, role, unit) in [
        ("worker", Role::Worker, Some("linglong")),
        ("manager", Role::Manager, Some("linglong")),
        ("trainer", Role::Trainer, Some("rs")),
        ("orgdept", Role::Orgdept, None),
        ("admin", Role::Admin, None),
        ("w-moved", Role::Worker, Some("linglong")),
        ("victim", Role::Worker, Some("linglong")),
    ] {
        app.create_user(role, name, unit);
    }
    let worker = user_id(&app, "worker");
    let admin_id = user_id(&app, "admin");

    // the worker holds a certificate (a finished attempt with it) and has an attempt open
    certify(&app, "worker");
    let attempt_done = max_id(&app, "attempts");
    let cert = certs_of(&app, "worker").remove(0);
    let attempt_open = {
        let mut conn = app.pool.get().unwrap();
        let v = devolve::store::courses::latest_published(&mut conn, course)
            .unwrap()
            .unwrap();
        devolve::store::attempts::start(&mut conn, worker, &v, app.clock.now_naive()).unwrap()
    };
    // the API caller's token and a spare one
    let (token, spare_token) = {
        let mut conn = app.pool.get().unwrap();
        let now = app.clock.now_naive();
        let token =
            devolve::store::api_tokens::issue(&mut conn, "一窗受理系统", None, admin_id, now)
                .unwrap();
        devolve::store::api_tokens::issue(&mut conn, "备用", None, admin_id, now).unwrap();
        (token, max_id(&app, "api_tokens"))
    };

    let mut callers = Vec::new();
    for name in CALLERS {
        let browser = app.new_browser();
        if !matches!(name, "anonymous" | "api-token") {
            browser.login_as_existing(name).await;
        }
        let csrf = browser.csrf().await;
        callers.push(Caller {
            name,
            browser,
            bearer: (name == "api-token").then(|| token.clone()),
            csrf,
        });
    }
    let by = |name: &str| &callers.iter().find(|c| c.name == name).unwrap().browser;

    // the trainer opens a draft and schedules two sessions; 玲珑镇 is enrolled in the first
    let res = by("trainer")
        .post_form("/items/C05/course/draft", &[])
        .await;
    assert_eq!(res.status(), 303, "draft");
    assert_eq!(location(&res), format!("/courses/{course}/draft"));
    let session = schedule_item(by("trainer"), "访问表专题培训", "30", "C05", false).await;
    let session_spare = schedule_item(by("trainer"), "备用培训", "30", "C05", false).await;
    enrol_linglong(by("trainer"), session).await;
    // the worker asks for leave; the manager files a secondment for another worker
    let res = by("worker")
        .post_pairs(
            "/leaves",
            &one_day_leave(session, "personal", "参加村委会换届", "2026-11-25"),
        )
        .await;
    assert_eq!(res.status(), 303, "leave");
    let leave = max_id(&app, "leaves");
    let moved = user_id(&app, "w-moved").to_string();
    let res = by("manager")
        .post_form("/transfers", &secondment(&moved, "2026-11-25"))
        .await;
    assert_eq!(res.status(), 303, "transfer");
    let transfer = max_id(&app, "transfers");
    let fx = Fixtures {
        course,
        attempt_open,
        attempt_done,
        cert_id: cert.id,
        cert_code: cert.code,
        session,
        session_spare,
        leave,
        transfer,
        outbox: max_id(&app, "outbox"),
        spare_token,
        victim: user_id(&app, "victim"),
        worker,
    };
    World { app, callers, fx }
}

/// The route's pattern with every `{…}` replaced by a fixture.
fn fill(route: &Route, fx: &Fixtures) -> String {
    let p = route.pattern.as_str();
    let id = |name: &str| -> String {
        match (name, p) {
            ("id", _) if p.starts_with("/admin/users/") => fx.victim.to_string(),
            ("id", _) if p.starts_with("/admin/api-tokens/") => fx.spare_token.to_string(),
            ("id", _) if p.starts_with("/admin/outbox/") => fx.outbox.to_string(),
            ("id", "/attempts/{id}/review") => fx.attempt_done.to_string(),
            ("id", _) if p.starts_with("/attempts/") => fx.attempt_open.to_string(),
            ("id", _) if p.starts_with("/certificates/") => fx.cert_id.to_string(),
            ("id", _) if p.starts_with("/courses/") || p.starts_with("/learn/") => {
                fx.course.to_string()
            }
            ("id", _) if p.starts_with("/leaves/") => fx.leave.to_string(),
            ("id", _) if p.starts_with("/roster/workers/") => fx.worker.to_string(),
            ("id", "/sessions/{id}/cancel") => fx.session_spare.to_string(),
            ("id", _) if p.starts_with("/sessions/") => fx.session.to_string(),
            ("id", _) if p.starts_with("/transfers/") => fx.transfer.to_string(),
            ("code", _) if p.contains("verify/") => fx.cert_code.clone(),
            ("code", _) if p.starts_with("/items/") => "C05".into(),
            ("code", _) => "linglong".into(),
            ("seq", _) => "5".into(),
            ("n", _) | ("pos", _) => "1".into(),
            ("file:.*", _) => "app.css".into(),
            _ => panic!("no fixture for {{{name}}} in {p}"),
        }
    };
    let path = p
        .split('/')
        .map(
            |seg| match seg.strip_prefix('{').and_then(|s| s.strip_suffix('}')) {
                Some(name) => id(name),
                None => seg.to_string(),
            },
        )
        .collect::<Vec<_>>()
        .join("/");
    match p {
        // the form is for one worker; without one it is a 400 before any policy check
        "/transfers/new" => format!("{path}?worker={}", fx.worker),
        _ => path,
    }
}

fn table() -> BTreeMap<&'static str, [Outcome; 7]> {
    let mut map = BTreeMap::new();
    for (key, row) in TABLE {
        assert!(map.insert(*key, *row).is_none(), "{key} twice in the table");
    }
    map
}

/// Routes in the order they are visited: GETs, then POSTs, the ones in `RUN_LAST` last.
fn in_visiting_order(routes: Vec<Route>) -> Vec<Route> {
    let (mut last, mut rest): (Vec<Route>, Vec<Route>) = routes
        .into_iter()
        .partition(|r| RUN_LAST.contains(&r.key().as_str()));
    rest.sort_by_key(|r| (r.method != "GET", r.pattern.clone()));
    last.sort_by_key(|r| RUN_LAST.iter().position(|k| *k == r.key()));
    rest.extend(last);
    rest
}

/// Whether a response is the outcome the table names; Err describes what came instead.
fn check(route: &Route, want: Outcome, res: &Response) -> Result<(), String> {
    let status = res.status().as_u16();
    let api = route.pattern.starts_with("/api/");
    // (`/` sends visitors to a plain `/login`, and so does logging out, which is the
    // logout succeeding; a failed login is a 401 page, not a refusal)
    let to = location(res);
    let to_login = status == 303
        && (to.starts_with("/login?next=") || (to == "/login" && route.key() != "POST /logout"));
    let login = if api { status == 401 } else { to_login };
    let ok = match want {
        Outcome::Allowed => status != 403 && !login && status < 500,
        Outcome::Forbidden => status == 403,
        Outcome::Login => login,
    };
    if ok {
        Ok(())
    } else {
        Err(format!("{status} {}", location(res)))
    }
}

#[tokio::test]
async fn every_route_answers_every_caller_as_the_table_says() {
    let World { app, callers, fx } = world().await;
    let routes = registered_routes();
    let table = table();
    let registered: BTreeSet<String> = routes.iter().map(Route::key).collect();
    let missing: Vec<&String> = registered
        .iter()
        .filter(|k| !table.contains_key(k.as_str()))
        .collect();
    assert!(
        missing.is_empty(),
        "routes without a table entry: {missing:?}"
    );
    let stale: Vec<&&str> = table.keys().filter(|k| !registered.contains(**k)).collect();
    assert!(stale.is_empty(), "table entries for no route: {stale:?}");

    let mut failures = Vec::new();
    let mut checks = 0;
    let n_routes = routes.len();
    for route in in_visiting_order(routes) {
        let key = route.key();
        let row = table[key.as_str()];
        let path = fill(&route, &fx);
        // refusals first, so a caller who may act (and uses the object up) comes after
        // everyone who may not
        let mut order: Vec<usize> = (0..CALLERS.len()).collect();
        order.sort_by_key(|&i| row[i] == A);
        for i in order {
            let caller = &callers[i];
            let res = if route.method == "GET" {
                caller.get(&path).await
            } else {
                caller.post(&key, &path, Some(&caller.csrf), &fx).await
            };
            checks += 1;
            if let Err(got) = check(&route, row[i], &res) {
                failures.push(format!(
                    "{key} ({path}) as {}: want {:?}, got {got}",
                    caller.name, row[i]
                ));
            }
        }
    }
    eprintln!(
        "access table: {n_routes} routes × {} callers = {checks} checks",
        CALLERS.len()
    );
    drop(app);
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// One table's rows as text, sorted.
type Snapshot = BTreeMap<String, Vec<String>>;

/// Columns left out of the comparison, with why:
/// - `sessions.last_seen_at`: the session middleware notes activity on any request (it
///   is what the idle timeout measures); a GET or a refused POST may move it.
/// - `api_tokens.last_used_at`: authenticating a token notes its use, at most once an hour.
const EXCLUDED: [(&str, &str); 2] = [("sessions", "last_seen_at"), ("api_tokens", "last_used_at")];

#[derive(QueryableByName)]
struct Name {
    #[diesel(sql_type = Text)]
    name: String,
}

#[derive(QueryableByName)]
struct RowText {
    #[diesel(sql_type = Nullable<Text>)]
    r: Option<String>,
}

/// Every row of every table, each row's columns cast to text and joined: portable SQL on
/// both backends, only the catalogue query differs.
fn snapshot(app: &TestApp) -> Snapshot {
    let pg = app.state.settings.database_url.starts_with("postgres");
    let mut conn = app.pool.get().unwrap();
    let tables: Vec<Name> = diesel::sql_query(if pg {
        "SELECT CAST(table_name AS TEXT) AS name FROM information_schema.tables \
         WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'"
    } else {
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
    })
    .load(&mut conn)
    .unwrap();
    let mut out = Snapshot::new();
    for Name { name: table } in tables {
        let columns: Vec<Name> = diesel::sql_query(if pg {
            format!(
                "SELECT CAST(column_name AS TEXT) AS name FROM information_schema.columns \
                 WHERE table_schema = current_schema() AND table_name = '{table}' \
                 ORDER BY ordinal_position"
            )
        } else {
            format!("SELECT name FROM pragma_table_info('{table}') ORDER BY cid")
        })
        .load(&mut conn)
        .unwrap();
        let expr: Vec<String> = columns
            .iter()
            .filter(|c| !EXCLUDED.contains(&(table.as_str(), c.name.as_str())))
            .map(|c| format!("COALESCE(CAST(\"{}\" AS TEXT), '∅')", c.name))
            .collect();
        let rows: Vec<RowText> = diesel::sql_query(format!(
            "SELECT {} AS r FROM \"{table}\"",
            expr.join(" || '|' || ")
        ))
        .load(&mut conn)
        .unwrap();
        let mut rows: Vec<String> = rows.into_iter().map(|r| r.r.unwrap_or_default()).collect();
        rows.sort();
        out.insert(table, rows);
    }
    assert!(out.len() > 20, "found only {} tables", out.len());
    out
}

/// What changed between two snapshots, one line per table (empty: nothing).
fn changes(before: &Snapshot, after: &Snapshot) -> Vec<String> {
    let tables: BTreeSet<&String> = before.keys().chain(after.keys()).collect();
    let empty = Vec::new();
    let mut out = Vec::new();
    for t in tables {
        let (b, a) = (
            before.get(t).unwrap_or(&empty),
            after.get(t).unwrap_or(&empty),
        );
        if a == b {
            continue;
        }
        let gone: Vec<&String> = b.iter().filter(|r| !a.contains(r)).take(3).collect();
        let new: Vec<&String> = a.iter().filter(|r| !b.contains(r)).take(3).collect();
        out.push(format!(
            "{t}: {} rows → {}; gone {gone:?}; new {new:?}",
            b.len(),
            a.len()
        ));
    }
    out
}

#[tokio::test]
async fn every_post_needs_this_browsers_csrf_token_and_changes_nothing_without_it() {
    let World { app, callers, fx } = world().await;
    let table = table();
    // a token that is valid, but for another browser: a second anonymous visitor's, and
    // another logged-in account's
    let stranger = app.new_browser();
    let strangers_token = stranger.csrf().await;
    let before = snapshot(&app);
    let mut failures = Vec::new();
    let mut checks = 0;
    let mut posts = 0;
    for route in registered_routes().iter().filter(|r| r.method == "POST") {
        let key = route.key();
        let row = table.get(key.as_str()).expect("in the table");
        // the first caller allowed, other than the API token (a browser's, not a machine's)
        let Some(i) = (0..CALLERS.len() - 1).find(|&i| row[i] == A) else {
            continue;
        };
        posts += 1;
        let caller = &callers[i];
        let other = &callers[if i == 5 { 4 } else { 5 }].csrf;
        let path = fill(route, &fx);
        for (what, token) in [
            ("no token", None),
            ("a stranger's token", Some(strangers_token.as_str())),
            ("another account's token", Some(other.as_str())),
        ] {
            let res = caller.post(&key, &path, token, &fx).await;
            checks += 1;
            let status = res.status().as_u16();
            if status != 403 {
                failures.push(format!("{key} as {} with {what}: {status}", caller.name));
            } else if !res.text().await.unwrap().contains("页面已过期") {
                failures.push(format!("{key} as {}: not the CSRF page", caller.name));
            }
        }
    }
    eprintln!("CSRF: {posts} POST routes × 3 wrong tokens = {checks} checks");
    let after = snapshot(&app);
    let changed = changes(&before, &after);
    assert!(
        changed.is_empty(),
        "refused posts changed the database:\n{}",
        changed.join("\n")
    );
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[tokio::test]
async fn no_get_changes_the_database_whoever_asks() {
    let World { app, callers, fx } = world().await;
    let routes: Vec<Route> = registered_routes()
        .into_iter()
        .filter(|r| r.method == "GET")
        .collect();
    let mut failures = Vec::new();
    let mut checks = 0;
    let start = snapshot(&app);
    let mut before = start.clone();
    for route in &routes {
        let path = fill(route, &fx);
        for caller in &callers {
            let status = caller.get(&path).await.status().as_u16();
            checks += 1;
            if status >= 500 {
                failures.push(format!("GET {path} as {}: {status}", caller.name));
            }
        }
        // compared after each route, so a change is pinned on the route that made it
        let after = snapshot(&app);
        let changed = changes(&before, &after);
        if !changed.is_empty() {
            failures.push(format!("GET {path} changed:\n  {}", changed.join("\n  ")));
        }
        before = after;
    }
    // the checksum sees a changed value, and only the excluded columns are blind
    {
        let mut conn = app.pool.get().unwrap();
        diesel::sql_query("UPDATE sessions SET last_seen_at = created_at")
            .execute(&mut conn)
            .unwrap();
        assert!(changes(&before, &snapshot(&app)).is_empty());
        diesel::sql_query(format!(
            "UPDATE users SET phone = '0535-0000000' WHERE id = {}",
            fx.victim
        ))
        .execute(&mut conn)
        .unwrap();
    }
    let seen = changes(&before, &snapshot(&app));
    assert!(seen.len() == 1 && seen[0].starts_with("users:"), "{seen:?}");
    eprintln!(
        "GET: {} routes × {} callers = {checks} requests, database unchanged",
        routes.len(),
        callers.len()
    );
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
