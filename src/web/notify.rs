//! Queues notification mail: renders a template per recipient and stores it in the outbox.

use serde_json::Value;

use crate::error::{AppError, AppResult};
use crate::mail::{compose, outbox};
use crate::store::{certificates, users};
use crate::web::state::AppState;

/// Queues `template` for each user who has an email address; `data` gets their `name`.
pub async fn notify(
    state: &AppState,
    template: &'static str,
    user_ids: Vec<i32>,
    data: Value,
) -> AppResult<usize> {
    if user_ids.is_empty() {
        return Ok(0);
    }
    let st = state.clone();
    state
        .db(move |conn| notify_in(&st, conn, template, &user_ids, &data))
        .await
}

/// `notify` on the caller's connection. Called inside the transaction that makes a
/// change, the change and its notices commit together: a crash in between cannot keep
/// a decision whose mail is never sent.
pub fn notify_in(
    state: &AppState,
    conn: &mut crate::db::DbConnection,
    template: &str,
    user_ids: &[i32],
    data: &Value,
) -> AppResult<usize> {
    if user_ids.is_empty() {
        return Ok(0);
    }
    let now = state.clock.now_naive();
    let mails = compose_for(state, conn, template, user_ids, data)?;
    // one transaction: a crash queues every recipient's message or none of them
    crate::db::write_transaction(conn, |conn| outbox::enqueue(conn, &mails, now))?;
    Ok(mails.len())
}

/// Reminds workers (and their town managers) of report-backs that became overdue, once each.
pub fn queue_overdue_reminders(
    state: &AppState,
    conn: &mut crate::db::DbConnection,
) -> AppResult<usize> {
    use crate::domain::cst;
    use crate::domain::training::{report_back_due, report_back_overdue};
    use crate::store::{centers, training};
    let rules = state.settings.training_rules();
    let now = state.clock.now_naive();
    let today = cst::date_of(now);
    let mut queued = 0;
    for l in training::unreminded_approved_leaves(conn)? {
        let Some(ends) = l.ends() else { continue };
        if !report_back_overdue(&rules, ends, false, today) {
            continue;
        }
        let worker = users::find(conn, l.user_id)?;
        let town = centers::find(conn, worker.center_id.unwrap_or(-1))?.town_id;
        let mut recipients = vec![worker.id];
        recipients.extend(users::managers_of(conn, town)?);
        let data = serde_json::json!({
            "worker": worker.display_name, "starts_on": l.starts_on, "ends_on": l.ends_on,
            "due": report_back_due(&rules, ends).to_string(),
        });
        let mails = compose_for(state, conn, "report_back_overdue", &recipients, &data)?;
        queued += crate::db::write_transaction(conn, |conn| {
            if !training::mark_reminded(conn, l.id, now)? {
                return Ok::<_, AppError>(0);
            }
            outbox::enqueue(conn, &mails, now)?;
            Ok(mails.len())
        })?;
    }
    Ok(queued)
}

/// The address links in mail point to.
pub fn mail_base_url(state: &AppState) -> String {
    if state.settings.public_url.is_empty() {
        format!("http://{}", state.settings.bind)
    } else {
        state.settings.public_url.trim_end_matches('/').to_string()
    }
}

/// Composes one message per recipient (each gets their own `name`).
fn compose_for(
    state: &AppState,
    conn: &mut crate::db::DbConnection,
    template: &str,
    recipients: &[i32],
    data: &Value,
) -> AppResult<Vec<crate::mail::Mail>> {
    let mut mails = Vec::new();
    for c in users::contacts(conn, recipients)? {
        let mut d = data.clone();
        d["name"] = Value::String(c.name);
        // each recipient reads mail in the language they chose, where it is written
        let english = format!("en/{template}");
        let name = if c.lang == "en"
            && state
                .templates
                .has_template(&format!("email/{english}.subject"))
        {
            d["lang"] = Value::String("en".into());
            // a kind named by catalog key reads in the recipient's language
            if let Some(key) = d
                .get("kind_key")
                .and_then(Value::as_str)
                .map(str::to_string)
            {
                d["kind"] = Value::String(crate::web::i18n::t_in("en", &key));
            }
            english.as_str()
        } else {
            template
        };
        mails.push(compose(&state.templates, name, &c.email, &d).map_err(AppError::Internal)?);
    }
    Ok(mails)
}

