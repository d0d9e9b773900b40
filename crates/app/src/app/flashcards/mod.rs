//! The flashcards area: its state, the decks and study view, and the statistics.

pub mod history;
pub mod state;
pub mod stats;
pub mod view;
