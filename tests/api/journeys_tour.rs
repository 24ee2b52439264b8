//! A screenshot tour in a real browser (headless Chromium): every role's main pages, a
//! detail page of each kind, in Chinese and in English, at 1280 px, and the worker's pages
//! also at 360 px. Each page is saved as `target/screenshots/tour-<lang>-<role>-<page>.png`
//! (`…-360.png` on the phone) and must be a page (not an error), styled by the stylesheet,
//! in the chosen language, and, on the phone, no wider than the screen.
//!
//! No English page may mix in Chinese that is not data. Data (names of towns, items and
//! people, course text, reasons, audit records) is Chinese on purpose: a fragment counts as
//! data when its Chinese is found in the database's texts, or when the page marks it
//! `lang="zh-CN"` (proper names such as the city's). Every fragment is written to
//! `target/screenshots/tour-cjk-en.txt`, the data marked `[data]`.

use std::collections::BTreeMap;
use std::time::Instant;

use chrono::Duration;
use devolve::courses::ItemRef;
use devolve::domain::role::Role;
use fantoccini::Locator;

use crate::browser::{cjk_fragments, screenshot_dir, Browser};
use crate::certificates::certs_of;
use crate::course_fixture::{import, source};
use crate::helpers::{location, spawn_app, TestApp};
use crate::roster::{certify, secondment, user_id};
use crate::training::{check_in_now, enrol_linglong, one_day_leave, schedule_item};

const DESKTOP: u32 = 1280;
const PHONE: u32 = 360;

