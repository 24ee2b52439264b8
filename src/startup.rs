//! Builds the application from `Settings`: database, reference data, demo data, server.

use std::net::TcpListener;
use std::sync::Arc;
use std::time::Duration;

use actix_web::dev::Server;
use actix_web::middleware::{from_fn, Compress, DefaultHeaders, ErrorHandlers};
use actix_web::{web, App, HttpServer};
use tracing_actix_web::TracingLogger;

use crate::clock::Clock;
use crate::config::Settings;
use crate::db::{self, DatabaseUrl, DbPool};
use crate::security::password::{hash_password, HashCost};
use crate::store::{demo, reference};
use crate::web::{self as handlers, errors, session, state::AppState};

use crate::domain::limits::MAX_FORM_BYTES;

/// Opens the database, brings its schema up to date and loads the plan's reference data.
/// Processes starting together on one database take turns (`db::StartupTurn`).
pub fn prepare_database(settings: &Settings, clock: &Clock) -> anyhow::Result<DbPool> {
    let url = DatabaseUrl::parse(&settings.database_url).map_err(anyhow::Error::msg)?;
    let _turn = db::startup_turn(&url)?;
    let pool = db::connect(&url, settings.db_pool_size)?;
    reference::load(&mut *pool.get()?, clock.now_naive())?;
    crate::store::roster::maintain(&mut *pool.get()?, clock.now_naive())?;
    Ok(pool)
}

/// Loads the demo accounts and zones (once). Returns the accounts to print.
pub fn load_demo(
    pool: &DbPool,
    settings: &Settings,
    clock: &Clock,
) -> anyhow::Result<Vec<(String, String, String)>> {
    let cost = HashCost {
        memory_kib: settings.argon2_memory_kib,
        iterations: settings.argon2_iterations,
    };
    let mut conn = pool.get()?;
    if crate::store::users::find_by_username(&mut conn, "admin")?.is_none() {
        let hash = hash_password(cost, demo::PASSWORD)?;
        demo::load(&mut conn, &hash, clock.now_naive())?;
    }
    import_shipped_courses(&mut conn, clock)?;
    crate::store::demo_certificates::load(
        &mut conn,
        &settings.training_rules(),
        clock.now_naive(),
    )?;
    crate::store::roster::maintain(&mut conn, clock.now_naive())?;
    crate::store::demo_roster::load(&mut conn, clock.now_naive())?;
    Ok(demo::describe(&mut conn)?)
}

/// Imports the courses shipped inside the binary. Unchanged courses are left as they are.
pub fn import_shipped_courses(
    conn: &mut crate::db::DbConnection,
    clock: &Clock,
) -> anyhow::Result<()> {
    let tmp = tempfile::tempdir()?;
    crate::courses::shipped::extract_to(tmp.path())?;
    let summary = crate::store::courses::import_tree(conn, tmp.path(), None, clock.now_naive())?;
    if summary.failed > 0 {
        anyhow::bail!("内置课程导入失败：\n{}", summary.lines.join("\n"));
    }
    tracing::info!(courses = summary.lines.len(), "shipped courses checked");
    Ok(())
}

pub struct Application {
    port: u16,
    server: Server,
    pub state: AppState,
}

impl Application {
    pub async fn build(settings: Settings, clock: Clock) -> anyhow::Result<Self> {
        let (pool, demo_accounts) = {
            let settings = settings.clone();
            let clock = clock.clone();
            tokio::task::spawn_blocking(move || -> anyhow::Result<_> {
                let pool = prepare_database(&settings, &clock)?;
                let accounts = if settings.demo {
                    let url =
                        DatabaseUrl::parse(&settings.database_url).map_err(anyhow::Error::msg)?;
                    let _turn = db::startup_turn(&url)?;
                    load_demo(&pool, &settings, &clock)?
                } else {
                    Vec::new()
                };
                Ok((pool, accounts))
            })
            .await??
        };
        let state = AppState {
            db_turns: AppState::db_turns(&pool),
            pool,
            settings: Arc::new(settings.clone()),
            clock,
            templates: Arc::new(handlers::render::templates()?),
            hashing: AppState::hashing_turns(),
        };
        let listener = TcpListener::bind(&settings.bind)
            .map_err(|e| anyhow::anyhow!("无法监听 {}：{e}", settings.bind))?;
        let port = listener.local_addr()?.port();
        if !demo_accounts.is_empty() {
            print_demo_accounts(&demo_accounts, &listener);
        }
        if settings.mail_worker_seconds > 0 {
            start_mail_worker(
                state.clone(),
                settings.mail_transport()?,
                settings.mail_worker_seconds,
            );
        }
        let data = web::Data::new(state.clone());
        let https = settings.secure_cookies;
        let server = HttpServer::new(move || {
            App::new()
                .app_data(data.clone())
                .app_data(web::PayloadConfig::new(MAX_FORM_BYTES))
                .app_data(web::FormConfig::default().limit(MAX_FORM_BYTES))
                .app_data(web::QueryConfig::default().error_handler(errors::query_error))
                .app_data(web::PathConfig::default().error_handler(errors::path_error))
                .wrap(ErrorHandlers::new().default_handler(errors::render_error_page))
                .wrap(from_fn(session::resolve_session))
                // outside the session and error pages, so it can give up on both; it
                // dresses its own answer (deadline.rs)
                .wrap(from_fn(handlers::deadline::enforce_deadline))
                .wrap(security_headers(https))
                .wrap(Compress::default())
                .wrap(TracingLogger::default())
                .configure(handlers::routes)
                .default_service(web::to(errors::not_found))
        })
        .client_request_timeout(Duration::from_millis(settings.client_header_timeout_ms))
        .client_disconnect_timeout(Duration::from_secs(5))
        .keep_alive(Duration::from_secs(75))
        .listen(listener)?
        .shutdown_timeout(10)
        .run();
        Ok(Self {
            port,
            server,
            state,
        })
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    /// Serves until SIGTERM or Ctrl-C, then finishes the requests in flight.
    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        self.server.await
    }
}

/// Sends queued mail in the background. Each process claims rows before sending, so several
/// processes sharing one PostgreSQL do not send a message twice.
fn start_mail_worker(
    state: AppState,
    transport: crate::mail::transport::MailTransport,
    every: u64,
) {
    let worker = format!(
        "{}-{}",
        std::env::var("HOSTNAME").unwrap_or_else(|_| "devolve".into()),
        std::process::id()
    );
    std::thread::spawn(move || loop {
        std::thread::sleep(std::time::Duration::from_secs(every));
        match handlers::notify::mail_cycle(&state, &transport, &worker) {
            Ok(d) if d.sent + d.failed > 0 => {
                tracing::info!(sent = d.sent, failed = d.failed, "mail worker")
            }
            Ok(_) => {}
            Err(e) => tracing::error!(error = %e, "mail worker failed"),
        }
    });
}

/// `https`: served over TLS (by the proxy in front), so browsers are told to keep to HTTPS.
fn security_headers(https: bool) -> DefaultHeaders {
    handlers::security::headers(https)
        .into_iter()
        .fold(DefaultHeaders::new(), |all, header| all.add(header))
}

fn print_demo_accounts(accounts: &[(String, String, String)], listener: &TcpListener) {
    let addr = listener
        .local_addr()
        .map(|a| a.to_string())
        .unwrap_or_default();
    println!(
        "\n演示模式（--demo）：以下账号的密码都是 \"{}\"",
        demo::PASSWORD
    );
    for (username, role, unit) in accounts {
        println!("  {username:<10} {role:<8} {unit}");
    }
    println!("打开 http://{addr} 登录。\n");
}
