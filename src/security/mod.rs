//! Secrets: password hashing, session tokens, CSRF tokens.

pub mod csrf;
pub mod password;
pub mod token;
