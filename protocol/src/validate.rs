//! Parsing a submission from bytes, and the rules of the contract.

use crate::prelude::*;
use alloc::collections::BTreeMap;

use serde::Deserialize;

use crate::error::{ErrorCode, Violation};
use crate::submission::{Category, Contact, Content, Feedback, Kind, Page, Question, Submission, Vote};
use crate::strict::{StrictStrings, StrictValue};
use crate::text::{cat, is_email_shaped, is_rfc3339_timestamp, is_token, is_uuid};

/// The contract's limits, in one place for both sides and for the docs.
pub mod limits {
    /// Largest body a backend must accept, in bytes.
    pub const MAX_BODY_BYTES: usize = 16 * 1024;
    /// A message's length after trimming, in characters.
    pub const MESSAGE_MAX_CHARS: usize = 5000;
    pub const NAME_MAX_CHARS: usize = 100;
    pub const EMAIL_MAX_CHARS: usize = 254;
    pub const META_MAX_KEYS: usize = 20;
    pub const META_KEY_MAX_CHARS: usize = 64;
    pub const META_VALUE_MAX_CHARS: usize = 500;
    pub const URL_MAX_CHARS: usize = 2048;
    pub const TITLE_MAX_CHARS: usize = 300;
    pub const LANG_MAX_CHARS: usize = 35;
    pub const TRAP_MAX_CHARS: usize = 1000;
    pub const ID_MAX_CHARS: usize = 64;
    pub const VISITOR_MIN_CHARS: usize = 8;
    pub const CHOICES_MAX: usize = 50;
}

/// Why bytes could not become a valid [`Submission`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ParseError {
    /// Not JSON at all (`400`).
    Malformed(String),
    /// JSON that breaks a rule of the contract (`422`).
    Invalid(Violation),
}

/// A submission's envelope, its body (`B`) not yet read as its kind's content.
#[derive(Deserialize)]
#[serde(deny_unknown_fields, bound(deserialize = "B: Deserialize<'de>, M: Deserialize<'de> + Default"))]
struct RawSubmission<B, M> {
    v: u8,
    id: String,
    site: String,
    kind: Kind,
    sent_at: String,
    page: Page,
    visitor: String,
    body: B,
    #[serde(default)]
    meta: M,
    #[serde(default)]
    trap: String,
    dwell_ms: u64,
}

impl<B, M: Into<BTreeMap<String, String>>> RawSubmission<B, M> {
    /// The submission, its body read by `content` as its kind's.
    fn into_submission<E>(self, content: impl FnOnce(Kind, B) -> Result<Content, E>) -> Result<Submission, E> {
        Ok(Submission {
            v: self.v,
            id: self.id,
            site: self.site,
            content: content(self.kind, self.body)?,
            sent_at: self.sent_at,
            page: self.page,
            visitor: self.visitor,
            meta: self.meta.into(),
            trap: self.trap,
            dwell_ms: self.dwell_ms,
        })
    }
}

impl From<StrictStrings> for BTreeMap<String, String> {
    fn from(strings: StrictStrings) -> Self {
        strings.0
    }
}

/// Parses and validates one submission: what a backend does with a request body.
pub fn parse_submission(bytes: &[u8]) -> Result<Submission, ParseError> {
    // Most bodies are whole submissions: they are read straight into their types. Any other
    // is read again the careful way, which says what is wrong and where, but builds the
    // whole JSON tree and follows the path of every field on the way: twice as long.
    let Some(submission) = read_directly(bytes) else {
        return parse_submission_carefully(bytes);
    };
    submission.validate().map_err(ParseError::Invalid)?;
    Ok(submission)
}

