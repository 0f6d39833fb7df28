//! Crash safety: the collector killed with SIGKILL in the middle of a load, then restarted on
//! the same database. Every submission that got a 201 (or a 200 replay) is in the database,
//! and the clients' retries of what got no answer store nothing twice.

mod common;

use std::collections::HashSet;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use common::process::Collector;
use common::{feedback, id, SITES};
use sqlx::Row;

const CLIENTS: u32 = 8;

/// What the clients know after the crash: what was acknowledged, and what got no answer
/// (committed or not, they cannot tell: they will retry it).
#[derive(Default)]
struct Outcomes {
    acknowledged: Vec<String>,
    unanswered: Vec<String>,
}

async fn post(client: &reqwest::Client, port: u16, body: &serde_json::Value) -> Result<u16, reqwest::Error> {
    let response = client
        .post(format!("http://127.0.0.1:{port}/v1/submissions"))
        .header("origin", common::ORIGIN)
        .json(body)
        .send()
        .await?;
    Ok(response.status().as_u16())
}

/// Posts distinct submissions from `CLIENTS` clients until `stop`, sorting each by its answer.
async fn load(port: u16, stop: Arc<AtomicBool>, outcomes: Arc<Mutex<Outcomes>>) {
    let workers = (0..CLIENTS).map(|worker| {
        let (stop, outcomes) = (stop.clone(), outcomes.clone());
        tokio::spawn(async move {
            let client = reqwest::Client::new();
            for n in 0.. {
                if stop.load(Ordering::Relaxed) {
                    break;
                }
                let id = id(worker * 1_000_000 + n);
                match post(&client, port, &feedback(&id)).await {
                    Ok(200 | 201) => outcomes.lock().unwrap().acknowledged.push(id),
                    Ok(status) => panic!("submission {id}: unexpected {status}"),
                    Err(_) => outcomes.lock().unwrap().unanswered.push(id),
                }
            }
        })
    });
    for worker in workers.collect::<Vec<_>>() {
        worker.await.unwrap();
    }
}

async fn stored_ids(database: &str) -> (Vec<String>, i64) {
    sqlx::any::install_default_drivers();
    let pool = sqlx::AnyPool::connect(database).await.unwrap();
    let ids: Vec<String> = sqlx::query("SELECT id FROM submissions").fetch_all(&pool).await.unwrap().iter().map(|r| r.get(0)).collect();
    let rows = ids.len() as i64;
    pool.close().await;
    (ids, rows)
}

async fn kill_under_load_then_recover(database: String) {
    let dir = tempfile::tempdir().unwrap();
    let sites = dir.path().join("sites.toml");
    std::fs::write(&sites, SITES).unwrap();
    let args = ["--database", &database, "--sites", sites.to_str().unwrap(), "--admin-password", "crash-test-password",
        "--max-per-ip-per-minute", "10000000"];
    let mut collector = Collector::start(dir.path(), &args).ready();

    let stop = Arc::new(AtomicBool::new(false));
    let outcomes = Arc::new(Mutex::new(Outcomes::default()));
    let running = tokio::spawn(load(collector.port, stop.clone(), outcomes.clone()));
    // Well into the load: a few hundred submissions acknowledged, more in flight.
    let deadline = std::time::Instant::now() + Duration::from_secs(60);
    while outcomes.lock().unwrap().acknowledged.len() < 300 {
        assert!(!running.is_finished() && std::time::Instant::now() < deadline, "the load stopped before 300 submissions");
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    collector.child.kill().unwrap(); // SIGKILL: no shutdown, no flush, no goodbye
    collector.child.wait().unwrap();
    stop.store(true, Ordering::Relaxed);
    running.await.unwrap();
    let Outcomes { acknowledged, unanswered } = std::mem::take(&mut *outcomes.lock().unwrap());
    assert!(!unanswered.is_empty(), "the kill caught requests in flight");

    let (after_crash, _) = stored_ids(&database).await;
    let after_crash: HashSet<String> = after_crash.into_iter().collect();
    let lost: Vec<&String> = acknowledged.iter().filter(|id| !after_crash.contains(*id)).collect();
    assert!(lost.is_empty(), "acknowledged but not stored after the crash: {lost:?}");

    // Restarted on the same database, the clients retry what got no answer, and some of what
    // got an answer too (a client that lost it on the way): each is stored once.
    let restarted = Collector::start(dir.path(), &args).ready();
    let client = reqwest::Client::new();
    for id in unanswered.iter().chain(acknowledged.iter().step_by(10)) {
        let status = post(&client, restarted.port, &feedback(id)).await.unwrap();
        assert!(status == 201 || status == 200, "retry of {id}: {status}");
        if after_crash.contains(id) {
            assert_eq!(status, 200, "{id} was stored before the crash: its retry is a replay");
        }
    }
    let (ids, rows) = stored_ids(&database).await;
    let distinct: HashSet<&String> = ids.iter().collect();
    assert_eq!(distinct.len() as i64, rows, "no submission stored twice");
    assert_eq!(rows as usize, acknowledged.len() + unanswered.len(), "every submission stored once, none invented");
    eprintln!("{} acknowledged before the kill, {} in flight, {} stored after recovery", acknowledged.len(), unanswered.len(), rows);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_collector_killed_under_load_loses_no_acknowledged_submission_on_sqlite() {
    let dir = tempfile::tempdir().unwrap();
    let database = format!("sqlite://{}", dir.path().join("crash.db").display());
    kill_under_load_then_recover(database).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_collector_killed_under_load_loses_no_acknowledged_submission_on_postgres() {
    if let Some(database) = common::fresh_postgres_database().await {
        kill_under_load_then_recover(database).await;
    }
}
