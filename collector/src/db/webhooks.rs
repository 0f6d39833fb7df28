//! The webhook outbox: deliveries waiting, claimed by one worker at a time, retried, done.

use sqlx::Row;

use super::{now_rfc3339, Db};

/// A delivery a worker has claimed.
#[derive(Debug, Clone)]
pub struct Delivery {
    pub id: String,
    pub site: String,
    pub payload: String,
    pub attempts: i64,
}

/// A delivery's state, for the inbox and for tests.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeliveryState {
    pub submission_id: String,
    pub attempts: i64,
    pub delivered: bool,
    pub failed: bool,
    pub last_error: Option<String>,
}

impl Db {
    /// Claims up to `limit` due deliveries until `lease_until`: another worker (in this
    /// process or another one on the same database) skips them meanwhile.
    pub async fn claim_webhooks(&self, limit: i64, lease_until: &str) -> Result<Vec<Delivery>, sqlx::Error> {
        let now = now_rfc3339();
        let due = sqlx::query(&self.sql(
            "SELECT id, site, payload, attempts, next_attempt_at FROM webhook_deliveries
             WHERE failed = 0 AND delivered_at IS NULL AND next_attempt_at <= ?
             ORDER BY next_attempt_at LIMIT ?",
        ))
        .bind(&now)
        .bind(limit)
        .fetch_all(&self.pool)
        .await?;
        let mut claimed = Vec::new();
        for row in due {
            let id: String = row.try_get("id")?;
            let seen: String = row.try_get("next_attempt_at")?;
            let taken = sqlx::query(&self.sql("UPDATE webhook_deliveries SET next_attempt_at = ? WHERE id = ? AND next_attempt_at = ?"))
                .bind(lease_until)
                .bind(&id)
                .bind(&seen)
                .execute(&self.pool)
                .await?;
            if taken.rows_affected() == 1 {
                claimed.push(Delivery { id, site: row.try_get("site")?, payload: row.try_get("payload")?, attempts: row.try_get("attempts")? });
            }
        }
        Ok(claimed)
    }

    pub async fn webhook_delivered(&self, id: &str) -> Result<(), sqlx::Error> {
        sqlx::query(&self.sql("UPDATE webhook_deliveries SET attempts = attempts + 1, delivered_at = ?, last_error = NULL WHERE id = ?"))
            .bind(now_rfc3339())
            .bind(id)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// Records a failed attempt: retried at `next_attempt_at`, or given up when `None`.
    pub async fn webhook_failed(&self, id: &str, error: &str, next_attempt_at: Option<&str>) -> Result<(), sqlx::Error> {
        sqlx::query(&self.sql(
            "UPDATE webhook_deliveries SET attempts = attempts + 1, last_error = ?, next_attempt_at = ?, failed = ? WHERE id = ?",
        ))
        .bind(error)
        .bind(next_attempt_at.map(String::from).unwrap_or_else(now_rfc3339))
        .bind(i64::from(next_attempt_at.is_none()))
        .bind(id)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    pub async fn webhook_deliveries(&self, site: &str) -> Result<Vec<DeliveryState>, sqlx::Error> {
        let rows = sqlx::query(&self.sql(
            "SELECT submission_id, attempts, delivered_at, failed, last_error FROM webhook_deliveries WHERE site = ? ORDER BY id",
        ))
        .bind(site)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|row| {
                Ok(DeliveryState {
                    submission_id: row.try_get("submission_id")?,
                    attempts: row.try_get("attempts")?,
                    delivered: row.try_get::<Option<String>, _>("delivered_at")?.is_some(),
                    failed: row.try_get::<i64, _>("failed")? != 0,
                    last_error: row.try_get("last_error")?,
                })
            })
            .collect()
    }
}
