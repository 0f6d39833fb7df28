//! Group commit, shared by both databases: the submissions that arrive while a commit is under
//! way are written together in the next transaction, made durable by one sync, and each is
//! answered only once that commit is done. Durability stays what it is; the disk syncs once
//! per group instead of once per submission. Each database has its writer
//! ([`super::sqlite_writer`], [`super::postgres_writer`]); what they share is here.

use tokio::sync::{mpsc, oneshot};

use super::submissions::{NewRows, Written};

/// The most submissions one transaction takes: a bound on the time a group holds the lock.
pub(super) const MAX_GROUP: usize = 256;

/// How many submissions may wait for a writer; more wait for room.
pub(super) const QUEUE: usize = 4096;

/// What writing one submission gives.
pub(super) type Outcome = Result<Written, sqlx::Error>;

/// A submission's rows waiting to be written, and where its outcome goes.
pub(super) struct Pending {
    pub rows: NewRows,
    pub reply: oneshot::Sender<Outcome>,
}

/// The way to a writer. It stops when the last clone is dropped.
#[derive(Clone)]
pub(super) struct Writer {
    pub sender: mpsc::Sender<Pending>,
}

impl Writer {
    /// Writes one submission with its group.
    pub(super) async fn write(&self, rows: NewRows) -> Outcome {
        let (reply, outcome) = oneshot::channel();
        self.sender.send(Pending { rows, reply }).await.map_err(|_| stopped())?;
        outcome.await.map_err(|_| stopped())?
    }
}

/// Adds to `group`, which holds its first submission, those waiting already, up to
/// [`MAX_GROUP`].
pub(super) fn gather(group: &mut Vec<Pending>, receiver: &mut mpsc::Receiver<Pending>) {
    while group.len() < MAX_GROUP {
        let Ok(next) = receiver.try_recv() else { break };
        group.push(next);
    }
}

/// Answers each submission of `group` with its outcome, in order. A client that went away no
/// longer waits: its submission is stored all the same.
pub(super) fn answer(group: &mut Vec<Pending>, outcomes: Vec<Outcome>) {
    for (pending, outcome) in group.drain(..).zip(outcomes) {
        let _ = pending.reply.send(outcome);
    }
}

fn stopped() -> sqlx::Error {
    sqlx::Error::PoolClosed
}
