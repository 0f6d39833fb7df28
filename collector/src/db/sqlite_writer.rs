//! Group commit on SQLite (see [`super::group_commit`]).
//!
//! The writer is one thread with its own connection (rusqlite, on the same SQLite library as
//! the pool): a group's statements run back to back, prepared once, with a warm page cache,
//! instead of each one crossing to a driver thread and back.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use rusqlite::types::{ToSqlOutput, ValueRef};
use rusqlite::{Connection, ToSql};
use tokio::sync::mpsc;

use super::group_commit::{answer, gather, Outcome, Pending, Writer, QUEUE};
use super::submissions::{NewRows, Value, Written, INSERT_SUBMISSION, TAKE_BACK_SUBMISSION};

/// Opens the writer's connection to the SQLite file at `path` (migrated already) and starts
/// its thread.
pub(super) fn start(path: &Path) -> Result<Writer, sqlx::Error> {
    let session = Session::open(path).map_err(database)?;
    let checkpoints = open(path).map_err(database)?;
    // Opened for writing: some systems refuse to sync a file opened only to read.
    let database_file = std::fs::OpenOptions::new().write(true).open(path).map_err(sqlx::Error::Io)?;
    let (sender, receiver) = mpsc::channel(QUEUE);
    let path = path.to_path_buf();
    let finish_checkpoint = Arc::new(AtomicBool::new(false));
    let finish = finish_checkpoint.clone();
    std::thread::Builder::new()
        .name("chapeau-writer".into())
        .spawn(move || run(session, path, receiver, &finish))
        .map_err(sqlx::Error::Io)?;
    let writer_alive = sender.downgrade();
    std::thread::Builder::new()
        .name("chapeau-checkpoint".into())
        .spawn(move || checkpoint(checkpoints, &database_file, writer_alive, &finish_checkpoint))
        .map_err(sqlx::Error::Io)?;
    Ok(Writer { sender })
}

/// The writer's connection. Its statements stay prepared in rusqlite's cache for the
/// connection's life.
struct Session {
    connection: Connection,
}

impl Session {
    fn open(path: &Path) -> rusqlite::Result<Session> {
        let connection = open(path)?;
        connection.set_prepared_statement_cache_capacity(32);
        Ok(Session { connection })
    }
}

fn open(path: &Path) -> rusqlite::Result<Connection> {
    configure(Connection::open(path)?)
}

fn configure(connection: Connection) -> rusqlite::Result<Connection> {
    for pragma in super::SQLITE_SETTINGS {
        connection.execute_batch(pragma)?;
    }
    // 8 MB of page cache, not more: below 1 GB of database, a commit after a b-tree page
    // split scans the whole cache's hash table (SQLite parks a page at the 1 GB page number
    // while it renumbers), and with 64 MB that scan cost more than the cache saved (perf).
    connection.execute_batch(
        "PRAGMA cache_size = -8192; PRAGMA wal_autocheckpoint = 8192;
         PRAGMA journal_size_limit = 67108864;",
    )?;
    Ok(connection)
}

fn run(mut session: Session, path: PathBuf, mut receiver: mpsc::Receiver<Pending>, finish: &AtomicBool) {
    let mut group = Vec::new();
    while let Some(first) = receiver.blocking_recv() {
        group.push(first);
        gather(&mut group, &mut receiver);
        let outcomes = write_group(&mut session, &group);
        if !session.connection.is_autocommit() {
            // A transaction the failure left open would turn every later commit into a
            // savepoint, never durable, and hold the lock: start again on a new connection.
            tracing::error!("the SQLite writer's transaction stayed open after a failure; reopening");
            match Session::open(&path) {
                Ok(fresh) => session = fresh,
                Err(e) => tracing::error!(error = %e, "the SQLite writer could not reopen its database"),
            }
        }
        answer(&mut group, outcomes);
        if finish.swap(false, Ordering::Relaxed) {
            // Between groups, with the group before answered.
            finish_copy(&session.connection);
        }
    }
}

/// Copies what the last background copy of the log left, a few milliseconds of commits, so
/// that the next commit starts the log over (see [`checkpoint`]).
fn finish_copy(connection: &Connection) {
    if let Err(e) = connection.query_row(COPY_LOG, [], |_| Ok(())) {
        tracing::warn!(error = %e, "the writer could not finish a checkpoint");
    }
}

/// How often the log is copied into the database file. A copy writes each page once, however
/// many commits rewrote it (the first page and the b-trees' right edges are in nearly every
/// commit), and sorts the log's frames first: every 100 ms, that was 3.7% of a submission's
/// instructions, every 250 ms 1.9%, and longer gained nothing more (callgrind).
const CHECKPOINT_EVERY: std::time::Duration = std::time::Duration::from_millis(250);

