//! A large synthetic collection for benchmarks and scale tests: many decks of cards with a
//! review history made by the real scheduler, so queue sizes and states look like real use.

use std::collections::HashMap;

use super::anki::OwnCard;
use super::schedule::{CardState, Clock, DAY, Grade, ReviewEntry, Scheduler, Settings};

pub struct Collection {
    pub own: Vec<OwnCard>,
    pub states: HashMap<String, CardState>,
    pub log: Vec<ReviewEntry>,
}

/// A small deterministic generator, so every run benchmarks the same collection.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

/// `cards` cards in 40 decks and about `reviews` reviews ending at `clock.now`; a fifth of the
/// cards are left new.
pub fn collection(cards: usize, reviews: usize, clock: &Clock) -> Collection {
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    // A short maximum interval keeps each card's dozen reviews inside the past, so the
    // collection reaches the review count asked for.
    let scheduler = Scheduler::new(Settings {
        maximum_interval_days: 45,
        ..Settings::default()
    })
    .0;
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
        })
        .collect();
    let studied = cards * 4 / 5;
    let per_card = reviews.div_ceil(studied.max(1));
    let mut states = HashMap::new();
    let mut log = Vec::with_capacity(reviews);
    let mut next_id = (clock.now - 800 * DAY) * 1000;
    for card in own.iter().take(studied) {
        if log.len() >= reviews {
            break;
        }
        let mut state: Option<CardState> = None;
        // Start far enough back that most cards have a history of weeks to months.
        let mut t = clock.now - (300 + rng.below(400) as i64) * DAY;
        let mut card_log = Vec::new();
        for _ in 0..per_card {
            let grade = match rng.below(20) {
                0..=2 => Grade::Again,
                3 => Grade::Hard,
                4..=17 => Grade::Good,
                _ => Grade::Easy,
            };
            next_id += 1;
            let (s, entry) =
                scheduler.grade(state.as_ref(), &card.id, grade, &clock.at(t), next_id, 8000);
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
            states.insert(card.id.clone(), s);
        }
    }
    log.truncate(reviews);
    // Log ids are the review time in milliseconds in real use; keep them ordered by time.
    log.sort_by_key(|r| (r.reviewed_at, r.id));
    for (i, r) in log.iter_mut().enumerate() {
        r.id = r.reviewed_at * 1000 + (i as i64 % 1000);
    }
    Collection { own, states, log }
}
