//! Certificates and handling modes, end to end: certifying by quiz and attendance, the
//! center turning 直办 and back, revocation, verification, expiry, retakes, refreshers,
//! zone selections, thresholds and API tokens.

use chrono::Duration;
use devolve::domain::role::Role;
use devolve::store::certificates::{self, CertRow};
use serde_json::Value;

use crate::course_fixture::{answers, import};
use crate::helpers::{location, spawn_app, TestApp};
use crate::learn::finish_modules;
use crate::training::{check_in_now, enrol_linglong, outbox_subjects, schedule_item};

/// The fixture course is item 5 (C05), taught by 人社局 (`rs`).
const CELL: &str = "/api/v1/centers/linglong/items/5/handling";

/// Starts and submits an attempt answering everything right.
async fn pass_quiz(b: &TestApp, app: &TestApp, course: i32) {
    let res = b.post_form(&format!("/learn/{course}/attempts"), &[]).await;
    assert_eq!(res.status(), 303, "start: {}", res.text().await.unwrap());
    let attempt: i32 = location(&res)
        .trim_start_matches("/attempts/")
        .parse()
        .unwrap();
    let res = b
        .post_pairs(
            &format!("/attempts/{attempt}/submit"),
            &answers(app, attempt, true),
        )
        .await;
    assert_eq!(res.status(), 303);
}

pub fn certs_of(app: &TestApp, username: &str) -> Vec<CertRow> {
    use devolve::db::schema::certificates::dsl;
    use diesel::prelude::*;
    let mut conn = app.pool.get().unwrap();
    let user = devolve::store::users::find_by_username(&mut conn, username)
        .unwrap()
        .unwrap();
    dsl::certificates
        .filter(dsl::user_id.eq(user.id))
        .select(CertRow::as_select())
        .order(dsl::id.asc())
        .load(&mut conn)
        .unwrap()
}

/// An admin issues an API token in the browser; returns it as the page showed it once.
async fn issue_token(admin: &TestApp, town: &str) -> String {
    let res = admin
        .post_form(
            "/admin/api-tokens",
            &[("name", "一窗受理系统"), ("town", town)],
        )
        .await;
    assert_eq!(res.status(), 200);
    assert_eq!(res.headers()["cache-control"], "no-store");
    let html = res.text().await.unwrap();
    let start = html.find("dvt_").expect("the token is shown once");
    html[start..].split('<').next().unwrap().to_string()
}

async fn api(app: &TestApp, token: &str, path: &str) -> (u16, Value) {
    let res = app
        .client
        .get(app.url(path))
        .bearer_auth(token)
        .send()
        .await
        .unwrap();
    let status = res.status().as_u16();
    (status, res.json().await.unwrap_or(Value::Null))
}

struct Setting {
    app: TestApp,
    course: i32,
    admin: TestApp,
    trainer: TestApp,
    token: String,
}

async fn setting() -> Setting {
    let app = spawn_app().await;
    let course = import(&app);
    for w in ["w-a", "w-b"] {
        app.create_user(Role::Worker, w, Some("linglong"));
    }
    app.create_user(Role::Manager, "ll-mgr", Some("linglong"));
    let admin = app.new_browser();
    admin.login_as(Role::Admin, "boss", None).await;
    let trainer = app.new_browser();
    trainer.login_as(Role::Trainer, "rs-t", Some("rs")).await;
    let token = issue_token(&admin, "").await;
    Setting {
        app,
        course,
        admin,
        trainer,
        token,
    }
}

/// Saves a town's zone selection and returns the sentence the town page then shows.
async fn choose_zone_items(manager: &TestApp, pairs: &[(String, String)], expect: &str) {
    let res = manager
        .post_pairs("/towns/linglong/zone-items", pairs)
        .await;
    assert_eq!(res.status(), 303);
    assert!(
        manager.get_html("/towns/linglong").await.contains(expect),
        "{expect}"
    );
}

async fn worker(app: &TestApp, name: &str) -> TestApp {
    let b = app.new_browser();
    b.login_as_existing(name).await;
    b
}

