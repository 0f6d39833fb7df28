//! Hostile bodies: what a script kiddie or a broken proxy sends to `POST /v1/submissions`.
//! Each gets the contract's JSON error and changes nothing; text shaped like SQL or markup is
//! stored exactly as written (and rendered as text wherever it is shown: tests/e2e).

mod common;

use common::{error_of, feedback, id, submission, ORIGIN};
use serde_json::json;

/// `feedback` as text with `from` replaced by `to` once: for bodies no JSON value can express.
fn edited(from: &str, to: &str) -> Vec<u8> {
    let text = feedback(&id(1)).to_string();
    assert!(text.contains(from), "{from}");
    text.replacen(from, to, 1).into_bytes()
}

on_both_databases! {
    async fn hostile_bodies_get_the_contracts_error_and_change_nothing(server) {
        let deep = format!("{}1{}", "[".repeat(5_000), "]".repeat(5_000));
        let mut invalid_utf8 = edited("Dark mode, please", "Dark mode");
        let at = invalid_utf8.windows(4).position(|w| w == b"Dark").unwrap();
        invalid_utf8[at] = 0xff;
        // What is sent, then the status, error code and field it gets.
        type Case = (&'static str, Vec<u8>, u16, &'static str, Option<&'static str>);
        let cases: Vec<Case> = vec![
            ("deeply nested", edited("\"pro\"", &deep), 400, "malformed_json", None),
            ("invalid UTF-8", invalid_utf8, 400, "malformed_json", None),
            ("a duplicated key", edited("\"site\":\"acme\"", "\"site\":\"acme\",\"site\":\"other\""), 400, "malformed_json", None),
            ("a duplicated nested key", edited("\"message\":", "\"message\":\"hi\",\"message\":"), 400, "malformed_json", None),
            ("a number beyond f64", edited("\"dwell_ms\":5400", "\"dwell_ms\":1e400"), 400, "malformed_json", None),
            ("an unknown field in the body", edited("\"rating\":4", "\"rating\":4,\"admin\":true"), 422, "unknown_field", Some("body.admin")),
            ("an unknown field in the page", edited("\"lang\":\"fr-FR\"", "\"lang\":\"fr-FR\",\"referrer\":\"x\""), 422, "unknown_field", Some("page.referrer")),
            ("a version as text", edited("\"v\":1", "\"v\":\"1\""), 422, "invalid_type", Some("v")),
            ("a rating as text", edited("\"rating\":4", "\"rating\":\"five\""), 422, "invalid_type", Some("body.rating")),
            ("a huge rating", edited("\"rating\":4", "\"rating\":99999999999999999999999"), 422, "invalid_type", Some("body.rating")),
            ("a huge dwell time", edited("\"dwell_ms\":5400", "\"dwell_ms\":18446744073709551616"), 422, "invalid_type", Some("dwell_ms")),
            ("a negative dwell time", edited("\"dwell_ms\":5400", "\"dwell_ms\":-1"), 422, "out_of_range", Some("dwell_ms")),
            ("a message as an object", edited("\"message\":\"Dark mode, please\"", "\"message\":{\"$gt\":\"\"}"), 422, "invalid_type", Some("body.message")),
        ];
        for (what, body, status, code, field) in cases {
            let response = server.post_raw(body, "application/json", Some(ORIGIN)).await;
            let (got_code, got_field) = error_of(response, status).await;
            assert_eq!((got_code.as_str(), got_field.as_deref()), (code, field), "{what}");
        }
        let choices_as_text = submission(&id(2), "vote", json!({ "poll": "colour", "choices": "red" }), "visitor-aaaa");
        assert_eq!(error_of(server.post(&choices_as_text).await, 422).await, ("invalid_type".into(), Some("body.choices".into())));
        assert_eq!(server.count().await, 0, "nothing stored");
    }

    async fn text_shaped_like_sql_or_markup_is_stored_verbatim(server) {
        let message = "Robert'); DROP TABLE submissions;-- <script>alert(1)</script> \u{202e}evil";
        let name = "' OR '1'='1";
        let title = "\"; DELETE FROM sessions; --";
        let plan = "1; UPDATE submissions SET status='resolved'";
        let mut hostile = feedback(&id(3));
        hostile["body"]["message"] = json!(message);
        hostile["body"]["contact"] = json!({ "name": name, "email": "o'brien+x@example.com", "consent": true });
        hostile["page"]["title"] = json!(title);
        hostile["meta"]["plan"] = json!(plan);
        assert_eq!(server.post(&hostile).await.status(), 201);
        assert_eq!(server.post(&feedback(&id(4))).await.status(), 201);
        let stored = |column: &'static str| {
            let server = &server;
            async move { server.scalar_text(&format!("SELECT {column} FROM submissions WHERE id = ?"), &[&id(3)]).await }
        };
        assert_eq!(stored("message").await, message);
        assert_eq!(stored("contact_name").await, name);
        assert_eq!(stored("contact_email").await, "o'brien+x@example.com");
        assert_eq!(stored("page_title").await, title);
        assert!(stored("meta").await.contains("UPDATE submissions SET status='resolved'"));
        assert_eq!(server.count().await, 2, "both stored, nothing dropped");
        assert_eq!(server.scalar_i64("SELECT count(*) FROM submissions WHERE status = 'resolved'", &[]).await, 0);
    }

    async fn a_nul_character_is_refused_by_name_on_every_database(server) {
        // PostgreSQL's text cannot hold U+0000: it must never reach the database as a 500.
        for (pointer, field) in [("/body/message", "body.message"), ("/page/title", "page.title"), ("/meta/plan", "meta.plan")] {
            let mut nul = feedback(&id(5));
            *nul.pointer_mut(pointer).unwrap() = json!("before\u{0}after");
            let response = server.post(&nul).await;
            let (code, got) = error_of(response, 422).await;
            assert_eq!((code.as_str(), got.as_deref()), ("invalid_format", Some(field)));
        }
        assert_eq!(server.count().await, 0);
    }

    async fn every_v1_answer_says_nosniff(server) {
        // A browser that sniffed an error's JSON as HTML or a script could run what it echoes.
        let question = submission(&id(7), "question", json!({ "message": "<script>alert(1)</script>" }), "visitor-aaaa");
        let mut answers = vec![
            server.post(&question).await,
            server.post(&question).await,
            server.post_raw("{", "application/json", Some(ORIGIN)).await,
            server.post_raw("{}", "text/html", Some(ORIGIN)).await,
            server.post(&feedback("not-an-id")).await,
            server.post_raw(feedback(&id(8)).to_string(), "application/json", Some("https://evil.example")).await,
            server.get("/v1/sites/acme/polls/colour").await,
            server.get("/v1/sites/acme/polls/nope").await,
            server.get("/v1/receipts/not-a-receipt").await,
            server.get("/v1/nothing-here").await,
            server.get("/v1/submissions").await,
        ];
        let preflight = server.client.request(reqwest::Method::OPTIONS, format!("{}/v1/submissions", server.base))
            .header("origin", ORIGIN).header("access-control-request-method", "POST").send().await.unwrap();
        answers.push(preflight);
        let mut statuses = Vec::new();
        for answer in &answers {
            statuses.push(answer.status().as_u16());
            assert_eq!(answer.headers().get("x-content-type-options").map(|v| v.to_str().unwrap()), Some("nosniff"), "{} {}", answer.status(), answer.url());
        }
        statuses.sort_unstable();
        statuses.dedup();
        assert_eq!(statuses, [200, 201, 400, 403, 404, 405, 415, 422], "every kind of answer was seen");
    }
}
