//! Pictures of every main page, in light and dark, for people to look at when they change.
//!
//! The walk is the layout test's own (`crates/app/tests/it/walk.rs`), so a page added there is
//! photographed here. Pictures are compared by eye, not by pixel: pages show today's date, so
//! a pixel comparison would fail every day. `UPDATE_SNAPSHOTS=1` writes them to
//! `docs/snapshots`, where `git diff` shows which changed.

#[allow(dead_code)]
#[path = "../../../app/tests/it/common.rs"]
mod common;
#[allow(dead_code)]
#[path = "../../../app/tests/it/walk.rs"]
mod walk;

mod pages;
