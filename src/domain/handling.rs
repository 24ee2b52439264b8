//! The handling mode of an item at a center: not taken (不受理), handled directly (直办)
//! or taken and passed online to the bureau (代办). Pure functions with table tests.

use chrono::NaiveDate;
use serde::Serialize;

use crate::domain::certification::EXPIRING_DAYS;
use crate::i18n::Msg;

/// The plan: "研究确定至少5个事项下沉到党建融合发展区".
pub const MIN_ZONE_ITEMS: usize = 5;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Level {
    Town,
    Zone,
}

impl Level {
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "town" => Some(Level::Town),
            "zone" => Some(Level::Zone),
            _ => None,
        }
    }
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Town => "town",
            Level::Zone => "zone",
        }
    }
}

/// How many certified workers a center needs, per level (K).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Thresholds {
    pub town: u32,
    pub zone: u32,
}

impl Default for Thresholds {
    fn default() -> Self {
        Self { town: 2, zone: 1 }
    }
}

impl Thresholds {
    pub fn required(&self, level: Level) -> u32 {
        match level {
            Level::Town => self.town,
            Level::Zone => self.zone,
        }
    }
}

pub fn check_threshold(value: &str) -> Result<u32, Msg> {
    match value.trim().parse::<u32>() {
        Ok(k) if (1..=20).contains(&k) => Ok(k),
        _ => Err(Msg::key("handling-bad-threshold").arg("value", value.trim())),
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum HandlingMode {
    NotDelegated,
    Direct,
    Proxy,
}

impl HandlingMode {
    /// The catalog key of the label (不受理, 直办, 代办).
    pub fn label_key(self) -> &'static str {
        match self {
            HandlingMode::NotDelegated => "handling-mode-not-delegated",
            HandlingMode::Direct => "handling-mode-direct",
            HandlingMode::Proxy => "handling-mode-proxy",
        }
    }
    /// The label in a language.
    pub fn label_in(self, lang: &str) -> String {
        crate::i18n::t_in(lang, self.label_key())
    }
    /// The label in the default language (spreadsheets, printed notices).
    pub fn label(self) -> String {
        crate::i18n::t(self.label_key())
    }
}

/// Whether a center takes the item at all: a town center takes every item delegated to
/// towns; a zone center only those its town selected for its zones.
pub fn takes_item(level: Level, item_delegated: bool, selected_for_zones: bool) -> bool {
    item_delegated && (level == Level::Town || selected_for_zones)
}

/// A town's zone selection meets the plan's minimum.
pub fn zone_selection_compliant(selected: usize) -> bool {
    selected >= MIN_ZONE_ITEMS
}

/// One cell of the matrix, without names: cheap enough to compute for every center.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Cell {
    pub mode: HandlingMode,
    /// Currently assigned workers with a valid certificate.
    pub certified: u32,
    pub required: u32,
    /// In direct mode, the last day it stays direct if no one acts.
    pub direct_until: Option<NaiveDate>,
}

/// The mode from the facts. `ends` holds the last valid day of each certificate held by a
/// worker currently assigned to the center; those already past are ignored. The slice is
/// reordered.
pub fn cell(taken: bool, required: u32, ends: &mut [NaiveDate], today: NaiveDate) -> Cell {
    let valid = ends.iter().filter(|e| **e >= today).count() as u32;
    if !taken {
        return Cell {
            mode: HandlingMode::NotDelegated,
            certified: valid,
            required,
            direct_until: None,
        };
    }
    let required = required.max(1);
    if valid < required {
        return Cell {
            mode: HandlingMode::Proxy,
            certified: valid,
            required,
            direct_until: None,
        };
    }
    // direct until the day the required-th longest certificate runs out
    ends.sort_unstable_by(|a, b| b.cmp(a));
    Cell {
        mode: HandlingMode::Direct,
        certified: valid,
        required,
        direct_until: ends.get(required as usize - 1).copied(),
    }
}

