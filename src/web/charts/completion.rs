//! Chart 2, on the attendance report: the attendance rate month by month for the last
//! 12 months, as the report defines it (present or late over the marked enrolments), in
//! the report's own scope.

use chrono::{Datelike, NaiveDate};

use super::{last_months, line, month_labels, Caption, Figure, Point};
use crate::domain::training::tally;
use crate::i18n::{t_in, Msg};
use crate::web::course_view::percent_text;

/// One month of the report: its first day, the marked enrolments, the attended ones and
/// their rate (None without a marked enrolment).
#[derive(Debug, Clone, PartialEq)]
pub struct MonthRate {
    pub month: NaiveDate,
    pub marked: u32,
    pub attended: u32,
    pub rate: Option<f64>,
}

/// Sums enrolments (the Beijing day of the session, the enrolment status) into the 12
/// months up to `today`'s; enrolments outside them are left out.
pub fn by_month<'a>(
    enrolments: impl IntoIterator<Item = (NaiveDate, &'a str)>,
    today: NaiveDate,
) -> Vec<MonthRate> {
    let months = last_months(today, 12);
    let mut statuses: Vec<Vec<&str>> = vec![Vec::new(); months.len()];
    for (day, status) in enrolments {
        let first = day.with_day(1).unwrap_or(day);
        if let Some(i) = months.iter().position(|m| *m == first) {
            statuses[i].push(status);
        }
    }
    months
        .into_iter()
        .zip(statuses)
        .map(|(month, s)| {
            let t = tally(s);
            MonthRate {
                month,
                marked: t.enrolled - t.unmarked,
                attended: t.present + t.late,
                rate: t.rate,
            }
        })
        .collect()
}

pub fn figure(lang: &str, months: &[MonthRate]) -> Figure {
    let labels = month_labels(&months.iter().map(|m| m.month).collect::<Vec<_>>());
    let points: Vec<Point> = months
        .iter()
        .zip(labels)
        .map(|(m, (label, sub))| Point {
            label,
            sub,
            value: m.rate,
        })
        .collect();
    let rate = |m: &MonthRate| m.rate.map(percent_text).unwrap_or_else(|| "—".into());
    let words: Vec<String> = months
        .iter()
        .filter(|m| m.marked > 0)
        .map(|m| {
            Msg::key("chart-completion-point")
                .arg("month", m.month.format("%Y-%m").to_string())
                .arg("rate", rate(m))
                .arg("attended", m.attended)
                .arg("marked", m.marked)
                .in_lang(lang)
        })
        .collect();
    let caption = Caption::new(lang, "chart-completion-title", &words);
    let svg = line(
        &caption,
        &points,
        100.0,
        &t_in(lang, "chart-completion-axis"),
    );
    let mut f = Figure::new(lang, &caption, svg, t_in(lang, "chart-completion-caption"));
    f.head = [
        "chart-month",
        "chart-completion-marked",
        "chart-completion-attended",
        "chart-completion-rate",
    ]
    .iter()
    .map(|k| t_in(lang, k))
    .collect();
    f.rows = months
        .iter()
        .map(|m| {
            vec![
                m.month.format("%Y-%m").to_string(),
                m.marked.to_string(),
                m.attended.to_string(),
                rate(m),
            ]
        })
        .collect();
    f
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::web::charts::has_text;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn rates_per_month_count_only_marked_enrolments() {
        let rows = [
            (d(2026, 11, 25), "present"),
            (d(2026, 11, 2), "late"),
            (d(2026, 11, 3), "absent"),
            (d(2026, 11, 4), "excused"),
            (d(2026, 11, 30), "enrolled"),
            (d(2026, 9, 1), "absent"),
            (d(2025, 11, 30), "present"),
        ];
        let months = by_month(rows.iter().map(|(d, s)| (*d, *s)), d(2026, 11, 25));
        assert_eq!(months.len(), 12);
        assert_eq!(months[0].month, d(2025, 12, 1), "a year back is out");
        let nov = &months[11];
        assert_eq!((nov.marked, nov.attended, nov.rate), (4, 2, Some(50.0)));
        assert_eq!(months[9].rate, Some(0.0));
        assert_eq!(months[10].rate, None);

        let f = figure("zh-CN", &months);
        assert_eq!(
            f.svg.matches("<circle").count(),
            2,
            "a dot per month with a rate"
        );
        assert!(f.svg.contains("2026-11：50%（2/4）"), "{}", f.svg);
        assert_eq!(f.rows[11], vec!["2026-11", "4", "2", "50%"]);
        assert_eq!(f.rows[10][3], "—");
        let en = figure("en", &months);
        assert!(en.svg.contains("Attendance rate"), "{}", en.svg);

        let none = figure("zh-CN", &by_month([], d(2026, 11, 25)));
        assert!(has_text(&none.svg, "暂无数据") && !none.svg.contains("<circle"));
        assert!(none
            .svg
            .contains("aria-label=\"近 12 个月培训出勤率：暂无数据\""));
    }
}
