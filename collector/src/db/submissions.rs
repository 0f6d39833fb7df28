//! Storing a submission exactly once, and a vote as the visitor's current ballot.

use base64::Engine;
use chapeau_protocol::{Content, Receipt, ReceiptStatus, Submission};
use sha2::{Digest, Sha256};
use sqlx::Row;

use super::{now_rfc3339, Db};

/// What storing a submission did.
#[derive(Debug, PartialEq, Eq)]
pub enum Stored {
    /// First time this id was seen: stored now.
    Created(Receipt),
    /// The same submission again (a retry): nothing stored, the original receipt returned.
    Replayed(Receipt),
    /// The id is already taken by a submission with other content.
    Conflict,
}

/// Where a submission came from and how the collector judged it, beside its content.
pub struct Arrival {
    pub submission: Submission,
    pub origin: String,
    pub spam: bool,
    /// The webhook notification to queue with it, as `(delivery id, payload)`.
    pub webhook: Option<(String, String)>,
}

impl Db {
    /// Stores a submission once: a replay of the same content gets the original receipt. A
    /// vote that is not spam also becomes the visitor's ballot in its poll, replacing any
    /// earlier one, and the webhook notification is queued, all in the same transaction,
    /// committed with the submissions that arrived at the same time (see [`super::writer`]).
    /// `Created` means committed.
    pub async fn store(&self, arrival: Arrival) -> Result<Stored, sqlx::Error> {
        let hash = content_hash(&arrival.submission);
        let id = arrival.submission.id.clone();
        match self.write(arrival, hash.clone()).await? {
            Some(receipt) => Ok(Stored::Created(Receipt { id, receipt, status: ReceiptStatus::Received })),
            None => self.replay(&id, &hash).await,
        }
    }

    /// Inserts in a transaction of its own; `None` when the id is already taken.
    pub(super) async fn insert(
        &self,
        connection: &mut sqlx::AnyConnection,
        arrival: &Arrival,
        hash: &str,
    ) -> Result<Option<String>, sqlx::Error> {
        let mut tx = sqlx::Connection::begin(connection).await?;
        let inserted = self.insert_rows(&mut tx, arrival, hash).await?;
        tx.commit().await?;
        Ok(inserted)
    }

    /// The rows of one submission, in the caller's transaction: the submission, the ballot of
    /// a vote, the webhook to send. Nothing when the id is already taken (`None`).
    pub(super) async fn insert_rows(
        &self,
        tx: &mut sqlx::AnyConnection,
        arrival: &Arrival,
        hash: &str,
    ) -> Result<Option<String>, sqlx::Error> {
        let s = &arrival.submission;
        let receipt = new_receipt();
        let now = now_rfc3339();
        let (category, rating, message, contact) = match &s.content {
            Content::Feedback(f) => {
                (Some(f.category.as_str()), f.rating.map(i64::from), Some(f.message.as_str()), f.contact.as_ref())
            }
            Content::Question(q) => (None, None, Some(q.message.as_str()), q.contact.as_ref()),
            Content::Vote(_) => (None, None, None, None),
        };
        let inserted = sqlx::query(&self.sql(
            "INSERT INTO submissions (id, receipt, site, kind, spam, content_hash, received_at,
                 sent_at, page_url, page_title, page_lang, visitor, origin, body, meta, dwell_ms,
                 category, rating, message, contact_name, contact_email)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
             ON CONFLICT (id) DO NOTHING",
        ))
        .bind(&s.id)
        .bind(&receipt)
        .bind(&s.site)
        .bind(s.kind().as_str())
        .bind(i64::from(arrival.spam))
        .bind(hash)
        .bind(&now)
        .bind(&s.sent_at)
        .bind(&s.page.url)
        .bind(&s.page.title)
        .bind(&s.page.lang)
        .bind(&s.visitor)
        .bind(&arrival.origin)
        .bind(s.body_json().to_string())
        .bind(serde_json::to_string(&s.meta).expect("a string map serializes"))
        .bind(s.dwell_ms.map(|ms| i64::try_from(ms).unwrap_or(i64::MAX)))
        .bind(category)
        .bind(rating)
        .bind(message)
        .bind(contact.map(|c| c.name.trim()).filter(|n| !n.is_empty()))
        .bind(contact.map(|c| c.email.trim()).filter(|e| !e.is_empty()))
        .execute(&mut *tx)
        .await?;
        if inserted.rows_affected() == 0 {
            return Ok(None);
        }
        if let (Content::Vote(vote), false) = (&s.content, arrival.spam) {
            sqlx::query(&self.sql(
                "INSERT INTO votes (site, poll, visitor, choices, submission_id, voted_at)
                 VALUES (?, ?, ?, ?, ?, ?)
                 ON CONFLICT (site, poll, visitor) DO UPDATE SET
                     choices = excluded.choices, submission_id = excluded.submission_id,
                     voted_at = excluded.voted_at",
            ))
            .bind(&s.site)
            .bind(&vote.poll)
            .bind(&s.visitor)
            .bind(serde_json::to_string(&vote.choices).expect("a string list serializes"))
            .bind(&s.id)
            .bind(&now)
            .execute(&mut *tx)
            .await?;
        }
        if let Some((delivery, payload)) = &arrival.webhook {
            self.enqueue_webhook(tx, delivery, &s.site, &s.id, payload).await?;
        }
        Ok(Some(receipt))
    }

    async fn replay(&self, id: &str, hash: &str) -> Result<Stored, sqlx::Error> {
        let row = sqlx::query(&self.sql("SELECT receipt, content_hash, status FROM submissions WHERE id = ?"))
            .bind(id)
            .fetch_one(&self.pool)
            .await?;
        if row.try_get::<String, _>("content_hash")? != hash {
            return Ok(Stored::Conflict);
        }
        Ok(Stored::Replayed(Receipt {
            id: id.to_string(),
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

/// What makes two posts of one id "the same submission": everything the visitor sent, but
/// not the timing fields a retry may legitimately change.
fn content_hash(s: &Submission) -> String {
    let content = serde_json::json!({
        "site": s.site,
        "kind": s.kind().as_str(),
        "page": s.page,
        "visitor": s.visitor,
        "body": s.body_json(),
        "meta": s.meta,
        "trap": s.trap,
    });
    // serde_json's maps are ordered by key, so this text is canonical.
    let digest = Sha256::digest(content.to_string().as_bytes());
    const HEX: &[u8; 16] = b"0123456789abcdef";
    digest.iter().flat_map(|b| [HEX[usize::from(b >> 4)] as char, HEX[usize::from(b & 0x0f)] as char]).collect()
}

/// 256 random bits, URL-safe: unguessable and not enumerable.
fn new_receipt() -> String {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).expect("the operating system provides randomness");
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}
