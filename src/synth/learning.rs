//! What workers did with their courses: every module read, finished quiz attempts whose
//! answers are graded by the real rules (`domain::quiz`), and a certificate for each
//! course passed — standing, expiring, expired or revoked as its dates and a few
//! revocations make it.

use chrono::{Duration, NaiveDate, NaiveDateTime};
use rand::rngs::StdRng;
use rand::seq::SliceRandom;
use rand::Rng;

use super::courses::{Catalog, Course};
use super::people::People;
use super::places::Places;
use super::sql::{self, text, ts, Inserter, Writer};
use super::{Progress, Scale};
use crate::db::DbConnection;
use crate::domain::certification::{certificate_number, day_number, reminder_due, valid_until};
use crate::domain::course::{draw_questions, option_order};
use crate::domain::cst;
use crate::domain::quiz::{grade, score, Answers, Question, Response, Score};

/// The one index the load fills in random order, as the migrations define it.
const DEFERRED_INDEX: (&str, &str) = (
    "attempt_questions_question",
    "attempt_questions (question_id)",
);

/// A response that is right, or plainly wrong.
fn respond(q: &Question, right: bool, rng: &mut StdRng) -> Response {
    match &q.answers {
        Answers::Single { choices } => {
            let best = (0..choices.len())
                .max_by(|&a, &b| choices[a].weight.total_cmp(&choices[b].weight))
                .unwrap_or(0);
            let pick = if right || choices.len() < 2 {
                best
            } else {
                (best + rng.gen_range(1..choices.len())) % choices.len()
            };
            Response::Choices(vec![pick])
        }
        Answers::Multi { choices } => Response::Choices(
            (0..choices.len())
                .filter(|&i| (choices[i].weight > 0.0) == right)
                .collect(),
        ),
        Answers::TrueFalse { correct, .. } => Response::Bool(*correct == right),
        Answers::Short { accepted } => Response::Text(if right {
            accepted
                .iter()
                .max_by(|a, b| a.weight.total_cmp(&b.weight))
                .map(|c| c.text.clone())
                .unwrap_or_default()
        } else {
            "不清楚".into()
        }),
    }
}

/// One attempt's slots: (question id, option order, response, fraction, points), and its
/// score. Mostly right for a pass, half right for a fail; should chance give the other
/// outcome, the second try answers everything right (or wrong).
#[allow(clippy::type_complexity)]
fn sit(
    course: &Course,
    pass: bool,
    rng: &mut StdRng,
) -> (Vec<(i32, Vec<usize>, Response, f64, u32)>, Score) {
    let drawn = draw_questions(&course.settings, &course.categories, rng);
    let wrong_share = if pass { 0.05 } else { 0.5 };
    let mut round = 0;
    loop {
        let slots: Vec<_> = drawn
            .iter()
            .map(|&i| {
                let (id, q) = &course.bank[i];
                let order = option_order(q.answers.options().len(), course.settings.shuffle, rng);
                let right = if round == 0 {
                    !rng.gen_bool(wrong_share)
                } else {
                    pass
                };
                let r = respond(q, right, rng);
                let fraction = grade(q, Some(&r));
                (*id, order, r, fraction, q.points)
            })
            .collect();
        let parts: Vec<(f64, u32)> = slots.iter().map(|s| (s.3, s.4)).collect();
        let s = score(&parts, course.settings.pass_percent);
        if s.passed == pass || round == 1 {
            return (slots, s);
        }
        round += 1;
    }
}

/// How many attempts each studied item gets: `total` spread over `pairs`, 1 to 3 each.
fn attempt_counts(pairs: usize, total: usize, rng: &mut StdRng) -> Vec<usize> {
    let base = (total / pairs.max(1)).clamp(1, 3);
    let mut counts = vec![base; pairs];
    let mut left = total as i64 - (base * pairs) as i64;
    while left != 0 {
        let i = rng.gen_range(0..pairs);
        if left > 0 && counts[i] < 3 {
            counts[i] += 1;
            left -= 1;
        } else if left < 0 && counts[i] > 1 {
            counts[i] -= 1;
            left += 1;
        }
    }
    // any pair may be the one given an extra try
    for _ in 0..pairs {
        let (a, b) = (rng.gen_range(0..pairs), rng.gen_range(0..pairs));
        if counts[a] < 3 && counts[b] > 1 {
            counts[a] += 1;
            counts[b] -= 1;
        }
    }
    counts
}

