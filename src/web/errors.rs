//! Turns every 4xx/5xx into a page that says what happened and what to do, in the reader's language:
//! HTML for people, JSON under `/api/`, a redirect to the login page when not logged in.

use actix_web::dev::ServiceResponse;
use actix_web::http::{header, StatusCode};
use actix_web::middleware::ErrorHandlerResponse;
use actix_web::{web, HttpResponse};
use serde_json::json;

use crate::error::{AppError, ErrorMessage};
use crate::i18n::Msg;
use crate::web::render::render_html;
use crate::web::session::request_context;
use crate::web::state::AppState;

fn default_message(status: StatusCode) -> Msg {
    Msg::key(match status.as_u16() {
        400 => "error-status-400",
        401 => "error-unauthenticated",
        403 => "error-status-403",
        404 => "error-status-404",
        405 => "error-status-405",
        413 => "error-status-413",
        415 => "error-status-415",
        429 => "error-status-429",
        _ if status.is_server_error() => "error-internal",
        _ => "error-status-other",
    })
}

fn title_key(status: StatusCode) -> &'static str {
    match status.as_u16() {
        400 | 413 | 415 => "error-title-bad-request",
        403 => "error-title-forbidden",
        404 => "error-title-not-found",
        429 => "error-title-too-many",
        503 => "error-title-unavailable",
        _ => "error-title-generic",
    }
}

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
    let (req, original) = res.into_parts();
    let lang = crate::i18n::supported(request_context(&req).lang);
    let message = explained
        .map(|m| m.0)
        .unwrap_or_else(|| default_message(status))
        .in_lang(lang);
    let say = |key: &'static str| Msg::key(key).in_lang(lang);

    let mut new = if req.path().starts_with("/api/") && status == StatusCode::UNAUTHORIZED {
        HttpResponse::build(status)
            .insert_header((header::WWW_AUTHENTICATE, "Bearer"))
            .json(json!({ "error": say("error-api-token-needed"), "status": 401 }))
    } else if req.path().starts_with("/api/") && status == StatusCode::FORBIDDEN {
        HttpResponse::build(status)
            .json(json!({ "error": say("error-api-token-scope"), "status": 403 }))
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
            render_html(
                &req,
                state,
                "pages/error",
                error_data(status, &message, lang),
            )
            .ok()
        });
        html_or_text(status, html, message)
    };
    for cookie in original.cookies() {
        let _ = new.add_cookie(&cookie);
    }
    for name in [header::RETRY_AFTER, header::ALLOW] {
        if let Some(v) = original.headers().get(&name) {
            new.headers_mut().insert(name, v.clone());
        }
    }
    Ok(ErrorHandlerResponse::Response(
        ServiceResponse::new(req, new).map_into_right_body(),
    ))
}

/// What the error page shows.
pub fn error_data(status: StatusCode, message: &str, lang: &str) -> serde_json::Value {
    json!({
        "status": status.as_u16(),
        "message": message,
        "title": crate::i18n::t_in(lang, title_key(status)),
    })
}

/// The error page, or the bare message when the page could not be rendered.
pub fn html_or_text(status: StatusCode, html: Option<String>, message: String) -> HttpResponse {
    match html {
        Some(html) => HttpResponse::build(status)
            .content_type("text/html; charset=utf-8")
            .body(html),
        None => HttpResponse::build(status)
            .content_type("text/plain; charset=utf-8")
            .body(message),
    }
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
    AppError::bad(Msg::key("error-bad-query").arg("detail", err.to_string())).into()
}

pub fn path_error(_: actix_web::error::PathError, _: &actix_web::HttpRequest) -> actix_web::Error {
    AppError::NotFound.into()
}

/// No route matched. Under `/api/`, where every path answers GET only, a path that exists
/// asked with another method is told so (405 and `Allow: GET`), as HTTP and the OpenAPI
/// contract expect.
pub async fn not_found(req: actix_web::HttpRequest) -> Result<HttpResponse, AppError> {
    if req.path().starts_with("/api/")
        && req.method() != actix_web::http::Method::GET
        && req.resource_map().has_resource(req.path())
    {
        // `render_error_page` writes the body and keeps the Allow header
        return Ok(HttpResponse::MethodNotAllowed()
            .insert_header((header::ALLOW, "GET"))
            .finish());
    }
    Err(AppError::NotFound)
}
