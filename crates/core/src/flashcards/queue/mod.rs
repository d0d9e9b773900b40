//! Which cards to study now: a filter over the cards, the learner's states and today's limits.
//!
//! The queue is built from a [`QueueIndex`], which holds what the queue reads of every card in
//! arrays by the card's index: building it is then one pass over those arrays (issue 17).

mod filter;
mod index;
#[cfg(test)]
mod reference;
#[cfg(test)]
mod same_as_reference;
#[cfg(test)]
mod tests;

use std::collections::{BTreeMap, HashMap};
use std::ops::Range;

use super::Card;
use super::schedule::{CardState, Clock, Phase, Settings};
use crate::practice::WeakKind;
use crate::practice::Weakness;
pub use filter::{CompiledFilter, Filter};
pub use index::QueueIndex;
use index::quick_hash;

/// Learning cards due this soon are shown when nothing else is left, rather than making the
/// learner wait a few minutes (Anki's "learn ahead" limit).
pub const LEARN_AHEAD_SECS: i64 = 20 * 60;

/// How much of today's limits has been used, from the review log.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct TodayCounts {
    pub new_seen: u32,
    pub reviews_done: u32,
}

/// Cards to show, as indices into the card list, each list in the order to show it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Queue {
    /// Learning and relearning cards, by due time (some may be due a little later today).
    pub learning: Vec<(usize, i64)>,
    pub review: Vec<usize>,
    pub new: Vec<usize>,
}

/// Whether the card is hidden today (suspended, or buried until a later time).
pub fn hidden(state: Option<&CardState>, now: i64) -> bool {
    state.is_some_and(|s| s.suspended || s.buried_until.is_some_and(|b| b > now))
}

/// How often the learner has shown the mistake this card is about in scenario practice: a
/// misconception card (`card:<misconception id>`) carries its misconception's misses.
pub fn misses(card: &Card, weak: &Weakness) -> u32 {
    card.id
        .strip_prefix("card:")
        .map_or(0, |source| weak.misses(WeakKind::Misconception, source))
}

/// The cards to study now. New cards about mistakes the learner keeps making in scenario
/// practice (`weak`) are taken first, then the rest in content order; reviews due today are
/// ordered most overdue first.
///
/// Siblings (cards sharing a [`Card::sibling_key`]: a key concept's forward and reverse, the
/// deletions of one cloze note) are buried as Anki buries them with its bury-siblings options
/// on (`Settings::bury_new_siblings`, `bury_review_siblings`): a new or review card is left out
/// for the day when a sibling was studied today, is in learning, or is already in
/// this queue (learning cards first, then reviews, then new cards, as Anki gathers them). So a
/// card's reverse never comes straight after it. Nothing is written: tomorrow the sibling is
/// due again, as Anki's "buried until the next day" gives.
pub fn build(
    cards: &[Card],
    states: &HashMap<String, CardState>,
    filter: &Filter,
    settings: &Settings,
    clock: &Clock,
    today: TodayCounts,
    weak: &Weakness,
) -> Queue {
    let index = QueueIndex::new(cards, states);
    build_indexed(cards, &index, filter, settings, clock, today, weak)
}

