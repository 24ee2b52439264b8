//! The read-only JSON API: public reference data for other government systems.

use actix_web::{get, web, HttpResponse};
use serde::{Deserialize, Serialize};
use serde_json::json;

use crate::domain::pagination::{page_info, PageInfo, PageRequest};
use crate::error::AppResult;
use crate::policy::{CenterScope, ItemScope};
use crate::store::centers;
use crate::store::items::{self, ItemFilter};
use crate::web::state::AppState;

const MAX_PER_PAGE: i64 = 500;

#[derive(Deserialize)]
pub struct PageParams {
    page: Option<i64>,
    per_page: Option<i64>,
}

impl PageParams {
    fn request(&self) -> PageRequest {
        self.request_with(MAX_PER_PAGE, MAX_PER_PAGE)
    }

    pub fn request_with(&self, default: i64, max: i64) -> PageRequest {
        PageRequest::new(self.page, self.per_page.unwrap_or(default).min(max))
    }
}

#[derive(Serialize)]
struct Paged<T> {
    total: i64,
    page: i64,
    pages: i64,
    per_page: i64,
    data: Vec<T>,
}

fn paged<T>(info: PageInfo, per_page: i64, data: Vec<T>) -> Paged<T> {
    Paged {
        total: info.total,
        page: info.number,
        pages: info.pages,
        per_page,
        data,
    }
}

#[derive(Serialize)]
struct ApiBureau {
    code: String,
    name: String,
}

#[derive(Serialize)]
struct ApiItem {
    code: String,
    seq: Option<i32>,
    name: String,
    common: bool,
    bureaus: Vec<ApiBureau>,
}

#[get("/api/v1/items")]
pub async fn items_api(
    state: web::Data<AppState>,
    q: web::Query<PageParams>,
) -> AppResult<HttpResponse> {
    let req = q.request();
    let body = state
        .db(move |conn| {
            let filter = ItemFilter::default();
            let info = page_info(req, items::count(conn, ItemScope::All, &filter)?);
            let rows = items::list(
                conn,
                ItemScope::All,
                &filter,
                Some(PageRequest::new(Some(info.number), req.size)),
            )?
            .into_iter()
            .map(|v| ApiItem {
                code: v.item.code,
                seq: v.item.seq,
                name: v.item.name,
                common: v.item.common,
                bureaus: v
                    .bureaus
                    .into_iter()
                    .map(|b| ApiBureau {
                        code: b.code,
                        name: b.name,
                    })
                    .collect(),
            })
            .collect();
            Ok(paged(info, req.size, rows))
        })
        .await?;
    Ok(HttpResponse::Ok().json(body))
}

#[derive(Serialize)]
struct ApiCenter {
    code: String,
    name: String,
    level: String,
    pilot: bool,
    town_code: String,
    town_name: String,
}

#[get("/api/v1/centers")]
pub async fn centers_api(
    state: web::Data<AppState>,
    q: web::Query<PageParams>,
) -> AppResult<HttpResponse> {
    let req = q.request();
    let body = state
        .db(move |conn| {
            let info = page_info(req, centers::count(conn, CenterScope::All)?);
            let rows = centers::list(
                conn,
                CenterScope::All,
                Some(PageRequest::new(Some(info.number), req.size)),
            )?
            .into_iter()
            .map(|c| ApiCenter {
                code: c.center.code,
                name: c.center.name,
                level: c.center.level,
                pilot: c.center.pilot,
                town_code: c.town_code,
                town_name: c.town_name,
            })
            .collect();
            Ok(paged(info, req.size, rows))
        })
        .await?;
    Ok(HttpResponse::Ok().json(body))
}

#[get("/api/v1/openapi.json")]
pub async fn openapi() -> HttpResponse {
    HttpResponse::Ok().json(openapi_document())
}

/// The OpenAPI 3.0 description of the API; later features add their paths here.
pub fn openapi_document() -> serde_json::Value {
    let page_params = json!([
        { "name": "page", "in": "query", "required": false, "schema": { "type": "integer", "minimum": 1 }, "description": "页码，从 1 开始" },
        { "name": "per_page", "in": "query", "required": false, "schema": { "type": "integer", "minimum": 1, "maximum": MAX_PER_PAGE }, "description": "每页条数，最多 500" }
    ]);
    let paged = |item_ref: &str| {
        json!({
            "type": "object",
            "required": ["total", "page", "pages", "per_page", "data"],
            "properties": {
                "total": { "type": "integer" },
                "page": { "type": "integer" },
                "pages": { "type": "integer" },
                "per_page": { "type": "integer" },
                "data": { "type": "array", "items": { "$ref": item_ref } }
            }
        })
    };
    let error = json!({ "$ref": "#/components/schemas/Error" });
    json!({
        "openapi": "3.0.3",
        "info": {
            "title": "Devolve 公共服务下沉 参考数据接口",
            "version": "1.0.0",
            "description": "招远市公共服务下沉事项、党群服务中心等公开参考数据（只读）。"
        },
        "paths": {
            "/api/v1/items": {
                "get": {
                    "summary": "下沉事项清单",
                    "parameters": page_params,
                    "responses": {
                        "200": { "description": "事项列表", "content": { "application/json": { "schema": paged("#/components/schemas/Item") } } },
                        "400": { "description": "参数有误", "content": { "application/json": { "schema": error } } }
                    }
                }
            },
            "/api/v1/centers": {
                "get": {
                    "summary": "党群服务中心清单（镇级与党建融合发展区）",
                    "parameters": page_params,
                    "responses": {
                        "200": { "description": "中心列表", "content": { "application/json": { "schema": paged("#/components/schemas/Center") } } },
                        "400": { "description": "参数有误", "content": { "application/json": { "schema": error } } }
                    }
                }
            }
        },
        "components": {
            "schemas": {
                "Bureau": {
                    "type": "object",
                    "required": ["code", "name"],
                    "properties": { "code": { "type": "string" }, "name": { "type": "string" } }
                },
                "Item": {
                    "type": "object",
                    "required": ["code", "seq", "name", "common", "bureaus"],
                    "properties": {
                        "code": { "type": "string" },
                        "seq": { "type": "integer", "nullable": true, "description": "附件2中的序号" },
                        "name": { "type": "string" },
                        "common": { "type": "boolean", "description": "是否常办事项" },
                        "bureaus": { "type": "array", "items": { "$ref": "#/components/schemas/Bureau" } }
                    }
                },
                "Center": {
                    "type": "object",
                    "required": ["code", "name", "level", "pilot", "town_code", "town_name"],
                    "properties": {
                        "code": { "type": "string" },
                        "name": { "type": "string" },
                        "level": { "type": "string", "enum": ["town", "zone"] },
                        "pilot": { "type": "boolean" },
                        "town_code": { "type": "string" },
                        "town_name": { "type": "string" }
                    }
                },
                "Error": {
                    "type": "object",
                    "required": ["error", "status"],
                    "properties": { "error": { "type": "string" }, "status": { "type": "integer" } }
                }
            }
        }
    })
}
