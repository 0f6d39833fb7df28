//! What the community manager's inbox reads and changes.

use chapeau_protocol::ReceiptStatus;
use sqlx::any::AnyRow;
use sqlx::Row;

use super::{now_rfc3339, Db};

/// The inbox's filters; every one optional.
#[derive(Debug, Clone, Default, serde::Deserialize)]
pub struct Filter {
    pub site: Option<String>,
    pub kind: Option<String>,
    pub status: Option<String>,
    pub category: Option<String>,
    pub rating: Option<i64>,
    /// `YYYY-MM-DD`, inclusive.
    pub from: Option<String>,
    /// `YYYY-MM-DD`, inclusive.
    pub to: Option<String>,
    /// Words to find in the message, the contact or the page.
    pub q: Option<String>,
    /// `true`: only spam; absent or `false`: no spam.
    pub spam: Option<bool>,
}

/// One submission as the inbox shows it.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Entry {
    pub id: String,
    pub site: String,
    pub kind: String,
    pub status: String,
    pub spam: bool,
    pub received_at: String,
    pub page_url: String,
    pub page_title: String,
    pub page_lang: String,
    pub visitor: String,
    pub origin: String,
    pub category: Option<String>,
    pub rating: Option<i64>,
    pub message: Option<String>,
    pub contact_name: Option<String>,
    pub contact_email: Option<String>,
    pub body: serde_json::Value,
    pub meta: serde_json::Value,
    pub answer: Option<String>,
    pub answered_at: Option<String>,
    pub published: bool,
    pub upvotes: i64,
}

const COLUMNS: &str = "id, site, kind, status, spam, received_at, page_url, page_title, page_lang, visitor,
    origin, category, rating, message, contact_name, contact_email, body, meta, answer, answered_at,
    published, upvotes";

/// At most this many rows on one page of the inbox or in one export.
pub const LIST_LIMIT: i64 = 500;

fn entry(row: &AnyRow) -> Result<Entry, sqlx::Error> {
    let json = |name: &str| -> Result<serde_json::Value, sqlx::Error> {
        Ok(serde_json::from_str(&row.try_get::<String, _>(name)?).unwrap_or_default())
    };
    Ok(Entry {
        id: row.try_get("id")?,
        site: row.try_get("site")?,
        kind: row.try_get("kind")?,
        status: row.try_get("status")?,
        spam: row.try_get::<i64, _>("spam")? != 0,
        received_at: row.try_get("received_at")?,
        page_url: row.try_get("page_url")?,
        page_title: row.try_get("page_title")?,
        page_lang: row.try_get("page_lang")?,
        visitor: row.try_get("visitor")?,
        origin: row.try_get("origin")?,
        category: row.try_get("category")?,
        rating: row.try_get("rating")?,
        message: row.try_get("message")?,
        contact_name: row.try_get("contact_name")?,
        contact_email: row.try_get("contact_email")?,
        body: json("body")?,
        meta: json("meta")?,
        answer: row.try_get("answer")?,
        answered_at: row.try_get("answered_at")?,
        published: row.try_get::<i64, _>("published")? != 0,
        upvotes: row.try_get("upvotes")?,
    })
}

impl Db {
    /// Submissions matching `filter`, newest first, at most [`LIST_LIMIT`].
    pub async fn list(&self, filter: &Filter) -> Result<Vec<Entry>, sqlx::Error> {
        enum Arg {
            Int(i64),
            Text(String),
        }
        let mut sql = format!("SELECT {COLUMNS} FROM submissions WHERE spam = ?");
        let mut args = vec![Arg::Int(i64::from(filter.spam.unwrap_or(false)))];
        let given = |value: &Option<String>| value.as_deref().map(str::trim).filter(|v| !v.is_empty()).map(String::from);
        for (column, value) in [("site", &filter.site), ("kind", &filter.kind), ("status", &filter.status), ("category", &filter.category)] {
            if let Some(value) = given(value) {
                sql.push_str(&format!(" AND {column} = ?"));
                args.push(Arg::Text(value));
            }
        }
        if let Some(rating) = filter.rating {
            sql.push_str(" AND rating = ?");
            args.push(Arg::Int(rating));
        }
        if let Some(from) = given(&filter.from) {
            sql.push_str(" AND received_at >= ?");
            args.push(Arg::Text(from));
        }
        if let Some(to) = given(&filter.to) {
            // Inclusive: every time of that day sorts before "T99".
            sql.push_str(" AND received_at < ?");
            args.push(Arg::Text(format!("{to}T99")));
        }
        if let Some(q) = given(&filter.q) {
            let escaped = q.to_lowercase().replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_");
            sql.push_str(" AND (");
            let columns = ["coalesce(message, '')", "coalesce(contact_email, '')", "coalesce(contact_name, '')", "page_url"];
            for (i, column) in columns.iter().enumerate() {
                if i > 0 {
                    sql.push_str(" OR ");
                }
                sql.push_str(&format!("lower({column}) LIKE ? ESCAPE '\\'"));
                args.push(Arg::Text(format!("%{escaped}%")));
            }
            sql.push(')');
        }
        sql.push_str(" ORDER BY received_at DESC, id LIMIT ?");
        args.push(Arg::Int(LIST_LIMIT));
        let sql = self.sql(&sql).into_owned();
        let query = args.into_iter().fold(sqlx::query(&sql), |query, arg| match arg {
            Arg::Int(n) => query.bind(n),
            Arg::Text(text) => query.bind(text),
        });
        let rows = query.fetch_all(&self.pool).await?;
        rows.iter().map(entry).collect()
    }

