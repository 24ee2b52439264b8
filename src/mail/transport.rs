//! Where mail goes: an SMTP server, or `.eml` files in a folder (the default, so a fresh
//! install works without a mail server).
//!
//! Delivery guarantees. The outbox row is marked sent only after the transport returned,
//! so a crash between the two sends the row again once its claim expires
//! (`outbox::CLAIM_LEASE`). What that second send does depends on the transport:
//! - file: idempotent. The file is written under a temporary name, synced, and renamed to
//!   a name derived from the row (`eml_file_name`), so a second send replaces the first
//!   file and a crash mid-write never leaves a partial `.eml`: exactly one file per row.
//! - SMTP: at-least-once, and no transport can do better: the server may have accepted
//!   the message when the connection (or this process) died before its reply arrived.
//!   Every message carries a Message-ID derived from the row (`message_id`), the same on
//!   every send, so a receiving system that de-duplicates by Message-ID shows it once.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Duration;

use chrono::NaiveDateTime;

use lettre::message::{header::ContentType, Mailbox, MultiPart, SinglePart};
use lettre::transport::smtp::authentication::Credentials;
use lettre::transport::smtp::client::{Tls, TlsParameters};
use lettre::{Message, SmtpTransport, Transport};

use super::outbox::OutboxRow;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SmtpTls {
    None,
    StartTls,
    Tls,
}

#[derive(Debug, Clone)]
pub struct SmtpSettings {
    pub host: String,
    pub port: u16,
    pub tls: SmtpTls,
    pub username: Option<String>,
    pub password: Option<String>,
}

pub enum MailTransport {
    File {
        dir: PathBuf,
        from: Mailbox,
    },
    Smtp {
        transport: Box<SmtpTransport>,
        from: Mailbox,
    },
}

/// Temporary files a send writes before renaming them to their `.eml` name.
const TEMP_PREFIX: &str = ".sending-";

/// A temporary file this old was left by a process that died mid-write: no live send
/// takes anywhere near this long to write one file.
const STALE_TEMP: Duration = Duration::from_secs(600);

/// The `.eml` file name of an outbox row: the same on every send of the row, so sending it
/// again replaces the file. The creation time keeps rows of an earlier database that wrote
/// into the same folder (ids start again at 1) from being overwritten.
pub fn eml_file_name(id: i32, created_at: NaiveDateTime) -> String {
    format!("outbox-{id}-{}.eml", created_at.format("%Y%m%dT%H%M%S%6f"))
}

/// The Message-ID of an outbox row, the same on every send (see the module comment).
pub fn message_id(id: i32, created_at: NaiveDateTime, from: &Mailbox) -> String {
    format!(
        "<outbox-{id}-{}@{}>",
        created_at.format("%Y%m%dT%H%M%S%6f"),
        from.email.domain()
    )
}

/// Writes `bytes` to `dir/name` atomically: a temporary file in the same folder, synced,
/// then renamed over the target. Readers see the old file, the new one, or none; never a
/// part of one. The folder is synced too, so the rename survives a power cut.
fn write_atomically(dir: &Path, name: &str, bytes: &[u8]) -> std::io::Result<()> {
    let mut builder = tempfile::Builder::new();
    builder.prefix(TEMP_PREFIX).suffix(".tmp");
    // the mode lettre's file transport gave: readable by a pickup process of another user
    #[cfg(unix)]
    builder.permissions(std::os::unix::fs::PermissionsExt::from_mode(0o644));
    let mut tmp = builder.tempfile_in(dir)?;
    tmp.write_all(bytes)?;
    tmp.as_file().sync_all()?;
    tmp.persist(dir.join(name)).map_err(|e| e.error)?;
    #[cfg(unix)]
    std::fs::File::open(dir)?.sync_all()?;
    Ok(())
}

