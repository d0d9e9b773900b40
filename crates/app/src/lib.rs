//! Rapport's desktop app: the eframe views, the command line and the startup timer. The engines
//! live in `rapport-core` (re-exported here under their module names, so `crate::content` and
//! `rapport::content` read as before); the PDF renderer in `rapport-pdf`.

pub mod app;
pub mod cli;
pub mod drill_serve;
pub mod startup_timer;
pub mod window_file;
pub mod window_icon;

pub use rapport_core::{
    content, drill, export, flashcards, marking, plan, practice, readiness, search, store,
};
#[cfg(feature = "synthetic")]
pub use rapport_synthetic as synthetic;