/// [`build`] with the cards' [`QueueIndex`] (kept by a caller that builds queues again and
/// again, as the app does): one pass over the index, no look-up by card id.
pub fn build_indexed(
    cards: &[Card],
    index: &QueueIndex,
    filter: &Filter,
    settings: &Settings,
    clock: &Clock,
    today: TodayCounts,
    weak: &Weakness,
) -> Queue {
    debug_assert_eq!(index.len(), cards.len(), "the index is of other cards");
    let wanted = index.wanted(filter.compile());
    let today_span = today_span(clock);
    let today_end = today_span.end;
    let mut q = Queue::default();
    let mut reviews: Vec<(i64, usize)> = Vec::new();
    let mut new_cards: Vec<usize> = Vec::new();
    let new_room = settings.new_per_day.saturating_sub(today.new_seen) as usize;
    // The card that holds each sibling group today: one studied today (whether it matches the
    // filter or not), or in learning; then the first one queued.
    let mut owners = Owners::new(index);
    let slots = index.slots.iter().zip(&index.group).zip(cards);
    for (i, ((slot, &group), _)) in slots.enumerate() {
        if slot.holds_group(&today_span) {
            owners.claim(group, i);
        }
        if slot.hidden(clock.now) || !wanted.matches(cards, i) {
            continue;
        }
        match slot.phase {
            Phase::New => new_cards.push(i),
            Phase::Learning | Phase::Relearning => {
                if slot.due < today_end {
                    q.learning.push((i, slot.due));
                }
            }
            Phase::Review => {
                if slot.due < today_end {
                    reviews.push((slot.due, i));
                }
            }
        }
    }
    q.learning.sort_unstable_by_key(|&(i, due)| (due, i));
    // Most overdue first, so that a learner back from a break meets the cards at most risk.
    reviews.sort_unstable();
    let review_room = settings.reviews_per_day.saturating_sub(today.reviews_done) as usize;
    q.review = owners.take(
        reviews.into_iter().map(|(_, i)| i),
        review_room,
        settings.bury_review_siblings,
    );
    most_missed_first(cards, index, &mut new_cards, weak);
    q.new = owners.take(new_cards.into_iter(), new_room, settings.bury_new_siblings);
    q
}

/// The learner's day on `clock`: from its start to the start of the next (a moment `t` is in it
/// exactly when `clock.day_of(t) == clock.today()`).
fn today_span(clock: &Clock) -> Range<i64> {
    clock.day_start(clock.today())..clock.day_start(clock.today() + 1)
}

/// Which card holds each sibling group, by group number: the first to claim it.
struct Owners<'a> {
    owner: Vec<u32>,
    group: &'a [u32],
}

impl<'a> Owners<'a> {
    const NOBODY: u32 = u32::MAX;

    fn new(index: &'a QueueIndex) -> Self {
        Owners {
            owner: vec![Self::NOBODY; index.groups],
            group: &index.group,
        }
    }

    /// Card `card` claims group `group`; returns whether it holds it (it does unless another
    /// card claimed the group first).
    fn claim(&mut self, group: u32, card: usize) -> bool {
        let owner = &mut self.owner[group as usize];
        if *owner == Self::NOBODY {
            *owner = card as u32;
        }
        *owner == card as u32
    }

    /// Up to `room` of `cards`, in their order, each claiming its group as it comes; with
    /// `bury`, a card whose group another card holds is left out. The cards after the last
    /// one taken claim nothing.
    fn take(&mut self, cards: impl Iterator<Item = usize>, room: usize, bury: bool) -> Vec<usize> {
        let mut out = Vec::new();
        for i in cards {
            if out.len() >= room {
                break;
            }
            if self.claim(self.group[i], i) || !bury {
                out.push(i);
            }
        }
        out
    }
}

/// Puts the new cards about the mistakes in `weak` first, most missed first, and keeps the rest
/// in content order: `new_cards` (in content order) sorted by (most misses, index). Only the
/// cards whose weakness key is one of `weak`'s misconceptions are looked at.
fn most_missed_first(
    cards: &[Card],
    index: &QueueIndex,
    new_cards: &mut Vec<usize>,
    weak: &Weakness,
) {
    let mut keys: Vec<u64> = weak
        .of_kind(WeakKind::Misconception)
        .filter(|&(_, misses)| misses > 0)
        .map(|(item, _)| quick_hash(item))
        .collect();
    if keys.is_empty() {
        return;
    }
    keys.sort_unstable();
    let mut first: Vec<(std::cmp::Reverse<u32>, usize)> = Vec::new();
    new_cards.retain(|&i| {
        if keys.binary_search(&index.weak_key[i]).is_err() {
            return true;
        }
        match misses(&cards[i], weak) {
            0 => true,
            m => {
                first.push((std::cmp::Reverse(m), i));
                false
            }
        }
    });
    first.sort_unstable();
    new_cards.splice(0..0, first.into_iter().map(|(_, i)| i));
}

