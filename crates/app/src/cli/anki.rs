//! `import-anki` and `export-anki`.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use crate::content;

use super::default_data_dir;

/// Reads the package, then saves it in one transaction: on any problem nothing is saved.
pub(super) fn import_anki(file: &Path, data_dir: Option<PathBuf>) -> ExitCode {
    use crate::flashcards::anki_import;
    use crate::flashcards::schedule::Clock;
    let data_dir = data_dir.unwrap_or_else(default_data_dir);
    let (mut store, notice) = match crate::store::Store::open(&data_dir) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::FAILURE;
        }
    };
    if let Some(n) = notice {
        eprintln!("{n}");
    }
    let settings = match store.flashcard_settings() {
        Ok(s) => s.unwrap_or_default(),
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::FAILURE;
        }
    };
    let started = std::time::Instant::now();
    let clock = Clock::local_now(settings.day_starts_at_hour);
    let import = match anki_import::read_package(file, &clock, &settings, |_, _, _| {}) {
        Ok(i) => i,
        Err(e) => {
            eprintln!("error: {}: {e}; nothing was imported", file.display());
            return ExitCode::FAILURE;
        }
    };
    let read = started.elapsed();
    match store.import_anki(
        &import.cards,
        &import.states,
        &import.log,
        crate::store::now_seconds(),
    ) {
        Ok((states, reviews)) => {
            out!(
                "{}: {}; {} card states and {} reviews added (read in {:.2} s, saved in {:.2} s)",
                file.display(),
                import.summary(),
                states,
                reviews,
                read.as_secs_f64(),
                (started.elapsed() - read).as_secs_f64()
            );
            if !import.skipped_media.is_empty() {
                out!(
                    "{} media files are not shown in Rapport and were skipped: {}",
                    import.skipped_media.len(),
                    import.skipped_media.join(", ")
                );
            }
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}; nothing was imported");
            ExitCode::FAILURE
        }
    }
}

pub(super) fn export_anki(
    content_dirs: &[PathBuf],
    out: &Path,
    unit: Option<&str>,
    force: bool,
) -> ExitCode {
    let loaded = content::load_with_folders(content_dirs);
    // Only what failed to load matters here; gaps in what loaded are for `rapport check`.
    for problem in loaded.errors() {
        eprintln!("warning: {problem}");
    }
    let mut cards = crate::flashcards::all_cards(&loaded.pack);
    if let Some(unit) = unit {
        if loaded.pack.unit(unit).is_none() {
            let known: Vec<&str> = loaded
                .pack
                .units
                .iter()
                .map(|u| u.unit.id.as_str())
                .collect();
            eprintln!(
                "rapport: no unit has the id `{unit}`; the units are: {}",
                known.join(", ")
            );
            return ExitCode::FAILURE;
        }
        cards.retain(|c| c.unit == unit);
    }
    let text = crate::flashcards::anki::export(&cards);
    let notes = text.lines().filter(|l| !l.starts_with('#')).count();
    match crate::export::write_file(out, text.as_bytes(), force) {
        Ok(()) => {
            out!(
                "{}: {notes} notes ({} cards) written for Anki",
                out.display(),
                cards.len()
            );
            ExitCode::SUCCESS
        }
        Err(crate::export::WriteError::Exists(_)) => {
            eprintln!(
                "rapport: {} already exists and was left as it is; give another file, or add \
                 --force to replace it",
                out.display()
            );
            ExitCode::FAILURE
        }
        Err(e) => {
            eprintln!("rapport: could not write {}: {e}", out.display());
            ExitCode::FAILURE
        }
    }
}
