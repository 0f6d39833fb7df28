//! The submission a widget posts, and the receipt a backend answers with.

use crate::prelude::*;
use alloc::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// What a submission is; the `kind` field.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Feedback,
    Question,
    Vote,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Feedback => "feedback",
            Kind::Question => "question",
            Kind::Vote => "vote",
        }
    }
}

/// The category of a piece of feedback.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Category {
    Idea,
    Bug,
    Praise,
    Complaint,
    Other,
}

impl Category {
    pub const ALL: [Category; 5] =
        [Category::Idea, Category::Bug, Category::Praise, Category::Complaint, Category::Other];

    pub fn as_str(self) -> &'static str {
        match self {
            Category::Idea => "idea",
            Category::Bug => "bug",
            Category::Praise => "praise",
            Category::Complaint => "complaint",
            Category::Other => "other",
        }
    }
}

/// The page the visitor was on when they sent the submission.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Page {
    pub url: String,
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub lang: String,
}

/// How to reach the visitor; only with their consent.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Contact {
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub email: String,
    #[serde(default)]
    pub consent: bool,
}

/// The body of a `feedback` submission.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Feedback {
    #[serde(default)]
    pub rating: Option<u8>,
    pub category: Category,
    pub message: String,
    #[serde(default)]
    pub contact: Option<Contact>,
}

/// The body of a `question` submission.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Question {
    pub message: String,
    #[serde(default)]
    pub contact: Option<Contact>,
}

/// The body of a `vote` submission.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Vote {
    pub poll: String,
    pub choices: Vec<String>,
}

/// A submission's `kind` and `body` together, so that they can never disagree.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Content {
    Feedback(Feedback),
    Question(Question),
    Vote(Vote),
}

impl Content {
    pub fn kind(&self) -> Kind {
        match self {
            Content::Feedback(_) => Kind::Feedback,
            Content::Question(_) => Kind::Question,
            Content::Vote(_) => Kind::Vote,
        }
    }
}

/// One submission, as posted to `POST {base}/v1/submissions`. `M` holds `meta`: a map here,
/// where the collector reads it; the widget keeps the embed's pairs in their order instead
/// (JSON objects have no order, and a map would ship its code to every visitor).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Submission<M = BTreeMap<String, String>> {
    pub v: u8,
    /// Client-made UUID: the idempotency key.
    pub id: String,
    pub site: String,
    pub sent_at: String,
    pub page: Page,
    /// A random id kept in the visitor's browser storage; never a fingerprint.
    pub visitor: String,
    pub content: Content,
    pub meta: M,
    /// Honeypot: humans leave it empty.
    pub trap: String,
    /// Milliseconds between the form first showing and sending it: required, so that a
    /// client cannot skip the backend's check of it by leaving it out.
    pub dwell_ms: u64,
}

impl<M> Submission<M> {
    pub fn kind(&self) -> Kind {
        self.content.kind()
    }
}

#[derive(Serialize)]
#[serde(untagged)]
enum BodyRef<'a> {
    Feedback(&'a Feedback),
    Question(&'a Question),
    Vote(&'a Vote),
}

#[derive(Serialize)]
struct WireRef<'a, M> {
    v: u8,
    id: &'a str,
    site: &'a str,
    kind: Kind,
    sent_at: &'a str,
    page: &'a Page,
    visitor: &'a str,
    body: BodyRef<'a>,
    meta: &'a M,
    trap: &'a str,
    dwell_ms: u64,
}

/// Whatever holds `meta`, it must serialize as a JSON object of strings.
impl<M: Serialize> Serialize for Submission<M> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let body = match &self.content {
            Content::Feedback(b) => BodyRef::Feedback(b),
            Content::Question(b) => BodyRef::Question(b),
            Content::Vote(b) => BodyRef::Vote(b),
        };
        WireRef {
            v: self.v,
            id: &self.id,
            site: &self.site,
            kind: self.kind(),
            sent_at: &self.sent_at,
            page: &self.page,
            visitor: &self.visitor,
            body,
            meta: &self.meta,
            trap: &self.trap,
            dwell_ms: self.dwell_ms,
        }
        .serialize(serializer)
    }
}

/// The status of a submission, as its receipt shows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ReceiptStatus {
    Received,
    Answered,
    Resolved,
}

impl ReceiptStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            ReceiptStatus::Received => "received",
            ReceiptStatus::Answered => "answered",
            ReceiptStatus::Resolved => "resolved",
        }
    }
}

/// The answer to an accepted submission: `201` the first time, `200` on a replay.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Receipt {
    pub id: String,
    /// An unguessable token that lets the visitor read the status of this submission later.
    pub receipt: String,
    pub status: ReceiptStatus,
}