#[tokio::test]
async fn two_certified_workers_make_the_center_direct_and_a_revocation_makes_it_proxy() {
    let Setting {
        app,
        course,
        admin: _,
        trainer,
        token,
    } = setting().await;
    let session = schedule_item(&trainer, "养老待遇登记必修课", "30", "C05", true).await;
    enrol_linglong(&trainer, session).await;

    let (status, cell) = api(&app, &token, CELL).await;
    assert_eq!(status, 200, "{cell}");
    assert_eq!(cell["mode"], "proxy");
    assert_eq!(
        (cell["certified"].as_i64(), cell["required"].as_i64()),
        (Some(0), Some(2))
    );

    // w-a reads and passes, but the required session has not been held yet
    let a = worker(&app, "w-a").await;
    let learn = a.get_html("/learn").await;
    assert!(
        learn.contains("本中心代办") && learn.contains("还差 2 名持证社工"),
        "the worker sees where their certificate is needed"
    );
    finish_modules(&a, course).await;
    pass_quiz(&a, &app, course).await;
    assert!(certs_of(&app, "w-a").is_empty());
    let page = a.get_html(&format!("/learn/{course}")).await;
    assert!(
        page.contains("已报名的必修培训尚未结束"),
        "the gap is explained"
    );

    // attending completes it: the certificate comes with the check-in
    app.advance(Duration::minutes(60)); // 10:00 Beijing time
    let a = worker(&app, "w-a").await;
    assert_eq!(check_in_now(&a, &app, session).await.status(), 200);
    let a_certs = certs_of(&app, "w-a");
    assert_eq!(a_certs.len(), 1);
    let first = &a_certs[0];
    assert!(
        first.number.starts_with("ZY-2026-") && first.number.len() == 14,
        "{}",
        first.number
    );
    assert_eq!(
        (first.issued_on.as_str(), first.valid_until.as_str()),
        ("2026-11-25", "2028-11-24")
    );
    let mail = outbox_subjects(&app);
    assert!(mail.contains(&(
        "w-a@test.devolve.invalid".into(),
        "【取得证书】居民养老保险待遇登记及终止".into()
    )));
    let (_, cell) = api(&app, &token, CELL).await;
    assert_eq!(
        (cell["mode"].as_str(), cell["certified"].as_i64()),
        (Some("proxy"), Some(1))
    );
    assert_eq!(cell["reasons"][0], "代办 — 需 2 名已认证社工，现有 1 名");

    // a second colleague: attends, reads, passes on submit
    let b = worker(&app, "w-b").await;
    assert_eq!(check_in_now(&b, &app, session).await.status(), 200);
    finish_modules(&b, course).await;
    assert!(certs_of(&app, "w-b").is_empty());
    pass_quiz(&b, &app, course).await;
    let b_cert = certs_of(&app, "w-b")
        .pop()
        .expect("w-b certified on submit");
    assert_ne!(b_cert.number, first.number);

    let (_, cell) = api(&app, &token, CELL).await;
    assert_eq!(cell["mode"], "direct", "{cell}");
    assert_eq!(cell["certified"], 2);
    assert_eq!(cell["direct_until"], "2028-11-24");
    assert_eq!(
        cell["reasons"][0],
        "直办 — 2/2 已认证：测试w-a（至 2028年11月24日）、测试w-b（至 2028年11月24日）"
    );
    let (_, row) = api(&app, &token, "/api/v1/centers/linglong/handling").await;
    let c05 = row["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["item_code"] == "C05")
        .unwrap();
    assert_eq!(c05["mode"], "direct");
    let manager = worker(&app, "ll-mgr").await;
    let center = manager.get_html("/centers/linglong").await;
    assert!(
        center.contains("直办 — 2/2 已认证：测试w-a"),
        "the center page explains the cell"
    );

    // an hour has passed since the trainer and the admin logged in: sessions are idle
    let trainer = worker(&app, "rs-t").await;
    let admin = worker(&app, "boss").await;
    // lists are scoped: the town's manager sees both, a worker only their own, a trainer
    // of another bureau none; the item filter narrows
    let list = manager.get_html("/certificates?item=C05").await;
    assert!(
        list.contains(&first.number) && list.contains(&b_cert.number),
        "{list}"
    );
    let list = a.get_html("/certificates").await;
    assert!(list.contains(&first.number) && !list.contains(&b_cert.number));
    let other_trainer = app.new_browser();
    other_trainer
        .login_as(Role::Trainer, "wj-t", Some("wj"))
        .await;
    assert!(!other_trainer
        .get_html("/certificates")
        .await
        .contains(&first.number));
    assert_eq!(manager.get("/certificates?item=NOPE").await.status(), 400);
    // a worker of the same center cannot see the certificate of a colleague
    assert_eq!(
        a.get(&format!("/certificates/{}", b_cert.id))
            .await
            .status(),
        403
    );
    // a trainer of another bureau may not revoke
    let other = app.new_browser();
    other.login_as(Role::Trainer, "mz-t", Some("mz")).await;
    let res = other
        .post_form(
            &format!("/certificates/{}/revoke", b_cert.id),
            &[("reason", "x")],
        )
        .await;
    assert_eq!(res.status(), 403);
    let res = trainer
        .post_form(
            &format!("/certificates/{}/revoke", b_cert.id),
            &[("reason", "")],
        )
        .await;
    assert_eq!(res.status(), 400, "a reason is required");

    // the issuing bureau revokes: the very next read is 代办, with the reason
    let res = trainer
        .post_form(
            &format!("/certificates/{}/revoke", b_cert.id),
            &[("reason", "测验由他人代答")],
        )
        .await;
    assert_eq!(res.status(), 303);
    let (_, cell) = api(&app, &token, CELL).await;
    assert_eq!(cell["mode"], "proxy");
    assert_eq!(cell["reasons"][0], "代办 — 需 2 名已认证社工，现有 1 名");
    assert!(outbox_subjects(&app).contains(&(
        "w-b@test.devolve.invalid".into(),
        format!(
            "【证书已撤销】居民养老保险待遇登记及终止（{}）",
            b_cert.number
        )
    )));
    let audit = admin.get_html("/admin/audit").await;
    assert!(audit.contains("certificate.revoke") && audit.contains("测验由他人代答"));
    let res = trainer
        .post_form(
            &format!("/certificates/{}/revoke", b_cert.id),
            &[("reason", "再来一次")],
        )
        .await;
    assert_eq!(res.status(), 409, "revoking twice is refused");

    // anyone can verify: state, item and name, nothing more personal
    let anon = app.new_browser();
    let page = anon.get_html(&format!("/verify/{}", b_cert.code)).await;
    assert!(page.contains("已撤销") && page.contains("测试w-b"));
    assert!(!page.contains("w-b@test") && !page.contains("linglong"));
    let json: Value = anon
        .get(&format!("/api/v1/verify/{}", b_cert.code))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        (json["status"].as_str(), json["valid"].as_bool()),
        (Some("revoked"), Some(false))
    );
    let json: Value = anon
        .get(&format!("/api/v1/verify/{}", first.code))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(json["status"], "active");
    assert_eq!(
        anon.get("/verify/0123456789abcdef0123456789abcdef")
            .await
            .status(),
        404
    );
    assert_eq!(anon.get("/api/v1/verify/not-a-code").await.status(), 404);

    // the printable certificate carries the QR code to the verification link
    let page = a.get_html(&format!("/certificates/{}", first.id)).await;
    assert!(
        page.contains(&format!("/verify/{}", first.code))
            && page.contains("data:image/svg+xml;base64,")
    );
}

