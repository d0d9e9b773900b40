//! Flashcards: cards made from the content (generated from units, and authored decks), their
//! scheduling with FSRS, the study queue, Anki export and import, and statistics. No egui here.

pub mod anki;
pub mod anki_import;
pub mod fuzz;
pub mod queue;
pub mod schedule;
pub mod stats;
pub mod typed;

use crate::content::card_text::{
    key_concept_front, misconception_back, misconception_front, sentence,
};
use crate::content::cards::{Deletion, parse_cloze};
use crate::content::{Pack, Section, Unit};

/// Where a card came from, which decides how it is shown and exported.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CardKind {
    Basic,
    /// One deletion of a cloze note: `text` is the whole note, `number` the deletion asked,
    /// `extra` what the note shows with every answer.
    Cloze {
        text: String,
        number: u32,
        extra: Option<String>,
    },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Card {
    /// Stable: derived from the content item's id, never from its wording or position.
    pub id: String,
    /// The note the card belongs to (a cloze note makes one card per deletion number).
    pub note: String,
    /// `unit:<unit id>` for cards generated from a unit, else the authored deck's id.
    pub deck: String,
    pub deck_title: String,
    pub unit: String,
    pub section: String,
    pub topic: String,
    /// Extra tags besides unit, section and topic.
    pub tags: Vec<String>,
    pub front: String,
    pub back: String,
    pub kind: CardKind,
}

impl Card {
    /// Anki-style hierarchical tags: `unit::…`, `section::…`, `topic::…`, then the card's own.
    pub fn all_tags(&self) -> Vec<String> {
        let mut tags = Vec::new();
        if !self.unit.is_empty() {
            tags.push(format!("unit::{}", self.unit));
        }
        tags.push(format!("section::{}", slug(&self.section)));
        tags.push(format!("topic::{}", slug(&self.topic)));
        tags.extend(self.tags.iter().cloned());
        tags
    }

    /// What the card's siblings share: its note (a cloze note's deletions), or for a key
    /// concept's forward and reverse cards, which are separate notes in Anki's export, the key
    /// concept they both ask about. Siblings are not shown on the same day (see
    /// `queue::build`), so a card's reverse does not give its answer away straight after it.
    pub fn sibling_key(&self) -> &str {
        self.id
            .strip_suffix(":forward")
            .or_else(|| self.id.strip_suffix(":reverse"))
            .unwrap_or(&self.note)
    }

    /// The text the learner should produce, for comparing a typed answer.
    pub fn expected_answer(&self) -> String {
        match &self.kind {
            CardKind::Basic => self.back.clone(),
            CardKind::Cloze { text, number, .. } => parse_cloze(text)
                .map(|d| {
                    d.into_iter()
                        .filter(|d| d.number == *number)
                        .map(|d| d.answer)
                        .collect::<Vec<_>>()
                        .join(", ")
                })
                .unwrap_or_default(),
        }
    }
}

