//! Power loss mid-review: a child process drives the store thread the app uses (grades,
//! scenario answers, plan edits, self-assessment ratings) and reports each action once the
//! store has acknowledged it; the test kills it with SIGKILL at a random point, 200 times, on
//! the same data folder. After every kill the store must open cleanly and hold every action
//! that was acknowledged, in this round and all before it.
//!
//! `RAPPORT_CRASH_ROUNDS` changes the number of rounds; `RAPPORT_CRASH_SEED` the random seed.

use std::collections::BTreeSet;
use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use rapport_core::flashcards::schedule::{Clock, Grade, Scheduler, Settings};
use rapport_core::plan::{Assessment, PlanEntry, Rating};
use rapport_core::practice::{AttemptRecord, PointRecord};
use rapport_core::store::Store;
use rapport_core::store::worker::{Outcome, Request, StoreClient};

const CHILD_DIR: &str = "RAPPORT_CRASH_CHILD_DIR";
const CHILD_ROUND: &str = "RAPPORT_CRASH_CHILD_ROUND";
const ASSESSMENT: &str = "crash-assessment";

/// What one acknowledged action was: its kind and the key it is found by after reopening.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum Action {
    Grade(i64),
    Answer(String),
    PlanEdit(String),
    Rating(String),
}

impl Action {
    fn line(&self) -> String {
        match self {
            Action::Grade(id) => format!("ack grade {id}"),
            Action::Answer(key) => format!("ack answer {key}"),
            Action::PlanEdit(id) => format!("ack plan {id}"),
            Action::Rating(id) => format!("ack rating {id}"),
        }
    }

    fn parse(line: &str) -> Option<Action> {
        let mut words = line.strip_prefix("ack ")?.splitn(2, ' ');
        let (kind, key) = (words.next()?, words.next()?.to_owned());
        Some(match kind {
            "grade" => Action::Grade(key.parse().ok()?),
            "answer" => Action::Answer(key),
            "plan" => Action::PlanEdit(key),
            "rating" => Action::Rating(key),
            _ => return None,
        })
    }
}

fn request_for(action: &Action, scheduler: &Scheduler, clock: &Clock) -> Request {
    match action {
        Action::Grade(review_id) => {
            let card_id = format!("crash:card:{}", review_id % 500);
            let (state, entry) =
                scheduler.grade(None, &card_id, Grade::Good, clock, *review_id, 3000);
            Request::SaveGrade { state, entry }
        }
        Action::Answer(key) => Request::RecordAttempt(Box::new(AttemptRecord {
            key: key.clone(),
            scenario_id: "crash/sc/1".into(),
            unit_id: "crash".into(),
            criteria: vec!["1.1".into()],
            test_key: None,
            answered_at: clock.now,
            score: 1,
            max_score: 2,
            answer: "An answer typed before the power went.".into(),
            points: vec![
                PointRecord {
                    point_id: "a".into(),
                    marking_point: "crash/mp/a".into(),
                    marker_earned: true,
                    learner_earned: None,
                    quote: Some("typed".into()),
                },
                PointRecord {
                    point_id: "b".into(),
                    marking_point: "crash/mp/b".into(),
                    marker_earned: false,
                    learner_earned: None,
                    quote: None,
                },
            ],
            misconceptions: vec!["crash/mis/1".into()],
        })),
        Action::PlanEdit(id) => Request::SavePlanEntry {
            entry: PlanEntry {
                id: id.clone(),
                need: "Closed questions".into(),
                objective: format!("Objective {id}: ask three open questions a session"),
                created_at: clock.now,
                ..PlanEntry::default()
            },
            position: 0,
        },
        Action::Rating(behaviour) => Request::SaveRating {
            assessment_id: ASSESSMENT.into(),
            behaviour_id: behaviour.clone(),
            rating: Rating {
                value: Some(3),
                target: Some(4),
                evidence: format!("Evidence for {behaviour}"),
                example: String::new(),
            },
        },
    }
}

/// The child: sends one action at a time and prints it only once the store says it is saved.
fn child(dir: &Path, round: u64) {
    let (store, _) = Store::open(dir).expect("the store opens in the child");
    let mut client = StoreClient::spawn(store, || {});
    let clock = Clock::local_now(4);
    let scheduler = Scheduler::new(Settings::default()).0;
    let mut out = std::io::stdout().lock();
    client.send(Request::SaveAssessment(Assessment {
        id: ASSESSMENT.into(),
        framework_id: "icf".into(),
        framework_version: "2019".into(),
        started_at: clock.now,
        completed_at: None,
        ratings: Default::default(),
    }));
    client.wait_idle();
    for n in 0..100_000u64 {
        let key = format!("r{round}n{n}");
        let action = match n % 4 {
            0 => Action::Grade((round * 1_000_000 + n) as i64),
            1 => Action::Answer(key),
            2 => Action::PlanEdit(key),
            _ => Action::Rating(key),
        };
        client.send(request_for(&action, &scheduler, &clock));
        for done in client.wait_idle() {
            match done.outcome {
                Outcome::Saved { .. } => {}
                Outcome::Failed(e) => panic!("the store refused {action:?}: {e}"),
            }
        }
        writeln!(out, "{}", action.line()).unwrap();
        out.flush().unwrap();
    }
}

