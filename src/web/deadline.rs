//! Every request has a deadline (`Settings::request_timeout_ms`): a request stuck behind a
//! slow disk or a locked database is answered with a 503 that says so, instead of holding
//! the connection open until the client gives up.

use std::time::Duration;

use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::middleware::Next;
use actix_web::web;

use crate::error::AppError;
use crate::i18n::Msg;
use crate::web::state::AppState;

pub async fn enforce_deadline(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, actix_web::Error> {
    let ms = req
        .app_data::<web::Data<AppState>>()
        .map(|s| s.settings.request_timeout_ms)
        .unwrap_or(30_000);
    let path = req.path().to_string();
    match tokio::time::timeout(Duration::from_millis(ms), next.call(req)).await {
        Ok(res) => res.map(|r| r.map_into_boxed_body()),
        Err(_) => {
            // The database work already handed to a blocking thread still runs to the end
            // of its transaction: a write either lands whole or not at all.
            tracing::warn!(path, ms, "request timed out");
            Err(
                AppError::Timeout(Msg::key("request-timeout").arg("seconds", ms.div_ceil(1000)))
                    .into(),
            )
        }
    }
}
