//! Competency frameworks (ICF, EMCC, a centre's own standards) as content: what a learner rates
//! themselves against. The built-in files give the frameworks' names and numbering only; every
//! behaviour and descriptor is written in our own words.

use std::collections::HashSet;

use serde::{Deserialize, Serialize};

use super::problem::{Problem, locate};
use super::validate::valid_id;

/// A framework in `frameworks/*.ron`.
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Framework {
    /// Stable identifier; assessments and plan entries refer to it.
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub publisher: Option<String>,
    /// Which revision of the model the file follows, so a later revision can sit beside it.
    pub model_version: String,
    /// One or two sentences on what the framework is for, in our own words.
    #[serde(default)]
    pub description: Option<String>,
    /// What the learner rates each behaviour on, lowest first.
    pub scale: Scale,
    /// Domains or categories that group the competencies; may be empty.
    #[serde(default)]
    pub groups: Vec<Group>,
    pub competencies: Vec<Competency>,
    #[serde(default)]
    pub source: Option<String>,
}

#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Scale {
    /// e.g. "Rating 1-5" or "Level of development".
    pub name: String,
    pub points: Vec<ScalePoint>,
}

#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct ScalePoint {
    /// Strictly increasing along the scale.
    pub value: u8,
    pub label: String,
    /// What working at this point looks like: the anchor the learner rates against.
    pub descriptor: String,
}

#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Group {
    pub id: String,
    /// As the framework numbers it, e.g. "A".
    pub number: String,
    pub name: String,
}

#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Competency {
    pub id: String,
    /// As the framework numbers it, e.g. "6".
    pub number: String,
    pub name: String,
    /// The id of its group, when the framework has groups.
    #[serde(default)]
    pub group: Option<String>,
    /// What the competency is about, in our own words.
    #[serde(default)]
    pub summary: Option<String>,
    /// What each point of the scale looks like in this competency, lowest first; empty when
    /// the scale's own descriptors serve every competency.
    #[serde(default)]
    pub level_descriptors: Vec<String>,
    pub behaviours: Vec<Behaviour>,
}

#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Behaviour {
    pub id: String,
    /// Something another person could see or hear the learner do.
    pub text: String,
}

impl Framework {
    pub fn competency(&self, id: &str) -> Option<&Competency> {
        self.competencies.iter().find(|c| c.id == id)
    }

    pub fn group(&self, id: &str) -> Option<&Group> {
        self.groups.iter().find(|g| g.id == id)
    }

    pub fn point(&self, value: u8) -> Option<&ScalePoint> {
        self.scale.points.iter().find(|p| p.value == value)
    }

    pub fn max_value(&self) -> u8 {
        self.scale.points.last().map_or(1, |p| p.value)
    }

    /// The anchor for `value` in this competency: its own descriptor if it has one, else the
    /// scale's.
    pub fn descriptor<'a>(&'a self, competency: &'a Competency, value: u8) -> Option<&'a str> {
        let index = self.scale.points.iter().position(|p| p.value == value)?;
        competency
            .level_descriptors
            .get(index)
            .or_else(|| self.scale.points.get(index).map(|p| &p.descriptor))
            .map(String::as_str)
    }

    pub fn behaviours(&self) -> impl Iterator<Item = (&Competency, &Behaviour)> {
        self.competencies
            .iter()
            .flat_map(|c| c.behaviours.iter().map(move |b| (c, b)))
    }

    /// "6 Listens Actively"-style label.
    pub fn competency_label(&self, competency: &Competency) -> String {
        format!("{} {}", competency.number, competency.name)
    }

    /// Every id the framework defines (its own, groups, competencies, behaviours), for the
    /// pack-wide duplicate check.
    pub fn ids(&self) -> Vec<&str> {
        std::iter::once(self.id.as_str())
            .chain(self.groups.iter().map(|g| g.id.as_str()))
            .chain(self.competencies.iter().map(|c| c.id.as_str()))
            .chain(
                self.competencies
                    .iter()
                    .flat_map(|c| c.behaviours.iter().map(|b| b.id.as_str())),
            )
            .collect()
    }
}

