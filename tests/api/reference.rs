use devolve::store::reference;
use serde_json::Value;

use crate::helpers::spawn_app;

#[tokio::test]
async fn the_plan_is_loaded_once_and_reads_as_the_appendices_say() {
    let app = spawn_app().await;
    let items: Value = app.get("/api/v1/items").await.json().await.unwrap();
    assert_eq!(items["total"], 36);
    let data = items["data"].as_array().unwrap();
    assert!(data.iter().all(|i| i["common"] == true));
    let item8 = data.iter().find(|i| i["seq"] == 8).unwrap();
    let bureaus: Vec<&str> = item8["bureaus"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b["name"].as_str().unwrap())
        .collect();
    assert_eq!(bureaus, vec!["医保局", "税务局"]);
    let item13 = data.iter().find(|i| i["seq"] == 13).unwrap();
    assert_eq!(item13["bureaus"][0]["name"], "行政审批局");
    let item28 = data.iter().find(|i| i["seq"] == 28).unwrap();
    assert_eq!(
        item28["bureaus"][0]["name"], "行政审批局",
        "merged cell 13–28"
    );

    let centers: Value = app.get("/api/v1/centers").await.json().await.unwrap();
    assert_eq!(
        centers["total"], 14,
        "one town center per town, no zones outside demo mode"
    );
    let towns: std::collections::HashSet<&str> = centers["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["town_name"].as_str().unwrap())
        .collect();
    assert_eq!(towns.len(), 14);
    assert!(towns.contains("玲珑镇") && towns.contains("大秦家街道"));

    // loading again (every start does) adds nothing
    let mut conn = app.pool.get().unwrap();
    reference::load(&mut conn, app.clock.now_naive()).unwrap();
    drop(conn);
    let again: Value = app.get("/api/v1/items").await.json().await.unwrap();
    assert_eq!(again["total"], 36);
    let centers: Value = app.get("/api/v1/centers").await.json().await.unwrap();
    assert_eq!(centers["total"], 14);
}

#[tokio::test]
async fn the_seven_station_offices_are_listed_at_a_town_center() {
    let app = spawn_app().await;
    app.login_as(devolve::domain::role::Role::Orgdept, "org", None)
        .await;
    let html = app.get_html("/centers/linglong").await;
    for office in [
        "党建办",
        "民政办",
        "经管站",
        "计生办",
        "退役军人事务站",
        "人社所",
        "司法所",
    ] {
        assert!(html.contains(office), "{office}");
    }
    assert!(html.contains("由人社局下沉"));
}

#[tokio::test]
async fn demo_mode_creates_the_accounts_zones_and_banner_once() {
    let app = crate::helpers::spawn_app_with(|s| s.demo = true).await;
    for (user, home) in [
        ("admin", "/admin"),
        ("orgdept", "/orgdept"),
        ("trainer", "/trainer"),
        ("manager", "/manager"),
        ("worker", "/worker"),
    ] {
        let b = app.new_browser();
        let res = b.login(user, "demo").await;
        assert_eq!(res.status(), 303, "{user}");
        assert_eq!(crate::helpers::location(&res), home);
        let html = b.get_html(home).await;
        assert!(html.contains("演示数据"), "{user} sees the demo banner");
    }
    let centers: Value = app.get("/api/v1/centers").await.json().await.unwrap();
    let data = centers["data"].as_array().unwrap();
    let zones: Vec<&Value> = data.iter().filter(|c| c["level"] == "zone").collect();
    assert_eq!(zones.len(), 20);
    assert_eq!(zones.iter().filter(|z| z["pilot"] == true).count(), 15);
    assert!(zones
        .iter()
        .all(|z| z["name"].as_str().unwrap().starts_with("【演示】")));

    let trainer = {
        let mut conn = app.pool.get().unwrap();
        devolve::store::users::find_by_username(&mut conn, "trainer")
            .unwrap()
            .unwrap()
    };
    assert!(trainer.bureau_id.is_some());
    // a second load changes nothing
    let mut conn = app.pool.get().unwrap();
    let loaded = devolve::store::demo::load(&mut conn, "x", app.clock.now_naive()).unwrap();
    assert!(!loaded);
    let workers = devolve::store::users::count(
        &mut conn,
        devolve::policy::UserScope::All,
        Some(devolve::domain::role::Role::Worker),
    )
    .unwrap();
    assert_eq!(workers, 14 * 3 + 20 * 2);
}

#[tokio::test]
async fn the_suite_runs_on_the_backend_it_was_asked_for() {
    let app = spawn_app().await;
    let conn = app.pool.get().unwrap();
    let _ = &conn;
    let wanted_postgres = cfg!(feature = "postgres") && std::env::var("TEST_DATABASE_URL").is_ok();
    #[cfg(feature = "postgres")]
    let on_postgres = matches!(&*conn, devolve::db::DbConnection::Postgres(_));
    #[cfg(not(feature = "postgres"))]
    let on_postgres = false;
    assert_eq!(on_postgres, wanted_postgres);
    println!(
        "backend: {}",
        if on_postgres { "postgres" } else { "sqlite" }
    );
}