/// The bytes read straight into a submission, if nothing but the contract's rules can be
/// wrong with them; `None` for anything else. It takes no more than the careful way does: an
/// object only (serde would take an array for a struct); no duplicated key (serde's derive
/// refuses them in structs, the body's included, [`StrictStrings`] in `meta`); and
/// text that may hold a NUL is left to the careful way.
fn read_directly(bytes: &[u8]) -> Option<Submission> {
    let an_object = bytes.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'{');
    if !an_object || may_hold_nul(bytes) {
        return None;
    }
    // UTF-8 checked once, in one pass over the whole body: read from bytes, serde_json checks
    // each string apart as it reads it, a call per string (2% of a submission's instructions
    // in the collector, BENCHMARKS.md). Bytes that are not UTF-8 go the careful way.
    let text = core::str::from_utf8(bytes).ok()?;
    let raw: RawSubmission<AnyBody, StrictStrings> = serde_json::from_str(text).ok()?;
    raw.into_submission(|kind, body| body.into_content(kind).ok_or(())).ok()
}

/// A body read straight from the bytes before its kind is known (`kind` may come after it):
/// every field of every kind, each remembering whether it was there, `null` included. Read
/// in one pass, where reading a JSON tree first then the kind's type from it built every
/// value twice. Duplicated and unknown keys fail the read, as in the kinds' own types.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct AnyBody {
    #[serde(default, deserialize_with = "present")]
    rating: Option<Option<u8>>,
    #[serde(default, deserialize_with = "present")]
    category: Option<Category>,
    #[serde(default, deserialize_with = "present")]
    message: Option<String>,
    #[serde(default, deserialize_with = "present")]
    contact: Option<Option<Contact>>,
    #[serde(default, deserialize_with = "present")]
    poll: Option<String>,
    #[serde(default, deserialize_with = "present")]
    choices: Option<Vec<String>>,
}

/// A field that was there, whatever its value.
fn present<'de, D: serde::Deserializer<'de>, T: Deserialize<'de>>(d: D) -> Result<Option<T>, D::Error> {
    T::deserialize(d).map(Some)
}

impl AnyBody {
    /// The body as `kind`'s, if it has that kind's fields and no other's; anything else is
    /// for the careful way to explain.
    fn into_content(self, kind: Kind) -> Option<Content> {
        let AnyBody { rating, category, message, contact, poll, choices } = self;
        match kind {
            Kind::Feedback if poll.is_none() && choices.is_none() => Some(Content::Feedback(Feedback {
                rating: rating.flatten(),
                category: category?,
                message: message?,
                contact: contact.flatten(),
            })),
            Kind::Question if rating.is_none() && category.is_none() && poll.is_none() && choices.is_none() => {
                Some(Content::Question(Question { message: message?, contact: contact.flatten() }))
            }
            Kind::Vote if rating.is_none() && category.is_none() && message.is_none() && contact.is_none() => {
                Some(Content::Vote(Vote { poll: poll?, choices: choices? }))
            }
            _ => None,
        }
    }
}

/// JSON can only carry a NUL escaped: most bodies are spared looking for one.
fn may_hold_nul(bytes: &[u8]) -> bool {
    bytes.windows(6).any(|w| w == b"\\u0000")
}

/// [`parse_submission`] the careful way only: what it answers for anything but a whole
/// submission. Public for the tests that check both ways agree.
#[doc(hidden)]
pub fn parse_submission_carefully(bytes: &[u8]) -> Result<Submission, ParseError> {
    let StrictValue(value) = serde_json::from_slice(bytes).map_err(|e| ParseError::Malformed(e.to_string()))?;
    if !value.is_object() {
        return Err(ParseError::Invalid(Violation::new(
            ErrorCode::InvalidType,
            "",
            "a submission is a JSON object",
        )));
    }
    if let Some(field) = may_hold_nul(bytes).then(|| nul_in(&value, "")).flatten() {
        // Text with U+0000 is no one's message, and PostgreSQL cannot store it.
        return Err(ParseError::Invalid(Violation::new(ErrorCode::InvalidFormat, field, "text must not contain the NUL character")));
    }
    let raw: RawSubmission<serde_json::Value, BTreeMap<String, String>> = from_value(value, "").map_err(ParseError::Invalid)?;
    let submission = raw.into_submission(|kind, body| {
        Ok::<_, Violation>(match kind {
            Kind::Feedback => Content::Feedback(from_value(body, "body")?),
            Kind::Question => Content::Question(from_value(body, "body")?),
            Kind::Vote => Content::Vote(from_value(body, "body")?),
        })
    })?;
    submission.validate().map_err(ParseError::Invalid)?;
    Ok(submission)
}

