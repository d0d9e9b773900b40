//! The command line: run the app, or work on content without opening a window.

/// `println!` that does not panic when standard output is closed (`rapport smart ... | head`):
/// whatever the reader no longer wants is dropped.
macro_rules! out {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stdout().lock(), $($arg)*);
    }};
}

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use crate::app::{RapportApp, Startup};
use crate::content;
use crate::startup_timer::FirstFrameTimer;
use crate::synthetic::{self, Size};

#[derive(Debug, Parser)]
#[command(
    name = "rapport",
    version,
    about = "Revise coaching and mentoring units, practise and plan your development"
)]
pub struct Cli {
    /// A tutor's content pack (a folder of RON files) to load on top of the built-in units.
    /// May be given more than once.
    #[arg(long = "content", value_name = "DIR", global = true)]
    pub content: Vec<PathBuf>,

    /// Where the learner's data is kept (default: the platform's data folder).
    #[arg(long = "data-dir", value_name = "DIR", global = true)]
    pub data_dir: Option<PathBuf>,

    /// Quit as soon as the first frame is drawn, printing the time from launch and the
    /// peak memory (for measuring startup).
    #[arg(long = "startup-time")]
    pub startup_time: bool,

    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Validate a content pack without opening a window.
    Check {
        /// The pack folder.
        dir: PathBuf,
        /// Also print the practice coverage: the scenarios of each marking point and criterion.
        #[arg(long)]
        coverage: bool,
    },
    /// Check an objective letter by letter against SMART and print the verdicts as JSON. The
    /// word lists and frameworks are the built-in ones plus those of any `--content` pack.
    Smart {
        /// The objective, in quotes.
        objective: String,
        /// Judge dates as if today were this day (YYYY-MM-DD); default: today.
        #[arg(long, value_name = "DATE", value_parser = parse_cli_date)]
        today: Option<chrono::NaiveDate>,
        /// The day the development plan ends (YYYY-MM-DD): a later deadline fails Time-bound.
        #[arg(long, value_name = "DATE", value_parser = parse_cli_date)]
        plan_end: Option<chrono::NaiveDate>,
    },
    /// Write every flashcard (or one unit's) to a file that Anki imports as it is
    /// (File > Import in Anki; notes keep their tags and are updated on a second import).
    ExportAnki {
        /// The file to write, e.g. rapport-cards.txt.
        out: PathBuf,
        /// Only the cards of this unit (its id, as `rapport check` and the Units area show it).
        #[arg(long = "unit", value_name = "ID")]
        unit: Option<String>,
        /// Replace the file if it exists (a symbolic link is never written through).
        #[arg(long)]
        force: bool,
    },
    /// Mark a written answer read from standard input against a scenario's rubric and print
    /// the result per point as JSON, e.g. `rapport mark SCENARIO_ID < answer.txt`.
    Mark {
        /// The scenario's id, as shown in the Scenarios area.
        scenario_id: String,
    },
    /// Write a large synthetic pack (OUT/content), a year of one learner's history
    /// (OUT/data) and the card states as JSON (OUT/card-states.json), for scale tests and
    /// benchmarks. Open it with `rapport --content OUT/content --data-dir OUT/data`.
    GenerateLarge {
        /// A folder that does not exist yet, or is empty.
        out: PathBuf,
        /// Units (at most 5,000).
        #[arg(long, default_value_t = Size::LARGE.units, value_parser = at_most(5_000))]
        units: usize,
        /// Flashcards in all, including those made from the units (at most 1,000,000).
        #[arg(long, default_value_t = Size::LARGE.cards, value_parser = at_most(1_000_000))]
        cards: usize,
        /// Scenarios (at most 100,000).
        #[arg(long, default_value_t = Size::LARGE.scenarios, value_parser = at_most(100_000))]
        scenarios: usize,
        /// Reviews in the history (at most 10,000,000).
        #[arg(long, default_value_t = Size::LARGE.reviews, value_parser = at_most(10_000_000))]
        reviews: usize,
        /// Scenario answers in the history (at most 1,000,000).
        #[arg(long, default_value_t = Size::LARGE.answers, value_parser = at_most(1_000_000))]
        answers: usize,
    },
    /// Time finding the cards with a word, building the due queue and answering cards on the
    /// pack and the store given by --content and --data-dir, and print the medians as JSON.
    /// The store is not changed: answers go to a copy. Used by benches/anki_compare.py.
    BenchOps {
        /// The word to find.
        #[arg(long)]
        word: String,
        /// How many cards to answer, one committed answer at a time (at most 1,000,000).
        #[arg(long, default_value_t = 1000, value_parser = at_most(1_000_000))]
        answer: usize,
        /// How many times to time each operation, the median is printed (at most 1,000).
        #[arg(long, default_value_t = 5, value_parser = at_most(1_000))]
        repeat: usize,
    },
}

