//! The answer being put together for one question, and the order its parts were shown in.
//!
//! Options, items and categories are shown in an order drawn for each attempt (the content
//! usually lists the right answer first), and the learner's keys and clicks name *shown*
//! places. The draft turns them back into content indexes for `score`, and the order is kept
//! with the attempt so that a review shows the question as it was answered.

use rand::Rng;
use serde::{Deserialize, Serialize};

use super::Response;
use crate::content::Question;
use crate::shuffle;

/// The order one attempt showed a question's parts in. Indexes are the content's.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Shown {
    /// Options (choice questions), stages (order), definitions (match) or items (classify):
    /// `order[k]` is the content index shown in place `k`, the one key `k + 1` picks.
    pub order: Vec<usize>,
    /// Classify only: the categories in the order of their keys.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub categories: Vec<usize>,
}

impl Shown {
    /// A fresh order for one attempt. Stages and definitions are never left in the content's
    /// order (that order is the answer); options, items and categories are shuffled uniformly
    /// so that every key is equally likely to be right.
    pub fn draw(question: &Question, rng: &mut impl Rng) -> Shown {
        match question {
            Question::SingleBest { options } | Question::MultipleAnswers { options } => Shown {
                order: shuffle::order(options.len(), rng),
                categories: Vec::new(),
            },
            Question::OrderStages { stages, .. } => Shown {
                order: shuffle::order_unlike(stages.len(), rng),
                categories: Vec::new(),
            },
            Question::MatchTerms { pairs, .. } => Shown {
                order: shuffle::order_unlike(pairs.len(), rng),
                categories: Vec::new(),
            },
            Question::Classify { categories, items } => Shown {
                order: shuffle::order(items.len(), rng),
                categories: shuffle::order(categories.len(), rng),
            },
            Question::Written { .. } => Shown::default(),
        }
    }

    /// The content's own order: what attempts saved before orders were stored were shown.
    pub fn unshuffled(question: &Question) -> Shown {
        let (n, c) = match question {
            Question::SingleBest { options } | Question::MultipleAnswers { options } => {
                (options.len(), 0)
            }
            Question::OrderStages { stages, .. } => (stages.len(), 0),
            Question::MatchTerms { pairs, .. } => (pairs.len(), 0),
            Question::Classify { categories, items } => (items.len(), categories.len()),
            Question::Written { .. } => (0, 0),
        };
        Shown {
            order: (0..n).collect(),
            categories: (0..c).collect(),
        }
    }

    /// Whether this order fits `question` (a stored order of a question since edited may not).
    pub fn fits(&self, question: &Question) -> bool {
        let want = Shown::unshuffled(question);
        let is_perm = |v: &[usize], n: usize| {
            let mut s = v.to_vec();
            s.sort_unstable();
            s == (0..n).collect::<Vec<_>>()
        };
        is_perm(&self.order, want.order.len()) && is_perm(&self.categories, want.categories.len())
    }
}

/// What an attempt's `answer` holds for every question type but written ones (which keep the
/// learner's text as it is): the response in content indexes and the order it was shown in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoredAnswer {
    pub response: Response,
    pub shown: Shown,
}

/// The text stored as an attempt's answer.
pub fn answer_text(response: &Response, shown: &Shown) -> String {
    match response {
        Response::Written(text) => text.clone(),
        other => serde_json::to_string(&StoredAnswer {
            response: other.clone(),
            shown: shown.clone(),
        })
        .unwrap_or_default(),
    }
}

/// Reads an attempt's stored answer back: the response and the order it was shown in. Answers
/// saved before orders were stored (a bare response) were shown in the content's order; an
/// order that no longer fits the question is replaced by the content's.
pub fn read_answer(text: &str, question: &Question) -> Option<(Response, Shown)> {
    if matches!(question, Question::Written { .. }) {
        return Some((Response::Written(text.to_owned()), Shown::default()));
    }
    let (response, shown) = match serde_json::from_str::<StoredAnswer>(text) {
        Ok(a) => (a.response, a.shown),
        Err(_) => (
            serde_json::from_str::<Response>(text).ok()?,
            Shown::unshuffled(question),
        ),
    };
    let shown = if shown.fits(question) {
        shown
    } else {
        Shown::unshuffled(question)
    };
    Some((response, shown))
}

