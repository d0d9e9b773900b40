//! Comparing a typed answer with the card's answer, word by word, forgiving small misspellings.

use fuzzy_matcher::FuzzyMatcher;
use fuzzy_matcher::skim::SkimMatcherV2;

/// Short words that carry no meaning of their own; missing them is not worth highlighting. Not
/// the marker's stopwords: those drop "will" and "would", which a card's answer may need
/// (GROW's "Will").
const MINOR: &[&str] = &[
    "a", "an", "and", "the", "of", "to", "in", "on", "or", "for", "by", "with", "is", "are", "be",
    "it", "as", "at", "its", "their", "they", "them", "that", "this", "from", "not",
];

/// One word of the expected answer and whether the typed answer has it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Word {
    pub text: String,
    /// `None` for minor words and punctuation, which are never marked as missed.
    pub found: Option<bool>,
}

fn key(word: &str) -> String {
    word.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

fn close_enough(matcher: &SkimMatcherV2, typed: &str, expected: &str) -> bool {
    if typed == expected {
        return true;
    }
    let (shorter, longer) = if typed.len() <= expected.len() {
        (typed, expected)
    } else {
        (expected, typed)
    };
    // A typed word that leaves letters out (or adds a few) still counts, but not a fragment.
    shorter.chars().count() * 4 >= longer.chars().count() * 3
        && longer.chars().count() >= 4
        && matcher.fuzzy_match(longer, shorter).is_some()
}

/// The expected answer's words, each marked found or missed in `typed`.
pub fn compare(expected: &str, typed: &str) -> Vec<Word> {
    let matcher = SkimMatcherV2::default();
    let typed_words: Vec<String> = typed
        .split_whitespace()
        .map(key)
        .filter(|w| !w.is_empty())
        .collect();
    expected
        .split_whitespace()
        .map(|w| {
            let k = key(w);
            let found = if k.is_empty() || MINOR.contains(&k.as_str()) {
                None
            } else {
                Some(typed_words.iter().any(|t| close_enough(&matcher, t, &k)))
            };
            Word {
                text: w.to_owned(),
                found,
            }
        })
        .collect()
}

/// Share of the meaningful words that were found (1.0 when there are none).
pub fn score(words: &[Word]) -> f32 {
    let marked: Vec<bool> = words.iter().filter_map(|w| w.found).collect();
    if marked.is_empty() {
        return 1.0;
    }
    marked.iter().filter(|f| **f).count() as f32 / marked.len() as f32
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn missed_words_are_marked_and_small_typos_forgiven() {
        let words = compare("Goal, Reality, Options, Will", "goal realty will");
        let found: Vec<Option<bool>> = words.iter().map(|w| w.found).collect();
        assert_eq!(found, vec![Some(true), Some(true), Some(false), Some(true)]);
        assert!((score(&words) - 0.75).abs() < 1e-6);
    }

    #[test]
    fn minor_words_are_not_marked_and_fragments_do_not_count() {
        let words = compare("the Open area", "op");
        assert_eq!(words[0].found, None);
        assert_eq!(words[1].found, Some(false), "two letters are not the word");
        assert_eq!(words[2].found, Some(false));
        assert_eq!(score(&compare("", "anything")), 1.0);
    }
}
