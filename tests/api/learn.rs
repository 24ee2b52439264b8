//! A worker studies, takes the quiz, and sees the review.

use chrono::Duration;
use devolve::domain::role::Role;
use serde_json::Value;

use crate::course_fixture::{answers, import, saved};
use crate::helpers::{location, spawn_app, TestApp};

async fn worker_with_course() -> (TestApp, i32) {
    let app = spawn_app().await;
    let course = import(&app);
    app.login_as(Role::Worker, "wk", Some("linglong")).await;
    (app, course)
}

pub async fn finish_modules(app: &TestApp, course: i32) {
    for pos in 1..=2 {
        let res = app
            .post_form(&format!("/learn/{course}/modules/{pos}/done"), &[])
            .await;
        assert_eq!(res.status(), 303);
    }
}

async fn start(app: &TestApp, course: i32) -> i32 {
    let res = app
        .post_form(&format!("/learn/{course}/attempts"), &[])
        .await;
    assert_eq!(res.status(), 303, "start attempt");
    let to = location(&res);
    to.trim_start_matches("/attempts/")
        .parse()
        .unwrap_or_else(|_| panic!("start went to {to}"))
}

#[tokio::test]
async fn a_worker_reads_the_modules_then_passes_the_quiz() {
    let (app, course) = worker_with_course().await;
    let html = app.get_html("/learn").await;
    assert!(html.contains("居民养老保险待遇登记及终止") && html.contains("已学 0/2 个模块"));

    let res = app
        .post_form(&format!("/learn/{course}/attempts"), &[])
        .await;
    assert_eq!(
        res.status(),
        409,
        "the quiz is locked until every module is done"
    );
    assert!(res.text().await.unwrap().contains("请先学完全部模块"));

    let module = app.get_html(&format!("/learn/{course}/modules/2")).await;
    assert!(
        module.contains("<strong>身份证</strong>"),
        "Markdown is rendered"
    );
    finish_modules(&app, course).await;
    let page = app.get_html(&format!("/learn/{course}")).await;
    assert!(page.contains("开始测验"));

    let attempt = start(&app, course).await;
    let res = app
        .post_pairs(
            &format!("/attempts/{attempt}/submit"),
            &answers(&app, attempt, true),
        )
        .await;
    assert_eq!(location(&res), format!("/attempts/{attempt}/review"));
    let review = app.get_html(&location(&res)).await;
    assert!(
        review.contains("得分 100 分") && review.contains("恭喜，测验通过"),
        "{review}"
    );
    assert!(review.contains("正确答案"), "answers are shown once passed");
    assert!(app.get_html("/learn").await.contains("测验已通过"));
    let res = app
        .post_form(&format!("/learn/{course}/attempts"), &[])
        .await;
    assert_eq!(res.status(), 409, "no attempt after passing");
}

#[tokio::test]
async fn nothing_secret_reaches_the_browser_before_the_attempt_closes() {
    let (app, course) = worker_with_course().await;
    finish_modules(&app, course).await;
    let attempt = start(&app, course).await;
    let html = app.get_html(&format!("/attempts/{attempt}")).await;
    let json = app
        .get_html(&format!("/attempts/{attempt}/state.json"))
        .await;
    for body in [&html, &json] {
        for secret in [
            "SECRET-FEEDBACK-1",
            "SECRET-GENERAL-2",
            "SECRET-WRONG-3",
            "对了，本市居民可以",
            "weight",
            "社会保障卡",
            "\"correct\"",
            "%50%",
        ] {
            assert!(!body.contains(secret), "{secret} leaked");
        }
    }
    assert!(
        html.contains("本市居民") && html.contains("外地游客"),
        "the options themselves are shown"
    );
    let v: Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v["open"], true);
    assert_eq!(v["seconds_left"], 20 * 60);
}

