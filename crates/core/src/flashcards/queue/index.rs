//! What the queue reads of each card, in arrays by the card's index: built once when the cards
//! are loaded, and kept in step with the card states as they change, so that building the queue
//! is one pass over plain arrays, with no look-up of a state by its card id, no hashing and no
//! text (issue 17). The states keyed by card id stay the app's record of them.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::ops::Range;

use super::super::Card;
use super::super::schedule::{CardState, Phase};
use super::filter::CompiledFilter;

/// A quick hash (FxHash's mixing, eight bytes at a time) for the text the index is built from:
/// sibling keys, decks and units, and card ids as weaknesses name them. The text comes from the
/// learner's own packs, so the flooding SipHash guards against is no concern here.
#[derive(Default)]
pub(super) struct QuickHasher(u64);

impl Hasher for QuickHasher {
    fn write(&mut self, bytes: &[u8]) {
        for chunk in bytes.chunks(8) {
            let mut word = [0u8; 8];
            word[..chunk.len()].copy_from_slice(chunk);
            self.0 = (self.0.rotate_left(5) ^ u64::from_le_bytes(word))
                .wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
        }
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

type QuickMap<K> = HashMap<K, u32, BuildHasherDefault<QuickHasher>>;

/// The quick hash of a text, as the index keeps a card's weakness key (see [`weak_key`]).
pub(super) fn quick_hash(text: &str) -> u64 {
    let mut h = QuickHasher::default();
    h.write(text.as_bytes());
    h.finish()
}

/// What a card is looked up by in the learner's weaknesses (see `queue::misses`), hashed: its id
/// after `card:`. Equal hashes are only a hint; the queue then asks `misses` itself.
fn weak_key(card: &Card) -> u64 {
    quick_hash(card.id.strip_prefix("card:").unwrap_or(&card.id))
}

/// What the queue reads of a card's state. A card never studied reads as [`Slot::NEW`], which
/// the queue treats as it treated a card without a state.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Slot {
    /// When the card is due (what the queue reads of it for learning and review cards).
    pub(super) due: i64,
    /// When the card was last reviewed; `i64::MIN` if never.
    last_review: i64,
    /// The card is hidden while the time is before this: `i64::MAX` when suspended, the end of
    /// its burial when buried, `i64::MIN` otherwise.
    hidden_until: i64,
    pub(super) phase: Phase,
}

impl Slot {
    pub(super) const NEW: Slot = Slot {
        due: 0,
        last_review: i64::MIN,
        hidden_until: i64::MIN,
        phase: Phase::New,
    };

    pub(super) fn of(state: Option<&CardState>) -> Slot {
        let Some(s) = state else {
            return Slot::NEW;
        };
        Slot {
            due: s.due,
            last_review: s.last_review.unwrap_or(i64::MIN),
            hidden_until: if s.suspended {
                i64::MAX
            } else {
                s.buried_until.unwrap_or(i64::MIN)
            },
            phase: s.phase,
        }
    }

    /// As `queue::hidden`: suspended, or buried until after `now`.
    pub(super) fn hidden(&self, now: i64) -> bool {
        now < self.hidden_until
    }

    /// Whether the card holds its sibling group today (`today`: from the start of the learner's
    /// day to the start of the next): it was studied today, or it is in learning.
    pub(super) fn holds_group(&self, today: &Range<i64>) -> bool {
        today.contains(&self.last_review)
            || matches!(self.phase, Phase::Learning | Phase::Relearning)
    }
}

/// What the queue reads of every card, by the card's index in the card list it was made from.
/// Make it with [`QueueIndex::new`] when the cards are loaded (or change), and tell it each
/// change of a card's state with [`QueueIndex::set`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct QueueIndex {
    pub(super) slots: Vec<Slot>,
    /// Each card's sibling group (cards sharing a `Card::sibling_key`), numbered from 0.
    pub(super) group: Vec<u32>,
    pub(super) groups: usize,
    /// Each card's deck, an index into `decks` (deck id and title, as the deck list keys them).
    pub(super) deck: Vec<u32>,
    pub(super) decks: Vec<(String, String)>,
    /// Each card's unit, an index into `units`.
    unit: Vec<u32>,
    units: Vec<String>,
    /// Each card's weakness key ([`weak_key`]).
    pub(super) weak_key: Vec<u64>,
}

