//! Charts drawn on the server as inline SVG (issue 7, "look, don't read"): no script, no
//! CDN, no font files. Plotters' SVG backend is built without a font feature, so it lays
//! text out with a rough estimate and writes `<text>` elements that the browser sets in
//! its own fonts.
//!
//! The drawing functions here are pure: plain labels and numbers and already-translated
//! captions in, an SVG string out. Every SVG is `role="img"` with an `aria-label`, a
//! `<title>` and a `<desc>` that give the figures in words, scales with its container
//! (a `viewBox`, `width="100%"`), and uses only colours with at least 4.5:1 contrast
//! against white. Each page also shows the figures as a table (`Figure`). The modules
//! below turn one page's data into one chart in the reader's language.

pub mod attendance;
pub mod completion;
pub mod coverage;
pub mod handling;
pub mod scores;

use std::error::Error;

use chrono::{Datelike, NaiveDate};
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use serde::Serialize;

use crate::i18n::t_in;

/// Body text.
pub const INK: RGBColor = RGBColor(0x1f, 0x23, 0x28);
/// Axes and tick labels.
pub const AXIS: RGBColor = RGBColor(0x5f, 0x6b, 0x7a);
/// Grid lines: decoration only, so they may be light.
const GRID: RGBColor = RGBColor(0xe3, 0xe6, 0xea);
/// The one series of a single-series chart.
pub const BLUE: RGBColor = RGBColor(0x1f, 0x5f, 0x99);
/// 直办 in the handling map.
pub const TEAL: RGBColor = RGBColor(0x0f, 0x76, 0x6e);
/// 代办 in the handling map; 请假 in attendance.
pub const AMBER: RGBColor = RGBColor(0xb4, 0x53, 0x09);
/// 旷训 in attendance.
pub const DARK_RED: RGBColor = RGBColor(0x8c, 0x1d, 0x18);
/// The outline of a 不受理 cell.
pub const GREY: RGBColor = RGBColor(0x6e, 0x77, 0x81);

/// Every colour that carries meaning (all but the grid).
pub const PALETTE: [RGBColor; 7] = [INK, AXIS, BLUE, TEAL, AMBER, DARK_RED, GREY];

/// The width of every chart's coordinate system; the page scales it.
const WIDTH: u32 = 600;
const FONT: &str = "sans-serif";
/// Plotters writes `font-size = size / 1.24`; these are sizes in SVG pixels.
const LABEL_PX: f64 = 14.0;
const SMALL_PX: f64 = 12.0;

/// The `#RRGGBB` plotters writes for a colour, for tests that count marks.
pub fn hex(c: RGBColor) -> String {
    format!("#{:02X}{:02X}{:02X}", c.0, c.1, c.2)
}

/// Whether an SVG has a `<text>` element reading exactly `text` (plotters puts the text
/// on a line of its own).
pub fn has_text(svg: &str, text: &str) -> bool {
    svg.contains(&format!("\n{text}\n</text>"))
}

/// The WCAG 2 contrast ratio of a colour against white.
pub fn contrast_with_white(c: RGBColor) -> f64 {
    fn channel(v: u8) -> f64 {
        let s = f64::from(v) / 255.0;
        if s <= 0.04045 {
            s / 12.92
        } else {
            ((s + 0.055) / 1.055).powf(2.4)
        }
    }
    let l = 0.2126 * channel(c.0) + 0.7152 * channel(c.1) + 0.0722 * channel(c.2);
    1.05 / (l + 0.05)
}

/// What a chart says about itself: a title, and its figures in words for screen readers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Caption {
    pub title: String,
    pub summary: String,
    /// Said across the plot when there is nothing to draw.
    pub empty: Option<String>,
}

impl Caption {
    /// The title from the catalog and the figures in words, one part each; no parts
    /// means no data.
    pub fn new(lang: &str, title_key: &str, parts: &[String]) -> Caption {
        Caption {
            title: t_in(lang, title_key),
            summary: summary(lang, parts),
            empty: parts.is_empty().then(|| t_in(lang, "chart-no-data")),
        }
    }
}

