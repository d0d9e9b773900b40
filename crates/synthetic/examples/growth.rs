//! How the study queue build and a search's first letters grow with the pack (issue 17): the
//! large pack at 1x, 2x and 4x, medians of many runs, in CPU time (the machine is shared). A quick figure without the app's GUI
//! dependencies; `crates/app/benches/scale.rs` ("growth") measures the same with criterion.
//!
//!     cargo run --release -p rapport-synthetic --example growth [-- 1 2 4]

use std::hint::black_box;
use std::time::Instant;

use rapport_core::content::load_with_folders;
use rapport_core::flashcards::queue::{self, Filter, TodayCounts};
use rapport_core::flashcards::schedule::Clock;
use rapport_core::practice::Weakness;
use rapport_core::search::SearchIndex;
use rapport_synthetic::{Size, ops::uncapped_settings};

/// This thread's time on a CPU so far, in nanoseconds, if it can be read: unlike the wall
/// clock, it leaves out the time the thread waited for a core on a loaded machine.
fn cpu_ns() -> Option<u64> {
    let mut t = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: `t` is a valid timespec for the call to fill in.
    let ok = unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut t) } == 0;
    ok.then(|| t.tv_sec as u64 * 1_000_000_000 + t.tv_nsec as u64)
}

/// The median of `runs` timings of `f` after one run to warm up, in milliseconds: CPU time,
/// or wall time where CPU time cannot be read.
fn median_ms(runs: usize, mut f: impl FnMut()) -> f64 {
    f();
    let mut samples: Vec<f64> = (0..runs)
        .map(|_| {
            let (start, cpu) = (Instant::now(), cpu_ns());
            f();
            match (cpu, cpu_ns()) {
                (Some(a), Some(b)) => (b - a) as f64 / 1e6,
                _ => start.elapsed().as_secs_f64() * 1e3,
            }
        })
        .collect();
    samples.sort_by(f64::total_cmp);
    samples[samples.len() / 2]
}

fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .map(|s| s.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_default()
}

fn main() {
    let times: Vec<usize> = std::env::args()
        .skip(1)
        .filter_map(|a| a.parse().ok())
        .collect();
    let times = if times.is_empty() {
        vec![1, 2, 4]
    } else {
        times
    };
    for n in times {
        let size = Size::large_times(n);
        let dir = tempfile::tempdir().expect("temp dir");
        let content = dir.path().join("content");
        rapport_synthetic::write_pack(&content, &rapport_synthetic::generate(&size))
            .expect("pack written");
        let pack = load_with_folders(&[content]).pack;
        let cards = rapport_core::flashcards::all_cards(&pack);
        let settings = uncapped_settings();
        let clock = Clock::local_now(settings.day_starts_at_hour);
        let ids: Vec<String> = cards.iter().map(|c| c.id.clone()).collect();
        let (states, _) = rapport_synthetic::cards::history(&ids, size.reviews, &clock);
        let index = SearchIndex::build(&pack);
        // Made once when the app loads the cards, then kept in step with the states.
        let queue_index = queue::QueueIndex::new(&cards, &states);
        let build = |filter: &Filter, weak: &Weakness| {
            queue::build_indexed(
                &cards,
                &queue_index,
                filter,
                &settings,
                &clock,
                TodayCounts::default(),
                weak,
            )
        };
        let q = build(&Filter::all(), &Weakness::default());
        println!(
            "{n}x: {} cards, {} studied, queue {:?}, {} search items; load {}",
            cards.len(),
            states.len(),
            q.counts(),
            index.entries().len(),
            load_average()
        );
        let queue_ms = median_ms(41, || {
            black_box(build(&Filter::all(), &Weakness::default()));
        });
        println!("  {n}x build the study queue: {queue_ms:.2} ms");
        let deck = Filter::deck(&cards[cards.len() / 2].deck);
        let ms = median_ms(41, || {
            black_box(build(&deck, &Weakness::default()));
        });
        println!("  {n}x build the study queue of one deck: {ms:.2} ms");
        // A learner who keeps making some mistakes in scenario practice: one misconception in
        // ten (their cards come first).
        let mut weak = Weakness::default();
        for (k, card) in cards
            .iter()
            .filter(|c| c.topic == "Misconceptions")
            .enumerate()
        {
            if k % 10 == 0
                && let Some(item) = card.id.strip_prefix("card:")
            {
                weak.add(
                    rapport_core::practice::WeakKind::Misconception,
                    item,
                    1 + k as u32 % 3,
                );
            }
        }
        let ms = median_ms(41, || {
            black_box(build(&Filter::all(), &weak));
        });
        println!("  {n}x build the study queue with weak spots: {ms:.2} ms");
        let ms = median_ms(11, || {
            black_box(queue::QueueIndex::new(&cards, &states));
        });
        println!("  {n}x make the queue index (once, when the cards load): {ms:.2} ms");
        let ms = median_ms(41, || {
            black_box(queue::deck_counts_indexed(&queue_index, &settings, &clock));
        });
        println!("  {n}x count the decks: {ms:.2} ms");
        if std::env::var_os("GROWTH_PARTS").is_some() {
            let ms = median_ms(41, || {
                black_box(cards.iter().filter(|c| states.contains_key(&c.id)).count());
            });
            println!("  {n}x   states looked up: {ms:.2} ms");
            let ms = median_ms(41, || {
                let mut owner = std::collections::HashMap::new();
                for (i, c) in cards.iter().enumerate() {
                    owner.entry(c.sibling_key()).or_insert(i);
                }
                black_box(owner.len());
            });
            println!("  {n}x   sibling keys mapped: {ms:.2} ms");
            let total: usize = cards.iter().map(|c| c.id.len()).sum();
            let longest = cards.iter().map(|c| c.id.len()).max().unwrap_or(0);
            let keys: usize = cards.iter().map(|c| c.sibling_key().len()).sum();
            println!(
                "  {n}x   ids: {total} bytes, longest {longest}; sibling keys {keys} bytes; e.g. {:?} {:?}",
                cards[0].id,
                cards[cards.len() - 1].id
            );
            let weak = Weakness::default();
            let ms = median_ms(41, || {
                black_box(cards.iter().map(|c| queue::misses(c, &weak)).sum::<u32>());
            });
            println!("  {n}x   misses: {ms:.2} ms");
            let f = Filter::all().compile();
            let ms = median_ms(41, || {
                black_box(cards.iter().filter(|c| f.matches(c)).count());
            });
            println!("  {n}x   filter: {ms:.2} ms");
        }
        for typed in ["c", "co", "conf", "confidentaility", "reflective practise"] {
            let ms = median_ms(41, || {
                black_box(index.search(typed, 50));
            });
            println!("  {n}x search {typed:?}: {ms:.2} ms");
        }
        println!("  load after {n}x: {}", load_average());
    }
}
