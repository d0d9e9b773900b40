//! Exported files: the shared document model and writing files without overwriting.

pub mod document;

pub use document::{Block, Document, Format, to_markdown};

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
