//! The review log is read lazily (issue 17): opening reads only the card states, the recent
//! reviews and the log's count; the statistics and the optimiser read the whole log on the store
//! thread when opened, say so while it loads, and show what the whole log gives.

use egui::{Key, Modifiers};
use egui_kittest::kittest::Queryable;
use rapport::app::FlashTab;
use rapport::content::load_with_folders;
use rapport::flashcards::queue::TodayCounts;
use rapport::flashcards::schedule::{Clock, Phase, ReviewEntry};
use rapport::flashcards::stats;
use rapport::store::Store;
use rapport::synthetic::{self, Size};

use crate::common::{self, App};

/// A history of about 3,000 reviews of the built-in cards over the last year, most of them
/// older than yesterday (so opening does not read them).
fn with_history(data: &std::path::Path) -> Vec<ReviewEntry> {
    let size = Size {
        units: 0,
        cards: 0,
        scenarios: 0,
        reviews: 3_000,
        answers: 0,
    };
    let pack = load_with_folders(&[]).pack;
    synthetic::write_store(data, &pack, &size, &Clock::local_now(4)).unwrap();
    Store::open(data).unwrap().0.review_log().unwrap()
}

fn opened(data: &std::path::Path) -> App {
    let mut h = common::harness(data);
    h.get_by_label("Flashcards").click();
    h.run();
    h
}

#[test]
fn opening_reads_the_recent_reviews_and_the_count_not_the_whole_log() {
    let data = tempfile::tempdir().unwrap();
    let log = with_history(data.path());
    let h = opened(data.path());
    let flash = h.state().flashcards();
    assert_eq!(flash.log.reads(), 0, "the whole log was read at startup");
    assert_eq!(flash.log.len(), log.len());
    assert_eq!(flash.log.last_id(), log.iter().map(|r| r.id).max());
    assert!(
        flash.log.recent().len() * 10 < log.len(),
        "{} of {} reviews read at startup",
        flash.log.recent().len(),
        log.len()
    );
    // Today's counts (the queue's limits) as the whole log gives them.
    let clock = flash.clock();
    let mut today = TodayCounts::default();
    for r in log
        .iter()
        .filter(|r| clock.day_of(r.reviewed_at) == clock.today())
    {
        match r.phase_before {
            Phase::New => today.new_seen += 1,
            Phase::Review => today.reviews_done += 1,
            _ => {}
        }
    }
    assert_eq!(flash.today_counts(&clock), today);
    assert!(
        today.new_seen + today.reviews_done > 0,
        "the history reaches today, so the check means something"
    );
}

