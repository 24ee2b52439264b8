//! Property tests of the GIFT parser: any text, GIFT-like text and generated banks.
//!
//! - `parse` never panics; an error names a line of the input, a question its first line;
//! - a bank that parses comes back the same through `to_gift` and `parse`;
//! - generated questions (in the form `parse` produces them) survive `to_gift` + `parse`.

use proptest::prelude::*;

use super::gift::{parse, to_gift, ParsedQuestion};
use crate::domain::quiz::{Answers, Choice, Question};

const CASES: u32 = 256;

/// Characters that mean something in GIFT, and some that do not.
const ALPHABET: &[char] = &[
    ':', ':', '{', '}', '=', '~', '#', '%', '\\', '[', ']', '-', '>', '/', '$', '\n', '\n', ' ',
    '\t', '\r', 'a', 'T', 'F', '1', '5', '0', '.', '题', '对', 'é', '\u{3000}', '\u{feff}',
];

/// Fragments that steer the text towards real questions.
const WORDS: &[&str] = &[
    "::",
    "::标题::",
    "{",
    "}",
    "{T}",
    "{FALSE}",
    "=",
    "~",
    "#",
    "####",
    "%50%",
    "%-100%",
    "%abc%",
    "[markdown]",
    "[plain]",
    "[points:3]",
    "[points:",
    "[html]",
    "->",
    "\\",
    "\\{",
    "\\n",
    "\n",
    "\n\n",
    "\n// 注释\n",
    "$CATEGORY: $course$/top/甲\n",
    "题目",
    "答案",
    " ",
];

fn gift_like() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop_oneof![
            3 => prop::sample::select(WORDS).prop_map(str::to_string),
            1 => prop::sample::select(ALPHABET).prop_map(String::from),
        ],
        0..40,
    )
    .prop_map(|parts| parts.concat())
}

fn questions(parsed: Vec<ParsedQuestion>) -> Vec<Question> {
    parsed.into_iter().map(|p| p.question).collect()
}

/// The outcome of `parse` names a line of `text` for every error and every question.
fn check_places(text: &str) -> Result<Option<Vec<Question>>, TestCaseError> {
    let lines = text.lines().count().max(1);
    match parse(text) {
        Ok(parsed) => {
            for p in &parsed {
                prop_assert!((1..=lines).contains(&p.line), "question at line {}", p.line);
                prop_assert!(!p.question.text.is_empty());
                prop_assert!(!p.question.title.is_empty());
            }
            Ok(Some(questions(parsed)))
        }
        Err(errors) => {
            prop_assert!(!errors.is_empty());
            for e in &errors {
                prop_assert!(
                    (1..=lines).contains(&e.line),
                    "error at line {} of {lines}",
                    e.line
                );
                prop_assert!(!e.message.to_string().is_empty());
            }
            Ok(None)
        }
    }
}

fn round_trips(first: &[Question]) -> Result<(), TestCaseError> {
    let written = to_gift(first);
    let again = parse(&written)
        .map_err(|e| TestCaseError::fail(format!("{written}\n{e:?}")))
        .map(questions)?;
    prop_assert_eq!(first, &again[..], "{}", written);
    Ok(())
}

/// A trimmed, non-empty piece of text with GIFT's special characters in it.
fn text() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(ALPHABET), 1..12)
        .prop_map(|cs| cs.into_iter().collect::<String>().trim().to_string())
        .prop_filter("not empty", |s| !s.is_empty())
}

fn feedback() -> impl Strategy<Value = String> {
    prop_oneof![Just(String::new()), text()]
}

fn weight() -> impl Strategy<Value = f64> {
    prop_oneof![
        (-4i32..=4).prop_map(|n| f64::from(n) * 25.0),
        -100.0f64..=100.0,
    ]
}

fn choice() -> impl Strategy<Value = Choice> {
    (text(), weight(), feedback()).prop_map(|(text, weight, feedback)| Choice {
        text,
        weight,
        feedback,
    })
}

fn answers() -> impl Strategy<Value = Answers> {
    prop_oneof![
        prop::collection::vec(choice(), 2..5).prop_map(|choices| Answers::Single { choices }),
        prop::collection::vec(choice(), 1..5)
            .prop_filter("a positive weight", |cs| cs.iter().any(|c| c.weight > 0.0))
            .prop_map(|choices| Answers::Multi { choices }),
        prop::collection::vec(choice(), 1..4).prop_map(|accepted| Answers::Short { accepted }),
        (any::<bool>(), feedback(), feedback()).prop_map(|(correct, w, r)| {
            Answers::TrueFalse {
                correct,
                feedback_wrong: w,
                feedback_right: r,
            }
        }),
    ]
}

fn question() -> impl Strategy<Value = Question> {
    (
        prop::sample::select(&["默认", "申请条件", "流程", "a b"][..]),
        text(),
        text(),
        any::<bool>(),
        1u32..=100,
        answers(),
        feedback(),
    )
        .prop_map(
            |(category, title, text, markdown, points, answers, general_feedback)| Question {
                category: category.to_string(),
                title,
                text,
                markdown,
                points,
                answers,
                general_feedback,
            },
        )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(CASES))]

    #[test]
    fn any_text_parses_or_names_a_line(text in any::<String>()) {
        check_places(&text)?;
    }

    #[test]
    fn gift_like_text_parses_or_names_a_line_and_round_trips(text in gift_like()) {
        if let Some(first) = check_places(&text)? {
            round_trips(&first)?;
        }
    }

    #[test]
    fn generated_banks_round_trip(bank in prop::collection::vec(question(), 1..6)) {
        round_trips(&bank)?;
    }

    /// One broken question among good ones: the error names that question's first line.
    #[test]
    fn a_bad_question_is_named_by_its_line(
        good in prop::collection::vec(question(), 0..4),
        at in any::<prop::sample::Index>(),
    ) {
        let written = to_gift(&good);
        let mut blocks: Vec<&str> = written.split("\n\n").filter(|b| !b.trim().is_empty()).collect();
        let at = at.index(blocks.len() + 1);
        blocks.insert(at, "坏的题目 {=甲 ~乙");
        let text = blocks.join("\n\n");
        let bad_line = text.lines().position(|l| l.starts_with("坏的题目")).unwrap() + 1;
        let errors = parse(&text).unwrap_err();
        prop_assert_eq!(errors.len(), 1);
        prop_assert_eq!(errors[0].line, bad_line);
        prop_assert_eq!(errors[0].message.key_name(), Some("gift-answer-block-unclosed"));
    }
}