/// One bar of a bar chart: its label, its length and the text written at its end.
#[derive(Debug, Clone, PartialEq)]
pub struct Bar {
    pub label: String,
    pub value: f64,
    pub note: String,
}

/// One column of a column chart; `values` has one number per series, stacked bottom up.
/// `sub` is a second label line (the year under a month).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Column {
    pub label: String,
    pub sub: Option<String>,
    pub values: Vec<u32>,
}

/// One point of a line chart; None leaves a gap.
#[derive(Debug, Clone, PartialEq)]
pub struct Point {
    pub label: String,
    pub sub: Option<String>,
    pub value: Option<f64>,
}

/// A series of a column chart, or a class of heatmap cells, with its legend text.
#[derive(Debug, Clone, PartialEq)]
pub struct Swatch {
    pub label: String,
    pub shade: Shade,
}

/// How a heatmap cell (or a column series) is painted.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Shade {
    Fill(RGBColor),
    /// The lower-left half in the first colour, the upper-right in the second.
    Split(RGBColor, RGBColor),
    /// An outline only.
    Outline(RGBColor),
}

impl Shade {
    fn main(self) -> RGBColor {
        match self {
            Shade::Fill(c) | Shade::Split(c, _) | Shade::Outline(c) => c,
        }
    }
}

/// A chart with its figures, as a page shows it (`partials/chart`).
#[derive(Debug, Clone, Serialize)]
pub struct Figure {
    pub title: String,
    pub svg: String,
    pub caption: String,
    /// Wide charts (the handling map) are not limited to a reading width.
    pub wide: bool,
    /// The label of the table with the figures.
    pub figures: String,
    pub head: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

impl Figure {
    pub fn new(lang: &str, chart: &Caption, svg: String, caption: String) -> Figure {
        Figure {
            title: chart.title.clone(),
            svg,
            caption,
            wide: false,
            figures: t_in(lang, "chart-figures"),
            head: Vec::new(),
            rows: Vec::new(),
        }
    }
}

/// "title: a; b; c" in the reader's language.
pub fn summary(lang: &str, parts: &[String]) -> String {
    if parts.is_empty() {
        return t_in(lang, "chart-no-data");
    }
    parts.join(&t_in(lang, "chart-separator"))
}

/// The `count` months up to the one holding `today`, oldest first, as their first days.
pub fn last_months(today: NaiveDate, count: u32) -> Vec<NaiveDate> {
    let now = today.year() * 12 + today.month0() as i32;
    (0..count as i32)
        .rev()
        .filter_map(|back| {
            let m = now - back;
            NaiveDate::from_ymd_opt(m.div_euclid(12), m.rem_euclid(12) as u32 + 1, 1)
        })
        .collect()
}

/// Month axis labels: the month number, with the year under the first month and every
/// January.
pub fn month_labels(months: &[NaiveDate]) -> Vec<(String, Option<String>)> {
    months
        .iter()
        .enumerate()
        .map(|(i, m)| {
            let year = (i == 0 || m.month() == 1).then(|| m.year().to_string());
            (format!("{:02}", m.month()), year)
        })
        .collect()
}

fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

fn style(px: f64, colour: RGBColor, h: HPos, v: VPos) -> TextStyle<'static> {
    let mut s = TextStyle::from((FONT, px * 1.24).into_font());
    s.color = colour.to_backend_color();
    s.pos = Pos::new(h, v);
    s
}

/// A rough width of a text in pixels: CJK characters are about square.
fn text_width(text: &str, px: f64) -> i32 {
    let w: f64 = text
        .chars()
        .map(|c| if c.is_ascii() { 0.6 } else { 1.0 })
        .sum();
    (w * px).ceil() as i32
}

type Area<'a> = DrawingArea<SVGBackend<'a>, Shift>;
type Drawn = Result<(), Box<dyn Error>>;

