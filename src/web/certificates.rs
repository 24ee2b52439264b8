//! Certificates: lists per role, the printable certificate with its QR code, revocation,
//! and the public verification page and API.

use actix_web::{get, post, web, HttpRequest, HttpResponse};
use serde::Deserialize;
use serde_json::{json, Value};

use crate::domain::certification::CertState;
use crate::domain::cst;
use crate::domain::names::check_title;
use crate::domain::pagination::{page_info, PageRequest};
use crate::error::{AppError, AppResult};
use crate::i18n::{t_in, Msg};
use crate::policy::{self, Action, CertificateOwner};
use crate::store::certificates::{self, CertListing};
use crate::store::{courses, items};
use crate::web::notify::certificate_mail;
use crate::web::render::{base_url, page, qr_data_url, redirect};
use crate::web::session::{request_context, CsrfForm, CurrentUser};
use crate::web::state::AppState;

fn state_of(c: &CertListing, state: &AppState) -> CertState {
    certificates::state_on(&c.status, &c.ends_on, cst::date_of(state.clock.now_naive()))
}

/// A certificate as pages show it, with its state today (labelled in the default language).
/// A certificate as pages show it, with its state today labelled in `lang`.
pub fn listing_json_in(c: &CertListing, state: &AppState, lang: &str) -> Value {
    let s = state_of(c, state);
    let mut v = json!(c);
    v["state"] = json!(s);
    v["state_label"] = json!(s.label_in(lang));
    v
}

#[derive(Deserialize)]
pub struct ListQuery {
    page: Option<i64>,
    item: Option<String>,
}

#[get("/certificates")]
pub async fn list_certificates(
    req: HttpRequest,
    state: web::Data<AppState>,
    user: CurrentUser,
    q: web::Query<ListQuery>,
) -> AppResult<HttpResponse> {
    policy::authorize(&user.actor, Action::ViewCertificates)?;
    let scope = policy::certificate_scope(&user.actor);
    let req_page = PageRequest::new(q.page, PageRequest::DEFAULT_SIZE);
    let item_code = q.item.clone().filter(|c| !c.trim().is_empty());
    let st = state.clone();
    let lang = user.lang;
    let data = state
        .db(move |conn| {
            let item = match &item_code {
                Some(code) => Some(
                    items::find_by_code(conn, code.trim())?
                        .ok_or_else(|| AppError::bad(Msg::key("certs-no-such-item")))?,
                ),
                None => None,
            };
            let item_id = item.as_ref().map(|i| i.item.id);
            let info = page_info(req_page, certificates::count(conn, scope, item_id)?);
            let rows: Vec<Value> = certificates::list(
                conn,
                scope,
                item_id,
                Some(PageRequest::new(Some(info.number), req_page.size)),
            )?
            .iter()
            .map(|c| listing_json_in(c, &st, lang))
            .collect();
            Ok(json!({
                "certificates": rows, "pager": info,
                "item": item.map(|i| json!({ "code": i.item.code, "name": i.item.name })),
                "extra": item_code.map(|c| format!("&item={c}")).unwrap_or_default(),
            }))
        })
        .await?;
    page(&req, &state, "pages/certificates/list", data)
}

/// Loads a certificate and checks the user may see it (or revoke it).
async fn visible(
    state: &AppState,
    user: &CurrentUser,
    id: i32,
    revoke: bool,
) -> AppResult<(CertListing, Vec<String>, bool)> {
    let actor = user.actor;
    state
        .db(move |conn| {
            let c = certificates::listing(conn, id).map_err(|_| AppError::NotFound)?;
            let bureau_ids = courses::bureau_ids(conn, c.item_id)?;
            let owner = CertificateOwner {
                holder_id: c.user_id,
                holder_town: c.town_id,
                item_bureaus: &bureau_ids,
            };
            policy::authorize_certificate(&actor, owner, revoke)?;
            let can_revoke = policy::allows_certificate_revoke(&actor, owner);
            let bureaus = items::bureaus(conn)?
                .into_iter()
                .filter(|b| bureau_ids.contains(&b.id))
                .map(|b| b.name)
                .collect();
            Ok((c, bureaus, can_revoke))
        })
        .await
}

