//! The real `chapeau-collector` executable, as an operator runs it: first start, a
//! configuration mistake, JSON logs, and a graceful shutdown that finishes what is in flight.

mod common;

use std::io::{Read, Write};
use std::net::TcpStream;
use std::process::Command;
use std::time::Duration;

use common::process::Collector;
use common::{feedback, id};

async fn sign_in(port: u16, password: &str) -> u16 {
    let client = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap();
    let response = client.post(format!("http://127.0.0.1:{port}/inbox/login")).form(&[("password", password)]).send().await.unwrap();
    response.status().as_u16()
}

#[tokio::test]
async fn a_first_start_without_a_password_writes_a_generated_one_to_an_owner_only_file() {
    let dir = tempfile::tempdir().unwrap();
    let mut first = Collector::start(dir.path(), &[]);
    let file = dir.path().join("inbox-password");
    let said = first.wait_for("inbox-password").expect("the log says where the password is");
    assert!(said.contains(file.to_str().unwrap()), "{said}");
    let password = std::fs::read_to_string(&file).unwrap().trim().to_string();
    assert!(password.len() >= 20, "{password}");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(std::fs::metadata(&file).unwrap().permissions().mode() & 0o777, 0o600, "readable by its owner only");
    }
    let first = first.ready();
    assert!(!first.seen.iter().any(|line| line.contains(&password)), "the password is on no log line");
    assert!(!first.seen.iter().any(|line| line.contains('\u{1b}')), "no colour codes in logs written to a pipe: {:?}", first.seen);
    assert_eq!(sign_in(first.port, &password).await, 303);
    assert_eq!(sign_in(first.port, "a-wrong-guess").await, 401);
    drop(first);

    std::fs::remove_file(&file).unwrap();
    let mut again = Collector::start(dir.path(), &[]).ready();
    assert!(!again.seen.iter().any(|l| l.contains("inbox-password")), "generated only once: {:?}", again.seen);
    assert!(!file.exists());
    assert_eq!(sign_in(again.port, &password).await, 303, "the same password still opens the inbox");
    again.terminate();
    assert_eq!(again.exit_code(), Some(0));
}

#[tokio::test]
async fn a_chosen_password_is_long_enough_and_changing_it_ends_every_session() {
    let dir = tempfile::tempdir().unwrap();
    let mut short = Collector::start(dir.path(), &["--admin-password", "too-short"]);
    assert!(short.wait_for("at least 12 characters").is_some(), "{:?}", short.seen);
    assert_eq!(short.exit_code(), Some(2));

    let first = Collector::start(dir.path(), &["--admin-password", "the-first-password"]).ready();
    let client = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap();
    let login = client.post(format!("http://127.0.0.1:{}/inbox/login", first.port)).form(&[("password", "the-first-password")]).send().await.unwrap();
    let cookie = login.headers().get_all("set-cookie").iter().map(|v| v.to_str().unwrap()).find(|v| v.starts_with("chapeau_session=")).unwrap();
    let session = cookie.split(';').next().unwrap().to_string();
    let inbox = |port: u16| client.get(format!("http://127.0.0.1:{port}/inbox")).header("cookie", &session).send();
    assert_eq!(inbox(first.port).await.unwrap().status(), 200);
    drop(first);

    // The same password again: the session goes on.
    let same = Collector::start(dir.path(), &["--admin-password", "the-first-password"]).ready();
    assert_eq!(inbox(same.port).await.unwrap().status(), 200);
    drop(same);
    // Another password: every session ends.
    let changed = Collector::start(dir.path(), &["--admin-password", "another-password"]).ready();
    assert_eq!(inbox(changed.port).await.unwrap().status(), 303, "back to the sign-in page");
    assert_eq!(sign_in(changed.port, "the-first-password").await, 401);
    assert_eq!(sign_in(changed.port, "another-password").await, 303);
}

