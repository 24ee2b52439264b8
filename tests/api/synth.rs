//! `devolve synth`: the counts it promises, the same data for the same seed and day, answers
//! graded by the real rules, certificates only behind passed attempts, and a refusal to
//! write into a database that already has accounts.

use std::collections::HashSet;

use chrono::NaiveDate;
use devolve::db::schema::{
    attempt_questions, attempts, certificates, course_versions, courses, enrolments, transfers,
    users,
};
use devolve::db::{connect, DatabaseUrl, DbPool};
use devolve::synth::{generate, Progress, Scale};
use diesel::prelude::*;

use crate::helpers::{fresh_database, TestDb};

/// Small enough for a debug build: 16 towns (the plan's 14 and two more), 40 centers,
/// 40 items, 80 workers, 480 attempts (three items studied per worker), 160 certificates.
const SMALL: Scale = Scale {
    towns: 16,
    centers: 40,
    items: 40,
    workers: 80,
    attempts: 480,
    certificates: 160,
    attendance: 300,
    transfers: 20,
    zone_items: 5,
};

fn now() -> chrono::NaiveDateTime {
    NaiveDate::from_ymd_opt(2026, 11, 25)
        .unwrap()
        .and_hms_opt(2, 0, 0)
        .unwrap()
}

fn generated(seed: u64) -> (DbPool, TestDb) {
    let (url, db) = fresh_database();
    let pool = connect(&DatabaseUrl::parse(&url).unwrap(), 4).unwrap();
    let summary = generate(&pool, SMALL, seed, now(), "!", &Progress::hidden()).unwrap();
    let count = |t: &str| summary.rows.iter().find(|r| r.0 == t).unwrap().1;
    assert_eq!(count("towns"), 16);
    assert_eq!(count("centers"), 40);
    assert_eq!(count("items"), 40);
    assert_eq!(count("attempts"), 480);
    assert_eq!(count("certificates"), 160);
    assert_eq!(count("enrolments"), 300);
    assert_eq!(count("transfers"), 20);
    // the workers, an admin, the organization department, a trainer per bureau, a manager
    // per town
    let bureaus: i64 = devolve::db::schema::bureaus::table
        .count()
        .get_result(&mut *pool.get().unwrap())
        .unwrap();
    assert_eq!(count("users"), 80 + 2 + bureaus + 16);
    (pool, db)
}

type AttemptLine = (i32, i32, i32, Option<f64>, Option<bool>);
type SlotLine = (i32, i32, String, Option<String>, Option<f64>, i32);

fn attempts_of(pool: &DbPool) -> Vec<AttemptLine> {
    attempts::table
        .select((
            attempts::user_id,
            attempts::version_id,
            attempts::number,
            attempts::percent,
            attempts::passed,
        ))
        .order(attempts::id.asc())
        .load(&mut *pool.get().unwrap())
        .unwrap()
}

fn slots_of(pool: &DbPool) -> Vec<SlotLine> {
    attempt_questions::table
        .select((
            attempt_questions::attempt_id,
            attempt_questions::question_id,
            attempt_questions::option_order,
            attempt_questions::response,
            attempt_questions::fraction,
            attempt_questions::points,
        ))
        .order(attempt_questions::id.asc())
        .load(&mut *pool.get().unwrap())
        .unwrap()
}

fn certificates_of(pool: &DbPool) -> Vec<(String, String, i32, String, String)> {
    certificates::table
        .select((
            certificates::number,
            certificates::code,
            certificates::user_id,
            certificates::status,
            certificates::ends_on,
        ))
        .order(certificates::id.asc())
        .load(&mut *pool.get().unwrap())
        .unwrap()
}

/// Enrolments (session, worker, status) and transfers (worker, kind, status).
type Others = (Vec<(i32, i32, String)>, Vec<(i32, String, String)>);

