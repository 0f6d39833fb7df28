//! `chapeau-load`: the load generator of `make bench`.
//!
//! - `saturate`: as many requests as `--connections` concurrent clients can make for
//!   `--seconds`; prints the rate and every status seen (the bench then checks that every 201
//!   is a committed row).
//! - `pace`: an open loop at `--rate` requests per second (a request leaves on schedule even
//!   when earlier ones are slow, so queueing shows in the latencies); prints p50 and p99.
//! - `bare`: serves an axum handler that answers 204 to any POST and a fixed poll to any GET,
//!   the ceiling the collector is compared with.
//!
//! Every POST is a new valid submission (its own idempotency id), so each one is stored.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use chapeau_protocol::{uuid_v7, Category, Content, Feedback, Page, Submission, VERSION};
use clap::{Parser, Subcommand};

#[derive(Parser)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Closed loop: `connections` clients, each sending its next request when the last answered.
    Saturate(Load),
    /// Open loop at a fixed rate.
    Pace {
        #[command(flatten)]
        load: Load,
        /// Requests per second.
        #[arg(long)]
        rate: u64,
    },
    /// A bare axum server: 204 to POST, a fixed JSON poll to GET.
    Bare {
        #[arg(long, default_value = "127.0.0.1:18090")]
        listen: String,
    },
}

#[derive(clap::Args, Clone)]
struct Load {
    /// The URL to load: `…/v1/submissions` (POST) or a poll's URL (GET).
    #[arg(long)]
    url: String,
    /// `post` (a new submission each time) or `get`.
    #[arg(long, default_value = "post")]
    method: String,
    #[arg(long, default_value = "bench")]
    site: String,
    /// Sent as `Origin`, as a browser on the site's page does.
    #[arg(long, default_value = "https://bench.example")]
    origin: String,
    #[arg(long, default_value_t = 10)]
    seconds: u64,
    #[arg(long, default_value_t = 64)]
    connections: usize,
}

/// What one run saw.
#[derive(Default)]
struct Tally {
    statuses: BTreeMap<u16, u64>,
    errors: u64,
    latencies_us: Vec<u64>,
}

impl Tally {
    fn merge(&mut self, other: Tally) {
        for (status, n) in other.statuses {
            *self.statuses.entry(status).or_default() += n;
        }
        self.errors += other.errors;
        self.latencies_us.extend(other.latencies_us);
    }

    fn percentile(&mut self, p: f64) -> f64 {
        if self.latencies_us.is_empty() {
            return 0.0;
        }
        self.latencies_us.sort_unstable();
        let index = ((self.latencies_us.len() as f64 - 1.0) * p).round() as usize;
        self.latencies_us[index] as f64 / 1000.0
    }

    fn report(mut self, mode: &str, elapsed: Duration) {
        let total: u64 = self.statuses.values().sum();
        let statuses: serde_json::Map<String, serde_json::Value> =
            self.statuses.iter().map(|(s, n)| (s.to_string(), (*n).into())).collect();
        let line = serde_json::json!({
            "mode": mode,
            "requests": total,
            "errors": self.errors,
            "rate": (total as f64 / elapsed.as_secs_f64()).round(),
            "p50_ms": self.percentile(0.50),
            "p99_ms": self.percentile(0.99),
            "statuses": statuses,
        });
        println!("{line}");
    }
}

/// Makes each request: a new submission for a POST.
struct Requests {
    load: Load,
    client: reqwest::Client,
    counter: AtomicU64,
    seed: [u8; 8],
}

impl Requests {
    fn new(load: Load) -> Arc<Requests> {
        let mut seed = [0u8; 8];
        getrandom::fill(&mut seed).expect("the system has randomness");
        let client = reqwest::Client::builder().pool_max_idle_per_host(load.connections).build().expect("a client");
        Arc::new(Requests { load, client, counter: AtomicU64::new(0), seed })
    }

