//! A year of one learner's history on a pack: card reviews made by the real scheduler and
//! scenario answers with per-point verdicts, written with the store's own bulk writers.

use std::path::Path;

use super::{Rng, Size};
use rapport_core::content::Pack;
use rapport_core::flashcards::schedule::{CardState, Clock, DAY, Phase};
use rapport_core::practice::{AttemptRecord, PointRecord};
use rapport_core::store::{Store, StoreError};

/// What was written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HistorySummary {
    pub cards: usize,
    pub studied: usize,
    pub reviews: usize,
    pub answers: usize,
}

/// Fills a new store in `data_dir` with `size.reviews` reviews of the pack's cards and
/// `size.answers` scenario answers over the year before `clock.now`. Returns the card states
/// too, for `card-states.json`.
pub fn write_store(
    data_dir: &Path,
    pack: &Pack,
    size: &Size,
    clock: &Clock,
) -> Result<(HistorySummary, Vec<CardState>), StoreError> {
    let cards = rapport_core::flashcards::all_cards(pack);
    let ids: Vec<String> = cards.iter().map(|c| c.id.clone()).collect();
    let (states, log) = crate::cards::history(&ids, size.reviews, clock);
    let mut states: Vec<CardState> = states.into_values().collect();
    states.sort_by(|a, b| a.card_id.cmp(&b.card_id));
    let attempts = answers(pack, size.answers, clock);

    let (mut store, _) = Store::open(data_dir)?;
    store.load_history(&states, &log)?;
    store.record_attempts(&attempts)?;
    Ok((
        HistorySummary {
            cards: cards.len(),
            studied: states.len(),
            reviews: log.len(),
            answers: attempts.len(),
        },
        states,
    ))
}

fn answers(pack: &Pack, count: usize, clock: &Clock) -> Vec<AttemptRecord> {
    let mut rng = Rng::new(0xa11_5eed);
    if pack.scenarios.is_empty() {
        return Vec::new();
    }
    let mut out: Vec<AttemptRecord> = (0..count)
        .map(|i| {
            let s = &rng.pick(&pack.scenarios).scenario;
            let at = clock.now - rng.below(365 * DAY as u64) as i64;
            let marked = s.question.of_type().marked_points();
            let ids: Vec<(String, String)> = if marked.is_empty() {
                s.marking_points
                    .iter()
                    .map(|m| (m.clone(), m.clone()))
                    .collect()
            } else {
                marked
                    .into_iter()
                    .map(|(id, mp)| (id.to_owned(), mp.to_owned()))
                    .collect()
            };
            let points: Vec<PointRecord> = ids
                .into_iter()
                .map(|(point_id, marking_point)| PointRecord {
                    point_id,
                    marking_point,
                    marker_earned: rng.below(3) > 0,
                    learner_earned: None,
                    quote: None,
                })
                .collect();
            let score = points.iter().filter(|p| p.marker_earned).count() as u32;
            AttemptRecord {
                key: format!("synthetic-{i}"),
                scenario_id: s.id.clone(),
                unit_id: s.unit.clone(),
                criteria: s.criteria.clone(),
                test_key: None,
                answered_at: at,
                score,
                max_score: points.len() as u32,
                answer: "A synthetic answer.".into(),
                points,
                misconceptions: Vec::new(),
            }
        })
        .collect();
    out.sort_by_key(|a| a.answered_at);
    out
}

/// The studied cards' states as JSON, with times as whole days from `clock`'s today, for tools
/// outside Rapport (the Anki comparison script) to set up the same collection.
pub fn card_states_json(states: &[CardState], clock: &Clock) -> String {
    let today = clock.today();
    let rows: Vec<serde_json::Value> = states
        .iter()
        .map(|s| {
            // In the learner's days, as Anki counts an interval: a card graded in the
            // afternoon and due at the start of a day 3 days on has a 3-day interval (whole
            // seconds divided by a day gave 2).
            let interval = s
                .last_review
                .map_or(0, |last| (clock.day_of(s.due) - clock.day_of(last)).max(0));
            serde_json::json!({
                "id": s.card_id,
                "due_days": clock.day_of(s.due) - today,
                "interval_days": interval,
                "reps": s.reps,
                "lapses": s.lapses,
                "phase": match s.phase {
                    Phase::New => "new",
                    Phase::Learning => "learning",
                    Phase::Review => "review",
                    Phase::Relearning => "relearning",
                },
            })
        })
        .collect();
    serde_json::to_string_pretty(&rows).unwrap_or_else(|_| "[]".into())
}