fn others_of(pool: &DbPool) -> Others {
    let conn = &mut *pool.get().unwrap();
    let e = enrolments::table
        .select((
            enrolments::session_id,
            enrolments::user_id,
            enrolments::status,
        ))
        .order(enrolments::id.asc())
        .load(conn)
        .unwrap();
    let t = transfers::table
        .select((transfers::user_id, transfers::kind, transfers::status))
        .order(transfers::id.asc())
        .load(conn)
        .unwrap();
    (e, t)
}

#[test]
fn the_same_seed_and_day_give_the_same_data_and_another_seed_does_not() {
    let (a, _da) = generated(7);
    let (b, _db) = generated(7);
    let (c, _dc) = generated(8);
    assert_eq!(attempts_of(&a), attempts_of(&b));
    assert_eq!(slots_of(&a), slots_of(&b));
    assert_eq!(certificates_of(&a), certificates_of(&b));
    assert_eq!(others_of(&a), others_of(&b));
    assert_ne!(slots_of(&a), slots_of(&c));
}

#[test]
fn attempts_are_graded_by_the_rules_and_certificates_stand_behind_passes() {
    let (pool, _db) = generated(3);
    let conn = &mut *pool.get().unwrap();
    let slots = slots_of(&pool);
    let finished: Vec<(i32, i32, f64, f64, bool, i32)> = attempts::table
        .select((
            attempts::id,
            attempts::user_id,
            attempts::max_points,
            attempts::percent.assume_not_null(),
            attempts::passed.assume_not_null(),
            attempts::version_id,
        ))
        .filter(attempts::status.eq("finished"))
        .load(conn)
        .unwrap();
    assert_eq!(finished.len(), 480, "every attempt is finished");
    let mut passed_items = HashSet::new();
    for (id, user, max_points, percent, passed, version) in &finished {
        let mine: Vec<&SlotLine> = slots.iter().filter(|s| s.0 == *id).collect();
        assert!(!mine.is_empty(), "attempt {id} has its answers");
        assert!(mine.iter().all(|s| s.3.is_some() && s.4.is_some()));
        let points: f64 = mine.iter().map(|s| s.4.unwrap() * f64::from(s.5)).sum();
        let max: f64 = mine.iter().map(|s| f64::from(s.5)).sum();
        assert_eq!(max, *max_points);
        assert!(
            (points / max * 100.0 - percent).abs() < 0.01,
            "attempt {id}"
        );
        let settings: String = course_versions::table
            .find(version)
            .select(course_versions::settings)
            .first(conn)
            .unwrap();
        let pass: devolve::domain::course::QuizSettings =
            serde_json::from_str(&settings).unwrap_or_default();
        assert_eq!(
            *passed,
            *percent >= f64::from(pass.pass_percent),
            "attempt {id}"
        );
        if *passed {
            let item: i32 = course_versions::table
                .inner_join(courses::table)
                .filter(course_versions::id.eq(version))
                .select(courses::item_id)
                .first(conn)
                .unwrap();
            passed_items.insert((*user, item));
        }
    }
    let certified: Vec<(i32, i32)> = certificates::table
        .select((certificates::user_id, certificates::item_id))
        .load(conn)
        .unwrap();
    assert_eq!(certified.len(), 160);
    for pair in certified {
        assert!(
            passed_items.contains(&pair),
            "certificate {pair:?} without a pass"
        );
    }
}

#[test]
fn a_database_with_accounts_is_refused_and_left_as_it_was() {
    let (pool, _db) = generated(1);
    let before: i64 = users::table
        .count()
        .get_result(&mut *pool.get().unwrap())
        .unwrap();
    let err = generate(&pool, SMALL, 1, now(), "!", &Progress::hidden()).unwrap_err();
    assert!(err.to_string().contains("已有账号"), "{err}");
    let after: i64 = users::table
        .count()
        .get_result(&mut *pool.get().unwrap())
        .unwrap();
    assert_eq!(before, after);
}
