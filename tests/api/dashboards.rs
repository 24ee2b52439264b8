//! Each role's home shows what to act on next.

use chrono::{Duration, NaiveDate};
use devolve::domain::cst;
use devolve::domain::role::Role;
use devolve::store::{centers, training};

use crate::course_fixture::import;
use crate::helpers::{location, spawn_app, TestApp};
use crate::roster::{certify, user_id};
use crate::training::{enrol_linglong, schedule_item};

#[tokio::test]
async fn a_workers_home_shows_the_next_session_and_a_certificate_ending_soon() {
    let app = spawn_app().await;
    import(&app);
    app.create_user(Role::Worker, "w1", Some("linglong"));
    certify(&app, "w1");
    let trainer = app.new_browser();
    trainer.login_as(Role::Trainer, "rs-t", Some("rs")).await;
    let worker = app.new_browser();
    worker.login_as_existing("w1").await;

    let home = worker.get_html("/worker").await;
    assert!(home.contains("暂无已报名的培训") && home.contains("没有即将到期的证书"));

    let session = schedule_item(&trainer, "养老待遇登记必修课", "30", "C05", true).await;
    enrol_linglong(&trainer, session).await;
    let home = worker.get_html("/worker").await;
    assert!(home.contains("养老待遇登记必修课"), "the next session");

    // 24 months on, the certificate is within its last 60 days
    app.advance(Duration::days(700));
    worker.login_as_existing("w1").await;
    let home = worker.get_html("/worker").await;
    assert!(home.contains("暂无已报名的培训"), "the session is over");
    assert!(!home.contains("没有即将到期的证书"));
    assert!(
        home.contains("todo due\" href=\"/certificates\""),
        "flagged"
    );
}

/// Schedules a required session for one item at the given Beijing times; returns its id.
async fn schedule_at(trainer: &TestApp, title: &str, item: &str, start: &str, end: &str) -> i32 {
    let form: Vec<(String, String)> = [
        ("title", title),
        ("starts_at", start),
        ("ends_at", end),
        ("place", "玲珑镇党群服务中心二楼"),
        ("online_link", ""),
        ("capacity", "30"),
        ("item", item),
        ("required", "1"),
    ]
    .iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect();
    let res = trainer.post_pairs("/sessions", &form).await;
    assert_eq!(res.status(), 303, "schedule");
    location(&res)
        .trim_start_matches("/sessions/")
        .parse()
        .unwrap()
}

/// The to-do card linking to `href`, from its opening tag to its end.
fn card<'a>(html: &'a str, href: &str) -> &'a str {
    let marker = format!("href=\"{href}\"><span class=\"count\">");
    let at = html
        .find(&marker)
        .unwrap_or_else(|| panic!("a card linking to {href}"));
    let start = html[..at].rfind("<a class=\"card todo").unwrap();
    let end = at + html[at..].find("</a>").unwrap();
    &html[start..end]
}

/// The count a card shows.
fn count(card: &str) -> u32 {
    let marker = "<span class=\"count\">";
    let at = card.find(marker).unwrap() + marker.len();
    card[at..].split('<').next().unwrap().parse().unwrap()
}

fn today(app: &TestApp) -> NaiveDate {
    cst::date_of(app.clock.now_naive())
}

