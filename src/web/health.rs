//! Liveness and readiness probes.

use actix_web::{get, web, HttpResponse};
use diesel::RunQueryDsl;

use crate::web::state::AppState;

/// 200 while the process runs.
#[get("/healthz")]
pub async fn healthz() -> HttpResponse {
    HttpResponse::Ok().content_type("text/plain").body("ok")
}

/// 200 when the database answers a query, 503 otherwise.
#[get("/readyz")]
pub async fn readyz(state: web::Data<AppState>) -> HttpResponse {
    let ready = state
        .db(|conn| Ok(diesel::sql_query("SELECT 1").execute(conn)?))
        .await;
    match ready {
        Ok(_) => HttpResponse::Ok().content_type("text/plain").body("ready"),
        Err(e) => {
            tracing::error!(error = %e, "readiness check failed");
            HttpResponse::ServiceUnavailable()
                .content_type("text/plain; charset=utf-8")
                // a probe has no reader: the default language
                .body(crate::i18n::t("health-db-down"))
        }
    }
}