#[tokio::test]
async fn issuing_is_once_under_concurrent_completion() {
    let app = spawn_app().await;
    import(&app);
    app.create_user(Role::Worker, "racer", Some("linglong"));
    let (user_id, item_id, now) = {
        let mut conn = app.pool.get().unwrap();
        let u = devolve::store::users::find_by_username(&mut conn, "racer")
            .unwrap()
            .unwrap();
        let item = devolve::store::items::find_by_code(&mut conn, "C05")
            .unwrap()
            .unwrap();
        let now = app.clock.now_naive();
        devolve::store::demo_certificates::record_completion(&mut conn, u.id, item.item.id, now)
            .unwrap();
        (u.id, item.item.id, now)
    };
    let rules = app.state.settings.training_rules();
    let threads: Vec<_> = (0..8)
        .map(|_| {
            let pool = app.pool.clone();
            std::thread::spawn(move || {
                let mut conn = pool.get().unwrap();
                devolve::db::write_transaction(&mut conn, |c| {
                    certificates::try_issue(c, &rules, user_id, item_id, now)
                })
            })
        })
        .collect();
    let issued: Vec<Option<i32>> = threads
        .into_iter()
        .map(|t| t.join().unwrap().expect("no completion fails"))
        .collect();
    assert_eq!(
        issued.iter().filter(|i| i.is_some()).count(),
        1,
        "{issued:?}"
    );
    assert_eq!(certs_of(&app, "racer").len(), 1);
}

