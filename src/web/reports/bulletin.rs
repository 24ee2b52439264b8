//! The monthly bulletin's pages and download: the printable bulletin of a month against
//! the month before, and the same as an Excel workbook, one sheet per section.

use actix_web::{get, web, HttpRequest, HttpResponse};
use chrono::NaiveDate;
use rust_xlsxwriter::{Workbook, XlsxError};
use serde::Deserialize;
use serde_json::{json, Value};

use super::{attachment, internal, percent, today, write_sheet, Cell, XLSX};
use crate::domain::cst;
use crate::domain::staffing::{month_bounds, reference_day};
use crate::error::{AppError, AppResult};
use crate::i18n::Msg;
use crate::policy::{self, Action};
use crate::store::supervision::{self, Month, TownChanges};
use crate::web::i18n::t_in;
use crate::web::render::page;
use crate::web::session::CurrentUser;
use crate::web::state::AppState;

#[derive(Deserialize)]
pub struct MonthQuery {
    #[serde(default)]
    month: String,
}

/// The month asked for (default: the current one), its reference day and the month
/// before, with its own reference day (its last day).
fn months(
    month: &str,
    today: NaiveDate,
) -> AppResult<(NaiveDate, NaiveDate, NaiveDate, NaiveDate)> {
    let month = if month.trim().is_empty() {
        today.format("%Y-%m").to_string()
    } else {
        month.trim().to_string()
    };
    let (first, last) = month_bounds(&month).map_err(AppError::bad)?;
    let day = reference_day(first, last, today).map_err(AppError::bad)?;
    let no_previous = || AppError::bad(Msg::key("bull-no-previous-month").arg("month", &month));
    let prev_first = first
        .checked_sub_months(chrono::Months::new(1))
        .ok_or_else(no_previous)?;
    let prev_day = first.pred_opt().ok_or_else(no_previous)?;
    Ok((first, day, prev_first, prev_day))
}

async fn bulletin_data(
    state: &AppState,
    month: &str,
) -> AppResult<(Month, Month, Vec<TownChanges>)> {
    let now = state.clock.now_naive();
    let today = cst::date_of(now);
    let (first, day, prev_first, prev_day) = months(month, today)?;
    let rules = state.settings.training_rules();
    state
        .db(move |conn| {
            let current = supervision::month(conn, &rules, first, day, now, today)?;
            let previous = supervision::month(conn, &rules, prev_first, prev_day, now, today)?;
            let changes = supervision::changes(&current, &previous);
            Ok((current, previous, changes))
        })
        .await
}

fn month_label(first: NaiveDate, lang: &str) -> String {
    use chrono::Datelike;
    Msg::key("bull-month-name")
        .arg("year", first.year().to_string())
        .arg("month", first.month())
        .in_lang(lang)
}

fn change_json(c: &crate::domain::staffing::Change, lang: &str) -> Value {
    let class = match c.better {
        Some(true) => "better",
        Some(false) => "worse",
        None => "same",
    };
    json!({ "current": c.current, "previous": c.previous, "text": c.text.in_lang(lang), "class": class })
}

fn town_month_json(t: &supervision::TownMonth, lang: &str) -> Value {
    let short: Vec<String> = t
        .centers
        .iter()
        .filter(|c| !c.staffing.compliant)
        .map(|c| {
            Msg::key("bull-short-center")
                .arg("name", &c.name)
                .arg("window", c.staffing.window)
                .arg("required", c.staffing.required)
                .in_lang(lang)
        })
        .collect();
    let mut v = json!(t);
    v["completion_text"] = json!(percent(t.completion));
    v["coverage_text"] = json!(percent(t.coverage));
    v["short"] = json!(short);
    v
}

