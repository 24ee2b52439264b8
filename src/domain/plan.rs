//! The plan's deadlines and a town's progress towards them. The plan: pilot zones in
//! place by the end of July ("7月底前"), every center by the end of December ("12月底前").
//! Progress is the share of the items the centers take that they handle directly (直办).

use chrono::{Datelike, NaiveDate};
use serde::Serialize;

/// A deadline of the plan with the progress towards it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Milestone {
    pub due: NaiveDate,
    /// Directly handled cells ÷ taken cells, in whole percent; None when nothing is taken.
    pub percent: Option<u32>,
    /// Days from today to the deadline; negative once it has passed.
    pub days_left: i64,
    pub done: bool,
    /// Whether any item is taken at all (else there is nothing to measure).
    pub taken: bool,
}

/// The pilot deadline (31 July) and the full deadline (31 December) of `today`'s year.
pub fn deadlines(today: NaiveDate) -> (NaiveDate, NaiveDate) {
    let y = today.year();
    (
        NaiveDate::from_ymd_opt(y, 7, 31).unwrap_or(today),
        NaiveDate::from_ymd_opt(y, 12, 31).unwrap_or(today),
    )
}

pub fn milestone(due: NaiveDate, direct: u32, taking: u32, today: NaiveDate) -> Milestone {
    let percent = (taking > 0).then(|| direct * 100 / taking);
    Milestone {
        due,
        percent,
        days_left: (due - today).num_days(),
        done: taking > 0 && direct == taking,
        taken: taking > 0,
    }
}

/// A cell handled directly that turns to 代办 within this many days needs attention now.
pub const SOON_DAYS: i64 = 30;

pub fn drops_soon(direct_until: Option<NaiveDate>, today: NaiveDate) -> bool {
    direct_until.is_some_and(|d| (d - today).num_days() <= SOON_DAYS)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn milestones() {
        let today = d("2026-11-25");
        assert_eq!(deadlines(today), (d("2026-07-31"), d("2026-12-31")));
        let cases = [
            (3, 4, Some(75), false),
            (4, 4, Some(100), true),
            (0, 4, Some(0), false),
            (0, 0, None, false),
            (1, 3, Some(33), false),
        ];
        for (direct, taking, percent, done) in cases {
            let m = milestone(d("2026-12-31"), direct, taking, today);
            assert_eq!((m.percent, m.done), (percent, done), "{direct}/{taking}");
            assert_eq!(m.days_left, 36);
        }
        assert_eq!(milestone(d("2026-07-31"), 1, 1, today).days_left, -117);
    }

    #[test]
    fn soon_means_within_thirty_days() {
        let today = d("2026-11-25");
        assert!(drops_soon(Some(d("2026-12-25")), today));
        assert!(!drops_soon(Some(d("2026-12-26")), today));
        assert!(!drops_soon(None, today));
    }
}
