//! The study operations that `benches/anki_compare.py` also times in Anki: find the cards with a
//! word, build the due queue, answer cards one by one with each answer committed, as the app does.
//!
//! So that both sides do the same work, the queue build is timed from the open store (reading the
//! card states, then building; Anki reads its cards table), and answering can be given daily
//! limits (`AnswerPlan::limits`) and a grade sequence: with the limits, both sides answer exactly
//! the learning cards due now, that many reviews and that many new cards, in the grades given.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::Instant;

use rapport_core::content::Pack;
use rapport_core::flashcards::Card;
use rapport_core::flashcards::queue::{self, Filter, TodayCounts};
use rapport_core::flashcards::schedule::{CardState, Clock, Grade, Phase, Scheduler, Settings};
use rapport_core::practice::Weakness;
use rapport_core::store::{STORE_FILE, Store, StoreError};

/// Medians, in milliseconds, and what each operation found.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct OpsTimings {
    pub cards: usize,
    pub find_ms: f64,
    pub found: usize,
    /// Reading every card state from the open store, then building the queue.
    pub queue_ms: f64,
    /// Building the queue alone, from card states already in memory (not compared with Anki,
    /// whose queue build always reads its database).
    pub queue_memory_ms: f64,
    pub queue_due: usize,
    pub answer_ms: f64,
    pub answered: usize,
    /// What the answered cards were before their answer: new, learning or relearning, review.
    pub answered_new: usize,
    pub answered_learning: usize,
    pub answered_review: usize,
    pub repeats: usize,
}

/// How many cards to answer, and how.
#[derive(Debug, Clone, PartialEq)]
pub struct AnswerPlan {
    /// At most this many answers.
    pub count: usize,
    /// New cards and reviews a day while answering (`None`: no limit). Answering stops when no
    /// card is due now (a learning card due later is not taken ahead of time).
    pub limits: Option<(u32, u32)>,
    /// The grades given, in turn, cycling (answer `i` gets `grades[i % len]`).
    pub grades: Vec<Grade>,
}

/// Reads a grade sequence written as letters, `a` Again, `h` Hard, `g` Good, `e` Easy (either
/// case), e.g. `gghgageg`.
pub fn parse_grades(text: &str) -> Result<Vec<Grade>, String> {
    let grades = text
        .chars()
        .enumerate()
        .map(|(i, c)| match c.to_ascii_lowercase() {
            'a' => Ok(Grade::Again),
            'h' => Ok(Grade::Hard),
            'g' => Ok(Grade::Good),
            'e' => Ok(Grade::Easy),
            _ => Err(format!(
                "`{c}` (character {} of `{text}`) is not a grade; use a, h, g or e for Again, \
                 Hard, Good, Easy",
                i + 1
            )),
        })
        .collect::<Result<Vec<_>, _>>()?;
    if grades.is_empty() {
        return Err("give at least one grade (a, h, g or e)".to_owned());
    }
    Ok(grades)
}

/// Daily limits high enough that neither side's queue is capped, as the comparison sets in Anki.
pub fn uncapped_settings() -> Settings {
    Settings {
        new_per_day: 100_000,
        reviews_per_day: 100_000,
        ..Settings::default()
    }
}

fn median(mut samples: Vec<f64>) -> f64 {
    samples.sort_by(f64::total_cmp);
    samples.get(samples.len() / 2).copied().unwrap_or(0.0)
}

fn ms_since(start: Instant) -> f64 {
    start.elapsed().as_secs_f64() * 1000.0
}

