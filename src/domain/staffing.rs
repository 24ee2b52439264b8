//! The roster rules: who a 全科社工 is (category, position, posting), the plan's staffing
//! minimums for a one-stop window, and the stability figures. Pure functions with table
//! tests.

use chrono::{Datelike, NaiveDate};
use serde::Serialize;

use crate::domain::handling::{Level, Thresholds};
use crate::i18n::Msg;

/// One-stop-window minimums per level. The plan: "镇（街道）党群服务中心一站式服务窗口
/// 全科社工不少于3人，党建融合发展区不少于2人". Same shape as the handling thresholds.
pub type Minimums = Thresholds;

pub const PLAN_MINIMUMS: Minimums = Minimums { town: 3, zone: 2 };

/// A worker counts as "new in post" for this many days.
pub const NEW_IN_POST_DAYS: i64 = 90;

/// An enum of stored codes, each with a catalog key for its label:
/// `Fulltime => "fulltime", "staffing-category-fulltime"`. Pages say the label in the
/// reader's language (`label_in`); sentences take it as an argument (`msg`); logs, mail
/// data and spreadsheets without a reader use `label` (the default language).
macro_rules! labelled_enum {
    ($(#[$doc:meta])* $name:ident { $($variant:ident => $code:literal, $key:literal),+ $(,)? }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
        #[serde(rename_all = "snake_case")]
        pub enum $name { $($variant),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];
            pub fn parse(s: &str) -> Option<Self> {
                match s { $($code => Some($name::$variant),)+ _ => None }
            }
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $code),+ }
            }
            /// The catalog key of the label.
            pub fn label_key(self) -> &'static str {
                match self { $($name::$variant => $key),+ }
            }
            /// The label in a language.
            pub fn label_in(self, lang: &str) -> String {
                $crate::i18n::t_in(lang, self.label_key())
            }
            /// The label in the default language (logs, mail data, spreadsheets).
            pub fn label(self) -> String {
                $crate::i18n::t(self.label_key())
            }
            /// The label as a message, for a sentence that names it.
            pub fn msg(self) -> $crate::i18n::Msg {
                $crate::i18n::Msg::key(self.label_key())
            }
        }
    };
}
pub(crate) use labelled_enum;

labelled_enum! {
    /// How the worker came to the post.
    Category {
        Fulltime => "fulltime", "staffing-category-fulltime",
        Graduate2020 => "graduate2020", "staffing-category-graduate2020",
        Other => "other", "staffing-category-other",
    }
}

labelled_enum! {
    /// Where at the center the worker serves.
    Position {
        Window => "window", "staffing-position-window",
        Specialised => "specialised", "staffing-position-specialised",
    }
}

labelled_enum! {
    /// Whether the worker is at their center today.
    Posting {
        Serving => "serving", "staffing-posting-serving",
        Seconded => "seconded", "staffing-posting-seconded",
        Departed => "departed", "staffing-posting-departed",
    }
}

/// Label of a stored code, or the code itself when it is not one we know:
/// `label_of(Position::parse, |p| p.label_in(lang), code)`.
pub fn label_of<T>(
    parse: fn(&str) -> Option<T>,
    label: impl Fn(T) -> String,
    code: &str,
) -> String {
    parse(code).map(label).unwrap_or_else(|| code.to_string())
}

/// A worker counts towards the one-stop window's minimum when serving there.
pub fn counts_for_window(position: Position, posting: Posting) -> bool {
    position == Position::Window && posting == Posting::Serving
}

/// Why an admin may not disable, or change the role of, a 全科社工 still in post: that
/// would take them off the roster without the organization department's consent.
pub const NEEDS_TRANSFER: &str = "staffing-needs-transfer";

pub fn check_direct_account_change(role: &str, posting: Posting) -> Result<(), Msg> {
    if role == "worker" && posting != Posting::Departed {
        Err(Msg::key(NEEDS_TRANSFER))
    } else {
        Ok(())
    }
}

