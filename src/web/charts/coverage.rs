//! Chart 1, on the city handling map: the share of the common items that at least one
//! serving worker of the town holds a valid certificate for, town by town.

use super::{horizontal_bars, Bar, Caption, Figure};
use crate::i18n::{t_in, Msg};
use crate::web::course_view::percent_text;

/// One town's count of common items covered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TownCoverage {
    pub name: String,
    pub covered: u32,
}

fn share(covered: u32, common: u32) -> f64 {
    if common == 0 {
        0.0
    } else {
        f64::from(covered) * 100.0 / f64::from(common)
    }
}

/// The bars of every town in the order given, out of `common` items.
pub fn figure(lang: &str, towns: &[TownCoverage], common: u32) -> Figure {
    let bars: Vec<Bar> = towns
        .iter()
        .map(|t| Bar {
            label: t.name.clone(),
            value: share(t.covered, common),
            note: format!("{}/{}", t.covered, common),
        })
        .collect();
    let words: Vec<String> = towns
        .iter()
        .map(|t| {
            Msg::key("chart-coverage-bar")
                .arg("town", t.name.as_str())
                .arg("covered", t.covered)
                .arg("common", common)
                .arg("share", percent_text(share(t.covered, common)))
                .in_lang(lang)
        })
        .collect();
    let caption = Caption::new(lang, "chart-coverage-title", &words);
    let svg = horizontal_bars(&caption, &bars, 100.0, &t_in(lang, "chart-coverage-axis"));
    let mut f = Figure::new(
        lang,
        &caption,
        svg,
        Msg::key("chart-coverage-caption")
            .arg("common", common)
            .in_lang(lang),
    );
    f.head = [
        "chart-coverage-town",
        "chart-coverage-covered",
        "chart-coverage-share",
    ]
    .iter()
    .map(|k| t_in(lang, k))
    .collect();
    f.rows = towns
        .iter()
        .map(|t| {
            vec![
                t.name.clone(),
                format!("{}/{}", t.covered, common),
                percent_text(share(t.covered, common)),
            ]
        })
        .collect();
    f
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::web::charts::{hex, BLUE};

    #[test]
    fn one_bar_per_town_in_either_language() {
        let towns = vec![
            TownCoverage {
                name: "玲珑镇".into(),
                covered: 9,
            },
            TownCoverage {
                name: "毕郭镇".into(),
                covered: 0,
            },
        ];
        let zh = figure("zh-CN", &towns, 36);
        let bars = format!("fill=\"{}\" stroke=\"none\"", hex(BLUE));
        assert_eq!(zh.svg.matches(&bars).count(), 2);
        assert!(zh.svg.contains("玲珑镇 9/36 项（25%）"), "{}", zh.svg);
        assert_eq!(zh.rows[1], vec!["毕郭镇", "0/36", "0%"]);
        let en = figure("en", &towns, 36);
        assert!(en.svg.contains("Certification coverage"), "{}", en.svg);
        assert!(en.caption.contains("36 common items"), "{}", en.caption);
        assert_eq!(figure("en", &[], 36).svg.matches(&bars).count(), 0);
    }
}
