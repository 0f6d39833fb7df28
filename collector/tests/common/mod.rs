//! A real collector on a free loopback port, with its own database (a SQLite file, or a
//! fresh database on the test PostgreSQL server) and its own sites.

#![allow(dead_code)]

pub mod process;

use std::path::PathBuf;

use chapeau_collector::{Db, Settings};
use serde_json::{json, Value};
use sqlx::Executor;

pub const ORIGIN: &str = "https://shop.acme.example";
pub const ADMIN_PASSWORD: &str = "correct horse battery staple";
pub const POSTGRES_ENV: &str = "CHAPEAU_TEST_POSTGRES";

pub const SITES: &str = r#"
[[site]]
id = "acme"
name = "Acme"
origins = ["https://shop.acme.example", "http://localhost:3000"]

[[site.poll]]
id = "colour"
question = "Which colour next?"
options = [{ id = "red", label = "Red" }, { id = "green", label = "Green" }, { id = "blue", label = "Blue" }]
results = "always"

[[site.poll]]
id = "features"
question = "What should we build?"
options = [{ id = "dark", label = "Dark mode" }, { id = "export", label = "Export" }, { id = "api", label = "API" }]
multiple = true
results = "after_vote"

[[site.poll]]
id = "closed"
question = "Last year's favourite?"
options = [{ id = "a", label = "A" }, { id = "b", label = "B" }]
closes_at = "2020-01-01T00:00:00Z"
results = "after_close"

[[site.poll]]
id = "secret"
question = "Hidden until it closes"
options = [{ id = "a", label = "A" }, { id = "b", label = "B" }]
closes_at = "2999-01-01T00:00:00Z"
results = "after_close"

[[site.poll]]
id = "limited"
question = "Three votes an hour per network"
options = [{ id = "a", label = "A" }, { id = "b", label = "B" }]
results = "always"
votes_per_network_per_hour = 3

[[site]]
id = "other"
name = "Other brand"
origins = ["https://other.example"]
"#;

#[derive(Debug, Clone, Copy)]
pub enum Database {
    Sqlite,
    Postgres,
}

pub struct TestServer {
    pub base: String,
    /// The database URL, for a second server on the same database.
    pub url: String,
    pub settings: Settings,
    pub client: reqwest::Client,
    pub db: Db,
    pub static_dir: PathBuf,
    _dir: tempfile::TempDir,
}

impl TestServer {
    /// A server on `database`; `None` for PostgreSQL when no test server is configured
    /// (`make test` always starts one; outside it, set CHAPEAU_TEST_POSTGRES).
    pub async fn start(database: Database) -> Option<TestServer> {
        Self::start_with(database, |_| {}).await
    }

    /// A server whose settings `tweak` adjusts.
    pub async fn start_with(database: Database, tweak: impl FnOnce(&mut Settings)) -> Option<TestServer> {
        let dir = tempfile::tempdir().unwrap();
        let url = match database {
            Database::Sqlite => format!("sqlite://{}", dir.path().join("db/chapeau.db").display()),
            Database::Postgres => fresh_postgres_database().await?,
        };
        let sites = dir.path().join("sites.toml");
        std::fs::write(&sites, SITES).unwrap();
        let static_dir = dir.path().join("dist");
        std::fs::create_dir(&static_dir).unwrap();
        // The collector's own defaults, as its executable reads them, but for these.
        let mut settings = <Settings as clap::Parser>::parse_from([
            "chapeau-collector".as_ref(),
            "--database".as_ref(),
            url.as_ref(),
            "--sites".as_ref(),
            sites.as_os_str(),
            "--static-dir".as_ref(),
            static_dir.as_os_str(),
            "--admin-password".as_ref(),
            ADMIN_PASSWORD.as_ref(),
        ] as [&std::ffi::OsStr; 9]);
        tweak(&mut settings);
        let mut server = Self::serve(settings).await;
        server._dir = dir;
        Some(server)
    }

    /// Another collector on the same database and sites: a second process behind a balancer.
    pub async fn beside(&self) -> TestServer {
        Self::serve(self.settings.clone()).await
    }

    /// Another collector on the same database, with settings that `tweak` adjusts.
    pub async fn beside_with(&self, tweak: impl FnOnce(&mut Settings)) -> TestServer {
        let mut settings = self.settings.clone();
        tweak(&mut settings);
        Self::serve(settings).await
    }

