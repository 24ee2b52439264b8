//! Keyboard only, in a real browser: a worker starts a quiz, answers every question and
//! hands it in without touching a mouse (radio groups with Space and the arrow keys,
//! check boxes with Space, short answers typed), and the skip link leads to the content.

use devolve::domain::role::Role;
use fantoccini::actions::{InputSource, KeyAction, KeyActions};
use fantoccini::key::Key;
use fantoccini::Locator;
use serde_json::Value;

use crate::browser::Browser;
use crate::course_fixture::import;
use crate::helpers::spawn_app;
use crate::journeys_training::right_answers;

/// Presses and releases one key wherever the focus is.
async fn press(b: &Browser, key: Key) {
    let k: char = key.into();
    let actions = KeyActions::new("keyboard".into())
        .then(KeyAction::Down { value: k })
        .then(KeyAction::Up { value: k });
    b.client.perform_actions(actions).await.expect("key press");
}

/// What has the focus: its name, value, type, whether it is checked, and whether it
/// matches `css`.
async fn focused_matching(b: &Browser, css: &str) -> Value {
    b.client
        .execute(
            "const e = document.activeElement;
             return { name: e.name || '', value: e.value || '', type: e.type || '',
                      checked: !!e.checked, matches: e.matches(arguments[0]) };",
            vec![Value::String(css.to_string())],
        )
        .await
        .expect("active element")
}

async fn focused(b: &Browser) -> Value {
    focused_matching(b, "*").await
}

/// Tabs forward until the focused element matches `css`.
async fn tab_to_css(b: &Browser, css: &str) {
    for _ in 0..60 {
        if focused_matching(b, css).await["matches"] == true {
            return;
        }
        press(b, Key::Tab).await;
    }
    panic!("{css} cannot be reached with Tab");
}

/// Tabs forward until `wanted` holds for the focused element; fails after 60 stops, so a
/// control the keyboard cannot reach fails the test.
async fn tab_to(b: &Browser, what: &str, wanted: impl Fn(&Value) -> bool) -> Value {
    for _ in 0..60 {
        let now = focused(b).await;
        if wanted(&now) {
            return now;
        }
        press(b, Key::Tab).await;
    }
    panic!("{what} cannot be reached with Tab");
}

async fn answer_by_keyboard(b: &Browser, name: &str, values: &[String]) {
    let first = tab_to(b, name, |f| f["name"] == name).await;
    match first["type"].as_str() {
        Some("radio") => {
            press(b, Key::Space).await;
            for _ in 0..8 {
                if focused(b).await["value"] == values[0].as_str() {
                    break;
                }
                press(b, Key::Down).await;
            }
            let now = focused(b).await;
            assert_eq!(now["value"], values[0].as_str(), "{name}");
            assert_eq!(now["checked"], true, "{name}");
        }
        Some("checkbox") => loop {
            let now = focused(b).await;
            if now["name"] != name {
                break;
            }
            let want = values.iter().any(|v| now["value"] == v.as_str());
            if want != now["checked"].as_bool().unwrap_or(false) {
                press(b, Key::Space).await;
            }
            press(b, Key::Tab).await;
        },
        _ => {
            b.client
                .active_element()
                .await
                .expect("focused field")
                .send_keys(&values[0])
                .await
                .expect("type");
        }
    }
}

#[tokio::test]
async fn a_worker_finishes_a_quiz_with_the_keyboard_alone() {
    let app = spawn_app().await;
    let course = import(&app);
    app.create_user(Role::Worker, "kb", Some("linglong"));
    let Some(b) = Browser::start(&app, 1280).await else {
        return;
    };
    b.login("kb").await;
    for module in 1..=2 {
        let done = format!("form[action=\"/learn/{course}/modules/{module}/done\"] button");
        b.open(&format!("/learn/{course}/modules/{module}")).await;
        b.click(&done).await;
        b.wait_for("main").await;
    }
    b.open(&format!("/learn/{course}")).await;

    // the first Tab stop is the skip link, and it leads to the content
    press(&b, Key::Tab).await;
    assert_eq!(
        focused_matching(&b, "a.skip-link[href='#main']").await["matches"],
        true,
        "the skip link comes first"
    );

    // the start button is reached and pressed with the keyboard
    tab_to_css(
        &b,
        &format!("form[action='/learn/{course}/attempts'] button"),
    )
    .await;
    press(&b, Key::Enter).await;
    b.wait_for("form#attempt").await;
    let path = b.path().await;
    let attempt: i32 = path
        .strip_prefix("/attempts/")
        .and_then(|id| id.parse().ok())
        .unwrap_or_else(|| panic!("started at {path}"));

    for (name, values) in right_answers(&app, attempt) {
        answer_by_keyboard(&b, &name, &values).await;
    }
    tab_to_css(&b, "form#attempt button[type=submit]").await;
    b.screenshot("attempt-keyboard-zh").await;
    press(&b, Key::Enter).await;
    b.wait_for("section.question").await;
    assert_eq!(b.path().await, format!("/attempts/{attempt}/review"));
    let lead = b
        .client
        .find(Locator::Css("p.lead"))
        .await
        .expect("score")
        .text()
        .await
        .expect("text");
    assert_eq!(lead, "得分 100 分（及格线 75 分）");
    b.close().await;
}
