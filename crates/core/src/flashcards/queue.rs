//! Which cards to study now: a filter over the cards, the learner's states and today's limits.

use std::collections::{BTreeMap, HashMap};
use std::hash::{BuildHasherDefault, Hasher};

use super::Card;
use super::schedule::{CardState, Clock, Phase, Settings};
use crate::practice::WeakKind;
use crate::practice::Weakness;

/// Learning cards due this soon are shown when nothing else is left, rather than making the
/// learner wait a few minutes (Anki's "learn ahead" limit).
pub const LEARN_AHEAD_SECS: i64 = 20 * 60;

/// What to study, as a search: words must all appear in the card's text or tags; `deck:`,
/// `unit:`, `topic:` and `tag:` terms restrict to exact values (tags also match their prefix,
/// so `tag:topic::grow` finds `topic::grow`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filter {
    pub query: String,
}

impl Filter {
    pub fn all() -> Filter {
        Filter::default()
    }

    pub fn deck(id: &str) -> Filter {
        Filter {
            query: format!("deck:{id}"),
        }
    }

    pub fn unit(id: &str) -> Filter {
        Filter {
            query: format!("unit:{id}"),
        }
    }

    /// Exactly these cards (`card:` terms; a card matches any of them).
    pub fn cards(ids: &[String]) -> Filter {
        Filter {
            query: ids
                .iter()
                .map(|id| format!("card:{id}"))
                .collect::<Vec<_>>()
                .join(" "),
        }
    }

    pub fn tag(tag: &str) -> Filter {
        Filter {
            query: format!("tag:{tag}"),
        }
    }

    pub fn compile(&self) -> CompiledFilter {
        let mut c = CompiledFilter::default();
        for term in self.query.split_whitespace() {
            let lower = term.to_lowercase();
            if let Some(v) = term.strip_prefix("card:") {
                c.cards.push(v.to_owned());
            } else if let Some(v) = term.strip_prefix("deck:") {
                c.decks.push(v.to_owned());
            } else if let Some(v) = term.strip_prefix("unit:") {
                c.units.push(v.to_owned());
            } else if let Some(v) = lower.strip_prefix("topic:") {
                c.topics.push(super::slug(v));
            } else if let Some(v) = lower.strip_prefix("tag:") {
                c.tags.push(v.to_owned());
            } else {
                c.words.push(lower);
            }
        }
        c
    }
}

#[derive(Debug, Clone, Default)]
pub struct CompiledFilter {
    cards: Vec<String>,
    decks: Vec<String>,
    units: Vec<String>,
    topics: Vec<String>,
    tags: Vec<String>,
    words: Vec<String>,
}

impl CompiledFilter {
    pub fn matches(&self, card: &Card) -> bool {
        if !self.cards.is_empty() && !self.cards.contains(&card.id) {
            return false;
        }
        if !self.decks.is_empty() && !self.decks.contains(&card.deck) {
            return false;
        }
        if !self.units.is_empty() && !self.units.contains(&card.unit) {
            return false;
        }
        if !self.topics.is_empty() && !self.topics.contains(&super::slug(&card.topic)) {
            return false;
        }
        if !self.tags.is_empty() {
            let tags = card.all_tags();
            let hit = self.tags.iter().all(|want| {
                tags.iter().any(|t| {
                    t.to_lowercase() == *want || t.to_lowercase().starts_with(&format!("{want}::"))
                })
            });
            if !hit {
                return false;
            }
        }
        if !self.words.is_empty() {
            // The tags are only built for a word the card's text does not have: on a large
            // collection most cards are ruled out, and building every card's tags would be most
            // of the work.
            let mut tags: Option<String> = None;
            let all = self.words.iter().all(|w| {
                contains_folded(&card.front, w)
                    || contains_folded(&card.back, w)
                    || tags
                        .get_or_insert_with(|| card.all_tags().join(" ").to_lowercase())
                        .contains(w.as_str())
            });
            if !all {
                return false;
            }
        }
        true
    }
}

