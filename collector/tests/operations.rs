//! What an operator relies on: health, readiness, metrics, request ids.

mod common;

use common::{error_of, feedback, id};

on_both_databases! {
    async fn health_and_readiness_answer(server) {
        let health = server.get("/healthz").await;
        assert_eq!((health.status().as_u16(), health.text().await.unwrap().as_str()), (200, "ok"));
        let ready = server.get("/readyz").await;
        assert_eq!((ready.status().as_u16(), ready.text().await.unwrap().as_str()), (200, "ready"));
    }

    async fn metrics_count_submissions_by_kind_and_outcome(server) {
        assert_eq!(server.post(&feedback(&id(1))).await.status(), 201);
        assert_eq!(server.post(&feedback(&id(1))).await.status(), 200);
        let mut bad = feedback(&id(2));
        bad["body"]["message"] = "".into();
        error_of(server.post(&bad).await, 422).await;
        let text = server.get("/metrics").await.text().await.unwrap();
        for line in [
            "chapeau_submissions_total{kind=\"feedback\",outcome=\"created\"} 1",
            "chapeau_submissions_total{kind=\"feedback\",outcome=\"replayed\"} 1",
            "chapeau_submissions_total{kind=\"unknown\",outcome=\"required\"} 1",
        ] {
            assert!(text.lines().any(|l| l == line), "{line} in\n{text}");
        }
        let count = text.lines().find_map(|l| l.strip_prefix("chapeau_http_request_duration_seconds_count ")).unwrap();
        assert!(count.parse::<u64>().unwrap() >= 3);
    }

    async fn every_answer_carries_a_request_id(server) {
        let first = server.get("/healthz").await;
        let second = server.post(&feedback(&id(1))).await;
        let a = first.headers()["x-request-id"].to_str().unwrap().to_string();
        let b = second.headers()["x-request-id"].to_str().unwrap().to_string();
        assert!(!a.is_empty() && a != b);
        let given = server.client.get(format!("{}/healthz", server.base)).header("x-request-id", "trace-me-42").send().await.unwrap();
        assert_eq!(given.headers()["x-request-id"], "trace-me-42", "a proxy's id is kept");
    }
}

/// The database goes away under a running collector (PostgreSQL: its database is renamed
/// after its connections are cut), then comes back.
#[tokio::test]
async fn an_unreachable_database_is_a_503_and_loses_nothing_acknowledged() {
    use sqlx::Executor;

    let Some(server) = common::TestServer::start(common::Database::Postgres).await else { return };
    assert_eq!(server.post(&feedback(&id(1))).await.status(), 201);

    let admin_url = std::env::var(common::POSTGRES_ENV).unwrap();
    let admin = sqlx::AnyPool::connect(&admin_url).await.unwrap();
    let name: String = sqlx::query_scalar("SELECT current_database()::text").fetch_one(server.db.pool()).await.unwrap();
    let away = format!("{name}_away");
    let cut = format!("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{name}' AND pid <> pg_backend_pid()");
    // The collector's pool may reconnect between the cut and the rename: try until it holds.
    let mut renamed = false;
    for _ in 0..50 {
        admin.execute(cut.as_str()).await.unwrap();
        if admin.execute(format!("ALTER DATABASE {name} RENAME TO {away}").as_str()).await.is_ok() {
            renamed = true;
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    assert!(renamed, "the database could be taken away");

    let refused = server.post(&feedback(&id(2))).await;
    assert_eq!(refused.headers()["retry-after"], "5");
    assert_eq!(error_of(refused, 503).await.0, "unavailable");
    assert_eq!(server.get("/readyz").await.status(), 503);
    assert_eq!(server.get("/healthz").await.status(), 200, "the process itself is alive");

    admin.execute(format!("ALTER DATABASE {away} RENAME TO {name}").as_str()).await.unwrap();
    let mut retried = server.post(&feedback(&id(2))).await.status();
    for _ in 0..20 {
        if retried == 201 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        retried = server.post(&feedback(&id(2))).await.status();
    }
    assert_eq!(retried, 201, "the visitor's retry goes through once the database is back");
    assert_eq!(server.count().await, 2, "the first, acknowledged submission is still there");
}
