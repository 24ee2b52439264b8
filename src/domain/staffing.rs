//! The roster rules: who a 全科社工 is (category, position, posting), the plan's staffing
//! minimums for a one-stop window, and the stability figures. Pure functions with table
//! tests.

use chrono::NaiveDate;
use serde::Serialize;

use crate::domain::handling::{Level, Thresholds};

/// One-stop-window minimums per level. The plan: "镇（街道）党群服务中心一站式服务窗口
/// 全科社工不少于3人，党建融合发展区不少于2人". Same shape as the handling thresholds.
pub type Minimums = Thresholds;

pub const PLAN_MINIMUMS: Minimums = Minimums { town: 3, zone: 2 };

/// A worker counts as "new in post" for this many days.
pub const NEW_IN_POST_DAYS: i64 = 90;

macro_rules! labelled_enum {
    ($(#[$doc:meta])* $name:ident { $($variant:ident => $code:literal, $label:literal),+ $(,)? }) => {
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
            pub fn label(self) -> &'static str {
                match self { $($name::$variant => $label),+ }
            }
        }
    };
}
pub(crate) use labelled_enum;

labelled_enum! {
    /// How the worker came to the post.
    Category {
        Fulltime => "fulltime", "专职人员",
        Graduate2020 => "graduate2020", "2020届招考大学生",
        Other => "other", "其他",
    }
}

labelled_enum! {
    /// Where at the center the worker serves.
    Position {
        Window => "window", "一站式服务窗口",
        Specialised => "specialised", "专业窗口",
    }
}

labelled_enum! {
    /// Whether the worker is at their center today.
    Posting {
        Serving => "serving", "在岗",
        Seconded => "seconded", "抽调中",
        Departed => "departed", "已离岗",
    }
}

/// Label of a stored code, or the code itself when it is not one we know.
pub fn label_of<T>(
    parse: fn(&str) -> Option<T>,
    label: fn(T) -> &'static str,
    code: &str,
) -> String {
    parse(code)
        .map(label)
        .map(str::to_string)
        .unwrap_or_else(|| code.to_string())
}

/// A worker counts towards the one-stop window's minimum when serving there.
pub fn counts_for_window(position: Position, posting: Posting) -> bool {
    position == Position::Window && posting == Posting::Serving
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
pub fn month_bounds(month: &str) -> Result<(NaiveDate, NaiveDate), String> {
    let bad = || format!("月份“{month}”无法识别，请按 2026-11 的格式填写");
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
pub fn check_period(from: NaiveDate, to: NaiveDate) -> Result<(), String> {
    if to < from {
        return Err("结束日期不能早于开始日期".into());
    }
    if (to - from).num_days() > 366 * 3 {
        return Err("统计期间最长三年，请缩短".into());
    }
    Ok(())
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
        assert_eq!(label_of(Position::parse, Position::label, "x"), "x");
    }
}
