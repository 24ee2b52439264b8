//! Course versions: quiz settings, what must hold before publishing, and drawing the
//! questions of an attempt.

use std::collections::BTreeMap;

use rand::seq::SliceRandom;
use rand::Rng;
use serde::{Deserialize, Serialize};

use super::quiz::{Answers, Question};
use crate::i18n::Msg;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct QuizSettings {
    /// Questions drawn per attempt; 0 means the whole bank. Ignored when `per_category` is set.
    #[serde(default)]
    pub draw: u32,
    #[serde(default)]
    pub per_category: BTreeMap<String, u32>,
    #[serde(default = "yes")]
    pub shuffle: bool,
    pub time_limit_minutes: u32,
    pub pass_percent: u32,
    /// 0 means unlimited.
    #[serde(default)]
    pub max_attempts: u32,
    #[serde(default)]
    pub cooldown_minutes: u32,
}

fn yes() -> bool {
    true
}

impl Default for QuizSettings {
    fn default() -> Self {
        Self {
            draw: 10,
            per_category: BTreeMap::new(),
            shuffle: true,
            time_limit_minutes: 20,
            pass_percent: 80,
            max_attempts: 3,
            cooldown_minutes: 30,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ModuleDraft {
    pub title: String,
    pub minutes: u32,
    pub body: String,
}

/// A problem that blocks publishing, with the field it concerns. Serialised, both say
/// the default language; pages use `view` for the reader's.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Problem {
    pub field: Msg,
    pub message: Msg,
    /// The index of the question or module concerned, when there is one.
    #[serde(skip)]
    pub question: Option<usize>,
    #[serde(skip)]
    pub module: Option<usize>,
}

impl Problem {
    /// The field and message in a language, for a page.
    pub fn view(&self, lang: &str) -> serde_json::Value {
        serde_json::json!({
            "field": self.field.in_lang(lang),
            "message": self.message.in_lang(lang),
        })
    }
}

fn problem(field: Msg, message: Msg) -> Problem {
    Problem {
        field,
        message,
        question: None,
        module: None,
    }
}

/// Everything that must hold before a version may be published.
pub fn validate(
    settings: &QuizSettings,
    modules: &[ModuleDraft],
    questions: &[Question],
) -> Vec<Problem> {
    let mut out = Vec::new();
    if modules.is_empty() {
        out.push(problem(
            Msg::key("course-field-modules"),
            Msg::key("course-no-modules"),
        ));
    }
    for (i, m) in modules.iter().enumerate() {
        let before = out.len();
        let field = Msg::key("course-field-module-titled")
            .arg("number", i + 1)
            .arg("title", &m.title);
        if m.title.trim().is_empty() {
            out.push(problem(
                Msg::key("course-field-module").arg("number", i + 1),
                Msg::key("course-module-title-empty"),
            ));
        }
        if m.body.trim().is_empty() {
            out.push(problem(field.clone(), Msg::key("course-module-body-empty")));
        }
        if !(1..=240).contains(&m.minutes) {
            out.push(problem(field, Msg::key("course-module-minutes")));
        }
        out[before..].iter_mut().for_each(|p| p.module = Some(i));
    }
    if questions.is_empty() {
        out.push(problem(
            Msg::key("course-field-bank"),
            Msg::key("course-bank-empty"),
        ));
    }
    for (i, q) in questions.iter().enumerate() {
        let before = out.len();
        let field = Msg::key("course-field-question")
            .arg("number", i + 1)
            .arg("title", &q.title);
        match &q.answers {
            Answers::Single { choices } => {
                let correct = choices.iter().filter(|c| c.weight >= 100.0).count();
                if correct != 1 {
                    out.push(problem(
                        field.clone(),
                        Msg::key("course-single-one-correct").arg("correct", correct),
                    ));
                }
                if choices.len() < 2 {
                    out.push(problem(
                        field.clone(),
                        Msg::key("course-single-two-choices"),
                    ));
                }
            }
            Answers::Multi { choices } => {
                let positive: f64 = choices.iter().map(|c| c.weight).filter(|w| *w > 0.0).sum();
                if (positive - 100.0).abs() > 0.01 {
                    out.push(problem(
                        field.clone(),
                        Msg::key("course-multi-weights").arg("positive", positive.to_string()),
                    ));
                }
            }
            Answers::Short { accepted } => {
                if !accepted.iter().any(|a| a.weight >= 100.0) {
                    out.push(problem(field.clone(), Msg::key("course-short-full-marks")));
                }
            }
            Answers::TrueFalse { .. } => {}
        }
        if q.text.trim().is_empty() {
            out.push(problem(field, Msg::key("course-question-text-empty")));
        }
        out[before..].iter_mut().for_each(|p| p.question = Some(i));
    }
    if !(1..=100).contains(&settings.pass_percent) {
        out.push(problem(
            Msg::key("course-field-pass"),
            Msg::key("course-pass-range"),
        ));
    }
    if !(1..=600).contains(&settings.time_limit_minutes) {
        out.push(problem(
            Msg::key("course-field-time-limit"),
            Msg::key("course-time-limit-range"),
        ));
    }
    if settings.per_category.is_empty() {
        if settings.draw as usize > questions.len() {
            out.push(problem(
                Msg::key("course-field-draw"),
                Msg::key("course-draw-too-many")
                    .arg("draw", settings.draw)
                    .arg("bank", questions.len()),
            ));
        }
    } else {
        for (cat, n) in &settings.per_category {
            let have = questions.iter().filter(|q| &q.category == cat).count();
            if *n as usize > have {
                out.push(problem(
                    Msg::key("course-field-draw-category").arg("category", cat),
                    Msg::key("course-draw-category-too-many")
                        .arg("category", cat)
                        .arg("draw", *n)
                        .arg("have", have),
                ));
            }
        }
    }
    out
}

/// Picks the positions (into `categories`, one entry per question of the bank) of the
/// questions an attempt asks, in the order they are shown.
pub fn draw_questions<R: Rng>(
    settings: &QuizSettings,
    categories: &[String],
    rng: &mut R,
) -> Vec<usize> {
    let mut picked: Vec<usize> = if settings.per_category.is_empty() {
        let mut all: Vec<usize> = (0..categories.len()).collect();
        all.shuffle(rng);
        let n = if settings.draw == 0 {
            all.len()
        } else {
            (settings.draw as usize).min(all.len())
        };
        all.truncate(n);
        all
    } else {
        let mut out = Vec::new();
        for (cat, n) in &settings.per_category {
            let mut of_cat: Vec<usize> = (0..categories.len())
                .filter(|&i| &categories[i] == cat)
                .collect();
            of_cat.shuffle(rng);
            of_cat.truncate(*n as usize);
            out.extend(of_cat);
        }
        out
    };
    picked.shuffle(rng);
    picked
}

/// The order options are shown in: a permutation of `0..n`, shuffled when asked.
pub fn option_order<R: Rng>(n: usize, shuffle: bool, rng: &mut R) -> Vec<usize> {
    let mut order: Vec<usize> = (0..n).collect();
    if shuffle {
        order.shuffle(rng);
    }
    order
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::quiz::Choice;
    use rand::SeedableRng;

    fn q(cat: &str, answers: Answers) -> Question {
        Question {
            category: cat.into(),
            title: "t".into(),
            text: "x".into(),
            markdown: false,
            points: 1,
            answers,
            general_feedback: String::new(),
        }
    }
    fn c(w: f64) -> Choice {
        Choice {
            text: "o".into(),
            weight: w,
            feedback: String::new(),
        }
    }
    fn module(body: &str) -> ModuleDraft {
        ModuleDraft {
            title: "m".into(),
            minutes: 10,
            body: body.into(),
        }
    }

    type Case = (
        QuizSettings,
        Vec<ModuleDraft>,
        Vec<Question>,
        Vec<&'static str>,
    );

    #[test]
    fn validation_table() {
        let ok_single = q(
            "a",
            Answers::Single {
                choices: vec![c(100.0), c(0.0)],
            },
        );
        let two_right = q(
            "a",
            Answers::Single {
                choices: vec![c(100.0), c(100.0)],
            },
        );
        let bad_multi = q(
            "a",
            Answers::Multi {
                choices: vec![c(50.0), c(40.0), c(-100.0)],
            },
        );
        let ok_multi = q(
            "b",
            Answers::Multi {
                choices: vec![c(50.0), c(50.0), c(-100.0)],
            },
        );
        let settings = |draw: u32, pass: u32| QuizSettings {
            draw,
            pass_percent: pass,
            ..QuizSettings::default()
        };
        let table: Vec<Case> = vec![
            (
                settings(2, 80),
                vec![module("正文")],
                vec![ok_single.clone(), ok_multi.clone()],
                vec![],
            ),
            (
                settings(1, 80),
                vec![module("正文")],
                vec![two_right.clone()],
                vec!["恰好有一个正确选项"],
            ),
            (
                settings(1, 80),
                vec![module("正文")],
                vec![bad_multi.clone()],
                vec!["正权重之和须为 100%"],
            ),
            (
                settings(3, 80),
                vec![module("正文")],
                vec![ok_single.clone()],
                vec!["超过了题库"],
            ),
            (
                settings(1, 0),
                vec![module("正文")],
                vec![ok_single.clone()],
                vec!["及格线"],
            ),
            (
                settings(1, 101),
                vec![module("正文")],
                vec![ok_single.clone()],
                vec!["及格线"],
            ),
            (
                settings(1, 80),
                vec![module("  ")],
                vec![ok_single.clone()],
                vec!["模块正文不能为空"],
            ),
            (
                settings(0, 80),
                vec![],
                vec![],
                vec!["至少需要一个学习模块", "至少需要一道题"],
            ),
        ];
        for (s, m, qs, expected) in table {
            let got = validate(&s, &m, &qs);
            let messages: Vec<String> = got.iter().map(|p| p.message.to_string()).collect();
            assert_eq!(got.len(), expected.len(), "{messages:?}");
            for (p, want) in got.iter().zip(expected) {
                assert!(p.message.contains(want), "{} / {want}", p.message);
            }
        }
        let per_cat = QuizSettings {
            per_category: [("a".to_string(), 2)].into_iter().collect(),
            ..QuizSettings::default()
        };
        let got = validate(&per_cat, &[module("x")], &[ok_single.clone(), ok_multi]);
        assert!(got[0].message.contains("只有 1 题"), "{got:?}");
        assert_eq!(got[0].field.to_string(), "抽题数量（a）");
        assert_eq!(
            got[0].view("en"),
            serde_json::json!({
                "field": "Questions drawn (a)",
                "message": "2 questions of category \"a\" are drawn per attempt, but the bank has only 1.",
            })
        );
    }

    #[test]
    fn drawing_respects_counts_and_categories() {
        let cats: Vec<String> = ["a", "a", "a", "b", "b", "c"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        let mut rng = rand::rngs::StdRng::seed_from_u64(7);
        let total = QuizSettings {
            draw: 4,
            ..QuizSettings::default()
        };
        for _ in 0..20 {
            let picked = draw_questions(&total, &cats, &mut rng);
            assert_eq!(picked.len(), 4);
            let mut unique = picked.clone();
            unique.sort();
            unique.dedup();
            assert_eq!(unique.len(), 4);
        }
        let whole = QuizSettings {
            draw: 0,
            ..QuizSettings::default()
        };
        assert_eq!(draw_questions(&whole, &cats, &mut rng).len(), 6);
        let per = QuizSettings {
            per_category: [("a".to_string(), 2), ("c".to_string(), 1)]
                .into_iter()
                .collect(),
            ..QuizSettings::default()
        };
        for _ in 0..20 {
            let picked = draw_questions(&per, &cats, &mut rng);
            assert_eq!(picked.iter().filter(|&&i| cats[i] == "a").count(), 2);
            assert_eq!(picked.iter().filter(|&&i| cats[i] == "c").count(), 1);
            assert_eq!(picked.len(), 3);
        }
        let order = option_order(5, true, &mut rng);
        let mut sorted = order.clone();
        sorted.sort();
        assert_eq!(sorted, vec![0, 1, 2, 3, 4]);
        assert_eq!(option_order(3, false, &mut rng), vec![0, 1, 2]);
    }
}
