//! Training journeys in a real browser (headless Chromium): a worker studies and passes
//! the quiz on a phone, and a session goes from a leave request through check-in to its
//! close. Screenshots of the pages visited go to `target/screenshots/`.

use chrono::Duration;
use devolve::domain::role::Role;
use fantoccini::elements::Element;
use fantoccini::Locator;

use crate::browser::Browser;
use crate::certificates::certs_of;
use crate::course_fixture::{answers, import};
use crate::helpers::spawn_app;
use crate::training::{code_now, enrol_linglong, schedule_item};

const DESKTOP: u32 = 1280;
const PHONE: u32 = 360;

/// Waits for an element found by XPath: for pages whose change shows only in a text.
async fn wait_xpath(b: &Browser, xpath: &str) -> Element {
    b.client
        .wait()
        .for_element(Locator::XPath(xpath))
        .await
        .unwrap_or_else(|e| panic!("{xpath} never appeared: {e}"))
}

async fn find(b: &Browser, css: &str) -> Element {
    b.client.find(Locator::Css(css)).await.expect(css)
}

async fn text_of(b: &Browser, css: &str) -> String {
    find(b, css).await.text().await.expect("text")
}

async fn count(b: &Browser, css: &str) -> usize {
    b.client.find_all(Locator::Css(css)).await.expect(css).len()
}

/// Notes a page that scrolls sideways at phone width.
async fn check_width(b: &Browser, page: &str, too_wide: &mut Vec<String>) {
    if b.overflows().await {
        too_wide.push(page.to_string());
    }
}

/// The right answer of each question of an attempt, as the page shows it: the field name
/// (`q{position}`) and the values to pick or type, in displayed order.
pub fn right_answers(app: &crate::helpers::TestApp, attempt: i32) -> Vec<(String, Vec<String>)> {
    let mut out: Vec<(String, Vec<String>)> = Vec::new();
    for (name, value) in answers(app, attempt, true) {
        if name == "shown" {
            out.push((format!("q{value}"), Vec::new()));
        } else {
            out.last_mut().expect("a question").1.push(value);
        }
    }
    out
}

/// Whether a question is answered by picking (radio buttons, check boxes) or by typing.
async fn is_choice(b: &Browser, name: &str) -> bool {
    let kind = find(b, &format!("input[name={name}]"))
        .await
        .attr("type")
        .await
        .expect("type");
    matches!(kind.as_deref(), Some("radio" | "checkbox"))
}

/// Answers one question the way a worker does, and waits until the page's script says the
/// answer is saved. A choice is clicked; a short answer is typed and left with Tab (the
/// script saves on `change`).
async fn answer(b: &Browser, name: &str, values: &[String]) {
    let choice = is_choice(b, name).await;
    for value in values {
        // the status line still says 已保存 from the previous answer: clear it so the wait
        // below sees this answer's save
        b.client
            .execute(
                "document.getElementById('save-status').textContent = '';",
                vec![],
            )
            .await
            .expect("clear the save status");
        if choice {
            b.click(&format!("input[name={name}][value=\"{value}\"]"))
                .await;
        } else {
            b.fill(&format!("input[name={name}]"), value).await;
            find(b, &format!("input[name={name}]"))
                .await
                .send_keys("\u{E004}")
                .await
                .expect("tab out");
        }
        wait_xpath(b, "//span[@id='save-status'][normalize-space()='已保存']").await;
    }
}

/// The answer given to one question is what the page shows, and what the server sent
/// (the `checked`/`value` attribute of the HTML, not a state the browser restored itself).
async fn assert_shown(b: &Browser, name: &str, values: &[String]) {
    let choice = is_choice(b, name).await;
    if choice {
        let checked = format!("input[name={name}]:checked");
        assert_eq!(count(b, &checked).await, values.len(), "{name}");
        for value in values {
            let input = find(b, &format!("input[name={name}][value=\"{value}\"]")).await;
            assert!(
                input.is_selected().await.expect("selected"),
                "{name}={value}"
            );
            assert!(
                input.attr("checked").await.expect("attr").is_some(),
                "{name}={value} comes checked from the server"
            );
        }
    } else {
        let input = find(b, &format!("input[name={name}]")).await;
        assert_eq!(
            input.attr("value").await.expect("attr").as_deref(),
            Some(values[0].as_str()),
            "{name} comes filled from the server"
        );
    }
}