    fn submission(&self) -> String {
        let n = self.counter.fetch_add(1, Ordering::Relaxed);
        // Ids as the widget makes them (version 7: the millisecond, then random bits); the
        // counter in bits the millisecond, version and variant cannot reach keeps them unique.
        let mut bytes = [0u8; 16];
        bytes[9..].copy_from_slice(&n.to_be_bytes()[1..]);
        bytes[6..9].copy_from_slice(&self.seed[..3]);
        let unix_ms = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_millis() as u64);
        let submission = Submission {
            v: VERSION,
            id: uuid_v7(unix_ms, bytes),
            site: self.load.site.clone(),
            sent_at: "2026-11-25T10:00:00Z".into(),
            page: Page { url: format!("{}/products/tent", self.load.origin), title: "Tents".into(), lang: "en".into() },
            visitor: format!("bench-visitor-{:04}", n % 1000),
            content: Content::Feedback(Feedback {
                rating: Some(4),
                category: Category::Idea,
                message: "A lighter pole set would make this tent perfect for long treks.".into(),
                contact: None,
            }),
            meta: BTreeMap::<String, String>::new(),
            trap: String::new(),
            dwell_ms: 12_000,
        };
        serde_json::to_string(&submission).expect("a submission serializes")
    }

    /// One request; its status and its latency since `started` go to `tally`.
    async fn one(&self, tally: &mut Tally, started: Instant) {
        let request = if self.load.method == "get" {
            self.client.get(&self.load.url)
        } else {
            self.client.post(&self.load.url).header("content-type", "application/json").body(self.submission())
        };
        match request.header("origin", &self.load.origin).send().await {
            Ok(response) => {
                let status = response.status().as_u16();
                let _ = response.bytes().await;
                *tally.statuses.entry(status).or_default() += 1;
                tally.latencies_us.push(started.elapsed().as_micros() as u64);
            }
            Err(_) => tally.errors += 1,
        }
    }
}

async fn saturate(load: Load) {
    let seconds = Duration::from_secs(load.seconds);
    let requests = Requests::new(load.clone());
    let started = Instant::now();
    let workers: Vec<_> = (0..load.connections)
        .map(|_| {
            let requests = requests.clone();
            tokio::spawn(async move {
                let mut tally = Tally::default();
                while started.elapsed() < seconds {
                    requests.one(&mut tally, Instant::now()).await;
                }
                tally
            })
        })
        .collect();
    let mut tally = Tally::default();
    for worker in workers {
        tally.merge(worker.await.expect("a worker finishes"));
    }
    tally.report("saturate", started.elapsed());
}

async fn pace(load: Load, rate: u64) {
    let requests = Requests::new(load.clone());
    let total = rate * load.seconds;
    let interval = Duration::from_secs_f64(1.0 / rate as f64);
    let started = Instant::now();
    // At most `connections` requests in flight, as many as the saturating run had: a request
    // that finds them all busy waits for one, and its wait counts in its latency. Without a
    // bound, every hiccup opened hundreds of connections, whose closing left the machine's
    // ports in TIME_WAIT, and the next runs could not connect.
    let in_flight = Arc::new(tokio::sync::Semaphore::new(load.connections));
    let mut tasks = Vec::with_capacity(total as usize);
    for i in 0..total {
        // On schedule, whatever the earlier requests are doing. The latency counts from when the
        // request leaves, not from its slot: tokio's timer wakes on whole milliseconds, and that
        // lateness is the generator's, not the server's.
        tokio::time::sleep_until((started + interval * i as u32).into()).await;
        let leaves = Instant::now();
        let (requests, in_flight) = (requests.clone(), in_flight.clone());
        tasks.push(tokio::spawn(async move {
            let mut tally = Tally::default();
            let _connection = in_flight.acquire().await.expect("the semaphore stays open");
            requests.one(&mut tally, leaves).await;
            tally
        }));
    }
    let mut tally = Tally::default();
    for task in tasks {
        tally.merge(task.await.expect("a request finishes"));
    }
    tally.report("pace", started.elapsed());
}

async fn bare(listen: String) {
    use axum::http::StatusCode;
    use axum::routing::post;
    const POLL: &str = r#"{"id":"p","question":"Q?","options":[{"id":"a","label":"A"},{"id":"b","label":"B"}],"multiple":false,"closes_at":null,"results":{"total":2,"counts":{"a":1,"b":1}}}"#;
    let app = axum::Router::new()
        .route("/v1/submissions", post(|| async { StatusCode::NO_CONTENT }))
        .fallback(|| async { ([("content-type", "application/json")], POLL) });
    let listener = tokio::net::TcpListener::bind(&listen).await.expect("the bare server's address is free");
    axum::serve(listener, app).await.expect("the bare server runs");
}

#[tokio::main]
async fn main() {
    match Cli::parse().command {
        Command::Saturate(load) => saturate(load).await,
        Command::Pace { load, rate } => pace(load, rate).await,
        Command::Bare { listen } => bare(listen).await,
    }
}
