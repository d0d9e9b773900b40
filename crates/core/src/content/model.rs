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

    /// Where the unit belongs, in plain words for learners: its awarding body and level where
    /// the source names them; otherwise the qualification area of its source (e.g.
    /// "Employment-related services revision topic"), never "unknown".
    pub fn qualification_label(&self) -> String {
        let known: Vec<String> = self
            .awarding_body
            .iter()
            .map(|b| b.trim().to_owned())
            .chain(self.level.map(|l| format!("Level {l}")))
            .collect();
        if !known.is_empty() {
            return known.join(" · ");
        }
        self.source_in_plain_words()
            .unwrap_or_else(|| "Revision topic".to_owned())
    }

    /// The unit's `source` without the notes meant for whoever transcribed it: bracketed
    /// remarks and a leading "seed 002:"-style reference are left out. `None` when nothing is
    /// left.
    pub fn source_in_plain_words(&self) -> Option<String> {
        let source = self.source.as_deref()?;
        let mut plain = String::new();
        let mut depth = 0usize;
        for c in source.chars() {
            match c {
                '(' | '[' => depth += 1,
                ')' | ']' => depth = depth.saturating_sub(1),
                _ if depth == 0 => plain.push(c),
                _ => {}
            }
        }
        let mut plain = plain.trim();
        let lower = plain.to_lowercase();
        if lower.starts_with("seed")
            && let Some((_, rest)) = plain.split_once(':')
        {
            plain = rest.trim();
        }
        let plain = plain
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .trim_end_matches([',', ';', ':', '.'])
            .to_owned();
        let plain = super::card_text::sentence(&plain);
        (!plain.is_empty()).then_some(plain)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unit(body: Option<&str>, level: Option<u8>, source: Option<&str>) -> Unit {
        Unit {
            id: "u".into(),
            title: "U".into(),
            awarding_body: body.map(Into::into),
            qualifications: vec![],
            level,
            unit_reference: None,
            credit_value: None,
            guided_learning_hours: None,
            synopsis: "s".into(),
            summary: None,
            overview: vec![],
            learning_outcomes: vec![],
            key_concepts: vec![],
            misconceptions: vec![],
            marking_points: vec![],
            tips: vec![],
            assessment_requirements: vec![],
            evidence_methods: vec![],
            prior_knowledge: vec![],
            source: source.map(Into::into),
            figures: vec![],
        }
    }

    #[test]
    fn a_unit_without_body_or_level_is_labelled_by_its_source_area_in_plain_words() {
        let ers = unit(
            None,
            None,
            Some("Employment-related services revision topic (no awarding body or level named)"),
        );
        assert_eq!(
            ers.qualification_label(),
            "Employment-related services revision topic"
        );
        let seed = unit(
            None,
            None,
            Some("seed 002: adult care revision notes [draft]"),
        );
        assert_eq!(seed.qualification_label(), "Adult care revision notes");
        assert_eq!(
            unit(None, None, None).qualification_label(),
            "Revision topic"
        );
        assert_eq!(
            unit(None, None, Some(" (internal) ")).source_in_plain_words(),
            None
        );
        let oa = unit(Some("Open Awards"), Some(5), Some("anything"));
        assert_eq!(oa.qualification_label(), "Open Awards · Level 5");
        assert_eq!(unit(None, Some(4), None).qualification_label(), "Level 4");
    }
}

/// An assessment criterion (or, for a unit that lists none, a learning outcome) of one unit:
/// criterion numbers repeat across units, so the unit is part of its name.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct CriterionRef {
    pub unit: String,
    pub number: String,
}
