//! One application error. The user sees `user_message()` (Chinese, says what to do);
//! the log gets the cause. The HTML or JSON page around it is rendered by `web::errors`.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, ResponseError};

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// Bad input: the message names the field and says how to fix it.
    #[error("bad request: {0}")]
    BadRequest(String),
    #[error("not logged in")]
    Unauthenticated,
    #[error("forbidden")]
    Forbidden,
    #[error("not found")]
    NotFound,
    #[error("CSRF token missing or wrong")]
    Csrf,
    #[error("too many requests: {0}")]
    TooManyRequests(String),
    #[error("conflict: {0}")]
    Conflict(String),
    #[error("internal error: {0:#}")]
    Internal(#[from] anyhow::Error),
}

impl AppError {
    pub fn bad(msg: impl Into<String>) -> Self {
        Self::BadRequest(msg.into())
    }

    pub fn user_message(&self) -> String {
        match self {
            Self::BadRequest(m) | Self::TooManyRequests(m) | Self::Conflict(m) => m.clone(),
            Self::Unauthenticated => "请先登录。".into(),
            Self::Forbidden => "您的账号无权访问此页面。如确需访问，请联系管理员调整权限。".into(),
            Self::NotFound => "找不到您要的页面或记录，它可能已被删除。请从首页重新进入。".into(),
            Self::Csrf => "页面已过期或来源不明，操作未执行。请刷新页面后重试。".into(),
            Self::Internal(_) => {
                "服务器内部出错，操作未执行。请稍后重试；如果问题持续，请联系管理员。".into()
            }
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
                Self::Conflict("这项操作已经由另一个请求完成，请刷新页面查看。".into())
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
pub struct ErrorMessage(pub String);

impl ResponseError for AppError {
    fn status_code(&self) -> StatusCode {
        match self {
            Self::BadRequest(_) => StatusCode::BAD_REQUEST,
            Self::Unauthenticated => StatusCode::UNAUTHORIZED,
            Self::Forbidden | Self::Csrf => StatusCode::FORBIDDEN,
            Self::NotFound => StatusCode::NOT_FOUND,
            Self::TooManyRequests(_) => StatusCode::TOO_MANY_REQUESTS,
            Self::Conflict(_) => StatusCode::CONFLICT,
            Self::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn error_response(&self) -> HttpResponse {
        if let Self::Internal(cause) = self {
            tracing::error!(error = %format!("{cause:#}"), "request failed");
        }
        let mut res = HttpResponse::build(self.status_code())
            .content_type("text/plain; charset=utf-8")
            .body(self.user_message());
        res.extensions_mut()
            .insert(ErrorMessage(self.user_message()));
        res
    }
}

pub type AppResult<T> = Result<T, AppError>;