#[tokio::test]
async fn a_certificate_expires_after_its_last_day_and_a_retake_gets_a_new_number() {
    let Setting {
        app, course, token, ..
    } = setting().await;
    let a = worker(&app, "w-a").await;
    finish_modules(&a, course).await;
    pass_quiz(&a, &app, course).await;
    let old = certs_of(&app, "w-a")
        .pop()
        .expect("certified without sessions");

    // 2028-11-24 23:59 Beijing time is still the last day; 00:00 is not
    let last_minute = chrono::NaiveDate::from_ymd_opt(2028, 11, 24)
        .unwrap()
        .and_hms_opt(15, 59, 0)
        .unwrap();
    app.advance(last_minute - app.clock.now_naive());
    let verify = |code: String| {
        let anon = app.new_browser();
        async move {
            let v: Value = anon
                .get(&format!("/api/v1/verify/{code}"))
                .await
                .json()
                .await
                .unwrap();
            v["status"].as_str().unwrap().to_string()
        }
    };
    assert_eq!(verify(old.code.clone()).await, "expiring");
    let (_, cell) = api(&app, &token, CELL).await;
    assert_eq!(cell["certified"], 1);
    app.advance(Duration::minutes(1));
    assert_eq!(verify(old.code.clone()).await, "expired");
    let (_, cell) = api(&app, &token, CELL).await;
    assert_eq!(
        cell["certified"], 0,
        "an expired certificate no longer counts"
    );

    // the old pass does not certify again: the worker retakes the quiz
    let a = worker(&app, "w-a").await;
    let page = a.get_html(&format!("/learn/{course}")).await;
    assert!(
        page.contains("测验尚未通过") && page.contains("开始测验"),
        "{page}"
    );
    pass_quiz(&a, &app, course).await;
    let all = certs_of(&app, "w-a");
    assert_eq!(all.len(), 2, "the history keeps both");
    let (old, new) = (&all[0], &all[1]);
    assert_eq!(old.status, "expired");
    assert_eq!(new.status, "active");
    assert_ne!(new.number, old.number);
    assert_ne!(new.code, old.code);
    assert_eq!(
        (new.issued_on.as_str(), new.valid_until.as_str()),
        ("2028-11-25", "2030-11-24")
    );
    assert!(new.number.starts_with("ZY-2028-"));
}

