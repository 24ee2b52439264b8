//! Sessions, enrolment, check-in, leave, closing, reports and the notices they send.

use chrono::Duration;
use devolve::domain::checkin::{code_for, minute_of};
use devolve::domain::role::Role;
use devolve::store::training;

use crate::helpers::{location, pairs, spawn_app, TestApp};

/// 10:00–12:00 Beijing time on the test day; the test clock starts at 09:00 Beijing time.
const START: &str = "2026-11-25T10:00";
const END: &str = "2026-11-25T12:00";

async fn schedule(trainer: &TestApp, title: &str, capacity: &str, required: bool) -> i32 {
    schedule_item(trainer, title, capacity, "C02", required).await
}

/// Schedules a 10:00–12:00 session for one item; returns its id.
pub async fn schedule_item(
    trainer: &TestApp,
    title: &str,
    capacity: &str,
    item: &str,
    required: bool,
) -> i32 {
    let mut form = pairs(&[
        ("title", title),
        ("starts_at", START),
        ("ends_at", END),
        ("place", "玲珑镇党群服务中心二楼"),
        ("online_link", ""),
        ("capacity", capacity),
        ("item", item),
    ]);
    if required {
        form.push(("required".into(), "1".into()));
    }
    let res = trainer.post_pairs("/sessions", &form).await;
    assert_eq!(res.status(), 303, "schedule");
    location(&res)
        .trim_start_matches("/sessions/")
        .parse()
        .unwrap()
}

pub fn code_now(app: &TestApp, session: i32) -> String {
    let mut conn = app.pool.get().unwrap();
    let s = training::session(&mut conn, session).unwrap();
    code_for(&s.checkin_secret, s.id, minute_of(app.clock.now_naive()))
}

/// Enrols every worker of 玲珑镇 in a session.
pub async fn enrol_linglong(trainer: &TestApp, session: i32) {
    let res = trainer
        .post_form(
            &format!("/sessions/{session}/enrol"),
            &[("town", "linglong")],
        )
        .await;
    assert_eq!(res.status(), 303);
}

/// A one-day leave request for `session` on `day`.
pub fn one_day_leave(session: i32, kind: &str, reason: &str, day: &str) -> Vec<(String, String)> {
    pairs(&[
        ("session", &session.to_string()),
        ("kind", kind),
        ("reason", reason),
        ("starts_on", day),
        ("ends_on", day),
    ])
}

/// Checks in to a session with the code it shows right now.
pub async fn check_in_now(b: &TestApp, app: &TestApp, session: i32) -> reqwest::Response {
    b.post_form(
        "/checkin",
        &[
            ("session", &session.to_string()),
            ("code", &code_now(app, session)),
        ],
    )
    .await
}

pub fn outbox_subjects(app: &TestApp) -> Vec<(String, String)> {
    let mut conn = app.pool.get().unwrap();
    devolve::mail::outbox::list(&mut conn, None, 500, 0)
        .unwrap()
        .into_iter()
        .map(|r| (r.to_address, r.subject))
        .collect()
}