    async fn serve(settings: Settings) -> TestServer {
        let url = settings.database.clone();
        let static_dir = settings.static_dir.clone();
        let app = chapeau_collector::build(&settings).await.unwrap();
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        let limits = settings.limits();
        tokio::spawn(chapeau_collector::server::serve(listener, app, limits, std::future::pending()));
        let db = Db::connect(&url).await.unwrap();
        // No redirects followed: tests look at them.
        let client = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap();
        TestServer { base, url, settings, client, db, static_dir, _dir: tempfile::tempdir().unwrap() }
    }

    /// Posts a body as the widget would, from `origin`.
    pub async fn post_raw(&self, body: impl Into<reqwest::Body>, content_type: &str, origin: Option<&str>) -> reqwest::Response {
        self.post_to("/v1/submissions", body, content_type, origin).await
    }

    pub async fn post_to(&self, path: &str, body: impl Into<reqwest::Body>, content_type: &str, origin: Option<&str>) -> reqwest::Response {
        let mut request = self.client.post(format!("{}{path}", self.base)).header("content-type", content_type).body(body);
        if let Some(origin) = origin {
            request = request.header("origin", origin);
        }
        request.send().await.unwrap()
    }

    pub async fn post(&self, submission: &Value) -> reqwest::Response {
        self.post_raw(submission.to_string(), "application/json", Some(ORIGIN)).await
    }

    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.client.get(format!("{}{path}", self.base)).send().await.unwrap()
    }

    pub async fn count(&self) -> i64 {
        self.scalar_i64("SELECT count(*) FROM submissions", &[]).await
    }

    /// One integer from the database, with `?` placeholders bound to `args`.
    pub async fn scalar_i64(&self, sql: &str, args: &[&str]) -> i64 {
        let sql = self.db.sql(sql);
        let query = args.iter().fold(sqlx::query_scalar(&sql), |q, a| q.bind(*a));
        query.fetch_one(self.db.pool()).await.unwrap()
    }

    /// One text from the database.
    pub async fn scalar_text(&self, sql: &str, args: &[&str]) -> String {
        let sql = self.db.sql(sql);
        let query = args.iter().fold(sqlx::query_scalar(&sql), |q, a| q.bind(*a));
        query.fetch_one(self.db.pool()).await.unwrap()
    }
}

/// A new, empty database on the test PostgreSQL server.
pub async fn fresh_postgres_database() -> Option<String> {
    let Ok(admin) = std::env::var(POSTGRES_ENV) else {
        assert!(std::env::var_os("CI").is_none(), "{POSTGRES_ENV} must be set in CI: `make test` sets it");
        eprintln!("skipped on PostgreSQL: {POSTGRES_ENV} is not set (make test sets it)");
        return None;
    };
    sqlx::any::install_default_drivers();
    let mut random = [0u8; 8];
    getrandom::fill(&mut random).unwrap();
    let name: String = format!("chapeau_test_{}", random.iter().map(|b| format!("{b:02x}")).collect::<String>());
    let pool = sqlx::AnyPool::connect(&admin).await.expect("the test PostgreSQL server answers");
    pool.execute(format!("CREATE DATABASE {name}").as_str()).await.unwrap();
    let (server, _) = admin.rsplit_once('/').unwrap();
    Some(format!("{server}/{name}"))
}

/// Writes each test once and runs it on SQLite and on PostgreSQL, as `name::sqlite` and
/// `name::postgres`.
#[macro_export]
macro_rules! on_both_databases {
    ($(async fn $name:ident($server:ident) $body:block)*) => {
        $(
            mod $name {
                #[allow(unused_imports)]
                use super::*;

                async fn run($server: $crate::common::TestServer) $body

                #[tokio::test]
                async fn sqlite() {
                    run($crate::common::TestServer::start($crate::common::Database::Sqlite).await.unwrap()).await
                }

                #[tokio::test]
                async fn postgres() {
                    if let Some(server) = $crate::common::TestServer::start($crate::common::Database::Postgres).await {
                        run(server).await
                    }
                }
            }
        )*
    };
}

/// A valid feedback submission with the given id.
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

/// A valid submission of another kind, built on [`feedback`].
pub fn submission(id: &str, kind: &str, body: Value, visitor: &str) -> Value {
    let mut value = feedback(id);
    value["kind"] = json!(kind);
    value["body"] = body;
    value["visitor"] = json!(visitor);
    value
}

/// A fresh UUID-shaped id from a number.
pub fn id(n: u32) -> String {
    format!("3f1c2a4e-0b5d-4c6e-8f7a-{n:012x}")
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
