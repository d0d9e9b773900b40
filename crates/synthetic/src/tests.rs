use super::*;
use rapport_core::content::{check_folder, load_with_folders};
use rapport_core::flashcards::schedule::Clock;

const SMALL: Size = Size {
    units: 6,
    cards: 700,
    scenarios: 66,
    reviews: 4_000,
    answers: 150,
};

#[test]
fn the_large_pack_loads_clean_with_the_sizes_asked_for() {
    let dir = tempfile::tempdir().unwrap();
    let pack = generate(&Size::LARGE);
    assert_eq!(pack.card_count(), Size::LARGE.cards);
    assert_eq!(pack.scenario_count(), Size::LARGE.scenarios);
    write_pack(dir.path(), &pack).unwrap();

    let loaded = check_folder(dir.path());
    // Warnings (gaps such as misconceptions without a correction) are allowed: a tutor's pack
    // may have them.
    assert_eq!(
        loaded.errors().count(),
        0,
        "the generated pack has problems: {:?}",
        loaded.errors().take(5).collect::<Vec<_>>()
    );
    assert_eq!(loaded.pack.units.len(), Size::LARGE.units);
    assert_eq!(loaded.pack.scenarios.len(), Size::LARGE.scenarios);
    assert_eq!(
        rapport_core::flashcards::all_cards(&loaded.pack).len(),
        Size::LARGE.cards
    );
}

#[test]
fn the_same_size_makes_the_same_pack() {
    let a = generate(&SMALL);
    let b = generate(&SMALL);
    assert_eq!(a.units, b.units);
    assert_eq!(a.decks, b.decks);
    assert_eq!(a.scenarios, b.scenarios);
}

#[test]
fn the_history_is_in_the_store_after_reopening() {
    let dir = tempfile::tempdir().unwrap();
    write_pack(&dir.path().join("content"), &generate(&SMALL)).unwrap();
    let loaded = load_with_folders(&[dir.path().join("content")]);
    assert_eq!(loaded.errors().count(), 0, "{:?}", loaded.problems);
    let clock = Clock::local_now(4);
    let (summary, states) =
        write_store(&dir.path().join("data"), &loaded.pack, &SMALL, &clock).unwrap();
    assert_eq!(summary.answers, SMALL.answers);
    assert!(summary.reviews > SMALL.reviews * 9 / 10, "{summary:?}");

    let (store, notice) = rapport_core::store::Store::open(&dir.path().join("data")).unwrap();
    assert_eq!(notice, None);
    assert_eq!(store.review_log().unwrap().len(), summary.reviews);
    assert_eq!(store.card_states().unwrap().len(), states.len());
    assert_eq!(store.attempts().unwrap().len(), SMALL.answers);

    let json: serde_json::Value = serde_json::from_str(&card_states_json(&states, &clock)).unwrap();
    assert_eq!(json.as_array().unwrap().len(), states.len());
    assert!(
        json[0]["due_days"].is_i64(),
        "due_days is a whole number: {}",
        json[0]
    );
    // Each review card's interval is the days from its last review's day to its due day (it
    // was written a day short for a card graded after the start of its day).
    let today = clock.today();
    for (s, row) in states.iter().zip(json.as_array().unwrap()) {
        if s.phase == rapport_core::flashcards::schedule::Phase::Review {
            let last_day = clock.day_of(s.last_review.unwrap()) - today;
            assert_eq!(
                row["interval_days"].as_i64().unwrap(),
                row["due_days"].as_i64().unwrap() - last_day,
                "{row}"
            );
        }
    }
}

#[test]
fn the_optimiser_fits_parameters_to_a_history() {
    let clock = Clock {
        now: 1_800_000_000,
        utc_offset: 0,
        day_starts_at_hour: 0,
    };
    let col = crate::cards::collection(150, 2_000, &clock);
    let o = rapport_core::flashcards::stats::optimise(&col.log, &clock, &[], 1)
        .expect("enough reviews");
    assert_eq!(o.parameters.len(), 21);
    assert!(o.items >= rapport_core::flashcards::stats::MIN_TRAINING_ITEMS);
    for p in [o.predicted_before, o.predicted_after, o.actual] {
        assert!(p > 0.3 && p < 1.0, "{o:?}");
    }
    assert!(o.parameters.iter().all(|p| p.is_finite()));
    // Fitted to the history, the new parameters predict it better, or the current ones are
    // kept (as Anki does).
    if o.improved {
        assert!(o.log_loss_after < o.log_loss_before, "{o:?}");
    } else {
        assert!(o.parameters.is_empty(), "{o:?}");
    }
}
