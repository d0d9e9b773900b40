//! The question types of a scenario, one module each. A module holds everything its type does:
//! the fields it is written with, validation, scoring with a result for each part, drafting
//! the learner's answer from keys and clicks, and the lines the classroom drill shows and
//! prints. Nothing outside these modules matches on the type of a question to do any of that;
//! it asks [`Question::of_type`].
//!
//! Adding a type: a module here implementing [`QuestionType`], and one line in the list at
//! the bottom of this file (see `docs/adding-a-question-type.md`).

use rand::RngCore;
use serde::{Deserialize, Serialize};

use crate::marking::MarkResult;

pub mod answer;
pub mod choice;

pub use answer::{Draft, Response, Shown};
pub use choice::Choice;

use super::scenarios::Check;

/// What one question type does. Implemented by the struct of each type's module; reached
/// through [`Question::of_type`].
pub trait QuestionType {
    /// Reports what is wrong with the question's own fields (the scenario's are checked
    /// before).
    fn validate(&self, check: &mut Check<'_>);

    /// Every misconception id the question names, in the order written (repeats included).
    fn misconceptions(&self) -> Vec<&str>;

    /// The points the question marks one by one, as (point id, marking point id): a written
    /// question's rubric. Empty when an answer evidences the scenario's marking points all
    /// together.
    fn marked_points(&self) -> Vec<(&str, &str)> {
        Vec::new()
    }

    /// What answering takes, as the coverage report counts it.
    fn effort(&self) -> Effort;

    /// For a question with options: whether a right option is longer than every wrong one
    /// (a give-away the coverage report counts). `None` for other types.
    fn longest_option_is_right(&self) -> Option<bool> {
        None
    }

    fn max_score(&self) -> u32;

    /// Scores a response. A response of another type's shape scores nothing.
    fn score(&self, response: &Response) -> Scored;

    /// A fresh order for one attempt of the parts the learner picks from.
    fn draw(&self, rng: &mut dyn RngCore) -> Shown;

    /// The content's own order (what attempts stored before orders were kept were shown).
    fn unshuffled(&self) -> Shown;

    /// An empty answer shown in the order `shown` (options to tick override this).
    fn new_draft(&self, shown: Shown) -> Draft {
        Draft {
            shown,
            ..Draft::default()
        }
    }

    /// How many picks the answer needs before it can be submitted (0 for ticks and text).
    fn steps(&self) -> usize;

    /// Applies the key for the shown place `k` (0-based): an option, stage, definition or
    /// category.
    fn press(&self, draft: &mut Draft, k: usize);

    /// Whether the draft can be submitted: by default, once every step is picked.
    fn complete(&self, draft: &Draft) -> bool {
        draft.picks.len() == self.steps()
    }

    /// The draft as a response, in content indexes.
    fn response(&self, draft: &Draft) -> Response;

    /// The answer is typed text: number keys do not pick, and it is stored as written.
    fn takes_text(&self) -> bool {
        false
    }

    /// The lines a classroom drill shows and prints for the question, its options drawn from
    /// `rng` (the same seed gives the same letters on screen and on the handout).
    fn present(&self, rng: &mut dyn RngCore) -> Presented;

    /// The fraction of the marks a uniformly random answer of the right shape earns on
    /// average: what pressing keys without reading may score at most (tested in `practice`).
    #[cfg(test)]
    fn chance(&self) -> f64;
}

/// What answering a question takes, as the coverage report counts it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Effort {
    /// Choosing among options.
    Choose,
    /// Several steps: ordering, matching, sorting.
    MultiStep,
    /// Writing an answer.
    Write,
}

/// A question's own verdict on a response; `practice::score` adds the marking points.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Scored {
    pub score: u32,
    pub max: u32,
    /// Misconceptions the answer showed, in the order they apply.
    pub misconceptions: Vec<String>,
    /// How each part was marked (see [`ItemResult`]); empty for a written answer, whose parts
    /// are the rubric points of `mark`.
    pub items: Vec<ItemResult>,
    /// For a written answer, the marker's full result.
    pub mark: Option<MarkResult>,
}

impl Scored {
    /// Nothing earned: the verdict on a response of the wrong shape.
    pub fn nothing(max: u32) -> Scored {
        Scored {
            max,
            ..Scored::default()
        }
    }
}

