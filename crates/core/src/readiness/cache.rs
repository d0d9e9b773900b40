//! What `rapport readiness` needs of the content, kept between runs: loading and checking a
//! large pack (16 MB of RON) and linking its cards take several times the command's budget, and
//! none of it depends on the learner.
//!
//! The cache holds the links, the ids of the units and the load errors (printed again on every
//! run), keyed by everything they are made from: this program (its version and its file's size
//! and modification time, which change with every build and so with the built-in content), and
//! every file and folder inside the content folders given, by path, size and modification time.
//! Any difference is a miss: the pack is loaded and checked as before and the cache rewritten.
//! A file changed within [`RACY_SECONDS`] of being read is not trusted to show a later change
//! in its time, so no cache is written then. A cache that cannot be read is a miss too; it is
//! only ever a copy, so nothing is lost when it goes.

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Serialize};

use super::Links;

/// Changed whenever what is cached changes shape.
const FORMAT: u32 = 1;
/// A content folder with more entries than this is not cached (its listing would cost more
/// than it saves).
const MAX_ENTRIES: usize = 50_000;
/// Folders deeper than this are not looked into (the loader stops at 8).
const MAX_DEPTH: usize = 10;
/// A file modified this recently may change again within the same time stamp.
pub const RACY_SECONDS: u64 = 2;

/// What readiness needs of the loaded content.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct PackLinks {
    /// The load errors, as printed.
    pub errors: Vec<String>,
    /// Every unit's id, in pack order.
    pub units: Vec<String>,
    pub links: Links,
}

/// A file or folder of the content: its path inside the folder, its kind (`f` file, `d`
/// folder, `l` link, `m` missing), its size and its modification time in nanoseconds.
type Entry = (String, char, u64, u128);

/// What the content was made from: see the module's comment.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Key {
    format: u32,
    program: String,
    /// Per content folder, as given: its entries (one entry, kind `m`, for a folder that
    /// cannot be read).
    folders: Vec<(String, Vec<Entry>)>,
    /// The most recent modification time met, in nanoseconds since the epoch.
    #[serde(skip)]
    newest: u128,
}

/// The same content: the time of the newest file is not compared (the files' own are).
impl PartialEq for Key {
    fn eq(&self, other: &Key) -> bool {
        self.format == other.format
            && self.program == other.program
            && self.folders == other.folders
    }
}

#[derive(Serialize, Deserialize)]
struct CacheFile {
    key: Key,
    pack: PackLinks,
}

fn nanos(t: std::io::Result<SystemTime>) -> u128 {
    t.ok()
        .and_then(|t| t.duration_since(UNIX_EPOCH).ok())
        .map_or(0, |d| d.as_nanos())
}

impl Key {
    /// The key of `folders` now, or `None` if it cannot be worked out (a folder too large, the
    /// program's own file unreadable): then nothing is cached.
    pub fn of(folders: &[PathBuf]) -> Option<Key> {
        let exe = std::env::current_exe().ok()?;
        let meta = std::fs::metadata(&exe).ok()?;
        let program = format!(
            "{} {} {} {}",
            env!("CARGO_PKG_VERSION"),
            exe.display(),
            meta.len(),
            nanos(meta.modified())
        );
        let mut key = Key {
            format: FORMAT,
            program,
            folders: Vec::new(),
            newest: 0,
        };
        let mut count = 0;
        for folder in folders {
            let mut entries = Vec::new();
            match std::fs::metadata(folder) {
                Ok(m) if m.is_dir() => {
                    walk(folder, "", 0, &mut entries, &mut count, &mut key.newest)?;
                }
                Ok(m) => entries.push((String::new(), 'f', m.len(), nanos(m.modified()))),
                Err(_) => entries.push((String::new(), 'm', 0, 0)),
            }
            key.folders.push((folder.display().to_string(), entries));
        }
        Some(key)
    }

    /// Whether a file was changed so recently that a change to come might keep its time.
    fn racy(&self) -> bool {
        let now = nanos(Ok(SystemTime::now()));
        self.newest + u128::from(RACY_SECONDS) * 1_000_000_000 > now
    }
}

fn walk(
    dir: &Path,
    prefix: &str,
    depth: usize,
    out: &mut Vec<Entry>,
    count: &mut usize,
    newest: &mut u128,
) -> Option<()> {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .ok()?
        .collect::<Result<Vec<_>, _>>()
        .ok()?;
    entries.sort_by_key(|e| e.file_name());
    for entry in entries {
        *count += 1;
        if *count > MAX_ENTRIES {
            return None;
        }
        let name = format!("{prefix}{}", entry.file_name().to_string_lossy());
        // Not following links: the loader reports them and reads nothing through them.
        let meta = entry.path().symlink_metadata().ok()?;
        if meta.is_dir() {
            // A folder is known by its entries (its own time only says one changed).
            out.push((name.clone(), 'd', 0, 0));
        } else {
            let modified = nanos(meta.modified());
            *newest = (*newest).max(modified);
            let kind = if meta.is_symlink() { 'l' } else { 'f' };
            out.push((name.clone(), kind, meta.len(), modified));
        }
        if meta.is_dir() && depth < MAX_DEPTH {
            walk(
                &entry.path(),
                &format!("{name}/"),
                depth + 1,
                out,
                count,
                newest,
            )?;
        }
    }
    Some(())
}

/// The cache file for `folders` in `cache_dir` (one per set of folders).
fn file_for(cache_dir: &Path, folders: &[PathBuf]) -> PathBuf {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    for f in folders {
        f.canonicalize().unwrap_or_else(|_| f.clone()).hash(&mut h);
    }
    cache_dir.join(format!("readiness-{:016x}.json", h.finish()))
}

