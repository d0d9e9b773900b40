//! The queue and the deck counts built from the index are the ones the former build gave from
//! the card states keyed by id ([`super::reference`]), on random collections and histories; and
//! an index kept in step with changing states is the one made afresh from them.

use std::collections::HashMap;

use proptest::prelude::*;
use rand::{Rng, SeedableRng};

use super::super::schedule::DAY;
use super::super::{Card, CardKind};
use super::*;
use crate::practice::{WeakKind, Weakness};

/// A card made from `(kind, key, deck, unit)`: a key concept's forward or reverse (siblings by
/// their key concept), a deletion of a cloze note (siblings by note), or a misconception card
/// (which a weakness can bring first).
fn card_of((kind, key, deck, unit): (u8, u8, u8, u8)) -> Card {
    let (id, note) = match kind {
        0 => (format!("card:u{unit}/kc/k{key}:forward"), String::new()),
        1 => (format!("card:u{unit}/kc/k{key}:reverse"), String::new()),
        2 => {
            let note = format!("d{deck}/n{}", key / 3);
            (format!("card:{note}:c{}", key % 3), note)
        }
        _ => (format!("card:u{unit}/mis/m{key}"), String::new()),
    };
    Card {
        note: if note.is_empty() { id.clone() } else { note },
        id,
        deck: format!("d{deck}"),
        // One deck id under two titles, as the deck list keys decks by both.
        deck_title: if deck == 2 && kind == 3 {
            "Other title".to_owned()
        } else {
            format!("Deck {deck}")
        },
        unit: format!("u{unit}"),
        section: "Key concepts".to_owned(),
        topic: format!("Topic {}", key % 2),
        tags: Vec::new(),
        front: format!("front {key}"),
        back: "back".to_owned(),
        kind: CardKind::Basic,
    }
}

/// The cards of `specs`, each id once (as `all_cards` keeps them).
fn cards_of(specs: Vec<(u8, u8, u8, u8)>) -> Vec<Card> {
    let mut seen = std::collections::HashSet::new();
    specs
        .into_iter()
        .map(card_of)
        .filter(|c| seen.insert(c.id.clone()))
        .collect()
}

/// A card's state from `(phase, due, last review, suspended, buried)`, times relative to `now`;
/// phase 0 is no state at all.
type StateSpec = (u8, i64, Option<i64>, bool, Option<i64>);

fn state_of(
    id: &str,
    (phase, due, last, suspended, buried): StateSpec,
    now: i64,
) -> Option<CardState> {
    let mut s = CardState::new(id);
    s.phase = match phase {
        0 => return None,
        1 => Phase::New,
        2 => Phase::Learning,
        3 => Phase::Relearning,
        _ => Phase::Review,
    };
    s.due = now + due;
    s.last_review = last.map(|t| now + t);
    s.suspended = suspended;
    s.buried_until = buried.map(|t| now + t);
    Some(s)
}

fn state_spec() -> impl Strategy<Value = StateSpec> {
    (
        0u8..6,
        -3 * DAY..3 * DAY,
        proptest::option::of(-2 * DAY..DAY),
        proptest::bool::weighted(0.1),
        proptest::option::weighted(0.1, -DAY..DAY),
    )
}

