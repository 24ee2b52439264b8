//! The server-drawn SVG charts on their pages (issue 7): each is inline, accessible, drawn
//! from the page's own scoped data with the expected number of marks, and speaks the
//! reader's language.

use chrono::Duration;
use devolve::domain::role::Role;
use devolve::store::training;
use devolve::web::charts::{hex, AMBER, BLUE, DARK_RED};

use crate::course_fixture;
use crate::helpers::{location, spawn_app, TestApp};
use crate::roster::{certify, user_id};
use crate::training::{check_in_now, enrol_linglong, schedule_item};

/// Every inline SVG of a page, in order.
fn svgs(html: &str) -> Vec<&str> {
    html.match_indices("<svg ")
        .map(|(start, _)| {
            let end = html[start..].find("</svg>").expect("a closed svg") + start + 6;
            &html[start..end]
        })
        .collect()
}

/// The filled rectangles of one colour in an SVG.
fn rects(svg: &str, colour: plotters::style::RGBColor) -> usize {
    svg.matches(&format!("fill=\"{}\" stroke=\"none\"", hex(colour)))
        .count()
}

/// Every chart is an image with a name and scales with the page.
fn assert_accessible(svg: &str) {
    assert!(
        svg.contains("role=\"img\"") && svg.contains("aria-label=\""),
        "{svg}"
    );
    assert!(svg.contains("<title>") && svg.contains("<desc>"));
    assert!(svg.contains("viewBox=\"0 0 ") && svg.contains("width=\"100%\""));
}

async fn switch_to_english(b: &TestApp, next: &str) {
    let res = b
        .post_form("/lang", &[("lang", "en"), ("next", next)])
        .await;
    assert_eq!(res.status(), 303);
}

#[tokio::test]
async fn the_handling_map_draws_coverage_bars_and_a_cell_per_town_and_item() {
    let app = spawn_app().await;
    course_fixture::import(&app);
    app.create_user(Role::Worker, "w1", Some("linglong"));
    certify(&app, "w1");
    let items = {
        let mut conn = app.pool.get().unwrap();
        devolve::store::handling::catalog_items(&mut conn)
            .unwrap()
            .len()
    };

    let admin = app.new_browser();
    admin.login_as(Role::Admin, "boss", None).await;
    let html = admin.get_html("/handling").await;
    let charts = svgs(&html);
    assert_eq!(charts.len(), 2, "coverage and the map");
    for svg in &charts {
        assert_accessible(svg);
    }
    let (coverage, map) = (charts[0], charts[1]);
    assert_eq!(rects(coverage, BLUE), 14, "a bar per town");
    assert!(
        coverage.contains("玲珑镇 1/36 项（2.8%）") && coverage.contains("毕郭镇 0/36 项（0%）"),
        "the figures in words"
    );
    assert!(
        html.contains("<td>玲珑镇</td><td>1/36</td><td>2.8%</td>"),
        "and as a table"
    );
    assert_eq!(
        map.matches("<rect").count(),
        14 * items + 4,
        "a cell per town and item, and the legend"
    );
    assert!(map.contains("玲珑镇：全部直办 0 项"));
    assert!(
        html.contains("<table class=\"heatmap\">"),
        "the table stays"
    );

    // a town manager sees their own town only
    let manager = app.new_browser();
    manager
        .login_as(Role::Manager, "ll-mgr", Some("linglong"))
        .await;
    let html = manager.get_html("/handling").await;
    let charts = svgs(&html);
    assert_eq!(rects(charts[0], BLUE), 1);
    assert_eq!(charts[1].matches("<rect").count(), items + 4);
    assert!(!html.contains("毕郭镇"));

    switch_to_english(&admin, "/handling").await;
    let html = admin.get_html("/handling").await;
    assert!(html.contains("Certification coverage of the common items by town"));
    assert!(html.contains("How each town handles each item"));
    assert!(html.contains("玲珑镇 1/36 items (2.8%)") && html.contains("Not taken"));
}