/// How one part of an answer was marked. Options come in the content's order (the view shows
/// them in the attempt's order), stages in the learner's order, terms and items in the
/// content's order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ItemResult {
    /// An option of a choice question.
    Option {
        text: String,
        /// The option is (one of) the right answer(s).
        correct: bool,
        /// The learner chose it.
        picked: bool,
        /// The author's note on this option.
        why: Option<String>,
    },
    /// A part the learner gave something for: a stage put in a place, a term given a
    /// definition, an item given a category.
    Placed {
        /// The stage, term or item.
        text: String,
        /// What the learner gave for it (a definition, a category); `None` when nothing, or
        /// for a stage, whose place is the answer.
        given: Option<String>,
        right: bool,
        /// The right answer for it: the stage that belongs in the place, the term's
        /// definition, the item's category.
        expected: String,
    },
}

/// The lines a drill shows for a question, worked out once when the drill starts.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Presented {
    /// What the class sees with the question: lettered options, stages to order, and so on.
    pub options: Vec<String>,
    pub answer: Vec<String>,
    /// For the tutor only: why each option is right or wrong, what earns credit.
    pub notes: Vec<String>,
    /// Misconception ids with what in the question brings each out (e.g. "Option C").
    pub misconceptions: Vec<(Option<String>, String)>,
}

/// The letter of a shown place: A, B, C…
pub fn letter(i: usize) -> char {
    (b'A' + (i % 26) as u8) as char
}

/// Whether a text appears twice (empty texts have a message of their own).
pub(crate) fn has_repeats<'a>(texts: impl Iterator<Item = &'a String>) -> bool {
    let mut seen = std::collections::HashSet::new();
    texts
        .into_iter()
        .map(|t| t.trim())
        .filter(|t| !t.is_empty())
        .any(|t| !seen.insert(t))
}

/// The first 50 characters of a text, for a message.
pub(crate) fn short(text: &str) -> String {
    let mut s: String = text.chars().take(50).collect();
    if text.chars().count() > 50 {
        s.push('…');
    }
    s
}

/// Declares the question types: for each, its module, the struct the module defines, and the
/// label shown to learners and tutors. Makes `Question` (what a scenario file holds:
/// `SingleBest(options: [...])`), `QuestionKind` (the type alone, e.g. a drill's filter) and
/// the one match that hands a question to its type.
macro_rules! question_types {
    ($( $(#[doc = $doc:literal])* $module:ident::$Type:ident = $label:literal, )+) => {
        $( pub mod $module; pub use $module::$Type; )+

        /// The question of a scenario, written in a file as its type with its fields:
        /// `SingleBest(options: [...])`, `Written(model_answer: "...", rubric: [...])`.
        #[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
        pub enum Question {
            $( $(#[doc = $doc])* $Type($Type), )+
        }

        /// The type of a question without its content: what a drill is limited to.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        pub enum QuestionKind {
            $( $(#[doc = $doc])* $Type, )+
        }

        impl QuestionKind {
            pub const ALL: [QuestionKind; [$(stringify!($Type)),+].len()] =
                [$(QuestionKind::$Type),+];

            pub fn label(self) -> &'static str {
                match self {
                    $( QuestionKind::$Type => $label, )+
                }
            }
        }

        impl Question {
            pub fn kind(&self) -> QuestionKind {
                match self {
                    $( Question::$Type(_) => QuestionKind::$Type, )+
                }
            }

            /// The question as its type: validation, scoring, drafting and presentation.
            pub fn of_type(&self) -> &dyn QuestionType {
                match self {
                    $( Question::$Type(q) => q, )+
                }
            }
        }
    };
}

// The question types, in the order they are listed to tutors. One line each.
question_types! {
    /// Exactly one option is correct.
    single_best::SingleBest = "Single best answer",
    /// One or more options are correct; the learner ticks all that apply.
    multiple_answers::MultipleAnswers = "Multiple answers",
    /// Stages of a model, written in the right order and shown shuffled.
    order_stages::OrderStages = "Order the stages",
    /// Each term is matched to its definition; definitions are shown shuffled.
    match_terms::MatchTerms = "Match terms",
    /// Each item is put into one of the categories.
    classify::Classify = "Classify",
    /// A free-text answer marked against the rubric.
    written::Written = "Written answer",
}

impl Question {
    pub fn kind_label(&self) -> &'static str {
        self.kind().label()
    }
}

#[cfg(test)]
mod tests;
