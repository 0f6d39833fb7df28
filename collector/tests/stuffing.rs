//! Ballot stuffing: visitor ids are the client's choice, so votes and upvotes are also limited
//! per client network, in the database, whichever collector process they reach.

mod common;

use futures_util::future::join_all;
use serde_json::{json, Value};

use common::{id, submission, TestServer, ORIGIN};

/// A collector on `server`'s database that takes the client's address from
/// `X-Forwarded-For`, as behind a proxy, and whose per-address request limit stays out of
/// the way.
async fn behind_a_proxy(server: &TestServer) -> TestServer {
    server
        .beside_with(|settings| {
            settings.client_ip_header = Some("x-forwarded-for".into());
            settings.max_per_ip_per_minute = 0;
        })
        .await
}

async fn post_from(server: &TestServer, network: &str, path: &str, body: Value) -> reqwest::Response {
    server
        .client
        .post(format!("{}{path}", server.base))
        .header("content-type", "application/json")
        .header("origin", ORIGIN)
        .header("x-forwarded-for", network)
        .body(body.to_string())
        .send()
        .await
        .unwrap()
}

async fn vote_from(server: &TestServer, network: impl AsRef<str>, n: u32, poll: &str, choice: &str) -> reqwest::Response {
    let vote = submission(&id(n), "vote", json!({ "poll": poll, "choices": [choice] }), &format!("visitor-{n:04}"));
    post_from(server, network.as_ref(), "/v1/submissions", vote).await
}

async fn results(server: &TestServer, poll: &str) -> Value {
    let poll: Value = server.get(&format!("/v1/sites/acme/polls/{poll}")).await.json().await.unwrap();
    poll["results"].clone()
}

/// How many of `responses` were accepted, after checking that every other one is the
/// contract's `429` with a wait.
async fn accepted(responses: Vec<reqwest::Response>) -> usize {
    let mut accepted = 0;
    for response in responses {
        match response.status().as_u16() {
            201 => accepted += 1,
            429 => {
                let wait: u64 = response.headers()["retry-after"].to_str().unwrap().parse().unwrap();
                assert!((1..=3600).contains(&wait), "{wait}");
                let error: Value = response.json().await.unwrap();
                assert_eq!(error["error"]["code"], "rate_limited");
            }
            other => panic!("{other}: {}", response.text().await.unwrap()),
        }
    }
    accepted
}

