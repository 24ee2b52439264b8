//! The roster and transfers, end to end: a manager files, the organization department
//! sees the impact and approves, and only then does the roster (and with it the handling
//! modes) change. No other route moves a worker.

use chrono::{Duration, NaiveDate};
use devolve::db::write_transaction;
use devolve::domain::cst;
use devolve::domain::handling::HandlingMode;
use devolve::domain::role::Role;
use devolve::error::AppError;
use devolve::store::handling::{self, center_ref_by_code};
use devolve::store::{audit, roster, transfer_impact, transfers, users};

use crate::course_fixture::import;
use crate::helpers::{location, spawn_app, TestApp};
use crate::training::outbox_subjects;

/// The fixture course's item: C05, id 5.
const ITEM: i32 = 5;

pub fn user_id(app: &TestApp, username: &str) -> i32 {
    let mut conn = app.pool.get().unwrap();
    users::find_by_username(&mut conn, username)
        .unwrap()
        .expect(username)
        .id
}

fn user(app: &TestApp, username: &str) -> users::UserRow {
    let mut conn = app.pool.get().unwrap();
    users::find_by_username(&mut conn, username)
        .unwrap()
        .unwrap()
}

/// Certifies a worker on the fixture item through the real issuing rule.
pub fn certify(app: &TestApp, username: &str) {
    let id = user_id(app, username);
    let mut conn = app.pool.get().unwrap();
    let now = app.clock.now_naive();
    devolve::store::demo_certificates::record_completion(&mut conn, id, ITEM, now).unwrap();
    let rules = app.state.settings.training_rules();
    let issued = devolve::store::certificates::try_issue(&mut conn, &rules, id, ITEM, now).unwrap();
    assert!(issued.is_some(), "{username} certified");
}

pub fn mode_at(app: &TestApp, center: &str) -> HandlingMode {
    let mut conn = app.pool.get().unwrap();
    let c = center_ref_by_code(&mut conn, center).unwrap().unwrap();
    let today = cst::date_of(app.clock.now_naive());
    handling::row(&mut conn, &c, today)
        .unwrap()
        .into_iter()
        .find(|d| d.item.id == ITEM)
        .unwrap()
        .cell
        .mode
}

fn history_len(app: &TestApp, username: &str) -> usize {
    let mut conn = app.pool.get().unwrap();
    roster::history(&mut conn, user_id(app, username))
        .unwrap()
        .len()
}

fn audit_actions(app: &TestApp, family: &str) -> Vec<(String, String, String)> {
    let mut conn = app.pool.get().unwrap();
    let f = audit::AuditFilter {
        action: Some(family.into()),
        ..Default::default()
    };
    audit::list(
        &mut conn,
        &f,
        devolve::domain::pagination::PageRequest::new(None, 100),
    )
    .unwrap()
    .into_iter()
    .map(|e| (e.action, e.before_state, e.after_state))
    .collect()
}

fn today(app: &TestApp) -> NaiveDate {
    cst::date_of(app.clock.now_naive())
}

/// Three window staff at 玲珑镇's town center, two of them certified on C05 (K = 2, so
/// C05 is handled directly there), with the town's manager, the organization department
/// and an admin logged in.
struct Town {
    app: TestApp,
    manager: TestApp,
    org: TestApp,
    admin: TestApp,
}

async fn town() -> Town {
    let app = spawn_app().await;
    import(&app);
    for w in ["w1", "w2", "w3"] {
        app.create_user(Role::Worker, w, Some("linglong"));
    }
    certify(&app, "w1");
    certify(&app, "w2");
    let manager = app.new_browser();
    manager
        .login_as(Role::Manager, "ll-mgr", Some("linglong"))
        .await;
    let org = app.new_browser();
    org.login_as(Role::Orgdept, "org", None).await;
    let admin = app.new_browser();
    admin.login_as(Role::Admin, "boss", None).await;
    Town {
        app,
        manager,
        org,
        admin,
    }
}

