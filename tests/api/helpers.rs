//! `spawn_app()`: the real server on port 0 with a fresh database per test — a temp
//! SQLite file, or a fresh PostgreSQL schema when `TEST_DATABASE_URL` is set and the
//! `postgres` feature is on — and a client that keeps cookies and never follows redirects.

use chrono::{DateTime, Duration, Utc};
use devolve::clock::Clock;
use devolve::config::Settings;
use devolve::db::DbPool;
use devolve::domain::role::Role;
use devolve::security::password::{hash_password, HashCost};
use devolve::startup::Application;
use devolve::store::users::{self, NewUser};
use reqwest::{Client, Response};

pub const PASSWORD: &str = "correct-horse-battery";

/// Form fields as the owned pairs `post_pairs` sends (repeated names allowed).
pub fn pairs(fields: &[(&str, &str)]) -> Vec<(String, String)> {
    fields
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

pub struct TestApp {
    pub address: String,
    pub client: Client,
    jar: std::sync::Arc<reqwest::cookie::Jar>,
    pub clock: Clock,
    pub pool: DbPool,
    pub state: devolve::web::state::AppState,
    _db: std::sync::Arc<TestDb>,
}

/// A test's database; dropping it drops the PostgreSQL schema (the SQLite file goes with
/// its temp dir).
pub enum TestDb {
    Sqlite(#[allow(dead_code)] tempfile::TempDir),
    #[cfg(feature = "postgres")]
    Postgres {
        admin_url: String,
        schema: String,
    },
}

impl Drop for TestDb {
    fn drop(&mut self) {
        #[cfg(feature = "postgres")]
        if let TestDb::Postgres { admin_url, schema } = self {
            use diesel::{Connection, RunQueryDsl};
            if let Ok(mut conn) = diesel::pg::PgConnection::establish(admin_url) {
                let _ = diesel::sql_query(format!("DROP SCHEMA IF EXISTS {schema} CASCADE"))
                    .execute(&mut conn);
            }
        }
    }
}

/// A fresh PostgreSQL schema in `TEST_DATABASE_URL` and the URL that reaches it, or None
/// where there is none (no `postgres` feature, or no `TEST_DATABASE_URL`).
pub fn postgres_database() -> Option<(String, TestDb)> {
    #[cfg(feature = "postgres")]
    if let Ok(admin_url) = std::env::var("TEST_DATABASE_URL") {
        use diesel::{Connection, RunQueryDsl};
        devolve::db::backend::init_postgres_client();
        let schema = format!("t_{}", &devolve::security::token::new_token()[..16]);
        let mut conn =
            diesel::pg::PgConnection::establish(&admin_url).expect("connect to TEST_DATABASE_URL");
        diesel::sql_query(format!("CREATE SCHEMA {schema}"))
            .execute(&mut conn)
            .expect("create schema");
        let sep = if admin_url.contains('?') { '&' } else { '?' };
        let url = format!("{admin_url}{sep}options=-csearch_path%3D{schema}");
        return Some((url, TestDb::Postgres { admin_url, schema }));
    }
    None
}

pub fn fresh_database() -> (String, TestDb) {
    if let Some(pg) = postgres_database() {
        return pg;
    }
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("devolve.db").to_string_lossy().into_owned();
    (path, TestDb::Sqlite(dir))
}

pub fn start_time() -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2026-11-25T01:00:00Z")
        .unwrap()
        .with_timezone(&Utc)
}

pub async fn spawn_app() -> TestApp {
    spawn_app_with(|_| {}).await
}

pub async fn spawn_app_with(adjust: impl FnOnce(&mut Settings)) -> TestApp {
    let (database_url, db) = fresh_database();
    let mut settings = Settings {
        bind: "127.0.0.1:0".into(),
        database_url,
        db_pool_size: 4,
        // the tests drive the mail worker themselves, with the test clock
        mail_worker_seconds: 0,
        outbox_dir: std::env::temp_dir()
            .join(format!(
                "devolve-outbox-{}",
                devolve::security::token::new_token()
            ))
            .to_string_lossy()
            .into_owned(),
        ..Settings::default()
    };
    adjust(&mut settings);
    let clock = Clock::manual(start_time());
    let app = Application::build(settings, clock.clone())
        .await
        .expect("build app");
    let address = format!("http://127.0.0.1:{}", app.port());
    let pool = app.state.pool.clone();
    let state = app.state.clone();
    tokio::spawn(app.run_until_stopped());
    let (client, jar) = browser_client();
    TestApp {
        address,
        client,
        jar,
        clock,
        pool,
        state,
        _db: std::sync::Arc::new(db),
    }
}

fn browser_client() -> (Client, std::sync::Arc<reqwest::cookie::Jar>) {
    let jar = std::sync::Arc::new(reqwest::cookie::Jar::default());
    let client = Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .cookie_provider(jar.clone())
        .build()
        .unwrap();
    (client, jar)
}

/// The hidden `_csrf` value in a page.
pub fn csrf_in(html: &str) -> String {
    let marker = "name=\"_csrf\" value=\"";
    let start = html.find(marker).expect("page has a CSRF field") + marker.len();
    html[start..].split('"').next().unwrap().to_string()
}

pub fn location(res: &Response) -> String {
    res.headers()
        .get("location")
        .map(|v| v.to_str().unwrap().to_string())
        .unwrap_or_default()
}

impl TestApp {
    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.address, path)
    }

    /// The value of a cookie this browser holds for the app.
    pub fn cookie(&self, name: &str) -> Option<String> {
        use reqwest::cookie::CookieStore;
        let header = self.jar.cookies(&self.address.parse().unwrap())?;
        header
            .to_str()
            .ok()?
            .split("; ")
            .find_map(|kv| kv.strip_prefix(&format!("{name}=")).map(str::to_string))
    }

    pub async fn get(&self, path: &str) -> Response {
        self.client.get(self.url(path)).send().await.expect("GET")
    }

    pub async fn get_html(&self, path: &str) -> String {
        self.get(path).await.text().await.unwrap()
    }

    /// A fresh client with its own cookie jar: a second browser.
    pub fn new_browser(&self) -> TestApp {
        let (client, jar) = browser_client();
        TestApp {
            address: self.address.clone(),
            client,
            jar,
            clock: self.clock.clone(),
            pool: self.pool.clone(),
            state: self.state.clone(),
            _db: self._db.clone(),
        }
    }

    /// The CSRF token for this browser: from the login page, or any page once logged in.
    pub async fn csrf(&self) -> String {
        let res = self.get("/account").await;
        if res.status() == 200 {
            return csrf_in(&res.text().await.unwrap());
        }
        csrf_in(&self.get_html("/login").await)
    }

    pub async fn post_form(&self, path: &str, fields: &[(&str, &str)]) -> Response {
        let token = self.csrf().await;
        let mut all: Vec<(&str, &str)> = vec![("_csrf", token.as_str())];
        all.extend_from_slice(fields);
        self.client
            .post(self.url(path))
            .form(&all)
            .send()
            .await
            .expect("POST")
    }

    /// Posts name/value pairs (repeated names allowed) with this browser's CSRF token.
    pub async fn post_pairs(&self, path: &str, pairs: &[(String, String)]) -> Response {
        let token = self.csrf().await;
        let mut all = vec![("_csrf".to_string(), token)];
        all.extend_from_slice(pairs);
        self.client
            .post(self.url(path))
            .form(&all)
            .send()
            .await
            .expect("POST")
    }

    pub async fn login(&self, username: &str, password: &str) -> Response {
        self.post_form("/login", &[("username", username), ("password", password)])
            .await
    }

    /// Creates an account directly in the database. `unit` is the bureau, town or center code.
    pub fn create_user(&self, role: Role, username: &str, unit: Option<&str>) {
        let mut conn = self.pool.get().unwrap();
        let membership = users::resolve_membership(&mut conn, role, unit).expect("membership");
        let hash = hash_password(HashCost::OWASP, PASSWORD).unwrap();
        users::insert(
            &mut conn,
            &NewUser {
                username: username.into(),
                display_name: format!("测试{username}"),
                password_hash: hash,
                role,
                membership,
                demo: false,
                email: Some(format!("{username}@test.devolve.invalid")),
            },
            self.clock.now_naive(),
        )
        .expect("insert user");
    }

    /// Creates an account and logs this browser in with it.
    pub async fn login_as(&self, role: Role, username: &str, unit: Option<&str>) {
        self.create_user(role, username, unit);
        let res = self.login(username, PASSWORD).await;
        assert_eq!(res.status(), 303, "login as {username}");
    }

    /// Logs this browser in as an account created earlier with `create_user`.
    pub async fn login_as_existing(&self, username: &str) {
        let res = self.login(username, PASSWORD).await;
        assert_eq!(res.status(), 303, "login as {username}");
    }

    pub fn advance(&self, by: Duration) {
        self.clock.advance(by);
    }
}
