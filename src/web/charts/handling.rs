//! Chart 3, on the city handling map: towns × items, each cell painted by how the town's
//! centers handle the item (all direct, some direct, proxy only, not taken). The page's
//! table below it keeps the exact counts.

use super::{heatmap, Caption, Figure, Shade, Swatch};
use super::{AMBER, GREY, TEAL};
use crate::i18n::{t_in, Msg};

/// A cell's class, the index of its legend entry.
pub const ALL_DIRECT: usize = 0;
pub const SOME_DIRECT: usize = 1;
pub const PROXY: usize = 2;
pub const NOT_TAKEN: usize = 3;

/// The class of a town's cell from how many of its centers take the item and how many of
/// those handle it directly.
pub fn class(direct: u32, taking: u32) -> usize {
    match (direct, taking) {
        (_, 0) => NOT_TAKEN,
        (0, _) => PROXY,
        (d, t) if d >= t => ALL_DIRECT,
        _ => SOME_DIRECT,
    }
}

/// One town's row: per item (in the columns' order), (direct, taking).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TownRow {
    pub name: String,
    pub cells: Vec<(u32, u32)>,
}

pub fn figure(lang: &str, items: &[String], towns: &[TownRow]) -> Figure {
    let legend: Vec<Swatch> = [
        ("chart-handling-direct", Shade::Fill(TEAL)),
        ("chart-handling-partly", Shade::Split(AMBER, TEAL)),
        ("chart-handling-proxy", Shade::Fill(AMBER)),
        ("chart-handling-none", Shade::Outline(GREY)),
    ]
    .into_iter()
    .map(|(key, shade)| Swatch {
        label: t_in(lang, key),
        shade,
    })
    .collect();
    let cells: Vec<Vec<usize>> = towns
        .iter()
        .map(|t| t.cells.iter().map(|&(d, n)| class(d, n)).collect())
        .collect();
    let words: Vec<String> = towns
        .iter()
        .zip(&cells)
        .map(|(t, row)| {
            let n = |c: usize| row.iter().filter(|x| **x == c).count();
            Msg::key("chart-handling-town")
                .arg("town", t.name.as_str())
                .arg("direct", n(ALL_DIRECT))
                .arg("partly", n(SOME_DIRECT))
                .arg("proxy", n(PROXY))
                .arg("none", n(NOT_TAKEN))
                .in_lang(lang)
        })
        .collect();
    let caption = Caption::new(lang, "chart-handling-title", &words);
    let rows: Vec<String> = towns.iter().map(|t| t.name.clone()).collect();
    let svg = heatmap(&caption, &rows, items, &cells, &legend);
    let mut f = Figure::new(lang, &caption, svg, t_in(lang, "chart-handling-caption"));
    f.wide = true;
    f
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::web::charts::has_text;

    #[test]
    fn cells_are_classed_by_their_direct_share() {
        let table = [
            ((0, 0), NOT_TAKEN),
            ((0, 3), PROXY),
            ((1, 3), SOME_DIRECT),
            ((3, 3), ALL_DIRECT),
            ((1, 1), ALL_DIRECT),
        ];
        for ((d, t), want) in table {
            assert_eq!(class(d, t), want, "{d}/{t}");
        }
    }

    #[test]
    fn a_cell_per_town_and_item() {
        let items: Vec<String> = (1..=36).map(|i| i.to_string()).collect();
        let towns: Vec<TownRow> = ["玲珑镇", "毕郭镇"]
            .iter()
            .map(|n| TownRow {
                name: n.to_string(),
                cells: (0..36).map(|i| (i % 3, 2)).collect(),
            })
            .collect();
        let f = figure("zh-CN", &items, &towns);
        assert_eq!(f.svg.matches("<rect").count(), 2 * 36 + 4);
        assert!(f
            .svg
            .contains("玲珑镇：全部直办 12 项，部分直办 12 项，代办 12 项，不受理 0 项"));
        assert!(f.wide && f.rows.is_empty());
        assert!(has_text(&figure("en", &items, &towns).svg, "Not taken"));
    }
}