#[tokio::test]
async fn a_trainers_home_shows_sessions_to_close_make_ups_and_drafts_of_their_own_bureau() {
    let app = spawn_app().await;
    import(&app);
    app.create_user(Role::Worker, "w1", Some("linglong"));
    app.create_user(Role::Manager, "ll-mgr", Some("linglong"));
    app.create_user(Role::Trainer, "rs-t", Some("rs"));
    app.create_user(Role::Trainer, "mz-t", Some("mz"));
    let trainer = app.new_browser();
    trainer.login_as_existing("rs-t").await;
    let other = app.new_browser();
    other.login_as_existing("mz-t").await;

    let home = trainer.get_html("/trainer").await;
    assert_eq!(count(card(&home, "/sessions")), 0);
    assert!(home.contains("没有待结束考勤的培训") && home.contains("没有需要安排的补训"));
    assert!(home.contains("本部门负责的下沉事项"), "the item list stays");

    // a required session today, 10:00–12:00; w1 is excused by approved leave
    let session = schedule_at(
        &trainer,
        "养老待遇登记必修课",
        "C05",
        "2026-11-25T10:00",
        "2026-11-25T12:00",
    )
    .await;
    enrol_linglong(&trainer, session).await;
    {
        let mut conn = app.pool.get().unwrap();
        let now = app.clock.now_naive();
        let w1 = user_id(&app, "w1");
        let leave = training::ask_leave(
            &mut conn,
            &training::NewLeave {
                user_id: w1,
                kind: "personal",
                reason: "村委会换届",
                starts_on: today(&app),
                ends_on: today(&app),
                session_ids: &[session],
            },
            now,
        )
        .unwrap();
        training::decide_leave(&mut conn, leave, true, "", user_id(&app, "ll-mgr"), now).unwrap();
    }
    // the session is over at 12:00 and nobody closed it
    let home = trainer.get_html("/trainer").await;
    assert_eq!(count(card(&home, "/sessions")), 0, "not over yet");
    app.advance(Duration::hours(4));
    trainer.login_as_existing("rs-t").await;
    other.login_as_existing("mz-t").await;
    let home = trainer.get_html("/trainer").await;
    let to_close = card(&home, &format!("/sessions/{session}"));
    assert_eq!(count(to_close), 1);
    assert!(to_close.contains("todo due") && to_close.contains("养老待遇登记必修课"));
    let theirs = other.get_html("/trainer").await;
    assert!(!theirs.contains(&format!("/sessions/{session}")));
    assert_eq!(
        count(card(&theirs, "/sessions")),
        0,
        "another bureau's session"
    );
    assert!(theirs.contains("没有待结束考勤的培训"));

    // closing excuses w1, who now needs a make-up session on C05
    let res = trainer
        .post_form(&format!("/sessions/{session}/close"), &[])
        .await;
    assert_eq!(res.status(), 303);
    let home = trainer.get_html("/trainer").await;
    assert_eq!(count(card(&home, "/sessions")), 0);
    let makeups = card(&home, "/sessions/new");
    assert_eq!(count(makeups), 1);
    assert!(makeups.contains("居民养老保险待遇登记及终止：1 人"));
    let theirs = other.get_html("/trainer").await;
    assert_eq!(count(card(&theirs, "/sessions/new")), 0);
    assert!(theirs.contains("没有需要安排的补训"));

    // a later session with w1 enrolled is the make-up: nothing left to schedule
    let makeup = schedule_at(
        &trainer,
        "养老待遇登记补训",
        "C05",
        "2026-11-27T10:00",
        "2026-11-27T12:00",
    )
    .await;
    enrol_linglong(&trainer, makeup).await;
    let home = trainer.get_html("/trainer").await;
    assert_eq!(count(card(&home, "/sessions/new")), 0);

    // a draft of the C05 course waits to be published, for rs only
    let before = count(card(&home, "/courses"));
    assert!(!home.contains("份草稿待发布"));
    let res = trainer.post_form("/items/C05/course/draft", &[]).await;
    assert_eq!(res.status(), 303);
    let home = trainer.get_html("/trainer").await;
    let courses = card(&home, "/courses");
    assert_eq!(count(courses), before + 1, "C05 had a published version");
    assert!(courses.contains("1 份草稿待发布") && courses.contains("居民养老保险待遇登记及终止"));
    let theirs = other.get_html("/trainer").await;
    assert!(!card(&theirs, "/courses").contains("居民养老保险待遇登记及终止"));
}

