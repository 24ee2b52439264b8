//! Taking a quiz: the attempt page, saving answers as they are given, submitting, review.
//! Nothing that reveals correctness is sent before the attempt is closed.

use actix_web::{get, post, web, HttpRequest, HttpResponse};
use chrono::NaiveDateTime;
use serde_json::{json, Value};

use crate::db::DbConnection;
use crate::domain::attempt::{is_overdue, reveal_correct_answers};
use crate::domain::quiz::{correct_answer_text, feedback_for, Answers, Question, Response};
use crate::domain::training::TrainingRules;
use crate::error::{AppError, AppResult};
use crate::policy::{self, Action};
use crate::store::attempts::{self, AttemptRow, SlotRow};
use crate::store::courses;
use crate::web::markdown::to_safe_html;
use crate::web::notify::certificate_notices;
use crate::web::render::{page, redirect};
use crate::web::session::{CsrfForm, CurrentUser};
use crate::web::state::AppState;

/// Loads the user's own attempt, closing it first if its time is up.
async fn own_attempt(state: &AppState, user: &CurrentUser, id: i32) -> AppResult<AttemptRow> {
    policy::authorize(&user.actor, Action::TakeCourses)?;
    let (user_id, now) = (user.actor.user_id, state.clock.now_naive());
    let rules = state.settings.training_rules();
    let finished = state
        .db(move |conn| own_attempt_in(conn, &rules, user_id, id, now))
        .await?;
    if finished.certificate.is_some() {
        certificate_notices(state).await?;
    }
    Ok(finished.attempt)
}

/// The attempt if it is the user's, closed and graded first if its time is up.
fn own_attempt_in(
    conn: &mut DbConnection,
    rules: &TrainingRules,
    user_id: i32,
    id: i32,
    now: NaiveDateTime,
) -> AppResult<attempts::Finished> {
    let a = attempts::attempt(conn, id).map_err(|_| AppError::NotFound)?;
    // another worker's attempt does not exist as far as this user can tell
    if a.user_id != user_id {
        return Err(AppError::NotFound);
    }
    if a.is_open() && is_overdue(a.deadline, now) {
        let pass = courses::version(conn, a.version_id)?.quiz().pass_percent;
        return attempts::finish(conn, rules, a.id, a.deadline, pass);
    }
    Ok(attempts::Finished {
        attempt: a,
        certificate: None,
    })
}

fn text_html(q: &Question) -> String {
    if q.markdown {
        to_safe_html(&q.text)
    } else {
        let escaped = handlebars::html_escape(&q.text);
        escaped.replace('\n', "<br>")
    }
}

fn kind(q: &Question) -> &'static str {
    q.answers.kind()
}

/// A slot as the attempt page shows it: options in the attempt's order, identified by
/// their displayed position only, with what was saved. No weights, no feedback.
fn slot_view(slot: &SlotRow, q: &Question) -> Value {
    let order = slot.order();
    let saved = slot.response();
    let picked: Vec<usize> = match &saved {
        Some(Response::Choices(c)) => c.clone(),
        _ => Vec::new(),
    };
    let options: Vec<Value> = order
        .iter()
        .enumerate()
        .filter_map(|(shown, &orig)| {
            q.answers.options().get(orig).map(
                |o| json!({ "value": shown, "text": o.text, "checked": picked.contains(&orig) }),
            )
        })
        .collect();
    json!({
        "position": slot.position,
        "title": q.title,
        "html": text_html(q),
        "kind": kind(q),
        "points": q.points,
        "options": options,
        "tf_true": matches!(saved, Some(Response::Bool(true))),
        "tf_false": matches!(saved, Some(Response::Bool(false))),
        "text": match &saved { Some(Response::Text(t)) => t.clone(), _ => String::new() },
    })
}

fn remaining_seconds(deadline: NaiveDateTime, now: NaiveDateTime) -> i64 {
    (deadline - now).num_seconds().max(0)
}