#[tokio::test]
async fn a_configuration_mistake_stops_the_start_and_names_it() {
    let dir = tempfile::tempdir().unwrap();
    let sites = dir.path().join("sites.toml");
    std::fs::write(&sites, "[[site]]\nid = \"acme\"\nname = \"Acme\"\norigins = [\"https://acme.example\"]\ncolor = \"red\"\n").unwrap();
    let mut bad_file = Collector::start(dir.path(), &["--sites", sites.to_str().unwrap(), "--admin-password", "operator-password"]);
    let line = bad_file.wait_for("chapeau-collector:").expect("one line says what is wrong");
    assert!(line.contains("sites.toml: line 5") && line.contains("color"), "{line}");
    assert_eq!(bad_file.exit_code(), Some(2));

    let mut bad_database = Collector::start(dir.path(), &["--database", "mysql://nope", "--admin-password", "operator-password"]);
    let line = bad_database.wait_for("chapeau-collector:").unwrap();
    assert!(line.contains("mysql://nope") && line.contains("sqlite://"), "{line}");
    assert_eq!(bad_database.exit_code(), Some(2));

    // Nothing listens on port 9: the line names the database, not its password.
    let unreachable = "postgres://chapeau:hunter2-not-for-logs@127.0.0.1:9/chapeau";
    let mut no_server = Collector::start(dir.path(), &["--database", unreachable, "--admin-password", "operator-password"]);
    let line = no_server.wait_for("chapeau-collector:").unwrap();
    assert!(line.contains("postgres://chapeau:***@127.0.0.1:9/chapeau"), "{line}");
    assert!(!no_server.seen.iter().any(|l| l.contains("hunter2")), "{:?}", no_server.seen);
    assert_eq!(no_server.exit_code(), Some(2));
}

#[tokio::test]
async fn shutdown_finishes_the_request_in_flight_and_logs_are_json() {
    let dir = tempfile::tempdir().unwrap();
    let sites = dir.path().join("sites.toml");
    std::fs::write(&sites, "[[site]]\nid = \"acme\"\nname = \"Acme\"\norigins = [\"https://shop.acme.example\"]\n").unwrap();
    let mut collector =
        Collector::start(dir.path(), &["--sites", sites.to_str().unwrap(), "--admin-password", "operator-password", "--log-format", "json"]).ready();

    // A visitor on a slow connection: half the body is sent when the collector is told to stop.
    let body = feedback(&id(1)).to_string();
    let mut stream = TcpStream::connect(("127.0.0.1", collector.port)).unwrap();
    write!(
        stream,
        "POST /v1/submissions HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nOrigin: https://shop.acme.example\r\n\
         X-Request-Id: slow-visitor-1\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    )
    .unwrap();
    let (head, tail) = body.split_at(body.len() / 2);
    stream.write_all(head.as_bytes()).unwrap();
    std::thread::sleep(Duration::from_millis(300));
    collector.terminate();
    assert!(collector.wait_for("shutting down").is_some());
    stream.write_all(tail.as_bytes()).unwrap();
    let mut answer = String::new();
    stream.read_to_string(&mut answer).unwrap();
    assert!(answer.starts_with("HTTP/1.1 201"), "{answer}");
    assert_eq!(collector.exit_code(), Some(0));
    assert!(TcpStream::connect(("127.0.0.1", collector.port)).is_err(), "no new connection after the stop");

    while collector.wait_for("").is_some() {}
    let stored = collector
        .seen
        .iter()
        .filter_map(|line| serde_json::from_str::<serde_json::Value>(line).ok())
        .find(|log| log["fields"]["message"] == "submission stored")
        .unwrap_or_else(|| panic!("a JSON log line for the submission: {:?}", collector.seen));
    assert_eq!(stored["span"]["id"], "slow-visitor-1", "the line carries the request id");
    assert_eq!(stored["level"], "INFO");
}

/// Unmounts a test file system, whatever happens in the test.
struct Mount(std::path::PathBuf);

/// A tmpfs of `size` mounted in `dir`, and a sites file beside it: `None` (the test skipped)
/// without the right to mount.
fn small_disk(dir: &std::path::Path, size: &str) -> Option<(std::path::PathBuf, Mount, std::path::PathBuf)> {
    let tiny = dir.join("tiny");
    std::fs::create_dir(&tiny).unwrap();
    let mounted = Command::new("mount").args(["-t", "tmpfs", "-o", &format!("size={size}"), "tmpfs"]).arg(&tiny).status();
    if !mounted.is_ok_and(|s| s.success()) {
        eprintln!("skipped: mounting a small tmpfs needs root");
        return None;
    }
    let mount = Mount(tiny.clone());
    let sites = dir.join("sites.toml");
    std::fs::write(&sites, "[[site]]\nid = \"acme\"\nname = \"Acme\"\norigins = [\"https://shop.acme.example\"]\n").unwrap();
    Some((tiny, mount, sites))
}

impl Drop for Mount {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg("-l").arg(&self.0).status();
    }
}