on_both_databases! {
    async fn a_hundred_visitor_ids_from_one_network_move_a_poll_by_the_limit_at_most(server) {
        let server = behind_a_proxy(&server).await;
        let stuffing = join_all((0..100).map(|n| vote_from(&server, "203.0.113.7", n, "colour", "red"))).await;
        assert_eq!(accepted(stuffing).await, 30, "the default: 30 an hour per poll per network");
        assert_eq!(results(&server, "colour").await["counts"]["red"], 30);
        assert_eq!(server.scalar_i64("SELECT count(*) FROM submissions WHERE kind = 'vote'", &[]).await, 30, "a refused vote is not stored");

        // Another network votes as before; another poll has an allowance of its own.
        assert_eq!(vote_from(&server, "198.51.100.9", 200, "colour", "blue").await.status(), 201);
        assert_eq!(vote_from(&server, "203.0.113.7", 201, "features", "api").await.status(), 201);
        // An IPv6 network is its /64: other addresses in it share its allowance.
        let six = join_all((300..340).map(|n| vote_from(&server, format!("2001:db8:1:2::{n:x}"), n, "colour", "green"))).await;
        assert_eq!(accepted(six).await, 30);
        let poll = results(&server, "colour").await;
        assert_eq!(poll, json!({ "total": 61, "counts": { "red": 30, "green": 30, "blue": 1 } }));
    }

    async fn the_limit_holds_across_two_collectors_on_one_database(server) {
        let first = behind_a_proxy(&server).await;
        let second = first.beside().await;
        let votes = (0..100).map(|n| {
            let target = if n % 2 == 0 { &first } else { &second };
            vote_from(target, "203.0.113.7", n, "colour", "red")
        });
        assert_eq!(accepted(join_all(votes).await).await, 30);
        assert_eq!(results(&second, "colour").await["total"], 30);
    }

    async fn a_poll_sets_its_own_limit_and_a_refused_vote_goes_through_later(server) {
        let server = behind_a_proxy(&server).await;
        for n in 0..3 {
            assert_eq!(vote_from(&server, "203.0.113.7", n, "limited", "a").await.status(), 201);
        }
        let refused = vote_from(&server, "203.0.113.7", 3, "limited", "b").await;
        assert_eq!(refused.status(), 429);
        // Three an hour: the next in twenty minutes.
        let wait: u64 = refused.headers()["retry-after"].to_str().unwrap().parse().unwrap();
        assert!((1_100..=1_200).contains(&wait), "{wait}");
        // An hour later, the network's allowance is full again, and forgotten; nothing of the
        // refused vote was kept, so the same submission is new when the widget sends it again.
        sqlx::query("UPDATE network_allowances SET next_at = 0").execute(server.db.pool()).await.unwrap();
        assert_eq!(server.db.purge_allowances().await.unwrap(), 1);
        assert_eq!(vote_from(&server, "203.0.113.7", 3, "limited", "b").await.status(), 201);
        assert_eq!(results(&server, "limited").await, json!({ "total": 4, "counts": { "a": 3, "b": 1 } }));
    }

    async fn a_hundred_upvotes_from_one_network_count_the_limit_at_most(server) {
        let server = behind_a_proxy(&server).await;
        let question = submission(&id(1), "question", json!({ "message": "Do you ship to Belgium?" }), "visitor-aaaa");
        assert_eq!(server.post(&question).await.status(), 201);
        server.db.answer(&id(1), "Yes.").await.unwrap();
        server.db.set_published(&id(1), true).await.unwrap();
        let path = format!("/v1/sites/acme/questions/{}/upvotes", id(1));
        let upvotes = (0..100).map(|n| post_from(&server, "203.0.113.7", &path, json!({ "visitor": format!("visitor-{n:04}") })));
        let responses = join_all(upvotes).await;
        let counted = responses.iter().filter(|r| r.status() == 200).count();
        assert_eq!(counted, 30);
        let others: Vec<u16> = responses.iter().map(|r| r.status().as_u16()).filter(|s| *s != 200 && *s != 429).collect();
        assert!(others.is_empty(), "{others:?}");
        let public: Value = server.get("/v1/sites/acme/questions").await.json().await.unwrap();
        assert_eq!(public[0]["upvotes"], 30);
        // A visitor's upvote counted already is not counted again, and uses nothing.
        let again = post_from(&server, "198.51.100.9", &path, json!({ "visitor": "visitor-0000" })).await;
        assert_eq!(again.status(), 200);
    }

    async fn changing_a_ballot_moves_the_running_tallies(server) {
        let vote = |n: u32, choices: &[&str], visitor: &str| {
            let ballot = submission(&id(n), "vote", json!({ "poll": "features", "choices": choices }), visitor);
            let server = &server;
            async move { server.post(&ballot).await }
        };
        assert_eq!(vote(1, &["dark", "export"], "visitor-aaaa").await.status(), 201);
        assert_eq!(vote(2, &["export"], "visitor-bbbb").await.status(), 201);
        assert_eq!(vote(3, &["api"], "visitor-aaaa").await.status(), 201);
        // A replay of the first vote changes nothing.
        assert_eq!(vote(1, &["dark", "export"], "visitor-aaaa").await.status(), 200);
        let poll: Value = server.get("/v1/sites/acme/polls/features?visitor=visitor-aaaa").await.json().await.unwrap();
        assert_eq!(poll["results"], json!({ "total": 2, "counts": { "dark": 0, "export": 1, "api": 1 } }));
    }
}
