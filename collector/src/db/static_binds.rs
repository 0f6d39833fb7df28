//! A prepared statement whose text parameters SQLite reads in place rather than copying.
//!
//! rusqlite binds every text as `SQLITE_TRANSIENT`: SQLite allocates and copies each one
//! before the statement runs, a sixth of the writer thread's instructions for a
//! submission's 21 values (callgrind, BENCHMARKS.md). The writer is the collector's one
//! serial stage, so it binds them as `SQLITE_STATIC` instead: SQLite reads the rows' own
//! strings, which outlive the call, and the bindings are cleared before it returns so that
//! the statement never keeps a pointer to them.

use std::ffi::c_int;
use std::ptr::NonNull;

use rusqlite::{ffi, Connection};

use super::submissions::Value;

/// One statement of the writer's connection. It must be dropped before that connection is
/// closed (the writer keeps both in [`super::writer`]'s `Session`, statement first).
pub(super) struct StaticStatement {
    handle: NonNull<ffi::sqlite3_stmt>,
    /// The connection's handle, for its error messages.
    db: *mut ffi::sqlite3,
}

// The statement moves to the writer thread with its connection and is used only there.
unsafe impl Send for StaticStatement {}

impl StaticStatement {
    /// Prepares `sql` on `connection`, kept prepared for the connection's life.
    pub(super) fn prepare(connection: &Connection, sql: &str) -> rusqlite::Result<StaticStatement> {
        // SAFETY: the handle is the open connection's; SQLite copies what it needs of `sql`.
        unsafe {
            let db = connection.handle();
            let mut handle = std::ptr::null_mut();
            let length = c_int::try_from(sql.len()).map_err(|_| rusqlite::Error::InvalidQuery)?;
            let code = ffi::sqlite3_prepare_v3(
                db,
                sql.as_ptr().cast(),
                length,
                ffi::SQLITE_PREPARE_PERSISTENT as _,
                &mut handle,
                std::ptr::null_mut(),
            );
            if code != ffi::SQLITE_OK {
                return Err(failure(db, code));
            }
            let handle = NonNull::new(handle).ok_or(rusqlite::Error::InvalidQuery)?;
            Ok(StaticStatement { handle, db })
        }
    }

    /// Runs the statement once with `values` as its parameters, in order: the number of rows
    /// it changed.
    pub(super) fn execute(&mut self, values: &[Value]) -> rusqlite::Result<u64> {
        let statement = self.handle.as_ptr();
        // SAFETY: every pointer bound is to a string in `values`, which outlives this call,
        // and every binding is cleared before it returns, whatever the outcome.
        unsafe {
            let outcome = self.bind(values).and_then(|()| match ffi::sqlite3_step(statement) {
                ffi::SQLITE_DONE => Ok(ffi::sqlite3_changes64(self.db) as u64),
                ffi::SQLITE_ROW => Err(rusqlite::Error::ExecuteReturnedResults),
                code => Err(failure(self.db, code)),
            });
            // `reset` repeats the step's error code, already reported.
            ffi::sqlite3_reset(statement);
            ffi::sqlite3_clear_bindings(statement);
            outcome
        }
    }

    /// Binds each value to its parameter (numbered from 1), texts without copying them.
    unsafe fn bind(&mut self, values: &[Value]) -> rusqlite::Result<()> {
        let statement = self.handle.as_ptr();
        let expected = usize::try_from(ffi::sqlite3_bind_parameter_count(statement)).unwrap_or(0);
        if values.len() != expected {
            return Err(rusqlite::Error::InvalidParameterCount(values.len(), expected));
        }
        for (index, value) in (1..).zip(values) {
            let code = match value {
                Value::Text(Some(text)) => bind_text(statement, index, text),
                Value::Static(text) => bind_text(statement, index, text),
                Value::Integer(Some(n)) => ffi::sqlite3_bind_int64(statement, index, *n),
                Value::Text(None) | Value::Integer(None) => ffi::sqlite3_bind_null(statement, index),
            };
            if code != ffi::SQLITE_OK {
                return Err(failure(self.db, code));
            }
        }
        Ok(())
    }
}

impl Drop for StaticStatement {
    fn drop(&mut self) {
        // SAFETY: the statement is this struct's own and is not used again.
        unsafe { ffi::sqlite3_finalize(self.handle.as_ptr()) };
    }
}

