//! A worker's study progress and quiz attempts, and the trainers' item analysis.

use std::collections::{HashMap, HashSet};

use chrono::NaiveDateTime;
use diesel::prelude::*;
use rand::SeedableRng;
use serde::Serialize;

use crate::db::schema::{attempt_questions, attempts, module_progress, questions};
use crate::db::{write_transaction, DbConnection};
use crate::domain::attempt::{deadline, AttemptHistory};
use crate::domain::course::{draw_questions, option_order, QuizSettings};
use crate::domain::quiz::{grade, score, Question, Response};
use crate::domain::training::TrainingRules;
use crate::error::{AppError, AppResult};
use crate::i18n::Msg;
use crate::store::certificates;
use crate::store::courses::{self, ModuleRow, QuestionRow, VersionRow};

pub fn done_hashes(
    conn: &mut DbConnection,
    user_id: i32,
    course_id: i32,
) -> QueryResult<HashSet<String>> {
    Ok(module_progress::table
        .filter(module_progress::user_id.eq(user_id))
        .filter(module_progress::course_id.eq(course_id))
        .select(module_progress::content_hash)
        .load::<String>(conn)?
        .into_iter()
        .collect())
}

/// Records a module as read, and certifies the worker if that completed the course.
/// Marking it again changes nothing. Returns a certificate issued on the way.
pub fn mark_done(
    conn: &mut DbConnection,
    rules: &TrainingRules,
    user_id: i32,
    course_id: i32,
    module: &ModuleRow,
    now: NaiveDateTime,
) -> AppResult<Option<i32>> {
    write_transaction(conn, |conn| {
        if !done_hashes(conn, user_id, course_id)?.contains(&module.content_hash) {
            diesel::insert_into(module_progress::table)
                .values((
                    module_progress::user_id.eq(user_id),
                    module_progress::course_id.eq(course_id),
                    module_progress::content_hash.eq(&module.content_hash),
                    module_progress::completed_at.eq(now),
                ))
                .execute(conn)?;
            return certificates::try_issue_for_course(conn, rules, user_id, course_id, now);
        }
        Ok(None)
    })
}

#[derive(Debug, Clone, Serialize, Queryable, Selectable)]
#[diesel(table_name = attempts)]
pub struct AttemptRow {
    pub id: i32,
    pub user_id: i32,
    pub version_id: i32,
    pub number: i32,
    pub status: String,
    pub started_at: NaiveDateTime,
    pub deadline: NaiveDateTime,
    pub finished_at: Option<NaiveDateTime>,
    pub points: Option<f64>,
    pub max_points: f64,
    pub percent: Option<f64>,
    pub passed: Option<bool>,
}

impl AttemptRow {
    pub fn is_open(&self) -> bool {
        self.status == "open"
    }
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = attempt_questions)]
pub struct SlotRow {
    pub id: i32,
    pub attempt_id: i32,
    pub position: i32,
    pub question_id: i32,
    pub option_order: String,
    pub response: Option<String>,
    pub fraction: Option<f64>,
    pub points: i32,
}

impl SlotRow {
    pub fn order(&self) -> Vec<usize> {
        serde_json::from_str(&self.option_order).unwrap_or_default()
    }
    pub fn response(&self) -> Option<Response> {
        self.response
            .as_deref()
            .and_then(|r| serde_json::from_str(r).ok())
    }
}

pub fn attempt(conn: &mut DbConnection, id: i32) -> QueryResult<AttemptRow> {
    attempts::table
        .find(id)
        .select(AttemptRow::as_select())
        .first(conn)
}

pub fn attempts_of(
    conn: &mut DbConnection,
    user_id: i32,
    version_id: i32,
) -> QueryResult<Vec<AttemptRow>> {
    attempts::table
        .filter(attempts::user_id.eq(user_id))
        .filter(attempts::version_id.eq(version_id))
        .select(AttemptRow::as_select())
        .order(attempts::number.asc())
        .load(conn)
}

/// The worker's attempts on a version. Only attempts started after `since` count towards
/// the limit and the pass (a retake after expiry or revocation starts afresh).
pub fn history(
    conn: &mut DbConnection,
    user_id: i32,
    course_id: i32,
    version_id: i32,
    since: Option<NaiveDateTime>,
) -> QueryResult<(AttemptHistory, Vec<AttemptRow>)> {
    let mods = courses::modules(conn, version_id)?;
    let done = done_hashes(conn, user_id, course_id)?;
    let list = attempts_of(conn, user_id, version_id)?;
    let counted: Vec<&AttemptRow> = list
        .iter()
        .filter(|a| since.is_none_or(|s| a.started_at > s))
        .collect();
    let finished: Vec<&AttemptRow> = counted.iter().copied().filter(|a| !a.is_open()).collect();
    let last = finished.last();
    let h = AttemptHistory {
        modules_done: mods
            .iter()
            .filter(|m| done.contains(&m.content_hash))
            .count() as u32,
        modules_total: mods.len() as u32,
        used: counted.len() as u32,
        passed: finished.iter().any(|a| a.passed == Some(true)),
        last_failed_at: last
            .filter(|a| a.passed == Some(false))
            .and_then(|a| a.finished_at),
    };
    Ok((h, list))
}