async fn post(b: &TestApp, fields: Vec<(&str, String)>) -> reqwest::Response {
    let pairs: Vec<(String, String)> = fields
        .into_iter()
        .map(|(k, v)| (k.to_string(), v))
        .collect();
    b.post_pairs("/transfers", &pairs).await
}

/// A secondment to the town's flood-control team for `worker` (an id), from `starts_on`.
pub fn secondment<'a>(worker: &'a str, starts_on: &'a str) -> [(&'a str, &'a str); 6] {
    [
        ("worker", worker),
        ("kind", "secondment"),
        ("destination", "镇防汛专班"),
        ("reason", "汛期防汛需要"),
        ("starts_on", starts_on),
        ("ends_on", ""),
    ]
}

async fn file(manager: &TestApp, fields: &[(&str, &str)]) -> reqwest::Response {
    manager.post_form("/transfers", fields).await
}

fn transfer_id(res: &reqwest::Response) -> i32 {
    location(res)
        .trim_start_matches("/transfers/")
        .parse()
        .expect("redirect to the request")
}

#[tokio::test]
async fn a_secondment_is_approved_by_the_organization_department_and_only_then_changes_the_roster()
{
    let Town {
        app,
        manager,
        org,
        admin,
    } = town().await;
    assert_eq!(mode_at(&app, "linglong"), HandlingMode::Direct);
    // the manager's home measures the plan's progress: one of the town center's 35 items
    assert!(manager.get_html("/manager").await.contains("直办 2%"));
    let w1 = user_id(&app, "w1");
    let form = manager
        .get_html(&format!("/transfers/new?worker={w1}"))
        .await;
    assert!(form.contains("抽调从事其他工作") && form.contains("测试w1"));
    let day = today(&app).to_string();
    let res = file(
        &manager,
        &[
            ("worker", &w1.to_string()),
            ("kind", "secondment"),
            ("destination", "镇防汛专班"),
            ("reason", "汛期防汛需要"),
            ("starts_on", &day),
            ("ends_on", ""),
        ],
    )
    .await;
    assert_eq!(res.status(), 303);
    let id = transfer_id(&res);

    // filed, not decided: nothing has moved
    assert_eq!(user(&app, "w1").posting, "serving");
    assert_eq!(history_len(&app, "w1"), 1);
    assert_eq!(mode_at(&app, "linglong"), HandlingMode::Direct);
    let roster_page = manager.get_html("/roster").await;
    assert!(
        roster_page.contains("<b>3</b> / 3"),
        "still 3 of 3 at the window"
    );
    assert!(outbox_subjects(&app)
        .iter()
        .any(|(to, s)| to.starts_with("org@") && s.contains("人员调整待审批")));

    // the organization department sees what approval would do
    let page = org.get_html(&format!("/transfers/{id}")).await;
    assert!(page.contains("批准后的影响"));
    assert!(page.contains("缺 1 人"), "the window would fall to 2 of 3");
    assert!(page.contains("C05"), "C05 would drop to 代办: {page}");
    let predicted = {
        let mut conn = app.pool.get().unwrap();
        let t = transfers::find(&mut conn, id).unwrap().unwrap();
        let rules = app.state.settings.training_rules();
        transfer_impact::impact(&mut conn, &t, &rules, app.clock.now_naive())
            .unwrap()
            .unwrap()
    };
    assert_eq!(predicted.drops.len(), 1);
    assert_eq!(
        (
            predicted.drops[0].center_code.as_str(),
            predicted.drops[0].item_code.as_str()
        ),
        ("linglong", "C05")
    );
    assert_eq!(
        (
            predicted.centers[0].before.window,
            predicted.centers[0].after.window
        ),
        (3, 2)
    );

    // only the organization department decides
    for (who, b) in [("manager", &manager), ("admin", &admin)] {
        let res = b
            .post_form(
                &format!("/transfers/{id}/decision"),
                &[("decision", "approve")],
            )
            .await;
        assert_eq!(res.status(), 403, "{who} may not decide");
    }
    assert_eq!(user(&app, "w1").posting, "serving");

    let res = org
        .post_form(
            &format!("/transfers/{id}/decision"),
            &[
                ("decision", "approve"),
                ("comment", "同意，汛期结束后及时返岗"),
            ],
        )
        .await;
    assert_eq!(res.status(), 303);

    // the roster, the handling mode and the audit trail follow, exactly as predicted
    let w = user(&app, "w1");
    assert_eq!((w.posting.as_str(), w.active), ("seconded", true));
    assert_eq!(history_len(&app, "w1"), 2);
    assert_eq!(mode_at(&app, "linglong"), HandlingMode::Proxy);
    assert!(manager.get_html("/manager").await.contains("直办 0%"));
    let after_page = manager.get_html("/roster").await;
    assert!(after_page.contains("<b>2</b> / 3") && after_page.contains("抽调中"));
    let worker_page = manager.get_html(&format!("/roster/workers/{w1}")).await;
    assert!(
        worker_page.contains("抽调从事其他工作")
            && worker_page.contains(&format!("/transfers/{id}"))
    );
    let decided = org.get_html(&format!("/transfers/{id}")).await;
    assert!(decided.contains("已批准") && !decided.contains("批准后的影响"));
    let actions = audit_actions(&app, "transfer");
    assert_eq!(
        actions.iter().map(|a| a.0.as_str()).collect::<Vec<_>>(),
        vec!["transfer.approve", "transfer.request"]
    );
    assert!(actions[0].1.contains("在岗") && actions[0].2.contains("抽调中"));
    assert!(outbox_subjects(&app)
        .iter()
        .any(|(to, s)| to.starts_with("ll-mgr@") && s.contains("人员调整已批准")));
    // the stability report and this month's bulletin count the secondment too
    let stability = org
        .get_html(&format!("/reports/stability?from={day}&to={day}"))
        .await;
    let cell = |metric: &str, value: &str| {
        format!("center&#x3D;linglong&amp;metric&#x3D;{metric}\">{value}</a>")
    };
    assert!(
        stability.contains(&cell("headcount", "2/3")),
        "window 2 of 3"
    );
    assert!(
        stability.contains(&cell("approved", "1")),
        "one approved request"
    );
    let bulletin = org.get_html("/reports/bulletin").await;
    assert!(
        bulletin.contains("玲珑镇党群服务中心（2/3）"),
        "flagged as short in the bulletin"
    );

    // the orgdept reads the same rows on the audit page
    let log = org.get_html("/admin/audit?action=transfer").await;
    assert!(log.contains("transfer.approve") && log.contains("抽调中"));
    assert!(
        !log.contains("user.create"),
        "the filter keeps other families out"
    );
}

