//! What a new password must satisfy.

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PasswordProblem {
    TooShort {
        min: usize,
    },
    TooLong {
        max: usize,
    },
    SameAsUsername,
    /// Among the most common passwords (`common-passwords.txt`), which are guessed first.
    Common,
    Mismatch,
}

impl PasswordProblem {
    /// The message shown next to the password field.
    pub fn message(&self) -> crate::i18n::Msg {
        use crate::i18n::Msg;
        match self {
            Self::TooShort { min } => Msg::key("password-too-short").arg("min", *min),
            Self::TooLong { max } => Msg::key("password-too-long").arg("max", *max),
            Self::SameAsUsername => Msg::key("password-same-as-username"),
            Self::Common => Msg::key("password-common"),
            Self::Mismatch => Msg::key("password-mismatch"),
        }
    }
}

pub const MIN_LEN: usize = 8;
/// Long enough for any passphrase, short enough that hashing stays cheap to refuse.
pub const MAX_LEN: usize = 128;

/// The shipped list, read once. Lists are compared in lower case, as the list is written.
static COMMON: std::sync::LazyLock<std::collections::HashSet<&'static str>> =
    std::sync::LazyLock::new(|| {
        include_str!("common-passwords.txt")
            .lines()
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .collect()
    });

/// Whether the password is one of the 3,000 most common ones, ignoring case and the
/// spaces around it.
pub fn is_common(password: &str) -> bool {
    COMMON.contains(password.trim().to_lowercase().as_str())
}

pub fn check_new_password(
    username: &str,
    password: &str,
    confirmation: &str,
) -> Result<(), PasswordProblem> {
    let len = password.chars().count();
    if len < MIN_LEN {
        return Err(PasswordProblem::TooShort { min: MIN_LEN });
    }
    if len > MAX_LEN {
        return Err(PasswordProblem::TooLong { max: MAX_LEN });
    }
    if password.trim().eq_ignore_ascii_case(username.trim()) {
        return Err(PasswordProblem::SameAsUsername);
    }
    if is_common(password) {
        return Err(PasswordProblem::Common);
    }
    if password != confirmation {
        return Err(PasswordProblem::Mismatch);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn new_password_table() {
        let long = "x".repeat(129);
        let table: [(&str, &str, &str, Result<(), PasswordProblem>); 9] = [
            ("li", "password1", "password1", Err(PasswordProblem::Common)),
            (
                "li",
                "Qwertyuiop",
                "Qwertyuiop",
                Err(PasswordProblem::Common),
            ),
            (
                "li",
                " 12345678 ",
                " 12345678 ",
                Err(PasswordProblem::Common),
            ),
            (
                "li",
                "short",
                "short",
                Err(PasswordProblem::TooShort { min: 8 }),
            ),
            (
                "li",
                &long,
                &long,
                Err(PasswordProblem::TooLong { max: 128 }),
            ),
            (
                "wanghong",
                "WangHong",
                "WangHong",
                Err(PasswordProblem::SameAsUsername),
            ),
            ("li", "招远市公共服务下沉", "招远市公共服务下沉", Ok(())),
            (
                "li",
                "correct horse",
                "correct horse!",
                Err(PasswordProblem::Mismatch),
            ),
            ("li", "correct horse", "correct horse", Ok(())),
        ];
        for (user, pw, confirm, expected) in table {
            assert_eq!(check_new_password(user, pw, confirm), expected, "{pw}");
        }
    }

    #[test]
    fn the_shipped_list_has_three_thousand_passwords() {
        assert_eq!(COMMON.len(), 3000);
        assert!(is_common("123456") && is_common("iloveyou"));
        assert!(!is_common("correct-horse-battery"));
    }
}
