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

use crate::app::{Launch, Opening};
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
    /// Import an Anki collection (.apkg or .colpkg): notes, cards, decks, tags, each card's
    /// schedule and the whole review log, into the learner's data (`--data-dir`). Importing the
    /// same file again changes nothing.
    ImportAnki {
        /// The package Anki exported (File > Export; either package format).
        file: PathBuf,
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
    /// Run a classroom drill without a window, with class answers: learners join from their
    /// browsers at the address printed (and its QR code) with the join code; the tutor
    /// advances with Enter. Prints the class's results as CSV at the end (or writes --csv).
    DrillServe {
        /// The seed of the drill's order (the same seed gives the same drill).
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// How many scenarios (at most 200).
        #[arg(long, default_value_t = 5, value_parser = at_most(200))]
        count: usize,
        /// The port to listen on.
        #[arg(long, default_value_t = 8080)]
        port: u16,
        /// Seconds of discussion countdown per scenario (0: none); answers close when it ends.
        #[arg(long, default_value_t = 90)]
        discussion: u32,
        /// Team names, comma separated (learners pick one when they join).
        #[arg(long, value_delimiter = ',')]
        teams: Vec<String>,
        /// Listen on 127.0.0.1 only (to try the page on this computer).
        #[arg(long)]
        loopback: bool,
        /// Write the results as CSV to this new file.
        #[arg(long, value_name = "FILE")]
        csv: Option<PathBuf>,
    },
    /// Print exam readiness as JSON: for each unit its readiness (0 to 100) and confidence, and
    /// for each criterion and marking point its readiness, its parts and the next action. Reads
    /// the learner's data (--data-dir) without changing it.
    Readiness {
        /// Only this unit (its id, as `rapport check` and the Units area show it).
        #[arg(long = "unit", value_name = "ID")]
        unit: Option<String>,
        /// The exam date (YYYY-MM-DD, today or later), for the forecast and the daily plan;
        /// default: the date set in the app, if any.
        #[arg(long = "exam-date", value_name = "DATE")]
        exam_date: Option<String>,
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
        #[arg(long, required_unless_present = "first_due")]
        word: Option<String>,
        /// How many cards to answer, one committed answer at a time (at most 1,000,000).
        #[arg(long, default_value_t = 1000, value_parser = at_most(1_000_000))]
        answer: usize,
        /// While answering, this many new cards a day (with --reviews): with both, exactly the
        /// learning cards due now, that many reviews and that many new cards are answered
        /// (at most --answer), as benches/anki_compare.py asks of Anki too.
        #[arg(long, requires = "reviews", value_parser = at_most(1_000_000))]
        new: Option<usize>,
        /// While answering, this many reviews a day (with --new).
        #[arg(long, requires = "new", value_parser = at_most(1_000_000))]
        reviews: Option<usize>,
        /// The grades given in turn while answering, cycling: a Again, h Hard, g Good, e Easy.
        #[arg(long, default_value = "g")]
        grades: String,
        /// How many times to time each operation, the median is printed (at most 1,000).
        #[arg(long, default_value_t = 5, value_parser = at_most(1_000))]
        repeat: usize,
        /// Instead of the timings: open as the app does (content, store, records, flashcard
        /// history, search index), build the study queue of everything due and print the first
        /// card as JSON. Opens the store in --data-dir in place, as the app does. For timing a
        /// cold start from outside the process.
        #[arg(long, conflicts_with_all = ["word", "new", "reviews"])]
        first_due: bool,
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
        Some(Command::ImportAnki { file }) => import_anki(&file, cli.data_dir),
        Some(Command::Mark { scenario_id }) => mark(&cli.content, &scenario_id),
        Some(Command::DrillServe {
            seed,
            count,
            port,
            discussion,
            teams,
            loopback,
            csv,
        }) => crate::drill_serve::run(
            &cli.content,
            &crate::drill_serve::Options {
                seed,
                count,
                port,
                discussion,
                teams,
                loopback,
                csv,
            },
        ),
        Some(Command::Readiness { unit, exam_date }) => readiness(
            &cli.content,
            cli.data_dir.as_deref(),
            unit.as_deref(),
            exam_date.as_deref(),
        ),
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
            first_due: true, ..
        }) => bench_first_due(&cli.content, cli.data_dir.as_deref()),
        Some(Command::BenchOps {
            word,
            answer,
            new,
            reviews,
            grades,
            repeat,
            first_due: false,
        }) => bench_ops(
            &cli.content,
            cli.data_dir.as_deref(),
            word.as_deref().unwrap_or_default(),
            (answer, new.zip(reviews), &grades),
            repeat,
        ),
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

