//! When a login session ends, and when its last-seen mark is worth writing.

use chrono::{Duration, NaiveDateTime};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SessionLimits {
    /// Ends a session nobody has used for this long.
    pub idle: Duration,
    /// Ends every session this long after login, however busy.
    pub absolute: Duration,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SessionState {
    Active,
    IdleExpired,
    AbsoluteExpired,
}

pub fn session_state(
    limits: SessionLimits,
    created_at: NaiveDateTime,
    last_seen_at: NaiveDateTime,
    now: NaiveDateTime,
) -> SessionState {
    if now - created_at >= limits.absolute {
        SessionState::AbsoluteExpired
    } else if now - last_seen_at >= limits.idle {
        SessionState::IdleExpired
    } else {
        SessionState::Active
    }
}

/// Writing last-seen on every request would turn every page view into a write;
/// a minute's precision is plenty for an idle timeout counted in minutes.
pub fn should_touch(last_seen_at: NaiveDateTime, now: NaiveDateTime) -> bool {
    now - last_seen_at >= Duration::seconds(60)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(min: i64) -> NaiveDateTime {
        chrono::DateTime::from_timestamp(1_800_000_000, 0)
            .unwrap()
            .naive_utc()
            + Duration::minutes(min)
    }

    #[test]
    fn session_state_table() {
        let limits = SessionLimits {
            idle: Duration::minutes(30),
            absolute: Duration::hours(12),
        };
        // (created, last seen, now, expected)
        let table = [
            (0, 0, 0, SessionState::Active),
            (0, 0, 29, SessionState::Active),
            (0, 0, 30, SessionState::IdleExpired),
            (0, 600, 629, SessionState::Active),
            (0, 700, 719, SessionState::Active),
            (0, 715, 720, SessionState::AbsoluteExpired),
            (0, 0, 800, SessionState::AbsoluteExpired),
        ];
        for (created, seen, now, expected) in table {
            assert_eq!(
                session_state(limits, t(created), t(seen), t(now)),
                expected,
                "created {created} seen {seen} now {now}"
            );
        }
    }

    #[test]
    fn touch_at_most_once_a_minute() {
        assert!(!should_touch(t(0), t(0)));
        assert!(!should_touch(t(0), t(0) + Duration::seconds(59)));
        assert!(should_touch(t(0), t(1)));
    }
}