/// A page of the tour: its short name (in the file name) and its path.
type Page = (&'static str, String);

struct Tour {
    app: TestApp,
    /// (role, username or "" for anonymous, pages)
    roles: Vec<(&'static str, &'static str, Vec<Page>)>,
}

/// 玲珑镇 with a manager and three window staff (w1 and w2 certified on C05), the C05
/// course of 人社局 (with a draft) and a C02 course, a session under way with w2 checked
/// in and w3 on sick leave, w1 in the middle of the C02 quiz, a secondment of w2 waiting
/// for the organization department, and an API token.
async fn tour() -> Tour {
    let app = spawn_app().await;
    let c05 = import(&app);
    let c02 = {
        let mut src = source();
        src.slug = "02-subsidy".into();
        src.item = ItemRef::Seq(2);
        src.bureaus = Vec::new();
        src.title = "经济困难老年人补贴给付".into();
        let mut conn = app.pool.get().unwrap();
        devolve::store::courses::import(&mut conn, &src, None, app.clock.now_naive()).unwrap();
        let item = devolve::store::items::find_by_code(&mut conn, "C02")
            .unwrap()
            .unwrap();
        devolve::store::courses::course_for_item(&mut conn, item.item.id)
            .unwrap()
            .unwrap()
            .id
    };
    app.create_user(Role::Admin, "boss", None);
    app.create_user(Role::Orgdept, "org", None);
    app.create_user(Role::Trainer, "rs-t", Some("rs"));
    app.create_user(Role::Manager, "ll-mgr", Some("linglong"));
    for w in ["w1", "w2", "w3"] {
        app.create_user(Role::Worker, w, Some("linglong"));
    }
    certify(&app, "w1");
    certify(&app, "w2");
    let cert = certs_of(&app, "w1").pop().expect("w1's certificate");
    let (w1, w2, w3) = (
        user_id(&app, "w1"),
        user_id(&app, "w2"),
        user_id(&app, "w3"),
    );

    // the trainer: a session of C05 for 玲珑镇, and a draft of the course
    let trainer = app.new_browser();
    trainer.login_as_existing("rs-t").await;
    let session = schedule_item(&trainer, "养老待遇登记培训", "30", "C05", false).await;
    enrol_linglong(&trainer, session).await;
    let res = trainer.post_form("/items/C05/course/draft", &[]).await;
    assert_eq!(res.status(), 303, "a draft");
    // 10:00: the session has started
    app.advance(Duration::minutes(60));
    let w2b = app.new_browser();
    w2b.login_as_existing("w2").await;
    assert_eq!(check_in_now(&w2b, &app, session).await.status(), 200);
    let w3b = app.new_browser();
    w3b.login_as_existing("w3").await;
    let leave = one_day_leave(session, "sick", "发烧", "2026-11-25");
    assert_eq!(w3b.post_pairs("/leaves", &leave).await.status(), 303);

    // w1 reads the C02 course and starts its quiz
    let w1b = app.new_browser();
    w1b.login_as_existing("w1").await;
    for m in [1, 2] {
        let res = w1b
            .post_form(&format!("/learn/{c02}/modules/{m}/done"), &[])
            .await;
        assert_eq!(res.status(), 303);
    }
    let res = w1b.post_form(&format!("/learn/{c02}/attempts"), &[]).await;
    assert_eq!(res.status(), 303);
    let attempt = location(&res);

    // the manager files a secondment of w2
    let manager = app.new_browser();
    manager.login_as_existing("ll-mgr").await;
    let res = manager
        .post_form("/transfers", &secondment(&w2.to_string(), "2026-11-25"))
        .await;
    assert_eq!(res.status(), 303, "a transfer request");
    let transfer = location(&res);

    // the admin issues a front-desk API token
    let admin = app.new_browser();
    admin.login_as_existing("boss").await;
    let res = admin
        .post_form(
            "/admin/api-tokens",
            &[("name", "一窗受理系统"), ("town", "")],
        )
        .await;
    assert_eq!(res.status(), 200, "a token");

    let p = |name: &'static str, path: &str| (name, path.to_string());
    let certificate = format!("/certificates/{}", cert.id);
    let center = p("center", "/centers/linglong");
    let notice = p("notice", "/centers/linglong/notice");
    let town = p("town", "/towns/linglong");
    let item = p("item", "/items/C05");
    let roles = vec![
        (
            "anonymous",
            "",
            vec![
                p("login", "/login"),
                p("verify", &format!("/verify/{}", cert.code)),
                p("public-center", "/public/centers/linglong"),
            ],
        ),
        (
            "worker",
            "w1",
            vec![
                p("home", "/worker"),
                p("learn", "/learn"),
                p("course", &format!("/learn/{c05}")),
                p("module", &format!("/learn/{c05}/modules/1")),
                p("attempt", &attempt),
                p("schedule", "/schedule"),
                p("checkin", "/checkin"),
                p("certificates", "/certificates"),
                p("certificate", &certificate),
                p("items", "/items"),
                item.clone(),
                p("centers", "/centers"),
                center.clone(),
                notice.clone(),
                p("account", "/account"),
            ],
        ),
        (
            "manager",
            "ll-mgr",
            vec![
                p("home", "/manager"),
                p("items", "/items"),
                p("centers", "/centers"),
                center.clone(),
                town.clone(),
                p("zone-new", "/zones/new"),
                p("roster", "/roster"),
                p("roster-new", "/roster/new"),
                p("roster-worker", &format!("/roster/workers/{w1}")),
                p("transfers", "/transfers"),
                p("transfer", &transfer),
                p("transfer-new", &format!("/transfers/new?worker={w3}")),
                p("leaves", "/manager/leaves"),
                p("enrol", "/manager/sessions"),
                p("cases", "/training/cases"),
                p("attendance", "/reports/attendance"),
                p("heatmap", "/handling"),
                p("certificates", "/certificates"),
                p("certificate", &certificate),
                notice.clone(),
            ],
        ),
        (
            "trainer",
            "rs-t",
            vec![
                p("home", "/trainer"),
                p("courses", "/courses"),
                p("course", &format!("/courses/{c05}")),
                p("version", &format!("/courses/{c05}/versions/1")),
                p("analysis", &format!("/courses/{c05}/analysis")),
                p("draft", &format!("/courses/{c05}/draft")),
                p("module-form", &format!("/courses/{c05}/draft/modules/1")),
                p("preview", &format!("/courses/{c05}/draft/preview")),
                p("sessions", "/sessions"),
                p("session-new", "/sessions/new"),
                p("session", &format!("/sessions/{session}")),
                p("session-edit", &format!("/sessions/{session}/edit")),
                p("cases", "/training/cases"),
                p("attendance", "/reports/attendance"),
                p("certificates", "/certificates"),
                p("certificate", &certificate),
                item.clone(),
            ],
        ),
        (
            "orgdept",
            "org",
            vec![
                p("home", "/orgdept"),
                p("towns", "/towns"),
                town.clone(),
                center.clone(),
                p("roster", "/roster"),
                p("transfers", "/transfers"),
                p("transfer", &transfer),
                p("stability", "/reports/stability"),
                p(
                    "stability-people",
                    "/reports/stability/people?town=linglong&metric=headcount",
                ),
                p("bulletin", "/reports/bulletin"),
                p("heatmap", "/handling"),
                p("audit", "/admin/audit"),
            ],
        ),
        (
            "admin",
            "boss",
            vec![
                p("home", "/admin"),
                p("users", "/admin/users"),
                p("user", &format!("/admin/users/{w1}")),
                p("user-new", "/admin/users/new"),
                p("catalog", "/admin/catalog"),
                p("audit", "/admin/audit"),
                p("api-tokens", "/admin/api-tokens"),
                p("outbox", "/admin/outbox"),
                p("heatmap", "/handling"),
                p("towns", "/towns"),
                town,
                p("centers", "/centers"),
                center,
                p("zone-new", "/zones/new"),
                p("items", "/items"),
                item,
                p("courses", "/courses"),
                p("sessions", "/sessions"),
                p("session", &format!("/sessions/{session}")),
                p("roster", "/roster"),
                p("transfers", "/transfers"),
                p("stability", "/reports/stability"),
                p("bulletin", "/reports/bulletin"),
                p("certificate", &certificate),
                notice,
            ],
        ),
    ];
    Tour { app, roles }
}

/// Every text the database holds that a page may show as it is (names of items, towns,
/// centers, bureaus and people, course content, session titles and places, reasons, mail
/// subjects): Chinese there is data, not an untranslated label.
fn data_corpus(app: &TestApp) -> String {
    use devolve::db::schema::*;
    use diesel::prelude::*;
    let mut conn = app.pool.get().unwrap();
    let mut all: Vec<String> = Vec::new();
    macro_rules! texts {
        ($($table:ident . $column:ident),+ $(,)?) => {
            $(all.extend($table::table.select($table::$column).load::<String>(&mut conn).unwrap());)+
        };
    }
    texts!(
        items.name,
        towns.name,
        centers.name,
        bureaus.name,
        station_offices.name,
        users.display_name,
        training_sessions.title,
        training_sessions.place,
        course_versions.title,
        course_versions.note,
        course_modules.title,
        course_modules.body,
        questions.category,
        questions.title,
        questions.body,
        leaves.reason,
        transfers.destination,
        transfers.reason,
        api_tokens.name,
        audit_log.detail,
        audit_log.before_state,
        audit_log.after_state,
        outbox.subject,
    );
    all.join("\n")
}

fn is_cjk(c: char) -> bool {
    matches!(c, '\u{3000}'..='\u{303f}' | '\u{3400}'..='\u{4dbf}' | '\u{4e00}'..='\u{9fff}' | '\u{f900}'..='\u{faff}' | '\u{ff00}'..='\u{ffef}')
}

/// Whether the Chinese in a fragment is all data: every run of CJK characters in it is
/// found in the database's texts. A run that is not (a label, or Chinese punctuation
/// around data, like `（…）`) is left for the translators.
fn only_data(fragment: &str, corpus: &str) -> bool {
    let mut runs: Vec<String> = Vec::new();
    let mut run = String::new();
    for c in fragment.chars() {
        if is_cjk(c) {
            run.push(c);
        } else if !run.is_empty() {
            runs.push(std::mem::take(&mut run));
        }
    }
    runs.push(run);
    runs.iter()
        .filter(|r| !r.is_empty())
        .all(|r| corpus.contains(r.as_str()))
}

/// Logs a browser in as one account (or out, for "") and into one language.
async fn sign_in_as(b: &Browser, username: &str, lang: &str) {
    b.client.delete_all_cookies().await.expect("log out");
    if username.is_empty() {
        b.open("/login").await;
    } else {
        b.login(username).await;
    }
    b.choose_language(lang).await;
}

/// Why a page fails the tour, if it does: an error page, no stylesheet, the wrong
/// language, or (on a phone) sideways scrolling.
async fn problems(b: &Browser, lang: &str, phone: bool) -> Vec<String> {
    let mut out = Vec::new();
    let status = b.page_status().await;
    if status != 200 {
        out.push(format!("status {status}"));
    }
    if b.client.find(Locator::Css(".error-card")).await.is_ok() {
        out.push("an error page".into());
    }
    let unloaded = b
        .client
        .execute(
            "return [...document.querySelectorAll('link[rel=stylesheet]')]
               .filter(l => !l.sheet || l.sheet.cssRules.length === 0)
               .map(l => l.getAttribute('href'));",
            vec![],
        )
        .await
        .expect("stylesheets");
    if unloaded.as_array().is_some_and(|a| !a.is_empty()) {
        out.push(format!("stylesheet not loaded: {unloaded}"));
    }
    // the browser's defaults are a transparent header and a block body
    let header = b.computed_style("header.top", "background-color").await;
    if header.is_empty() || header == "rgba(0, 0, 0, 0)" {
        out.push(format!("header unstyled ({header:?})"));
    }
    let body = b.computed_style("body", "display").await;
    if body != "flex" {
        out.push(format!("body unstyled (display {body:?})"));
    }
    let html = b.html_lang().await;
    if html.as_deref() != Some(lang) {
        out.push(format!("html[lang] is {html:?}"));
    }
    if phone && b.overflows().await {
        out.push("scrolls sideways".into());
    }
    out
}

/// Visits each role's pages in one browser, in one language; notes what fails and, on
/// the English pages, the Chinese text left.
async fn visit(
    b: &Browser,
    roles: &[(&'static str, &'static str, Vec<Page>)],
    lang: &str,
    phone: bool,
    failures: &mut Vec<String>,
    cjk: &mut BTreeMap<String, Vec<String>>,
) -> usize {
    let label = if lang == "en" { "en" } else { "zh" };
    let mut visited = 0;
    for (role, username, pages) in roles {
        if phone && *role != "worker" {
            continue;
        }
        sign_in_as(b, username, lang).await;
        for (name, path) in pages {
            b.open(path).await;
            visited += 1;
            let suffix = if phone { "-360" } else { "" };
            let shot = format!("tour-{label}-{role}-{name}{suffix}");
            b.screenshot(&shot).await;
            for p in problems(b, lang, phone).await {
                failures.push(format!("{shot} ({path}): {p}"));
            }
            if lang == "en" && !phone {
                let left = cjk_fragments(b).await;
                if !left.is_empty() {
                    cjk.insert(format!("{role} {name} ({path})"), left);
                }
            }
        }
    }
    visited
}

#[tokio::test]
async fn a_tour_of_every_main_page_in_both_languages() {
    let Tour { app, roles } = tour().await;
    let started = Instant::now();
    let mut failures = Vec::new();
    let mut cjk = BTreeMap::new();
    let (mut visited, mut timings) = (0, Vec::new());
    for lang in ["zh-CN", "en"] {
        for (width, phone) in [(DESKTOP, false), (PHONE, true)] {
            let pass = Instant::now();
            let Some(b) = Browser::start(&app, width).await else {
                return;
            };
            let n = visit(&b, &roles, lang, phone, &mut failures, &mut cjk).await;
            b.close().await;
            visited += n;
            timings.push(format!(
                "{lang} {width} px: {n} pages in {:.1?}",
                pass.elapsed()
            ));
        }
    }
    // the report: what is left to translate, page by page; the file also lists the data
    let corpus = data_corpus(&app);
    let (mut labels, mut full, mut pages_left, mut data) = (String::new(), String::new(), 0, 0);
    for (page, fragments) in &cjk {
        let (data_only, left): (Vec<&String>, Vec<&String>) =
            fragments.iter().partition(|f| only_data(f, &corpus));
        data += data_only.len();
        full.push_str(&format!("{page}\n"));
        for f in &left {
            full.push_str(&format!("    {f}\n"));
        }
        for f in &data_only {
            full.push_str(&format!("    [data] {f}\n"));
        }
        if !left.is_empty() {
            pages_left += 1;
            labels.push_str(&format!("{page}\n"));
            for f in left {
                labels.push_str(&format!("    {f}\n"));
            }
        }
    }
    std::fs::write(screenshot_dir().join("tour-cjk-en.txt"), &full).expect("write the report");
    println!(
        "tour: {visited} pages in {:.0?} ({}); on the English pages, {data} fragments of Chinese data \
         and Chinese text that is not data on {pages_left} pages:\n{labels}",
        started.elapsed(),
        timings.join(", "),
    );
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert_eq!(
        pages_left, 0,
        "English pages must not mix in Chinese text that is not data:\n{labels}"
    );
}