#[tokio::test]
async fn no_route_moves_a_worker_without_an_approved_request() {
    let Town {
        app,
        manager,
        org,
        admin,
    } = town().await;
    let w3 = user_id(&app, "w3");
    let w3_center = user(&app, "w3").center_id;
    let unchanged = |app: &TestApp, why: &str| {
        let u = user(app, "w3");
        assert_eq!(
            (
                u.center_id,
                u.posting.as_str(),
                u.active,
                history_len(app, "w3")
            ),
            (w3_center, "serving", true, 1),
            "{why}"
        );
    };

    // the admin's account pages refuse to move or disable a worker in post
    let res = admin
        .post_form(
            &format!("/admin/users/{w3}/role"),
            &[("role", "worker"), ("center", "biguo")],
        )
        .await;
    assert_eq!(res.status(), 400);
    assert!(res.text().await.unwrap().contains("须经市委组织部批准"));
    unchanged(&app, "role change");
    let res = admin
        .post_form(
            &format!("/admin/users/{w3}/role"),
            &[("role", "manager"), ("town", "linglong")],
        )
        .await;
    assert_eq!(res.status(), 400);
    unchanged(&app, "role change to manager");
    let res = admin
        .post_form(&format!("/admin/users/{w3}/active"), &[("active", "0")])
        .await;
    assert_eq!(res.status(), 400);
    unchanged(&app, "disable");

    // contact details change nothing else, even with a smuggled center field
    let res = manager
        .post_form(
            &format!("/roster/workers/{w3}/contact"),
            &[
                ("category", "graduate2020"),
                ("phone", "0535-8211234"),
                ("email", "w3@example.cn"),
                ("center", "biguo"),
            ],
        )
        .await;
    assert_eq!(res.status(), 303);
    assert_eq!(user(&app, "w3").category, "graduate2020");
    unchanged(&app, "contact");
    assert!(audit_actions(&app, "roster")
        .iter()
        .any(|(a, before, after)| a == "roster.contact"
            && before.contains("其他")
            && after.contains("0535-8211234")));

    // filing, rejecting and withdrawing change nothing
    let day = today(&app).to_string();
    let fields = |kind: &'static str| {
        vec![
            ("worker", w3.to_string()),
            ("kind", kind.to_string()),
            ("reason", "工作需要".to_string()),
            ("starts_on", day.clone()),
        ]
    };
    let res = post(&manager, fields("departure")).await;
    assert_eq!(res.status(), 303);
    let first = transfer_id(&res);
    unchanged(&app, "filed");
    let res = post(&manager, fields("departure")).await;
    assert_eq!(res.status(), 400, "one open request per worker");
    assert!(res.text().await.unwrap().contains("待审批"));
    let res = org
        .post_form(
            &format!("/transfers/{first}/decision"),
            &[("decision", "reject")],
        )
        .await;
    assert_eq!(res.status(), 400, "a rejection needs a comment");
    let res = org
        .post_form(
            &format!("/transfers/{first}/decision"),
            &[
                ("decision", "reject"),
                ("comment", "窗口人手不足，暂不同意"),
            ],
        )
        .await;
    assert_eq!(res.status(), 303);
    unchanged(&app, "rejected");
    let res = org
        .post_form(
            &format!("/transfers/{first}/decision"),
            &[("decision", "approve")],
        )
        .await;
    assert_eq!(res.status(), 409, "decided once");
    unchanged(&app, "decided twice");
    let res = post(&manager, fields("departure")).await;
    let second = transfer_id(&res);
    let res = manager
        .post_form(&format!("/transfers/{second}/withdraw"), &[])
        .await;
    assert_eq!(res.status(), 303);
    unchanged(&app, "withdrawn");

    // nobody but the town's own manager files, and the worker never does
    let other = app.new_browser();
    other.login_as(Role::Manager, "bg-mgr", Some("biguo")).await;
    let worker = app.new_browser();
    worker.login_as_existing("w3").await;
    for (who, b) in [
        ("other town", &other),
        ("worker", &worker),
        ("orgdept", &org),
        ("admin", &admin),
    ] {
        let res = post(b, fields("departure")).await;
        assert_eq!(res.status(), 403, "{who} files");
    }
    assert_eq!(
        other.get(&format!("/roster/workers/{w3}")).await.status(),
        403
    );
    assert_eq!(
        other.get(&format!("/transfers/{first}")).await.status(),
        403
    );
    assert_eq!(worker.get("/roster").await.status(), 403);
    unchanged(&app, "refused filings");

    // a replacement is for zone staff only, with the reason in Chinese
    let res = post(&manager, fields("replacement")).await;
    assert_eq!(res.status(), 400);
    assert!(res.text().await.unwrap().contains("只适用于党建融合发展区"));
    let res = post(
        &manager,
        vec![
            ("worker", w3.to_string()),
            ("kind", "departure".into()),
            ("reason", "x".into()),
            ("starts_on", "明天".into()),
        ],
    )
    .await;
    assert_eq!(res.status(), 400);
    unchanged(&app, "bad requests");

    // the admin's correction is the one other way, and it is logged as such
    let res = org
        .post_form(
            &format!("/roster/workers/{w3}/correction"),
            &[
                ("center", "linglong"),
                ("position", "specialised"),
                ("posting", "serving"),
                ("valid_from", &day),
                ("note", "x"),
            ],
        )
        .await;
    assert_eq!(res.status(), 403);
    let res = admin
        .post_form(
            &format!("/roster/workers/{w3}/correction"),
            &[
                ("center", "linglong"),
                ("position", "specialised"),
                ("posting", "serving"),
                ("valid_from", &day),
                ("note", ""),
            ],
        )
        .await;
    assert_eq!(res.status(), 400, "a correction needs a note");
    unchanged(&app, "refused corrections");
    let res = admin
        .post_form(
            &format!("/roster/workers/{w3}/correction"),
            &[
                ("center", "linglong"),
                ("position", "specialised"),
                ("posting", "serving"),
                ("valid_from", &day),
                ("note", "入职时岗位登记错误"),
            ],
        )
        .await;
    assert_eq!(res.status(), 303);
    assert_eq!(user(&app, "w3").position, "specialised");
    assert!(manager
        .get_html(&format!("/roster/workers/{w3}"))
        .await
        .contains("管理员更正"));
    assert!(audit_actions(&app, "assignment")
        .iter()
        .any(|(a, before, after)| a == "assignment.correction"
            && before.contains("一站式服务窗口")
            && after.contains("专业窗口")));
}