#[get("/attempts/{id}")]
pub async fn take_attempt(
    req: HttpRequest,
    state: web::Data<AppState>,
    user: CurrentUser,
    id: web::Path<i32>,
) -> AppResult<HttpResponse> {
    let a = own_attempt(&state, &user, id.into_inner()).await?;
    if !a.is_open() {
        return Ok(redirect(&format!("/attempts/{}/review", a.id)));
    }
    let aid = a.id;
    let (slots, course_id, title) = state
        .db(move |conn| {
            let v = courses::version(conn, a.version_id)?;
            Ok((attempts::slots(conn, aid)?, v.course_id, v.title))
        })
        .await?;
    let left = remaining_seconds(a.deadline, state.clock.now_naive());
    let views: Vec<Value> = slots.iter().map(|(s, q)| slot_view(s, q)).collect();
    page(
        &req,
        &state,
        "pages/learn/attempt",
        json!({
            "attempt": { "id": a.id, "number": a.number },
            "course_id": course_id, "title": title, "slots": views,
            "seconds_left": left, "minutes_left": left / 60, "seconds_part": format!("{:02}", left % 60),
        }),
    )
}

/// The attempt's state for the page's script: time left and what is saved.
#[get("/attempts/{id}/state.json")]
pub async fn state_json(
    state: web::Data<AppState>,
    user: CurrentUser,
    id: web::Path<i32>,
) -> AppResult<HttpResponse> {
    let a = own_attempt(&state, &user, id.into_inner()).await?;
    let aid = a.id;
    let slots = state.db(move |conn| attempts::slots(conn, aid)).await?;
    let views: Vec<Value> = slots.iter().map(|(s, q)| slot_view(s, q)).collect();
    Ok(HttpResponse::Ok().json(json!({
        "open": a.is_open(),
        "seconds_left": if a.is_open() { remaining_seconds(a.deadline, state.clock.now_naive()) } else { 0 },
        "slots": views,
    })))
}

/// Reads the answers in a posted form. Each question block posts `shown=<position>`, so a
/// multiple-answer question with every box cleared is saved as an empty choice.
/// Choice values are displayed positions and are mapped back through the slot's order.
pub fn responses_from_form(
    pairs: &[(String, String)],
    slots: &[(SlotRow, Question)],
) -> Vec<(i32, Response)> {
    let mut out = Vec::new();
    for (slot, q) in slots {
        let pos = slot.position;
        if !pairs
            .iter()
            .any(|(k, v)| k == "shown" && v == &pos.to_string())
        {
            continue;
        }
        let key = format!("q{pos}");
        let values: Vec<&str> = pairs
            .iter()
            .filter(|(k, _)| k == &key)
            .map(|(_, v)| v.as_str())
            .collect();
        let order = slot.order();
        let response = match &q.answers {
            Answers::Single { .. } | Answers::Multi { .. } => {
                let picked: Vec<usize> = values
                    .iter()
                    .filter_map(|v| v.parse::<usize>().ok())
                    .filter_map(|shown| order.get(shown).copied())
                    .collect();
                if matches!(q.answers, Answers::Single { .. }) && picked.is_empty() {
                    continue;
                }
                Response::Choices(picked)
            }
            Answers::TrueFalse { .. } => match values.first() {
                Some(&"true") => Response::Bool(true),
                Some(&"false") => Response::Bool(false),
                _ => continue,
            },
            Answers::Short { .. } => Response::Text(
                values
                    .first()
                    .map(|v| v.chars().take(500).collect())
                    .unwrap_or_default(),
            ),
        };
        out.push((pos, response));
    }
    out
}

/// Saves the answers in the form; false when the attempt closed meanwhile.
fn save_all(
    conn: &mut DbConnection,
    a: &AttemptRow,
    pairs: &[(String, String)],
    now: NaiveDateTime,
) -> AppResult<bool> {
    let slots = attempts::slots(conn, a.id)?;
    let mut open = true;
    for (pos, r) in responses_from_form(pairs, &slots) {
        open &= attempts::save_response(conn, a.id, pos, &r, now)?;
    }
    Ok(open)
}

