//! The persisted outbox. Queuing is a plain insert; sending claims a row with a conditional
//! update, so several server processes sharing PostgreSQL do not both send one message.
//!
//! A claim is a lease (`CLAIM_LEASE`): a process killed between claiming a row and marking
//! it sent leaves it `sending`, and once the lease runs out any worker sends it again.
//! That makes delivery at-least-once; the transports make the repeat harmless where they
//! can (see `transport`: the file transport replaces its own file, SMTP messages keep one
//! Message-ID).

use chrono::NaiveDateTime;
use diesel::prelude::*;
use serde::Serialize;

use super::transport::MailTransport;
use super::Mail;
use crate::db::schema::outbox;
use crate::db::DbConnection;
use crate::domain::outbox::{after_failure, retry_delay, CLAIM_LEASE};

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

impl std::ops::AddAssign for Delivery {
    fn add_assign(&mut self, other: Self) {
        self.sent += other.sent;
        self.failed += other.failed;
    }
}

/// Sends everything due, `batch` rows at a time, so a backlog (a town's whole roster
/// notified at once, mail held back by an SMTP outage) drains in one cycle rather than
/// `batch` rows per cycle. A batch with a failure ends the cycle: the server is likely
/// down, and trying the whole backlog against it would hold the worker for as many
/// timeouts. Ends in any case: every row taken is either sent or due again only later.
pub fn deliver_all_due(
    conn: &mut DbConnection,
    transport: &MailTransport,
    worker: &str,
    now: NaiveDateTime,
    batch: i64,
) -> QueryResult<Delivery> {
    let mut total = Delivery::default();
    loop {
        let (delivery, taken) = deliver_batch(conn, transport, worker, now, batch)?;
        total += delivery;
        if taken < batch || delivery.failed > 0 {
            return Ok(total);
        }
    }
}

/// Sends at most `batch` rows of what is due. Safe to run in several processes at once.
pub fn deliver_due(
    conn: &mut DbConnection,
    transport: &MailTransport,
    worker: &str,
    now: NaiveDateTime,
    batch: i64,
) -> QueryResult<Delivery> {
    Ok(deliver_batch(conn, transport, worker, now, batch)?.0)
}

/// One batch, and how many due rows it looked at.
fn deliver_batch(
    conn: &mut DbConnection,
    transport: &MailTransport,
    worker: &str,
    now: NaiveDateTime,
    batch: i64,
) -> QueryResult<(Delivery, i64)> {
    // a claim left by a process that died mid-send goes back to the queue
    diesel::update(
        outbox::table.filter(outbox::status.eq("sending")).filter(
            outbox::claimed_at
                .lt(now - CLAIM_LEASE)
                .or(outbox::claimed_at.is_null()),
        ),
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
    let taken = due.len() as i64;
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
        let outcome = transport.send(&row);
        if let Err(e) = &outcome {
            tracing::warn!(id, attempts = row.attempts + 1, error = %e, "mail not sent");
        }
        let sent = outcome.is_ok();
        if !record_outcome(conn, &row, worker, now, outcome)? {
            tracing::warn!(
                id,
                "mail send outlived its claim; another worker has the row"
            );
        }
        if sent {
            result.sent += 1;
        } else {
            result.failed += 1;
        }
    }
    Ok((result, taken))
}

