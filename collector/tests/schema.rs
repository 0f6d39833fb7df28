//! The schema's upgrades: a database made by an earlier version keeps every row and every
//! rule when the collector starts on it.

mod common;

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
    sqlx::query(ROW).bind("new").bind("receipt-new").bind("vote").execute(pool).await.unwrap();
    let indexes: Vec<String> = sqlx::query("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'submissions' AND sql IS NOT NULL ORDER BY name")
        .fetch_all(pool)
        .await
        .unwrap()
        .iter()
        .map(|row| row.get("name"))
        .collect();
    assert_eq!(indexes, ["submissions_by_old_receipt", "submissions_by_site", "submissions_public"]);
    // New submissions, all unpublished, stay out of the public Q&A's index (migration 0006).
    let public: String = sqlx::query("SELECT sql FROM sqlite_master WHERE name = 'submissions_public'")
        .fetch_one(pool)
        .await
        .unwrap()
        .get("sql");
    assert!(public.ends_with("WHERE published = 1"), "{public}");
}

/// Receipts given before they began with their submission's id (migration 0007) still
/// read their submission, through an index of those alone that new rows stay out of; a
/// receipt is read only whole.
#[tokio::test]
async fn receipts_given_before_they_named_their_submission_still_work() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("old.db");
    database_before(7, &path).await;
    let old = "019ad5a0c3e1Zx-_abcdefghijklmnopqrstuvwxyz01";
    assert_eq!(old.len(), 44);
    let pool = SqlitePool::connect_with(SqliteConnectOptions::new().filename(&path)).await.unwrap();
    sqlx::query(ROW).bind("0190a6f4-7b1c-7c3e-8f00-0123456789ab").bind(old).bind("question").execute(&pool).await.unwrap();
    pool.close().await;

    let db = Db::connect(&format!("sqlite://{}", path.display())).await.unwrap();
    let view = db.receipt(old).await.unwrap().expect("the old receipt reads its submission");
    assert_eq!(view.id, "0190a6f4-7b1c-7c3e-8f00-0123456789ab");
    assert!(db.receipt(&old[..43]).await.unwrap().is_none(), "a receipt is read only whole");
    let plan: Vec<String> = sqlx::query("EXPLAIN QUERY PLAN SELECT id FROM submissions WHERE receipt = ? AND length(receipt) = 44")
        .bind(old)
        .fetch_all(db.pool())
        .await
        .unwrap()
        .iter()
        .map(|row| row.get("detail"))
        .collect();
    assert!(plan.iter().any(|step| step.contains("submissions_by_old_receipt")), "{plan:?}");

    // A receipt as made now: the id, then random characters; another ending reads nothing.
    let new_id = "0190a6f4-7b1c-7c3e-8f00-0123456789ac";
    let new = format!("{new_id}_abcdefghijklmnopqrstuvwx");
    sqlx::query(ROW).bind(new_id).bind(&new).bind("question").execute(db.pool()).await.unwrap();
    assert_eq!(db.receipt(&new).await.unwrap().unwrap().id, new_id);
    assert!(db.receipt(&format!("{new_id}_abcdefghijklmnopqrstuvwy")).await.unwrap().is_none());
    let in_old_index: i64 = sqlx::query("SELECT count(*) AS n FROM submissions INDEXED BY submissions_by_old_receipt WHERE length(receipt) = 44")
        .fetch_one(db.pool())
        .await
        .unwrap()
        .get("n");
    assert_eq!(in_old_index, 1, "new receipts stay out of the old ones' index");
}

/// Ballots cast before results came from running tallies (SQLite migration 0008, PostgreSQL
/// 0007) are counted into them on upgrade, and later votes move them as usual.
async fn ballots_before_the_tallies_are_counted_into_them(url: &str, migrations: &str, before: i64) {
    let mut migrator = Migrator::new(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(migrations)).await.unwrap();
    migrator.migrations = migrator.migrations.iter().filter(|m| m.version < before).cloned().collect::<Vec<_>>().into();
    sqlx::any::install_default_drivers();
    let pool = sqlx::AnyPool::connect(url).await.unwrap();
    migrator.run(&pool).await.unwrap();
    for (visitor, choices) in [("v-1", r#"["dark","export"]"#), ("v-2", r#"["export"]"#), ("v-3", r#"["api"]"#)] {
        let sql = "INSERT INTO votes (site, poll, visitor, choices, submission_id, voted_at) VALUES ('acme', 'features', $1, $2, 's', 't')";
        let sql = if url.starts_with("sqlite") { sql.replace('$', "?") } else { sql.to_string() };
        sqlx::query(&sql).bind(visitor).bind(choices).execute(&pool).await.unwrap();
    }
    pool.close().await;

    let db = Db::connect(url).await.unwrap();
    let results = db.poll_results("acme", "features", ["dark", "export", "api"]).await.unwrap();
    assert_eq!(results.total, 3);
    assert_eq!((results.counts["dark"], results.counts["export"], results.counts["api"]), (1, 2, 1));
    assert!(db.has_voted("acme", "features", "v-1").await.unwrap());
}

#[tokio::test]
async fn ballots_before_the_tallies_are_counted_into_them_on_sqlite() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("old.db");
    std::fs::File::create(&path).unwrap();
    ballots_before_the_tallies_are_counted_into_them(&format!("sqlite://{}", path.display()), "migrations/sqlite", 8).await;
}

#[tokio::test]
async fn ballots_before_the_tallies_are_counted_into_them_on_postgres() {
    if let Some(url) = common::fresh_postgres_database().await {
        ballots_before_the_tallies_are_counted_into_them(&url, "migrations/postgres", 7).await;
    }
}
