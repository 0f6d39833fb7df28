//! Every setting, as a flag and as an environment variable, with demo defaults.

use std::net::SocketAddr;
use std::path::PathBuf;

use clap::Parser;

/// Chapeau collector: stores the submissions of Chapeau widgets and serves the widget.
///
/// Every flag can also be set by the environment variable named beside it. With no setting
/// at all it runs the demo: the built-in demo site, a SQLite file under ./data, and the
/// widget built into ./dist.
#[derive(Debug, Clone, Parser)]
#[command(version, about, long_about)]
pub struct Settings {
    /// Address and port to listen on.
    #[arg(long, env = "CHAPEAU_LISTEN", default_value = "127.0.0.1:8080")]
    pub listen: SocketAddr,

    /// Database URL: `sqlite://path/to/file.db` (created if missing).
    #[arg(long, env = "CHAPEAU_DATABASE", default_value = "sqlite://data/chapeau.db")]
    pub database: String,

    /// TOML file of sites (id, name, allowed origins). Without it, the demo site.
    #[arg(long, env = "CHAPEAU_SITES")]
    pub sites: Option<PathBuf>,

    /// Folder of the built widget and demo page, served at `/`.
    #[arg(long, env = "CHAPEAU_STATIC_DIR", default_value = "dist")]
    pub static_dir: PathBuf,

    /// Submissions sent sooner than this many milliseconds after the form opened are kept
    /// aside as spam (answered like any other, so bots learn nothing).
    #[arg(long, env = "CHAPEAU_MIN_DWELL_MS", default_value_t = 1500)]
    pub min_dwell_ms: u64,

    /// The inbox's password, at least 12 characters. Without one, the first start generates
    /// a password and writes it to `inbox-password` beside the SQLite database (or in
    /// `data/`), readable by its owner only; the database keeps its Argon2id hash.
    #[arg(long, env = "CHAPEAU_ADMIN_PASSWORD", hide_env_values = true)]
    pub admin_password: Option<String>,

    /// Mark the inbox's session cookie `Secure` (set it when TLS ends at a proxy that does
    /// not send `X-Forwarded-Proto: https`).
    #[arg(long, env = "CHAPEAU_SECURE_COOKIES")]
    pub secure_cookies: bool,

    /// Questions and complaints still unanswered after this many hours are highlighted at
    /// the top of the inbox.
    #[arg(long, env = "CHAPEAU_ANSWER_WITHIN_HOURS", default_value_t = 24)]
    pub answer_within_hours: u64,

    /// Submissions and upvotes one client address may send per minute (in bursts of up to a
    /// minute's worth); beyond, `429` with `Retry-After`. 0: no limit.
    #[arg(long, env = "CHAPEAU_MAX_PER_IP_PER_MINUTE", default_value_t = 60)]
    pub max_per_ip_per_minute: u32,

    /// Submissions one site may receive per minute, all visitors together. 0: no limit.
    #[arg(long, env = "CHAPEAU_MAX_PER_SITE_PER_MINUTE", default_value_t = 60_000)]
    pub max_per_site_per_minute: u32,

    /// Behind a reverse proxy: the header where it puts the client's address, such as
    /// `x-forwarded-for` (its last address is used) or `x-real-ip`. Without it, the address
    /// of the connection.
    #[arg(long, env = "CHAPEAU_CLIENT_IP_HEADER")]
    pub client_ip_header: Option<String>,

    /// Milliseconds before a failed webhook delivery is retried the first time; each next
    /// retry waits twice as long (with jitter), up to an hour, 12 attempts in all.
    #[arg(long, env = "CHAPEAU_WEBHOOK_RETRY_BASE_MS", default_value_t = 2000)]
    pub webhook_retry_base_ms: u64,

    /// Seconds a client has to send a request's head (its line and headers); a connection
    /// kept alive between requests closes after as long idle.
    #[arg(long, env = "CHAPEAU_HEAD_TIMEOUT_SECS", default_value_t = 10)]
    pub head_timeout_secs: u64,

    /// Seconds a client has to send a request's body; then `408 request_timeout`.
    #[arg(long, env = "CHAPEAU_BODY_TIMEOUT_SECS", default_value_t = 20)]
    pub body_timeout_secs: u64,

    /// Seconds within which every request is answered; then `503 unavailable`.
    #[arg(long, env = "CHAPEAU_REQUEST_TIMEOUT_SECS", default_value_t = 30)]
    pub request_timeout_secs: u64,

    /// Connections open at once; one more is closed as soon as it is accepted. Keep it under
    /// the process's limit of open files (`ulimit -n`).
    #[arg(long, env = "CHAPEAU_MAX_CONNECTIONS", default_value_t = 800)]
    pub max_connections: usize,

    /// Log lines as `text` for people or `json` for log collectors (one object per line,
    /// with the request id). `RUST_LOG` sets the level, such as `RUST_LOG=debug`.
    #[arg(long, env = "CHAPEAU_LOG_FORMAT", value_enum, default_value_t = LogFormat::Text)]
    pub log_format: LogFormat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum LogFormat {
    Text,
    Json,
}

impl Settings {
    /// Where a generated inbox password is written: beside the SQLite database, or in
    /// `data/` for PostgreSQL.
    pub fn password_file(&self) -> PathBuf {
        let sqlite = self.database.strip_prefix("sqlite://").or_else(|| self.database.strip_prefix("sqlite:"));
        let folder = sqlite.and_then(|path| std::path::Path::new(path.split('?').next().unwrap_or(path)).parent().map(PathBuf::from));
        folder.filter(|f| !f.as_os_str().is_empty()).unwrap_or_else(|| PathBuf::from("data")).join("inbox-password")
    }

    /// The server's timeouts and its cap on connections.
    pub fn limits(&self) -> crate::server::Limits {
        let seconds = std::time::Duration::from_secs;
        crate::server::Limits {
            head: seconds(self.head_timeout_secs),
            body: seconds(self.body_timeout_secs),
            request: seconds(self.request_timeout_secs),
            connections: self.max_connections,
        }
    }
}
