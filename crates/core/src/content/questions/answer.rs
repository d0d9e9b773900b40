//! The answer being put together for one question, and the order its parts were shown in.
//!
//! Options, items and categories are shown in an order drawn for each attempt (the content
//! usually lists the right answer first), and the learner's keys and clicks name *shown*
//! places. The draft turns them back into content indexes for scoring, and the order is kept
//! with the attempt so that a review shows the question as it was answered. What each key does
//! is up to the question's type (its module in `questions/`); this file only dispatches.

use rand::Rng;
use serde::{Deserialize, Serialize};

use super::Question;

/// What the learner gave as an answer. Stored (as JSON) with every attempt: a new question
/// type uses one of these shapes where it can, and variants are never renamed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Response {
    /// Indexes of the options chosen.
    Choices(Vec<usize>),
    /// Indexes of the stages, in the order the learner put them.
    Order(Vec<usize>),
    /// For each term, the index of the definition chosen.
    Matches(Vec<Option<usize>>),
    /// For each item, the index of the category chosen.
    Classes(Vec<Option<usize>>),
    Written(String),
}

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
    /// A fresh order for one attempt (see each type's `draw`).
    pub fn draw(question: &Question, rng: &mut impl Rng) -> Shown {
        question.of_type().draw(rng)
    }

    /// The content's own order: what attempts saved before orders were stored were shown.
    pub fn unshuffled(question: &Question) -> Shown {
        question.of_type().unshuffled()
    }

    /// The identity order of `n` parts and `categories` categories.
    pub fn identity(n: usize, categories: usize) -> Shown {
        Shown {
            order: (0..n).collect(),
            categories: (0..categories).collect(),
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
        question.of_type().new_draft(shown)
    }

    /// How many picks the question needs before it can be submitted.
    pub fn steps(question: &Question) -> usize {
        question.of_type().steps()
    }

    pub fn complete(&self, question: &Question) -> bool {
        question.of_type().complete(self)
    }

    /// The learner's response in content indexes.
    pub fn response(&self, question: &Question) -> Response {
        question.of_type().response(self)
    }

    /// Applies the number key `n` (1-based): it names the `n`th option, stage, definition or
    /// category as shown.
    pub fn press(&mut self, question: &Question, n: usize) {
        if let Some(k) = n.checked_sub(1) {
            question.of_type().press(self, k);
        }
    }
}
