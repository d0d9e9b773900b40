//! `check`, `smart` and `mark`: check content, an objective or an answer without opening a window.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use crate::content;

/// Errors fail the check (exit 1); warnings, the gaps a tutor should know about, are listed
/// but pass (exit 0).
pub(super) fn check(dir: &Path, coverage: bool) -> ExitCode {
    use content::problem::{Severity, count};
    let loaded = content::check_folder(dir);
    if coverage {
        let builtin = content::load_builtin();
        let found = content::coverage::coverage(&loaded.pack, Some(&builtin.pack));
        print!("{}", content::coverage::report(&loaded.pack, &found));
    }
    let summary = crate::flashcards::pack_summary(&loaded.pack);
    if loaded.problems.is_empty() {
        out!("{}: ok: {summary}", dir.display());
        return ExitCode::SUCCESS;
    }
    for problem in &loaded.problems {
        eprintln!("{problem}");
    }
    let errors = count(&loaded.problems, Severity::Error);
    let warnings = count(&loaded.problems, Severity::Warning);
    let warned = content::load::counted(warnings, "warning", "warnings");
    if errors == 0 {
        out!(
            "{}: ok, with {warned} (gaps to fix; nothing is refused): {summary}",
            dir.display()
        );
        return ExitCode::SUCCESS;
    }
    let and_warned = if warnings > 0 {
        format!(" and {warned}")
    } else {
        String::new()
    };
    eprintln!(
        "{}: {errors} problem{}{and_warned} ({summary} loaded despite them)",
        dir.display(),
        if errors == 1 { "" } else { "s" },
    );
    ExitCode::FAILURE
}

pub(super) fn smart(
    content_dirs: &[PathBuf],
    objective: &str,
    today: Option<chrono::NaiveDate>,
    plan_end: Option<chrono::NaiveDate>,
) -> ExitCode {
    use crate::plan::smart;
    let loaded = if content_dirs.is_empty() {
        None
    } else {
        let loaded = content::load_with_folders(content_dirs);
        for problem in &loaded.problems {
            eprintln!("warning: {problem}");
        }
        Some(loaded)
    };
    let context = smart::Context {
        plan_end,
        // The built-in lists and frameworks, read once, when no pack is added.
        lexicon: loaded.as_ref().map(|l| l.pack.smart_lexicon()),
        ..smart::Context::text_only(today.unwrap_or_else(|| chrono::Local::now().date_naive()))
    };
    let report = smart::check(objective, &context);
    match serde_json::to_string_pretty(&report) {
        Ok(json) => {
            out!("{json}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("rapport smart: could not write the report: {e}");
            ExitCode::FAILURE
        }
    }
}

pub(super) fn mark(content_dirs: &[PathBuf], scenario_id: &str) -> ExitCode {
    use std::io::Read;

    let loaded = content::load_with_folders(content_dirs);
    let Some(found) = loaded.pack.scenario(scenario_id) else {
        eprintln!("rapport mark: no scenario has the id `{scenario_id}`");
        let written: Vec<&str> = loaded
            .pack
            .scenarios
            .iter()
            .filter(|s| s.scenario.question.of_type().takes_text())
            .map(|s| s.scenario.id.as_str())
            .collect();
        let near = crate::practice::closest(scenario_id, &written, 5);
        if !near.is_empty() {
            eprintln!("written scenarios with a similar id:");
            for id in near {
                eprintln!("  {id}");
            }
        }
        return ExitCode::FAILURE;
    };
    let content::Question::Written(content::questions::Written { rubric, .. }) =
        &found.scenario.question
    else {
        eprintln!(
            "rapport mark: scenario `{scenario_id}` is a {} question; only written answers are \
             marked from the command line",
            found.scenario.question.kind_label().to_lowercase()
        );
        return ExitCode::FAILURE;
    };
    // Only what can be marked is read (a character is at most 4 bytes), and one byte more to
    // know there was more: 1 GB on standard input took 986 MB.
    let limit = crate::marking::MAX_ANSWER_CHARS as u64 * 4;
    let mut bytes = Vec::new();
    if let Err(e) = std::io::stdin().take(limit + 1).read_to_end(&mut bytes) {
        eprintln!("rapport mark: could not read the answer from standard input: {e}");
        return ExitCode::FAILURE;
    }
    if bytes.len() as u64 > limit {
        bytes.truncate(limit as usize);
        // A character cut in two at the end is dropped rather than shown as U+FFFD.
        while std::str::from_utf8(&bytes).is_err_and(|e| e.error_len().is_none()) {
            bytes.pop();
        }
        eprintln!(
            "rapport mark: the answer is longer than {} characters; only the start is marked",
            crate::marking::MAX_ANSWER_CHARS
        );
    }
    // A file in another encoding is marked as best it can be rather than refused.
    let answer = String::from_utf8_lossy(&bytes);
    let result = crate::marking::mark(rubric, &answer);
    let json = serde_json::json!({
        "scenario": scenario_id,
        "total": result.total,
        "max_total": result.max_total,
        "truncated": result.truncated,
        "points": result.points.iter().map(|p| serde_json::json!({
            "point": p.point,
            "marking_point": p.marking_point,
            "earned": p.earned,
            "marks": p.marks,
            "max_mark": p.max_mark,
            "quote": p.quote,
        })).collect::<Vec<_>>(),
    });
    match serde_json::to_string_pretty(&json) {
        Ok(text) => {
            out!("{text}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("rapport mark: {e}");
            ExitCode::FAILURE
        }
    }
}
