//! Importing the item catalog from a CSV or TOML file (role `admin`).

use actix_multipart::Multipart;
use actix_web::http::StatusCode;
use actix_web::{get, post, web, HttpRequest, HttpResponse};
use futures_util::StreamExt;
use serde_json::json;

use crate::domain::catalog::{self, CatalogContext, CatalogFormat};
use crate::error::{AppError, AppResult};
use crate::i18n::Msg;
use crate::policy::{self, Action};
use crate::store::catalog as store;
use crate::web::render::{page, page_with_status, say};
use crate::web::session::{request_context, CurrentUser};
use crate::web::state::AppState;

/// Large enough for several thousand items, small enough to hold in memory. It bounds the
/// whole multipart body, not each part, so many small parts cannot add up past it.
pub const MAX_FILE_BYTES: usize = crate::domain::limits::MAX_UPLOAD_BYTES;

#[get("/admin/catalog")]
pub async fn form(
    req: HttpRequest,
    state: web::Data<AppState>,
    user: CurrentUser,
) -> AppResult<HttpResponse> {
    policy::authorize(&user.actor, Action::ImportCatalog)?;
    page(
        &req,
        &state,
        "pages/admin/catalog",
        json!({ "errors": [], "summary": null, "file": null }),
    )
}

struct Upload {
    csrf: String,
    file_name: String,
    bytes: Vec<u8>,
}

async fn read_upload(mut payload: Multipart) -> AppResult<Upload> {
    let mut up = Upload {
        csrf: String::new(),
        file_name: String::new(),
        bytes: Vec::new(),
    };
    let mut total = 0usize;
    while let Some(field) = payload.next().await {
        let mut field = field.map_err(|_| AppError::bad(Msg::key("catalog-upload-unreadable")))?;
        let name = field.name().unwrap_or_default().to_string();
        if name == "file" {
            up.file_name = field
                .content_disposition()
                .and_then(|cd| cd.get_filename())
                .unwrap_or("catalog.csv")
                .to_string();
        }
        let mut buf = Vec::new();
        while let Some(chunk) = field.next().await {
            let chunk = chunk.map_err(|_| AppError::bad(Msg::key("catalog-upload-broken")))?;
            total += chunk.len();
            if total > MAX_FILE_BYTES {
                return Err(AppError::TooLarge(Msg::key("catalog-upload-too-large")));
            }
            buf.extend_from_slice(&chunk);
        }
        match name.as_str() {
            "_csrf" => up.csrf = String::from_utf8_lossy(&buf).into_owned(),
            "file" => up.bytes = buf,
            _ => {}
        }
    }
    Ok(up)
}

#[post("/admin/catalog")]
pub async fn import(
    req: HttpRequest,
    state: web::Data<AppState>,
    user: CurrentUser,
    payload: Multipart,
) -> AppResult<HttpResponse> {
    let upload = read_upload(payload).await?;
    request_context(&req).verify_csrf(&upload.csrf)?;
    policy::authorize(&user.actor, Action::ImportCatalog)?;
    let show = |status: StatusCode, data: serde_json::Value| {
        page_with_status(&req, &state, status, "pages/admin/catalog", data)
    };
    if upload.bytes.is_empty() {
        return show(
            StatusCode::BAD_REQUEST,
            json!({ "errors": [{ "line": 0, "message": say(&req, &Msg::key("catalog-upload-missing")) }], "summary": null, "file": null }),
        );
    }
    let Ok(text) = String::from_utf8(upload.bytes) else {
        return show(
            StatusCode::BAD_REQUEST,
            json!({ "errors": [{ "line": 0, "message": say(&req, &Msg::key("catalog-upload-not-utf8")) }], "summary": null, "file": upload.file_name }),
        );
    };
    let format = CatalogFormat::from_file_name(&upload.file_name);
    let now = state.clock.now_naive();
    let actor_id = user.actor.user_id;
    let file_name = upload.file_name.clone();
    let outcome = state
        .db(move |conn| {
            let (bureaus, protected) = store::context(conn)?;
            let ctx = CatalogContext {
                bureaus: &bureaus,
                protected_codes: &protected,
            };
            match catalog::parse(format, &text, &ctx) {
                Ok(rows) => Ok(Ok(store::import(
                    conn,
                    &rows,
                    Some(actor_id),
                    &file_name,
                    now,
                )?)),
                Err(errors) => Ok(Err(errors)),
            }
        })
        .await?;
    match outcome {
        Ok(summary) => show(
            StatusCode::OK,
            json!({ "errors": [], "summary": { "created": summary.created, "updated": summary.updated }, "file": upload.file_name }),
        ),
        Err(errors) => {
            let errors: Vec<_> = errors
                .iter()
                .map(|e| json!({ "line": e.line, "message": say(&req, &e.message) }))
                .collect();
            show(
                StatusCode::BAD_REQUEST,
                json!({ "errors": errors, "summary": null, "file": upload.file_name }),
            )
        }
    }
}