/// `n` and the noun, plural unless `n` is 1: "1 card", "2 cards" (nouns with a plain -s).
pub fn count(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

/// Lower case words joined by `-`, for tags (Anki splits tags on spaces).
pub fn slug(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars() {
        if c.is_alphanumeric() {
            out.extend(c.to_lowercase());
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    out.trim_end_matches('-').to_owned()
}

fn unit_deck(unit: &Unit) -> (String, String) {
    (format!("unit:{}", unit.id), unit.title.clone())
}

/// Every card of the pack: generated from each unit, then each authored deck, in pack order.
pub fn all_cards(pack: &Pack) -> Vec<Card> {
    let mut cards = Vec::new();
    for loaded in &pack.units {
        generate_unit_cards(&loaded.unit, &mut cards);
    }
    for loaded in &pack.decks {
        authored_cards(&loaded.deck, &mut cards);
    }
    // A card's id keys its schedule: a later card with an id already used (a tutor's item
    // reusing a built-in id, which loading reports) is left out rather than sharing the first
    // card's history.
    let mut seen = std::collections::HashSet::new();
    cards.retain(|c| seen.insert(c.id.clone()));
    distinguish_fronts(&mut cards);
    // Grown by doubling: up to half of it unused (6 MB of 20,000 cards) for the whole session.
    cards.shrink_to_fit();
    cards
}

/// Cards that share a front but not a back (the same term explained in two units, say) would
/// ask one question with two right answers: each such front names where its card comes from,
/// the unit or the deck. `rapport check` warns about them, so the tutor can reword one.
fn distinguish_fronts(cards: &mut [Card]) {
    let mut backs: std::collections::HashMap<&str, std::collections::HashSet<&str>> =
        std::collections::HashMap::new();
    for card in cards.iter() {
        if card.kind == CardKind::Basic {
            backs.entry(&card.front).or_default().insert(&card.back);
        }
    }
    let clashing: std::collections::HashSet<String> = backs
        .into_iter()
        .filter(|(_, backs)| backs.len() > 1)
        .map(|(front, _)| front.to_owned())
        .collect();
    if clashing.is_empty() {
        return;
    }
    // Two clashing cards of one unit or deck are numbered as well.
    let mut seen: std::collections::HashMap<(String, String), usize> =
        std::collections::HashMap::new();
    for card in cards.iter_mut() {
        if card.kind == CardKind::Basic && clashing.contains(&card.front) {
            let n = seen
                .entry((card.front.clone(), card.deck.clone()))
                .or_default();
            *n += 1;
            card.front = match *n {
                1 => format!("{} ({})", card.front, card.deck_title),
                n => format!("{} ({}, {n})", card.front, card.deck_title),
            };
        }
    }
}

/// Whether the reverse of a key concept card is a fair question: not when the explanation gives
/// the term away.
fn reverse_makes_sense(term: &str, explanation: &str) -> bool {
    let explanation = explanation.to_lowercase();
    let words: Vec<String> = term
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.len() > 3)
        .map(str::to_lowercase)
        .collect();
    !words.is_empty() && !words.iter().any(|w| explanation.contains(w.as_str()))
}

pub fn generate_unit_cards(unit: &Unit, out: &mut Vec<Card>) {
    let (deck, deck_title) = unit_deck(unit);
    let base = |id: String, section: Section, topic: &str, front: String, back: String| Card {
        note: id.clone(),
        id,
        deck: deck.clone(),
        deck_title: deck_title.clone(),
        unit: unit.id.clone(),
        section: section.title().to_owned(),
        topic: topic.to_owned(),
        tags: Vec::new(),
        front,
        back,
        kind: CardKind::Basic,
    };
    for kc in &unit.key_concepts {
        out.push(base(
            format!("card:{}:forward", kc.id),
            Section::KeyConcepts,
            &kc.term,
            key_concept_front(&kc.term),
            sentence(&kc.explanation),
        ));
        if reverse_makes_sense(&kc.term, &kc.explanation) {
            out.push(base(
                format!("card:{}:reverse", kc.id),
                Section::KeyConcepts,
                &kc.term,
                format!("Which term means: {}", sentence(&kc.explanation)),
                kc.term.clone(),
            ));
        }
    }
    for m in &unit.misconceptions {
        out.push(base(
            format!("card:{}", m.id),
            Section::Misconceptions,
            "Misconceptions",
            misconception_front(&m.text),
            misconception_back(m),
        ));
    }
    for c in unit.criteria() {
        out.push(base(
            format!("card:{}/criterion/{}", unit.id, c.number),
            Section::Outcomes,
            "Assessment criteria",
            format!(
                "{}: what does assessment criterion {} ask you to be able to do?",
                unit.title, c.number
            ),
            sentence(&c.text),
        ));
    }
}

/// The cloze text with deletion `number` hidden (its hint shown if any) and the others shown.
pub fn cloze_front(text: &str, number: u32) -> String {
    match parse_cloze(text) {
        Ok(deletions) => front_of(text, &deletions, number),
        Err(_) => text.to_owned(),
    }
}

/// The cloze text with every deletion shown, the asked one in brackets.
pub fn cloze_back(text: &str, number: u32) -> String {
    match parse_cloze(text) {
        Ok(deletions) => back_of(text, &deletions, number),
        Err(_) => text.to_owned(),
    }
}

fn front_of(text: &str, deletions: &[Deletion], number: u32) -> String {
    render_cloze(text, deletions, |d| {
        if d.number == number {
            match &d.hint {
                Some(h) => format!("[… {h}]"),
                None => "[…]".to_owned(),
            }
        } else {
            d.answer.clone()
        }
    })
}

fn back_of(text: &str, deletions: &[Deletion], number: u32) -> String {
    render_cloze(text, deletions, |d| {
        if d.number == number {
            format!("[{}]", d.answer)
        } else {
            d.answer.clone()
        }
    })
}

/// `text` with each of its (already parsed) `deletions` replaced by what `show` makes of it.
fn render_cloze(text: &str, deletions: &[Deletion], show: impl Fn(&Deletion) -> String) -> String {
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for d in deletions {
        out.push_str(&text[at..d.range.start]);
        out.push_str(&show(d));
        at = d.range.end;
    }
    out.push_str(&text[at..]);
    out
}

fn authored_cards(deck: &crate::content::Deck, out: &mut Vec<Card>) {
    for card in &deck.cards {
        let note = format!("{}/{}", deck.id, card.id);
        let topic = card.topic.clone().unwrap_or_else(|| deck.topic.clone());
        let make = |id: String, front: String, back: String, kind: CardKind| Card {
            id,
            note: note.clone(),
            deck: deck.id.clone(),
            deck_title: deck.title.clone(),
            unit: deck.unit.clone(),
            section: deck.section.clone(),
            topic: topic.clone(),
            tags: card.tags.clone(),
            front,
            back,
            kind,
        };
        match (&card.front, &card.cloze) {
            (Some(front), _) => out.push(make(
                format!("card:{note}"),
                front.clone(),
                card.back.clone().unwrap_or_default(),
                CardKind::Basic,
            )),
            (None, Some(text)) => {
                // Parsed once for all of the note's cards; a note over the deletion limit is
                // refused by validation and makes no cards.
                let deletions = parse_cloze(text).unwrap_or_default();
                let mut numbers: Vec<u32> = deletions.iter().map(|d| d.number).collect();
                numbers.sort_unstable();
                numbers.dedup();
                for n in numbers {
                    let mut back = back_of(text, &deletions, n);
                    if let Some(extra) = &card.back {
                        back = format!("{back}\n\n{extra}");
                    }
                    out.push(make(
                        format!("card:{note}:c{n}"),
                        front_of(text, &deletions, n),
                        back,
                        CardKind::Cloze {
                            text: text.clone(),
                            number: n,
                            extra: card.back.clone(),
                        },
                    ));
                }
            }
            (None, None) => {}
        }
    }
}

/// The pack's one-line summary, with its flashcards counted (the content layer does not know how
/// cards are made from units).
pub fn pack_summary(pack: &Pack) -> String {
    pack.summary(all_cards(pack).len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_are_singular_only_for_one() {
        assert_eq!(count(1, "suspended card"), "1 suspended card");
        assert_eq!(count(0, "card"), "0 cards");
        assert_eq!(count(2, "review"), "2 reviews");
    }

    #[test]
    fn slugs_are_tag_safe() {
        assert_eq!(slug("Law and ethics"), "law-and-ethics");
        assert_eq!(slug("  Gibbs' cycle! "), "gibbs-cycle");
    }

    #[test]
    fn cloze_sides_hide_only_the_asked_deletion() {
        let text = "GROW: {{c1::Goal}}, {{c2::Reality::R…}}";
        assert_eq!(cloze_front(text, 1), "GROW: […], Reality");
        assert_eq!(cloze_front(text, 2), "GROW: Goal, [… R…]");
        assert_eq!(cloze_back(text, 2), "GROW: Goal, [Reality]");
    }

    #[test]
    fn reverse_cards_are_not_made_when_the_answer_is_in_the_question() {
        assert!(!reverse_makes_sense(
            "The GROW model",
            "a framework: Goal, Reality, Options, Will (the GROW model)"
        ));
        assert!(reverse_makes_sense(
            "Contracting",
            "agreeing the purpose, boundaries and practicalities of the work"
        ));
    }
}
