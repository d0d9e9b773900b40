//! What the two choice questions share: a list of options, each right or wrong, shown in a
//! fresh order each attempt. `single_best` and `multiple_answers` differ only in how many
//! options may be right and how ticks are scored.

use rand::RngCore;
use serde::{Deserialize, Serialize};

use super::{Draft, ItemResult, Presented, Response, Shown, has_repeats, letter, short};
use crate::content::scenarios::Check;
use crate::shuffle;

#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Choice {
    pub text: String,
    #[serde(default)]
    pub correct: bool,
    /// Required on a wrong option: the misconception (global id) that choosing it reflects.
    #[serde(default)]
    pub misconception: Option<String>,
    /// Feedback specific to this option.
    #[serde(default)]
    pub why: Option<String>,
}

/// Checks the options; `count_rule` checks how many are right (after the check that there are
/// at least two, before the checks of each option).
pub(super) fn validate(
    options: &[Choice],
    check: &mut Check<'_>,
    count_rule: impl FnOnce(&mut Check<'_>, usize),
) {
    let sc = check.id().to_owned();
    if options.len() < 2 {
        check.problem(
            format!("scenario `{sc}` needs at least two options"),
            "options",
        );
    }
    count_rule(check, options.iter().filter(|o| o.correct).count());
    if has_repeats(options.iter().map(|o| &o.text)) {
        check.problem(
            format!("scenario `{sc}` has two options with the same text"),
            "options",
        );
    }
    for option in options {
        if option.text.trim().is_empty() {
            check.problem(
                format!("empty text: an option of scenario `{sc}` has no words"),
                "text: \"\"",
            );
        }
        match (&option.misconception, option.correct) {
            (Some(id), _) => check.misconception(id),
            (None, false) => check.problem(
                format!(
                    "scenario `{sc}`: the wrong option \"{}\" must name the misconception \
                     it reflects (misconception: \"...\")",
                    short(&option.text)
                ),
                &format!("\"{}\"", option.text),
            ),
            (None, true) => {}
        }
    }
}

pub(super) fn misconceptions(options: &[Choice]) -> Vec<&str> {
    options
        .iter()
        .filter_map(|o| o.misconception.as_deref())
        .collect()
}

pub(super) fn longest_option_is_right(options: &[Choice]) -> bool {
    let len = |right: bool| {
        options
            .iter()
            .filter(|o| o.correct == right)
            .map(|o| o.text.chars().count())
            .max()
            .unwrap_or(0)
    };
    len(true) > len(false)
}

/// Options are shuffled uniformly, so that every key is equally likely to be right.
pub(super) fn draw(options: &[Choice], rng: &mut dyn RngCore) -> Shown {
    Shown {
        order: shuffle::order(options.len(), &mut &mut *rng),
        categories: Vec::new(),
    }
}

pub(super) fn new_draft(options: &[Choice], shown: Shown) -> Draft {
    Draft {
        ticked: vec![false; options.len()],
        shown,
        ..Draft::default()
    }
}

/// The ticked options, by content index.
pub(super) fn response(draft: &Draft) -> Response {
    Response::Choices(
        draft
            .ticked
            .iter()
            .enumerate()
            .filter(|(_, t)| **t)
            .map(|(i, _)| i)
            .collect(),
    )
}

/// Every option with whether it is right and whether it was chosen.
pub(super) fn items(options: &[Choice], chosen: &[usize]) -> Vec<ItemResult> {
    options
        .iter()
        .enumerate()
        .map(|(i, o)| ItemResult::Option {
            text: o.text.clone(),
            correct: o.correct,
            picked: chosen.contains(&i),
            why: o.why.clone(),
        })
        .collect()
}

/// Lettered options in a fresh order, the right ones as the answer, each option's note.
pub(super) fn present(options: &[Choice], rng: &mut dyn RngCore) -> Presented {
    let mut p = Presented::default();
    // Authors tend to write the right answer first; the class must not learn that.
    let order = shuffle::order(options.len(), &mut &mut *rng);
    for (shown, &i) in order.iter().enumerate() {
        let c = &options[i];
        let l = letter(shown);
        p.options.push(format!("{l}. {}", c.text));
        if c.correct {
            p.answer.push(format!("{l}. {}", c.text));
        }
        if let Some(why) = &c.why {
            p.notes.push(format!("{l}: {why}"));
        }
        if let Some(id) = &c.misconception {
            p.misconceptions
                .push((Some(format!("Option {l}")), id.clone()));
        }
    }
    p
}
