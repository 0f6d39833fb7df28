//! A SQLite VFS that hands each commit's log to the kernel in one write.
//!
//! SQLite writes a commit to its write-ahead log as two `pwrite`s per page (the frame's
//! 24-byte header, then the page), then syncs the log. A group of submissions is a dozen
//! pages: two dozen system calls, each taking the file's lock and marking the page cache
//! dirty again, a fifth of the writer thread's time (BENCHMARKS.md). This VFS wraps the
//! system's own and, for log files only, gathers writes that follow one another into a
//! buffer and writes it at once before anything else touches the file: before a sync, a
//! read, a size query, a truncation, a lock or a close. Nothing is durable before SQLite's
//! sync in either case, and nothing can read the log past what was written, so SQLite sees
//! the same file as without it; the database file itself is written through untouched.
//!
//! Only a connection opened with [`NAME`] as its VFS uses it (the collector's writer).

use std::ffi::{c_int, c_void, CStr};
use std::mem::offset_of;
use std::ptr;
use std::sync::OnceLock;

use rusqlite::ffi;

/// The name a connection opens this VFS by.
pub const NAME: &str = "chapeau-batched";
const NAME_C: &CStr = c"chapeau-batched";

/// The most the buffer holds; a write that would pass it writes the buffer out first. The
/// unix VFS writes at most 128 KiB - 1 bytes a call (`seekAndWriteFd` masks the length with
/// `0x1ffff`): 31 frames of 4 KiB pages, more than a typical group's dozen.
const MAX_BUFFER: usize = 0x1ffff;

/// Registers the VFS once, over the system's default one. Safe to call from any thread, any
/// number of times.
pub fn register() -> rusqlite::Result<()> {
    static REGISTERED: OnceLock<c_int> = OnceLock::new();
    let rc = *REGISTERED.get_or_init(|| unsafe {
        let system = ffi::sqlite3_vfs_find(ptr::null());
        if system.is_null() {
            return ffi::SQLITE_ERROR;
        }
        // The system VFS's own functions serve every call but opening a file: the unix VFS
        // reads nothing from its first argument but `mxPathname`, copied here as well.
        let mut vfs: ffi::sqlite3_vfs = *system;
        vfs.zName = NAME_C.as_ptr();
        vfs.pNext = ptr::null_mut();
        vfs.pAppData = system.cast();
        vfs.szOsFile = (offset_of!(BatchedFile, inner) + (*system).szOsFile as usize) as c_int;
        vfs.xOpen = Some(open);
        ffi::sqlite3_vfs_register(Box::into_raw(Box::new(vfs)), 0)
    });
    if rc == ffi::SQLITE_OK {
        Ok(())
    } else {
        Err(rusqlite::Error::SqliteFailure(ffi::Error::new(rc), Some("cannot register the batched VFS".into())))
    }
}

/// An open file: the system VFS's file at the end, and, for a log, the writes not yet made.
#[repr(C)]
struct BatchedFile {
    /// What SQLite sees: its methods are this module's.
    base: ffi::sqlite3_file,
    /// Whether writes are gathered (a write-ahead log).
    batching: bool,
    /// Consecutive bytes written by SQLite and not yet by the system, starting at `at`.
    pending: Vec<u8>,
    at: i64,
    /// The system VFS's file; its object runs past the end of this struct, into the space
    /// `szOsFile` reserves for it.
    inner: ffi::sqlite3_file,
}

unsafe extern "C" fn open(
    vfs: *mut ffi::sqlite3_vfs,
    name: ffi::sqlite3_filename,
    file: *mut ffi::sqlite3_file,
    flags: c_int,
    out_flags: *mut c_int,
) -> c_int {
    let system = (*vfs).pAppData.cast::<ffi::sqlite3_vfs>();
    let this = file.cast::<BatchedFile>();
    let inner = ptr::addr_of_mut!((*this).inner);
    let rc = ((*system).xOpen.expect("a VFS opens files"))(system, name, inner, flags, out_flags);
    if rc != ffi::SQLITE_OK || (*inner).pMethods.is_null() {
        // SQLite calls no method of a file whose `pMethods` is null, not even xClose.
        (*this).base.pMethods = ptr::null();
        return rc;
    }
    if (*(*inner).pMethods).iVersion < METHODS.iVersion {
        // A file without the methods this one forwards (not one of the unix VFS's defaults).
        ((*(*inner).pMethods).xClose.expect("a file is closed"))(inner);
        (*this).base.pMethods = ptr::null();
        return ffi::SQLITE_CANTOPEN;
    }
    ptr::addr_of_mut!((*this).batching).write(flags & ffi::SQLITE_OPEN_WAL != 0);
    ptr::addr_of_mut!((*this).pending).write(Vec::new());
    ptr::addr_of_mut!((*this).at).write(0);
    (*this).base.pMethods = &METHODS;
    ffi::SQLITE_OK
}

