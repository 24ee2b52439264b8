//! Time comes from here, never from `Utc::now()` in the rest of the code, so that tests
//! can set and advance it instead of sleeping.

use chrono::{DateTime, Duration, NaiveDateTime, Utc};
use std::sync::{Arc, Mutex};

#[derive(Clone)]
pub enum Clock {
    System,
    /// A clock that only moves when told to. Shared: clones see the same time.
    Manual(Arc<Mutex<DateTime<Utc>>>),
}

impl Clock {
    pub fn manual(start: DateTime<Utc>) -> Self {
        Self::Manual(Arc::new(Mutex::new(start)))
    }

    pub fn now(&self) -> DateTime<Utc> {
        match self {
            Self::System => Utc::now(),
            Self::Manual(t) => *t.lock().unwrap_or_else(|p| p.into_inner()),
        }
    }

    /// The current instant as stored in the database (UTC, no offset).
    pub fn now_naive(&self) -> NaiveDateTime {
        self.now().naive_utc()
    }

    /// Moves a manual clock forward. A system clock cannot be moved.
    pub fn advance(&self, by: Duration) {
        if let Self::Manual(t) = self {
            let mut guard = t.lock().unwrap_or_else(|p| p.into_inner());
            *guard += by;
        }
    }
}

impl std::fmt::Debug for Clock {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::System => write!(f, "Clock::System"),
            Self::Manual(_) => write!(f, "Clock::Manual({})", self.now()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn manual_clock_moves_only_when_advanced_and_clones_share_it() {
        let start = DateTime::parse_from_rfc3339("2026-11-25T08:00:00Z")
            .unwrap()
            .with_timezone(&Utc);
        let clock = Clock::manual(start);
        let other = clock.clone();
        assert_eq!(clock.now(), start);
        other.advance(Duration::minutes(31));
        assert_eq!(clock.now(), start + Duration::minutes(31));
    }
}
