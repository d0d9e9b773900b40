//! Practice coverage of a pack, and the gaps a tutor should know about as warnings: a
//! misconception without a correction, a marking point or criterion (or learning outcome, in a
//! unit that lists no criteria) with fewer than [`MIN_SCENARIOS`] scenarios or none written or
//! multi-step, a tip no scenario uses, and two cards with the same front.
//!
//! Warnings are for the pack being checked (`own`); the scenarios and cards they are counted
//! against come from every loaded pack, since a tutor's scenarios may practise built-in marking
//! points and a tutor's card may repeat a built-in front.

use std::collections::{HashMap, HashSet};
use std::rc::Rc;

use super::card_text::{key_concept_front, misconception_back, misconception_front, sentence};
use super::load::Pack;
use super::problem::{MAX_PROBLEMS_PER_FILE, Problem, find_from, position_of_offset};
use super::problem::{locate, start_searching};
use super::questions::Effort;
use super::scenarios::{Question, Scenario};

/// Scenarios each marking point and criterion should have, at least one written or multi-step.
pub const MIN_SCENARIOS: usize = 2;

/// The scenarios that practise one marking point or criterion.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Practice {
    pub scenarios: usize,
    /// Written answers among them.
    pub written: usize,
    /// Order the stages, Match terms and Classify among them.
    pub multi_step: usize,
}

impl Practice {
    fn add(&mut self, question: &Question) {
        self.scenarios += 1;
        match question.of_type().effort() {
            Effort::Write => self.written += 1,
            Effort::MultiStep => self.multi_step += 1,
            Effort::Choose => {}
        }
    }

    /// At least [`MIN_SCENARIOS`] scenarios, one of them written or multi-step.
    pub fn is_enough(&self) -> bool {
        self.scenarios >= MIN_SCENARIOS && self.written + self.multi_step >= 1
    }
}

/// What a row of the coverage counts the scenarios of.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// A marking point, by id.
    MarkingPoint(String),
    /// An assessment criterion of the unit, by number.
    Criterion(String),
    /// A learning outcome, by number, in a unit that lists no criteria.
    Outcome(String),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    pub unit: String,
    pub target: Target,
    pub practice: Practice,
    pub place: Place,
}

/// A misconception or tip the warnings name, by id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item {
    pub id: String,
    pub place: Place,
}

impl Row {
    fn label(&self) -> String {
        match &self.target {
            Target::MarkingPoint(id) => format!("marking point `{id}`"),
            Target::Criterion(n) => format!("criterion {n} of unit `{}`", self.unit),
            Target::Outcome(n) => format!("learning outcome {n} of unit `{}`", self.unit),
        }
    }
}

/// A card whose front another card already has.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RepeatedFront {
    pub front: String,
    /// The card, as "the key concept `id`", "the misconception `id`" or "card `id` of deck `d`".
    pub card: String,
    /// The card that has the front first, described the same way, with its file.
    pub first: String,
    pub same_back: bool,
    pub place: Place,
}

/// The practice coverage of the units and decks of one pack.
#[derive(Debug, Clone, Default)]
pub struct Coverage {
    /// Every marking point of the pack's units, in unit order.
    pub marking_points: Vec<Row>,
    /// Every criterion of the pack's units, or its learning outcomes where a unit has no criteria.
    pub criteria: Vec<Row>,
    /// Misconceptions without a correction.
    pub uncorrected: Vec<Item>,
    /// Tips no scenario names.
    pub unused_tips: Vec<Item>,
    pub repeated_fronts: Vec<RepeatedFront>,
}

/// Where a finding is: its file, and the text to look for in it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Place {
    pub file: String,
    needle: String,
    /// Look for the needle after this text (e.g. `learning_outcomes`), if found.
    after: Option<&'static str>,
}

impl Coverage {
    /// Rows short of practice: fewer than two scenarios, or none written or multi-step.
    pub fn short_of_practice(&self) -> impl Iterator<Item = &Row> {
        self.marking_points
            .iter()
            .chain(&self.criteria)
            .filter(|r| !r.practice.is_enough())
    }

    /// How many gaps the warnings report.
    pub fn gaps(&self) -> usize {
        self.short_of_practice().count()
            + self.uncorrected.len()
            + self.unused_tips.len()
            + self.repeated_fronts.len()
    }
}

