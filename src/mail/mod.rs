//! Email: messages rendered from `templates/email/`, kept in a persisted outbox, and sent
//! by a background worker through SMTP or into `.eml` files.

pub mod outbox;
pub mod transport;

use handlebars::Handlebars;
use serde::Serialize;

/// A rendered message, ready for the outbox.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mail {
    pub to: String,
    pub subject: String,
    pub text: String,
    pub html: String,
}

/// Renders `templates/email/<name>.{subject,txt,html}.hbs` for one recipient.
pub fn compose<T: Serialize>(
    hb: &Handlebars<'static>,
    name: &str,
    to: &str,
    data: &T,
) -> anyhow::Result<Mail> {
    let render = |part: &str| hb.render(&format!("email/{name}.{part}"), data);
    Ok(Mail {
        to: to.to_string(),
        subject: render("subject")?.trim().to_string(),
        text: render("txt")?,
        html: render("html")?,
    })
}
