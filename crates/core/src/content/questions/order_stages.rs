//! Order the stages: the stages of a model, written in their right order and shown shuffled
//! (never in the right order). Key n places the nth stage shown next.

use rand::RngCore;
use serde::{Deserialize, Serialize};

use super::{
    Draft, Effort, ItemResult, Presented, QuestionType, Response, Scored, Shown, has_repeats,
};
use crate::content::scenarios::Check;
use crate::shuffle;

/// `OrderStages(model: "GROW", stages: ["Goal", "Reality", ...], misconception: "...")`
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct OrderStages {
    /// The model, e.g. "GROW" or "Gibbs' reflective cycle".
    pub model: String,
    pub stages: Vec<String>,
    /// What putting them in the wrong order reflects.
    #[serde(default)]
    pub misconception: Option<String>,
}

impl QuestionType for OrderStages {
    fn validate(&self, check: &mut Check<'_>) {
        let sc = check.id().to_owned();
        if self.stages.len() < 2 {
            check.problem(
                format!("scenario `{sc}` needs at least two stages to order"),
                "stages",
            );
        }
        if self.stages.iter().any(|s| s.trim().is_empty()) {
            check.problem(
                format!("empty text: a stage of scenario `{sc}` has no words"),
                "stages",
            );
        }
        if has_repeats(self.stages.iter()) {
            check.problem(
                format!("scenario `{sc}` lists the same stage twice"),
                "stages",
            );
        }
        if let Some(id) = &self.misconception {
            check.misconception(id);
        }
    }

    fn misconceptions(&self) -> Vec<&str> {
        self.misconception.as_deref().into_iter().collect()
    }

    fn effort(&self) -> Effort {
        Effort::MultiStep
    }

    fn max_score(&self) -> u32 {
        1
    }

    /// One mark for the whole order right; each place is marked on its own for the feedback.
    fn score(&self, response: &Response) -> Scored {
        let Response::Order(order) = response else {
            return Scored::nothing(self.max_score());
        };
        let stages = &self.stages;
        let right = order.len() == stages.len() && order.iter().enumerate().all(|(i, &s)| i == s);
        let items = order
            .iter()
            .enumerate()
            .map(|(place, &s)| ItemResult::Placed {
                text: stages.get(s).cloned().unwrap_or_else(|| "?".to_owned()),
                given: None,
                right: s == place,
                expected: stages.get(place).cloned().unwrap_or_default(),
            })
            .collect();
        Scored {
            score: u32::from(right),
            max: 1,
            misconceptions: self.misconception.iter().filter(|_| !right).cloned().collect(),
            items,
            mark: None,
        }
    }

    /// Never the content's order: that order is the answer.
    fn draw(&self, rng: &mut dyn RngCore) -> Shown {
        Shown {
            order: shuffle::order_unlike(self.stages.len(), &mut &mut *rng),
            categories: Vec::new(),
        }
    }

    fn unshuffled(&self) -> Shown {
        Shown::identity(self.stages.len(), 0)
    }

    fn steps(&self) -> usize {
        self.stages.len()
    }

    fn press(&self, draft: &mut Draft, k: usize) {
        if k < self.stages.len() && !draft.picks.contains(&k) {
            draft.picks.push(k);
        }
    }

    fn response(&self, draft: &Draft) -> Response {
        Response::Order(
            draft
                .picks
                .iter()
                .filter_map(|&k| draft.shown.order.get(k).copied())
                .collect(),
        )
    }

    fn present(&self, rng: &mut dyn RngCore) -> Presented {
        let stages = &self.stages;
        let shown = shuffle::apply(stages, &shuffle::order_unlike(stages.len(), &mut &mut *rng));
        let mut p = Presented::default();
        p.options
            .push(format!("Put the stages of {} in order:", self.model));
        p.options.extend(shown.iter().map(|st| format!("- {st}")));
        p.answer.extend(
            stages
                .iter()
                .enumerate()
                .map(|(i, st)| format!("{}. {st}", i + 1)),
        );
        p.misconceptions
            .extend(self.misconception.iter().map(|id| (None, id.clone())));
        p
    }

    #[cfg(test)]
    fn chance(&self) -> f64 {
        1.0 / (1..=self.stages.len()).map(|n| n as f64).product::<f64>()
    }
}