#[tokio::test]
async fn expiry_reminders_go_at_60_30_and_7_days_once_each() {
    let Setting { app, course, .. } = setting().await;
    let a = worker(&app, "w-a").await;
    finish_modules(&a, course).await;
    pass_quiz(&a, &app, course).await;
    let state = app.state.clone();
    let run = |state: &devolve::web::state::AppState| {
        let mut conn = state.pool.get().unwrap();
        devolve::web::notify::queue_expiry_reminders(state, &mut conn).unwrap()
    };
    let reminders = |app: &TestApp| {
        outbox_subjects(app)
            .into_iter()
            .filter(|(_, s)| s.starts_with("【证书即将到期】"))
            .count()
    };
    assert_eq!(run(&state), 0);
    // the last day is 2028-11-24: 60 days before is 2028-09-25
    let day = |y, m, d| {
        chrono::NaiveDate::from_ymd_opt(y, m, d)
            .unwrap()
            .and_hms_opt(1, 0, 0)
            .unwrap()
    };
    app.advance(day(2028, 9, 24) - app.clock.now_naive());
    assert_eq!(run(&state), 0);
    app.advance(Duration::days(1));
    assert_eq!(run(&state), 2, "the worker and the town manager");
    assert_eq!(run(&state), 0, "once");
    app.advance(day(2028, 10, 25) - app.clock.now_naive());
    assert_eq!(run(&state), 2);
    app.advance(day(2028, 11, 17) - app.clock.now_naive());
    assert_eq!(run(&state), 2);
    app.advance(Duration::days(3));
    assert_eq!(run(&state), 0);
    assert_eq!(reminders(&app), 6);
}

#[tokio::test]
async fn a_major_version_asks_for_a_refresher_and_missing_it_expires_the_certificate() {
    let Setting {
        app,
        course,
        trainer: _,
        token,
        ..
    } = setting().await;
    for w in ["w-a", "w-b"] {
        let b = worker(&app, w).await;
        finish_modules(&b, course).await;
        pass_quiz(&b, &app, course).await;
    }
    let (_, cell) = api(&app, &token, CELL).await;
    assert_eq!(cell["mode"], "direct");

    // a day later the bureau rewrites module 2 and publishes a major version
    app.advance(Duration::days(1));
    let trainer = worker(&app, "rs-t").await;
    assert_eq!(
        trainer
            .post_form("/items/C05/course/draft", &[])
            .await
            .status(),
        303
    );
    let res = trainer
        .post_form(
            &format!("/courses/{course}/draft/modules/2"),
            &[
                ("title", "怎样办理"),
                ("minutes", "8"),
                ("body", "2027 年起全程网办，带上**身份证**即可。"),
            ],
        )
        .await;
    assert_eq!(res.status(), 303);
    let res = trainer
        .post_form(
            &format!("/courses/{course}/draft/publish"),
            &[("change_kind", "major"), ("note", "办理流程改为全程网办")],
        )
        .await;
    assert_eq!(res.status(), 303, "{}", res.text().await.unwrap());
    for w in ["w-a", "w-b"] {
        let c = certs_of(&app, w).pop().unwrap();
        assert_eq!(c.refresher_due.as_deref(), Some("2027-02-24"), "90 days");
        assert_eq!(c.ends_on, "2027-02-24");
    }
    assert!(outbox_subjects(&app).contains(&(
        "w-a@test.devolve.invalid".into(),
        "【需要复训】居民养老保险待遇登记及终止，请于 2027-02-24 前完成".into()
    )));
    let (_, cell) = api(&app, &token, CELL).await;
    assert_eq!(
        (cell["mode"].as_str(), cell["direct_until"].as_str()),
        (Some("direct"), Some("2027-02-24"))
    );

    // w-a refreshes: only the changed module is new to read, then the new quiz
    let a = worker(&app, "w-a").await;
    let page = a.get_html(&format!("/learn/{course}")).await;
    assert!(
        page.contains("2027年2月24日") && page.contains("学习模块：已完成 1/2"),
        "{page}"
    );
    let res = a
        .post_form(&format!("/learn/{course}/modules/2/done"), &[])
        .await;
    assert_eq!(res.status(), 303);
    pass_quiz(&a, &app, course).await;
    let a_certs = certs_of(&app, "w-a");
    assert_eq!(a_certs.len(), 2);
    assert_eq!(a_certs[0].status, "superseded");
    assert_eq!(a_certs[1].status, "active");
    assert_eq!(a_certs[1].refresher_due, None);

    // w-b lets the deadline pass: the old certificate ends, the center drops to 代办
    let after = chrono::NaiveDate::from_ymd_opt(2027, 2, 25)
        .unwrap()
        .and_hms_opt(1, 0, 0)
        .unwrap();
    app.advance(after - app.clock.now_naive());
    let b_old = certs_of(&app, "w-b").pop().unwrap();
    let json: Value = app
        .new_browser()
        .get(&format!("/api/v1/verify/{}", b_old.code))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(json["status"], "expired");
    let (_, cell) = api(&app, &token, CELL).await;
    assert_eq!(
        (cell["mode"].as_str(), cell["certified"].as_i64()),
        (Some("proxy"), Some(1))
    );
}