/// The coverage of `own`'s units and decks, counting the scenarios and cards of `own` and of
/// `base` (the built-in pack, when a tutor's folder is checked on its own).
pub fn coverage(own: &Pack, base: Option<&Pack>) -> Coverage {
    // What `own` holds too (a tutor's copy of a built-in file) is counted once, as `own`'s.
    let own_units: HashSet<&str> = own.units.iter().map(|u| u.unit.id.as_str()).collect();
    let own_decks: HashSet<&str> = own.decks.iter().map(|d| d.deck.id.as_str()).collect();
    let own_scenarios: HashSet<&str> = own
        .scenarios
        .iter()
        .map(|s| s.scenario.id.as_str())
        .collect();
    let base_scenarios = base
        .into_iter()
        .flat_map(|p| p.scenarios.iter().map(|s| &s.scenario))
        .filter(|s| !own_scenarios.contains(s.id.as_str()));
    let scenarios = || {
        own.scenarios
            .iter()
            .map(|s| &s.scenario)
            .chain(base_scenarios.clone())
    };

    let mut by_point: HashMap<&str, Practice> = HashMap::new();
    let mut by_number: HashMap<(&str, &str), Practice> = HashMap::new();
    let mut used_tips: HashSet<&str> = HashSet::new();
    for s in scenarios() {
        let s: &Scenario = s;
        for mp in &s.marking_points {
            by_point.entry(mp.as_str()).or_default().add(&s.question);
        }
        for n in &s.criteria {
            by_number
                .entry((s.unit.as_str(), n.as_str()))
                .or_default()
                .add(&s.question);
        }
        used_tips.extend(s.tips.iter().map(String::as_str));
    }

    let mut out = Coverage::default();
    for loaded in &own.units {
        let unit = &loaded.unit;
        let place = |needle: &str, after: Option<&'static str>| Place {
            file: loaded.file.clone(),
            needle: format!("\"{needle}\""),
            after,
        };
        for mp in &unit.marking_points {
            out.marking_points.push(Row {
                unit: unit.id.clone(),
                target: Target::MarkingPoint(mp.id.clone()),
                practice: by_point.get(mp.id.as_str()).copied().unwrap_or_default(),
                place: place(&mp.id, None),
            });
        }
        let criteria: Vec<&str> = unit.criteria().map(|c| c.number.as_str()).collect();
        let (numbers, target): (Vec<&str>, fn(String) -> Target) = if criteria.is_empty() {
            let outcomes = unit.learning_outcomes.iter().map(|lo| lo.number.as_str());
            (outcomes.collect(), Target::Outcome)
        } else {
            (criteria, Target::Criterion)
        };
        for n in numbers {
            out.criteria.push(Row {
                unit: unit.id.clone(),
                target: target(n.to_owned()),
                practice: by_number
                    .get(&(unit.id.as_str(), n))
                    .copied()
                    .unwrap_or_default(),
                place: place(n, Some("learning_outcomes")),
            });
        }
        for m in &unit.misconceptions {
            if m.correction.as_deref().is_none_or(|c| c.trim().is_empty()) {
                out.uncorrected.push(Item {
                    id: m.id.clone(),
                    place: place(&m.id, None),
                });
            }
        }
        for t in &unit.tips {
            if !used_tips.contains(t.id.as_str()) {
                out.unused_tips.push(Item {
                    id: t.id.clone(),
                    place: place(&t.id, None),
                });
            }
        }
    }

    // Card fronts: every pack's, the base first, so that a tutor's card repeating a built-in
    // front is the one warned about.
    let mut first: HashMap<String, (String, String)> = HashMap::new();
    let nothing = HashSet::new();
    let packs = base
        .map(|b| (b, &own_units, &own_decks, false))
        .into_iter()
        .chain([(own, &nothing, &nothing, true)]);
    for (pack, skip_units, skip_decks, is_own) in packs {
        for (front, back, card, place) in fronts(pack, skip_units, skip_decks) {
            match first.get(&front) {
                Some((first_card, first_back)) => {
                    if is_own {
                        out.repeated_fronts.push(RepeatedFront {
                            same_back: *first_back == back,
                            front,
                            card,
                            first: first_card.clone(),
                            place,
                        });
                    }
                }
                None => {
                    let described = format!("{card} in {}", place.file);
                    first.insert(front, (described, back));
                }
            }
        }
    }
    out
}

