//! Scenario questions: a workplace situation, a prompt and one question, tied to the unit's
//! assessment criteria and to the examiners' marking points it trains.
//!
//! A file in `scenarios/` holds a list of scenarios: `[ Scenario(..), Scenario(..) ]`.
//! Unit ids, marking point ids, misconception ids and tip ids are global across the pack, so a
//! scenario of one unit may name a misconception of another (unit 003 has none of its own).
//!
//! This schema is shared with the classroom drill: add optional fields, never rename or remove.

use std::collections::HashSet;

use serde::{Deserialize, Serialize};

use super::load::Pack;
use super::problem::{Problem, find_from, locate, position_of_offset};
use super::validate::valid_id;
pub use crate::marking::{Example, RubricPoint};

#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Scenario {
    /// Stable id, e.g. `ers-coaching-mentoring-roles/sc/job-coach-or-mentor`. Attempts are stored
    /// against it.
    pub id: String,
    /// The unit the scenario belongs to.
    pub unit: String,
    /// A short name shown in lists.
    pub title: String,
    /// Assessment criterion numbers of the unit (e.g. "2.2"); for a unit that lists no criteria,
    /// learning outcome numbers ("1"). Empty when the unit has neither.
    #[serde(default)]
    pub criteria: Vec<String>,
    /// Marking point ids (global) that the scenario trains.
    #[serde(default)]
    pub marking_points: Vec<String>,
    pub setting: Setting,
    /// The situation, in a few sentences.
    pub situation: String,
    /// What the learner is asked.
    pub prompt: String,
    pub question: Question,
    /// Tip ids (global) shown with the feedback.
    #[serde(default)]
    pub tips: Vec<String>,
    /// Shown after answering: why the right answer is right.
    #[serde(default)]
    pub explanation: Option<String>,
}

/// Where the scenario is set: the places these learners work.
#[derive(Debug, Clone, Copy, Deserialize, Serialize, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Setting {
    EmploymentServices,
    SupportedEmployment,
    SchoolLearningSupport,
    CollegeLearningSupport,
    AdultSocialCare,
    WorkplaceMentoring,
}

impl Setting {
    pub fn label(self) -> &'static str {
        match self {
            Setting::EmploymentServices => "Employment-related services",
            Setting::SupportedEmployment => "Supported employment",
            Setting::SchoolLearningSupport => "Learning support in a school",
            Setting::CollegeLearningSupport => "Learning support in a college",
            Setting::AdultSocialCare => "Adult social care",
            Setting::WorkplaceMentoring => "Workplace mentoring",
        }
    }
}

#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
// A misspelt field inside a question is an error, as in every other struct of a pack.
#[serde(deny_unknown_fields)]
pub enum Question {
    /// Exactly one option is correct.
    SingleBest { options: Vec<Choice> },
    /// One or more options are correct; the learner ticks all that apply.
    MultipleAnswers { options: Vec<Choice> },
    /// `stages` are written in the right order and shown shuffled.
    OrderStages {
        /// The model, e.g. "GROW" or "Gibbs' reflective cycle".
        model: String,
        stages: Vec<String>,
        /// What putting them in the wrong order reflects.
        #[serde(default)]
        misconception: Option<String>,
    },
    /// Each term is matched to its definition; definitions are shown shuffled.
    MatchTerms {
        pairs: Vec<MatchPair>,
        #[serde(default)]
        misconception: Option<String>,
    },
    /// Each item is put into one of the categories.
    Classify {
        categories: Vec<String>,
        items: Vec<ClassifyItem>,
    },
    /// A free-text answer marked against the rubric.
    Written {
        model_answer: String,
        rubric: Vec<RubricPoint>,
        /// Calibration answers with the marks an examiner would give; `rapport check` marks
        /// them and reports every disagreement.
        #[serde(default)]
        examples: Vec<Example>,
    },
}

impl Question {
    pub fn kind_label(&self) -> &'static str {
        match self {
            Question::SingleBest { .. } => "Single best answer",
            Question::MultipleAnswers { .. } => "Multiple answers",
            Question::OrderStages { .. } => "Order the stages",
            Question::MatchTerms { .. } => "Match terms",
            Question::Classify { .. } => "Classify",
            Question::Written { .. } => "Written answer",
        }
    }
}

