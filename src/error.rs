//! One application error. The user sees `user_message()` (says what to do, in the
//! reader's language); the log gets the cause. The HTML or JSON page around it is rendered by `web::errors`.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, ResponseError};

use crate::i18n::Msg;

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// Bad input: the message names the field and says how to fix it.
    #[error("bad request: {0}")]
    BadRequest(Msg),
    #[error("not logged in")]
    Unauthenticated,
    #[error("forbidden")]
    Forbidden,
    #[error("not found")]
    NotFound,
    #[error("CSRF token missing or wrong")]
    Csrf,
    #[error("too many requests: {0}")]
    TooManyRequests(Msg),
    #[error("conflict: {0}")]
    Conflict(Msg),
    /// A body, upload or field over its limit: the message names the limit.
    #[error("too large: {0}")]
    TooLarge(Msg),
    #[error("internal error: {0:#}")]
    Internal(#[from] anyhow::Error),
}

impl AppError {
    pub fn bad(msg: impl Into<Msg>) -> Self {
        Self::BadRequest(msg.into())
    }

    pub fn conflict(msg: impl Into<Msg>) -> Self {
        Self::Conflict(msg.into())
    }

    pub fn user_message(&self) -> Msg {
        match self {
            Self::BadRequest(m)
            | Self::TooManyRequests(m)
            | Self::Conflict(m)
            | Self::TooLarge(m) => m.clone(),
            Self::Unauthenticated => Msg::key("error-unauthenticated"),
            Self::Forbidden => Msg::key("error-forbidden"),
            Self::NotFound => Msg::key("error-not-found"),
            Self::Csrf => Msg::key("error-csrf"),
            Self::Internal(_) => Msg::key("error-internal"),
        }
    }
}

impl From<diesel::result::Error> for AppError {
    fn from(e: diesel::result::Error) -> Self {
        use diesel::result::{DatabaseErrorKind, Error};
        match e {
            Error::NotFound => Self::NotFound,
            // Two requests raced to create the same row (a double click on PostgreSQL):
            // the loser is told plainly, and callers that can recover do.
            Error::DatabaseError(DatabaseErrorKind::UniqueViolation, _) => {
                Self::Conflict(Msg::key("error-raced"))
            }
            other => Self::Internal(other.into()),
        }
    }
}

impl From<diesel::r2d2::PoolError> for AppError {
    fn from(e: diesel::r2d2::PoolError) -> Self {
        Self::Internal(anyhow::anyhow!("database pool: {e}"))
    }
}

impl From<actix_web::error::BlockingError> for AppError {
    fn from(e: actix_web::error::BlockingError) -> Self {
        Self::Internal(anyhow::anyhow!("blocking task: {e}"))
    }
}

/// Carried on an error response so the error-page renderer knows what to say.
#[derive(Debug, Clone)]
pub struct ErrorMessage(pub Msg);

impl ResponseError for AppError {
    fn status_code(&self) -> StatusCode {
        match self {
            Self::BadRequest(_) => StatusCode::BAD_REQUEST,
            Self::Unauthenticated => StatusCode::UNAUTHORIZED,
            Self::Forbidden | Self::Csrf => StatusCode::FORBIDDEN,
            Self::NotFound => StatusCode::NOT_FOUND,
            Self::TooManyRequests(_) => StatusCode::TOO_MANY_REQUESTS,
            Self::Conflict(_) => StatusCode::CONFLICT,
            Self::TooLarge(_) => StatusCode::PAYLOAD_TOO_LARGE,
            Self::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn error_response(&self) -> HttpResponse {
        if let Self::Internal(cause) = self {
            tracing::error!(error = %format!("{cause:#}"), "request failed");
        }
        let mut res = HttpResponse::build(self.status_code())
            .content_type("text/plain; charset=utf-8")
            .body(self.user_message().to_string());
        res.extensions_mut()
            .insert(ErrorMessage(self.user_message()));
        res
    }
}

pub type AppResult<T> = Result<T, AppError>;
