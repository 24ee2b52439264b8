//! China Standard Time (UTC+8, no daylight saving): what people type and read. The
//! database keeps UTC.

use chrono::{Duration, NaiveDate, NaiveDateTime};

use crate::i18n::Msg;

fn offset() -> Duration {
    Duration::hours(8)
}

/// A `datetime-local` form value (`2026-12-01T09:00`) in Beijing time, as UTC.
pub fn parse_local(input: &str) -> Result<NaiveDateTime, Msg> {
    let input = input.trim();
    NaiveDateTime::parse_from_str(input, "%Y-%m-%dT%H:%M")
        .or_else(|_| NaiveDateTime::parse_from_str(input, "%Y-%m-%d %H:%M"))
        .map(|local| local - offset())
        .map_err(|_| Msg::key("cst-bad-time").arg("input", input))
}

pub fn parse_date(input: &str) -> Result<NaiveDate, Msg> {
    NaiveDate::parse_from_str(input.trim(), "%Y-%m-%d")
        .map_err(|_| Msg::key("cst-bad-date").arg("input", input.trim()))
}

/// UTC as Beijing time for display.
pub fn show(utc: NaiveDateTime) -> String {
    (utc + offset()).format("%Y-%m-%d %H:%M").to_string()
}

/// UTC as the value of a `datetime-local` input.
pub fn input_value(utc: NaiveDateTime) -> String {
    (utc + offset()).format("%Y-%m-%dT%H:%M").to_string()
}

/// The calendar day in Beijing at this UTC instant.
pub fn date_of(utc: NaiveDateTime) -> NaiveDate {
    (utc + offset()).date()
}

/// The UTC instant a Beijing calendar day begins.
pub fn day_start(day: NaiveDate) -> NaiveDateTime {
    day.and_hms_opt(0, 0, 0).unwrap_or_default() - offset()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn beijing_time_table() {
        let utc = parse_local("2026-12-01T09:00").unwrap();
        assert_eq!(utc.to_string(), "2026-12-01 01:00:00");
        assert_eq!(show(utc), "2026-12-01 09:00");
        assert_eq!(input_value(utc), "2026-12-01T09:00");
        assert_eq!(parse_local("2026-12-01 09:00").unwrap(), utc);
        assert!(parse_local("tomorrow").unwrap_err().contains("格式不对"));
        let late = parse_local("2026-12-01T23:30").unwrap();
        assert_eq!(date_of(late).to_string(), "2026-12-01");
        assert_eq!(
            date_of(parse_local("2026-12-02T07:00").unwrap()).to_string(),
            "2026-12-02"
        );
        assert!(parse_date("2026-13-01").is_err());
        let day = parse_date("2026-12-01").unwrap();
        assert_eq!(day_start(day).to_string(), "2026-11-30 16:00:00");
        assert_eq!(date_of(day_start(day)), day);
    }
}