/// Each card front of the pack with its back, a description of the card and where it is:
/// the key concept and misconception cards made from the units, then the authored question
/// cards (a cloze card's front is its own text with a blank, so it repeats no other).
fn fronts(
    pack: &Pack,
    skip_units: &HashSet<&str>,
    skip_decks: &HashSet<&str>,
) -> Vec<(String, String, String, Place)> {
    let mut out = Vec::new();
    for loaded in &pack.units {
        if skip_units.contains(loaded.unit.id.as_str()) {
            continue;
        }
        let place = |id: &str| Place {
            file: loaded.file.clone(),
            needle: format!("\"{id}\""),
            after: None,
        };
        for kc in &loaded.unit.key_concepts {
            out.push((
                key_concept_front(&kc.term),
                sentence(&kc.explanation),
                format!("the card of key concept `{}`", kc.id),
                place(&kc.id),
            ));
        }
        for m in &loaded.unit.misconceptions {
            out.push((
                misconception_front(&m.text),
                misconception_back(m),
                format!("the card of misconception `{}`", m.id),
                place(&m.id),
            ));
        }
    }
    for loaded in &pack.decks {
        if skip_decks.contains(loaded.deck.id.as_str()) {
            continue;
        }
        for card in &loaded.deck.cards {
            if let Some(front) = &card.front {
                out.push((
                    front.trim().to_owned(),
                    card.back.clone().unwrap_or_default().trim().to_owned(),
                    format!("card `{}` of deck `{}`", card.id, loaded.deck.id),
                    Place {
                        file: loaded.file.clone(),
                        needle: format!("\"{}\"", card.id),
                        after: Some("cards"),
                    },
                ));
            }
        }
    }
    out
}

/// The gaps of `coverage` as warnings, each at its file, line and column (`texts` holds each
/// file's text by name; a file without one gets no position).
pub fn warnings(coverage: &Coverage, texts: &HashMap<String, Rc<str>>) -> Vec<Problem> {
    let at_least = MIN_SCENARIOS;
    let mut found: Vec<(&Place, String)> = coverage
        .short_of_practice()
        .map(|row| {
            let p = row.practice;
            let message = format!(
                "{} is practised by {} scenario{}, {} of them written or multi-step; give it at \
                 least {at_least}, one of them a Written question or a multi-step one \
                 (OrderStages, MatchTerms or Classify)",
                row.label(),
                p.scenarios,
                if p.scenarios == 1 { "" } else { "s" },
                p.written + p.multi_step,
            );
            (&row.place, message)
        })
        .collect();
    found.extend(coverage.uncorrected.iter().map(|m| {
        let message = format!(
            "misconception `{}` has no correction: a learner who picks it has nothing to learn \
             from and its flashcard cannot teach what is right; add `correction: \"…\"`",
            m.id
        );
        (&m.place, message)
    }));
    found.extend(coverage.unused_tips.iter().map(|t| {
        let message = format!(
            "tip `{}` is used by no scenario, so no feedback shows it; name it in a scenario's \
             `tips`",
            t.id
        );
        (&t.place, message)
    }));
    found.extend(coverage.repeated_fronts.iter().map(|r| {
        let front: String = r.front.chars().take(80).collect();
        let more = if r.front.chars().count() > 80 {
            "…"
        } else {
            ""
        };
        let message = format!(
            "{} has the front “{front}{more}”, as {} does{}; learners cannot tell which answer is \
             wanted: reword one front",
            r.card,
            r.first,
            if r.same_back {
                " (with the same back)"
            } else {
                " (with another back)"
            }
        );
        (&r.place, message)
    }));

    // A file's warnings together, files in load order, so that each file is searched once;
    // the search budget is per file, and only a file's first messages are listed, so only those
    // are looked for.
    let mut order: HashMap<&str, usize> = HashMap::new();
    for (place, _) in &found {
        let next = order.len();
        order.entry(place.file.as_str()).or_insert(next);
    }
    found.sort_by_key(|(place, _)| order[place.file.as_str()]);
    let mut located: HashMap<&str, usize> = HashMap::new();
    let mut searching: Option<&str> = None;
    let mut problems: Vec<Problem> = found
        .into_iter()
        .map(|(place, message)| {
            let problem = Problem::warning(&place.file, message);
            let Some(text) = texts.get(&place.file) else {
                return problem;
            };
            let n = located.entry(place.file.as_str()).or_default();
            *n += 1;
            if *n > MAX_PROBLEMS_PER_FILE {
                return problem;
            }
            if searching != Some(place.file.as_str()) {
                start_searching(text);
                searching = Some(place.file.as_str());
            }
            let pos = match place.after.and_then(|after| find_from(text, 0, after)) {
                Some(from) => find_from(text, from, &place.needle)
                    .map(|offset| position_of_offset(text, offset)),
                None => locate(text, &place.needle),
            };
            problem.at(pos)
        })
        .collect();
    // In each file, top to bottom.
    problems.sort_by_key(|p| (order[p.file.as_str()], p.line.unwrap_or(usize::MAX)));
    problems
}

