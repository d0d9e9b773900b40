//! The app's integration tests, in one binary (each file a module) so that egui and the app
//! link once: the real app through kittest, the command line through the built binary.

mod anki_export;
mod anki_import;
mod anki_parity;
mod class_results_ui;
mod cli_check;
mod cli_drill_serve;
mod cli_mark;
mod cli_readiness;
mod cli_scale;
mod cli_smart;
mod common;
mod crash_loading;
mod development;
mod drill_export;
mod drill_ui;
mod flashcards_ui;
mod fuzz_content;
mod hostile;
mod large_pack_ui;
mod layout;
mod lazy_history;
mod pack_safety;
mod store_faults;
mod ui;
mod ui_development;
mod ui_readiness;
mod ui_scenarios;
mod walk;