/// A copy of the log that waits for no one: it copies what no reader still needs and returns.
const COPY_LOG: &str = "PRAGMA wal_checkpoint(PASSIVE)";

/// Copies the log into the database file in the background, so that commits seldom wait for
/// it, syncs what it copied, then has the writer copy what was committed meanwhile.
///
/// The log starts over only once all of it is copied, and SQLite syncs the database file only
/// then, which a copy made beside a busy writer never achieves: the writer commits while it
/// runs. Left to SQLite, the writer itself copied everything since the last background copy
/// when the log passed 32 MB, then synced a second of copies: a stall of 15-20 ms every
/// second at full load, every request waiting. Synced here, and
/// right after a copy, the writer's share is the few milliseconds of log the copy did not
/// see. The 32 MB bound stays as it was: under a load this thread cannot keep up with, the
/// writer's own checkpoints keep the log bounded and slow the writer rather than fill the
/// disk.
fn checkpoint(
    connection: Connection,
    database_file: &std::fs::File,
    writer: mpsc::WeakSender<Pending>,
    finish: &AtomicBool,
) {
    let mut last = Copied::default();
    while writer.upgrade().is_some() {
        std::thread::sleep(CHECKPOINT_EVERY);
        match copy_log(&connection, database_file, &mut last) {
            Ok(true) => finish.store(true, Ordering::Relaxed),
            Ok(false) => {}
            Err(e) => tracing::warn!(error = %e, "a background checkpoint failed"),
        }
    }
}

/// Where the log stood after a copy: its frames, and how many of them are copied.
#[derive(Default, Clone, Copy, PartialEq, Eq)]
struct Copied {
    frames: i64,
    copied: i64,
}

/// One background copy of the log into the database file, synced if it copied anything:
/// whether the writer has something to finish. Nothing new since the `last` copy (an idle
/// collector) is neither synced nor handed on: no flush of the disk four times a second.
fn copy_log(
    connection: &Connection,
    database_file: &std::fs::File,
    last: &mut Copied,
) -> Result<bool, Box<dyn std::error::Error>> {
    // `busy` is 1 when the copy stopped short, at another checkpoint under way.
    let (busy, now) = connection.query_row(COPY_LOG, [], |row| {
        Ok((row.get::<_, i64>(0)?, Copied { frames: row.get(1)?, copied: row.get(2)? }))
    })?;
    if busy != 0 || now == std::mem::replace(last, now) {
        return Ok(false);
    }
    database_file.sync_data()?;
    Ok(true)
}

/// Writes a group in one transaction. Should one submission fail, the group is rolled back
/// and each submission written alone, so that one failure does not fail the others. If the
/// commit fails, nothing was written: every submission of the group gets the error.
fn write_group(session: &mut Session, group: &[Pending]) -> Vec<Outcome> {
    let connection = &session.connection;
    let written = in_transaction(connection, || {
        group.iter().map(|pending| write_rows(connection, &pending.rows)).collect::<Result<Vec<_>, _>>()
    });
    match written {
        Ok(created) => created.into_iter().map(Ok).collect(),
        Err(_) if group.len() > 1 => group.iter().map(|pending| write_alone(session, &pending.rows)).collect(),
        Err(e) => vec![Err(database(e))],
    }
}

/// One submission in a transaction of its own.
fn write_alone(session: &mut Session, rows: &NewRows) -> Outcome {
    let connection = &session.connection;
    in_transaction(connection, || write_rows(connection, rows)).map_err(database)
}

/// Runs `write` in a transaction, committed if it succeeds and rolled back if anything
/// fails. BEGIN and COMMIT are prepared once, where rusqlite's transactions parse them anew
/// each time.
fn in_transaction<T>(connection: &Connection, write: impl FnOnce() -> rusqlite::Result<T>) -> rusqlite::Result<T> {
    connection.prepare_cached("BEGIN")?.execute([])?;
    let written = write().and_then(|value| connection.prepare_cached("COMMIT")?.execute([]).map(|_| value));
    if written.is_err() && !connection.is_autocommit() {
        // Should this fail too, the caller sees the transaction still open and reopens.
        let _ = connection.execute_batch("ROLLBACK");
    }
    written
}