#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Choice {
    pub text: String,
    #[serde(default)]
    pub correct: bool,
    /// Required on a wrong option: the misconception (global id) that choosing it reflects.
    #[serde(default)]
    pub misconception: Option<String>,
    /// Feedback specific to this option.
    #[serde(default)]
    pub why: Option<String>,
}

#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct MatchPair {
    pub term: String,
    pub definition: String,
}

#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct ClassifyItem {
    pub text: String,
    /// One of the question's categories, spelt the same.
    pub category: String,
    /// What putting this item in another category reflects.
    #[serde(default)]
    pub misconception: Option<String>,
}

/// A scenario together with the file it was loaded from.
#[derive(Debug, Clone)]
pub struct LoadedScenario {
    pub scenario: Scenario,
    pub file: String,
}

/// Everything the scenarios may refer to: ids that exist somewhere in the pack, gathered once
/// so that checking thousands of scenarios does not walk every unit for each reference.
pub struct KnownIds<'a> {
    packs: Vec<&'a Pack>,
    marking_points: HashSet<&'a str>,
    misconceptions: HashSet<&'a str>,
    tips: HashSet<&'a str>,
}

impl<'a> KnownIds<'a> {
    pub fn new(packs: Vec<&'a Pack>) -> Self {
        let units = || packs.iter().flat_map(|p| p.units.iter().map(|u| &u.unit));
        Self {
            marking_points: units()
                .flat_map(|u| u.marking_points.iter().map(|m| m.id.as_str()))
                .collect(),
            misconceptions: units()
                .flat_map(|u| u.misconceptions.iter().map(|m| m.id.as_str()))
                .collect(),
            tips: units()
                .flat_map(|u| u.tips.iter().map(|t| t.id.as_str()))
                .collect(),
            packs,
        }
    }

    fn unit(&self, id: &str) -> Option<&'a super::model::Unit> {
        self.packs
            .iter()
            .find_map(|p| p.unit(id))
            .map(|loaded| &loaded.unit)
    }

    fn marking_point(&self, id: &str) -> bool {
        self.marking_points.contains(id)
    }

    fn misconception(&self, id: &str) -> bool {
        self.misconceptions.contains(id)
    }

    fn tip(&self, id: &str) -> bool {
        self.tips.contains(id)
    }
}

