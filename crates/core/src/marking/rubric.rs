//! The schema of a written question's rubric: what the marker marks against. It lives with the
//! marker, so the content layer depends on marking and not the other way round.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// One creditable point of a written answer.
#[derive(Debug, Clone, Default, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct RubricPoint {
    /// Unique within the scenario, e.g. "confidentiality".
    pub id: String,
    /// The marking point (global id) this rubric point evidences.
    pub marking_point: String,
    /// What the learner must show, in a few words.
    pub label: String,
    /// Marks available; each distinct idea evidenced earns one, up to this.
    #[serde(default = "one")]
    pub max_mark: u32,
    /// Each idea is a list of alternative phrasings; a phrasing matches a sentence when its
    /// words appear there close together (stemmed, with synonyms and small typos), in a claim
    /// that is not negated. A phrasing written `"coaching: short term"` must also be said of
    /// its subject (the words before the colon, `/` between alternatives).
    pub ideas: Vec<Vec<String>>,
    /// Words that must also appear (not negated) somewhere in the answer for the point.
    #[serde(default)]
    pub must_have: Vec<String>,
    /// Words that stop a sentence from earning the point (the right words in the wrong sense).
    #[serde(default)]
    pub must_not_have: Vec<String>,
    /// Extra synonym groups for this point, on top of the marker's own list.
    #[serde(default)]
    pub synonyms: Vec<Vec<String>>,
    /// Naming the idea is enough: a bare term or a list of terms earns the point. By default a
    /// sentence with no claim in it (no verb, only terms) earns nothing.
    #[serde(default)]
    pub naming: bool,
    /// Who the idea must be said of, e.g. `["mentor", "mentoring"]`: when the sentence names a
    /// role (mentor, coach, counsellor or one of these words) before the match, the nearest one
    /// must be one of these. Empty: any subject. A phrasing's own `"subject: ..."` overrides it.
    #[serde(default)]
    pub about: Vec<String>,
}

/// A calibration answer for a written question, with the marks an examiner would give it
/// (rubric point id to marks). Points it does not list are not checked.
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Example {
    pub answer: String,
    pub marks: BTreeMap<String, u32>,
}

fn one() -> u32 {
    1
}