#[tokio::test]
async fn attendance_is_drawn_per_month_on_the_report_the_roster_and_the_schedule() {
    let app = spawn_app().await;
    for w in ["w-here", "w-away"] {
        app.create_user(Role::Worker, w, Some("linglong"));
    }
    let trainer = app.new_browser();
    trainer
        .login_as(Role::Trainer, "mz-trainer", Some("mz"))
        .await;
    let session = schedule_item(&trainer, "养老服务专题培训", "30", "C02", true).await;
    enrol_linglong(&trainer, session).await;
    app.advance(Duration::minutes(62)); // 10:02 on 2026-11-25, Beijing time
    let here = app.new_browser();
    here.login_as_existing("w-here").await;
    assert_eq!(check_in_now(&here, &app, session).await.status(), 200);
    trainer.login_as_existing("mz-trainer").await;
    let res = trainer
        .post_form(&format!("/sessions/{session}/close"), &[])
        .await;
    assert_eq!(res.status(), 303, "{}", location(&res));
    {
        let mut conn = app.pool.get().unwrap();
        let statuses: Vec<String> = training::roster(&mut conn, session)
            .unwrap()
            .into_iter()
            .map(|l| l.status)
            .collect();
        assert_eq!(statuses.len(), 2);
    }

    // the report: one dot, for November, at 1 of 2
    let report = trainer.get_html("/reports/attendance").await;
    let charts = svgs(&report);
    assert_eq!(charts.len(), 1);
    assert_accessible(charts[0]);
    assert_eq!(charts[0].matches("<circle").count(), 1);
    assert!(charts[0].contains("2026-11：50%（1/2）"), "{}", charts[0]);
    assert!(report.contains("<td>2026-11</td><td>2</td><td>1</td><td>50%</td>"));

    // a worker's record on the roster: attended in one, absent in the other
    let manager = app.new_browser();
    manager
        .login_as(Role::Manager, "ll-mgr", Some("linglong"))
        .await;
    let page = manager
        .get_html(&format!("/roster/workers/{}", user_id(&app, "w-here")))
        .await;
    let chart = svgs(&page)[0];
    assert_accessible(chart);
    // the legend swatch of each series, then the parts
    assert_eq!(
        (
            rects(chart, BLUE),
            rects(chart, AMBER),
            rects(chart, DARK_RED)
        ),
        (2, 1, 1)
    );
    assert!(chart.contains("2026-11：出勤 1，请假 0，旷训 0"));
    let page = manager
        .get_html(&format!("/roster/workers/{}", user_id(&app, "w-away")))
        .await;
    let chart = svgs(&page)[0];
    assert_eq!(
        (
            rects(chart, BLUE),
            rects(chart, AMBER),
            rects(chart, DARK_RED)
        ),
        (1, 1, 2)
    );

    // the worker's own schedule
    let schedule = here.get_html("/schedule").await;
    let chart = svgs(&schedule)[0];
    assert_eq!(rects(chart, BLUE), 2);

    switch_to_english(&manager, "/manager").await;
    let page = manager
        .get_html(&format!("/roster/workers/{}", user_id(&app, "w-away")))
        .await;
    assert!(page.contains("Training attendance over the last 12 months"));
    assert!(page.contains("2026-11: attended 0, excused 0, absent 1"));
    switch_to_english(&trainer, "/trainer").await;
    let report = trainer.get_html("/reports/attendance").await;
    assert!(report.contains("Attendance rate over the last 12 months"));
}

#[tokio::test]
async fn the_item_analysis_draws_the_score_distribution() {
    let app = spawn_app().await;
    let course = course_fixture::import(&app);
    let worker = app.new_browser();
    worker.login_as(Role::Worker, "w", Some("linglong")).await;
    for pos in 1..=2 {
        worker
            .post_form(&format!("/learn/{course}/modules/{pos}/done"), &[])
            .await;
    }
    let res = worker
        .post_form(&format!("/learn/{course}/attempts"), &[])
        .await;
    let attempt: i32 = location(&res)
        .trim_start_matches("/attempts/")
        .parse()
        .unwrap();
    worker
        .post_pairs(
            &format!("/attempts/{attempt}/submit"),
            &course_fixture::answers(&app, attempt, true),
        )
        .await;

    let trainer = app.new_browser();
    trainer.login_as(Role::Trainer, "rs1", Some("rs")).await;
    let html = trainer
        .get_html(&format!("/courses/{course}/analysis"))
        .await;
    let charts = svgs(&html);
    assert_eq!(charts.len(), 1);
    assert_accessible(charts[0]);
    assert_eq!(rects(charts[0], BLUE), 1, "one attempt, in the top band");
    assert!(charts[0].contains("90–100 分：1 次") && charts[0].contains("0–9 分：0 次"));
    assert!(html.contains("<td>90–100</td><td>1</td>"));

    switch_to_english(&trainer, "/trainer").await;
    let html = trainer
        .get_html(&format!("/courses/{course}/analysis"))
        .await;
    assert!(html.contains("Score distribution") && html.contains("90–100: 1 attempt"));
}
