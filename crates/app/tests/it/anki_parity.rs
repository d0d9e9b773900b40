//! Rapport's scheduler checked against the real Anki library (the `anki` package, 26.9, whose
//! scheduler uses the same fsrs crate): a history made by Rapport is loaded into an Anki
//! collection (`tests/anki/parity.py`), then for every card Anki's memory state from that
//! history and its four answer buttons are compared with Rapport's.
//!
//! - memory states equal within float rounding;
//! - without fuzz (Anki in its test mode) the next interval of every grade equal;
//! - with fuzz (seeded by card id and review count in both) equal as well;
//! - with Anki's load balancer as well (so inside Anki's fuzz window, and the day Anki picks).

use std::collections::HashMap;
use std::path::Path;
use std::process::Command;

use rapport::flashcards::fuzz::DueLoad;
use rapport::flashcards::schedule::{
    CardState, Clock, DAY, Phase, ReviewEntry, Scheduler, Settings,
};
use serde_json::{Value, json};

use super::anki_export::anki_python;

/// Anki card ids for the history's cards: Rapport calls an imported card `anki:<id>`.
const FIRST_CID: i64 = 1_500_000_000_000;
const CARDS: usize = 1_500;
const REVIEWS: usize = 15_000;

/// `RAPPORT_PARITY_REVIEWS=200000` runs the same comparison on a year-sized history (cards: a
/// tenth of the reviews).
fn history(clock: &Clock) -> (HashMap<String, CardState>, Vec<ReviewEntry>) {
    let reviews: usize = std::env::var("RAPPORT_PARITY_REVIEWS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(REVIEWS);
    let cards = if reviews == REVIEWS {
        CARDS
    } else {
        reviews / 10
    };
    let ids: Vec<String> = (0..cards)
        .map(|i| format!("anki:{}", FIRST_CID + i as i64))
        .collect();
    rapport_synthetic::cards::history(&ids, reviews, clock)
}

fn cid(card_id: &str) -> i64 {
    card_id.strip_prefix("anki:").unwrap().parse().unwrap()
}

fn input(states: &[&CardState], log: &[ReviewEntry], clock: &Clock, settings: &Settings) -> Value {
    let today = clock.today();
    let cards: Vec<Value> = states
        .iter()
        .map(|s| {
            let steps = match s.phase {
                Phase::Relearning => settings.relearning_steps.len(),
                _ => settings.learning_steps.len(),
            };
            json!({
                "cid": cid(&s.card_id),
                "phase": match s.phase {
                    Phase::New => "new",
                    Phase::Learning => "learning",
                    Phase::Review => "review",
                    Phase::Relearning => "relearning",
                },
                "due_days": clock.day_of(s.due) - today,
                "due_secs": s.due,
                "interval_days": s.last_review.map_or(0, |l| clock.day_of(s.due) - clock.day_of(l)).max(0),
                "reps": s.reps,
                "lapses": s.lapses,
                "left": steps.saturating_sub(s.step as usize),
                "last_review": s.last_review,
            })
        })
        .collect();
    let revlog: Vec<Value> = log
        .iter()
        .map(|r| {
            let ivl = if r.interval_days >= 1.0 {
                r.interval_days.round() as i64
            } else {
                -((r.interval_days * DAY as f32).round() as i64)
            };
            let kind = match r.phase_before {
                Phase::New | Phase::Learning => 0,
                Phase::Review => 1,
                Phase::Relearning => 2,
            };
            json!([r.id, cid(&r.card_id), r.grade, ivl, 0, r.duration_ms, kind])
        })
        .collect();
    json!({
        "cards": cards,
        "revlog": revlog,
        "learning_steps": settings.learning_steps,
        "relearning_steps": settings.relearning_steps,
        "maximum_interval": settings.maximum_interval_days,
        "desired_retention": settings.desired_retention,
        "parameters": settings.parameters,
    })
}

fn run_anki(dir: &Path, input: &Path, mode: &str) -> Value {
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/anki/parity.py");
    let out = dir.join(format!("{mode}.json"));
    let mut cmd = Command::new(anki_python());
    cmd.arg(script)
        .arg(input)
        .arg(&out)
        .arg(dir.join(format!("{mode}.anki2")))
        .arg(mode)
        // Rapport's clock below is UTC with the day starting at 4, Anki's default rollover.
        .env("TZ", "UTC");
    if mode == "plain" {
        // Anki's test mode turns its fuzz off.
        cmd.env("ANKI_TEST_MODE", "1");
    }
    let started = std::time::Instant::now();
    let output = cmd.output().unwrap();
    eprintln!("parity: Anki ({mode}) took {:?}", started.elapsed());
    assert!(
        output.status.success(),
        "Anki ({mode}) failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&std::fs::read(out).unwrap()).unwrap()
}

/// What Rapport's four buttons would do: `["days", n]` or `["secs", n]`, as the script says
/// Anki's.
fn rapport_next(scheduler: &Scheduler, state: &CardState, clock: &Clock) -> Vec<Value> {
    scheduler
        .outcomes(Some(state), &state.card_id, clock)
        .iter()
        .map(|o| match o.state.phase {
            Phase::Review => json!(["days", clock.day_of(o.state.due) - clock.today()]),
            _ => json!(["secs", o.interval_secs]),
        })
        .collect()
}

#[test]
fn memory_states_and_next_intervals_equal_ankis_for_every_card() {
    let started = std::time::Instant::now();
    let now = rapport::store::now_seconds();
    let clock = Clock {
        now,
        utc_offset: 0,
        day_starts_at_hour: 4,
    };
    // Between 2 and 4 in the morning, Anki's test mode (no fuzz) moves its clock back two
    // hours; Rapport's clock for that comparison does the same.
    let hour = (now % DAY) / 3600;
    let plain_clock = if (2..4).contains(&hour) {
        clock.at(now - 2 * 3600)
    } else {
        clock
    };
    let (states, log) = history(&clock);
    eprintln!("parity: history made in {:?}", started.elapsed());
    let mut sorted: Vec<&CardState> = states.values().collect();
    sorted.sort_by_key(|s| cid(&s.card_id));
    let settings = Settings::default();
    let dir = tempfile::tempdir().unwrap();
    let input_path = dir.path().join("history.json");
    std::fs::write(
        &input_path,
        serde_json::to_vec(&input(&sorted, &log, &clock, &settings)).unwrap(),
    )
    .unwrap();

    let scheduler_with = |fuzz: bool, load_balance: bool| {
        let mut s = Scheduler::new(Settings {
            fuzz,
            load_balance,
            ..settings.clone()
        })
        .0;
        s.load = DueLoad::from_states(states.values(), &clock);
        s
    };

    // Memory states, and the intervals without fuzz.
    let plain = run_anki(dir.path(), &input_path, "plain");
    assert!(
        plain["anki"].as_str().unwrap().starts_with("26."),
        "{}",
        plain["anki"]
    );
    let scheduler = scheduler_with(false, false);
    // Anki's memory state is computed from the history (as Rapport's is after new parameters);
    // Rapport's live states come from grading. The two differ only where a review was made
    // exactly as a day started: Anki's replay counts it in the day before, its live grading
    // (and Rapport's) in the new day. So both replays are compared, and the live differences
    // counted.
    let replayed: HashMap<String, CardState> =
        rapport::flashcards::stats::recompute_memory(&log, &states, &plain_clock, &[], |_, _| {})
            .unwrap()
            .into_iter()
            .map(|s| (s.card_id.clone(), s))
            .collect();
    let mut identical = 0;
    let mut worst = 0f32;
    let mut interval_mismatch = Vec::new();
    for s in &sorted {
        let anki = &plain["cards"][cid(&s.card_id).to_string()];
        let (stability, difficulty) = replayed.get(&s.card_id).unwrap_or(s).memory.unwrap();
        let m = anki["memory"]
            .as_array()
            .unwrap_or_else(|| panic!("{}: {anki}", s.card_id));
        let (a_s, a_d) = (m[0].as_f64().unwrap() as f32, m[1].as_f64().unwrap() as f32);
        if (a_s, a_d) == (stability, difficulty) {
            identical += 1;
        } else {
            // Reviews made exactly as a day starts: Anki counts them in the day before.
            let on_boundary = log
                .iter()
                .filter(|r| r.card_id == s.card_id)
                .filter(|r| r.reviewed_at == clock.day_start(clock.day_of(r.reviewed_at)))
                .count();
            eprintln!(
                "parity: {} differs: Rapport ({stability}, {difficulty}), Anki ({a_s}, {a_d}); \
                 {on_boundary} of its reviews made exactly at the start of a day",
                s.card_id
            );
        }
        let rel = ((a_s - stability).abs() / stability).max((a_d - difficulty).abs() / difficulty);
        worst = worst.max(rel);
        let ours = rapport_next(&scheduler, s, &plain_clock);
        if anki["next"].as_array().unwrap() != &ours {
            interval_mismatch.push(format!(
                "{} {:?}: Anki {} Rapport {ours:?}",
                s.card_id, s.phase, anki["next"]
            ));
        }
    }
    let phases = [Phase::Learning, Phase::Review, Phase::Relearning]
        .map(|p| sorted.iter().filter(|s| s.phase == p).count());
    eprintln!(
        "parity: {} cards' live memory differs from their history replayed (reviews made \
         exactly as a day started)",
        replayed.len()
    );
    eprintln!(
        "parity: {} cards (learning, review, relearning: {phases:?}), {} reviews; memory bit-identical on {identical}, largest relative \
         difference {worst:e}; intervals without fuzz differ on {}",
        sorted.len(),
        log.len(),
        interval_mismatch.len()
    );
    assert!(
        worst < 1e-5,
        "memory states differ by more than float rounding: {worst}"
    );
    assert!(
        interval_mismatch.is_empty(),
        "{} of {} cards get other intervals than in Anki (no fuzz), e.g.:\n{}",
        interval_mismatch.len(),
        sorted.len(),
        interval_mismatch
            .iter()
            .take(10)
            .cloned()
            .collect::<Vec<_>>()
            .join("\n")
    );

    // The optimiser on the same history: the same items, and a fit as good as Anki's.
    let optimising = std::time::Instant::now();
    let ours = rapport::flashcards::stats::optimise(&log, &plain_clock, &[], 1).unwrap();
    eprintln!(
        "parity: Rapport's optimiser took {:?}",
        optimising.elapsed()
    );
    let theirs = &plain["optimised"];
    let anki_loss = theirs["log_loss"].as_f64().unwrap() as f32;
    let anki_parameters: Vec<f32> = theirs["parameters"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p.as_f64().unwrap() as f32)
        .collect();
    eprintln!(
        "parity: optimiser on {} items (Anki {}): log loss {} (Anki {anki_loss}), RMSE {} \
         (Anki {}); same parameters: {}",
        ours.items,
        theirs["items"],
        ours.log_loss_after,
        ours.rmse_after,
        theirs["rmse"],
        ours.parameters == anki_parameters
    );
    assert_eq!(ours.items as u64, theirs["items"].as_u64().unwrap());
    assert!(ours.improved, "{ours:?}");
    assert!(
        (ours.log_loss_after - anki_loss).abs() <= anki_loss * 0.005,
        "log loss {} against Anki's {anki_loss}",
        ours.log_loss_after
    );

    // With fuzz, seeded the same way, the same day.
    let fuzzed = run_anki(dir.path(), &input_path, "fuzz");
    let scheduler = scheduler_with(true, false);
    let mut mismatch = Vec::new();
    for s in &sorted {
        let anki = &fuzzed["cards"][cid(&s.card_id).to_string()]["next"];
        let ours = rapport_next(&scheduler, s, &clock);
        if anki.as_array().unwrap() != &ours {
            mismatch.push(format!("{}: Anki {anki} Rapport {ours:?}", s.card_id));
        }
    }
    eprintln!("parity: with fuzz, intervals differ on {}", mismatch.len());
    assert!(
        mismatch.is_empty(),
        "{} cards get other fuzzed days than in Anki, e.g.:\n{}",
        mismatch.len(),
        mismatch
            .iter()
            .take(10)
            .cloned()
            .collect::<Vec<_>>()
            .join("\n")
    );

    // With Anki's load balancer (built from the same due days), the same day again: so the
    // day is inside Anki's fuzz window, and is the one Anki picks in it.
    let balanced = run_anki(dir.path(), &input_path, "balance");
    let scheduler = scheduler_with(true, true);
    let (mut days, mut mismatch) = (0, Vec::new());
    for s in &sorted {
        let anki = &balanced["cards"][cid(&s.card_id).to_string()]["next"];
        let ours = rapport_next(&scheduler, s, &clock);
        days += ours.iter().filter(|o| o[0] == "days").count();
        if anki.as_array().unwrap() != &ours {
            mismatch.push(format!("{}: Anki {anki} Rapport {ours:?}", s.card_id));
        }
    }
    eprintln!(
        "parity: with the load balancer, {} day intervals; cards that differ: {}",
        days,
        mismatch.len()
    );
    assert!(
        mismatch.is_empty(),
        "{} cards get other load-balanced days than in Anki, e.g.:\n{}",
        mismatch.len(),
        mismatch
            .iter()
            .take(10)
            .cloned()
            .collect::<Vec<_>>()
            .join("\n")
    );
    eprintln!("parity: took {:?}", started.elapsed());
}
