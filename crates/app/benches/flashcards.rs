//! Speed of the flashcards on a synthetic collection of 20,000 cards and 200,000 reviews:
//! building the study queue, grading one card (the computation, and its commit to SQLite), and
//! one frame of the study view.

use rapport::practice::Weakness;
use std::hint::black_box;

// The app harness the view tests use.
#[path = "../tests/it/common.rs"]
#[allow(dead_code)]
mod common;

use criterion::{Criterion, criterion_group, criterion_main};
use egui_kittest::kittest::Queryable;
use rapport::flashcards::Card;
use rapport::flashcards::anki::OwnCard;
use rapport::flashcards::queue::{self, Filter, TodayCounts};
use rapport::flashcards::schedule::{Clock, Grade, Scheduler, Settings};
use rapport::store::Store;
use rapport::synthetic::cards as synthetic;

const CARDS: usize = 20_000;
const REVIEWS: usize = 200_000;

fn bench(c: &mut Criterion) {
    let clock = Clock::local_now(4);
    let col = synthetic::collection(CARDS, REVIEWS, &clock);
    eprintln!(
        "synthetic collection: {} cards, {} with a state, {} reviews",
        col.own.len(),
        col.states.len(),
        col.log.len()
    );
    let cards: Vec<Card> = col.own.iter().map(OwnCard::to_card).collect();
    let settings = Settings {
        new_per_day: 9999,
        reviews_per_day: 99_999,
        ..Settings::default()
    };
    let scheduler = Scheduler::new(settings.clone()).0;
    // Made once with the cards, as the app does, then kept in step with the states.
    let index = queue::QueueIndex::new(&cards, &col.states);

    c.bench_function("queue build (20k cards, all decks)", |b| {
        b.iter(|| {
            black_box(queue::build_indexed(
                &cards,
                &index,
                &Filter::all(),
                &settings,
                &clock,
                TodayCounts::default(),
                &Weakness::default(),
            ))
        })
    });
    c.bench_function("queue build (20k cards, one deck by filter)", |b| {
        b.iter(|| {
            black_box(queue::build_indexed(
                &cards,
                &index,
                &Filter::deck("own:deck-07"),
                &settings,
                &clock,
                TodayCounts::default(),
                &Weakness::default(),
            ))
        })
    });

    c.bench_function("queue index (20k cards, made once when they load)", |b| {
        b.iter(|| black_box(queue::QueueIndex::new(&cards, &col.states)))
    });

    let reviewed = col.states.values().next().expect("a reviewed card").clone();
    c.bench_function("grade one card (compute)", |b| {
        b.iter(|| {
            black_box(scheduler.grade(
                Some(&reviewed),
                &reviewed.card_id,
                Grade::Good,
                &clock,
                1,
                5000,
            ))
        })
    });

    let dir = tempfile::tempdir().expect("temp dir");
    {
        let (mut store, _) = Store::open(dir.path()).expect("store");
        store.add_own_cards(&col.own, clock.now).expect("cards");
        let states: Vec<_> = col.states.values().cloned().collect();
        store.load_history(&states, &col.log).expect("history");
        let mut next_id = col.log.last().map_or(1, |r| r.id + 1);
        c.bench_function("grade one card (compute + commit, synchronous=FULL)", |b| {
            b.iter(|| {
                next_id += 1;
                let (state, entry) = scheduler.grade(
                    Some(&reviewed),
                    &reviewed.card_id,
                    Grade::Good,
                    &clock,
                    next_id,
                    5000,
                );
                store.save_grade(&state, &entry).expect("saved");
            })
        });
    }

    // The whole app on that store, studying: what one frame of the study view costs.
    let mut harness = common::harness(dir.path());
    harness.get_by_label("Flashcards").click();
    harness.run();
    harness.key_press(egui::Key::Enter);
    harness.run();
    harness.key_press(egui::Key::Space);
    harness.run();
    assert!(
        harness.state().flashcards().current_card().is_some(),
        "the study view shows a card"
    );
    c.bench_function("flashcard study view, one frame", |b| {
        b.iter(|| harness.step())
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