/// Reads the package, then saves it in one transaction: on any problem nothing is saved.
fn import_anki(file: &Path, data_dir: Option<PathBuf>) -> ExitCode {
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

/// Exit code for a usage error (as clap gives for a malformed argument).
const USAGE: u8 = 2;

fn readiness(
    content_dirs: &[PathBuf],
    data_dir: Option<&Path>,
    unit: Option<&str>,
    exam_date: Option<&str>,
) -> ExitCode {
    use crate::readiness::plan;
    let data_dir = data_dir.map_or_else(default_data_dir, Path::to_path_buf);
    let cache_dir = directories::ProjectDirs::from("org", "Rapport", "rapport")
        .map(|dirs| dirs.cache_dir().to_path_buf());
    // The content is loaded (or its links read from the cache) while the learner's records
    // are read, on two threads.
    let (prepared, read) = std::thread::scope(|scope| {
        let read = scope.spawn(|| ReadinessData::read(&data_dir));
        let prepared = readiness_content(content_dirs, cache_dir.as_deref(), unit);
        let read = read
            .join()
            .unwrap_or_else(|_| Err("reading the data stopped unexpectedly".to_owned()));
        (prepared, read)
    });
    for problem in &prepared.errors {
        eprintln!("warning: {problem}");
    }
    if let Some(unit) = unit
        && !prepared.units.iter().any(|u| u == unit)
    {
        eprintln!(
            "rapport readiness: no unit has the id `{unit}`; the units are: {}",
            prepared.units.join(", ")
        );
        return ExitCode::FAILURE;
    }
    let mut data = match read {
        Ok(data) => data,
        Err(e) => {
            eprintln!("rapport readiness: {e}");
            return ExitCode::FAILURE;
        }
    };
    let clock = crate::flashcards::schedule::Clock::local_now(data.settings.day_starts_at_hour);
    if let Some(text) = exam_date {
        match plan::parse_exam_date(text, clock.today()) {
            Ok(date) => {
                for u in &prepared.units {
                    if unit.is_none_or(|id| id == u) {
                        data.exam_dates.insert(u.clone(), date);
                    }
                }
            }
            Err(e) => {
                eprintln!("rapport readiness: {e}");
                return ExitCode::from(USAGE);
            }
        }
    }
    let written = {
        use std::io::Write as _;
        let mut out = std::io::BufWriter::with_capacity(1 << 16, std::io::stdout().lock());
        write_readiness(&mut out, &prepared.links, &data, &clock, unit)
            .and_then(|()| out.flush().map_err(serde_json::Error::io))
    };
    // What is left is freed by the system as the process ends, at once, rather than piece by
    // piece (hundreds of thousands of small allocations).
    std::mem::forget(prepared);
    std::mem::forget(data);
    match written {
        // As before, output that cannot be written (a closed pipe) is not an error.
        Err(e) if !e.is_io() => {
            eprintln!("rapport readiness: {e}");
            ExitCode::FAILURE
        }
        _ => ExitCode::SUCCESS,
    }
}

/// What readiness needs of the content in `content_dirs` (on top of the built-in pack): from
/// the cache in `cache_dir` when nothing it was made from has changed, else loaded, checked
/// and linked (and cached for next time; see `readiness::cache`). Without a cache, and with
/// `unit`, only that unit is linked.
pub fn readiness_content(
    content_dirs: &[PathBuf],
    cache_dir: Option<&Path>,
    unit: Option<&str>,
) -> crate::readiness::cache::PackLinks {
    use crate::readiness::{Links, cache};
    let cache = cache_dir.and_then(|dir| Some((dir, cache::Key::of(content_dirs)?)));
    if let Some((dir, key)) = &cache
        && let Some(found) = cache::read(dir, content_dirs, key)
    {
        return found;
    }
    // Errors are found and reported as the app finds them; the coverage warnings, which this
    // command does not print, are not looked for.
    let loaded = content::load_for_reading(content_dirs);
    let pack = &loaded.pack;
    let cards = crate::flashcards::all_cards(pack);
    // Every unit is linked when the links are to be cached, so that the cache serves any unit.
    let only = if cache.is_some() { None } else { unit };
    let prepared = cache::PackLinks {
        errors: loaded.errors().map(ToString::to_string).collect(),
        units: pack.units.iter().map(|u| u.unit.id.clone()).collect(),
        links: Links::build_for(pack, &cards, only),
    };
    if let Some((dir, key)) = &cache {
        cache::write(dir, content_dirs, key, &prepared);
    }
    prepared
}

/// What `rapport readiness` prints, for `pack` and the learner's records at `clock`: every
/// unit's readiness (or only `unit`'s), with a plan for each unit that has an exam date.
pub fn readiness_text(
    pack: &content::Pack,
    data: &ReadinessData,
    clock: &crate::flashcards::schedule::Clock,
    unit: Option<&str>,
) -> String {
    let cards = crate::flashcards::all_cards(pack);
    let links = crate::readiness::Links::build_for(pack, &cards, unit);
    let mut out = Vec::new();
    // Writing to memory fails only on a value JSON cannot hold, which the report has none of.
    write_readiness(&mut out, &links, data, clock, unit).expect("the report as JSON");
    String::from_utf8(out).expect("JSON is UTF-8")
}

/// Writes [`readiness_text`] from the pack's links to `out`: pretty JSON, keys in alphabetical
/// order, and a new line.
pub fn write_readiness(
    mut out: impl std::io::Write,
    links: &crate::readiness::Links,
    data: &ReadinessData,
    clock: &crate::flashcards::schedule::Clock,
    unit: Option<&str>,
) -> serde_json::Result<()> {
    use crate::readiness::{self, WithPlan, plan};
    let (scheduler, _) = crate::flashcards::schedule::Scheduler::new(data.settings.clone());
    let evidence = readiness::Evidence {
        states: &data.states,
        attempts: &data.attempts,
        weak_spots: &data.weak_spots,
        decay: scheduler.decay(),
        now: clock.now,
    };
    let times = data
        .exam_dates
        .iter()
        .map(|(u, d)| (u.clone(), plan::exam_time(*d, clock)))
        .collect();
    let report = readiness::compute(links, &evidence, &times, unit);
    let plans: Vec<Option<plan::DailyPlan>> = report
        .units
        .iter()
        .map(|u| {
            let date = data.exam_dates.get(&u.unit)?;
            Some(plan::daily_plan(
                u,
                links,
                &evidence,
                clock,
                &data.settings,
                *date,
            ))
        })
        .collect();
    #[derive(serde::Serialize)]
    struct Printed<'a> {
        today: String,
        units: Vec<WithPlan<'a>>,
    }
    let printed = Printed {
        today: crate::practice::iso_date(clock.today()),
        units: report
            .units
            .iter()
            .zip(&plans)
            .map(|(u, p)| WithPlan(u, p.as_ref()))
            .collect(),
    };
    serde_json::to_writer_pretty(&mut out, &printed)?;
    writeln!(out).map_err(serde_json::Error::io)
}