/// A disk that fills up, then gets space again: a full disk is a 503, and every submission
/// answered 201, before and after, is in the database. (Before connections whose transaction
/// failed were discarded, this lost most of them: see `db::discard_if_failed`.)
#[tokio::test]
async fn a_full_disk_is_a_503_and_no_acknowledged_submission_is_lost() {
    let dir = tempfile::tempdir().unwrap();
    let Some((tiny, mount, sites)) = small_disk(dir.path(), "600k") else { return };
    let database = format!("sqlite://{}", tiny.join("full.db").display());
    let mut collector = Collector::start(
        dir.path(),
        &["--database", &database, "--sites", sites.to_str().unwrap(), "--admin-password", "operator-password", "--max-per-ip-per-minute", "0"],
    )
    .ready();

    let client = reqwest::Client::new();
    let post = |n: u32| {
        let mut body = feedback(&id(n));
        body["body"]["message"] = serde_json::json!(format!("{n} {}", "x".repeat(4000)));
        client
            .post(format!("http://127.0.0.1:{}/v1/submissions", collector.port))
            .header("content-type", "application/json")
            .header("origin", "https://shop.acme.example")
            .body(body.to_string())
            .send()
    };
    let mut acknowledged = Vec::new();
    let mut full = 0;
    let mut n = 0;
    while full < 3 && n < 400 {
        n += 1;
        match post(n).await.unwrap().status().as_u16() {
            201 => acknowledged.push(id(n)),
            503 => full += 1,
            other => panic!("unexpected {other}"),
        }
    }
    assert_eq!(full, 3, "the disk filled up and the collector said so");

    let grown = Command::new("mount").args(["-o", "remount,size=16m"]).arg(&tiny).status().unwrap();
    assert!(grown.success());
    let mut in_a_row = 0;
    for _ in 0..40 {
        n += 1;
        if post(n).await.unwrap().status() == 201 {
            acknowledged.push(id(n));
            in_a_row += 1;
            if in_a_row == 10 {
                break;
            }
        } else {
            in_a_row = 0;
        }
    }
    assert_eq!(in_a_row, 10, "with space again, submissions are accepted again");

    collector.terminate();
    assert_eq!(collector.exit_code(), Some(0));
    sqlx::any::install_default_drivers();
    let db = sqlx::AnyPool::connect(&database).await.unwrap();
    let stored: Vec<String> = sqlx::query_scalar("SELECT id FROM submissions").fetch_all(&db).await.unwrap();
    db.close().await;
    let lost: Vec<&String> = acknowledged.iter().filter(|id| !stored.contains(id)).collect();
    assert!(lost.is_empty(), "{} of {} acknowledged submissions lost", lost.len(), acknowledged.len());
    drop(mount);
}

