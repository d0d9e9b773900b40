//! The schema of a written question's rubric: what the marker marks against. It lives with the
//! marker, so the content layer depends on marking and not the other way round.

use serde::{Deserialize, Serialize};

/// One creditable point of a written answer.
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
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
    /// words appear there in order (stemmed, with synonyms and small typos).
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
}

fn one() -> u32 {
    1
}
