//! Chart 5, on a course's item analysis: how the attempts' scores (0–100) fall into
//! 10-point bands.

use super::{columns, Caption, Column, Figure, Shade, Swatch, BLUE};
use crate::i18n::{t_in, Msg};

/// "0–9" … "80–89", then "90–100".
pub fn band_label(i: usize) -> String {
    if i == 9 {
        "90–100".to_string()
    } else {
        format!("{}–{}", i * 10, i * 10 + 9)
    }
}

/// `distribution[i]` is the number of attempts in band `i`.
pub fn figure(lang: &str, distribution: &[i64]) -> Figure {
    let count = |n: i64| u32::try_from(n).unwrap_or(0);
    let series = [Swatch {
        label: t_in(lang, "chart-scores-count"),
        shade: Shade::Fill(BLUE),
    }];
    let cols: Vec<Column> = distribution
        .iter()
        .enumerate()
        .map(|(i, n)| Column {
            label: band_label(i),
            sub: None,
            values: vec![count(*n)],
        })
        .collect();
    let words: Vec<String> = distribution
        .iter()
        .enumerate()
        .map(|(i, n)| {
            Msg::key("chart-scores-bin")
                .arg("band", band_label(i))
                .arg("count", count(*n))
                .in_lang(lang)
        })
        .collect();
    let caption = Caption::new(lang, "chart-scores-title", &words);
    let svg = columns(&caption, &series, &cols, &t_in(lang, "chart-scores-axis"));
    let mut f = Figure::new(lang, &caption, svg, t_in(lang, "chart-scores-caption"));
    f.head = vec![
        t_in(lang, "chart-scores-band"),
        t_in(lang, "chart-scores-count"),
    ];
    f.rows = distribution
        .iter()
        .enumerate()
        .map(|(i, n)| vec![band_label(i), count(*n).to_string()])
        .collect();
    f
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::web::charts::hex;

    #[test]
    fn a_bar_per_non_empty_band_and_every_band_in_words() {
        let mut d = vec![0i64; 10];
        d[9] = 3;
        d[5] = 1;
        let f = figure("zh-CN", &d);
        let bars = f
            .svg
            .matches(&format!("fill=\"{}\" stroke=\"none\"", hex(BLUE)))
            .count();
        assert_eq!(bars, 2);
        assert!(f.svg.contains("90–100 分：3 次"), "{}", f.svg);
        assert_eq!(f.rows.len(), 10);
        assert!(figure("en", &d).svg.contains("Score distribution"));
    }
}