#[tokio::test]
async fn the_organization_departments_home_shows_transfers_staffing_and_stability() {
    let app = spawn_app().await;
    for w in ["w1", "w2", "w3"] {
        app.create_user(Role::Worker, w, Some("linglong"));
    }
    let manager = app.new_browser();
    manager
        .login_as(Role::Manager, "ll-mgr", Some("linglong"))
        .await;
    let org = app.new_browser();
    org.login_as(Role::Orgdept, "org", None).await;

    // 玲珑镇's town center has its 3; the other 13 town centers have nobody yet
    let home = org.get_html("/orgdept").await;
    assert_eq!(count(card(&home, "/transfers?status=pending")), 0);
    assert!(home.contains("目前没有待审批的人员调整申请"));
    let short = card(&home, "/roster?town=wenquan");
    assert_eq!(count(short), 13);
    assert!(short.contains("温泉街道党群服务中心 缺 3 人") && short.contains("另有 8 项"));
    assert!(!short.contains("玲珑镇"), "玲珑镇 has its three");
    assert_eq!(count(card(&home, "/reports/stability")), 0);
    assert!(home.contains("30 天内没有抽调结束，本月没有人员离开"));
    assert!(
        home.contains("aria-label=\"玲珑镇 全部中心直办进度\""),
        "the plan's progress per town"
    );

    // a secondment of 20 days is filed, and waits
    let w1 = user_id(&app, "w1");
    let start = today(&app);
    let end = start + Duration::days(20);
    let res = manager
        .post_form(
            "/transfers",
            &[
                ("worker", &w1.to_string()),
                ("kind", "secondment"),
                ("destination", "镇防汛专班"),
                ("reason", "汛期防汛需要"),
                ("starts_on", &start.to_string()),
                ("ends_on", &end.to_string()),
            ],
        )
        .await;
    assert_eq!(res.status(), 303);
    let id: i32 = location(&res)
        .trim_start_matches("/transfers/")
        .parse()
        .unwrap();
    let home = org.get_html("/orgdept").await;
    let pending = card(&home, "/transfers?status=pending");
    assert_eq!(count(pending), 1);
    assert!(pending.contains("测试w1") && pending.contains("抽调从事其他工作"));
    assert!(pending.contains("已等 0 天"));
    app.advance(Duration::days(2));
    org.login_as_existing("org").await;
    let home = org.get_html("/orgdept").await;
    assert!(card(&home, "/transfers?status=pending").contains("已等 2 天"));

    // only the organization department's home shows it
    let other_town = app.new_browser();
    other_town
        .login_as(Role::Manager, "bg-mgr", Some("biguo"))
        .await;
    assert_eq!(other_town.get("/orgdept").await.status(), 403);
    assert!(!other_town
        .get_html("/transfers?status=pending")
        .await
        .contains("测试w1"));

    // approved: nothing pending, 玲珑镇 falls to 2 of 3, and the secondment ends within 30 days
    let res = org
        .post_form(
            &format!("/transfers/{id}/decision"),
            &[("decision", "approve"), ("comment", "同意")],
        )
        .await;
    assert_eq!(res.status(), 303);
    let home = org.get_html("/orgdept").await;
    assert_eq!(count(card(&home, "/transfers?status=pending")), 0);
    assert_eq!(count(card(&home, "/roster?town=wenquan")), 14);
    assert!(card(&home, "/roster?town=wenquan").contains("另有 9 项"));
    let stability = card(&home, "/reports/stability");
    assert_eq!(count(stability), 1);
    assert!(stability.contains("1 人的抽调将在 30 天内结束"));
    assert!(
        stability.contains(&format!(
            "测试w1（玲珑镇党群服务中心）抽调至 {}",
            end.format("%Y年%-m月%-d日")
        )),
        "{stability}"
    );

    // w2 leaves today: a departure this month
    manager.login_as_existing("ll-mgr").await;
    let w2 = user_id(&app, "w2");
    let day = today(&app).to_string();
    let res = manager
        .post_form(
            "/transfers",
            &[
                ("worker", &w2.to_string()),
                ("kind", "departure"),
                ("destination", "考入公务员"),
                ("reason", "本人辞职"),
                ("starts_on", &day),
                ("ends_on", ""),
            ],
        )
        .await;
    assert_eq!(res.status(), 303);
    let id: i32 = location(&res)
        .trim_start_matches("/transfers/")
        .parse()
        .unwrap();
    let res = org
        .post_form(
            &format!("/transfers/{id}/decision"),
            &[("decision", "approve"), ("comment", "同意")],
        )
        .await;
    assert_eq!(res.status(), 303);
    let home = org.get_html("/orgdept").await;
    let stability = card(&home, "/reports/stability");
    assert_eq!(count(stability), 2);
    assert!(
        stability.contains("本月已有 1 人离开") && stability.contains("测试w2（"),
        "{stability}"
    );
}

