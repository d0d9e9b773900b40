//! Authored flashcard decks (`cards/*.ron`): what generation from the units cannot make well,
//! such as the stages of a model in order, or a definition best tested with a blank.
//!
//! A deck names the unit it belongs to; card ids are stable so that editing a card's wording
//! keeps the learner's history with it.

use std::collections::HashSet;

use serde::{Deserialize, Serialize};

use super::problem::{Problem, locate};
use super::validate::{too_long, valid_id};

#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Deck {
    /// Unique across the pack; card ids are prefixed with it.
    pub id: String,
    pub title: String,
    /// The unit whose learners need this deck; must be a unit id in the pack.
    pub unit: String,
    /// Which part of the unit the deck revises, e.g. "Models", "Law and ethics".
    pub section: String,
    /// Default topic of the deck's cards, e.g. "GROW".
    pub topic: String,
    pub cards: Vec<AuthoredCard>,
}

#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields, rename = "Card")]
pub struct AuthoredCard {
    /// Unique within the deck; the full id is `<deck id>/<card id>`.
    pub id: String,
    /// For a question card: the prompt. Left out for a cloze card.
    #[serde(default)]
    pub front: Option<String>,
    /// For a question card: the answer. For a cloze card: optional extra text shown with the answer.
    #[serde(default)]
    pub back: Option<String>,
    /// Text with `{{c1::answer}}` or `{{c1::answer::hint}}` deletions; one card per number.
    #[serde(default)]
    pub cloze: Option<String>,
    /// Overrides the deck's topic.
    #[serde(default)]
    pub topic: Option<String>,
    #[serde(default)]
    pub tags: Vec<String>,
}

/// A deck together with the file it came from.
#[derive(Debug, Clone)]
pub struct LoadedDeck {
    pub deck: Deck,
    pub file: String,
}

/// One `{{cN::text::hint}}` deletion.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Deletion {
    pub number: u32,
    pub answer: String,
    pub hint: Option<String>,
    /// Byte range of the whole `{{…}}` in the text.
    pub range: std::ops::Range<usize>,
}

/// Most deletions one cloze card may have: each number makes a card holding the whole text, so
/// the cost grows with deletions times length (20,000 deletions took minutes and gigabytes).
pub const MAX_CLOZE_DELETIONS: usize = 100;

/// The deletions of a cloze text, or what is wrong with its markup (including more than
/// [`MAX_CLOZE_DELETIONS`] deletions). Reads the text once.
pub fn parse_cloze(text: &str) -> Result<Vec<Deletion>, String> {
    let mut out = Vec::new();
    let mut rest = 0;
    while let Some(start) = text[rest..].find("{{").map(|i| i + rest) {
        if out.len() == MAX_CLOZE_DELETIONS {
            let total = MAX_CLOZE_DELETIONS + text[start..].matches("{{").count();
            return Err(format!(
                "has {total} cloze deletions; a card may have at most {MAX_CLOZE_DELETIONS} \
                 (split it into several cards)"
            ));
        }
        let Some(end) = text[start..].find("}}").map(|i| i + start) else {
            return Err(format!(
                "a cloze deletion opened at character {} is never closed with }}}}",
                text[..start].chars().count() + 1
            ));
        };
        let inner = &text[start + 2..end];
        let Some(body) = inner.strip_prefix('c') else {
            return Err(format!(
                "`{{{{{inner}}}}}` is not a cloze deletion like {{{{c1::answer}}}}"
            ));
        };
        let mut parts = body.splitn(3, "::");
        let number = parts.next().unwrap_or_default();
        let number: u32 = number.parse().ok().filter(|n| *n > 0).ok_or_else(|| {
            format!("`{{{{{inner}}}}}` needs a number from 1, like {{{{c1::answer}}}}")
        })?;
        let answer = parts.next().unwrap_or_default().trim();
        if answer.is_empty() {
            return Err(format!("`{{{{{inner}}}}}` has no text to hide"));
        }
        let hint = parts
            .next()
            .map(|h| h.trim().to_owned())
            .filter(|h| !h.is_empty());
        out.push(Deletion {
            number,
            answer: answer.to_owned(),
            hint,
            range: start..end + 2,
        });
        rest = end + 2;
    }
    if out.is_empty() {
        return Err("a cloze card needs at least one deletion like {{c1::answer}}".to_owned());
    }
    Ok(out)
}

/// Checks of one deck that need only the deck and the set of unit ids in the pack.
/// Past this many messages in a deck, card messages point at the deck rather than the card.
const LOCATED_PROBLEMS: usize = 100;

