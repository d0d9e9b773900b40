//! Checks readiness against simulated learners whose ability is known.
//!
//! Each learner has a hidden ability per marking point that grows over the study period from
//! a starting level to a final one (learning), a daily habit (cards a day, new cards a day,
//! scenarios a day) and a break before the test (so memory fades). Each day they:
//! - review the cards FSRS says are due and learn some new ones, through the real
//!   [`Scheduler`]: a card is recalled with probability FSRS's retrievability times a factor
//!   for the ability of the points it is linked to, and graded Good (Easy, now and then) or Again;
//! - answer some scenarios: a written answer earns each rubric point with probability
//!   `ability × (0.75 + 0.25 × recall of the point's cards)`; other questions are right with
//!   the average of that over their points, and a wrong answer may show one of the misconceptions
//!   its options name.
//!
//! Then readiness is computed from what they left in the store's records, and compared with a
//! fresh practice test of every scenario of the unit answered the next day at their ability then:
//! its expected score (no luck either way) and one sampled score. The mean absolute error per
//! unit and per criterion, in points out of 100, is what [`calibrate`] returns.

use std::collections::{BTreeMap, HashMap};

use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

use super::{Evidence, Links, compute};
use crate::content::{Pack, Question};
use crate::flashcards::schedule::{CardState, Clock, DAY, Grade, Scheduler, Settings};
use crate::flashcards::stats::recall_now;
use crate::practice::{AttemptRecord, PointRecord, WeakKind, WeakSpot, misconceptions_of};

/// The simulated learners' world.
#[derive(Debug, Clone, Copy)]
pub struct SimConfig {
    pub learners: usize,
    /// Length of the study period.
    pub days: i64,
    pub seed: u64,
}

/// The error of readiness against the simulated practice tests, in points out of 100.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Calibration {
    pub learners: usize,
    /// (learner, unit) pairs with a readiness figure.
    pub units: usize,
    pub criteria: usize,
    /// Mean absolute error against the expected score of the fresh test.
    pub unit_mae: f64,
    pub criterion_mae: f64,
    /// Mean absolute error against one sampled fresh test (includes the test's own luck).
    pub unit_mae_sampled: f64,
    pub criterion_mae_sampled: f64,
    /// Mean of readiness minus expected score, per unit (positive: readiness too high).
    pub unit_bias: f64,
    /// The same for the forecast made before the break, against the test after it.
    pub forecast_unit_mae: f64,
}

const START: i64 = 1_780_000_000;

struct Learner {
    /// Per unit, per point: (ability at the start, at the end).
    ability: Vec<Vec<(f64, f64)>>,
    /// Days until the final ability is reached.
    learn_days: f64,
    cards_new_per_day: usize,
    scenarios_per_day: f64,
    /// Days without study before the test.
    gap: i64,
}

impl Learner {
    fn ability(&self, unit: usize, point: usize, day: i64) -> f64 {
        let (a0, a1) = self.ability[unit][point];
        let f = (day as f64 / self.learn_days).min(1.0);
        a0 + (a1 - a0) * f
    }
}

fn clamp01(x: f64) -> f64 {
    x.clamp(0.02, 0.98)
}

/// A normal-ish number (mean 0, sd about 1) from four uniforms.
fn noise(rng: &mut StdRng) -> f64 {
    let s: f64 = (0..4).map(|_| rng.random::<f64>()).sum();
    (s - 2.0) / (1.0f64 / 3.0).sqrt()
}