/// What a certificate mail says about the certificate.
fn certificate_data(state: &AppState, c: &certificates::CertListing) -> Value {
    serde_json::json!({
        "holder": c.holder, "item": c.item_name, "number": c.number,
        "issued_on": c.issued_on, "ends_on": c.ends_on, "refresher_due": c.refresher_due,
        "verify_url": format!("{}/verify/{}", mail_base_url(state), c.code),
        "reason": c.revoke_reason,
    })
}

/// Tells holders about certificates issued since the last run, once each. Runs right after
/// an event that issued one, and in every mail cycle for anything a crash left behind.
pub fn queue_certificate_notices(
    state: &AppState,
    conn: &mut crate::db::DbConnection,
) -> AppResult<usize> {
    let now = state.clock.now_naive();
    let mut queued = 0;
    for id in certificates::unnotified(conn)? {
        let c = certificates::listing(conn, id)?;
        let mails = compose_for(
            state,
            conn,
            "certificate_issued",
            &[c.user_id],
            &certificate_data(state, &c),
        )?;
        queued += crate::db::write_transaction(conn, |conn| {
            if !certificates::mark_notified(conn, id, now)? {
                return Ok::<_, AppError>(0);
            }
            outbox::enqueue(conn, &mails, now)?;
            Ok(mails.len())
        })?;
    }
    Ok(queued)
}

pub async fn certificate_notices(state: &AppState) -> AppResult<usize> {
    let s = state.clone();
    state
        .db(move |conn| queue_certificate_notices(&s, conn))
        .await
}

/// Mails about one certificate (revoked, refresher) to its holder, now.
pub async fn certificate_mail(
    state: &AppState,
    template: &'static str,
    certificate_ids: Vec<i32>,
) -> AppResult<usize> {
    let s = state.clone();
    let now = state.clock.now_naive();
    state
        .db(move |conn| {
            let mut mails = Vec::new();
            for id in certificate_ids {
                let c = certificates::listing(conn, id)?;
                mails.extend(compose_for(
                    &s,
                    conn,
                    template,
                    &[c.user_id],
                    &certificate_data(&s, &c),
                )?);
            }
            crate::db::write_transaction(conn, |conn| outbox::enqueue(conn, &mails, now))?;
            Ok(mails.len())
        })
        .await
}

/// Reminds holders and their town managers 60, 30 and 7 days before a certificate ends.
pub fn queue_expiry_reminders(
    state: &AppState,
    conn: &mut crate::db::DbConnection,
) -> AppResult<usize> {
    use crate::domain::certification::{reminder_due, REMINDER_DAYS};
    use crate::domain::cst;
    let now = state.clock.now_naive();
    let today = cst::date_of(now);
    let mut queued = 0;
    for c in certificates::ending_soon(conn, today, REMINDER_DAYS[0])? {
        let Some(days) = reminder_due(c.last_day(), today, c.reminded_days.map(i64::from)) else {
            continue;
        };
        let l = certificates::listing(conn, c.id)?;
        let mut recipients = vec![l.user_id];
        recipients.extend(users::managers_of(conn, l.town_id)?);
        let mut data = certificate_data(state, &l);
        data["days"] = Value::from(days);
        let mails = compose_for(state, conn, "certificate_expiring", &recipients, &data)?;
        queued += crate::db::write_transaction(conn, |conn| {
            if !certificates::mark_reminded(conn, c.id, days as i32)? {
                return Ok::<_, AppError>(0);
            }
            outbox::enqueue(conn, &mails, now)?;
            Ok(mails.len())
        })?;
    }
    Ok(queued)
}

/// One round of the mail worker: queue due reminders, then send what is due.
pub fn mail_cycle(
    state: &AppState,
    transport: &crate::mail::transport::MailTransport,
    worker: &str,
) -> AppResult<outbox::Delivery> {
    let mut conn = state.pool.get()?;
    // roster changes approved ahead of their day take effect when it comes; the one-off
    // backfills in `roster::maintain` run at start-up only
    crate::store::roster::apply_due(
        &mut conn,
        crate::domain::cst::date_of(state.clock.now_naive()),
        None,
    )?;
    queue_overdue_reminders(state, &mut conn)?;
    queue_certificate_notices(state, &mut conn)?;
    queue_expiry_reminders(state, &mut conn)?;
    Ok(outbox::deliver_all_due(
        &mut conn,
        transport,
        worker,
        state.clock.now_naive(),
        50,
    )?)
}
