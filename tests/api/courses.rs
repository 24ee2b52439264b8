//! Authoring, publishing, importing and exporting courses.

use devolve::domain::role::Role;
use devolve::store::courses::{import_tree, ImportOutcome};

use crate::course_fixture;
use crate::helpers::{location, spawn_app};

const GOOD_BANK: &str = "$CATEGORY: 条件\n\n::Q1::谁可以申请补贴？{=本市户籍的经济困难老年人 ~所有老年人 ~外地游客}\n\n::Q2::申请可以由村（社区）代办。{T}\n";

#[tokio::test]
async fn a_trainer_writes_previews_and_publishes_a_course() {
    let app = spawn_app().await;
    app.login_as(Role::Trainer, "mz1", Some("mz")).await;
    let catalog = app.get_html("/courses").await;
    assert!(catalog.contains("经济困难老年人补贴给付") && catalog.contains("开始编写"));
    assert!(
        !catalog.contains("办理残疾人证"),
        "other bureaus' items are not in the author's catalog"
    );

    let res = app.post_form("/items/C02/course/draft", &[]).await;
    assert_eq!(res.status(), 303);
    let draft = location(&res);
    let course: i32 = draft
        .trim_start_matches("/courses/")
        .trim_end_matches("/draft")
        .parse()
        .unwrap();

    let res = app
        .post_form(&format!("/courses/{course}/draft/modules"), &[("title", "申请条件"), ("minutes", "10"), ("body", "## 对象\n\n本市户籍、经济困难的老年人。<script>alert('x')</script><img src=x onerror=alert(1)>")])
        .await;
    assert_eq!(res.status(), 303);
    let res = app
        .post_form(
            &format!("/courses/{course}/draft/questions"),
            &[("gift", GOOD_BANK)],
        )
        .await;
    assert_eq!(res.status(), 303);
    let res = app
        .post_form(
            &format!("/courses/{course}/draft/settings"),
            &[
                ("title", "经济困难老年人补贴给付"),
                ("draw", "2"),
                ("per_category", ""),
                ("shuffle", "1"),
                ("time_limit_minutes", "15"),
                ("pass_percent", "80"),
                ("max_attempts", "3"),
                ("cooldown_minutes", "30"),
            ],
        )
        .await;
    assert_eq!(res.status(), 303);

    let preview = app
        .get_html(&format!("/courses/{course}/draft/preview"))
        .await;
    assert!(preview.contains("<h2>对象</h2>") && preview.contains("本市户籍的经济困难老年人"));
    assert!(
        !preview.contains("<script>alert") && !preview.contains("onerror"),
        "no script survives"
    );
    assert!(preview.contains("这是草稿预览"));

    let res = app
        .post_form(
            &format!("/courses/{course}/draft/publish"),
            &[("change_kind", "major"), ("note", "首版")],
        )
        .await;
    assert_eq!(res.status(), 303);
    let overview = app.get_html(&format!("/courses/{course}")).await;
    assert!(overview.contains("v1") && overview.contains("重大修订") && overview.contains("首版"));

    // a published version is frozen: editing starts a new draft, numbered on publish
    assert_eq!(
        app.get(&format!("/courses/{course}/draft")).await.status(),
        404
    );
    app.post_form("/items/C02/course/draft", &[]).await;
    app.post_form(
        &format!("/courses/{course}/draft/modules/1"),
        &[
            ("title", "申请条件（修订）"),
            ("minutes", "12"),
            ("body", "新的正文"),
        ],
    )
    .await;
    let res = app
        .post_form(
            &format!("/courses/{course}/draft/publish"),
            &[("change_kind", "minor"), ("note", "措辞修改")],
        )
        .await;
    assert_eq!(res.status(), 303);
    let v1 = app.get_html(&format!("/courses/{course}/versions/1")).await;
    assert!(
        v1.contains("本市户籍、经济困难的老年人") && !v1.contains("新的正文"),
        "version 1 is unchanged"
    );
    let v2 = app.get_html(&format!("/courses/{course}/versions/2")).await;
    assert!(v2.contains("新的正文"));

    // the worker sees the new course
    let worker = app.new_browser();
    worker.login_as(Role::Worker, "w", Some("linglong")).await;
    assert!(worker
        .get_html("/learn")
        .await
        .contains("经济困难老年人补贴给付"));
}

