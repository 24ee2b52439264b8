//! The stability report (队伍稳定报表) of a period, with the people behind every number and
//! CSV/Excel downloads, and the monthly supervision bulletin (月度督查通报), printable and
//! as an Excel workbook. For the organization department and the task force.

use actix_web::http::header;
use actix_web::{get, web, HttpRequest, HttpResponse};
use chrono::NaiveDate;
use rust_xlsxwriter::{Format, Workbook, Worksheet, XlsxError};
use serde::Deserialize;
use serde_json::{json, Value};

use crate::domain::cst;
use crate::domain::pagination::{page_info, PageRequest};
use crate::domain::staffing::{
    check_period, check_report_day, default_period, month_bounds, reference_day,
};
use crate::error::{AppError, AppResult};
use crate::policy::{self, Action};
use crate::store::supervision::{self, Figures, Metric, Month, Scope, StabilityRow, TownChanges};
use crate::web::course_view::{number_text, percent_text};
use crate::web::i18n::t;
use crate::web::render::page;
use crate::web::session::CurrentUser;
use crate::web::state::AppState;

#[derive(Deserialize)]
pub struct PeriodQuery {
    #[serde(default)]
    from: String,
    #[serde(default)]
    to: String,
}

/// The period asked for: both ends default to the current month up to today.
fn period(from: &str, to: &str, today: NaiveDate) -> AppResult<(NaiveDate, NaiveDate)> {
    let (default_from, default_to) = default_period(today);
    let parse = |what: &str, v: &str, default: NaiveDate| {
        if v.trim().is_empty() {
            Ok(default)
        } else {
            cst::parse_date(v)
                .and_then(check_report_day)
                .map_err(|e| AppError::BadRequest(format!("{what}：{e}")))
        }
    };
    let from = parse("开始日期", from, default_from)?;
    let to = parse("结束日期", to, default_to)?;
    check_period(from, to).map_err(AppError::BadRequest)?;
    Ok((from, to))
}

fn today(state: &AppState) -> NaiveDate {
    cst::date_of(state.clock.now_naive())
}

fn query_string(pairs: &[(&str, &str)]) -> String {
    serde_urlencoded::to_string(pairs).unwrap_or_default()
}

fn percent(share: Option<f64>) -> String {
    share.map(percent_text).unwrap_or_else(|| "—".into())
}

/// The cells of a row after the place, in the columns' order: the text, the metric the
/// number drills down to, and whether it calls for attention.
fn cells(f: &Figures) -> [(String, Metric, bool); 12] {
    let n = |v: u32| v.to_string();
    [
        (
            format!("{}/{}", f.window, f.required),
            Metric::Headcount,
            !f.compliant,
        ),
        (n(f.serving), Metric::Serving, false),
        (n(f.requested), Metric::Requested, false),
        (n(f.approved), Metric::Approved, false),
        (n(f.rejected), Metric::Rejected, false),
        (n(f.departures), Metric::Departures, false),
        (
            percent(f.turnover.map(|x| x * 100.0)),
            Metric::Departures,
            false,
        ),
        (
            f.average_tenure
                .map(number_text)
                .unwrap_or_else(|| "—".into()),
            Metric::Tenure,
            false,
        ),
        (n(f.new), Metric::New, false),
        (n(f.absences), Metric::Absences, f.absences > 0),
        (n(f.overdue), Metric::Overdue, f.overdue > 0),
        (n(f.pending), Metric::Pending, false),
    ]
}

fn row_json(r: &StabilityRow, from: NaiveDate, to: NaiveDate) -> Value {
    let (from, to) = (from.to_string(), to.to_string());
    let (scope, code) = match (r.is_city, r.is_town) {
        (true, _) => ("city", "all"),
        (_, true) => ("town", r.code.as_str()),
        _ => ("center", r.code.as_str()),
    };
    let cells: Vec<Value> = cells(&r.figures)
        .into_iter()
        .map(|(text, metric, warn)| {
            let q = query_string(&[
                ("from", &from),
                ("to", &to),
                (scope, code),
                ("metric", metric.as_str()),
            ]);
            json!({ "text": text, "href": format!("/reports/stability/people?{q}"), "warn": warn })
        })
        .collect();
    json!({
        "is_town": r.is_town,
        "is_city": r.is_city,
        "zone": r.level == "zone",
        "name": r.name,
        "shortfall": r.figures.shortfall,
        "cells": cells,
    })
}

async fn stability_rows(
    state: &AppState,
    from: NaiveDate,
    to: NaiveDate,
) -> AppResult<Vec<StabilityRow>> {
    let rules = state.settings.training_rules();
    let today = today(state);
    state
        .db(move |conn| Ok(supervision::stability(conn, &rules, from, to, today)?.rows()))
        .await
}

