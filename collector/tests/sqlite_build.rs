//! SQLite as the collector runs it: every commit durable, and the library built with the
//! workspace's flags (`.cargo/config.toml`), which a stale or foreign build would lack.

use chapeau_collector::Db;
use sqlx::Row;

#[tokio::test]
async fn commits_are_synced_by_a_library_built_with_the_workspaces_flags() {
    let dir = tempfile::tempdir().unwrap();
    let db = Db::connect(&format!("sqlite://{}", dir.path().join("c.db").display())).await.unwrap();
    let pool = db.pool();
    let journal: String = sqlx::query("PRAGMA journal_mode").fetch_one(pool).await.unwrap().get(0);
    assert_eq!(journal, "wal");
    let synchronous: i64 = sqlx::query("PRAGMA synchronous").fetch_one(pool).await.unwrap().get(0);
    assert_eq!(synchronous, 2, "FULL: each commit waits for the disk");
    let options: Vec<String> =
        sqlx::query("PRAGMA compile_options").fetch_all(pool).await.unwrap().iter().map(|row| row.get(0)).collect();
    // HAVE_FDATASYNC is not listed by SQLite; it travels in the same variable as this one.
    assert!(options.iter().any(|o| o == "DEFAULT_MEMSTATUS=0"), "LIBSQLITE3_FLAGS did not reach the build: {options:?}");
    assert!(
        !options.iter().any(|o| o == "ENABLE_MEMORY_MANAGEMENT"),
        "connections share one page cache behind a lock: {options:?}"
    );
}