/// The field (`body.message`, `body.choices[2]`) of the first string, or key, with a NUL.
fn nul_in(value: &serde_json::Value, at: &str) -> Option<String> {
    use serde_json::Value;
    match value {
        Value::String(s) => s.contains('\0').then(|| at.to_string()),
        Value::Array(items) => items.iter().enumerate().find_map(|(i, v)| nul_in(v, &format!("{at}[{i}]"))),
        Value::Object(map) => map.iter().find_map(|(k, v)| {
            if k.contains('\0') {
                return Some(at.to_string());
            }
            nul_in(v, &if at.is_empty() { k.clone() } else { format!("{at}.{k}") })
        }),
        _ => None,
    }
}

impl From<Violation> for ParseError {
    fn from(v: Violation) -> Self {
        ParseError::Invalid(v)
    }
}

/// Deserializes with the path of the offending field, turned into a [`Violation`].
fn from_value<T: serde::de::DeserializeOwned>(
    value: serde_json::Value,
    prefix: &str,
) -> Result<T, Violation> {
    serde_path_to_error::deserialize(value).map_err(|err| {
        let path = err.path().to_string();
        let inner = err.into_inner().to_string();
        let join = |a: &str, b: &str| match (a, b) {
            ("", b) => b.to_string(),
            (a, "") => a.to_string(),
            (a, b) => format!("{a}.{b}"),
        };
        let base = join(prefix, if path == "." { "" } else { &path });
        let quoted = inner.split('`').nth(1).unwrap_or_default();
        let (code, field) = if inner.starts_with("missing field") {
            (ErrorCode::Required, join(&base, quoted))
        } else if inner.starts_with("unknown field") {
            // The path already ends with the unknown key.
            (ErrorCode::UnknownField, base)
        } else if inner.starts_with("invalid type") {
            (ErrorCode::InvalidType, base)
        } else {
            (ErrorCode::OutOfRange, base)
        };
        Violation::new(code, field, inner)
    })
}

/// How many characters `s` has: its bytes that do not continue a character. (What
/// `chars().count()` says, in a loop small enough for the widget, which checks drafts with
/// these rules.)
pub fn char_len(s: &str) -> usize {
    s.bytes().filter(|&b| (b & 0xc0) != 0x80).count()
}

fn max_chars(value: &str, max: usize, field: &str) -> Result<(), Violation> {
    if char_len(value) > max {
        return Err(Violation::new(
            ErrorCode::TooLong,
            field,
            cat(&[field, " is longer than ", &max.to_string(), " characters"]),
        ));
    }
    Ok(())
}

fn format_rule(ok: bool, field: &str, what: &str) -> Result<(), Violation> {
    if ok {
        Ok(())
    } else {
        Err(Violation::new(ErrorCode::InvalidFormat, field, cat(&[field, " must be ", what])))
    }
}

/// A message: 1 to 5000 characters once trimmed.
pub fn validate_message(message: &str, field: &str) -> Result<(), Violation> {
    let trimmed = message.trim();
    if trimmed.is_empty() {
        return Err(Violation::new(ErrorCode::Required, field, cat(&[field, " is empty"])));
    }
    max_chars(trimmed, limits::MESSAGE_MAX_CHARS, field)
}

impl Contact {
    /// Name and email within limits, an email shaped like one, and consent whenever either is given.
    pub fn validate(&self, field: &str) -> Result<(), Violation> {
        let email_field = cat(&[field, ".email"]);
        max_chars(&self.name, limits::NAME_MAX_CHARS, &cat(&[field, ".name"]))?;
        let email = self.email.trim();
        max_chars(email, limits::EMAIL_MAX_CHARS, &email_field)?;
        if !email.is_empty() && !is_email_shaped(email) {
            return Err(Violation::new(
                ErrorCode::InvalidEmail,
                email_field,
                "email is not an email address",
            ));
        }
        let given = !self.name.trim().is_empty() || !email.is_empty();
        if given && !self.consent {
            return Err(Violation::new(
                ErrorCode::ConsentRequired,
                cat(&[field, ".consent"]),
                "contact details need the visitor's consent to be contacted",
            ));
        }
        Ok(())
    }
}

