//! Message catalogs (Fluent). Templates use `{{fluent "key"}}` with the request's `lang`;
//! Rust code that builds labels (navigation, role names) uses `t_in`, and rules return a
//! `Msg` that the web layer says in the reader's language. `zh-CN` is the
//! default and `en` is complete; a test keeps their keys identical.

use fluent_templates::{langid, LanguageIdentifier, Loader};

mod dates;
mod msg;
pub use dates::{date_in, datetime_in};
pub use msg::{Arg, Msg};

fluent_templates::static_loader! {
    pub static LOCALES = {
        locales: "./locales",
        fallback_language: "zh-CN",
        // Unicode isolation marks around arguments would show up in plain-text contexts.
        customise: |bundle| bundle.set_use_isolating(false),
    };
}

pub const DEFAULT_LANG: &str = "zh-CN";
pub const SUPPORTED: [&str; 2] = ["zh-CN", "en"];
/// Remembers an anonymous visitor's choice; a logged-in user's is stored on the account.
pub const LANG_COOKIE: &str = "devolve_lang";

pub fn default_lang() -> LanguageIdentifier {
    langid!("zh-CN")
}

/// The supported language a code names, or the default.
pub fn supported(code: &str) -> &'static str {
    SUPPORTED
        .iter()
        .find(|l| **l == code)
        .copied()
        .unwrap_or(DEFAULT_LANG)
}

pub(crate) fn lang_id(lang: &str) -> LanguageIdentifier {
    match supported(lang) {
        "en" => langid!("en"),
        _ => default_lang(),
    }
}

pub fn t(key: &str) -> String {
    LOCALES.lookup(&default_lang(), key)
}

pub fn t_in(lang: &str, key: &str) -> String {
    LOCALES.lookup(&lang_id(lang), key)
}

pub fn role_label(role: &str) -> String {
    t(&format!("role-{role}"))
}

