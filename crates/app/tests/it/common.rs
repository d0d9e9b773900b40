//! Helpers the integration tests share: the real app on a temporary data folder.

use std::path::{Path, PathBuf};

use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
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

/// Opens the flashcards' Statistics tab (the Flashcards page must be shown) and waits for the
/// review log they read on the store thread, without stepping while it loads (the loading
/// line's spinner keeps asking for frames).
pub fn open_statistics(h: &mut App) {
    h.get_by_label("Statistics").click();
    // One frame takes the click; the tab asks the store for the log as it opens.
    h.step();
    h.state_mut().wait_for_saves();
    h.run();
}