/// A certificate holder, for the explanations that name people.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Holder {
    pub name: String,
    pub ends_on: NaiveDate,
}

/// The cell in one sentence, naming the certified workers:
/// "直办 — 2/2 已认证：张三（至 2027年3月1日）、李四（至 2026年12月10日，即将到期）".
pub fn explain(c: &Cell, holders: &[Holder], today: NaiveDate) -> Msg {
    match c.mode {
        HandlingMode::NotDelegated => Msg::key("handling-explain-not-delegated"),
        HandlingMode::Proxy => Msg::key("handling-explain-proxy")
            .arg("required", c.required)
            .arg("certified", c.certified),
        HandlingMode::Direct => {
            let mut valid: Vec<&Holder> = holders.iter().filter(|h| h.ends_on >= today).collect();
            valid.sort_by(|a, b| b.ends_on.cmp(&a.ends_on).then(a.name.cmp(&b.name)));
            let names: Vec<Msg> = valid
                .iter()
                .map(|h| {
                    let soon = (h.ends_on - today).num_days() <= EXPIRING_DAYS;
                    let holder = if soon {
                        Msg::key("handling-holder-expiring")
                    } else {
                        Msg::key("handling-holder")
                    };
                    holder.arg("name", &h.name).arg("until", h.ends_on)
                })
                .collect();
            Msg::key("handling-explain-direct")
                .arg("certified", c.certified)
                .arg("required", c.required)
                .arg_msg("names", Msg::list(names))
        }
    }
}

/// The forecast in words, with no names (public pages use it too).
pub fn forecast(c: &Cell) -> Option<Msg> {
    match (c.mode, c.direct_until) {
        (HandlingMode::Direct, Some(d)) => {
            Some(Msg::key("handling-forecast-direct").arg("until", d))
        }
        (HandlingMode::Proxy, _) => Some(
            Msg::key("handling-forecast-proxy")
                .arg("missing", c.required.saturating_sub(c.certified)),
        ),
        _ => None,
    }
}

