//! The contract's reads (polls, receipts, the public Q&A) and the community manager's
//! actions that feed them.

use chapeau_protocol::{Answer, Kind, PublicQuestion, ReceiptView};
use sqlx::Row;
use subtle::ConstantTimeEq;

use super::submissions::status_from;
use super::{now_rfc3339, Db};

/// Public questions per page of `GET …/questions`.
pub const QUESTIONS_PER_PAGE: i64 = 20;

impl Db {
    /// Every visitor's current ballot in a poll (spam is never counted).
    pub async fn ballots(&self, site: &str, poll: &str) -> Result<Vec<Vec<String>>, sqlx::Error> {
        let rows = sqlx::query(&self.sql("SELECT choices FROM votes WHERE site = ? AND poll = ?"))
            .bind(site)
            .bind(poll)
            .fetch_all(&self.pool)
            .await?;
        rows.iter()
            .map(|row| Ok(serde_json::from_str(&row.try_get::<String, _>("choices")?).unwrap_or_default()))
            .collect()
    }

    pub async fn has_voted(&self, site: &str, poll: &str, visitor: &str) -> Result<bool, sqlx::Error> {
        let row = sqlx::query(&self.sql("SELECT count(*) AS n FROM votes WHERE site = ? AND poll = ? AND visitor = ?"))
            .bind(site)
            .bind(poll)
            .bind(visitor)
            .fetch_one(&self.pool)
            .await?;
        Ok(row.try_get::<i64, _>("n")? > 0)
    }

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

    /// One upvote per visitor for a public question; `None` when there is no such question.
    pub async fn upvote(&self, site: &str, question: &str, visitor: &str) -> Result<Option<u64>, sqlx::Error> {
        let mut connection = self.pool.acquire().await?;
        let counted = self.count_upvote(&mut connection, site, question, visitor).await;
        super::discard_if_failed(&mut connection, &counted);
        counted
    }

    async fn count_upvote(
        &self,
        connection: &mut sqlx::pool::PoolConnection<sqlx::Any>,
        site: &str,
        question: &str,
        visitor: &str,
    ) -> Result<Option<u64>, sqlx::Error> {
        let mut tx = sqlx::Connection::begin(&mut **connection).await?;
        let public = sqlx::query(&self.sql(
            "SELECT count(*) AS n FROM submissions WHERE id = ? AND site = ? AND published = 1 AND spam = 0",
        ))
        .bind(question)
        .bind(site)
        .fetch_one(&mut *tx)
        .await?;
        if public.try_get::<i64, _>("n")? == 0 {
            return Ok(None);
        }
        let added = sqlx::query(&self.sql(
            "INSERT INTO upvotes (question_id, visitor) VALUES (?, ?) ON CONFLICT (question_id, visitor) DO NOTHING",
        ))
        .bind(question)
        .bind(visitor)
        .execute(&mut *tx)
        .await?;
        if added.rows_affected() == 1 {
            sqlx::query(&self.sql("UPDATE submissions SET upvotes = upvotes + 1 WHERE id = ?"))
                .bind(question)
                .execute(&mut *tx)
                .await?;
        }
        let row = sqlx::query(&self.sql("SELECT upvotes FROM submissions WHERE id = ?"))
            .bind(question)
            .fetch_one(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(Some(row.try_get::<i64, _>("upvotes")?.max(0) as u64))
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
