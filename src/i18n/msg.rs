//! A message for a person, said in the language they read. Rules and stores return a
//! catalog key with its arguments instead of a finished sentence, so the web layer can
//! say it in the reader's language; `Display` gives the default language (logs, tests).

use std::borrow::Cow;
use std::collections::HashMap;
use std::fmt;

use fluent_templates::fluent_bundle::FluentValue;
use fluent_templates::Loader;

use super::{lang_id, LOCALES};

/// The catalog key of the separator between the items of a `Msg::List`.
const LIST_SEPARATOR: &str = "rules-list-separator";

/// One argument of a message. Numbers stay numbers so Fluent can choose plural forms.
#[derive(Debug, Clone, PartialEq)]
pub enum Arg {
    Text(String),
    Number(f64),
    /// A calendar day, written the way the reader's language writes dates.
    Date(chrono::NaiveDate),
    /// A stored UTC instant, said as Beijing date and time in the reader's language.
    Instant(chrono::NaiveDateTime),
}

macro_rules! number_args {
    ($($t:ty),*) => {$(
        impl From<$t> for Arg {
            fn from(n: $t) -> Self {
                Arg::Number(n as f64)
            }
        }
    )*};
}
number_args!(i32, i64, u32, u64, usize, f64);

impl From<chrono::NaiveDate> for Arg {
    fn from(d: chrono::NaiveDate) -> Self {
        Arg::Date(d)
    }
}

impl From<chrono::NaiveDateTime> for Arg {
    fn from(t: chrono::NaiveDateTime) -> Self {
        Arg::Instant(t)
    }
}

impl From<String> for Arg {
    fn from(s: String) -> Self {
        Arg::Text(s)
    }
}

impl From<&str> for Arg {
    fn from(s: &str) -> Self {
        Arg::Text(s.to_string())
    }
}

impl From<&String> for Arg {
    fn from(s: &String) -> Self {
        Arg::Text(s.clone())
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum Msg {
    /// A catalog message and its arguments. An argument may itself be a message (a label
    /// inside a sentence), said in the same language.
    Key {
        key: &'static str,
        args: Vec<(&'static str, Arg)>,
        nested: Vec<(&'static str, Msg)>,
        /// The form field the message is about, so a page can say it next to that field.
        field: Option<&'static str>,
    },
    /// Text that is already final: data such as a person's own input, said as it is.
    Text(String),
    /// Messages said one after another, with the language's list separator (`、`, `, `)
    /// between them: the names in a sentence.
    List(Vec<Msg>),
}

impl Msg {
    pub fn key(key: &'static str) -> Self {
        Msg::Key {
            key,
            args: Vec::new(),
            nested: Vec::new(),
            field: None,
        }
    }

    /// Names the form field the message is about: `Msg::key("…").on("reason")`.
    pub fn on(mut self, name: &'static str) -> Self {
        if let Msg::Key { field, .. } = &mut self {
            *field = Some(name);
        }
        self
    }

    /// The form field the message is about, if it is about one.
    pub fn field(&self) -> Option<&'static str> {
        match self {
            Msg::Key { field, .. } => *field,
            Msg::Text(_) | Msg::List(_) => None,
        }
    }

    /// Adds an argument: `Msg::key("transfer-pending-from").arg("date", day)`.
    pub fn arg(mut self, name: &'static str, value: impl Into<Arg>) -> Self {
        if let Msg::Key { args, .. } = &mut self {
            args.push((name, value.into()));
        }
        self
    }

    /// Adds an argument that is itself a message, such as a label.
    pub fn arg_msg(mut self, name: &'static str, value: Msg) -> Self {
        if let Msg::Key { nested, .. } = &mut self {
            nested.push((name, value));
        }
        self
    }

    /// Messages joined into a list: `Msg::list(names)` said as `张三、李四` or `A, B`.
    pub fn list(items: Vec<Msg>) -> Self {
        Msg::List(items)
    }

    /// The catalog key, for a message that has one (tests assert on it).
    pub fn key_name(&self) -> Option<&'static str> {
        match self {
            Msg::Key { key, .. } => Some(key),
            Msg::Text(_) | Msg::List(_) => None,
        }
    }

    /// The message in a language (`zh-CN` or `en`).
    pub fn in_lang(&self, lang: &str) -> String {
        match self {
            Msg::Text(text) => text.clone(),
            Msg::List(items) => {
                let separator = LOCALES.lookup(&lang_id(lang), LIST_SEPARATOR);
                items
                    .iter()
                    .map(|m| m.in_lang(lang))
                    .collect::<Vec<_>>()
                    .join(&separator)
            }
            Msg::Key {
                key, args, nested, ..
            } => {
                let mut fluent: HashMap<Cow<'static, str>, FluentValue> = HashMap::new();
                for (name, value) in args {
                    let v = match value {
                        Arg::Text(s) => FluentValue::from(s.clone()),
                        Arg::Number(n) => FluentValue::from(*n),
                        Arg::Date(d) => FluentValue::from(super::date_in(lang, &d.to_string())),
                        Arg::Instant(t) => FluentValue::from(super::datetime_in(
                            lang,
                            &t.format("%Y-%m-%dT%H:%M:%S").to_string(),
                        )),
                    };
                    fluent.insert(Cow::Borrowed(name), v);
                }
                for (name, msg) in nested {
                    fluent.insert(Cow::Borrowed(name), FluentValue::from(msg.in_lang(lang)));
                }
                LOCALES.lookup_with_args(&lang_id(lang), key, &fluent)
            }
        }
    }

    /// Whether the default-language text contains `part` (for tests and logs).
    pub fn contains(&self, part: &str) -> bool {
        self.to_string().contains(part)
    }
}

impl fmt::Display for Msg {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.in_lang(super::DEFAULT_LANG))
    }
}

impl From<String> for Msg {
    fn from(text: String) -> Self {
        Msg::Text(text)
    }
}

impl From<&str> for Msg {
    fn from(text: &str) -> Self {
        Msg::Text(text.to_string())
    }
}

impl serde::Serialize for Msg {
    /// Pages that serialise a message without a language get the default one; handlers
    /// that know the reader's language call `in_lang` first.
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_take_arguments_and_nested_labels_in_each_language() {
        let m = Msg::key("msg-test-sentence")
            .arg("count", 2)
            .arg_msg("what", Msg::key("msg-test-label"));
        assert_eq!(m.in_lang("zh-CN"), "已有 2 项：测试");
        assert_eq!(m.in_lang("en"), "2 items already: test");
        assert_eq!(
            Msg::key("msg-test-sentence")
                .arg("count", 1)
                .arg_msg("what", Msg::key("msg-test-label"))
                .in_lang("en"),
            "1 item already: test"
        );
        assert_eq!(m.to_string(), m.in_lang("zh-CN"));
    }

    #[test]
    fn lists_take_the_separator_of_each_language() {
        let m = Msg::list(vec![Msg::from("张三"), Msg::key("msg-test-label")]);
        assert_eq!(m.in_lang("zh-CN"), "张三、测试");
        assert_eq!(m.in_lang("en"), "张三, test");
        assert_eq!(Msg::list(Vec::new()).in_lang("en"), "");
        assert_eq!(m.key_name(), None);
        assert_eq!(
            Msg::key("msg-test-label").key_name(),
            Some("msg-test-label")
        );
    }

    #[test]
    fn final_text_is_said_as_is() {
        let m = Msg::from("第 3 行：缺少答案");
        assert_eq!(m.in_lang("en"), "第 3 行：缺少答案");
        assert!(m.contains("第 3 行"));
    }
}
