//! A published course for every item that has none: four Markdown modules and a bank of
//! twenty questions of every kind, with the default quiz settings. Then every item's
//! current version, modules and bank are read back, shipped courses included.

use chrono::NaiveDateTime;
use rand::rngs::StdRng;
use rand::Rng;
use sha2::{Digest, Sha256};

use super::places::Places;
use super::sql::{self, text, ts, Inserter, Writer};
use super::Progress;
use crate::db::DbConnection;
use crate::domain::course::QuizSettings;
use crate::domain::quiz::{Answers, Choice, Question};
use crate::store::courses::{self as course_store, module_hash};

/// What the learning generator needs of an item's current course version.
pub struct Course {
    pub course_id: i32,
    pub version_id: i32,
    pub module_hashes: Vec<String>,
    pub settings: QuizSettings,
    /// Question ids and the parsed questions, in bank order.
    pub bank: Vec<(i32, Question)>,
    pub categories: Vec<String>,
}

/// Indexed like `Places::items`.
pub struct Catalog {
    pub courses: Vec<Course>,
}

const MODULES: &[(&str, &str)] = &[
    (
        "事项概述",
        "本事项由责任单位下沉至镇（街道）党群服务中心办理。",
    ),
    (
        "办理条件与申请材料",
        "申请人应当符合以下条件，并提交相应材料。",
    ),
    ("办理流程", "综合窗口受理后，按照以下步骤办理或网上代办。"),
    (
        "常见问题与注意事项",
        "窗口工作人员在办理中应当注意以下问题。",
    ),
];
const CATEGORIES: &[&str] = &["基础", "流程", "材料", "政策"];

fn module_body(item: &str, intro: &str, n: usize) -> String {
    format!(
        "## {item}\n\n{intro}\n\n- 第一步：核对申请人身份证件\n- 第二步：查验材料是否齐全\n\
         - 第三步：在一窗受理系统中登记\n\n**注意：** 材料不全的，应一次性告知需补正的全部内容（第 {n} 节）。\n"
    )
}

fn choice(text: &str, weight: f64) -> Choice {
    Choice {
        text: text.into(),
        weight,
        feedback: String::new(),
    }
}

fn question(item: &str, n: usize, rng: &mut StdRng) -> Question {
    let category = CATEGORIES[n % CATEGORIES.len()].to_string();
    let answers = match n % 5 {
        0 | 1 => {
            let right = rng.gen_range(0..4);
            Answers::Single {
                choices: (0..4)
                    .map(|i| {
                        let w = if i == right { 100.0 } else { 0.0 };
                        choice(&format!("选项{}（{item}）", i + 1), w)
                    })
                    .collect(),
            }
        }
        2 => Answers::Multi {
            choices: vec![
                choice("身份证", 50.0),
                choice("户口簿", 50.0),
                choice("结婚证", -100.0),
                choice("驾驶证", -100.0),
            ],
        },
        3 => Answers::TrueFalse {
            correct: rng.gen_bool(0.5),
            feedback_wrong: String::new(),
            feedback_right: String::new(),
        },
        _ => Answers::Short {
            accepted: vec![choice("一次性告知", 100.0)],
        },
    };
    Question {
        category,
        title: format!("第{}题", n + 1),
        text: format!("关于「{item}」，下列说法哪项符合办理要求？（{}）", n + 1),
        markdown: false,
        points: 1 + n.is_multiple_of(3) as u32,
        answers,
        general_feedback: String::new(),
    }
}

