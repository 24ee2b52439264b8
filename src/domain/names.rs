//! Shapes of the identifiers people type: usernames, codes, display names.

use crate::i18n::Msg;

/// 3–32 characters of lower-case ASCII letters, digits, `_`, `.` and `-`.
pub fn check_username(s: &str) -> Result<String, Msg> {
    let s = s.trim();
    let ok_chars = s
        .chars()
        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || "_.-".contains(c));
    if (3..=32).contains(&s.len()) && ok_chars {
        Ok(s.to_string())
    } else {
        Err(Msg::key("names-bad-username"))
    }
}

/// Codes for items and centers: 1–32 ASCII letters, digits, `_` and `-`.
pub fn check_code(s: &str) -> Result<String, Msg> {
    let s = s.trim();
    let ok_chars = s
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
    if (1..=32).contains(&s.len()) && ok_chars {
        Ok(s.to_string())
    } else {
        Err(Msg::key("names-bad-code").arg("code", format!("{s:?}")))
    }
}

/// A human name or title: not blank, at most `max` characters. `field` names it in the
/// message: a catalog label such as `Msg::key("users-display-name")`.
pub fn check_title(field: impl Into<Msg>, s: &str, max: usize) -> Result<String, Msg> {
    let s = s.trim();
    let naming = |m: Msg| m.arg_msg("field", field.into());
    if s.is_empty() {
        Err(naming(Msg::key("names-title-empty")))
    } else if s.chars().count() > max {
        Err(naming(Msg::key("names-title-too-long")).arg("max", max))
    } else if s.chars().any(char::is_control) {
        Err(naming(Msg::key("names-title-control")))
    } else {
        Ok(s.to_string())
    }
}

/// An optional email address: empty means none; otherwise it must look like one.
pub fn check_email(s: &str) -> Result<Option<String>, Msg> {
    let s = s.trim();
    if s.is_empty() {
        return Ok(None);
    }
    let ok = s.len() <= 200
        && s.split_once('@').is_some_and(|(local, domain)| {
            !local.is_empty()
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
        })
        && !s
            .chars()
            .any(|c| c.is_whitespace() || c.is_control() || c == '<' || c == '>');
    if ok {
        Ok(Some(s.to_string()))
    } else {
        Err(Msg::key("names-bad-email").arg("email", s))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn username_table() {
        let table = [
            ("zhangsan01", true),
            (" worker ", true),
            ("ab", false),
            ("Admin", false),
            ("张三", false),
            ("a b c", false),
            ("x.y-z_1", true),
            (&"a".repeat(33), false),
        ];
        for (input, ok) in table {
            assert_eq!(check_username(input).is_ok(), ok, "{input:?}");
        }
    }

    #[test]
    fn email_table() {
        for (input, ok) in [
            ("", true),
            ("a@b.cn", true),
            (" li@zy.gov.cn ", true),
            ("nope", false),
            ("a@b", false),
            ("a b@c.cn", false),
            ("<a@b.cn>", false),
        ] {
            assert_eq!(check_email(input).is_ok(), ok, "{input:?}");
        }
    }

    #[test]
    fn code_and_title_table() {
        assert_eq!(check_code(" C01 ").unwrap(), "C01");
        assert!(check_code("").is_err());
        assert!(check_code("a/b").is_err());
        assert_eq!(check_title("名称", " 玲珑镇 ", 10).unwrap(), "玲珑镇");
        assert!(check_title("名称", "  ", 10).is_err());
        assert!(check_title("名称", "一二三四五六七八九十十", 10).is_err());
        assert!(check_title("名称", "a\u{0}b", 10).is_err());
    }
}

/// A phone number: digits with optional +, - and spaces, at most 20 characters; empty is
/// allowed (not everyone gives one).
pub fn check_phone(s: &str) -> Result<String, Msg> {
    let s = s.trim();
    let ok = s.chars().count() <= 20
        && s.chars()
            .all(|c| c.is_ascii_digit() || matches!(c, '+' | '-' | ' '))
        && (s.is_empty() || s.chars().filter(char::is_ascii_digit).count() >= 5);
    if ok {
        Ok(s.to_string())
    } else {
        Err(Msg::key("names-bad-phone").arg("phone", s))
    }
}

#[cfg(test)]
mod phone_tests {
    use super::check_phone;

    #[test]
    fn phones() {
        for ok in ["", "13800000000", "0535-8211234", "+86 138 0000 0000"] {
            assert!(check_phone(ok).is_ok(), "{ok}");
        }
        for bad in ["abc", "12", "1380000000012345678901", "138<script>"] {
            assert!(check_phone(bad).is_err(), "{bad}");
        }
    }
}
