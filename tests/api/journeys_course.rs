//! Course authoring in a real browser (headless Chromium): a trainer of the item's bureau
//! edits a module of a new draft, previews it, publishes the version, and the worker's
//! course shows it; once in Chinese, once in English. Screenshots go to
//! `target/screenshots/`.

use devolve::domain::role::Role;
use fantoccini::Locator;

use crate::browser::Browser;
use crate::course_fixture::import;
use crate::helpers::spawn_app;

const DESKTOP: u32 = 1280;
const PHONE: u32 = 360;

async fn text_of(b: &Browser, css: &str) -> String {
    b.client
        .find(Locator::Css(css))
        .await
        .expect(css)
        .text()
        .await
        .expect("text")
}

async fn texts_of(b: &Browser, css: &str) -> Vec<String> {
    let mut out = Vec::new();
    for e in b.client.find_all(Locator::Css(css)).await.expect(css) {
        out.push(e.text().await.expect("text"));
    }
    out
}

/// What one round of editing writes, and how the page says it, per language.
struct Round {
    lang: &'static str,
    label: &'static str,
    /// the module edited
    module: u32,
    title: &'static str,
    heading: &'static str,
    items: [&'static str; 3],
    bold: &'static str,
    note: &'static str,
    /// "version N" as the page says it
    version: fn(usize) -> String,
}

const ROUNDS: [Round; 2] = [
    Round {
        lang: "zh-CN",
        label: "zh",
        module: 1,
        title: "谁可以申请（修订）",
        heading: "申请对象",
        items: ["本市户籍居民", "年满 60 周岁", "未领取其他养老待遇"],
        bold: "不需要",
        note: "补充申请条件",
        version: |n| format!("第 {n} 版"),
    },
    Round {
        lang: "en",
        label: "en",
        module: 2,
        title: "怎样办理（英文界面修订）",
        heading: "所需材料",
        items: ["身份证", "户口簿", "银行卡"],
        bold: "原件",
        note: "列出所需材料",
        version: |n| format!("Version {n}"),
    },
];

#[tokio::test]
async fn a_trainer_edits_previews_and_publishes_a_course_version_and_the_worker_sees_it() {
    let app = spawn_app().await;
    // the C05 course of 人社局, published as version 1 with two modules
    let course = import(&app);
    app.create_user(Role::Trainer, "rs-t", Some("rs"));
    app.create_user(Role::Worker, "wk", Some("linglong"));
    let Some(trainer) = Browser::start(&app, DESKTOP).await else {
        return;
    };
    trainer.login("rs-t").await;
    assert_eq!(trainer.path().await, "/trainer");

    for (i, round) in ROUNDS.iter().enumerate() {
        let (label, before, after) = (round.label, i + 1, i + 2);
        trainer.choose_language(round.lang).await;

        // the author's catalog leads to the course; the latest version is the previous one
        trainer.open("/courses").await;
        trainer
            .click(&format!("table a[href=\"/courses/{course}\"]"))
            .await;
        let start = "form[action=\"/items/C05/course/draft\"] button";
        trainer.wait_for(start).await;
        assert_eq!(trainer.path().await, format!("/courses/{course}"));
        let latest = text_of(&trainer, "section.card h2").await;
        assert!(latest.ends_with(&(round.version)(before)), "{latest}");
        trainer
            .screenshot(&format!("course-overview-{label}"))
            .await;

        // a new draft, and the module's Markdown edited through the form
        trainer.click(start).await;
        let publish = format!("form[action=\"/courses/{course}/draft/publish\"]");
        trainer.wait_for(&publish).await;
        assert_eq!(trainer.path().await, format!("/courses/{course}/draft"));
        trainer.screenshot(&format!("course-draft-{label}")).await;
        let edit = format!("/courses/{course}/draft/modules/{}", round.module);
        trainer.click(&format!("#modules a[href=\"{edit}\"]")).await;
        trainer.wait_for("textarea[name=body]").await;
        assert_eq!(trainer.path().await, edit);
        let body = format!(
            "## {}\n\n- {}\n- {}\n- {}\n\n办理时**{}**另行提交纸质材料。",
            round.heading, round.items[0], round.items[1], round.items[2], round.bold
        );
        trainer.fill("input[name=title]", round.title).await;
        trainer.fill("input[name=minutes]", "12").await;
        trainer.fill("textarea[name=body]", &body).await;
        trainer
            .screenshot(&format!("course-module-form-{label}"))
            .await;
        trainer
            .click(&format!("form[action=\"{edit}\"] button[type=submit]"))
            .await;
        trainer.wait_for(&publish).await;
        let rows = texts_of(&trainer, "#modules tbody tr").await;
        assert!(
            rows[round.module as usize - 1].contains(round.title),
            "{rows:?}"
        );

        // the preview renders the Markdown as HTML, and says it is a draft
        trainer
            .click(&format!("a[href=\"/courses/{course}/draft/preview\"]"))
            .await;
        trainer.wait_for("section.module .prose").await;
        assert_eq!(
            trainer.path().await,
            format!("/courses/{course}/draft/preview")
        );
        let modules = texts_of(&trainer, "section.module > h2").await;
        assert!(
            modules[round.module as usize - 1]
                .starts_with(&format!("{}. {}", round.module, round.title)),
            "{modules:?}"
        );
        let headings = texts_of(&trainer, "section.module .prose h2").await;
        assert!(
            headings.iter().any(|h| h == round.heading),
            "the ## line is a heading: {headings:?}"
        );
        let items = texts_of(&trainer, "section.module .prose ul > li").await;
        for item in round.items {
            assert!(
                items.iter().any(|li| li == item),
                "the - lines are a list: {items:?}"
            );
        }
        let bold = texts_of(&trainer, "section.module .prose strong").await;
        assert!(bold.iter().any(|b| b == round.bold), "{bold:?}");
        assert!(
            !trainer.text().await.contains("## "),
            "no raw Markdown left"
        );
        assert!(
            trainer
                .client
                .find(Locator::Css("main p.notice"))
                .await
                .is_ok(),
            "the preview says it is a draft"
        );
        // the rendered module in the picture
        trainer
            .client
            .execute(
                "document.querySelectorAll('section.module')[arguments[0]].scrollIntoView();",
                vec![serde_json::json!(round.module - 1)],
            )
            .await
            .expect("scroll to the module");
        trainer.screenshot(&format!("course-preview-{label}")).await;

        // published as a wording revision: the course shows the new version on top
        trainer
            .click(&format!("main a[href=\"/courses/{course}/draft\"]"))
            .await;
        trainer.wait_for(&publish).await;
        trainer.click("input[name=change_kind][value=minor]").await;
        trainer.fill("input[name=note]", round.note).await;
        trainer
            .client
            .execute(
                "document.getElementById('publish').scrollIntoView();",
                vec![],
            )
            .await
            .expect("scroll to publishing");
        trainer.screenshot(&format!("course-publish-{label}")).await;
        trainer
            .click(&format!("{publish} button[type=submit]"))
            .await;
        trainer.wait_for(start).await;
        assert_eq!(trainer.path().await, format!("/courses/{course}"));
        let latest = text_of(&trainer, "section.card h2").await;
        assert!(latest.ends_with(&(round.version)(after)), "{latest}");
        let newest = text_of(&trainer, "table.table tbody tr").await;
        assert!(
            newest.starts_with(&format!("v{after}")) && newest.contains(round.note),
            "the versions list has it on top: {newest}"
        );
        trainer
            .screenshot(&format!("course-published-{label}"))
            .await;
    }
    trainer.close().await;

    // the worker's course is the latest version, with both edits, on a phone
    let Some(phone) = Browser::start(&app, PHONE).await else {
        return;
    };
    phone.login("wk").await;
    let newest = ROUNDS.len() + 1;
    for round in &ROUNDS {
        phone.choose_language(round.lang).await;
        phone.open(&format!("/learn/{course}")).await;
        phone.wait_for(".module-list").await;
        let heading = text_of(&phone, "h1").await;
        assert!(
            heading.ends_with(&(round.version)(newest)),
            "the worker's course is version {newest}: {heading}"
        );
        let modules = texts_of(&phone, ".module-list li a").await;
        assert_eq!(
            modules,
            [ROUNDS[0].title, ROUNDS[1].title],
            "both edits are published"
        );
        assert!(!phone.overflows().await, "no sideways scrolling at 360 px");
        phone
            .screenshot(&format!("course-worker-phone-{}", round.label))
            .await;
        phone
            .click(&format!(
                ".module-list a[href=\"/learn/{course}/modules/{}\"]",
                round.module
            ))
            .await;
        phone.wait_for("article.prose").await;
        assert_eq!(text_of(&phone, "h1").await, round.title);
        assert_eq!(text_of(&phone, "article.prose h2").await, round.heading);
        assert_eq!(texts_of(&phone, "article.prose ul > li").await, round.items);
        assert!(!phone.overflows().await, "no sideways scrolling at 360 px");
        phone
            .screenshot(&format!("course-worker-module-phone-{}", round.label))
            .await;
    }
    phone.close().await;
}
