//! Who is asking: the session cookie is resolved once per request by `resolve_session`
//! (a middleware), and handlers read the result through the `CurrentUser`, `Visitor`
//! and `CsrfForm` extractors.

use std::future::{ready, Ready};

use actix_web::body::{BoxBody, MessageBody};
use actix_web::cookie::{time::Duration as CookieDuration, Cookie, SameSite};
use actix_web::dev::{Payload, ServiceRequest, ServiceResponse};
use actix_web::http::StatusCode;
use actix_web::middleware::Next;
use actix_web::{web, FromRequest, HttpMessage, HttpRequest};
use futures_util::future::LocalBoxFuture;
use serde::de::DeserializeOwned;
use serde::Deserialize;

use crate::domain::session::{session_state, should_touch, SessionState};
use crate::error::{AppError, AppResult};
use crate::policy::Actor;
use crate::security::{csrf, token};
use crate::store::{sessions, users};
use crate::web::state::AppState;

pub const SESSION_COOKIE: &str = "devolve_session";
/// A random nonce for visitors who are not logged in, so the login form has a CSRF token.
pub const PRE_COOKIE: &str = "devolve_pre";

#[derive(Debug, Clone)]
pub struct CurrentUser {
    pub actor: Actor,
    pub session_id: i32,
    pub username: String,
    pub display_name: String,
    /// The bureau, town or center the account belongs to, by name.
    pub unit: String,
    /// The interface language the user chose.
    pub lang: &'static str,
}

/// What the session middleware learned about the request.
#[derive(Debug, Clone, Default)]
pub struct RequestContext {
    pub user: Option<CurrentUser>,
    /// The language pages are shown in: the user's choice, else the visitor's cookie.
    pub lang: &'static str,
    /// The HttpOnly cookie value CSRF tokens are derived from.
    csrf_secret: Option<String>,
}

/// Where an outer middleware gets the request's context once this one has resolved it:
/// the deadline middleware no longer has the request when it gives up on it.
#[derive(Clone, Default)]
pub struct ContextSlot(std::rc::Rc<std::cell::RefCell<Option<RequestContext>>>);

impl ContextSlot {
    fn fill(&self, ctx: &RequestContext) {
        *self.0.borrow_mut() = Some(ctx.clone());
    }

    /// The context, or an anonymous one in `lang` when the session was not resolved yet.
    pub fn take_or(&self, lang: &'static str) -> RequestContext {
        self.0.borrow_mut().take().unwrap_or(RequestContext {
            lang,
            ..RequestContext::default()
        })
    }
}

impl RequestContext {
    pub fn csrf_token(&self) -> String {
        self.csrf_secret
            .as_deref()
            .map(csrf::token_for)
            .unwrap_or_default()
    }

    pub fn verify_csrf(&self, submitted: &str) -> AppResult<()> {
        match &self.csrf_secret {
            Some(secret) if csrf::is_valid(secret, submitted) => Ok(()),
            _ => {
                tracing::warn!("CSRF token rejected");
                Err(AppError::Csrf)
            }
        }
    }
}

pub fn client_addr(req: &HttpRequest) -> String {
    req.peer_addr()
        .map(|a| a.ip().to_string())
        .unwrap_or_else(|| "unknown".into())
}

pub fn session_cookie(value: String, secure: bool) -> Cookie<'static> {
    Cookie::build(SESSION_COOKIE, value)
        .path("/")
        .http_only(true)
        .same_site(SameSite::Lax)
        .secure(secure)
        .finish()
}

/// Tells the browser to drop a cookie; with the same flags it was set with, since a
/// browser may refuse to let a plain cookie replace a `Secure` one.
pub fn removal_cookie(name: &'static str, secure: bool) -> Cookie<'static> {
    let mut c = Cookie::build(name, "")
        .path("/")
        .http_only(true)
        .same_site(SameSite::Lax)
        .secure(secure)
        .finish();
    c.set_max_age(CookieDuration::ZERO);
    c
}

/// The language a visitor chose with the language cookie, else the default.
pub fn cookie_lang(req: &ServiceRequest) -> &'static str {
    crate::web::i18n::supported(
        req.cookie(crate::web::i18n::LANG_COOKIE)
            .as_ref()
            .map(|c| c.value())
            .unwrap_or(""),
    )
}

