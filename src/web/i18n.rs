//! Message catalogs (Fluent). Templates use `{{fluent "key"}}`; Rust code that builds
//! labels (navigation, role names) uses `t`. Only `zh-CN` exists for now.

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

pub fn default_lang() -> LanguageIdentifier {
    langid!("zh-CN")
}

pub fn t(key: &str) -> String {
    LOCALES.lookup(&default_lang(), key)
}

pub fn role_label(role: &str) -> String {
    t(&format!("role-{role}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_role_has_a_label() {
        for role in crate::domain::role::Role::ALL {
            let label = role_label(role.as_str());
            assert!(!label.contains("Unknown"), "{role}: {label}");
        }
    }
}