#[tokio::test]
async fn a_worker_studies_passes_the_quiz_on_a_phone_and_opens_the_certificate() {
    let app = spawn_app().await;
    let course = import(&app);
    app.create_user(Role::Worker, "wk", Some("linglong"));
    let Some(phone) = Browser::start(&app, PHONE).await else {
        return;
    };
    let mut too_wide = Vec::new();
    phone.login("wk").await;

    // the catalog shows the course unread; the course page explains the quiz
    phone.open("/learn").await;
    let card = format!("a.course-card[href=\"/learn/{course}\"]");
    let card_text = text_of(&phone, &card).await;
    assert!(
        card_text.contains("居民养老保险待遇登记及终止") && card_text.contains("已学 0/2 个模块"),
        "{card_text}"
    );
    phone.click(&card).await;
    phone.wait_for(".module-list").await;
    assert_eq!(phone.path().await, format!("/learn/{course}"));
    let page = phone.text().await;
    assert!(
        page.contains("每次 4 题，限时 20 分钟，75 分及格（百分制），最多 2 次。"),
        "{page}"
    );
    assert!(
        page.contains("请先学完全部模块再参加测验（已完成 0/2）。"),
        "{page}"
    );
    assert_eq!(count(&phone, ".module-list .tag.pilot").await, 0);
    check_width(&phone, "course", &mut too_wide).await;
    phone.screenshot("course-phone-zh").await;

    // each module is read and marked; the last one leads back to the course
    phone
        .click(&format!("a[href=\"/learn/{course}/modules/1\"]"))
        .await;
    phone
        .wait_for(&format!("form[action=\"/learn/{course}/modules/1/done\"]"))
        .await;
    assert_eq!(text_of(&phone, "h1").await, "谁可以申请");
    assert!(text_of(&phone, "article.prose")
        .await
        .contains("本市户籍居民。"));
    check_width(&phone, "module", &mut too_wide).await;
    phone.screenshot("module-phone-zh").await;
    phone
        .click(&format!(
            "form[action=\"/learn/{course}/modules/1/done\"] button"
        ))
        .await;
    phone
        .wait_for(&format!("form[action=\"/learn/{course}/modules/2/done\"]"))
        .await;
    assert_eq!(text_of(&phone, "h1").await, "怎样办理");
    assert_eq!(
        text_of(&phone, "article.prose strong").await,
        "身份证",
        "Markdown is rendered"
    );
    phone
        .click(&format!(
            "form[action=\"/learn/{course}/modules/2/done\"] button"
        ))
        .await;
    let start = format!("form[action=\"/learn/{course}/attempts\"] button");
    phone.wait_for(&start).await;
    assert_eq!(phone.path().await, format!("/learn/{course}"));
    assert_eq!(
        count(&phone, ".module-list .tag.pilot").await,
        2,
        "both modules read"
    );
    assert_eq!(text_of(&phone, &start).await, "开始测验");
    phone.screenshot("course-read-phone-zh").await;

    // the quiz: a countdown that runs
    phone.click(&start).await;
    phone.wait_for("form#attempt").await;
    let path = phone.path().await;
    let attempt: i32 = path
        .strip_prefix("/attempts/")
        .and_then(|id| id.parse().ok())
        .unwrap_or_else(|| panic!("started at {path}"));
    assert_eq!(
        phone.text().await.matches("第 1 次").count(),
        1,
        "the first attempt"
    );
    let timer = find(&phone, "#timer").await;
    assert!(timer.is_displayed().await.expect("displayed"));
    let left = text_of(&phone, "#time-left").await;
    assert!(
        left == "20:00" || left.starts_with("19:"),
        "20 minutes at the start: {left}"
    );
    assert!(text_of(&phone, "#timer").await.starts_with("剩余时间："));
    // a second later the script has counted down
    wait_xpath(&phone, "//b[@id='time-left'][starts-with(., '19:')]").await;
    assert_eq!(count(&phone, "fieldset.question").await, 4);

    // two answers, then a reload: they come back from the server, the rest stay empty
    let right = right_answers(&app, attempt);
    assert_eq!(right.len(), 4);
    let (first, rest) = right.split_at(2);
    for (name, values) in first {
        answer(&phone, name, values).await;
    }
    phone.client.refresh().await.expect("reload");
    phone.wait_for("form#attempt").await;
    assert_eq!(phone.path().await, path, "the same attempt");
    for (name, values) in first {
        assert_shown(&phone, name, values).await;
    }
    for (name, _) in rest {
        assert_eq!(
            count(&phone, &format!("input[name={name}]:checked")).await,
            0,
            "{name} not answered yet"
        );
        if !is_choice(&phone, name).await {
            let value = find(&phone, &format!("input[name={name}]"))
                .await
                .attr("value")
                .await
                .expect("attr");
            assert_eq!(value.as_deref(), Some(""), "{name} not answered yet");
        }
    }
    for (name, values) in rest {
        answer(&phone, name, values).await;
    }
    check_width(&phone, "attempt", &mut too_wide).await;
    phone.screenshot("attempt-phone-zh").await;
    phone.click("form#attempt button[type=submit]").await;

    // the result
    phone.wait_for("section.question").await;
    assert_eq!(phone.path().await, format!("/attempts/{attempt}/review"));
    assert_eq!(
        text_of(&phone, "p.lead").await,
        "得分 100 分（及格线 75 分）"
    );
    assert_eq!(text_of(&phone, "p.notice").await, "恭喜，测验通过！");
    assert_eq!(count(&phone, "section.question.result-right").await, 4);
    assert_eq!(
        count(&phone, "section.question").await,
        4,
        "no question wrong"
    );
    check_width(&phone, "review", &mut too_wide).await;
    phone.screenshot("review-phone-zh").await;

    // the certificate came with the pass: listed, and its page carries the QR code
    let cert = certs_of(&app, "wk").pop().expect("certified on passing");
    phone.open("/certificates").await;
    // on a phone the table scrolls inside itself and keeps every column, the item too
    let row = text_of(&phone, "table.table tbody tr").await;
    for part in [
        cert.number.as_str(),
        "测试wk",
        "居民养老保险待遇登记及终止",
        "2028年11月24日",
        "有效",
    ] {
        assert!(row.contains(part), "{part} in {row}");
    }
    phone
        .click(&format!("table a[href=\"/certificates/{}\"]", cert.id))
        .await;
    phone.wait_for("article.certificate-sheet").await;
    assert_eq!(
        text_of(&phone, ".cert-item").await,
        "「居民养老保险待遇登记及终止」"
    );
    let sheet = text_of(&phone, "article.certificate-sheet").await;
    assert!(
        sheet.contains("测试wk")
            && sheet.contains(&cert.number)
            && sheet.contains("2026年11月25日"),
        "{sheet}"
    );
    assert_eq!(
        text_of(&phone, ".cert-facts .tag").await,
        "有效",
        "the certificate is active"
    );
    let qr = find(&phone, "figure.cert-qr img.qr").await;
    assert!(qr.is_displayed().await.expect("displayed"));
    assert!(qr
        .attr("src")
        .await
        .expect("src")
        .is_some_and(|src| src.starts_with("data:image/")));
    let drawn = phone
        .client
        .execute(
            "const img = document.querySelector('figure.cert-qr img.qr');
             return img.complete && img.naturalWidth > 0;",
            vec![],
        )
        .await
        .expect("measure the QR");
    assert_eq!(drawn, serde_json::json!(true), "the QR image decodes");
    let caption = text_of(&phone, "figure.cert-qr figcaption").await;
    assert!(
        caption.contains("扫码核验证书真伪与状态")
            && caption.ends_with(&format!("/verify/{}", cert.code)),
        "{caption}"
    );
    check_width(&phone, "certificate", &mut too_wide).await;
    // on a phone the QR code is below the fold: bring it into the picture
    phone
        .client
        .execute(
            "document.querySelector('figure.cert-qr').scrollIntoView({ block: 'center' });",
            vec![],
        )
        .await
        .expect("scroll to the QR");
    phone.screenshot("certificate-phone-zh").await;
    assert!(
        too_wide.is_empty(),
        "scrolls sideways at 360 px: {too_wide:?}"
    );
    phone.close().await;
}

