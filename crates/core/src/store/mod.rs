//! The learner's own records, in one SQLite file in the data directory.
//!
//! Every write is a committed transaction in WAL mode with `synchronous=FULL`, so an action
//! that has been acknowledged survives the process being killed right after. A file that
//! cannot be read as a Rapport store is moved aside (never deleted) and the learner is told.

mod clean;
pub mod development;
mod drills;
mod flashcards;
pub mod practice;
pub mod readiness;
mod schema;
pub mod worker;

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

use rusqlite::{Connection, OpenFlags, params};

pub use drills::SavedDrill;
pub use schema::LATEST_VERSION;

pub const STORE_FILE: &str = "rapport.sqlite3";

#[derive(Debug)]
pub enum StoreError {
    /// The data directory cannot be created or written.
    Folder { path: PathBuf, reason: String },
    /// The file was written by a newer Rapport; it is left untouched.
    NewerSchema { path: PathBuf, found: i64 },
    /// SQLite refused an operation on a store that opened fine.
    Sqlite(String),
    /// A file the learner asked for (an export) could not be written.
    File { path: PathBuf, reason: String },
    /// SQLite refused a read.
    Read(String),
    /// Saved rows that cannot be read back: `ids` names each (its first column, or its rowid).
    Unreadable {
        table: String,
        ids: Vec<String>,
        reason: String,
    },
    /// The area could not be read when it was opened, so nothing is written over it.
    ReadOnly { area: DataArea, reason: String },
}

/// The parts of the learner's data that are read, and protected, separately: when one cannot
/// be read, it becomes read-only for the session and the others carry on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum DataArea {
    Progress,
    Development,
    Flashcards,
    Practice,
    Drills,
}

impl fmt::Display for DataArea {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            DataArea::Progress => "your progress",
            DataArea::Development => "your self-assessments and plan",
            DataArea::Flashcards => "your flashcard history",
            DataArea::Practice => "your scenario history",
            DataArea::Drills => "the saved classroom drills",
        })
    }
}

impl fmt::Display for StoreError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StoreError::Folder { path, reason } => {
                write!(f, "cannot use the data folder {}: {reason}", path.display())
            }
            StoreError::NewerSchema { path, found } => write!(
                f,
                "{} was written by a newer version of Rapport (data format {found}; this version \
                 reads up to {LATEST_VERSION}). It was left untouched; update Rapport to use it.",
                path.display()
            ),
            StoreError::Sqlite(reason) => write!(f, "the data file could not be written: {reason}"),
            StoreError::File { path, reason } => write!(f, "{}: {reason}", path.display()),
            StoreError::Read(reason) => write!(f, "the data file could not be read: {reason}"),
            StoreError::Unreadable { table, ids, reason } => {
                const SHOWN: usize = 20;
                let mut list = ids
                    .iter()
                    .take(SHOWN)
                    .cloned()
                    .collect::<Vec<_>>()
                    .join(", ");
                if ids.len() > SHOWN {
                    list.push_str(&format!(" and {} more", ids.len() - SHOWN));
                }
                write!(
                    f,
                    "{} saved record{} in the data file cannot be read (table {table}, id{} \
                     {list}: {reason}). To keep them safe, nothing is saved in this area until \
                     the file is repaired",
                    ids.len(),
                    if ids.len() == 1 { "" } else { "s" },
                    if ids.len() == 1 { "" } else { "s" },
                )
            }
            StoreError::ReadOnly { area, reason } => write!(
                f,
                "nothing was saved: {area} could not be read when Rapport started ({reason}), \
                 so it is read-only this session and nothing is written over it"
            ),
        }
    }
}

impl std::error::Error for StoreError {}

impl From<rusqlite::Error> for StoreError {
    fn from(e: rusqlite::Error) -> Self {
        match e.sqlite_error_code() {
            Some(rusqlite::ErrorCode::DiskFull) => StoreError::Sqlite(
                "the disk is full; free some space and do it again (nothing saved earlier is lost)"
                    .into(),
            ),
            Some(rusqlite::ErrorCode::ReadOnly) => StoreError::Sqlite(
                "the data file has become read-only; check the folder's permissions or the disk"
                    .into(),
            ),
            _ => StoreError::Sqlite(e.to_string()),
        }
    }
}

