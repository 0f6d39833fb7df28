//! Storing a submission exactly once, and a vote as the visitor's current ballot.

use base64::Engine;
use chapeau_protocol::{Category, Contact, Content, Receipt, ReceiptStatus, Submission};
use sha2::{Digest, Sha256};
use sqlx::Row;

use super::allowances::Allowance;
use super::ballots::Ballot;
use super::{now_rfc3339, Db};

/// What storing a submission did.
#[derive(Debug, PartialEq, Eq)]
pub enum Stored {
    /// First time this id was seen: stored now.
    Created(Receipt),
    /// The same submission again (a retry): nothing stored, the original receipt returned.
    Replayed(Receipt),
    /// The id, already taken by a submission with other content.
    Conflict(String),
    /// Nothing stored: the client's network used its allowance; it may try again after this.
    Limited(std::time::Duration),
}

/// Where a submission came from and how the collector judged it, beside its content.
pub struct Arrival {
    pub submission: Submission,
    pub origin: String,
    pub spam: bool,
    /// The webhook notification to queue with it, as `(delivery id, payload)`.
    pub webhook: Option<(String, String)>,
    /// For a vote: its network's allowance in the poll, which storing it uses.
    pub allowance: Option<Allowance>,
}

/// One value of a row, as both drivers bind it.
#[derive(Debug, Clone)]
pub(super) enum Value {
    Text(Option<String>),
    /// A name the code itself spells (a kind, a category).
    Static(&'static str),
    Integer(Option<i64>),
}

/// A query through sqlx's driver for either database.
pub(super) type AnyQuery<'q> = sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments<'q>>;

impl Value {
    /// `query` with this value bound to its next placeholder.
    pub(super) fn bind_to<'q>(&'q self, query: AnyQuery<'q>) -> AnyQuery<'q> {
        match self {
            Value::Text(text) => query.bind(text.as_deref()),
            Value::Static(text) => query.bind(*text),
            Value::Integer(n) => query.bind(*n),
        }
    }
}

/// One statement and its values.
pub(super) struct Statement {
    pub sql: &'static str,
    pub values: Vec<Value>,
}

/// Everything storing one submission writes, computed before it waits for the database, so
/// that the writer of a group only writes: the submission's row, then, only if its id was
/// new, the use of its allowance (when that changes no row, the submission's row is taken
/// back), then the rows that depend on it (the ballot of a vote, the webhook to send).
pub(super) struct NewRows {
    pub submission: Statement,
    pub allowance: Option<Statement>,
    pub dependents: Vec<Statement>,
    /// The poll whose tallies a vote moves, as `site/poll`: PostgreSQL's writer locks each
    /// poll of a group in one order, so that two processes never wait for each other.
    pub poll: Option<String>,
}

/// What writing one submission's rows did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Written {
    /// Committed.
    Created,
    /// Its id was taken already: nothing written.
    Taken,
    /// Its network had no allowance left: nothing written.
    Refused,
}

/// Takes back a submission's row in its own transaction, when its allowance was used up.
pub(super) const TAKE_BACK_SUBMISSION: &str = "DELETE FROM submissions WHERE id = ?";

/// The columns a submission fills, in the order of its values.
macro_rules! submission_columns {
    () => {
        "INSERT INTO submissions (id, receipt, site, kind, spam, content_hash,
         received_at, sent_at, page_url, page_title, page_lang, visitor, origin, body, meta,
         dwell_ms, category, rating, message, contact_name, contact_email)"
    };
}