/// Draws on a `width` × `height` SVG and gives it its accessible root element.
fn render(size: (u32, u32), caption: &Caption, draw: impl FnOnce(&Area) -> Drawn) -> String {
    let mut raw = String::new();
    let drawn = {
        let root = SVGBackend::with_string(&mut raw, size).into_drawing_area();
        draw(&root).and_then(|()| root.present().map_err(Into::into))
    };
    if let Err(e) = drawn {
        tracing::error!(error = %e, "chart not drawn");
        return String::new();
    }
    // Plotters opens with `<svg width= height= viewBox= xmlns=>`; ours says what it shows.
    let body = raw
        .find(">\n")
        .filter(|_| raw.starts_with("<svg "))
        .map(|end| &raw[end + 2..])
        .unwrap_or("</svg>");
    let (w, h) = size;
    let label = escape(&format!("{}：{}", caption.title, caption.summary));
    format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {w} {h}\" width=\"100%\" \
         preserveAspectRatio=\"xMidYMid meet\" class=\"chart-svg\" role=\"img\" aria-label=\"{label}\">\n\
         <title>{}</title>\n<desc>{}</desc>\n{body}",
        escape(&caption.title),
        escape(&caption.summary),
    )
}

/// Horizontal bars from 0 to `max`, one row per bar, top to bottom; the label on the left
/// and the note at the end of the bar. Every bar is drawn, a zero as a bar of no length.
pub fn horizontal_bars(caption: &Caption, bars: &[Bar], max: f64, axis: &str) -> String {
    let n = bars.len().max(1);
    let row = 30;
    let label_w = bars
        .iter()
        .map(|b| text_width(&b.label, LABEL_PX))
        .max()
        .unwrap_or(40)
        .clamp(40, 180)
        + 14;
    let height = 12 + row * n as u32 + 56;
    let max = if max > 0.0 { max } else { 1.0 };
    render((WIDTH, height), caption, |root| {
        let mut chart = ChartBuilder::on(root)
            .margin_top(12)
            .margin_left(8)
            .margin_right(72)
            .x_label_area_size(56)
            .y_label_area_size(label_w as u32)
            .build_cartesian_2d(0f64..max, 0f64..n as f64)?;
        chart
            .configure_mesh()
            .disable_y_mesh()
            .y_labels(0)
            .x_labels(6)
            .x_label_formatter(&|v| crate::web::course_view::number_text(*v))
            .light_line_style(TRANSPARENT)
            .bold_line_style(GRID)
            .axis_style(AXIS)
            .label_style(style(LABEL_PX, AXIS, HPos::Center, VPos::Top))
            .axis_desc_style(style(LABEL_PX, INK, HPos::Center, VPos::Top))
            .x_desc(axis)
            .draw()?;
        chart.draw_series(bars.iter().enumerate().map(|(i, b)| {
            let top = (n - i) as f64;
            Rectangle::new(
                [(0.0, top - 0.2), (b.value.clamp(0.0, max), top - 0.8)],
                BLUE.filled(),
            )
        }))?;
        for (i, b) in bars.iter().enumerate() {
            let mid = (n - i) as f64 - 0.5;
            let (x0, y) = chart.backend_coord(&(0.0, mid));
            root.draw(&Text::new(
                b.label.clone(),
                (x0 - 8, y),
                style(LABEL_PX, INK, HPos::Right, VPos::Center),
            ))?;
            let (x1, _) = chart.backend_coord(&(b.value.clamp(0.0, max), mid));
            root.draw(&Text::new(
                b.note.clone(),
                (x1 + 6, y),
                style(SMALL_PX, INK, HPos::Left, VPos::Center),
            ))?;
        }
        Ok(())
    })
}

/// Writes the caption's "no data" across the plot, centred on `at`.
fn say_empty(root: &Area, caption: &Caption, at: (i32, i32)) -> Drawn {
    if let Some(text) = &caption.empty {
        root.draw(&Text::new(
            text.clone(),
            at,
            style(LABEL_PX, AXIS, HPos::Center, VPos::Center),
        ))?;
    }
    Ok(())
}