#[get("/reports/stability")]
pub async fn stability_page(
    req: HttpRequest,
    state: web::Data<AppState>,
    user: CurrentUser,
    q: web::Query<PeriodQuery>,
) -> AppResult<HttpResponse> {
    policy::authorize(&user.actor, Action::ViewSupervision)?;
    let (from, to) = period(&q.from, &q.to, today(&state))?;
    let rows = stability_rows(&state, from, to).await?;
    let rows: Vec<Value> = rows.iter().map(|r| row_json(r, from, to)).collect();
    let (from, to) = (from.to_string(), to.to_string());
    page(
        &req,
        &state,
        "pages/reports/stability",
        json!({
            "from": from,
            "to": to,
            "query": query_string(&[("from", &from), ("to", &to)]),
            "rows": rows,
        }),
    )
}

/// Header and lines of the downloads: one line per town (its totals) and per center.
fn stability_table(rows: &[StabilityRow]) -> (Vec<String>, Vec<Vec<Cell>>) {
    let headers = [
        "stab-file-town",
        "stab-file-center",
        "stab-file-level",
        "stab-file-window",
        "stab-file-required",
        "stab-file-compliant",
        "stab-file-serving",
        "stab-file-serving-start",
        "stab-col-requested",
        "stab-col-approved",
        "stab-col-rejected",
        "stab-col-departures",
        "stab-col-turnover",
        "stab-col-tenure",
        "stab-col-new",
        "stab-col-absences",
        "stab-col-overdue",
        "stab-col-pending",
    ]
    .map(t)
    .to_vec();
    let lines = rows
        .iter()
        .map(|r| {
            let f = &r.figures;
            let n = |v: u32| Cell::Int(i64::from(v));
            vec![
                Cell::Text(r.town.clone()),
                Cell::Text(if r.is_city {
                    t("stab-file-city-total")
                } else if r.is_town {
                    t("stab-file-town-total")
                } else {
                    r.name.clone()
                }),
                Cell::Text(match (r.is_town || r.is_city, r.level.as_str()) {
                    (true, _) => t("stab-level-town-total"),
                    (false, "town") => t("stab-level-town"),
                    _ => t("stab-level-zone"),
                }),
                n(f.window),
                n(f.required),
                Cell::Text(t(if f.compliant { "rep-yes" } else { "rep-no" })),
                n(f.serving),
                n(f.serving_at_start),
                n(f.requested),
                n(f.approved),
                n(f.rejected),
                n(f.departures),
                Cell::Share(f.turnover),
                Cell::Decimal(f.average_tenure),
                n(f.new),
                n(f.absences),
                n(f.overdue),
                n(f.pending),
            ]
        })
        .collect();
    (headers, lines)
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

#[get("/reports/stability.csv")]
pub async fn stability_csv(
    state: web::Data<AppState>,
    user: CurrentUser,
    q: web::Query<PeriodQuery>,
) -> AppResult<HttpResponse> {
    policy::authorize(&user.actor, Action::ViewSupervision)?;
    let (from, to) = period(&q.from, &q.to, today(&state))?;
    let rows = stability_rows(&state, from, to).await?;
    let (headers, lines) = stability_table(&rows);
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(&headers).map_err(internal)?;
    for line in &lines {
        w.write_record(line.iter().map(Cell::csv_text))
            .map_err(internal)?;
    }
    // a byte-order mark, so Excel reads the Chinese as UTF-8
    let mut body = vec![0xEF, 0xBB, 0xBF];
    body.extend(w.into_inner().map_err(internal)?);
    Ok(attachment(
        "text/csv; charset=utf-8",
        &format!("stability-{from}-{to}.csv"),
        body,
    ))
}

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
fn notes_sheet(sheet: &mut Worksheet, name: &str, notes: &[String]) -> Result<(), XlsxError> {
    let lines: Vec<Vec<Cell>> = notes.iter().map(|n| vec![Cell::Text(n.clone())]).collect();
    write_sheet(sheet, name, &[t("rep-notes")], &lines, &[110.0])
}

#[get("/reports/stability.xlsx")]
pub async fn stability_xlsx(
    state: web::Data<AppState>,
    user: CurrentUser,
    q: web::Query<PeriodQuery>,
) -> AppResult<HttpResponse> {
    policy::authorize(&user.actor, Action::ViewSupervision)?;
    let (from, to) = period(&q.from, &q.to, today(&state))?;
    let rows = stability_rows(&state, from, to).await?;
    let (headers, lines) = stability_table(&rows);
    let mut book = Workbook::new();
    let widths = [
        12.0, 40.0, 10.0, 9.0, 9.0, 9.0, 9.0, 9.0, 9.0, 9.0, 9.0, 9.0, 9.0, 11.0, 11.0, 9.0, 9.0,
        9.0,
    ];
    write_sheet(
        book.add_worksheet(),
        &t("stab-sheet"),
        &headers,
        &lines,
        &widths,
    )
    .map_err(internal)?;
    let notes = vec![
        format!("{}：{from} 至 {to}", t("rep-period")),
        t("stab-def-window"),
        t("stab-def-transfers"),
        t("stab-def-departures"),
        t("stab-def-tenure"),
        t("stab-def-absences"),
    ];
    notes_sheet(book.add_worksheet(), &t("rep-notes"), &notes).map_err(internal)?;
    let body = book.save_to_buffer().map_err(internal)?;
    Ok(attachment(
        XLSX,
        &format!("stability-{from}-{to}.xlsx"),
        body,
    ))
}

#[derive(Deserialize)]
pub struct PeopleQuery {
    #[serde(default)]
    from: String,
    #[serde(default)]
    to: String,
    #[serde(default)]
    center: String,
    #[serde(default)]
    town: String,
    /// Any value: the whole city.
    #[serde(default)]
    city: String,
    #[serde(default)]
    metric: String,
    page: Option<i64>,
}

#[get("/reports/stability/people")]
pub async fn stability_people(
    req: HttpRequest,
    state: web::Data<AppState>,
    user: CurrentUser,
    q: web::Query<PeopleQuery>,
) -> AppResult<HttpResponse> {
    policy::authorize(&user.actor, Action::ViewSupervision)?;
    let (from, to) = period(&q.from, &q.to, today(&state))?;
    let metric = Metric::parse(q.metric.trim()).ok_or_else(|| {
        AppError::bad(format!(
            "统计项“{}”无法识别，请从队伍稳定报表中点击数字进入",
            q.metric.trim()
        ))
    })?;
    let center = Some(q.center.trim()).filter(|c| !c.is_empty());
    let town = Some(q.town.trim()).filter(|c| !c.is_empty());
    let city = !q.city.trim().is_empty();
    if center.is_none() && town.is_none() && !city {
        return Err(AppError::bad(
            "请指定党群服务中心（center）或镇（街道）（town），请从队伍稳定报表中点击数字进入",
        ));
    }
    let (center, town) = (center.map(String::from), town.map(String::from));
    let rules = state.settings.training_rules();
    let today = today(&state);
    let req_page = PageRequest::new(q.page, PageRequest::DEFAULT_SIZE);
    let data = state
        .db(move |conn| {
            let found = if center.is_none() && town.is_none() {
                Some((Scope::City, t("rep-total")))
            } else {
                supervision::scope_by_code(conn, center.as_deref(), town.as_deref())?
            };
            let Some((scope, place)) = found else {
                let code = center.or(town).unwrap_or_default();
                return Err(AppError::bad(format!(
                    "没有编码为“{code}”的党群服务中心或镇（街道），请从队伍稳定报表中点击数字进入"
                )));
            };
            let report = supervision::stability(conn, &rules, from, to, today)?;
            let facts = report.people(scope, metric);
            let info = page_info(req_page, facts.len() as i64);
            let start = ((info.number - 1) * req_page.size) as usize;
            let shown: Vec<_> = facts
                .into_iter()
                .skip(start)
                .take(req_page.size as usize)
                .collect();
            let ids: Vec<i32> = shown.iter().map(|f| f.user_id).collect();
            let names = supervision::user_names(conn, &ids)?;
            let center_names: std::collections::HashMap<i32, String> = report
                .centers
                .iter()
                .map(|c| (c.id, c.name.clone()))
                .collect();
            let people: Vec<Value> = shown
                .iter()
                .map(|f| {
                    let (name, username) = names.get(&f.user_id).cloned().unwrap_or_default();
                    json!({
                        "name": name,
                        "username": username,
                        "center": center_names.get(&f.center_id).cloned().unwrap_or_default(),
                        "on": f.on.map(|d| d.to_string()).unwrap_or_default(),
                        "detail": f.detail,
                    })
                })
                .collect();
            Ok(json!({ "place": place, "people": people, "pager": info }))
        })
        .await?;
    let mut data = data;
    let (from, to) = (from.to_string(), to.to_string());
    let mut keep: Vec<(&str, &str)> = vec![("from", &from), ("to", &to)];
    if !q.center.trim().is_empty() {
        keep.push(("center", q.center.trim()));
    } else if !q.town.trim().is_empty() {
        keep.push(("town", q.town.trim()));
    } else {
        keep.push(("city", "all"));
    }
    keep.push(("metric", metric.as_str()));
    data["extra"] = json!(format!("&{}", query_string(&keep)));
    data["back"] = json!(query_string(&[("from", &from), ("to", &to)]));
    data["metric"] = json!(metric.label());
    data["from"] = json!(from);
    data["to"] = json!(to);
    page(&req, &state, "pages/reports/people", data)
}

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
    let (first, last) = month_bounds(&month).map_err(AppError::BadRequest)?;
    let day = reference_day(first, last, today).map_err(AppError::BadRequest)?;
    let prev_first = first
        .checked_sub_months(chrono::Months::new(1))
        .ok_or_else(|| AppError::bad(format!("{month} 没有上一个月可比较，请选择其他月份")))?;
    let prev_day = first
        .pred_opt()
        .ok_or_else(|| AppError::bad(format!("{month} 没有上一个月可比较，请选择其他月份")))?;
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

fn month_label(first: NaiveDate) -> String {
    first.format("%Y年%-m月").to_string()
}

fn change_json(c: &crate::domain::staffing::Change) -> Value {
    let class = match c.better {
        Some(true) => "better",
        Some(false) => "worse",
        None => "same",
    };
    json!({ "current": c.current, "previous": c.previous, "text": c.text, "class": class })
}

fn town_month_json(t: &supervision::TownMonth) -> Value {
    let short: Vec<String> = t
        .centers
        .iter()
        .filter(|c| !c.staffing.compliant)
        .map(|c| {
            format!(
                "{}（{}/{}）",
                c.name, c.staffing.window, c.staffing.required
            )
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
    let towns: Vec<Value> = current.towns.iter().map(town_month_json).collect();
    let changes: Vec<Value> = changes
        .iter()
        .map(|c| {
            json!({
                "name": c.name,
                "window": change_json(&c.window),
                "direct": change_json(&c.direct),
                "covered": change_json(&c.covered),
                "issued": change_json(&c.issued),
                "absences": change_json(&c.absences),
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
            "label": month_label(current.first),
            "day": current.day.to_string(),
            "previous": previous.month,
            "previous_label": month_label(previous.first),
            "previous_day": previous.day.to_string(),
            "next": next,
            "minimums": current.minimums,
            "towns": towns,
            "total": town_month_json(&current.total),
            "town_count": current.towns.len(),
            "compliant_towns": compliant_towns,
            "selecting_towns": selecting_towns,
            "changes": changes,
        }),
    )
}

fn yes_no(b: bool) -> Cell {
    Cell::Text(t(if b { "rep-yes" } else { "rep-no" }))
}

fn share_of(p: Option<f64>) -> Cell {
    Cell::Share(p.map(|x| x / 100.0))
}

/// The bulletin as a workbook: one sheet per section.
fn bulletin_book(
    now: &Month,
    before: &Month,
    changes: &[TownChanges],
) -> Result<Vec<u8>, XlsxError> {
    let n = |v: u32| Cell::Int(i64::from(v));
    let text = |s: &str| Cell::Text(s.to_string());
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
                text(&t.name),
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
                text(&t.name),
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
                text(&t.name),
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
                text(&t.name),
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
        for (suffix, m) in [("本月", &now.month), ("上月", &before.month)] {
            headers.push(format!("{}（{suffix} {m}）", t(key)));
        }
        headers.push(format!("{}（增减）", t(key)));
    }
    let lines: Vec<Vec<Cell>> = changes
        .iter()
        .map(|c| {
            let mut line = vec![text(&c.name)];
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
    let body = bulletin_book(&current, &previous, &changes).map_err(internal)?;
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
    fn periods_and_months_from_the_query() {
        let today = d("2026-11-25");
        assert_eq!(period("", "", today).unwrap(), (d("2026-11-01"), today));
        assert_eq!(
            period("2026-10-01", "2026-10-31", today).unwrap(),
            (d("2026-10-01"), d("2026-10-31"))
        );
        for (from, to) in [
            ("2026-13-01", ""),
            ("", "yesterday"),
            ("2026-11-20", "2026-11-01"),
        ] {
            let e = period(from, to, today).unwrap_err().user_message();
            assert!(!e.is_empty() && !e.is_ascii(), "{from} {to}: {e}");
        }
        assert_eq!(
            months("", today).unwrap(),
            (d("2026-11-01"), today, d("2026-10-01"), d("2026-10-31"))
        );
        assert!(months("2026-12", today).is_err());
        assert!(months("11/2026", today).is_err());
    }
}