/// A correction is appended like any change: from the latest history row's day on (so
/// history is never rewritten), not in the future beyond a year, and with a note saying
/// what was wrong.
pub fn check_correction(
    valid_from: NaiveDate,
    latest_from: Option<NaiveDate>,
    today: NaiveDate,
    note: &str,
) -> Result<(), Msg> {
    if note.trim().is_empty() {
        return Err(Msg::key("staffing-correction-note-missing"));
    }
    if note.chars().count() > 500 {
        return Err(Msg::key("staffing-correction-note-too-long"));
    }
    if let Some(latest) = latest_from {
        if valid_from < latest {
            return Err(Msg::key("staffing-correction-before-latest").arg("latest", latest));
        }
    }
    if (valid_from - today).num_days() > 366 {
        return Err(Msg::key("staffing-correction-too-far"));
    }
    Ok(())
}

/// A center's one-stop-window staffing against its minimum.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Staffing {
    pub window: u32,
    pub required: u32,
    pub compliant: bool,
    pub shortfall: u32,
}

pub fn staffing(window: u32, level: Level, minimums: &Minimums) -> Staffing {
    let required = minimums.required(level);
    Staffing {
        window,
        required,
        compliant: window >= required,
        shortfall: required.saturating_sub(window),
    }
}

/// A town complies when every one of its centers does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Default)]
pub struct TownStaffing {
    pub centers: u32,
    pub compliant_centers: u32,
    pub compliant: bool,
    pub window: u32,
    pub required: u32,
}

pub fn town_staffing(centers: &[Staffing]) -> TownStaffing {
    let compliant_centers = centers.iter().filter(|s| s.compliant).count() as u32;
    TownStaffing {
        centers: centers.len() as u32,
        compliant_centers,
        compliant: compliant_centers as usize == centers.len(),
        window: centers.iter().map(|s| s.window).sum(),
        required: centers.iter().map(|s| s.required).sum(),
    }
}

/// Departures over the average headcount, as a share; None without anyone in post.
pub fn turnover(departures: u32, average_headcount: f64) -> Option<f64> {
    (average_headcount > 0.0).then(|| f64::from(departures) / average_headcount)
}

/// The average of the headcount at the start and at the end of a period: the usual
/// personnel-statistics approximation, and it needs only two roster snapshots.
pub fn average_headcount(at_start: u32, at_end: u32) -> f64 {
    f64::from(at_start + at_end) / 2.0
}

/// Days in post on `on`, counting the first day (a worker who starts today has 1 day).
pub fn tenure_days(in_post_since: NaiveDate, on: NaiveDate) -> i64 {
    ((on - in_post_since).num_days() + 1).max(0)
}

pub fn is_new_in_post(in_post_since: NaiveDate, on: NaiveDate) -> bool {
    tenure_days(in_post_since, on) < NEW_IN_POST_DAYS
}

/// The first and last day of a "YYYY-MM" month.
pub fn month_bounds(month: &str) -> Result<(NaiveDate, NaiveDate), Msg> {
    let bad = || Msg::key("staffing-bad-month").arg("month", month);
    let (y, m) = month.trim().split_once('-').ok_or_else(bad)?;
    let (y, m): (i32, u32) = (y.parse().map_err(|_| bad())?, m.parse().map_err(|_| bad())?);
    if !(2000..=2100).contains(&y) {
        return Err(bad());
    }
    let first = NaiveDate::from_ymd_opt(y, m, 1).ok_or_else(bad)?;
    let next = first
        .checked_add_months(chrono::Months::new(1))
        .ok_or_else(bad)?;
    Ok((first, next.pred_opt().ok_or_else(bad)?))
}

/// The month before a "YYYY-MM" month, in the same format.
pub fn previous_month(first_day: NaiveDate) -> String {
    let prev = first_day
        .checked_sub_months(chrono::Months::new(1))
        .unwrap_or(first_day);
    prev.format("%Y-%m").to_string()
}

/// A reporting period: both ends given, in order, not longer than three years.
pub fn check_period(from: NaiveDate, to: NaiveDate) -> Result<(), Msg> {
    if to < from {
        return Err(Msg::key("staffing-period-reversed"));
    }
    if (to - from).num_days() > 366 * 3 {
        return Err(Msg::key("staffing-period-too-long"));
    }
    Ok(())
}

/// One row of a worker's history, as the stability figures read it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stint {
    pub center_id: i32,
    pub posting: Posting,
    pub valid_from: NaiveDate,
    /// The first day the row no longer holds; None while it does.
    pub valid_to: Option<NaiveDate>,
}

