//! Group commit on PostgreSQL (see [`super::group_commit`]): one task writes each group in one
//! transaction, its submissions in one multi-row insert, through the pool. PostgreSQL syncs its
//! log once per commit: once per group.

use sqlx::{AnyPool, Row};
use tokio::sync::mpsc;

use super::group_commit::{answer, gather, Pending, Writer, QUEUE};
use super::submissions::{insert_submissions, NewRows, Statement, Value};

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
                    outcomes.push(write(&pool, std::slice::from_ref(one)).await.map(|created| created[0]));
                }
                outcomes
            }
            Err(e) => vec![Err(e)],
        };
        answer(&mut group, outcomes);
    }
}

/// Writes `rows` in one transaction: whether each was created (`false`: its id was taken).
/// Nothing is written if anything fails.
async fn write(pool: &AnyPool, rows: &[&NewRows]) -> Result<Vec<bool>, sqlx::Error> {
    let mut connection = pool.acquire().await?;
    let written = async {
        let mut tx = sqlx::Connection::begin(&mut *connection).await?;
        let created = insert(&mut tx, rows).await?;
        for (rows, _) in rows.iter().zip(&created).filter(|(_, created)| **created) {
            for statement in &rows.dependents {
                execute(&mut tx, statement).await?;
            }
        }
        tx.commit().await?;
        Ok(created)
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
            query = bind(query, value);
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

/// Runs one statement.
async fn execute(tx: &mut sqlx::AnyConnection, statement: &Statement) -> Result<(), sqlx::Error> {
    let sql = super::postgres_sql(statement.sql);
    let mut query = sqlx::query(&sql);
    for value in &statement.values {
        query = bind(query, value);
    }
    query.execute(tx).await?;
    Ok(())
}

fn bind<'q>(query: sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments<'q>>, value: &'q Value) -> sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments<'q>> {
    match value {
        Value::Text(text) => query.bind(text.as_deref()),
        Value::Static(text) => query.bind(*text),
        Value::Integer(n) => query.bind(*n),
    }
}