/// Nothing that opens a door reaches the logs, even at the most verbose level: not the inbox
/// password, not a session, not a CSRF token, not a visitor's receipt.
#[tokio::test]
async fn secrets_never_reach_the_logs_even_at_trace_level() {
    let dir = tempfile::tempdir().unwrap();
    let sites = dir.path().join("sites.toml");
    std::fs::write(&sites, common::SITES).unwrap();
    let password = "a-password-only-the-manager-knows";
    let mut collector = Collector::start_with_env(
        dir.path(),
        &["--sites", sites.to_str().unwrap(), "--admin-password", password],
        &[("RUST_LOG", "trace")],
    )
    .ready();
    let base = format!("http://127.0.0.1:{}", collector.port);
    let client = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap();

    let stored: serde_json::Value = client.post(format!("{base}/v1/submissions")).header("origin", common::ORIGIN)
        .json(&feedback(&id(1))).send().await.unwrap().json().await.unwrap();
    let receipt = stored["receipt"].as_str().unwrap().to_string();
    assert_eq!(client.get(format!("{base}/v1/receipts/{receipt}")).send().await.unwrap().status(), 200);
    let login = client.post(format!("{base}/inbox/login")).form(&[("password", password)]).send().await.unwrap();
    let cookie = login.headers()["set-cookie"].to_str().unwrap().split(';').next().unwrap().to_string();
    let session = cookie.split_once('=').unwrap().1.to_string();
    let page = client.get(format!("{base}/inbox")).header("cookie", &cookie).send().await.unwrap().text().await.unwrap();
    let csrf = page.split("name=\"csrf\" value=\"").nth(1).unwrap().split('"').next().unwrap().to_string();
    let _ = client.post(format!("{base}/inbox/logout")).header("cookie", &cookie).form(&[("csrf", csrf.as_str())]).send().await.unwrap();

    // A marker request, then read everything logged up to it.
    let _ = client.get(format!("{base}/v1/end-of-test-marker")).send().await;
    assert!(collector.wait_for("end-of-test-marker").is_some(), "trace logs name the paths");
    let logs = collector.seen.join("\n");
    assert!(logs.len() > 1000, "trace level logs plenty");
    for (what, secret) in [("password", password), ("receipt", receipt.as_str()), ("session", session.as_str()), ("CSRF token", csrf.as_str())] {
        assert!(!logs.contains(secret), "the {what} is in the logs");
    }
}