unsafe fn bind_text(statement: *mut ffi::sqlite3_stmt, index: c_int, text: &str) -> c_int {
    match c_int::try_from(text.len()) {
        Ok(length) => ffi::sqlite3_bind_text(statement, index, text.as_ptr().cast(), length, ffi::SQLITE_STATIC()),
        Err(_) => ffi::SQLITE_TOOBIG,
    }
}

#[cold]
unsafe fn failure(db: *mut ffi::sqlite3, code: c_int) -> rusqlite::Error {
    let message = std::ffi::CStr::from_ptr(ffi::sqlite3_errmsg(db)).to_string_lossy().into_owned();
    rusqlite::Error::SqliteFailure(ffi::Error::new(code), Some(message))
}

#[cfg(test)]
mod tests {
    use super::*;

    const INSERT: &str = "INSERT INTO notes (id, text, label, count) VALUES (?, ?, ?, ?) ON CONFLICT (id) DO NOTHING";

    fn notes() -> Connection {
        let connection = Connection::open_in_memory().unwrap();
        connection
            .execute_batch("CREATE TABLE notes (id TEXT PRIMARY KEY, text TEXT NOT NULL, label TEXT, count INTEGER)")
            .unwrap();
        connection
    }

    fn row(connection: &Connection, id: &str) -> (String, Option<String>, Option<i64>) {
        connection
            .query_row("SELECT text, label, count FROM notes WHERE id = ?", [id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .unwrap()
    }

    #[test]
    fn each_run_stores_its_own_values_and_says_what_it_changed() {
        let connection = notes();
        let mut insert = StaticStatement::prepare(&connection, INSERT).unwrap();
        let first = vec![
            Value::Text(Some("a".into())),
            Value::Text(Some("Très bien, merci ✓".into())),
            Value::Static("idea"),
            Value::Integer(Some(-7)),
        ];
        assert_eq!(insert.execute(&first).unwrap(), 1);
        // The strings go before the next run: SQLite must have kept its own copy in the row.
        drop(first);
        let second = vec![Value::Text(Some("b".into())), Value::Text(Some(String::new())), Value::Text(None), Value::Integer(None)];
        assert_eq!(insert.execute(&second).unwrap(), 1);
        let replay = vec![Value::Text(Some("a".into())), Value::Text(Some("other".into())), Value::Text(None), Value::Integer(None)];
        assert_eq!(insert.execute(&replay).unwrap(), 0, "a taken id changes nothing");

        assert_eq!(row(&connection, "a"), ("Très bien, merci ✓".into(), Some("idea".into()), Some(-7)));
        assert_eq!(row(&connection, "b"), (String::new(), None, None));
    }

    #[test]
    fn a_failure_is_reported_with_its_reason_and_the_statement_runs_again() {
        let connection = notes();
        let mut insert = StaticStatement::prepare(&connection, INSERT).unwrap();
        let missing_text = vec![Value::Text(Some("a".into())), Value::Text(None), Value::Text(None), Value::Integer(None)];
        match insert.execute(&missing_text) {
            Err(rusqlite::Error::SqliteFailure(e, Some(message))) => {
                assert_eq!(e.code, rusqlite::ErrorCode::ConstraintViolation);
                assert!(message.contains("notes.text"), "{message}");
            }
            other => panic!("expected a constraint failure, got {other:?}"),
        }
        let too_few = vec![Value::Text(Some("a".into()))];
        assert!(matches!(insert.execute(&too_few), Err(rusqlite::Error::InvalidParameterCount(1, 4))));

        let fine = vec![Value::Text(Some("a".into())), Value::Text(Some("x".into())), Value::Text(None), Value::Integer(Some(1))];
        assert_eq!(insert.execute(&fine).unwrap(), 1);
        assert_eq!(row(&connection, "a"), ("x".into(), None, Some(1)));
    }

    #[test]
    fn a_statement_that_does_not_compile_says_why() {
        let connection = notes();
        match StaticStatement::prepare(&connection, "INSERT INTO nowhere VALUES (?)") {
            Err(rusqlite::Error::SqliteFailure(_, Some(message))) => assert!(message.contains("nowhere"), "{message}"),
            Err(other) => panic!("expected SQLite's reason, got {other:?}"),
            Ok(_) => panic!("a statement on a missing table compiled"),
        }
    }
}
