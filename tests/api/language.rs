//! Choosing the interface language: a cookie for visitors, the account for users, and
//! only local paths to go back to.

use devolve::domain::role::Role;

use crate::helpers::{location, spawn_app};

#[tokio::test]
async fn a_visitor_switches_to_english_and_a_user_keeps_the_choice_on_every_device() {
    let app = spawn_app().await;
    let login = app.get_html("/login").await;
    assert!(login.contains("<html lang=\"zh-CN\">") && login.contains("登录"));

    let res = app
        .post_form("/lang", &[("lang", "en"), ("next", "/login")])
        .await;
    assert_eq!(res.status(), 303);
    assert_eq!(location(&res), "/login");
    assert!(app.cookie("devolve_lang").as_deref() == Some("en"));
    let login = app.get_html("/login").await;
    assert!(login.contains("<html lang=\"en\">") && login.contains("Log in to the Public Service"));

    // a bad choice or a foreign address is refused or ignored
    let res = app
        .post_form("/lang", &[("lang", "fr"), ("next", "/")])
        .await;
    assert_eq!(res.status(), 400);
    let res = app
        .post_form(
            "/lang",
            &[("lang", "en"), ("next", "https://evil.example/")],
        )
        .await;
    assert_eq!(location(&res), "/");

    // a logged-in user's choice is stored on the account
    app.login_as(Role::Worker, "w-en", Some("linglong")).await;
    let res = app
        .post_form("/lang", &[("lang", "en"), ("next", "/worker")])
        .await;
    assert_eq!(res.status(), 303);
    let home = app.get_html("/worker").await;
    assert!(
        home.contains("<html lang=\"en\">") && home.contains(">Home<"),
        "English menu"
    );
    let other_device = app.new_browser();
    other_device.login_as_existing("w-en").await;
    assert!(other_device
        .get_html("/worker")
        .await
        .contains("<html lang=\"en\">"));
    let res = other_device
        .post_form("/lang", &[("lang", "zh-CN"), ("next", "/worker")])
        .await;
    assert_eq!(res.status(), 303);
    assert!(other_device.get_html("/worker").await.contains(">首页<"));
}
