//! Killed while opening: a child process runs the app's background load (what the loading
//! thread runs: `Startup::prepare_early`, then the later part while the store thread already
//! saves a grade, as once the app is open) on a data folder with a flashcard history, and is
//! killed with SIGKILL at a random point of a random phase (each later one at least once),
//! after it finished with the store still open, or while the store thread reads the whole review
//! log (which the app does only when the statistics or the optimiser are opened), or once the
//! grade is acknowledged. After every kill the next start must open the store without setting it aside,
//! check the whole file (the last session did not close), and find every record as it was, with
//! the grade if the child had it acknowledged.
//!
//! `RAPPORT_CRASH_LOAD_ROUNDS` changes the number of rounds; `RAPPORT_CRASH_SEED` the seed.

use std::collections::BTreeSet;
use std::io::{BufRead, BufReader, Read};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use rapport::app::{NoticeKind, Phase, Startup};
use rapport::flashcards::schedule::{Clock, Grade, Scheduler, Settings};
use rapport::store::Store;
use rapport::store::worker::{Outcome, Request, StoreClient};

const CHILD_DIR: &str = "RAPPORT_CRASH_LOAD_DIR";
const CHILD_ROUND: &str = "RAPPORT_CRASH_LOAD_ROUND";
/// What the child says once it has asked for the whole review log.
const READING_LOG: &str = "reading the review log";
/// The id of the review the child grades in round `round`.
fn graded_id(round: u64) -> i64 {
    1_000_000 + round as i64
}
const TEST: &str = "crash_loading::a_kill_while_loading_loses_nothing";

