//! Fuzzy search over every text of every loaded unit.
//!
//! Each word of the query must match the item (fuzzy-matcher's skim algorithm, so letters may be
//! skipped). A word that does not match as typed is tried again with each one of its letters left
//! out, which forgives one wrong, extra or swapped letter ("confidentialty", "confidantiality").

use fuzzy_matcher::FuzzyMatcher;
use fuzzy_matcher::skim::SkimMatcherV2;

use crate::content::{Anchor, Pack, Section, text_items};

/// Words shorter than this must match as typed: with a letter dropped they match almost anything.
const MIN_TYPO_WORD: usize = 6;
/// A forgiven typo keeps this share of the score, so exact matches rank first.
const TYPO_PENALTY_PERCENT: i64 = 60;
/// A word's match must score at least this much per letter; lower means letters strewn
/// across unrelated words (measured on the built-in pack: runs of letters score about 20 a
/// letter, strewn letters under 10).
const MIN_SCORE_PER_CHAR: i64 = 14;
/// A match that is a whole word ("GROW", not the start of "growth") gains this share of its score.
const WHOLE_WORD_BONUS_PERCENT: i64 = 25;

#[derive(Debug, Clone)]
pub struct Entry {
    pub unit_id: String,
    pub unit_title: String,
    pub anchor: Anchor,
    pub label: String,
    pub text: String,
}

impl Entry {
    pub fn section(&self) -> Section {
        self.anchor.section()
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit {
    /// Index into [`SearchIndex::entries`].
    pub entry: usize,
    pub score: i64,
    /// Character positions in the entry's text that matched, ascending.
    pub indices: Vec<usize>,
}

pub struct SearchIndex {
    entries: Vec<Entry>,
    matcher: SkimMatcherV2,
}

impl SearchIndex {
    pub fn build(pack: &Pack) -> Self {
        let entries = pack
            .units
            .iter()
            .flat_map(|loaded| {
                let unit = &loaded.unit;
                text_items(unit).into_iter().map(|item| Entry {
                    unit_id: unit.id.clone(),
                    unit_title: unit.title.clone(),
                    anchor: item.anchor,
                    label: item.label,
                    text: item.text.to_owned(),
                })
            })
            .collect();
        Self {
            entries,
            matcher: SkimMatcherV2::default().ignore_case(),
        }
    }

    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    pub fn entry(&self, hit: &Hit) -> &Entry {
        &self.entries[hit.entry]
    }

    /// The best `limit` items for `query`, best first. An empty query finds nothing.
    pub fn search(&self, query: &str, limit: usize) -> Vec<Hit> {
        let words: Vec<String> = query.split_whitespace().map(str::to_lowercase).collect();
        if words.is_empty() {
            return Vec::new();
        }
        let mut hits: Vec<Hit> = self
            .entries
            .iter()
            .enumerate()
            .filter_map(|(i, entry)| {
                self.match_entry(&entry.text, &words)
                    .map(|(score, indices)| Hit {
                        entry: i,
                        score,
                        indices,
                    })
            })
            .collect();
        // Among equal scores the shorter text is the more specific match; the sort is stable, so
        // page order breaks the remaining ties.
        hits.sort_by_key(|hit| {
            (
                std::cmp::Reverse(hit.score),
                self.entries[hit.entry].text.len(),
            )
        });
        hits.truncate(limit);
        hits
    }

    fn match_entry(&self, text: &str, words: &[String]) -> Option<(i64, Vec<usize>)> {
        let mut total = 0;
        let mut indices = Vec::new();
        for word in words {
            let (score, found) = self.match_word(text, word)?;
            total += score;
            indices.extend(found);
        }
        indices.sort_unstable();
        indices.dedup();
        Some((total, indices))
    }

    fn match_word(&self, text: &str, word: &str) -> Option<(i64, Vec<usize>)> {
        let (score, indices) = self.match_letters(text, word)?;
        let bonus = if is_whole_word(text, &indices) {
            score * WHOLE_WORD_BONUS_PERCENT / 100
        } else {
            0
        };
        Some((score + bonus, indices))
    }

    fn match_letters(&self, text: &str, word: &str) -> Option<(i64, Vec<usize>)> {
        let letters = word.chars().count() as i64;
        let good_enough = |score: i64, len: i64| score >= len * MIN_SCORE_PER_CHAR;
        if let Some((score, idx)) = self.matcher.fuzzy_indices(text, word)
            && good_enough(score, letters)
        {
            return Some((score, idx));
        }
        if word.chars().count() < MIN_TYPO_WORD {
            return None;
        }
        let chars: Vec<char> = word.chars().collect();
        let mut best: Option<(i64, Vec<usize>)> = None;
        for skip in 0..chars.len() {
            let variant: String = chars
                .iter()
                .enumerate()
                .filter_map(|(i, c)| (i != skip).then_some(*c))
                .collect();
            if let Some((score, idx)) = self.matcher.fuzzy_indices(text, &variant)
                && good_enough(score, letters - 1)
                && best.as_ref().is_none_or(|(b, _)| score > *b)
            {
                best = Some((score, idx));
            }
        }
        best.map(|(score, idx)| (score * TYPO_PENALTY_PERCENT / 100, idx))
    }
}

/// Whether the matched characters are one unbroken run with no letter or digit either side.
fn is_whole_word(text: &str, indices: &[usize]) -> bool {
    let (Some(&first), Some(&last)) = (indices.first(), indices.last()) else {
        return false;
    };
    if last - first + 1 != indices.len() {
        return false;
    }
    let mut chars = text.chars();
    let before = first.checked_sub(1).and_then(|i| text.chars().nth(i));
    let after = chars.nth(last + 1);
    let boundary = |c: Option<char>| c.is_none_or(|c| !c.is_alphanumeric());
    boundary(before) && boundary(after)
}
