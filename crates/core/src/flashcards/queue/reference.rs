//! The queue as it was built before the queue index (issue 17): a hash look-up of every card's
//! state by its id and of its sibling key, kept to check that the index-based build gives the
//! same queue and deck counts.

use std::collections::HashMap;

use super::super::Card;
use super::super::schedule::{CardState, Clock, Phase, Settings};
use super::{Counts, DeckCounts, Filter, Queue, TodayCounts, hidden, misses};
use crate::practice::Weakness;

/// The queue, from the card states keyed by card id.
pub(super) fn build(
    cards: &[Card],
    states: &HashMap<String, CardState>,
    filter: &Filter,
    settings: &Settings,
    clock: &Clock,
    today: TodayCounts,
    weak: &Weakness,
) -> Queue {
    let filter = filter.compile();
    let today_end = clock.day_start(clock.today() + 1);
    let mut q = Queue::default();
    let mut reviews: Vec<(i64, usize)> = Vec::new();
    let mut new_cards: Vec<(std::cmp::Reverse<u32>, usize)> = Vec::new();
    let new_room = settings.new_per_day.saturating_sub(today.new_seen) as usize;
    // The card that holds each sibling group today: one studied today (whether it matches the
    // filter or not), or in learning; then the first one queued.
    let mut owner = HashMap::<&str, usize>::new();
    for (i, card) in cards.iter().enumerate() {
        let state = states.get(&card.id);
        if let Some(s) = state
            && (s
                .last_review
                .is_some_and(|t| clock.day_of(t) == clock.today())
                || matches!(s.phase, Phase::Learning | Phase::Relearning))
        {
            owner.entry(card.sibling_key()).or_insert(i);
        }
        if hidden(state, clock.now) || !filter.matches(card) {
            continue;
        }
        match state.map_or(Phase::New, |s| s.phase) {
            Phase::New => new_cards.push((std::cmp::Reverse(misses(card, weak)), i)),
            Phase::Learning | Phase::Relearning => {
                let due = state.map_or(0, |s| s.due);
                if due < today_end {
                    q.learning.push((i, due));
                }
            }
            Phase::Review => {
                let due = state.map_or(0, |s| s.due);
                if due < today_end {
                    reviews.push((due, i));
                }
            }
        }
    }
    let mut take = |i: usize, bury: bool| -> bool {
        let o = *owner.entry(cards[i].sibling_key()).or_insert(i);
        o == i || !bury
    };
    q.learning.sort_by_key(|&(i, due)| (due, i));
    // Most overdue first, so that a learner back from a break meets the cards at most risk.
    reviews.sort_unstable();
    let review_room = settings.reviews_per_day.saturating_sub(today.reviews_done) as usize;
    q.review = reviews
        .into_iter()
        .map(|(_, i)| i)
        .filter(|&i| take(i, settings.bury_review_siblings))
        .take(review_room)
        .collect();
    new_cards.sort_unstable();
    q.new = new_cards
        .into_iter()
        .map(|(_, i)| i)
        .filter(|&i| take(i, settings.bury_new_siblings))
        .take(new_room)
        .collect();
    q
}

/// The deck counts, from the card states keyed by card id.
pub(super) fn deck_counts(
    cards: &[Card],
    states: &HashMap<String, CardState>,
    settings: &Settings,
    clock: &Clock,
) -> DeckCounts {
    let today_end = clock.day_start(clock.today() + 1);
    // Sibling groups claimed before any new card: studied today, in learning, or holding a
    // review due today (reviews are gathered before new cards).
    let mut claimed = HashMap::<&str, usize>::new();
    for (i, card) in cards.iter().enumerate() {
        let Some(s) = states.get(&card.id) else {
            continue;
        };
        let studied = s
            .last_review
            .is_some_and(|t| clock.day_of(t) == clock.today())
            || matches!(s.phase, Phase::Learning | Phase::Relearning);
        let review_due =
            s.phase == Phase::Review && s.due < today_end && !hidden(Some(s), clock.now);
        if studied || review_due {
            claimed.entry(card.sibling_key()).or_insert(i);
        }
    }
    // Whether card `i` (new or a due review) is buried by a sibling that claimed its group.
    let mut buried = |i: usize, bury: bool| -> bool {
        let o = *claimed.entry(cards[i].sibling_key()).or_insert(i);
        o != i && bury
    };
    // Cards of a deck are next to each other, so the key is only built when the deck changes.
    let mut out = DeckCounts::new();
    let mut current: Option<((String, String), Counts)> = None;
    for (i, card) in cards.iter().enumerate() {
        if current
            .as_ref()
            .is_none_or(|((d, t), _)| *d != card.deck || *t != card.deck_title)
        {
            if let Some((key, counts)) = current.take() {
                let e = out.entry(key).or_default();
                e.0 += counts.0;
                e.1 += counts.1;
                e.2 += counts.2;
            }
            current = Some(((card.deck.clone(), card.deck_title.clone()), (0, 0, 0)));
        }
        let entry = &mut current.as_mut().expect("set above").1;
        let state = states.get(&card.id);
        if hidden(state, clock.now) {
            continue;
        }
        let due_today = state.is_some_and(|s| s.due < today_end);
        match state.map_or(Phase::New, |s| s.phase) {
            Phase::New if !buried(i, settings.bury_new_siblings) => entry.0 += 1,
            Phase::Learning | Phase::Relearning if due_today => entry.1 += 1,
            Phase::Review if due_today && !buried(i, settings.bury_review_siblings) => entry.2 += 1,
            _ => {}
        }
    }
    if let Some((key, counts)) = current {
        let e = out.entry(key).or_default();
        e.0 += counts.0;
        e.1 += counts.1;
        e.2 += counts.2;
    }
    out
}
