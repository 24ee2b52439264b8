//! Where mail goes: an SMTP server, or `.eml` files in a folder (the default, so a fresh
//! install works without a mail server).

use std::path::PathBuf;
use std::time::Duration;

use lettre::message::{header::ContentType, Mailbox, MultiPart, SinglePart};
use lettre::transport::smtp::authentication::Credentials;
use lettre::transport::smtp::client::{Tls, TlsParameters};
use lettre::{FileTransport, Message, SmtpTransport, Transport};

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

impl MailTransport {
    pub fn file(dir: PathBuf, from: &str) -> anyhow::Result<Self> {
        std::fs::create_dir_all(&dir)?;
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
    pub fn send(&self, row: &OutboxRow) -> Result<(), String> {
        let message = self.message(row)?;
        match self {
            Self::File { dir, .. } => FileTransport::new(dir)
                .send(&message)
                .map(|_| ())
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
