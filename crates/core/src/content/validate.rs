//! Checks of one unit that need nothing but the unit itself: empty text, malformed ids,
//! repeated numbers and references to criteria the unit does not have.

use std::collections::HashSet;

use super::items::{Anchor, text_items};
use super::model::Unit;
use super::problem::{Problem, find_from, locate};

/// Longest text one field may hold, in characters (about 3,000 words; the longest built-in
/// field is under 1,000). A 7 MB synopsis took 8.7 s and 1.7 GB to lay out on its page.
pub const MAX_TEXT_CHARS: usize = 20_000;

/// The message for a text field over [`MAX_TEXT_CHARS`], or `None`.
pub fn too_long(what: &str, text: &str) -> Option<String> {
    // Counting stops at the limit: the bytes bound the characters from above.
    (text.len() > MAX_TEXT_CHARS && text.chars().nth(MAX_TEXT_CHARS).is_some()).then(|| {
        format!(
            "the {what} is {} characters long; a text may have at most {MAX_TEXT_CHARS} \
             (split it or shorten it)",
            text.chars().count()
        )
    })
}

/// The problems of text fields of `unit` over [`MAX_TEXT_CHARS`]: such a unit is not loaded.
pub fn overlong_texts(unit: &Unit, file: &str, source: &str) -> Vec<Problem> {
    let unit_pos = locate(source, &format!("\"{}\"", unit.id));
    text_items(unit)
        .into_iter()
        .filter_map(|item| {
            too_long(&format!("{} of unit `{}`", item.label, unit.id), item.text).map(|m| {
                let pos = anchor_needle(&item.anchor)
                    .and_then(|n| find_from(source, 0, &n))
                    .map(|at| super::problem::position_of_offset(source, at))
                    .or(unit_pos);
                Problem::new(file, format!("{m}; this unit was not loaded")).at(pos)
            })
        })
        .collect()
}

/// Characters allowed in ids, so that ids survive file names, URLs and CSV exports unchanged.
pub fn valid_id(id: &str) -> bool {
    !id.is_empty()
        && id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | '/'))
}

/// Text to look for in the file to point a message at the item.
fn anchor_needle(anchor: &Anchor) -> Option<String> {
    match anchor {
        Anchor::Concept(id)
        | Anchor::Misconception(id)
        | Anchor::MarkingPoint(id)
        | Anchor::Tip(id) => Some(format!("\"{id}\"")),
        Anchor::Outcome(n) | Anchor::Criterion(n) | Anchor::Indicative(n, _) => {
            Some(format!("\"{n}\""))
        }
        _ => None,
    }
}

pub fn validate_unit(unit: &Unit, file: &str, source: &str) -> Vec<Problem> {
    let mut problems = Vec::new();
    let unit_pos = locate(source, &format!("\"{}\"", unit.id));
    let problem = |message: String, pos: Option<(usize, usize)>| {
        Problem::new(file, message).at(pos.or(unit_pos))
    };

    if !valid_id(&unit.id) {
        problems.push(problem(
            format!(
                "unit id `{}` may only use letters, digits and - _ . /",
                unit.id
            ),
            unit_pos,
        ));
    }
    if let Some(level) = unit.level
        && !(1..=8).contains(&level)
    {
        problems.push(problem(
            format!(
                "unit `{}` has level {level}; levels run from 1 to 8",
                unit.id
            ),
            locate(source, "level"),
        ));
    }

    for item in text_items(unit) {
        if item.text.trim().is_empty() {
            let anchor_pos = anchor_needle(&item.anchor).and_then(|n| find_from(source, 0, &n));
            let pos = match anchor_pos {
                Some(offset) => find_from(source, offset, "\"\"")
                    .map(|at| super::problem::position_of_offset(source, at))
                    .or_else(|| Some(super::problem::position_of_offset(source, offset))),
                None => locate(source, "\"\""),
            };
            problems.push(problem(
                format!(
                    "empty text: the {} of unit `{}` has no words",
                    item.label, unit.id
                ),
                pos,
            ));
        }
    }

    let item_ids = unit
        .key_concepts
        .iter()
        .map(|k| &k.id)
        .chain(unit.misconceptions.iter().map(|m| &m.id))
        .chain(unit.marking_points.iter().map(|m| &m.id))
        .chain(unit.tips.iter().map(|t| &t.id));
    for id in item_ids {
        if !valid_id(id) {
            problems.push(problem(
                format!(
                    "id `{id}` may only use letters, digits and - _ . / (and may not be empty)"
                ),
                locate(source, &format!("\"{id}\"")),
            ));
        }
    }

    let mut figure_ids = HashSet::new();
    for figure in &unit.figures {
        let pos = || locate(source, &format!("\"{}\"", figure.id));
        if !valid_id(&figure.id) || !figure_ids.insert(figure.id.as_str()) {
            problems.push(problem(
                format!(
                    "figure id `{}` must be unique in the unit and use only letters, digits and \
                     - _ . /",
                    figure.id
                ),
                pos(),
            ));
        }
        for (what, text) in [("caption", &figure.caption), ("alt", &figure.alt)] {
            if text.trim().is_empty() {
                problems.push(problem(
                    format!(
                        "figure `{}` has an empty {what}{}",
                        figure.id,
                        if what == "alt" {
                            ": say in words what the image shows, for learners who cannot see it"
                        } else {
                            ""
                        }
                    ),
                    pos(),
                ));
            }
        }
    }

    let mut outcome_numbers = HashSet::new();
    let mut criterion_numbers = HashSet::new();
    for lo in &unit.learning_outcomes {
        if !outcome_numbers.insert(lo.number.as_str()) {
            problems.push(problem(
                format!(
                    "learning outcome {} appears twice in unit `{}`",
                    lo.number, unit.id
                ),
                locate(source, &format!("\"{}\"", lo.number)),
            ));
        }
        for c in &lo.criteria {
            if !criterion_numbers.insert(c.number.as_str()) {
                problems.push(problem(
                    format!("criterion {} appears twice in unit `{}`", c.number, unit.id),
                    locate(source, &format!("\"{}\"", c.number)),
                ));
            }
        }
    }

    let references = unit
        .marking_points
        .iter()
        .flat_map(|mp| {
            mp.criteria
                .iter()
                .map(move |c| (format!("marking point `{}`", mp.id), c))
        })
        .chain(unit.assessment_requirements.iter().flat_map(|r| {
            r.criteria
                .iter()
                .map(|c| ("an assessment requirement".to_owned(), c))
        }));
    for (who, criterion) in references {
        if !criterion_numbers.contains(criterion.as_str()) {
            problems.push(problem(
                format!(
                    "{who} refers to criterion {criterion}, which unit `{}` does not have",
                    unit.id
                ),
                locate(source, &format!("\"{criterion}\"")),
            ));
        }
    }
    problems
}
