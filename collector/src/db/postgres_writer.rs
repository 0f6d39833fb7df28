//! Group commit on PostgreSQL (see [`super::group_commit`]): one task writes each group in one
//! transaction, its submissions in one multi-row insert, through the pool. PostgreSQL syncs its
//! log once per commit: once per group.
//!
//! Several collectors may write to one server at once. The votes of a group lock their polls
//! first (a transaction-scoped advisory lock per poll, taken in one order), so that two
//! groups moving the same tallies and allowances wait for each other in turn, never in a
//! circle.

use sqlx::{AnyPool, Row};
use tokio::sync::mpsc;

use super::group_commit::{answer, gather, Pending, Writer, QUEUE};
use super::submissions::{insert_submissions, NewRows, Statement, Written, TAKE_BACK_SUBMISSION};

/// Starts PostgreSQL's writer on `pool`.
pub(super) fn start(pool: AnyPool) -> Writer {
    let (sender, receiver) = mpsc::channel(QUEUE);
    tokio::spawn(run(pool, receiver));
    Writer { sender }
}

async fn run(pool: AnyPool, mut receiver: mpsc::Receiver<Pending>) {
    let mut group = Vec::new();
    while let Some(first) = receiver.recv().await {
        group.push(first);
        gather(&mut group, &mut receiver);
        let rows: Vec<&NewRows> = group.iter().map(|pending| &pending.rows).collect();
        let outcomes = match write(&pool, &rows).await {
            Ok(created) => created.into_iter().map(Ok).collect(),
            // One submission's failure must not fail the others: each alone, then.
            Err(_) if rows.len() > 1 => {
                let mut outcomes = Vec::with_capacity(rows.len());
                for one in &rows {
                    outcomes.push(write(&pool, std::slice::from_ref(one)).await.map(|written| written[0]));
                }
                outcomes
            }
            Err(e) => vec![Err(e)],
        };
        answer(&mut group, outcomes);
    }
}

/// Writes `rows` in one transaction: what became of each. Nothing is written if anything
/// fails.
async fn write(pool: &AnyPool, rows: &[&NewRows]) -> Result<Vec<Written>, sqlx::Error> {
    let mut connection = pool.acquire().await?;
    let written = async {
        let mut tx = sqlx::Connection::begin(&mut *connection).await?;
        let inserted = insert(&mut tx, rows).await?;
        let mut polls: Vec<&str> = rows.iter().zip(&inserted).filter(|(_, new)| **new).filter_map(|(rows, _)| rows.poll.as_deref()).collect();
        polls.sort_unstable();
        polls.dedup();
        for poll in polls {
            sqlx::query("SELECT pg_advisory_xact_lock(hashtextextended($1, 0))").bind(poll).execute(&mut *tx).await?;
        }
        let mut written = Vec::with_capacity(rows.len());
        for (rows, new) in rows.iter().zip(inserted) {
            written.push(if new { dependents(&mut tx, rows).await? } else { Written::Taken });
        }
        tx.commit().await?;
        Ok(written)
    }
    .await;
    super::discard_if_failed(&mut connection, &written);
    written
}

/// The submissions' rows in one statement: whether each was inserted. Of two with the same id,
/// the first is.
async fn insert(tx: &mut sqlx::AnyConnection, rows: &[&NewRows]) -> Result<Vec<bool>, sqlx::Error> {
    let sql = insert_submissions(rows.len());
    let mut query = sqlx::query(&sql);
    for rows in rows {
        for value in &rows.submission.values {
            query = value.bind_to(query);
        }
    }
    let mut inserted: Vec<String> = query.fetch_all(&mut *tx).await?.iter().map(|row| row.try_get(0)).collect::<Result<_, _>>()?;
    Ok(rows
        .iter()
        .map(|rows| match inserted.iter().position(|id| id == rows.id()) {
            Some(at) => {
                inserted.swap_remove(at);
                true
            }
            None => false,
        })
        .collect())
}

/// What follows a new submission's row: the use of its allowance, then its dependent rows;
/// when the allowance is used up, its row is taken back instead.
async fn dependents(tx: &mut sqlx::AnyConnection, rows: &NewRows) -> Result<Written, sqlx::Error> {
    if let Some(allowance) = &rows.allowance {
        if execute(&mut *tx, allowance).await? == 0 {
            sqlx::query(&super::postgres_sql(TAKE_BACK_SUBMISSION)).bind(rows.id()).execute(&mut *tx).await?;
            return Ok(Written::Refused);
        }
    }
    for statement in &rows.dependents {
        execute(&mut *tx, statement).await?;
    }
    Ok(Written::Created)
}

/// Runs one statement: how many rows it changed.
async fn execute(tx: &mut sqlx::AnyConnection, statement: &Statement) -> Result<u64, sqlx::Error> {
    let sql = super::postgres_sql(statement.sql);
    let mut query = sqlx::query(&sql);
    for value in &statement.values {
        query = value.bind_to(query);
    }
    Ok(query.execute(tx).await?.rows_affected())
}
