//! Each role's home shows what to act on next.

use chrono::Duration;
use devolve::domain::role::Role;

use crate::course_fixture::import;
use crate::helpers::spawn_app;
use crate::roster::certify;
use crate::training::{enrol_linglong, schedule_item};

#[tokio::test]
async fn a_workers_home_shows_the_next_session_and_a_certificate_ending_soon() {
    let app = spawn_app().await;
    import(&app);
    app.create_user(Role::Worker, "w1", Some("linglong"));
    certify(&app, "w1");
    let trainer = app.new_browser();
    trainer.login_as(Role::Trainer, "rs-t", Some("rs")).await;
    let worker = app.new_browser();
    worker.login_as_existing("w1").await;

    let home = worker.get_html("/worker").await;
    assert!(home.contains("暂无已报名的培训") && home.contains("没有即将到期的证书"));

    let session = schedule_item(&trainer, "养老待遇登记必修课", "30", "C05", true).await;
    enrol_linglong(&trainer, session).await;
    let home = worker.get_html("/worker").await;
    assert!(home.contains("养老待遇登记必修课"), "the next session");

    // 24 months on, the certificate is within its last 60 days
    app.advance(Duration::days(700));
    worker.login_as_existing("w1").await;
    let home = worker.get_html("/worker").await;
    assert!(home.contains("暂无已报名的培训"), "the session is over");
    assert!(!home.contains("没有即将到期的证书"));
    assert!(
        home.contains("todo due\" href=\"/certificates\""),
        "flagged"
    );
}
