//! Every way a request can fail, answered as the contract's JSON error.

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use chapeau_protocol::{ErrorBody, ErrorCode, ErrorDetail, Violation};

/// An error answered to a client.
#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    #[error("the body is not valid JSON: {0}")]
    MalformedJson(String),
    #[error("the body is larger than {limit} bytes")]
    PayloadTooLarge { limit: usize },
    #[error("send the submission as application/json")]
    UnsupportedMediaType,
    #[error("{}", .0.message)]
    Invalid(Violation),
    #[error("origin {origin:?} may not send submissions for site {site:?}")]
    OriginNotAllowed { origin: String, site: String },
    #[error("no site {0:?} on this collector")]
    UnknownSite(String),
    #[error("no poll {0:?} on this site")]
    UnknownPoll(String),
    #[error("no such route")]
    NotFound,
    #[error("this route does not take that method")]
    MethodNotAllowed,
    #[error("id {0} was already used for another submission")]
    IdConflict(String),
    #[error("too many requests; try again in {0} seconds")]
    RateLimited(u64),
    #[error("the collector cannot store anything right now; try again shortly")]
    Unavailable(#[source] sqlx::Error),
    #[error("the body did not arrive in time; send it again")]
    BodyTooSlow,
    #[error("the collector could not answer in time; try again shortly")]
    AnswerTooSlow,
}

impl ApiError {
    pub fn code(&self) -> ErrorCode {
        match self {
            Self::MalformedJson(_) => ErrorCode::MalformedJson,
            Self::PayloadTooLarge { .. } => ErrorCode::PayloadTooLarge,
            Self::UnsupportedMediaType => ErrorCode::UnsupportedMediaType,
            Self::Invalid(v) => v.code,
            Self::OriginNotAllowed { .. } => ErrorCode::OriginNotAllowed,
            Self::UnknownSite(_) => ErrorCode::UnknownSite,
            Self::UnknownPoll(_) => ErrorCode::UnknownPoll,
            Self::NotFound => ErrorCode::NotFound,
            Self::MethodNotAllowed => ErrorCode::MethodNotAllowed,
            Self::IdConflict(_) => ErrorCode::IdConflict,
            Self::RateLimited(_) => ErrorCode::RateLimited,
            Self::Unavailable(_) | Self::AnswerTooSlow => ErrorCode::Unavailable,
            Self::BodyTooSlow => ErrorCode::RequestTimeout,
        }
    }

    fn field(&self) -> Option<String> {
        match self {
            Self::Invalid(v) => Some(v.field.clone()),
            Self::UnknownSite(_) => Some("site".into()),
            Self::UnknownPoll(_) => Some("body.poll".into()),
            Self::IdConflict(_) => Some("id".into()),
            _ => None,
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let code = self.code();
        if let Self::Unavailable(source) = &self {
            tracing::error!(error = %source, "database unavailable");
        }
        let status =
            StatusCode::from_u16(code.http_status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let body =
            ErrorBody { error: ErrorDetail { code, message: self.to_string(), field: self.field() } };
        let mut response = (status, Json(body)).into_response();
        let retry_after = match self {
            Self::Unavailable(_) | Self::AnswerTooSlow => Some(5),
            Self::RateLimited(seconds) => Some(seconds),
            _ => None,
        };
        if let Some(seconds) = retry_after {
            response.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from(seconds));
        }
        response
    }
}

impl ApiError {
    /// `429` for a wait, rounded up to whole seconds.
    pub fn rate_limited(wait: std::time::Duration) -> ApiError {
        ApiError::RateLimited(wait.as_secs_f64().ceil().max(1.0) as u64)
    }
}

impl From<sqlx::Error> for ApiError {
    fn from(e: sqlx::Error) -> Self {
        ApiError::Unavailable(e)
    }
}
