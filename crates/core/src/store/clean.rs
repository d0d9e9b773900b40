//! Whether the store was closed cleanly last time, so that opening can skip SQLite's
//! `quick_check` of the whole file (80 ms on a large history) when nothing can have gone wrong.
//!
//! A clean close writes `<store>.clean` holding the file's length and modification time. Opening
//! reads it and removes it at once: the check is skipped only if the marker was there and the
//! file is exactly as it was left (same length and time, no write-ahead log waiting). A process
//! killed mid-session leaves no marker, and a file changed or damaged since (by a copy, a sync
//! tool, a disk error that changed it) no longer matches it; both get the whole check, as before.

use std::path::{Path, PathBuf};
use std::time::UNIX_EPOCH;

const HEADER: &str = "rapport-clean 1";

fn marker_path(store: &Path) -> PathBuf {
    let mut name = store.as_os_str().to_owned();
    name.push(".clean");
    PathBuf::from(name)
}

fn wal_path(store: &Path) -> PathBuf {
    let mut name = store.as_os_str().to_owned();
    name.push("-wal");
    PathBuf::from(name)
}

/// The file's length and modification time in nanoseconds, as the marker records them.
fn fingerprint(store: &Path) -> Option<String> {
    let meta = std::fs::metadata(store).ok()?;
    let modified = meta.modified().ok()?.duration_since(UNIX_EPOCH).ok()?;
    Some(format!("{} {}", meta.len(), modified.as_nanos()))
}

/// True if the store was closed cleanly and has not changed since. Removes the marker either
/// way, so that this session ending without a clean close is noticed next time.
pub(super) fn take(store: &Path) -> bool {
    let marker = marker_path(store);
    let Ok(text) = std::fs::read_to_string(&marker) else {
        return false;
    };
    // If the marker cannot be removed the file's time still changes with the first write.
    let _ = std::fs::remove_file(&marker);
    matches(store, &text)
}

/// The same as [`take`] but leaves the marker where it is: for a connection that only reads,
/// which cannot change the file and so cannot make the marker untrue.
pub(super) fn peek(store: &Path) -> bool {
    std::fs::read_to_string(marker_path(store)).is_ok_and(|text| matches(store, &text))
}

fn matches(store: &Path, marker: &str) -> bool {
    let wal_empty = std::fs::metadata(wal_path(store)).map_or(true, |m| m.len() == 0);
    let mut lines = marker.lines();
    wal_empty
        && lines.next() == Some(HEADER)
        && lines
            .next()
            .is_some_and(|f| Some(f) == fingerprint(store).as_deref())
}

/// Records that the store at `store` was closed cleanly (its connection closed without error).
pub(super) fn mark(store: &Path) {
    if let Some(f) = fingerprint(store) {
        // Not being able to write it costs a check next time, nothing more.
        let _ = std::fs::write(marker_path(store), format!("{HEADER}\n{f}\n"));
    }
}
