//! Rapport: revision, practice assessment and development planning for coaching and mentoring
//! learners. The logic modules (`content`, `search`, `store`) know nothing of egui; `app` holds
//! the views.

pub mod app;
pub mod cli;
pub mod content;
pub mod drill;
pub mod export;
pub mod flashcards;
pub mod marking;
pub mod plan;
pub mod practice;
pub mod search;
pub mod startup_timer;
pub mod store;
pub mod synthetic;
