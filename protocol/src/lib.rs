//! Chapeau wire protocol, version 1.
//!
//! The types of the wire contract (`docs/protocol.md`) and the rules a submission must follow.
//! Both sides use this crate: the widget validates a draft with the same rules the collector
//! enforces, so a visitor learns about a mistake before anything is sent.
//!
//! No Leptos, no DOM, no I/O: `cargo test -p chapeau-protocol` runs natively in seconds. It
//! needs nothing of `std` but allocation, so it is `no_std` (with `alloc`): any client or
//! backend can use it, whatever its platform.

#![no_std]
#![forbid(unsafe_code)]

extern crate alloc;
#[cfg(test)]
extern crate std;

/// What `std`'s prelude would have given every module.
mod prelude {
    pub(crate) use alloc::borrow::ToOwned;
    pub(crate) use alloc::format;
    pub(crate) use alloc::string::{String, ToString};
    pub(crate) use alloc::vec::Vec;
}

mod error;
mod reads;
mod strict;
mod submission;
mod text;
mod validate;

pub use error::{ErrorBody, ErrorCode, ErrorDetail, Violation};
pub use reads::{
    percent, Answer, PollOption, PollResults, PollView, PublicQuestion, ReceiptView, UpvoteCount, UpvoteRequest,
};
pub use submission::{
    Category, Contact, Content, Feedback, Kind, Page, Question, Receipt, ReceiptStatus, Submission,
    Vote,
};
pub use text::{cat, push_hex, is_email_shaped, is_rfc3339_timestamp, is_site_id, is_uuid, uuid_v4_from_bytes, uuid_v7};
pub use validate::{char_len, limits, parse_submission, parse_submission_carefully, validate_message, ParseError};

/// The protocol version this crate speaks; the `v` field of every submission.
pub const VERSION: u8 = 1;