#[tokio::test]
async fn publishing_is_refused_until_the_version_is_valid() {
    let app = spawn_app().await;
    app.login_as(Role::Trainer, "mz1", Some("mz")).await;
    let course: i32 = location(&app.post_form("/items/C02/course/draft", &[]).await)
        .trim_start_matches("/courses/")
        .trim_end_matches("/draft")
        .parse()
        .unwrap();
    let bad_bank = "::多选::哪些？{~%50%甲 ~%40%乙 ~%-100%丙}\n";
    app.post_form(
        &format!("/courses/{course}/draft/questions"),
        &[("gift", bad_bank)],
    )
    .await;
    let res = app
        .post_form(
            &format!("/courses/{course}/draft/publish"),
            &[("change_kind", "major"), ("note", "试发布")],
        )
        .await;
    assert_eq!(res.status(), 400);
    let html = res.text().await.unwrap();
    for words in [
        "课程至少需要一个学习模块",
        "正权重之和须为 100%",
        "超过了题库",
    ] {
        assert!(html.contains(words), "{words}");
    }
    let res = app
        .post_form(
            &format!("/courses/{course}/draft/publish"),
            &[("note", "x")],
        )
        .await;
    assert_eq!(res.status(), 400);
    assert!(res.text().await.unwrap().contains("重大修订"));

    let res = app
        .post_form(
            &format!("/courses/{course}/draft/questions"),
            &[("gift", "配对题 {=a -> 1 =b -> 2}\n\n数值题 {#3}\n")],
        )
        .await;
    assert_eq!(res.status(), 400);
    let html = res.text().await.unwrap();
    assert!(
        html.contains("第 1 行")
            && html.contains("匹配题")
            && html.contains("第 3 行")
            && html.contains("数值题")
    );
    let res = app
        .post_form(
            &format!("/courses/{course}/draft/settings"),
            &[
                ("title", "x"),
                ("draw", "abc"),
                ("time_limit_minutes", "10"),
                ("pass_percent", "80"),
                ("max_attempts", "1"),
                ("cooldown_minutes", "0"),
            ],
        )
        .await;
    assert_eq!(res.status(), 400);
    assert!(res.text().await.unwrap().contains("抽题数量须为"));
    let res = app
        .post_form(
            &format!("/courses/{course}/draft/modules"),
            &[("title", "空模块"), ("minutes", "10"), ("body", "  ")],
        )
        .await;
    assert_eq!(res.status(), 400);
    assert!(res.text().await.unwrap().contains("模块正文不能为空"));
}

#[tokio::test]
async fn a_trainer_of_another_bureau_reads_but_cannot_edit() {
    let app = spawn_app().await;
    let course = course_fixture::import(&app); // item 5, 人社局
    app.login_as(Role::Trainer, "mz1", Some("mz")).await;
    assert_eq!(app.get(&format!("/courses/{course}")).await.status(), 200);
    assert!(app
        .get_html(&format!("/courses/{course}"))
        .await
        .contains("只有负责该事项的部门培训师"));
    assert_eq!(
        app.post_form("/items/C05/course/draft", &[]).await.status(),
        403
    );
    assert_eq!(
        app.get(&format!("/courses/{course}/analysis"))
            .await
            .status(),
        403
    );
    assert_eq!(
        app.get(&format!("/courses/{course}/versions/1/export.zip"))
            .await
            .status(),
        403
    );

    let rs = app.new_browser();
    rs.login_as(Role::Trainer, "rs1", Some("rs")).await;
    assert_eq!(
        rs.post_form("/items/C05/course/draft", &[]).await.status(),
        303
    );
    assert_eq!(
        app.get(&format!("/courses/{course}/draft")).await.status(),
        403,
        "the mz trainer cannot open the rs draft"
    );
    let res = app
        .post_form(
            &format!("/courses/{course}/draft/publish"),
            &[("change_kind", "minor"), ("note", "越权")],
        )
        .await;
    assert_eq!(res.status(), 403);

    // item 8 is shared by 医保局 and 税务局: both may edit
    for (name, bureau) in [("yb1", "yb"), ("sw1", "sw")] {
        let b = app.new_browser();
        b.login_as(Role::Trainer, name, Some(bureau)).await;
        assert_eq!(
            b.post_form("/items/C08/course/draft", &[]).await.status(),
            303,
            "{bureau}"
        );
    }
    let worker = app.new_browser();
    worker.login_as(Role::Worker, "w", Some("linglong")).await;
    assert_eq!(worker.get("/courses").await.status(), 403);
    assert_eq!(
        worker
            .get(&format!("/courses/{course}/versions/1"))
            .await
            .status(),
        403,
        "workers never see the bank"
    );
}

