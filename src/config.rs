//! One `Settings` struct, built once at start and passed in: never a global.
//! Defaults suit a single machine; every field can be overridden from the environment.

use chrono::Duration;
use serde::{Deserialize, Serialize};

use crate::domain::session::SessionLimits;
use crate::domain::throttle::ThrottlePolicy;

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Settings {
    /// Address to listen on; port 0 picks a free port (tests).
    pub bind: String,
    /// `data/devolve.db`, `sqlite://path` or `postgres://…`.
    pub database_url: String,
    /// Fill the database with demo accounts and show the demo banner.
    pub demo: bool,
    /// Mark cookies `Secure` (set when served over HTTPS).
    pub secure_cookies: bool,
    pub session_idle_minutes: i64,
    pub session_absolute_hours: i64,
    pub login_window_minutes: i64,
    pub login_max_failures_per_account: u32,
    pub login_max_failures_per_address: u32,
    pub db_pool_size: u32,
    /// Hash cost; the OWASP figures by default. Only ever lowered for benchmarks.
    pub argon2_memory_kib: u32,
    pub argon2_iterations: u32,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            bind: "127.0.0.1:8080".into(),
            database_url: "data/devolve.db".into(),
            demo: false,
            secure_cookies: false,
            session_idle_minutes: 30,
            session_absolute_hours: 12,
            login_window_minutes: 15,
            login_max_failures_per_account: 5,
            login_max_failures_per_address: 30,
            db_pool_size: 8,
            argon2_memory_kib: 19 * 1024,
            argon2_iterations: 2,
        }
    }
}

impl Settings {
    /// Defaults, then `DEVOLVE_*` variables (and `DATABASE_URL`) on top.
    pub fn from_env() -> Result<Self, String> {
        let mut s = Self::default();
        let get = |name: &str| std::env::var(name).ok().filter(|v| !v.is_empty());
        if let Some(v) = get("DEVOLVE_BIND") {
            s.bind = v;
        }
        if let Some(v) = get("DATABASE_URL") {
            s.database_url = v;
        }
        fn parse<T: std::str::FromStr>(name: &str, v: String) -> Result<T, String> {
            v.parse()
                .map_err(|_| format!("环境变量 {name} 的值 {v:?} 无效"))
        }
        macro_rules! env_field {
            ($field:ident, $name:literal) => {
                if let Some(v) = get($name) {
                    s.$field = parse($name, v)?;
                }
            };
        }
        env_field!(demo, "DEVOLVE_DEMO");
        env_field!(secure_cookies, "DEVOLVE_SECURE_COOKIES");
        env_field!(session_idle_minutes, "DEVOLVE_SESSION_IDLE_MINUTES");
        env_field!(session_absolute_hours, "DEVOLVE_SESSION_ABSOLUTE_HOURS");
        env_field!(login_window_minutes, "DEVOLVE_LOGIN_WINDOW_MINUTES");
        env_field!(
            login_max_failures_per_account,
            "DEVOLVE_LOGIN_MAX_FAILURES_PER_ACCOUNT"
        );
        env_field!(
            login_max_failures_per_address,
            "DEVOLVE_LOGIN_MAX_FAILURES_PER_ADDRESS"
        );
        env_field!(db_pool_size, "DEVOLVE_DB_POOL_SIZE");
        Ok(s)
    }

    pub fn session_limits(&self) -> SessionLimits {
        SessionLimits {
            idle: Duration::minutes(self.session_idle_minutes),
            absolute: Duration::hours(self.session_absolute_hours),
        }
    }

    pub fn throttle_policy(&self) -> ThrottlePolicy {
        ThrottlePolicy {
            window: Duration::minutes(self.login_window_minutes),
            max_per_account: self.login_max_failures_per_account,
            max_per_address: self.login_max_failures_per_address,
        }
    }
}