const FILTERS: [&str; 9] = [
    "",
    "deck:d0",
    "deck:d1 deck:d2",
    "unit:u1",
    "deck:d2 unit:u0",
    "tag:topic::topic-1",
    "front",
    "deck:d1 front 3",
    "card:card:u0/mis/m1 card:card:u1/kc/k2:forward",
];

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn the_queue_and_deck_counts_are_the_references(
        specs in proptest::collection::vec((0u8..4, 0u8..8, 0u8..3, 0u8..2), 0..60),
        states in proptest::collection::vec(state_spec(), 60),
        weak in proptest::collection::vec((0u8..8, 0u8..2, 0u32..4), 0..5),
        filter in 0..FILTERS.len(),
        (new_per_day, reviews_per_day, bury_new, bury_review) in (0u32..40, 0u32..40, any::<bool>(), any::<bool>()),
        (new_seen, reviews_done) in (0u32..10, 0u32..10),
        (now, utc_offset, day_starts_at_hour) in (400 * DAY..401 * DAY, -12i64..14, 0u32..24),
    ) {
        let cards = cards_of(specs);
        let states: HashMap<String, CardState> = cards
            .iter()
            .zip(states)
            .filter_map(|(c, spec)| state_of(&c.id, spec, now))
            .map(|s| (s.card_id.clone(), s))
            .collect();
        let mut weakness = Weakness::default();
        for (key, unit, misses) in weak {
            weakness.add(WeakKind::Misconception, &format!("u{unit}/mis/m{key}"), misses);
        }
        let filter = Filter { query: FILTERS[filter].to_owned() };
        let settings = Settings {
            new_per_day,
            reviews_per_day,
            bury_new_siblings: bury_new,
            bury_review_siblings: bury_review,
            ..Settings::default()
        };
        let today = TodayCounts { new_seen, reviews_done };
        let clock = Clock { now, utc_offset: utc_offset * 3600, day_starts_at_hour };
        let index = QueueIndex::new(&cards, &states);
        prop_assert_eq!(
            build_indexed(&cards, &index, &filter, &settings, &clock, today, &weakness),
            reference::build(&cards, &states, &filter, &settings, &clock, today, &weakness)
        );
        prop_assert_eq!(
            deck_counts_indexed(&index, &settings, &clock),
            reference::deck_counts(&cards, &states, &settings, &clock)
        );
    }

    /// States set, changed and removed one by one through `set` leave the index as one made
    /// afresh from the states.
    #[test]
    fn an_index_kept_in_step_is_one_made_afresh(
        specs in proptest::collection::vec((0u8..4, 0u8..8, 0u8..3, 0u8..2), 1..40),
        changes in proptest::collection::vec((0usize..40, state_spec()), 0..30),
    ) {
        let cards = cards_of(specs);
        let now = 400 * DAY;
        let mut states = HashMap::new();
        let mut index = QueueIndex::new(&cards, &states);
        for (i, spec) in changes {
            let i = i % cards.len();
            match state_of(&cards[i].id, spec, now) {
                Some(s) => {
                    index.set(i, Some(&s));
                    states.insert(s.card_id.clone(), s);
                }
                None => {
                    states.remove(&cards[i].id);
                    index.set(i, None);
                }
            }
        }
        prop_assert_eq!(&index, &QueueIndex::new(&cards, &states));
    }
}

/// Random states over the built-in cards (a real pack's ids, notes and decks): new, learning,
/// reviews due or not, studied today, suspended or buried; the queue is the reference's, with
/// burying on and off, every limit, and each deck's counts.
#[test]
fn the_queue_is_the_references_on_the_builtin_cards() {
    let cards = super::super::all_cards(&crate::content::load_builtin().pack);
    assert!(cards.len() > 100);
    let clock = Clock {
        now: 400 * DAY + 5000,
        utc_offset: 3600,
        day_starts_at_hour: 4,
    };
    let mut weak = Weakness::default();
    for card in cards
        .iter()
        .filter(|c| c.topic == "Misconceptions")
        .step_by(3)
    {
        let item = card.id.strip_prefix("card:").expect("a generated card");
        weak.add(WeakKind::Misconception, item, 1 + item.len() as u32 % 3);
    }
    let mut rng = rand::rngs::StdRng::seed_from_u64(17);
    for round in 0..20 {
        let mut states = HashMap::new();
        for card in &cards {
            let roll = rng.random_range(0..10);
            if roll < 3 {
                continue;
            }
            let mut s = CardState::new(&card.id);
            s.phase = match roll {
                3 | 4 => Phase::Learning,
                5 => Phase::Relearning,
                _ => Phase::Review,
            };
            s.due = clock.now + rng.random_range(-3 * DAY..3 * DAY);
            if rng.random_range(0..3) == 0 {
                s.last_review = Some(clock.now - rng.random_range(0..2 * DAY));
            }
            s.suspended = rng.random_range(0..20) == 0;
            if rng.random_range(0..20) == 0 {
                s.buried_until = Some(clock.now + 100);
            }
            states.insert(card.id.clone(), s);
        }
        let index = QueueIndex::new(&cards, &states);
        for (bury_new, bury_review) in [(true, true), (false, false), (true, false)] {
            let settings = Settings {
                new_per_day: 1 + round * 7,
                reviews_per_day: 50 + round * 40,
                bury_new_siblings: bury_new,
                bury_review_siblings: bury_review,
                ..Settings::default()
            };
            let today = TodayCounts {
                new_seen: round % 3,
                reviews_done: round % 5,
            };
            let weak = if round % 2 == 0 {
                &weak
            } else {
                &Weakness::default()
            };
            let filter = Filter::all();
            assert_eq!(
                build_indexed(&cards, &index, &filter, &settings, &clock, today, weak),
                reference::build(&cards, &states, &filter, &settings, &clock, today, weak),
                "round {round}, bury {bury_new}/{bury_review}"
            );
            assert_eq!(
                deck_counts_indexed(&index, &settings, &clock),
                reference::deck_counts(&cards, &states, &settings, &clock),
                "round {round}, bury {bury_new}/{bury_review}"
            );
        }
    }
}