#[tokio::test]
async fn importing_is_idempotent_and_exporting_round_trips() {
    let app = spawn_app().await;
    let shipped = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("courses");
    let mut conn = app.pool.get().unwrap();
    let now = app.clock.now_naive();
    let first = import_tree(&mut conn, &shipped, None, now).unwrap();
    assert_eq!(first.failed, 0, "{:?}", first.lines);
    assert_eq!(first.lines.len(), 36);
    assert!(first.lines.iter().all(|l| l.contains("新建课程，第 1 版")));
    let again = import_tree(&mut conn, &shipped, None, now).unwrap();
    assert!(
        again.lines.iter().all(|l| l.contains("无变化")),
        "{:?}",
        again.lines
    );

    // export a course, edit it, import it back: a new version with the edit
    let item = devolve::store::items::find_by_code(&mut conn, "C08")
        .unwrap()
        .unwrap();
    let course = devolve::store::courses::course_for_item(&mut conn, item.item.id)
        .unwrap()
        .unwrap();
    let v1 = devolve::store::courses::latest_published(&mut conn, course.id)
        .unwrap()
        .unwrap();
    let exported = devolve::store::courses::to_source(&mut conn, v1.id).unwrap();
    let original = devolve::courses::load(&shipped.join(&course.slug)).unwrap();
    assert_eq!(exported.modules, original.modules);
    assert_eq!(exported.questions, original.questions);
    assert_eq!(exported.quiz, original.quiz);

    let out = tempfile::tempdir().unwrap();
    let dir = devolve::courses::export(&exported, out.path()).unwrap();
    assert_eq!(
        devolve::courses::load(&dir).unwrap(),
        exported,
        "export → load is the identity"
    );
    assert_eq!(
        devolve::store::courses::import(&mut conn, &exported, None, now).unwrap(),
        ImportOutcome::Unchanged { number: 1 }
    );
    let module = std::fs::read_dir(&dir)
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .find(|p| p.extension().is_some_and(|e| e == "md"))
        .unwrap();
    let text = std::fs::read_to_string(&module).unwrap();
    std::fs::write(&module, format!("{text}\n补充说明：以当地最新规定为准。\n")).unwrap();
    let edited = devolve::courses::load(&dir).unwrap();
    assert_eq!(
        devolve::store::courses::import(&mut conn, &edited, None, now).unwrap(),
        ImportOutcome::NewVersion { number: 2 }
    );
}

#[tokio::test]
async fn a_course_with_an_unsupported_question_is_not_imported_at_all() {
    let app = spawn_app().await;
    let tmp = tempfile::tempdir().unwrap();
    let mut source = course_fixture::source();
    source.slug = "05-pension".into();
    let dir = devolve::courses::export(&source, tmp.path()).unwrap();
    std::fs::write(
        dir.join("questions.gift"),
        format!("{}\n\n问答题 {{}}\n", course_fixture::BANK),
    )
    .unwrap();
    let mut conn = app.pool.get().unwrap();
    let summary = import_tree(&mut conn, tmp.path(), None, app.clock.now_naive()).unwrap();
    assert_eq!(summary.failed, 1);
    assert!(
        summary
            .lines
            .iter()
            .any(|l| l.contains("questions.gift:") && l.contains("问答题")),
        "{:?}",
        summary.lines
    );
    let item = devolve::store::items::find_by_code(&mut conn, "C05")
        .unwrap()
        .unwrap();
    assert!(
        devolve::store::courses::course_for_item(&mut conn, item.item.id)
            .unwrap()
            .is_none()
    );
}

#[tokio::test]
async fn the_export_download_and_item_analysis() {
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

    app.login_as(Role::Trainer, "rs1", Some("rs")).await;
    let html = app.get_html(&format!("/courses/{course}/analysis")).await;
    assert!(
        html.contains("100%"),
        "pass rate and facility of a single passed attempt"
    );
    assert!(html.contains("最难的五道题"));
    let res = app
        .get(&format!("/courses/{course}/versions/1/export.zip"))
        .await;
    assert_eq!(res.status(), 200);
    assert_eq!(res.headers()["content-type"], "application/zip");
    let bytes = res.bytes().await.unwrap();
    assert_eq!(&bytes[..2], b"PK");
}

#[test]
fn the_shipped_courses_pass_the_check() {
    let shipped = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("courses");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_devolve"))
        .args(["check-courses", shipped.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("36 门课程检查通过"));
    // and every course has at least 2 modules and 10 questions
    for dir in devolve::courses::course_dirs(&shipped).unwrap() {
        let c = devolve::courses::load(&dir).unwrap();
        assert!(
            c.modules.len() >= 2 && c.questions.len() >= 10,
            "{}",
            dir.display()
        );
    }
}
