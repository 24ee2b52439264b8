//! Markdown to safe HTML: pulldown-cmark renders, ammonia removes anything executable.

use pulldown_cmark::{html, Options, Parser};

pub fn to_safe_html(markdown: &str) -> String {
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