/// Paths that never need a session: assets, probes and the public API.
fn is_sessionless(path: &str) -> bool {
    path.starts_with("/static/")
        || path == "/healthz"
        || path == "/readyz"
        || path.starts_with("/api/")
}

pub async fn resolve_session(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, actix_web::Error> {
    if is_sessionless(req.path()) {
        return next.call(req).await.map(|r| r.map_into_boxed_body());
    }
    let state = req
        .app_data::<web::Data<AppState>>()
        .cloned()
        .ok_or_else(|| AppError::Internal(anyhow::anyhow!("application state missing")))?;
    let session_token = req.cookie(SESSION_COOKIE).map(|c| c.value().to_string());
    let pre_token = req.cookie(PRE_COOKIE).map(|c| c.value().to_string());

    let user = match &session_token {
        Some(t) => load_user(&state, t.clone()).await?,
        None => None,
    };
    let stale_session_cookie = session_token.is_some() && user.is_none();
    let mut new_pre = None;
    let csrf_secret = if user.is_some() {
        session_token
    } else if pre_token.is_some() {
        pre_token
    } else {
        let t = token::new_token();
        new_pre = Some(t.clone());
        Some(t)
    };
    // kept for the failure log below: who asked, and what (the path, never the query
    // string or the body, which may carry secrets)
    let who = user.as_ref().map(|u| u.actor.user_id);
    let (method, path) = (req.method().to_string(), req.path().to_string());
    let lang = match &user {
        Some(u) => u.lang,
        None => cookie_lang(&req),
    };
    let ctx = RequestContext {
        user,
        lang,
        csrf_secret,
    };
    // the deadline (outside) keeps a copy, to dress its answer should the request time out
    if let Some(slot) = req.extensions().get::<ContextSlot>() {
        slot.fill(&ctx);
    }
    req.extensions_mut().insert(ctx);

    let mut res = next.call(req).await?.map_into_boxed_body();
    log_access_failure(res.status(), who, &method, &path);
    let sets_session = res.response().cookies().any(|c| c.name() == SESSION_COOKIE);
    if stale_session_cookie && !sets_session {
        res.response_mut()
            .add_cookie(&removal_cookie(
                SESSION_COOKIE,
                state.settings.secure_cookies,
            ))
            .map_err(actix_web::error::ErrorInternalServerError)?;
    }
    if let Some(pre) = new_pre {
        let cookie = Cookie::build(PRE_COOKIE, pre)
            .path("/")
            .http_only(true)
            .same_site(SameSite::Lax)
            .secure(state.settings.secure_cookies)
            .finish();
        res.response_mut()
            .add_cookie(&cookie)
            .map_err(actix_web::error::ErrorInternalServerError)?;
    }
    Ok(res)
}

/// Authorization failures go to the log (ASVS V7): the user id, the method and the path,
/// never a password, token or cookie. (Login failures are logged by `auth::login`; a visitor
/// sent to the login page is not a failure.)
fn log_access_failure(status: StatusCode, user_id: Option<i32>, method: &str, path: &str) {
    if status == StatusCode::FORBIDDEN {
        tracing::warn!(user_id, method, path, "authorization failure: 403");
    }
}

/// The user behind a session token, if the session is still alive and the account active.
/// An expired session is deleted on sight.
async fn load_user(state: &AppState, token: String) -> AppResult<Option<CurrentUser>> {
    let limits = state.settings.session_limits();
    let now = state.clock.now_naive();
    state
        .db(move |conn| {
            let Some((session, user)) = sessions::find_with_user(conn, &token::token_hash(&token))?
            else {
                return Ok(None);
            };
            let alive = session_state(limits, session.created_at, session.last_seen_at, now)
                == SessionState::Active;
            let role = user.role();
            let (true, true, Some(role)) = (alive, user.active, role) else {
                sessions::delete(conn, session.id)?;
                return Ok(None);
            };
            if should_touch(session.last_seen_at, now) {
                sessions::touch(conn, session.id, now)?;
            }
            let unit = users::unit_name(conn, &user)?;
            Ok(Some(CurrentUser {
                actor: Actor {
                    user_id: user.id,
                    role,
                    bureau_id: user.bureau_id,
                    town_id: user.town_id,
                    center_id: user.center_id,
                },
                session_id: session.id,
                username: user.username,
                display_name: user.display_name,
                unit,
                lang: crate::web::i18n::supported(&user.lang),
            }))
        })
        .await
}

pub fn request_context(req: &HttpRequest) -> RequestContext {
    req.extensions()
        .get::<RequestContext>()
        .cloned()
        .unwrap_or_default()
}

/// Any visitor, logged in or not.
pub struct Visitor(pub RequestContext);

impl FromRequest for Visitor {
    type Error = AppError;
    type Future = Ready<Result<Self, AppError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        ready(Ok(Visitor(request_context(req))))
    }
}