    /// Questions and complaints still waiting for the team, received before `before`.
    pub async fn overdue(&self, before: &str) -> Result<Vec<Entry>, sqlx::Error> {
        let sql = self
            .sql(&format!(
                "SELECT {COLUMNS} FROM submissions
                 WHERE spam = 0 AND status = 'received' AND received_at < ?
                   AND (kind = 'question' OR category = 'complaint')
                 ORDER BY received_at LIMIT 100"
            ))
            .into_owned();
        let rows = sqlx::query(&sql).bind(before).fetch_all(&self.pool).await?;
        rows.iter().map(entry).collect()
    }

    pub async fn entry(&self, id: &str) -> Result<Option<Entry>, sqlx::Error> {
        let sql = self.sql(&format!("SELECT {COLUMNS} FROM submissions WHERE id = ?")).into_owned();
        let row = sqlx::query(&sql).bind(id).fetch_optional(&self.pool).await?;
        row.as_ref().map(entry).transpose()
    }

    pub async fn set_status(&self, id: &str, status: ReceiptStatus) -> Result<bool, sqlx::Error> {
        let done = sqlx::query(&self.sql("UPDATE submissions SET status = ? WHERE id = ?"))
            .bind(status.as_str())
            .bind(id)
            .execute(&self.pool)
            .await?;
        Ok(done.rows_affected() == 1)
    }

    /// Marks spam or not spam. Spam leaves the public Q&A.
    pub async fn set_spam(&self, id: &str, spam: bool) -> Result<bool, sqlx::Error> {
        let done = sqlx::query(&self.sql("UPDATE submissions SET spam = ?, published = published * ? WHERE id = ?"))
            .bind(i64::from(spam))
            .bind(i64::from(!spam))
            .bind(id)
            .execute(&self.pool)
            .await?;
        Ok(done.rows_affected() == 1)
    }

    pub async fn setting(&self, name: &str) -> Result<Option<String>, sqlx::Error> {
        let row = sqlx::query(&self.sql("SELECT value FROM settings WHERE name = ?")).bind(name).fetch_optional(&self.pool).await?;
        row.map(|r| r.try_get("value")).transpose()
    }

    /// Stores a setting unless it is already there; returns whether this call stored it.
    pub async fn init_setting(&self, name: &str, value: &str) -> Result<bool, sqlx::Error> {
        let done = sqlx::query(&self.sql("INSERT INTO settings (name, value) VALUES (?, ?) ON CONFLICT (name) DO NOTHING"))
            .bind(name)
            .bind(value)
            .execute(&self.pool)
            .await?;
        Ok(done.rows_affected() == 1)
    }

    /// The key that signs device cookies: made on the first start, shared by every process.
    pub async fn device_key(&self) -> Result<crate::inbox::throttle::DeviceKey, sqlx::Error> {
        let mut fresh = [0u8; 32];
        crate::random::fill(&mut fresh);
        let hex: String = fresh.iter().map(|b| format!("{b:02x}")).collect();
        self.init_setting("device_key", &hex).await?;
        let stored = self.setting("device_key").await?.unwrap_or(hex);
        let mut key = [0u8; 32];
        for (i, byte) in key.iter_mut().enumerate() {
            *byte = stored.get(i * 2..i * 2 + 2).and_then(|h| u8::from_str_radix(h, 16).ok()).unwrap_or(0);
        }
        Ok(crate::inbox::throttle::DeviceKey::from_bytes(key))
    }

    /// Stores a setting, replacing what was there.
    pub async fn set_setting(&self, name: &str, value: &str) -> Result<(), sqlx::Error> {
        sqlx::query(&self.sql("INSERT INTO settings (name, value) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET value = excluded.value"))
            .bind(name)
            .bind(value)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    pub async fn delete_setting(&self, name: &str) -> Result<(), sqlx::Error> {
        sqlx::query(&self.sql("DELETE FROM settings WHERE name = ?")).bind(name).execute(&self.pool).await?;
        Ok(())
    }

    /// Ends every session: the inbox's password changed.
    pub async fn end_all_sessions(&self) -> Result<(), sqlx::Error> {
        sqlx::query("DELETE FROM sessions").execute(&self.pool).await?;
        Ok(())
    }

    /// Forgets the sessions that have expired.
    pub async fn purge_expired_sessions(&self) -> Result<u64, sqlx::Error> {
        let done = sqlx::query(&self.sql("DELETE FROM sessions WHERE expires_at <= ?")).bind(now_rfc3339()).execute(&self.pool).await?;
        Ok(done.rows_affected())
    }

    pub async fn create_session(&self, token_hash: &str, csrf: &str, expires_at: &str) -> Result<(), sqlx::Error> {
        sqlx::query(&self.sql("INSERT INTO sessions (token_hash, csrf, created_at, expires_at) VALUES (?, ?, ?, ?)"))
            .bind(token_hash)
            .bind(csrf)
            .bind(now_rfc3339())
            .bind(expires_at)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// The CSRF token of a live session.
    pub async fn session_csrf(&self, token_hash: &str) -> Result<Option<String>, sqlx::Error> {
        let row = sqlx::query(&self.sql("SELECT csrf FROM sessions WHERE token_hash = ? AND expires_at > ?"))
            .bind(token_hash)
            .bind(now_rfc3339())
            .fetch_optional(&self.pool)
            .await?;
        row.map(|r| r.try_get("csrf")).transpose()
    }

    pub async fn end_session(&self, token_hash: &str) -> Result<(), sqlx::Error> {
        sqlx::query(&self.sql("DELETE FROM sessions WHERE token_hash = ? OR expires_at <= ?"))
            .bind(token_hash)
            .bind(now_rfc3339())
            .execute(&self.pool)
            .await?;
        Ok(())
    }
}
