//! Match terms: each term is matched to its definition; definitions are shown shuffled (never
//! beside their own terms). For each term in turn, key n gives it the nth definition shown.

use rand::RngCore;
use serde::{Deserialize, Serialize};

use super::{
    Draft, Effort, ItemResult, Presented, QuestionType, Response, Scored, Shown, has_repeats,
    letter,
};
use crate::content::scenarios::Check;
use crate::shuffle;

#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct MatchPair {
    pub term: String,
    pub definition: String,
}

/// `MatchTerms(pairs: [(term: "...", definition: "..."), ...], misconception: "...")`
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct MatchTerms {
    pub pairs: Vec<MatchPair>,
    #[serde(default)]
    pub misconception: Option<String>,
}

impl QuestionType for MatchTerms {
    fn validate(&self, check: &mut Check<'_>) {
        let sc = check.id().to_owned();
        let pairs = &self.pairs;
        if pairs.len() < 2 {
            check.problem(
                format!("scenario `{sc}` needs at least two pairs to match"),
                "pairs",
            );
        }
        if pairs
            .iter()
            .any(|p| p.term.trim().is_empty() || p.definition.trim().is_empty())
        {
            check.problem(
                format!("empty text: a term or definition of scenario `{sc}` has no words"),
                "pairs",
            );
        }
        if has_repeats(pairs.iter().map(|p| &p.term))
            || has_repeats(pairs.iter().map(|p| &p.definition))
        {
            check.problem(
                format!("scenario `{sc}` repeats a term or a definition"),
                "pairs",
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
        self.pairs.len() as u32
    }

    /// A mark for each term given its own definition.
    fn score(&self, response: &Response) -> Scored {
        let Response::Matches(chosen) = response else {
            return Scored::nothing(self.max_score());
        };
        let pairs = &self.pairs;
        let items: Vec<ItemResult> = pairs
            .iter()
            .enumerate()
            .map(|(i, p)| {
                let got = chosen.get(i).copied().flatten();
                ItemResult::Placed {
                    text: p.term.clone(),
                    given: got.and_then(|g| pairs.get(g)).map(|g| g.definition.clone()),
                    right: got == Some(i),
                    expected: p.definition.clone(),
                }
            })
            .collect();
        let right = items
            .iter()
            .filter(|r| matches!(r, ItemResult::Placed { right: true, .. }))
            .count() as u32;
        Scored {
            score: right,
            max: self.max_score(),
            misconceptions: self
                .misconception
                .iter()
                .filter(|_| right < self.max_score())
                .cloned()
                .collect(),
            items,
            mark: None,
        }
    }

    /// Never the content's order, which would put each definition beside its term.
    fn draw(&self, rng: &mut dyn RngCore) -> Shown {
        Shown {
            order: shuffle::order_unlike(self.pairs.len(), &mut &mut *rng),
            categories: Vec::new(),
        }
    }

    fn unshuffled(&self) -> Shown {
        Shown::identity(self.pairs.len(), 0)
    }

    fn steps(&self) -> usize {
        self.pairs.len()
    }

    fn press(&self, draft: &mut Draft, k: usize) {
        if k < self.pairs.len() && draft.picks.len() < self.pairs.len() {
            draft.picks.push(k);
        }
    }

    fn response(&self, draft: &Draft) -> Response {
        Response::Matches(
            draft
                .picks
                .iter()
                .map(|&k| draft.shown.order.get(k).copied())
                .collect(),
        )
    }

    fn present(&self, rng: &mut dyn RngCore) -> Presented {
        let pairs = &self.pairs;
        let definitions: Vec<&String> = pairs.iter().map(|p| &p.definition).collect();
        let shown = shuffle::apply(
            &definitions,
            &shuffle::order_unlike(definitions.len(), &mut &mut *rng),
        );
        let mut p = Presented::default();
        p.options.push("Terms:".into());
        p.options.extend(
            pairs
                .iter()
                .enumerate()
                .map(|(i, p)| format!("{}. {}", i + 1, p.term)),
        );
        p.options.push("Definitions:".into());
        p.options.extend(
            shown
                .iter()
                .enumerate()
                .map(|(i, d)| format!("{}. {d}", letter(i))),
        );
        for (i, pair) in pairs.iter().enumerate() {
            let l = shown
                .iter()
                .position(|d| *d == &pair.definition)
                .map(letter)
                .unwrap_or('?');
            p.answer
                .push(format!("{} {} = {l}. {}", i + 1, pair.term, pair.definition));
        }
        p.misconceptions
            .extend(self.misconception.iter().map(|id| (None, id.clone())));
        p
    }

    #[cfg(test)]
    fn chance(&self) -> f64 {
        1.0 / self.pairs.len() as f64
    }
}