/// Saves the answers of one question (the page's script calls this on every change).
/// One trip to the database: the ownership check, a late close and the save.
#[post("/attempts/{id}/answer")]
pub async fn save_answer(
    state: web::Data<AppState>,
    user: CurrentUser,
    id: web::Path<i32>,
    CsrfForm(pairs): CsrfForm<Vec<(String, String)>>,
) -> AppResult<HttpResponse> {
    policy::authorize(&user.actor, Action::TakeCourses)?;
    let (user_id, now, id) = (user.actor.user_id, state.clock.now_naive(), id.into_inner());
    let rules = state.settings.training_rules();
    let (finished, saved) = state
        .db(move |conn| {
            let f = own_attempt_in(conn, &rules, user_id, id, now)?;
            let saved = if f.attempt.is_open() {
                Some(save_all(conn, &f.attempt, &pairs, now)?)
            } else {
                None
            };
            Ok((f, saved))
        })
        .await?;
    if finished.certificate.is_some() {
        certificate_notices(&state).await?;
    }
    let Some(saved) = saved else {
        return Err(AppError::conflict(crate::i18n::Msg::key(
            "attempt-time-up-submitted",
        )));
    };
    Ok(HttpResponse::Ok().json(json!({
        "saved": saved,
        "seconds_left": remaining_seconds(finished.attempt.deadline, state.clock.now_naive()),
    })))
}

/// Saves the last answers and grades the attempt, in one write transaction: a pass that
/// completes the course issues the certificate in it too.
#[post("/attempts/{id}/submit")]
pub async fn submit_attempt(
    state: web::Data<AppState>,
    user: CurrentUser,
    id: web::Path<i32>,
    CsrfForm(pairs): CsrfForm<Vec<(String, String)>>,
) -> AppResult<HttpResponse> {
    policy::authorize(&user.actor, Action::TakeCourses)?;
    let (user_id, now, id) = (user.actor.user_id, state.clock.now_naive(), id.into_inner());
    let rules = state.settings.training_rules();
    let finished = state
        .db(move |conn| {
            crate::db::write_transaction(conn, |conn| {
                let f = own_attempt_in(conn, &rules, user_id, id, now)?;
                if !f.attempt.is_open() {
                    return Ok(f);
                }
                save_all(conn, &f.attempt, &pairs, now)?;
                let pass = courses::version(conn, f.attempt.version_id)?
                    .quiz()
                    .pass_percent;
                attempts::finish(conn, &rules, f.attempt.id, now, pass)
            })
        })
        .await?;
    if finished.certificate.is_some() {
        certificate_notices(&state).await?;
    }
    Ok(redirect(&format!(
        "/attempts/{}/review",
        finished.attempt.id
    )))
}

fn response_text(q: &Question, r: Option<&Response>, lang: &str) -> String {
    use crate::i18n::t_in;
    match (r, &q.answers) {
        (None, _) => t_in(lang, "attempt-no-answer"),
        (Some(Response::Choices(c)), answers) => {
            let names: Vec<String> = c
                .iter()
                .filter_map(|&i| answers.options().get(i))
                .map(|o| o.text.clone())
                .collect();
            if names.is_empty() {
                t_in(lang, "attempt-no-answer")
            } else {
                names.join(&t_in(lang, "quiz-answer-separator"))
            }
        }
        (Some(Response::Bool(b)), _) => {
            t_in(lang, if *b { "attempt-true" } else { "attempt-false" })
        }
        (Some(Response::Text(t)), _) => t.clone(),
    }
}