#[tokio::test]
async fn an_admins_home_shows_centers_losing_direct_handling_failed_mail_and_short_zone_selections()
{
    let app = spawn_app().await;
    import(&app);
    for w in ["w1", "w2"] {
        app.create_user(Role::Worker, w, Some("linglong"));
        certify(&app, w);
    }
    app.create_user(Role::Admin, "boss", None);
    app.create_user(Role::Manager, "ll-mgr", Some("linglong"));
    app.create_user(Role::Manager, "bg-mgr", Some("biguo"));
    let admin = app.new_browser();
    admin.login_as_existing("boss").await;

    let home = admin.get_html("/admin").await;
    assert_eq!(count(card(&home, "/handling")), 0);
    assert!(home.contains("30 天内没有中心会由直办转为代办"));
    assert_eq!(count(card(&home, "/admin/outbox?status=failed")), 0);
    assert_eq!(count(card(&home, "/towns")), 0, "no town has zones yet");
    assert!(home.contains("全市公共服务下沉概况") && home.contains("各角色账号数"));
    assert!(home.contains("aria-label=\"玲珑镇 全部中心直办进度\""));

    // 玲珑镇 opens a zone center and has chosen no items for it; a mail fails
    {
        let mut conn = app.pool.get().unwrap();
        let town = centers::town_by_code(&mut conn, "linglong")
            .unwrap()
            .unwrap();
        let code = centers::next_zone_code(&mut conn, &town).unwrap();
        centers::insert(
            &mut conn,
            &centers::NewCenter {
                code: &code,
                name: "玲珑镇测试融合发展区",
                town_id: town.id,
                level: "zone",
                pilot: true,
                demo: false,
            },
            app.clock.now_naive(),
        )
        .unwrap();
        let mail = devolve::mail::Mail {
            to: "w1@test.devolve.invalid".into(),
            subject: "培训通知".into(),
            text: "请按时参加培训。".into(),
            html: "<p>请按时参加培训。</p>".into(),
        };
        devolve::mail::outbox::enqueue(&mut conn, &[mail], app.clock.now_naive()).unwrap();
        use devolve::db::schema::outbox::dsl;
        use diesel::prelude::*;
        diesel::update(dsl::outbox)
            .set(dsl::status.eq("failed"))
            .execute(&mut conn)
            .unwrap();
    }
    let home = admin.get_html("/admin").await;
    let failed = card(&home, "/admin/outbox?status=failed");
    assert_eq!(count(failed), 1);
    assert!(failed.contains("todo due"));
    let selection = card(&home, "/towns/linglong#zone-items");
    assert_eq!(count(selection), 1);
    assert!(selection.contains("玲珑镇：已选 0 项"));

    // 700 days on, both certificates end within 30 days: 玲珑镇 loses C05's 直办
    app.advance(Duration::days(700));
    admin.login_as_existing("boss").await;
    let home = admin.get_html("/admin").await;
    let losing = card(&home, "/handling");
    assert_eq!(count(losing), 1);
    assert!(losing.contains("玲珑镇党群服务中心"));
    // the town's own manager sees it, another town's does not
    let mine = app.new_browser();
    mine.login_as_existing("ll-mgr").await;
    assert_eq!(
        count(card(&mine.get_html("/manager").await, "/handling")),
        1
    );
    let theirs = app.new_browser();
    theirs.login_as_existing("bg-mgr").await;
    let theirs_home = theirs.get_html("/manager").await;
    assert_eq!(count(card(&theirs_home, "/handling")), 0);
    assert!(!theirs_home.contains("玲珑镇党群服务中心"));
    assert_eq!(theirs.get("/admin").await.status(), 403);
}

#[tokio::test]
async fn a_workers_course_page_shows_their_progress() {
    let app = spawn_app().await;
    let course = import(&app);
    app.create_user(Role::Worker, "w1", Some("linglong"));
    let worker = app.new_browser();
    worker.login_as_existing("w1").await;
    let page = worker.get_html(&format!("/learn/{course}")).await;
    assert!(page.contains("<progress id=\"course-progress\" max=\"100\" value=\"0\">"));
    assert!(page.contains("<label for=\"course-progress\">"));
    assert!(page.contains("已学 0/2 个模块") && page.contains("测验尚未通过"));
    let res = worker
        .post_form(&format!("/learn/{course}/modules/1/done"), &[])
        .await;
    assert!(res.status().is_redirection(), "{}", res.status());
    let page = worker.get_html(&format!("/learn/{course}")).await;
    assert!(page.contains("value=\"33\"") && page.contains("完成 33%"));
    assert!(page.contains("已学 1/2 个模块"));
}
