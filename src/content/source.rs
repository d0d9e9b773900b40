//! Where a pack's files come from: the folder embedded in the binary, or a folder on disk.

use std::path::{Path, PathBuf};

use include_dir::{Dir, include_dir};

use super::problem::Problem;

static EMBEDDED: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/content");

/// A pack file larger than this is refused rather than read into memory.
pub const MAX_FILE_BYTES: u64 = 8 * 1024 * 1024;
/// Folders nested deeper than this inside a pack are not searched.
const MAX_DEPTH: usize = 8;

/// One file of a pack, read but not yet parsed.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// Path inside the pack with `/` separators, e.g. `units/intro.ron`.
    pub relative: String,
    /// How the file is named in messages, e.g. `built-in:units/intro.ron` or `/home/t/pack/units/intro.ron`.
    pub display: String,
    pub bytes: Vec<u8>,
}

/// Which pack a file or unit came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    BuiltIn,
    Folder(PathBuf),
}

impl Origin {
    pub fn label(&self) -> String {
        match self {
            Origin::BuiltIn => "built-in".to_owned(),
            Origin::Folder(path) => path.display().to_string(),
        }
    }
}

/// The files of the pack compiled into the binary.
pub fn embedded_files() -> Vec<SourceFile> {
    let mut files = Vec::new();
    collect_embedded(&EMBEDDED, &mut files);
    files.sort_by(|a, b| a.relative.cmp(&b.relative));
    files
}

fn collect_embedded(dir: &Dir<'static>, out: &mut Vec<SourceFile>) {
    for file in dir.files() {
        let relative = file.path().to_string_lossy().replace('\\', "/");
        if relative.ends_with(".ron") {
            out.push(SourceFile {
                display: format!("built-in:{relative}"),
                relative,
                bytes: file.contents().to_vec(),
            });
        }
    }
    for sub in dir.dirs() {
        collect_embedded(sub, out);
    }
}

/// The `.ron` files below `root`, and a problem for each file that could not be read.
/// Symbolic links are skipped so that a pack cannot pull in files from outside its own folder.
pub fn folder_files(root: &Path) -> (Vec<SourceFile>, Vec<Problem>) {
    let display_root = root.display().to_string();
    let mut files = Vec::new();
    let mut problems = Vec::new();
    match std::fs::metadata(root) {
        Err(e) => problems.push(Problem::new(
            display_root,
            format!("cannot open content folder: {e}"),
        )),
        Ok(meta) if !meta.is_dir() => problems.push(Problem::new(display_root, "is not a folder")),
        Ok(_) => walk(root, root, 0, &mut files, &mut problems),
    }
    files.sort_by(|a, b| a.relative.cmp(&b.relative));
    (files, problems)
}

fn walk(
    root: &Path,
    dir: &Path,
    depth: usize,
    files: &mut Vec<SourceFile>,
    problems: &mut Vec<Problem>,
) {
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) => {
            problems.push(Problem::new(
                dir.display().to_string(),
                format!("cannot read folder: {e}"),
            ));
            return;
        }
    };
    let mut entries: Vec<_> = entries.filter_map(Result::ok).collect();
    entries.sort_by_key(|e| e.file_name());
    for entry in entries {
        let path = entry.path();
        let Ok(kind) = entry.file_type() else {
            continue;
        };
        if kind.is_symlink() {
            continue;
        }
        if kind.is_dir() {
            if depth < MAX_DEPTH {
                walk(root, &path, depth + 1, files, problems);
            }
            continue;
        }
        if path.extension().and_then(|e| e.to_str()) != Some("ron") {
            continue;
        }
        let display = path.display().to_string();
        let relative = path
            .strip_prefix(root)
            .unwrap_or(&path)
            .to_string_lossy()
            .replace('\\', "/");
        match entry.metadata() {
            Ok(m) if m.len() > MAX_FILE_BYTES => {
                problems.push(Problem::new(
                    display,
                    format!(
                        "file is {} bytes; pack files are limited to {MAX_FILE_BYTES} bytes",
                        m.len()
                    ),
                ));
                continue;
            }
            Err(e) => {
                problems.push(Problem::new(display, format!("cannot read file: {e}")));
                continue;
            }
            Ok(_) => {}
        }
        match std::fs::read(&path) {
            Ok(bytes) => files.push(SourceFile {
                relative,
                display,
                bytes,
            }),
            Err(e) => problems.push(Problem::new(display, format!("cannot read file: {e}"))),
        }
    }
}