#[tokio::test]
async fn history_answers_a_past_date_and_future_moves_wait_for_their_day() {
    let Town {
        app, manager, org, ..
    } = town().await;
    let start = today(&app);
    // a zone of 玲珑镇 to move to
    let res = manager
        .post_form(
            "/zones",
            &[("town", "linglong"), ("name", "东庄融合发展区")],
        )
        .await;
    assert_eq!(res.status(), 303);
    let zone = {
        let mut conn = app.pool.get().unwrap();
        handling::center_refs(&mut conn, None)
            .unwrap()
            .into_iter()
            .find(|c| c.name == "东庄融合发展区")
            .unwrap()
    };
    app.advance(Duration::days(10));
    manager.login_as_existing("ll-mgr").await;
    org.login_as_existing("org").await;
    let w2 = user_id(&app, "w2");
    let move_on = today(&app) + Duration::days(5);
    let res = file(
        &manager,
        &[
            ("worker", &w2.to_string()),
            ("kind", "move"),
            ("to_center", &zone.code),
            ("to_position", "window"),
            ("reason", "充实融合发展区窗口"),
            ("starts_on", &move_on.to_string()),
        ],
    )
    .await;
    assert_eq!(res.status(), 303);
    let id = transfer_id(&res);
    let res = org
        .post_form(
            &format!("/transfers/{id}/decision"),
            &[("decision", "approve")],
        )
        .await;
    assert_eq!(res.status(), 303);
    // approved for a later day: today the worker is still at the town center
    assert_eq!(
        user(&app, "w2").center_id,
        Some(
            center_ref_by_code(&mut app.pool.get().unwrap(), "linglong")
                .unwrap()
                .unwrap()
                .id
        )
    );
    assert_eq!(mode_at(&app, "linglong"), HandlingMode::Direct);
    let res = file(
        &manager,
        &[
            ("worker", &w2.to_string()),
            ("kind", "departure"),
            ("reason", "辞职"),
            ("starts_on", &move_on.to_string()),
        ],
    )
    .await;
    assert_eq!(res.status(), 400, "a change still ahead comes first");
    assert!(res.text().await.unwrap().contains(&move_on.to_string()));

    app.advance(Duration::days(6));
    roster::maintain(&mut app.pool.get().unwrap(), app.clock.now_naive()).unwrap();
    assert_eq!(user(&app, "w2").center_id, Some(zone.id));
    assert_eq!(mode_at(&app, "linglong"), HandlingMode::Proxy);

    // who was where, on each day
    let mut conn = app.pool.get().unwrap();
    let at = |conn: &mut devolve::db::DbConnection, day: NaiveDate| {
        roster::on_date(conn, None, day)
            .unwrap()
            .into_iter()
            .find(|p| p.user_id == w2)
            .map(|p| p.center_id)
    };
    let town_center = center_ref_by_code(&mut conn, "linglong")
        .unwrap()
        .unwrap()
        .id;
    assert_eq!(
        at(&mut conn, start - Duration::days(1)),
        None,
        "not yet hired"
    );
    assert_eq!(at(&mut conn, start), Some(town_center));
    assert_eq!(
        at(&mut conn, move_on - Duration::days(1)),
        Some(town_center)
    );
    assert_eq!(at(&mut conn, move_on), Some(zone.id));
    // past days' handling modes come from the same history
    let c = center_ref_by_code(&mut conn, "linglong").unwrap().unwrap();
    let before =
        handling::matrix_on(&mut conn, vec![c.clone()], move_on - Duration::days(1)).unwrap();
    let after = handling::matrix_on(&mut conn, vec![c], move_on).unwrap();
    let col = before.items.iter().position(|i| i.id == ITEM).unwrap();
    assert_eq!(before.cells[0][col].mode, HandlingMode::Direct);
    assert_eq!(after.cells[0][col].mode, HandlingMode::Proxy);
    drop(conn);
    manager.login_as_existing("ll-mgr").await;
    let past = manager
        .get_html(&format!("/roster?on={}", move_on - Duration::days(1)))
        .await;
    assert!(past.contains("当日的人员情况") && past.contains("<b>3</b> / 3"));
    let now_page = manager.get_html("/roster").await;
    assert!(now_page.contains("<b>2</b> / 3"));
    assert_eq!(manager.get("/roster?on=yesterday").await.status(), 400);
}