/// The insert of one submission, as SQLite's writer runs it for each of a group.
pub(super) const INSERT_SUBMISSION: &str = concat!(submission_columns!(), "
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (id) DO NOTHING");

/// How many values a submission's row has.
pub(super) const SUBMISSION_VALUES: usize = 21;

/// The insert of `count` submissions in one statement, as PostgreSQL's writer runs it for a
/// group: the ids of those inserted come back (an id already taken is skipped).
pub(super) fn insert_submissions(count: usize) -> String {
    let mut sql = String::from(submission_columns!());
    sql.push_str(" VALUES ");
    for row in 0..count {
        sql.push_str(if row == 0 { "(" } else { ", (" });
        for column in 0..SUBMISSION_VALUES {
            if column > 0 {
                sql.push_str(", ");
            }
            sql.push('$');
            sql.push_str(&(row * SUBMISSION_VALUES + column + 1).to_string());
        }
        sql.push(')');
    }
    sql.push_str(" ON CONFLICT (id) DO NOTHING RETURNING id");
    sql
}

const INSERT_WEBHOOK: &str =
    "INSERT INTO webhook_deliveries (id, site, submission_id, payload, next_attempt_at) VALUES (?, ?, ?, ?, ?)";

fn text(value: String) -> Value {
    Value::Text(Some(value))
}

/// Contact details as stored: trimmed, and none when blank.
fn trimmed(value: String) -> Value {
    match value.trim() {
        "" => Value::Text(None),
        t if t.len() == value.len() => text(value),
        t => text(t.to_string()),
    }
}

impl NewRows {
    /// The submission's id.
    pub(super) fn id(&self) -> &str {
        match self.submission.values.first() {
            Some(Value::Text(Some(id))) => id,
            _ => "",
        }
    }

    /// The rows of `arrival`, received now with this receipt, its content serialized once in
    /// `content`. The submission's text moves into the rows rather than being copied.
    pub(super) fn of(arrival: Arrival, receipt: &str, content: StoredContent) -> NewRows {
        let Arrival { submission: s, origin, spam, webhook, allowance } = arrival;
        let now = now_rfc3339();
        let kind = s.kind().as_str();
        let mut dependents = Vec::new();
        let mut poll = None;
        let (category, rating, message, contact) = match s.content {
            Content::Feedback(f) => (Some(f.category.as_str()), f.rating.map(i64::from), Some(f.message), f.contact),
            Content::Question(q) => (None, None, Some(q.message), q.contact),
            Content::Vote(vote) => {
                if !spam {
                    let ballot = Ballot {
                        site: &s.site,
                        poll: &vote.poll,
                        visitor: &s.visitor,
                        choices: &vote.choices,
                        submission_id: &s.id,
                        voted_at: &now,
                    };
                    dependents.extend(ballot.statements());
                    poll = Some(format!("{}/{}", s.site, vote.poll));
                }
                (None, None, None, None)
            }
        };
        if let Some((delivery, payload)) = webhook {
            dependents.push(Statement {
                sql: INSERT_WEBHOOK,
                values: vec![text(delivery), text(s.site.clone()), text(s.id.clone()), text(payload), text(now.clone())],
            });
        }
        let (name, email) = contact.map_or((Value::Text(None), Value::Text(None)), |c| (trimmed(c.name), trimmed(c.email)));
        let submission = Statement {
            sql: INSERT_SUBMISSION,
            values: vec![
                text(s.id),
                text(receipt.to_string()),
                text(s.site),
                Value::Static(kind),
                Value::Integer(Some(i64::from(spam))),
                text(content.hash),
                text(now),
                text(s.sent_at),
                text(s.page.url),
                text(s.page.title),
                text(s.page.lang),
                text(s.visitor),
                text(origin),
                text(content.body),
                text(content.meta),
                Value::Integer(Some(i64::try_from(s.dwell_ms).unwrap_or(i64::MAX))),
                category.map_or(Value::Text(None), Value::Static),
                Value::Integer(rating),
                Value::Text(message),
                name,
                email,
            ],
        };
        let allowance = allowance.filter(|_| !spam).map(|allowance| allowance.take());
        NewRows { submission, allowance, dependents, poll }
    }
}

impl Db {
    /// Stores a submission once: a replay of the same content gets the original receipt. A
    /// vote that is not spam uses its network's allowance in the poll, then becomes the
    /// visitor's ballot, replacing any earlier one and moving the poll's tallies; the webhook
    /// notification is queued; all in the same transaction, committed with the submissions
    /// that arrived at the same time (see [`super::group_commit`]). `Created` means committed.
    pub async fn store(&self, arrival: Arrival) -> Result<Stored, sqlx::Error> {
        let content = StoredContent::of(&arrival.submission);
        let hash = content.hash.clone();
        let id = arrival.submission.id.clone();
        let receipt = new_receipt(&id);
        let allowance = arrival.allowance.clone();
        let rows = NewRows::of(arrival, &receipt, content);
        match self.writer.write(rows).await? {
            Written::Created => Ok(Stored::Created(Receipt { id, receipt, status: ReceiptStatus::Received })),
            Written::Taken => self.replay(id, &hash).await,
            Written::Refused => {
                let allowance = allowance.expect("only a submission with an allowance is refused");
                Ok(Stored::Limited(self.allowance_wait(&allowance).await?))
            }
        }
    }

    async fn replay(&self, id: String, hash: &str) -> Result<Stored, sqlx::Error> {
        let row = sqlx::query(&self.sql("SELECT receipt, content_hash, status FROM submissions WHERE id = ?"))
            .bind(&id)
            .fetch_one(&self.pool)
            .await?;
        if row.try_get::<String, _>("content_hash")? != hash {
            return Ok(Stored::Conflict(id));
        }
        Ok(Stored::Replayed(Receipt {
            id,
            receipt: row.try_get("receipt")?,
            status: status_from(&row.try_get::<String, _>("status")?),
        }))
    }
}

pub(super) fn status_from(text: &str) -> ReceiptStatus {
    match text {
        "answered" => ReceiptStatus::Answered,
        "resolved" => ReceiptStatus::Resolved,
        _ => ReceiptStatus::Received,
    }
}

/// A submission's body and meta as stored, serialized once for their columns and for the
/// hash of its content.
pub(super) struct StoredContent {
    pub body: String,
    pub meta: String,
    pub hash: String,
}

impl StoredContent {
    pub(super) fn of(s: &Submission) -> StoredContent {
        let body = body_text(&s.content);
        let meta = serde_json::to_string(&s.meta).expect("a string map serializes");
        let hash = content_hash(s, &body, &meta);
        StoredContent { body, meta, hash }
    }
}

/// The body as stored and hashed: its JSON with the keys in order at every level, as
/// serde_json prints a `Value`, which is how the collector first stored it (the tests keep
/// that way, `body_through_value`). Written from the typed body: building the `Value` first
/// copied every field.
fn body_text(content: &Content) -> String {
    #[derive(serde::Serialize)]
    struct SortedContact<'a> {
        consent: bool,
        email: &'a str,
        name: &'a str,
    }
    #[derive(serde::Serialize)]
    #[serde(untagged)]
    enum SortedBody<'a> {
        Feedback { category: Category, contact: Option<SortedContact<'a>>, message: &'a str, rating: Option<u8> },
        Question { contact: Option<SortedContact<'a>>, message: &'a str },
        Vote { choices: &'a [String], poll: &'a str },
    }
    fn contact(c: &Option<Contact>) -> Option<SortedContact<'_>> {
        c.as_ref().map(|c| SortedContact { consent: c.consent, email: &c.email, name: &c.name })
    }
    let body = match content {
        Content::Feedback(f) => {
            SortedBody::Feedback { category: f.category, contact: contact(&f.contact), message: &f.message, rating: f.rating }
        }
        Content::Question(q) => SortedBody::Question { contact: contact(&q.contact), message: &q.message },
        Content::Vote(v) => SortedBody::Vote { choices: &v.choices, poll: &v.poll },
    };
    serde_json::to_string(&body).expect("a body serializes")
}

