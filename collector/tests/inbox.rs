//! The inbox over real HTTP: sign-in, sessions, CSRF, every action, exports, on both databases.

mod common;

use chapeau_collector::inbox::auth::AdminSecret;
use chapeau_collector::inbox::protected_routes;
use sha2::Digest;
use common::{id, submission, Database, TestServer, ADMIN_PASSWORD};
use serde_json::{json, Value};

/// A signed-in community manager: the session cookie, and the CSRF token of its forms.
struct Manager {
    cookie: String,
    csrf: String,
}

async fn sign_in(server: &TestServer) -> Manager {
    let response = server
        .client
        .post(format!("{}/inbox/login", server.base))
        .form(&[("password", ADMIN_PASSWORD)])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 303);
    assert_eq!(response.headers()["location"], "/inbox");
    let set_cookie = response.headers()["set-cookie"].to_str().unwrap().to_string();
    for part in ["HttpOnly", "SameSite=Strict", "Path=/inbox"] {
        assert!(set_cookie.contains(part), "{set_cookie}");
    }
    let cookie = set_cookie.split(';').next().unwrap().to_string();
    let page = get_page(server, &cookie, "/inbox").await;
    let csrf = page.split("name=\"csrf\" value=\"").nth(1).unwrap().split('"').next().unwrap().to_string();
    Manager { cookie, csrf }
}

async fn get_page(server: &TestServer, cookie: &str, path: &str) -> String {
    let response = server.client.get(format!("{}{path}", server.base)).header("cookie", cookie).send().await.unwrap();
    assert_eq!(response.status(), 200, "{path}");
    response.text().await.unwrap()
}

async fn act(server: &TestServer, m: &Manager, path: &str, fields: &[(&str, &str)]) -> reqwest::Response {
    let mut form = vec![("csrf", m.csrf.as_str())];
    form.extend_from_slice(fields);
    server.client.post(format!("{}{path}", server.base)).header("cookie", &m.cookie).form(&form).send().await.unwrap()
}

async fn ask(server: &TestServer, n: u32, message: &str) -> String {
    let question = submission(&id(n), "question", json!({ "message": message, "contact": { "email": "ana@example.com", "consent": true } }), "visitor-aaaa");
    let receipt: Value = server.post(&question).await.json().await.unwrap();
    receipt["receipt"].as_str().unwrap().to_string()
}

/// Each protected route with its path parameters filled in.
fn walkable() -> Vec<(reqwest::Method, String)> {
    protected_routes()
        .into_iter()
        .map(|(method, path, _)| {
            let path = path.replace("{id}", &id(1)).replace("{site}", "acme").replace("{poll}", "colour");
            (reqwest::Method::from_bytes(method.as_str().as_bytes()).unwrap(), path)
        })
        .collect()
}

