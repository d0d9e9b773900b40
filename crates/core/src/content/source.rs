//! Where a pack's files come from: the folder embedded in the binary, or a folder on disk.

use std::path::{Path, PathBuf};

use include_dir::{Dir, include_dir};

use super::problem::Problem;

static EMBEDDED: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/../../content");

/// A pack file larger than this is refused rather than read into memory.
pub const MAX_FILE_BYTES: u64 = 8 * 1024 * 1024;
/// A pack larger than this in all is not read past it: a folder of many large files must not
/// fill the memory.
pub const MAX_PACK_BYTES: u64 = 64 * 1024 * 1024;
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
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
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

/// A file of the built-in pack by its path inside the pack (`./` at the start is ignored).
pub fn embedded_file(path: &str) -> Option<&'static [u8]> {
    let mut path = path;
    while let Some(rest) = path.strip_prefix("./") {
        path = rest;
    }
    EMBEDDED.get_file(path).map(|f| f.contents())
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
/// Symbolic links are not followed (and are reported), so that a pack cannot pull in files from
/// outside its own folder.
pub fn folder_files(root: &Path) -> (Vec<SourceFile>, Vec<Problem>) {
    let display_root = root.display().to_string();
    let mut files = Vec::new();
    let mut problems = Vec::new();
    let mut budget = MAX_PACK_BYTES;
    match std::fs::metadata(root) {
        Err(e) => problems.push(Problem::new(
            display_root,
            format!("cannot open content folder: {e}"),
        )),
        Ok(meta) if !meta.is_dir() => problems.push(Problem::new(display_root, "is not a folder")),
        Ok(_) => walk(root, root, 0, &mut budget, &mut files, &mut problems),
    }
    files.sort_by(|a, b| a.relative.cmp(&b.relative));
    (files, problems)
}

fn is_ron(path: &Path) -> bool {
    path.extension().and_then(|e| e.to_str()) == Some("ron")
}

fn walk(
    root: &Path,
    dir: &Path,
    depth: usize,
    budget: &mut u64,
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
            // Only a link the loader would otherwise have read is worth a message: a RON file
            // or a folder. (Figures report their own links.)
            let would_read = is_ron(&path) || std::fs::metadata(&path).is_ok_and(|m| m.is_dir());
            if !would_read {
                continue;
            }
            problems.push(Problem::new(
                path.display().to_string(),
                "not read: a symbolic link; a pack's files must be inside its own folder, so copy \
                 the file in instead",
            ));
            continue;
        }
        if kind.is_dir() {
            if depth < MAX_DEPTH {
                walk(root, &path, depth + 1, budget, files, problems);
            } else {
                problems.push(Problem::new(
                    path.display().to_string(),
                    format!(
                        "not read: folders more than {MAX_DEPTH} deep inside a pack are not \
                         searched; move its files up"
                    ),
                ));
            }
            continue;
        }
        if !is_ron(&path) {
            continue;
        }
        if !kind.is_file() {
            // A FIFO would block the read for ever and a device would never end.
            problems.push(Problem::new(
                path.display().to_string(),
                "not read: not a regular file (a pipe, device or socket); a pack holds only \
                 ordinary files",
            ));
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
            Ok(m) if m.len() > *budget => {
                problems.push(Problem::new(
                    display,
                    format!(
                        "not read: the pack's files come to more than {} MB in all",
                        MAX_PACK_BYTES / (1024 * 1024)
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
        match read_limited(&path, MAX_FILE_BYTES.min(*budget)) {
            Ok(bytes) => {
                // The metadata may have lied (a file that grew since): the bytes read count.
                *budget = budget.saturating_sub(bytes.len() as u64);
                files.push(SourceFile {
                    relative,
                    display,
                    bytes,
                })
            }
            Err(message) => problems.push(Problem::new(display, message)),
        }
    }
}

/// Reads the regular file at `path`, refusing it once more than `limit` bytes have been read:
/// the limit holds on what is read, whatever the file's size said.
pub(crate) fn read_limited(path: &Path, limit: u64) -> Result<Vec<u8>, String> {
    use std::io::Read;
    let file = std::fs::File::open(path).map_err(|e| format!("cannot read file: {e}"))?;
    let meta = file
        .metadata()
        .map_err(|e| format!("cannot read file: {e}"))?;
    if !meta.is_file() {
        return Err(
            "not read: not a regular file (a pipe, device or socket); a pack holds only ordinary \
             files"
                .to_owned(),
        );
    }
    let mut bytes = Vec::with_capacity(meta.len().min(limit) as usize);
    file.take(limit + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| format!("cannot read file: {e}"))?;
    if bytes.len() as u64 > limit {
        return Err(format!(
            "file is more than {limit} bytes; pack files are limited to {MAX_FILE_BYTES} bytes \
             and a pack to {} MB",
            MAX_PACK_BYTES / (1024 * 1024)
        ));
    }
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Issue 15, item 4: a device named `.ron` was read without limit.
    #[cfg(unix)]
    #[test]
    fn only_regular_files_are_read_and_the_limit_holds_on_the_bytes_read() {
        let e = read_limited(Path::new("/dev/zero"), 1024).unwrap_err();
        assert!(e.contains("not a regular file"), "{e}");
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.ron");
        std::fs::write(&path, vec![b'x'; 2000]).unwrap();
        let e = read_limited(&path, 1999).unwrap_err();
        assert!(e.contains("more than 1999 bytes"), "{e}");
        assert_eq!(read_limited(&path, 2000).unwrap().len(), 2000);
    }
}
