//! The contract's reads (polls, receipts, the public Q&A) over real HTTP, on both databases.

mod common;

use common::{error_of, id, submission, ORIGIN};
use serde_json::{json, Value};

async fn vote(server: &common::TestServer, n: u32, poll: &str, choices: &[&str], visitor: &str) -> reqwest::Response {
    server.post(&submission(&id(n), "vote", json!({ "poll": poll, "choices": choices }), visitor)).await
}

async fn upvote(server: &common::TestServer, question: String, visitor: &str) -> reqwest::Response {
    let path = format!("/v1/sites/acme/questions/{question}/upvotes");
    server.post_to(&path, json!({ "visitor": visitor }).to_string(), "application/json", Some(ORIGIN)).await
}

async fn json_of(response: reqwest::Response) -> Value {
    assert_eq!(response.status(), 200, "{:?}", response.url().path());
    response.json().await.unwrap()
}

on_both_databases! {
    async fn a_poll_shows_its_definition_and_counts_each_visitor_once(server) {
        let poll = json_of(server.get("/v1/sites/acme/polls/colour").await).await;
        assert_eq!(poll["question"], "Which colour next?");
        assert_eq!(poll["multiple"], false);
        assert_eq!(poll["options"][1], json!({ "id": "green", "label": "Green" }));
        assert_eq!(poll["results"], json!({ "total": 0, "counts": { "red": 0, "green": 0, "blue": 0 } }));

        assert_eq!(vote(&server, 1, "colour", &["red"], "visitor-aaaa").await.status(), 201);
        assert_eq!(vote(&server, 2, "colour", &["red"], "visitor-bbbb").await.status(), 201);
        // A visitor who votes again changes their vote; they never count twice.
        assert_eq!(vote(&server, 3, "colour", &["blue"], "visitor-aaaa").await.status(), 201);
        let poll = json_of(server.get("/v1/sites/acme/polls/colour").await).await;
        assert_eq!(poll["results"], json!({ "total": 2, "counts": { "red": 1, "green": 0, "blue": 1 } }));
    }

    async fn results_after_the_vote_show_only_to_those_who_voted(server) {
        let before = json_of(server.get("/v1/sites/acme/polls/features?visitor=visitor-aaaa").await).await;
        assert_eq!(before["results"], Value::Null);
        assert_eq!(vote(&server, 1, "features", &["dark", "api"], "visitor-aaaa").await.status(), 201);
        let mine = json_of(server.get("/v1/sites/acme/polls/features?visitor=visitor-aaaa").await).await;
        assert_eq!(mine["results"], json!({ "total": 1, "counts": { "dark": 1, "export": 0, "api": 1 } }));
        let theirs = json_of(server.get("/v1/sites/acme/polls/features?visitor=visitor-zzzz").await).await;
        assert_eq!(theirs["results"], Value::Null);
        let nobody = json_of(server.get("/v1/sites/acme/polls/features").await).await;
        assert_eq!(nobody["results"], Value::Null);
    }

    async fn results_after_closing_stay_hidden_until_then(server) {
        assert_eq!(vote(&server, 1, "secret", &["a"], "visitor-aaaa").await.status(), 201);
        let open = json_of(server.get("/v1/sites/acme/polls/secret?visitor=visitor-aaaa").await).await;
        assert_eq!(open["results"], Value::Null, "even a voter waits for the close");
        let closed = json_of(server.get("/v1/sites/acme/polls/closed").await).await;
        assert_eq!(closed["closes_at"], "2020-01-01T00:00:00Z");
        assert_eq!(closed["results"]["total"], 0);
    }

    async fn votes_that_break_the_poll_are_refused_and_change_nothing(server) {
        let (code, field) = error_of(vote(&server, 1, "closed", &["a"], "visitor-aaaa").await, 422).await;
        assert_eq!((code.as_str(), field.as_deref()), ("poll_closed", Some("body.poll")));
        let (code, _) = error_of(vote(&server, 2, "colour", &["red", "blue"], "visitor-aaaa").await, 422).await;
        assert_eq!(code, "too_many");
        let (code, field) = error_of(vote(&server, 3, "colour", &["purple"], "visitor-aaaa").await, 422).await;
        assert_eq!((code.as_str(), field.as_deref()), ("out_of_range", Some("body.choices.0")));
        let (code, _) = error_of(vote(&server, 4, "nope", &["a"], "visitor-aaaa").await, 404).await;
        assert_eq!(code, "unknown_poll");
        assert_eq!(server.count().await, 0);
        assert_eq!(server.scalar_i64("SELECT count(*) FROM votes", &[]).await, 0);
    }

    async fn a_spam_vote_is_answered_but_never_counted(server) {
        let mut bot = submission(&id(1), "vote", json!({ "poll": "colour", "choices": ["green"] }), "visitor-bot1");
        bot["trap"] = json!("I am a bot");
        assert_eq!(server.post(&bot).await.status(), 201);
        let poll = json_of(server.get("/v1/sites/acme/polls/colour").await).await;
        assert_eq!(poll["results"]["total"], 0);
    }

    async fn unknown_sites_and_polls_are_404(server) {
        assert_eq!(error_of(server.get("/v1/sites/nobody/polls/colour").await, 404).await.0, "unknown_site");
        assert_eq!(error_of(server.get("/v1/sites/acme/polls/nobody").await, 404).await.0, "unknown_poll");
        assert_eq!(error_of(server.get("/v1/sites/other/polls/colour").await, 404).await.0, "unknown_poll");
    }

    async fn a_receipt_shows_the_status_then_the_answer(server) {
        let question = submission(&id(1), "question", json!({ "message": "Do you ship to Belgium?" }), "visitor-aaaa");
        let receipt: Value = server.post(&question).await.json().await.unwrap();
        let token = receipt["receipt"].as_str().unwrap();
        let view = json_of(server.get(&format!("/v1/receipts/{token}")).await).await;
        assert_eq!(view, json!({ "id": id(1), "kind": "question", "status": "received", "answer": null }));

        assert!(server.db.answer(&id(1), "Yes, in 2 to 3 days.").await.unwrap());
        let view = json_of(server.get(&format!("/v1/receipts/{token}")).await).await;
        assert_eq!(view["status"], "answered");
        assert_eq!(view["answer"]["message"], "Yes, in 2 to 3 days.");
        assert!(chapeau_protocol::is_rfc3339_timestamp(view["answer"]["answered_at"].as_str().unwrap()));
    }

    async fn receipts_cannot_be_guessed(server) {
        let question = submission(&id(1), "question", json!({ "message": "Hello?" }), "visitor-aaaa");
        let receipt: Value = server.post(&question).await.json().await.unwrap();
        let token = receipt["receipt"].as_str().unwrap().to_string();
        let mut near = token.clone();
        near.replace_range(0..1, if token.starts_with('A') { "B" } else { "A" });
        // The submission's id starts the receipt: knowing it is not enough, the random end
        // must match too, to its last character.
        let mut last_wrong = token.clone();
        last_wrong.replace_range(token.len() - 1.., if token.ends_with('A') { "B" } else { "A" });
        let id_with_a_guess = format!("{}_{}", id(1), "A".repeat(24));
        for wrong in [near.as_str(), &last_wrong, &id_with_a_guess, "x", &id(1), "%27%20OR%201=1--"] {
            assert_eq!(error_of(server.get(&format!("/v1/receipts/{wrong}")).await, 404).await.0, "not_found", "{wrong}");
        }
    }

    async fn the_public_qa_lists_published_answers_most_upvoted_first(server) {
        for (n, message) in [(1, "Do you ship to Belgium?"), (2, "Are the hats waterproof?"), (3, "Unanswered one")] {
            let question = submission(&id(n), "question", json!({ "message": message }), "visitor-aaaa");
            assert_eq!(server.post(&question).await.status(), 201);
        }
        server.db.answer(&id(1), "Yes.").await.unwrap();
        server.db.answer(&id(2), "Felt ones are.").await.unwrap();
        assert!(server.db.set_published(&id(1), true).await.unwrap());
        assert!(server.db.set_published(&id(2), true).await.unwrap());
        assert!(!server.db.set_published(&id(3), true).await.unwrap(), "no answer, not publishable");

        let upvote = |question: String, visitor: &'static str| upvote(&server, question, visitor);
        assert_eq!(json_of(upvote(id(2), "visitor-aaaa").await).await, json!({ "upvotes": 1 }));
        assert_eq!(json_of(upvote(id(2), "visitor-aaaa").await).await, json!({ "upvotes": 1 }), "one per visitor");
        assert_eq!(json_of(upvote(id(2), "visitor-bbbb").await).await, json!({ "upvotes": 2 }));
        assert_eq!(error_of(upvote(id(3), "visitor-aaaa").await, 404).await.0, "not_found");

        let list = json_of(server.get("/v1/sites/acme/questions").await).await;
        let ids: Vec<&str> = list.as_array().unwrap().iter().map(|q| q["id"].as_str().unwrap()).collect();
        assert_eq!(ids, [id(2), id(1)]);
        assert_eq!(list[0]["message"], "Are the hats waterproof?");
        assert_eq!(list[0]["answer"], "Felt ones are.");
        assert_eq!(list[0]["upvotes"], 2);
        assert_eq!(json_of(server.get("/v1/sites/acme/questions?page=2").await).await, json!([]));
        assert_eq!(json_of(server.get("/v1/sites/other/questions").await).await, json!([]));
    }

    async fn upvotes_check_origin_and_body(server) {
        let question = submission(&id(1), "question", json!({ "message": "Hello?" }), "visitor-aaaa");
        server.post(&question).await;
        server.db.answer(&id(1), "Hi!").await.unwrap();
        server.db.set_published(&id(1), true).await.unwrap();
        let path = format!("/v1/sites/acme/questions/{}/upvotes", id(1));
        let good = json!({ "visitor": "visitor-aaaa" }).to_string();
        let from_elsewhere = server.post_to(&path, good.clone(), "application/json", Some("https://evil.example")).await;
        assert_eq!(error_of(from_elsewhere, 403).await.0, "origin_not_allowed");
        let as_text = server.post_to(&path, good, "text/plain", Some(ORIGIN)).await;
        assert_eq!(error_of(as_text, 415).await.0, "unsupported_media_type");
        let broken = server.post_to(&path, "{", "application/json", Some(ORIGIN)).await;
        assert_eq!(error_of(broken, 400).await.0, "malformed_json");
        let short = server.post_to(&path, r#"{"visitor":"x"}"#, "application/json", Some(ORIGIN)).await;
        assert_eq!(error_of(short, 422).await.0, "invalid_format");
        assert_eq!(server.scalar_i64("SELECT count(*) FROM upvotes", &[]).await, 0);
    }

    async fn reads_echo_only_the_sites_own_origins(server) {
        let ask = |origin: &'static str| server.client.get(format!("{}/v1/sites/acme/polls/colour", server.base)).header("origin", origin).send();
        let mine = ask(ORIGIN).await.unwrap();
        assert_eq!(mine.headers()["access-control-allow-origin"], ORIGIN);
        let other_site = ask("https://other.example").await.unwrap();
        assert!(other_site.headers().get("access-control-allow-origin").is_none());
    }
}
