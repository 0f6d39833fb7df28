//! The contract's error body and the machine codes both sides agree on.

use crate::prelude::*;
use serde::{Deserialize, Serialize};

/// Machine-readable error codes carried in `{"error": {"code": …}}`.
///
/// The widget turns each into a sentence in the visitor's language; the collector sends them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    /// 400: the body is not JSON.
    MalformedJson,
    /// 413: the body is larger than [`crate::limits::MAX_BODY_BYTES`].
    PayloadTooLarge,
    /// 415: the request is not `application/json`.
    UnsupportedMediaType,
    /// 422: a required field is missing or empty.
    Required,
    /// 422: a field the contract does not know.
    UnknownField,
    /// 422: a field of the wrong JSON type.
    InvalidType,
    /// 422: a text longer than its limit.
    TooLong,
    /// 422: a value outside its range or set (rating, category, version, choices).
    OutOfRange,
    /// 422: a value of the wrong shape (id, timestamp, site id).
    InvalidFormat,
    /// 422: an email address that is not shaped like one.
    InvalidEmail,
    /// 422: contact details given without consent to be contacted.
    ConsentRequired,
    /// 422: too many entries in a map or list.
    TooMany,
    /// 422: a vote on a closed poll.
    PollClosed,
    /// 403: the request's origin is not allowed for the site.
    OriginNotAllowed,
    /// 404: no such site.
    UnknownSite,
    /// 404: no such poll.
    UnknownPoll,
    /// 404: no such route or resource.
    NotFound,
    /// 405: the route exists but not with this method.
    MethodNotAllowed,
    /// 409: the id was already used for another submission.
    IdConflict,
    /// 408: the request's body did not arrive in time; send it again.
    RequestTimeout,
    /// 429: too many requests; see `Retry-After`.
    RateLimited,
    /// 503: the backend cannot store anything right now; try again later.
    Unavailable,
    /// 500: a bug on the backend's side.
    Internal,
}

impl ErrorCode {
    /// The code as it travels on the wire.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::MalformedJson => "malformed_json",
            Self::PayloadTooLarge => "payload_too_large",
            Self::UnsupportedMediaType => "unsupported_media_type",
            Self::Required => "required",
            Self::UnknownField => "unknown_field",
            Self::InvalidType => "invalid_type",
            Self::TooLong => "too_long",
            Self::OutOfRange => "out_of_range",
            Self::InvalidFormat => "invalid_format",
            Self::InvalidEmail => "invalid_email",
            Self::ConsentRequired => "consent_required",
            Self::TooMany => "too_many",
            Self::PollClosed => "poll_closed",
            Self::OriginNotAllowed => "origin_not_allowed",
            Self::UnknownSite => "unknown_site",
            Self::UnknownPoll => "unknown_poll",
            Self::NotFound => "not_found",
            Self::MethodNotAllowed => "method_not_allowed",
            Self::IdConflict => "id_conflict",
            Self::RequestTimeout => "request_timeout",
            Self::RateLimited => "rate_limited",
            Self::Unavailable => "unavailable",
            Self::Internal => "internal",
        }
    }

    /// Every code, for lookups.
    pub const ALL: [ErrorCode; 23] = [
        Self::MalformedJson, Self::PayloadTooLarge, Self::UnsupportedMediaType, Self::Required,
        Self::UnknownField, Self::InvalidType, Self::TooLong, Self::OutOfRange,
        Self::InvalidFormat, Self::InvalidEmail, Self::ConsentRequired, Self::TooMany,
        Self::PollClosed, Self::OriginNotAllowed, Self::UnknownSite, Self::UnknownPoll,
        Self::NotFound, Self::MethodNotAllowed, Self::IdConflict, Self::RequestTimeout, Self::RateLimited,
        Self::Unavailable, Self::Internal,
    ];

    /// The code a wire name stands for, if it is one of the contract's.
    pub fn from_wire(name: &str) -> Option<ErrorCode> {
        Self::ALL.into_iter().find(|code| code.as_str() == name)
    }

    /// The HTTP status the contract pairs with this code.
    pub fn http_status(self) -> u16 {
        match self {
            Self::MalformedJson => 400,
            Self::OriginNotAllowed => 403,
            Self::UnknownSite | Self::UnknownPoll | Self::NotFound => 404,
            Self::MethodNotAllowed => 405,
            Self::RequestTimeout => 408,
            Self::IdConflict => 409,
            Self::PayloadTooLarge => 413,
            Self::UnsupportedMediaType => 415,
            Self::RateLimited => 429,
            Self::Internal => 500,
            Self::Unavailable => 503,
            Self::Required
            | Self::UnknownField
            | Self::InvalidType
            | Self::TooLong
            | Self::OutOfRange
            | Self::InvalidFormat
            | Self::InvalidEmail
            | Self::ConsentRequired
            | Self::TooMany
            | Self::PollClosed => 422,
        }
    }
}

/// A rule a submission broke: which field, and how.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Violation {
    /// What is wrong, as a machine code.
    pub code: ErrorCode,
    /// The dotted path of the field, as in `body.message`.
    pub field: String,
    /// A sentence for developers reading logs or responses (not for visitors: the widget
    /// words its own message from `code` in the visitor's language). Empty without the
    /// `messages` feature, as in the widget.
    pub message: String,
}

impl Violation {
    pub(crate) fn new(code: ErrorCode, field: impl Into<String>, message: impl Into<String>) -> Self {
        #[cfg(feature = "messages")]
        let message = message.into();
        // Not kept, so the optimizer drops the texts and the code that wrote them.
        #[cfg(not(feature = "messages"))]
        let message = {
            drop(message);
            String::new()
        };
        Self { code, field: field.into(), message }
    }
}

/// `{"error": {...}}`, the body of every error answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ErrorBody {
    pub error: ErrorDetail,
}

/// The inside of [`ErrorBody`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ErrorDetail {
    pub code: ErrorCode,
    pub message: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
}

impl From<Violation> for ErrorBody {
    fn from(v: Violation) -> Self {
        ErrorBody { error: ErrorDetail { code: v.code, message: v.message, field: Some(v.field) } }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_serialize_as_their_wire_names() {
        for code in [ErrorCode::MalformedJson, ErrorCode::IdConflict, ErrorCode::ConsentRequired] {
            assert_eq!(serde_json::to_value(code).unwrap(), code.as_str());
        }
    }

    #[test]
    fn every_code_round_trips_through_its_wire_name() {
        for code in ErrorCode::ALL {
            assert_eq!(ErrorCode::from_wire(code.as_str()), Some(code));
            let json = serde_json::to_string(&code).unwrap();
            assert_eq!(json, format!("\"{}\"", code.as_str()));
        }
        assert_eq!(ErrorCode::from_wire("nonsense"), None);
    }

    #[test]
    fn error_body_omits_field_when_none_applies() {
        let body = ErrorBody {
            error: ErrorDetail { code: ErrorCode::MalformedJson, message: "bad".into(), field: None },
        };
        assert_eq!(
            serde_json::to_string(&body).unwrap(),
            r#"{"error":{"code":"malformed_json","message":"bad"}}"#
        );
    }
}
