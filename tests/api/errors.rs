use devolve::domain::role::Role;

use crate::helpers::spawn_app;

#[tokio::test]
async fn malformed_input_gets_a_clear_4xx_never_a_500() {
    let app = spawn_app().await;
    app.login_as(Role::Admin, "boss", None).await;
    let token = app.csrf().await;
    let long = "x".repeat(100_000);
    let bodies: Vec<(&str, String)> = vec![
        ("/admin/users", format!("_csrf={token}&username=%FF%FE")),
        ("/admin/users", format!("_csrf={token}&username={long}")),
        ("/zones", format!("_csrf={token}&town=linglong&name=%00")),
        ("/login", "garbage=%%%".to_string()),
        (
            "/admin/users/1/active",
            format!("_csrf={token}&active=maybe"),
        ),
    ];
    for (path, body) in bodies {
        let res = app
            .client
            .post(app.url(path))
            .header("content-type", "application/x-www-form-urlencoded")
            .body(body)
            .send()
            .await
            .unwrap();
        let status = res.status().as_u16();
        assert!((300..500).contains(&status), "{path}: {status}");
    }
    let res = app.get("/items?page=xyz").await;
    assert_eq!(res.status(), 400);
    assert!(res.text().await.unwrap().contains("参数有误"));
    let res = app.client.delete(app.url("/admin")).send().await.unwrap();
    assert!(res.status().is_client_error());
}

#[tokio::test]
async fn security_headers_are_on_every_page() {
    let app = spawn_app().await;
    let res = app.get("/login").await;
    let csp = res.headers()["content-security-policy"].to_str().unwrap();
    assert!(csp.contains("frame-ancestors 'none'") && csp.contains("script-src 'self'"));
    assert_eq!(res.headers()["x-content-type-options"], "nosniff");
    let html = res.text().await.unwrap();
    assert!(!html.contains("<script"), "no inline script");
}

#[tokio::test]
async fn no_page_leaks_password_hashes() {
    let app = spawn_app().await;
    app.login_as(Role::Admin, "boss", None).await;
    for page in [
        "/admin/users",
        "/admin/users/1",
        "/admin",
        "/account",
        "/centers/linglong",
    ] {
        let html = app.get_html(page).await;
        assert!(!html.contains("$argon2"), "{page}");
    }
}
