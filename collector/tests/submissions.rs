//! `POST /v1/submissions` against the contract, over real HTTP and a real SQLite file.

mod common;

use common::{error_of, feedback, id, ORIGIN};
use serde_json::{json, Value};

const ID: &str = "3f1c2a4e-0b5d-4c6e-8f7a-9b0c1d2e3f40";

on_both_databases! {

    async fn submissions_that_arrive_together_are_each_stored_once(server) {
        // 150 distinct submissions and 10 copies of one more, all at once: on SQLite they are
        // committed in groups, and a copy in the same group as its original is a replay.
        let server = server.beside_with(|s| s.max_per_ip_per_minute = 10_000).await;
        let bodies: Vec<Value> = (0..150).map(|n| feedback(&id(n))).chain((0..10).map(|_| feedback(ID))).collect();
        let mut responses = futures_util::future::join_all(bodies.iter().map(|b| server.post(b))).await;
        let copies = responses.split_off(150);
        let distinct = responses;
        assert!(distinct.iter().all(|r| r.status() == 201), "every distinct one is created");
        let mut statuses: Vec<u16> = copies.iter().map(|r| r.status().as_u16()).collect();
        statuses.sort_unstable();
        assert_eq!(statuses, [200, 200, 200, 200, 200, 200, 200, 200, 200, 201], "one copy created, the others replays");
        let receipts: std::collections::HashSet<String> = futures_util::future::join_all(copies.into_iter().map(|r| r.json::<Value>()))
            .await
            .into_iter()
            .map(|v| v.unwrap()["receipt"].as_str().unwrap().to_string())
            .collect();
        assert_eq!(receipts.len(), 1, "every copy gets the original's receipt");
        assert_eq!(server.count().await, 151);
    }

    async fn a_valid_submission_is_stored_with_an_unguessable_receipt(server) {
        let response = server.post(&feedback(ID)).await;
        assert_eq!(response.status(), 201);
        assert_eq!(response.headers()["access-control-allow-origin"], ORIGIN);
        // The answer depends on the origin: no shared cache may give it to another. Only a
        // preflight varies with its own headers, and every answer's bytes are paid by every
        // visitor: nothing a browser does not use.
        assert_eq!(response.headers()["vary"], "origin");
        assert!(response.headers().get("access-control-expose-headers").is_none(), "no Retry-After to expose");
        let receipt: Value = response.json().await.unwrap();
        assert_eq!(receipt["id"], ID);
        assert_eq!(receipt["status"], "received");
        let token = receipt["receipt"].as_str().unwrap();
        assert!(token.len() * 6 >= 128, "receipt {token} carries at least 128 bits");

        let sql = server.db.sql("SELECT site, kind, body, meta, spam, origin FROM submissions WHERE id = ?");
        let (site, kind, body, meta, spam, origin): (String, String, String, String, i64, String) =
            sqlx::query_as(&sql).bind(ID).fetch_one(server.db.pool()).await.unwrap();
        assert_eq!((site.as_str(), kind.as_str(), spam, origin.as_str()), ("acme", "feedback", 0, ORIGIN));
        let body: Value = serde_json::from_str(&body).unwrap();
        assert_eq!(body["message"], "Dark mode, please");
        assert_eq!(body["rating"], 4);
        assert_eq!(serde_json::from_str::<Value>(&meta).unwrap(), json!({ "plan": "pro" }));
    }

    async fn receipts_differ_between_submissions(server) {
        let first: Value = server.post(&feedback(ID)).await.json().await.unwrap();
        let second: Value =
            server.post(&feedback("3f1c2a4e-0b5d-4c6e-8f7a-9b0c1d2e3f41")).await.json().await.unwrap();
        assert_ne!(first["receipt"], second["receipt"]);
    }

    async fn a_replay_returns_the_original_receipt_and_stores_nothing_twice(server) {
        let first = server.post(&feedback(ID)).await;
        assert_eq!(first.status(), 201);
        let first: Value = first.json().await.unwrap();

        let mut retry = feedback(ID);
        retry["sent_at"] = json!("2026-11-23T10:05:00Z"); // a retry may be sent later
        let again = server.post(&retry).await;
        assert_eq!(again.status(), 200);
        assert_eq!(again.json::<Value>().await.unwrap(), first);
        assert_eq!(server.count().await, 1);
    }

    async fn the_same_id_with_other_content_is_a_conflict(server) {
        assert_eq!(server.post(&feedback(ID)).await.status(), 201);
        let mut other = feedback(ID);
        other["body"]["message"] = json!("Something else entirely");
        let (code, field) = error_of(server.post(&other).await, 409).await;
        assert_eq!((code.as_str(), field.as_deref()), ("id_conflict", Some("id")));
        let stored = server.scalar_text("SELECT body FROM submissions", &[]).await;
        assert!(stored.contains("Dark mode, please"), "the original is untouched");
    }

    async fn malformed_json_is_a_400_and_changes_nothing(server) {
        for body in ["{", "", "not json", "{\"v\": 1,}"] {
            let response = server.post_raw(body, "application/json", Some(ORIGIN)).await;
            assert_eq!(error_of(response, 400).await.0, "malformed_json", "{body:?}");
        }
        assert_eq!(server.count().await, 0);
    }

    async fn an_oversize_body_is_a_413_and_changes_nothing(server) {
        let mut big = feedback(ID);
        big["body"]["message"] = json!("x".repeat(17 * 1024));
        assert_eq!(error_of(server.post(&big).await, 413).await.0, "payload_too_large");
        // A body without a length, streamed in chunks, is cut off the same way.
        let chunks: Vec<Result<String, std::io::Error>> = (0..40).map(|_| Ok("x".repeat(1024))).collect();
        let stream = reqwest::Body::wrap_stream(futures_util::stream::iter(chunks));
        let response = server.post_raw(stream, "application/json", Some(ORIGIN)).await;
        assert_eq!(error_of(response, 413).await.0, "payload_too_large");
        assert_eq!(server.count().await, 0);
    }

    async fn a_wrong_content_type_is_a_415_and_changes_nothing(server) {
        let body = feedback(ID).to_string();
        for content_type in ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data"] {
            let response = server.post_raw(body.clone(), content_type, Some(ORIGIN)).await;
            assert_eq!(error_of(response, 415).await.0, "unsupported_media_type");
        }
        let with_charset = server.post_raw(body, "application/json; charset=utf-8", Some(ORIGIN)).await;
        assert_eq!(with_charset.status(), 201);
    }

    async fn validation_errors_are_422_with_the_field_and_change_nothing(server) {
        let cases = [
            ("/body/message", json!(""), "required", "body.message"),
            ("/body/rating", json!(9), "out_of_range", "body.rating"),
            ("/body/contact", json!({ "email": "ana@example.com" }), "consent_required", "body.contact.consent"),
            ("/body/contact", json!({ "email": "nope", "consent": true }), "invalid_email", "body.contact.email"),
            ("/id", json!("123"), "invalid_format", "id"),
            ("/kind", json!("rant"), "out_of_range", "kind"),
            ("/extra", json!(1), "unknown_field", "extra"),
        ];
        for (pointer, value, code, field) in cases {
            let mut submission = feedback(ID);
            let (parent, key) = pointer.rsplit_once('/').unwrap();
            let target = if parent.is_empty() { &mut submission } else { submission.pointer_mut(parent).unwrap() };
            target[key] = value;
            let (got_code, got_field) = error_of(server.post(&submission).await, 422).await;
            assert_eq!((got_code.as_str(), got_field.as_deref()), (code, Some(field)), "{pointer}");
        }
        assert_eq!(server.count().await, 0);
    }

    async fn an_origin_not_allowed_for_the_site_is_a_403_and_changes_nothing(server) {
        let body = feedback(ID).to_string();
        for origin in [Some("https://evil.example"), Some("https://other.example"), Some("null"), None] {
            let response = server.post_raw(body.clone(), "application/json", origin).await;
            let echoed = response.headers().get("access-control-allow-origin").cloned();
            assert_eq!(error_of(response, 403).await.0, "origin_not_allowed", "{origin:?}");
            if origin == Some("https://evil.example") {
                assert!(echoed.is_none(), "an unknown origin is never echoed");
            }
        }
        assert_eq!(server.count().await, 0);
    }

    async fn an_unknown_site_or_poll_is_a_404(server) {
        let mut unknown_site = feedback(ID);
        unknown_site["site"] = json!("nobody");
        let (code, field) = error_of(server.post(&unknown_site).await, 404).await;
        assert_eq!((code.as_str(), field.as_deref()), ("unknown_site", Some("site")));

        let mut vote = feedback(ID);
        vote["kind"] = json!("vote");
        vote["body"] = json!({ "poll": "no-such-poll", "choices": ["a"] });
        let (code, field) = error_of(server.post(&vote).await, 404).await;
        assert_eq!((code.as_str(), field.as_deref()), ("unknown_poll", Some("body.poll")));
        assert_eq!(server.count().await, 0);
    }

    async fn honeypot_and_hasty_posts_look_accepted_but_are_kept_aside(server) {
        let mut bot = feedback(ID);
        bot["trap"] = json!("http://spam.example");
        assert_eq!(server.post(&bot).await.status(), 201);
        let mut hasty = feedback("3f1c2a4e-0b5d-4c6e-8f7a-9b0c1d2e3f41");
        hasty["dwell_ms"] = json!(120);
        assert_eq!(server.post(&hasty).await.status(), 201);
        assert_eq!(server.scalar_i64("SELECT count(*) FROM submissions WHERE spam = 1", &[]).await, 2);
    }

    async fn the_preflight_echoes_only_allowed_origins(server) {
        let preflight = |origin: &'static str| {
            server
                .client
                .request(reqwest::Method::OPTIONS, format!("{}/v1/submissions", server.base))
                .header("origin", origin)
                .header("access-control-request-method", "POST")
                .header("access-control-request-headers", "content-type")
                .send()
        };
        let allowed = preflight(ORIGIN).await.unwrap();
        assert!(allowed.status().is_success());
        assert_eq!(allowed.headers()["access-control-allow-origin"], ORIGIN);
        let methods = allowed.headers()["access-control-allow-methods"].to_str().unwrap().to_string();
        assert!(methods.contains("POST"), "{methods}");
        assert!(allowed.headers()["access-control-allow-headers"].to_str().unwrap().contains("content-type"));
        assert_eq!(allowed.headers()["access-control-max-age"], "86400", "browsers keep the answer a day");
        let vary = allowed.headers()["vary"].to_str().unwrap().to_string();
        assert!(vary.contains("access-control-request-method") && vary.contains("access-control-request-headers"), "{vary}");

        let refused = preflight("https://evil.example").await.unwrap();
        assert!(refused.headers().get("access-control-allow-origin").is_none());
    }

    async fn unknown_routes_and_methods_answer_json(server) {
        let missing = server.client.get(format!("{}/v1/nothing-here", server.base)).send().await.unwrap();
        assert_eq!(error_of(missing, 404).await.0, "not_found");
        let wrong_method = server.client.get(format!("{}/v1/submissions", server.base)).send().await.unwrap();
        assert_eq!(error_of(wrong_method, 405).await.0, "method_not_allowed");
    }

    async fn widget_files_are_served_to_any_origin_with_the_right_types(server) {
        std::fs::write(server.static_dir.join("chapeau_bg.wasm"), b"\0asm\x01\0\0\0").unwrap();
        std::fs::write(server.static_dir.join("embed.js"), "/* loader */").unwrap();
        let wasm = server.client.get(format!("{}/chapeau_bg.wasm", server.base)).send().await.unwrap();
        assert_eq!(wasm.status(), 200);
        assert_eq!(wasm.headers()["content-type"], "application/wasm");
        assert_eq!(wasm.headers()["access-control-allow-origin"], "*");
        assert_eq!(wasm.headers()["cross-origin-resource-policy"], "cross-origin");
        let loader = server.client.get(format!("{}/embed.js", server.base)).send().await.unwrap();
        assert!(loader.headers()["content-type"].to_str().unwrap().contains("javascript"));
    }
}
