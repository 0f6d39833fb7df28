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
