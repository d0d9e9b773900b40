//! Speed at scale (issue 7), on the built-in pack and on the synthetic large pack (100 units,
//! 20,000 flashcards, 2,000 scenarios) with a year of one learner's history (200,000 reviews,
//! 5,000 scenario answers):
//!
//! - load and validate each pack (target: built-in under 50 ms);
//! - search, one keystroke at a time, over the large pack (target: under 5 ms a keystroke);
//! - build the study queue, grade a card (marking a 300-word answer is in `benches/marking.rs`);
//! - the CPU time of one frame of each main view on the large pack (target: under 4 ms).
//!
//! - how the queue build and the first letters of a search grow with the pack: the large pack
//!   at 1x, 2x and 4x (issue 17: both under 5 ms at 4x, the queue build linear in the cards).
//!
//! `cargo bench --bench scale`; the README's "Scale and speed" has the latest figures.

use std::hint::black_box;
use std::path::Path;

// The app harness the view tests use.
#[path = "../tests/it/common.rs"]
#[allow(dead_code)]
mod common;

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use egui_kittest::kittest::Queryable;
use rapport::app::Page;
use rapport::content::{load_builtin, load_with_folders};
use rapport::flashcards::queue::{self, Filter, TodayCounts};
use rapport::flashcards::schedule::{Clock, Grade, Scheduler};
use rapport::practice::Weakness;
use rapport::search::SearchIndex;
use rapport::store::Store;
use rapport::synthetic::{self, Size, ops::uncapped_settings};

/// Writes the large pack and its history under `dir` (`content/`, `data/`).
fn make_large(dir: &Path) {
    let pack = synthetic::generate(&Size::LARGE);
    synthetic::write_pack(&dir.join("content"), &pack).expect("pack written");
    let loaded = load_with_folders(&[dir.join("content")]);
    assert_eq!(loaded.errors().count(), 0, "{:?}", loaded.errors().next());
    let clock = Clock::local_now(4);
    synthetic::write_store(&dir.join("data"), &loaded.pack, &Size::LARGE, &clock)
        .expect("history written");
}

fn loading(c: &mut Criterion, dir: &Path) {
    let content = [dir.join("content")];
    let mut group = c.benchmark_group("load and validate");
    group.bench_function("built-in pack", |b| b.iter(|| black_box(load_builtin())));
    group.sample_size(10);
    group.bench_function("large pack on top of the built-in one", |b| {
        b.iter(|| black_box(load_with_folders(&content)))
    });
    group.finish();
}

fn searching(c: &mut Criterion, dir: &Path) {
    let pack = load_with_folders(&[dir.join("content")]).pack;
    let index = SearchIndex::build(&pack);
    eprintln!("search index: {} items", index.entries().len());
    let mut group = c.benchmark_group("search per keystroke (large pack)");
    // What the index sees as a learner types, misspelling on the way.
    for typed in [
        "c",
        "co",
        "conf",
        "confid",
        "confidentaility",
        "reflective practise",
    ] {
        group.bench_with_input(BenchmarkId::from_parameter(typed), typed, |b, typed| {
            b.iter(|| black_box(index.search(typed, 50)))
        });
    }
    group.finish();
}