/// Removes temporary files left in `dir` by a process that died while writing them.
fn remove_stale_temp_files(dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if !name.starts_with(TEMP_PREFIX) || !name.ends_with(".tmp") {
            continue;
        }
        let old = entry
            .metadata()
            .and_then(|m| m.modified())
            .ok()
            .and_then(|t| t.elapsed().ok())
            .is_some_and(|age| age > STALE_TEMP);
        if old {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

impl MailTransport {
    pub fn file(dir: PathBuf, from: &str) -> anyhow::Result<Self> {
        std::fs::create_dir_all(&dir)?;
        remove_stale_temp_files(&dir);
        Ok(Self::File {
            dir,
            from: from.parse()?,
        })
    }

    pub fn smtp(s: &SmtpSettings, from: &str) -> anyhow::Result<Self> {
        let tls = |host: &str| TlsParameters::new(host.to_string());
        let mut builder = match s.tls {
            SmtpTls::None => SmtpTransport::builder_dangerous(&s.host).tls(Tls::None),
            SmtpTls::StartTls => {
                SmtpTransport::builder_dangerous(&s.host).tls(Tls::Required(tls(&s.host)?))
            }
            SmtpTls::Tls => {
                SmtpTransport::builder_dangerous(&s.host).tls(Tls::Wrapper(tls(&s.host)?))
            }
        }
        .port(s.port)
        .timeout(Some(Duration::from_secs(10)));
        if let (Some(u), Some(p)) = (&s.username, &s.password) {
            builder = builder.credentials(Credentials::new(u.clone(), p.clone()));
        }
        Ok(Self::Smtp {
            transport: Box::new(builder.build()),
            from: from.parse()?,
        })
    }

    fn from(&self) -> &Mailbox {
        match self {
            Self::File { from, .. } | Self::Smtp { from, .. } => from,
        }
    }

    fn message(&self, row: &OutboxRow) -> Result<Message, String> {
        let to: Mailbox = row
            .to_address
            .parse()
            .map_err(|e| failure("mail-error-address", e))?;
        Message::builder()
            .message_id(Some(message_id(row.id, row.created_at, self.from())))
            .from(self.from().clone())
            .to(to)
            .subject(&row.subject)
            .multipart(
                MultiPart::alternative()
                    .singlepart(
                        SinglePart::builder()
                            .header(ContentType::TEXT_PLAIN)
                            .body(row.text_body.clone()),
                    )
                    .singlepart(
                        SinglePart::builder()
                            .header(ContentType::TEXT_HTML)
                            .body(row.html_body.clone()),
                    ),
            )
            .map_err(|e| failure("mail-error-build", e))
    }

    /// Sends one message; the error is readable by an administrator.
    /// Sending a row again writes the same file (file) or the same Message-ID (SMTP).
    pub fn send(&self, row: &OutboxRow) -> Result<(), String> {
        let message = self.message(row)?;
        match self {
            Self::File { dir, .. } => write_atomically(
                dir,
                &eml_file_name(row.id, row.created_at),
                &message.formatted(),
            )
            .map_err(|e| failure("mail-error-file", e)),
            Self::Smtp { transport, .. } => transport
                .send(&message)
                .map(|_| ())
                .map_err(|e| failure("mail-error-smtp", e)),
        }
    }
}

/// Why a message was not sent, for the outbox page. The row keeps it in the default
/// language, since any administrator may read it.
fn failure(key: &'static str, e: impl std::fmt::Display) -> String {
    crate::i18n::Msg::key(key)
        .arg("detail", e.to_string())
        .to_string()
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    fn row(id: i32) -> OutboxRow {
        let created_at = chrono::NaiveDate::from_ymd_opt(2026, 3, 2)
            .unwrap()
            .and_hms_micro_opt(1, 2, 3, 456_789)
            .unwrap();
        OutboxRow {
            id,
            to_address: "li@zhaoyuan.example".into(),
            subject: "培训通知".into(),
            text_body: "正文".into(),
            html_body: "<p>正文</p>".into(),
            status: "sending".into(),
            attempts: 0,
            last_error: None,
            next_attempt_at: created_at,
            created_at,
            sent_at: None,
        }
    }

    /// The file names in a folder, sorted (the outbox tests use it too).
    pub(crate) fn names(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    fn header(eml: &[u8], name: &str) -> Option<String> {
        use mailparse::MailHeaderMap;
        mailparse::parse_mail(eml)
            .unwrap()
            .headers
            .get_first_value(name)
    }

    #[test]
    fn sending_a_row_twice_leaves_one_file_with_one_message_id() {
        let dir = tempfile::tempdir().unwrap();
        let t = MailTransport::file(dir.path().into(), "平台 <noreply@devolve.invalid>").unwrap();
        let r = row(7);
        t.send(&r).unwrap();
        let name = eml_file_name(7, r.created_at);
        assert_eq!(name, "outbox-7-20260302T010203456789.eml");
        let first = std::fs::read(dir.path().join(&name)).unwrap();
        t.send(&r).unwrap();
        assert_eq!(
            names(dir.path()),
            vec![name.clone()],
            "no temporary file left"
        );
        let second = std::fs::read(dir.path().join(&name)).unwrap();
        let id = "<outbox-7-20260302T010203456789@devolve.invalid>";
        assert_eq!(header(&first, "Message-ID").as_deref(), Some(id));
        assert_eq!(header(&second, "Message-ID").as_deref(), Some(id));
        assert_eq!(
            header(&second, "To").as_deref(),
            Some("li@zhaoyuan.example")
        );
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(dir.path().join(&name))
                .unwrap()
                .permissions()
                .mode();
            assert_eq!(mode & 0o777, 0o644);
        }

        t.send(&row(8)).unwrap();
        assert_eq!(names(dir.path()).len(), 2, "another row, another file");
    }

    #[test]
    fn temporary_files_left_by_a_crash_are_removed_when_old() {
        let dir = tempfile::tempdir().unwrap();
        let old = dir.path().join(".sending-dead.tmp");
        let fresh = dir.path().join(".sending-live.tmp");
        std::fs::write(&old, "part of a mess").unwrap();
        std::fs::write(&fresh, "being written").unwrap();
        let long_ago = std::time::SystemTime::now() - STALE_TEMP * 2;
        std::fs::File::options()
            .write(true)
            .open(&old)
            .unwrap()
            .set_modified(long_ago)
            .unwrap();
        MailTransport::file(dir.path().into(), "平台 <noreply@devolve.invalid>").unwrap();
        assert_eq!(names(dir.path()), vec![".sending-live.tmp".to_string()]);
    }
}