/// The answer being put together for the current question.
#[derive(Debug, Clone, Default)]
pub struct Draft {
    /// Choice questions: which options are ticked, by content index.
    pub ticked: Vec<bool>,
    /// Order and match: the shown places picked so far, one per stage or term. Classify: the
    /// category (content index) given to each item, in the order the items are shown.
    pub picks: Vec<usize>,
    pub text: String,
    pub shown: Shown,
    /// The written answer box has been given the keyboard focus once.
    pub focused_once: bool,
}

impl Draft {
    /// An empty answer to `question`, its parts in a fresh order drawn from `rng`.
    pub fn for_question(question: &Question, rng: &mut impl Rng) -> Self {
        Self::with_shown(question, Shown::draw(question, rng))
    }

    /// An empty answer to `question` shown in the order `shown`.
    pub fn with_shown(question: &Question, shown: Shown) -> Self {
        let mut d = Draft {
            shown,
            ..Draft::default()
        };
        if let Question::SingleBest { options } | Question::MultipleAnswers { options } = question {
            d.ticked = vec![false; options.len()];
        }
        d
    }

    /// How many picks the question needs before it can be submitted.
    pub fn steps(question: &Question) -> usize {
        match question {
            Question::OrderStages { stages, .. } => stages.len(),
            Question::MatchTerms { pairs, .. } => pairs.len(),
            Question::Classify { items, .. } => items.len(),
            _ => 0,
        }
    }

    pub fn complete(&self, question: &Question) -> bool {
        match question {
            Question::SingleBest { .. } => self.ticked.iter().filter(|t| **t).count() == 1,
            Question::MultipleAnswers { .. } => self.ticked.iter().any(|t| *t),
            Question::Written { .. } => !self.text.trim().is_empty(),
            other => self.picks.len() == Self::steps(other),
        }
    }

    /// The learner's response in content indexes.
    pub fn response(&self, question: &Question) -> Response {
        match question {
            Question::SingleBest { .. } | Question::MultipleAnswers { .. } => Response::Choices(
                self.ticked
                    .iter()
                    .enumerate()
                    .filter(|(_, t)| **t)
                    .map(|(i, _)| i)
                    .collect(),
            ),
            Question::OrderStages { .. } => Response::Order(
                self.picks
                    .iter()
                    .filter_map(|&k| self.shown.order.get(k).copied())
                    .collect(),
            ),
            Question::MatchTerms { .. } => Response::Matches(
                self.picks
                    .iter()
                    .map(|&k| self.shown.order.get(k).copied())
                    .collect(),
            ),
            Question::Classify { items, .. } => {
                let mut classes = vec![None; items.len()];
                for (t, &c) in self.picks.iter().enumerate() {
                    if let Some(slot) = self.shown.order.get(t).and_then(|&i| classes.get_mut(i)) {
                        *slot = Some(c);
                    }
                }
                Response::Classes(classes)
            }
            Question::Written { .. } => Response::Written(self.text.clone()),
        }
    }

    /// Applies the number key `n` (1-based): it names the `n`th option, stage, definition or
    /// category as shown.
    pub fn press(&mut self, question: &Question, n: usize) {
        let Some(k) = n.checked_sub(1) else { return };
        match question {
            Question::SingleBest { .. } => {
                if let Some(&i) = self.shown.order.get(k)
                    && i < self.ticked.len()
                {
                    self.ticked.iter_mut().for_each(|t| *t = false);
                    self.ticked[i] = true;
                }
            }
            Question::MultipleAnswers { .. } => {
                if let Some(t) = self
                    .shown
                    .order
                    .get(k)
                    .and_then(|&i| self.ticked.get_mut(i))
                {
                    *t = !*t;
                }
            }
            Question::OrderStages { stages, .. } => {
                if k < stages.len() && !self.picks.contains(&k) {
                    self.picks.push(k);
                }
            }
            Question::MatchTerms { pairs, .. } => {
                if k < pairs.len() && self.picks.len() < pairs.len() {
                    self.picks.push(k);
                }
            }
            Question::Classify { items, .. } => {
                if let Some(&c) = self.shown.categories.get(k)
                    && self.picks.len() < items.len()
                {
                    self.picks.push(c);
                }
            }
            Question::Written { .. } => {}
        }
    }
}
