//! Exported files: the shared document model and writing files without overwriting.

pub mod document;

pub use document::{Block, Chart, ChartRow, Document, Format, Table, to_markdown};

use std::io::Write;
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WriteError {
    /// A file of that name is there already; nothing was written. The caller asks the user
    /// before writing again with `overwrite`.
    Exists(PathBuf),
    Failed {
        path: PathBuf,
        reason: String,
    },
}

impl std::fmt::Display for WriteError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            WriteError::Exists(p) => write!(f, "{} already exists", p.display()),
            WriteError::Failed { path, reason } => {
                write!(f, "could not write {}: {reason}", path.display())
            }
        }
    }
}

/// Writes `bytes` to `path`. Without `overwrite`, the file is created only if no file of that
/// name exists (checked and created in one step, so nothing written meanwhile is lost).
pub fn write_file(path: &Path, bytes: &[u8], overwrite: bool) -> Result<(), WriteError> {
    let failed = |e: std::io::Error| WriteError::Failed {
        path: path.to_path_buf(),
        reason: e.to_string(),
    };
    // Replacing is for a file the learner chose: a symbolic link would send the bytes elsewhere
    // (creating a new file never follows one: `create_new` refuses any existing name).
    if overwrite && std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink()) {
        return Err(WriteError::Failed {
            path: path.to_path_buf(),
            reason: "it is a symbolic link, which is never written through; give the file itself"
                .to_owned(),
        });
    }
    let mut options = std::fs::OpenOptions::new();
    options.write(true);
    if overwrite {
        options.create(true).truncate(true);
    } else {
        options.create_new(true);
    }
    let mut file = match options.open(path) {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            return Err(WriteError::Exists(path.to_path_buf()));
        }
        Err(e) => return Err(failed(e)),
    };
    file.write_all(bytes).map_err(failed)?;
    file.sync_all().map_err(failed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_existing_file_is_kept_unless_overwrite_is_asked_for() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.md");
        write_file(&path, b"first", false).unwrap();
        assert_eq!(
            write_file(&path, b"second", false),
            Err(WriteError::Exists(path.clone()))
        );
        assert_eq!(std::fs::read(&path).unwrap(), b"first");
        write_file(&path, b"second", true).unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"second");
    }

    /// Issue 15, item 7: `export-anki` wrote through a symbolic link.
    #[cfg(unix)]
    #[test]
    fn a_symbolic_link_is_never_written_through() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("target.txt");
        std::fs::write(&target, b"precious").unwrap();
        let link = dir.path().join("link.txt");
        std::os::unix::fs::symlink(&target, &link).unwrap();
        for overwrite in [false, true] {
            assert!(write_file(&link, b"export", overwrite).is_err());
        }
        assert_eq!(std::fs::read(&target).unwrap(), b"precious");
        let dangling = dir.path().join("dangling.txt");
        std::os::unix::fs::symlink(dir.path().join("nowhere.txt"), &dangling).unwrap();
        assert!(write_file(&dangling, b"export", false).is_err());
        assert!(!dir.path().join("nowhere.txt").exists());
    }

    #[test]
    fn a_missing_folder_is_a_clear_failure() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("no/such/folder/a.md");
        match write_file(&path, b"x", false) {
            Err(WriteError::Failed { path: p, .. }) => assert_eq!(p, path),
            other => panic!("{other:?}"),
        }
    }
}
