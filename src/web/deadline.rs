//! Every request has a deadline (`Settings::request_timeout_ms`): a request stuck behind a
//! slow disk or a locked database is answered with a 503 that says so, instead of holding
//! the connection open until the client gives up.
//!
//! The answer cannot go through the error-page middleware: the request was handed to the
//! inner services and is dropped with them (actix cannot clone a request before routing).
//! So the deadline dresses the answer itself: the error page as the session middleware's
//! context would have rendered it (`ContextSlot`), JSON under `/api/`, and the security
//! headers.

use std::time::Duration;

use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{HeaderName, HeaderValue};
use actix_web::http::StatusCode;
use actix_web::middleware::Next;
use actix_web::{web, HttpMessage, HttpResponse};
use serde_json::json;

use crate::i18n::Msg;
use crate::web::errors::{error_data, html_or_text};
use crate::web::render::render_html_for;
use crate::web::security;
use crate::web::session::{cookie_lang, ContextSlot};
use crate::web::state::AppState;

pub async fn enforce_deadline(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, actix_web::Error> {
    let Some(state) = req.app_data::<web::Data<AppState>>().cloned() else {
        return next.call(req).await.map(|r| r.map_into_boxed_body());
    };
    let ms = state.settings.request_timeout_ms;
    let path = req.path().to_string();
    let path_and_query = req
        .uri()
        .path_and_query()
        .map(|p| p.as_str().to_string())
        .unwrap_or_else(|| "/".into());
    let lang = cookie_lang(&req);
    let slot = ContextSlot::default();
    req.extensions_mut().insert(slot.clone());
    match tokio::time::timeout(Duration::from_millis(ms), next.call(req)).await {
        Ok(res) => res.map(|r| r.map_into_boxed_body()),
        Err(_) => {
            // The database work already handed to a blocking thread still runs to the end
            // of its transaction: a write either lands whole or not at all.
            tracing::warn!(path, ms, "request timed out");
            let ctx = slot.take_or(lang);
            let lang = crate::web::i18n::supported(ctx.lang);
            let status = StatusCode::SERVICE_UNAVAILABLE;
            let message = Msg::key("request-timeout")
                .arg("seconds", ms.div_ceil(1000))
                .in_lang(lang);
            let mut res = if path.starts_with("/api/") {
                HttpResponse::build(status).json(json!({ "error": message, "status": 503 }))
            } else {
                let data = error_data(status, &message, lang);
                let html =
                    render_html_for(&ctx, (&path, &path_and_query), &state, "pages/error", data);
                html_or_text(status, html.ok(), message)
            };
            for (name, value) in security::headers(state.settings.secure_cookies) {
                let name = HeaderName::from_bytes(name.as_bytes());
                if let (Ok(name), Ok(value)) = (name, HeaderValue::from_str(value)) {
                    res.headers_mut().insert(name, value);
                }
            }
            Err(actix_web::error::InternalError::from_response("request timed out", res).into())
        }
    }
}
