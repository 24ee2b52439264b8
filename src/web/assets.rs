//! CSS and images, served from the binary: deployments have no internet, so no CDN.

use actix_web::http::header;
use actix_web::{get, web, HttpResponse};
use rust_embed::RustEmbed;

use crate::error::AppError;

#[derive(RustEmbed)]
#[folder = "static/"]
struct StaticFiles;

#[get("/static/{file:.*}")]
pub async fn asset(path: web::Path<String>) -> Result<HttpResponse, AppError> {
    let name = path.into_inner();
    let file = StaticFiles::get(&name).ok_or(AppError::NotFound)?;
    let mime = mime_guess::from_path(&name).first_or_octet_stream();
    Ok(HttpResponse::Ok()
        .content_type(mime.as_ref())
        .insert_header((header::CACHE_CONTROL, "public, max-age=3600"))
        .body(file.data.into_owned()))
}