/// What makes two posts of one id "the same submission": everything the visitor sent, but
/// not the timing fields a retry may legitimately change. The text hashed is these fields as
/// one JSON object with its keys in order, at every level (how serde_json prints its maps):
/// what the collector has always hashed, so that the retry of a submission stored by an
/// earlier version is still known for one. Written out rather than built as a `Value`, whose
/// copy of every field cost more than the hash itself.
fn content_hash(s: &Submission, body: &str, meta: &str) -> String {
    fn quoted(text: &mut Vec<u8>, value: &str) {
        serde_json::to_writer(text, value).expect("a string serializes");
    }
    let mut text = Vec::with_capacity(body.len() + meta.len() + s.page.url.len() + s.page.title.len() + 160);
    text.extend_from_slice(b"{\"body\":");
    text.extend_from_slice(body.as_bytes());
    text.extend_from_slice(b",\"kind\":");
    quoted(&mut text, s.kind().as_str());
    text.extend_from_slice(b",\"meta\":");
    text.extend_from_slice(meta.as_bytes());
    text.extend_from_slice(b",\"page\":{\"lang\":");
    quoted(&mut text, &s.page.lang);
    text.extend_from_slice(b",\"title\":");
    quoted(&mut text, &s.page.title);
    text.extend_from_slice(b",\"url\":");
    quoted(&mut text, &s.page.url);
    text.extend_from_slice(b"},\"site\":");
    quoted(&mut text, &s.site);
    text.extend_from_slice(b",\"trap\":");
    quoted(&mut text, &s.trap);
    text.extend_from_slice(b",\"visitor\":");
    quoted(&mut text, &s.visitor);
    text.push(b'}');
    let mut hex = String::with_capacity(64);
    for byte in Sha256::digest(&text) {
        chapeau_protocol::push_hex(&mut hex, byte);
    }
    hex
}