/// What readiness reads from the store (all empty without one).
#[derive(Default)]
pub struct ReadinessData {
    pub states: std::collections::HashMap<String, crate::flashcards::schedule::CardState>,
    pub attempts: Vec<crate::practice::AttemptRecord>,
    pub weak_spots: Vec<crate::practice::WeakSpot>,
    pub settings: crate::flashcards::schedule::Settings,
    pub exam_dates: crate::store::readiness::ExamDates,
}

impl ReadinessData {
    /// The records in `data_dir`, only read: nothing is created for a learner who has no data
    /// yet (readiness then says so), and a file that cannot be read is reported and left as it
    /// is.
    pub fn read(data_dir: &Path) -> Result<ReadinessData, String> {
        let Some(store) =
            crate::store::Store::open_read_only(data_dir).map_err(|e| e.to_string())?
        else {
            return Ok(ReadinessData::default());
        };
        let read = || -> Result<ReadinessData, crate::store::StoreError> {
            // The card states on a second connection while the answers are read on this one.
            let second = store.another_reader()?;
            let (states, rest) = std::thread::scope(|scope| {
                let states = scope.spawn(move || second.card_states());
                let rest = (|| -> Result<_, crate::store::StoreError> {
                    let attempts = store.attempts()?;
                    let weak_spots = store.weak_spots()?;
                    let settings = store.flashcard_settings()?.unwrap_or_default();
                    let exam_dates = store.exam_dates()?;
                    Ok((attempts, weak_spots, settings, exam_dates))
                })();
                let states = states.join().unwrap_or_else(|_| {
                    Err(crate::store::StoreError::Read(
                        "reading the card states stopped unexpectedly".into(),
                    ))
                });
                (states, rest)
            });
            let (attempts, weak_spots, settings, exam_dates) = rest?;
            Ok(ReadinessData {
                states: states?,
                attempts,
                weak_spots,
                settings,
                exam_dates,
            })
        };
        read().map_err(|e| format!("could not read {}: {e}", data_dir.display()))
    }
}

