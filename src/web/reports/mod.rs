//! The stability report (队伍稳定报表) of a period, with the people behind every number and
//! CSV/Excel downloads, and the monthly supervision bulletin (月度督查通报), printable and
//! as an Excel workbook. For the organization department and the task force.
//!
//! This module holds what both use: today's date, the typed cells of a download and the
//! CSV/Excel writing. The stability report's handlers are in `stability.rs`, the
//! bulletin's in `bulletin.rs`.

mod bulletin;
mod stability;

pub use bulletin::{bulletin_page, bulletin_xlsx, MonthQuery};
pub use stability::{
    stability_csv, stability_page, stability_people, stability_xlsx, PeopleQuery, PeriodQuery,
};

use actix_web::http::header;
use actix_web::HttpResponse;
use chrono::NaiveDate;
use rust_xlsxwriter::{Format, Worksheet, XlsxError};

use crate::domain::cst;
use crate::error::AppError;
use crate::web::course_view::{number_text, percent_text};
use crate::web::i18n::t_in;
use crate::web::state::AppState;

fn today(state: &AppState) -> NaiveDate {
    cst::date_of(state.clock.now_naive())
}

fn percent(share: Option<f64>) -> String {
    share.map(percent_text).unwrap_or_else(|| "—".into())
}

/// A value of a download, typed so Excel gets numbers and percentages.
#[derive(Debug, Clone)]
enum Cell {
    Text(String),
    Int(i64),
    /// A share (0.25 = 25%); empty when there is nothing to divide by.
    Share(Option<f64>),
    Decimal(Option<f64>),
}

impl Cell {
    fn csv_text(&self) -> String {
        match self {
            Cell::Text(s) => s.clone(),
            Cell::Int(n) => n.to_string(),
            Cell::Share(v) => v.map(|x| percent_text(x * 100.0)).unwrap_or_default(),
            Cell::Decimal(v) => v.map(number_text).unwrap_or_default(),
        }
    }
}

fn internal(e: impl std::fmt::Display) -> AppError {
    AppError::Internal(anyhow::anyhow!("report file: {e}"))
}

fn attachment(content_type: &str, name: &str, body: Vec<u8>) -> HttpResponse {
    HttpResponse::Ok()
        .content_type(content_type)
        .insert_header((
            header::CONTENT_DISPOSITION,
            format!("attachment; filename=\"{name}\""),
        ))
        .body(body)
}

const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/// Writes one sheet: a bold header row, frozen, then the lines, with column widths.
fn write_sheet(
    sheet: &mut Worksheet,
    name: &str,
    headers: &[String],
    lines: &[Vec<Cell>],
    widths: &[f64],
) -> Result<(), XlsxError> {
    let head = Format::new()
        .set_bold()
        .set_background_color("#F2F2F2")
        .set_text_wrap();
    let pct = Format::new().set_num_format("0.0%");
    let dec = Format::new().set_num_format("0.0");
    sheet.set_name(name)?;
    for (col, h) in headers.iter().enumerate() {
        sheet.write_string_with_format(0, col as u16, h, &head)?;
        let width = widths.get(col).copied().unwrap_or(12.0);
        sheet.set_column_width(col as u16, width)?;
    }
    sheet.set_freeze_panes(1, 0)?;
    for (i, line) in lines.iter().enumerate() {
        let row = i as u32 + 1;
        for (col, c) in line.iter().enumerate() {
            let col = col as u16;
            match c {
                Cell::Text(s) => {
                    sheet.write_string(row, col, s)?;
                }
                Cell::Int(n) => {
                    sheet.write_number(row, col, *n as f64)?;
                }
                Cell::Share(Some(v)) => {
                    sheet.write_number_with_format(row, col, *v, &pct)?;
                }
                Cell::Decimal(Some(v)) => {
                    sheet.write_number_with_format(row, col, *v, &dec)?;
                }
                Cell::Share(None) | Cell::Decimal(None) => {}
            }
        }
    }
    Ok(())
}

/// A sheet of "what is counted how", so a downloaded file explains itself.
fn notes_sheet(
    sheet: &mut Worksheet,
    name: &str,
    notes: &[String],
    lang: &str,
) -> Result<(), XlsxError> {
    let lines: Vec<Vec<Cell>> = notes.iter().map(|n| vec![Cell::Text(n.clone())]).collect();
    write_sheet(sheet, name, &[t_in(lang, "rep-notes")], &lines, &[110.0])
}