#[tokio::test]
async fn answers_are_saved_as_given_and_a_reload_shows_the_same_attempt() {
    let (app, course) = worker_with_course().await;
    finish_modules(&app, course).await;
    let attempt = start(&app, course).await;
    let first = layout_of(&app, attempt).await;
    let right = answers(&app, attempt, true);
    // save question 1 only, as the page's script does on a change
    let q1: Vec<(String, String)> = right
        .iter()
        .skip_while(|(k, v)| !(k == "shown" && v == "1"))
        .take_while(|(k, v)| !(k == "shown" && v != "1"))
        .cloned()
        .collect();
    let res = app
        .post_pairs(&format!("/attempts/{attempt}/answer"), &q1)
        .await;
    assert_eq!(res.status(), 200);
    let v: Value = res.json().await.unwrap();
    assert_eq!(v["saved"], true);
    let stored = saved(&app, attempt);
    assert!(stored[0].is_some() && stored[1..].iter().all(Option::is_none));

    // starting again resumes the open attempt instead of drawing a new one
    assert_eq!(start(&app, course).await, attempt);
    assert_eq!(
        layout_of(&app, attempt).await,
        first,
        "same questions, same option order"
    );
    let again = app.get_html(&format!("/attempts/{attempt}")).await;
    assert!(
        again.contains(" checked") || again.contains("value=\"社"),
        "the saved answer is shown"
    );
}

/// The questions and their option order as the page shows them, without saved answers.
async fn layout_of(app: &TestApp, attempt: i32) -> Vec<(String, Vec<String>)> {
    let v: Value = app
        .get(&format!("/attempts/{attempt}/state.json"))
        .await
        .json()
        .await
        .unwrap();
    v["slots"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            let options = s["options"]
                .as_array()
                .unwrap()
                .iter()
                .map(|o| o["text"].as_str().unwrap().to_string())
                .collect();
            (s["title"].as_str().unwrap().to_string(), options)
        })
        .collect()
}

#[tokio::test]
async fn at_the_deadline_the_attempt_closes_with_what_was_saved() {
    let (app, course) = worker_with_course().await;
    finish_modules(&app, course).await;
    let attempt = start(&app, course).await;
    let right = answers(&app, attempt, true);
    app.post_pairs(&format!("/attempts/{attempt}/answer"), &right)
        .await;
    app.advance(Duration::minutes(21));
    // a late submission with wrong answers changes nothing
    let res = app
        .post_pairs(
            &format!("/attempts/{attempt}/submit"),
            &answers(&app, attempt, false),
        )
        .await;
    assert_eq!(location(&res), format!("/attempts/{attempt}/review"));
    let mut conn = app.pool.get().unwrap();
    let a = devolve::store::attempts::attempt(&mut conn, attempt).unwrap();
    assert_eq!(a.status, "finished");
    assert_eq!(
        a.finished_at,
        Some(a.deadline),
        "finished at the deadline, not later"
    );
    assert_eq!(
        a.percent,
        Some(100.0),
        "graded with the answers saved before the deadline"
    );
    drop(conn);
    let res = app
        .post_pairs(&format!("/attempts/{attempt}/answer"), &right)
        .await;
    assert_eq!(res.status(), 409);
}

#[tokio::test]
async fn the_deadline_alone_closes_an_abandoned_attempt() {
    let (app, course) = worker_with_course().await;
    finish_modules(&app, course).await;
    let attempt = start(&app, course).await;
    app.advance(Duration::minutes(25));
    let res = app.get(&format!("/attempts/{attempt}")).await;
    assert_eq!(location(&res), format!("/attempts/{attempt}/review"));
    let review = app.get_html(&format!("/attempts/{attempt}/review")).await;
    assert!(review.contains("得分 0 分") && review.contains("未作答"));
}

