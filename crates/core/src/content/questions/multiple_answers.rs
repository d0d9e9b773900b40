//! Multiple answers: several options, one or more right; the learner ticks all that apply.
//! Key n ticks or unticks the nth option shown.

use std::collections::HashSet;

use rand::RngCore;
use serde::{Deserialize, Serialize};

use super::{Choice, Draft, Effort, Presented, QuestionType, Response, Scored, Shown, choice};
use crate::content::scenarios::Check;

/// `MultipleAnswers(options: [(text: "...", correct: true), ...])`
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct MultipleAnswers {
    pub options: Vec<Choice>,
}

impl QuestionType for MultipleAnswers {
    fn validate(&self, check: &mut Check<'_>) {
        choice::validate(&self.options, check, |check, correct| {
            if correct == 0 {
                let sc = check.id().to_owned();
                check.problem(format!("scenario `{sc}` has no correct option"), "options");
            }
        });
    }

    fn misconceptions(&self) -> Vec<&str> {
        choice::misconceptions(&self.options)
    }

    fn effort(&self) -> Effort {
        Effort::Choose
    }

    fn longest_option_is_right(&self) -> Option<bool> {
        Some(choice::longest_option_is_right(&self.options))
    }

    fn max_score(&self) -> u32 {
        1
    }

    /// One mark for exactly the right set; each wrong option ticked shows its misconception
    /// (a right one left out shows none).
    fn score(&self, response: &Response) -> Scored {
        let Response::Choices(chosen) = response else {
            return Scored::nothing(self.max_score());
        };
        let set: HashSet<usize> = chosen.iter().copied().collect();
        let options = &self.options;
        let right = options
            .iter()
            .enumerate()
            .all(|(i, o)| o.correct == set.contains(&i));
        let misconceptions = options
            .iter()
            .enumerate()
            .filter(|(i, o)| set.contains(i) && !o.correct)
            .filter_map(|(_, o)| o.misconception.clone())
            .collect();
        Scored {
            score: u32::from(right),
            max: 1,
            misconceptions,
            items: choice::items(options, chosen),
            mark: None,
        }
    }

    fn draw(&self, rng: &mut dyn RngCore) -> Shown {
        choice::draw(&self.options, rng)
    }

    fn unshuffled(&self) -> Shown {
        Shown::identity(self.options.len(), 0)
    }

    fn new_draft(&self, shown: Shown) -> Draft {
        choice::new_draft(&self.options, shown)
    }

    fn steps(&self) -> usize {
        0
    }

    fn press(&self, draft: &mut Draft, k: usize) {
        if let Some(t) = draft
            .shown
            .order
            .get(k)
            .and_then(|&i| draft.ticked.get_mut(i))
        {
            *t = !*t;
        }
    }

    fn complete(&self, draft: &Draft) -> bool {
        draft.ticked.iter().any(|t| *t)
    }

    fn response(&self, draft: &Draft) -> Response {
        choice::response(draft)
    }

    fn present(&self, rng: &mut dyn RngCore) -> Presented {
        choice::present(&self.options, rng)
    }

    #[cfg(test)]
    fn chance(&self) -> f64 {
        // A single tick is right only when exactly one option is.
        let right = self.options.iter().filter(|o| o.correct).count();
        if right == 1 {
            1.0 / self.options.len() as f64
        } else {
            0.0
        }
    }
}
