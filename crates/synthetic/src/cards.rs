//! A large synthetic collection for benchmarks and scale tests: many decks of cards with a
//! review history made by the real scheduler, so queue sizes and states look like real use.

use std::collections::HashMap;

use crate::Rng;
use rapport_core::flashcards::anki::OwnCard;
use rapport_core::flashcards::schedule::{
    CardState, Clock, DAY, Grade, ReviewEntry, Scheduler, Settings,
};

pub struct Collection {
    pub own: Vec<OwnCard>,
    pub states: HashMap<String, CardState>,
    pub log: Vec<ReviewEntry>,
}

/// `cards` cards in 40 decks and about `reviews` reviews ending at `clock.now`; cards beyond
/// what that history needs are left new.
pub fn collection(cards: usize, reviews: usize, clock: &Clock) -> Collection {
    let own: Vec<OwnCard> = (0..cards)
        .map(|i| OwnCard {
            id: format!("own:bench:{i}"),
            deck: format!("Deck {:02}", i * 40 / cards.max(1)),
            front: format!(
                "Question {i}: what does stage {} of model {} ask?",
                i % 7,
                i % 31
            ),
            back: format!("Answer {i}: a sentence or two of explanation, as real cards have."),
            tags: vec![format!("topic::t{}", i % 50)],
            cloze: None,
        })
        .collect();
    let ids: Vec<String> = own.iter().map(|c| c.id.clone()).collect();
    let (states, log) = history(&ids, reviews, clock);
    Collection { own, states, log }
}

/// A review history for `card_ids` made by the real scheduler: about `reviews` reviews (a few
/// more, as each card's history is whole) over the year before `clock.now`. Cards are studied
/// in order until the history is that long; the rest are left new.
pub fn history(
    card_ids: &[String],
    reviews: usize,
    clock: &Clock,
) -> (HashMap<String, CardState>, Vec<ReviewEntry>) {
    let mut rng = Rng::new(0x9e37_79b9_7f4a_7c15);
    // A daily learner over a year: each studied card was first seen some day in the last year
    // and reviewed whenever due since. A short maximum interval gives each card the dozen or so
    // reviews that a year of real use gives, so the history reaches the size asked for.
    let scheduler = Scheduler::new(Settings {
        maximum_interval_days: 30,
        ..Settings::default()
    })
    .0;
    let mut states = HashMap::new();
    let mut log = Vec::with_capacity(reviews + 64);
    let mut next_id = (clock.now - 400 * DAY) * 1000;
    for card_id in card_ids {
        if log.len() >= reviews {
            break;
        }
        let mut state: Option<CardState> = None;
        let mut t = clock.now - (120 + rng.below(245) as i64) * DAY;
        let mut card_log = Vec::new();
        for _ in 0..60 {
            let grade = match rng.below(20) {
                0..=2 => Grade::Again,
                3 => Grade::Hard,
                4..=17 => Grade::Good,
                _ => Grade::Easy,
            };
            next_id += 1;
            let (s, entry) =
                scheduler.grade(state.as_ref(), card_id, grade, &clock.at(t), next_id, 8000);
            card_log.push(entry);
            // Review a little after the due time, as learners do.
            t = s.due + rng.below(2 * DAY as u64) as i64;
            state = Some(s);
            if t > clock.now {
                break;
            }
        }
        log.extend(card_log);
        if let Some(s) = state {
            states.insert(card_id.clone(), s);
        }
    }
    // Log ids are the review time in milliseconds in real use; keep them ordered by time.
    log.sort_by_key(|r| (r.reviewed_at, r.id));
    for (i, r) in log.iter_mut().enumerate() {
        r.id = r.reviewed_at * 1000 + (i as i64 % 1000);
    }
    (states, log)
}
