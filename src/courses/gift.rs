//! Moodle GIFT: the question-bank format of `questions.gift`.
//!
//! Supported: comments, `::title::`, `$CATEGORY:`, `=`/`~` answers, `%n%` weights, `#`
//! feedback, `####` general feedback, true/false, short answer, multi-line questions,
//! the escapes `\~ \= \# \{ \} \: \n \\`, and the `[markdown]`/`[plain]` prefixes.
//! Devolve's one extension is a `[points:N]` prefix. Unsupported types are errors that
//! name the type and the line; a bank with any error yields no questions at all.

use crate::domain::quiz::{Answers, Choice, Question};
use crate::i18n::Msg;

#[derive(Debug, Clone, PartialEq)]
pub struct GiftError {
    pub line: usize,
    pub message: Msg,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ParsedQuestion {
    /// 1-based line where the question starts.
    pub line: usize,
    pub question: Question,
}

pub const DEFAULT_CATEGORY: &str = "默认";

enum Piece {
    Category(String),
    /// A question: its lines joined, and the 1-based line in the file of each of them
    /// (comment lines inside a question are left out of `text`, so they may skip).
    Block {
        lines: Vec<usize>,
        text: String,
    },
}

fn pieces(text: &str) -> Vec<Piece> {
    let mut out = Vec::new();
    let mut current: Option<(Vec<usize>, Vec<&str>)> = None;
    let flush = |current: &mut Option<(Vec<usize>, Vec<&str>)>, out: &mut Vec<Piece>| {
        if let Some((numbers, lines)) = current.take() {
            out.push(Piece::Block {
                lines: numbers,
                text: lines.join("\n"),
            });
        }
    };
    for (i, raw) in text.trim_start_matches('\u{feff}').lines().enumerate() {
        let line = raw.trim();
        if line.starts_with("//") {
            continue;
        }
        if line.is_empty() {
            flush(&mut current, &mut out);
            continue;
        }
        if let Some(cat) = line.strip_prefix("$CATEGORY:") {
            flush(&mut current, &mut out);
            // Moodle writes paths such as `$course$/top/Name`; the last part is the name.
            let name = cat
                .split('/')
                .map(str::trim)
                .rfind(|s| !s.is_empty() && *s != "$course$" && *s != "top")
                .unwrap_or(DEFAULT_CATEGORY);
            out.push(Piece::Category(name.to_string()));
            continue;
        }
        match &mut current {
            Some((numbers, lines)) => {
                numbers.push(i + 1);
                lines.push(raw);
            }
            None => current = Some((vec![i + 1], vec![raw])),
        }
    }
    flush(&mut current, &mut out);
    out
}

/// The byte offset just past the escape that starts with the backslash at `i`: the
/// backslash and the whole character after it (which may be several bytes long).
fn after_escape(s: &str, i: usize) -> usize {
    let next = i + 1;
    next + s[next..].chars().next().map_or(0, char::len_utf8)
}

/// Byte offsets of unescaped occurrences of `pat` in `s`.
fn find_unescaped(s: &str, pat: &str, from: usize) -> Option<usize> {
    let bytes = s.as_bytes();
    let mut i = from;
    while i < s.len() {
        if bytes[i] == b'\\' {
            i = after_escape(s, i);
            continue;
        }
        if s[i..].starts_with(pat) {
            return Some(i);
        }
        i += s[i..].chars().next().map_or(1, char::len_utf8);
    }
    None
}

pub fn unescape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            match chars.next() {
                Some('n') => out.push('\n'),
                Some(next) => out.push(next),
                None => out.push('\\'),
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// Escapes the GIFT special characters, and the `>` of `->` (which would read as a
/// matching question).
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut prev = None;
    for c in s.chars() {
        match c {
            '\\' | '~' | '=' | '#' | '{' | '}' | ':' => {
                out.push('\\');
                out.push(c);
            }
            '>' if prev == Some('-') => out.push_str("\\>"),
            '\n' => out.push_str("\\n"),
            _ => out.push(c),
        }
        prev = Some(c);
    }
    out
}

/// Escapes `s` where it starts a question text or an answer: a leading `[` would read as
/// a `[markdown]`-style prefix and a leading `%` as a weight.
fn escape_start(s: &str) -> String {
    let out = escape(s);
    if out.starts_with(['[', '%']) {
        format!("\\{out}")
    } else {
        out
    }
}

pub fn parse(text: &str) -> Result<Vec<ParsedQuestion>, Vec<GiftError>> {
    let mut category = DEFAULT_CATEGORY.to_string();
    let mut questions = Vec::new();
    let mut errors = Vec::new();
    for piece in pieces(text) {
        match piece {
            Piece::Category(name) => category = name,
            Piece::Block { lines, text } => match parse_question(&text, &lines, &category) {
                Ok(question) => questions.push(ParsedQuestion {
                    line: lines[0],
                    question,
                }),
                Err(e) => errors.push(e),
            },
        }
    }
    if errors.is_empty() {
        Ok(questions)
    } else {
        Err(errors)
    }
}

/// The line in the file of byte `offset` of a block whose lines are at `lines`.
fn line_of(block: &str, lines: &[usize], offset: usize) -> usize {
    let n = block[..offset.min(block.len())].matches('\n').count();
    lines.get(n).or(lines.last()).copied().unwrap_or(1)
}

fn parse_question(block: &str, lines: &[usize], category: &str) -> Result<Question, GiftError> {
    let err = |offset: usize, message: Msg| GiftError {
        line: line_of(block, lines, offset),
        message,
    };
    let mut pos = 0;
    let trimmed_start = block.len() - block.trim_start().len();
    let mut title = String::new();
    if block[trimmed_start..].starts_with("::") {
        let open = trimmed_start + 2;
        let close = find_unescaped(block, "::", open)
            .ok_or_else(|| err(trimmed_start, Msg::key("gift-title-unclosed")))?;
        title = unescape(&block[open..close]).trim().to_string();
        pos = close + 2;
    }
    let open = find_unescaped(block, "{", pos)
        .ok_or_else(|| err(pos, Msg::key("gift-no-answer-block")))?;
    let close = find_unescaped(block, "}", open + 1)
        .ok_or_else(|| err(open, Msg::key("gift-answer-block-unclosed")))?;
    if !block[close + 1..].trim().is_empty() {
        return Err(err(close, Msg::key("gift-text-after-answers")));
    }
    let (markdown, points, text) = prefixes(block[pos..open].trim()).map_err(|m| err(pos, m))?;
    let text = unescape(text).trim().to_string();
    if text.is_empty() {
        return Err(err(pos, Msg::key("gift-question-text-empty")));
    }
    let body = &block[open + 1..close];
    let (answers, general_feedback) = parse_answers(body).map_err(|m| err(open, m))?;
    if title.is_empty() {
        title = text
            .chars()
            .take(20)
            .collect::<String>()
            .trim_end()
            .to_string();
    }
    Ok(Question {
        category: category.to_string(),
        title,
        text,
        markdown,
        points,
        answers,
        general_feedback,
    })
}

/// Reads `[markdown]`, `[plain]` and `[points:N]` at the start of the question text.
fn prefixes(mut text: &str) -> Result<(bool, u32, &str), Msg> {
    let mut markdown = false;
    let mut points = 1;
    loop {
        text = text.trim_start();
        if let Some(rest) = text.strip_prefix("[markdown]") {
            markdown = true;
            text = rest;
        } else if let Some(rest) = text.strip_prefix("[plain]") {
            markdown = false;
            text = rest;
        } else if text.starts_with("[html]") || text.starts_with("[moodle]") {
            return Err(Msg::key("gift-html-unsupported"));
        } else if let Some(rest) = text.strip_prefix("[points:") {
            let end = rest
                .find(']')
                .ok_or_else(|| Msg::key("gift-points-unclosed"))?;
            points = rest[..end]
                .trim()
                .parse::<u32>()
                .ok()
                .filter(|p| (1..=100).contains(p))
                .ok_or_else(|| Msg::key("gift-points-range"))?;
            text = &rest[end + 1..];
        } else {
            return Ok((markdown, points, text));
        }
    }
}

struct RawAnswer {
    correct_marker: bool,
    weight: Option<f64>,
    text: String,
    feedback: String,
}

fn parse_answers(body: &str) -> Result<(Answers, String), Msg> {
    let (body, general) = match find_unescaped(body, "####", 0) {
        Some(i) => (&body[..i], unescape(&body[i + 4..]).trim().to_string()),
        None => (body, String::new()),
    };
    let trimmed = body.trim();
    if trimmed.is_empty() {
        return Err(Msg::key("gift-essay-unsupported"));
    }
    if trimmed.starts_with('#') {
        return Err(Msg::key("gift-numerical-unsupported"));
    }
    if find_unescaped(body, "->", 0).is_some() {
        return Err(Msg::key("gift-matching-unsupported"));
    }
    if let Some(tf) = true_false(trimmed)? {
        return Ok((tf, general));
    }
    let raw = split_answers(body)?;
    let has_tilde = raw.iter().any(|a| !a.correct_marker);
    let equals = raw.iter().filter(|a| a.correct_marker).count();
    let choice = |a: &RawAnswer, default: f64| Choice {
        text: a.text.clone(),
        weight: a.weight.unwrap_or(default),
        feedback: a.feedback.clone(),
    };
    let answers = if !has_tilde {
        Answers::Short {
            accepted: raw.iter().map(|a| choice(a, 100.0)).collect(),
        }
    } else if equals == 1 {
        if raw.len() < 2 {
            return Err(Msg::key("course-single-two-choices"));
        }
        Answers::Single {
            choices: raw
                .iter()
                .map(|a| choice(a, if a.correct_marker { 100.0 } else { 0.0 }))
                .collect(),
        }
    } else if equals > 1 {
        return Err(Msg::key("gift-several-correct"));
    } else {
        if !raw.iter().any(|a| a.weight.unwrap_or(0.0) > 0.0) {
            return Err(Msg::key("gift-no-correct-answer"));
        }
        Answers::Multi {
            choices: raw.iter().map(|a| choice(a, 0.0)).collect(),
        }
    };
    Ok((answers, general))
}

fn true_false(body: &str) -> Result<Option<Answers>, Msg> {
    let mut parts = Vec::new();
    let mut from = 0;
    while let Some(i) = find_unescaped(body, "#", from) {
        parts.push(&body[from..i]);
        from = i + 1;
    }
    parts.push(&body[from..]);
    let correct = match parts[0].trim().to_uppercase().as_str() {
        "T" | "TRUE" => true,
        "F" | "FALSE" => false,
        _ => return Ok(None),
    };
    if parts.len() > 3 {
        return Err(Msg::key("gift-true-false-feedback"));
    }
    let fb = |i: usize| {
        parts
            .get(i)
            .map(|p| unescape(p).trim().to_string())
            .unwrap_or_default()
    };
    Ok(Some(Answers::TrueFalse {
        correct,
        feedback_wrong: fb(1),
        feedback_right: fb(2),
    }))
}

fn split_answers(body: &str) -> Result<Vec<RawAnswer>, Msg> {
    let mut starts = Vec::new();
    let bytes = body.as_bytes();
    let mut i = 0;
    while i < body.len() {
        match bytes[i] {
            b'\\' => i = after_escape(body, i),
            b'=' | b'~' => {
                starts.push(i);
                i += 1;
            }
            _ => i += body[i..].chars().next().map_or(1, char::len_utf8),
        }
    }
    let Some(&first) = starts.first() else {
        return Err(Msg::key("gift-no-answers"));
    };
    if !body[..first].trim().is_empty() {
        return Err(Msg::key("gift-text-before-answers"));
    }
    let mut out = Vec::new();
    for (n, &s) in starts.iter().enumerate() {
        let end = starts.get(n + 1).copied().unwrap_or(body.len());
        let correct_marker = bytes[s] == b'=';
        let mut content = body[s + 1..end].trim();
        let mut weight = None;
        if let Some(rest) = content.strip_prefix('%') {
            let close = rest
                .find('%')
                .ok_or_else(|| Msg::key("gift-weight-unclosed"))?;
            let w = rest[..close]
                .trim()
                .parse::<f64>()
                .ok()
                .filter(|w| w.is_finite() && (-100.0..=100.0).contains(w))
                .ok_or_else(|| Msg::key("gift-bad-weight").arg("weight", &rest[..close]))?;
            weight = Some(w);
            content = rest[close + 1..].trim();
        }
        let (text, feedback) = match find_unescaped(content, "#", 0) {
            Some(h) => (&content[..h], &content[h + 1..]),
            None => (content, ""),
        };
        let text = unescape(text).trim().to_string();
        if text.is_empty() {
            return Err(Msg::key("gift-empty-answer"));
        }
        out.push(RawAnswer {
            correct_marker,
            weight,
            text,
            feedback: unescape(feedback).trim().to_string(),
        });
    }
    Ok(out)
}

fn weight_prefix(w: f64) -> String {
    format!("%{w}%")
}

/// Writes questions back as GIFT; `parse(to_gift(q))` gives `q` again.
pub fn to_gift(questions: &[Question]) -> String {
    let mut out = String::new();
    let mut category: Option<&str> = None;
    for q in questions {
        if category != Some(q.category.as_str()) {
            out.push_str(&format!("$CATEGORY: {}\n\n", q.category));
            category = Some(&q.category);
        }
        out.push_str(&format!("::{}::", escape(&q.title)));
        if q.markdown {
            out.push_str("[markdown]");
        }
        if q.points != 1 {
            out.push_str(&format!("[points:{}]", q.points));
        }
        out.push_str(&escape_start(&q.text));
        out.push_str(" {\n");
        // `default`: the weight the marker implies, so it need not be written; None: always write it.
        let answer = |marker: &str, c: &Choice, default: Option<f64>| {
            let mut s = format!("\t{marker}");
            if default.is_none_or(|d| (c.weight - d).abs() > f64::EPSILON) {
                s.push_str(&weight_prefix(c.weight));
            }
            s.push_str(&escape_start(&c.text));
            if !c.feedback.is_empty() {
                s.push('#');
                s.push_str(&escape(&c.feedback));
            }
            s.push('\n');
            s
        };
        match &q.answers {
            Answers::Single { choices } => {
                let right = choices.iter().position(|c| c.weight >= 100.0).unwrap_or(0);
                for (i, c) in choices.iter().enumerate() {
                    if i == right {
                        out.push_str(&answer("=", c, Some(100.0)));
                    } else {
                        out.push_str(&answer("~", c, Some(0.0)));
                    }
                }
            }
            Answers::Multi { choices } => {
                for c in choices {
                    out.push_str(&answer("~", c, None));
                }
            }
            Answers::Short { accepted } => {
                for c in accepted {
                    out.push_str(&answer("=", c, Some(100.0)));
                }
            }
            Answers::TrueFalse {
                correct,
                feedback_wrong,
                feedback_right,
            } => {
                out.push('\t');
                out.push_str(if *correct { "TRUE" } else { "FALSE" });
                if !feedback_wrong.is_empty() || !feedback_right.is_empty() {
                    out.push_str(&format!(
                        "#{}#{}",
                        escape(feedback_wrong),
                        escape(feedback_right)
                    ));
                }
                out.push('\n');
            }
        }
        if !q.general_feedback.is_empty() {
            out.push_str(&format!("\t####{}\n", escape(&q.general_feedback)));
        }
        out.push_str("}\n\n");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(text: &str) -> Question {
        let mut qs = parse(text).unwrap_or_else(|e| panic!("{text}: {e:?}"));
        assert_eq!(qs.len(), 1, "{text}");
        qs.remove(0).question
    }

    fn error(text: &str) -> GiftError {
        let errs = parse(text).expect_err(text);
        errs[0].clone()
    }

    #[test]
    fn every_supported_construct() {
        let q = one("// a comment\n::Q1 材料::[markdown]申请需要哪一项？ {\n =身份证 #对\n ~户口本#不需要\n ~%50%居住证\n ####身份证是必需的\n}");
        assert_eq!(q.title, "Q1 材料");
        assert!(q.markdown);
        assert_eq!(q.text, "申请需要哪一项？");
        assert_eq!(q.general_feedback, "身份证是必需的");
        let Answers::Single { choices } = &q.answers else {
            panic!("{:?}", q.answers)
        };
        assert_eq!(choices.len(), 3);
        assert_eq!(
            (choices[0].weight, choices[0].feedback.as_str()),
            (100.0, "对")
        );
        assert_eq!(
            (choices[1].weight, choices[1].text.as_str()),
            (0.0, "户口本")
        );
        assert_eq!(choices[2].weight, 50.0);

        let q = one("哪些材料需要？{~%50%甲 ~%50%乙 ~%-100%丙#不对}");
        let Answers::Multi { choices } = &q.answers else {
            panic!()
        };
        assert_eq!(
            choices.iter().map(|c| c.weight).collect::<Vec<_>>(),
            vec![50.0, 50.0, -100.0]
        );
        assert_eq!(q.title, "哪些材料需要？", "title defaults to the text");

        for (src, expected) in [
            ("{T}", true),
            ("{F}", false),
            ("{TRUE}", true),
            ("{FALSE}", false),
            ("{ t }", true),
        ] {
            let q = one(&format!("可以代办。{src}"));
            assert!(
                matches!(q.answers, Answers::TrueFalse { correct, .. } if correct == expected),
                "{src}"
            );
        }
        let q = one("可以代办。{T#答错了#答对了####说明}");
        assert_eq!(
            q.answers,
            Answers::TrueFalse {
                correct: true,
                feedback_wrong: "答错了".into(),
                feedback_right: "答对了".into()
            }
        );
        assert_eq!(q.general_feedback, "说明");

        let q = one("证件叫什么？{=社会保障卡 =社保卡 =%50%医保卡#差一点}");
        let Answers::Short { accepted } = &q.answers else {
            panic!()
        };
        assert_eq!(
            accepted.iter().map(|a| a.weight).collect::<Vec<_>>(),
            vec![100.0, 100.0, 50.0]
        );

        let q = one(
            "[plain][points:3]多行\n题目 \\{括号\\} 和 \\= \\~ \\# \\: 以及\\n换行 {\n=对\n~错\n}",
        );
        assert_eq!(q.points, 3);
        assert!(!q.markdown);
        assert_eq!(q.text, "多行\n题目 {括号} 和 = ~ # : 以及\n换行");
    }

    #[test]
    fn categories_and_blank_line_separation() {
        let text = "$CATEGORY: $course$/top/申请条件\n\n::a::甲{T}\n::b::乙{F}\n\n$CATEGORY: 流程\n::c::丙{=x ~y}\n";
        // a and b share a block, so the block has text after its first answer block
        assert!(parse(text).is_err());
        let text = "$CATEGORY: $course$/top/申请条件\n\n::a::甲{T}\n\n::b::乙{F}\n\n$CATEGORY: 流程\n::c::丙{=x ~y}\n";
        let qs = parse(text).unwrap();
        let cats: Vec<(&str, usize)> = qs
            .iter()
            .map(|p| (p.question.category.as_str(), p.line))
            .collect();
        assert_eq!(cats, vec![("申请条件", 3), ("申请条件", 5), ("流程", 8)]);
    }

    #[test]
    fn unsupported_types_and_mistakes_name_the_type_and_line() {
        let table = [
            ("\n\n::m::配对 {=a -> 1 =b -> 2}", 3, "匹配题"),
            ("数值 {#3.14:0.01}", 1, "数值题"),
            ("问答 {}", 1, "问答题"),
            ("\n填空 {=北京 ~上海} 是首都", 2, "填空题"),
            ("说明文字，没有答案", 1, "说明文字"),
            ("单选 {=a =b ~c}", 1, "只能有一个 = 正确答案"),
            ("多选 {~a ~b}", 1, "没有正确答案"),
            ("坏权重 {~%abc%a ~b}", 1, "权重"),
            ("空答案 {=a ~ }", 1, "答案是空的"),
            ("::没关标题 {T}", 1, "::"),
            ("没有结尾 {=a ~b", 1, "}"),
            ("[html]<b>x</b> {T}", 1, "[html]"),
            ("{=a ~b}", 1, "题目文字为空"),
            ("[points:0]零分 {T}", 1, "points"),
        ];
        for (text, line, words) in table {
            let e = error(text);
            assert_eq!(e.line, line, "{text}");
            assert!(e.message.contains(words), "{text}: {}", e.message);
        }
    }

    #[test]
    fn one_bad_question_means_no_questions() {
        let text = "好的 {T}\n\n坏的 {#1}\n\n也好 {F}\n";
        let errs = parse(text).unwrap_err();
        assert_eq!(errs.len(), 1);
        assert_eq!(errs[0].line, 3);
        assert_eq!(
            errs[0].message.key_name(),
            Some("gift-numerical-unsupported")
        );
        assert_eq!(
            errs[0].message.in_lang("en"),
            "The answer block starts with #: this is a numerical question, which Devolve does not support."
        );
        let unclosed = parse("题目 {=甲 ~乙").unwrap_err();
        assert_eq!(unclosed[0].message.to_string(), "答案块缺少结尾的 }");
        assert_eq!(
            parse("::标题 题目 {=甲 ~乙}").unwrap_err()[0]
                .message
                .to_string(),
            "标题缺少结尾的 ::（写法：::标题::题目文字{…}）"
        );
    }

    #[test]
    fn a_backslash_before_a_multibyte_character_is_one_escape() {
        // `i += 2` after a backslash used to land inside the character and panic.
        for text in [
            "\\é {T}",
            "题目 {=\\答 ~错}",
            "题目\\好 {T}",
            "\\",
            "题 {=a\\",
        ] {
            let _ = parse(text);
        }
        let q = one("题目 \\答 {=\\对 ~错}");
        assert_eq!(q.text, "题目 答");
        let Answers::Single { choices } = &q.answers else {
            panic!("{:?}", q.answers)
        };
        assert_eq!(choices[0].text, "对");
    }

    #[test]
    fn a_comment_inside_a_question_does_not_shift_its_error_line() {
        let e = error("题目 {\n// 注释\n=甲\n~乙\n} 多余");
        assert_eq!(e.line, 5);
        assert_eq!(e.message.key_name(), Some("gift-text-after-answers"));
    }

    #[test]
    fn to_gift_keeps_what_would_read_as_syntax() {
        // each once came back different, or not at all, from `parse(to_gift(..))`
        for text in [
            "\\[plain]文字 {T}",
            "\\[html]文字 {T}",
            "题 {=\\%5 ~错}",
            "题 {~%50%a-\\>b ~%50%c}",
            "一二三四五六七八九十一二三四五六七八九 十一 {T}",
        ] {
            let first: Vec<Question> = parse(text)
                .unwrap_or_else(|e| panic!("{text}: {e:?}"))
                .into_iter()
                .map(|p| p.question)
                .collect();
            let written = to_gift(&first);
            let again: Vec<Question> = parse(&written)
                .unwrap_or_else(|e| panic!("{written}: {e:?}"))
                .into_iter()
                .map(|p| p.question)
                .collect();
            assert_eq!(first, again, "{written}");
        }
    }

    #[test]
    fn true_false_with_points_and_feedback() {
        let q = one("::t3::[points:2]判断 {F#错#对}");
        assert_eq!(q.points, 2);
        assert!(matches!(
            q.answers,
            Answers::TrueFalse { correct: false, .. }
        ));
    }

    #[test]
    fn gift_round_trips() {
        let text = "$CATEGORY: 甲\n\n::t1::[markdown]**粗体** 与 {括号}\\: = ~ #?{=对#是的 ~错#不是 ~%25%半对}\n\n::t2::多选 {~%50%一 ~%50%二 ~%-100%三####总评}\n\n$CATEGORY: 乙\n\n::t3::[points:2]判断 {F#错#对}\n\n::t4::简答 {=甲 =%50%乙}\n";
        let first: Vec<Question> = parse(
            &text
                .replace("{括号}", "\\{括号\\}")
                .replace("\\: = ~ #", "\\: \\= \\~ \\#"),
        )
        .unwrap()
        .into_iter()
        .map(|p| p.question)
        .collect();
        let again: Vec<Question> = parse(&to_gift(&first))
            .unwrap()
            .into_iter()
            .map(|p| p.question)
            .collect();
        assert_eq!(first, again);
        assert_eq!(first[0].text, "**粗体** 与 {括号}: = ~ #?");
    }
}
