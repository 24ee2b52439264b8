//! What the home pages flag for action: the small rules behind each to-do card. Pure
//! functions with table tests; the home handlers only gather the facts and render.

use chrono::{NaiveDate, NaiveDateTime};
use serde::Serialize;

use crate::domain::handling::HandlingMode;
use crate::domain::plan::SOON_DAYS;
use crate::domain::training::{standing, Outcome, TrainingRules};

/// Directly handled cells out of the cells a set of centers takes (the plan's progress).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Tally {
    pub direct: u32,
    pub taking: u32,
}

impl Tally {
    pub fn add(&mut self, mode: HandlingMode) {
        match mode {
            HandlingMode::Direct => {
                self.direct += 1;
                self.taking += 1;
            }
            HandlingMode::Proxy => self.taking += 1,
            HandlingMode::NotDelegated => {}
        }
    }
}

/// A session whose end has passed while it is still open: its attendance waits to be
/// closed (closing marks absentees and may complete certificates).
pub fn awaits_closing(status: &str, ends_at: NaiveDateTime, now: NaiveDateTime) -> bool {
    status == "scheduled" && ends_at <= now
}

/// A worker's required-session outcomes for one item (oldest first) leave an excused
/// absence to make up, and no later session is booked for it yet: the item's trainers
/// have a make-up session to schedule.
pub fn needs_makeup_session(rules: &TrainingRules, outcomes: &[Outcome]) -> bool {
    standing(rules, outcomes).open_makeups > 0
        && !outcomes
            .iter()
            .rev()
            .take_while(|o| **o != Outcome::Excused)
            .any(|o| *o == Outcome::Enrolled)
}

/// Whole days a request has waited, counting from the day it was filed.
pub fn days_waiting(filed: NaiveDate, today: NaiveDate) -> i64 {
    (today - filed).num_days().max(0)
}

/// A secondment whose last day falls within the next `SOON_DAYS` days (today included):
/// the worker comes back to the window, and their place should be ready.
pub fn secondment_ends_soon(last_day: NaiveDate, today: NaiveDate) -> bool {
    let left = (last_day - today).num_days();
    (0..=SOON_DAYS).contains(&left)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Duration;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn rules() -> TrainingRules {
        TrainingRules {
            sick_leave_grace: Duration::hours(24),
            report_back_days: 3,
            late_after: Duration::minutes(10),
            checkin_opens_before: Duration::minutes(15),
            absences_to_disqualify: 2,
        }
    }

    #[test]
    fn tallies_count_direct_out_of_taken() {
        let mut t = Tally::default();
        for m in [
            HandlingMode::Direct,
            HandlingMode::Proxy,
            HandlingMode::NotDelegated,
            HandlingMode::Direct,
        ] {
            t.add(m);
        }
        assert_eq!(
            t,
            Tally {
                direct: 2,
                taking: 3
            }
        );
    }

    #[test]
    fn a_session_awaits_closing_once_it_has_ended() {
        let end = d("2026-11-25").and_hms_opt(4, 0, 0).unwrap();
        let cases = [
            ("scheduled", -1, false),
            ("scheduled", 0, true),
            ("scheduled", 60, true),
            ("closed", 60, false),
            ("cancelled", 60, false),
        ];
        for (status, minutes_after, due) in cases {
            let now = end + Duration::minutes(minutes_after);
            assert_eq!(
                awaits_closing(status, end, now),
                due,
                "{status} {minutes_after}"
            );
        }
    }

    #[test]
    fn a_make_up_session_is_needed_until_one_is_booked_or_attended() {
        use Outcome::*;
        let cases: [(&[Outcome], bool); 8] = [
            (&[], false),
            (&[Excused], true),
            (&[Excused, Enrolled], false),
            (&[Excused, Attended], false),
            (&[Enrolled, Excused], true),
            (&[Excused, Absent], true),
            (&[Excused, Absent, Enrolled], false),
            (&[Absent, Absent], false),
        ];
        for (outcomes, needed) in cases {
            assert_eq!(
                needs_makeup_session(&rules(), outcomes),
                needed,
                "{outcomes:?}"
            );
        }
    }

    #[test]
    fn waiting_days_and_secondments_ending_soon() {
        let today = d("2026-11-25");
        assert_eq!(days_waiting(d("2026-11-20"), today), 5);
        assert_eq!(days_waiting(today, today), 0);
        assert_eq!(days_waiting(d("2026-11-26"), today), 0);
        let cases = [
            ("2026-11-24", false),
            ("2026-11-25", true),
            ("2026-12-25", true),
            ("2026-12-26", false),
        ];
        for (last, soon) in cases {
            assert_eq!(secondment_ends_soon(d(last), today), soon, "{last}");
        }
    }
}