pub fn slots(conn: &mut DbConnection, attempt_id: i32) -> AppResult<Vec<(SlotRow, Question)>> {
    let rows: Vec<(SlotRow, QuestionRow)> = attempt_questions::table
        .inner_join(questions::table)
        .filter(attempt_questions::attempt_id.eq(attempt_id))
        .select((SlotRow::as_select(), QuestionRow::as_select()))
        .order(attempt_questions::position.asc())
        .load(conn)?;
    rows.into_iter()
        .map(|(s, q)| Ok((s, q.question()?)))
        .collect()
}

/// Starts an attempt: draws the questions, fixes their option order and the deadline.
/// The caller has checked `may_start`; the unique (user, version, number) key makes two
/// simultaneous starts produce one attempt.
pub fn start(
    conn: &mut DbConnection,
    user_id: i32,
    version: &VersionRow,
    now: NaiveDateTime,
) -> AppResult<i32> {
    let settings: QuizSettings = version.quiz();
    let created = write_transaction(conn, |conn| {
        // one read for both the open-attempt check and the next number: with two reads a
        // start committed in between would get a second attempt under the next number
        let existing = attempts_of(conn, user_id, version.id)?;
        if let Some(open) = existing.iter().find(|a| a.is_open()) {
            return Ok(open.id);
        }
        let bank = courses::question_rows(conn, version.id)?;
        let categories: Vec<String> = bank.iter().map(|q| q.category.clone()).collect();
        let mut rng = rand::rngs::StdRng::from_entropy();
        let picked = draw_questions(&settings, &categories, &mut rng);
        let parsed: Vec<Question> = picked
            .iter()
            .map(|&i| bank[i].question())
            .collect::<AppResult<_>>()?;
        let max_points: f64 = parsed.iter().map(|q| f64::from(q.points)).sum();
        let number = existing.len() as i32 + 1;
        diesel::insert_into(attempts::table)
            .values((
                attempts::user_id.eq(user_id),
                attempts::version_id.eq(version.id),
                attempts::number.eq(number),
                attempts::status.eq("open"),
                attempts::started_at.eq(now),
                attempts::deadline.eq(deadline(now, &settings)),
                attempts::max_points.eq(max_points),
            ))
            .execute(conn)?;
        let attempt_id: i32 = attempts::table
            .filter(attempts::user_id.eq(user_id))
            .filter(attempts::version_id.eq(version.id))
            .filter(attempts::number.eq(number))
            .select(attempts::id)
            .first(conn)?;
        for (pos, (&i, q)) in picked.iter().zip(&parsed).enumerate() {
            let order = option_order(q.answers.options().len(), settings.shuffle, &mut rng);
            diesel::insert_into(attempt_questions::table)
                .values((
                    attempt_questions::attempt_id.eq(attempt_id),
                    attempt_questions::position.eq(pos as i32 + 1),
                    attempt_questions::question_id.eq(bank[i].id),
                    attempt_questions::option_order
                        .eq(serde_json::to_string(&order).unwrap_or_default()),
                    attempt_questions::points.eq(q.points as i32),
                ))
                .execute(conn)?;
        }
        Ok(attempt_id)
    });
    match created {
        // a simultaneous start won the race: resume the attempt it created
        Err(AppError::Conflict(_)) => attempts_of(conn, user_id, version.id)?
            .into_iter()
            .find(AttemptRow::is_open)
            .map(|a| a.id)
            .ok_or_else(|| AppError::conflict(Msg::key("attempt-reload-retry"))),
        other => other,
    }
}

/// Saves one answer of an open attempt. Returns false when the attempt is no longer open.
pub fn save_response(
    conn: &mut DbConnection,
    attempt_id: i32,
    position: i32,
    response: &Response,
    now: NaiveDateTime,
) -> AppResult<bool> {
    let json = serde_json::to_string(response).map_err(|e| AppError::Internal(e.into()))?;
    write_transaction(conn, |conn| {
        let a = attempt(conn, attempt_id)?;
        if !a.is_open() || now >= a.deadline {
            return Ok(false);
        }
        let n = diesel::update(
            attempt_questions::table
                .filter(attempt_questions::attempt_id.eq(attempt_id))
                .filter(attempt_questions::position.eq(position)),
        )
        .set((
            attempt_questions::response.eq(Some(json)),
            attempt_questions::saved_at.eq(Some(now)),
        ))
        .execute(conn)?;
        if n == 0 {
            return Err(AppError::bad(Msg::key("attempt-no-such-question")));
        }
        Ok(true)
    })
}

/// A closed attempt, and the certificate its pass completed, if any.
pub struct Finished {
    pub attempt: AttemptRow,
    pub certificate: Option<i32>,
}