fn env_number(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn phase_number(phase: Phase) -> usize {
    Phase::ALL.iter().position(|p| *p == phase).unwrap()
}

/// What the next start must find.
#[derive(Debug, PartialEq)]
struct Records {
    reviews: BTreeSet<i64>,
    states: usize,
    progress: usize,
}

fn records_of(startup: &Startup) -> Records {
    // Opening reads only the recent reviews and the log's count: the whole log from the store.
    let store = startup.store.as_ref().expect("the store opened");
    let reviews: BTreeSet<i64> = store.review_log().unwrap().iter().map(|r| r.id).collect();
    assert_eq!(reviews.len(), startup.flash.review_count);
    Records {
        reviews,
        states: startup.flash.states.len(),
        progress: startup.progress.len(),
    }
}

/// A history of 3,000 reviews over 600 cards and some revised sections, saved in one
/// transaction (as an import does) so that making it is quick.
fn fill(dir: &Path) {
    let (mut store, _) = Store::open(dir).unwrap();
    let scheduler = Scheduler::new(Settings::default()).0;
    let clock = Clock::local_now(4);
    let mut states = std::collections::HashMap::new();
    let mut log = Vec::new();
    for n in 0..3_000i64 {
        let card = format!("crash:load:{}", n % 600);
        let grade = if n % 7 == 0 {
            Grade::Again
        } else {
            Grade::Good
        };
        let (state, entry) = scheduler.grade(states.get(&card), &card, grade, &clock, n + 1, 2500);
        log.push(entry);
        states.insert(card, state);
    }
    let states: Vec<_> = states.into_values().collect();
    store.import_anki(&[], &states, &log, clock.now).unwrap();
    for i in 0..40 {
        store
            .set_section_revised(&format!("unit-{i}"), "tips", true, i)
            .unwrap();
    }
}

/// The child: one load as the app's loading thread does it, reporting each phase as it starts:
/// the early part, then (as the app opens on it and the learner grades the first card) the
/// store thread with a grade sent, while the later part (readiness links, search index) is
/// built; then, as the app does when the statistics are opened, a read of the whole review log
/// on the store thread, saying when the grade is saved; then waits with the store open.
fn child(dir: &Path, round: u64) {
    let report = |p: Phase| println!("phase {p:?}");
    let mut startup = Startup::prepare_early(&[], dir, &report);
    assert!(startup.later.is_none());
    let input = startup.later_input();
    let card = format!("crash:load:{}", round % 600);
    let scheduler = Scheduler::new(Settings::default()).0;
    let clock = Clock::local_now(4);
    let (state, entry) = scheduler.grade(
        startup.flash.states.get(&card),
        &card,
        Grade::Good,
        &clock,
        graded_id(round),
        1800,
    );
    let store = startup.store.take().expect("the store opened");
    let mut client = StoreClient::spawn(store, || {});
    client.send(Request::SaveGrade { state, entry });
    let later = input.prepare(&report);
    println!(
        "done {} {}",
        startup.flash.review_count,
        later.links.card_ids.len()
    );
    client.send(Request::ReadReviewLog(Vec::new()));
    println!("{READING_LOG}");
    for done in client.wait_idle() {
        match (done.request, done.outcome) {
            (Request::SaveGrade { entry, .. }, Outcome::Saved { .. }) => {
                println!("saved {}", entry.id)
            }
            (Request::ReadReviewLog(log), Outcome::Saved { .. }) => println!("read {}", log.len()),
            (_, outcome) => println!("failed {outcome:?}"),
        }
    }
    // Killed here with the store still open: that is not a clean close either.
    let _ = std::io::stdin().read(&mut [0u8; 1]);
    std::process::exit(0);
}

#[test]
fn a_kill_while_loading_loses_nothing() {
    if let Some(dir) = std::env::var_os(CHILD_DIR) {
        child(Path::new(&dir), env_number(CHILD_ROUND, 0));
        return;
    }
    let rounds = env_number("RAPPORT_CRASH_LOAD_ROUNDS", 16);
    let seed = env_number("RAPPORT_CRASH_SEED", 11);
    let mut rng = StdRng::seed_from_u64(seed);
    let dir = tempfile::tempdir().unwrap();
    fill(dir.path());
    let mut expected = records_of(&Startup::prepare(&[], dir.path()));
    assert_eq!(expected.reviews.len(), 3_000);
    assert_eq!(expected.progress, 40);
    let exe = std::env::current_exe().unwrap();
    let mut phases_killed_in = BTreeSet::new();
    for round in 0..rounds {
        // A phase to kill in (after it started), after the load ("done"), while the whole
        // review log is read after a grade was sent, or once that grade is acknowledged.
        let random = rng.random_range(0..=Phase::ALL.len() + 2);
        // The first rounds kill in the later phases, run while the app is already open.
        let target = match round {
            0 => phase_number(Phase::Readiness),
            1 => phase_number(Phase::SearchIndex),
            _ => random,
        };
        let saved_line = format!("saved {}", graded_id(round));
        let target_line = match Phase::ALL.get(target) {
            Some(p) => format!("phase {p:?}"),
            None if target == Phase::ALL.len() => "done".to_owned(),
            None if target == Phase::ALL.len() + 1 => READING_LOG.to_owned(),
            None => saved_line.clone(),
        };
        let mut child = Command::new(&exe)
            .args(["--exact", TEST, "--nocapture", "--test-threads=1"])
            .env(CHILD_DIR, dir.path())
            .env(CHILD_ROUND, round.to_string())
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
        let mut reached = false;
        for line in lines.by_ref() {
            let Ok(line) = line else { break };
            if line.contains(&target_line) {
                reached = true;
                break;
            }
        }
        let until = Instant::now() + Duration::from_micros(rng.random_range(0..4_000));
        while Instant::now() < until {
            std::hint::spin_loop();
        }
        child.kill().unwrap(); // SIGKILL: no destructors, no clean close.
        child.wait().unwrap();
        // What the child said before it was killed: was its grade acknowledged?
        let said: Vec<String> = lines.map_while(Result::ok).collect();
        let acknowledged = target_line == saved_line || said.contains(&saved_line);
        assert!(
            reached,
            "round {round}: the child never reached {target_line}"
        );
        phases_killed_in.insert(target);

        let next = Startup::prepare(&[], dir.path());
        let store = next
            .store
            .as_ref()
            .unwrap_or_else(|| panic!("round {round}: the store did not open"));
        // Once the store was open in the child (from the records phase on), it was not closed.
        if target >= 2 {
            assert!(
                store.checked_integrity(),
                "round {round}: killed after {target_line}, yet the whole file was not checked"
            );
        }
        let problems: Vec<_> = next
            .notices
            .iter()
            .filter(|n| n.kind != NoticeKind::ContentProblems)
            .map(|n| n.text.clone())
            .collect();
        assert!(
            problems.is_empty(),
            "round {round}: the next start said {problems:?}"
        );
        let found = records_of(&next);
        // Nothing lost; the one grade sent is there if it was acknowledged, and may be if not.
        let mut with_grade = expected.reviews.clone();
        with_grade.insert(graded_id(round));
        assert!(
            found.reviews == expected.reviews || found.reviews == with_grade,
            "round {round}: reviews changed after a kill at {target_line}"
        );
        assert!(
            !acknowledged || found.reviews.contains(&graded_id(round)),
            "round {round}: an acknowledged grade was lost (killed at {target_line})"
        );
        assert_eq!(
            (found.states, found.progress),
            (expected.states, expected.progress),
            "round {round}: records changed after a kill at {target_line}"
        );
        expected = found;
    }
    assert!(
        phases_killed_in.len() >= 6,
        "the kills spread over the phases: {phases_killed_in:?}"
    );
    // A clean close at the end: the start after it skips the whole-file check.
    let (store, _) = Store::open(dir.path()).unwrap();
    assert!(!store.checked_integrity());
}