fn studying(c: &mut Criterion, dir: &Path) {
    let pack = load_with_folders(&[dir.join("content")]).pack;
    let cards = rapport::flashcards::all_cards(&pack);
    let (store, _) = Store::open(&dir.join("data")).expect("store");
    let states = store.card_states().expect("states");
    let settings = uncapped_settings();
    let clock = Clock::local_now(settings.day_starts_at_hour);
    let index = queue::QueueIndex::new(&cards, &states);
    let mut group = c.benchmark_group("flashcards (large pack, a year of reviews)");
    group.bench_function("build the study queue", |b| {
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
    let scheduler = Scheduler::new(settings.clone()).0;
    let reviewed = states.values().next().expect("a reviewed card").clone();
    group.bench_function("grade a card (compute)", |b| {
        b.iter(|| {
            black_box(scheduler.grade(
                Some(&reviewed),
                &reviewed.card_id,
                Grade::Good,
                &clock,
                1,
                4000,
            ))
        })
    });
    group.finish();
}

use common::App;

fn app_on(dir: &Path) -> App {
    common::harness_with(&[dir.join("content")], &dir.join("data"))
}

fn go(h: &mut App, label: &str) {
    h.get_all_by_label(label).next().expect(label).click();
    h.run();
    let page = Page::AREAS
        .iter()
        .find(|(_, l, _)| *l == label)
        .map(|(p, _, _)| p.clone());
    assert_eq!(Some(h.state().page()), page.as_ref(), "{label} is open");
}

fn frames(c: &mut Criterion, dir: &Path) {
    let mut group = c.benchmark_group("one frame (large pack)");
    let mut bench = |name: &str, h: &mut App| {
        group.bench_function(name, |b| b.iter(|| h.step()));
    };
    let mut h = app_on(dir);
    bench("units list", &mut h);
    h.get_by_label_contains("Synthetic unit 0:").click();
    h.run();
    assert!(
        matches!(h.state().page(), Page::Unit(id) if id == "synthetic-u000"),
        "the unit page is open"
    );
    bench("unit page", &mut h);
    h.key_press(egui::Key::Slash);
    h.run();
    h.get_by_role(egui::accesskit::Role::TextInput)
        .type_text("confidentiality");
    h.run();
    assert!(
        !h.state().search_hits().is_empty(),
        "the search found items"
    );
    bench("search with results", &mut h);
    h.key_press(egui::Key::Escape);
    h.run();
    go(&mut h, "Flashcards");
    bench("flashcard decks", &mut h);
    h.key_press(egui::Key::Enter);
    h.run();
    h.key_press(egui::Key::Space);
    h.run();
    assert!(
        h.state().flashcards().current_card().is_some(),
        "the study view shows a card"
    );
    bench("flashcard study, answer shown", &mut h);
    h.key_press(egui::Key::Escape);
    h.run();
    h.get_by_label("Statistics").click();
    // The tab reads the review log on the store thread: timed once it is shown.
    h.step();
    h.state_mut().wait_for_saves();
    h.run();
    assert!(
        h.state().flashcards().stats.is_some(),
        "the statistics are computed"
    );
    bench("flashcard statistics (a year of reviews)", &mut h);
    h.get_by_label("Decks").click();
    h.run();
    go(&mut h, "Scenarios");
    bench("scenarios", &mut h);
    h.get_by_label("Start practice (P)").click();
    h.run();
    h.get_by_label("Leave (Esc)");
    bench("scenario question", &mut h);
    h.key_press(egui::Key::Escape);
    h.run();
    go(&mut h, "Self-assessment");
    bench("self-assessment", &mut h);
    go(&mut h, "Development plan");
    bench("development plan", &mut h);
    go(&mut h, "Classroom drill");
    bench("classroom drill setup", &mut h);
    group.finish();
}

/// The queue build and the search's first keystrokes on the large pack `n` times over, with the
/// history's card states made in memory (the store is not what is measured here).
fn growth(c: &mut Criterion) {
    for times in [1, 2, 4] {
        let size = Size::large_times(times);
        let dir = tempfile::tempdir().expect("temp dir");
        let pack = synthetic::generate(&size);
        synthetic::write_pack(&dir.path().join("content"), &pack).expect("pack written");
        let loaded = load_with_folders(&[dir.path().join("content")]);
        assert_eq!(loaded.errors().count(), 0, "{:?}", loaded.errors().next());
        let pack = loaded.pack;
        let cards = rapport::flashcards::all_cards(&pack);
        let settings = uncapped_settings();
        let clock = Clock::local_now(settings.day_starts_at_hour);
        let ids: Vec<String> = cards.iter().map(|c| c.id.clone()).collect();
        let (states, _) = synthetic::cards::history(&ids, size.reviews, &clock);
        let index = SearchIndex::build(&pack);
        eprintln!(
            "{times}x: {} cards, {} studied, {} search items",
            cards.len(),
            states.len(),
            index.entries().len()
        );
        // Made once when the app loads the cards, then kept in step with the states.
        let queue_index = queue::QueueIndex::new(&cards, &states);
        let mut group = c.benchmark_group(format!("growth {times}x"));
        group.bench_function("build the study queue", |b| {
            b.iter(|| {
                black_box(queue::build_indexed(
                    &cards,
                    &queue_index,
                    &Filter::all(),
                    &settings,
                    &clock,
                    TodayCounts::default(),
                    &Weakness::default(),
                ))
            })
        });
        group.bench_function("make the queue index", |b| {
            b.iter(|| black_box(queue::QueueIndex::new(&cards, &states)))
        });
        for typed in ["c", "co", "conf", "reflective practise"] {
            group.bench_with_input(BenchmarkId::new("search", typed), typed, |b, typed| {
                b.iter(|| black_box(index.search(typed, 50)))
            });
        }
        group.finish();
    }
}

fn scale(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("temp dir");
    make_large(dir.path());
    loading(c, dir.path());
    searching(c, dir.path());
    studying(c, dir.path());
    frames(c, dir.path());
}

criterion_group!(benches, growth, scale);
criterion_main!(benches);
