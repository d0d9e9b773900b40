//! Sibling burying in the study queue: a key concept's reverse, or another deletion of the same
//! cloze note, is not studied on the day its sibling is (Anki's "bury siblings" options, on by
//! default here).

use std::collections::{HashMap, HashSet};

use rapport_core::content::load_builtin;
use rapport_core::flashcards::queue::{self, Filter, TodayCounts};
use rapport_core::flashcards::schedule::{CardState, Clock, DAY, Grade, Scheduler, Settings};
use rapport_core::flashcards::{Card, all_cards};
use rapport_core::practice::Weakness;

/// One study day as the app runs it: build the queue, show the next card, grade it, put a card
/// still in learning back at its due time; the clock moves on a little per answer and jumps to
/// the next learning card when nothing else is left. Returns the cards shown, in order.
fn study_day(
    cards: &[Card],
    states: &mut HashMap<String, CardState>,
    settings: &Settings,
    start: i64,
    grade_of: impl Fn(usize) -> Grade,
) -> Vec<usize> {
    let (scheduler, _) = Scheduler::new(settings.clone());
    let mut clock = Clock {
        now: start,
        utc_offset: 0,
        day_starts_at_hour: 0,
    };
    let mut q = queue::build(
        cards,
        states,
        &Filter::all(),
        settings,
        &clock,
        TodayCounts::default(),
        &Weakness::default(),
    );
    let day_end = clock.day_start(clock.today() + 1);
    let mut shown = Vec::new();
    while clock.now < day_end && shown.len() < 10_000 {
        let Some(i) = q.next(clock.now, shown.len()) else {
            match q.waiting() {
                Some(due) if due < day_end => {
                    clock.now = due;
                    continue;
                }
                _ => break,
            }
        };
        let (state, _) = scheduler.grade(
            states.get(&cards[i].id),
            &cards[i].id,
            grade_of(shown.len()),
            &clock,
            shown.len() as i64,
            5_000,
        );
        let learning_due = matches!(
            state.phase,
            rapport_core::flashcards::schedule::Phase::Learning
                | rapport_core::flashcards::schedule::Phase::Relearning
        )
        .then_some(state.due)
        .filter(|&d| d < day_end);
        states.insert(cards[i].id.clone(), state);
        match learning_due {
            Some(due) => q.requeue_learning(i, due),
            None => q.remove(i),
        }
        shown.push(i);
        clock.now += 10;
    }
    shown
}

fn pack_cards() -> Vec<Card> {
    let loaded = load_builtin();
    let cards = all_cards(&loaded.pack);
    let keys: HashSet<&str> = cards.iter().map(|c| c.sibling_key()).collect();
    assert!(
        keys.len() < cards.len(),
        "the built-in pack has cards with siblings (key concepts' reverses)"
    );
    cards
}

fn settings() -> Settings {
    Settings {
        new_per_day: 10_000,
        fuzz: false,
        load_balance: false,
        ..Settings::default()
    }
}

/// Sibling groups that had more than one of their cards shown in `shown`.
fn groups_with_two_cards(cards: &[Card], shown: &[usize]) -> Vec<String> {
    let mut by_group: HashMap<&str, HashSet<usize>> = HashMap::new();
    for &i in shown {
        by_group
            .entry(cards[i].sibling_key())
            .or_default()
            .insert(i);
    }
    let mut out: Vec<String> = by_group
        .into_iter()
        .filter(|(_, c)| c.len() > 1)
        .map(|(k, _)| k.to_owned())
        .collect();
    out.sort();
    out
}

#[test]
fn a_cards_reverse_is_buried_until_the_next_day() {
    let cards = pack_cards();
    let mut states = HashMap::new();
    let start = 20_000 * DAY + 9 * 3600;
    // Again now and then, so that cards go round the learning steps several times.
    let grade = |n: usize| {
        if n % 3 == 0 {
            Grade::Again
        } else {
            Grade::Good
        }
    };
    let day1 = study_day(&cards, &mut states, &settings(), start, grade);
    assert!(day1.len() > cards.len() / 2, "a full day was studied");
    assert_eq!(
        groups_with_two_cards(&cards, &day1),
        Vec::<String>::new(),
        "no two cards of one sibling group on the same day"
    );
    for pair in day1.windows(2) {
        let (a, b) = (&cards[pair[0]], &cards[pair[1]]);
        assert!(
            a.id == b.id || a.sibling_key() != b.sibling_key(),
            "{} came straight after its sibling {}",
            b.id,
            a.id
        );
    }
    // The next day the buried siblings come up, each now the only one of its group.
    let never: Vec<usize> = (0..cards.len())
        .filter(|i| !states.contains_key(&cards[*i].id))
        .collect();
    assert!(!never.is_empty(), "some reverses were buried on day 1");
    let day2 = study_day(&cards, &mut states, &settings(), start + DAY, |_| {
        Grade::Good
    });
    let day2: HashSet<usize> = day2.into_iter().collect();
    let buried_shown = never.iter().filter(|i| day2.contains(i)).count();
    assert!(
        buried_shown > 0,
        "cards buried yesterday are studied the next day"
    );
}

#[test]
fn without_burying_a_reverse_is_studied_on_the_same_day() {
    let cards = pack_cards();
    let mut states = HashMap::new();
    let settings = Settings {
        bury_new_siblings: false,
        bury_review_siblings: false,
        ..settings()
    };
    let day = study_day(&cards, &mut states, &settings, 20_000 * DAY, |_| {
        Grade::Good
    });
    assert!(
        !groups_with_two_cards(&cards, &day).is_empty(),
        "with burying off both sides are studied the same day"
    );
}

#[test]
fn a_sibling_studied_earlier_today_buries_the_other_even_when_studied_alone() {
    let cards = pack_cards();
    let forward = cards
        .iter()
        .position(|c| {
            c.id.ends_with(":forward")
                && cards
                    .iter()
                    .any(|r| r.id == c.id.replace(":forward", ":reverse"))
        })
        .expect("a key concept with a reverse card");
    let reverse = cards
        .iter()
        .position(|c| c.id == cards[forward].id.replace(":forward", ":reverse"))
        .unwrap();
    let clock = Clock {
        now: 20_000 * DAY + 12 * 3600,
        utc_offset: 0,
        day_starts_at_hour: 0,
    };
    let (scheduler, _) = Scheduler::new(settings());
    // The forward card was learnt this morning and graduated (Easy): it is not in learning.
    let (state, _) = scheduler.grade(
        None,
        &cards[forward].id,
        Grade::Easy,
        &clock.at(clock.now - 3 * 3600),
        1,
        1_000,
    );
    let mut states = HashMap::new();
    states.insert(cards[forward].id.clone(), state);
    let only_reverse = Filter::cards(&[cards[reverse].id.clone()]);
    let build = |states: &HashMap<String, CardState>, clock: &Clock| {
        queue::build(
            &cards,
            states,
            &only_reverse,
            &settings(),
            clock,
            TodayCounts::default(),
            &Weakness::default(),
        )
    };
    assert!(build(&states, &clock).is_empty(), "buried for today");
    let tomorrow = clock.at(clock.now + DAY);
    assert_eq!(
        build(&states, &tomorrow).new,
        vec![reverse],
        "back tomorrow"
    );
}
