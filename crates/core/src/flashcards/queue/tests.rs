//! The queue's behaviour on small hand-made collections.

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
