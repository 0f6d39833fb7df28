//! The SQLite schema's upgrades: a database made by an earlier version keeps every row and
//! every rule when the collector starts on it.

use chapeau_collector::Db;
use sqlx::migrate::Migrator;
use sqlx::sqlite::{SqliteConnectOptions, SqlitePool};
use sqlx::Row;

const ROW: &str = "INSERT INTO submissions (id, receipt, site, kind, content_hash, received_at, sent_at,
     page_url, page_title, page_lang, visitor, origin, body, meta, message)
     VALUES (?, ?, 'demo', ?, 'h', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z',
     'https://shop.example/', 'Shop', 'en', 'v-1', 'https://shop.example', '{}', '{}', 'Hello')";

/// A database as the collector left it before migration `version`, with one submission in it.
async fn database_before(version: i64, path: &std::path::Path) {
    let mut migrator = Migrator::new(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("migrations/sqlite"))
        .await
        .unwrap();
    migrator.migrations = migrator.migrations.iter().filter(|m| m.version < version).cloned().collect::<Vec<_>>().into();
    let pool = SqlitePool::connect_with(SqliteConnectOptions::new().filename(path).create_if_missing(true))
        .await
        .unwrap();
    migrator.run(&pool).await.unwrap();
    sqlx::query(ROW).bind("kept").bind("receipt-kept").bind("feedback").execute(&pool).await.unwrap();
    pool.close().await;
}

#[tokio::test]
async fn the_checks_rewritten_without_lists_keep_rows_and_rules() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("old.db");
    database_before(5, &path).await;

    let db = Db::connect(&format!("sqlite://{}", path.display())).await.unwrap();
    let pool = db.pool();
    let kept = sqlx::query("SELECT message, status, upvotes FROM submissions WHERE id = 'kept'").fetch_one(pool).await.unwrap();
    assert_eq!(kept.get::<String, _>("message"), "Hello");
    assert_eq!(kept.get::<String, _>("status"), "received");
    assert_eq!(kept.get::<i64, _>("upvotes"), 0);

    let unknown_kind = sqlx::query(ROW).bind("new").bind("receipt-new").bind("complaint").execute(pool).await;
    assert!(unknown_kind.is_err(), "a kind outside the three is refused");
    let unknown_status = sqlx::query("UPDATE submissions SET status = 'closed' WHERE id = 'kept'").execute(pool).await;
    assert!(unknown_status.is_err(), "a status outside the three is refused");
    let duplicate_receipt = sqlx::query(ROW).bind("other").bind("receipt-kept").bind("question").execute(pool).await;
    assert!(duplicate_receipt.is_err(), "receipts stay unique");
    sqlx::query(ROW).bind("new").bind("receipt-new").bind("vote").execute(pool).await.unwrap();
    let indexes: Vec<String> = sqlx::query("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'submissions' AND sql IS NOT NULL ORDER BY name")
        .fetch_all(pool)
        .await
        .unwrap()
        .iter()
        .map(|row| row.get("name"))
        .collect();
    assert_eq!(indexes, ["submissions_by_site", "submissions_public"]);
    // New submissions, all unpublished, stay out of the public Q&A's index (migration 0006).
    let public: String = sqlx::query("SELECT sql FROM sqlite_master WHERE name = 'submissions_public'")
        .fetch_one(pool)
        .await
        .unwrap()
        .get("sql");
    assert!(public.ends_with("WHERE published = 1"), "{public}");
}