/// Numbers each distinct key from 0, in the order first met.
struct Numbering<K> {
    numbers: QuickMap<K>,
    distinct: Vec<K>,
    /// The last key numbered and its number: cards of one deck, unit or note come together, so
    /// most keys are the last one again, which is found without hashing.
    last: Option<(K, u32)>,
}

impl<K: std::hash::Hash + Eq + Copy> Numbering<K> {
    fn new() -> Self {
        Numbering {
            numbers: QuickMap::default(),
            distinct: Vec::new(),
            last: None,
        }
    }

    fn number(&mut self, key: K) -> u32 {
        if let Some((last, n)) = self.last
            && last == key
        {
            return n;
        }
        let n = *self.numbers.entry(key).or_insert_with(|| {
            self.distinct.push(key);
            (self.distinct.len() - 1) as u32
        });
        self.last = Some((key, n));
        n
    }
}

impl QueueIndex {
    /// The index of `cards` with their `states` (keyed by card id): one pass over the cards, with
    /// one look-up of each card's state.
    pub fn new(cards: &[Card], states: &HashMap<String, CardState>) -> QueueIndex {
        let n = cards.len();
        let mut index = QueueIndex {
            slots: Vec::with_capacity(n),
            group: Vec::with_capacity(n),
            deck: Vec::with_capacity(n),
            unit: Vec::with_capacity(n),
            weak_key: Vec::with_capacity(n),
            ..QueueIndex::default()
        };
        let mut groups = Numbering::new();
        groups.numbers.reserve(n);
        let mut decks = Numbering::new();
        let mut units = Numbering::new();
        for card in cards {
            index.slots.push(Slot::of(states.get(&card.id)));
            index.group.push(groups.number(card.sibling_key()));
            index
                .deck
                .push(decks.number((card.deck.as_str(), card.deck_title.as_str())));
            index.unit.push(units.number(card.unit.as_str()));
            index.weak_key.push(weak_key(card));
        }
        index.groups = groups.distinct.len();
        index.decks = decks
            .distinct
            .into_iter()
            .map(|(d, t)| (d.to_owned(), t.to_owned()))
            .collect();
        index.units = units.distinct.into_iter().map(str::to_owned).collect();
        index
    }

    /// How many cards the index is of.
    pub fn len(&self) -> usize {
        self.slots.len()
    }

    pub fn is_empty(&self) -> bool {
        self.slots.is_empty()
    }

    /// Card `index` has the state `state` now (`None`: it has none, as a card never studied).
    /// An index beyond the cards is ignored.
    pub fn set(&mut self, index: usize, state: Option<&CardState>) {
        if let Some(slot) = self.slots.get_mut(index) {
            *slot = Slot::of(state);
        }
    }

    /// The filter to check against this index: its `deck:` and `unit:` terms by each card's
    /// deck and unit number, the rest (if any) on the card itself.
    pub(super) fn wanted(&self, mut filter: CompiledFilter) -> Wanted<'_> {
        let (decks, units) = filter.take_places();
        Wanted {
            index: self,
            decks: (!decks.is_empty()).then(|| {
                self.decks
                    .iter()
                    .map(|(id, _)| decks.contains(id))
                    .collect()
            }),
            units: (!units.is_empty())
                .then(|| self.units.iter().map(|u| units.contains(u)).collect()),
            rest: (!filter.is_all()).then_some(filter),
        }
    }
}

/// A filter ready to check cards by their index (see [`QueueIndex::wanted`]).
pub(super) struct Wanted<'a> {
    index: &'a QueueIndex,
    /// Whether each deck (unit) number is wanted; `None`: any is.
    decks: Option<Vec<bool>>,
    units: Option<Vec<bool>>,
    /// The terms checked on the card; `None`: there are none.
    rest: Option<CompiledFilter>,
}

impl Wanted<'_> {
    pub(super) fn matches(&self, cards: &[Card], i: usize) -> bool {
        self.decks
            .as_ref()
            .is_none_or(|ok| ok[self.index.deck[i] as usize])
            && self
                .units
                .as_ref()
                .is_none_or(|ok| ok[self.index.unit[i] as usize])
            && self.rest.as_ref().is_none_or(|f| f.matches(&cards[i]))
    }
}
