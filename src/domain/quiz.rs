//! Questions, answers and grading: pure functions with table tests.
//!
//! Weights are percentages, as in Moodle: a single-choice `=` answer is 100, a
//! multiple-answer option may be negative, and a question's score is floored at 0.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Choice {
    pub text: String,
    /// Percent of the question's points this answer earns; may be negative.
    pub weight: f64,
    #[serde(default)]
    pub feedback: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Answers {
    /// One option is chosen; the `=` option carries 100.
    Single { choices: Vec<Choice> },
    /// Any options may be chosen; weights add up, floored at 0 and capped at 100.
    Multi { choices: Vec<Choice> },
    TrueFalse {
        correct: bool,
        #[serde(default)]
        feedback_wrong: String,
        #[serde(default)]
        feedback_right: String,
    },
    /// Typed text matched against accepted answers; the best match counts.
    Short { accepted: Vec<Choice> },
}

impl Answers {
    pub fn kind(&self) -> &'static str {
        match self {
            Answers::Single { .. } => "single",
            Answers::Multi { .. } => "multi",
            Answers::TrueFalse { .. } => "truefalse",
            Answers::Short { .. } => "short",
        }
    }

    /// The options shown to the worker (none for true/false and short answer).
    pub fn options(&self) -> &[Choice] {
        match self {
            Answers::Single { choices } | Answers::Multi { choices } => choices,
            _ => &[],
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Question {
    pub category: String,
    pub title: String,
    pub text: String,
    /// `true` when the text is Markdown, `false` for plain text.
    pub markdown: bool,
    pub points: u32,
    pub answers: Answers,
    pub general_feedback: String,
}

/// What a worker answered. Choice indices refer to the question's own option order,
/// never to the shuffled order shown on the page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", content = "value", rename_all = "snake_case")]
pub enum Response {
    Choices(Vec<usize>),
    Bool(bool),
    Text(String),
}

/// Normalises typed text for comparison: trimmed, inner white space folded, case folded,
/// full-width ASCII folded to half-width (a phone's IME often types full-width letters).
pub fn normalise(text: &str) -> String {
    let folded: String = text
        .chars()
        .map(|c| match c {
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            '\u{3000}' => ' ',
            _ => c,
        })
        .collect();
    folded
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// The fraction of the question's points earned, from 0.0 to 1.0.
pub fn grade(question: &Question, response: Option<&Response>) -> f64 {
    let Some(response) = response else {
        return 0.0;
    };
    let fraction = match (&question.answers, response) {
        (Answers::Single { choices }, Response::Choices(picked)) => match picked.as_slice() {
            [one] => choices.get(*one).map_or(0.0, |c| c.weight / 100.0),
            _ => 0.0,
        },
        (Answers::Multi { choices }, Response::Choices(picked)) => {
            let mut seen = picked.clone();
            seen.sort_unstable();
            seen.dedup();
            seen.iter()
                .filter_map(|&i| choices.get(i))
                .map(|c| c.weight / 100.0)
                .sum()
        }
        (Answers::TrueFalse { correct, .. }, Response::Bool(b)) if b == correct => 1.0,
        (Answers::Short { accepted }, Response::Text(typed)) => {
            let typed = normalise(typed);
            if typed.is_empty() {
                0.0
            } else {
                accepted
                    .iter()
                    .filter(|a| normalise(&a.text) == typed)
                    .map(|a| a.weight / 100.0)
                    .fold(0.0, f64::max)
            }
        }
        _ => 0.0,
    };
    fraction.clamp(0.0, 1.0)
}

/// The feedback a worker sees for their answer in the review.
pub fn feedback_for(question: &Question, response: Option<&Response>) -> Vec<String> {
    let mut out = Vec::new();
    match (&question.answers, response) {
        (Answers::Single { choices } | Answers::Multi { choices }, Some(Response::Choices(p))) => {
            for &i in p {
                if let Some(c) = choices.get(i).filter(|c| !c.feedback.is_empty()) {
                    out.push(c.feedback.clone());
                }
            }
        }
        (
            Answers::TrueFalse {
                correct,
                feedback_wrong,
                feedback_right,
            },
            Some(Response::Bool(b)),
        ) => {
            let fb = if b == correct {
                feedback_right
            } else {
                feedback_wrong
            };
            if !fb.is_empty() {
                out.push(fb.clone());
            }
        }
        (Answers::Short { accepted }, Some(Response::Text(t))) => {
            let t = normalise(t);
            if let Some(a) = accepted
                .iter()
                .find(|a| normalise(&a.text) == t && !a.feedback.is_empty())
            {
                out.push(a.feedback.clone());
            }
        }
        _ => {}
    }
    if !question.general_feedback.is_empty() {
        out.push(question.general_feedback.clone());
    }
    out
}

/// The correct answer in words, in a language, for the review once it may be shown.
pub fn correct_answer_text(question: &Question, lang: &str) -> String {
    use crate::i18n::t_in;
    match &question.answers {
        Answers::Single { choices } | Answers::Multi { choices } => choices
            .iter()
            .filter(|c| c.weight > 0.0)
            .map(|c| c.text.clone())
            .collect::<Vec<_>>()
            .join(&t_in(lang, "quiz-answer-separator")),
        Answers::TrueFalse { correct: true, .. } => t_in(lang, "attempt-true"),
        Answers::TrueFalse { correct: false, .. } => t_in(lang, "attempt-false"),
        Answers::Short { accepted } => accepted
            .iter()
            .filter(|c| c.weight >= 100.0)
            .map(|c| c.text.clone())
            .collect::<Vec<_>>()
            .join(" / "),
    }
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Score {
    pub points: f64,
    pub max_points: f64,
    pub percent: f64,
    pub passed: bool,
}

/// Adds up `(fraction earned, points)` per question against the pass mark in percent.
pub fn score(parts: &[(f64, u32)], pass_percent: u32) -> Score {
    let max_points: f64 = parts.iter().map(|(_, p)| f64::from(*p)).sum();
    let points: f64 = parts.iter().map(|(f, p)| f * f64::from(*p)).sum();
    let percent = if max_points > 0.0 {
        (points / max_points * 100.0 * 100.0).round() / 100.0
    } else {
        0.0
    };
    Score {
        points,
        max_points,
        percent,
        passed: max_points > 0.0 && percent + 1e-9 >= f64::from(pass_percent),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn c(text: &str, weight: f64) -> Choice {
        Choice {
            text: text.into(),
            weight,
            feedback: format!("fb-{text}"),
        }
    }

    fn q(answers: Answers) -> Question {
        Question {
            category: "c".into(),
            title: "t".into(),
            text: "x".into(),
            markdown: false,
            points: 2,
            answers,
            general_feedback: "general".into(),
        }
    }

    #[test]
    fn grading_table_for_every_question_type() {
        let single = q(Answers::Single {
            choices: vec![c("a", 100.0), c("b", 0.0), c("c", 50.0)],
        });
        let multi = q(Answers::Multi {
            choices: vec![c("a", 50.0), c("b", 50.0), c("c", -100.0), c("d", -50.0)],
        });
        let tf = q(Answers::TrueFalse {
            correct: false,
            feedback_wrong: "w".into(),
            feedback_right: "r".into(),
        });
        let short = q(Answers::Short {
            accepted: vec![
                c("社会保障卡", 100.0),
                c("社保卡", 100.0),
                c("身份证", 50.0),
            ],
        });
        use Response::*;
        let table: Vec<(&Question, Option<Response>, f64)> = vec![
            (&single, Some(Choices(vec![0])), 1.0),
            (&single, Some(Choices(vec![1])), 0.0),
            (&single, Some(Choices(vec![2])), 0.5),
            (&single, Some(Choices(vec![0, 1])), 0.0),
            (&single, Some(Choices(vec![9])), 0.0),
            (&single, Some(Choices(vec![])), 0.0),
            (&single, None, 0.0),
            (&single, Some(Bool(true)), 0.0),
            (&multi, Some(Choices(vec![0, 1])), 1.0),
            (&multi, Some(Choices(vec![0])), 0.5),
            (&multi, Some(Choices(vec![0, 0, 0])), 0.5),
            (&multi, Some(Choices(vec![0, 1, 3])), 0.5),
            (&multi, Some(Choices(vec![0, 2])), 0.0),
            (&multi, Some(Choices(vec![0, 1, 2, 3])), 0.0),
            (&multi, Some(Choices(vec![2])), 0.0),
            (&tf, Some(Bool(false)), 1.0),
            (&tf, Some(Bool(true)), 0.0),
            (&short, Some(Text(" 社保卡 ".into())), 1.0),
            (&short, Some(Text("身份证".into())), 0.5),
            (&short, Some(Text("户口本".into())), 0.0),
            (&short, Some(Text("".into())), 0.0),
        ];
        for (question, response, expected) in table {
            let got = grade(question, response.as_ref());
            assert!(
                (got - expected).abs() < 1e-9,
                "{:?} {response:?}: {got}",
                question.answers.kind()
            );
        }
    }

    #[test]
    fn typed_answers_fold_case_width_and_spaces() {
        let short = q(Answers::Short {
            accepted: vec![c("12345", 100.0), c("Shandong ID", 100.0)],
        });
        for typed in ["１２３４５", "shandong   id", "ＳＨＡＮＤＯＮＧ　ＩＤ"] {
            assert_eq!(
                grade(&short, Some(&Response::Text(typed.into()))),
                1.0,
                "{typed}"
            );
        }
    }

    #[test]
    fn feedback_and_correct_answers() {
        let tf = q(Answers::TrueFalse {
            correct: true,
            feedback_wrong: "错了".into(),
            feedback_right: "对了".into(),
        });
        assert_eq!(
            feedback_for(&tf, Some(&Response::Bool(false))),
            vec!["错了", "general"]
        );
        assert_eq!(correct_answer_text(&tf, "zh-CN"), "正确");
        assert_eq!(correct_answer_text(&tf, "en"), "True");
        let multi = q(Answers::Multi {
            choices: vec![c("a", 50.0), c("b", 50.0), c("c", -100.0)],
        });
        assert_eq!(correct_answer_text(&multi, "zh-CN"), "a；b");
        assert_eq!(correct_answer_text(&multi, "en"), "a; b");
        assert_eq!(
            feedback_for(&multi, Some(&Response::Choices(vec![0, 2]))),
            vec!["fb-a", "fb-c", "general"]
        );
    }

    #[test]
    fn score_table() {
        let table = [
            (
                vec![(1.0, 1), (1.0, 1), (0.0, 1), (1.0, 1)],
                80,
                75.0,
                false,
            ),
            (
                vec![(1.0, 1), (1.0, 1), (1.0, 1), (1.0, 1), (0.0, 1)],
                80,
                80.0,
                true,
            ),
            (vec![(0.5, 2), (1.0, 2)], 75, 75.0, true),
            (vec![], 80, 0.0, false),
        ];
        for (parts, pass, percent, passed) in table {
            let s = score(&parts, pass);
            assert_eq!((s.percent, s.passed), (percent, passed), "{parts:?}");
        }
    }
}
