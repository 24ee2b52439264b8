//! Dates as each language writes them: "2026年11月24日" in Chinese, ISO 8601 in English.
//! Stored instants are UTC; people read China Standard Time (UTC+8, no daylight saving).

use chrono::{Duration, NaiveDate, NaiveDateTime};

fn parse_instant(text: &str) -> Option<NaiveDateTime> {
    NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M:%S%.f")
        .or_else(|_| NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M:%S%.f"))
        .ok()
}

/// A time already in Beijing, as `domain::cst::show` writes it ("2026-11-24 14:05").
fn parse_local(text: &str) -> Option<NaiveDateTime> {
    NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M").ok()
}

fn day_in(lang: &str, day: NaiveDate) -> String {
    match lang {
        "en" => day.format("%Y-%m-%d").to_string(),
        _ => day.format("%Y年%-m月%-d日").to_string(),
    }
}

/// A calendar day (`2026-11-24`) or a stored instant (its Beijing day), in `lang`.
/// Anything else is returned unchanged, so a label passed by mistake still shows.
pub fn date_in(lang: &str, text: &str) -> String {
    if let Ok(day) = NaiveDate::parse_from_str(text, "%Y-%m-%d") {
        return day_in(lang, day);
    }
    if let Some(local) = parse_local(text) {
        return day_in(lang, local.date());
    }
    match parse_instant(text) {
        Some(t) => day_in(lang, (t + Duration::hours(8)).date()),
        None => text.to_string(),
    }
}

/// A stored UTC instant as Beijing date and time, in `lang`; a time already in Beijing
/// (without seconds, from `cst::show`) is only rewritten.
pub fn datetime_in(lang: &str, text: &str) -> String {
    let local = parse_local(text).or_else(|| parse_instant(text).map(|t| t + Duration::hours(8)));
    match local {
        Some(local) => format!("{} {}", day_in(lang, local.date()), local.format("%H:%M")),
        None => date_in(lang, text),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_by_language() {
        let cases = [
            ("zh-CN", "2026-11-24", "2026年11月24日"),
            ("zh-CN", "2026-01-05", "2026年1月5日"),
            ("en", "2026-11-24", "2026-11-24"),
            // 20:30 UTC is the next morning in Beijing.
            ("zh-CN", "2026-11-24T20:30:00", "2026年11月25日"),
            ("en", "2026-11-24T20:30:00.123", "2026-11-25"),
            ("en", "不是日期", "不是日期"),
            ("zh-CN", "", ""),
        ];
        for (lang, input, want) in cases {
            assert_eq!(date_in(lang, input), want, "{lang} {input}");
        }
    }

    #[test]
    fn instants_by_language_in_beijing_time() {
        let cases = [
            ("zh-CN", "2026-11-24T06:05:00", "2026年11月24日 14:05"),
            ("en", "2026-11-24T06:05:00", "2026-11-24 14:05"),
            ("en", "2026-11-24 16:00:00", "2026-11-25 00:00"),
            ("zh-CN", "2026-11-24", "2026年11月24日"),
            // already Beijing time: not shifted again
            ("zh-CN", "2026-11-24 14:05", "2026年11月24日 14:05"),
            ("en", "2026-11-24 14:05", "2026-11-24 14:05"),
        ];
        for (lang, input, want) in cases {
            assert_eq!(datetime_in(lang, input), want, "{lang} {input}");
        }
    }
}
