//! The rotating check-in code: six digits derived from the session's secret and the
//! current minute, so a code photographed a few minutes ago no longer works.

use chrono::NaiveDateTime;
use sha2::{Digest, Sha256};

pub fn minute_of(t: NaiveDateTime) -> i64 {
    t.and_utc().timestamp().div_euclid(60)
}

pub fn code_for(secret: &str, session_id: i32, minute: i64) -> String {
    let digest = Sha256::digest(format!("checkin:{secret}:{session_id}:{minute}").as_bytes());
    let n = u32::from_be_bytes([digest[0], digest[1], digest[2], digest[3]]) % 1_000_000;
    format!("{n:06}")
}

/// Accepts this minute's code and, for someone still typing it, the previous minute's.
pub fn code_matches(secret: &str, session_id: i32, typed: &str, now: NaiveDateTime) -> bool {
    let typed: String = typed.chars().filter(|c| !c.is_whitespace()).collect();
    let minute = minute_of(now);
    [minute, minute - 1]
        .iter()
        .any(|m| code_for(secret, session_id, *m) == typed)
}

/// Seconds until the code shown now changes.
pub fn seconds_to_rotation(now: NaiveDateTime) -> i64 {
    60 - now.and_utc().timestamp().rem_euclid(60)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Duration;

    #[test]
    fn codes_rotate_and_belong_to_one_session() {
        let now = chrono::DateTime::from_timestamp(1_800_000_030, 0)
            .unwrap()
            .naive_utc();
        let code = code_for("s", 1, minute_of(now));
        assert_eq!(code.len(), 6);
        let table = [
            (code.clone(), 1, now, true),
            (format!(" {} ", &code), 1, now, true),
            (code.clone(), 1, now + Duration::seconds(60), true),
            (code.clone(), 1, now + Duration::seconds(120), false),
            (code.clone(), 2, now, false),
            ("000000".to_string(), 1, now, code == "000000"),
        ];
        for (typed, session, at, ok) in table {
            assert_eq!(
                code_matches("s", session, &typed, at),
                ok,
                "{typed} {session} {at}"
            );
        }
        assert_ne!(
            code_for("s", 1, 5),
            code_for("t", 1, 5),
            "another secret, another code"
        );
        assert_eq!(seconds_to_rotation(now), 30);
    }
}