pub fn role_label_in(lang: &str, role: &str) -> String {
    t_in(lang, &format!("role-{role}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The message keys of every catalog file of a language, with the file they are in.
    fn keys(lang: &str) -> std::collections::BTreeSet<(String, String)> {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("locales")
            .join(lang);
        let mut out = std::collections::BTreeSet::new();
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            let file = path.file_name().unwrap().to_string_lossy().into_owned();
            for line in std::fs::read_to_string(&path).unwrap().lines() {
                let starts_key = line.chars().next().is_some_and(|c| c.is_ascii_lowercase());
                if let (true, Some((key, _))) = (starts_key, line.split_once(" =")) {
                    out.insert((file.clone(), key.trim().to_string()));
                }
            }
        }
        out
    }

    #[test]
    fn every_catalog_file_parses() {
        use fluent_templates::fluent_bundle::FluentResource;
        for lang in SUPPORTED {
            let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("locales")
                .join(lang);
            for entry in std::fs::read_dir(&dir).unwrap() {
                let path = entry.unwrap().path();
                let text = std::fs::read_to_string(&path).unwrap();
                if let Err((_, errors)) = FluentResource::try_new(text) {
                    panic!("{}: {errors:?}", path.display());
                }
            }
        }
    }

    #[test]
    fn no_key_is_defined_twice() {
        for lang in SUPPORTED {
            let mut seen = std::collections::BTreeMap::new();
            for (file, key) in keys(lang) {
                if let Some(first) = seen.insert(key.clone(), file.clone()) {
                    panic!("{lang}: {key} is in both {first} and {file}");
                }
            }
        }
    }

    #[test]
    fn both_catalogs_have_the_same_keys() {
        let zh = keys("zh-CN");
        let en = keys("en");
        let missing_en: Vec<_> = zh.difference(&en).collect();
        let missing_zh: Vec<_> = en.difference(&zh).collect();
        assert!(missing_en.is_empty(), "missing in en: {missing_en:?}");
        assert!(missing_zh.is_empty(), "missing in zh-CN: {missing_zh:?}");
        assert!(zh.len() > 700, "{} keys", zh.len());
    }

    /// The Rust files below `dir`, recursively.
    fn rust_files(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                rust_files(&path, out);
            } else if path.extension().is_some_and(|e| e == "rs") {
                out.push(path);
            }
        }
    }

    /// The string literal at the start of `rest` (after blanks), if it starts with one.
    fn literal_at(rest: &str) -> Option<&str> {
        let rest = rest.trim_start().strip_prefix('"')?;
        rest.find('"').map(|end| &rest[..end])
    }

    /// The catalog keys the code names literally: a string literal given to `Msg::key`,
    /// `t` or `t_in` (its second argument), the keys of every `labelled_enum!` and the
    /// arms of hand-written `label_key` functions.
    fn keys_in_code(text: &str) -> Vec<String> {
        // spelt apart so that this function's own text does not match
        let t_in = concat!("t_in", "(");
        let patterns = [
            concat!("Msg::key", "("),
            concat!("i18n::t", "("),
            concat!(" t", "("),
            concat!("(t", "("),
            t_in,
        ];
        let mut out = Vec::new();
        for pattern in patterns {
            for (at, _) in text.match_indices(pattern) {
                let mut rest = &text[at + pattern.len()..];
                if pattern == t_in {
                    // the key is the second argument
                    match rest.find([',', ')', '\n']) {
                        Some(i) if rest[i..].starts_with(',') => rest = &rest[i + 1..],
                        _ => continue,
                    }
                }
                if let Some(key) = literal_at(rest) {
                    out.push(key.to_string());
                }
            }
        }
        let mut in_enum = false;
        let mut label_key_indent: Option<usize> = None;
        for line in text.lines() {
            let indent = line.len() - line.trim_start().len();
            if line
                .trim_start()
                .starts_with(concat!("labelled_enum!", " {"))
            {
                in_enum = true;
            } else if in_enum && line.trim() == "}" && indent == 0 {
                in_enum = false;
            } else if in_enum && line.contains("=>") {
                // `Variant => "code", "key",`
                if let Some(key) = line.rsplit('"').nth(1) {
                    out.push(key.to_string());
                }
            }
            if line.contains(concat!("fn label_key", "(")) {
                label_key_indent = Some(indent);
            } else if let Some(fn_indent) = label_key_indent {
                if line.trim() == "}" && indent == fn_indent {
                    label_key_indent = None;
                } else if let Some((_, arm)) = line.split_once("=> ") {
                    if let Some(key) = literal_at(arm) {
                        out.push(key.to_string());
                    }
                }
            }
        }
        // only what has the shape of a key (not the text of a doc comment's example)
        out.retain(|k| {
            k.starts_with(|c: char| c.is_ascii_lowercase())
                && k.chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        });
        out
    }

    #[test]
    fn keys_named_in_code_are_in_both_catalogs() {
        let names = |lang| -> std::collections::BTreeSet<String> {
            keys(lang).into_iter().map(|(_, key)| key).collect()
        };
        let (zh, en) = (names("zh-CN"), names("en"));
        let mut files = Vec::new();
        rust_files(
            &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src"),
            &mut files,
        );
        let mut checked = 0;
        let mut missing = Vec::new();
        for file in files {
            let text = std::fs::read_to_string(&file).unwrap();
            for key in keys_in_code(&text) {
                checked += 1;
                for (lang, catalog) in [("zh-CN", &zh), ("en", &en)] {
                    if !catalog.contains(&key) {
                        missing.push(format!("{}: {key} (not in {lang})", file.display()));
                    }
                }
            }
        }
        assert!(
            missing.is_empty(),
            "unknown catalog keys:\n{}",
            missing.join("\n")
        );
        assert!(checked > 300, "only {checked} keys found in the code");
    }

    #[test]
    fn the_key_scanner_reads_every_form() {
        // placeholders in capitals, so that the scan of this file does not see the keys
        let code = r#"
            let a = KEY("one-key").arg("n", 1);
            let b = KEY(
                "two-key",
            );
            let c = T_IN(lang, "three-key");
            let d = KEY(dynamic);
            let e = T_IN(lang, &format!("role-{role}"));
            ENUM {
                Kind {
                    Move => "move", "four-key",
                }
            }
            pub fn LABEL_KEY(self) -> &'static str {
                match self {
                    Self::A => "five-key",
                }
            }
            let f = "not-a-key";
            let g = KEY("Not a key: text");
        "#
        .replace("KEY(", concat!("Msg::key", "("))
        .replace("T_IN(", concat!("t_in", "("))
        .replace("ENUM {", concat!("labelled_enum!", " {"))
        .replace("LABEL_KEY(", concat!("label_key", "("));
        let mut found = keys_in_code(&code);
        found.sort();
        assert_eq!(
            found,
            ["five-key", "four-key", "one-key", "three-key", "two-key"]
        );
    }

    #[test]
    fn languages_resolve_and_translate() {
        assert_eq!(supported("en"), "en");
        assert_eq!(supported("fr"), "zh-CN");
        assert_eq!(supported(""), "zh-CN");
        assert_eq!(t_in("zh-CN", "nav-roster"), "社工花名册");
        let en = t_in("en", "nav-roster");
        assert!(!en.is_empty() && en.is_ascii(), "{en}");
    }

    #[test]
    fn every_role_has_a_label() {
        for role in crate::domain::role::Role::ALL {
            let label = role_label(role.as_str());
            assert!(!label.contains("Unknown"), "{role}: {label}");
        }
    }
}