/// The system's file and its methods.
unsafe fn inner(file: *mut ffi::sqlite3_file) -> (*mut ffi::sqlite3_file, &'static ffi::sqlite3_io_methods) {
    let inner = ptr::addr_of_mut!((*file.cast::<BatchedFile>()).inner);
    (inner, &*(*inner).pMethods)
}

/// Writes what is gathered, if anything.
unsafe fn flush(file: *mut ffi::sqlite3_file) -> c_int {
    let this = &mut *file.cast::<BatchedFile>();
    if this.pending.is_empty() {
        return ffi::SQLITE_OK;
    }
    let (inner, methods) = inner(file);
    let Ok(amount) = c_int::try_from(this.pending.len()) else { return ffi::SQLITE_IOERR_WRITE };
    let rc = (methods.xWrite.expect("a file is written"))(inner, this.pending.as_ptr().cast(), amount, this.at);
    // On an error the bytes stay, for the next flush to try again. A method without a return
    // code (a barrier) cannot report the error; dropped there, the bytes would be lost and the
    // next sync would succeed and call the commit durable. Kept, the sync fails with the
    // error instead. After an error SQLite did see, it rolls back and writes its frames again:
    // they are flushed after these, over them.
    if rc == ffi::SQLITE_OK {
        this.pending.clear();
    }
    rc
}

unsafe extern "C" fn write(file: *mut ffi::sqlite3_file, data: *const c_void, amount: c_int, offset: i64) -> c_int {
    let this = &mut *file.cast::<BatchedFile>();
    if this.batching {
        let bytes = std::slice::from_raw_parts(data.cast::<u8>(), amount as usize);
        let follows = this.at + this.pending.len() as i64 == offset;
        if !this.pending.is_empty() && (!follows || this.pending.len() + bytes.len() > MAX_BUFFER) {
            let rc = flush(file);
            if rc != ffi::SQLITE_OK {
                return rc;
            }
        }
        let this = &mut *file.cast::<BatchedFile>();
        if bytes.len() <= MAX_BUFFER {
            if this.pending.is_empty() {
                this.at = offset;
            }
            this.pending.extend_from_slice(bytes);
            return ffi::SQLITE_OK;
        }
    }
    let (inner, methods) = inner(file);
    (methods.xWrite.expect("a file is written"))(inner, data, amount, offset)
}

unsafe extern "C" fn close(file: *mut ffi::sqlite3_file) -> c_int {
    let flushed = flush(file);
    let (inner, methods) = inner(file);
    let closed = (methods.xClose.expect("a file is closed"))(inner);
    ptr::drop_in_place(ptr::addr_of_mut!((*file.cast::<BatchedFile>()).pending));
    if flushed != ffi::SQLITE_OK {
        flushed
    } else {
        closed
    }
}

/// Defines a method that writes out what is gathered, then calls the system file's own.
macro_rules! flush_then {
    ($name:ident, $method:ident ( $($arg:ident : $ty:ty),* ) -> $ret:ty, $failed:expr) => {
        unsafe extern "C" fn $name(file: *mut ffi::sqlite3_file $(, $arg: $ty)*) -> $ret {
            if flush(file) != ffi::SQLITE_OK {
                return $failed;
            }
            let (inner, methods) = inner(file);
            (methods.$method.expect(concat!("the system file has ", stringify!($method))))(inner $(, $arg)*)
        }
    };
    ($name:ident, $method:ident ( $($arg:ident : $ty:ty),* )) => {
        unsafe extern "C" fn $name(file: *mut ffi::sqlite3_file $(, $arg: $ty)*) {
            // No way to report a failure: in practice nothing is pending here, as SQLite
            // calls a barrier after the sync that ends a commit, which flushed.
            let _ = flush(file);
            let (inner, methods) = inner(file);
            (methods.$method.expect(concat!("the system file has ", stringify!($method))))(inner $(, $arg)*)
        }
    };
}