/// Checks that need nothing but the framework itself.
pub fn validate_framework(fw: &Framework, file: &str, source: &str) -> Vec<Problem> {
    let mut problems = Vec::new();
    let fw_pos = locate(source, &format!("\"{}\"", fw.id));
    let at = |needle: &str| locate(source, needle).or(fw_pos);
    let mut push = |message: String, pos: Option<(usize, usize)>| {
        problems.push(Problem::new(file, message).at(pos.or(fw_pos)));
    };

    for id in fw.ids() {
        if !valid_id(id) {
            push(
                format!(
                    "id `{id}` may only use letters, digits and - _ . / (and may not be empty)"
                ),
                at(&format!("\"{id}\"")),
            );
        }
    }
    let mut seen = HashSet::new();
    for id in fw.ids().into_iter().skip(1) {
        if !seen.insert(id) {
            push(
                format!("id `{id}` is used twice in framework `{}`", fw.id),
                at(&format!("\"{id}\"")),
            );
        }
    }
    for (what, text) in [
        ("name", fw.name.as_str()),
        ("model_version", &fw.model_version),
        ("scale name", &fw.scale.name),
    ] {
        if text.trim().is_empty() {
            push(
                format!("the {what} of framework `{}` is empty", fw.id),
                at("\"\""),
            );
        }
    }

    if fw.scale.points.len() < 2 {
        push(
            format!(
                "the scale of framework `{}` has {} point(s); a scale needs at least 2",
                fw.id,
                fw.scale.points.len()
            ),
            at("points"),
        );
    }
    for pair in fw.scale.points.windows(2) {
        if pair[1].value <= pair[0].value {
            push(
                format!(
                    "scale values must rise from lowest to highest: {} comes after {}",
                    pair[1].value, pair[0].value
                ),
                at(&format!("value: {}", pair[1].value)),
            );
        }
    }
    for p in &fw.scale.points {
        if p.label.trim().is_empty() || p.descriptor.trim().is_empty() {
            push(
                format!(
                    "scale point {} needs a label and a descriptor of what that level looks like",
                    p.value
                ),
                at(&format!("value: {}", p.value)),
            );
        }
    }

    if fw.competencies.is_empty() {
        push(
            format!("framework `{}` has no competencies", fw.id),
            at("competencies"),
        );
    }
    let mut numbers = HashSet::new();
    for c in &fw.competencies {
        let c_pos = at(&format!("\"{}\"", c.id));
        if !numbers.insert(c.number.as_str()) {
            push(
                format!(
                    "competency number {} appears twice in `{}`",
                    c.number, fw.id
                ),
                c_pos,
            );
        }
        if c.name.trim().is_empty() {
            push(format!("competency `{}` has no name", c.id), c_pos);
        }
        match &c.group {
            Some(g) if fw.group(g).is_none() => push(
                format!(
                    "competency `{}` refers to group `{g}`, which framework `{}` does not define",
                    c.id, fw.id
                ),
                at(&format!("group: \"{g}\"")),
            ),
            None if !fw.groups.is_empty() => push(
                format!(
                    "competency `{}` has no group, but framework `{}` groups its competencies",
                    c.id, fw.id
                ),
                c_pos,
            ),
            _ => {}
        }
        if !c.level_descriptors.is_empty() && c.level_descriptors.len() != fw.scale.points.len() {
            push(
                format!(
                    "competency `{}` has {} level descriptors but the scale has {} points; give \
                     one per point, lowest first",
                    c.id,
                    c.level_descriptors.len(),
                    fw.scale.points.len()
                ),
                c_pos,
            );
        }
        if c.level_descriptors.iter().any(|d| d.trim().is_empty()) {
            push(
                format!("competency `{}` has an empty level descriptor", c.id),
                c_pos,
            );
        }
        if c.behaviours.is_empty() {
            push(
                format!(
                    "competency `{}` has no behaviours: a learner rates behaviours, so give it at least one",
                    c.id
                ),
                c_pos,
            );
        }
        for b in &c.behaviours {
            if b.text.trim().is_empty() {
                push(
                    format!("behaviour `{}` has no text", b.id),
                    at(&format!("\"{}\"", b.id)),
                );
            }
        }
    }
    problems
}