fn validate_contact(contact: &Option<Contact>) -> Result<(), Violation> {
    contact.as_ref().map_or(Ok(()), |c| c.validate("body.contact"))
}

impl Content {
    /// The rules of the body of each kind that need no backend state (a vote's poll is
    /// checked by the backend, which knows the poll).
    pub fn validate(&self) -> Result<(), Violation> {
        match self {
            Content::Feedback(f) => {
                if let Some(rating) = f.rating {
                    if !(1..=5).contains(&rating) {
                        return Err(Violation::new(
                            ErrorCode::OutOfRange,
                            "body.rating",
                            "rating is from 1 to 5",
                        ));
                    }
                }
                validate_message(&f.message, "body.message")?;
                validate_contact(&f.contact)
            }
            Content::Question(q) => {
                validate_message(&q.message, "body.message")?;
                validate_contact(&q.contact)
            }
            Content::Vote(v) => {
                format_rule(is_token(&v.poll, 1, limits::ID_MAX_CHARS), "body.poll", "a poll id")?;
                if v.choices.is_empty() {
                    return Err(Violation::new(ErrorCode::Required, "body.choices", "no choice"));
                }
                if v.choices.len() > limits::CHOICES_MAX {
                    return Err(Violation::new(ErrorCode::TooMany, "body.choices", "too many choices"));
                }
                for (i, choice) in v.choices.iter().enumerate() {
                    let field = cat(&["body.choices.", &i.to_string()]);
                    format_rule(is_token(choice, 1, limits::ID_MAX_CHARS), &field, "an option id")?;
                    if v.choices[..i].contains(choice) {
                        return Err(Violation::new(ErrorCode::OutOfRange, field, "choices repeat"));
                    }
                }
                Ok(())
            }
        }
    }
}

impl Submission {
    /// Every rule of the contract that needs no backend state, first failure first.
    pub fn validate(&self) -> Result<(), Violation> {
        if self.v != crate::VERSION {
            return Err(Violation::new(ErrorCode::OutOfRange, "v", "this backend speaks version 1"));
        }
        format_rule(is_uuid(&self.id), "id", "a UUID")?;
        format_rule(is_token(&self.site, 1, limits::ID_MAX_CHARS), "site", "a site id")?;
        format_rule(is_rfc3339_timestamp(&self.sent_at), "sent_at", "an RFC 3339 date-time")?;
        if self.page.url.is_empty() {
            return Err(Violation::new(ErrorCode::Required, "page.url", "page.url is empty"));
        }
        max_chars(&self.page.url, limits::URL_MAX_CHARS, "page.url")?;
        max_chars(&self.page.title, limits::TITLE_MAX_CHARS, "page.title")?;
        max_chars(&self.page.lang, limits::LANG_MAX_CHARS, "page.lang")?;
        format_rule(
            is_token(&self.visitor, limits::VISITOR_MIN_CHARS, limits::ID_MAX_CHARS),
            "visitor",
            "a random visitor id of 8 to 64 letters, digits, - or _",
        )?;
        self.content.validate()?;
        if self.meta.len() > limits::META_MAX_KEYS {
            return Err(Violation::new(ErrorCode::TooMany, "meta", "meta has more than 20 keys"));
        }
        for (key, value) in &self.meta {
            let field = format!("meta.{key}");
            if key.is_empty() {
                return Err(Violation::new(ErrorCode::Required, "meta", "a meta key is empty"));
            }
            max_chars(key, limits::META_KEY_MAX_CHARS, &field)?;
            max_chars(value, limits::META_VALUE_MAX_CHARS, &field)?;
        }
        max_chars(&self.trap, limits::TRAP_MAX_CHARS, "trap")
    }
}

#[cfg(test)]
mod tests;