flush_then!(read, xRead(data: *mut c_void, amount: c_int, offset: i64) -> c_int, ffi::SQLITE_IOERR_READ);
flush_then!(truncate, xTruncate(size: i64) -> c_int, ffi::SQLITE_IOERR_TRUNCATE);
flush_then!(sync, xSync(flags: c_int) -> c_int, ffi::SQLITE_IOERR_FSYNC);
flush_then!(file_size, xFileSize(size: *mut i64) -> c_int, ffi::SQLITE_IOERR_FSTAT);
flush_then!(lock, xLock(level: c_int) -> c_int, ffi::SQLITE_IOERR_LOCK);
flush_then!(unlock, xUnlock(level: c_int) -> c_int, ffi::SQLITE_IOERR_UNLOCK);
flush_then!(check_reserved_lock, xCheckReservedLock(out: *mut c_int) -> c_int, ffi::SQLITE_IOERR_CHECKRESERVEDLOCK);
flush_then!(file_control, xFileControl(op: c_int, arg: *mut c_void) -> c_int, ffi::SQLITE_IOERR);
flush_then!(shm_map, xShmMap(region: c_int, size: c_int, extend: c_int, out: *mut *mut c_void) -> c_int, ffi::SQLITE_IOERR_SHMMAP);
flush_then!(shm_lock, xShmLock(offset: c_int, n: c_int, flags: c_int) -> c_int, ffi::SQLITE_IOERR_SHMLOCK);
flush_then!(shm_barrier, xShmBarrier());
flush_then!(shm_unmap, xShmUnmap(delete: c_int) -> c_int, ffi::SQLITE_IOERR_SHMMAP);
flush_then!(fetch, xFetch(offset: i64, amount: c_int, out: *mut *mut c_void) -> c_int, ffi::SQLITE_IOERR_READ);
flush_then!(unfetch, xUnfetch(offset: i64, page: *mut c_void) -> c_int, ffi::SQLITE_IOERR_READ);

unsafe extern "C" fn sector_size(file: *mut ffi::sqlite3_file) -> c_int {
    let (inner, methods) = inner(file);
    (methods.xSectorSize.expect("the system file has a sector size"))(inner)
}

unsafe extern "C" fn device_characteristics(file: *mut ffi::sqlite3_file) -> c_int {
    let (inner, methods) = inner(file);
    (methods.xDeviceCharacteristics.expect("the system file has characteristics"))(inner)
}

/// Version 3, as the unix VFS's files: shared memory for the log's index, and memory maps.
static METHODS: ffi::sqlite3_io_methods = ffi::sqlite3_io_methods {
    iVersion: 3,
    xClose: Some(close),
    xRead: Some(read),
    xWrite: Some(write),
    xTruncate: Some(truncate),
    xSync: Some(sync),
    xFileSize: Some(file_size),
    xLock: Some(lock),
    xUnlock: Some(unlock),
    xCheckReservedLock: Some(check_reserved_lock),
    xFileControl: Some(file_control),
    xSectorSize: Some(sector_size),
    xDeviceCharacteristics: Some(device_characteristics),
    xShmMap: Some(shm_map),
    xShmLock: Some(shm_lock),
    xShmBarrier: Some(shm_barrier),
    xShmUnmap: Some(shm_unmap),
    xFetch: Some(fetch),
    xUnfetch: Some(unfetch),
};

#[cfg(test)]
mod tests {
    use std::cell::RefCell;
    use std::ffi::{c_int, c_void};

    use rusqlite::{ffi, Connection, OpenFlags};

    use super::BatchedFile;

    fn batched(path: &std::path::Path) -> Connection {
        super::register().unwrap();
        let c = Connection::open_with_flags_and_vfs(path, OpenFlags::default(), super::NAME).unwrap();
        c.execute_batch("PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA cache_size = 16;").unwrap();
        c
    }

