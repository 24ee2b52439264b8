//! The read-only JSON API: public reference data for other government systems.

use actix_web::{get, web, HttpResponse};
use serde::{Deserialize, Serialize};
use serde_json::json;

use crate::domain::pagination::{page_info, PageInfo, PageRequest, MAX_PAGE};
use crate::error::{AppError, AppResult};
use crate::i18n::Msg;
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
    fn request(&self) -> AppResult<PageRequest> {
        self.request_with(MAX_PER_PAGE, MAX_PER_PAGE)
    }

    /// A program gets told when it asks for a page outside the documented range, rather
    /// than silently getting another page than it asked for.
    pub fn request_with(&self, default: i64, max: i64) -> AppResult<PageRequest> {
        let page = self.page.unwrap_or(1);
        let per_page = self.per_page.unwrap_or(default);
        if !(1..=MAX_PAGE).contains(&page) {
            return Err(AppError::bad(
                Msg::key("api-page-out-of-range").arg("max", MAX_PAGE),
            ));
        }
        if !(1..=max).contains(&per_page) {
            return Err(AppError::bad(
                Msg::key("api-per-page-out-of-range").arg("max", max),
            ));
        }
        Ok(PageRequest::new(Some(page), per_page))
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
    let req = q.request()?;
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
    let req = q.request()?;
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
        { "name": "page", "in": "query", "required": false, "schema": { "type": "integer", "minimum": 1, "maximum": MAX_PAGE }, "description": "页码，从 1 开始；超过末页时返回末页" },
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
    let err = |what: &str| json!({ "description": what, "content": { "application/json": { "schema": error } } });
    let code_param = json!({ "name": "code", "in": "path", "required": true, "schema": { "type": "string" }, "description": "中心编码" });
    let token_only = json!([{ "token": [] }]);
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
            "/api/v1/handling": {
                "get": {
                    "summary": "全市直办/代办矩阵（按中心分页）",
                    "security": token_only,
                    "parameters": [
                        { "name": "page", "in": "query", "required": false, "schema": { "type": "integer", "minimum": 1, "maximum": MAX_PAGE } },
                        { "name": "per_page", "in": "query", "required": false, "schema": { "type": "integer", "minimum": 1, "maximum": 200 }, "description": "每页中心数，默认 50，最多 200" }
                    ],
                    "responses": {
                        "200": { "description": "每个中心一行，每个事项一格", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/HandlingPage" } } } },
                        "400": err("参数有误"),
                        "401": err("缺少或无效的接口令牌")
                    }
                }
            },
            "/api/v1/centers/{code}/handling": {
                "get": {
                    "summary": "一个中心全部事项的办理方式",
                    "security": token_only,
                    "parameters": [code_param],
                    "responses": {
                        "200": { "description": "中心的一行", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/HandlingRow" } } } },
                        "401": err("缺少或无效的接口令牌"),
                        "403": err("令牌无权读取该镇（街道）"),
                        "404": err("没有这个中心")
                    }
                }
            },
            "/api/v1/centers/{code}/items/{seq}/handling": {
                "get": {
                    "summary": "一个中心一个事项的办理方式",
                    "security": token_only,
                    "parameters": [code_param, { "name": "seq", "in": "path", "required": true, "schema": { "type": "string" }, "description": "附件2中的序号（1–36），或事项编码" }],
                    "responses": {
                        "200": { "description": "一格", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/HandlingCell" } } } },
                        "401": err("缺少或无效的接口令牌"),
                        "403": err("令牌无权读取该镇（街道）"),
                        "404": err("没有这个中心或事项")
                    }
                }
            },
            "/api/v1/verify/{code}": {
                "get": {
                    "summary": "证书核验（公开）",
                    "parameters": [{ "name": "code", "in": "path", "required": true, "schema": { "type": "string" }, "description": "证书二维码中的核验码" }],
                    "responses": {
                        "200": { "description": "证书状态", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Verification" } } } },
                        "404": err("没有这个证书")
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
            "securitySchemes": {
                "token": { "type": "http", "scheme": "bearer", "description": "管理员在“接口令牌”页面签发的只读令牌（dvt_…）" }
            },
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
                "HandlingCell": {
                    "type": "object",
                    "required": ["item_code", "item_seq", "item_name", "mode", "certified", "required", "reasons", "direct_until"],
                    "properties": {
                        "item_code": { "type": "string" },
                        "item_seq": { "type": "integer", "nullable": true },
                        "item_name": { "type": "string" },
                        "mode": { "type": "string", "enum": ["direct", "proxy", "not_delegated"], "description": "direct 直办，proxy 线上代办，not_delegated 不受理" },
                        "certified": { "type": "integer", "description": "本中心持有效证书的全科社工人数" },
                        "required": { "type": "integer", "description": "直办所需人数" },
                        "reasons": { "type": "array", "items": { "type": "string" } },
                        "direct_until": { "type": "string", "format": "date", "nullable": true, "description": "无人续证时直办的最后一天" }
                    }
                },
                "HandlingRow": {
                    "type": "object",
                    "required": ["center", "as_of", "items"],
                    "properties": {
                        "center": { "$ref": "#/components/schemas/HandlingCenter" },
                        "as_of": { "type": "string", "format": "date" },
                        "items": { "type": "array", "items": { "$ref": "#/components/schemas/HandlingCell" } }
                    }
                },
                "HandlingCenter": {
                    "type": "object",
                    "required": ["code", "name", "level"],
                    "properties": {
                        "code": { "type": "string" },
                        "name": { "type": "string" },
                        "level": { "type": "string", "enum": ["town", "zone"] }
                    }
                },
                "HandlingPage": {
                    "type": "object",
                    "required": ["total", "page", "pages", "per_page", "as_of", "data"],
                    "properties": {
                        "total": { "type": "integer" },
                        "page": { "type": "integer" },
                        "pages": { "type": "integer" },
                        "per_page": { "type": "integer" },
                        "as_of": { "type": "string", "format": "date" },
                        "data": { "type": "array", "items": {
                            "type": "object",
                            "required": ["code", "name", "level", "items"],
                            "properties": {
                                "code": { "type": "string" },
                                "name": { "type": "string" },
                                "level": { "type": "string", "enum": ["town", "zone"] },
                                "items": { "type": "array", "items": {
                                    "type": "object",
                                    "required": ["item_code", "item_seq", "mode", "certified", "required", "direct_until"],
                                    "properties": {
                                        "item_code": { "type": "string" },
                                        "item_seq": { "type": "integer", "nullable": true },
                                        "mode": { "type": "string", "enum": ["direct", "proxy", "not_delegated"] },
                                        "certified": { "type": "integer" },
                                        "required": { "type": "integer" },
                                        "direct_until": { "type": "string", "format": "date", "nullable": true }
                                    }
                                } }
                            }
                        } }
                    }
                },
                "Verification": {
                    "type": "object",
                    "required": ["number", "status", "status_label", "valid", "holder", "item_code", "item", "issued_on", "valid_until", "revoked"],
                    "properties": {
                        "number": { "type": "string" },
                        "status": { "type": "string", "enum": ["active", "expiring", "expired", "revoked", "superseded"] },
                        "status_label": { "type": "string" },
                        "valid": { "type": "boolean" },
                        "holder": { "type": "string" },
                        "item_code": { "type": "string" },
                        "item": { "type": "string" },
                        "issued_on": { "type": "string", "format": "date" },
                        "valid_until": { "type": "string", "format": "date" },
                        "revoked": { "type": "boolean" }
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