#[tokio::test]
async fn a_decision_and_its_history_and_audit_rows_commit_together() {
    let Town { app, manager, .. } = town().await;
    let w1 = user_id(&app, "w1");
    let day = today(&app).to_string();
    let res = file(
        &manager,
        &[
            ("worker", &w1.to_string()),
            ("kind", "departure"),
            ("reason", "辞职"),
            ("starts_on", &day),
        ],
    )
    .await;
    let id = transfer_id(&res);
    let org_id = {
        app.create_user(Role::Orgdept, "org2", None);
        user_id(&app, "org2")
    };
    let mut conn = app.pool.get().unwrap();
    let now = app.clock.now_naive();
    let failed: Result<(), AppError> = write_transaction(&mut conn, |conn| {
        transfers::decide(conn, id, true, "", org_id, now)?;
        Err(AppError::bad("a later step failed"))
    });
    assert!(failed.is_err());
    drop(conn);
    assert_eq!(
        history_len(&app, "w1"),
        1,
        "no history row without the decision"
    );
    assert!(audit_actions(&app, "transfer")
        .iter()
        .all(|a| a.0 != "transfer.approve"));
    let mut conn = app.pool.get().unwrap();
    assert_eq!(
        transfers::find(&mut conn, id).unwrap().unwrap().status,
        "pending"
    );
    // and committed, all three are there
    transfers::decide(&mut conn, id, true, "", org_id, now).unwrap();
    drop(conn);
    assert_eq!(history_len(&app, "w1"), 2);
    let w = user(&app, "w1");
    assert_eq!(
        (w.posting.as_str(), w.active),
        ("departed", false),
        "a leaver's account closes"
    );
    assert!(audit_actions(&app, "transfer")
        .iter()
        .any(|a| a.0 == "transfer.approve"));

    // and the audit log itself refuses edits and deletions, in the database
    use diesel::RunQueryDsl;
    let mut conn = app.pool.get().unwrap();
    let all = audit::AuditFilter::default();
    let rows = audit::count(&mut conn, &all).unwrap();
    assert!(diesel::sql_query("UPDATE audit_log SET detail = 'changed'")
        .execute(&mut conn)
        .is_err());
    assert!(diesel::sql_query("DELETE FROM audit_log")
        .execute(&mut conn)
        .is_err());
    assert_eq!(audit::count(&mut conn, &all).unwrap(), rows);
}

