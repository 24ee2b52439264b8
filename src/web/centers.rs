//! Towns, their centers, and creating zone centers.

use actix_web::http::StatusCode;
use actix_web::{get, post, web, HttpRequest, HttpResponse};
use serde::Deserialize;
use serde_json::json;

use crate::db::write_transaction;
use crate::domain::names::check_title;
use crate::domain::pagination::{page_info, paginate, PageQuery, PageRequest};
use crate::error::{AppError, AppResult};
use crate::i18n::Msg;
use crate::policy::{self, Action, CenterScope};
use crate::store::centers::{self, NewCenter};
use crate::store::{audit, reference};
use crate::web::home::town_summaries;
use crate::web::render::{page, page_with_status, redirect, say};
use crate::web::session::{CsrfForm, CurrentUser};
use crate::web::state::AppState;

#[get("/centers")]
pub async fn list_centers(
    req: HttpRequest,
    state: web::Data<AppState>,
    user: CurrentUser,
    q: web::Query<PageQuery>,
) -> AppResult<HttpResponse> {
    policy::authorize(&user.actor, Action::ViewCenters)?;
    let scope = policy::center_scope(&user.actor);
    let req_page = PageRequest::new(q.page, PageRequest::DEFAULT_SIZE);
    let can_create = match (scope, user.actor.town_id) {
        (CenterScope::All, _) => policy::allows(&user.actor, Action::CreateZone { town_id: 0 }),
        (_, Some(t)) => policy::allows(&user.actor, Action::CreateZone { town_id: t }),
        _ => false,
    };
    let data = state
        .db(move |conn| {
            let info = page_info(req_page, centers::count(conn, scope)?);
            let rows = centers::list(
                conn,
                scope,
                Some(PageRequest::new(Some(info.number), req_page.size)),
            )?;
            Ok(json!({ "centers": rows, "pager": info, "can_create": can_create }))
        })
        .await?;
    page(&req, &state, "pages/centers/list", data)
}

#[get("/centers/{code}")]
pub async fn show_center(
    req: HttpRequest,
    state: web::Data<AppState>,
    user: CurrentUser,
    code: web::Path<String>,
) -> AppResult<HttpResponse> {
    let code = code.into_inner();
    let center = state
        .db(move |conn| centers::find_by_code(conn, &code)?.ok_or(AppError::NotFound))
        .await?;
    policy::authorize(
        &user.actor,
        Action::ViewCenter {
            town_id: center.town_id,
            center_id: center.id,
        },
    )?;
    let roster_visible = policy::allows(
        &user.actor,
        Action::ViewRoster {
            town_id: center.town_id,
        },
    );
    // names of certified workers only for those who may see the roster
    let with_names = roster_visible;
    let cref = crate::store::handling::CenterRef::from(&center);
    let cells: Vec<serde_json::Value> = crate::web::handling::center_row(&state, cref)
        .await?
        .iter()
        .map(|d| crate::web::handling::cell_json(d, with_names, user.lang))
        .collect();
    let direct = cells.iter().filter(|c| c["mode"] == "direct").count();
    let proxy = cells.iter().filter(|c| c["mode"] == "proxy").count();
    let data = state
        .db(move |conn| {
            let town = centers::town(conn, center.town_id)?;
            let workers = if roster_visible {
                centers::workers_of(conn, center.id)?
                    .into_iter()
                    .map(|(username, name)| json!({ "username": username, "name": name }))
                    .collect()
            } else {
                Vec::new()
            };
            let offices = reference::station_offices(conn)?
                .into_iter()
                .map(|(name, by)| json!({ "name": name, "delegated_by": by }))
                .collect::<Vec<_>>();
            Ok(json!({
                "center": center,
                "town": town,
                "roster_visible": roster_visible,
                "workers": workers,
                "offices": offices,
                "cells": cells,
                "direct": direct,
                "proxy": proxy,
                "with_names": with_names,
            }))
        })
        .await?;
    page(&req, &state, "pages/centers/show", data)
}

#[get("/towns")]
pub async fn list_towns(
    req: HttpRequest,
    state: web::Data<AppState>,
    user: CurrentUser,
) -> AppResult<HttpResponse> {
    policy::authorize(&user.actor, Action::ViewTowns)?;
    let wanted = PageQuery::from_query_string(req.query_string()).request();
    let data = state
        .db(move |conn| {
            let (towns, pager) = paginate(town_summaries(conn)?, wanted);
            Ok(json!({ "towns": towns, "pager": pager }))
        })
        .await?;
    page(&req, &state, "pages/towns/list", data)
}

