//! Scenario practice without a window: choosing and ordering questions, scoring (each question
//! type scores its own answers, in `content::questions`; this adds the marking points), and
//! summarising results and history. The views in `app::scenarios` only draw what these
//! functions return.

use std::collections::{BTreeMap, HashMap, HashSet};

use fuzzy_matcher::FuzzyMatcher;
use fuzzy_matcher::skim::SkimMatcherV2;
use rand::Rng;
use rand::seq::SliceRandom;
use serde::{Deserialize, Serialize};

use crate::content::{CriterionRef, LoadedScenario, Pack, Question, Scenario};
use crate::marking::MarkResult;
pub mod record;

pub use crate::content::questions::{Draft, ItemResult, Response, Shown};
pub use record::{
    AttemptRecord, PointRecord, StoredAnswer, WeakKind, WeakSpot, answer_text, read_answer,
};

/// Which scenarios a practice session draws from.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Scope {
    /// Every unit, weakest first.
    Mixed,
    Unit(String),
    /// One assessment criterion (or learning outcome) of one unit.
    Criterion(CriterionRef),
    /// Exactly these scenarios (a retry of the missed ones).
    Only(Vec<String>),
}

/// The verdict on one answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verdict {
    pub score: u32,
    pub max: u32,
    pub points: Vec<PointRecord>,
    /// Misconceptions the answer showed, in the order they apply.
    pub misconceptions: Vec<String>,
    /// How each option, stage, term or item was marked, for the feedback (see
    /// [`ItemResult`]); empty for a written answer.
    pub items: Vec<ItemResult>,
    /// For a written answer, the marker's full result.
    pub mark: Option<MarkResult>,
}

impl Verdict {
    pub fn full_marks(&self) -> bool {
        self.score == self.max
    }
}

/// Scores `response` to `scenario` (each question type scores its own; see
/// `content::questions`). A response of the wrong shape scores nothing.
pub fn score(scenario: &Scenario, response: &Response) -> Verdict {
    let scored = scenario.question.of_type().score(response);
    let points = match &scored.mark {
        // A written answer evidences each rubric point's marking point on its own.
        Some(result) => result
            .points
            .iter()
            .map(|p| PointRecord {
                point_id: p.point.clone(),
                marking_point: p.marking_point.clone(),
                marker_earned: p.earned,
                learner_earned: None,
                quote: p.quote.clone(),
            })
            .collect(),
        // Other question types evidence the scenario's marking points all together.
        None => scenario
            .marking_points
            .iter()
            .map(|mp| PointRecord {
                point_id: mp.clone(),
                marking_point: mp.clone(),
                marker_earned: scored.score == scored.max,
                learner_earned: None,
                quote: None,
            })
            .collect(),
    };
    Verdict {
        score: scored.score,
        max: scored.max,
        points,
        misconceptions: scored.misconceptions,
        items: scored.items,
        mark: scored.mark,
    }
}

pub fn max_score(question: &Question) -> u32 {
    question.of_type().max_score()
}

/// Misses per item, by kind, as read from `weak_spots`.
#[derive(Debug, Clone, Default)]
pub struct Weakness {
    by_kind: HashMap<WeakKind, HashMap<String, u32>>,
}

impl Weakness {
    pub fn from_spots(spots: &[WeakSpot]) -> Self {
        let mut w = Weakness::default();
        for s in spots {
            w.add(s.kind, &s.item_id, s.misses);
        }
        w
    }

    pub fn add(&mut self, kind: WeakKind, item: &str, misses: u32) {
        *self
            .by_kind
            .entry(kind)
            .or_default()
            .entry(item.to_owned())
            .or_default() += misses;
    }

    /// The items of one kind with their misses, in no particular order.
    pub fn of_kind(&self, kind: WeakKind) -> impl Iterator<Item = (&str, u32)> {
        self.by_kind
            .get(&kind)
            .into_iter()
            .flatten()
            .map(|(item, &misses)| (item.as_str(), misses))
    }

    pub fn misses(&self, kind: WeakKind, item: &str) -> u32 {
        self.by_kind
            .get(&kind)
            .and_then(|m| m.get(item))
            .copied()
            .unwrap_or(0)
    }

