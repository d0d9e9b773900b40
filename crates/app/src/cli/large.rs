//! `generate-large` and `bench-ops`: the large synthetic pack and the timed operations that
//! `benches/anki_compare.py` compares with Anki.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use crate::content;
use crate::synthetic::{self, Size};

pub(super) fn generate_large(out: &Path, size: &Size) -> ExitCode {
    let fail = |what: String| {
        eprintln!("rapport generate-large: {what}");
        ExitCode::FAILURE
    };
    if std::fs::read_dir(out).is_ok_and(|mut entries| entries.next().is_some()) {
        return fail(format!(
            "{} is not empty; give a new folder so that nothing is overwritten",
            out.display()
        ));
    }
    let content_dir = out.join("content");
    let pack = synthetic::generate(size);
    if let Err(e) = synthetic::write_pack(&content_dir, &pack) {
        return fail(format!("cannot write {}: {e}", content_dir.display()));
    }
    let loaded = content::load_with_folders(std::slice::from_ref(&content_dir));
    if let Some(problem) = loaded.errors().next() {
        return fail(format!("the generated pack does not load: {problem}"));
    }
    let clock = crate::flashcards::schedule::Clock::local_now(4);
    let (summary, states) =
        match synthetic::write_store(&out.join("data"), &loaded.pack, size, &clock) {
            Ok(written) => written,
            Err(e) => return fail(e.to_string()),
        };
    let states_file = out.join("card-states.json");
    if let Err(e) = std::fs::write(&states_file, synthetic::card_states_json(&states, &clock)) {
        return fail(format!("cannot write {}: {e}", states_file.display()));
    }
    out!(
        "{}: {} units, {} flashcards ({} with the built-in pack), {} scenarios; \
         {} reviews of {} cards and {} scenario answers in {}",
        content_dir.display(),
        pack.units.len(),
        pack.card_count(),
        summary.cards,
        pack.scenario_count(),
        summary.reviews,
        summary.studied,
        summary.answers,
        out.join("data").display()
    );
    ExitCode::SUCCESS
}

pub(super) fn bench_ops(
    content_dirs: &[PathBuf],
    data_dir: Option<&Path>,
    word: &str,
    (answers, limits, grades): (usize, Option<(usize, usize)>, &str),
    repeats: usize,
) -> ExitCode {
    let grades = match synthetic::ops::parse_grades(grades) {
        Ok(g) => g,
        Err(e) => {
            eprintln!("rapport bench-ops: --grades: {e}");
            return ExitCode::FAILURE;
        }
    };
    let plan = synthetic::ops::AnswerPlan {
        count: answers,
        // at_most(1_000_000) bounds both, so they fit.
        limits: limits.map(|(n, r)| (n as u32, r as u32)),
        grades,
    };
    let Some(data_dir) = data_dir else {
        eprintln!(
            "rapport bench-ops: give --data-dir (e.g. the data folder made by generate-large); \
             it is not run on your own data folder"
        );
        return ExitCode::FAILURE;
    };
    let loaded = content::load_with_folders(content_dirs);
    // Only what failed to load matters here; gaps in what loaded are for `rapport check`.
    for problem in loaded.errors() {
        eprintln!("warning: {problem}");
    }
    let scratch = std::env::temp_dir().join(format!("rapport-bench-ops-{}", std::process::id()));
    let result = synthetic::ops::run(&loaded.pack, data_dir, &scratch, word, &plan, repeats);
    let _ = std::fs::remove_dir_all(&scratch);
    match result.map(|t| serde_json::to_string(&t)) {
        Ok(Ok(json)) => {
            out!("{json}");
            ExitCode::SUCCESS
        }
        Ok(Err(e)) => {
            eprintln!("rapport bench-ops: {e}");
            ExitCode::FAILURE
        }
        Err(e) => {
            eprintln!("rapport bench-ops: {e}");
            ExitCode::FAILURE
        }
    }
}