/// Writes category labels (and their second lines) under the x axis.
fn x_labels<'a>(
    root: &Area,
    at: impl Fn(usize) -> (i32, i32),
    labels: impl Iterator<Item = (&'a str, Option<&'a str>)>,
) -> Drawn {
    for (i, (label, sub)) in labels.enumerate() {
        let (x, y) = at(i);
        root.draw(&Text::new(
            label.to_string(),
            (x, y + 6),
            style(LABEL_PX, INK, HPos::Center, VPos::Top),
        ))?;
        if let Some(sub) = sub {
            root.draw(&Text::new(
                sub.to_string(),
                (x, y + 23),
                style(SMALL_PX, AXIS, HPos::Center, VPos::Top),
            ))?;
        }
    }
    Ok(())
}

/// A legend row at the top: a swatch and its label per entry.
fn legend(root: &Area, swatches: &[Swatch], y: i32) -> Drawn {
    let mut x = 12;
    for s in swatches {
        swatch(root, s.shade, (x, y - 6), 12)?;
        root.draw(&Text::new(
            s.label.clone(),
            (x + 18, y),
            style(LABEL_PX, INK, HPos::Left, VPos::Center),
        ))?;
        x += 18 + text_width(&s.label, LABEL_PX) + 20;
    }
    Ok(())
}

/// A square of side `size` at `at` (upper left), painted as `shade`.
fn swatch(root: &Area, shade: Shade, at: (i32, i32), size: i32) -> Drawn {
    let (x, y) = at;
    let corners = [(x, y), (x + size, y + size)];
    match shade {
        Shade::Fill(c) => root.draw(&Rectangle::new(corners, c.filled()))?,
        Shade::Outline(c) => root.draw(&Rectangle::new(
            [(x + 1, y + 1), (x + size - 1, y + size - 1)],
            c.stroke_width(1),
        ))?,
        Shade::Split(a, b) => {
            root.draw(&Rectangle::new(corners, a.filled()))?;
            root.draw(&Polygon::new(
                vec![(x, y), (x + size, y), (x + size, y + size)],
                b.filled(),
            ))?;
        }
    }
    Ok(())
}

/// Columns of counts, stacked bottom up in the order of `series`; with one series each
/// column carries its count on top and no legend is drawn. Zero parts draw nothing.
pub fn columns(caption: &Caption, series: &[Swatch], columns: &[Column], axis: &str) -> String {
    let n = columns.len().max(1);
    let legend_h = if series.len() > 1 { 30 } else { 0 };
    let with_sub = columns.iter().any(|c| c.sub.is_some());
    let bottom = if with_sub { 46 } else { 30 };
    let height = 280 + legend_h + bottom;
    let top_count = columns
        .iter()
        .map(|c| c.values.iter().sum::<u32>())
        .max()
        .unwrap_or(0);
    // headroom for the count written over the tallest column
    let y_max = (top_count + top_count / 8 + 1).max(4);
    render((WIDTH, height), caption, |root| {
        if series.len() > 1 {
            legend(root, series, 16)?;
        }
        let mut chart = ChartBuilder::on(root)
            .margin_top(12 + legend_h)
            .margin_right(16)
            .margin_left(8)
            .x_label_area_size(bottom)
            .y_label_area_size(56)
            .build_cartesian_2d(-0.5f64..n as f64 - 0.5, 0u32..y_max)?;
        chart
            .configure_mesh()
            .disable_x_mesh()
            .x_labels(0)
            .y_labels(6)
            .light_line_style(TRANSPARENT)
            .bold_line_style(GRID)
            .axis_style(AXIS)
            .label_style(style(LABEL_PX, AXIS, HPos::Right, VPos::Center))
            .axis_desc_style(style(LABEL_PX, INK, HPos::Center, VPos::Top))
            .y_desc(axis)
            .draw()?;
        say_empty(
            root,
            caption,
            chart.backend_coord(&((n as f64 - 1.0) / 2.0, y_max / 2)),
        )?;
        let half = if series.len() > 1 { 0.3 } else { 0.42 };
        for (i, c) in columns.iter().enumerate() {
            let x = i as f64;
            let mut base = 0;
            for (v, s) in c.values.iter().zip(series) {
                if *v == 0 {
                    continue;
                }
                chart.draw_series(std::iter::once(Rectangle::new(
                    [(x - half, base + v), (x + half, base)],
                    s.shade.main().filled(),
                )))?;
                base += v;
            }
            if series.len() == 1 {
                let (px, py) = chart.backend_coord(&(x, base));
                root.draw(&Text::new(
                    base.to_string(),
                    (px, py - 4),
                    style(SMALL_PX, INK, HPos::Center, VPos::Bottom),
                ))?;
            }
        }
        x_labels(
            root,
            |i| chart.backend_coord(&(i as f64, 0)),
            columns.iter().map(|c| (c.label.as_str(), c.sub.as_deref())),
        )
    })
}

