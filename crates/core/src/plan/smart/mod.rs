//! The SMART checker: reads an objective (and, in the app, the rest of its plan entry) and says,
//! letter by letter, what is missing, with a one-line suggestion for each failing letter.
//!
//! It is a heuristic, not a judge. Its word lists are content (`content/lexicon/smart.ron`, and
//! a tutor's pack may add its own), the names and numbers of every loaded framework count as
//! coaching practice, and the date reader (`dates`) takes every date phrase out before the other
//! letters are judged. How often it agrees with a person is measured on objectives written and
//! labelled by someone who never saw this code (`tests/data/smart_blind/`); the figures are in
//! docs/self-assessment-and-plan.md.

mod calendar;
pub mod dates;
mod fit;
mod letters;
pub mod lexicon;
mod text;

#[cfg(test)]
mod tests;

use chrono::NaiveDate;
use serde::Serialize;

pub use dates::{FoundDate, Role};
pub use lexicon::Lexicon;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Letter {
    S,
    M,
    A,
    R,
    T,
}

impl Letter {
    pub const ALL: [Letter; 5] = [Letter::S, Letter::M, Letter::A, Letter::R, Letter::T];

    pub fn name(self) -> &'static str {
        match self {
            Letter::S => "Specific",
            Letter::M => "Measurable",
            Letter::A => "Achievable",
            Letter::R => "Relevant",
            Letter::T => "Time-bound",
        }
    }

    pub fn initial(self) -> &'static str {
        match self {
            Letter::S => "S",
            Letter::M => "M",
            Letter::A => "A",
            Letter::R => "R",
            Letter::T => "T",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Verdict {
    pub letter: Letter,
    pub name: &'static str,
    pub pass: bool,
    /// Why it passed or failed, in one sentence.
    pub reason: String,
    /// What to add, for a failing letter.
    pub suggestion: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Report {
    pub objective: String,
    pub passes: bool,
    /// The deadline the checker used, when it found one.
    pub deadline: Option<NaiveDate>,
    pub letters: Vec<Verdict>,
}

impl Report {
    pub fn verdict(&self, letter: Letter) -> &Verdict {
        // Every report holds all five letters in order.
        &self.letters[letter as usize]
    }

    pub fn failing(&self) -> impl Iterator<Item = &Verdict> {
        self.letters.iter().filter(|v| !v.pass)
    }
}

/// What the checker knows beside the objective's text. On the command line only `today` (and
/// perhaps `plan_end`) is known; in the plan view the rest of the entry fills it in.
#[derive(Debug, Clone, Default)]
pub struct Context<'a> {
    pub today: NaiveDate,
    pub plan_end: Option<NaiveDate>,
    pub actions: &'a str,
    pub resources: &'a str,
    /// The linked competency's label, e.g. "ICF 6 Listens Actively".
    pub competency: Option<&'a str>,
    /// Target minus current for that competency in the learner's latest self-assessment, when
    /// it was assessed.
    pub competency_gap: Option<f32>,
    /// The entry's target date field; wins over a date in the text.
    pub target_date: Option<NaiveDate>,
    /// The word lists and frameworks loaded (built-in and tutors'); the built-in ones when
    /// `None`.
    pub lexicon: Option<&'a Lexicon>,
}

impl<'a> Context<'a> {
    pub fn text_only(today: NaiveDate) -> Self {
        Context {
            today,
            ..Default::default()
        }
    }
}

/// Objectives longer than this are judged on their first this many bytes (a plan objective is
/// a sentence or two; this keeps the checker instant on anything pasted in).
pub const MAX_OBJECTIVE_BYTES: usize = 2000;

pub fn check(objective: &str, ctx: &Context) -> Report {
    let lexicon = ctx.lexicon.unwrap_or_else(|| Lexicon::builtin());
    let mut cut = objective.len().min(MAX_OBJECTIVE_BYTES);
    while !objective.is_char_boundary(cut) {
        cut -= 1;
    }
    let judged = &objective[..cut];
    let all = text::tokens(judged);
    let found = dates::find_dates(&all, ctx.today, ctx.plan_end);
    let spans: Vec<(usize, usize)> = found.iter().map(|d| (d.start, d.end)).collect();
    let words = text::outside(&all, &spans);
    let deadline = ctx.target_date.or_else(|| {
        found
            .iter()
            .filter(|d| d.role == Role::Deadline)
            .filter_map(|d| d.date)
            .max()
    });
    let seen = letters::Seen::new(&words, lexicon).with_quoted(&text::quoted(judged));
    let letters = vec![
        letters::specific(judged, &seen),
        letters::measurable(judged, &seen, &spans),
        fit::achievable(&seen, ctx, deadline),
        fit::relevant(&seen, ctx),
        fit::time_bound(judged, &found, deadline, ctx),
    ];
    Report {
        objective: objective.to_owned(),
        passes: letters.iter().all(|v| v.pass),
        deadline,
        letters,
    }
}

fn pass(letter: Letter, reason: impl Into<String>) -> Verdict {
    Verdict {
        letter,
        name: letter.name(),
        pass: true,
        reason: reason.into(),
        suggestion: None,
    }
}

fn fail(letter: Letter, reason: impl Into<String>, suggestion: impl Into<String>) -> Verdict {
    Verdict {
        letter,
        name: letter.name(),
        pass: false,
        reason: reason.into(),
        suggestion: Some(suggestion.into()),
    }
}
