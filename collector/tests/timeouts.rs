//! Slow and idle clients cannot hold the collector: a request's head, its body and its answer
//! each have a time, and connections a cap. Over real TCP.

mod common;

use std::time::{Duration, Instant};

use common::{error_of, feedback, id, Database, TestServer};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// The server's address, for raw connections.
fn address(server: &TestServer) -> String {
    server.base.strip_prefix("http://").unwrap().to_string()
}

/// Sends `head` one byte every 400 ms until the server closes the connection; how long it
/// stayed open. Gives up after `at_most`.
async fn drip(address: String, head: &'static [u8], at_most: Duration) -> Duration {
    let started = Instant::now();
    let Ok(mut stream) = TcpStream::connect(&address).await else { return Duration::ZERO };
    for byte in head.iter().cycle() {
        if started.elapsed() > at_most {
            break;
        }
        if stream.write_all(&[*byte]).await.is_err() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(400)).await;
        // A closed connection reads as its end (or fails) at once.
        let mut buffer = [0u8; 256];
        match tokio::time::timeout(Duration::from_millis(1), stream.read(&mut buffer)).await {
            Ok(Ok(0)) | Ok(Err(_)) => break,
            Ok(Ok(_)) => break, // an answer (408) is the end of it too
            Err(_) => {}
        }
    }
    started.elapsed()
}

#[tokio::test]
async fn a_slowloris_is_disconnected_within_the_head_timeout_and_others_are_served_meanwhile() {
    let server = TestServer::start_with(Database::Sqlite, |s| {
        s.head_timeout_secs = 2;
        s.min_dwell_ms = 0;
    })
    .await
    .unwrap();
    // Three hundred connections, each sending a request's head a byte at a time.
    let head: &'static [u8] = b"POST /v1/submissions HTTP/1.1\r\nHost: collector\r\nX-Padding: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
    let dripping: Vec<_> = (0..300).map(|_| tokio::spawn(drip(address(&server), head, Duration::from_secs(20)))).collect();
    tokio::time::sleep(Duration::from_millis(500)).await;

    // Meanwhile a visitor's submission is stored and answered at once.
    let started = Instant::now();
    let response = server.post(&feedback(&id(1))).await;
    assert_eq!(response.status(), 201);
    assert!(started.elapsed() < Duration::from_secs(1), "answered in {:?}", started.elapsed());

    for connection in dripping {
        let open = connection.await.unwrap();
        assert!(open > Duration::from_millis(1500) && open < Duration::from_secs(5), "a dripping connection stayed open {open:?}");
    }
    assert_eq!(server.count().await, 1);
}

#[tokio::test]
async fn a_body_that_does_not_arrive_in_time_is_a_408_and_stores_nothing() {
    let server = TestServer::start_with(Database::Sqlite, |s| s.body_timeout_secs = 1).await.unwrap();
    let body = feedback(&id(2)).to_string();
    let mut stream = TcpStream::connect(address(&server)).await.unwrap();
    let head = format!(
        "POST /v1/submissions HTTP/1.1\r\nHost: collector\r\nOrigin: {}\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n",
        common::ORIGIN,
        body.len()
    );
    stream.write_all(head.as_bytes()).await.unwrap();
    // Half the body, then nothing.
    stream.write_all(&body.as_bytes()[..body.len() / 2]).await.unwrap();
    let mut answer = Vec::new();
    let read = tokio::time::timeout(Duration::from_secs(5), async {
        let mut buffer = [0u8; 4096];
        loop {
            let n = stream.read(&mut buffer).await.unwrap_or(0);
            answer.extend_from_slice(&buffer[..n]);
            if n == 0 || String::from_utf8_lossy(&answer).contains("}}") {
                break;
            }
        }
    })
    .await;
    assert!(read.is_ok(), "no answer within 5 s");
    let answer = String::from_utf8_lossy(&answer);
    assert!(answer.starts_with("HTTP/1.1 408"), "{answer}");
    assert!(answer.contains(r#""code":"request_timeout""#), "{answer}");
    assert_eq!(server.count().await, 0);
}

#[tokio::test]
async fn a_request_the_database_holds_up_is_answered_503_in_time() {
    let server = TestServer::start_with(Database::Sqlite, |s| {
        s.request_timeout_secs = 1;
        s.min_dwell_ms = 0;
    })
    .await
    .unwrap();
    // Another process holds the database's write lock.
    let file = server.url.strip_prefix("sqlite://").unwrap().to_string();
    let (locked, release) = std::sync::mpsc::channel::<()>();
    let (hold, held) = std::sync::mpsc::channel::<()>();
    let holder = std::thread::spawn(move || {
        let connection = rusqlite::Connection::open(file).unwrap();
        connection.execute_batch("BEGIN EXCLUSIVE").unwrap();
        hold.send(()).unwrap();
        let _ = release.recv_timeout(Duration::from_secs(10));
        connection.execute_batch("ROLLBACK").unwrap();
    });
    held.recv().unwrap();
    let started = Instant::now();
    let response = server.post(&feedback(&id(3))).await;
    let waited = started.elapsed();
    locked.send(()).unwrap();
    holder.join().unwrap();
    assert_eq!(response.headers()["retry-after"], "5");
    assert!(waited < Duration::from_secs(3), "answered after {waited:?}");
    let (code, _) = error_of(response, 503).await;
    assert_eq!(code, "unavailable");
}

#[tokio::test]
async fn connections_past_the_cap_are_closed_at_once_and_the_rest_served() {
    let server = TestServer::start_with(Database::Sqlite, |s| {
        s.max_connections = 3;
        s.min_dwell_ms = 0;
    })
    .await
    .unwrap();
    let mut idle = Vec::new();
    for _ in 0..3 {
        idle.push(TcpStream::connect(address(&server)).await.unwrap());
    }
    tokio::time::sleep(Duration::from_millis(200)).await;
    let mut one_more = TcpStream::connect(address(&server)).await.unwrap();
    let mut buffer = [0u8; 16];
    let read = tokio::time::timeout(Duration::from_secs(2), one_more.read(&mut buffer)).await;
    assert!(matches!(read, Ok(Ok(0)) | Ok(Err(_))), "a fourth connection is closed at once: {read:?}");
    // Once the idle ones go, a visitor's submission is served again.
    drop(idle);
    tokio::time::sleep(Duration::from_millis(200)).await;
    assert_eq!(server.post(&feedback(&id(4))).await.status(), 201);
}
