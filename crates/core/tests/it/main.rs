//! The core crate's integration tests, in one binary (each file a module) so that they link
//! once. None of them needs a window.

mod common;
mod content_packs;
mod coverage;
mod crash_safety;
mod flashcard_content;
mod flashcard_siblings;
mod frameworks;
mod hostile_content;
mod marker_agreement;
mod marker_blind;
mod readiness_calibration;
mod scenario_packs;
mod search;
mod smart;
mod unknown_fields;