impl Stint {
    /// A same-day correction leaves a row closed on its own first day: it covers no day.
    fn covers_a_day(&self) -> bool {
        self.valid_to.is_none_or(|t| t > self.valid_from)
    }

    fn holds_on(&self, on: NaiveDate) -> bool {
        self.valid_from <= on && self.valid_to.is_none_or(|t| t > on)
    }
}

/// How a worker left a center.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum LeavingKind {
    /// A history row with posting `departed` (离岗, or 无法胜任予以调整).
    Departure,
    /// The next row is at another center: the worker moved out.
    MoveOut,
}

/// A worker leaving a center on a day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Leaving {
    pub center_id: i32,
    pub on: NaiveDate,
    pub kind: LeavingKind,
    /// Where a move went.
    pub to_center: Option<i32>,
}

fn in_order(stints: &[Stint]) -> Vec<Stint> {
    let mut rows: Vec<Stint> = stints.iter().copied().filter(Stint::covers_a_day).collect();
    rows.sort_by_key(|s| s.valid_from);
    rows
}

/// A worker's leavings from `from` to `to` (both included), from their history rows in
/// any order: each departed row starting in the period counts at its center, and each
/// row starting in the period at another center than the row before it (when that one
/// was not a departure) counts as leaving the earlier center.
pub fn leavings(stints: &[Stint], from: NaiveDate, to: NaiveDate) -> Vec<Leaving> {
    let rows = in_order(stints);
    let mut out = Vec::new();
    for (i, row) in rows.iter().enumerate() {
        if row.valid_from < from || row.valid_from > to {
            continue;
        }
        if row.posting == Posting::Departed {
            out.push(Leaving {
                center_id: row.center_id,
                on: row.valid_from,
                kind: LeavingKind::Departure,
                to_center: None,
            });
            continue;
        }
        if let Some(prev) = i.checked_sub(1).map(|p| rows[p]) {
            if prev.center_id != row.center_id && prev.posting != Posting::Departed {
                out.push(Leaving {
                    center_id: prev.center_id,
                    on: row.valid_from,
                    kind: LeavingKind::MoveOut,
                    to_center: Some(row.center_id),
                });
            }
        }
    }
    out
}

/// The center a fact about a worker (an absence, a leave, a certificate) is counted at:
/// the center of the history row holding on that day; before the first row, the first
/// row's center; after a gap, the latest row started by then.
pub fn center_on(stints: &[Stint], on: NaiveDate) -> Option<i32> {
    let rows = in_order(stints);
    if let Some(s) = rows.iter().rev().find(|s| s.holds_on(on)) {
        return Some(s.center_id);
    }
    rows.iter()
        .rev()
        .find(|s| s.valid_from <= on)
        .or_else(|| rows.first())
        .map(|s| s.center_id)
}

/// An approved leave's report-back counts as overdue once its due day has passed without
/// a report-back by that day (a late one stays counted).
pub fn report_back_late(due: NaiveDate, reported_on: Option<NaiveDate>, today: NaiveDate) -> bool {
    due < today && reported_on.is_none_or(|r| r > due)
}

/// The mean of some tenures in days; None for nobody.
pub fn average_tenure(days: &[i64]) -> Option<f64> {
    (!days.is_empty()).then(|| days.iter().sum::<i64>() as f64 / days.len() as f64)
}

/// A part of a whole as a percentage; None when the whole is empty.
pub fn share(part: u32, whole: u32) -> Option<f64> {
    (whole > 0).then(|| f64::from(part) * 100.0 / f64::from(whole))
}

/// A day a report may be asked for: within the years the programme can have data for.
pub fn check_report_day(day: NaiveDate) -> Result<NaiveDate, Msg> {
    if (2000..=2100).contains(&day.year()) {
        Ok(day)
    } else {
        Err(Msg::key("staffing-day-out-of-range").arg("day", day))
    }
}

/// The stability report's default period: the current month up to today.
pub fn default_period(today: NaiveDate) -> (NaiveDate, NaiveDate) {
    (today.with_day(1).unwrap_or(today), today)
}

