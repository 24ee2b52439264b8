//! One `Settings` struct, built once at start and passed in: never a global.
//! Defaults suit a single machine; every field can be overridden from the environment.

use chrono::Duration;
use serde::{Deserialize, Serialize};

use crate::domain::session::SessionLimits;
use crate::domain::throttle::ThrottlePolicy;
use crate::domain::training::TrainingRules;
use crate::mail::transport::{MailTransport, SmtpSettings, SmtpTls};

/// A value that must not show up in logs or debug output.
#[derive(Clone, Serialize, Deserialize)]
pub struct Secret(pub String);

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("\"***\"")
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Settings {
    /// Address to listen on; port 0 picks a free port (tests).
    pub bind: String,
    /// `data/devolve.db`, `sqlite://path` or `postgres://…`.
    pub database_url: String,
    /// Fill the database with demo accounts and show the demo banner.
    pub demo: bool,
    /// Served over HTTPS (by a TLS-terminating proxy): cookies are marked `Secure` and
    /// every response carries `Strict-Transport-Security`.
    pub secure_cookies: bool,
    /// How long a request may take before the server answers 503 instead.
    /// 0 makes every request that waits on the database time out (tests use it).
    pub request_timeout_ms: u64,
    /// How long a client may take to send the request line and headers (then 408).
    pub client_header_timeout_ms: u64,
    pub session_idle_minutes: i64,
    pub session_absolute_hours: i64,
    pub login_window_minutes: i64,
    pub login_max_failures_per_account: u32,
    pub login_max_failures_per_address: u32,
    pub db_pool_size: u32,
    /// Hash cost; the OWASP figures by default. Only ever lowered for benchmarks.
    pub argon2_memory_kib: u32,
    pub argon2_iterations: u32,
    /// `file` writes `.eml` files into `outbox_dir`; `smtp` sends through the server below.
    pub mail_transport: String,
    pub outbox_dir: String,
    pub mail_from: String,
    pub smtp_host: String,
    pub smtp_port: u16,
    /// `none`, `starttls` or `tls`.
    pub smtp_tls: String,
    pub smtp_username: Option<String>,
    pub smtp_password: Option<Secret>,
    /// How often the mail worker looks at the outbox; 0 turns it off (tests drive it).
    pub mail_worker_seconds: u64,
    pub sick_leave_grace_hours: i64,
    pub report_back_days: i64,
    pub late_after_minutes: i64,
    pub checkin_opens_minutes: i64,
    pub absences_to_disqualify: u32,
    /// The address people reach the server at, for links in mail and QR codes
    /// (e.g. `https://peixun.zhaoyuan.gov.cn`). Empty: taken from each request.
    pub public_url: String,
    /// How long holders of an older version have to take the refresher after a major
    /// course version is published.
    pub refresher_days: i64,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            bind: "127.0.0.1:8080".into(),
            database_url: "data/devolve.db".into(),
            demo: false,
            secure_cookies: false,
            request_timeout_ms: 30_000,
            client_header_timeout_ms: 10_000,
            session_idle_minutes: 30,
            session_absolute_hours: 12,
            login_window_minutes: 15,
            login_max_failures_per_account: 5,
            login_max_failures_per_address: 30,
            db_pool_size: 8,
            argon2_memory_kib: 19 * 1024,
            argon2_iterations: 2,
            mail_transport: "file".into(),
            outbox_dir: "data/outbox".into(),
            mail_from: "招远市公共服务下沉培训平台 <noreply@devolve.invalid>".into(),
            smtp_host: "localhost".into(),
            smtp_port: 25,
            smtp_tls: "starttls".into(),
            smtp_username: None,
            smtp_password: None,
            mail_worker_seconds: 5,
            sick_leave_grace_hours: 24,
            report_back_days: 3,
            late_after_minutes: 10,
            checkin_opens_minutes: 15,
            absences_to_disqualify: 2,
            public_url: String::new(),
            refresher_days: 90,
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
        env_field!(request_timeout_ms, "DEVOLVE_REQUEST_TIMEOUT_MS");
        env_field!(client_header_timeout_ms, "DEVOLVE_CLIENT_HEADER_TIMEOUT_MS");
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
        env_field!(mail_transport, "DEVOLVE_MAIL_TRANSPORT");
        env_field!(outbox_dir, "DEVOLVE_OUTBOX_DIR");
        env_field!(mail_from, "DEVOLVE_MAIL_FROM");
        env_field!(smtp_host, "DEVOLVE_SMTP_HOST");
        env_field!(smtp_port, "DEVOLVE_SMTP_PORT");
        env_field!(smtp_tls, "DEVOLVE_SMTP_TLS");
        if let Some(v) = get("DEVOLVE_SMTP_USERNAME") {
            s.smtp_username = Some(v);
        }
        if let Some(v) = get("DEVOLVE_SMTP_PASSWORD") {
            s.smtp_password = Some(Secret(v));
        }
        env_field!(mail_worker_seconds, "DEVOLVE_MAIL_WORKER_SECONDS");
        env_field!(sick_leave_grace_hours, "DEVOLVE_SICK_LEAVE_GRACE_HOURS");
        env_field!(report_back_days, "DEVOLVE_REPORT_BACK_DAYS");
        env_field!(late_after_minutes, "DEVOLVE_LATE_AFTER_MINUTES");
        env_field!(checkin_opens_minutes, "DEVOLVE_CHECKIN_OPENS_MINUTES");
        env_field!(absences_to_disqualify, "DEVOLVE_ABSENCES_TO_DISQUALIFY");
        env_field!(public_url, "DEVOLVE_PUBLIC_URL");
        env_field!(refresher_days, "DEVOLVE_REFRESHER_DAYS");
        Ok(s)
    }

    pub fn session_limits(&self) -> SessionLimits {
        SessionLimits {
            idle: Duration::minutes(self.session_idle_minutes),
            absolute: Duration::hours(self.session_absolute_hours),
        }
    }

    pub fn training_rules(&self) -> TrainingRules {
        TrainingRules {
            sick_leave_grace: Duration::hours(self.sick_leave_grace_hours),
            report_back_days: self.report_back_days,
            late_after: Duration::minutes(self.late_after_minutes),
            checkin_opens_before: Duration::minutes(self.checkin_opens_minutes),
            absences_to_disqualify: self.absences_to_disqualify,
        }
    }

    /// The configured mail transport.
    pub fn mail_transport(&self) -> anyhow::Result<MailTransport> {
        match self.mail_transport.as_str() {
            "smtp" => {
                let tls = match self.smtp_tls.as_str() {
                    "none" => SmtpTls::None,
                    "tls" => SmtpTls::Tls,
                    _ => SmtpTls::StartTls,
                };
                MailTransport::smtp(
                    &SmtpSettings {
                        host: self.smtp_host.clone(),
                        port: self.smtp_port,
                        tls,
                        username: self.smtp_username.clone(),
                        password: self.smtp_password.as_ref().map(|p| p.0.clone()),
                    },
                    &self.mail_from,
                )
            }
            _ => MailTransport::file(self.outbox_dir.clone().into(), &self.mail_from),
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
