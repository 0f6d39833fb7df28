//! The contract's reads (polls, receipts, the public Q&A) and the community manager's
//! actions that feed them.

use chapeau_protocol::{Answer, Kind, PublicQuestion, ReceiptView};
use sqlx::Row;
use subtle::ConstantTimeEq;

use super::allowances::Allowance;
use super::submissions::status_from;
use super::{now_rfc3339, Db};

/// What an upvote did.
#[derive(Debug, PartialEq, Eq)]
pub enum Upvoted {
    /// The question's upvotes, this one counted (or counted before).
    Counted(u64),
    /// No public question with that id on the site.
    NoSuchQuestion,
    /// Not counted: the client's network used its allowance; it may try again after this.
    Limited(std::time::Duration),
}

/// Public questions per page of `GET …/questions`.
pub const QUESTIONS_PER_PAGE: i64 = 20;

impl Db {
    /// What the holder of a receipt may read about their submission.
    pub async fn receipt(&self, token: &str) -> Result<Option<ReceiptView>, sqlx::Error> {
        const COLUMNS: &str = "SELECT id, receipt, kind, status, answer, answered_at FROM submissions";
        let (sql, key) = match super::submissions::id_in_receipt(token) {
            Some(id) => (format!("{COLUMNS} WHERE id = ?"), id),
            // A receipt from before receipts began with their id (migration 0007), found
            // through the index of those alone.
            None => (format!("{COLUMNS} WHERE receipt = ? AND length(receipt) = 44"), token),
        };
        let row = sqlx::query(&self.sql(&sql)).bind(key).fetch_optional(&self.pool).await?;
        // The whole receipt must match, not only the id in it: compared in constant time,
        // so that its answer's timing tells nothing of how much of a guess was right.
        let Some(row) = row.filter(|row| {
            row.try_get::<String, _>("receipt").is_ok_and(|stored| bool::from(stored.as_bytes().ct_eq(token.as_bytes())))
        }) else {
            return Ok(None);
        };
        let kind = match row.try_get::<String, _>("kind")?.as_str() {
            "question" => Kind::Question,
            "vote" => Kind::Vote,
            _ => Kind::Feedback,
        };
        let answer = match (row.try_get::<Option<String>, _>("answer")?, row.try_get::<Option<String>, _>("answered_at")?) {
            (Some(message), Some(answered_at)) => Some(Answer { message, answered_at }),
            _ => None,
        };
        Ok(Some(ReceiptView {
            id: row.try_get("id")?,
            kind,
            status: status_from(&row.try_get::<String, _>("status")?),
            answer,
        }))
    }