/// What the learner should be told about how the store was opened.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OpenNotice {
    /// The old file could not be read; it was renamed and a new store started.
    KeptAside { kept_at: PathBuf, reason: String },
}

impl fmt::Display for OpenNotice {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            OpenNotice::KeptAside { kept_at, reason } => write!(
                f,
                "Your data file could not be read ({reason}). It was kept at {} and a new, empty \
                 data file was started.",
                kept_at.display()
            ),
        }
    }
}

/// Seconds since the Unix epoch.
pub fn now_seconds() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64)
}

/// Which sections of which units the learner has marked as revised, with when.
pub type SectionProgress = BTreeMap<(String, String), i64>;

pub struct Store {
    conn: Connection,
    path: PathBuf,
    /// Areas a read failed in, with why: they are read-only for the rest of the session.
    locked: RefCell<BTreeMap<DataArea, String>>,
    /// Whether opening ran SQLite's `quick_check` (it is skipped after a clean close).
    checked: bool,
    /// Set once opening has finished (migrations included): only then can a close be clean.
    opened: bool,
}

impl Drop for Store {
    /// Closes the connection (SQLite folds the write-ahead log into the file) and, if that
    /// went well and no read failed this session, marks the store as cleanly closed.
    fn drop(&mut self) {
        let Ok(spare) = Connection::open_in_memory() else {
            return;
        };
        let conn = std::mem::replace(&mut self.conn, spare);
        if self.opened && conn.close().is_ok() && self.locked.borrow().is_empty() {
            clean::mark(&self.path);
        }
    }
}

