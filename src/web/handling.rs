//! Handling modes on pages: a center's row, the town's zone selection, the city heatmap,
//! the thresholds, and the printable and public "本中心可直办事项" notices.

use actix_web::{get, post, web, HttpRequest, HttpResponse};
use serde_json::{json, Value};

use crate::domain::cst;
use crate::domain::handling::{
    check_threshold, heat_level, zone_selection_compliant, HandlingMode, Thresholds, MIN_ZONE_ITEMS,
};
use crate::error::{AppError, AppResult};
use crate::policy::{self, Action};
use crate::store::centers;
use crate::store::handling::{self, CellDetail, CenterRef};
use crate::web::charts;
use crate::web::charts::coverage::TownCoverage;
use crate::web::charts::handling::TownRow;
use crate::web::render::{base_url, page, qr_data_url, redirect};
use crate::web::session::{form_value, request_context, CsrfForm, CurrentUser};
use crate::web::state::AppState;

/// One cell for a page in the reader's language. `with_names` adds the explanation that
/// names certified workers.
pub fn cell_json(d: &CellDetail, with_names: bool, lang: &str) -> Value {
    json!({
        "item": d.item,
        "mode": d.cell.mode,
        "label": d.cell.mode.label_in(lang),
        "certified": d.cell.certified,
        "required": d.cell.required,
        "direct_until": d.cell.direct_until.map(|x| x.to_string()),
        "explanation": if with_names { d.explanation.in_lang(lang) } else { String::new() },
        "forecast": d.forecast.as_ref().map(|f| f.in_lang(lang)),
    })
}

/// A center's row for its page.
pub async fn center_row(state: &AppState, center: CenterRef) -> AppResult<Vec<CellDetail>> {
    let today = cst::date_of(state.clock.now_naive());
    state
        .db(move |conn| Ok(handling::row(conn, &center, today)?))
        .await
}

async fn center_by_code(state: &AppState, code: String) -> AppResult<CenterRef> {
    state
        .db(move |conn| handling::center_ref_by_code(conn, &code)?.ok_or(AppError::NotFound))
        .await
}

/// The printable notice for the center's service hall, with a QR code to the live list.
#[get("/centers/{code}/notice")]
pub async fn center_notice(
    req: HttpRequest,
    state: web::Data<AppState>,
    user: CurrentUser,
    code: web::Path<String>,
) -> AppResult<HttpResponse> {
    let center = center_by_code(&state, code.into_inner()).await?;
    policy::authorize(
        &user.actor,
        Action::ViewCenter {
            town_id: center.town_id,
            center_id: center.id,
        },
    )?;
    let public_url = format!("{}/public/centers/{}", base_url(&req, &state), center.code);
    let data = notice_data(&state, center, request_context(&req).lang).await?;
    let mut data = data;
    data["qr"] = json!(qr_data_url(&public_url));
    data["public_url"] = json!(public_url);
    page(&req, &state, "pages/handling/notice", data)
}

/// What citizens may see: the items handled here directly and until when, and the items
/// taken here and passed online. No names.
async fn notice_data(state: &AppState, center: CenterRef, lang: &str) -> AppResult<Value> {
    let row = center_row(state, center.clone()).await?;
    let pick = |mode: HandlingMode| -> Vec<Value> {
        row.iter()
            .filter(|d| d.cell.mode == mode)
            .map(|d| cell_json(d, false, lang))
            .collect()
    };
    Ok(json!({
        "center": center,
        "direct": pick(HandlingMode::Direct),
        "proxy": pick(HandlingMode::Proxy),
        "today": cst::date_of(state.clock.now_naive()).to_string(),
    }))
}

/// The live public list behind the notice's QR code. No login.
#[get("/public/centers/{code}")]
pub async fn public_center(
    req: HttpRequest,
    state: web::Data<AppState>,
    code: web::Path<String>,
) -> AppResult<HttpResponse> {
    let center = center_by_code(&state, code.into_inner()).await?;
    let data = notice_data(&state, center, request_context(&req).lang).await?;
    page(&req, &state, "pages/handling/public", data)
}