#[tokio::test]
async fn staffing_minimums_are_configurable_and_new_staff_are_added_directly() {
    let Town {
        app,
        manager,
        admin,
        ..
    } = town().await;
    assert!(manager
        .get_html("/roster")
        .await
        .contains("全部中心达到最低配备要求"));
    let res = admin
        .post_form("/roster/minimums", &[("town", "4"), ("zone", "2")])
        .await;
    assert_eq!(res.status(), 303);
    let page = manager.get_html("/roster").await;
    assert!(page.contains("<b>3</b> / 4") && page.contains("缺 1 人"));
    let res = admin
        .post_form("/roster/minimums", &[("town", "0"), ("zone", "2")])
        .await;
    assert_eq!(res.status(), 400);
    assert_eq!(
        manager
            .post_form("/roster/minimums", &[("town", "1"), ("zone", "1")])
            .await
            .status(),
        403
    );

    // a new hire is added by the manager directly, and counts at once
    let res = manager
        .post_form(
            "/roster",
            &[
                ("display_name", "王新"),
                ("username", "wang-xin"),
                ("category", "graduate2020"),
                ("center", "linglong"),
                ("position", "window"),
                ("phone", "13800000000"),
                ("email", ""),
                ("password", "a-long-enough-passphrase"),
                ("confirm", "a-long-enough-passphrase"),
            ],
        )
        .await;
    assert_eq!(res.status(), 303);
    let page = manager.get_html("/roster").await;
    assert!(
        page.contains("王新") && page.contains("<b>4</b> / 4") && page.contains("2020届招考大学生")
    );
    assert_eq!(history_len(&app, "wang-xin"), 1);
    // another town's center is refused
    let res = manager
        .post_form(
            "/roster",
            &[
                ("display_name", "李四"),
                ("username", "li-si"),
                ("category", "fulltime"),
                ("center", "biguo"),
                ("position", "window"),
                ("password", "a-long-enough-passphrase"),
                ("confirm", "a-long-enough-passphrase"),
            ],
        )
        .await;
    assert_eq!(res.status(), 400);
    assert!(res.text().await.unwrap().contains("本镇"));
    assert!(audit_actions(&app, "roster")
        .iter()
        .any(|a| a.0 == "roster.minimums" && a.1.contains("镇 3") && a.2.contains("镇 4")));
    assert!(audit_actions(&app, "roster")
        .iter()
        .any(|a| a.0 == "roster.hire"));
}