/// The rows of one submission, in the caller's transaction; nothing when its id is taken or
/// its allowance used up.
fn write_rows(connection: &Connection, rows: &NewRows) -> rusqlite::Result<Written> {
    debug_assert_eq!(rows.submission.sql, INSERT_SUBMISSION);
    let run = |statement: &super::submissions::Statement| {
        connection.prepare_cached(statement.sql)?.execute(rusqlite::params_from_iter(&statement.values))
    };
    if run(&rows.submission)? == 0 {
        return Ok(Written::Taken);
    }
    if let Some(allowance) = &rows.allowance {
        if run(allowance)? == 0 {
            connection.prepare_cached(TAKE_BACK_SUBMISSION)?.execute([rows.id()])?;
            return Ok(Written::Refused);
        }
    }
    for statement in &rows.dependents {
        run(statement)?;
    }
    Ok(Written::Created)
}

impl ToSql for Value {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        Ok(ToSqlOutput::Borrowed(match self {
            Value::Text(Some(text)) => ValueRef::Text(text.as_bytes()),
            Value::Static(text) => ValueRef::Text(text.as_bytes()),
            Value::Integer(Some(n)) => ValueRef::Integer(*n),
            Value::Text(None) | Value::Integer(None) => ValueRef::Null,
        }))
    }
}

/// Every database error is answered the same way, `503`, so its text is what matters, for
/// the logs.
fn database(e: rusqlite::Error) -> sqlx::Error {
    sqlx::Error::Io(std::io::Error::other(e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::super::submissions::{Arrival, NewRows, StoredContent};

    /// The rows of feedback number `n`, as the collector makes them from what it receives.
    fn feedback(n: u32) -> NewRows {
        let json = format!(
            r#"{{"v":1,"id":"00000000-0000-7000-8000-{n:012}","site":"acme","kind":"feedback",
                "sent_at":"2026-12-04T00:00:00Z","page":{{"url":"https://shop.example/"}},"visitor":"visitor-0001","dwell_ms":4000,
                "body":{{"category":"idea","rating":4,"message":"A lighter tent, please."}}}}"#
        );
        let submission = chapeau_protocol::parse_submission(json.as_bytes()).expect("a valid submission");
        let content = StoredContent::of(&submission);
        let receipt = format!("{}_receipt", submission.id);
        let arrival = Arrival { submission, origin: "https://shop.example".into(), spam: false, webhook: None, allowance: None };
        NewRows::of(arrival, &receipt, content)
    }

    /// The log's checkpoint sequence number (bytes 12-15 of its header), which SQLite counts up
    /// each time the log starts over.
    fn log_restarts(log: &std::path::Path) -> u32 {
        let header = std::fs::read(log).unwrap();
        u32::from_be_bytes(header[12..16].try_into().unwrap())
    }

    /// Commits `n` through the writer's session, one transaction each.
    fn commit(session: &mut super::Session, n: std::ops::Range<u32>) {
        for n in n {
            let connection = &session.connection;
            let rows = feedback(n);
            let written = super::in_transaction(connection, || super::write_rows(connection, &rows)).unwrap();
            assert_eq!(written, super::Written::Created);
        }
    }

    /// A copy of the log made beside the writer misses the commits made meanwhile, and the log
    /// starts over only once all of it is copied: after a background copy, the writer's own
    /// finishing copy is what lets the next commit start it over.
    #[tokio::test]
    async fn the_writer_finishes_a_background_copy_and_the_log_starts_over() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("log.db");
        // Migrated, then closed: its own writer and background copies stop.
        drop(super::super::Db::connect(&format!("sqlite://{}", path.display())).await.unwrap());
        std::thread::sleep(super::CHECKPOINT_EVERY * 2);
        let mut session = super::Session::open(&path).unwrap();
        let background = super::open(&path).unwrap();
        let database_file = std::fs::OpenOptions::new().write(true).open(&path).unwrap();
        let log = path.with_extension("db-wal");

        commit(&mut session, 0..20);
        let mut last = super::Copied::default();
        assert!(super::copy_log(&background, &database_file, &mut last).unwrap(), "the copy went through");
        assert!(!super::copy_log(&background, &database_file, &mut last).unwrap(), "nothing new, nothing to finish");
        commit(&mut session, 20..25);
        let restarts = log_restarts(&log);
        commit(&mut session, 25..26);
        assert_eq!(log_restarts(&log), restarts, "commits after a copy are not in it: the log goes on");

        super::finish_copy(&session.connection);
        commit(&mut session, 26..27);
        assert_eq!(log_restarts(&log), restarts + 1, "once the writer copied the rest, the log starts over");
        let stored: i64 = background.query_row("SELECT count(*) FROM submissions", [], |row| row.get(0)).unwrap();
        assert_eq!(stored, 27);
    }
}
