//! Webhooks against a real receiver on loopback: signed over a timestamp and the body,
//! retried until accepted, never for spam or replays, escaped for Slack and Discord, and no
//! token in a stored error; on both databases.

mod common;

use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::http::{HeaderMap, StatusCode};
use chapeau_collector::webhooks::{signature, SIGNATURE_HEADER};
use common::{feedback, id, submission, Database, TestServer};
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

/// A collector whose site notifies `url`, in `format` when one is given.
async fn server_with_webhook(database: Database, url: &str, format: Option<&str>) -> Option<TestServer> {
    let sites = tempfile::NamedTempFile::new().unwrap();
    let format = format.map(|f| format!("format = \"{f}\"\n")).unwrap_or_default();
    std::fs::write(
        sites.path(),
        format!(
            "[[site]]\nid = \"acme\"\nname = \"Acme Outdoor\"\norigins = [\"https://shop.acme.example\"]\n\
             [site.webhook]\nurl = \"{url}\"\nsecret = \"{SECRET}\"\n{format}"
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
    let Some(server) = server_with_webhook(database, &url, None).await else { return };
    let mut complaint = feedback(&id(1));
    complaint["body"] = json!({ "rating": 1, "category": "complaint", "message": "The zip broke on day two.",
        "contact": { "name": "Ana", "email": "ana@example.com", "consent": true } });
    let receipt: Value = server.post(&complaint).await.json().await.unwrap();

    until("three attempts, the last accepted", || received.lock().unwrap().len() == 3).await;
    let (sig, body) = received.lock().unwrap()[2].clone();
    // What a receiver checks: the signature of the time and the body, and that the time is
    // recent (a replay of an old request is refused).
    let timestamp: i64 = sig.strip_prefix("t=").and_then(|rest| rest.split(',').next()).unwrap().parse().unwrap();
    let now = time::OffsetDateTime::now_utc().unix_timestamp();
    assert!((now - timestamp).abs() <= 60, "signed at the attempt: {timestamp} vs {now}");
    assert_eq!(sig, signature(SECRET, timestamp, body.as_bytes()), "the receiver can verify the signature");
    assert_ne!(sig, signature(SECRET, timestamp - 600, body.as_bytes()), "the time is part of what is signed");
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
    let Some(server) = server_with_webhook(database, &url, None).await else { return };
    assert_eq!(server.post(&feedback(&id(1))).await.status(), 201);
    assert_eq!(server.post(&feedback(&id(1))).await.status(), 200, "a replay");
    let mut bot = feedback(&id(2));
    bot["trap"] = json!("buy now");
    assert_eq!(server.post(&bot).await.status(), 201);
    until("the one real submission is delivered", || received.lock().unwrap().len() == 1).await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(received.lock().unwrap().len(), 1, "nothing else was sent");
}

/// A question whose text tries to ping everyone and to pass a phishing link off as the
/// brand's own, sent to a chat tool in `format`: what the tool receives.
async fn hostile_question_through(database: Database, format: &str) -> Option<Value> {
    let (url, received) = receiver(0).await;
    let server = server_with_webhook(database, &url, Some(format)).await?;
    let hostile = "<!channel> @everyone Log in at <https://evil.example/login|https://acme.example/account> \
                   or [your order](https://evil.example/order)\n# Acme support: *urgent*";
    let question = submission(&id(1), "question", json!({ "message": hostile, "contact": { "name": "Ana", "email": "ana@example.com", "consent": true } }), "visitor-aaaa");
    assert_eq!(server.post(&question).await.status(), 201);
    until("the message reaches the tool", || received.lock().unwrap().len() == 1).await;
    let body = received.lock().unwrap()[0].1.clone();
    assert!(!body.contains("ana@example.com"), "a visitor's contact stays out of chat tools");
    Some(serde_json::from_str(&body).unwrap())
}

async fn a_slack_message_cannot_ping_the_channel_or_disguise_a_link(database: Database) {
    let Some(payload) = hostile_question_through(database, "slack").await else { return };
    assert_eq!(
        payload,
        json!({ "text": "New question on Acme Outdoor: &lt;!channel&gt; @everyone Log in at \
                         &lt;https://evil.example/login|https://acme.example/account&gt; or \
                         [your order](https://evil.example/order) # Acme support: *urgent*" })
    );
}

async fn a_discord_message_cannot_mention_or_mask_a_link(database: Database) {
    let Some(payload) = hostile_question_through(database, "discord").await else { return };
    assert_eq!(payload["allowed_mentions"], json!({ "parse": [] }), "no mention pings anyone");
    assert_eq!(
        payload["content"],
        r"New question on Acme Outdoor\: \<\!channel\> \@everyone Log in at \<https\://evil.example/login\|https\://acme.example/account\> or \[your order\]\(https\://evil.example/order\) \# Acme support\: \*urgent\*"
    );
}

async fn a_receiver_that_is_down_leaves_no_token_in_the_stored_error(database: Database) {
    // Nothing listens on port 9 of loopback: every attempt fails to connect.
    let Some(server) = server_with_webhook(database, "http://127.0.0.1:9/services/T0/B0/secret-token", Some("slack")).await else { return };
    assert_eq!(server.post(&feedback(&id(1))).await.status(), 201);
    let mut error = None;
    for _ in 0..200 {
        error = server.db.webhook_deliveries("acme").await.unwrap()[0].last_error.clone();
        if error.is_some() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
    let error = error.expect("the failure is recorded");
    assert!(error.starts_with("no answer"), "{error}");
    assert!(!error.contains("secret-token") && !error.contains("/services/"), "{error}");
}

/// Each test on SQLite and on PostgreSQL.
macro_rules! on_both {
    ($($name:ident),*) => {
        $(mod $name {
            #[tokio::test]
            async fn sqlite() {
                super::$name(super::Database::Sqlite).await
            }

            #[tokio::test]
            async fn postgres() {
                super::$name(super::Database::Postgres).await
            }
        })*
    };
}

on_both!(
    a_complaint_reaches_the_team_signed_after_retries,
    spam_and_replays_notify_nobody,
    a_slack_message_cannot_ping_the_channel_or_disguise_a_link,
    a_discord_message_cannot_mention_or_mask_a_link,
    a_receiver_that_is_down_leaves_no_token_in_the_stored_error
);