    /// How much a scenario deserves to come early: its own misses count most, then the
    /// marking points it trains and the misconceptions its wrong options reflect.
    pub fn priority(&self, scenario: &Scenario) -> u32 {
        let own = 3 * self.misses(WeakKind::Scenario, &scenario.id);
        let points: u32 = scenario
            .marking_points
            .iter()
            .map(|mp| self.misses(WeakKind::MarkingPoint, mp))
            .sum();
        let rubric: u32 = scenario
            .question
            .of_type()
            .marked_points()
            .into_iter()
            .map(|(_, mp)| mp)
            .filter(|mp| !scenario.marking_points.iter().any(|own| own == mp))
            .map(|mp| self.misses(WeakKind::MarkingPoint, mp))
            .sum();
        let misconceptions: u32 = misconceptions_of(&scenario.question)
            .iter()
            .map(|m| self.misses(WeakKind::Misconception, m))
            .sum();
        own + points + rubric + misconceptions
    }
}

/// Every misconception a question's options or items name.
pub fn misconceptions_of(question: &Question) -> Vec<String> {
    let mut out: Vec<String> = question
        .of_type()
        .misconceptions()
        .into_iter()
        .map(str::to_owned)
        .collect();
    out.sort();
    out.dedup();
    out
}

/// The scenarios in `scope`, weakest first: those the learner has got wrong (or whose
/// marking points and misconceptions they have), then those never tried, then the rest.
/// `rng` breaks ties so that a mixed session is not the same every time.
pub fn queue<'a>(
    pack: &'a Pack,
    scope: &Scope,
    weakness: &Weakness,
    attempted: &HashSet<String>,
    rng: &mut impl Rng,
) -> Vec<&'a LoadedScenario> {
    let mut chosen: Vec<&LoadedScenario> = match scope {
        Scope::Mixed => pack.scenarios.iter().collect(),
        Scope::Unit(unit) => pack
            .scenarios
            .iter()
            .filter(|s| &s.scenario.unit == unit)
            .collect(),
        Scope::Criterion(c) => pack
            .scenarios
            .iter()
            .filter(|s| s.scenario.unit == c.unit && s.scenario.criteria.contains(&c.number))
            .collect(),
        Scope::Only(ids) => ids.iter().filter_map(|id| pack.scenario(id)).collect(),
    };
    if matches!(scope, Scope::Only(_)) {
        return chosen;
    }
    // Shuffled, then a stable sort keeps the shuffle within ties.
    chosen.shuffle(rng);
    chosen.sort_by_key(|s| {
        let priority = weakness.priority(&s.scenario);
        let tried = attempted.contains(&s.scenario.id);
        (std::cmp::Reverse(priority), tried)
    });
    chosen
}

/// Earned out of available, for one group of results.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Tally {
    pub earned: u32,
    pub available: u32,
}

impl Tally {
    pub fn add(&mut self, earned: u32, available: u32) {
        self.earned += earned;
        self.available += available;
    }

    /// Rounded to the nearest whole per cent (2 of 3 is 67%), 0 when nothing was available.
    pub fn percent(&self) -> u32 {
        (self.earned * 100 + self.available / 2)
            .checked_div(self.available)
            .unwrap_or(0)
    }
}

/// Results of a set of attempts, grouped the way an examiner reads them.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Summary {
    pub total: Tally,
    /// (unit id, criterion number) -> marks. Scenarios without criteria count under "".
    pub by_criterion: BTreeMap<CriterionRef, Tally>,
    /// Marking point id -> points earned out of points attempted.
    pub by_marking_point: BTreeMap<String, Tally>,
}

impl Summary {
    /// Counts a question of the session that was never answered (time ran out) as missed:
    /// no marks out of its full marks, in the total, its criteria and its marking points.
    pub fn add_unanswered(&mut self, scenario: &Scenario) {
        let max = max_score(&scenario.question);
        self.total.add(0, max);
        let unit = scenario.unit.clone();
        if scenario.criteria.is_empty() {
            self.by_criterion
                .entry(CriterionRef {
                    unit: unit.clone(),
                    number: String::new(),
                })
                .or_default()
                .add(0, max);
        }
        for c in &scenario.criteria {
            self.by_criterion
                .entry(CriterionRef {
                    unit: unit.clone(),
                    number: c.clone(),
                })
                .or_default()
                .add(0, max);
        }
        // A written question's rubric points are counted one by one, others' marking points
        // all together.
        let mut points: Vec<&str> = scenario
            .question
            .of_type()
            .marked_points()
            .into_iter()
            .map(|(_, mp)| mp)
            .collect();
        if points.is_empty() {
            points = scenario.marking_points.iter().map(String::as_str).collect();
        }
        for mp in points {
            self.by_marking_point
                .entry(mp.to_owned())
                .or_default()
                .add(0, 1);
        }
    }
}