/// Runs the simulation on `pack` and returns the calibration.
pub fn calibrate(pack: &Pack, config: &SimConfig) -> Calibration {
    let cards = crate::flashcards::all_cards(pack);
    let links = Links::build(pack, &cards);
    // Card id -> (unit index, the points it is linked to).
    let mut card_points: HashMap<&str, (usize, Vec<usize>)> = HashMap::new();
    for (ui, u) in links.units.iter().enumerate() {
        for &c in &u.cards {
            card_points
                .entry(links.card_ids[c as usize].as_str())
                .or_insert((ui, Vec::new()));
        }
        for (pi, p) in u.points.iter().enumerate() {
            for &c in &p.cards {
                if let Some(e) = card_points.get_mut(links.card_ids[c as usize].as_str()) {
                    e.1.push(pi);
                }
            }
        }
    }
    let unit_index: HashMap<&str, usize> = links
        .units
        .iter()
        .enumerate()
        .map(|(i, u)| (u.unit.as_str(), i))
        .collect();
    let point_index: Vec<HashMap<&str, usize>> = links
        .units
        .iter()
        .map(|u| {
            u.points
                .iter()
                .enumerate()
                .map(|(i, p)| (p.id.as_str(), i))
                .collect()
        })
        .collect();
    let (scheduler, _) = Scheduler::new(Settings::default());
    let decay = scheduler.decay();
    let mut rng = StdRng::seed_from_u64(config.seed);
    let mut out = Calibration {
        learners: config.learners,
        ..Calibration::default()
    };
    let (mut unit_err, mut unit_err_s, mut bias, mut crit_err, mut crit_err_s, mut fc_err) =
        (0.0, 0.0, 0.0, 0.0, 0.0, 0.0);
    let mut forecasts = 0usize;
    for _ in 0..config.learners {
        let level = 0.25 + 0.65 * rng.random::<f64>();
        let spread = 0.08 + 0.12 * rng.random::<f64>();
        let learner = Learner {
            ability: links
                .units
                .iter()
                .map(|u| {
                    let unit_level = clamp01(level + 0.08 * noise(&mut rng));
                    u.points
                        .iter()
                        .map(|_| {
                            let end = clamp01(unit_level + spread * noise(&mut rng));
                            let start = clamp01(end * (0.3 + 0.6 * rng.random::<f64>()));
                            (start, end)
                        })
                        .collect()
                })
                .collect(),
            learn_days: config.days as f64 * (0.4 + 0.8 * rng.random::<f64>()),
            cards_new_per_day: rng.random_range(0..12),
            scenarios_per_day: 0.3 + 3.0 * rng.random::<f64>(),
            gap: rng.random_range(0..config.days / 3 + 1),
        };
        let mut states: HashMap<String, CardState> = HashMap::new();
        let mut attempts: Vec<AttemptRecord> = Vec::new();
        let mut weak: BTreeMap<String, (u32, i64)> = BTreeMap::new();
        let mut review_id = 0i64;
        let mut next_new = 0usize;
        let clock0 = Clock {
            now: START,
            utc_offset: 0,
            day_starts_at_hour: 4,
        };
        let recall_true = |states: &HashMap<String, CardState>, id: &str, day: i64, now: i64| {
            let Some(s) = states.get(id).filter(|s| s.memory.is_some()) else {
                return 0.0;
            };
            let (ui, pts) = &card_points[id];
            let a = if pts.is_empty() {
                level
            } else {
                pts.iter()
                    .map(|&p| learner.ability(*ui, p, day))
                    .sum::<f64>()
                    / pts.len() as f64
            };
            recall_now(decay, Some(s), now) * (0.55 + 0.45 * a)
        };
        let p_earn = |states: &HashMap<String, CardState>, ui: usize, pi: usize, day: i64| {
            let p = &links.units[ui].points[pi];
            let now = START + day * DAY + 12 * 3600;
            let c = if p.cards.is_empty() {
                1.0
            } else {
                p.cards
                    .iter()
                    .map(|&c| recall_true(states, &links.card_ids[c as usize], day, now))
                    .sum::<f64>()
                    / p.cards.len() as f64
            };
            learner.ability(ui, pi, day) * (0.75 + 0.25 * c)
        };
        let study_days = config.days - learner.gap;
        let mut forecast: Option<super::Report> = None;
        for day in 0..config.days {
            if day == study_days {
                forecast = Some(snapshot(
                    &links,
                    &states,
                    &attempts,
                    &weak,
                    decay,
                    day,
                    config.days,
                ));
            }
            if day >= study_days {
                continue;
            }
            let morning = START + day * DAY + 9 * 3600;
            // Reviews due, in card order, then new cards.
            let mut todo: Vec<&str> = cards
                .iter()
                .filter(|c| states.get(&c.id).is_some_and(|s| s.due <= morning))
                .map(|c| c.id.as_str())
                .collect();
            for _ in 0..learner.cards_new_per_day {
                if next_new < cards.len() {
                    todo.push(cards[next_new].id.as_str());
                    next_new += 1;
                }
            }
            for id in todo {
                let mut now = morning;
                for _ in 0..6 {
                    let p = if states.get(id).is_some_and(|s| s.memory.is_some()) {
                        recall_true(&states, id, day, now)
                    } else {
                        // A new card: the first showing is recalled as often as its points are known.
                        let (ui, pts) = &card_points[id];
                        0.3 + 0.5
                            * if pts.is_empty() {
                                level
                            } else {
                                learner.ability(*ui, pts[0], day)
                            }
                    };
                    let grade = if rng.random::<f64>() < p {
                        if rng.random::<f64>() < 0.1 {
                            Grade::Easy
                        } else {
                            Grade::Good
                        }
                    } else {
                        Grade::Again
                    };
                    review_id += 1;
                    let (state, _) = scheduler.grade(
                        states.get(id),
                        id,
                        grade,
                        &clock0.at(now),
                        review_id,
                        5_000,
                    );
                    let due = state.due;
                    states.insert(id.to_owned(), state);
                    if due >= START + (day + 1) * DAY {
                        break;
                    }
                    now = due.max(now + 60);
                }
            }
            // Scenarios.
            let n = learner.scenarios_per_day.floor() as usize
                + usize::from(rng.random::<f64>() < learner.scenarios_per_day.fract());
            for k in 0..n {
                let si = rng.random_range(0..pack.scenarios.len());
                let s = &pack.scenarios[si].scenario;
                let Some(&ui) = unit_index.get(s.unit.as_str()) else {
                    continue;
                };
                let at = START + day * DAY + 18 * 3600 + k as i64 * 300;
                let pidx = |mp: &str| point_index[ui].get(mp).copied();
                let (points, misconceptions) = match &s.question {
                    Question::Written(w) => (
                        w.rubric
                            .iter()
                            .map(|r| {
                                let p = pidx(&r.marking_point)
                                    .map_or(level, |pi| p_earn(&states, ui, pi, day));
                                PointRecord {
                                    point_id: r.id.clone(),
                                    marking_point: r.marking_point.clone(),
                                    marker_earned: rng.random::<f64>() < p,
                                    learner_earned: None,
                                    quote: None,
                                }
                            })
                            .collect::<Vec<_>>(),
                        Vec::new(),
                    ),
                    q => {
                        let ps: Vec<f64> = s
                            .marking_points
                            .iter()
                            .map(|mp| pidx(mp).map_or(level, |pi| p_earn(&states, ui, pi, day)))
                            .collect();
                        let p = if ps.is_empty() {
                            level
                        } else {
                            ps.iter().sum::<f64>() / ps.len() as f64
                        };
                        let right = rng.random::<f64>() < p;
                        let mut shown = Vec::new();
                        let names = misconceptions_of(q);
                        if !right && !names.is_empty() && rng.random::<f64>() < 0.6 {
                            shown.push(names[rng.random_range(0..names.len())].clone());
                        }
                        (
                            s.marking_points
                                .iter()
                                .map(|mp| PointRecord {
                                    point_id: mp.clone(),
                                    marking_point: mp.clone(),
                                    marker_earned: right,
                                    learner_earned: None,
                                    quote: None,
                                })
                                .collect(),
                            shown,
                        )
                    }
                };
                let max = crate::practice::max_score(&s.question);
                let score = match &s.question {
                    Question::Written(w) => w
                        .rubric
                        .iter()
                        .zip(&points)
                        .filter(|(_, p)| p.marker_earned)
                        .map(|(r, _)| r.max_mark)
                        .sum(),
                    _ if points.iter().all(|p| p.marker_earned) => max,
                    _ => 0,
                };
                for m in &misconceptions {
                    let e = weak.entry(m.clone()).or_insert((0, at));
                    e.0 += 1;
                    e.1 = at;
                }
                attempts.push(AttemptRecord {
                    key: format!("sim-{}", attempts.len()),
                    scenario_id: s.id.clone(),
                    unit_id: s.unit.clone(),
                    criteria: s.criteria.clone(),
                    test_key: None,
                    answered_at: at,
                    score,
                    max_score: max,
                    answer: String::new(),
                    points,
                    misconceptions,
                });
            }
        }
        let report = snapshot(
            &links,
            &states,
            &attempts,
            &weak,
            decay,
            config.days,
            config.days,
        );
        // The fresh practice test, the day after.
        let test_day = config.days;
        for (ui, u) in links.units.iter().enumerate() {
            let mut expected: BTreeMap<String, (f64, f64)> = BTreeMap::new();
            let mut sampled: BTreeMap<String, (f64, f64)> = BTreeMap::new();
            for &si in &u.scenarios {
                let s = &pack.scenarios[si].scenario;
                let marks = super::links::marks_per_point(s);
                let (mut e, mut got, mut max) = (0.0, 0.0, 0.0);
                let written = matches!(s.question, Question::Written(_));
                let mut ps = Vec::new();
                for (mp, m) in &marks {
                    let p = point_index[ui]
                        .get(mp.as_str())
                        .map_or(level, |&pi| p_earn(&states, ui, pi, test_day));
                    e += m * p;
                    max += m;
                    ps.push(p);
                    if written && rng.random::<f64>() < p {
                        got += m;
                    }
                }
                if !written && !ps.is_empty() {
                    let p = ps.iter().sum::<f64>() / ps.len() as f64;
                    if rng.random::<f64>() < p {
                        got = max;
                    }
                }
                let mut keys = vec![String::new()];
                keys.extend(s.criteria.iter().cloned());
                for key in keys {
                    let x = expected.entry(key.clone()).or_default();
                    x.0 += e;
                    x.1 += max;
                    let y = sampled.entry(key).or_default();
                    y.0 += got;
                    y.1 += max;
                }
            }
            let ur = &report.units[ui];
            let Some(readiness) = ur.readiness else {
                continue;
            };
            let Some(&(e, max)) = expected.get("") else {
                continue;
            };
            if max <= 0.0 {
                continue;
            }
            let truth = 100.0 * e / max;
            let luck = 100.0 * sampled[""].0 / max;
            out.units += 1;
            unit_err += (readiness - truth).abs();
            unit_err_s += (readiness - luck).abs();
            bias += readiness - truth;
            if let Some(f) = forecast.as_ref().and_then(|f| f.units[ui].on_exam) {
                fc_err += (f - truth).abs();
                forecasts += 1;
            }
            for c in &ur.criteria {
                let (Some(r), Some(&(e, max))) = (c.readiness, expected.get(&c.number)) else {
                    continue;
                };
                if max <= 0.0 {
                    continue;
                }
                out.criteria += 1;
                crit_err += (r - 100.0 * e / max).abs();
                crit_err_s += (r - 100.0 * sampled[&c.number].0 / max).abs();
            }
        }
    }
    let per = |x: f64, n: usize| if n == 0 { 0.0 } else { x / n as f64 };
    out.unit_mae = per(unit_err, out.units);
    out.unit_mae_sampled = per(unit_err_s, out.units);
    out.unit_bias = per(bias, out.units);
    out.criterion_mae = per(crit_err, out.criteria);
    out.criterion_mae_sampled = per(crit_err_s, out.criteria);
    out.forecast_unit_mae = per(fc_err, forecasts);
    out
}

/// Readiness from the records so far, on `day`, with the exam on `exam_day`.
#[allow(clippy::too_many_arguments)]
fn snapshot(
    links: &Links,
    states: &HashMap<String, CardState>,
    attempts: &[AttemptRecord],
    weak: &BTreeMap<String, (u32, i64)>,
    decay: f32,
    day: i64,
    exam_day: i64,
) -> super::Report {
    let weak_spots: Vec<WeakSpot> = weak
        .iter()
        .map(|(id, &(misses, at))| WeakSpot {
            kind: WeakKind::Misconception,
            item_id: id.clone(),
            misses,
            last_missed_at: at,
        })
        .collect();
    let evidence = Evidence {
        states,
        attempts,
        weak_spots: &weak_spots,
        decay,
        now: START + day * DAY + 8 * 3600,
    };
    let exam = START + exam_day * DAY + 12 * 3600;
    let dates: BTreeMap<String, i64> = links.units.iter().map(|u| (u.unit.clone(), exam)).collect();
    compute(links, &evidence, &dates, None)
}
