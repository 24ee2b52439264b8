//! The handling-mode API for the front-desk (一窗受理) system. Read-only; every call needs
//! an API token (`Authorization: Bearer dvt_…`), scoped to the whole city or one town.

use std::future::{ready, Ready};

use chrono::NaiveDateTime;

use actix_web::{get, web, FromRequest, HttpRequest, HttpResponse};
use serde_json::{json, Value};

use crate::db::DbConnection;
use crate::domain::cst;
use crate::domain::pagination::{page_info, PageRequest};
use crate::error::{AppError, AppResult};
use crate::store::api_tokens;
use crate::store::handling::{self, CellDetail, CenterRef};
use crate::web::api::PageParams;
use crate::web::state::AppState;

/// A machine client's bearer token, read from the request. It is checked against the
/// database inside the handler's one database call (`ApiClient::scope`), so a call costs
/// one trip to the blocking pool, not one for the token and more for the data.
pub struct ApiClient {
    secret: String,
}

/// What a live token may read: `town` limits it to one town's centers.
pub struct TokenScope {
    pub town: Option<i32>,
}

impl TokenScope {
    fn check(&self, center: &CenterRef) -> AppResult<()> {
        match self.town {
            Some(t) if t != center.town_id => {
                tracing::warn!(center = %center.code, "API token outside its town");
                Err(AppError::Forbidden)
            }
            _ => Ok(()),
        }
    }
}

impl ApiClient {
    /// The token's scope, or 401 when it is unknown or revoked.
    fn scope(&self, conn: &mut DbConnection, now: NaiveDateTime) -> AppResult<TokenScope> {
        match api_tokens::authenticate(conn, &self.secret, now)? {
            Some(town) => Ok(TokenScope { town }),
            None => {
                tracing::warn!("API call with an unknown or revoked token");
                Err(AppError::Unauthenticated)
            }
        }
    }
}

impl FromRequest for ApiClient {
    type Error = AppError;
    type Future = Ready<Result<Self, AppError>>;

    fn from_request(req: &HttpRequest, _: &mut actix_web::dev::Payload) -> Self::Future {
        let secret = req
            .headers()
            .get(actix_web::http::header::AUTHORIZATION)
            .and_then(|h| h.to_str().ok())
            .and_then(|h| h.strip_prefix("Bearer "))
            .map(|t| t.trim().to_string())
            .filter(|s| s.starts_with(api_tokens::PREFIX));
        ready(match secret {
            Some(secret) => Ok(ApiClient { secret }),
            None => {
                tracing::warn!("API call without a token");
                Err(AppError::Unauthenticated)
            }
        })
    }
}

fn cell_value(d: &CellDetail) -> Value {
    // the JSON API speaks the default language
    let mut reasons = vec![d.explanation.to_string()];
    reasons.extend(d.forecast.as_ref().map(ToString::to_string));
    json!({
        "item_code": d.item.code,
        "item_seq": d.item.seq,
        "item_name": d.item.name,
        "mode": d.cell.mode,
        "certified": d.cell.certified,
        "required": d.cell.required,
        "reasons": reasons,
        "direct_until": d.cell.direct_until.map(|x| x.to_string()),
    })
}

fn center_value(c: &CenterRef) -> Value {
    json!({ "code": c.code, "name": c.name, "level": c.level })
}

/// The center a token may read, from the same connection.
fn scoped_center(conn: &mut DbConnection, scope: &TokenScope, code: &str) -> AppResult<CenterRef> {
    let center = handling::center_ref_by_code(conn, code)?.ok_or(AppError::NotFound)?;
    scope.check(&center)?;
    Ok(center)
}

#[get("/api/v1/centers/{code}/handling")]
pub async fn center_handling(
    state: web::Data<AppState>,
    client: ApiClient,
    code: web::Path<String>,
) -> AppResult<HttpResponse> {
    let now = state.clock.now_naive();
    let today = cst::date_of(now);
    let code = code.into_inner();
    let (center, row) = state
        .db(move |conn| {
            let scope = client.scope(conn, now)?;
            let center = scoped_center(conn, &scope, &code)?;
            let row = handling::row(conn, &center, today)?;
            Ok((center, row))
        })
        .await?;
    Ok(HttpResponse::Ok().json(json!({
        "center": center_value(&center),
        "as_of": today.to_string(),
        "items": row.iter().map(cell_value).collect::<Vec<_>>(),
    })))
}

#[get("/api/v1/centers/{code}/items/{seq}/handling")]
pub async fn cell_handling(
    state: web::Data<AppState>,
    client: ApiClient,
    path: web::Path<(String, String)>,
) -> AppResult<HttpResponse> {
    let (code, seq) = path.into_inner();
    let now = state.clock.now_naive();
    let today = cst::date_of(now);
    let cell = state
        .db(move |conn| {
            let scope = client.scope(conn, now)?;
            let center = scoped_center(conn, &scope, &code)?;
            // the plan's number (序号) for the common items, else the item code
            let item = handling::item_by_key(conn, &seq)?.ok_or(AppError::NotFound)?;
            Ok(handling::cell_detail(conn, &center, item, today)?)
        })
        .await?;
    Ok(HttpResponse::Ok().json(cell_value(&cell)))
}

#[get("/api/v1/handling")]
pub async fn matrix_handling(
    state: web::Data<AppState>,
    client: ApiClient,
    q: web::Query<PageParams>,
) -> AppResult<HttpResponse> {
    // a page is a set of centers with every item; 50 centers by default, 200 at most
    let req = q.request_with(50, 200)?;
    let now = state.clock.now_naive();
    let today = cst::date_of(now);
    let body = state
        .db(move |conn| {
            let town = client.scope(conn, now)?.town;
            let all = handling::center_refs(conn, town)?;
            let info = page_info(req, all.len() as i64);
            let page_refs: Vec<CenterRef> = all
                .into_iter()
                .skip(PageRequest::new(Some(info.number), req.size).offset() as usize)
                .take(req.size as usize)
                .collect();
            let m = handling::matrix(conn, page_refs, false, today)?;
            let data: Vec<Value> = m
                .centers
                .iter()
                .zip(&m.cells)
                .map(|(c, cells)| {
                    let mut v = center_value(c);
                    v["items"] = cells
                        .iter()
                        .zip(&m.items)
                        .map(|(x, i)| {
                            json!({
                                "item_code": i.code, "item_seq": i.seq, "mode": x.mode,
                                "certified": x.certified, "required": x.required,
                                "direct_until": x.direct_until.map(|d| d.to_string()),
                            })
                        })
                        .collect();
                    v
                })
                .collect();
            Ok(json!({
                "total": info.total, "page": info.number, "pages": info.pages,
                "per_page": req.size, "as_of": today.to_string(), "data": data,
            }))
        })
        .await?;
    Ok(HttpResponse::Ok().json(body))
}
