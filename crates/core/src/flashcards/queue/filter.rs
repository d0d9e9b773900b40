//! What to study, as a search over the cards' text and tags, decks, units and topics.

use super::super::Card;

/// What to study, as a search: words must all appear in the card's text or tags; `deck:`,
/// `unit:`, `topic:` and `tag:` terms restrict to exact values (tags also match their prefix,
/// so `tag:topic::grow` finds `topic::grow`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filter {
    pub query: String,
}

impl Filter {
    pub fn all() -> Filter {
        Filter::default()
    }

    pub fn deck(id: &str) -> Filter {
        Filter {
            query: format!("deck:{id}"),
        }
    }

    pub fn unit(id: &str) -> Filter {
        Filter {
            query: format!("unit:{id}"),
        }
    }

    /// Exactly these cards (`card:` terms; a card matches any of them).
    pub fn cards(ids: &[String]) -> Filter {
        Filter {
            query: ids
                .iter()
                .map(|id| format!("card:{id}"))
                .collect::<Vec<_>>()
                .join(" "),
        }
    }

    pub fn tag(tag: &str) -> Filter {
        Filter {
            query: format!("tag:{tag}"),
        }
    }

    pub fn compile(&self) -> CompiledFilter {
        let mut c = CompiledFilter::default();
        for term in self.query.split_whitespace() {
            let lower = term.to_lowercase();
            if let Some(v) = term.strip_prefix("card:") {
                c.cards.push(v.to_owned());
            } else if let Some(v) = term.strip_prefix("deck:") {
                c.decks.push(v.to_owned());
            } else if let Some(v) = term.strip_prefix("unit:") {
                c.units.push(v.to_owned());
            } else if let Some(v) = lower.strip_prefix("topic:") {
                c.topics.push(super::super::slug(v));
            } else if let Some(v) = lower.strip_prefix("tag:") {
                c.tags.push(v.to_owned());
            } else {
                c.words.push(lower);
            }
        }
        c
    }
}

#[derive(Debug, Clone, Default)]
pub struct CompiledFilter {
    cards: Vec<String>,
    decks: Vec<String>,
    units: Vec<String>,
    topics: Vec<String>,
    tags: Vec<String>,
    words: Vec<String>,
}

impl CompiledFilter {
    /// Takes out the `deck:` and `unit:` terms, which the queue checks by number on its index.
    pub(super) fn take_places(&mut self) -> (Vec<String>, Vec<String>) {
        (
            std::mem::take(&mut self.decks),
            std::mem::take(&mut self.units),
        )
    }

    /// Whether every card matches (no terms).
    pub(super) fn is_all(&self) -> bool {
        self.cards.is_empty()
            && self.decks.is_empty()
            && self.units.is_empty()
            && self.topics.is_empty()
            && self.tags.is_empty()
            && self.words.is_empty()
    }

    pub fn matches(&self, card: &Card) -> bool {
        if !self.cards.is_empty() && !self.cards.contains(&card.id) {
            return false;
        }
        if !self.decks.is_empty() && !self.decks.contains(&card.deck) {
            return false;
        }
        if !self.units.is_empty() && !self.units.contains(&card.unit) {
            return false;
        }
        if !self.topics.is_empty() && !self.topics.contains(&super::super::slug(&card.topic)) {
            return false;
        }
        if !self.tags.is_empty() {
            let tags = card.all_tags();
            let hit = self.tags.iter().all(|want| {
                tags.iter().any(|t| {
                    t.to_lowercase() == *want || t.to_lowercase().starts_with(&format!("{want}::"))
                })
            });
            if !hit {
                return false;
            }
        }
        if !self.words.is_empty() {
            // The tags are only built for a word the card's text does not have: on a large
            // collection most cards are ruled out, and building every card's tags would be most
            // of the work.
            let mut tags: Option<String> = None;
            let all = self.words.iter().all(|w| {
                contains_folded(&card.front, w)
                    || contains_folded(&card.back, w)
                    || tags
                        .get_or_insert_with(|| card.all_tags().join(" ").to_lowercase())
                        .contains(w.as_str())
            });
            if !all {
                return false;
            }
        }
        true
    }
}

/// Whether `hay` contains `word` (already lower case), ignoring case. An ASCII word is compared
/// byte by byte without copying `hay` (no byte of a multi-byte character is ASCII).
fn contains_folded(hay: &str, word: &str) -> bool {
    if !word.is_ascii() {
        return hay.to_lowercase().contains(word);
    }
    let (hay, word) = (hay.as_bytes(), word.as_bytes());
    let Some((&first, _)) = word.split_first() else {
        return true;
    };
    hay.len() >= word.len()
        && (0..=hay.len() - word.len()).any(|i| {
            hay[i].to_ascii_lowercase() == first
                && hay[i..i + word.len()].eq_ignore_ascii_case(word)
        })
}

#[cfg(test)]
mod folded_tests {
    use super::contains_folded;

    #[test]
    fn words_are_found_whatever_their_case() {
        assert!(contains_folded("Keep CONFIDENTIALITY", "confidential"));
        assert!(contains_folded("“Quoted” text", "quoted"));
        assert!(contains_folded("Café culture", "café"));
        assert!(!contains_folded("Café culture", "cafe"));
        assert!(!contains_folded("short", "shorter"));
        assert!(contains_folded("anything", ""));
    }
}