pub fn generate(
    conn: &mut DbConnection,
    writer: &Writer,
    places: &Places,
    rng: &mut StdRng,
    now: NaiveDateTime,
    progress: &Progress,
) -> anyhow::Result<Catalog> {
    let at = ts(now);
    let missing: Vec<usize> = places
        .items
        .iter()
        .enumerate()
        .filter_map(
            |(i, item)| match course_store::course_for_item(conn, item.id) {
                Ok(None) => Some(Ok(i)),
                Ok(Some(_)) => None,
                Err(e) => Some(Err(e)),
            },
        )
        .collect::<Result<_, _>>()?;
    progress.phase("课程、模块与题库", places.items.len() as u64);
    let tick = |_| {};
    let settings = serde_json::to_string(&QuizSettings::default())?;

    let course_base = sql::max_id(conn, "courses")?;
    let mut rows = Inserter::new(
        writer,
        "INSERT INTO courses (item_id, slug, created_at)",
        &tick,
    );
    for &i in &missing {
        let id = places.items[i].id;
        rows.push(format!("({id}, 'synth-{id}', {at})"))?;
    }
    let written = rows.finish()?;
    sql::check_ids(conn, "courses", course_base, written)?;

    let version_base = sql::max_id(conn, "course_versions")?;
    let mut versions = Inserter::new(writer, "INSERT INTO course_versions (course_id, number, status, change_kind, title, note, settings, content_hash, created_at, published_at)",
        &tick,
    );
    let mut modules = Inserter::new(writer, "INSERT INTO course_modules (version_id, position, slug, title, minutes, body, content_hash)",
        &tick,
    );
    let mut questions = Inserter::new(
        writer,
        "INSERT INTO questions (version_id, position, category, title, kind, body)",
        &tick,
    );
    for (k, &i) in missing.iter().enumerate() {
        let name = &places.items[i].name;
        let course_id = course_base + k as i32 + 1;
        let version_id = version_base + k as i32 + 1;
        let mut whole = Sha256::new();
        for (pos, (title, intro)) in MODULES.iter().enumerate() {
            let body = module_body(name, intro, pos + 1);
            let hash = module_hash(title, &body);
            whole.update(hash.as_bytes());
            modules.push(format!(
                "({version_id}, {}, 'm{}', {}, 15, {}, '{hash}')",
                pos + 1,
                pos + 1,
                text(title),
                text(&body)
            ))?;
        }
        for n in 0..20 {
            let q = question(name, n, rng);
            questions.push(format!(
                "({version_id}, {}, {}, {}, '{}', {})",
                n + 1,
                text(&q.category),
                text(&q.title),
                q.answers.kind(),
                text(&serde_json::to_string(&q)?)
            ))?;
        }
        versions.push(format!(
            "({course_id}, 1, 'published', 'major', {}, '首次发布', {}, '{}', {at}, {at})",
            text(&format!("{name}业务培训")),
            text(&settings),
            hex::encode(whole.finalize())
        ))?;
        progress.advance(1);
    }
    let written = versions.finish()?;
    sql::check_ids(conn, "course_versions", version_base, written)?;
    modules.finish()?;
    questions.finish()?;

    let mut courses = Vec::with_capacity(places.items.len());
    for item in &places.items {
        let course = course_store::course_for_item(conn, item.id)?
            .ok_or_else(|| anyhow::anyhow!("事项 {} 没有课程", item.id))?;
        let version = course_store::latest_published(conn, course.id)?
            .ok_or_else(|| anyhow::anyhow!("课程 {} 没有已发布版本", course.id))?;
        let rows = course_store::question_rows(conn, version.id)?;
        let bank = rows
            .iter()
            .map(|q| Ok((q.id, q.question()?)))
            .collect::<Result<Vec<_>, crate::error::AppError>>()
            .map_err(|e| anyhow::anyhow!("{e:?}"))?;
        courses.push(Course {
            course_id: course.id,
            version_id: version.id,
            module_hashes: course_store::modules(conn, version.id)?
                .into_iter()
                .map(|m| m.content_hash)
                .collect(),
            settings: version.quiz(),
            categories: rows.iter().map(|q| q.category.clone()).collect(),
            bank,
        });
        if missing.is_empty() {
            progress.advance(1);
        }
    }
    Ok(Catalog { courses })
}
