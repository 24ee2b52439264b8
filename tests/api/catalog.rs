use devolve::domain::role::Role;
use reqwest::multipart::{Form, Part};
use serde_json::Value;

use crate::helpers::{spawn_app, TestApp};

pub async fn upload(app: &TestApp, file_name: &str, body: &str) -> reqwest::Response {
    let token = app.csrf().await;
    let form = Form::new().text("_csrf", token).part(
        "file",
        Part::bytes(body.as_bytes().to_vec()).file_name(file_name.to_string()),
    );
    app.client
        .post(app.url("/admin/catalog"))
        .multipart(form)
        .send()
        .await
        .unwrap()
}

async fn item_total(app: &TestApp) -> u64 {
    let v: Value = app.get("/api/v1/items").await.json().await.unwrap();
    v["total"].as_u64().unwrap()
}

#[tokio::test]
async fn an_admin_imports_a_csv_catalog() {
    let app = spawn_app().await;
    app.login_as(Role::Admin, "boss", None).await;
    let csv = "编码,事项名称,责任单位,是否常办,序号\nB001,最低生活保障申请受理,民政局,否,\nB002,城乡居民医保参保变更,医保局、税务局,否,\n";
    let res = upload(&app, "basic.csv", csv).await;
    assert_eq!(res.status(), 200);
    assert!(res.text().await.unwrap().contains("新增 2 项，更新 0 项"));
    assert_eq!(item_total(&app).await, 38);
    let html = app.get_html("/items/B002").await;
    assert!(html.contains("医保局") && html.contains("税务局") && html.contains("工作专班导入"));

    // importing the same codes again updates instead of duplicating
    let res = upload(
        &app,
        "basic.csv",
        &csv.replace("最低生活保障申请受理", "最低生活保障申请"),
    )
    .await;
    assert!(res.text().await.unwrap().contains("新增 0 项，更新 2 项"));
    assert_eq!(item_total(&app).await, 38);
    let audit = app.get_html("/admin/audit").await;
    assert!(audit.contains("catalog.import") && audit.contains("basic.csv"));
}

#[tokio::test]
async fn a_bad_row_is_named_by_line_and_nothing_is_imported() {
    let app = spawn_app().await;
    app.login_as(Role::Admin, "boss", None).await;
    let csv = "编码,事项名称,责任单位\nB001,好的一行,民政局\nB002,坏的一行,财政局\nC05,改常办事项,人社局\n";
    let res = upload(&app, "bad.csv", csv).await;
    assert_eq!(res.status(), 400);
    let html = res.text().await.unwrap();
    assert!(
        html.contains("第 3 行") && html.contains("未知的责任单位“财政局”"),
        "{html}"
    );
    assert!(html.contains("第 4 行") && html.contains("不能通过导入修改"));
    assert!(html.contains("未导入任何事项"));
    assert_eq!(
        item_total(&app).await,
        36,
        "the good row was not imported either"
    );
}

#[tokio::test]
async fn toml_catalogs_and_bad_files_are_handled() {
    let app = spawn_app().await;
    app.login_as(Role::Admin, "boss", None).await;
    let toml = "[[item]]\ncode = \"T1\"\nname = \"农机购置补贴申请\"\nbureaus = [\"农业农村局\"]\n";
    let res = upload(&app, "items.toml", toml).await;
    assert_eq!(res.status(), 200);
    assert_eq!(item_total(&app).await, 37);

    let res = upload(&app, "broken.toml", "[[item]]\ncode = \n").await;
    assert_eq!(res.status(), 400);
    assert!(res.text().await.unwrap().contains("TOML 格式错误"));

    let token = app.csrf().await;
    let form = Form::new().text("_csrf", token).part(
        "file",
        Part::bytes(vec![0xff, 0xfe, 0x00, 0x41]).file_name("gbk.csv"),
    );
    let res = app
        .client
        .post(app.url("/admin/catalog"))
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 400);
    assert!(res.text().await.unwrap().contains("UTF-8"));
}

#[tokio::test]
async fn only_admins_import_and_only_with_the_token() {
    let app = spawn_app().await;
    app.login_as(Role::Trainer, "tr", Some("mz")).await;
    let res = upload(&app, "x.csv", "code,name,bureaus\nX1,甲,民政局\n").await;
    assert_eq!(res.status(), 403);

    let admin = app.new_browser();
    admin.login_as(Role::Admin, "boss", None).await;
    let form = Form::new().part(
        "file",
        Part::bytes(b"code,name,bureaus\nX1,a,mz\n".to_vec()).file_name("x.csv"),
    );
    let res = admin
        .client
        .post(admin.url("/admin/catalog"))
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 403, "no CSRF token");
    assert_eq!(item_total(&app).await, 36);
}
