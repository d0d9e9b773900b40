//! Written answer: free text marked point by point against a rubric (the marker is
//! `crate::marking`), with calibration examples `rapport check` marks.

use std::collections::HashSet;

use rand::RngCore;
use serde::{Deserialize, Serialize};

use super::{Draft, Effort, Presented, QuestionType, Response, Scored, Shown, short};
use crate::content::scenarios::Check;
use crate::content::validate::valid_id;
use crate::marking::{self, Example, RubricPoint};

/// The most marks one rubric point may carry: an examiner's point is worth a few marks, and a
/// bound keeps every total far from overflowing.
pub const MAX_MARK: u32 = 10;

/// `Written(model_answer: "...", rubric: [(id: "...", marking_point: "...", ...)])`
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Written {
    pub model_answer: String,
    pub rubric: Vec<RubricPoint>,
    /// Calibration answers with the marks an examiner would give; `rapport check` marks
    /// them and reports every disagreement.
    #[serde(default)]
    pub examples: Vec<Example>,
}

impl QuestionType for Written {
    fn validate(&self, check: &mut Check<'_>) {
        let sc = check.id().to_owned();
        let quoted = |s: &str| format!("\"{s}\"");
        let (rubric, examples) = (&self.rubric, &self.examples);
        for d in marking::check_examples(rubric, examples) {
            let example = &examples[d.example - 1];
            let given = d.given.map_or_else(
                || "the rubric has no such point".to_owned(),
                |g| format!("marker gives {g}"),
            );
            check.problem(
                format!(
                    "scenario {sc}, example {}, point {}: expected {}, {given} (\"{}\")",
                    d.example, d.point, d.expected, d.quote
                ),
                short(&example.answer).trim_end_matches('…'),
            );
        }
        if self.model_answer.trim().is_empty() {
            check.problem(
                format!("empty text: the model answer of scenario `{sc}` has no words"),
                "model_answer",
            );
        }
        if rubric.is_empty() {
            check.problem(
                format!("scenario `{sc}` is a written question with no rubric points"),
                "rubric",
            );
        }
        let mut seen = HashSet::new();
        for point in rubric {
            if !valid_id(&point.id) || !seen.insert(point.id.as_str()) {
                check.problem(
                    format!(
                        "scenario `{sc}`: rubric point id `{}` is empty, malformed or used twice",
                        point.id
                    ),
                    &quoted(&point.id),
                );
            }
            if !check.knows_marking_point(&point.marking_point) {
                check.problem(
                    format!(
                        "scenario `{sc}`: rubric point `{}` names marking point `{}`, which \
                         no unit has",
                        point.id, point.marking_point
                    ),
                    &quoted(&point.marking_point),
                );
            }
            if !(1..=MAX_MARK).contains(&point.max_mark) {
                check.problem(
                    format!(
                        "scenario `{sc}`: rubric point `{}` has a maximum mark of {}; it must                              be from 1 to {MAX_MARK}",
                        point.id, point.max_mark
                    ),
                    "max_mark",
                );
            }
            for phrasing in point.ideas.iter().flatten().chain(&point.must_have) {
                if !phrasing.trim().is_empty() && !marking::has_content_words(phrasing) {
                    check.problem(
                        format!(
                            "scenario `{sc}`: rubric point `{}` has the phrasing \"{phrasing}\", \
                             which has only little words (a, the, would...) and can never be \
                             matched; add the words that carry the idea",
                            point.id
                        ),
                        &quoted(phrasing),
                    );
                }
            }
            let no_phrasing = point.ideas.is_empty()
                || point
                    .ideas
                    .iter()
                    .any(|idea| idea.iter().all(|p| p.trim().is_empty()));
            if no_phrasing {
                check.problem(
                    format!(
                        "scenario `{sc}`: rubric point `{}` has an idea with no phrasing that \
                         could earn it",
                        point.id
                    ),
                    &quoted(&point.id),
                );
            }
        }
    }

    fn misconceptions(&self) -> Vec<&str> {
        Vec::new()
    }

    fn marked_points(&self) -> Vec<(&str, &str)> {
        self.rubric
            .iter()
            .map(|p| (p.id.as_str(), p.marking_point.as_str()))
            .collect()
    }

    fn effort(&self) -> Effort {
        Effort::Write
    }

    fn max_score(&self) -> u32 {
        self.rubric
            .iter()
            .fold(0u32, |total, p| total.saturating_add(p.max_mark))
    }

    /// The marker's result, point by point.
    fn score(&self, response: &Response) -> Scored {
        let Response::Written(text) = response else {
            return Scored::nothing(self.max_score());
        };
        let result = marking::mark(&self.rubric, text);
        Scored {
            score: result.total,
            max: result.max_total,
            misconceptions: Vec::new(),
            items: Vec::new(),
            mark: Some(result),
        }
    }

    fn draw(&self, _rng: &mut dyn RngCore) -> Shown {
        Shown::default()
    }

    fn unshuffled(&self) -> Shown {
        Shown::default()
    }

    fn steps(&self) -> usize {
        0
    }

    fn press(&self, _draft: &mut Draft, _k: usize) {}

    fn complete(&self, draft: &Draft) -> bool {
        !draft.text.trim().is_empty()
    }

    fn response(&self, draft: &Draft) -> Response {
        Response::Written(draft.text.clone())
    }

    fn takes_text(&self) -> bool {
        true
    }

    /// The model answer, and what earns credit for the tutor.
    fn present(&self, _rng: &mut dyn RngCore) -> Presented {
        let mut p = Presented::default();
        p.options.push("Write your answer.".into());
        p.answer.push(self.model_answer.clone());
        for r in &self.rubric {
            p.notes.push(format!(
                "Credit: {} ({} mark{})",
                r.label,
                r.max_mark,
                if r.max_mark == 1 { "" } else { "s" }
            ));
        }
        p
    }

    #[cfg(test)]
    fn chance(&self) -> f64 {
        0.0
    }
}