#[test]
fn the_statistics_say_they_are_loading_then_show_the_whole_logs_figures() {
    let data = tempfile::tempdir().unwrap();
    let log = with_history(data.path());
    let mut h = opened(data.path());
    h.get_by_label("Statistics").click();
    // Opening the tab asks for the log before the tab is first drawn, so a fast store can answer
    // before any frame shows the loading line; a fixed number of frames raced with it. Instead,
    // every frame drawn on the tab while the figures are still waiting must show the line.
    let mut waiting_frames = 0;
    for _ in 0..50 {
        let on_tab = h.state().flashcards().tab == FlashTab::Statistics;
        h.step();
        if !h.state().flashcards().stats_stale() {
            break;
        }
        if on_tab {
            waiting_frames += 1;
            h.get_by_label_contains(&format!(
                "Reading your review history ({} reviews)",
                log.len()
            ));
        }
    }
    eprintln!("frames drawn while the log was read: {waiting_frames}");
    h.state_mut().wait_for_saves();
    h.run();
    assert!(
        h.query_by_label_contains("Reading your review history")
            .is_none()
    );

    // The figures computed as before, from the whole log, on the app's cards and states.
    let flash = h.state().flashcards();
    assert_eq!(flash.log.reads(), 1);
    let expected = stats::compute(
        &flash.cards,
        &flash.states,
        &log,
        &flash.clock(),
        flash.scheduler.decay(),
        &flash.unit_titles,
    );
    let shown = flash.stats.clone().expect("statistics computed");
    assert_eq!(shown.total_reviews, log.len());
    assert_eq!(shown.today, expected.today);
    assert_eq!(shown.per_day, expected.per_day);
    assert_eq!(shown.true_retention, expected.true_retention);
    assert_eq!(shown.states, expected.states);
    assert_eq!(shown.forecast, expected.forecast);
    assert_eq!(shown.training_items, expected.training_items);
    assert!(expected.training_items >= stats::MIN_TRAINING_ITEMS);
    h.get_by_label(&format!(
        "Optimise from {} reviews",
        expected.training_items
    ));
    let s = &expected.states;
    h.get_by_label(&format!(
        "Cards: {} new, {} learning, {} review, {} suspended.",
        s.new, s.learning, s.review, s.suspended
    ));
    let year: usize = expected
        .per_day
        .range(flash.clock().today() - 364..=flash.clock().today())
        .map(|(_, n)| n)
        .sum();
    assert!(year > 0);
    h.get_by_label(&format!("{year} reviews in the last 365 days"));

    // Back to the tab with nothing changed: the figures are kept, nothing is read again.
    h.get_by_label("Decks").click();
    h.run();
    h.get_by_label("Statistics").click();
    h.run();
    assert_eq!(h.state().flashcards().log.reads(), 1);
    h.get_by_label(&format!("{year} reviews in the last 365 days"));
}

#[test]
fn a_grade_and_its_undo_right_after_opening_need_no_log() {
    let data = tempfile::tempdir().unwrap();
    let log = with_history(data.path());
    let mut h = opened(data.path());
    h.key_press(Key::Enter);
    h.run();
    let first = h.state().flashcards().current_card().unwrap().id.clone();
    h.key_press(Key::Space);
    h.run();
    h.key_press(Key::Num3);
    h.run();
    h.state_mut().wait_for_saves();
    h.run();
    let saved = Store::open(data.path()).unwrap().0.review_log().unwrap();
    assert_eq!(saved.len(), log.len() + 1, "the grade is saved");
    let graded = saved.iter().max_by_key(|r| r.id).unwrap();
    assert_eq!(graded.card_id, first);
    assert!(
        log.iter().all(|r| r.id < graded.id),
        "the new review is numbered after the whole log"
    );
    assert_eq!(h.state().flashcards().log.len(), log.len() + 1);

    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run();
    h.state_mut().wait_for_saves();
    h.run();
    let flash = h.state().flashcards();
    assert_eq!(flash.current_card().unwrap().id, first, "the card is back");
    assert_eq!(flash.log.len(), log.len());
    assert_eq!(flash.log.reads(), 0, "studying and undo read no log");
    assert_eq!(
        Store::open(data.path()).unwrap().0.review_log().unwrap(),
        log,
        "the log is as it was"
    );
}

#[test]
fn the_optimiser_reads_the_log_then_fits_it() {
    let data = tempfile::tempdir().unwrap();
    let log = with_history(data.path());
    let mut h = opened(data.path());
    common::open_statistics(&mut h);
    let items = h
        .state()
        .flashcards()
        .stats
        .as_ref()
        .unwrap()
        .training_items;
    let button = format!("Optimise from {items} reviews");
    h.get_by_label(&button).scroll_to_me();
    h.run();
    h.get_by_label(&button).click();
    h.step();
    h.state_mut().wait_for_flashcard_work();
    h.run();
    let flash = h.state().flashcards();
    assert_eq!(
        flash.log.reads(),
        2,
        "once for the statistics, once for the optimiser"
    );
    let optimised = flash.optimised.as_ref().expect("the optimiser ran");
    let clock = flash.clock();
    assert_eq!(optimised.items, stats::training_items(&log, &clock).0.len());
    assert!(flash.busy.is_none());
}
