//! Chart 4, on a worker's roster page and on their own schedule: the worker's training
//! sessions of the last 12 months by outcome (attended, excused, absent), month by month.

use chrono::{Datelike, NaiveDate};

use super::{columns, last_months, month_labels, Caption, Column, Figure, Shade, Swatch};
use super::{AMBER, BLUE, DARK_RED};
use crate::i18n::{t_in, Msg};

/// One month of a worker's attendance.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MonthAttendance {
    pub month: NaiveDate,
    pub attended: u32,
    pub excused: u32,
    pub absent: u32,
}

/// Sums enrolments (the Beijing day of the session, the enrolment status) into the 12
/// months up to `today`'s. Present and late count as attended; enrolments not marked yet
/// are left out.
pub fn by_month<'a>(
    enrolments: impl IntoIterator<Item = (NaiveDate, &'a str)>,
    today: NaiveDate,
) -> Vec<MonthAttendance> {
    let mut months: Vec<MonthAttendance> = last_months(today, 12)
        .into_iter()
        .map(|month| MonthAttendance {
            month,
            attended: 0,
            excused: 0,
            absent: 0,
        })
        .collect();
    for (day, status) in enrolments {
        let first = day.with_day(1).unwrap_or(day);
        let Some(m) = months.iter_mut().find(|m| m.month == first) else {
            continue;
        };
        match status {
            "present" | "late" => m.attended += 1,
            "excused" => m.excused += 1,
            "absent" => m.absent += 1,
            _ => {}
        }
    }
    months
}

pub fn figure(lang: &str, months: &[MonthAttendance]) -> Figure {
    let series = [
        ("chart-attendance-attended", BLUE),
        ("chart-attendance-excused", AMBER),
        ("chart-attendance-absent", DARK_RED),
    ]
    .map(|(key, c)| Swatch {
        label: t_in(lang, key),
        shade: Shade::Fill(c),
    });
    let labels = month_labels(&months.iter().map(|m| m.month).collect::<Vec<_>>());
    let cols: Vec<Column> = months
        .iter()
        .zip(labels)
        .map(|(m, (label, sub))| Column {
            label,
            sub,
            values: vec![m.attended, m.excused, m.absent],
        })
        .collect();
    let words: Vec<String> = months
        .iter()
        .filter(|m| m.attended + m.excused + m.absent > 0)
        .map(|m| {
            Msg::key("chart-attendance-month")
                .arg("month", m.month.format("%Y-%m").to_string())
                .arg("attended", m.attended)
                .arg("excused", m.excused)
                .arg("absent", m.absent)
                .in_lang(lang)
        })
        .collect();
    let caption = Caption::new(lang, "chart-attendance-title", &words);
    let svg = columns(
        &caption,
        &series,
        &cols,
        &t_in(lang, "chart-attendance-axis"),
    );
    let mut f = Figure::new(lang, &caption, svg, t_in(lang, "chart-attendance-caption"));
    f.head = std::iter::once(t_in(lang, "chart-month"))
        .chain(series.iter().map(|s| s.label.clone()))
        .collect();
    f.rows = months
        .iter()
        .map(|m| {
            vec![
                m.month.format("%Y-%m").to_string(),
                m.attended.to_string(),
                m.excused.to_string(),
                m.absent.to_string(),
            ]
        })
        .collect();
    f
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::web::charts::{has_text, hex};

    #[test]
    fn outcomes_are_counted_per_month_and_stacked() {
        let d = |m, day| NaiveDate::from_ymd_opt(2026, m, day).unwrap();
        let rows = [
            (d(11, 3), "present"),
            (d(11, 10), "late"),
            (d(11, 17), "excused"),
            (d(10, 1), "absent"),
            (d(11, 30), "enrolled"),
        ];
        let months = by_month(rows.iter().map(|(d, s)| (*d, *s)), d(11, 25));
        let nov = months[11];
        assert_eq!((nov.attended, nov.excused, nov.absent), (2, 1, 0));
        assert_eq!(months[10].absent, 1);
        let f = figure("zh-CN", &months);
        let parts = |c| {
            f.svg
                .matches(&format!("fill=\"{}\" stroke=\"none\"", hex(c)))
                .count()
        };
        // a legend swatch each, plus the non-zero parts
        assert_eq!((parts(BLUE), parts(AMBER), parts(DARK_RED)), (2, 2, 2));
        assert!(
            f.svg.contains("2026-11：出勤 2，请假 1，旷训 0"),
            "{}",
            f.svg
        );
        assert!(has_text(&figure("en", &months).svg, "Excused leave"));
    }
}
