//! Killed while opening: a child process runs the app's background load (`Startup::prepare`,
//! what the loading thread runs) on a data folder with a flashcard history, and is killed with
//! SIGKILL at a random point of a random phase, or after it finished with the store still open.
//! After every kill the next start must open the store without setting it aside, check the
//! whole file (the last session did not close), and find every record as it was.
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

const CHILD_DIR: &str = "RAPPORT_CRASH_LOAD_DIR";
const TEST: &str = "crash_loading::a_kill_while_loading_loses_nothing";

fn env_number(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// What the next start must find.
#[derive(Debug, PartialEq)]
struct Records {
    reviews: BTreeSet<i64>,
    states: usize,
    progress: usize,
}

fn records_of(startup: &Startup) -> Records {
    Records {
        reviews: startup.flash.log.iter().map(|r| r.id).collect(),
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

/// The child: one load, reporting each phase as it starts, then waits with the store open.
fn child(dir: &Path) {
    let report = |p: Phase| println!("phase {p:?}");
    let startup = Startup::prepare_with(&[], dir, &report);
    println!("done {}", startup.flash.log.len());
    // Killed here with the store still open: that is not a clean close either.
    let _ = std::io::stdin().read(&mut [0u8; 1]);
    std::process::exit(0);
}

#[test]
fn a_kill_while_loading_loses_nothing() {
    if let Some(dir) = std::env::var_os(CHILD_DIR) {
        child(Path::new(&dir));
        return;
    }
    let rounds = env_number("RAPPORT_CRASH_LOAD_ROUNDS", 16);
    let seed = env_number("RAPPORT_CRASH_SEED", 11);
    let mut rng = StdRng::seed_from_u64(seed);
    let dir = tempfile::tempdir().unwrap();
    fill(dir.path());
    let expected = records_of(&Startup::prepare(&[], dir.path()));
    assert_eq!(expected.reviews.len(), 3_000);
    assert_eq!(expected.progress, 40);
    let exe = std::env::current_exe().unwrap();
    let mut phases_killed_in = BTreeSet::new();
    for round in 0..rounds {
        // A phase to kill in (after it started), or after the load ("done").
        let target = rng.random_range(0..=Phase::ALL.len());
        let target_line = match Phase::ALL.get(target) {
            Some(p) => format!("phase {p:?}"),
            None => "done".to_owned(),
        };
        let mut child = Command::new(&exe)
            .args(["--exact", TEST, "--nocapture", "--test-threads=1"])
            .env(CHILD_DIR, dir.path())
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let stdout = child.stdout.take().unwrap();
        let mut reached = false;
        for line in BufReader::new(stdout).lines() {
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
        assert_eq!(
            records_of(&next),
            expected,
            "round {round}: records changed after a kill at {target_line}"
        );
    }
    assert!(
        phases_killed_in.len() >= 4,
        "the kills spread over the phases: {phases_killed_in:?}"
    );
    // A clean close at the end: the start after it skips the whole-file check.
    let (store, _) = Store::open(dir.path()).unwrap();
    assert!(!store.checked_integrity());
}