/// A line over categories from 0 to `max`, with a dot per known value; unknown values
/// (None) break the line.
pub fn line(caption: &Caption, points: &[Point], max: f64, axis: &str) -> String {
    let n = points.len().max(1);
    let with_sub = points.iter().any(|p| p.sub.is_some());
    let bottom = if with_sub { 46 } else { 30 };
    let max = if max > 0.0 { max } else { 1.0 };
    render((WIDTH, 280 + bottom), caption, |root| {
        let mut chart = ChartBuilder::on(root)
            .margin_top(16)
            .margin_right(16)
            .margin_left(8)
            .x_label_area_size(bottom)
            .y_label_area_size(56)
            .build_cartesian_2d(-0.5f64..n as f64 - 0.5, 0f64..max)?;
        chart
            .configure_mesh()
            .disable_x_mesh()
            .x_labels(0)
            .y_labels(6)
            .y_label_formatter(&|v| crate::web::course_view::number_text(*v))
            .light_line_style(TRANSPARENT)
            .bold_line_style(GRID)
            .axis_style(AXIS)
            .label_style(style(LABEL_PX, AXIS, HPos::Right, VPos::Center))
            .axis_desc_style(style(LABEL_PX, INK, HPos::Center, VPos::Top))
            .y_desc(axis)
            .draw()?;
        say_empty(
            root,
            caption,
            chart.backend_coord(&((n as f64 - 1.0) / 2.0, max / 2.0)),
        )?;
        let mut runs: Vec<Vec<(f64, f64)>> = vec![Vec::new()];
        for (i, p) in points.iter().enumerate() {
            match p.value {
                Some(v) => runs
                    .last_mut()
                    .expect("one run")
                    .push((i as f64, v.clamp(0.0, max))),
                None => runs.push(Vec::new()),
            }
        }
        chart.draw_series(
            runs.into_iter()
                .filter(|r| r.len() > 1)
                .map(|r| PathElement::new(r, BLUE.stroke_width(2))),
        )?;
        chart.draw_series(points.iter().enumerate().filter_map(|(i, p)| {
            p.value
                .map(|v| Circle::new((i as f64, v.clamp(0.0, max)), 4, BLUE.filled()))
        }))?;
        x_labels(
            root,
            |i| chart.backend_coord(&(i as f64, 0.0)),
            points.iter().map(|p| (p.label.as_str(), p.sub.as_deref())),
        )
    })
}