#[get("/towns/{code}")]
pub async fn show_town(
    req: HttpRequest,
    state: web::Data<AppState>,
    user: CurrentUser,
    code: web::Path<String>,
) -> AppResult<HttpResponse> {
    let code = code.into_inner();
    let town = state
        .db(move |conn| centers::town_by_code(conn, &code)?.ok_or(AppError::NotFound))
        .await?;
    policy::authorize(&user.actor, Action::ViewTown { town_id: town.id })?;
    let can_create = policy::allows(&user.actor, Action::CreateZone { town_id: town.id });
    let town_id = town.id;
    let list = state
        .db(move |conn| Ok(centers::list(conn, CenterScope::Town(town_id), None)?))
        .await?;
    let handling = crate::web::handling::town_handling(&state, &user, town_id).await?;
    page(
        &req,
        &state,
        "pages/towns/show",
        json!({ "town": town, "centers": list, "can_create": can_create, "handling": handling }),
    )
}

/// The towns this user may add a zone to.
async fn zone_towns(state: &AppState, user: &CurrentUser) -> AppResult<Vec<centers::Town>> {
    let actor = user.actor;
    state
        .db(move |conn| {
            Ok(centers::towns(conn)?
                .into_iter()
                .filter(|t| policy::allows(&actor, Action::CreateZone { town_id: t.id }))
                .collect())
        })
        .await
}

#[get("/zones/new")]
pub async fn new_zone(
    req: HttpRequest,
    state: web::Data<AppState>,
    user: CurrentUser,
) -> AppResult<HttpResponse> {
    let towns = zone_towns(&state, &user).await?;
    if towns.is_empty() {
        return Err(AppError::Forbidden);
    }
    page(
        &req,
        &state,
        "pages/centers/new_zone",
        json!({ "towns": towns, "form": { "name": "", "town": "", "pilot": false }, "error": null }),
    )
}

#[derive(Deserialize)]
pub struct ZoneForm {
    #[serde(default)]
    town: String,
    #[serde(default)]
    name: String,
    pilot: Option<String>,
}

#[post("/zones")]
pub async fn create_zone(
    req: HttpRequest,
    state: web::Data<AppState>,
    user: CurrentUser,
    CsrfForm(form): CsrfForm<ZoneForm>,
) -> AppResult<HttpResponse> {
    let towns = zone_towns(&state, &user).await?;
    if towns.is_empty() {
        return Err(AppError::Forbidden);
    }
    let pilot = form.pilot.is_some();
    let show_again = |error: Msg| {
        let error = say(&req, &error);
        page_with_status(
            &req,
            &state,
            StatusCode::BAD_REQUEST,
            "pages/centers/new_zone",
            json!({ "towns": towns, "form": { "name": form.name, "town": form.town, "pilot": pilot }, "error": error }),
        )
    };
    let code = form.town.clone();
    let chosen = state
        .db(move |conn| Ok(centers::town_by_code(conn, &code)?))
        .await?;
    let Some(town) = chosen else {
        return show_again(Msg::key("centers-choose-town"));
    };
    // A town that exists but is not the manager's own is refused, not quietly ignored.
    policy::authorize(&user.actor, Action::CreateZone { town_id: town.id })?;
    let name = match check_title(Msg::key("centers-name"), &form.name, 60) {
        Ok(n) => n,
        Err(e) => return show_again(e),
    };
    let now = state.clock.now_naive();
    let actor_id = user.actor.user_id;
    let code = state
        .db(move |conn| {
            write_transaction(conn, |conn| {
                let code = centers::next_zone_code(conn, &town)?;
                let center = centers::insert(
                    conn,
                    &NewCenter {
                        code: &code,
                        name: &name,
                        town_id: town.id,
                        level: "zone",
                        pilot,
                        demo: false,
                    },
                    now,
                )?;
                audit::record(
                    conn,
                    now,
                    Some(actor_id),
                    "center.create_zone",
                    &center.code,
                    &format!(
                        "{}（{}）{}",
                        center.name,
                        town.name,
                        if pilot { "，试点" } else { "" }
                    ),
                )?;
                Ok::<_, AppError>(center.code)
            })
        })
        .await?;
    Ok(redirect(&format!("/centers/{code}")))
}