/// Sums attempts, using the learner's view of a point where they disputed the marker's.
pub fn summarise<'a>(attempts: impl IntoIterator<Item = &'a AttemptRecord>) -> Summary {
    let mut s = Summary::default();
    for a in attempts {
        let (score, max) = adjusted_score(a);
        s.total.add(score, max);
        if a.criteria.is_empty() {
            s.by_criterion
                .entry(CriterionRef {
                    unit: a.unit_id.clone(),
                    number: String::new(),
                })
                .or_default()
                .add(score, max);
        }
        for c in &a.criteria {
            s.by_criterion
                .entry(CriterionRef {
                    unit: a.unit_id.clone(),
                    number: c.clone(),
                })
                .or_default()
                .add(score, max);
        }
        for p in &a.points {
            s.by_marking_point
                .entry(p.marking_point.clone())
                .or_default()
                .add(u32::from(p.earned()), 1);
        }
    }
    s
}

/// The attempt's score with disputed points counted as the learner sees them. Only written
/// answers have points that carry their own marks; a dispute there moves the score by one.
pub fn adjusted_score(a: &AttemptRecord) -> (u32, u32) {
    let mut score = a.score as i64;
    for p in &a.points {
        match (p.marker_earned, p.learner_earned) {
            (false, Some(true)) => score += 1,
            (true, Some(false)) => score -= 1,
            _ => {}
        }
    }
    (score.clamp(0, a.max_score as i64) as u32, a.max_score)
}

/// One row of the history table: the attempts of one day for one group.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HistoryRow {
    pub day: String,
    pub attempts: u32,
    pub tally: Tally,
}

/// Scores over time for each unit (key: unit id) and each criterion (key: "unit id criterion"),
/// one row per day, oldest first.
pub fn history(attempts: &[AttemptRecord]) -> BTreeMap<String, Vec<HistoryRow>> {
    let mut out: BTreeMap<String, BTreeMap<i64, HistoryRow>> = BTreeMap::new();
    for a in attempts {
        let day = a.answered_at.div_euclid(86_400);
        let (score, max) = adjusted_score(a);
        let mut keys = vec![a.unit_id.clone()];
        keys.extend(a.criteria.iter().map(|c| format!("{} {c}", a.unit_id)));
        for key in keys {
            let row = out
                .entry(key)
                .or_default()
                .entry(day)
                .or_insert_with(|| HistoryRow {
                    day: iso_date(day),
                    attempts: 0,
                    tally: Tally::default(),
                });
            row.attempts += 1;
            row.tally.add(score, max);
        }
    }
    out.into_iter()
        .map(|(k, days)| (k, days.into_values().collect()))
        .collect()
}

/// `YYYY-MM-DD` (UTC) of a day number since the Unix epoch.
pub fn iso_date(days: i64) -> String {
    // Howard Hinnant's civil-from-days algorithm.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!("{y:04}-{m:02}-{d:02}")
}

/// Up to `n` of `candidates` that look most like `query`, best first.
pub fn closest<'a>(query: &str, candidates: &[&'a str], n: usize) -> Vec<&'a str> {
    let matcher = SkimMatcherV2::default();
    let mut scored: Vec<(i64, &str)> = candidates
        .iter()
        .filter_map(|c| {
            let fuzzy = matcher.fuzzy_match(c, query);
            let edit = strsim::normalized_levenshtein(c, query);
            let score = fuzzy.unwrap_or(0) + (edit * 100.0) as i64;
            (fuzzy.is_some() || edit > 0.5).then_some((score, *c))
        })
        .collect();
    scored.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(b.1)));
    scored.into_iter().take(n).map(|(_, c)| c).collect()
}

#[cfg(test)]
mod tests;