/// A disk that fills up in the middle of a group, while other connections commit too (the
/// inbox answering questions, visitors upvoting a public answer), then a crash: after a
/// restart, every submission answered 201, every answer the inbox confirmed and every upvote
/// counted is there, and nothing that was refused.
#[tokio::test]
async fn a_log_write_refused_mid_group_loses_nothing_acknowledged_across_a_crash() {
    use std::sync::atomic::{AtomicBool, Ordering};
    use std::sync::Arc;

    let dir = tempfile::tempdir().unwrap();
    let Some((tiny, mount, sites)) = small_disk(dir.path(), "900k") else { return };
    let database = format!("sqlite://{}", tiny.join("crash.db").display());
    let args = ["--database", &database, "--sites", sites.to_str().unwrap(), "--admin-password", "manager-password", "--max-per-ip-per-minute", "0", "--min-dwell-ms", "0"];
    let mut collector = Collector::start(dir.path(), &args).ready();
    let base = format!("http://127.0.0.1:{}", collector.port);
    let client = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap();
    let post = |submission: serde_json::Value| {
        client.post(format!("{base}/v1/submissions")).header("origin", "https://shop.acme.example").json(&submission).send()
    };

    // Four questions, the manager signed in, the first answered and made public.
    let questions: Vec<String> = (1..=4).map(|n| id(10_000 + n)).collect();
    for question in &questions {
        let body = serde_json::json!({ "message": format!("Question {question}"), "contact": null });
        assert_eq!(post(common::submission(question, "question", body, "visitor-0001")).await.unwrap().status(), 201);
    }
    let login = client.post(format!("{base}/inbox/login")).form(&[("password", "manager-password")]).send().await.unwrap();
    let cookie = login.headers()["set-cookie"].to_str().unwrap().split(';').next().unwrap().to_string();
    let page = client.get(format!("{base}/inbox")).header("cookie", &cookie).send().await.unwrap().text().await.unwrap();
    let csrf = page.split("name=\"csrf\" value=\"").nth(1).unwrap().split('"').next().unwrap().to_string();
    let inbox = |path: String, form: Vec<(&'static str, String)>| {
        let mut form = form;
        form.push(("csrf", csrf.clone()));
        client.post(format!("{base}{path}")).header("cookie", &cookie).form(&form).send()
    };
    let answered = inbox(format!("/inbox/submissions/{}/answer", questions[0]), vec![("message", "Public answer".into())]).await.unwrap();
    assert_eq!(answered.status(), 303);
    let published = inbox(format!("/inbox/submissions/{}/publish", questions[0]), vec![("published", "true".into())]).await.unwrap();
    assert_eq!(published.status(), 303);

    // Until the disk is full: big submissions from eight clients at once (so that the writer
    // commits them in groups), answers to the other three questions, upvotes.
    let full = Arc::new(AtomicBool::new(false));
    let refused = std::sync::atomic::AtomicU32::new(0);
    let lane = |lane: u32| {
        let (full, refused, post) = (&full, &refused, &post);
        async move {
            let mut acknowledged = Vec::new();
            for n in (lane * 1000..).take(600) {
                if refused.load(Ordering::Relaxed) >= 3 {
                    break;
                }
                let mut body = feedback(&id(n));
                body["body"]["message"] = serde_json::json!(format!("{n} {}", "x".repeat(4000)));
                match post(body).await.unwrap().status().as_u16() {
                    201 => acknowledged.push(id(n)),
                    503 => {
                        refused.fetch_add(1, Ordering::Relaxed);
                    }
                    other => panic!("unexpected {other}"),
                }
            }
            full.store(true, Ordering::Relaxed);
            acknowledged
        }
    };
    let submissions = async { futures_util::future::join_all((1..=8).map(lane)).await.concat() };
    let answers = async {
        // The last answer the inbox confirmed, per question.
        let mut confirmed: Vec<Option<String>> = vec![None; 3];
        let mut k = 0;
        while !full.load(Ordering::Relaxed) {
            k += 1;
            let which = k % 3;
            let text = format!("Answer {k}");
            let response = inbox(format!("/inbox/submissions/{}/answer", questions[1 + which]), vec![("message", text.clone())]).await.unwrap();
            if response.status() == 303 {
                confirmed[which] = Some(text);
            }
        }
        confirmed
    };
    let upvotes = async {
        let mut counted = 0;
        let mut k = 0;
        while !full.load(Ordering::Relaxed) {
            k += 1;
            let response = client
                .post(format!("{base}/v1/sites/acme/questions/{}/upvotes", questions[0]))
                .header("origin", "https://shop.acme.example")
                .json(&serde_json::json!({ "visitor": format!("upvoting-visitor-{k:06}") }))
                .send()
                .await
                .unwrap();
            if response.status() == 200 {
                counted += 1;
            }
        }
        counted
    };
    let (acknowledged, confirmed, counted) = tokio::join!(submissions, answers, upvotes);
    assert!(full.load(Ordering::Relaxed), "the disk filled up and the collector said so");
    assert!(counted > 0 && confirmed.iter().any(Option::is_some), "the other connections committed meanwhile");

    // A crash, space again, a restart.
    collector.child.kill().unwrap();
    let _ = collector.child.wait();
    assert!(Command::new("mount").args(["-o", "remount,size=16m"]).arg(&tiny).status().unwrap().success());
    let mut collector = Collector::start(dir.path(), &args).ready();
    collector.terminate();
    assert_eq!(collector.exit_code(), Some(0));

    sqlx::any::install_default_drivers();
    let db = sqlx::AnyPool::connect(&database).await.unwrap();
    let stored: Vec<String> = sqlx::query_scalar("SELECT id FROM submissions").fetch_all(&db).await.unwrap();
    let lost: Vec<&String> = acknowledged.iter().filter(|id| !stored.contains(id)).collect();
    assert!(lost.is_empty(), "{} of {} acknowledged submissions lost", lost.len(), acknowledged.len());
    for (which, answer) in confirmed.iter().enumerate() {
        let stored: Option<String> = sqlx::query_scalar("SELECT answer FROM submissions WHERE id = ?")
            .bind(&questions[1 + which])
            .fetch_one(&db)
            .await
            .unwrap();
        assert_eq!(&stored, answer, "the answer to question {} is the last one the inbox confirmed", which + 2);
    }
    let upvoted: i64 = sqlx::query_scalar("SELECT upvotes FROM submissions WHERE id = ?").bind(&questions[0]).fetch_one(&db).await.unwrap();
    assert_eq!(upvoted, counted, "every upvote counted, and only those");
    db.close().await;
    drop(mount);
}