/// The city heatmap: per town and item, the share of its centers handling it directly.
#[get("/handling")]
pub async fn heatmap(
    req: HttpRequest,
    state: web::Data<AppState>,
    user: CurrentUser,
) -> AppResult<HttpResponse> {
    policy::authorize(&user.actor, Action::ViewHandlingMap)?;
    let town_scope = policy::handling_town_scope(&user.actor);
    let can_set = policy::allows(&user.actor, Action::ManageHandlingRules);
    let today = cst::date_of(state.clock.now_naive());
    let lang = crate::i18n::supported(request_context(&req).lang);
    let data = state
        .db(move |conn| {
            let towns: Vec<centers::Town> = centers::towns(conn)?
                .into_iter()
                .filter(|t| town_scope.is_none_or(|s| s == t.id))
                .collect();
            let refs = handling::center_refs(conn, town_scope)?;
            let m = handling::matrix(conn, refs, town_scope.is_none(), today)?;
            let selections = handling::zone_selection_counts(conn)?;
            let town_ids: Vec<i32> = towns.iter().map(|t| t.id).collect();
            let tallies = m.by_town(&town_ids);
            let common = handling::common_item_ids(conn)?;
            let coverage: Vec<TownCoverage> = towns
                .iter()
                .zip(m.covered_by_town(&town_ids, &common))
                .map(|(t, covered)| TownCoverage { name: t.name.clone(), covered })
                .collect();
            let item_labels: Vec<String> = m
                .items
                .iter()
                .map(|i| i.seq.map_or_else(|| i.code.clone(), |s| s.to_string()))
                .collect();
            let map_rows: Vec<TownRow> = towns
                .iter()
                .zip(&tallies)
                .map(|(t, tally)| TownRow {
                    name: t.name.clone(),
                    cells: tally.direct.iter().copied().zip(tally.taking.iter().copied()).collect(),
                })
                .collect();
            let rows: Vec<Value> = towns
                .iter()
                .zip(&tallies)
                .map(|(t, tally)| {
                    let cells: Vec<Value> = m
                        .items
                        .iter()
                        .enumerate()
                        .map(|(col, item)| {
                            let (taking, direct) = (tally.taking[col], tally.direct[col]);
                            json!({
                                "item": item.code, "name": item.name, "taking": taking, "direct": direct,
                                "heat": heat_level(direct, taking).map_or("none".to_string(), |h| h.to_string()),
                            })
                        })
                        .collect();
                    let selected = selections.get(&t.id).copied().unwrap_or(0);
                    json!({
                        "town": t, "cells": cells, "centers": tally.centers,
                        "zone_items": selected, "compliant": zone_selection_compliant(selected),
                    })
                })
                .collect();
            Ok(json!({
                "items": m.items, "rows": rows, "thresholds": m.thresholds,
                "min_zone_items": MIN_ZONE_ITEMS, "can_set": can_set, "error": null,
                "coverage_chart": charts::coverage::figure(lang, &coverage, common.len() as u32),
                "map_chart": charts::handling::figure(lang, &item_labels, &map_rows),
            }))
        })
        .await?;
    page(&req, &state, "pages/handling/heatmap", data)
}

#[post("/handling/thresholds")]
pub async fn set_thresholds(
    state: web::Data<AppState>,
    user: CurrentUser,
    CsrfForm(pairs): CsrfForm<Vec<(String, String)>>,
) -> AppResult<HttpResponse> {
    policy::authorize(&user.actor, Action::ManageHandlingRules)?;
    let k = Thresholds {
        town: check_threshold(&form_value(&pairs, "town")).map_err(AppError::bad)?,
        zone: check_threshold(&form_value(&pairs, "zone")).map_err(AppError::bad)?,
    };
    let (actor, now) = (user.actor.user_id, state.clock.now_naive());
    state
        .db(move |conn| handling::set_thresholds(conn, k, actor, now))
        .await?;
    Ok(redirect("/handling"))
}

/// A town's page adds its centers' modes and, for its manager, the zone selection.
pub async fn town_handling(state: &AppState, user: &CurrentUser, town_id: i32) -> AppResult<Value> {
    let can_edit = policy::allows(&user.actor, Action::ManageZoneItems { town_id });
    let today = cst::date_of(state.clock.now_naive());
    let lang = user.lang;
    state
        .db(move |conn| {
            let refs = handling::center_refs(conn, Some(town_id))?;
            let m = handling::matrix(conn, refs, false, today)?;
            let selected = handling::zone_selection(conn, town_id)?;
            let centers: Vec<Value> = m
                .centers
                .iter()
                .zip(&m.cells)
                .map(|(c, cells)| {
                    let count = |mode| cells.iter().filter(|x| x.mode == mode).count();
                    json!({
                        "center": c, "direct": count(HandlingMode::Direct), "proxy": count(HandlingMode::Proxy),
                        "modes": cells.iter().zip(&m.items).map(|(x, i)| json!({
                            "item": i.code, "name": i.name, "mode": x.mode, "label": x.mode.label_in(lang),
                        })).collect::<Vec<_>>(),
                    })
                })
                .collect();
            let choices: Vec<Value> = m
                .items
                .iter()
                .filter(|i| i.delegated)
                .map(|i| json!({ "id": i.id, "code": i.code, "name": i.name, "selected": selected.contains(&i.id) }))
                .collect();
            Ok(json!({
                "items": m.items, "centers": centers, "choices": choices,
                "selected": selected.len(), "compliant": zone_selection_compliant(selected.len()),
                "min_zone_items": MIN_ZONE_ITEMS, "can_edit": can_edit,
            }))
        })
        .await
}

/// The item ids ticked in the zone selection form (`item`, repeated).
pub fn selected_items(pairs: &[(String, String)]) -> Result<Vec<i32>, crate::i18n::Msg> {
    pairs
        .iter()
        .filter(|(k, _)| k == "item")
        .map(|(_, v)| {
            v.parse::<i32>()
                .map_err(|_| crate::i18n::Msg::key("handling-bad-selection").on("item"))
        })
        .collect()
}

#[post("/towns/{code}/zone-items")]
pub async fn set_zone_items(
    state: web::Data<AppState>,
    user: CurrentUser,
    code: web::Path<String>,
    CsrfForm(pairs): CsrfForm<Vec<(String, String)>>,
) -> AppResult<HttpResponse> {
    let code = code.into_inner();
    let town = state
        .db(move |conn| centers::town_by_code(conn, &code)?.ok_or(AppError::NotFound))
        .await?;
    policy::authorize(&user.actor, Action::ManageZoneItems { town_id: town.id })?;
    let ids = selected_items(&pairs).map_err(AppError::bad)?;
    let (actor, now, town_id) = (user.actor.user_id, state.clock.now_naive(), town.id);
    state
        .db(move |conn| handling::set_zone_selection(conn, town_id, &ids, actor, now))
        .await?;
    Ok(redirect(&format!("/towns/{}#zone-items", town.code)))
}
