//! Limits: body size, upload size, field length, pagination and timeouts, each with a
//! clear answer.

use std::io::{Read, Write};

use devolve::domain::role::Role;
use devolve::store::{items, training, users};

use crate::helpers::{spawn_app, spawn_app_with, PASSWORD};

#[tokio::test]
async fn a_form_over_the_body_limit_gets_413_saying_the_limit() {
    let app = spawn_app().await;
    app.login_as(Role::Admin, "bigadmin", None).await;
    let huge = "长".repeat(30_000); // 90 KB in UTF-8, before url-encoding
    let res = app
        .post_form("/zones", &[("town", "linglong"), ("name", &huge)])
        .await;
    assert_eq!(res.status(), 413);
    let body = res.text().await.unwrap();
    assert!(body.contains("64 KB"), "{body}");
    // nothing was created, and the server is fine
    assert_eq!(app.get("/centers").await.status(), 200);
}

#[tokio::test]
async fn an_overlong_field_is_refused_by_name() {
    let app = spawn_app().await;
    app.login_as(Role::Admin, "fieldadmin", None).await;
    let long = "区".repeat(501);
    let res = app
        .post_form("/zones", &[("town", "linglong"), ("name", &long)])
        .await;
    assert_eq!(res.status(), 400);
    let body = res.text().await.unwrap();
    assert!(body.contains("“name”一栏太长"), "{body}");
    assert!(body.contains("最多 500 个字，现有 501 个"), "{body}");
    let html = app.get_html("/centers?page=1").await;
    assert!(!html.contains(&long[..30]));
}

#[tokio::test]
async fn an_upload_over_two_megabytes_gets_413() {
    let app = spawn_app().await;
    app.login_as(Role::Admin, "uploadadmin", None).await;
    let file = "编码,名称\n".repeat(250_000); // over 2 MB
    let res = crate::catalog::upload(&app, "catalog.csv", &file).await;
    assert_eq!(res.status(), 413);
    assert!(res.text().await.unwrap().contains("2 MB"));
}

/// Every list pages: here the trainer's session list, past one page of 50.
#[tokio::test]
async fn the_session_list_pages_past_fifty() {
    let app = spawn_app().await;
    app.login_as(Role::Trainer, "pagetrainer", Some("mz")).await;
    {
        let mut conn = app.pool.get().unwrap();
        let trainer = users::find_by_username(&mut conn, "pagetrainer")
            .unwrap()
            .unwrap();
        let item = items::find_by_code(&mut conn, "C08").unwrap().unwrap();
        let start = app.clock.now_naive() + chrono::Duration::days(3);
        for n in 0..55 {
            let s = training::NewSession {
                title: format!("分页培训{n:02}"),
                starts_at: start + chrono::Duration::hours(n),
                ends_at: start + chrono::Duration::hours(n) + chrono::Duration::minutes(30),
                place: "玲珑镇党群服务中心".into(),
                online_link: String::new(),
                capacity: 30,
                trainer_id: trainer.id,
                bureau_id: trainer.bureau_id,
                required: false,
                item_ids: vec![item.item.id],
            };
            training::create(&mut conn, &s, &format!("secret{n}"), app.clock.now_naive()).unwrap();
        }
    }
    let first = app.get_html("/sessions").await;
    let second = app.get_html("/sessions?page=2").await;
    let count = |html: &str| html.matches("分页培训").count();
    assert_eq!(count(&first), 50);
    assert_eq!(count(&second), 5);
    assert!(first.contains("分页培训54"), "latest first");
    assert!(second.contains("分页培训00"));
    assert!(first.contains("?page=2"));
    // a page past the end shows the last page rather than an empty list or an error
    assert_eq!(count(&app.get_html("/sessions?page=99").await), 5);
    assert_eq!(app.get("/sessions?page=abc").await.status(), 400);
}

/// A request past its deadline gets 503 and a message, not a hung connection. A deadline
/// of 0 ms times out every request that waits on the database.
#[tokio::test]
async fn a_request_past_its_deadline_gets_503_with_a_message() {
    let app = spawn_app_with(|s| s.request_timeout_ms = 0).await;
    let html = app.get_html("/login").await; // renders without the database
    let token = crate::helpers::csrf_in(&html);
    // a login waits on the database (and on argon2): it cannot beat a 0 ms deadline
    let login = || {
        app.client
            .post(app.url("/login"))
            .form(&[
                ("_csrf", token.as_str()),
                ("username", "nobody"),
                ("password", PASSWORD),
            ])
            .send()
    };
    let res = login().await.unwrap();
    assert_eq!(res.status(), 503);
    // the error page, with the security headers every other answer has
    let header = |name: &str| {
        res.headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_string()
    };
    assert!(header("content-type").starts_with("text/html"));
    let csp = header("content-security-policy");
    assert!(csp.contains("frame-ancestors 'none'"), "{csp}");
    assert_eq!(header("x-content-type-options"), "nosniff");
    let page = res.text().await.unwrap();
    assert!(
        page.contains("服务器繁忙") && page.contains("错误代码 503"),
        "{page}"
    );
    assert!(
        page.contains("先刷新页面看看是否已经生效"),
        "says to check first: {page}"
    );
    assert!(page.contains("/static/app.css"), "styled like every page");

    // in English for a reader who chose English (choosing needs no database)
    let res = app
        .client
        .post(app.url("/lang"))
        .form(&[
            ("_csrf", token.as_str()),
            ("lang", "en"),
            ("next", "/login"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 303, "choose English");
    let res = login().await.unwrap();
    assert_eq!(res.status(), 503);
    let page = res.text().await.unwrap();
    assert!(page.contains("The server is busy"), "{page}");

    // JSON under /api/, as the OpenAPI document says of every error (a program has no
    // language cookie: Chinese). A token check is quick enough to beat a 0 ms deadline,
    // so every pooled connection is held meanwhile: the request cannot finish first.
    let held: Vec<_> = (0..app.pool.max_size())
        .map(|_| app.pool.get().unwrap())
        .collect();
    let res = reqwest::Client::new()
        .get(app.url("/api/v1/items"))
        .bearer_auth("no-such-token")
        .send()
        .await
        .unwrap();
    drop(held);
    assert_eq!(res.status(), 503);
    let body: serde_json::Value = res.json().await.unwrap();
    assert_eq!(body["status"], 503);
    assert!(body["error"].as_str().unwrap().contains("秒"), "{body}");
}

/// A client that never finishes its request headers is cut off with 408.
#[tokio::test]
async fn a_client_that_never_finishes_its_headers_gets_408() {
    let app = spawn_app_with(|s| s.client_header_timeout_ms = 300).await;
    let addr = app.address.trim_start_matches("http://").to_string();
    let reply = tokio::task::spawn_blocking(move || {
        let mut stream = std::net::TcpStream::connect(addr).unwrap();
        stream
            .set_read_timeout(Some(std::time::Duration::from_secs(20)))
            .unwrap();
        stream
            .write_all(b"GET /login HTTP/1.1\r\nHost: localhost\r\n")
            .unwrap();
        let mut reply = String::new();
        let _ = stream.read_to_string(&mut reply);
        reply
    })
    .await
    .unwrap();
    assert!(reply.starts_with("HTTP/1.1 408"), "{reply:?}");
}