/// A grid of `rows` × `cols` cells, each painted as the legend entry its number names;
/// every cell is one `<rect>` (a split cell adds a triangle). Row labels on the left,
/// column labels on top, the legend below.
pub fn heatmap(
    caption: &Caption,
    rows: &[String],
    cols: &[String],
    cells: &[Vec<usize>],
    legend_items: &[Swatch],
) -> String {
    let cell = 18;
    let label_w = rows
        .iter()
        .map(|r| text_width(r, LABEL_PX))
        .max()
        .unwrap_or(40)
        .clamp(40, 180)
        + 16;
    let (left, top) = (8 + label_w, 26);
    let grid_w = cell * cols.len().max(1) as i32;
    let width = (left + grid_w + 12).max(WIDTH as i32 / 2);
    let legend_y = top + cell * rows.len() as i32 + 22;
    let height = legend_y + 22;
    // column labels thin out when they would not fit
    let every = cols.len().div_ceil(40).max(1);
    render((width as u32, height as u32), caption, |root| {
        for (j, c) in cols.iter().enumerate().filter(|(j, _)| j % every == 0) {
            root.draw(&Text::new(
                c.clone(),
                (left + j as i32 * cell + cell / 2, top - 6),
                style(SMALL_PX, AXIS, HPos::Center, VPos::Bottom),
            ))?;
        }
        for (i, r) in rows.iter().enumerate() {
            let y = top + i as i32 * cell;
            root.draw(&Text::new(
                r.clone(),
                (left - 8, y + cell / 2),
                style(LABEL_PX, INK, HPos::Right, VPos::Center),
            ))?;
            for (j, class) in cells.get(i).into_iter().flatten().enumerate() {
                let shade = legend_items
                    .get(*class)
                    .map(|s| s.shade)
                    .unwrap_or(Shade::Outline(GREY));
                swatch(root, shade, (left + j as i32 * cell + 1, y + 1), cell - 2)?;
            }
        }
        legend(root, legend_items, legend_y)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn caption() -> Caption {
        Caption {
            title: "标题 <b>".into(),
            summary: "玲珑镇 1/36 & \"x\"".into(),
            empty: None,
        }
    }

    fn count(svg: &str, needle: &str) -> usize {
        svg.matches(needle).count()
    }

    fn rects(svg: &str, c: RGBColor) -> usize {
        count(svg, &format!("fill=\"{}\" stroke=\"none\"", hex(c)))
    }

    #[test]
    fn the_palette_meets_wcag_aa_against_white() {
        for c in PALETTE {
            let ratio = contrast_with_white(c);
            assert!(ratio >= 4.5, "{} has {ratio:.2}:1", hex(c));
        }
        assert!((contrast_with_white(RGBColor(0, 0, 0)) - 21.0).abs() < 0.01);
    }

    #[test]
    fn the_root_element_is_accessible_scalable_and_escaped() {
        let svg = horizontal_bars(
            &caption(),
            &[Bar {
                label: "<script>".into(),
                value: 10.0,
                note: "a&b".into(),
            }],
            100.0,
            "%",
        );
        assert!(svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 600 "));
        assert!(svg.contains("width=\"100%\"") && svg.contains("role=\"img\""));
        assert!(svg.contains("aria-label=\"标题 &lt;b&gt;：玲珑镇 1/36 &amp; &quot;x&quot;\""));
        assert!(svg.contains("<title>标题 &lt;b&gt;</title>"));
        assert!(svg.contains("<desc>玲珑镇 1/36 &amp; &quot;x&quot;</desc>"));
        assert!(!svg.contains("<script>") && has_text(&svg, "&lt;script&gt;"));
        assert!(has_text(&svg, "a&amp;b"));
        assert_eq!(count(&svg, "<svg"), 1);
        assert!(svg.trim_end().ends_with("</svg>"));
        assert!(!svg.contains("style="), "the CSP allows no inline styles");
    }

    #[test]
    fn bars_draw_one_rect_each_even_for_zero() {
        let bars: Vec<Bar> = (0..14)
            .map(|i| Bar {
                label: format!("镇{i}"),
                value: f64::from(i) * 5.0,
                note: format!("{i}/36"),
            })
            .collect();
        let svg = horizontal_bars(&caption(), &bars, 100.0, "%");
        assert_eq!(rects(&svg, BLUE), 14);
        assert!(has_text(&svg, "镇13") && has_text(&svg, "13/36"));
        assert!(horizontal_bars(&caption(), &[], 0.0, "%").contains("<svg"));
    }

    #[test]
    fn stacked_columns_draw_the_non_zero_parts_and_a_legend() {
        let series = [
            Swatch {
                label: "出勤".into(),
                shade: Shade::Fill(BLUE),
            },
            Swatch {
                label: "请假".into(),
                shade: Shade::Fill(AMBER),
            },
            Swatch {
                label: "旷训".into(),
                shade: Shade::Fill(DARK_RED),
            },
        ];
        let cols = vec![
            Column {
                label: "11".into(),
                sub: Some("2026".into()),
                values: vec![3, 1, 0],
            },
            Column {
                label: "12".into(),
                sub: None,
                values: vec![0, 0, 2],
            },
        ];
        let svg = columns(&caption(), &series, &cols, "次");
        // one legend swatch per series, plus the parts
        assert_eq!(rects(&svg, BLUE), 1 + 1);
        assert_eq!(rects(&svg, AMBER), 1 + 1);
        assert_eq!(rects(&svg, DARK_RED), 1 + 1);
        assert!(has_text(&svg, "2026") && has_text(&svg, "出勤"));
    }

    #[test]
    fn a_histogram_draws_every_bin_with_its_count() {
        let series = [Swatch {
            label: "次数".into(),
            shade: Shade::Fill(BLUE),
        }];
        let bins: Vec<Column> = (0..10)
            .map(|i| Column {
                label: format!("b{i}"),
                sub: None,
                values: vec![if i == 9 { 5 } else { i % 2 }],
            })
            .collect();
        let svg = columns(&caption(), &series, &bins, "次");
        assert_eq!(rects(&svg, BLUE), 5, "the non-zero bins, no legend");
        assert_eq!(
            count(&svg, "\n0\n</text>"),
            5 + 1,
            "zero bins say 0 (and the axis)"
        );
        assert!(has_text(&svg, "5"));
    }

    #[test]
    fn a_line_breaks_at_unknown_values_and_dots_the_known_ones() {
        let points: Vec<Point> = [Some(50.0), Some(75.0), None, Some(100.0), Some(90.0)]
            .into_iter()
            .enumerate()
            .map(|(i, value)| Point {
                label: format!("{:02}", i + 1),
                sub: None,
                value,
            })
            .collect();
        let svg = line(&caption(), &points, 100.0, "%");
        assert_eq!(count(&svg, "<circle"), 4);
        assert_eq!(
            count(
                &svg,
                &format!(
                    "<polyline fill=\"none\" opacity=\"1\" stroke=\"{}\"",
                    hex(BLUE)
                )
            ),
            2
        );
    }

    #[test]
    fn a_heatmap_draws_rows_times_columns_cells_and_the_legend() {
        let legend_items = vec![
            Swatch {
                label: "直办".into(),
                shade: Shade::Fill(TEAL),
            },
            Swatch {
                label: "部分".into(),
                shade: Shade::Split(AMBER, TEAL),
            },
            Swatch {
                label: "代办".into(),
                shade: Shade::Fill(AMBER),
            },
            Swatch {
                label: "不受理".into(),
                shade: Shade::Outline(GREY),
            },
        ];
        let rows: Vec<String> = (0..3).map(|i| format!("镇{i}")).collect();
        let cols: Vec<String> = (1..=5).map(|i| i.to_string()).collect();
        let cells: Vec<Vec<usize>> = (0..3)
            .map(|i| (0..5).map(|j| (i + j) % 4).collect())
            .collect();
        let svg = heatmap(&caption(), &rows, &cols, &cells, &legend_items);
        assert_eq!(count(&svg, "<rect"), 3 * 5 + 4);
        let split = cells.iter().flatten().filter(|c| **c == 1).count();
        assert_eq!(count(&svg, "<polygon"), split + 1);
        assert!(has_text(&svg, "镇2") && has_text(&svg, "不受理"));
    }

    #[test]
    fn months_run_back_across_the_new_year() {
        let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
        let months = last_months(d(2026, 2, 17), 12);
        assert_eq!(months.len(), 12);
        assert_eq!(months[0], d(2025, 3, 1));
        assert_eq!(months[11], d(2026, 2, 1));
        let labels = month_labels(&months);
        assert_eq!(labels[0], ("03".to_string(), Some("2025".to_string())));
        assert_eq!(labels[1], ("04".to_string(), None));
        assert_eq!(labels[10], ("01".to_string(), Some("2026".to_string())));
    }
}
