//! Markdown to safe HTML: pulldown-cmark renders, ammonia removes anything executable.
//! Rendering and cleaning a module costs far more than the database reads of its page,
//! and published course text never changes, so results are kept in a bounded memo.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

use pulldown_cmark::{html, Options, Parser};

/// Bytes of Markdown and HTML the memo may hold before it starts afresh.
const MEMO_BYTES: usize = 16 * 1024 * 1024;

#[derive(Default)]
struct Memo {
    entries: HashMap<Arc<str>, Arc<str>>,
    bytes: usize,
}

fn memo() -> &'static Mutex<Memo> {
    static MEMO: OnceLock<Mutex<Memo>> = OnceLock::new();
    MEMO.get_or_init(Default::default)
}

/// The safe HTML of some Markdown, rendered once per distinct text. A pure function of its
/// input, so a memo entry can never be stale.
pub fn to_safe_html(markdown: &str) -> String {
    if let Some(hit) = memo()
        .lock()
        .ok()
        .and_then(|m| m.entries.get(markdown).cloned())
    {
        return hit.to_string();
    }
    let rendered = render(markdown);
    if let Ok(mut m) = memo().lock() {
        let size = markdown.len() + rendered.len();
        if m.bytes + size > MEMO_BYTES {
            m.entries.clear();
            m.bytes = 0;
        }
        m.bytes += size;
        m.entries
            .insert(Arc::from(markdown), Arc::from(rendered.as_str()));
    }
    rendered
}

fn render(markdown: &str) -> String {
    let mut options = Options::empty();
    options.insert(Options::ENABLE_TABLES);
    options.insert(Options::ENABLE_STRIKETHROUGH);
    let mut unsafe_html = String::new();
    html::push_html(&mut unsafe_html, Parser::new_ext(markdown, options));
    ammonia::clean(&unsafe_html)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_is_rendered_and_scripts_do_not_survive() {
        let table = [
            (
                "## 材料\n\n- 身份证",
                vec!["<h2>材料</h2>", "<li>身份证</li>"],
                vec![],
            ),
            (
                "<script>alert(1)</script>正文",
                vec!["正文"],
                vec!["<script", "alert(1)</script>"],
            ),
            (
                "<img src=x onerror=alert(1)>",
                vec!["<img"],
                vec!["onerror"],
            ),
            (
                "[点我](javascript:alert(1))",
                vec!["点我"],
                vec!["javascript:"],
            ),
            (
                "<a href=\"#\" onclick=\"x()\">a</a>",
                vec!["<a"],
                vec!["onclick"],
            ),
            ("| a | b |\n|---|---|\n| 1 | 2 |", vec!["<table>"], vec![]),
        ];
        for (md, present, absent) in table {
            let html = to_safe_html(md);
            for p in present {
                assert!(html.contains(p), "{md}: {html}");
            }
            for a in absent {
                assert!(!html.contains(a), "{md}: {html}");
            }
        }
    }
}
