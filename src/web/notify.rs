//! Queues notification mail: renders a template per recipient and stores it in the outbox.

use serde_json::Value;

use crate::error::{AppError, AppResult};
use crate::mail::{compose, outbox};
use crate::store::users;
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
    let templates = state.templates.clone();
    let now = state.clock.now_naive();
    state
        .db(move |conn| {
            let mut mails = Vec::new();
            for (_, name, email) in users::contacts(conn, &user_ids)? {
                let mut d = data.clone();
                d["name"] = Value::String(name);
                mails.push(compose(&templates, template, &email, &d).map_err(AppError::Internal)?);
            }
            outbox::enqueue(conn, &mails, now)?;
            Ok(mails.len())
        })
        .await
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
        let mut mails = Vec::new();
        for (_, name, email) in users::contacts(conn, &recipients)? {
            let mut d = data.clone();
            d["name"] = Value::String(name);
            mails.push(
                compose(&state.templates, "report_back_overdue", &email, &d)
                    .map_err(AppError::Internal)?,
            );
        }
        crate::db::write_transaction(conn, |conn| {
            outbox::enqueue(conn, &mails, now)?;
            training::mark_reminded(conn, l.id, now)?;
            Ok::<_, AppError>(())
        })?;
        queued += mails.len();
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
    queue_overdue_reminders(state, &mut conn)?;
    Ok(outbox::deliver_due(
        &mut conn,
        transport,
        worker,
        state.clock.now_naive(),
        50,
    )?)
}