impl Queue {
    /// The next card at `now`: a learning card that is due, then reviews and new cards mixed
    /// (one new card after every few reviews, so new cards do not all wait for the end), then a
    /// learning card due within the learn-ahead limit.
    pub fn next(&self, now: i64, reviewed_this_session: usize) -> Option<usize> {
        if let Some(&(i, due)) = self.learning.first()
            && due <= now
        {
            return Some(i);
        }
        let new_turn =
            !self.new.is_empty() && (self.review.is_empty() || reviewed_this_session % 4 == 3);
        if new_turn {
            return self.new.first().copied();
        }
        if let Some(&i) = self.review.first() {
            return Some(i);
        }
        match self.learning.first() {
            Some(&(i, due)) if due <= now + LEARN_AHEAD_SECS => Some(i),
            _ => None,
        }
    }

    /// Learning cards waiting beyond the learn-ahead limit, with the soonest due time.
    pub fn waiting(&self) -> Option<i64> {
        self.learning.first().map(|&(_, due)| due)
    }

    pub fn remove(&mut self, index: usize) {
        self.learning.retain(|&(i, _)| i != index);
        self.review.retain(|&i| i != index);
        self.new.retain(|&i| i != index);
    }

    /// Puts a card graded into (or still in) learning back in the queue at its due time.
    pub fn requeue_learning(&mut self, index: usize, due: i64) {
        self.remove(index);
        let at = self.learning.partition_point(|&(_, d)| d <= due);
        self.learning.insert(at, (index, due));
    }

    /// (new, learning, review) left, as shown above the card.
    pub fn counts(&self) -> (usize, usize, usize) {
        (self.new.len(), self.learning.len(), self.review.len())
    }

    pub fn is_empty(&self) -> bool {
        self.learning.is_empty() && self.review.is_empty() && self.new.is_empty()
    }
}

/// (new available, learning due today, reviews due).
pub type Counts = (usize, usize, usize);

/// Due counts per deck: (deck id, deck title) -> counts.
pub type DeckCounts = BTreeMap<(String, String), Counts>;

/// Counts per deck without today's limits, as the deck list shows them. Buried siblings are
/// left out as [`build`] leaves them out, so the counts are what a session can reach.
pub fn deck_counts(
    cards: &[Card],
    states: &HashMap<String, CardState>,
    settings: &Settings,
    clock: &Clock,
) -> DeckCounts {
    deck_counts_indexed(&QueueIndex::new(cards, states), settings, clock)
}

/// [`deck_counts`] from the cards' [`QueueIndex`].
pub fn deck_counts_indexed(index: &QueueIndex, settings: &Settings, clock: &Clock) -> DeckCounts {
    let today_span = today_span(clock);
    let today_end = today_span.end;
    // Sibling groups claimed before any new card: studied today, in learning, or holding a
    // review due today (reviews are gathered before new cards).
    let mut owners = Owners::new(index);
    for (i, (slot, &group)) in index.slots.iter().zip(&index.group).enumerate() {
        let review_due =
            slot.phase == Phase::Review && slot.due < today_end && !slot.hidden(clock.now);
        if slot.holds_group(&today_span) || review_due {
            owners.claim(group, i);
        }
    }
    // Whether card `i` (new or a due review) is buried by a sibling that claimed its group.
    let mut buried = |i: usize, bury: bool| -> bool { !owners.claim(index.group[i], i) && bury };
    let mut counts: Vec<Counts> = vec![(0, 0, 0); index.decks.len()];
    for (i, (slot, &deck)) in index.slots.iter().zip(&index.deck).enumerate() {
        if slot.hidden(clock.now) {
            continue;
        }
        let entry = &mut counts[deck as usize];
        let due_today = slot.due < today_end;
        match slot.phase {
            Phase::New if !buried(i, settings.bury_new_siblings) => entry.0 += 1,
            Phase::Learning | Phase::Relearning if due_today => entry.1 += 1,
            Phase::Review if due_today && !buried(i, settings.bury_review_siblings) => entry.2 += 1,
            _ => {}
        }
    }
    index.decks.iter().cloned().zip(counts).collect()
}
