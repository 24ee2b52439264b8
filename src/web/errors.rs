//! Turns every 4xx/5xx into a page that says what happened and what to do, in Chinese:
//! HTML for people, JSON under `/api/`, a redirect to the login page when not logged in.

use actix_web::dev::ServiceResponse;
use actix_web::http::{header, StatusCode};
use actix_web::middleware::ErrorHandlerResponse;
use actix_web::{web, HttpResponse};
use serde_json::json;

use crate::error::{AppError, ErrorMessage};
use crate::web::render::render_html;
use crate::web::state::AppState;

fn default_message(status: StatusCode) -> String {
    match status.as_u16() {
        400 => "请求内容有误，请检查后重试。",
        401 => "请先登录。",
        403 => "您的账号无权执行此操作。",
        404 => "找不到您要的页面或记录。请从首页重新进入。",
        405 => "此地址不接受这种请求方式，请从页面上的按钮或链接进入。",
        413 => "提交的内容过大，请缩小文件或内容后重试。",
        415 => "提交的内容格式不对，请使用页面上的表单提交。",
        429 => "请求过于频繁，请稍后再试。",
        _ if status.is_server_error() => {
            "服务器内部出错，操作未执行。请稍后重试；如果问题持续，请联系管理员。"
        }
        _ => "请求未能完成，请返回上一页重试。",
    }
    .to_string()
}

fn title_key(status: StatusCode) -> &'static str {
    match status.as_u16() {
        400 | 413 | 415 => "error-title-bad-request",
        403 => "error-title-forbidden",
        404 => "error-title-not-found",
        429 => "error-title-too-many",
        _ => "error-title-generic",
    }
}

const API_TOKEN_NEEDED: &str = "缺少有效的接口令牌：请在请求头加入 Authorization: Bearer <令牌>。令牌由系统管理员在“接口令牌”页面签发，吊销后即失效。";

const API_TOKEN_SCOPE: &str =
    "这个接口令牌只能读取它所属镇（街道）的中心。请使用全市令牌，或该镇（街道）的令牌。";

pub fn render_error_page<B>(res: ServiceResponse<B>) -> actix_web::Result<ErrorHandlerResponse<B>> {
    let status = res.status();
    let explained = res.response().extensions().get::<ErrorMessage>().cloned();
    let is_html = res
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"));
    // A handler that already rendered its own page (a form shown again with its problem)
    // keeps it.
    if is_html && explained.is_none() {
        return Ok(ErrorHandlerResponse::Response(res.map_into_left_body()));
    }
    let message = explained
        .map(|m| m.0)
        .unwrap_or_else(|| default_message(status));
    let (req, original) = res.into_parts();

    let mut new = if req.path().starts_with("/api/") && status == StatusCode::UNAUTHORIZED {
        HttpResponse::build(status)
            .insert_header((header::WWW_AUTHENTICATE, "Bearer"))
            .json(json!({ "error": API_TOKEN_NEEDED, "status": 401 }))
    } else if req.path().starts_with("/api/") && status == StatusCode::FORBIDDEN {
        HttpResponse::build(status).json(json!({ "error": API_TOKEN_SCOPE, "status": 403 }))
    } else if req.path().starts_with("/api/") {
        HttpResponse::build(status).json(json!({ "error": message, "status": status.as_u16() }))
    } else if status == StatusCode::UNAUTHORIZED {
        let next = req
            .uri()
            .path_and_query()
            .map(|p| p.as_str())
            .unwrap_or("/");
        let target = format!("/login?next={}", urlencode(next));
        HttpResponse::SeeOther()
            .insert_header((header::LOCATION, target))
            .finish()
    } else {
        let html = req.app_data::<web::Data<AppState>>().and_then(|state| {
            let data = json!({
                "status": status.as_u16(),
                "message": message,
                "title": crate::web::i18n::t(title_key(status)),
            });
            render_html(&req, state, "pages/error", data).ok()
        });
        match html {
            Some(html) => HttpResponse::build(status)
                .content_type("text/html; charset=utf-8")
                .body(html),
            None => HttpResponse::build(status)
                .content_type("text/plain; charset=utf-8")
                .body(message),
        }
    };
    for cookie in original.cookies() {
        let _ = new.add_cookie(&cookie);
    }
    if let Some(v) = original.headers().get(header::RETRY_AFTER) {
        new.headers_mut().insert(header::RETRY_AFTER, v.clone());
    }
    Ok(ErrorHandlerResponse::Response(
        ServiceResponse::new(req, new).map_into_right_body(),
    ))
}

fn urlencode(s: &str) -> String {
    serde_urlencoded::to_string([("", s)])
        .map(|v| v.trim_start_matches('=').to_string())
        .unwrap_or_default()
}

/// Extractor failures (bad query string, bad path, oversized form) become `AppError`s so
/// they get the same explained page.
pub fn query_error(
    err: actix_web::error::QueryPayloadError,
    _: &actix_web::HttpRequest,
) -> actix_web::Error {
    AppError::bad(format!("网址中的参数有误（{err}），请从页面上的链接进入。")).into()
}

pub fn path_error(_: actix_web::error::PathError, _: &actix_web::HttpRequest) -> actix_web::Error {
    AppError::NotFound.into()
}

pub async fn not_found() -> Result<HttpResponse, AppError> {
    Err(AppError::NotFound)
}