/// Records how sending a claimed row went, only while the claim is still `worker`'s: a send
/// that outlived its lease must not overwrite what the worker that took the row over
/// recorded (a late failure turning its `sent` back into `queued` would send once more).
/// False when the claim had passed to another worker and nothing was recorded.
fn record_outcome(
    conn: &mut DbConnection,
    row: &OutboxRow,
    worker: &str,
    now: NaiveDateTime,
    outcome: Result<(), String>,
) -> QueryResult<bool> {
    let still_ours = outbox::table
        .find(row.id)
        .filter(outbox::status.eq("sending"))
        .filter(outbox::claimed_by.eq(worker));
    let attempts = row.attempts + 1;
    let n = match outcome {
        Ok(()) => diesel::update(still_ours)
            .set((
                outbox::status.eq("sent"),
                outbox::sent_at.eq(Some(now)),
                outbox::attempts.eq(attempts),
                outbox::last_error.eq(None::<String>),
            ))
            .execute(conn)?,
        Err(e) => diesel::update(still_ours)
            .set((
                outbox::status.eq(after_failure(attempts)),
                outbox::attempts.eq(attempts),
                outbox::last_error.eq(Some(e)),
                outbox::next_attempt_at.eq(now + retry_delay(attempts)),
            ))
            .execute(conn)?,
    };
    Ok(n > 0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::db::{connect, DatabaseUrl, DbPool};
    use crate::mail::transport::eml_file_name;

    fn database(dir: &std::path::Path) -> DbPool {
        let url = DatabaseUrl::Sqlite(dir.join("t.db").to_string_lossy().into_owned());
        connect(&url, 1).unwrap()
    }

    fn mail(to: &str) -> Mail {
        Mail {
            to: to.into(),
            subject: "培训通知".into(),
            text: "正文".into(),
            html: "<p>正文</p>".into(),
        }
    }

    fn t0() -> NaiveDateTime {
        chrono::NaiveDate::from_ymd_opt(2026, 3, 2)
            .unwrap()
            .and_hms_opt(1, 0, 0)
            .unwrap()
    }

    fn row(conn: &mut DbConnection, id: i32) -> OutboxRow {
        outbox::table
            .find(id)
            .select(OutboxRow::as_select())
            .first(conn)
            .unwrap()
    }

    use crate::mail::transport::tests::names as eml_files;

    /// Claims row `id` for `worker` at `at`, as `deliver_due` does before sending.
    fn claim(conn: &mut DbConnection, id: i32, worker: &str, at: NaiveDateTime) {
        diesel::update(outbox::table.find(id))
            .set((
                outbox::status.eq("sending"),
                outbox::claimed_by.eq(Some(worker)),
                outbox::claimed_at.eq(Some(at)),
            ))
            .execute(conn)
            .unwrap();
    }

    /// A database with `n` messages queued, and a file transport into `outbox/`.
    fn backlog(n: usize) -> (tempfile::TempDir, DbPool, MailTransport, Vec<Mail>) {
        let tmp = tempfile::tempdir().unwrap();
        let pool = database(tmp.path());
        let out = tmp.path().join("outbox");
        let transport = MailTransport::file(out, "平台 <noreply@devolve.invalid>").unwrap();
        let mails: Vec<Mail> = (0..n)
            .map(|i| mail(&format!("w{i}@zhaoyuan.example")))
            .collect();
        enqueue(&mut pool.get().unwrap(), &mails, t0()).unwrap();
        (tmp, pool, transport, mails)
    }

    #[test]
    fn a_backlog_larger_than_a_batch_drains_in_one_cycle() {
        let (tmp, pool, transport, backlog) = backlog(120);
        let (conn, out) = (&mut *pool.get().unwrap(), tmp.path().join("outbox"));
        // one batch is what `deliver_due` sends
        let d = deliver_due(conn, &transport, "w-1", t0(), 50).unwrap();
        assert_eq!(
            d,
            Delivery {
                sent: 50,
                failed: 0
            }
        );
        // the rest (two full batches: a last, empty look ends it), with what came meanwhile
        enqueue(conn, &backlog[..30], t0()).unwrap();
        let d = deliver_all_due(conn, &transport, "w-1", t0(), 50).unwrap();
        assert_eq!(
            d,
            Delivery {
                sent: 100,
                failed: 0
            }
        );
        assert_eq!(eml_files(&out).len(), 150);
        assert_eq!(count(conn, Some("queued")).unwrap(), 0);
        // nothing due: one look, nothing sent
        assert_eq!(
            deliver_all_due(conn, &transport, "w-1", t0(), 50).unwrap(),
            Delivery::default()
        );
    }

    #[test]
    fn a_failing_batch_ends_the_cycle_instead_of_trying_the_whole_backlog() {
        let (tmp, pool, transport, _) = backlog(120);
        let (conn, out) = (&mut *pool.get().unwrap(), tmp.path().join("outbox"));
        // the "server" is gone: the folder is now a file
        std::fs::remove_dir_all(&out).unwrap();
        std::fs::write(&out, b"").unwrap();
        let d = deliver_all_due(conn, &transport, "w-1", t0(), 50).unwrap();
        assert_eq!(
            d,
            Delivery {
                sent: 0,
                failed: 50
            }
        );
        assert_eq!(
            count(conn, Some("queued")).unwrap(),
            120,
            "all still queued"
        );
        // the failed ones wait for their retry; the other 70 go in the next cycle
        std::fs::remove_file(&out).unwrap();
        std::fs::create_dir(&out).unwrap();
        let d = deliver_all_due(conn, &transport, "w-1", t0(), 50).unwrap();
        assert_eq!(
            d,
            Delivery {
                sent: 70,
                failed: 0
            }
        );
    }

    #[test]
    fn a_send_cut_short_by_a_crash_is_sent_again_after_the_lease_into_the_same_file() {
        let (tmp, pool, transport, _) = backlog(1);
        let (conn, out) = (&mut *pool.get().unwrap(), tmp.path().join("outbox"));
        let id = row(conn, 1).id;
        // the process that died had claimed the row and written its file, not marked it sent
        claim(conn, id, "dead-1", t0());
        let claimed = row(conn, id);
        transport.send(&claimed).unwrap();

        let d = deliver_due(conn, &transport, "new-2", t0() + CLAIM_LEASE / 2, 10).unwrap();
        assert_eq!(d, Delivery::default(), "the claim still holds");
        assert_eq!(row(conn, id).status, "sending");

        let after = t0() + CLAIM_LEASE + chrono::TimeDelta::seconds(1);
        let d = deliver_due(conn, &transport, "new-2", after, 10).unwrap();
        assert_eq!((d.sent, d.failed), (1, 0));
        let r = row(conn, id);
        assert_eq!((r.status.as_str(), r.attempts), ("sent", 1));
        let by: Option<String> = outbox::table
            .find(id)
            .select(outbox::claimed_by)
            .first(conn)
            .unwrap();
        assert_eq!(by.as_deref(), Some("new-2"));
        assert_eq!(
            eml_files(&out),
            vec![eml_file_name(id, r.created_at)],
            "the second send replaced the first file"
        );
        let d = deliver_due(conn, &transport, "new-2", after + CLAIM_LEASE * 2, 10).unwrap();
        assert_eq!(d, Delivery::default(), "a sent row is never sent again");
    }

    #[test]
    fn a_send_that_outlived_its_claim_does_not_overwrite_the_new_owner() {
        let (_tmp, pool, _, _) = backlog(1);
        let conn = &mut *pool.get().unwrap();
        claim(conn, 1, "slow", t0());
        let stale = row(conn, 1);
        // the lease ran out, another worker took the row and sent it
        let later = t0() + CLAIM_LEASE * 2;
        claim(conn, 1, "other", later);
        let current = row(conn, 1);
        assert!(record_outcome(conn, &current, "other", later, Ok(())).unwrap());
        // the slow worker's failure comes in last: it must not put the row back in the queue
        let late = record_outcome(conn, &stale, "slow", later, Err("timeout".into())).unwrap();
        assert!(!late);
        let r = row(conn, 1);
        assert_eq!((r.status.as_str(), r.last_error), ("sent", None));
    }

    #[test]
    fn a_failure_under_a_live_claim_is_recorded_for_a_retry() {
        let (_tmp, pool, _, _) = backlog(1);
        let conn = &mut *pool.get().unwrap();
        claim(conn, 1, "w", t0());
        let claimed = row(conn, 1);
        assert!(record_outcome(conn, &claimed, "w", t0(), Err("down".into())).unwrap());
        let r = row(conn, 1);
        assert_eq!((r.status.as_str(), r.attempts), ("queued", 1));
        assert_eq!(r.next_attempt_at, t0() + retry_delay(1));
    }
}