impl FromRequest for CurrentUser {
    type Error = AppError;
    type Future = Ready<Result<Self, AppError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        ready(request_context(req).user.ok_or(AppError::Unauthenticated))
    }
}

/// A url-encoded form whose `_csrf` field has been checked before `T` is decoded.
pub struct CsrfForm<T>(pub T);

#[derive(Deserialize)]
struct CsrfField {
    #[serde(rename = "_csrf", default)]
    csrf: String,
}

impl<T: DeserializeOwned + 'static> FromRequest for CsrfForm<T> {
    type Error = AppError;
    type Future = LocalBoxFuture<'static, Result<Self, AppError>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let ctx = request_context(req);
        let body = web::Bytes::from_request(req, payload);
        Box::pin(async move {
            let body = body.await.map_err(form_body_error)?;
            let field: CsrfField = serde_urlencoded::from_bytes(&body).unwrap_or(CsrfField {
                csrf: String::new(),
            });
            ctx.verify_csrf(&field.csrf)?;
            check_field_lengths(&body)?;
            decode_form::<T>(&body).map(CsrfForm).map_err(AppError::bad)
        })
    }
}

/// Decodes a url-encoded form body. The error names the field: serde's message does for a
/// missing or repeated field but not for a number that does not parse, so then each field
/// is decoded alone to find the one at fault (only on this error path).
pub fn decode_form<T: DeserializeOwned>(body: &[u8]) -> Result<T, crate::i18n::Msg> {
    serde_urlencoded::from_bytes::<T>(body).map_err(|e| {
        let mut detail = e.to_string();
        if !detail.contains('`') {
            let pairs: Vec<(String, String)> =
                serde_urlencoded::from_bytes(body).unwrap_or_default();
            let at_fault = pairs.iter().find(|pair| {
                serde_urlencoded::to_string([pair]).is_ok_and(|one| {
                    serde_urlencoded::from_str::<T>(&one)
                        .is_err_and(|e| !e.to_string().contains("missing field"))
                })
            });
            if let Some((name, _)) = at_fault {
                detail = format!("`{name}`: {detail}");
            }
        }
        crate::i18n::Msg::key("form-invalid").arg("detail", detail)
    })
}

/// Why a form body could not be read: over the size limit (413), or broken (400).
fn form_body_error(e: actix_web::Error) -> AppError {
    use actix_web::error::PayloadError;
    match e.as_error::<PayloadError>() {
        Some(PayloadError::Overflow) => AppError::TooLarge(
            crate::i18n::Msg::key("form-too-large")
                .arg("max", crate::domain::limits::MAX_FORM_BYTES / 1024),
        ),
        _ => AppError::bad(crate::i18n::Msg::key("form-unreadable")),
    }
}

/// Refuses a form with a field over its limit (`domain::limits`), naming the field.
fn check_field_lengths(body: &[u8]) -> AppResult<()> {
    let pairs: Vec<(String, String)> = serde_urlencoded::from_bytes(body).unwrap_or_default();
    crate::domain::limits::check_fields(pairs.iter().map(|(n, v)| (n.as_str(), v.as_str())))
        .map_err(|e| {
            AppError::bad(
                crate::i18n::Msg::key("form-field-too-long")
                    .arg("field", e.field)
                    .arg("max", e.max)
                    .arg("actual", e.actual),
            )
        })
}

/// The first value of a field in a decoded form (forms with repeated fields decode to pairs).
pub fn form_value(pairs: &[(String, String)], name: &str) -> String {
    pairs
        .iter()
        .find(|(n, _)| n == name)
        .map(|(_, v)| v.clone())
        .unwrap_or_default()
}
