//! When a worker may start a quiz attempt, when it closes, and what the review may show.

use chrono::{Duration, NaiveDateTime};

use super::course::QuizSettings;
use crate::i18n::Msg;

/// What the server knows about a worker's attempts on one course version.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct AttemptHistory {
    pub modules_done: u32,
    pub modules_total: u32,
    pub used: u32,
    pub passed: bool,
    /// When the latest attempt finished, if it failed.
    pub last_failed_at: Option<NaiveDateTime>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StartDecision {
    Allowed,
    ModulesUnfinished { done: u32, total: u32 },
    AlreadyPassed,
    NoAttemptsLeft { max: u32 },
    CoolingDown { until: NaiveDateTime },
}

impl StartDecision {
    /// The message shown instead of the start button. Times are Beijing time.
    pub fn message(&self) -> Option<Msg> {
        match self {
            Self::Allowed => None,
            Self::ModulesUnfinished { done, total } => Some(
                Msg::key("attempt-modules-unfinished")
                    .arg("done", *done)
                    .arg("total", *total),
            ),
            Self::AlreadyPassed => Some(Msg::key("attempt-already-passed")),
            Self::NoAttemptsLeft { max } => {
                Some(Msg::key("attempt-no-attempts-left").arg("max", *max))
            }
            Self::CoolingDown { until } => {
                Some(Msg::key("attempt-cooling-down").arg("until", *until))
            }
        }
    }
}

pub fn may_start(settings: &QuizSettings, h: &AttemptHistory, now: NaiveDateTime) -> StartDecision {
    if h.modules_done < h.modules_total {
        return StartDecision::ModulesUnfinished {
            done: h.modules_done,
            total: h.modules_total,
        };
    }
    if h.passed {
        return StartDecision::AlreadyPassed;
    }
    if settings.max_attempts > 0 && h.used >= settings.max_attempts {
        return StartDecision::NoAttemptsLeft {
            max: settings.max_attempts,
        };
    }
    if let Some(failed) = h.last_failed_at {
        let until = failed + Duration::minutes(i64::from(settings.cooldown_minutes));
        if now < until {
            return StartDecision::CoolingDown { until };
        }
    }
    StartDecision::Allowed
}

pub fn deadline(started: NaiveDateTime, settings: &QuizSettings) -> NaiveDateTime {
    started + Duration::minutes(i64::from(settings.time_limit_minutes))
}

/// An open attempt past its deadline is closed as of the deadline.
pub fn is_overdue(deadline: NaiveDateTime, now: NaiveDateTime) -> bool {
    now >= deadline
}

/// The correct answers are revealed only when the attempt passed or no attempt remains,
/// so a failed worker cannot copy them into the next attempt.
pub fn reveal_correct_answers(settings: &QuizSettings, passed: bool, used: u32) -> bool {
    passed || (settings.max_attempts > 0 && used >= settings.max_attempts)
}

/// The progress bar of a course: reading counts for two thirds, the passed quiz for the rest.
pub fn progress_percent(h: &AttemptHistory) -> u32 {
    let reading = (h.modules_done.min(h.modules_total) * 66)
        .checked_div(h.modules_total)
        .unwrap_or(0);
    reading + if h.passed { 34 } else { 0 }
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
    fn may_start_table() {
        let s = QuizSettings {
            max_attempts: 3,
            cooldown_minutes: 30,
            ..QuizSettings::default()
        };
        let h = |done, used, passed, failed: Option<i64>| AttemptHistory {
            modules_done: done,
            modules_total: 3,
            used,
            passed,
            last_failed_at: failed.map(t),
        };
        let table = [
            (h(3, 0, false, None), 0, StartDecision::Allowed),
            (
                h(2, 0, false, None),
                0,
                StartDecision::ModulesUnfinished { done: 2, total: 3 },
            ),
            (h(3, 1, true, None), 0, StartDecision::AlreadyPassed),
            (
                h(3, 3, false, Some(0)),
                100,
                StartDecision::NoAttemptsLeft { max: 3 },
            ),
            (
                h(3, 1, false, Some(0)),
                29,
                StartDecision::CoolingDown { until: t(30) },
            ),
            (h(3, 1, false, Some(0)), 30, StartDecision::Allowed),
        ];
        for (history, now, expected) in table {
            assert_eq!(
                may_start(&s, &history, t(now)),
                expected,
                "{history:?} at {now}"
            );
        }
        let unlimited = QuizSettings {
            max_attempts: 0,
            cooldown_minutes: 0,
            ..QuizSettings::default()
        };
        assert_eq!(
            may_start(&unlimited, &h(3, 50, false, Some(0)), t(0)),
            StartDecision::Allowed
        );
    }

    #[test]
    fn progress_table() {
        let h = |done, total, passed| AttemptHistory {
            modules_done: done,
            modules_total: total,
            passed,
            ..AttemptHistory::default()
        };
        for (history, expected) in [
            (h(0, 3, false), 0),
            (h(1, 3, false), 22),
            (h(3, 3, false), 66),
            (h(3, 3, true), 100),
            (h(0, 0, false), 0),
        ] {
            assert_eq!(progress_percent(&history), expected, "{history:?}");
        }
    }

    #[test]
    fn deadlines_and_reveal() {
        let s = QuizSettings {
            time_limit_minutes: 20,
            max_attempts: 2,
            ..QuizSettings::default()
        };
        assert_eq!(deadline(t(0), &s), t(20));
        assert!(!is_overdue(t(20), t(19)));
        assert!(is_overdue(t(20), t(20)));
        assert!(reveal_correct_answers(&s, true, 1));
        assert!(!reveal_correct_answers(&s, false, 1));
        assert!(reveal_correct_answers(&s, false, 2));
        let unlimited = QuizSettings {
            max_attempts: 0,
            ..s
        };
        assert!(!reveal_correct_answers(&unlimited, false, 9));
        assert!(StartDecision::CoolingDown { until: t(0) }
            .message()
            .unwrap()
            .contains("之后再考"));
    }
}
