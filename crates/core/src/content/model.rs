//! The content schema: what a pack's RON files hold once parsed.
//!
//! Every struct denies unknown fields so that a tutor's typo (`titel:`) is reported
//! instead of silently ignored.

use serde::{Deserialize, Serialize};

/// Optional `pack.ron` at the root of a pack folder.
#[derive(Debug, Clone, Default, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct PackManifest {
    pub name: String,
    #[serde(default)]
    pub author: Option<String>,
    #[serde(default)]
    pub description: Option<String>,
}

/// One unit of a qualification (or a revision topic), as transcribed from its source document.
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Unit {
    /// Stable identifier; other content and the learner's records refer to it.
    pub id: String,
    pub title: String,
    /// `None` when the source names no awarding body: shown as unknown, never guessed.
    #[serde(default)]
    pub awarding_body: Option<String>,
    #[serde(default)]
    pub qualifications: Vec<String>,
    /// `None` when the source names no level.
    #[serde(default)]
    pub level: Option<u8>,
    #[serde(default)]
    pub unit_reference: Option<String>,
    #[serde(default)]
    pub credit_value: Option<u32>,
    #[serde(default)]
    pub guided_learning_hours: Option<u32>,
    pub synopsis: String,
    /// A second, shorter description some sources give beside the synopsis.
    #[serde(default)]
    pub summary: Option<String>,
    /// Paragraphs of the topic overview.
    #[serde(default)]
    pub overview: Vec<String>,
    #[serde(default)]
    pub learning_outcomes: Vec<LearningOutcome>,
    #[serde(default)]
    pub key_concepts: Vec<KeyConcept>,
    #[serde(default)]
    pub misconceptions: Vec<Misconception>,
    #[serde(default)]
    pub marking_points: Vec<MarkingPoint>,
    #[serde(default)]
    pub tips: Vec<Tip>,
    #[serde(default)]
    pub assessment_requirements: Vec<Requirement>,
    #[serde(default)]
    pub evidence_methods: Vec<String>,
    #[serde(default)]
    pub prior_knowledge: Vec<String>,
    /// Where the unit was transcribed from, for the tutor's reference.
    #[serde(default)]
    pub source: Option<String>,
    /// Diagrams shown on the unit's page (a model's stages, a cycle), from image files in the
    /// pack's folder.
    #[serde(default)]
    pub figures: Vec<Figure>,
}

#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Figure {
    pub id: String,
    /// A PNG or JPEG file inside the pack folder, e.g. `figures/grow.png`.
    pub file: String,
    /// Shown under the image.
    pub caption: String,
    /// What the image shows, in words, for learners who cannot see it (read by screen readers).
    pub alt: String,
}

#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct LearningOutcome {
    /// As numbered in the unit, e.g. "1".
    pub number: String,
    pub text: String,
    #[serde(default)]
    pub criteria: Vec<Criterion>,
}

#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Criterion {
    /// As numbered in the unit, e.g. "2.3"; unique within the unit.
    pub number: String,
    pub text: String,
    #[serde(default)]
    pub indicative_content: Vec<String>,
}

#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct KeyConcept {
    pub id: String,
    pub term: String,
    pub explanation: String,
}

#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Misconception {
    pub id: String,
    /// The mistaken belief or the mistake learners make.
    pub text: String,
    /// What is right instead, where the source gives it.
    #[serde(default)]
    pub correction: Option<String>,
}

#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct MarkingPoint {
    pub id: String,
    pub text: String,
    /// Assessment criteria numbers of this unit that the point evidences.
    #[serde(default)]
    pub criteria: Vec<String>,
}

#[derive(Debug, Clone, Copy, Deserialize, Serialize, PartialEq, Eq, Default)]
pub enum TipKind {
    /// Exam tips and revision strategies.
    #[default]
    Exam,
    /// Assessment guidance for higher grades.
    Guidance,
}

#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Tip {
    pub id: String,
    pub text: String,
    #[serde(default)]
    pub kind: TipKind,
}

#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Requirement {
    pub text: String,
    /// Criteria numbers this requirement applies to; empty means the whole unit.
    #[serde(default)]
    pub criteria: Vec<String>,
}

impl Unit {
    /// Every assessment criterion of the unit, in unit order.
    pub fn criteria(&self) -> impl Iterator<Item = &Criterion> {
        self.learning_outcomes
            .iter()
            .flat_map(|lo| lo.criteria.iter())
    }

    pub fn awarding_body_label(&self) -> &str {
        self.awarding_body
            .as_deref()
            .unwrap_or("Awarding body unknown")
    }

    pub fn level_label(&self) -> String {
        match self.level {
            Some(level) => format!("Level {level}"),
            None => "Level unknown".to_owned(),
        }
    }
}

/// An assessment criterion (or, for a unit that lists none, a learning outcome) of one unit:
/// criterion numbers repeat across units, so the unit is part of its name.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct CriterionRef {
    pub unit: String,
    pub number: String,
}
