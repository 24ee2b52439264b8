//! A small course with one question of each type, and helpers to answer it.

use devolve::courses::{gift, CourseSource, ItemRef, ModuleSource};
use devolve::domain::course::QuizSettings;
use devolve::domain::quiz::{Answers, Question, Response};
use devolve::store::attempts::SlotRow;

use crate::helpers::TestApp;

pub const BANK: &str = "$CATEGORY: 条件\n\n::单选::谁可以申请？{=本市居民#对了，本市居民可以 ~外地游客#SECRET-FEEDBACK-1 ~任何人}\n\n::多选::需要哪些材料？{~%50%身份证 ~%50%户口簿 ~%-100%结婚证####SECRET-GENERAL-2}\n\n$CATEGORY: 流程\n\n::判断::可以网上办理。{T#SECRET-WRONG-3#答对了}\n\n::简答::证件叫什么？{=社会保障卡 =社保卡}\n";

pub fn source() -> CourseSource {
    CourseSource {
        slug: "05-pension".into(),
        item: ItemRef::Seq(5),
        title: "居民养老保险待遇登记及终止".into(),
        bureaus: vec!["rs".into()],
        version_note: "测试".into(),
        quiz: QuizSettings {
            draw: 4,
            per_category: Default::default(),
            shuffle: true,
            time_limit_minutes: 20,
            pass_percent: 75,
            max_attempts: 2,
            cooldown_minutes: 30,
        },
        modules: vec![
            ModuleSource {
                slug: "who".into(),
                title: "谁可以申请".into(),
                minutes: 10,
                body: "## 对象\n\n本市户籍居民。".into(),
            },
            ModuleSource {
                slug: "how".into(),
                title: "怎样办理".into(),
                minutes: 8,
                body: "带上**身份证**和户口簿。".into(),
            },
        ],
        questions: gift::parse(BANK)
            .unwrap()
            .into_iter()
            .map(|p| p.question)
            .collect(),
    }
}

/// Imports the fixture course and returns its id.
pub fn import(app: &TestApp) -> i32 {
    let mut conn = app.pool.get().unwrap();
    devolve::store::courses::import(&mut conn, &source(), None, app.clock.now_naive()).unwrap();
    let item = devolve::store::items::find_by_code(&mut conn, "C05")
        .unwrap()
        .unwrap();
    devolve::store::courses::course_for_item(&mut conn, item.item.id)
        .unwrap()
        .unwrap()
        .id
}

/// The form fields that answer one slot right (or wrong), in displayed positions.
fn answer_fields(slot: &SlotRow, q: &Question, right: bool) -> Vec<(String, String)> {
    let pos = slot.position;
    let key = format!("q{pos}");
    let mut out = vec![("shown".to_string(), pos.to_string())];
    let order = slot.order();
    let shown_of = |orig: usize| order.iter().position(|&o| o == orig).unwrap().to_string();
    match &q.answers {
        Answers::Single { choices } | Answers::Multi { choices } => {
            for (i, c) in choices.iter().enumerate() {
                if (c.weight > 0.0) == right {
                    out.push((key.clone(), shown_of(i)));
                    if matches!(q.answers, Answers::Single { .. }) {
                        break;
                    }
                }
            }
        }
        Answers::TrueFalse { correct, .. } => {
            out.push((key, if *correct == right { "true" } else { "false" }.into()))
        }
        Answers::Short { accepted } => out.push((
            key,
            if right {
                accepted[0].text.clone()
            } else {
                "不知道".into()
            },
        )),
    }
    out
}

/// Form fields answering every question of an attempt right or wrong.
pub fn answers(app: &TestApp, attempt_id: i32, right: bool) -> Vec<(String, String)> {
    let mut conn = app.pool.get().unwrap();
    devolve::store::attempts::slots(&mut conn, attempt_id)
        .unwrap()
        .iter()
        .flat_map(|(s, q)| answer_fields(s, q, right))
        .collect()
}

pub fn saved(app: &TestApp, attempt_id: i32) -> Vec<Option<Response>> {
    let mut conn = app.pool.get().unwrap();
    devolve::store::attempts::slots(&mut conn, attempt_id)
        .unwrap()
        .iter()
        .map(|(s, _)| s.response())
        .collect()
}
