//! Storage: SQLite by default, PostgreSQL for teams that outgrow one machine. One SQL text per
//! query serves both (placeholders are rewritten for PostgreSQL); columns use the types both
//! agree on (TEXT, 64-bit integers), and each backend has its own migrations.

mod allowances;
mod ballots;
mod group_commit;
mod inbox;
mod managed;
mod postgres_writer;
mod reads;
mod sqlite_writer;
mod submissions;
mod webhooks;

use std::borrow::Cow;
use std::time::Duration;

use sqlx::any::{AnyPoolOptions, AnyRow};
use sqlx::{AnyPool, Executor};

pub use allowances::Allowance;
pub use inbox::{Entry, Filter, LIST_LIMIT};
pub use reads::Upvoted;
pub use submissions::{Arrival, Stored};
pub use webhooks::{Delivery, DeliveryState};

/// Which database is behind the pool.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// The collector's database.
#[derive(Clone)]
pub struct Db {
    pool: AnyPool,
    backend: Backend,
    /// Where submissions go to be written in groups (see [`group_commit`]).
    writer: group_commit::Writer,
}

impl Db {
    /// Opens the database at `url` (`sqlite://path` or `postgres://…`), creating a SQLite file
    /// and its folder if missing, and brings its schema up to date.
    pub async fn connect(url: &str) -> Result<Db, sqlx::Error> {
        sqlx::any::install_default_drivers();
        let (backend, url, sqlite_file) = if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            (Backend::Postgres, url.to_string(), None)
        } else if let Some(path) = url.strip_prefix("sqlite://").or_else(|| url.strip_prefix("sqlite:")) {
            let (url, file) = sqlite_url(path)?;
            (Backend::Sqlite, url, Some(file))
        } else {
            return Err(sqlx::Error::Configuration(
                format!("{:?} is neither sqlite://… nor postgres://…", crate::redact::database_url(url)).into(),
            ));
        };
        let pool = AnyPoolOptions::new()
            .max_connections(if backend == Backend::Sqlite { 8 } else { 16 })
            .acquire_timeout(Duration::from_secs(5))
            .after_connect(move |conn, _| {
                Box::pin(async move {
                    if backend == Backend::Sqlite {
                        for pragma in SQLITE_SETTINGS {
                            conn.execute(pragma).await?;
                        }
                    }
                    Ok(())
                })
            })
            .connect(&url)
            .await?;
        match backend {
            Backend::Sqlite => sqlx::migrate!("./migrations/sqlite").run(&pool).await?,
            Backend::Postgres => sqlx::migrate!("./migrations/postgres").run(&pool).await?,
        }
        let writer = match sqlite_file {
            Some(file) => sqlite_writer::start(&file)?,
            None => postgres_writer::start(pool.clone()),
        };
        Ok(Db { pool, backend, writer })
    }

    pub fn backend(&self) -> Backend {
        self.backend
    }

    pub fn pool(&self) -> &AnyPool {
        &self.pool
    }

    /// The query text for this backend: `?` placeholders become `$1, $2, …` for PostgreSQL.
    pub fn sql<'q>(&self, query: &'q str) -> Cow<'q, str> {
        match self.backend {
            Backend::Sqlite => Cow::Borrowed(query),
            Backend::Postgres => Cow::Owned(postgres_sql(query)),
        }
    }

    /// Whether the database answers: for `/readyz`.
    pub async fn ping(&self) -> Result<(), sqlx::Error> {
        sqlx::query("SELECT 1").fetch_one(&self.pool).await.map(|_: AnyRow| ())
    }
}

/// Closes a connection whose transaction failed instead of returning it to the pool. After a
/// failure midway (a full disk, a dropped server), a connection can keep a transaction open
/// without the driver knowing: every later "commit" on it would then be a mere savepoint, its
/// data never durable, and its lock would block every other writer. Seen with SQLite on a full
/// disk before this existed: acknowledged submissions were lost.
fn discard_if_failed<T>(connection: &mut sqlx::pool::PoolConnection<sqlx::Any>, result: &Result<T, sqlx::Error>) {
    if result.is_err() {
        connection.close_on_drop();
    }
}