#[get("/certificates/{id}")]
pub async fn show_certificate(
    req: HttpRequest,
    state: web::Data<AppState>,
    user: CurrentUser,
    id: web::Path<i32>,
) -> AppResult<HttpResponse> {
    let (c, bureaus, can_revoke) = visible(&state, &user, id.into_inner(), false).await?;
    let verify_url = format!("{}/verify/{}", base_url(&req, &state), c.code);
    let s = state_of(&c, &state);
    let lang = user.lang;
    let data = json!({
        "certificate": listing_json_in(&c, &state, lang),
        "bureaus": bureaus.join(&t_in(lang, "rules-list-separator")),
        "verify_url": verify_url,
        "qr": qr_data_url(&verify_url),
        "can_revoke": can_revoke && c.status == "active",
        "revoked": s == CertState::Revoked,
    });
    page(&req, &state, "pages/certificates/show", data)
}

#[derive(Deserialize)]
pub struct RevokeForm {
    #[serde(default)]
    reason: String,
}

#[post("/certificates/{id}/revoke")]
pub async fn revoke_certificate(
    state: web::Data<AppState>,
    user: CurrentUser,
    id: web::Path<i32>,
    CsrfForm(form): CsrfForm<RevokeForm>,
) -> AppResult<HttpResponse> {
    let (c, _, _) = visible(&state, &user, id.into_inner(), true).await?;
    let reason =
        check_title(Msg::key("certs-revoke-reason"), &form.reason, 200).map_err(AppError::bad)?;
    let (cid, actor, now) = (c.id, user.actor.user_id, state.clock.now_naive());
    state
        .db(move |conn| certificates::revoke(conn, cid, actor, &reason, now))
        .await?;
    certificate_mail(&state, "certificate_revoked", vec![cid]).await?;
    Ok(redirect(&format!("/certificates/{cid}")))
}

/// What anyone may learn from a certificate's code: its state, the item and the holder's
/// name. Nothing else personal. The state is labelled in `lang`.
fn public_view(c: &CertListing, state: &AppState, lang: &str) -> Value {
    let s = state_of(c, state);
    json!({
        "number": c.number,
        "status": s,
        "status_label": s.label_in(lang),
        "valid": s.is_valid(),
        "holder": c.holder,
        "item_code": c.item_code,
        "item": c.item_name,
        "issued_on": c.issued_on,
        "valid_until": c.ends_on,
        "revoked": s == CertState::Revoked,
    })
}

async fn by_code(state: &AppState, code: String) -> AppResult<Option<CertListing>> {
    // codes are 32 hex digits; anything else cannot match and is not worth a query
    if code.len() != 32 || !code.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Ok(None);
    }
    state
        .db(move |conn| {
            let Some(row) = certificates::find_by_code(conn, &code)? else {
                return Ok(None);
            };
            Ok(Some(certificates::listing(conn, row.id)?))
        })
        .await
}

#[get("/verify/{code}")]
pub async fn verify_page(
    req: HttpRequest,
    state: web::Data<AppState>,
    code: web::Path<String>,
) -> AppResult<HttpResponse> {
    let found = by_code(&state, code.into_inner()).await?;
    let lang = request_context(&req).lang;
    let data =
        json!({ "found": found.is_some(), "c": found.map(|c| public_view(&c, &state, lang)) });
    if data["found"] == json!(false) {
        return crate::web::render::page_with_status(
            &req,
            &state,
            actix_web::http::StatusCode::NOT_FOUND,
            "pages/certificates/verify",
            data,
        );
    }
    page(&req, &state, "pages/certificates/verify", data)
}

#[get("/api/v1/verify/{code}")]
pub async fn verify_api(
    state: web::Data<AppState>,
    code: web::Path<String>,
) -> AppResult<HttpResponse> {
    match by_code(&state, code.into_inner()).await? {
        // the JSON API speaks the default language
        Some(c) => Ok(HttpResponse::Ok().json(public_view(&c, &state, crate::i18n::DEFAULT_LANG))),
        None => Ok(HttpResponse::NotFound().json(json!({
            "error": Msg::key("certs-verify-not-found").to_string(),
            "status": 404,
        }))),
    }
}