on_both_databases! {
    async fn every_inbox_route_refuses_a_request_without_a_session(server) {
        ask(&server, 1, "Is anyone there?").await;
        let routes = walkable();
        assert!(routes.len() >= 15, "the walk covers the inbox");
        for cookie in [None, Some("chapeau_session=forged-or-expired-token")] {
            for (method, path) in &routes {
                let mut request = server.client.request(method.clone(), format!("{}{path}", server.base)).form(&[("csrf", "x"), ("message", "hacked"), ("status", "resolved"), ("spam", "true"), ("published", "true")]);
                if let Some(cookie) = cookie {
                    request = request.header("cookie", cookie);
                }
                let response = request.send().await.unwrap();
                if *method == reqwest::Method::GET {
                    assert_eq!(response.status(), 303, "{method} {path}");
                    assert_eq!(response.headers()["location"], "/inbox/login", "{method} {path}");
                } else {
                    assert_eq!(response.status(), 401, "{method} {path}");
                }
            }
        }
        let entry = server.db.entry(&id(1)).await.unwrap().unwrap();
        assert_eq!((entry.status.as_str(), entry.spam, entry.answer), ("received", false, None), "nothing changed");
        assert!(server.db.managed_sites().await.unwrap().is_empty() && server.db.managed_polls().await.unwrap().is_empty());
    }

    async fn a_wrong_password_is_refused_and_repeated_failures_wait(server) {
        let attempt = |password: &'static str| server.client.post(format!("{}/inbox/login", server.base)).form(&[("password", password)]).send();
        let wrong = attempt("guess").await.unwrap();
        assert_eq!(wrong.status(), 401);
        assert!(wrong.headers().get("set-cookie").is_none());
        assert!(wrong.text().await.unwrap().contains("Wrong password."));
        for _ in 1..5 {
            assert_eq!(attempt("guess").await.unwrap().status(), 401);
        }
        let locked = attempt(ADMIN_PASSWORD).await.unwrap();
        assert_eq!(locked.status(), 429, "even the right password waits after five failures from one network");
        assert!(locked.headers()["retry-after"].to_str().unwrap().parse::<u64>().unwrap() > 0);
    }

    async fn a_manager_whose_browser_signed_in_before_is_not_locked_out_by_the_network(server) {
        // The manager signed in once: the browser keeps a device cookie.
        let first = server.client.post(format!("{}/inbox/login", server.base)).form(&[("password", ADMIN_PASSWORD)]).send().await.unwrap();
        assert_eq!(first.status(), 303);
        let device = first.headers().get_all("set-cookie").iter().map(|v| v.to_str().unwrap())
            .find(|c| c.starts_with("chapeau_device=")).expect("a device cookie at sign-in").to_string();
        for part in ["HttpOnly", "SameSite=Strict", "Path=/inbox"] {
            assert!(device.contains(part), "{device}");
        }
        let device = device.split(';').next().unwrap().to_string();
        // Someone on the same network (an office, a shared address) fails again and again.
        let attempt = |password: &'static str, cookie: Option<String>| {
            let mut request = server.client.post(format!("{}/inbox/login", server.base)).form(&[("password", password)]);
            if let Some(cookie) = cookie {
                request = request.header("cookie", cookie);
            }
            request.send()
        };
        for _ in 0..6 {
            attempt("guess", None).await.unwrap();
        }
        assert_eq!(attempt(ADMIN_PASSWORD, None).await.unwrap().status(), 429, "the network waits");
        assert_eq!(attempt(ADMIN_PASSWORD, Some(device.clone())).await.unwrap().status(), 303, "the manager's browser signs in");
        // A forged or altered device cookie counts as the network.
        let forged = format!("{}x", device);
        assert_eq!(attempt(ADMIN_PASSWORD, Some(forged)).await.unwrap().status(), 429);
        // The device's own failures are limited too.
        for _ in 0..5 {
            assert_eq!(attempt("guess", Some(device.clone())).await.unwrap().status(), 401);
        }
        assert_eq!(attempt(ADMIN_PASSWORD, Some(device)).await.unwrap().status(), 429, "a stolen device cookie guesses no faster");
    }

    async fn the_password_is_stored_as_argon2id_and_an_earlier_sha256_is_upgraded_at_sign_in(server) {
        let stored = server.db.setting("inbox_password").await.unwrap().unwrap();
        assert!(stored.starts_with("$argon2id$"), "{stored}");
        assert!(!stored.contains(ADMIN_PASSWORD));
        // A database from an earlier version: the generated password's SHA-256 only.
        let legacy_password = "generated-by-an-earlier-version";
        let digest: String = sha2::Sha256::digest(legacy_password.as_bytes()).iter().map(|b| format!("{b:02x}")).collect();
        server.db.delete_setting("inbox_password").await.unwrap();
        server.db.set_setting("inbox_password_sha256", &digest).await.unwrap();
        let file = server.static_dir.join("unused-password-file");
        let secret = AdminSecret::resolve(None, &server.db, &file).await.unwrap();
        assert!(!file.exists(), "nothing generated: the earlier password stays");
        assert!(!secret.matches("a-wrong-password", &server.db).await);
        assert!(secret.matches(legacy_password, &server.db).await);
        let upgraded = server.db.setting("inbox_password").await.unwrap().unwrap();
        assert!(upgraded.starts_with("$argon2id$"), "{upgraded}");
        assert_eq!(server.db.setting("inbox_password_sha256").await.unwrap(), None, "the SHA-256 is gone");
        assert!(secret.matches(legacy_password, &server.db).await, "the same password, now against Argon2id");
    }

    async fn expired_sessions_are_purged_and_live_ones_kept(server) {
        let m = sign_in(&server).await;
        server.db.create_session("expired-session-hash", "csrf", "2020-01-01T00:00:00Z").await.unwrap();
        assert_eq!(server.db.purge_expired_sessions().await.unwrap(), 1, "the expired one only");
        get_page(&server, &m.cookie, "/inbox").await;
    }

    async fn a_session_planted_before_sign_in_never_becomes_the_managers(server) {
        // Session fixation: an attacker sets a cookie in the manager's browser, then waits.
        let planted = "chapeau_session=planted-by-an-attacker-0123456789";
        let login = server.client.post(format!("{}/inbox/login", server.base)).header("cookie", planted)
            .form(&[("password", ADMIN_PASSWORD)]).send().await.unwrap();
        assert_eq!(login.status(), 303);
        let issued = login.headers()["set-cookie"].to_str().unwrap().to_string();
        assert!(!issued.contains("planted-by-an-attacker"), "a new token at sign-in: {issued}");
        let with_planted = server.client.get(format!("{}/inbox", server.base)).header("cookie", planted).send().await.unwrap();
        assert_eq!(with_planted.status(), 303, "the planted token opens nothing");
        // Two sign-ins get two different sessions: a token is never reused.
        assert_ne!(sign_in(&server).await.cookie, sign_in(&server).await.cookie);
    }

    async fn a_visitors_address_cannot_add_recipients_to_the_managers_email(server) {
        // An address the contract accepts, shaped to add a hidden recipient to a mailto: link.
        let sneaky = "ana?bcc=eve@attacker.example";
        let question = submission(&id(1), "question", json!({ "message": "Hi", "contact": { "email": sneaky, "consent": true } }), "visitor-aaaa");
        assert_eq!(server.post(&question).await.status(), 201);
        let m = sign_in(&server).await;
        let detail = get_page(&server, &m.cookie, &format!("/inbox/submissions/{}", id(1))).await;
        assert!(detail.contains(r#"href="mailto:ana%3Fbcc%3Deve@attacker.example""#), "{detail}");
        assert!(!detail.contains("mailto:ana?bcc"));
    }

    async fn forms_without_the_sessions_csrf_token_change_nothing(server) {
        ask(&server, 1, "Hello?").await;
        let m = sign_in(&server).await;
        let forged = Manager { cookie: m.cookie.clone(), csrf: "not-the-token".into() };
        let response = act(&server, &forged, &format!("/inbox/submissions/{}/status", id(1)), &[("status", "resolved")]).await;
        assert_eq!(response.status(), 403);
        assert_eq!(server.db.entry(&id(1)).await.unwrap().unwrap().status, "received");
    }

    async fn answering_reaches_the_visitor_and_publishing_the_public_qa(server) {
        let receipt = ask(&server, 1, "Do you ship to Belgium?").await;
        let m = sign_in(&server).await;
        let list = get_page(&server, &m.cookie, "/inbox").await;
        assert!(list.contains("Do you ship to Belgium?"));
        let detail = get_page(&server, &m.cookie, &format!("/inbox/submissions/{}", id(1))).await;
        assert!(detail.contains("ana@example.com"));

        let answered = act(&server, &m, &format!("/inbox/submissions/{}/answer", id(1)), &[("message", "Yes, in 2 to 3 days.")]).await;
        assert_eq!(answered.status(), 303);
        let view: Value = server.get(&format!("/v1/receipts/{receipt}")).await.json().await.unwrap();
        assert_eq!(view["status"], "answered");
        assert_eq!(view["answer"]["message"], "Yes, in 2 to 3 days.");

        act(&server, &m, &format!("/inbox/submissions/{}/publish", id(1)), &[("published", "true")]).await;
        let public: Value = server.get("/v1/sites/acme/questions").await.json().await.unwrap();
        assert_eq!(public[0]["answer"], "Yes, in 2 to 3 days.");

        act(&server, &m, &format!("/inbox/submissions/{}/status", id(1)), &[("status", "resolved")]).await;
        let view: Value = server.get(&format!("/v1/receipts/{receipt}")).await.json().await.unwrap();
        assert_eq!(view["status"], "resolved");

        act(&server, &m, &format!("/inbox/submissions/{}/spam", id(1)), &[("spam", "true")]).await;
        let public: Value = server.get("/v1/sites/acme/questions").await.json().await.unwrap();
        assert_eq!(public, json!([]), "spam leaves the public Q&A");
        assert!(!get_page(&server, &m.cookie, "/inbox").await.contains("Do you ship to Belgium?"), "spam leaves the inbox");
        assert!(get_page(&server, &m.cookie, "/inbox?spam=true").await.contains("Do you ship to Belgium?"));
    }

    async fn filters_search_and_exports_agree(server) {
        ask(&server, 1, "Where is my order #1234?").await;
        ask(&server, 2, "Do you sell gift cards?").await;
        let mut complaint = submission(&id(3), "feedback", json!({ "rating": 1, "category": "complaint", "message": "Broken zip, =cmd|' /C calc'!A0" }), "visitor-bbbb");
        complaint["dwell_ms"] = json!(9000);
        server.post(&complaint).await;
        let m = sign_in(&server).await;

        let found = get_page(&server, &m.cookie, "/inbox?q=ORDER").await;
        assert!(found.contains("Where is my order") && !found.contains("gift cards"));
        let complaints = get_page(&server, &m.cookie, "/inbox?category=complaint&rating=1&kind=&site=").await;
        assert!(complaints.contains("Broken zip") && !complaints.contains("gift cards"));
        let none = get_page(&server, &m.cookie, "/inbox?q=100%25_off").await;
        assert!(none.contains("Nothing here yet."), "% and _ are searched literally");

        let csv = server.client.get(format!("{}/inbox/export.csv?kind=feedback", server.base)).header("cookie", &m.cookie).send().await.unwrap();
        assert_eq!(csv.headers()["content-type"], "text/csv; charset=utf-8");
        let csv = csv.text().await.unwrap();
        let lines: Vec<&str> = csv.lines().collect();
        assert_eq!(lines.len(), 2, "{csv}");
        assert!(lines[0].starts_with("id,received_at,site,kind,category,rating"));
        assert!(lines[1].contains("complaint") && lines[1].contains(",1,"));
        let json: Value = server.client.get(format!("{}/inbox/export.json?kind=question", server.base)).header("cookie", &m.cookie).send().await.unwrap().json().await.unwrap();
        assert_eq!(json.as_array().unwrap().len(), 2);
        assert_eq!(json[0]["contact_email"], "ana@example.com");
    }

    async fn what_visitors_write_is_shown_as_text(server) {
        ask(&server, 1, "<script>alert('pwned')</script><img src=x onerror=alert(1)>").await;
        let m = sign_in(&server).await;
        for path in ["/inbox".to_string(), format!("/inbox/submissions/{}", id(1))] {
            let page = get_page(&server, &m.cookie, &path).await;
            assert!(!page.contains("<script>alert"), "{path}");
            assert!(!page.contains("<img src=x"), "{path}");
            assert!(page.contains("&lt;script&gt;"), "{path}");
        }
        let response = server.client.get(format!("{}/inbox", server.base)).header("cookie", &m.cookie).send().await.unwrap();
        let csp = response.headers()["content-security-policy"].to_str().unwrap();
        assert!(csp.contains("default-src 'none'") && csp.contains("frame-ancestors 'none'"));
    }

    async fn behind_tls_the_session_cookie_is_secure(server) {
        let response = server.client.post(format!("{}/inbox/login", server.base))
            .header("x-forwarded-proto", "https")
            .form(&[("password", ADMIN_PASSWORD)])
            .send().await.unwrap();
        assert!(response.headers()["set-cookie"].to_str().unwrap().contains("; Secure"));
        let plain = sign_in(&server).await;
        assert!(!plain.cookie.contains("Secure"));
    }

    async fn dates_filter_by_the_day_received(server) {
        ask(&server, 1, "Sent today").await;
        let m = sign_in(&server).await;
        let today = time::OffsetDateTime::now_utc().date();
        let day = |d: time::Date| format!("{:04}-{:02}-{:02}", d.year(), u8::from(d.month()), d.day());
        let (yesterday, tomorrow) = (day(today.previous_day().unwrap()), day(today.next_day().unwrap()));
        let today = day(today);
        for (query, found) in [
            (format!("from={today}&to={today}"), true),
            (format!("from={yesterday}"), true),
            (format!("from={tomorrow}"), false),
            (format!("to={yesterday}"), false),
        ] {
            let page = get_page(&server, &m.cookie, &format!("/inbox?{query}")).await;
            assert_eq!(page.contains("Sent today"), found, "{query}");
        }
    }

    async fn signing_out_ends_the_session(server) {
        let m = sign_in(&server).await;
        let out = act(&server, &m, "/inbox/logout", &[]).await;
        assert_eq!(out.status(), 303);
        assert!(out.headers()["set-cookie"].to_str().unwrap().contains("Max-Age=0"));
        let after = server.client.get(format!("{}/inbox", server.base)).header("cookie", &m.cookie).send().await.unwrap();
        assert_eq!(after.status(), 303, "the old cookie no longer opens the inbox");
        let again = sign_in(&server).await;
        assert_ne!(again.cookie, m.cookie, "every sign-in gets a new session");
    }

    async fn the_polls_page_draws_the_results(server) {
        server.post(&submission(&id(1), "vote", json!({ "poll": "colour", "choices": ["green"] }), "visitor-aaaa")).await;
        let m = sign_in(&server).await;
        let page = get_page(&server, &m.cookie, "/inbox/polls").await;
        assert!(page.contains("Which colour next?"));
        assert!(page.contains("1 voter"));
        assert!(page.contains(r#"<progress class="bar" max="100" value="100" aria-label="Green">"#), "{page}");
    }
}

#[tokio::test]
async fn unanswered_questions_and_complaints_are_highlighted() {
    let server = TestServer::start_with(Database::Sqlite, |s| s.answer_within_hours = 0).await.unwrap();
    ask(&server, 1, "Still waiting for my refund").await;
    ask(&server, 2, "Answered already").await;
    server.db.answer(&id(2), "Done!").await.unwrap();
    let m = sign_in(&server).await;
    let page = get_page(&server, &m.cookie, "/inbox").await;
    let overdue = page.split("id=\"overdue-title\"").nth(1).expect("an overdue section").split("<h1>").next().unwrap();
    assert!(overdue.contains("Still waiting for my refund"));
    assert!(!overdue.contains("Answered already"));
}

on_both_databases! {
    async fn a_site_made_in_the_inbox_accepts_submissions_from_its_origins(server) {
        let m = sign_in(&server).await;
        let made = act(&server, &m, "/inbox/sites", &[("id", "newbrand"), ("name", "New Brand"), ("origins", "https://www.newbrand.example\nhttps://newbrand.example/")]).await;
        assert_eq!(made.status(), 303);
        let mut from_new = submission(&id(1), "question", json!({ "message": "Hello from the new site" }), "visitor-aaaa");
        from_new["site"] = json!("newbrand");
        let response = server.post_to("/v1/submissions", from_new.to_string(), "application/json", Some("https://newbrand.example")).await;
        assert_eq!(response.status(), 201);
        let page = get_page(&server, &m.cookie, "/inbox/sites").await;
        assert!(page.contains("New Brand") && page.contains("Made in the inbox."));

        let renamed = act(&server, &m, "/inbox/sites/newbrand", &[("name", "New Brand Ltd"), ("origins", "https://shop.newbrand.example")]).await;
        assert_eq!(renamed.status(), 303);
        let old_origin = server.post_to("/v1/submissions", { from_new["id"] = json!(id(2)); from_new.to_string() }, "application/json", Some("https://newbrand.example")).await;
        assert_eq!(old_origin.status(), 403, "the origin list was replaced");
    }

    async fn a_poll_made_in_the_inbox_takes_votes_until_it_closes(server) {
        let m = sign_in(&server).await;
        let made = act(&server, &m, "/inbox/sites/acme/polls", &[("id", "hats"), ("question", "Which hat next?"), ("options", "panama: A Panama\nA cloche"), ("results", "always"), ("closes_at", "")]).await;
        assert_eq!(made.status(), 303);
        let poll: Value = server.get("/v1/sites/acme/polls/hats").await.json().await.unwrap();
        assert_eq!(poll["options"][1], json!({ "id": "a-cloche", "label": "A cloche" }));
        let vote = |n: u32| submission(&id(n), "vote", json!({ "poll": "hats", "choices": ["panama"] }), "visitor-aaaa");
        assert_eq!(server.post(&vote(1)).await.status(), 201);

        let closed = act(&server, &m, "/inbox/sites/acme/polls/hats", &[("question", "Which hat next?"), ("options", "panama: A Panama\nA cloche"), ("results", "always"), ("closes_at", "2020-01-01T00:00")]).await;
        assert_eq!(closed.status(), 303);
        assert_eq!(common::error_of(server.post(&vote(2)).await, 422).await.0, "poll_closed");
        let poll: Value = server.get("/v1/sites/acme/polls/hats").await.json().await.unwrap();
        assert_eq!(poll["results"]["counts"]["panama"], 1);
    }

    async fn the_sites_file_stays_the_source_of_truth_for_its_own(server) {
        let m = sign_in(&server).await;
        for (path, fields) in [
            ("/inbox/sites", vec![("id", "acme"), ("name", "Impostor"), ("origins", "https://evil.example")]),
            ("/inbox/sites/acme", vec![("name", "Impostor"), ("origins", "https://evil.example")]),
            ("/inbox/sites/acme/polls/colour", vec![("question", "Hijacked"), ("options", "a\nb"), ("results", "always")]),
            ("/inbox/sites/acme/polls", vec![("id", "colour"), ("question", "Twice"), ("options", "a\nb"), ("results", "always")]),
        ] {
            let refused = act(&server, &m, path, &fields).await;
            assert_eq!(refused.status(), 422, "{path}");
            assert!(refused.text().await.unwrap().contains("role=\"alert\""), "{path}");
        }
        let poll: Value = server.get("/v1/sites/acme/polls/colour").await.json().await.unwrap();
        assert_eq!(poll["question"], "Which colour next?");
        assert!(server.db.managed_sites().await.unwrap().is_empty());
    }

    async fn mistakes_in_a_new_site_or_poll_are_explained(server) {
        let m = sign_in(&server).await;
        let bad_origin = act(&server, &m, "/inbox/sites", &[("id", "x"), ("name", "X"), ("origins", "newbrand.example")]).await;
        assert_eq!(bad_origin.status(), 422);
        assert!(bad_origin.text().await.unwrap().contains("is not an origin like https://shop.example"));
        let one_option = act(&server, &m, "/inbox/sites/acme/polls", &[("id", "p"), ("question", "Q?"), ("options", "only one"), ("results", "always")]).await;
        assert_eq!(one_option.status(), 422);
        assert!(one_option.text().await.unwrap().contains("at least two options"));
        assert!(server.db.managed_sites().await.unwrap().is_empty() && server.db.managed_polls().await.unwrap().is_empty());
    }
}