/// The bulletin's reference day for a month: its last day, or today while the month is
/// still running. A month that has not begun has no bulletin yet.
pub fn reference_day(
    first: NaiveDate,
    last: NaiveDate,
    today: NaiveDate,
) -> Result<NaiveDate, Msg> {
    if first > today {
        return Err(Msg::key("staffing-month-not-begun")
            .arg("year", first.year().to_string())
            .arg("month", first.month().to_string())
            .arg("ym", first.format("%Y-%m").to_string()));
    }
    Ok(last.min(today))
}

/// A month-on-month change of a count.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Change {
    pub current: i64,
    pub previous: i64,
    pub delta: i64,
    /// "▲3", "▼1" or "持平" (no change).
    pub text: Msg,
    /// Whether the change is for the better: None when nothing changed.
    pub better: Option<bool>,
}

pub fn change(current: i64, previous: i64, higher_is_better: bool) -> Change {
    let delta = current - previous;
    let text = match delta {
        0 => Msg::key("staffing-change-flat"),
        d if d > 0 => Msg::from(format!("▲{d}")),
        d => Msg::from(format!("▼{}", -d)),
    };
    Change {
        current,
        previous,
        delta,
        text,
        better: (delta != 0).then_some((delta > 0) == higher_is_better),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn staffing_minimums_per_level() {
        let m = PLAN_MINIMUMS;
        let cases = [
            (Level::Town, 3, true, 0),
            (Level::Town, 2, false, 1),
            (Level::Town, 0, false, 3),
            (Level::Town, 5, true, 0),
            (Level::Zone, 2, true, 0),
            (Level::Zone, 1, false, 1),
            (Level::Zone, 0, false, 2),
        ];
        for (level, window, compliant, shortfall) in cases {
            let s = staffing(window, level, &m);
            assert_eq!(
                (s.compliant, s.shortfall),
                (compliant, shortfall),
                "{level:?} {window}"
            );
        }
        let custom = Minimums { town: 4, zone: 1 };
        assert!(!staffing(3, Level::Town, &custom).compliant);
        assert!(staffing(1, Level::Zone, &custom).compliant);
    }

    #[test]
    fn town_complies_only_when_every_center_does() {
        let m = PLAN_MINIMUMS;
        let ok = town_staffing(&[staffing(3, Level::Town, &m), staffing(2, Level::Zone, &m)]);
        assert!(ok.compliant);
        assert_eq!((ok.window, ok.required, ok.compliant_centers), (5, 5, 2));
        let short = town_staffing(&[staffing(4, Level::Town, &m), staffing(1, Level::Zone, &m)]);
        assert!(!short.compliant);
        assert_eq!(short.compliant_centers, 1);
        assert!(town_staffing(&[]).compliant);
    }

    #[test]
    fn only_serving_window_staff_count() {
        let cases = [
            (Position::Window, Posting::Serving, true),
            (Position::Window, Posting::Seconded, false),
            (Position::Window, Posting::Departed, false),
            (Position::Specialised, Posting::Serving, false),
        ];
        for (p, s, counts) in cases {
            assert_eq!(counts_for_window(p, s), counts, "{p:?} {s:?}");
        }
    }

    #[test]
    fn stability_figures() {
        assert_eq!(turnover(1, 4.0), Some(0.25));
        assert_eq!(turnover(0, 0.0), None);
        assert_eq!(average_headcount(4, 3), 3.5);
        assert_eq!(tenure_days(d("2026-11-01"), d("2026-11-01")), 1);
        assert_eq!(tenure_days(d("2026-11-01"), d("2026-11-30")), 30);
        assert!(is_new_in_post(d("2026-09-01"), d("2026-11-25")));
        assert!(!is_new_in_post(d("2026-08-01"), d("2026-11-25")));
    }

    #[test]
    fn months_and_periods() {
        assert_eq!(
            month_bounds("2026-02").unwrap(),
            (d("2026-02-01"), d("2026-02-28"))
        );
        assert_eq!(
            month_bounds("2026-12").unwrap(),
            (d("2026-12-01"), d("2026-12-31"))
        );
        for bad in ["", "2026", "2026-13", "abc-01", "1900-01"] {
            assert!(month_bounds(bad).is_err(), "{bad}");
        }
        assert_eq!(previous_month(d("2026-01-01")), "2025-12");
        assert!(check_period(d("2026-11-01"), d("2026-10-01")).is_err());
        assert!(check_period(d("2026-01-01"), d("2026-12-31")).is_ok());
    }

    #[test]
    fn direct_changes_and_corrections() {
        assert!(check_direct_account_change("worker", Posting::Serving).is_err());
        assert!(check_direct_account_change("worker", Posting::Seconded).is_err());
        assert!(check_direct_account_change("worker", Posting::Departed).is_ok());
        assert!(check_direct_account_change("manager", Posting::Serving).is_ok());
        let today = d("2026-11-25");
        let cases = [
            (d("2026-11-25"), Some(d("2026-11-01")), "登记错误", true),
            (d("2026-11-01"), Some(d("2026-11-01")), "登记错误", true),
            (d("2026-10-31"), Some(d("2026-11-01")), "登记错误", false),
            (d("2026-11-25"), None, " ", false),
            (d("2028-01-01"), None, "x", false),
        ];
        for (from, latest, note, ok) in cases {
            assert_eq!(
                check_correction(from, latest, today, note).is_ok(),
                ok,
                "{from} {note}"
            );
        }
    }

    #[test]
    fn codes_round_trip() {
        for c in Category::ALL {
            assert_eq!(Category::parse(c.as_str()), Some(*c));
        }
        for p in Posting::ALL {
            assert_eq!(Posting::parse(p.as_str()), Some(*p));
        }
        assert_eq!(
            label_of(Position::parse, Position::label, "window"),
            "一站式服务窗口"
        );
        assert_eq!(
            label_of(Position::parse, |p| p.label_in("en"), "window"),
            "One-stop service window"
        );
        assert_eq!(label_of(Position::parse, Position::label, "x"), "x");
        assert_eq!(Posting::Seconded.label(), "抽调中");
        assert_eq!(Posting::Seconded.msg().in_lang("en"), "On secondment");
    }
    fn stint(center_id: i32, posting: Posting, from: &str, to: Option<&str>) -> Stint {
        Stint {
            center_id,
            posting,
            valid_from: d(from),
            valid_to: to.map(d),
        }
    }

    #[test]
    fn leavings_in_a_period() {
        use Posting::*;
        let (from, to) = (d("2026-11-01"), d("2026-11-30"));
        let dep = |c, on: &str| Leaving {
            center_id: c,
            on: d(on),
            kind: LeavingKind::Departure,
            to_center: None,
        };
        let out = |c, on: &str, dest| Leaving {
            center_id: c,
            on: d(on),
            kind: LeavingKind::MoveOut,
            to_center: Some(dest),
        };
        let cases: Vec<(&str, Vec<Stint>, Vec<Leaving>)> = vec![
            (
                "hired and staying",
                vec![stint(1, Serving, "2026-01-01", None)],
                vec![],
            ),
            (
                "departs in the period",
                vec![
                    stint(1, Serving, "2026-01-01", Some("2026-11-10")),
                    stint(1, Departed, "2026-11-10", None),
                ],
                vec![dep(1, "2026-11-10")],
            ),
            (
                "departed before the period",
                vec![
                    stint(1, Serving, "2026-01-01", Some("2026-10-31")),
                    stint(1, Departed, "2026-10-31", None),
                ],
                vec![],
            ),
            (
                "departs the day after the period",
                vec![
                    stint(1, Serving, "2026-01-01", Some("2026-12-01")),
                    stint(1, Departed, "2026-12-01", None),
                ],
                vec![],
            ),
            (
                "moves out on the first day, rows given out of order",
                vec![
                    stint(2, Serving, "2026-11-01", None),
                    stint(1, Serving, "2026-01-01", Some("2026-11-01")),
                ],
                vec![out(1, "2026-11-01", 2)],
            ),
            (
                "a secondment and return at the same center is no leaving",
                vec![
                    stint(1, Serving, "2026-01-01", Some("2026-11-05")),
                    stint(1, Seconded, "2026-11-05", Some("2026-11-20")),
                    stint(1, Serving, "2026-11-20", None),
                ],
                vec![],
            ),
            (
                "moves, then departs from the new center",
                vec![
                    stint(1, Serving, "2026-01-01", Some("2026-11-03")),
                    stint(2, Serving, "2026-11-03", Some("2026-11-25")),
                    stint(2, Departed, "2026-11-25", None),
                ],
                vec![out(1, "2026-11-03", 2), dep(2, "2026-11-25")],
            ),
            (
                "re-hired elsewhere after leaving is no move",
                vec![
                    stint(1, Departed, "2026-10-01", Some("2026-11-15")),
                    stint(3, Serving, "2026-11-15", None),
                ],
                vec![],
            ),
            (
                "a same-day correction covers no day",
                vec![
                    stint(1, Serving, "2026-01-01", Some("2026-11-12")),
                    stint(5, Serving, "2026-11-12", Some("2026-11-12")),
                    stint(1, Serving, "2026-11-12", None),
                ],
                vec![],
            ),
        ];
        for (name, stints, expected) in cases {
            assert_eq!(leavings(&stints, from, to), expected, "{name}");
        }
    }

    #[test]
    fn facts_are_counted_where_the_worker_was() {
        use Posting::*;
        let h = vec![
            stint(2, Serving, "2026-11-03", Some("2026-11-25")),
            stint(1, Serving, "2026-06-01", Some("2026-11-03")),
            stint(2, Departed, "2026-11-25", None),
        ];
        let cases = [
            ("2026-05-01", Some(1)), // before the first row: the first center
            ("2026-06-01", Some(1)),
            ("2026-11-02", Some(1)),
            ("2026-11-03", Some(2)),
            ("2026-11-25", Some(2)), // the day they left: the center they left
            ("2027-01-01", Some(2)),
        ];
        for (on, center) in cases {
            assert_eq!(center_on(&h, d(on)), center, "{on}");
        }
        assert_eq!(center_on(&[], d("2026-11-01")), None);
    }

    #[test]
    fn report_backs_and_shares() {
        let due = d("2026-11-10");
        let cases = [
            (None, "2026-11-10", false), // due today: not yet late
            (None, "2026-11-11", true),
            (Some("2026-11-10"), "2026-11-20", false),
            (Some("2026-11-12"), "2026-11-20", true), // reported, but late
        ];
        for (reported, today, late) in cases {
            assert_eq!(
                report_back_late(due, reported.map(d), d(today)),
                late,
                "{reported:?} {today}"
            );
        }
        assert_eq!(average_tenure(&[10, 20, 30]), Some(20.0));
        assert_eq!(average_tenure(&[]), None);
        assert_eq!(share(9, 36), Some(25.0));
        assert_eq!(share(0, 0), None);
    }

    #[test]
    fn reference_days_and_periods() {
        let today = d("2026-11-25");
        let cases = [
            ("2026-11", Ok(d("2026-11-25"))),
            ("2026-10", Ok(d("2026-10-31"))),
            ("2025-02", Ok(d("2025-02-28"))),
            ("2026-12", Err(())),
        ];
        for (month, expected) in cases {
            let (first, last) = month_bounds(month).unwrap();
            assert_eq!(
                reference_day(first, last, today).map_err(|_| ()),
                expected,
                "{month}"
            );
        }
        assert!(reference_day(d("2026-12-01"), d("2026-12-31"), today)
            .unwrap_err()
            .contains("尚未开始"));
        assert_eq!(default_period(today), (d("2026-11-01"), today));
        for (day, ok) in [
            ("2026-11-25", true),
            ("2000-01-01", true),
            ("2100-12-31", true),
            ("1999-12-31", false),
            ("2101-01-01", false),
        ] {
            assert_eq!(check_report_day(d(day)).is_ok(), ok, "{day}");
        }
    }

    #[test]
    fn month_on_month_changes() {
        let cases = [
            (5, 3, true, 2, "▲2", Some(true)),
            (3, 5, true, -2, "▼2", Some(false)),
            (4, 4, true, 0, "持平", None),
            (2, 0, false, 2, "▲2", Some(false)), // more absences is worse
            (0, 1, false, -1, "▼1", Some(true)),
        ];
        for (now, before, higher_is_better, delta, text, better) in cases {
            let c = change(now, before, higher_is_better);
            assert_eq!(
                (c.delta, c.text.to_string().as_str(), c.better),
                (delta, text, better)
            );
        }
    }
}
