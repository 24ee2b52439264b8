//! Each role's journey in a real browser (headless Chromium), against the real server the
//! suite starts. Screenshots of the pages visited go to `target/screenshots/`.

use devolve::domain::handling::HandlingMode;
use devolve::domain::role::Role;
use fantoccini::Locator;

use crate::browser::Browser;
use crate::certificates::certs_of;
use crate::course_fixture::import;
use crate::helpers::{spawn_app, TestApp};
use crate::roster::{certify, mode_at, user_id};

const DESKTOP: u32 = 1280;
const PHONE: u32 = 360;

/// 玲珑镇's town center with three window staff, two certified on C05 (so C05 is 直办).
async fn linglong() -> TestApp {
    let app = spawn_app().await;
    import(&app);
    for w in ["w1", "w2", "w3"] {
        app.create_user(Role::Worker, w, Some("linglong"));
    }
    certify(&app, "w1");
    certify(&app, "w2");
    app
}

#[tokio::test]
async fn a_manager_files_a_transfer_the_organization_department_reviews_the_impact_and_approves_it()
{
    let app = linglong().await;
    app.create_user(Role::Manager, "ll-mgr", Some("linglong"));
    app.create_user(Role::Orgdept, "org", None);
    let Some(manager) = Browser::start(&app, DESKTOP).await else {
        return;
    };
    manager.login("ll-mgr").await;
    assert_eq!(manager.path().await, "/manager");
    manager.screenshot("manager-home-zh").await;

    manager.open("/roster").await;
    assert!(manager.text().await.contains("3 / 3"));
    manager.screenshot("roster-zh").await;
    let w1 = user_id(&app, "w1");
    manager
        .click(&format!("a[href=\"/transfers/new?worker={w1}\"]"))
        .await;
    manager.wait_for("input[name=kind]").await;
    manager.click("input[name=kind][value=secondment]").await;
    manager.fill("input[name=destination]", "镇防汛专班").await;
    manager
        .fill("textarea[name=reason]", "汛期防汛值守需要")
        .await;
    manager.screenshot("transfer-form-zh").await;
    manager
        .click("form[action=\"/transfers\"] button[type=submit]")
        .await;
    manager.wait_for(".tag.transfer-pending").await;
    let request = manager.path().await;
    assert!(request.starts_with("/transfers/"), "{request}");
    assert!(manager.text().await.contains("待组织部审批"));
    assert_eq!(
        mode_at(&app, "linglong"),
        HandlingMode::Direct,
        "not before approval"
    );

    let Some(org) = Browser::start(&app, DESKTOP).await else {
        return;
    };
    org.login("org").await;
    org.open("/orgdept").await;
    org.click("a[href=\"/transfers?status=pending\"]").await;
    org.wait_for("table.table").await;
    org.client
        .find(Locator::LinkText("测试w1"))
        .await
        .expect("the request in the list")
        .click()
        .await
        .expect("open it");
    org.wait_for("button[name=decision]").await;
    assert_eq!(org.path().await, request);
    let page = org.text().await;
    assert!(page.contains("批准后的影响"));
    assert!(page.contains("缺 1 人"), "the window would fall short");
    assert!(page.contains("C05"), "C05 would drop to 代办");
    org.screenshot("transfer-impact-zh").await;
    org.fill("textarea[name=comment]", "同意，汛期结束后返岗")
        .await;
    org.click("button[name=decision][value=approve]").await;
    org.wait_for(".tag.transfer-approved").await;
    assert!(org.text().await.contains("已批准"));

    // the roster and the handling modes follow
    assert_eq!(mode_at(&app, "linglong"), HandlingMode::Proxy);
    manager.open("/roster").await;
    let roster = manager.text().await;
    assert!(roster.contains("2 / 3") && roster.contains("抽调中"));
    manager.open("/centers/linglong").await;
    manager.screenshot("center-after-transfer-zh").await;
    manager.close().await;
    org.close().await;
}

#[tokio::test]
async fn an_admin_views_the_heatmap_and_downloads_the_monthly_bulletin() {
    let app = linglong().await;
    app.create_user(Role::Admin, "boss", None);
    let Some(admin) = Browser::start(&app, DESKTOP).await else {
        return;
    };
    admin.login("boss").await;
    assert_eq!(admin.path().await, "/admin");
    admin.screenshot("admin-home-zh").await;
    admin.open("/handling").await;
    assert!(admin.text().await.contains("玲珑镇"));
    admin.screenshot("heatmap-zh").await;
    admin.open("/reports/bulletin").await;
    let bulletin = admin.text().await;
    assert!(bulletin.contains("公共服务下沉工作督查通报"));
    admin.screenshot("bulletin-zh").await;
    let xlsx = admin
        .client
        .find(Locator::Css("a[href^=\"/reports/bulletin.xlsx\"]"))
        .await
        .expect("the download link")
        .attr("href")
        .await
        .expect("href")
        .expect("a link");
    assert_eq!(admin.fetch_status(&xlsx).await, 200);
    admin.open("/reports/stability").await;
    admin.screenshot("stability-zh").await;
    admin.close().await;
}

#[tokio::test]
async fn an_anonymous_visitor_verifies_a_certificate_and_reads_a_centers_public_notice_on_a_phone()
{
    let app = linglong().await;
    let code = certs_of(&app, "w1").pop().expect("w1's certificate").code;
    let Some(visitor) = Browser::start(&app, PHONE).await else {
        return;
    };
    visitor.open(&format!("/verify/{code}")).await;
    let page = visitor.text().await;
    assert!(page.contains("测试w1") && page.contains("有效"), "{page}");
    assert!(
        !visitor.overflows().await,
        "no sideways scrolling at 360 px"
    );
    visitor.screenshot("verify-phone-zh").await;
    visitor.open("/public/centers/linglong").await;
    let notice = visitor.text().await;
    assert!(
        notice.contains("直办") && notice.contains("养老"),
        "{notice}"
    );
    assert!(!notice.contains("测试w1"), "the public list names no one");
    assert!(
        !visitor.overflows().await,
        "no sideways scrolling at 360 px"
    );
    visitor.screenshot("public-center-phone-zh").await;
    visitor.close().await;
}

/// The worker's own pages, on a phone, in both languages: nothing scrolls sideways, the
/// page says which language it is in, and each is saved as a screenshot.
#[tokio::test]
async fn a_worker_uses_the_phone_pages_in_both_languages() {
    let app = linglong().await;
    let Some(phone) = Browser::start(&app, PHONE).await else {
        return;
    };
    phone.login("w1").await;
    assert_eq!(phone.path().await, "/worker");
    let pages = [
        ("/worker", "worker-home"),
        ("/learn", "learn"),
        ("/schedule", "schedule"),
        ("/checkin", "checkin"),
        ("/certificates", "my-certificates"),
    ];
    let mut too_wide = Vec::new();
    for (lang, label) in [("zh-CN", "zh"), ("en", "en")] {
        phone.choose_language(lang).await;
        for (path, name) in pages {
            phone.open(path).await;
            let html_lang = phone.html_lang().await;
            assert_eq!(html_lang.as_deref(), Some(lang), "{path}");
            if phone.overflows().await {
                too_wide.push(format!("{path} ({lang})"));
            }
            phone.screenshot(&format!("{name}-phone-{label}")).await;
        }
    }
    assert!(
        too_wide.is_empty(),
        "scrolls sideways at 360 px: {too_wide:?}"
    );
    phone.close().await;
}
