//! Rate limits over real HTTP: per client address and per site, `429` with `Retry-After`.

mod common;

use common::{error_of, feedback, id, Database, TestServer, ORIGIN};

async fn post_from(server: &TestServer, n: u32, client: &str) -> reqwest::Response {
    server
        .client
        .post(format!("{}/v1/submissions", server.base))
        .header("content-type", "application/json")
        .header("origin", ORIGIN)
        .header("x-forwarded-for", format!("203.0.113.9, {client}"))
        .body(feedback(&id(n)).to_string())
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn one_address_is_limited_and_others_are_not() {
    let server = TestServer::start_with(Database::Sqlite, |s| {
        s.max_per_ip_per_minute = 3;
        s.client_ip_header = Some("x-forwarded-for".into());
    })
    .await
    .unwrap();
    for n in 1..=3 {
        assert_eq!(post_from(&server, n, "198.51.100.1").await.status(), 201);
    }
    let limited = post_from(&server, 4, "198.51.100.1").await;
    let retry: u64 = limited.headers()["retry-after"].to_str().unwrap().parse().unwrap();
    assert!((1..=20).contains(&retry), "{retry}");
    let exposed = limited.headers()["access-control-expose-headers"].to_str().unwrap().to_ascii_lowercase();
    assert!(exposed.contains("retry-after"), "the widget on the site's page may read it: {exposed}");
    assert_eq!(error_of(limited, 429).await.0, "rate_limited");
    assert_eq!(post_from(&server, 5, "198.51.100.2").await.status(), 201, "another visitor is not affected");
    assert_eq!(server.count().await, 4, "the limited one was not stored");
}

#[tokio::test]
async fn a_site_is_limited_across_all_its_visitors() {
    let server = TestServer::start_with(Database::Sqlite, |s| {
        s.max_per_site_per_minute = 2;
        s.client_ip_header = Some("x-forwarded-for".into());
    })
    .await
    .unwrap();
    assert_eq!(post_from(&server, 1, "198.51.100.1").await.status(), 201);
    assert_eq!(post_from(&server, 2, "198.51.100.2").await.status(), 201);
    assert_eq!(error_of(post_from(&server, 3, "198.51.100.3").await, 429).await.0, "rate_limited");
    assert_eq!(server.count().await, 2);
}

#[tokio::test]
async fn without_a_proxy_header_the_connection_address_counts() {
    let server = TestServer::start_with(Database::Sqlite, |s| s.max_per_ip_per_minute = 1).await.unwrap();
    assert_eq!(post_from(&server, 1, "198.51.100.1").await.status(), 201);
    // A forged header is ignored when the collector is not told to trust one.
    assert_eq!(post_from(&server, 2, "198.51.100.2").await.status(), 429);
}