#[tokio::test]
async fn zone_selection_thresholds_and_the_heatmap() {
    let Setting {
        app,
        course,
        admin,
        token,
        ..
    } = setting().await;
    let a = worker(&app, "w-a").await;
    finish_modules(&a, course).await;
    pass_quiz(&a, &app, course).await;

    // a zone of 玲珑镇, with no items handed down yet
    let res = admin
        .post_form(
            "/zones",
            &[
                ("town", "linglong"),
                ("name", "玲珑镇罗山党建融合发展区党群服务中心"),
            ],
        )
        .await;
    assert_eq!(res.status(), 303);
    let zone = location(&res).trim_start_matches("/centers/").to_string();
    let zone_cell = format!("/api/v1/centers/{zone}/items/5/handling");
    let (_, cell) = api(&app, &token, &zone_cell).await;
    assert_eq!(cell["mode"], "not_delegated");

    let manager = worker(&app, "ll-mgr").await;
    let town = manager.get_html("/towns/linglong").await;
    assert!(town.contains("目前只选择了 0 项"), "non-compliant below 5");
    let ids: Vec<String> = {
        let mut conn = app.pool.get().unwrap();
        devolve::store::handling::catalog_items(&mut conn)
            .unwrap()
            .into_iter()
            .take(3)
            .map(|i| i.id.to_string())
            .collect()
    };
    let other = app.new_browser();
    other.login_as(Role::Manager, "bg-mgr", Some("biguo")).await;
    let pairs: Vec<(String, String)> = ids.iter().map(|i| ("item".into(), i.clone())).collect();
    assert_eq!(
        other
            .post_pairs("/towns/linglong/zone-items", &pairs)
            .await
            .status(),
        403
    );
    assert_eq!(
        manager
            .post_pairs("/towns/linglong/zone-items", &[("item".into(), "x".into())])
            .await
            .status(),
        400
    );
    choose_zone_items(&manager, &pairs, "目前只选择了 3 项").await;
    let (_, cell) = api(&app, &token, &zone_cell).await;
    assert_eq!(cell["mode"], "not_delegated", "C05 was not chosen");

    // choosing C05 too: the zone takes it, but has no certified worker of its own
    let mut five = pairs.clone();
    for code in ["C05", "C06"] {
        let mut conn = app.pool.get().unwrap();
        let i = devolve::store::items::find_by_code(&mut conn, code)
            .unwrap()
            .unwrap();
        five.push(("item".into(), i.item.id.to_string()));
    }
    choose_zone_items(&manager, &five, "已选择 5 项").await;
    let (_, cell) = api(&app, &token, &zone_cell).await;
    assert_eq!(
        (cell["mode"].as_str(), cell["required"].as_i64()),
        (Some("proxy"), Some(1))
    );

    // the town center has one certified worker: K=2 means 代办, K=1 直办 at once
    let (_, cell) = api(&app, &token, CELL).await;
    assert_eq!(cell["mode"], "proxy");
    for (who, town, status) in [(&admin, "0", 400), (&manager, "1", 403), (&admin, "1", 303)] {
        let res = who
            .post_form("/handling/thresholds", &[("town", town), ("zone", "1")])
            .await;
        assert_eq!(res.status(), status, "K town = {town}");
    }
    let (_, cell) = api(&app, &token, CELL).await;
    assert_eq!(
        (cell["mode"].as_str(), cell["required"].as_i64()),
        (Some("direct"), Some(1))
    );

    // the heatmap: admins see every town, a manager only theirs
    let map = admin.get_html("/handling").await;
    assert!(map.contains("玲珑镇") && map.contains("毕郭镇"));
    let map = manager.get_html("/handling").await;
    assert!(map.contains("玲珑镇") && !map.contains("毕郭镇"));
    assert!(
        map.contains("居民养老保险待遇登记及终止：1/2"),
        "C05: the town center direct, the zone not"
    );
    assert_eq!(a.get("/handling").await.status(), 403);

    // the public notice shows the direct items and no names
    let public = app.new_browser().get_html("/public/centers/linglong").await;
    assert!(
        public.contains("居民养老保险待遇登记及终止") && public.contains("直办至 2028年11月24日")
    );
    assert!(!public.contains("测试w-a"));
    let notice = manager.get_html("/centers/linglong/notice").await;
    assert!(
        notice.contains("/public/centers/linglong")
            && notice.contains("data:image/svg+xml;base64,")
    );
}

