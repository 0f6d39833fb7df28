//! Webhooks against a real receiver on loopback: signed, retried until accepted, never for
//! spam or replays, on both databases.

mod common;

use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::http::{HeaderMap, StatusCode};
use chapeau_collector::webhooks::{signature, SIGNATURE_HEADER};
use common::{feedback, id, Database, TestServer};
use serde_json::{json, Value};

const SECRET: &str = "a-very-secret-webhook-key";

/// What the receiver got: each request's signature header and body.
type Received = Arc<Mutex<Vec<(String, String)>>>;

/// A receiver that answers 500 to its first `failures` requests, then 200.
async fn receiver(failures: usize) -> (String, Received) {
    let received: Received = Arc::default();
    let log = received.clone();
    let app = axum::Router::new().route(
        "/hook",
        axum::routing::post(move |headers: HeaderMap, body: String| {
            let log = log.clone();
            async move {
                let mut log = log.lock().unwrap();
                let signature = headers.get(SIGNATURE_HEADER).map(|v| v.to_str().unwrap().to_string()).unwrap_or_default();
                log.push((signature, body));
                if log.len() <= failures { StatusCode::INTERNAL_SERVER_ERROR } else { StatusCode::OK }
            }
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/hook", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    (url, received)
}

async fn server_with_webhook(database: Database, url: &str) -> Option<TestServer> {
    let sites = tempfile::NamedTempFile::new().unwrap();
    std::fs::write(
        sites.path(),
        format!(
            "[[site]]\nid = \"acme\"\nname = \"Acme Outdoor\"\norigins = [\"https://shop.acme.example\"]\n\
             [site.webhook]\nurl = \"{url}\"\nsecret = \"{SECRET}\"\n"
        ),
    )
    .unwrap();
    let path = sites.into_temp_path().keep().unwrap();
    TestServer::start_with(database, |s| {
        s.sites = Some(path);
        s.webhook_retry_base_ms = 20;
    })
    .await
}

async fn until(what: &str, done: impl Fn() -> bool) {
    for _ in 0..200 {
        if done() {
            return;
        }
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
    panic!("never happened: {what}");
}

async fn a_complaint_reaches_the_team_signed_after_retries(database: Database) {
    let (url, received) = receiver(2).await;
    let Some(server) = server_with_webhook(database, &url).await else { return };
    let mut complaint = feedback(&id(1));
    complaint["body"] = json!({ "rating": 1, "category": "complaint", "message": "The zip broke on day two.",
        "contact": { "name": "Ana", "email": "ana@example.com", "consent": true } });
    let receipt: Value = server.post(&complaint).await.json().await.unwrap();

    until("three attempts, the last accepted", || received.lock().unwrap().len() == 3).await;
    let (sig, body) = received.lock().unwrap()[2].clone();
    assert_eq!(sig, signature(SECRET, body.as_bytes()), "the receiver can verify the signature");
    let payload: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(payload["event"], "submission.created");
    assert_eq!(payload["text"], "New complaint on Acme Outdoor (rated 1/5): The zip broke on day two.");
    assert_eq!(payload["submission"]["contact"]["email"], "ana@example.com");
    assert_eq!(payload["inbox_path"], format!("/inbox/submissions/{}", id(1)));
    assert!(!body.contains(receipt["receipt"].as_str().unwrap()), "the visitor's receipt stays theirs");
    let all: Vec<String> = received.lock().unwrap().iter().map(|(_, b)| b.clone()).collect();
    assert!(all.iter().all(|b| b == &body), "every attempt sends the same delivery");

    let mut state = server.db.webhook_deliveries("acme").await.unwrap();
    for _ in 0..40 {
        if state[0].delivered {
            break;
        }
        tokio::time::sleep(Duration::from_millis(25)).await;
        state = server.db.webhook_deliveries("acme").await.unwrap();
    }
    assert_eq!((state.len(), state[0].attempts, state[0].delivered, state[0].failed), (1, 3, true, false));
}

async fn spam_and_replays_notify_nobody(database: Database) {
    let (url, received) = receiver(0).await;
    let Some(server) = server_with_webhook(database, &url).await else { return };
    assert_eq!(server.post(&feedback(&id(1))).await.status(), 201);
    assert_eq!(server.post(&feedback(&id(1))).await.status(), 200, "a replay");
    let mut bot = feedback(&id(2));
    bot["trap"] = json!("buy now");
    assert_eq!(server.post(&bot).await.status(), 201);
    until("the one real submission is delivered", || received.lock().unwrap().len() == 1).await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(received.lock().unwrap().len(), 1, "nothing else was sent");
}

#[tokio::test]
async fn a_complaint_reaches_the_team_signed_after_retries_sqlite() {
    a_complaint_reaches_the_team_signed_after_retries(Database::Sqlite).await
}

#[tokio::test]
async fn a_complaint_reaches_the_team_signed_after_retries_postgres() {
    a_complaint_reaches_the_team_signed_after_retries(Database::Postgres).await
}

#[tokio::test]
async fn spam_and_replays_notify_nobody_sqlite() {
    spam_and_replays_notify_nobody(Database::Sqlite).await
}

#[tokio::test]
async fn spam_and_replays_notify_nobody_postgres() {
    spam_and_replays_notify_nobody(Database::Postgres).await
}