fn run_app(content_dirs: Vec<PathBuf>, data_dir: Option<PathBuf>, startup_time: bool) -> ExitCode {
    let data_dir = data_dir.unwrap_or_else(default_data_dir);
    let window_file = data_dir.join("window.ron");
    // Checked before eframe reads it, which is before the window opens.
    let notices: Vec<_> = crate::window_file::check(&window_file)
        .map(crate::app::Notice::warning)
        .into_iter()
        .collect();
    // Content and the learner's records load on their own thread while the window opens.
    let opening = match Opening::start(content_dirs, data_dir.clone()) {
        Ok(opening) => opening,
        Err(e) => {
            eprintln!("rapport: could not start loading: {e}");
            return ExitCode::FAILURE;
        }
    };
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
            let launch = Launch::new(cc, opening, notices);
            Ok(if startup_time {
                Box::new(FirstFrameTimer::new(launch)) as Box<dyn eframe::App>
            } else {
                Box::new(launch)
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

/// `bench-ops --first-due`: what the app does from launch to showing the first due card, on one
/// thread: `Startup::prepare_early` (the part of the loading thread's work the app opens after:
/// content, store, records, flashcard schedule with its queue index), the flashcards area made
/// from it as `RapportApp::open` makes it, then "Study everything due": the queue, its first
/// card and that card's four outcomes (the grade buttons). Prints one JSON line, the moment the
/// card is known, so that `benches/anki_compare.py` can time this process from spawn to answer,
/// as it times Anki's. The later part (readiness links, search index), which the app builds on
/// the loading thread while the card is already shown, is not run: the card does not wait for
/// it. The store is opened in place, as the app opens it, and must exist already.
fn bench_first_due(content_dirs: &[PathBuf], data_dir: Option<&Path>) -> ExitCode {
    use crate::app::{FlashcardsState, Startup};
    use crate::flashcards::queue::Filter;
    use crate::store::STORE_FILE;

    let fail = |what: String| {
        eprintln!("rapport bench-ops --first-due: {what}");
        ExitCode::FAILURE
    };
    let Some(data_dir) = data_dir else {
        return fail(
            "give --data-dir (e.g. the data folder made by generate-large); it is not run on \
             your own data folder"
                .to_owned(),
        );
    };
    let store_file = data_dir.join(STORE_FILE);
    if !store_file.is_file() {
        return fail(format!(
            "there is no data file at {}; --first-due opens an existing one and never makes one \
             (make one with generate-large)",
            store_file.display()
        ));
    }
    let started = std::time::Instant::now();
    let mut startup = Startup::prepare_early(content_dirs, data_dir, &|_| {});
    if startup.store.is_none() {
        let why: Vec<String> = startup.notices.iter().map(|n| n.text.clone()).collect();
        return fail(format!("the store did not open: {}", why.join("; ")));
    }
    // Whether opening ran the whole-file check (a store not closed cleanly, or copied without
    // its clean marker), so that a comparison can tell.
    let checked_integrity = startup
        .store
        .as_ref()
        .is_some_and(|s| s.checked_integrity());
    let mut notices = std::mem::take(&mut startup.notices);
    let mut flash = FlashcardsState::with_cards(
        &startup.loaded.pack,
        std::mem::take(&mut startup.cards),
        std::mem::take(&mut startup.flash),
        &mut notices,
    );
    flash.weakness = crate::practice::Weakness::from_spots(&startup.practice.weak_spots);
    if let Some(why) = &flash.read_only {
        return fail(format!("the flashcard history could not be read: {why}"));
    }
    let clock = flash.clock();
    let queue = flash.build_queue(&Filter::all(), &clock);
    let first = queue.next(clock.now, 0).map(|i| {
        let card = &flash.cards[i];
        let outcomes = flash
            .scheduler
            .outcomes(flash.states.get(&card.id), &card.id, &clock);
        std::hint::black_box(outcomes);
        card.id.clone()
    });
    let in_process_ms = started.elapsed().as_secs_f64() * 1000.0;
    let (new, learning, review) = queue.counts();
    let phases: serde_json::Map<String, serde_json::Value> = startup
        .phases
        .iter()
        .map(|(phase, took)| {
            (
                phase.label().to_owned(),
                serde_json::json!(took.as_secs_f64() * 1000.0),
            )
        })
        .collect();
    let report = serde_json::json!({
        "first_due": first,
        "cards": flash.cards.len(),
        "queue_new": new,
        "queue_learning": learning,
        "queue_review": review,
        "in_process_ms": in_process_ms,
        "checked_integrity": checked_integrity,
        "phases_ms": phases,
    });
    out!("{report}");
    ExitCode::SUCCESS
}
