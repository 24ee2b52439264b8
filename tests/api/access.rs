//! The role × page matrix for every page that exists.

use devolve::domain::role::Role;

use crate::helpers::{location, spawn_app, TestApp};

const PAGES: [&str; 41] = [
    "/admin",
    "/trainer",
    "/manager",
    "/worker",
    "/orgdept",
    "/items",
    "/items/C08",
    "/centers",
    "/centers/linglong",
    "/centers/biguo",
    "/towns",
    "/towns/linglong",
    "/zones/new",
    "/admin/users",
    "/admin/catalog",
    "/admin/audit",
    "/account",
    "/admin/users/1",
    "/courses",
    "/learn",
    "/sessions",
    "/sessions/new",
    "/schedule",
    "/checkin",
    "/manager/leaves",
    "/manager/sessions",
    "/training/cases",
    "/reports/attendance",
    "/admin/outbox",
    "/certificates",
    "/handling",
    "/admin/api-tokens",
    "/centers/linglong/notice",
    "/centers/biguo/notice",
    "/public/centers/linglong",
    "/verify/0123456789abcdef0123456789abcdef",
    "/roster",
    "/roster/new",
    "/transfers",
    "/reports/stability",
    "/reports/bulletin",
];

/// Expected status per page for: anonymous, admin, trainer, manager (玲珑镇), worker (玲珑镇), orgdept.
fn expected(page: &str) -> [u16; 6] {
    match page {
        "/admin" => [303, 200, 403, 403, 403, 403],
        "/trainer" => [303, 403, 200, 403, 403, 403],
        "/manager" => [303, 403, 403, 200, 403, 403],
        "/worker" => [303, 403, 403, 403, 200, 403],
        "/orgdept" => [303, 403, 403, 403, 403, 200],
        "/items" | "/items/C08" | "/centers" | "/account" => [303, 200, 200, 200, 200, 200],
        "/centers/linglong" => [303, 200, 200, 200, 200, 200],
        "/centers/biguo" => [303, 200, 200, 403, 403, 200],
        "/towns" => [303, 200, 403, 403, 403, 200],
        "/towns/linglong" => [303, 200, 403, 200, 403, 200],
        "/zones/new" => [303, 200, 403, 200, 403, 403],
        "/admin/users" | "/admin/catalog" | "/admin/users/1" => [303, 200, 403, 403, 403, 403],
        "/admin/audit" => [303, 200, 403, 403, 403, 200],
        "/roster" | "/transfers" => [303, 200, 403, 200, 403, 200],
        "/roster/new" => [303, 403, 403, 200, 403, 403],
        "/reports/stability" | "/reports/bulletin" => [303, 200, 403, 403, 403, 200],
        "/courses" | "/sessions" | "/sessions/new" => [303, 200, 200, 403, 403, 403],
        "/learn" | "/schedule" | "/checkin" => [303, 403, 403, 403, 200, 403],
        "/manager/leaves" | "/manager/sessions" => [303, 403, 403, 200, 403, 403],
        "/training/cases" | "/reports/attendance" => [303, 200, 200, 200, 403, 200],
        "/admin/outbox" | "/admin/api-tokens" => [303, 200, 403, 403, 403, 403],
        "/certificates" | "/centers/linglong/notice" => [303, 200, 200, 200, 200, 200],
        "/centers/biguo/notice" => [303, 200, 200, 403, 403, 200],
        "/handling" => [303, 200, 403, 200, 403, 200],
        "/public/centers/linglong" => [200; 6],
        "/verify/0123456789abcdef0123456789abcdef" => [404; 6],
        other => panic!("no expectation for {other}"),
    }
}

async fn browsers(app: &TestApp) -> Vec<(&'static str, TestApp)> {
    let mut out = vec![("anonymous", app.new_browser())];
    let people: [(&str, Role, Option<&str>); 5] = [
        ("admin", Role::Admin, None),
        ("trainer", Role::Trainer, Some("mz")),
        ("manager", Role::Manager, Some("linglong")),
        ("worker", Role::Worker, Some("linglong")),
        ("orgdept", Role::Orgdept, None),
    ];
    for (name, role, unit) in people {
        let b = app.new_browser();
        b.login_as(role, name, unit).await;
        out.push((name, b));
    }
    out
}

#[tokio::test]
async fn role_by_page_access_matrix() {
    let app = spawn_app().await;
    let browsers = browsers(&app).await;
    for page in PAGES {
        let want = expected(page);
        for (i, (who, b)) in browsers.iter().enumerate() {
            let res = b.get(page).await;
            assert_eq!(res.status().as_u16(), want[i], "{who} GET {page}");
            match want[i] {
                303 => assert!(location(&res).starts_with("/login?next="), "{who} {page}"),
                403 => {
                    let html = res.text().await.unwrap();
                    assert!(html.contains("无权访问"), "{who} {page}: Chinese 403 page");
                }
                _ => {}
            }
        }
    }
}

#[tokio::test]
async fn a_worker_does_not_see_colleagues_and_a_manager_sees_only_their_town() {
    let app = spawn_app().await;
    let bs = browsers(&app).await;
    let (_, manager) = &bs[3];
    let (_, worker) = &bs[4];
    app.create_user(Role::Worker, "colleague", Some("linglong"));
    let html = worker.get_html("/centers/linglong").await;
    assert!(html.contains("人员名单仅对"), "roster hidden from workers");
    assert!(!html.contains("测试colleague"));
    let html = manager.get_html("/centers/linglong").await;
    assert!(
        html.contains("测试colleague"),
        "manager sees the roster of their own town"
    );
    let html = manager.get_html("/centers").await;
    assert!(html.contains("玲珑镇党群服务中心"));
    assert!(
        !html.contains("毕郭镇党群服务中心"),
        "other towns are not listed"
    );
    let html = worker.get_html("/centers").await;
    assert!(html.contains("玲珑镇党群服务中心"));
    assert!(!html.contains("毕郭镇党群服务中心"));
}

#[tokio::test]
async fn missing_objects_get_a_chinese_404() {
    let app = spawn_app().await;
    app.login_as(Role::Admin, "boss", None).await;
    for page in [
        "/items/NOPE",
        "/centers/nowhere",
        "/towns/atlantis",
        "/admin/users/9999",
        "/admin/users/abc",
        "/no/such/page",
    ] {
        let res = app.get(page).await;
        assert_eq!(res.status(), 404, "{page}");
        assert!(res.text().await.unwrap().contains("找不到"), "{page}");
    }
}
