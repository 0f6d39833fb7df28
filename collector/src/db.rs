//! Storage: SQLite in WAL mode, migrations applied at start.

use std::str::FromStr;
use std::time::Duration;

use base64::Engine;
use chapeau_protocol::{Receipt, ReceiptStatus, Submission};
use sha2::{Digest, Sha256};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::SqlitePool;

/// The collector's database.
#[derive(Clone)]
pub struct Db {
    pool: SqlitePool,
}

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
pub struct Arrival<'a> {
    pub submission: &'a Submission,
    pub origin: &'a str,
    pub spam: bool,
}

impl Db {
    /// Opens (creating if needed) the database at a `sqlite:` URL and brings its schema up to date.
    pub async fn connect(url: &str) -> Result<Db, sqlx::Error> {
        let options = SqliteConnectOptions::from_str(url)?
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            // An acknowledged submission must survive a power cut, not only a crash.
            .synchronous(SqliteSynchronous::Full)
            .busy_timeout(Duration::from_secs(5))
            .foreign_keys(true);
        if let Some(dir) = options.get_filename().parent() {
            if !dir.as_os_str().is_empty() {
                std::fs::create_dir_all(dir).map_err(sqlx::Error::Io)?;
            }
        }
        let pool = SqlitePoolOptions::new()
            .max_connections(8)
            .acquire_timeout(Duration::from_secs(5))
            .connect_with(options)
            .await?;
        sqlx::migrate!("./migrations").run(&pool).await?;
        Ok(Db { pool })
    }

    pub fn pool(&self) -> &SqlitePool {
        &self.pool
    }

    /// Stores a submission once: a replay of the same content gets the original receipt.
    pub async fn store(&self, arrival: Arrival<'_>) -> Result<Stored, sqlx::Error> {
        let s = arrival.submission;
        let hash = content_hash(s);
        let receipt = new_receipt();
        let body = s.body_json().to_string();
        let meta = serde_json::to_string(&s.meta).expect("a string map always serializes");
        let inserted = sqlx::query(
            "INSERT INTO submissions (id, receipt, site, kind, spam, content_hash, received_at,
                 sent_at, page_url, page_title, page_lang, visitor, origin, body, meta, dwell_ms)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
             ON CONFLICT (id) DO NOTHING",
        )
        .bind(&s.id)
        .bind(&receipt)
        .bind(&s.site)
        .bind(s.kind().as_str())
        .bind(arrival.spam)
        .bind(&hash)
        .bind(now_rfc3339())
        .bind(&s.sent_at)
        .bind(&s.page.url)
        .bind(&s.page.title)
        .bind(&s.page.lang)
        .bind(&s.visitor)
        .bind(arrival.origin)
        .bind(&body)
        .bind(&meta)
        .bind(s.dwell_ms.map(|ms| i64::try_from(ms).unwrap_or(i64::MAX)))
        .execute(&self.pool)
        .await?;
        if inserted.rows_affected() == 1 {
            return Ok(Stored::Created(Receipt {
                id: s.id.clone(),
                receipt,
                status: ReceiptStatus::Received,
            }));
        }
        let (receipt, stored_hash, status): (String, String, String) =
            sqlx::query_as("SELECT receipt, content_hash, status FROM submissions WHERE id = ?")
                .bind(&s.id)
                .fetch_one(&self.pool)
                .await?;
        if stored_hash != hash {
            return Ok(Stored::Conflict);
        }
        let status = match status.as_str() {
            "answered" => ReceiptStatus::Answered,
            "resolved" => ReceiptStatus::Resolved,
            _ => ReceiptStatus::Received,
        };
        Ok(Stored::Replayed(Receipt { id: s.id.clone(), receipt, status }))
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
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// 256 random bits, URL-safe: unguessable and not enumerable.
fn new_receipt() -> String {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).expect("the operating system provides randomness");
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

fn now_rfc3339() -> String {
    time::OffsetDateTime::now_utc()
        .format(&time::format_description::well_known::Rfc3339)
        .expect("the current time formats as RFC 3339")
}