#[tokio::test]
async fn api_tokens_are_scoped_shown_once_and_revocable() {
    let Setting {
        app, admin, token, ..
    } = setting().await;
    let anon = app.new_browser();
    let res = anon.get(CELL).await;
    assert_eq!(res.status(), 401);
    assert_eq!(res.headers()["www-authenticate"], "Bearer");
    let body: Value = res.json().await.unwrap();
    assert!(body["error"].as_str().unwrap().contains("接口令牌"));
    assert_eq!(api(&app, "dvt_wrong", CELL).await.0, 401);

    // a token for 毕郭镇 reads only 毕郭镇
    let biguo = issue_token(&admin, "biguo").await;
    let (status, body) = api(&app, &biguo, CELL).await;
    assert_eq!(status, 403);
    assert!(body["error"].as_str().unwrap().contains("所属镇（街道）"));
    let (status, own) = api(&app, &biguo, "/api/v1/centers/biguo/handling").await;
    assert_eq!(status, 200);
    assert_eq!(own["items"].as_array().unwrap().len(), 36);
    let (_, matrix) = api(&app, &biguo, "/api/v1/handling").await;
    let codes: Vec<&str> = matrix["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["code"].as_str().unwrap())
        .collect();
    assert_eq!(codes, vec!["biguo"]);
    let (_, all) = api(&app, &token, "/api/v1/handling?per_page=5&page=2").await;
    assert_eq!(
        (all["page"].as_i64(), all["per_page"].as_i64()),
        (Some(2), Some(5))
    );
    assert_eq!(all["total"], 14, "the 14 town centers");
    assert_eq!(all["data"].as_array().unwrap().len(), 5);
    // a zone of the first town: town centers still come first
    let first_town = {
        let mut conn = app.pool.get().unwrap();
        devolve::store::centers::towns(&mut conn).unwrap()[0]
            .code
            .clone()
    };
    let res = admin
        .post_form(
            "/zones",
            &[("town", &first_town), ("name", "测试融合区党群服务中心")],
        )
        .await;
    assert_eq!(res.status(), 303);
    let (_, first) = api(&app, &token, "/api/v1/handling?per_page=2").await;
    assert_eq!(first["total"], 15);
    assert_eq!(first["data"][0]["code"], first_town.as_str());
    assert_eq!(first["data"][1]["level"], "zone");
    assert_eq!(
        api(&app, &token, "/api/v1/centers/nowhere/handling")
            .await
            .0,
        404
    );
    assert_eq!(
        api(&app, &token, "/api/v1/centers/linglong/items/99/handling")
            .await
            .0,
        404
    );

    // the list never shows the token again; revoking ends it at once
    let page = admin.get_html("/admin/api-tokens").await;
    assert!(!page.contains("dvt_"));
    let id = {
        use devolve::db::schema::api_tokens::dsl;
        use diesel::prelude::*;
        let mut conn = app.pool.get().unwrap();
        dsl::api_tokens
            .filter(dsl::town_id.is_not_null())
            .select(dsl::id)
            .first::<i32>(&mut conn)
            .unwrap()
    };
    let worker_browser = worker(&app, "w-a").await;
    assert_eq!(
        worker_browser
            .post_form(&format!("/admin/api-tokens/{id}/revoke"), &[])
            .await
            .status(),
        403
    );
    assert_eq!(
        admin
            .post_form(&format!("/admin/api-tokens/{id}/revoke"), &[])
            .await
            .status(),
        303
    );
    assert_eq!(
        api(&app, &biguo, "/api/v1/centers/biguo/handling").await.0,
        401
    );
    assert_eq!(
        api(&app, &token, CELL).await.0,
        200,
        "other tokens still work"
    );
    let doc: Value = anon.get("/api/v1/openapi.json").await.json().await.unwrap();
    for path in [
        "/api/v1/handling",
        "/api/v1/centers/{code}/handling",
        "/api/v1/centers/{code}/items/{seq}/handling",
        "/api/v1/verify/{code}",
    ] {
        assert!(doc["paths"][path].is_object(), "{path} documented");
    }
}

#[tokio::test]
async fn item_settings_moves_and_the_mode_follow_at_once() {
    let Setting {
        app,
        course,
        admin,
        token,
        ..
    } = setting().await;
    // a shorter validity for this item, set before anyone is certified
    let res = admin
        .post_form(
            "/items/C05/settings",
            &[("delegated", "1"), ("cert_months", "0")],
        )
        .await;
    assert_eq!(res.status(), 400, "months must be 1–120");
    let manager = worker(&app, "ll-mgr").await;
    let res = manager
        .post_form(
            "/items/C05/settings",
            &[("delegated", "1"), ("cert_months", "12")],
        )
        .await;
    assert_eq!(res.status(), 403);
    let res = admin
        .post_form(
            "/items/C05/settings",
            &[("delegated", "1"), ("cert_months", "12")],
        )
        .await;
    assert_eq!(res.status(), 303);
    for w in ["w-a", "w-b"] {
        let b = worker(&app, w).await;
        finish_modules(&b, course).await;
        pass_quiz(&b, &app, course).await;
        assert_eq!(certs_of(&app, w)[0].valid_until, "2027-11-24");
    }
    let (_, cell) = api(&app, &token, CELL).await;
    assert_eq!(cell["mode"], "direct");

    // an admin's correction puts a certified worker at another town's center (moves within
    // a town go through approved transfers, tests/api/roster.rs): 玲珑镇 drops at once, and
    // the worker's certificate now counts where they work
    let id = {
        let mut conn = app.pool.get().unwrap();
        devolve::store::users::find_by_username(&mut conn, "w-b")
            .unwrap()
            .unwrap()
            .id
    };
    let today = devolve::domain::cst::date_of(app.clock.now_naive()).to_string();
    let res = admin
        .post_form(
            &format!("/roster/workers/{id}/correction"),
            &[
                ("center", "biguo"),
                ("position", "window"),
                ("posting", "serving"),
                ("valid_from", &today),
                ("note", "登记在错误的镇"),
            ],
        )
        .await;
    assert_eq!(res.status(), 303);
    let (_, cell) = api(&app, &token, CELL).await;
    assert_eq!(
        (cell["mode"].as_str(), cell["certified"].as_i64()),
        (Some("proxy"), Some(1))
    );
    let (_, cell) = api(&app, &token, "/api/v1/centers/biguo/items/5/handling").await;
    assert_eq!(cell["certified"], 1);

    // an item no longer handed down to towns is not taken anywhere
    let res = admin
        .post_form("/items/C05/settings", &[("cert_months", "12")])
        .await;
    assert_eq!(res.status(), 303);
    let (_, cell) = api(&app, &token, CELL).await;
    assert_eq!(cell["mode"], "not_delegated");
    assert!(cell["reasons"][0].as_str().unwrap().starts_with("不受理"));
}