#[allow(clippy::too_many_arguments)]
pub fn generate(
    conn: &mut DbConnection,
    writer: &Writer,
    scale: &Scale,
    places: &Places,
    catalog: &Catalog,
    people: &People,
    rng: &mut StdRng,
    now: NaiveDateTime,
    progress: &Progress,
) -> anyhow::Result<()> {
    let today = cst::date_of(now);
    let workers = people.workers.len().max(1);
    let per_worker = scale.attempts / workers;
    let pairs = (per_worker / 2).clamp(1, places.items.len());
    let certified = (scale.certificates / workers).min(pairs);
    progress.phase("学习进度、测验作答与证书", scale.attempts as u64);
    let tick = |n| progress.advance(n);
    let quiet = |_| {};

    // an index filled in random order is built far faster in one go after the load
    sql::drop_index(conn, DEFERRED_INDEX.0)?;
    let attempt_base = sql::max_id(conn, "attempts")?;
    let cert_base = sql::max_id(conn, "certificates")?;
    let mut attempts = Inserter::deferred(writer, "INSERT INTO attempts (user_id, version_id, number, status, started_at, deadline, finished_at, points, max_points, percent, passed)",
        &tick,
    );
    let mut slots = Inserter::deferred(writer, "INSERT INTO attempt_questions (attempt_id, position, question_id, option_order, response, saved_at, fraction, points)",
        &quiet,
    );
    let mut reads = Inserter::new(
        writer,
        "INSERT INTO module_progress (user_id, course_id, content_hash, completed_at)",
        &quiet,
    );
    let mut certs = Inserter::new(writer, "INSERT INTO certificates (number, code, user_id, item_id, version_id, status, issued_on, valid_until, ends_on, ends_day, \
         issued_at, revoked_at, revoked_by, revoke_reason, notified_at, reminded_days)",
        &quiet,
    );
    let (mut attempt_id, mut cert_id) = (attempt_base, cert_base);
    for worker in &people.workers {
        // a zone's workers study what their town handed down first, then other items
        let mut studied: Vec<usize> = places.zone_items[worker.town].clone();
        let mut others: Vec<usize> = (0..places.items.len())
            .filter(|i| !studied.contains(i))
            .collect();
        others.shuffle(rng);
        studied.extend(others);
        studied.truncate(pairs);
        let counts = attempt_counts(studied.len(), per_worker, rng);
        let earliest = worker.hired + Duration::days(7);
        let span = (today - earliest).num_days().max(1);
        for (k, (&item, &count)) in studied.iter().zip(&counts).enumerate() {
            let course = &catalog.courses[item];
            if course.bank.is_empty() {
                continue;
            }
            let passes = k < certified;
            let last_day = earliest + Duration::days(rng.gen_range(0..span));
            let first_day = last_day - Duration::days(2 * (count as i64 - 1));
            for hash in &course.module_hashes {
                reads.push(format!(
                    "({}, {}, '{hash}', {})",
                    worker.id,
                    course.course_id,
                    ts(at(first_day - Duration::days(1), rng))
                ))?;
            }
            for n in 0..count {
                let pass = passes && n + 1 == count;
                let started = at(first_day + Duration::days(2 * n as i64), rng);
                let finished = started + Duration::minutes(rng.gen_range(8..19));
                let deadline =
                    started + Duration::minutes(i64::from(course.settings.time_limit_minutes));
                let (answers, s) = sit(course, pass, rng);
                attempt_id += 1;
                attempts.push(format!(
                    "({}, {}, {}, 'finished', {}, {}, {}, {}, {}, {}, {})",
                    worker.id,
                    course.version_id,
                    n + 1,
                    ts(started),
                    ts(deadline),
                    ts(finished),
                    s.points,
                    s.max_points,
                    s.percent,
                    sql::boolean(s.passed)
                ))?;
                for (pos, (qid, order, response, fraction, points)) in answers.iter().enumerate() {
                    slots.push(format!(
                        "({attempt_id}, {}, {qid}, '{}', {}, {}, {fraction}, {points})",
                        pos + 1,
                        serde_json::to_string(order)?,
                        text(&serde_json::to_string(response)?),
                        ts(started + Duration::seconds(30 * (pos as i64 + 1)))
                    ))?;
                }
                if pass {
                    cert_id += 1;
                    certs.push(certificate(
                        cert_id,
                        worker.id,
                        places.items[item].id,
                        course.version_id,
                        cst::date_of(finished),
                        finished,
                        people.admin,
                        today,
                        rng,
                    ))?;
                }
            }
        }
        if slots.is_full() || attempts.is_full() {
            attempts.flush()?;
            slots.flush()?;
        }
    }
    let written = attempts.finish()?;
    slots.finish()?;
    reads.finish()?;
    let issued = certs.finish()?;
    sql::create_index(conn, DEFERRED_INDEX.0, DEFERRED_INDEX.1)?;
    sql::check_ids(conn, "attempts", attempt_base, written)?;
    sql::check_ids(conn, "certificates", cert_base, issued)?;
    Ok(())
}

/// A time of day during office hours (stored as UTC, Beijing is UTC+8).
fn at(day: NaiveDate, rng: &mut StdRng) -> NaiveDateTime {
    day.and_hms_opt(1, 0, 0).unwrap_or_default() + Duration::minutes(rng.gen_range(0..420))
}

#[allow(clippy::too_many_arguments)]
fn certificate(
    id: i32,
    user: i32,
    item: i32,
    version: i32,
    issued: NaiveDate,
    issued_at: NaiveDateTime,
    admin: i32,
    today: NaiveDate,
    rng: &mut StdRng,
) -> String {
    let until = valid_until(issued, 24);
    let revoked = until >= today && rng.gen_bool(0.03);
    let status = if until < today {
        "expired"
    } else if revoked {
        "revoked"
    } else {
        "active"
    };
    let revoked_at = revoked.then(|| {
        let days = (today - issued).num_days().max(1);
        issued_at + Duration::days(rng.gen_range(0..days))
    });
    // reminders already sent for what ends soon, as the daily mail run would have done
    let reminded = if status == "active" {
        reminder_due(until, today, None)
    } else {
        None
    };
    format!(
        "('{}', '{:032x}', {user}, {item}, {version}, '{status}', '{issued}', '{until}', '{until}', {}, {}, {}, {}, {}, {}, {})",
        certificate_number(issued, id),
        rng.gen::<u128>(),
        day_number(until),
        ts(issued_at),
        sql::opt_ts(revoked_at),
        if revoked { admin.to_string() } else { "NULL".into() },
        text(if revoked { "复核发现申请材料不实，撤销证书" } else { "" }),
        ts(issued_at),
        reminded.map(|d| d.to_string()).unwrap_or_else(|| "NULL".into()),
    )
}
