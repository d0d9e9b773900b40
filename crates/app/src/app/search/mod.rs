//! Search across every unit (Ctrl+F or /).

pub mod view;
