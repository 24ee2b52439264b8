use devolve::domain::role::Role;

use crate::helpers::{location, spawn_app};

#[tokio::test]
async fn an_admin_creates_an_account_that_can_log_in() {
    let app = spawn_app().await;
    app.login_as(Role::Admin, "boss", None).await;
    let form = [
        ("username", "zhangwei"),
        ("display_name", "张伟"),
        ("role", "worker"),
        ("center", "biguo"),
        ("bureau", "mz"), // ignored: a worker belongs to a center
        ("password", "first-password-1"),
        ("confirm", "first-password-1"),
    ];
    let res = app.post_form("/admin/users", &form).await;
    assert_eq!(res.status(), 303);
    let page = app.get_html(&location(&res)).await;
    assert!(page.contains("张伟") && page.contains("毕郭镇党群服务中心"));
    let audit = app.get_html("/admin/audit").await;
    assert!(audit.contains("user.create") && audit.contains("zhangwei"));

    let worker = app.new_browser();
    assert_eq!(
        worker.login("zhangwei", "first-password-1").await.status(),
        303
    );
    assert!(worker
        .get_html("/worker")
        .await
        .contains("毕郭镇党群服务中心"));
}

#[tokio::test]
async fn bad_account_forms_are_shown_again_with_the_problem() {
    let app = spawn_app().await;
    app.login_as(Role::Admin, "boss", None).await;
    let base = [
        ("username", "lina"),
        ("display_name", "李娜"),
        ("role", "trainer"),
        ("bureau", "rs"),
        ("password", "good-password-1"),
        ("confirm", "good-password-1"),
    ];
    let with = |k: &'static str, v: &'static str| {
        base.iter()
            .map(|&(bk, bv)| if bk == k { (bk, v) } else { (bk, bv) })
            .collect::<Vec<_>>()
    };
    let cases: Vec<(Vec<(&str, &str)>, &str)> = vec![
        (with("username", "Li Na"), "用户名须为"),
        (with("display_name", "   "), "姓名不能为空"),
        (with("role", "root"), "请选择角色"),
        (with("bureau", ""), "必须指定所属部门"),
        (with("bureau", "nosuch"), "没有编码为 nosuch 的部门"),
        (with("confirm", "other-password"), "两次输入的密码不一致"),
        (with("password", "short"), "至少需要 8 个字符"),
        (with("username", "boss"), "已被使用"),
    ];
    for (form, message) in cases {
        let res = app.post_form("/admin/users", &form).await;
        assert_eq!(res.status(), 400, "{message}");
        let html = res.text().await.unwrap();
        assert!(html.contains(message), "expected {message}");
        assert!(
            html.contains("name=\"display_name\""),
            "the form is shown again"
        );
    }
    let html = app.get_html("/admin/users?role=trainer").await;
    assert!(!html.contains("lina"), "nothing was created");
}

#[tokio::test]
async fn changing_a_role_is_audited_and_takes_effect() {
    let app = spawn_app().await;
    app.login_as(Role::Admin, "boss", None).await;
    app.create_user(Role::Trainer, "promoted", Some("rs"));
    let id = {
        let mut conn = app.pool.get().unwrap();
        devolve::store::users::find_by_username(&mut conn, "promoted")
            .unwrap()
            .unwrap()
            .id
    };
    let res = app
        .post_form(
            &format!("/admin/users/{id}/role"),
            &[("role", "manager"), ("town", "linglong")],
        )
        .await;
    assert_eq!(res.status(), 303);
    let b = app.new_browser();
    assert_eq!(
        crate::helpers::location(&b.login("promoted", crate::helpers::PASSWORD).await),
        "/manager"
    );
    let audit = app.get_html("/admin/audit").await;
    assert!(audit.contains("user.change_role") && audit.contains("trainer → manager"));

    // an admin cannot lock themself out
    let me = {
        let mut conn = app.pool.get().unwrap();
        devolve::store::users::find_by_username(&mut conn, "boss")
            .unwrap()
            .unwrap()
            .id
    };
    let res = app
        .post_form(&format!("/admin/users/{me}/active"), &[("active", "0")])
        .await;
    assert_eq!(res.status(), 400);
    let res = app
        .post_form(
            &format!("/admin/users/{me}/role"),
            &[("role", "worker"), ("center", "linglong")],
        )
        .await;
    assert_eq!(res.status(), 400);
}

#[tokio::test]
async fn an_admin_resets_a_password() {
    let app = spawn_app().await;
    app.login_as(Role::Admin, "boss", None).await;
    app.create_user(Role::Worker, "forgetful", Some("linglong"));
    let id = {
        let mut conn = app.pool.get().unwrap();
        devolve::store::users::find_by_username(&mut conn, "forgetful")
            .unwrap()
            .unwrap()
            .id
    };
    let res = app
        .post_form(
            &format!("/admin/users/{id}/password"),
            &[
                ("password", "brand-new-pass"),
                ("confirm", "brand-new-pass"),
            ],
        )
        .await;
    assert_eq!(res.status(), 200);
    assert!(res.text().await.unwrap().contains("密码已重置"));
    let b = app.new_browser();
    assert_eq!(b.login("forgetful", "brand-new-pass").await.status(), 303);
}

#[tokio::test]
async fn managers_add_zones_to_their_own_town_only() {
    let app = spawn_app().await;
    app.login_as(Role::Manager, "mgr", Some("linglong")).await;
    let res = app
        .post_form(
            "/zones",
            &[
                ("town", "linglong"),
                ("name", "玲珑镇台上党建融合发展区党群服务中心"),
                ("pilot", "1"),
            ],
        )
        .await;
    assert_eq!(res.status(), 303);
    assert_eq!(location(&res), "/centers/linglong-z01");
    let html = app.get_html("/centers/linglong-z01").await;
    assert!(html.contains("台上") && html.contains("试点"));

    let res = app
        .post_form("/zones", &[("town", "biguo"), ("name", "越权中心")])
        .await;
    assert_eq!(res.status(), 403);
    let res = app
        .post_form("/zones", &[("town", "linglong"), ("name", "")])
        .await;
    assert_eq!(res.status(), 400);
    assert!(res.text().await.unwrap().contains("中心名称不能为空"));

    let admin = app.new_browser();
    admin.login_as(Role::Admin, "boss", None).await;
    let res = admin
        .post_form(
            "/zones",
            &[("town", "biguo"), ("name", "毕郭镇某发展区中心")],
        )
        .await;
    assert_eq!(location(&res), "/centers/biguo-z01");
    let audit = admin.get_html("/admin/audit").await;
    assert!(audit.contains("center.create_zone"));
}
