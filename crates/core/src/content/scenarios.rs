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
pub use super::questions::written::MAX_MARK;
pub use super::questions::{
    Choice, Classify, MatchTerms, MultipleAnswers, OrderStages, Question, QuestionKind, SingleBest,
    Written, classify::ClassifyItem, match_terms::MatchPair,
};
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
    let mut check = Check {
        id: sc,
        known,
        at: &at,
        file,
        problems: &mut problems,
    };
    scenario.question.of_type().validate(&mut check);
    problems
}

/// What a question type's `validate` reports to: messages point at the first occurrence of
/// the text given after the scenario's id, which is where it sits in the file.
pub struct Check<'a> {
    id: &'a str,
    known: &'a KnownIds<'a>,
    at: &'a dyn Fn(&str) -> Option<(usize, usize)>,
    file: &'a str,
    problems: &'a mut Vec<Problem>,
}

impl Check<'_> {
    /// The scenario's id, for messages.
    pub fn id(&self) -> &str {
        self.id
    }

    /// Reports a problem, pointing at `near` (the text to look for in the file).
    pub fn problem(&mut self, message: String, near: &str) {
        self.problems
            .push(Problem::new(self.file, message).at((self.at)(near)));
    }

    /// Reports a misconception id that no unit has.
    pub fn misconception(&mut self, id: &str) {
        if !self.known.misconception(id) {
            let message = format!(
                "scenario `{}` names misconception `{id}`, which no unit has",
                self.id
            );
            self.problem(message, &format!("\"{id}\""));
        }
    }

    pub fn knows_marking_point(&self, id: &str) -> bool {
        self.known.marking_point(id)
    }
}