/// Whether `hay` contains `word` (already lower case), ignoring case. An ASCII word is compared
/// byte by byte without copying `hay` (no byte of a multi-byte character is ASCII).
fn contains_folded(hay: &str, word: &str) -> bool {
    if !word.is_ascii() {
        return hay.to_lowercase().contains(word);
    }
    let (hay, word) = (hay.as_bytes(), word.as_bytes());
    let Some((&first, _)) = word.split_first() else {
        return true;
    };
    hay.len() >= word.len()
        && (0..=hay.len() - word.len()).any(|i| {
            hay[i].to_ascii_lowercase() == first
                && hay[i..i + word.len()].eq_ignore_ascii_case(word)
        })
}

/// A quick hash for the sibling map (FxHash's mixing, eight bytes at a time). The queue hashes
/// every queued card's sibling key once, and the standard SipHash made that the larger part of
/// building the queue on a large collection; the keys come from the learner's own packs, so the
/// flooding SipHash guards against is no concern here.
#[derive(Default)]
struct SiblingHasher(u64);

impl Hasher for SiblingHasher {
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

/// Sibling key -> the card (index) that holds its group today.
type SiblingOwners<'a> = HashMap<&'a str, usize, BuildHasherDefault<SiblingHasher>>;

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
    let filter = filter.compile();
    let today_end = clock.day_start(clock.today() + 1);
    let mut q = Queue::default();
    let mut reviews: Vec<(i64, usize)> = Vec::new();
    let mut new_cards: Vec<(std::cmp::Reverse<u32>, usize)> = Vec::new();
    let new_room = settings.new_per_day.saturating_sub(today.new_seen) as usize;
    // The card that holds each sibling group today: one studied today (whether it matches the
    // filter or not), or in learning; then the first one queued.
    let mut owner = SiblingOwners::with_capacity_and_hasher(cards.len(), Default::default());
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
    let today_end = clock.day_start(clock.today() + 1);
    // Sibling groups claimed before any new card: studied today, in learning, or holding a
    // review due today (reviews are gathered before new cards).
    let mut claimed = SiblingOwners::with_capacity_and_hasher(cards.len(), Default::default());
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

#[cfg(test)]
mod tests {
    use super::super::CardKind;
    use super::*;

    fn card(id: &str, deck: &str, topic: &str) -> Card {
        Card {
            id: id.into(),
            note: id.into(),
            deck: deck.into(),
            deck_title: deck.into(),
            unit: "u1".into(),
            section: "Models".into(),
            topic: topic.into(),
            tags: vec!["exam".into()],
            front: format!("front of {id}"),
            back: "back".into(),
            kind: CardKind::Basic,
        }
    }

    fn clock() -> Clock {
        Clock {
            now: 100 * super::super::schedule::DAY,
            utc_offset: 0,
            day_starts_at_hour: 0,
        }
    }

    fn review_state(id: &str, due: i64) -> CardState {
        CardState {
            phase: Phase::Review,
            due,
            memory: Some((5.0, 5.0)),
            ..CardState::new(id)
        }
    }

