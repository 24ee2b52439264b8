use devolve::domain::role::Role;

use crate::helpers::{spawn_app, PASSWORD};

#[tokio::test]
async fn a_login_without_the_right_token_is_refused() {
    let app = spawn_app().await;
    app.create_user(Role::Admin, "boss", None);
    app.get("/login").await;
    for token in ["", "0000", &"f".repeat(64)] {
        let res = app
            .client
            .post(app.url("/login"))
            .form(&[
                ("_csrf", token),
                ("username", "boss"),
                ("password", PASSWORD),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 403, "token {token:?}");
        assert!(res.text().await.unwrap().contains("页面已过期"));
    }
}

#[tokio::test]
async fn state_changing_posts_need_the_token_of_this_session() {
    let app = spawn_app().await;
    app.login_as(Role::Admin, "boss", None).await;
    let other = app.new_browser();
    let foreign = other.csrf().await;

    let attempts: [(&str, Vec<(&str, &str)>); 4] = [
        ("/logout", vec![]),
        (
            "/admin/users",
            vec![
                ("username", "sneaky"),
                ("display_name", "x"),
                ("role", "admin"),
                ("password", "long-enough-pw"),
                ("confirm", "long-enough-pw"),
            ],
        ),
        ("/zones", vec![("town", "linglong"), ("name", "伪造中心")]),
        (
            "/account/password",
            vec![
                ("current", PASSWORD),
                ("password", "hijacked-password"),
                ("confirm", "hijacked-password"),
            ],
        ),
    ];
    for (path, fields) in attempts {
        for token in [None, Some(foreign.as_str())] {
            let mut form = fields.clone();
            if let Some(t) = token {
                form.push(("_csrf", t));
            }
            let res = app
                .client
                .post(app.url(path))
                .form(&form)
                .send()
                .await
                .unwrap();
            assert_eq!(res.status(), 403, "{path} with {token:?}");
        }
    }
    // nothing happened
    assert_eq!(app.get("/admin").await.status(), 200, "still logged in");
    let mut conn = app.pool.get().unwrap();
    assert!(devolve::store::users::find_by_username(&mut conn, "sneaky")
        .unwrap()
        .is_none());
    assert!(
        devolve::store::centers::find_by_code(&mut conn, "linglong-z01")
            .unwrap()
            .is_none()
    );
    drop(conn);
    assert_eq!(
        app.login("boss", PASSWORD).await.status(),
        303,
        "password unchanged"
    );
}

#[tokio::test]
async fn get_requests_change_nothing() {
    let app = spawn_app().await;
    app.login_as(Role::Admin, "boss", None).await;
    for path in [
        "/logout",
        "/zones",
        "/admin/users/1/active",
        "/account/password",
        "/admin/users",
    ] {
        let res = app.get(path).await;
        assert_ne!(res.status(), 303, "GET {path} must not act");
    }
    assert_eq!(
        app.get("/admin").await.status(),
        200,
        "GET /logout did not log out"
    );
}