/// Every SQLite connection's settings, the pool's and the writer's: WAL lets readers work
/// beside the writer; FULL makes every acknowledged submission survive a power cut, not only
/// a crash.
const SQLITE_SETTINGS: [&str; 4] = [
    "PRAGMA journal_mode = WAL",
    "PRAGMA synchronous = FULL",
    "PRAGMA busy_timeout = 5000",
    "PRAGMA foreign_keys = ON",
];

/// `query` for PostgreSQL: `?` placeholders become `$1, $2, …`.
fn postgres_sql(query: &str) -> String {
    let mut out = String::with_capacity(query.len() + 8);
    let mut n = 0;
    for c in query.chars() {
        if c == '?' {
            n += 1;
            out.push('$');
            out.push_str(&n.to_string());
        } else {
            out.push(c);
        }
    }
    out
}

/// `sqlite://` URL with the file created if missing, and its folder made; and the file.
fn sqlite_url(path: &str) -> Result<(String, std::path::PathBuf), sqlx::Error> {
    let file = std::path::PathBuf::from(path.split('?').next().unwrap_or_default());
    if file.as_os_str().is_empty() || file.as_os_str() == ":memory:" {
        return Err(sqlx::Error::Configuration("the collector needs a SQLite file, not memory".into()));
    }
    if let Some(dir) = file.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(sqlx::Error::Io)?;
    }
    let separator = if path.contains('?') { '&' } else { '?' };
    Ok((format!("sqlite://{path}{separator}mode=rwc"), file))
}

/// Now, as RFC 3339 in UTC with a fixed width, so that text order is time order.
pub fn now_rfc3339() -> String {
    format_time(time::OffsetDateTime::now_utc())
}

/// A time as the database stores it: RFC 3339 in UTC, fixed width, such as
/// `2026-11-24T21:00:00.000000Z`. Written digit by digit: every submission stores two, and
/// `time`'s formatter interprets its description each time.
pub fn format_time(at: time::OffsetDateTime) -> String {
    let at = at.to_offset(time::UtcOffset::UTC);
    let fields = [
        (at.year() as u32, 4, b'-'),
        (u32::from(u8::from(at.month())), 2, b'-'),
        (u32::from(at.day()), 2, b'T'),
        (u32::from(at.hour()), 2, b':'),
        (u32::from(at.minute()), 2, b':'),
        (u32::from(at.second()), 2, b'.'),
        (at.microsecond(), 6, b'Z'),
    ];
    let mut text = Vec::with_capacity(27);
    for (value, width, after) in fields {
        for place in (0..width).rev() {
            text.push(b'0' + (value / 10u32.pow(place) % 10) as u8);
        }
        text.push(after);
    }
    String::from_utf8(text).expect("digits and separators are ASCII")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_are_written_as_time_writes_them() {
        let format = time::macros::format_description!(
            "[year]-[month]-[day]T[hour]:[minute]:[second].[subsecond digits:6]Z"
        );
        let times = [
            time::macros::datetime!(2026-11-24 21:00:00 UTC),
            time::macros::datetime!(1999-01-02 03:04:05.000006 UTC),
            time::macros::datetime!(2031-12-31 23:59:59.999999 +02:00),
            time::OffsetDateTime::now_utc(),
        ];
        for at in times {
            let utc = at.to_offset(time::UtcOffset::UTC);
            assert_eq!(format_time(at), utc.format(&format).unwrap());
        }
    }

    #[test]
    fn timestamps_sort_as_text() {
        let a = now_rfc3339();
        std::thread::sleep(Duration::from_millis(2));
        let b = now_rfc3339();
        assert!(a < b, "{a} < {b}");
        assert_eq!(a.len(), "2026-11-24T21:00:00.000000Z".len());
        assert!(chapeau_protocol::is_rfc3339_timestamp(&a));
    }

    #[test]
    fn sqlite_urls_create_their_file() {
        let file = std::env::temp_dir().join("chapeau-url-test/x.db");
        let (url, opened) = sqlite_url(file.to_str().unwrap()).unwrap();
        assert_eq!(url, format!("sqlite://{}?mode=rwc", file.display()));
        assert_eq!(opened, file);
        assert!(file.parent().unwrap().is_dir(), "the folder is made");
        assert!(sqlite_url(":memory:").is_err());
    }
}