/// The share of centers handling an item directly, as a heatmap shade 0–4
/// (0: none, 4: all). None when no center takes the item.
pub fn heat_level(direct: u32, taking: u32) -> Option<u8> {
    if taking == 0 {
        return None;
    }
    let share = f64::from(direct) / f64::from(taking);
    Some(match share {
        s if s <= 0.0 => 0,
        s if s < 0.34 => 1,
        s if s < 0.67 => 2,
        s if s < 1.0 => 3,
        _ => 4,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn which_centers_take_which_items() {
        // (level, item delegated, selected for zones, taken)
        let table = [
            (Level::Town, true, false, true),
            (Level::Town, false, true, false),
            (Level::Zone, true, false, false),
            (Level::Zone, true, true, true),
            (Level::Zone, false, true, false),
        ];
        for (level, delegated, selected, expected) in table {
            assert_eq!(takes_item(level, delegated, selected), expected);
        }
        assert!(!zone_selection_compliant(4));
        assert!(zone_selection_compliant(5));
    }

    #[test]
    fn mode_table_with_thresholds_per_level() {
        let today = d("2026-11-25");
        let k = Thresholds::default();
        // (taken, level, holders' last days, mode, certified, direct until)
        type Row<'a> = (
            bool,
            Level,
            Vec<&'a str>,
            HandlingMode,
            u32,
            Option<&'a str>,
        );
        let table: Vec<Row> = vec![
            (
                false,
                Level::Town,
                vec!["2028-01-01"],
                HandlingMode::NotDelegated,
                1,
                None,
            ),
            (true, Level::Town, vec![], HandlingMode::Proxy, 0, None),
            (
                true,
                Level::Town,
                vec!["2028-01-01"],
                HandlingMode::Proxy,
                1,
                None,
            ),
            (
                true,
                Level::Town,
                vec!["2028-01-01", "2027-03-01"],
                HandlingMode::Direct,
                2,
                Some("2027-03-01"),
            ),
            // the forecast is the K-th longest certificate
            (
                true,
                Level::Town,
                vec!["2026-12-10", "2028-01-01", "2027-03-01"],
                HandlingMode::Direct,
                3,
                Some("2027-03-01"),
            ),
            // an expired certificate does not count; the last day still does
            (
                true,
                Level::Town,
                vec!["2026-11-24", "2026-11-25"],
                HandlingMode::Proxy,
                1,
                None,
            ),
            (
                true,
                Level::Zone,
                vec!["2026-11-25"],
                HandlingMode::Direct,
                1,
                Some("2026-11-25"),
            ),
            (true, Level::Zone, vec![], HandlingMode::Proxy, 0, None),
        ];
        for (taken, level, ends, mode, certified, until) in table {
            let mut ends: Vec<NaiveDate> = ends.into_iter().map(d).collect();
            let c = cell(taken, k.required(level), &mut ends, today);
            assert_eq!(c.mode, mode, "{ends:?}");
            assert_eq!(c.certified, certified, "{ends:?}");
            assert_eq!(c.direct_until, until.map(d), "{ends:?}");
        }
        // K is configurable: a town needing 3 falls back to proxy with 2
        let strict = Thresholds { town: 3, zone: 1 };
        let mut ends = vec![d("2028-01-01"), d("2027-03-01")];
        assert_eq!(
            cell(true, strict.required(Level::Town), &mut ends, today).mode,
            HandlingMode::Proxy
        );
    }

    #[test]
    fn explanations_name_the_holders_and_what_is_missing() {
        let today = d("2026-11-25");
        let holders = vec![
            Holder {
                name: "李四".into(),
                ends_on: d("2026-12-10"),
            },
            Holder {
                name: "张三".into(),
                ends_on: d("2027-03-01"),
            },
        ];
        let mut ends: Vec<NaiveDate> = holders.iter().map(|h| h.ends_on).collect();
        let c = cell(true, 2, &mut ends, today);
        assert_eq!(
            explain(&c, &holders, today).to_string(),
            "直办 — 2/2 已认证：张三（至 2027年3月1日）、李四（至 2026年12月10日，即将到期）"
        );
        assert_eq!(
            explain(&c, &holders, today).in_lang("en"),
            "Handled directly: 2/2 certified: 张三 (until 2027-03-01), 李四 (until 2026-12-10, expiring soon)"
        );
        assert_eq!(
            forecast(&c).unwrap().to_string(),
            "如无人续证或补充认证，2026年12月10日 之后转为代办"
        );
        let mut one = vec![d("2027-03-01")];
        let p = cell(true, 2, &mut one, today);
        assert_eq!(
            explain(&p, &holders[1..], today).to_string(),
            "代办 — 需 2 名已认证社工，现有 1 名"
        );
        assert_eq!(
            forecast(&p).unwrap().to_string(),
            "再有 1 名社工取得认证即可直办"
        );
        assert_eq!(
            forecast(&p).unwrap().in_lang("en"),
            "One more certified social worker is needed to handle it directly."
        );
        let n = cell(false, 2, &mut [], today);
        assert!(explain(&n, &[], today).to_string().starts_with("不受理"));
        assert_eq!(HandlingMode::Proxy.label(), "代办");
        assert_eq!(HandlingMode::Proxy.label_in("en"), "Forwarded");
    }

    #[test]
    fn thresholds_and_heat() {
        assert_eq!(check_threshold(" 3 "), Ok(3));
        assert!(check_threshold("0").is_err());
        assert!(check_threshold("21").is_err());
        assert!(check_threshold("两").unwrap_err().contains("1–20"));
        assert_eq!(heat_level(0, 0), None);
        assert_eq!(heat_level(0, 5), Some(0));
        assert_eq!(heat_level(1, 5), Some(1));
        assert_eq!(heat_level(3, 5), Some(2));
        assert_eq!(heat_level(4, 5), Some(3));
        assert_eq!(heat_level(5, 5), Some(4));
    }
}