#[get("/reports/bulletin")]
pub async fn bulletin_page(
    req: HttpRequest,
    state: web::Data<AppState>,
    user: CurrentUser,
    q: web::Query<MonthQuery>,
) -> AppResult<HttpResponse> {
    policy::authorize(&user.actor, Action::ViewSupervision)?;
    let (current, previous, changes) = bulletin_data(&state, &q.month).await?;
    let lang = user.lang;
    let towns: Vec<Value> = current
        .towns
        .iter()
        .map(|t| town_month_json(t, lang))
        .collect();
    let changes: Vec<Value> = changes
        .iter()
        .map(|c| {
            json!({
                // the city's line has no code
                "name": if c.code.is_empty() { t_in(lang, "rep-total") } else { c.name.clone() },
                "window": change_json(&c.window, lang),
                "direct": change_json(&c.direct, lang),
                "covered": change_json(&c.covered, lang),
                "issued": change_json(&c.issued, lang),
                "absences": change_json(&c.absences, lang),
            })
        })
        .collect();
    let compliant_towns = current
        .towns
        .iter()
        .filter(|t| t.staffing.compliant)
        .count();
    let selecting_towns = current
        .towns
        .iter()
        .filter(|t| t.selection_compliant)
        .count();
    let this_month = today(&state).format("%Y-%m").to_string();
    let next = current
        .first
        .checked_add_months(chrono::Months::new(1))
        .map(|d| d.format("%Y-%m").to_string())
        .filter(|m| *m <= this_month);
    page(
        &req,
        &state,
        "pages/reports/bulletin",
        json!({
            "month": current.month,
            "label": month_label(current.first, lang),
            "day": current.day.to_string(),
            "previous": previous.month,
            "previous_label": month_label(previous.first, lang),
            "previous_day": previous.day.to_string(),
            "next": next,
            "minimums": current.minimums,
            "towns": towns,
            "total": town_month_json(&current.total, lang),
            "town_count": current.towns.len(),
            "compliant_towns": compliant_towns,
            "selecting_towns": selecting_towns,
            "changes": changes,
        }),
    )
}

fn yes_no(b: bool, lang: &str) -> Cell {
    Cell::Text(t_in(lang, if b { "rep-yes" } else { "rep-no" }))
}

fn share_of(p: Option<f64>) -> Cell {
    Cell::Share(p.map(|x| x / 100.0))
}

