//! Rapport's engines: everything that is not drawing. Content loading and validation, search,
//! flashcards and FSRS, marking, practice, the development plan, the classroom drill and the
//! store that persists what these define. No egui, eframe or PDF library here (`cargo tree -p
//! rapport-core` shows it), so the logic and its tests build without a GUI.
//!
//! Layers, lowest first (a module uses only those before it): `export` (the document model),
//! `shuffle`, `marking`, `content` (with a module per scenario question type in
//! `content::questions`), `search`, `practice`, `flashcards`, `plan`, `drill`, `readiness`,
//! `store`.

pub mod content;
pub mod drill;
pub mod export;
pub mod flashcards;
pub mod marking;
pub mod plan;
pub mod practice;
pub mod readiness;
pub mod search;
pub mod shuffle;
pub mod store;
