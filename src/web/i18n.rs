//! Message catalogs (Fluent). Templates use `{{fluent "key"}}` with the request's `lang`;
//! Rust code that builds labels (navigation, role names) uses `t_in`. `zh-CN` is the
//! default and `en` is complete; a test keeps their keys identical.

use fluent_templates::{langid, LanguageIdentifier, Loader};

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

fn lang_id(lang: &str) -> LanguageIdentifier {
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
    fn both_catalogs_have_the_same_keys() {
        let zh = keys("zh-CN");
        let en = keys("en");
        let missing_en: Vec<_> = zh.difference(&en).collect();
        let missing_zh: Vec<_> = en.difference(&zh).collect();
        assert!(missing_en.is_empty(), "missing in en: {missing_en:?}");
        assert!(missing_zh.is_empty(), "missing in zh-CN: {missing_zh:?}");
        assert!(zh.len() > 700, "{} keys", zh.len());
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
