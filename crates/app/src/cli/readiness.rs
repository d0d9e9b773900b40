//! `rapport readiness`: exam readiness as JSON, fast enough to script (issue 16).

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use crate::content;

use super::default_data_dir;

/// Exit code for a usage error (as clap gives for a malformed argument).
const USAGE: u8 = 2;

pub(super) fn readiness(
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