    #[test]
    fn limits_filters_and_hidden_cards_shape_the_queue() {
        let cards: Vec<Card> = (0..10)
            .map(|i| card(&format!("c{i}"), if i < 5 { "a" } else { "b" }, "GROW"))
            .collect();
        let c = clock();
        let mut states = HashMap::new();
        states.insert("c0".into(), review_state("c0", c.now - 10));
        states.insert("c1".into(), review_state("c1", c.now - 1000));
        states.insert(
            "c2".into(),
            review_state("c2", c.now + 30 * super::super::schedule::DAY),
        );
        let mut suspended = review_state("c3", c.now - 5);
        suspended.suspended = true;
        states.insert("c3".into(), suspended);
        let settings = Settings {
            new_per_day: 3,
            ..Settings::default()
        };
        let q = build(
            &cards,
            &states,
            &Filter::all(),
            &settings,
            &c,
            TodayCounts {
                new_seen: 1,
                reviews_done: 0,
            },
            &Weakness::default(),
        );
        assert_eq!(
            q.review,
            vec![1, 0],
            "most overdue first; not due and suspended left out"
        );
        assert_eq!(q.new.len(), 2, "3 new a day, 1 already seen");
        let q = build(
            &cards,
            &states,
            &Filter::deck("b"),
            &settings,
            &c,
            TodayCounts::default(),
            &Weakness::default(),
        );
        assert!(q.review.is_empty());
        assert_eq!(q.new, vec![5, 6, 7]);
        let q = build(
            &cards,
            &states,
            &Filter {
                query: "topic:grow front of c4".into(),
            },
            &settings,
            &c,
            TodayCounts::default(),
            &Weakness::default(),
        );
        assert_eq!(q.new, vec![4]);
        let q = build(
            &cards,
            &states,
            &Filter::tag("topic"),
            &settings,
            &c,
            TodayCounts::default(),
            &Weakness::default(),
        );
        assert_eq!(q.counts().0, 3, "tag prefix matches hierarchical tags");
        let q = build(
            &cards,
            &states,
            &Filter::tag("nope"),
            &settings,
            &c,
            TodayCounts::default(),
            &Weakness::default(),
        );
        assert!(q.is_empty());
    }

    #[test]
    fn new_cards_about_mistakes_made_in_scenarios_come_first() {
        let cards: Vec<Card> = ["u1/mis/a", "u1/mis/b", "u1/mis/c", "u1/mis/d"]
            .iter()
            .map(|id| card(&format!("card:{id}"), "a", "t"))
            .collect();
        let mut weak = Weakness::default();
        weak.add(WeakKind::Misconception, "u1/mis/c", 1);
        weak.add(WeakKind::Misconception, "u1/mis/d", 3);
        let settings = Settings {
            new_per_day: 3,
            ..Settings::default()
        };
        let q = build(
            &cards,
            &HashMap::new(),
            &Filter::all(),
            &settings,
            &clock(),
            TodayCounts::default(),
            &weak,
        );
        assert_eq!(
            q.new,
            vec![3, 2, 0],
            "most missed first, then content order, within the limit"
        );
    }

    #[test]
    fn due_learning_cards_come_first_and_new_cards_are_mixed_in() {
        let q = Queue {
            learning: vec![(9, 500)],
            review: vec![1, 2, 3, 4],
            new: vec![7],
        };
        assert_eq!(q.next(400, 0), Some(1), "learning card not yet due");
        assert_eq!(q.next(500, 0), Some(9));
        assert_eq!(q.next(400, 3), Some(7), "a new card after three reviews");
        let only_learning = Queue {
            learning: vec![(9, 500 + LEARN_AHEAD_SECS + 1)],
            ..Queue::default()
        };
        assert_eq!(only_learning.next(500, 0), None);
        assert_eq!(only_learning.next(501, 0), Some(9), "within learn-ahead");
    }

    #[test]
    fn deck_counts_split_new_learning_and_review() {
        let cards = vec![
            card("a", "d", "t"),
            card("b", "d", "t"),
            card("c", "d", "t"),
        ];
        let c = clock();
        let mut states = HashMap::new();
        states.insert("b".into(), review_state("b", c.now));
        let mut l = review_state("c", c.now + 60);
        l.phase = Phase::Learning;
        states.insert("c".into(), l);
        let counts = deck_counts(&cards, &states, &Settings::default(), &c);
        assert_eq!(counts[&("d".into(), "d".into())], (1, 1, 1));
    }

