//! Exam readiness at scale (issue 16), on the synthetic large pack (100 units, 20,000 cards,
//! 2,000 scenarios) with a year of one learner's history (200,000 reviews, 5,000 answers):
//!
//! - linking the pack's cards and scenarios to criteria and marking points (once per pack);
//! - computing readiness for every unit (what `rapport readiness` and the page's worker do);
//! - one frame of the readiness page once computed (target: under 4 ms).
//!
//! `cargo bench --bench readiness`. The whole `rapport readiness` command is timed from the
//! shell (docs/readiness.md).

use std::collections::BTreeMap;
use std::hint::black_box;
use std::path::Path;

#[path = "../tests/it/common.rs"]
#[allow(dead_code)]
mod common;

use criterion::{Criterion, criterion_group, criterion_main};
use egui_kittest::kittest::Queryable;
use rapport::app::Page;
use rapport::content::load_with_folders;
use rapport::flashcards::all_cards;
use rapport::flashcards::schedule::{Clock, Scheduler};
use rapport::readiness::{self, Evidence, Links};
use rapport::store::Store;
use rapport::synthetic::{self, Size};

fn make_large(dir: &Path) {
    let pack = synthetic::generate(&Size::LARGE);
    synthetic::write_pack(&dir.join("content"), &pack).expect("pack written");
    let loaded = load_with_folders(&[dir.join("content")]);
    assert_eq!(loaded.errors().count(), 0, "{:?}", loaded.errors().next());
    let clock = Clock::local_now(4);
    synthetic::write_store(&dir.join("data"), &loaded.pack, &Size::LARGE, &clock)
        .expect("history written");
}

fn engine(c: &mut Criterion, dir: &Path) {
    let loaded = load_with_folders(&[dir.join("content")]);
    let pack = &loaded.pack;
    let cards = all_cards(pack);
    let (store, _) = Store::open(&dir.join("data")).expect("store");
    let states = store.card_states().expect("states");
    let attempts = store.attempts().expect("attempts");
    let weak = store.weak_spots().expect("weak spots");
    let mut group = c.benchmark_group("readiness (large pack, a year of history)");
    group.bench_function("link cards and scenarios to marking points", |b| {
        b.iter(|| black_box(Links::build(pack, &cards)))
    });
    let links = Links::build(pack, &cards);
    let evidence = Evidence {
        states: &states,
        attempts: &attempts,
        weak_spots: &weak,
        decay: Scheduler::new(Default::default()).0.decay(),
        now: rapport::store::now_seconds(),
    };
    group.bench_function("compute every unit", |b| {
        b.iter(|| {
            black_box(readiness::compute(
                &links,
                &evidence,
                &BTreeMap::new(),
                None,
            ))
        })
    });
    group.bench_function("read the records it needs from the store", |b| {
        b.iter(|| {
            black_box((
                store.card_states().unwrap(),
                store.attempts().unwrap(),
                store.weak_spots().unwrap(),
            ))
        })
    });
    group.finish();
}

fn frame(c: &mut Criterion, dir: &Path) {
    let mut h = common::harness_with(&[dir.join("content")], &dir.join("data"));
    h.get_all_by_label("Exam readiness")
        .next()
        .expect("nav")
        .click();
    // Steps, not `run`: the page shows a spinner (which keeps repainting) until the figures
    // are in. The first step opens the page, the second starts the computation.
    h.step();
    h.step();
    assert_eq!(h.state().page(), &Page::Readiness);
    h.state_mut().readiness_mut().wait();
    h.run();
    h.get_by_label("Marking points, weakest first");
    let mut group = c.benchmark_group("one frame (large pack)");
    group.bench_function("exam readiness", |b| b.iter(|| h.step()));
    group.finish();
}

fn bench(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("temp dir");
    make_large(dir.path());
    engine(c, dir.path());
    frame(c, dir.path());
}

criterion_group!(benches, bench);
criterion_main!(benches);
