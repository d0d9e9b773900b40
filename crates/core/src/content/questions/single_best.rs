//! Single best answer: several options, exactly one right. Key n ticks the nth option shown
//! (and unticks the others).

use rand::RngCore;
use serde::{Deserialize, Serialize};

use super::{
    Choice, Draft, Effort, Presented, QuestionType, Response, Scored, Shown, choice,
};
use crate::content::scenarios::Check;

/// `SingleBest(options: [(text: "...", correct: true), (text: "...", misconception: "...")])`
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct SingleBest {
    pub options: Vec<Choice>,
}

impl QuestionType for SingleBest {
    fn validate(&self, check: &mut Check<'_>) {
        choice::validate(&self.options, check, |check, correct| {
            if correct != 1 {
                let sc = check.id().to_owned();
                check.problem(
                    format!(
                        "scenario `{sc}` is a single best answer question but has {correct} \
                         correct options (it needs exactly one)"
                    ),
                    "options",
                );
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

    /// One mark for the one right option chosen alone; each wrong option chosen shows its
    /// misconception.
    fn score(&self, response: &Response) -> Scored {
        let Response::Choices(chosen) = response else {
            return Scored::nothing(self.max_score());
        };
        let options = &self.options;
        let right = chosen.len() == 1 && options.get(chosen[0]).is_some_and(|o| o.correct);
        let misconceptions = chosen
            .iter()
            .filter_map(|&i| options.get(i))
            .filter(|o| !o.correct)
            .filter_map(|o| o.misconception.clone())
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
        if let Some(&i) = draft.shown.order.get(k)
            && i < draft.ticked.len()
        {
            draft.ticked.iter_mut().for_each(|t| *t = false);
            draft.ticked[i] = true;
        }
    }

    fn complete(&self, draft: &Draft) -> bool {
        draft.ticked.iter().filter(|t| **t).count() == 1
    }

    fn response(&self, draft: &Draft) -> Response {
        choice::response(draft)
    }

    fn present(&self, rng: &mut dyn RngCore) -> Presented {
        choice::present(&self.options, rng)
    }

    #[cfg(test)]
    fn chance(&self) -> f64 {
        1.0 / self.options.len() as f64
    }
}