/// Checks one scenario; `source` is the text of its file, used to point at the line.
pub fn validate_scenario(
    scenario: &Scenario,
    file: &str,
    source: &str,
    known: &KnownIds<'_>,
) -> Vec<Problem> {
    let mut problems = Vec::new();
    // Messages point at the first occurrence of the offending text after the scenario's id,
    // which is where it sits in the file.
    // Found only once a message needs it: on a valid file nothing is searched for.
    let start_cell = std::cell::OnceCell::new();
    let at = |needle: &str| -> Option<(usize, usize)> {
        let start = *start_cell.get_or_init(|| {
            find_from(source, 0, &format!("\"{}\"", scenario.id)).unwrap_or_default()
        });
        find_from(source, start, needle)
            .map(|at| position_of_offset(source, at))
            .or_else(|| locate(source, needle))
            .or_else(|| Some(position_of_offset(source, start)))
    };
    let quoted = |s: &str| format!("\"{s}\"");
    let sc = &scenario.id;
    let mut push = |message: String, pos: Option<(usize, usize)>| {
        problems.push(Problem::new(file, message).at(pos));
    };

    if !valid_id(sc) {
        push(
            format!("scenario id `{sc}` may only use letters, digits and - _ . /"),
            at(&quoted(sc)),
        );
    }
    for (what, text) in [
        ("title", &scenario.title),
        ("situation", &scenario.situation),
        ("prompt", &scenario.prompt),
    ] {
        if text.trim().is_empty() {
            push(
                format!("empty text: the {what} of scenario `{sc}` has no words"),
                at(&format!("{what}: \"\"")),
            );
        }
    }

    match known.unit(&scenario.unit) {
        None => push(
            format!(
                "scenario `{sc}` belongs to unit `{}`, which no loaded pack has",
                scenario.unit
            ),
            at(&quoted(&scenario.unit)),
        ),
        Some(unit) => {
            let numbers: HashSet<&str> = unit
                .criteria()
                .map(|c| c.number.as_str())
                .chain(unit.learning_outcomes.iter().map(|lo| lo.number.as_str()))
                .collect();
            for c in &scenario.criteria {
                if !numbers.contains(c.as_str()) {
                    push(
                        format!(
                            "scenario `{sc}` refers to criterion {c}, which unit `{}` does not have",
                            unit.id
                        ),
                        at(&quoted(c)),
                    );
                }
            }
        }
    }
    for mp in &scenario.marking_points {
        if !known.marking_point(mp) {
            push(
                format!("scenario `{sc}` names marking point `{mp}`, which no unit has"),
                at(&quoted(mp)),
            );
        }
    }
    for tip in &scenario.tips {
        if !known.tip(tip) {
            push(
                format!("scenario `{sc}` names tip `{tip}`, which no unit has"),
                at(&quoted(tip)),
            );
        }
    }
    let check_misconception = |id: &str, push: &mut dyn FnMut(String, Option<(usize, usize)>)| {
        if !known.misconception(id) {
            push(
                format!("scenario `{sc}` names misconception `{id}`, which no unit has"),
                at(&quoted(id)),
            );
        }
    };

    match &scenario.question {
        Question::SingleBest { options } | Question::MultipleAnswers { options } => {
            let single = matches!(scenario.question, Question::SingleBest { .. });
            let correct = options.iter().filter(|o| o.correct).count();
            if options.len() < 2 {
                push(
                    format!("scenario `{sc}` needs at least two options"),
                    at("options"),
                );
            }
            if single && correct != 1 {
                push(
                    format!(
                        "scenario `{sc}` is a single best answer question but has {correct} \
                         correct options (it needs exactly one)"
                    ),
                    at("options"),
                );
            } else if !single && correct == 0 {
                push(
                    format!("scenario `{sc}` has no correct option"),
                    at("options"),
                );
            }
            if has_repeats(options.iter().map(|o| &o.text)) {
                push(
                    format!("scenario `{sc}` has two options with the same text"),
                    at("options"),
                );
            }
            for option in options {
                if option.text.trim().is_empty() {
                    push(
                        format!("empty text: an option of scenario `{sc}` has no words"),
                        at("text: \"\""),
                    );
                }
                match (&option.misconception, option.correct) {
                    (Some(id), _) => check_misconception(id, &mut push),
                    (None, false) => push(
                        format!(
                            "scenario `{sc}`: the wrong option \"{}\" must name the misconception \
                             it reflects (misconception: \"...\")",
                            short(&option.text)
                        ),
                        at(&quoted(&option.text)),
                    ),
                    (None, true) => {}
                }
            }
        }
        Question::OrderStages {
            stages,
            misconception,
            ..
        } => {
            if stages.len() < 2 {
                push(
                    format!("scenario `{sc}` needs at least two stages to order"),
                    at("stages"),
                );
            }
            if stages.iter().any(|s| s.trim().is_empty()) {
                push(
                    format!("empty text: a stage of scenario `{sc}` has no words"),
                    at("stages"),
                );
            }
            if has_repeats(stages.iter()) {
                push(
                    format!("scenario `{sc}` lists the same stage twice"),
                    at("stages"),
                );
            }
            if let Some(id) = misconception {
                check_misconception(id, &mut push);
            }
        }
        Question::MatchTerms {
            pairs,
            misconception,
        } => {
            if pairs.len() < 2 {
                push(
                    format!("scenario `{sc}` needs at least two pairs to match"),
                    at("pairs"),
                );
            }
            if pairs
                .iter()
                .any(|p| p.term.trim().is_empty() || p.definition.trim().is_empty())
            {
                push(
                    format!("empty text: a term or definition of scenario `{sc}` has no words"),
                    at("pairs"),
                );
            }
            if has_repeats(pairs.iter().map(|p| &p.term))
                || has_repeats(pairs.iter().map(|p| &p.definition))
            {
                push(
                    format!("scenario `{sc}` repeats a term or a definition"),
                    at("pairs"),
                );
            }
            if let Some(id) = misconception {
                check_misconception(id, &mut push);
            }
        }
        Question::Classify { categories, items } => {
            if categories.len() < 2 {
                push(
                    format!("scenario `{sc}` needs at least two categories"),
                    at("categories"),
                );
            }
            if items.is_empty() {
                push(
                    format!("scenario `{sc}` has no items to classify"),
                    at("items"),
                );
            }
            if categories.iter().any(|c| c.trim().is_empty()) {
                push(
                    format!("empty text: a category of scenario `{sc}` has no words"),
                    at("categories"),
                );
            }
            if has_repeats(categories.iter()) {
                push(
                    format!("scenario `{sc}` lists the same category twice"),
                    at("categories"),
                );
            }
            for item in items {
                if item.text.trim().is_empty() {
                    push(
                        format!("empty text: an item of scenario `{sc}` has no words"),
                        at("items"),
                    );
                }
                if !categories.contains(&item.category) {
                    push(
                        format!(
                            "scenario `{sc}`: item \"{}\" is in category \"{}\", which is not one \
                             of the question's categories",
                            short(&item.text),
                            item.category
                        ),
                        at(&quoted(&item.text)),
                    );
                }
                if let Some(id) = &item.misconception {
                    check_misconception(id, &mut push);
                }
            }
        }
        Question::Written {
            model_answer,
            rubric,
            examples,
        } => {
            for d in crate::marking::check_examples(rubric, examples) {
                let example = &examples[d.example - 1];
                let given = d.given.map_or_else(
                    || "the rubric has no such point".to_owned(),
                    |g| format!("marker gives {g}"),
                );
                push(
                    format!(
                        "scenario {sc}, example {}, point {}: expected {}, {given} (\"{}\")",
                        d.example, d.point, d.expected, d.quote
                    ),
                    at(short(&example.answer).trim_end_matches('…')),
                );
            }
            if model_answer.trim().is_empty() {
                push(
                    format!("empty text: the model answer of scenario `{sc}` has no words"),
                    at("model_answer"),
                );
            }
            if rubric.is_empty() {
                push(
                    format!("scenario `{sc}` is a written question with no rubric points"),
                    at("rubric"),
                );
            }
            let mut seen = HashSet::new();
            for point in rubric {
                if !valid_id(&point.id) || !seen.insert(point.id.as_str()) {
                    push(
                        format!(
                            "scenario `{sc}`: rubric point id `{}` is empty, malformed or used twice",
                            point.id
                        ),
                        at(&quoted(&point.id)),
                    );
                }
                if !known.marking_point(&point.marking_point) {
                    push(
                        format!(
                            "scenario `{sc}`: rubric point `{}` names marking point `{}`, which \
                             no unit has",
                            point.id, point.marking_point
                        ),
                        at(&quoted(&point.marking_point)),
                    );
                }
                if !(1..=MAX_MARK).contains(&point.max_mark) {
                    push(
                        format!(
                            "scenario `{sc}`: rubric point `{}` has a maximum mark of {}; it must                              be from 1 to {MAX_MARK}",
                            point.id, point.max_mark
                        ),
                        at("max_mark"),
                    );
                }
                for phrasing in point.ideas.iter().flatten().chain(&point.must_have) {
                    if !phrasing.trim().is_empty() && !crate::marking::has_content_words(phrasing) {
                        push(
                            format!(
                                "scenario `{sc}`: rubric point `{}` has the phrasing \"{phrasing}\", \
                                 which has only little words (a, the, would...) and can never be \
                                 matched; add the words that carry the idea",
                                point.id
                            ),
                            at(&quoted(phrasing)),
                        );
                    }
                }
                let no_phrasing = point.ideas.is_empty()
                    || point
                        .ideas
                        .iter()
                        .any(|idea| idea.iter().all(|p| p.trim().is_empty()));
                if no_phrasing {
                    push(
                        format!(
                            "scenario `{sc}`: rubric point `{}` has an idea with no phrasing that \
                             could earn it",
                            point.id
                        ),
                        at(&quoted(&point.id)),
                    );
                }
            }
        }
    }
    problems
}

/// The most marks one rubric point may carry: an examiner's point is worth a few marks, and a
/// bound keeps every total far from overflowing.
pub const MAX_MARK: u32 = 10;

/// Whether a text appears twice (empty texts have a message of their own).
fn has_repeats<'a>(texts: impl Iterator<Item = &'a String>) -> bool {
    let mut seen = HashSet::new();
    texts
        .into_iter()
        .map(|t| t.trim())
        .filter(|t| !t.is_empty())
        .any(|t| !seen.insert(t))
}

fn short(text: &str) -> String {
    let mut s: String = text.chars().take(50).collect();
    if text.chars().count() > 50 {
        s.push('…');
    }
    s
}
