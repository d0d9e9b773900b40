//! How a unit's flashcards and scenarios link to its assessment criteria and marking points.
//!
//! The content states some links outright: a scenario names its criteria and marking points, a
//! written question's rubric names a marking point per rubric point, a wrong option names the
//! misconception it reflects, and the cards made from a unit include one card per criterion.
//! The rest are found from the words: a card whose topic (a key concept's term, an authored
//! deck's topic such as "GROW") appears in a marking point's text, its criteria's text or the
//! text of a scenario that practises it is linked to that point; a misconception's card is
//! linked to the points of the scenarios whose wrong answers show it. A card linked to no point
//! still counts for its unit.
//!
//! Built once per pack (it depends on nothing the learner does), off the UI thread.

use std::collections::{HashMap, HashSet};

use serde::{Deserialize, Serialize};

use crate::content::{Pack, Question, Scenario};
use crate::flashcards::Card;
use crate::practice::misconceptions_of;

/// A card, as its index into [`Links::card_ids`] (the card list the links were built from):
/// one card is linked to its unit, its criterion and several points, and an index is four
/// bytes where a copy of its id was a string of its own each time.
pub type CardIndex = u32;

/// Everything readiness needs to know about the pack, per unit.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Links {
    pub units: Vec<UnitLinks>,
    /// The id of every card the links were built from, in that list's order.
    pub card_ids: Vec<String>,
    /// The cards of misconceptions, with the misconception's id.
    pub misconception_cards: Vec<(CardIndex, String)>,
    /// The pack's scenarios by index (as `UnitLinks::scenarios` and `PointLinks` name them):
    /// id, and the misconceptions its wrong answers can show.
    pub scenarios: Vec<ScenarioLinks>,
    /// Scenario id -> index.
    pub scenario_index: HashMap<String, usize>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ScenarioLinks {
    pub id: String,
    pub unit: String,
    pub written: bool,
    pub misconceptions: Vec<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct UnitLinks {
    pub unit: String,
    pub title: String,
    /// Assessment criteria in unit order (learning outcomes, for a unit that lists no criteria):
    /// number and text.
    pub criteria: Vec<(String, String)>,
    pub points: Vec<PointLinks>,
    /// Criterion number -> the cards asking what the criterion is (made from the unit).
    pub criterion_cards: HashMap<String, Vec<CardIndex>>,
    /// Every card of the unit.
    pub cards: Vec<CardIndex>,
    /// The unit's scenarios, as indexes into the pack's scenario list.
    pub scenarios: Vec<usize>,
    /// The marks a practice test of every scenario of the unit gives to each point (by index
    /// into `points`), per criterion number and for the whole unit (key "").
    #[serde(with = "exact")]
    pub weights: HashMap<String, Vec<f64>>,
}

/// The weights kept bit for bit (as the bits of each number): JSON's decimal numbers read back
/// are not always the same `f64`, and the report must not change with the cache.
mod exact {
    use std::collections::HashMap;

    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    pub fn serialize<S: Serializer>(
        w: &HashMap<String, Vec<f64>>,
        s: S,
    ) -> Result<S::Ok, S::Error> {
        let bits: HashMap<&str, Vec<u64>> = w
            .iter()
            .map(|(k, v)| (k.as_str(), v.iter().map(|x| x.to_bits()).collect()))
            .collect();
        bits.serialize(s)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(
        d: D,
    ) -> Result<HashMap<String, Vec<f64>>, D::Error> {
        let bits = HashMap::<String, Vec<u64>>::deserialize(d)?;
        Ok(bits
            .into_iter()
            .map(|(k, v)| (k, v.into_iter().map(f64::from_bits).collect()))
            .collect())
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct PointLinks {
    pub id: String,
    pub text: String,
    pub criteria: Vec<String>,
    pub cards: Vec<CardIndex>,
    /// Scenarios (indexes into the pack's list) that practise the point.
    pub scenarios: Vec<usize>,
    /// Those of them that are written answers.
    pub written: Vec<usize>,
    /// Misconceptions the point's scenarios can reveal.
    pub misconceptions: Vec<String>,
}

/// Calls `f` with each word of three letters or more of `text`, in lower case. The same words
/// as `text.split(not alphanumeric)` lower-cased one by one, without a new string for each.
fn each_word(text: &str, buf: &mut String, mut f: impl FnMut(&str)) {
    for w in text.split(|c: char| !c.is_alphanumeric()) {
        if w.is_ascii() {
            if w.len() < 3 {
                continue;
            }
            buf.clear();
            buf.push_str(w);
            buf.make_ascii_lowercase();
            f(buf);
        } else if w.chars().count() >= 3 {
            f(&w.to_lowercase());
        }
    }
}

/// Topics too general to link a card to a point by.
const GENERAL_TOPICS: [&str; 3] = ["misconceptions", "assessment criteria", "key concepts"];

/// Marks per marking point of one scenario, in a practice test: a written answer's rubric marks
/// per point; otherwise the question's marks shared among its marking points.
pub fn marks_per_point(scenario: &Scenario) -> Vec<(String, f64)> {
    match &scenario.question {
        Question::Written(w) => w
            .rubric
            .iter()
            .map(|p| (p.marking_point.clone(), f64::from(p.max_mark)))
            .collect(),
        q => {
            let n = scenario.marking_points.len();
            if n == 0 {
                return Vec::new();
            }
            let max = f64::from(crate::practice::max_score(q));
            scenario
                .marking_points
                .iter()
                .map(|mp| (mp.clone(), max / n as f64))
                .collect()
        }
    }
}

/// What a card of a unit is to readiness.
enum CardRole<'a> {
    /// It asks what criterion `.0` is.
    Criterion(&'a str),
    /// Any other card: the misconception it would be the card of (its id without `card:`),
    /// and its topic as an index into the unit's topics (`None`: too general, or no word).
    Other {
        misconception: Option<&'a str>,
        topic: Option<usize>,
    },
}

impl Links {
    pub fn build(pack: &Pack, cards: &[Card]) -> Links {
        Links::build_for(pack, cards, None)
    }

    /// [`Links::build`], with `only`: only that unit's links are worked out (and kept in
    /// `units`); of the other units only what can change that unit's figures is, the
    /// misconceptions their cards correct.
    pub fn build_for(pack: &Pack, cards: &[Card], only: Option<&str>) -> Links {
        let mut by_unit: HashMap<&str, Vec<(CardIndex, &Card)>> = HashMap::new();
        for (i, card) in cards.iter().enumerate() {
            by_unit
                .entry(card.unit.as_str())
                .or_default()
                .push((i as CardIndex, card));
        }
        let mut scenarios_of: HashMap<&str, Vec<usize>> = HashMap::new();
        for (i, s) in pack.scenarios.iter().enumerate() {
            scenarios_of
                .entry(s.scenario.unit.as_str())
                .or_default()
                .push(i);
        }
        // Every marking point of the pack: a unit's scenarios may practise another unit's.
        let all_points: HashMap<&str, &crate::content::MarkingPoint> = pack
            .units
            .iter()
            .flat_map(|u| u.unit.marking_points.iter().map(|m| (m.id.as_str(), m)))
            .collect();
        let mut misconception_cards = Vec::new();
        let mut units = Vec::with_capacity(if only.is_some() { 1 } else { pack.units.len() });
        let mut buf = String::new();
        for loaded in &pack.units {
            let unit = &loaded.unit;
            // Only the misconceptions of a unit not asked for are worked out.
            let full = only.is_none_or(|id| id == unit.id);
            let mut criteria: Vec<(String, String)> = unit
                .criteria()
                .map(|c| (c.number.clone(), c.text.clone()))
                .collect();
            if criteria.is_empty() {
                criteria = unit
                    .learning_outcomes
                    .iter()
                    .map(|lo| (lo.number.clone(), lo.text.clone()))
                    .collect();
            }
            let criterion_text: HashMap<&str, &str> = criteria
                .iter()
                .map(|(n, t)| (n.as_str(), t.as_str()))
                .collect();
            let unit_scenarios = scenarios_of.remove(unit.id.as_str()).unwrap_or_default();
            let unit_cards = by_unit.remove(unit.id.as_str()).unwrap_or_default();
            // What each card is; and the words of the topics cards are linked by, which are
            // the only words of the points' texts that matter.
            let misconception_ids: HashSet<&str> =
                unit.misconceptions.iter().map(|m| m.id.as_str()).collect();
            let criterion_prefix = format!("card:{}/criterion/", unit.id);
            let mut vocabulary: HashMap<String, usize> = HashMap::new();
            // Each topic (lower case) with its words (as indexes into `vocabulary`).
            let mut topics: Vec<Vec<usize>> = Vec::new();
            let mut topic_index: HashMap<String, usize> = HashMap::new();
            let mut by_raw_topic: HashMap<&str, Option<usize>> = HashMap::new();
            let roles: Vec<CardRole> = unit_cards
                .iter()
                .map(|(_, card)| {
                    if let Some(n) = card.id.strip_prefix(&criterion_prefix) {
                        return CardRole::Criterion(n);
                    }
                    let misconception = card.id.strip_prefix("card:");
                    if !full {
                        return CardRole::Other {
                            misconception,
                            topic: None,
                        };
                    }
                    let topic = *by_raw_topic.entry(card.topic.as_str()).or_insert_with(|| {
                        let topic = card.topic.to_lowercase();
                        if GENERAL_TOPICS.contains(&topic.as_str()) {
                            return None;
                        }
                        if let Some(&t) = topic_index.get(&topic) {
                            return Some(t);
                        }
                        let mut words = Vec::new();
                        each_word(&topic, &mut buf, |w| {
                            let next = vocabulary.len();
                            words.push(*vocabulary.entry(w.to_owned()).or_insert(next));
                        });
                        topics.push(words);
                        topic_index.insert(topic, topics.len() - 1);
                        Some(topics.len() - 1)
                    });
                    CardRole::Other {
                        misconception,
                        topic,
                    }
                })
                .collect();
            // The unit's own points, then those of other units its scenarios practise, under
            // the criteria of this unit those scenarios name.
            let mut own: Vec<crate::content::MarkingPoint> = unit.marking_points.clone();
            for &si in &unit_scenarios {
                let s = &pack.scenarios[si].scenario;
                let named = marks_per_point(s)
                    .into_iter()
                    .map(|(mp, _)| mp)
                    .chain(s.marking_points.iter().cloned());
                for mp in named {
                    let Some(found) = all_points.get(mp.as_str()) else {
                        continue;
                    };
                    let at = match own.iter().position(|m| m.id == mp) {
                        Some(at) => at,
                        None if unit.marking_points.iter().any(|m| m.id == mp) => continue,
                        None => {
                            own.push(crate::content::MarkingPoint {
                                id: found.id.clone(),
                                text: found.text.clone(),
                                criteria: Vec::new(),
                            });
                            own.len() - 1
                        }
                    };
                    if at >= unit.marking_points.len() {
                        for c in &s.criteria {
                            if !own[at].criteria.contains(c) {
                                own[at].criteria.push(c.clone());
                            }
                        }
                    }
                }
            }
            let point_index: HashMap<&str, usize> = own
                .iter()
                .enumerate()
                .map(|(i, m)| (m.id.as_str(), i))
                .collect();
            let mut points: Vec<PointLinks> = own
                .iter()
                .map(|m| PointLinks {
                    id: m.id.clone(),
                    text: m.text.clone(),
                    criteria: m.criteria.clone(),
                    cards: Vec::new(),
                    scenarios: Vec::new(),
                    written: Vec::new(),
                    misconceptions: Vec::new(),
                })
                .collect();
            // The words of each point (those of the topics): its text, its criteria's, and
            // its scenarios'.
            let mut point_words: Vec<Vec<bool>> = vec![vec![false; vocabulary.len()]; own.len()];
            if !vocabulary.is_empty() {
                for (m, set) in own.iter().zip(point_words.iter_mut()) {
                    let mut add = |text: &str| {
                        each_word(text, &mut buf, |w| {
                            if let Some(&i) = vocabulary.get(w) {
                                set[i] = true;
                            }
                        })
                    };
                    add(&m.text);
                    for c in &m.criteria {
                        if let Some(t) = criterion_text.get(c.as_str()) {
                            add(t);
                        }
                    }
                }
            }
            let mut weights: HashMap<String, Vec<f64>> = HashMap::new();
            let n_points = points.len();
            // Misconception id -> the points whose scenarios reveal it.
            let mut misconception_points: HashMap<String, HashSet<usize>> = HashMap::new();
            let mut scenario_words: Vec<usize> = Vec::new();
            for &si in &unit_scenarios {
                let s = &pack.scenarios[si].scenario;
                let marks = marks_per_point(s);
                let mut touched: HashSet<usize> = HashSet::new();
                for (mp, m) in &marks {
                    let Some(&p) = point_index.get(mp.as_str()) else {
                        continue;
                    };
                    touched.insert(p);
                    let mut add = |key: &str| {
                        weights
                            .entry(key.to_owned())
                            .or_insert_with(|| vec![0.0; n_points])[p] += m;
                    };
                    add("");
                    if s.criteria.is_empty() {
                        for c in &points[p].criteria.clone() {
                            add(c);
                        }
                    }
                    for c in &s.criteria {
                        add(c);
                    }
                }
                for mp in &s.marking_points {
                    if let Some(&p) = point_index.get(mp.as_str()) {
                        touched.insert(p);
                    }
                }
                scenario_words.clear();
                if !vocabulary.is_empty() && !touched.is_empty() {
                    for text in [&s.title, &s.situation, &s.prompt] {
                        each_word(text, &mut buf, |w| {
                            if let Some(&i) = vocabulary.get(w) {
                                scenario_words.push(i);
                            }
                        });
                    }
                }
                let misconceptions = misconceptions_of(&s.question);
                for &p in &touched {
                    let point = &mut points[p];
                    point.scenarios.push(si);
                    if matches!(s.question, Question::Written(_)) {
                        point.written.push(si);
                    }
                    for m in &misconceptions {
                        if !point.misconceptions.contains(m) {
                            point.misconceptions.push(m.clone());
                        }
                        misconception_points.entry(m.clone()).or_default().insert(p);
                    }
                    for &w in &scenario_words {
                        point_words[p][w] = true;
                    }
                }
            }
            // A point belongs to the criteria its own entry names and to those of the
            // scenarios that practise it.
            let mut keys: Vec<&String> = weights.keys().filter(|k| !k.is_empty()).collect();
            keys.sort();
            for key in keys {
                for (p, w) in weights[key].iter().enumerate() {
                    if *w > 0.0 && !points[p].criteria.contains(key) {
                        points[p].criteria.push(key.clone());
                    }
                }
            }
            let mut criterion_cards: HashMap<String, Vec<CardIndex>> = HashMap::new();
            // Topic -> the points it links to, worked out once per topic.
            let mut linked_by_topic: Vec<Option<Vec<usize>>> = vec![None; topics.len()];
            for (&(index, _), role) in unit_cards.iter().zip(&roles) {
                let topic = match role {
                    CardRole::Criterion(n) => {
                        criterion_cards
                            .entry((*n).to_owned())
                            .or_default()
                            .push(index);
                        continue;
                    }
                    CardRole::Other {
                        misconception: Some(m),
                        ..
                    } if misconception_ids.contains(m) || misconception_points.contains_key(*m) => {
                        misconception_cards.push((index, (*m).to_owned()));
                        for &p in misconception_points.get(*m).into_iter().flatten() {
                            points[p].cards.push(index);
                        }
                        continue;
                    }
                    CardRole::Other { topic, .. } => *topic,
                };
                let Some(t) = topic else {
                    continue;
                };
                let linked = linked_by_topic[t].get_or_insert_with(|| {
                    let words = &topics[t];
                    if words.is_empty() {
                        return Vec::new();
                    }
                    point_words
                        .iter()
                        .enumerate()
                        .filter(|(_, set)| words.iter().all(|&w| set[w]))
                        .map(|(p, _)| p)
                        .collect()
                });
                for &p in linked.iter() {
                    points[p].cards.push(index);
                }
            }
            if full {
                units.push(UnitLinks {
                    unit: unit.id.clone(),
                    title: unit.title.clone(),
                    criteria,
                    points,
                    criterion_cards,
                    cards: unit_cards.iter().map(|&(i, _)| i).collect(),
                    scenarios: unit_scenarios,
                    weights,
                });
            }
        }
        let scenarios: Vec<ScenarioLinks> = pack
            .scenarios
            .iter()
            .map(|s| ScenarioLinks {
                id: s.scenario.id.clone(),
                unit: s.scenario.unit.clone(),
                written: matches!(s.scenario.question, Question::Written(_)),
                misconceptions: misconceptions_of(&s.scenario.question),
            })
            .collect();
        let scenario_index = scenarios
            .iter()
            .enumerate()
            .map(|(i, s)| (s.id.clone(), i))
            .collect();
        Links {
            units,
            card_ids: cards.iter().map(|c| c.id.clone()).collect(),
            misconception_cards,
            scenarios,
            scenario_index,
        }
    }

    /// Whether every index names something that exists (a card, a scenario, a point): links
    /// read back from a file are used only if so, since computing with them would index out of
    /// bounds.
    pub fn is_consistent(&self) -> bool {
        let cards = self.card_ids.len();
        let scenarios = self.scenarios.len();
        let card_ok = |i: &CardIndex| (*i as usize) < cards;
        let scenario_ok = |i: &usize| *i < scenarios;
        self.misconception_cards.iter().all(|(i, _)| card_ok(i))
            && self.scenario_index.values().all(scenario_ok)
            && self.units.iter().all(|u| {
                u.cards.iter().all(card_ok)
                    && u.criterion_cards.values().flatten().all(card_ok)
                    && u.scenarios.iter().all(scenario_ok)
                    && u.weights.values().all(|w| w.len() == u.points.len())
                    && u.points.iter().all(|p| {
                        p.cards.iter().all(card_ok)
                            && p.scenarios.iter().all(scenario_ok)
                            && p.written.iter().all(scenario_ok)
                    })
            })
    }

    pub fn unit(&self, id: &str) -> Option<&UnitLinks> {
        self.units.iter().find(|u| u.unit == id)
    }
}