/// The cached content for `folders` if it was made from exactly what `key` describes.
pub fn read(cache_dir: &Path, folders: &[PathBuf], key: &Key) -> Option<PackLinks> {
    let bytes = std::fs::read(file_for(cache_dir, folders)).ok()?;
    let file: CacheFile = serde_json::from_slice(&bytes).ok()?;
    (file.key == *key && file.pack.links.is_consistent()).then_some(file.pack)
}

/// Keeps `pack`, made from what `key` describes (worked out before loading), for the next run.
/// Errors are not reported: without a cache the next run only takes longer.
pub fn write(cache_dir: &Path, folders: &[PathBuf], key: &Key, pack: &PackLinks) -> bool {
    if key.racy() {
        return false;
    }
    let write = || -> std::io::Result<()> {
        std::fs::create_dir_all(cache_dir)?;
        let path = file_for(cache_dir, folders);
        // Written beside it and renamed over it, so that a reader never sees half a file.
        let mut tmp_name = path.as_os_str().to_owned();
        tmp_name.push(format!(".{}.tmp", std::process::id()));
        let tmp = PathBuf::from(tmp_name);
        let result = (|| {
            let mut out = std::io::BufWriter::new(std::fs::File::create(&tmp)?);
            serde_json::to_writer(&mut out, &CacheFileRef { key, pack })?;
            out.flush()?;
            drop(out);
            std::fs::rename(&tmp, &path)
        })();
        if result.is_err() {
            let _ = std::fs::remove_file(&tmp);
        }
        result
    };
    write().is_ok()
}

#[derive(Serialize)]
struct CacheFileRef<'a> {
    key: &'a Key,
    pack: &'a PackLinks,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pack_links() -> PackLinks {
        PackLinks {
            errors: vec!["a.ron:1:2: something".into()],
            units: vec!["u".into()],
            links: Links::default(),
        }
    }

    /// A key whose files are old enough to be trusted (their times set an hour back).
    fn settled_key(folder: &Path) -> Key {
        let hour_ago = SystemTime::now() - std::time::Duration::from_secs(3600);
        for entry in std::fs::read_dir(folder).unwrap() {
            let f = std::fs::File::options()
                .write(true)
                .open(entry.unwrap().path())
                .unwrap();
            f.set_modified(hour_ago).unwrap();
        }
        Key::of(&[folder.to_path_buf()]).unwrap()
    }

    #[test]
    fn the_cache_is_used_only_while_every_file_is_as_it_was() {
        let dir = tempfile::tempdir().unwrap();
        let content = dir.path().join("content");
        let cache = dir.path().join("cache");
        std::fs::create_dir_all(&content).unwrap();
        std::fs::write(content.join("a.ron"), "one").unwrap();
        let folders = [content.clone()];
        let key = settled_key(&content);
        assert!(read(&cache, &folders, &key).is_none(), "nothing cached yet");
        assert!(write(&cache, &folders, &key, &pack_links()));
        let hit = read(&cache, &folders, &Key::of(&folders).unwrap()).expect("a hit");
        assert_eq!(hit.errors, pack_links().errors);
        assert_eq!(hit.units, vec!["u".to_owned()]);

        // Same size, another time: a miss.
        std::fs::File::options()
            .write(true)
            .open(content.join("a.ron"))
            .unwrap()
            .set_modified(SystemTime::now() - std::time::Duration::from_secs(60))
            .unwrap();
        assert!(read(&cache, &folders, &Key::of(&folders).unwrap()).is_none());

        // Another size, the old time: a miss.
        let key = settled_key(&content);
        assert!(write(&cache, &folders, &key, &pack_links()));
        std::fs::write(content.join("a.ron"), "two!").unwrap();
        let changed = settled_key(&content);
        assert!(read(&cache, &folders, &changed).is_none());

        // A new file: a miss.
        assert!(write(&cache, &folders, &changed, &pack_links()));
        std::fs::write(content.join("b.ron"), "two!").unwrap();
        assert!(read(&cache, &folders, &settled_key(&content)).is_none());

        // Another set of folders has a cache of its own.
        let other = [content.clone(), dir.path().join("missing")];
        assert!(read(&cache, &other, &Key::of(&other).unwrap()).is_none());
    }

    #[test]
    fn a_file_changed_just_now_is_not_cached_and_a_damaged_cache_is_a_miss() {
        let dir = tempfile::tempdir().unwrap();
        let content = dir.path().join("content");
        let cache = dir.path().join("cache");
        std::fs::create_dir_all(&content).unwrap();
        std::fs::write(content.join("a.ron"), "one").unwrap();
        let folders = [content.clone()];
        let key = Key::of(&folders).unwrap();
        assert!(!write(&cache, &folders, &key, &pack_links()), "racy");
        assert!(!cache.exists());

        // Links that name a card that is not there (an edited file): a miss, not a panic later.
        let key = settled_key(&content);
        let mut odd = pack_links();
        odd.links.misconception_cards.push((3, "m".into()));
        assert!(write(&cache, &folders, &key, &odd));
        assert!(read(&cache, &folders, &key).is_none());

        assert!(write(&cache, &folders, &key, &pack_links()));
        assert!(read(&cache, &folders, &key).is_some());
        let file = file_for(&cache, &folders);
        let bytes = std::fs::read(&file).unwrap();
        std::fs::write(&file, &bytes[..bytes.len() / 2]).unwrap();
        assert!(read(&cache, &folders, &key).is_none());
    }
}