#[get("/attempts/{id}/review")]
pub async fn review_attempt(
    req: HttpRequest,
    state: web::Data<AppState>,
    user: CurrentUser,
    id: web::Path<i32>,
) -> AppResult<HttpResponse> {
    let a = own_attempt(&state, &user, id.into_inner()).await?;
    if a.is_open() {
        return Ok(redirect(&format!("/attempts/{}", a.id)));
    }
    let (aid, vid, user_id) = (a.id, a.version_id, user.actor.user_id);
    let (slots, v, used) = state
        .db(move |conn| {
            let v = courses::version(conn, vid)?;
            let used = attempts::attempts_of(conn, user_id, vid)?.len() as u32;
            Ok((attempts::slots(conn, aid)?, v, used))
        })
        .await?;
    let settings = v.quiz();
    let passed = a.passed == Some(true);
    let reveal = reveal_correct_answers(&settings, passed, used);
    let items: Vec<Value> = slots
        .iter()
        .map(|(s, q)| {
            let r = s.response();
            let f = s.fraction.unwrap_or(0.0);
            json!({
                "position": s.position, "title": q.title, "html": text_html(q), "points": q.points,
                "answer": response_text(q, r.as_ref(), user.lang),
                "result": if f >= 0.999 { "right" } else if f > 0.0 { "partial" } else { "wrong" },
                "earned": crate::web::course_view::number_text(f * f64::from(q.points)),
                "feedback": feedback_for(q, r.as_ref()),
                "correct": if reveal { Some(correct_answer_text(q, user.lang)) } else { None },
            })
        })
        .collect();
    page(
        &req,
        &state,
        "pages/learn/review",
        json!({
            "attempt": a, "course_id": v.course_id, "title": v.title, "passed": passed,
            "pass_percent": settings.pass_percent, "items": items, "reveal": reveal,
        }),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::quiz::Choice;

    fn slot(position: i32, order: &[usize]) -> SlotRow {
        SlotRow {
            id: position,
            attempt_id: 1,
            position,
            question_id: position,
            option_order: serde_json::to_string(order).unwrap(),
            response: None,
            fraction: None,
            points: 1,
        }
    }

    fn q(answers: Answers) -> Question {
        Question {
            category: "c".into(),
            title: "t".into(),
            text: "x".into(),
            markdown: false,
            points: 1,
            answers,
            general_feedback: String::new(),
        }
    }

    fn c(t: &str) -> Choice {
        Choice {
            text: t.into(),
            weight: 0.0,
            feedback: String::new(),
        }
    }

    #[test]
    fn form_answers_map_displayed_positions_back_to_options() {
        let slots = vec![
            (
                slot(1, &[2, 0, 1]),
                q(Answers::Single {
                    choices: vec![c("a"), c("b"), c("c")],
                }),
            ),
            (
                slot(2, &[1, 0]),
                q(Answers::Multi {
                    choices: vec![c("a"), c("b")],
                }),
            ),
            (
                slot(3, &[]),
                q(Answers::TrueFalse {
                    correct: true,
                    feedback_wrong: String::new(),
                    feedback_right: String::new(),
                }),
            ),
            (
                slot(4, &[]),
                q(Answers::Short {
                    accepted: vec![c("x")],
                }),
            ),
            (
                slot(5, &[0, 1]),
                q(Answers::Multi {
                    choices: vec![c("a"), c("b")],
                }),
            ),
        ];
        let pairs: Vec<(String, String)> = [
            ("shown", "1"),
            ("q1", "0"),
            ("shown", "2"),
            ("q2", "0"),
            ("q2", "1"),
            ("shown", "3"),
            ("q3", "false"),
            ("shown", "4"),
            ("q4", "社保卡"),
            ("shown", "5"),
            ("q9", "7"),
            ("shown", "x"),
        ]
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
        let got = responses_from_form(&pairs, &slots);
        assert_eq!(
            got,
            vec![
                (1, Response::Choices(vec![2])),
                (2, Response::Choices(vec![1, 0])),
                (3, Response::Bool(false)),
                (4, Response::Text("社保卡".into())),
                (5, Response::Choices(vec![])),
            ]
        );
    }
}