#[tokio::test]
async fn a_session_from_scheduling_to_closing() {
    let app = spawn_app().await;
    for w in ["w-leave", "w-checkin", "w-noshow"] {
        app.create_user(Role::Worker, w, Some("linglong"));
    }
    app.create_user(Role::Worker, "w-other-town", Some("biguo"));
    app.create_user(Role::Manager, "linglong-mgr", Some("linglong"));
    let trainer = app.new_browser();
    trainer
        .login_as(Role::Trainer, "mz-trainer", Some("mz"))
        .await;
    let session = schedule(&trainer, "经济困难老年人补贴给付专题培训", "30", true).await;
    enrol_linglong(&trainer, session).await;
    let page = trainer.get_html(&format!("/sessions/{session}")).await;
    for w in ["w-leave", "w-checkin", "w-noshow"] {
        assert!(page.contains(w), "{w} enrolled");
    }
    assert!(!page.contains("w-other-town"));
    assert!(
        page.contains("签到未开放"),
        "no code an hour before the start"
    );

    // a worker asks for leave before the start; the manager of their town approves
    let worker = app.new_browser();
    worker.login_as_existing("w-leave").await;
    assert!(worker
        .get_html("/schedule")
        .await
        .contains("经济困难老年人补贴给付专题培训"));
    let ics = worker.get("/schedule.ics").await;
    assert_eq!(
        ics.headers()["content-type"],
        "text/calendar; charset=utf-8"
    );
    let ics = ics.text().await.unwrap();
    assert!(
        ics.contains("BEGIN:VEVENT")
            && ics.contains("DTSTART:20261125T020000Z")
            && ics.contains("SUMMARY:经济困难老年人补贴给付专题培训")
    );
    let res = worker
        .post_pairs(
            "/leaves",
            &one_day_leave(session, "personal", "参加村委会换届", "2026-11-25"),
        )
        .await;
    assert_eq!(
        res.status(),
        303,
        "{}",
        res.text().await.unwrap_or_default()
    );

    let other_manager = app.new_browser();
    other_manager
        .login_as(Role::Manager, "biguo-mgr", Some("biguo"))
        .await;
    let leave_id = latest_leave(&app, "w-leave");
    let res = other_manager
        .post_form(
            &format!("/leaves/{leave_id}/decide"),
            &[("decision", "approve"), ("comment", "")],
        )
        .await;
    assert_eq!(
        res.status(),
        403,
        "the manager of another town may not decide"
    );
    let admin = app.new_browser();
    admin.login_as(Role::Admin, "boss", None).await;
    assert_eq!(
        admin
            .post_form(
                &format!("/leaves/{leave_id}/decide"),
                &[("decision", "approve")]
            )
            .await
            .status(),
        403
    );

    let manager = app.new_browser();
    manager.login_as_existing("linglong-mgr").await;
    let leaves_page = manager.get_html("/manager/leaves").await;
    assert!(leaves_page.contains("参加村委会换届") && leaves_page.contains("事假"));
    let res = manager
        .post_form(
            &format!("/leaves/{leave_id}/decide"),
            &[("decision", "approve"), ("comment", "同意，请尽快补训")],
        )
        .await;
    assert_eq!(res.status(), 303);
    assert_eq!(
        manager
            .post_form(
                &format!("/leaves/{leave_id}/decide"),
                &[("decision", "reject"), ("comment", "改主意")]
            )
            .await
            .status(),
        409
    );

    // check-in opens 15 minutes before the start
    app.advance(Duration::minutes(40)); // 09:40
    let checker = app.new_browser();
    checker.login_as_existing("w-checkin").await;
    let code = code_now(&app, session);
    let res = checker
        .post_form(
            "/checkin",
            &[("session", &session.to_string()), ("code", &code)],
        )
        .await;
    assert_eq!(res.status(), 400);
    assert!(res.text().await.unwrap().contains("开始前 15 分钟开放"));
    app.advance(Duration::minutes(20)); // 10:00
    let trainer_page = {
        let t = app.new_browser();
        t.login_as_existing("mz-trainer").await;
        t.get_html(&format!("/sessions/{session}")).await
    };
    let shown = code_now(&app, session);
    assert!(
        trainer_page.contains(&shown) && trainer_page.contains("data:image/svg+xml;base64,"),
        "the code and its QR are shown"
    );

    // a code from another session, or one that has rotated away, is refused
    let other_session = schedule(&trainer_relogin(&app).await, "另一场", "30", false).await;
    let foreign = code_now(&app, other_session);
    if foreign != shown {
        let res = checker
            .post_form(
                "/checkin",
                &[("session", &session.to_string()), ("code", &foreign)],
            )
            .await;
        assert_eq!(res.status(), 400);
    }
    let stale = code_now(&app, session);
    app.advance(Duration::minutes(2)); // 10:02
    if stale != code_now(&app, session) {
        let res = checker
            .post_form(
                "/checkin",
                &[("session", &session.to_string()), ("code", &stale)],
            )
            .await;
        assert_eq!(res.status(), 400);
        assert!(res.text().await.unwrap().contains("已过期"));
    }
    let res = check_in_now(&checker, &app, session).await;
    assert_eq!(res.status(), 200);
    assert!(res.text().await.unwrap().contains("签到成功"));
    let res = check_in_now(&checker, &app, session).await;
    assert_eq!(res.status(), 400);
    assert!(res.text().await.unwrap().contains("已经签到过了"));

    // the trainer closes: approved leave → excused, nobody else → absent
    let trainer = trainer_relogin(&app).await;
    assert_eq!(
        trainer
            .post_form(&format!("/sessions/{session}/close"), &[])
            .await
            .status(),
        303
    );
    let mut conn = app.pool.get().unwrap();
    let roster = training::roster(&mut conn, session).unwrap();
    let status_of = |name: &str| {
        roster
            .iter()
            .find(|l| l.username == name)
            .unwrap()
            .status
            .clone()
    };
    assert_eq!(status_of("w-leave"), "excused");
    assert_eq!(status_of("w-checkin"), "present");
    assert_eq!(status_of("w-noshow"), "absent");
    drop(conn);

    // the reports show exactly that
    let report = trainer.get_html("/reports/attendance?by=session").await;
    assert!(report.contains("经济困难老年人补贴给付专题培训"));
    let csv = trainer
        .get("/reports/attendance?by=worker&format=csv")
        .await;
    assert_eq!(csv.headers()["content-type"], "text/csv; charset=utf-8");
    let bytes = csv.bytes().await.unwrap();
    assert_eq!(
        &bytes[..3],
        &[0xEF, 0xBB, 0xBF],
        "a BOM so Excel reads UTF-8"
    );
    let text = String::from_utf8(bytes[3..].to_vec()).unwrap();
    assert!(text.starts_with("姓名,用户名,党群服务中心,镇（街道）,报名,出勤,迟到,请假,旷训"));
    let line = |name: &str| text.lines().find(|l| l.contains(name)).unwrap().to_string();
    assert!(
        line("w-leave").contains(",1,0,0,1,0,0,0%,1,0"),
        "{}",
        line("w-leave")
    );
    assert!(
        line("w-checkin").contains(",1,1,0,0,0,0,100%,0,0"),
        "{}",
        line("w-checkin")
    );
    assert!(
        line("w-noshow").contains(",1,0,0,0,1,0,0%,0,0"),
        "{}",
        line("w-noshow")
    );
    let manager = app.new_browser();
    manager.login_as_existing("linglong-mgr").await;
    let cases = manager.get_html("/manager/leaves").await;
    assert!(
        cases.contains("待补训 1 次"),
        "the excused worker owes a make-up"
    );

    // and the outbox holds the notices
    let mail = outbox_subjects(&app);
    let to = |user: &str, subject: &str| {
        mail.iter()
            .any(|(a, s)| a.starts_with(user) && s.contains(subject))
    };
    for w in ["w-leave", "w-checkin", "w-noshow"] {
        assert!(to(w, "【培训通知】"), "{w} was told about the session");
    }
    assert!(to("linglong-mgr", "【请假待审批】"));
    assert!(to("w-leave", "【请假批准】"));
    assert!(to("w-leave", "【需要补训】"));
    let admin = app.new_browser();
    admin.login_as_existing("boss").await;
    let outbox = admin.get_html("/admin/outbox").await;
    assert!(outbox.contains("【需要补训】") && outbox.contains("待发送"));
}