/// Times the three operations on the pack's cards and the store in `data_dir`, `repeats` times
/// each. The store is never written: answering works on a copy in `scratch`.
pub fn run(
    pack: &Pack,
    data_dir: &Path,
    scratch: &Path,
    word: &str,
    plan: &AnswerPlan,
    repeats: usize,
) -> Result<OpsTimings, StoreError> {
    let repeats = repeats.max(1);
    let cards = rapport_core::flashcards::all_cards(pack);
    // The learner's folder is only read: its file (and write-ahead log) are copied, and every
    // open, check or repair happens on the copy. A missing or unreadable store is an error,
    // never created or moved aside.
    let store_file = data_dir.join(STORE_FILE);
    if !std::fs::metadata(&store_file).is_ok_and(|m| m.is_file()) {
        return Err(StoreError::Folder {
            path: data_dir.to_path_buf(),
            reason: format!(
                "there is no data file ({STORE_FILE}) here; bench-ops only reads an existing one \
                 (make one with generate-large)"
            ),
        });
    }
    let source = scratch.join("source");
    copy_store(data_dir, &source)?;
    let (store, notice) = Store::open(&source)?;
    if let Some(rapport_core::store::OpenNotice::KeptAside { reason, .. }) = notice {
        return Err(StoreError::File {
            path: store_file,
            reason: format!("cannot be read ({reason}); it was left as it is"),
        });
    }
    let states = store.card_states()?;
    // Once, before the copies: with the write-ahead log folded in, the file alone is whole.
    store.checkpoint()?;
    let settings = uncapped_settings();
    let clock = Clock::local_now(settings.day_starts_at_hour);

    let filter = Filter {
        query: word.to_owned(),
    };
    let mut found = 0;
    let find_ms = median(
        (0..repeats)
            .map(|_| {
                let start = Instant::now();
                let compiled = filter.compile();
                found = cards.iter().filter(|c| compiled.matches(c)).count();
                ms_since(start)
            })
            .collect(),
    );

    // From the open store, as Anki builds its queue from its open collection: read the card
    // states (the store's pages are in SQLite's cache after the read above, as Anki's are after
    // its warm-up), then build.
    let mut queue_due = 0;
    let mut queue_samples = Vec::new();
    for _ in 0..repeats {
        let start = Instant::now();
        let read = store.card_states()?;
        let q = build_queue(&cards, &read, &settings, &clock);
        let (new, learning, review) = q.counts();
        queue_due = new + learning + review;
        queue_samples.push(ms_since(start));
    }
    drop(store);
    let queue_memory_ms = median(
        (0..repeats)
            .map(|_| {
                let start = Instant::now();
                let q = build_queue(&cards, &states, &settings, &clock);
                std::hint::black_box(q.counts());
                ms_since(start)
            })
            .collect(),
    );

    let answer_settings = match plan.limits {
        Some((new_per_day, reviews_per_day)) => Settings {
            new_per_day,
            reviews_per_day,
            ..Settings::default()
        },
        None => settings.clone(),
    };
    let mut answered = Answered::default();
    let mut answer_samples = Vec::new();
    for round in 0..repeats {
        let copy = scratch.join(format!("answer-{round}"));
        copy_store(&source, &copy)?;
        let (mut store, _) = Store::open(&copy)?;
        let start = Instant::now();
        answered = answer(
            &mut store,
            &cards,
            states.clone(),
            &answer_settings,
            &clock,
            plan,
        )?;
        answer_samples.push(ms_since(start));
        drop(store);
        let _ = std::fs::remove_dir_all(&copy);
    }

    Ok(OpsTimings {
        cards: cards.len(),
        find_ms,
        found,
        queue_ms: median(queue_samples),
        queue_memory_ms,
        queue_due,
        answer_ms: median(answer_samples),
        answered: answered.new + answered.learning + answered.review,
        answered_new: answered.new,
        answered_learning: answered.learning,
        answered_review: answered.review,
        repeats,
    })
}

/// The answered cards by what they were before their answer.
#[derive(Debug, Default, Clone, Copy)]
struct Answered {
    new: usize,
    learning: usize,
    review: usize,
}

fn build_queue(
    cards: &[Card],
    states: &HashMap<String, CardState>,
    settings: &Settings,
    clock: &Clock,
) -> queue::Queue {
    queue::build(
        cards,
        states,
        &Filter::all(),
        settings,
        clock,
        TodayCounts::default(),
        &Weakness::default(),
    )
}

/// Answers up to `plan.count` cards in queue order with `plan.grades` in turn, committing each
/// answer before the next, as the study view does; stops when no card is due now.
fn answer(
    store: &mut Store,
    cards: &[Card],
    mut states: HashMap<String, CardState>,
    settings: &Settings,
    clock: &Clock,
    plan: &AnswerPlan,
) -> Result<Answered, StoreError> {
    let scheduler = Scheduler::new(settings.clone()).0;
    let mut q = build_queue(cards, &states, settings, clock);
    let mut review_id = clock.now * 1000;
    let mut answered = Answered::default();
    for done in 0..plan.count {
        let Some(index) = q.next(clock.now, done) else {
            break;
        };
        let card = &cards[index];
        let before = states.get(&card.id);
        match before.map_or(Phase::New, |s| s.phase) {
            // A learning card due later (the learn-ahead): nothing else is due now.
            Phase::Learning | Phase::Relearning if before.is_some_and(|s| s.due > clock.now) => {
                break;
            }
            Phase::Learning | Phase::Relearning => answered.learning += 1,
            Phase::New => answered.new += 1,
            Phase::Review => answered.review += 1,
        }
        review_id += 1;
        let grade = plan.grades[done % plan.grades.len().max(1)];
        let (state, entry) = scheduler.grade(before, &card.id, grade, clock, review_id, 4000);
        store.save_grade(&state, &entry)?;
        if matches!(state.phase, Phase::Learning | Phase::Relearning) {
            q.requeue_learning(index, state.due);
        } else {
            q.remove(index);
        }
        states.insert(card.id.clone(), state);
    }
    Ok(answered)
}

/// Copies the (checkpointed) store file into `to` and flushes the copy to disk, so that the
/// answers timed next do not pay for writing it.
fn copy_store(data_dir: &Path, to: &Path) -> Result<(), StoreError> {
    let folder_error = |path: PathBuf, e: std::io::Error| StoreError::Folder {
        path,
        reason: e.to_string(),
    };
    std::fs::create_dir_all(to).map_err(|e| folder_error(to.to_path_buf(), e))?;
    for name in [STORE_FILE.to_owned(), format!("{STORE_FILE}-wal")] {
        let from = data_dir.join(&name);
        if name != STORE_FILE && !from.exists() {
            continue;
        }
        let copy = to.join(&name);
        std::fs::copy(&from, &copy)
            .and_then(|_| std::fs::File::open(&copy)?.sync_all())
            .map_err(|e| folder_error(to.to_path_buf(), e))?;
    }
    Ok(())
}