pub fn validate_deck(
    deck: &Deck,
    file: &str,
    source: &str,
    unit_ids: &HashSet<&str>,
) -> Vec<Problem> {
    let mut problems = Vec::new();
    let deck_pos = locate(source, &format!("\"{}\"", deck.id));
    if !valid_id(&deck.id) {
        problems.push(
            Problem::new(
                file,
                format!(
                    "deck id `{}` may only use letters, digits and - _ . /",
                    deck.id
                ),
            )
            .at(deck_pos),
        );
    }
    if !unit_ids.contains(deck.unit.as_str()) {
        problems.push(
            Problem::new(
                file,
                format!(
                    "deck `{}` names unit `{}`, which no loaded unit has",
                    deck.id, deck.unit
                ),
            )
            .at(locate(source, &format!("\"{}\"", deck.unit)).or(deck_pos)),
        );
    }
    for (field, value) in [
        ("title", &deck.title),
        ("section", &deck.section),
        ("topic", &deck.topic),
    ] {
        if value.trim().is_empty() {
            problems.push(
                Problem::new(file, format!("deck `{}` has an empty {field}", deck.id))
                    .at(locate(source, field).or(deck_pos)),
            );
        }
    }
    if deck.cards.is_empty() {
        problems.push(Problem::new(file, format!("deck `{}` has no cards", deck.id)).at(deck_pos));
    }
    let mut seen = HashSet::new();
    let problems_so_far = std::cell::Cell::new(problems.len());
    for card in &deck.cards {
        // Searched for only when there is something to report, and not at all past the first
        // hundred messages: each search reads the file, and a broken file of 50,000 cards must
        // not take minutes to report.
        let problem = |message: String| {
            let pos = if problems_so_far.get() < LOCATED_PROBLEMS {
                locate(source, &format!("id: \"{}\"", card.id)).or(deck_pos)
            } else {
                deck_pos
            };
            problems_so_far.set(problems_so_far.get() + 1);
            Problem::new(file, message).at(pos)
        };
        if !valid_id(&card.id) {
            problems.push(problem(format!(
                "card id `{}` may only use letters, digits and - _ . /",
                card.id
            )));
        }
        if !seen.insert(card.id.as_str()) {
            problems.push(problem(format!(
                "card id `{}` is used twice in deck `{}`; ids keep learners' history, so each must be unique",
                card.id, deck.id
            )));
        }
        for (field, value) in [
            ("front", &card.front),
            ("back", &card.back),
            ("cloze", &card.cloze),
        ] {
            if let Some(m) = value.as_deref().and_then(|v| too_long(field, v)) {
                problems.push(problem(format!("card `{}`: {m}", card.id)));
            }
        }
        match (&card.front, &card.cloze) {
            (Some(_), Some(_)) => problems.push(problem(format!(
                "card `{}` has both `front` and `cloze`; a card is one or the other",
                card.id
            ))),
            (None, None) => problems.push(problem(format!(
                "card `{}` needs either `front` and `back`, or `cloze`",
                card.id
            ))),
            (Some(front), None) => {
                if front.trim().is_empty() {
                    problems.push(problem(format!("card `{}` has an empty front", card.id)));
                }
                if card.back.as_deref().is_none_or(|b| b.trim().is_empty()) {
                    problems.push(problem(format!(
                        "card `{}` has a front but no back",
                        card.id
                    )));
                }
            }
            (None, Some(cloze)) => {
                if let Err(e) = parse_cloze(cloze) {
                    problems.push(problem(format!("card `{}`: {e}", card.id)));
                }
            }
        }
        if card
            .tags
            .iter()
            .any(|t| t.trim().is_empty() || t.contains(char::is_whitespace))
        {
            problems.push(problem(format!(
                "card `{}` has a tag with a space or an empty tag; tags are single words (use - or ::)",
                card.id
            )));
        }
    }
    problems
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cloze_deletions_are_numbered_with_optional_hints() {
        let d = parse_cloze("GROW: {{c1::Goal}}, {{c2::Reality::R}}, {{c1::Options}}").unwrap();
        assert_eq!(d.len(), 3);
        assert_eq!(d[1].number, 2);
        assert_eq!(d[1].answer, "Reality");
        assert_eq!(d[1].hint.as_deref(), Some("R"));
        assert_eq!(&"GROW: {{c1::Goal}}"[d[0].range.clone()], "{{c1::Goal}}");
    }

    #[test]
    fn broken_cloze_markup_is_explained() {
        assert!(
            parse_cloze("no deletions")
                .unwrap_err()
                .contains("at least one")
        );
        assert!(
            parse_cloze("open {{c1::x")
                .unwrap_err()
                .contains("never closed")
        );
        assert!(
            parse_cloze("{{x1::y}}")
                .unwrap_err()
                .contains("not a cloze")
        );
        assert!(
            parse_cloze("{{c0::y}}")
                .unwrap_err()
                .contains("number from 1")
        );
        assert!(parse_cloze("{{c1::}}").unwrap_err().contains("no text"));
    }
}
