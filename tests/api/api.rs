use serde_json::Value;

use crate::helpers::spawn_app;

#[tokio::test]
async fn the_items_endpoint_is_public_paginated_json() {
    let app = spawn_app().await;
    let res = app.get("/api/v1/items?per_page=10&page=2").await;
    assert_eq!(res.status(), 200);
    assert!(res.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("application/json"));
    let v: Value = res.json().await.unwrap();
    assert_eq!(v["total"], 36);
    assert_eq!(v["pages"], 4);
    assert_eq!(v["page"], 2);
    let data = v["data"].as_array().unwrap();
    assert_eq!(data.len(), 10);
    assert_eq!(data[0]["seq"], 11);
    for key in ["code", "seq", "name", "common", "bureaus"] {
        assert!(data[0].get(key).is_some(), "{key}");
    }
}

#[tokio::test]
async fn bad_query_parameters_get_a_json_400_in_chinese() {
    let app = spawn_app().await;
    let res = app.get("/api/v1/items?page=abc").await;
    assert_eq!(res.status(), 400);
    let v: Value = res.json().await.unwrap();
    assert!(v["error"].as_str().unwrap().contains("参数有误"));
    for (query, says) in [
        ("per_page=-5", "per_page 须是 1 到 500"),
        ("per_page=501", "per_page 须是 1 到 500"),
        ("page=0", "page 须是 1 到 1000000"),
        ("page=999999999999", "page 须是 1 到 1000000"),
    ] {
        let res = app.get(&format!("/api/v1/centers?{query}")).await;
        assert_eq!(res.status(), 400, "{query}");
        let v: Value = res.json().await.unwrap();
        assert!(v["error"].as_str().unwrap().contains(says), "{query}: {v}");
    }
    // past the last page is the last page, as documented
    let res = app.get("/api/v1/centers?page=999").await;
    assert_eq!(res.status(), 200);
    for method in [
        reqwest::Method::POST,
        reqwest::Method::DELETE,
        reqwest::Method::TRACE,
    ] {
        let res = app
            .client
            .request(method.clone(), app.url("/api/v1/items"))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 405, "{method}");
        assert_eq!(res.headers()["allow"], "GET");
    }
    let res = app.get("/api/v1/nothing").await;
    assert_eq!(res.status(), 404);
    let v: Value = res.json().await.unwrap();
    assert_eq!(v["status"], 404);
}

#[tokio::test]
async fn the_openapi_document_describes_every_api_path() {
    let app = spawn_app().await;
    let doc: Value = app.get("/api/v1/openapi.json").await.json().await.unwrap();
    assert_eq!(doc["openapi"], "3.0.3");
    for path in ["/api/v1/items", "/api/v1/centers"] {
        assert!(
            doc["paths"][path]["get"]["responses"]["200"].is_object(),
            "{path}"
        );
        let res = app.get(path).await;
        assert_eq!(res.status(), 200, "{path} exists");
    }
    for schema in ["Item", "Center", "Bureau", "Error"] {
        assert!(doc["components"]["schemas"][schema].is_object(), "{schema}");
    }
}

#[tokio::test]
async fn health_and_readiness() {
    let app = spawn_app().await;
    assert_eq!(app.get("/healthz").await.status(), 200);
    let res = app.get("/readyz").await;
    assert_eq!(res.status(), 200);
    assert_eq!(res.text().await.unwrap(), "ready");
}

#[tokio::test]
async fn the_stylesheet_is_served_by_the_server_itself() {
    let app = spawn_app().await;
    let res = app.get("/static/app.css").await;
    assert_eq!(res.status(), 200);
    assert!(res.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/css"));
    assert_eq!(app.get("/static/../Cargo.toml").await.status(), 404);
    let html = app.get_html("/login").await;
    assert!(
        !html.contains("http://") && !html.contains("https://"),
        "no external resources"
    );
}