/// The bulletin as a workbook in the reader's language: one sheet per section.
fn bulletin_book(
    now: &Month,
    before: &Month,
    changes: &[TownChanges],
    lang: &str,
) -> Result<Vec<u8>, XlsxError> {
    let t = |key: &str| t_in(lang, key);
    let yes_no = |b: bool| yes_no(b, lang);
    let n = |v: u32| Cell::Int(i64::from(v));
    let text = |s: &str| Cell::Text(s.to_string());
    // the city's line has no code
    let name_of = |code: &str, name: &str| {
        if code.is_empty() {
            Cell::Text(t("rep-total"))
        } else {
            text(name)
        }
    };
    let heads = |keys: &[&str]| keys.iter().map(|k| t(k)).collect::<Vec<String>>();
    let with_total = || now.towns.iter().chain(std::iter::once(&now.total));
    let mut book = Workbook::new();

    // 人员配备: every center, then the town's total
    let mut lines = Vec::new();
    for town in &now.towns {
        for c in &town.centers {
            let level = if c.level == "town" {
                "stab-level-town"
            } else {
                "stab-level-zone"
            };
            lines.push(vec![
                text(&town.name),
                text(&c.name),
                Cell::Text(t(level)),
                n(c.staffing.window),
                n(c.staffing.required),
                yes_no(c.staffing.compliant),
                n(c.staffing.shortfall),
            ]);
        }
        lines.push(vec![
            text(&town.name),
            Cell::Text(t("stab-file-town-total")),
            Cell::Text(t("stab-level-town-total")),
            n(town.staffing.window),
            n(town.staffing.required),
            yes_no(town.staffing.compliant),
            n(town.centers.iter().map(|c| c.staffing.shortfall).sum()),
        ]);
    }
    write_sheet(
        book.add_worksheet(),
        &t("bull-sheet-staffing"),
        &heads(&[
            "stab-file-town",
            "stab-file-center",
            "stab-file-level",
            "stab-file-window",
            "stab-file-required",
            "stab-file-compliant",
            "bull-col-shortfall",
        ]),
        &lines,
        &[12.0, 44.0, 10.0, 10.0, 10.0, 10.0, 8.0],
    )?;

    // 培训与认证
    let lines: Vec<Vec<Cell>> = with_total()
        .map(|t| {
            vec![
                name_of(&t.code, &t.name),
                n(t.required_enrolments),
                n(t.attended),
                share_of(t.completion),
                n(t.covered),
                n(t.common),
                share_of(t.coverage),
                n(t.issued),
            ]
        })
        .collect();
    write_sheet(
        book.add_worksheet(),
        &t("bull-sheet-training"),
        &heads(&[
            "stab-file-town",
            "bull-col-enrolments",
            "bull-col-attended",
            "bull-col-completion",
            "bull-col-covered",
            "bull-col-common",
            "bull-col-coverage",
            "bull-col-issued",
        ]),
        &lines,
        &[12.0, 14.0, 12.0, 12.0, 16.0, 14.0, 12.0, 12.0],
    )?;

    // 直办代办
    let lines: Vec<Vec<Cell>> = with_total()
        .map(|t| {
            vec![
                name_of(&t.code, &t.name),
                n(t.town_direct),
                n(t.town_proxy),
                n(t.zone_direct),
                n(t.zone_proxy),
                n(t.direct),
            ]
        })
        .collect();
    write_sheet(
        book.add_worksheet(),
        &t("bull-sheet-handling"),
        &heads(&[
            "stab-file-town",
            "bull-col-town-direct",
            "bull-col-town-proxy",
            "bull-col-zone-direct",
            "bull-col-zone-proxy",
            "bull-col-direct",
        ]),
        &lines,
        &[12.0, 14.0, 14.0, 16.0, 16.0, 12.0],
    )?;

    // 事项下沉
    let lines: Vec<Vec<Cell>> = now
        .towns
        .iter()
        .map(|t| {
            vec![
                name_of(&t.code, &t.name),
                n(t.zones),
                n(t.selected),
                n(t.selection_required),
                yes_no(t.selection_compliant),
            ]
        })
        .collect();
    write_sheet(
        book.add_worksheet(),
        &t("bull-sheet-selection"),
        &heads(&[
            "stab-file-town",
            "bull-col-zones",
            "bull-col-selected",
            "bull-col-selection-required",
            "stab-file-compliant",
        ]),
        &lines,
        &[12.0, 12.0, 14.0, 12.0, 10.0],
    )?;

    // 请销假纪律
    let lines: Vec<Vec<Cell>> = with_total()
        .map(|t| {
            vec![
                name_of(&t.code, &t.name),
                n(t.leaves_asked),
                n(t.leaves_approved),
                n(t.leaves_rejected),
                n(t.overdue),
                n(t.absences),
            ]
        })
        .collect();
    write_sheet(
        book.add_worksheet(),
        &t("bull-sheet-leave"),
        &heads(&[
            "stab-file-town",
            "bull-col-leaves",
            "bull-col-leaves-approved",
            "bull-col-leaves-rejected",
            "stab-col-overdue",
            "stab-col-absences",
        ]),
        &lines,
        &[12.0, 10.0, 10.0, 10.0, 10.0, 10.0],
    )?;

    // 环比
    let mut headers = vec![t("stab-file-town")];
    for key in [
        "bull-mom-window",
        "bull-mom-direct",
        "bull-mom-covered",
        "bull-mom-issued",
        "bull-mom-absences",
    ] {
        for (head, m) in [
            ("bull-mom-head-now", &now.month),
            ("bull-mom-head-before", &before.month),
        ] {
            headers.push(
                Msg::key(head)
                    .arg_msg("figure", Msg::key(key))
                    .arg("month", m)
                    .in_lang(lang),
            );
        }
        headers.push(
            Msg::key("bull-mom-head-delta")
                .arg_msg("figure", Msg::key(key))
                .in_lang(lang),
        );
    }
    let lines: Vec<Vec<Cell>> = changes
        .iter()
        .map(|c| {
            let mut line = vec![name_of(&c.code, &c.name)];
            for ch in [&c.window, &c.direct, &c.covered, &c.issued, &c.absences] {
                line.extend([
                    Cell::Int(ch.current),
                    Cell::Int(ch.previous),
                    Cell::Int(ch.delta),
                ]);
            }
            line
        })
        .collect();
    let mut widths = vec![12.0];
    widths.extend([14.0; 15]);
    write_sheet(
        book.add_worksheet(),
        &t("bull-sheet-mom"),
        &headers,
        &lines,
        &widths,
    )?;

    book.save_to_buffer()
}

#[get("/reports/bulletin.xlsx")]
pub async fn bulletin_xlsx(
    state: web::Data<AppState>,
    user: CurrentUser,
    q: web::Query<MonthQuery>,
) -> AppResult<HttpResponse> {
    policy::authorize(&user.actor, Action::ViewSupervision)?;
    let (current, previous, changes) = bulletin_data(&state, &q.month).await?;
    let body = bulletin_book(&current, &previous, &changes, user.lang).map_err(internal)?;
    Ok(attachment(
        XLSX,
        &format!("bulletin-{}.xlsx", current.month),
        body,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn months_from_the_query() {
        let today = d("2026-11-25");
        assert_eq!(
            months("", today).unwrap(),
            (d("2026-11-01"), today, d("2026-10-01"), d("2026-10-31"))
        );
        assert!(months("2026-12", today).is_err());
        assert!(months("11/2026", today).is_err());
    }
}
