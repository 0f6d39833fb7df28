//! A real collector on a free loopback port, with its own SQLite file and sites.

use std::path::PathBuf;

use chapeau_collector::Settings;
use serde_json::{json, Value};
use sqlx::SqlitePool;

pub const ORIGIN: &str = "https://shop.acme.example";

const SITES: &str = r#"
[[site]]
id = "acme"
name = "Acme"
origins = ["https://shop.acme.example", "http://localhost:3000"]

[[site]]
id = "other"
name = "Other brand"
origins = ["https://other.example"]
"#;

pub struct TestServer {
    pub base: String,
    pub client: reqwest::Client,
    pub db: SqlitePool,
    pub static_dir: PathBuf,
    _dir: tempfile::TempDir,
}

impl TestServer {
    pub async fn start() -> TestServer {
        let dir = tempfile::tempdir().unwrap();
        let sites = dir.path().join("sites.toml");
        std::fs::write(&sites, SITES).unwrap();
        let static_dir = dir.path().join("dist");
        std::fs::create_dir(&static_dir).unwrap();
        let database = format!("sqlite://{}", dir.path().join("db/chapeau.db").display());
        let settings = Settings {
            listen: "127.0.0.1:0".parse().unwrap(),
            database: database.clone(),
            sites: Some(sites),
            static_dir: static_dir.clone(),
            min_dwell_ms: 1500,
        };
        let app = chapeau_collector::build(&settings).await.unwrap();
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
        let db = SqlitePool::connect(&database).await.unwrap();
        TestServer { base, client: reqwest::Client::new(), db, static_dir, _dir: dir }
    }

    /// Posts JSON text as the widget would, from `origin`.
    pub async fn post_raw(&self, body: impl Into<reqwest::Body>, content_type: &str, origin: Option<&str>) -> reqwest::Response {
        let mut request = self
            .client
            .post(format!("{}/v1/submissions", self.base))
            .header("content-type", content_type)
            .body(body);
        if let Some(origin) = origin {
            request = request.header("origin", origin);
        }
        request.send().await.unwrap()
    }

    pub async fn post(&self, submission: &Value) -> reqwest::Response {
        self.post_raw(submission.to_string(), "application/json", Some(ORIGIN)).await
    }

    pub async fn count(&self) -> i64 {
        sqlx::query_scalar("SELECT count(*) FROM submissions").fetch_one(&self.db).await.unwrap()
    }
}

/// A valid feedback submission with a fresh id.
pub fn feedback(id: &str) -> Value {
    json!({
        "v": 1,
        "id": id,
        "site": "acme",
        "kind": "feedback",
        "sent_at": "2026-11-23T10:00:00Z",
        "page": { "url": "https://shop.acme.example/pricing", "title": "Pricing", "lang": "fr-FR" },
        "visitor": "visitor-0001",
        "body": { "rating": 4, "category": "idea", "message": "Dark mode, please", "contact": null },
        "meta": { "plan": "pro" },
        "trap": "",
        "dwell_ms": 5400
    })
}

/// Asserts the contract's error shape and returns its code and field.
pub async fn error_of(response: reqwest::Response, status: u16) -> (String, Option<String>) {
    assert_eq!(response.status().as_u16(), status);
    assert_eq!(response.headers()["content-type"], "application/json");
    let body: Value = response.json().await.unwrap();
    let error = &body["error"];
    assert!(error["message"].as_str().is_some_and(|m| !m.is_empty()), "{body}");
    (error["code"].as_str().unwrap().to_string(), error["field"].as_str().map(String::from))
}
