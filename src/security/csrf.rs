//! CSRF tokens for forms. A token is derived from a secret the browser holds in an
//! HttpOnly cookie (the session token once logged in, a pre-session nonce before), so a
//! page on another site can neither read nor forge it, and no server-side state is needed.

use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

pub fn token_for(cookie_secret: &str) -> String {
    hex::encode(Sha256::digest(format!("csrf:{cookie_secret}").as_bytes()))
}

pub fn is_valid(cookie_secret: &str, submitted: &str) -> bool {
    let expected = token_for(cookie_secret);
    !submitted.is_empty() && bool::from(expected.as_bytes().ct_eq(submitted.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csrf_table() {
        let good = token_for("secret-a");
        let table = [
            ("secret-a", good.as_str(), true),
            ("secret-b", good.as_str(), false),
            ("secret-a", "", false),
            ("secret-a", "00", false),
        ];
        for (secret, submitted, ok) in table {
            assert_eq!(is_valid(secret, submitted), ok, "{secret} {submitted}");
        }
    }
}
