//! What a new password must satisfy.

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PasswordProblem {
    TooShort { min: usize },
    TooLong { max: usize },
    SameAsUsername,
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
            Self::Mismatch => Msg::key("password-mismatch"),
        }
    }
}

pub const MIN_LEN: usize = 8;
/// Long enough for any passphrase, short enough that hashing stays cheap to refuse.
pub const MAX_LEN: usize = 128;

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
        let table: [(&str, &str, &str, Result<(), PasswordProblem>); 6] = [
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
}
