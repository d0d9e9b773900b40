//! Helpers the integration tests share: the real app on a temporary data folder, and content
//! packs written to a temporary folder.

// Each test file uses only some of these.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

use egui_kittest::Harness;
use rapport::app::{RapportApp, Startup};

pub type App = Harness<'static, RapportApp>;

/// The real app, opened with `startup`, run until it settles.
pub fn launch(startup: Startup) -> App {
    let mut harness = Harness::builder()
        .with_size(egui::vec2(1280.0, 900.0))
        .with_max_steps(100)
        .build_eframe(|cc| RapportApp::new(cc, startup));
    harness.run();
    harness
}

/// The app with tutor packs from `content` and its data in `data`.
pub fn harness_with(content: &[PathBuf], data: &Path) -> App {
    launch(Startup::prepare(content, data))
}

/// The app on the built-in content with its data in `data`.
pub fn harness(data: &Path) -> App {
    harness_with(&[], data)
}

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