#[tokio::test]
async fn a_worker_takes_leave_the_manager_approves_a_colleague_checks_in_and_the_trainer_closes() {
    let app = spawn_app().await;
    import(&app);
    for w in ["w-a", "w-b", "w-c"] {
        app.create_user(Role::Worker, w, Some("linglong"));
    }
    app.create_user(Role::Manager, "ll-mgr", Some("linglong"));
    // setup over HTTP: the 人社局 trainer schedules a required C05 session (10:00–12:00
    // Beijing time; the clock says 09:00) and enrols 玲珑镇
    let trainer_http = app.new_browser();
    trainer_http
        .login_as(Role::Trainer, "rs-t", Some("rs"))
        .await;
    let title = "养老待遇登记必修课";
    let session = schedule_item(&trainer_http, title, "30", "C05", true).await;
    enrol_linglong(&trainer_http, session).await;

    // worker A asks for official leave on the phone
    let Some(a) = Browser::start(&app, PHONE).await else {
        return;
    };
    a.login("w-a").await;
    a.open("/schedule").await;
    // on a phone the table keeps every column, the place too
    let row = text_of(&a, "table.table tbody tr").await;
    for part in [
        title,
        "已安排",
        "必修",
        "2026年11月25日 10:00 — 2026年11月25日 12:00",
        "玲珑镇党群服务中心二楼",
        "未标记",
    ] {
        assert!(row.contains(part), "{part} in {row}");
    }
    a.screenshot("schedule-session-phone-zh").await;
    a.click(&format!("input[name=session][value=\"{session}\"]"))
        .await;
    find(&a, "select[name=kind]")
        .await
        .select_by_value("official")
        .await
        .expect("choose 公假");
    // typing into a date field depends on the browser's locale; set the ISO value instead
    a.client
        .execute(
            "for (const n of ['starts_on', 'ends_on']) {
               document.querySelector(`input[name=${n}]`).value = '2026-11-25';
             }",
            vec![],
        )
        .await
        .expect("set the dates");
    a.fill("input[name=reason]", "参加镇人大会议").await;
    a.screenshot("leave-form-phone-zh").await;
    a.click("form[action=\"/leaves\"] button[type=submit]")
        .await;
    a.wait_for("#leaves table.table tr td").await;
    assert_eq!(a.path().await, "/schedule");
    assert_eq!(
        text_of(&a, "#leaves table.table tr").await,
        "公假 2026年11月25日 — 2026年11月25日 参加镇人大会议 待审批"
    );
    assert!(!a.overflows().await, "no sideways scrolling at 360 px");
    a.screenshot("leave-asked-phone-zh").await;
    a.close().await;

    // the town manager approves it
    let Some(manager) = Browser::start(&app, DESKTOP).await else {
        return;
    };
    manager.login("ll-mgr").await;
    manager.open("/manager/leaves").await;
    let request = text_of(&manager, "table.table tbody tr").await;
    assert!(
        request.contains("测试w-a")
            && request.contains("公假")
            && request.contains("参加镇人大会议")
            && request.contains(title),
        "{request}"
    );
    manager.screenshot("manager-leaves-zh").await;
    manager
        .fill("input[name=comment]", "同意，会后请及时补训")
        .await;
    manager.click("button[name=decision][value=approve]").await;
    wait_xpath(&manager, "//tbody/tr/td[normalize-space()='已批准']").await;
    assert_eq!(manager.path().await, "/manager/leaves");
    assert_eq!(count(&manager, "button[name=decision]").await, 0);
    manager.screenshot("manager-leave-approved-zh").await;
    manager.close().await;

    // 10:00 on the server: check-in is open and the trainer's page shows the code
    app.advance(Duration::minutes(60));
    let code = code_now(&app, session);
    let Some(trainer) = Browser::start(&app, DESKTOP).await else {
        return;
    };
    trainer.login("rs-t").await;
    trainer.open(&format!("/sessions/{session}")).await;
    assert_eq!(text_of(&trainer, "#code").await, code);
    assert!(find(&trainer, ".checkin-panel img.qr")
        .await
        .is_displayed()
        .await
        .expect("displayed"));
    let a_line = text_of(&trainer, "#roster tbody tr:has(.tag)").await;
    assert!(
        a_line.contains("w-a") && a_line.contains("已获批请假"),
        "{a_line}"
    );
    trainer.screenshot("session-checkin-open-zh").await;

    // worker B types the code shown in the room
    let Some(b) = Browser::start(&app, PHONE).await else {
        return;
    };
    b.login("w-b").await;
    b.open("/checkin").await;
    let option = text_of(&b, "select[name=session] option:checked").await;
    assert_eq!(option, format!("{title}（2026年11月25日 10:00）"));
    b.fill("input[name=code]", &code).await;
    b.screenshot("checkin-form-phone-zh").await;
    b.click("form[action=\"/checkin\"] button[type=submit]")
        .await;
    b.wait_for("p.notice[role=status]").await;
    assert_eq!(text_of(&b, "p.notice[role=status]").await, "签到成功。");
    assert_eq!(count(&b, "p.error").await, 0);
    assert!(!b.overflows().await, "no sideways scrolling at 360 px");
    b.screenshot("checkin-done-phone-zh").await;
    b.close().await;

    // the trainer closes the session: B present, A excused, everyone else absent
    trainer.open(&format!("/sessions/{session}")).await;
    trainer
        .click(&format!(
            "form[action=\"/sessions/{session}/close\"] button"
        ))
        .await;
    trainer.wait_for("#roster .tag.off").await;
    assert_eq!(trainer.path().await, format!("/sessions/{session}"));
    let heading = text_of(&trainer, "h1").await;
    assert!(
        heading.starts_with(title) && heading.contains("已结束"),
        "{heading}"
    );
    assert_eq!(
        text_of(&trainer, "#roster p.small").await,
        "出勤 1 · 迟到 0 · 请假 1 · 旷训 1 · 未标记 0"
    );
    let rows = trainer
        .client
        .find_all(Locator::Css("#roster tbody tr"))
        .await
        .expect("roster rows");
    let mut statuses = Vec::new();
    for row in rows {
        let cells = row.find_all(Locator::Css("td")).await.expect("cells");
        let who = cells[0]
            .find(Locator::Css(".muted"))
            .await
            .expect("username")
            .text()
            .await
            .expect("text");
        statuses.push((who, cells[2].text().await.expect("status")));
    }
    statuses.sort();
    assert_eq!(
        statuses,
        [
            ("w-a".to_string(), "请假".to_string()),
            ("w-b".to_string(), "出勤".to_string()),
            ("w-c".to_string(), "旷训".to_string()),
        ]
    );
    assert_eq!(
        count(&trainer, "form[action$=\"/close\"]").await,
        0,
        "closed for good"
    );
    trainer.screenshot("session-closed-zh").await;
    trainer.close().await;
}