/// Checks that every action in `acked` is in the store at `dir`.
fn assert_all_present(dir: &Path, acked: &BTreeSet<Action>, round: u64) {
    let (store, notice) =
        Store::open(dir).unwrap_or_else(|e| panic!("round {round}: the store does not open: {e}"));
    assert_eq!(
        notice, None,
        "round {round}: the store was kept aside as unreadable"
    );
    let reviews: BTreeSet<i64> = store.review_log().unwrap().iter().map(|r| r.id).collect();
    let answers: BTreeSet<String> = store
        .attempts()
        .unwrap()
        .into_iter()
        .map(|a| a.key)
        .collect();
    let dev = store.development().unwrap();
    let entries: BTreeSet<String> = dev.entries.into_iter().map(|e| e.id).collect();
    let ratings: BTreeSet<String> = dev
        .assessments
        .iter()
        .find(|a| a.id == ASSESSMENT)
        .map(|a| a.ratings.keys().cloned().collect())
        .unwrap_or_default();
    for action in acked {
        let present = match action {
            Action::Grade(id) => reviews.contains(id),
            Action::Answer(key) => answers.contains(key),
            Action::PlanEdit(id) => entries.contains(id),
            Action::Rating(id) => ratings.contains(id),
        };
        assert!(
            present,
            "round {round}: acknowledged {action:?} is missing after SIGKILL"
        );
    }
}

fn env_number(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

#[test]
fn acknowledged_actions_survive_200_kills() {
    if let (Some(dir), Some(round)) = (std::env::var_os(CHILD_DIR), std::env::var_os(CHILD_ROUND)) {
        let round = round.to_string_lossy().parse().unwrap_or(0);
        child(Path::new(&dir), round);
        return;
    }
    let rounds = env_number("RAPPORT_CRASH_ROUNDS", 200);
    let seed = env_number("RAPPORT_CRASH_SEED", 7);
    let mut rng = StdRng::seed_from_u64(seed);
    let dir = tempfile::tempdir().unwrap();
    let exe = std::env::current_exe().unwrap();
    let mut acked = BTreeSet::new();
    let mut killed_before_any_ack = 0;
    for round in 0..rounds {
        // Some rounds are killed while the store is still opening; the rest after a random
        // number of acknowledged actions, which is mid-way through the next one.
        let wait_for: usize = if rng.random_bool(0.1) {
            0
        } else {
            rng.random_range(1..=24)
        };
        let mut child = Command::new(&exe)
            .args([
                "--exact",
                "crash_safety::acknowledged_actions_survive_200_kills",
                "--nocapture",
                "--test-threads=1",
            ])
            .env(CHILD_DIR, dir.path())
            .env(CHILD_ROUND, round.to_string())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let stdout = child.stdout.take().unwrap();
        let mut seen = 0;
        if wait_for > 0 {
            for line in BufReader::new(stdout).lines() {
                let Ok(line) = line else { break };
                if let Some(action) = Action::parse(&line) {
                    acked.insert(action);
                    seen += 1;
                    if seen == wait_for {
                        break;
                    }
                }
            }
        } else {
            killed_before_any_ack += 1;
        }
        // A random moment within the next action (or the store's opening): up to 3 ms on.
        let until = Instant::now() + Duration::from_micros(rng.random_range(0..3_000));
        while Instant::now() < until {
            std::hint::spin_loop();
        }
        child.kill().unwrap(); // SIGKILL: no destructors, no flush, no checkpoint.
        child.wait().unwrap();
        assert_eq!(
            seen, wait_for,
            "round {round}: the child stopped after {seen} of {wait_for} acknowledgements"
        );
        assert_all_present(dir.path(), &acked, round);
    }
    assert!(
        killed_before_any_ack > 0,
        "some rounds kill the child while it opens the store"
    );
    let kinds: std::collections::HashSet<_> = acked.iter().map(std::mem::discriminant).collect();
    assert_eq!(kinds.len(), 4, "every kind of action was acknowledged");
    eprintln!(
        "{rounds} kills (seed {seed}), {} acknowledged actions, all present",
        acked.len()
    );
}