#[tokio::test]
async fn attempt_limits_and_cooldown_are_enforced_with_a_reason() {
    let (app, course) = worker_with_course().await;
    finish_modules(&app, course).await;
    let attempt = start(&app, course).await;
    app.post_pairs(
        &format!("/attempts/{attempt}/submit"),
        &answers(&app, attempt, false),
    )
    .await;
    let review = app.get_html(&format!("/attempts/{attempt}/review")).await;
    assert!(review.contains("未通过") && review.contains("测验通过或次数用完后才显示正确答案"));
    assert!(
        !review.contains("正确答案</b>"),
        "no correct answers while attempts remain"
    );

    let res = app
        .post_form(&format!("/learn/{course}/attempts"), &[])
        .await;
    assert_eq!(res.status(), 409);
    let why = res.text().await.unwrap();
    assert!(
        why.contains("之后再考") && why.contains("2026年11月25日 09:30"),
        "cooldown until 30 min later, Beijing time: {why}"
    );

    // stay active so the 30-minute idle timeout does not end the session meanwhile
    app.advance(Duration::minutes(20));
    assert_eq!(app.get(&format!("/learn/{course}")).await.status(), 200);
    app.advance(Duration::minutes(11));
    let second = start(&app, course).await;
    assert_ne!(second, attempt);
    app.post_pairs(
        &format!("/attempts/{second}/submit"),
        &answers(&app, second, false),
    )
    .await;
    let review = app.get_html(&format!("/attempts/{second}/review")).await;
    assert!(
        review.contains("正确答案</b>"),
        "no attempts remain, so the answers are shown"
    );
    app.advance(Duration::minutes(29));
    let res = app
        .post_form(&format!("/learn/{course}/attempts"), &[])
        .await;
    assert_eq!(res.status(), 409);
    assert!(res.text().await.unwrap().contains("最多可参加 2 次"));
}

#[tokio::test]
async fn a_double_submit_grades_once() {
    let (app, course) = worker_with_course().await;
    finish_modules(&app, course).await;
    let attempt = start(&app, course).await;
    let right = answers(&app, attempt, true);
    let wrong = answers(&app, attempt, false);
    let path = format!("/attempts/{attempt}/submit");
    let (a, b) = tokio::join!(app.post_pairs(&path, &right), app.post_pairs(&path, &right));
    assert_eq!(
        (a.status(), b.status()),
        (
            reqwest::StatusCode::SEE_OTHER,
            reqwest::StatusCode::SEE_OTHER
        )
    );
    // a replay with other answers after the close changes nothing
    app.post_pairs(&path, &wrong).await;
    let mut conn = app.pool.get().unwrap();
    let user = devolve::store::users::find_by_username(&mut conn, "wk")
        .unwrap()
        .unwrap();
    let a = devolve::store::attempts::attempt(&mut conn, attempt).unwrap();
    let all = devolve::store::attempts::attempts_of(&mut conn, user.id, a.version_id).unwrap();
    assert_eq!(all.len(), 1);
    assert_eq!(a.percent, Some(100.0));
}

#[tokio::test]
async fn two_simultaneous_starts_make_one_attempt() {
    let (app, course) = worker_with_course().await;
    finish_modules(&app, course).await;
    let path = format!("/learn/{course}/attempts");
    let (a, b) = tokio::join!(app.post_form(&path, &[]), app.post_form(&path, &[]));
    let (sa, sb) = (a.status(), b.status());
    let (la, lb) = (location(&a), location(&b));
    let (ta, tb) = (
        a.text().await.unwrap_or_default(),
        b.text().await.unwrap_or_default(),
    );
    assert_eq!(la, lb, "{sa} {ta} / {sb} {tb}");
    let mut conn = app.pool.get().unwrap();
    let user = devolve::store::users::find_by_username(&mut conn, "wk")
        .unwrap()
        .unwrap();
    let version = devolve::store::courses::latest_published(&mut conn, course)
        .unwrap()
        .unwrap();
    assert_eq!(
        devolve::store::attempts::attempts_of(&mut conn, user.id, version.id)
            .unwrap()
            .len(),
        1
    );
}

#[tokio::test]
async fn attempts_are_private_to_their_worker() {
    let (app, course) = worker_with_course().await;
    finish_modules(&app, course).await;
    let attempt = start(&app, course).await;
    let other = app.new_browser();
    other.login_as(Role::Worker, "nosy", Some("biguo")).await;
    for path in [
        format!("/attempts/{attempt}"),
        format!("/attempts/{attempt}/state.json"),
        format!("/attempts/{attempt}/review"),
    ] {
        assert_eq!(other.get(&path).await.status(), 404, "{path}");
    }
    let res = other
        .post_pairs(&format!("/attempts/{attempt}/submit"), &[])
        .await;
    assert_eq!(res.status(), 404);
    let trainer = app.new_browser();
    trainer.login_as(Role::Trainer, "tr", Some("rs")).await;
    assert_eq!(
        trainer.get(&format!("/attempts/{attempt}")).await.status(),
        403
    );
    assert_eq!(trainer.get("/learn").await.status(), 403);
}
