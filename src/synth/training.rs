//! Training sessions over the past year and the next two months, 30 workers of one town
//! enrolled in each, attendance marked on the closed ones, and the leave behind every
//! excused absence (approved), some absences (rejected) and some coming sessions (pending).

use chrono::{Duration, NaiveDateTime};
use rand::rngs::StdRng;
use rand::seq::SliceRandom;
use rand::Rng;

use super::people::People;
use super::places::Places;
use super::sql::{self, text, ts, Inserter, Writer};
use super::{Progress, Scale};
use crate::db::DbConnection;
use crate::domain::cst;

const PER_SESSION: usize = 30;

struct Planned {
    item: usize,
    town: usize,
    starts: NaiveDateTime,
    status: &'static str,
    /// Workers enrolled: 30, fewer where the town has fewer or the total is reached.
    seats: usize,
}

// each phase of the generator takes the same shared pieces (connection, writer, rng, …)
#[allow(clippy::too_many_arguments)]
pub fn generate(
    conn: &mut DbConnection,
    writer: &Writer,
    scale: &Scale,
    places: &Places,
    people: &People,
    rng: &mut StdRng,
    now: NaiveDateTime,
    progress: &Progress,
) -> anyhow::Result<()> {
    let today = cst::date_of(now);
    progress.phase("培训、考勤与请销假", scale.attendance as u64);
    let tick = |n| progress.advance(n);
    let quiet = |_| {};

    // sessions until the attendance records add up, each filled from one town's workers
    let mut planned: Vec<Planned> = Vec::new();
    let mut seats_left = scale.attendance;
    let staffed = people.workers_of_town.iter().any(|w| !w.is_empty());
    while seats_left > 0 && staffed {
        planned.push({
            let day = today + Duration::days(rng.gen_range(-365..60));
            let starts = day.and_hms_opt(1, 0, 0).unwrap_or(now)
                + Duration::hours(if rng.gen_bool(0.5) { 0 } else { 5 });
            let status = if starts + Duration::hours(3) > now {
                "scheduled"
            } else if rng.gen_bool(0.02) {
                "cancelled"
            } else {
                "closed"
            };
            let town = rng.gen_range(0..places.towns.len());
            let seats = PER_SESSION
                .min(people.workers_of_town[town].len())
                .min(seats_left);
            seats_left -= seats;
            Planned {
                item: rng.gen_range(0..places.items.len()),
                town,
                starts,
                status,
                seats,
            }
        });
    }

    let session_base = sql::max_id(conn, "training_sessions")?;
    let mut rows = Inserter::new(writer, "INSERT INTO training_sessions (title, starts_at, ends_at, place, online_link, capacity, trainer_id, bureau_id, \
         required, status, checkin_secret, created_at)",
        &quiet,
    );
    for p in &planned {
        let item = &places.items[p.item];
        let town_center = &places.centers[places.centers_of_town[p.town][0]];
        rows.push(format!(
            "({}, {}, {}, {}, '', {}, {}, {}, {}, '{}', '{:032x}', {})",
            text(&format!("{}专题培训", item.name)),
            ts(p.starts),
            ts(p.starts + Duration::minutes(150)),
            text(&format!("{}三楼培训室", town_center.name)),
            PER_SESSION + 10,
            people.trainers[&item.bureau_id],
            item.bureau_id,
            sql::boolean(rng.gen_bool(0.8)),
            p.status,
            rng.gen::<u128>(),
            ts(p.starts - Duration::days(14)),
        ))?;
    }
    let written = rows.finish()?;
    sql::check_ids(conn, "training_sessions", session_base, written)?;
    let mut rows = Inserter::new(
        writer,
        "INSERT INTO session_items (session_id, item_id)",
        &quiet,
    );
    for (k, p) in planned.iter().enumerate() {
        let id = session_base + k as i32 + 1;
        rows.push(format!("({id}, {})", places.items[p.item].id))?;
    }
    rows.finish()?;

    let leave_base = sql::max_id(conn, "leaves")?;
    let mut enrolments = Inserter::new(writer, "INSERT INTO enrolments (session_id, user_id, status, checked_in_at, marked_at, enrolled_at)",
        &tick,
    );
    let mut leaves = Inserter::deferred(writer, "INSERT INTO leaves (user_id, kind, reason, starts_on, ends_on, status, decided_by, decided_at, decision_comment, \
         reported_back_at, overdue_notified_at, created_at)",
        &quiet,
    );
    let mut covers = Inserter::deferred(
        writer,
        "INSERT INTO leave_sessions (leave_id, session_id)",
        &quiet,
    );
    let mut leave_id = leave_base;
    for (k, p) in planned.iter().enumerate() {
        let session_id = session_base + k as i32 + 1;
        let ends = p.starts + Duration::minutes(150);
        let day = cst::date_of(p.starts);
        let manager = people.managers[p.town];
        let pool = &people.workers_of_town[p.town];
        for &w in pool.choose_multiple(rng, p.seats) {
            let worker = people.workers[w].id;
            let roll = rng.gen_range(0..100);
            let (status, checked_in) = match (p.status, roll) {
                ("closed", 0..=84) => (
                    "present",
                    Some(p.starts + Duration::minutes(rng.gen_range(-10..9))),
                ),
                ("closed", 85..=89) => (
                    "late",
                    Some(p.starts + Duration::minutes(rng.gen_range(15..40))),
                ),
                ("closed", 90..=95) => ("excused", None),
                ("closed", _) => ("absent", None),
                _ => ("unmarked", None),
            };
            enrolments.push(format!(
                "({session_id}, {worker}, '{status}', {}, {}, {})",
                sql::opt_ts(checked_in),
                sql::opt_ts((p.status == "closed").then_some(ends)),
                ts(p.starts - Duration::days(10)),
            ))?;
            // the leave asked for this session, if any, and how it was decided
            let leave = match (status, p.status) {
                ("excused", _) => Some("approved"),
                ("absent", _) if rng.gen_bool(0.5) => Some("rejected"),
                ("unmarked", "scheduled") if rng.gen_bool(0.015) => Some("pending"),
                _ => None,
            };
            let Some(decision) = leave else { continue };
            leave_id += 1;
            let asked = p.starts - Duration::days(rng.gen_range(2..6));
            let decided = (decision != "pending").then(|| asked + Duration::hours(20));
            let back = ends + Duration::days(1);
            let reported =
                (decision == "approved" && back <= now && rng.gen_bool(0.9)).then_some(back);
            let overdue_at = ends + Duration::days(4);
            let overdue = (decision == "approved" && reported.is_none() && overdue_at <= now)
                .then_some(overdue_at);
            let kind = ["sick", "personal", "official"][rng.gen_range(0..3)];
            leaves.push(format!(
                "({worker}, '{kind}', {}, '{day}', '{day}', '{decision}', {}, {}, {}, {}, {}, {})",
                text(match kind {
                    "sick" => "发烧就医",
                    "personal" => "家中老人住院需陪护",
                    _ => "参加镇里安排的防汛值班",
                }),
                if decided.is_some() {
                    manager.to_string()
                } else {
                    "NULL".into()
                },
                sql::opt_ts(decided),
                text(if decision == "rejected" {
                    "培训为必训内容，请按时参加"
                } else {
                    ""
                }),
                sql::opt_ts(reported),
                sql::opt_ts(overdue),
                ts(asked),
            ))?;
            covers.push(format!("({leave_id}, {session_id})"))?;
        }
    }
    enrolments.finish()?;
    let written = leaves.finish()?;
    covers.finish()?;
    sql::check_ids(conn, "leaves", leave_base, written)?;
    Ok(())
}