    #[test]
    fn deck_counts_leave_out_buried_siblings_as_the_queue_does() {
        let mut cards = vec![
            card("k:forward", "d", "t"),
            card("k:reverse", "d", "t"),
            card("n:c1", "d", "t"),
            card("n:c2", "d", "t"),
            card("lone", "d", "t"),
        ];
        cards[2].note = "n".into();
        cards[3].note = "n".into();
        let c = clock();
        let mut states = HashMap::new();
        // The cloze note's first deletion was learnt today and is in learning.
        let mut l = review_state("n:c1", c.now + 600);
        l.phase = Phase::Learning;
        l.last_review = Some(c.now - 60);
        states.insert("n:c1".into(), l);
        let key = ("d".to_owned(), "d".to_owned());
        let counts = deck_counts(&cards, &states, &Settings::default(), &c);
        assert_eq!(
            counts[&key],
            (2, 1, 0),
            "one of forward/reverse, no second deletion, the lone card"
        );
        let q = build(
            &cards,
            &states,
            &Filter::all(),
            &Settings::default(),
            &c,
            TodayCounts::default(),
            &Weakness::default(),
        );
        assert_eq!(q.counts(), (2, 1, 0), "the queue agrees with the deck list");
        let off = Settings {
            bury_new_siblings: false,
            bury_review_siblings: false,
            ..Settings::default()
        };
        assert_eq!(deck_counts(&cards, &states, &off, &c)[&key], (4, 1, 0));
    }
}

#[cfg(test)]
mod folded_tests {
    use super::contains_folded;

    #[test]
    fn words_are_found_whatever_their_case() {
        assert!(contains_folded("Keep CONFIDENTIALITY", "confidential"));
        assert!(contains_folded("“Quoted” text", "quoted"));
        assert!(contains_folded("Café culture", "café"));
        assert!(!contains_folded("Café culture", "cafe"));
        assert!(!contains_folded("short", "shorter"));
        assert!(contains_folded("anything", ""));
    }
}

#[cfg(test)]
mod same_queue_tests {
    use super::super::schedule::DAY;
    use super::*;
    use rand::{Rng, SeedableRng};

    /// The queue as it was built before the sibling map got its quick hash (issue 17), kept as
    /// the reference: the standard map, grown as it goes.
    fn reference(
        cards: &[Card],
        states: &HashMap<String, CardState>,
        settings: &Settings,
        clock: &Clock,
    ) -> Queue {
        let today_end = clock.day_start(clock.today() + 1);
        let mut q = Queue::default();
        let (mut reviews, mut new_cards) = (Vec::new(), Vec::new());
        let mut owner: HashMap<&str, usize> = HashMap::new();
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
            if hidden(state, clock.now) {
                continue;
            }
            match state.map_or(Phase::New, |s| s.phase) {
                Phase::New => new_cards.push(i),
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
        let mut take = |i: usize, bury: bool| {
            let o = *owner.entry(cards[i].sibling_key()).or_insert(i);
            o == i || !bury
        };
        q.learning.sort_by_key(|&(i, due)| (due, i));
        reviews.sort_unstable();
        q.review = reviews
            .into_iter()
            .map(|(_, i)| i)
            .filter(|&i| take(i, settings.bury_review_siblings))
            .take(settings.reviews_per_day as usize)
            .collect();
        q.new = new_cards
            .into_iter()
            .filter(|&i| take(i, settings.bury_new_siblings))
            .take(settings.new_per_day as usize)
            .collect();
        q
    }

    /// Random states over the built-in cards: new, learning, reviews due or not, studied today,
    /// suspended or buried; the queue is the reference's, with burying on and off.
    #[test]
    fn the_queue_is_the_same_as_the_reference_on_random_histories() {
        let cards = super::super::all_cards(&crate::content::load_builtin().pack);
        assert!(cards.len() > 100);
        let clock = Clock {
            now: 400 * DAY + 5000,
            utc_offset: 3600,
            day_starts_at_hour: 4,
        };
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
            for (bury_new, bury_review) in [(true, true), (false, false), (true, false)] {
                let settings = Settings {
                    new_per_day: 1 + round * 7,
                    reviews_per_day: 50 + round * 40,
                    bury_new_siblings: bury_new,
                    bury_review_siblings: bury_review,
                    ..Settings::default()
                };
                let q = build(
                    &cards,
                    &states,
                    &Filter::all(),
                    &settings,
                    &clock,
                    TodayCounts::default(),
                    &Weakness::default(),
                );
                assert_eq!(
                    q,
                    reference(&cards, &states, &settings, &clock),
                    "round {round}, bury {bury_new}/{bury_review}"
                );
            }
        }
    }
}