    /// Page `page` (from 1) of a site's public Q&A, most upvoted first.
    pub async fn public_questions(&self, site: &str, page: u32) -> Result<Vec<PublicQuestion>, sqlx::Error> {
        let offset = i64::from(page.max(1) - 1) * QUESTIONS_PER_PAGE;
        let rows = sqlx::query(&self.sql(
            "SELECT id, message, answer, upvotes, answered_at FROM submissions
             WHERE site = ? AND published = 1 AND answer IS NOT NULL AND spam = 0
             ORDER BY upvotes DESC, answered_at DESC, id
             LIMIT ? OFFSET ?",
        ))
        .bind(site)
        .bind(QUESTIONS_PER_PAGE)
        .bind(offset)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|row| {
                Ok(PublicQuestion {
                    id: row.try_get("id")?,
                    message: row.try_get("message")?,
                    answer: row.try_get("answer")?,
                    upvotes: row.try_get::<i64, _>("upvotes")?.max(0) as u64,
                    answered_at: row.try_get("answered_at")?,
                })
            })
            .collect()
    }

    /// One upvote per visitor for a public question, within the network's `allowance`.
    pub async fn upvote(&self, site: &str, question: &str, visitor: &str, allowance: Option<&Allowance>) -> Result<Upvoted, sqlx::Error> {
        let counted = {
            let mut connection = self.pool.acquire().await?;
            let counted = self.count_upvote(&mut connection, site, question, visitor, allowance).await;
            super::discard_if_failed(&mut connection, &counted);
            counted
        };
        // The connection is back in the pool: waiting for another while holding it would
        // deadlock once every connection did.
        match counted? {
            Upvoted::Limited(_) => Ok(Upvoted::Limited(self.allowance_wait(allowance.expect("limited by an allowance")).await?)),
            counted => Ok(counted),
        }
    }

    async fn count_upvote(
        &self,
        connection: &mut sqlx::pool::PoolConnection<sqlx::Any>,
        site: &str,
        question: &str,
        visitor: &str,
        allowance: Option<&Allowance>,
    ) -> Result<Upvoted, sqlx::Error> {
        let mut tx = sqlx::Connection::begin(&mut **connection).await?;
        // A write first: SQLite takes its write lock here, waiting its turn, where a read
        // followed by a write fails at once when another connection wrote in between.
        let added = sqlx::query(&self.sql(
            "INSERT INTO upvotes (question_id, visitor)
             SELECT ?, ? WHERE EXISTS
                 (SELECT 1 FROM submissions WHERE id = ? AND site = ? AND published = 1 AND spam = 0)
             ON CONFLICT (question_id, visitor) DO NOTHING",
        ))
        .bind(question)
        .bind(visitor)
        .bind(question)
        .bind(site)
        .execute(&mut *tx)
        .await?;
        if added.rows_affected() == 1 {
            if let Some(allowance) = allowance {
                let take = allowance.take();
                let sql = self.sql(take.sql);
                let mut query = sqlx::query(&sql);
                for value in &take.values {
                    query = value.bind_to(query);
                }
                if query.execute(&mut *tx).await?.rows_affected() == 0 {
                    // The upvote is not kept; nor is the lock on the allowance.
                    tx.rollback().await?;
                    return Ok(Upvoted::Limited(std::time::Duration::ZERO));
                }
            }
            sqlx::query(&self.sql("UPDATE submissions SET upvotes = upvotes + 1 WHERE id = ?"))
                .bind(question)
                .execute(&mut *tx)
                .await?;
        }
        // The count, this upvote in it, or counted before; nothing when the question is not public.
        let row = sqlx::query(&self.sql("SELECT upvotes FROM submissions WHERE id = ? AND site = ? AND published = 1 AND spam = 0"))
            .bind(question)
            .bind(site)
            .fetch_optional(&mut *tx)
            .await?;
        tx.commit().await?;
        match row {
            Some(row) => Ok(Upvoted::Counted(row.try_get::<i64, _>("upvotes")?.max(0) as u64)),
            None => Ok(Upvoted::NoSuchQuestion),
        }
    }

    /// The community manager answers a question or a complaint; the visitor reads it through
    /// their receipt. Returns whether the submission exists.
    pub async fn answer(&self, id: &str, message: &str) -> Result<bool, sqlx::Error> {
        let done = sqlx::query(&self.sql(
            "UPDATE submissions SET answer = ?, answered_at = ?, status = 'answered' WHERE id = ?",
        ))
        .bind(message)
        .bind(now_rfc3339())
        .bind(id)
        .execute(&self.pool)
        .await?;
        Ok(done.rows_affected() == 1)
    }

    /// Puts an answered question in the site's public Q&A, or takes it out. Returns whether
    /// it changed (a question without an answer cannot be published).
    pub async fn set_published(&self, id: &str, published: bool) -> Result<bool, sqlx::Error> {
        let done = sqlx::query(&self.sql(
            "UPDATE submissions SET published = ? WHERE id = ? AND kind = 'question' AND answer IS NOT NULL",
        ))
        .bind(i64::from(published))
        .bind(id)
        .execute(&self.pool)
        .await?;
        Ok(done.rows_affected() == 1)
    }
}