/// The coverage as a table for a tutor (`rapport check DIR --coverage`): each marking point and
/// criterion (or outcome) with its scenarios, the gaps, and figures on `own`'s scenarios that are
/// worth a look but are not gaps (misconceptions no scenario names, choice questions whose right
/// option is the longest).
pub fn report(own: &Pack, coverage: &Coverage) -> String {
    use std::fmt::Write;
    let mut out = String::new();
    let row = |out: &mut String, label: &str, p: Practice| {
        let flag = if p.is_enough() { "" } else { "  <-- gap" };
        let _ = writeln!(
            out,
            "  {:3} scenarios  {:3} written or multi-step ({} written)  {label}{flag}",
            p.scenarios,
            p.written + p.multi_step,
            p.written
        );
    };
    let mut unit = "";
    let _ = writeln!(out, "Marking points: the scenarios that practise each");
    for r in &coverage.marking_points {
        if r.unit != unit {
            unit = &r.unit;
            let _ = writeln!(out, " {unit}");
        }
        if let Target::MarkingPoint(id) = &r.target {
            let short = id.rsplit("/mp/").next().unwrap_or(id);
            row(&mut out, short, r.practice);
        }
    }
    let _ = writeln!(
        out,
        "\nCriteria, or learning outcomes where a unit lists no criteria"
    );
    unit = "";
    for r in &coverage.criteria {
        if r.unit != unit {
            unit = &r.unit;
            let _ = writeln!(out, " {unit}");
        }
        let label = match &r.target {
            Target::Criterion(n) => format!("criterion {n}"),
            Target::Outcome(n) => format!("learning outcome {n}"),
            Target::MarkingPoint(id) => id.clone(),
        };
        row(&mut out, &label, r.practice);
    }

    let misconceptions: Vec<&str> = own
        .units
        .iter()
        .flat_map(|u| u.unit.misconceptions.iter().map(|m| m.id.as_str()))
        .collect();
    let mut named: HashSet<&str> = HashSet::new();
    let (mut choice, mut longest) = (0, 0);
    let mut kinds: std::collections::BTreeMap<&str, usize> = Default::default();
    for s in own.scenarios.iter().map(|s| &s.scenario) {
        *kinds.entry(s.question.kind_label()).or_default() += 1;
        let question = s.question.of_type();
        named.extend(question.misconceptions());
        if let Some(right_is_longest) = question.longest_option_is_right() {
            choice += 1;
            if right_is_longest {
                longest += 1;
            }
        }
    }
    let unnamed = misconceptions
        .iter()
        .filter(|m| !named.contains(*m))
        .count();
    let _ = writeln!(
        out,
        "\nGaps: {} marking points or criteria short of practice, {} of {} misconceptions \
         without a correction, {} tips no scenario uses, {} repeated card fronts",
        coverage.short_of_practice().count(),
        coverage.uncorrected.len(),
        misconceptions.len(),
        coverage.unused_tips.len(),
        coverage.repeated_fronts.len(),
    );
    let _ = writeln!(
        out,
        "Not gaps: {unnamed} misconceptions no scenario of this pack names; {longest} of {choice} \
         choice questions have the right option as the longest"
    );
    let kinds: Vec<String> = kinds.iter().map(|(k, n)| format!("{k} {n}")).collect();
    let _ = writeln!(
        out,
        "{} scenarios: {}",
        own.scenarios.len(),
        kinds.join(", ")
    );
    out
}
