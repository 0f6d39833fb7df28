//! Sites and polls made in the inbox, stored as their JSON definitions.

use sqlx::Row;

use super::{now_rfc3339, Db};
use crate::polls::Poll;
use crate::sites::Site;

impl Db {
    pub async fn managed_sites(&self) -> Result<Vec<Site>, sqlx::Error> {
        let rows = sqlx::query("SELECT definition FROM managed_sites ORDER BY id").fetch_all(&self.pool).await?;
        Ok(rows
            .iter()
            .filter_map(|row| serde_json::from_str(&row.try_get::<String, _>("definition").ok()?).ok())
            .collect())
    }

    /// Every managed poll, with its site's id.
    pub async fn managed_polls(&self) -> Result<Vec<(String, Poll)>, sqlx::Error> {
        let rows = sqlx::query("SELECT site, definition FROM managed_polls ORDER BY site, updated_at, id").fetch_all(&self.pool).await?;
        Ok(rows
            .iter()
            .filter_map(|row| {
                let poll = serde_json::from_str(&row.try_get::<String, _>("definition").ok()?).ok()?;
                Some((row.try_get("site").ok()?, poll))
            })
            .collect())
    }

    /// Creates or replaces a managed site (its polls are kept apart).
    pub async fn save_site(&self, site: &Site) -> Result<(), sqlx::Error> {
        let definition = Site { polls: Vec::new(), ..site.clone() };
        sqlx::query(&self.sql(
            "INSERT INTO managed_sites (id, definition, updated_at) VALUES (?, ?, ?)
             ON CONFLICT (id) DO UPDATE SET definition = excluded.definition, updated_at = excluded.updated_at",
        ))
        .bind(&site.id)
        .bind(serde_json::to_string(&definition).expect("a site serializes"))
        .bind(now_rfc3339())
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// Creates or replaces a managed poll of `site`.
    pub async fn save_poll(&self, site: &str, poll: &Poll) -> Result<(), sqlx::Error> {
        sqlx::query(&self.sql(
            "INSERT INTO managed_polls (site, id, definition, updated_at) VALUES (?, ?, ?, ?)
             ON CONFLICT (site, id) DO UPDATE SET definition = excluded.definition, updated_at = excluded.updated_at",
        ))
        .bind(site)
        .bind(&poll.id)
        .bind(serde_json::to_string(poll).expect("a poll serializes"))
        .bind(now_rfc3339())
        .execute(&self.pool)
        .await?;
        Ok(())
    }
}
