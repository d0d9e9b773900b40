//! What a practice attempt leaves behind: the attempt with its per-point verdicts, and the weak
//! spots (what the learner keeps getting wrong) that put those items first elsewhere, and the
//! answer as stored with the attempt. Defined here and persisted by the store.

use serde::{Deserialize, Serialize};

use crate::content::Question;
use crate::content::questions::{Response, Shown};

/// What a weak spot counts misses of.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum WeakKind {
    /// A marking point the learner missed.
    MarkingPoint,
    /// A misconception the learner's answer showed.
    Misconception,
    /// A scenario answered with less than full marks.
    Scenario,
}

impl WeakKind {
    /// The value stored in `weak_spots.kind`.
    pub fn as_str(self) -> &'static str {
        match self {
            WeakKind::MarkingPoint => "marking_point",
            WeakKind::Misconception => "misconception",
            WeakKind::Scenario => "scenario",
        }
    }

    pub fn parse(s: &str) -> Option<WeakKind> {
        [
            WeakKind::MarkingPoint,
            WeakKind::Misconception,
            WeakKind::Scenario,
        ]
        .into_iter()
        .find(|k| k.as_str() == s)
    }
}

/// One point of an attempt: a rubric point of a written answer, or a marking point the
/// scenario trains for the other question types.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PointRecord {
    pub point_id: String,
    pub marking_point: String,
    pub marker_earned: bool,
    /// `Some` once the learner has disputed the marker's verdict.
    pub learner_earned: Option<bool>,
    pub quote: Option<String>,
}

impl PointRecord {
    /// The learner's view where they gave one, else the marker's.
    pub fn earned(&self) -> bool {
        self.learner_earned.unwrap_or(self.marker_earned)
    }
}

/// A completed answer to one scenario.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AttemptRecord {
    /// Made by the app when the answer is submitted, so a dispute can name the attempt
    /// before the store has confirmed it.
    pub key: String,
    pub scenario_id: String,
    pub unit_id: String,
    pub criteria: Vec<String>,
    /// Shared by the attempts of one practice test.
    pub test_key: Option<String>,
    pub answered_at: i64,
    pub score: u32,
    pub max_score: u32,
    /// The learner's answer as given (text, or the options chosen).
    pub answer: String,
    pub points: Vec<PointRecord>,
    /// Misconceptions the answer showed (wrong options chosen).
    pub misconceptions: Vec<String>,
}

/// A row of `weak_spots`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WeakSpot {
    pub kind: WeakKind,
    pub item_id: String,
    pub misses: u32,
    pub last_missed_at: i64,
}

/// What an attempt's `answer` holds for every question type but those that take text (which
/// keep the learner's text as it is): the response in content indexes and the order it was
/// shown in.
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
    if question.of_type().takes_text() {
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