/// A count from 0 to `max`: a size argument is bounded so that a typo cannot ask for terabytes
/// (`--units 18446744073709551615` panicked with "capacity overflow").
fn at_most(max: usize) -> impl Fn(&str) -> Result<usize, String> + Clone + Send + Sync + 'static {
    move |text| match text.trim().parse::<u128>() {
        Ok(n) if n <= max as u128 => Ok(n as usize),
        Ok(_) => Err(format!("{text} is too large; at most {max}")),
        Err(_) => Err(format!("`{text}` is not a whole number from 0 to {max}")),
    }
}

fn parse_cli_date(text: &str) -> Result<chrono::NaiveDate, String> {
    chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .map_err(|_| format!("`{text}` is not a date; write it as YYYY-MM-DD, e.g. 2027-03-31"))
}

pub fn run(cli: Cli) -> ExitCode {
    match cli.command {
        Some(Command::Check { dir, coverage }) => check(&dir, coverage),
        Some(Command::Smart {
            objective,
            today,
            plan_end,
        }) => smart(&cli.content, &objective, today, plan_end),
        Some(Command::ExportAnki { out, unit, force }) => {
            export_anki(&cli.content, &out, unit.as_deref(), force)
        }
        Some(Command::Mark { scenario_id }) => mark(&cli.content, &scenario_id),
        Some(Command::GenerateLarge {
            out,
            units,
            cards,
            scenarios,
            reviews,
            answers,
        }) => generate_large(
            &out,
            &Size {
                units,
                cards,
                scenarios,
                reviews,
                answers,
            },
        ),
        Some(Command::BenchOps {
            word,
            answer,
            repeat,
        }) => bench_ops(&cli.content, cli.data_dir.as_deref(), &word, answer, repeat),
        None => run_app(cli.content, cli.data_dir, cli.startup_time),
    }
}

/// The platform data folder, e.g. `~/.local/share/rapport` on Linux.
pub fn default_data_dir() -> PathBuf {
    directories::ProjectDirs::from("org", "Rapport", "rapport")
        .map(|dirs| dirs.data_dir().to_path_buf())
        .unwrap_or_else(|| PathBuf::from(".rapport"))
}

/// Errors fail the check (exit 1); warnings, the gaps a tutor should know about, are listed
/// but pass (exit 0).
fn check(dir: &Path, coverage: bool) -> ExitCode {
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

fn smart(
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

fn export_anki(content_dirs: &[PathBuf], out: &Path, unit: Option<&str>, force: bool) -> ExitCode {
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

fn mark(content_dirs: &[PathBuf], scenario_id: &str) -> ExitCode {
    use std::io::Read;

    let loaded = content::load_with_folders(content_dirs);
    let Some(found) = loaded.pack.scenario(scenario_id) else {
        eprintln!("rapport mark: no scenario has the id `{scenario_id}`");
        let written: Vec<&str> = loaded
            .pack
            .scenarios
            .iter()
            .filter(|s| matches!(s.scenario.question, content::Question::Written { .. }))
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
    let content::Question::Written { rubric, .. } = &found.scenario.question else {
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

fn run_app(content_dirs: Vec<PathBuf>, data_dir: Option<PathBuf>, startup_time: bool) -> ExitCode {
    let data_dir = data_dir.unwrap_or_else(default_data_dir);
    let mut startup = Startup::prepare(&content_dirs, &data_dir);
    let window_file = data_dir.join("window.ron");
    if let Some(notice) = crate::window_file::check(&window_file) {
        startup.notices.push(crate::app::Notice::warning(notice));
    }
    let options = eframe::NativeOptions {
        viewport: crate::window_icon::identify(
            egui::ViewportBuilder::default()
                .with_title("Rapport")
                .with_inner_size([1200.0, 800.0])
                .with_min_inner_size([640.0, 420.0]),
        ),
        persistence_path: Some(window_file),
        renderer: eframe::Renderer::Glow,
        ..Default::default()
    };
    let result = eframe::run_native(
        "Rapport",
        options,
        Box::new(move |cc| {
            let app = RapportApp::new(cc, startup);
            Ok(if startup_time {
                Box::new(FirstFrameTimer::new(app)) as Box<dyn eframe::App>
            } else {
                Box::new(app)
            })
        }),
    );
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("rapport: could not open the window: {e}");
            ExitCode::FAILURE
        }
    }
}

fn generate_large(out: &Path, size: &Size) -> ExitCode {
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

fn bench_ops(
    content_dirs: &[PathBuf],
    data_dir: Option<&Path>,
    word: &str,
    answers: usize,
    repeats: usize,
) -> ExitCode {
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
    let result = synthetic::ops::run(&loaded.pack, data_dir, &scratch, word, answers, repeats);
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
