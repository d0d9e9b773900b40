//! The classroom drill: its setup page and the full-screen presentation.

pub mod class;
pub mod present;
pub mod save;
pub mod setup;
pub mod weakest;
