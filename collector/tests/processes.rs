//! Several collector processes on one database, as behind a load balancer: a retry that
//! reaches two of them is stored once, a visitor's votes count once, and a site made in the
//! inbox of one is served by the others within seconds.

mod common;

use std::time::Duration;

use common::{feedback, id, submission, ADMIN_PASSWORD, ORIGIN};
use serde_json::{json, Value};

on_both_databases! {
    async fn the_same_retry_through_two_processes_is_stored_once(server) {
        let other = server.beside().await;
        for n in 1..=20 {
            let body = feedback(&id(n));
            let (a, b) = tokio::join!(server.post(&body), other.post(&body));
            let mut statuses = [a.status().as_u16(), b.status().as_u16()];
            statuses.sort();
            assert_eq!(statuses, [200, 201], "attempt {n}");
        }
        assert_eq!(server.count().await, 20);
    }

    async fn a_visitors_votes_through_two_processes_count_once(server) {
        let other = server.beside().await;
        for n in 0..10 {
            let choice = if n % 2 == 0 { "red" } else { "blue" };
            let vote = submission(&id(100 + n), "vote", json!({ "poll": "colour", "choices": [choice] }), "visitor-aaaa");
            let target = if n % 2 == 0 { &server } else { &other };
            assert_eq!(target.post(&vote).await.status(), 201);
        }
        let poll: Value = other.get("/v1/sites/acme/polls/colour").await.json().await.unwrap();
        assert_eq!(poll["results"]["total"], 1);
        assert_eq!(poll["results"]["counts"]["blue"], 1, "the last vote wins");
    }

    async fn a_site_made_through_one_process_is_served_by_the_other(server) {
        let other = server.beside().await;
        let login = server.client.post(format!("{}/inbox/login", server.base)).form(&[("password", ADMIN_PASSWORD)]).send().await.unwrap();
        let cookie = login.headers()["set-cookie"].to_str().unwrap().split(';').next().unwrap().to_string();
        let page = server.client.get(format!("{}/inbox/sites", server.base)).header("cookie", &cookie).send().await.unwrap().text().await.unwrap();
        let csrf = page.split("name=\"csrf\" value=\"").nth(1).unwrap().split('"').next().unwrap().to_string();
        let made = server.client.post(format!("{}/inbox/sites", server.base)).header("cookie", &cookie)
            .form(&[("csrf", csrf.as_str()), ("id", "newbrand"), ("name", "New Brand"), ("origins", ORIGIN)])
            .send().await.unwrap();
        assert_eq!(made.status(), 303);

        let mut question = submission(&id(1), "question", json!({ "message": "Hello?" }), "visitor-aaaa");
        question["site"] = json!("newbrand");
        let mut status = 0;
        // Reloads come every 5 seconds; a few tries, well under the rate limit.
        for _ in 0..40 {
            status = other.post(&question).await.status().as_u16();
            if status == 201 {
                break;
            }
            tokio::time::sleep(Duration::from_millis(250)).await;
        }
        assert_eq!(status, 201, "the other process learned the new site");
    }
}