#[tokio::test]
async fn each_recipient_reads_the_decision_in_their_own_language() {
    let Town {
        app, manager, org, ..
    } = town().await;
    let res = manager
        .post_form("/lang", &[("lang", "en"), ("next", "/manager")])
        .await;
    assert_eq!(res.status(), 303);
    let w1 = user_id(&app, "w1");
    let day = today(&app).to_string();
    let res = file(
        &manager,
        &[
            ("worker", &w1.to_string()),
            ("kind", "secondment"),
            ("destination", "镇防汛专班"),
            ("reason", "汛期需要"),
            ("starts_on", &day),
        ],
    )
    .await;
    let id = transfer_id(&res);
    let res = org
        .post_form(
            &format!("/transfers/{id}/decision"),
            &[("decision", "approve")],
        )
        .await;
    assert_eq!(res.status(), 303);
    let mut conn = app.pool.get().unwrap();
    let mails = devolve::mail::outbox::list(&mut conn, None, 100, 0).unwrap();
    let to_manager = mails
        .iter()
        .find(|m| m.to_address.starts_with("ll-mgr@"))
        .expect("the manager's mail");
    assert_eq!(
        to_manager.subject,
        "[Staffing change approved] 测试w1: secondment to other work"
    );
    assert!(to_manager.text_body.contains("Organization Department"));
    let to_worker = mails
        .iter()
        .find(|m| m.to_address.starts_with("w1@"))
        .expect("the worker's mail");
    assert!(
        to_worker.subject.contains("人员调整已批准"),
        "{}",
        to_worker.subject
    );
}
