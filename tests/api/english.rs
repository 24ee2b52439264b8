//! Refusals said in the reader's language: the same bad forms are refused in English for
//! an account that chose English, and in Chinese (word for word as before) for one that
//! did not.

use devolve::domain::role::Role;

use crate::helpers::{spawn_app, TestApp};
use crate::roster::user_id;

/// A problem said next to the transfer form's reason field.
const REASON_ALERT: &str = r#"<p class="error field-error" id="reason-error" role="alert">"#;
/// A problem said next to the session form's start time.
const START_ALERT: &str = r#"<p class="error field-error" id="starts_at-error" role="alert">"#;
/// A form shown again with its problem.
const ALERT: &str = r#"<p class="error" role="alert">"#;
/// The explained error page.
const LEAD: &str = r#"<p class="lead">"#;

fn has_cjk(s: &str) -> bool {
    s.chars().any(|c| {
        matches!(c, '\u{3000}'..='\u{303f}' | '\u{4e00}'..='\u{9fff}' | '\u{ff00}'..='\u{ffef}')
    })
}

/// The text of the paragraph that opens with `open`.
fn paragraph(html: &str, open: &str) -> String {
    let start = html
        .find(open)
        .unwrap_or_else(|| panic!("no {open} in {html}"))
        + open.len();
    let end = start + html[start..].find("</p>").expect("closed");
    html[start..end].to_string()
}

async fn choose_language(b: &TestApp, lang: &str) {
    let res = b.post_form("/lang", &[("lang", lang), ("next", "/")]).await;
    assert_eq!(res.status(), 303, "choose {lang}");
}

/// Submits bad forms as a town manager and a trainer; returns each refusal's message.
async fn refusals(manager: &TestApp, trainer: &TestApp, worker: i32) -> Vec<String> {
    let mut said = Vec::new();
    let mut expect = |status: u16, res_status: u16, html: String, open: &str| {
        assert_eq!(res_status, status, "{html}");
        said.push(paragraph(&html, open));
    };

    // a transfer request without a reason
    let w = worker.to_string();
    let res = manager
        .post_form(
            "/transfers",
            &[
                ("worker", &w),
                ("kind", "secondment"),
                ("destination", "flood duty"),
                ("reason", ""),
                ("starts_on", "2026-11-25"),
            ],
        )
        .await;
    let status = res.status().as_u16();
    let html = res.text().await.unwrap();
    // said next to the reason field, which is marked invalid and points at it
    assert!(
        html.contains(r#"name="reason" required maxlength="500" rows="3" aria-invalid="true" aria-describedby="reason-error""#),
        "{html}"
    );
    expect(400, status, html, REASON_ALERT);

    // a transfer request with a date that is not one
    let res = manager
        .post_form(
            "/transfers",
            &[
                ("worker", &w),
                ("kind", "departure"),
                ("reason", "resigned"),
                ("starts_on", "tomorrow"),
            ],
        )
        .await;
    let status = res.status().as_u16();
    expect(400, status, res.text().await.unwrap(), ALERT);

    // the roster on a day that is not a date
    let res = manager.get("/roster?on=yesterday").await;
    let status = res.status().as_u16();
    expect(400, status, res.text().await.unwrap(), LEAD);

    // a new worker without a staff category
    let res = manager
        .post_form(
            "/roster",
            &[
                ("username", "newcomer"),
                ("display_name", "New Comer"),
                ("category", ""),
                ("position", "window"),
                ("center", "linglong"),
                ("password", "a-long-enough-password"),
                ("confirm", "a-long-enough-password"),
            ],
        )
        .await;
    let status = res.status().as_u16();
    expect(400, status, res.text().await.unwrap(), ALERT);

    // a leave decision that is neither approval nor rejection
    let res = manager
        .post_form("/leaves/1/decide", &[("decision", "maybe")])
        .await;
    let status = res.status().as_u16();
    expect(400, status, res.text().await.unwrap(), LEAD);

    // a session whose start is not a time
    let res = trainer
        .post_form(
            "/sessions",
            &[
                ("title", "Flood season refresher"),
                ("starts_at", "tomorrow 9am"),
                ("ends_at", "2026-11-26T12:00"),
                ("place", "Linglong"),
                ("capacity", "30"),
                ("item", "C02"),
            ],
        )
        .await;
    let status = res.status().as_u16();
    expect(400, status, res.text().await.unwrap(), START_ALERT);
    said
}

#[tokio::test]
async fn bad_forms_are_refused_in_the_language_the_reader_chose() {
    let app = spawn_app().await;
    app.create_user(Role::Worker, "w1", Some("linglong"));
    let w1 = user_id(&app, "w1");

    let manager_en = app.new_browser();
    manager_en
        .login_as(Role::Manager, "mgr-en", Some("linglong"))
        .await;
    choose_language(&manager_en, "en").await;
    let trainer_en = app.new_browser();
    trainer_en
        .login_as(Role::Trainer, "tr-en", Some("mz"))
        .await;
    choose_language(&trainer_en, "en").await;
    let english = refusals(&manager_en, &trainer_en, w1).await;
    for message in &english {
        assert!(
            !message.trim().is_empty() && !has_cjk(message),
            "not English: {message}"
        );
    }
    assert!(english[0].contains("reason"), "{}", english[0]);
    assert!(english[3].contains("category"), "{}", english[3]);

    let manager_zh = app.new_browser();
    manager_zh
        .login_as(Role::Manager, "mgr-zh", Some("linglong"))
        .await;
    let trainer_zh = app.new_browser();
    trainer_zh
        .login_as(Role::Trainer, "tr-zh", Some("mz"))
        .await;
    let chinese = refusals(&manager_zh, &trainer_zh, w1).await;
    assert_eq!(
        chinese,
        [
            "请填写调整理由",
            "生效日期：日期“tomorrow”格式不对，应为 2026-12-01",
            "日期“yesterday”格式不对，应为 2026-12-01",
            "请选择人员类别",
            "请选择批准或驳回。",
            "时间“tomorrow 9am”格式不对，应为 2026-12-01 09:00 这样的北京时间",
        ]
    );
    // nothing was filed or added by any of it
    let mut conn = app.pool.get().unwrap();
    assert!(
        devolve::store::users::find_by_username(&mut conn, "newcomer")
            .unwrap()
            .is_none()
    );
}