    /// Small commits, a transaction that spills pages to the log before it commits (a
    /// 16-page cache), one larger than the buffer, and a rolled back one: another connection,
    /// through the system's VFS, reads exactly what was committed, while the log is live
    /// and again after the batched connection closed.
    #[test]
    fn other_connections_read_what_was_committed() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("batched.db");
        let writer = batched(&path);
        writer.execute_batch("CREATE TABLE t (n INTEGER PRIMARY KEY, text TEXT NOT NULL)").unwrap();
        let reader = Connection::open(&path).unwrap();
        for n in 0..50 {
            writer.execute("INSERT INTO t (n, text) VALUES (?, ?)", (n, format!("row {n}"))).unwrap();
        }
        let big = "x".repeat(3000);
        writer.execute_batch("BEGIN").unwrap();
        for n in 50..2_050 {
            writer.execute("INSERT INTO t (n, text) VALUES (?, ?)", (n, &big)).unwrap();
        }
        writer.execute_batch("COMMIT").unwrap();
        writer.execute_batch("BEGIN").unwrap();
        writer.execute("INSERT INTO t (n, text) VALUES (?, ?)", (-1, "rolled back")).unwrap();
        writer.execute_batch("ROLLBACK").unwrap();
        let count = |c: &Connection| c.query_row("SELECT count(*), sum(length(text)) FROM t", [], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, i64>(1)?))).unwrap();
        let expected = (2_050, (0..50).map(|n| format!("row {n}").len() as i64).sum::<i64>() + 2_000 * 3000);
        assert_eq!(count(&reader), expected);
        drop(writer);
        assert_eq!(count(&reader), expected);
        let check: String = reader.query_row("PRAGMA integrity_check", [], |r| r.get(0)).unwrap();
        assert_eq!(check, "ok");
    }

    /// The log as the batched connection leaves it, before any checkpoint, is a log SQLite
    /// recovers from: a copy of the database and its log, opened afresh, has every row.
    #[test]
    fn the_log_it_writes_recovers() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("live.db");
        let writer = batched(&path);
        writer.execute_batch("PRAGMA wal_autocheckpoint = 0; CREATE TABLE t (n INTEGER PRIMARY KEY)").unwrap();
        for n in 0..500 {
            writer.execute("INSERT INTO t (n) VALUES (?)", [n]).unwrap();
        }
        // What a crash would leave: the files as they are on disk now, the writer still open.
        let copy = dir.path().join("copy.db");
        std::fs::copy(&path, &copy).unwrap();
        std::fs::copy(dir.path().join("live.db-wal"), dir.path().join("copy.db-wal")).unwrap();
        let recovered = Connection::open(&copy).unwrap();
        let n: i64 = recovered.query_row("SELECT count(*) FROM t", [], |r| r.get(0)).unwrap();
        assert_eq!(n, 500);
        drop(writer);
    }

    /// What the failing disk below took, and how many writes it still refuses.
    struct Disk {
        written: Vec<(i64, Vec<u8>)>,
        refusals: usize,
    }

    thread_local! {
        static DISK: RefCell<Disk> = const { RefCell::new(Disk { written: Vec::new(), refusals: 0 }) };
    }

    unsafe extern "C" fn disk_write(_: *mut ffi::sqlite3_file, data: *const c_void, amount: c_int, offset: i64) -> c_int {
        DISK.with_borrow_mut(|disk| {
            if disk.refusals > 0 {
                disk.refusals -= 1;
                return ffi::SQLITE_IOERR_WRITE;
            }
            disk.written.push((offset, std::slice::from_raw_parts(data.cast::<u8>(), amount as usize).to_vec()));
            ffi::SQLITE_OK
        })
    }

    unsafe extern "C" fn disk_sync(_: *mut ffi::sqlite3_file, _: c_int) -> c_int {
        ffi::SQLITE_OK
    }

    unsafe extern "C" fn disk_barrier(_: *mut ffi::sqlite3_file) {}

    /// A disk whose writes fail while `DISK` says so, as a full or failing one does.
    static FAILING_DISK: ffi::sqlite3_io_methods = ffi::sqlite3_io_methods {
        iVersion: 3,
        xClose: None,
        xRead: None,
        xWrite: Some(disk_write),
        xTruncate: None,
        xSync: Some(disk_sync),
        xFileSize: None,
        xLock: None,
        xUnlock: None,
        xCheckReservedLock: None,
        xFileControl: None,
        xSectorSize: None,
        xDeviceCharacteristics: None,
        xShmMap: None,
        xShmLock: None,
        xShmBarrier: Some(disk_barrier),
        xShmUnmap: None,
        xFetch: None,
        xUnfetch: None,
    };

    /// A write the disk refused where SQLite could not hear of it (in a barrier, which has no
    /// return code) is not lost: the sync writes it, or fails.
    #[test]
    fn a_write_refused_in_a_barrier_is_written_by_the_sync() {
        let mut file = BatchedFile {
            base: ffi::sqlite3_file { pMethods: &super::METHODS },
            batching: true,
            pending: Vec::new(),
            at: 0,
            inner: ffi::sqlite3_file { pMethods: &FAILING_DISK },
        };
        let file = std::ptr::addr_of_mut!(file).cast::<ffi::sqlite3_file>();
        let frame = [7u8; 100];
        unsafe {
            assert_eq!(super::write(file, frame.as_ptr().cast(), 100, 4096), ffi::SQLITE_OK);
            DISK.with_borrow_mut(|disk| disk.refusals = 2);
            super::shm_barrier(file);
            assert_eq!(super::sync(file, ffi::SQLITE_SYNC_FULL), ffi::SQLITE_IOERR_FSYNC, "still refused: the sync fails");
            assert!(DISK.with_borrow(|disk| disk.written.is_empty()));
            assert_eq!(super::sync(file, ffi::SQLITE_SYNC_FULL), ffi::SQLITE_OK);
        }
        assert_eq!(DISK.with_borrow(|disk| disk.written.clone()), vec![(4096, frame.to_vec())], "the frame reached the disk");
    }
}
