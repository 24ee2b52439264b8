//! The stability report's pages and downloads: the report of a period, the people behind
//! each of its numbers, and the report as CSV and as an Excel workbook.

use actix_web::{get, web, HttpRequest, HttpResponse};
use chrono::NaiveDate;
use rust_xlsxwriter::Workbook;
use serde::Deserialize;
use serde_json::{json, Value};

use super::{attachment, internal, notes_sheet, percent, today, write_sheet, Cell, XLSX};
use crate::domain::cst;
use crate::domain::pagination::{page_info, PageRequest};
use crate::domain::staffing::{check_period, check_report_day, default_period};
use crate::error::{AppError, AppResult};
use crate::i18n::Msg;
use crate::policy::{self, Action};
use crate::store::supervision::{self, Figures, Metric, Scope, StabilityRow};
use crate::web::course_view::number_text;
use crate::web::i18n::t_in;
use crate::web::render::{field_problem, page};
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
    let parse = |what: &'static str, v: &str, default: NaiveDate| {
        if v.trim().is_empty() {
            Ok(default)
        } else {
            cst::parse_date(v)
                .and_then(check_report_day)
                .map_err(|e| AppError::bad(field_problem(what, e)))
        }
    };
    let from = parse("rep-from", from, default_from)?;
    let to = parse("rep-to", to, default_to)?;
    check_period(from, to).map_err(AppError::bad)?;
    Ok((from, to))
}

fn query_string(pairs: &[(&str, &str)]) -> String {
    serde_urlencoded::to_string(pairs).unwrap_or_default()
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

fn row_json(r: &StabilityRow, from: NaiveDate, to: NaiveDate, lang: &str) -> Value {
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
        "name": if r.is_city { t_in(lang, "rep-total") } else { r.name.clone() },
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
    let rows: Vec<Value> = rows
        .iter()
        .map(|r| row_json(r, from, to, user.lang))
        .collect();
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

/// Header and lines of the downloads: one line per town (its totals) and per center, in
/// the reader's language.
fn stability_table(rows: &[StabilityRow], lang: &str) -> (Vec<String>, Vec<Vec<Cell>>) {
    let t = |key: &str| t_in(lang, key);
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
                Cell::Text(if r.is_city {
                    t("rep-total")
                } else {
                    r.town.clone()
                }),
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

#[get("/reports/stability.csv")]
pub async fn stability_csv(
    state: web::Data<AppState>,
    user: CurrentUser,
    q: web::Query<PeriodQuery>,
) -> AppResult<HttpResponse> {
    policy::authorize(&user.actor, Action::ViewSupervision)?;
    let (from, to) = period(&q.from, &q.to, today(&state))?;
    let rows = stability_rows(&state, from, to).await?;
    let (headers, lines) = stability_table(&rows, user.lang);
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

#[get("/reports/stability.xlsx")]
pub async fn stability_xlsx(
    state: web::Data<AppState>,
    user: CurrentUser,
    q: web::Query<PeriodQuery>,
) -> AppResult<HttpResponse> {
    policy::authorize(&user.actor, Action::ViewSupervision)?;
    let (from, to) = period(&q.from, &q.to, today(&state))?;
    let rows = stability_rows(&state, from, to).await?;
    let lang = user.lang;
    let t = |key: &str| t_in(lang, key);
    let (headers, lines) = stability_table(&rows, lang);
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
        Msg::key("stab-notes-period")
            .arg("from", from)
            .arg("to", to)
            .in_lang(lang),
        t("stab-def-window"),
        t("stab-def-transfers"),
        t("stab-def-departures"),
        t("stab-def-tenure"),
        t("stab-def-absences"),
    ];
    notes_sheet(book.add_worksheet(), &t("rep-notes"), &notes, lang).map_err(internal)?;
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
        AppError::bad(Msg::key("stab-people-bad-metric").arg("metric", q.metric.trim()))
    })?;
    let center = Some(q.center.trim()).filter(|c| !c.is_empty());
    let town = Some(q.town.trim()).filter(|c| !c.is_empty());
    let city = !q.city.trim().is_empty();
    if center.is_none() && town.is_none() && !city {
        return Err(AppError::bad(Msg::key("stab-people-no-place")));
    }
    let (center, town) = (center.map(String::from), town.map(String::from));
    let rules = state.settings.training_rules();
    let today = today(&state);
    let req_page = PageRequest::new(q.page, PageRequest::DEFAULT_SIZE);
    let lang = user.lang;
    let data = state
        .db(move |conn| {
            let found = if center.is_none() && town.is_none() {
                Some((Scope::City, t_in(lang, "rep-total")))
            } else {
                supervision::scope_by_code(conn, center.as_deref(), town.as_deref())?
            };
            let Some((scope, place)) = found else {
                let code = center.or(town).unwrap_or_default();
                return Err(AppError::bad(
                    Msg::key("stab-people-no-such-place").arg("code", code),
                ));
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
                        "detail": f.detail.in_lang(lang),
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
    data["metric"] = json!(metric.label_in(lang));
    data["from"] = json!(from);
    data["to"] = json!(to);
    page(&req, &state, "pages/reports/people", data)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn periods_from_the_query() {
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
            let e = period(from, to, today)
                .unwrap_err()
                .user_message()
                .to_string();
            assert!(!e.is_empty() && !e.is_ascii(), "{from} {to}: {e}");
        }
    }
}
