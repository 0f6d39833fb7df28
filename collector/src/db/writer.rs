//! Group commit on SQLite: the submissions that arrive while a commit is under way are written together
//! in the next transaction, made durable by one fsync, and each is answered only once that
//! commit is done. Durability stays what it was (`synchronous = FULL` on SQLite); the disk
//! syncs once per group instead of once per submission.

use tokio::sync::{mpsc, oneshot};

use super::submissions::Arrival;
use super::Db;

/// The most submissions one transaction takes: a bound on the time a group holds the lock.
const MAX_GROUP: usize = 256;

/// How many submissions may wait for the writer; more wait for room.
const QUEUE: usize = 4096;

/// A submission waiting to be written, and where its outcome goes.
pub(super) struct Pending {
    arrival: Arrival,
    hash: String,
    reply: oneshot::Sender<Result<Option<String>, sqlx::Error>>,
}

/// Starts the writer of `db`; the returned sender is how submissions reach it. The writer
/// stops when every sender is gone.
pub(super) fn start(db: Db) -> mpsc::Sender<Pending> {
    let (sender, receiver) = mpsc::channel(QUEUE);
    tokio::spawn(run(db, receiver));
    sender
}

impl Db {
    /// Writes one submission with its group: `Some(receipt)` once committed, `None` when its id
    /// was already taken.
    pub(super) async fn write(&self, arrival: Arrival, hash: String) -> Result<Option<String>, sqlx::Error> {
        let Some(writer) = &self.writer else {
            // PostgreSQL takes concurrent transactions and already syncs the commits that
            // wait together once: each submission has its own.
            return write_alone(self, &arrival, &hash).await;
        };
        let (reply, outcome) = oneshot::channel();
        writer.send(Pending { arrival, hash, reply }).await.map_err(|_| stopped())?;
        outcome.await.map_err(|_| stopped())?
    }
}

fn stopped() -> sqlx::Error {
    sqlx::Error::PoolClosed
}

async fn run(db: Db, mut receiver: mpsc::Receiver<Pending>) {
    let mut group = Vec::with_capacity(MAX_GROUP);
    while receiver.recv_many(&mut group, MAX_GROUP).await > 0 {
        let outcomes = write_group(&db, &group).await;
        for (pending, outcome) in group.drain(..).zip(outcomes) {
            // A client that went away no longer waits: its submission is stored all the same.
            let _ = pending.reply.send(outcome);
        }
    }
}

/// Writes a group in one transaction. Should one submission fail, the group is rolled back
/// and each submission written alone, so that one failure does not fail the others. If the
/// commit fails, nothing was written: every submission of the group gets the error.
async fn write_group(db: &Db, group: &[Pending]) -> Vec<Result<Option<String>, sqlx::Error>> {
    let mut connection = match db.pool.acquire().await {
        Ok(connection) => connection,
        Err(e) => return group.iter().map(|_| Err(copy(&e))).collect(),
    };
    let written = async {
        let mut tx = sqlx::Connection::begin(&mut *connection).await?;
        let mut receipts = Vec::with_capacity(group.len());
        for pending in group {
            receipts.push(db.insert_rows(&mut tx, &pending.arrival, &pending.hash).await?);
        }
        tx.commit().await?;
        Ok(receipts)
    }
    .await;
    super::discard_if_failed(&mut connection, &written);
    drop(connection);
    match written {
        Ok(receipts) => receipts.into_iter().map(Ok).collect(),
        Err(_) if group.len() > 1 => {
            let mut outcomes = Vec::with_capacity(group.len());
            for pending in group {
                outcomes.push(write_alone(db, &pending.arrival, &pending.hash).await);
            }
            outcomes
        }
        Err(e) => vec![Err(e)],
    }
}

/// One submission in a transaction of its own.
async fn write_alone(db: &Db, arrival: &Arrival, hash: &str) -> Result<Option<String>, sqlx::Error> {
    let mut connection = db.pool.acquire().await?;
    let inserted = db.insert(&mut connection, arrival, hash).await;
    super::discard_if_failed(&mut connection, &inserted);
    inserted
}

/// One error for each waiting submission (sqlx's errors cannot be cloned); every database
/// error is answered the same way, `503`, so its text is what matters, for the logs.
fn copy(e: &sqlx::Error) -> sqlx::Error {
    sqlx::Error::Io(std::io::Error::other(e.to_string()))
}