/// A new receipt for the submission `id`: the id, `_`, then 144 random bits, URL-safe (61
/// characters for a UUID). The random part makes it unguessable (the contract asks for 128
/// bits); the id in front finds the submission through the table's key, so that receipts
/// need no index of their own: one b-tree fewer for every new submission to write into
/// (BENCHMARKS.md), and unique by construction, since ids are.
fn new_receipt(id: &str) -> String {
    receipt_with(id, &crate::random::bytes())
}

const RECEIPT_RANDOM_BYTES: usize = 18;
const _: () = assert!(RECEIPT_RANDOM_BYTES * 8 >= 128, "the contract asks for 128 unguessable bits");
/// Their length in URL-safe base64: 4 characters for every 3 bytes (18 is a multiple of 3,
/// so there is no padding to leave out).
const RECEIPT_RANDOM_CHARS: usize = RECEIPT_RANDOM_BYTES / 3 * 4;

fn receipt_with(id: &str, random: &[u8; RECEIPT_RANDOM_BYTES]) -> String {
    let mut receipt = String::with_capacity(id.len() + 1 + RECEIPT_RANDOM_CHARS);
    receipt.push_str(id);
    receipt.push('_');
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode_string(random, &mut receipt);
    receipt
}

/// The submission a receipt made by [`new_receipt`] names, if it is one (receipts given
/// before it are 44 characters of time and random bits: `None`).
pub(super) fn id_in_receipt(receipt: &str) -> Option<&str> {
    // A UUID is 36 characters; the random part may hold `_` too, so it is split by place.
    let id = receipt.get(..36)?;
    let random = receipt.get(36..)?.strip_prefix('_')?;
    (random.len() == RECEIPT_RANDOM_CHARS && chapeau_protocol::is_uuid(id)).then_some(id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn receipts_are_tokens_that_name_their_submission() {
        let id = "0190a6f4-7b1c-7c3e-8f00-0123456789ab";
        let receipt = receipt_with(id, &[0xff; RECEIPT_RANDOM_BYTES]);
        assert!(chapeau_protocol::is_site_id(&receipt), "{receipt} is a token the widget keeps");
        assert_eq!(receipt.len(), 61);
        assert_eq!(id_in_receipt(&receipt), Some(id));
        // Receipts given by earlier versions: the time in hex, then 32 random characters.
        assert_eq!(id_in_receipt("019ad5a0c3e1Zx-_abcdefghijklmnopqrstuvwxyz01234"), None);
        assert_eq!(id_in_receipt("not-a-uuid_abcdefghijklmnopqrstuvwx"), None);
    }

    /// The body as the collector first stored it: the wire's JSON through a `Value`.
    fn body_through_value(s: &Submission) -> serde_json::Value {
        match &s.content {
            Content::Feedback(b) => serde_json::to_value(b),
            Content::Question(b) => serde_json::to_value(b),
            Content::Vote(b) => serde_json::to_value(b),
        }
        .unwrap()
    }

    /// The hash as the collector first computed it, through a `Value`: every stored
    /// submission's `content_hash` was made this way.
    fn hash_through_value(s: &Submission) -> String {
        let content = serde_json::json!({
            "site": s.site, "kind": s.kind().as_str(), "page": s.page, "visitor": s.visitor,
            "body": body_through_value(s), "meta": s.meta, "trap": s.trap,
        });
        let digest = Sha256::digest(content.to_string().as_bytes());
        digest.iter().map(|b| format!("{b:02x}")).collect()
    }

    #[test]
    fn content_hash_is_the_one_stored_submissions_have() {
        let bodies = [
            r#""kind":"feedback","body":{"category":"bug","rating":2,"message":"Ça \"casse\" <b>\\ \u0001 😀","contact":{"name":" Ann ","email":"a@b.fr","consent":true}}"#,
            r#""kind":"question","body":{"message":"Where?\nHere."}"#,
            r#""kind":"feedback","body":{"category":"idea","message":"No rating, no contact"}"#,
            r#""kind":"vote","body":{"poll":"colour","choices":["red","blue"]}"#,
        ];
        for body in bodies {
            let json = format!(
                r#"{{"v":1,"id":"0190a6f4-7b1c-7c3e-8f00-0123456789ab","site":"demo","sent_at":"2026-01-02T03:04:05Z",
                   "page":{{"url":"https://shop.example/a?b=c&d=é","title":"Tab \t title","lang":"fr-CA"}},
                   "visitor":"v-0123456789abcdef",{body},"meta":{{"z":"last","a":"first \u2028"}},"trap":"x","dwell_ms":4000}}"#
            );
            let s = chapeau_protocol::parse_submission(json.as_bytes()).expect("a valid submission");
            let content = StoredContent::of(&s);
            assert_eq!(content.body, body_through_value(&s).to_string(), "{body}");
            assert_eq!(content.hash, hash_through_value(&s), "{body}");
        }
    }

    /// Contact details are stored trimmed, and blank ones as none; kind and category as
    /// their wire names.
    #[test]
    fn rows_keep_trimmed_contacts_and_the_wire_names() {
        let json = r#"{"v":1,"id":"0190a6f4-7b1c-7c3e-8f00-0123456789ab","site":"demo","kind":"feedback",
            "sent_at":"2026-01-02T03:04:05Z","page":{"url":"https://shop.example/"},"visitor":"v-0123456789abcdef","dwell_ms":4000,
            "body":{"category":"bug","message":"Broken","contact":{"name":" Ann ","email":"  ","consent":true}}}"#;
        let submission = chapeau_protocol::parse_submission(json.as_bytes()).unwrap();
        let content = StoredContent::of(&submission);
        let arrival = Arrival { submission, origin: "https://shop.example".into(), spam: false, webhook: None, allowance: None };
        let rows = NewRows::of(arrival, "a-receipt", content);
        let text = |i: usize| match &rows.submission.values[i] {
            Value::Text(t) => t.clone(),
            Value::Static(t) => Some(t.to_string()),
            Value::Integer(_) => panic!("column {i} is text"),
        };
        assert_eq!(text(1).as_deref(), Some("a-receipt"));
        assert_eq!(text(3).as_deref(), Some("feedback"));
        assert_eq!(text(16).as_deref(), Some("bug"));
        assert_eq!(text(18).as_deref(), Some("Broken"));
        assert_eq!(text(19).as_deref(), Some("Ann"));
        assert_eq!(text(20), None);
        assert!(rows.dependents.is_empty());
    }

    #[test]
    fn receipts_differ_within_a_millisecond() {
        let receipts: std::collections::HashSet<String> = (0..1000).map(|_| new_receipt("0190a6f4-7b1c-7c3e-8f00-0123456789ab")).collect();
        assert_eq!(receipts.len(), 1000);
    }
}