/// Reads every row of `stmt` with `f`. A row `f` cannot read is not skipped: all such rows are
/// reported together, each by its first column (the record's id) or, failing that, its text.
pub(crate) fn read_rows<T>(
    stmt: &mut rusqlite::Statement<'_>,
    table: &str,
    f: impl FnMut(&rusqlite::Row<'_>) -> rusqlite::Result<T>,
) -> Result<Vec<T>, StoreError> {
    read_rows_sized(stmt, table, 0, f)
}

/// `read_rows` into a vector made for `expected` rows at once: a large table (200,000 reviews)
/// read into a growing vector holds its old and new buffers together each time it doubles,
/// which made the review log the largest part of the peak memory at startup.
pub(crate) fn read_rows_sized<T>(
    stmt: &mut rusqlite::Statement<'_>,
    table: &str,
    expected: usize,
    mut f: impl FnMut(&rusqlite::Row<'_>) -> rusqlite::Result<T>,
) -> Result<Vec<T>, StoreError> {
    let mut rows = stmt.query([]).map_err(read_error)?;
    let mut out = Vec::with_capacity(expected);
    let mut bad = Vec::new();
    let mut reason = None;
    while let Some(row) = rows.next().map_err(read_error)? {
        match f(row) {
            Ok(v) => out.push(v),
            Err(e) => {
                bad.push(row_id(row));
                reason.get_or_insert_with(|| e.to_string());
            }
        }
    }
    match reason {
        None => Ok(out),
        Some(reason) => Err(StoreError::Unreadable {
            table: table.to_owned(),
            ids: bad,
            reason,
        }),
    }
}

fn row_id(row: &rusqlite::Row<'_>) -> String {
    use rusqlite::types::ValueRef;
    match row.get_ref(0) {
        Ok(ValueRef::Text(t)) => String::from_utf8_lossy(t).into_owned(),
        Ok(ValueRef::Integer(i)) => i.to_string(),
        Ok(ValueRef::Real(r)) => r.to_string(),
        Ok(ValueRef::Null) => "(no id)".to_owned(),
        Ok(ValueRef::Blob(_)) | Err(_) => "(unreadable id)".to_owned(),
    }
}

/// A failed read said as a read (SQLite's own words), not as a failed write.
pub(crate) fn read_error(e: rusqlite::Error) -> StoreError {
    match StoreError::from(e) {
        StoreError::Sqlite(reason) => StoreError::Read(reason),
        other => other,
    }
}

impl Store {
    /// Opens (or creates) the store in `data_dir`.
    pub fn open(data_dir: &Path) -> Result<(Store, Option<OpenNotice>), StoreError> {
        std::fs::create_dir_all(data_dir).map_err(|e| StoreError::Folder {
            path: data_dir.to_path_buf(),
            reason: e.to_string(),
        })?;
        let path = data_dir.join(STORE_FILE);
        match Self::open_file(&path) {
            Ok(store) => Ok((store, None)),
            Err(OpenFailure::Fatal(e)) => Err(e),
            Err(OpenFailure::Unreadable(reason)) => {
                let kept_at = keep_aside(&path)?;
                let store = Self::open_file(&path).map_err(|f| match f {
                    OpenFailure::Fatal(e) => e,
                    OpenFailure::Unreadable(r) => StoreError::Sqlite(r),
                })?;
                Ok((store, Some(OpenNotice::KeptAside { kept_at, reason })))
            }
        }
    }

    fn open_file(path: &Path) -> Result<Store, OpenFailure> {
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE
            | OpenFlags::SQLITE_OPEN_CREATE
            | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let conn = Connection::open_with_flags(path, flags).map_err(|e| classify(path, e))?;
        // SQLite quietly opens a file it may not write read-only; every save would then fail.
        if conn.is_readonly(rusqlite::MAIN_DB).unwrap_or(false) {
            return Err(OpenFailure::Fatal(StoreError::Folder {
                path: path.to_path_buf(),
                reason: "the data file or its folder is read-only, so nothing could be saved; \
                         it was left as it is"
                    .into(),
            }));
        }
        // Reading the schema is the first access to the file's contents: a file that is not a
        // database fails here.
        let version: i64 = conn
            .pragma_query_value(None, "user_version", |row| row.get(0))
            .map_err(|e| classify(path, e))?;
        // The whole file is checked only if it was not closed cleanly or has changed since.
        let checked = !clean::take(path);
        if checked {
            let check: String = conn
                .pragma_query_value(None, "quick_check", |row| row.get(0))
                .map_err(|e| classify(path, e))?;
            if check != "ok" {
                return Err(OpenFailure::Unreadable(format!(
                    "integrity check failed: {check}"
                )));
            }
        }
        if version > LATEST_VERSION {
            return Err(OpenFailure::Fatal(StoreError::NewerSchema {
                path: path.to_path_buf(),
                found: version,
            }));
        }
        let setup = || -> rusqlite::Result<()> {
            conn.pragma_update_and_check(None, "journal_mode", "WAL", |_| Ok(()))?;
            conn.pragma_update(None, "synchronous", "FULL")?;
            conn.pragma_update(None, "foreign_keys", "ON")?;
            conn.busy_timeout(std::time::Duration::from_secs(5))?;
            Ok(())
        };
        setup().map_err(|e| classify(path, e))?;
        let mut store = Store {
            conn,
            path: path.to_path_buf(),
            locked: RefCell::new(BTreeMap::new()),
            checked,
            opened: false,
        };
        store
            .migrate(version)
            .map_err(|e| match classify(path, e) {
                // Anything but a full disk or a read-only file: the recorded version does not
                // match the tables (version 0, 3 or -5 on a file whose tables exist).
                OpenFailure::Fatal(StoreError::Sqlite(detail)) => {
                    OpenFailure::Fatal(damaged(path, version, &detail))
                }
                other => other,
            })?;
        store.opened = true;
        Ok(store)
    }

    /// Opens the store in `data_dir` only to read it (for commands such as `rapport readiness`):
    /// nothing is created, upgraded, moved aside or written, and the clean-close marker is left
    /// as it is. The whole file is checked (`quick_check`) only when it was not closed cleanly
    /// or has changed since, as [`Store::open`] does. `Ok(None)` when there is no data file.
    ///
    /// A file written by an older Rapport is opened with [`Store::open`] instead, which upgrades
    /// it (the tables this version reads do not exist in it yet).
    pub fn open_read_only(data_dir: &Path) -> Result<Option<Store>, StoreError> {
        let path = data_dir.join(STORE_FILE);
        if !path.is_file() {
            return Ok(None);
        }
        let unreadable = |reason: String| StoreError::Folder {
            path: path.clone(),
            reason: format!(
                "the data file cannot be read ({reason}); it was left as it is. Opening Rapport \
                 keeps it aside and starts a new one"
            ),
        };
        let fail = |e: rusqlite::Error| match classify(&path, e) {
            OpenFailure::Unreadable(reason) => unreadable(reason),
            OpenFailure::Fatal(e) => e,
        };
        // Opened for writing (without creating) but refusing every write: closing it then
        // removes the write-ahead log and shared-memory files that opening made, as the app's
        // connection does; a connection opened read-only would leave them behind. (A file it
        // may not write is opened read-only by SQLite, which is as good here.)
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let conn = Connection::open_with_flags(&path, flags).map_err(fail)?;
        conn.pragma_update(None, "query_only", true).map_err(fail)?;
        let version: i64 = conn
            .pragma_query_value(None, "user_version", |row| row.get(0))
            .map_err(fail)?;
        if version > LATEST_VERSION {
            return Err(StoreError::NewerSchema {
                path,
                found: version,
            });
        }
        if version < LATEST_VERSION {
            drop(conn);
            return Self::open(data_dir).map(|(store, _)| Some(store));
        }
        let checked = !clean::peek(&path);
        if checked {
            let check: String = conn
                .pragma_query_value(None, "quick_check", |row| row.get(0))
                .map_err(fail)?;
            if check != "ok" {
                return Err(unreadable(format!("integrity check failed: {check}")));
            }
        }
        conn.busy_timeout(std::time::Duration::from_secs(5))
            .map_err(fail)?;
        Ok(Some(Store {
            conn,
            path,
            locked: RefCell::new(BTreeMap::new()),
            checked,
            // Never marked as cleanly closed: this connection did not take the marker.
            opened: false,
        }))
    }

    /// Another connection to the same file, as [`Store::open_read_only`] makes, without
    /// checking the file again: for reading two areas at once on two threads.
    pub fn another_reader(&self) -> Result<Store, StoreError> {
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let conn = Connection::open_with_flags(&self.path, flags)?;
        conn.pragma_update(None, "query_only", true)?;
        conn.busy_timeout(std::time::Duration::from_secs(5))?;
        Ok(Store {
            conn,
            path: self.path.clone(),
            locked: RefCell::new(BTreeMap::new()),
            checked: self.checked,
            opened: false,
        })
    }

    fn migrate(&mut self, from: i64) -> rusqlite::Result<()> {
        for (i, sql) in schema::MIGRATIONS
            .iter()
            .enumerate()
            .skip(from.max(0) as usize)
        {
            let tx = self.conn.transaction()?;
            tx.execute_batch(sql)?;
            tx.pragma_update(None, "user_version", (i + 1) as i64)?;
            tx.commit()?;
        }
        Ok(())
    }

    /// Whether opening checked the whole file (`quick_check`): only after a session that did
    /// not close the store cleanly, or when the file changed since.
    pub fn checked_integrity(&self) -> bool {
        self.checked
    }

    /// Folds the write-ahead log into the main file, so that the file alone is a whole copy.
    pub fn checkpoint(&self) -> Result<(), StoreError> {
        self.conn
            .pragma_update(None, "wal_checkpoint", "TRUNCATE")?;
        Ok(())
    }

    /// Runs a read of `area`; if it fails, the area becomes read-only for this session.
    fn read_area<T>(
        &self,
        area: DataArea,
        read: impl FnOnce() -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        let result = read().map_err(|e| match e {
            StoreError::Sqlite(reason) => StoreError::Read(reason),
            other => other,
        });
        if let Err(e) = &result {
            self.locked
                .borrow_mut()
                .entry(area)
                .or_insert_with(|| e.to_string());
        }
        result
    }

    /// `Err` if `area` could not be read: its saved records must not be written over.
    fn writable(&self, area: DataArea) -> Result<(), StoreError> {
        match self.locked.borrow().get(&area) {
            None => Ok(()),
            Some(reason) => Err(StoreError::ReadOnly {
                area,
                reason: reason.clone(),
            }),
        }
    }

    /// The areas that are read-only this session because they could not be read, with why.
    pub fn read_only_areas(&self) -> Vec<(DataArea, String)> {
        self.locked
            .borrow()
            .iter()
            .map(|(a, r)| (*a, r.clone()))
            .collect()
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    pub fn schema_version(&self) -> Result<i64, StoreError> {
        Ok(self
            .conn
            .pragma_query_value(None, "user_version", |row| row.get(0))?)
    }

    pub fn set_section_revised(
        &mut self,
        unit_id: &str,
        section: &str,
        revised: bool,
        at: i64,
    ) -> Result<(), StoreError> {
        self.writable(DataArea::Progress)?;
        if revised {
            self.conn.execute(
                "INSERT INTO section_progress (unit_id, section, revised_at) VALUES (?1, ?2, ?3)
                 ON CONFLICT (unit_id, section) DO UPDATE SET revised_at = excluded.revised_at",
                params![unit_id, section, at],
            )?;
        } else {
            self.conn.execute(
                "DELETE FROM section_progress WHERE unit_id = ?1 AND section = ?2",
                params![unit_id, section],
            )?;
        }
        Ok(())
    }

    pub fn section_progress(&self) -> Result<SectionProgress, StoreError> {
        self.read_area(DataArea::Progress, || {
            let mut stmt = self
                .conn
                .prepare("SELECT unit_id, section, revised_at FROM section_progress")?;
            let rows = read_rows(&mut stmt, "section_progress", |row| {
                Ok(((row.get(0)?, row.get(1)?), row.get(2)?))
            })?;
            Ok(rows.into_iter().collect())
        })
    }
}

/// The sentence for a store whose recorded format does not match its tables; SQLite's own
/// words (with the SQL) go to `rapport-errors.log` beside it.
fn damaged(path: &Path, version: i64, detail: &str) -> StoreError {
    let log = log_detail(
        path,
        &format!("upgrading from data format {version} failed: {detail}"),
    );
    StoreError::Folder {
        path: path.to_path_buf(),
        reason: format!(
            "the file says it holds data format {version}, but what is in it does not match \
             (it may have been edited or damaged), so it cannot be upgraded. It was left as it \
             is and nothing will be saved this session{}",
            match log {
                Some(log) => format!("; the details are in {}", log.display()),
                None => String::new(),
            }
        ),
    }
}

/// Appends `detail` with the time to `rapport-errors.log` beside `store_path`; its path, if
/// it could be written.
fn log_detail(store_path: &Path, detail: &str) -> Option<PathBuf> {
    use std::io::Write;
    let log = store_path.with_file_name("rapport-errors.log");
    let mut file = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(&log)
        .ok()?;
    writeln!(file, "{} {}: {detail}", now_seconds(), store_path.display()).ok()?;
    Some(log)
}

enum OpenFailure {
    /// The file is not a readable Rapport store: keep it aside and start again.
    Unreadable(String),
    /// Nothing to do but tell the learner (folder not writable, newer version).
    Fatal(StoreError),
}

fn classify(path: &Path, e: rusqlite::Error) -> OpenFailure {
    use rusqlite::ErrorCode::{
        CannotOpen, DatabaseCorrupt, DiskFull, NotADatabase, PermissionDenied, ReadOnly,
    };
    match e.sqlite_error_code() {
        Some(NotADatabase | DatabaseCorrupt) => OpenFailure::Unreadable(e.to_string()),
        Some(CannotOpen | ReadOnly | PermissionDenied | DiskFull) => {
            OpenFailure::Fatal(StoreError::Folder {
                path: path.to_path_buf(),
                reason: e.to_string(),
            })
        }
        _ => OpenFailure::Fatal(StoreError::Sqlite(e.to_string())),
    }
}

/// Renames the store (and its WAL and shared-memory files) to `…corrupt-<seconds>`.
fn keep_aside(path: &Path) -> Result<PathBuf, StoreError> {
    let stamp = now_seconds();
    let aside = |p: &Path| -> PathBuf {
        let mut name = p.as_os_str().to_owned();
        name.push(format!(".corrupt-{stamp}"));
        PathBuf::from(name)
    };
    let kept_at = aside(path);
    std::fs::rename(path, &kept_at).map_err(|e| StoreError::Folder {
        path: path.to_path_buf(),
        reason: format!("could not move the unreadable data file aside: {e}"),
    })?;
    for suffix in ["-wal", "-shm"] {
        let mut side = path.as_os_str().to_owned();
        side.push(suffix);
        let side = PathBuf::from(side);
        if side.exists() {
            let _ = std::fs::rename(&side, aside(&side));
        }
    }
    Ok(kept_at)
}

#[cfg(test)]
mod tests;