/// Closes and grades an attempt with the answers saved so far; a pass that completes the
/// course issues the certificate in the same transaction. Closing twice grades once:
/// the status change is conditional, and only the request that made it grades.
pub fn finish(
    conn: &mut DbConnection,
    rules: &TrainingRules,
    attempt_id: i32,
    finished_at: NaiveDateTime,
    pass_percent: u32,
) -> AppResult<Finished> {
    write_transaction(conn, |conn| {
        let closed = diesel::update(
            attempts::table
                .filter(attempts::id.eq(attempt_id))
                .filter(attempts::status.eq("open")),
        )
        .set((
            attempts::status.eq("finished"),
            attempts::finished_at.eq(Some(finished_at)),
        ))
        .execute(conn)?;
        if closed == 1 {
            let mut parts = Vec::new();
            for (slot, q) in slots(conn, attempt_id)? {
                let fraction = grade(&q, slot.response().as_ref());
                diesel::update(attempt_questions::table.find(slot.id))
                    .set(attempt_questions::fraction.eq(Some(fraction)))
                    .execute(conn)?;
                parts.push((fraction, q.points));
            }
            let s = score(&parts, pass_percent);
            diesel::update(attempts::table.find(attempt_id))
                .set((
                    attempts::points.eq(Some(s.points)),
                    attempts::percent.eq(Some(s.percent)),
                    attempts::passed.eq(Some(s.passed)),
                ))
                .execute(conn)?;
            if s.passed {
                let a = attempt(conn, attempt_id)?;
                let course_id = courses::version(conn, a.version_id)?.course_id;
                return Ok(Finished {
                    certificate: certificates::try_issue_for_course(
                        conn,
                        rules,
                        a.user_id,
                        course_id,
                        finished_at,
                    )?,
                    attempt: a,
                });
            }
        }
        Ok(Finished {
            attempt: attempt(conn, attempt_id)?,
            certificate: None,
        })
    })
}

#[derive(Debug, Clone, Serialize)]
pub struct QuestionStat {
    pub position: i32,
    pub title: String,
    pub category: String,
    pub kind: String,
    pub drawn: i64,
    /// Mean fraction earned, 0–100, over finished attempts that drew it.
    pub facility: Option<f64>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Analysis {
    pub attempts: i64,
    pub passed: i64,
    pub pass_rate: Option<f64>,
    /// Counts of finished attempts by score band: 0–9, 10–19, …, 90–100.
    pub distribution: Vec<i64>,
    pub questions: Vec<QuestionStat>,
    pub hardest: Vec<QuestionStat>,
}

pub fn analysis(conn: &mut DbConnection, version_id: i32) -> AppResult<Analysis> {
    let finished: Vec<(i32, Option<f64>, Option<bool>)> = attempts::table
        .filter(attempts::version_id.eq(version_id))
        .filter(attempts::status.eq("finished"))
        .select((attempts::id, attempts::percent, attempts::passed))
        .load(conn)?;
    let mut distribution = vec![0i64; 10];
    for (_, pct, _) in &finished {
        let band = (pct.unwrap_or(0.0) / 10.0).floor().clamp(0.0, 9.0) as usize;
        distribution[band] += 1;
    }
    let passed = finished.iter().filter(|a| a.2 == Some(true)).count() as i64;
    let ids: Vec<i32> = finished.iter().map(|a| a.0).collect();
    let answered: Vec<(i32, Option<f64>)> = attempt_questions::table
        .filter(attempt_questions::attempt_id.eq_any(&ids))
        .select((attempt_questions::question_id, attempt_questions::fraction))
        .load(conn)?;
    let mut by_question: HashMap<i32, (i64, f64)> = HashMap::new();
    for (qid, f) in answered {
        let e = by_question.entry(qid).or_default();
        e.0 += 1;
        e.1 += f.unwrap_or(0.0);
    }
    let questions: Vec<QuestionStat> = courses::question_rows(conn, version_id)?
        .into_iter()
        .map(|q| {
            let (drawn, sum) = by_question.get(&q.id).copied().unwrap_or((0, 0.0));
            QuestionStat {
                position: q.position,
                title: q.title,
                category: q.category,
                kind: q.kind,
                drawn,
                facility: (drawn > 0).then(|| (sum / drawn as f64 * 1000.0).round() / 10.0),
            }
        })
        .collect();
    let mut hardest: Vec<QuestionStat> = questions
        .iter()
        .filter(|q| q.facility.is_some())
        .cloned()
        .collect();
    hardest.sort_by(|a, b| {
        a.facility
            .partial_cmp(&b.facility)
            .unwrap_or(std::cmp::Ordering::Equal)
    });
    hardest.truncate(5);
    let total = finished.len() as i64;
    Ok(Analysis {
        attempts: total,
        passed,
        pass_rate: (total > 0).then(|| (passed as f64 / total as f64 * 1000.0).round() / 10.0),
        distribution,
        questions,
        hardest,
    })
}
