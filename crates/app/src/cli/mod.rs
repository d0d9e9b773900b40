//! The command line: run the app, or work on content without opening a window.

/// `println!` that does not panic when standard output is closed (`rapport smart ... | head`):
/// whatever the reader no longer wants is dropped.
macro_rules! out {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stdout().lock(), $($arg)*);
    }};
}

mod anki;
mod checks;
mod large;
mod readiness;

pub use readiness::{ReadinessData, readiness_content, readiness_text, write_readiness};

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use crate::app::{Launch, Opening};
use crate::startup_timer::FirstFrameTimer;
use crate::synthetic::Size;

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
        Some(Command::Check { dir, coverage }) => checks::check(&dir, coverage),
        Some(Command::Smart {
            objective,
            today,
            plan_end,
        }) => checks::smart(&cli.content, &objective, today, plan_end),
        Some(Command::ExportAnki { out, unit, force }) => {
            anki::export_anki(&cli.content, &out, unit.as_deref(), force)
        }
        Some(Command::ImportAnki { file }) => anki::import_anki(&file, cli.data_dir),
        Some(Command::Mark { scenario_id }) => checks::mark(&cli.content, &scenario_id),
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
        Some(Command::Readiness { unit, exam_date }) => readiness::readiness(
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
        }) => large::generate_large(
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
        }) => large::bench_ops(
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
