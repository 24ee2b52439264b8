//! argon2id password hashing with the OWASP parameters (19 MiB, t=2, p=1).
//! Callers run these off the async threads: each call takes tens of milliseconds.

use std::sync::OnceLock;

use argon2::password_hash::{rand_core::OsRng, PasswordHash, PasswordHasher, SaltString};
use argon2::{Algorithm, Argon2, Params, PasswordVerifier, Version};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HashCost {
    pub memory_kib: u32,
    pub iterations: u32,
}

impl HashCost {
    pub const OWASP: HashCost = HashCost {
        memory_kib: 19 * 1024,
        iterations: 2,
    };

    fn argon2(self) -> Argon2<'static> {
        let params = Params::new(self.memory_kib, self.iterations, 1, None)
            .unwrap_or_else(|_| Params::default());
        Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
    }
}

pub fn hash_password(cost: HashCost, password: &str) -> anyhow::Result<String> {
    let salt = SaltString::generate(&mut OsRng);
    cost.argon2()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| anyhow::anyhow!("password hashing failed: {e}"))
}

/// Verifies against the stored hash, or, when there is no such user, against a dummy hash
/// of the same cost, so a wrong username takes as long as a wrong password.
pub fn verify_password(cost: HashCost, stored: Option<&str>, password: &str) -> bool {
    match stored {
        Some(hash) => matches(cost, hash, password),
        None => {
            let _ = matches(cost, &dummy_hash(cost), password);
            false
        }
    }
}

fn matches(cost: HashCost, hash: &str, password: &str) -> bool {
    PasswordHash::new(hash).is_ok_and(|parsed| {
        cost.argon2()
            .verify_password(password.as_bytes(), &parsed)
            .is_ok()
    })
}

fn dummy_hash(cost: HashCost) -> String {
    static DUMMY: OnceLock<String> = OnceLock::new();
    DUMMY
        .get_or_init(|| hash_password(cost, "devolve-dummy-password").unwrap_or_default())
        .clone()
}

#[cfg(test)]
mod tests {
    use super::*;

    const FAST: HashCost = HashCost {
        memory_kib: 64,
        iterations: 1,
    };

    #[test]
    fn hashes_verify_and_differ_by_salt() {
        let a = hash_password(FAST, "correct horse").unwrap();
        let b = hash_password(FAST, "correct horse").unwrap();
        assert_ne!(a, b);
        assert!(a.starts_with("$argon2id$"));
        assert!(verify_password(FAST, Some(&a), "correct horse"));
        assert!(!verify_password(FAST, Some(&a), "wrong horse"));
        assert!(!verify_password(FAST, Some("not a hash"), "x"));
        assert!(!verify_password(FAST, None, "devolve-dummy-password"));
    }

    #[test]
    fn owasp_cost_is_what_the_hash_records() {
        let h = hash_password(HashCost::OWASP, "x").unwrap();
        assert!(h.contains("m=19456,t=2,p=1"), "{h}");
    }
}
