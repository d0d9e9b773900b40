//! Helpers the integration tests share: content packs written to a temporary folder.

/// A pack folder holding `files` (path inside the pack, bytes).
pub fn pack_bytes(files: &[(&str, &[u8])]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (name, bytes) in files {
        let path = dir.path().join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, bytes).unwrap();
    }
    dir
}

/// A pack folder holding `files` (path inside the pack, text).
pub fn pack(files: &[(&str, &str)]) -> tempfile::TempDir {
    let bytes: Vec<(&str, &[u8])> = files.iter().map(|(n, t)| (*n, t.as_bytes())).collect();
    pack_bytes(&bytes)
}