async fn trainer_relogin(app: &TestApp) -> TestApp {
    let t = app.new_browser();
    t.login_as_existing("mz-trainer").await;
    t
}

#[tokio::test]
async fn leave_deadlines_and_capacity_are_explained() {
    let app = spawn_app().await;
    app.create_user(Role::Worker, "a1", Some("linglong"));
    app.create_user(Role::Worker, "a2", Some("linglong"));
    let trainer = app.new_browser();
    trainer
        .login_as(Role::Trainer, "mz-trainer", Some("mz"))
        .await;
    let small = schedule(&trainer, "小班", "1", true).await;
    let res = trainer
        .post_form(&format!("/sessions/{small}/enrol"), &[("town", "linglong")])
        .await;
    assert_eq!(res.status(), 409);
    assert!(res.text().await.unwrap().contains("名额不足"));
    assert_eq!(
        trainer
            .post_form(&format!("/sessions/{small}/enrol"), &[("username", "a1")])
            .await
            .status(),
        303
    );
    assert_eq!(
        trainer
            .post_form(&format!("/sessions/{small}/enrol"), &[("username", "a2")])
            .await
            .status(),
        409
    );

    let worker = app.new_browser();
    app.advance(Duration::minutes(61)); // 10:01: the session has started
    worker.login_as_existing("a1").await;
    let ask = |kind: &'static str| {
        pairs(&[
            ("session", &small.to_string()),
            ("kind", kind),
            ("reason", "发烧"),
            ("starts_on", "2026-11-25"),
            ("ends_on", "2026-11-26"),
        ])
    };
    let res = worker.post_pairs("/leaves", &ask("personal")).await;
    assert_eq!(res.status(), 400);
    assert!(res
        .text()
        .await
        .unwrap()
        .contains("请假须在培训开始之前提出"));
    assert_eq!(
        worker.post_pairs("/leaves", &ask("sick")).await.status(),
        303,
        "sick leave may be filed late"
    );
    let res = worker
        .post_pairs(
            "/leaves",
            &pairs(&[
                ("session", &small.to_string()),
                ("kind", "sick"),
                ("reason", "x"),
                ("starts_on", "2026-11-27"),
                ("ends_on", "2026-11-26"),
            ]),
        )
        .await;
    let html = res.text().await.unwrap();
    // said next to the end date, which is marked invalid and points at it
    let at_field = html
        .split(r#"<p class="error field-error" id="ends_on-error" role="alert">"#)
        .nth(1)
        .unwrap_or_else(|| panic!("no message at the end date: {html}"));
    assert!(
        at_field.starts_with("请假结束日期不能早于开始日期"),
        "{at_field}"
    );
    assert!(html.contains(
        r#"name="ends_on" value="2026-11-26" required aria-invalid="true" aria-describedby="ends_on-error""#
    ));
    // and what was typed is still there
    assert!(html.contains(r#"name="starts_on" value="2026-11-27""#));
    assert!(html.contains(r#"name="reason" value="x""#));
    assert!(html.contains(r#"<option value="sick" selected>"#));
    assert!(html.contains(&format!(r#"name="session" value="{small}" checked>"#)));
}

#[tokio::test]
async fn an_unreported_leave_is_flagged_and_reminded_once() {
    let app = spawn_app().await;
    app.create_user(Role::Worker, "late-back", Some("linglong"));
    let trainer = app.new_browser();
    trainer
        .login_as(Role::Trainer, "mz-trainer", Some("mz"))
        .await;
    let s = schedule(&trainer, "销假测试", "30", true).await;
    trainer
        .post_form(
            &format!("/sessions/{s}/enrol"),
            &[("username", "late-back")],
        )
        .await;
    let worker = app.new_browser();
    worker.login_as_existing("late-back").await;
    worker
        .post_pairs(
            "/leaves",
            &pairs(&[
                ("session", &s.to_string()),
                ("kind", "official"),
                ("reason", "市里开会"),
                ("starts_on", "2026-11-25"),
                ("ends_on", "2026-11-25"),
            ]),
        )
        .await;
    let manager = app.new_browser();
    manager
        .login_as(Role::Manager, "mgr", Some("linglong"))
        .await;
    let id = latest_leave(&app, "late-back");
    manager
        .post_form(&format!("/leaves/{id}/decide"), &[("decision", "approve")])
        .await;

    app.advance(Duration::days(3)); // the 28th: still within 3 days
    let state = devolve_state(&app);
    let mut conn = app.pool.get().unwrap();
    assert_eq!(
        devolve::web::notify::queue_overdue_reminders(&state, &mut conn).unwrap(),
        0
    );
    app.advance(Duration::days(1)); // the 29th: overdue
    assert_eq!(
        devolve::web::notify::queue_overdue_reminders(&state, &mut conn).unwrap(),
        2,
        "the worker and the manager"
    );
    assert_eq!(
        devolve::web::notify::queue_overdue_reminders(&state, &mut conn).unwrap(),
        0,
        "once"
    );
    drop(conn);

    let worker = app.new_browser();
    worker.login_as_existing("late-back").await;
    assert!(worker.get_html("/schedule").await.contains("销假逾期"));
    let manager = app.new_browser();
    manager.login_as_existing("mgr").await;
    assert!(manager
        .get_html("/manager/leaves")
        .await
        .contains("应于 2026年11月28日 前销假"));
    let org = app.new_browser();
    org.login_as(Role::Orgdept, "org", None).await;
    assert!(
        org.get_html("/training/cases").await.contains("late-back")
            || org
                .get_html("/training/cases")
                .await
                .contains("测试late-back")
    );
    assert_eq!(
        worker
            .post_form(&format!("/leaves/{id}/report-back"), &[])
            .await
            .status(),
        303
    );
    assert!(!worker.get_html("/schedule").await.contains("销假逾期"));
}

/// The application state the tests' server uses, for driving the mail worker by hand.
fn devolve_state(app: &TestApp) -> devolve::web::state::AppState {
    app.state.clone()
}

/// The id of a worker's most recent leave request.
fn latest_leave(app: &TestApp, username: &str) -> i32 {
    let mut conn = app.pool.get().unwrap();
    let u = devolve::store::users::find_by_username(&mut conn, username)
        .unwrap()
        .unwrap();
    training::leaves_of(&mut conn, u.id).unwrap()[0].id
}

/// A 30-place C02 session of 民政局 with the workers of 玲珑镇 enrolled (`w-in` and
/// `w-out`), its trainer logged in, and the clock at 10:00 Beijing time (check-in open).
async fn session_under_way() -> (TestApp, TestApp, i32) {
    let app = spawn_app().await;
    for w in ["w-in", "w-out"] {
        app.create_user(Role::Worker, w, Some("linglong"));
    }
    let trainer = app.new_browser();
    trainer
        .login_as(Role::Trainer, "mz-trainer", Some("mz"))
        .await;
    let session = schedule(&trainer, "补贴给付专题培训", "30", true).await;
    enrol_linglong(&trainer, session).await;
    app.advance(Duration::minutes(60));
    // an hour idle ends the login session
    let trainer = trainer_relogin(&app).await;
    (app, trainer, session)
}

#[tokio::test]
async fn a_closed_session_says_check_in_is_closed_not_that_it_has_not_opened() {
    let (app, trainer, session) = session_under_way().await;
    let page = trainer.get_html(&format!("/sessions/{session}")).await;
    assert!(page.contains(&code_now(&app, session)), "the code is shown");
    let res = trainer
        .post_form(&format!("/sessions/{session}/close"), &[])
        .await;
    assert_eq!(res.status(), 303);
    let page = trainer.get_html(&format!("/sessions/{session}")).await;
    assert!(
        page.contains("培训已结束，签到已关闭。"),
        "the page says the session is closed"
    );
    assert!(!page.contains("签到未开放"), "not that it has yet to open");
    trainer
        .post_form("/lang", &[("lang", "en"), ("next", "/")])
        .await;
    let page = trainer.get_html(&format!("/sessions/{session}")).await;
    assert!(
        page.contains("The training is over and check-in is closed."),
        "in English too"
    );
    assert!(!page.contains("Check-in is not open"));
}

#[tokio::test]
async fn a_session_past_its_end_and_a_cancelled_one_say_why_there_is_no_code() {
    let (app, _, session) = session_under_way().await;
    app.advance(Duration::hours(3)); // 13:00: over, not yet closed
    let trainer = trainer_relogin(&app).await;
    let page = trainer.get_html(&format!("/sessions/{session}")).await;
    assert!(
        page.contains("培训时间已过，签到已关闭。"),
        "over but open for marking"
    );
    assert!(!page.contains("签到未开放"));
    let res = trainer
        .post_form(&format!("/sessions/{session}/cancel"), &[])
        .await;
    assert_eq!(res.status(), 303);
    let page = trainer.get_html(&format!("/sessions/{session}")).await;
    assert!(page.contains("培训已取消，无需签到。"));
    assert!(!page.contains("签到未开放"));
}

#[tokio::test]
async fn the_session_page_says_plainly_how_many_enrolled_and_came() {
    let (app, trainer, session) = session_under_way().await;
    let worker = app.new_browser();
    worker.login_as_existing("w-in").await;
    assert!(check_in_now(&worker, &app, session)
        .await
        .text()
        .await
        .unwrap()
        .contains("签到成功"));
    let page = trainer.get_html(&format!("/sessions/{session}")).await;
    assert!(!page.contains("1+0 / 30"), "no bare sum");
    assert!(
        page.contains("已报名 2 人 / 名额 30 人 · 实到 1 人（含迟到 0 人）"),
        "enrolled, places, attended and late, said in words"
    );
    trainer
        .post_form("/lang", &[("lang", "en"), ("next", "/")])
        .await;
    let page = trainer.get_html(&format!("/sessions/{session}")).await;
    assert!(
        page.contains("2 enrolled of 30 places · 1 attended (0 late)"),
        "in English too"
    );
}

#[tokio::test]
async fn a_worker_who_has_checked_in_is_told_so_and_not_offered_the_session_again() {
    let (app, _trainer, session) = session_under_way().await;
    let worker = app.new_browser();
    worker.login_as_existing("w-in").await;
    let option = format!("<option value=\"{session}\"");
    assert!(
        worker.get_html("/checkin").await.contains(&option),
        "offered while not checked in"
    );
    let res = check_in_now(&worker, &app, session).await;
    assert_eq!(res.status(), 200);
    let page = res.text().await.unwrap();
    assert!(page.contains("签到成功。"));
    assert!(
        !page.contains(&option),
        "the session is not offered again right after"
    );
    assert!(page.contains("已签到") && page.contains("补贴给付专题培训"));
    assert!(
        page.contains("现在没有可以签到的培训。"),
        "nothing else is open"
    );
    let page = worker.get_html("/checkin").await;
    assert!(!page.contains(&option), "nor later");
    assert!(page.contains("已签到") && page.contains("补贴给付专题培训"));
    assert!(
        !page.contains("action=\"/checkin\""),
        "no form with nothing to pick"
    );

    // a colleague who has not checked in is still offered it
    let other = app.new_browser();
    other.login_as_existing("w-out").await;
    let page = other.get_html("/checkin").await;
    assert!(page.contains(&option) && !page.contains("已签到"));
}
