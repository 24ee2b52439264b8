//! Login throttling: too many failures for one account name, or from one address,
//! within a window, and further attempts are refused without checking the password.

use chrono::Duration;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ThrottlePolicy {
    pub window: Duration,
    pub max_per_account: u32,
    pub max_per_address: u32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ThrottleDecision {
    Allow,
    Refuse,
}

/// `account_failures` counts failures for the name typed, whether or not such an account
/// exists, so a refusal never tells an attacker which names are real.
pub fn decide(
    policy: ThrottlePolicy,
    account_failures: u32,
    address_failures: u32,
) -> ThrottleDecision {
    if account_failures >= policy.max_per_account || address_failures >= policy.max_per_address {
        ThrottleDecision::Refuse
    } else {
        ThrottleDecision::Allow
    }
}

/// The keys failures are counted under. Names are folded so `Admin` and `admin` share one.
pub fn account_key(username: &str) -> String {
    format!("account:{}", username.trim().to_lowercase())
}

pub fn address_key(addr: &str) -> String {
    format!("address:{addr}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decide_table() {
        let p = ThrottlePolicy {
            window: Duration::minutes(15),
            max_per_account: 5,
            max_per_address: 30,
        };
        let table = [
            (0, 0, ThrottleDecision::Allow),
            (4, 29, ThrottleDecision::Allow),
            (5, 0, ThrottleDecision::Refuse),
            (0, 30, ThrottleDecision::Refuse),
            (9, 99, ThrottleDecision::Refuse),
        ];
        for (acc, addr, expected) in table {
            assert_eq!(
                decide(p, acc, addr),
                expected,
                "account {acc} address {addr}"
            );
        }
    }

    #[test]
    fn keys_fold_case_and_space() {
        assert_eq!(account_key(" Admin "), account_key("admin"));
        assert_ne!(account_key("admin"), address_key("admin"));
    }
}
