//! Statistics from the review log and the card states, and the FSRS optimiser.
//!
//! Computed off the frame (when the statistics are opened or after a grade is saved), never
//! per frame: a long review log takes milliseconds to walk.

use std::collections::{BTreeMap, HashMap};

use fsrs::{
    ComputeParametersInput, FSRS, FSRSItem, FSRSReview, MemoryState, TrainingConfig,
    current_retrievability,
};

use super::Card;
use super::schedule::{CardState, Clock, Phase, ReviewEntry};

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Today {
    pub reviewed: usize,
    pub again: usize,
    pub time_ms: u64,
}

impl Today {
    pub fn again_rate(&self) -> Option<f64> {
        (self.reviewed > 0).then(|| self.again as f64 / self.reviewed as f64)
    }
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct StateCounts {
    pub new: usize,
    pub learning: usize,
    pub review: usize,
    pub suspended: usize,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Stats {
    pub today: Today,
    /// Cards due on each of the next 30 days (index 0 is today, overdue included): review cards
    /// and cards in learning or relearning.
    pub forecast: Vec<usize>,
    /// Share of reviews of cards in the review phase that were not forgotten: (passed, total),
    /// over the last 30 days.
    pub true_retention: (usize, usize),
    pub states: StateCounts,
    /// Reviews per day number, for the heatmap.
    pub per_day: BTreeMap<i64, usize>,
    /// Mean predicted recall now, per unit and per topic: (name, mastery 0..1, cards).
    pub mastery_units: Vec<(String, f64, usize)>,
    pub mastery_topics: Vec<(String, f64, usize)>,
    /// Reviews in the log.
    pub total_reviews: usize,
    /// How many items the optimiser would train on (see `MIN_TRAINING_ITEMS`).
    pub training_items: usize,
}

impl Stats {
    pub fn true_retention_rate(&self) -> Option<f64> {
        let (passed, total) = self.true_retention;
        (total > 0).then(|| passed as f64 / total as f64)
    }
}

/// Predicted chance of recalling a card now (0 for a card never studied).
pub fn recall_now(decay: f32, state: Option<&CardState>, now: i64) -> f64 {
    match state.and_then(|s| Some((s.memory?, s.last_review?))) {
        Some(((stability, difficulty), last)) => {
            let days = (now - last).max(0) as f32 / 86_400.0;
            f64::from(current_retrievability(
                MemoryState {
                    stability,
                    difficulty,
                },
                days,
                decay,
            ))
        }
        None => 0.0,
    }
}

pub fn compute(
    cards: &[Card],
    states: &HashMap<String, CardState>,
    log: &[ReviewEntry],
    clock: &Clock,
    decay: f32,
    unit_titles: &HashMap<String, String>,
) -> Stats {
    let today = clock.today();
    let mut s = Stats {
        forecast: vec![0; 30],
        total_reviews: log.len(),
        training_items: training_items(log, clock).0.len(),
        ..Stats::default()
    };
    for r in log {
        let day = clock.day_of(r.reviewed_at);
        *s.per_day.entry(day).or_default() += 1;
        if day == today {
            s.today.reviewed += 1;
            s.today.time_ms += u64::from(r.duration_ms);
            if r.grade == 1 {
                s.today.again += 1;
            }
        }
        if r.phase_before == Phase::Review && today - day < 30 {
            s.true_retention.1 += 1;
            if r.grade > 1 {
                s.true_retention.0 += 1;
            }
        }
    }
    let mut units: BTreeMap<String, (f64, usize)> = BTreeMap::new();
    let mut topics: BTreeMap<String, (f64, usize)> = BTreeMap::new();
    for card in cards {
        let state = states.get(&card.id);
        match state {
            Some(st) if st.suspended => s.states.suspended += 1,
            None => s.states.new += 1,
            Some(st) => match st.phase {
                Phase::New => s.states.new += 1,
                Phase::Learning | Phase::Relearning | Phase::Review => {
                    if st.phase == Phase::Review {
                        s.states.review += 1;
                    } else {
                        s.states.learning += 1;
                    }
                    // Learning cards too, on the day they are next due (today for most), as
                    // Anki's future-due graph counts them: they are studied like reviews.
                    let day = (clock.day_of(st.due) - today).max(0);
                    if let Some(slot) = s.forecast.get_mut(day as usize) {
                        *slot += 1;
                    }
                }
            },
        }
        let recall = recall_now(decay, state, clock.now);
        let unit = if card.unit.is_empty() {
            "Own cards".to_owned()
        } else {
            unit_titles
                .get(&card.unit)
                .cloned()
                .unwrap_or_else(|| card.unit.clone())
        };
        let u = units.entry(unit).or_default();
        u.0 += recall;
        u.1 += 1;
        let t = topics.entry(card.topic.clone()).or_default();
        t.0 += recall;
        t.1 += 1;
    }
    let mean = |m: BTreeMap<String, (f64, usize)>| {
        m.into_iter()
            .map(|(k, (sum, n))| (k, sum / n.max(1) as f64, n))
            .collect()
    };
    s.mastery_units = mean(units);
    s.mastery_topics = mean(topics);
    s
}

/// One card's reviews as Anki trains on them (`reviews_for_fsrs` in Anki's
/// `rslib/src/scheduler/fsrs/params.rs`): from the first review of the card's last run of
/// learning reviews (a card never learnt from new here, such as one whose history was cut, is
/// left out), each with `delta_t` in the learner's days since the previous review.
fn card_reviews<'a>(
    reviews: &[&'a ReviewEntry],
    clock: &Clock,
) -> Option<Vec<(&'a ReviewEntry, FSRSReview)>> {
    let learning = |r: &ReviewEntry| matches!(r.phase_before, Phase::New | Phase::Learning);
    let mut start = None;
    for (i, r) in reviews.iter().enumerate().rev() {
        if learning(r) {
            start = Some(i);
        } else if start.is_some() {
            break;
        }
    }
    let start = start?;
    // Days as Anki counts them (see `Clock::days_since`), so that a review made exactly as a
    // day starts falls in the same day for both.
    let mut last_ago = None;
    Some(
        reviews[start..]
            .iter()
            .map(|r| {
                let ago = clock.days_since(r.reviewed_at);
                let delta_t = last_ago.map_or(0, |d: i64| (d - ago).max(0) as u32);
                last_ago = Some(ago);
                (
                    *r,
                    FSRSReview {
                        rating: r.grade,
                        delta_t,
                    },
                )
            })
            .collect(),
    )
}

fn by_card(log: &[ReviewEntry]) -> HashMap<&str, Vec<&ReviewEntry>> {
    let mut by_card: HashMap<&str, Vec<&ReviewEntry>> = HashMap::new();
    for r in log {
        by_card.entry(r.card_id.as_str()).or_default().push(r);
    }
    for reviews in by_card.values_mut() {
        reviews.sort_by_key(|r| r.id);
    }
    by_card
}

/// The optimiser's training items from the review log, as Anki makes them: per card, each
/// review a day or more after the previous one, with the card's whole history before it; then
/// all items in the order the reviews were made (fsrs weights recent reviews more, so the order
/// matters). The second list numbers each item's card.
pub fn training_items(log: &[ReviewEntry], clock: &Clock) -> (Vec<FSRSItem>, Vec<i64>) {
    let by_card = by_card(log);
    let mut numbered: Vec<(&str, i64)> = by_card
        .iter()
        .map(|(id, reviews)| (*id, reviews[0].id))
        .collect();
    numbered.sort_by_key(|(_, first)| *first);
    let mut items: Vec<(i64, i64, FSRSItem)> = Vec::new();
    for (card_number, (card_id, _)) in numbered.iter().enumerate() {
        let Some(reviews) = card_reviews(&by_card[card_id], clock) else {
            continue;
        };
        let mut history: Vec<FSRSReview> = Vec::with_capacity(reviews.len());
        for (i, (entry, review)) in reviews.iter().enumerate() {
            history.push(*review);
            // fsrs trains on items that end in a review after at least one day's gap.
            if i >= 1 && review.delta_t > 0 {
                items.push((
                    entry.id,
                    card_number as i64,
                    FSRSItem {
                        reviews: history.clone(),
                    },
                ));
            }
        }
    }
    items.sort_by_key(|(review_id, ..)| *review_id);
    items
        .into_iter()
        .map(|(_, card, item)| (item, card))
        .unzip()
}

/// Every studied card's memory state computed again from its history with `parameters`, as
/// Anki does after new parameters are saved. Cards whose state would not change are left out.
/// `progress(done, total)` is called every few hundred cards.
pub fn recompute_memory(
    log: &[ReviewEntry],
    states: &HashMap<String, CardState>,
    clock: &Clock,
    parameters: &[f32],
    mut progress: impl FnMut(usize, usize),
) -> Result<Vec<CardState>, String> {
    let fsrs = FSRS::new(parameters).map_err(|e| format!("the parameters: {e:?}"))?;
    let by_card = by_card(log);
    let total = by_card.len();
    let mut changed = Vec::new();
    for (i, (card_id, reviews)) in by_card.iter().enumerate() {
        if i % 256 == 0 {
            progress(i, total);
        }
        let Some(state) = states.get(*card_id) else {
            continue;
        };
        let Some(reviews) = card_reviews(reviews, clock) else {
            continue;
        };
        let item = FSRSItem {
            reviews: reviews.into_iter().map(|(_, r)| r).collect(),
        };
        let Ok(memory) = fsrs.memory_state(item, None) else {
            continue;
        };
        let memory = Some((memory.stability, memory.difficulty));
        if state.memory != memory {
            let mut s = state.clone();
            s.memory = memory;
            changed.push(s);
        }
    }
    progress(total, total);
    Ok(changed)
}

/// fsrs returns its defaults below this many training items and only fits the first four
/// parameters below 64 (see `compute_parameters` in fsrs's training.rs), so the optimiser is
/// offered from here.
pub const MIN_TRAINING_ITEMS: usize = 64;

/// Anki trains for 8 epochs (fsrs's default is 5).
pub const EPOCHS: usize = 8;

#[derive(Debug, Clone, PartialEq)]
pub struct Optimised {
    /// The parameters to use: the new fit, or the current ones when the fit is not better.
    pub parameters: Vec<f32>,
    /// False when the new fit was not better than the current parameters, which are kept.
    pub improved: bool,
    pub items: usize,
    /// Mean predicted recall over the training reviews, before and after, and what happened.
    pub predicted_before: f64,
    pub predicted_after: f64,
    pub actual: f64,
    /// fsrs's `evaluate` on the training items, as Anki's Evaluate shows them.
    pub log_loss_before: f32,
    pub log_loss_after: f32,
    pub rmse_before: f32,
    pub rmse_after: f32,
}

fn mean_prediction(fsrs: &FSRS, decay: f32, items: &[FSRSItem]) -> f64 {
    let mut sum = 0.0;
    let mut n = 0usize;
    for item in items {
        let (last, history) = item.reviews.split_last().expect("items have reviews");
        let Ok(state) = fsrs.memory_state(
            FSRSItem {
                reviews: history.to_vec(),
            },
            None,
        ) else {
            continue;
        };
        sum += f64::from(current_retrievability(state, last.delta_t as f32, decay));
        n += 1;
    }
    sum / n.max(1) as f64
}

/// Fits FSRS parameters to the learner's log as Anki does (items in time order, 8 epochs, the
/// relearning-step count), and keeps the current parameters when the fit is not better (Anki's
/// rule in `compute_params`). Slow (seconds): run it on its own thread.
pub fn optimise(
    log: &[ReviewEntry],
    clock: &Clock,
    current: &[f32],
    relearning_steps: usize,
) -> Result<Optimised, String> {
    let (items, ids) = training_items(log, clock);
    if items.len() < MIN_TRAINING_ITEMS {
        return Err(format!(
            "the optimiser needs at least {MIN_TRAINING_ITEMS} reviews made a day or more after \
             the previous one; you have {}",
            items.len()
        ));
    }
    let before = FSRS::new(current).map_err(|e| format!("current parameters: {e:?}"))?;
    let fitted = fsrs::compute_parameters(ComputeParametersInput {
        train_set: items.clone(),
        card_ids: Some(ids),
        enable_short_term: true,
        num_relearning_steps: Some(relearning_steps),
        training_config: Some(TrainingConfig {
            num_epochs: EPOCHS,
            ..Default::default()
        }),
        ..Default::default()
    })
    .map_err(|e| format!("the optimiser failed: {e:?}"))?;
    let after = FSRS::new(&fitted).map_err(|e| format!("new parameters: {e:?}"))?;
    let actual = items
        .iter()
        .filter(|i| i.reviews.last().is_some_and(|r| r.rating > 1))
        .count() as f64
        / items.len() as f64;
    let evaluate = |f: &FSRS| {
        f.evaluate(items.clone(), |_| true)
            .map(|e| (e.log_loss, e.rmse_bins))
            .unwrap_or((f32::NAN, f32::NAN))
    };
    let (log_loss_before, rmse_before) = evaluate(&before);
    let (log_loss_after, rmse_after) = evaluate(&after);
    // Anki keeps the current parameters when `current <= optimised` (a NaN counts as better).
    let not_worse = log_loss_before
        .partial_cmp(&log_loss_after)
        .is_some_and(|o| o.is_le());
    let improved =
        !not_worse || (relearning_steps > 1 && !relearning_shrinks(&before, relearning_steps));
    let parameters = if improved { fitted } else { current.to_vec() };
    Ok(Optimised {
        items: items.len(),
        predicted_before: mean_prediction(&before, super::schedule::decay_of(current), &items),
        predicted_after: mean_prediction(&after, super::schedule::decay_of(&parameters), &items),
        actual,
        log_loss_before,
        log_loss_after,
        rmse_before,
        rmse_after,
        improved,
        parameters,
    })
}

/// Anki keeps a worse fit when there are several relearning steps and the current parameters
/// would let a lapsed card's stability grow back past where it was through those steps alone
/// (`compute_params`): true when the current parameters do not.
fn relearning_shrinks(current: &FSRS, steps: usize) -> bool {
    let start = MemoryState {
        stability: 1.0,
        difficulty: 1.0,
    };
    let Ok(fail) = current.next_states(Some(start), 0.9, 2) else {
        return true;
    };
    let mut s = fail.again.memory;
    for _ in 0..steps {
        match current.next_states(Some(s), 0.9, 0) {
            Ok(n) => s = n.good.memory,
            Err(_) => return true,
        }
    }
    s.stability < start.stability
}

#[cfg(test)]
mod tests {
    use super::super::schedule::{Grade, Scheduler, Settings};
    use super::super::{Card, CardKind};
    use super::*;

    fn clock(now: i64) -> Clock {
        Clock {
            now,
            utc_offset: 0,
            day_starts_at_hour: 0,
        }
    }

    fn card(id: &str, unit: &str, topic: &str) -> Card {
        Card {
            id: id.into(),
            note: id.into(),
            deck: "d".into(),
            deck_title: "d".into(),
            unit: unit.into(),
            section: "s".into(),
            topic: topic.into(),
            tags: vec![],
            front: "f".into(),
            back: "b".into(),
            kind: CardKind::Basic,
        }
    }

    #[test]
    fn stats_count_today_states_retention_and_mastery() {
        let sched = Scheduler::new(Settings::default()).0;
        let day = 86_400;
        let cards = vec![
            card("a", "u1", "GROW"),
            card("b", "u1", "GROW"),
            card("c", "u2", "SMART"),
        ];
        let mut states = HashMap::new();
        let mut log = Vec::new();
        // Card a: Easy yesterday, then Again today (a lapse of a review card).
        let c1 = clock(100 * day);
        let (st, r) = sched.grade(None, "a", Grade::Easy, &c1, 1, 4000);
        log.push(r);
        let c2 = clock(st.due + 100);
        let (st, r) = sched.grade(Some(&st), "a", Grade::Again, &c2, 2, 6000);
        log.push(r);
        states.insert("a".to_owned(), st);
        let mut suspended = super::super::schedule::CardState::new("c");
        suspended.suspended = true;
        states.insert("c".to_owned(), suspended);
        let titles = HashMap::from([("u1".to_owned(), "Unit one".to_owned())]);
        let s = compute(&cards, &states, &log, &c2, sched.decay(), &titles);
        assert_eq!(
            s.today,
            Today {
                reviewed: 1,
                again: 1,
                time_ms: 6000
            }
        );
        assert_eq!(s.true_retention, (0, 1));
        assert_eq!(
            s.states,
            StateCounts {
                new: 1,
                learning: 1,
                review: 0,
                suspended: 1
            }
        );
        assert_eq!(s.per_day.values().sum::<usize>(), 2);
        // Card a is relearning, due again in minutes: today's bar counts it.
        assert_eq!(s.forecast[0], 1, "a relearning card due today is forecast");
        assert_eq!(s.forecast.iter().sum::<usize>(), 1);
        let u1 = s
            .mastery_units
            .iter()
            .find(|(n, ..)| n == "Unit one")
            .unwrap();
        // Card a was just reviewed (recall 1.0) and card b never (0.0).
        assert!((u1.1 - 0.5).abs() < 1e-6, "one studied card of two: {u1:?}");
        assert_eq!(
            s.mastery_units.iter().find(|(n, ..)| n == "u2").unwrap().1,
            0.0
        );
    }

    /// Anki counts a review made exactly as a day starts in the day before
    /// (`next_day_at.elapsed_days_since`), and so does Rapport.
    #[test]
    fn a_review_exactly_at_the_start_of_a_day_counts_in_the_day_before() {
        let c = clock(10 * 86_400 + 3600);
        assert_eq!(c.days_since(10 * 86_400 + 1), 0);
        assert_eq!(c.days_since(10 * 86_400), 1);
        assert_eq!(c.days_since(9 * 86_400 + 1), 1);
    }

    #[test]
    fn training_items_need_a_days_gap() {
        let day = 86_400;
        let entry = |id: i64, at: i64, grade: u32| ReviewEntry {
            id,
            card_id: "a".into(),
            reviewed_at: at,
            grade,
            interval_days: 1.0,
            stability: 1.0,
            difficulty: 5.0,
            phase_before: Phase::New,
            duration_ms: 0,
        };
        let log = vec![entry(1, 60, 3), entry(2, 660, 3), entry(3, 3 * day + 60, 1)];
        let (items, _) = training_items(&log, &clock(10 * day));
        assert_eq!(items.len(), 1);
        assert_eq!(
            items[0]
                .reviews
                .iter()
                .map(|r| (r.rating, r.delta_t))
                .collect::<Vec<_>>(),
            vec![(3, 0), (3, 0), (1, 3)]
        );
        let err = optimise(&log, &clock(10 * day), &[], 1).unwrap_err();
        assert!(err.contains("at least 64"), "{err}");
    }
}
