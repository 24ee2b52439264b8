//! The persisted outbox. Queuing is a plain insert; sending claims a row with a conditional
//! update, so several server processes sharing PostgreSQL never send one message twice.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use serde::Serialize;

use super::transport::MailTransport;
use super::Mail;
use crate::db::schema::outbox;
use crate::db::DbConnection;
use crate::domain::outbox::{after_failure, retry_delay, stale_claim};

pub fn enqueue(conn: &mut DbConnection, mails: &[Mail], now: NaiveDateTime) -> QueryResult<()> {
    for m in mails {
        diesel::insert_into(outbox::table)
            .values((
                outbox::to_address.eq(&m.to),
                outbox::subject.eq(&m.subject),
                outbox::text_body.eq(&m.text),
                outbox::html_body.eq(&m.html),
                outbox::status.eq("queued"),
                outbox::attempts.eq(0),
                outbox::next_attempt_at.eq(now),
                outbox::created_at.eq(now),
            ))
            .execute(conn)?;
    }
    Ok(())
}

#[derive(Debug, Clone, Serialize, Queryable, Selectable)]
#[diesel(table_name = outbox)]
pub struct OutboxRow {
    pub id: i32,
    pub to_address: String,
    pub subject: String,
    pub text_body: String,
    pub html_body: String,
    pub status: String,
    pub attempts: i32,
    pub last_error: Option<String>,
    pub next_attempt_at: NaiveDateTime,
    pub created_at: NaiveDateTime,
    pub sent_at: Option<NaiveDateTime>,
}

pub fn list(
    conn: &mut DbConnection,
    status: Option<&str>,
    limit: i64,
    offset: i64,
) -> QueryResult<Vec<OutboxRow>> {
    let mut q = outbox::table.into_boxed();
    if let Some(s) = status {
        q = q.filter(outbox::status.eq(s.to_string()));
    }
    q.select(OutboxRow::as_select())
        .order(outbox::id.desc())
        .limit(limit)
        .offset(offset)
        .load(conn)
}

pub fn count(conn: &mut DbConnection, status: Option<&str>) -> QueryResult<i64> {
    let mut q = outbox::table.into_boxed();
    if let Some(s) = status {
        q = q.filter(outbox::status.eq(s.to_string()));
    }
    q.count().get_result(conn)
}

/// Puts a failed (or sent) message back in the queue, due now.
pub fn resend(conn: &mut DbConnection, id: i32, now: NaiveDateTime) -> QueryResult<usize> {
    diesel::update(outbox::table.find(id).filter(outbox::status.ne("sending")))
        .set((
            outbox::status.eq("queued"),
            outbox::attempts.eq(0),
            outbox::next_attempt_at.eq(now),
        ))
        .execute(conn)
}

#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Delivery {
    pub sent: usize,
    pub failed: usize,
}

/// Sends what is due. Safe to run in several processes at once.
pub fn deliver_due(
    conn: &mut DbConnection,
    transport: &MailTransport,
    worker: &str,
    now: NaiveDateTime,
    batch: i64,
) -> QueryResult<Delivery> {
    // a claim left by a process that died mid-send goes back to the queue
    diesel::update(
        outbox::table
            .filter(outbox::status.eq("sending"))
            .filter(outbox::claimed_at.lt(now - stale_claim())),
    )
    .set(outbox::status.eq("queued"))
    .execute(conn)?;

    let due: Vec<i32> = outbox::table
        .filter(outbox::status.eq("queued"))
        .filter(outbox::next_attempt_at.le(now))
        .select(outbox::id)
        .order(outbox::id.asc())
        .limit(batch)
        .load(conn)?;
    let mut result = Delivery::default();
    for id in due {
        let claimed = diesel::update(outbox::table.find(id).filter(outbox::status.eq("queued")))
            .set((
                outbox::status.eq("sending"),
                outbox::claimed_by.eq(Some(worker)),
                outbox::claimed_at.eq(Some(now)),
            ))
            .execute(conn)?;
        if claimed == 0 {
            continue; // another process took it
        }
        let row: OutboxRow = outbox::table
            .find(id)
            .select(OutboxRow::as_select())
            .first(conn)?;
        match transport.send(&row) {
            Ok(()) => {
                diesel::update(outbox::table.find(id))
                    .set((
                        outbox::status.eq("sent"),
                        outbox::sent_at.eq(Some(now)),
                        outbox::attempts.eq(row.attempts + 1),
                        outbox::last_error.eq(None::<String>),
                    ))
                    .execute(conn)?;
                result.sent += 1;
            }
            Err(e) => {
                let attempts = row.attempts + 1;
                tracing::warn!(id, attempts, error = %e, "mail not sent");
                diesel::update(outbox::table.find(id))
                    .set((
                        outbox::status.eq(after_failure(attempts)),
                        outbox::attempts.eq(attempts),
                        outbox::last_error.eq(Some(e)),
                        outbox::next_attempt_at.eq(now + retry_delay(attempts)),
                    ))
                    .execute(conn)?;
                result.failed += 1;
            }
        }
    }
    Ok(result)
}
