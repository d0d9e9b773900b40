//! Fuzzy search over every text of every loaded unit.
//!
//! Texts are matched word by word: each word of the query must match a word of the item
//! (fuzzy-matcher's skim algorithm, so letters may be skipped: "conf" finds "confidentiality").
//! A word that does not match as typed is tried again with each one of its letters left out,
//! which forgives one wrong, extra or swapped letter ("confidentialty", "confidantiality").
//!
//! Matching words rather than whole texts is what keeps a keystroke fast on a large pack: each
//! distinct word of the pack is matched once per query, then every item just adds up the
//! scores of its words.

use std::collections::HashMap;

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
    /// Every distinct word of the entries, folded to lower case.
    vocab: Vec<String>,
    vocab_chars: Vec<Vec<char>>,
    vocab_masks: Vec<u64>,
    /// Every entry's words in order, one entry after another (entry `i`'s are
    /// `word_ids[word_spans[i]..word_spans[i + 1]]`): the index into `vocab` of each, and the
    /// position of its first character in the entry's text, in characters. Kept flat, so that a
    /// keystroke reads one array from end to end rather than a small array per entry.
    word_ids: Vec<u32>,
    word_starts: Vec<u32>,
    word_spans: Vec<u32>,
    /// Each entry's text length in bytes, the tie-break among equal scores.
    text_lens: Vec<u32>,
    matcher: SkimMatcherV2,
}

/// A query word's score against a pack word that it does not match.
const NO_MATCH: i64 = i64::MIN;

/// One word of the query, with the forms it may match in.
struct QueryWord {
    chars: Vec<char>,
    mask: u64,
    /// The word as typed, then (for long words) the word with each letter left out in turn.
    forms: Vec<String>,
}

impl QueryWord {
    fn new(word: &str) -> QueryWord {
        let chars: Vec<char> = word.chars().map(fold).collect();
        let mut forms = vec![chars.iter().collect::<String>()];
        if chars.len() >= MIN_TYPO_WORD {
            forms.extend((0..chars.len()).map(|skip| {
                chars
                    .iter()
                    .enumerate()
                    .filter_map(|(i, c)| (i != skip).then_some(*c))
                    .collect::<String>()
            }));
        }
        QueryWord {
            mask: mask_of(&chars),
            chars,
            forms,
        }
    }

    fn typo_forms(&self) -> bool {
        self.forms.len() > 1
    }
}

/// The case folding used by the cheap checks: it treats as equal at least the characters the
/// fuzzy matcher treats as equal (it ignores ASCII case), so a check never rules out a match.
fn fold(c: char) -> char {
    if c.is_ascii() {
        c.to_ascii_lowercase()
    } else {
        c.to_lowercase().next().unwrap_or(c)
    }
}

/// A bit per letter and digit; other characters share the remaining bits.
fn char_bit(c: char) -> u64 {
    let bit = match c {
        'a'..='z' => c as u32 - 'a' as u32,
        '0'..='9' => 26 + c as u32 - '0' as u32,
        _ => 36 + c as u32 % 28,
    };
    1 << bit
}

fn mask_of(chars: &[char]) -> u64 {
    chars.iter().fold(0, |m, &c| m | char_bit(c))
}

/// Which forms of `word` occur in `text` as a subsequence, as form indices, without running
/// the matcher: greedy matching from the left and from the right tells, for each letter, whether
/// the word without it fits (`fwd[k] <= bwd[k + 1]`).
fn possible_forms(text: &[char], text_mask: u64, word: &QueryWord, out: &mut Vec<usize>) {
    out.clear();
    let missing = word.mask & !text_mask;
    if missing.count_ones() > usize::from(word.typo_forms()) as u32 {
        return;
    }
    let n = word.chars.len();
    let mut fwd = Vec::with_capacity(n + 1);
    fwd.push(0usize);
    let mut at = 0;
    for &c in &word.chars {
        match text[at..].iter().position(|&t| t == c) {
            Some(p) => {
                at += p + 1;
                fwd.push(at);
            }
            None => break,
        }
    }
    if fwd.len() == n + 1 {
        out.push(0);
    }
    if !word.typo_forms() {
        return;
    }
    let mut bwd = vec![usize::MAX; n + 1];
    bwd[n] = text.len();
    let mut end = text.len();
    for k in (0..n).rev() {
        match text[..end].iter().rposition(|&t| t == word.chars[k]) {
            Some(p) => {
                end = p;
                bwd[k] = p;
            }
            None => break,
        }
    }
    for k in 0..n {
        if k < fwd.len() && bwd[k + 1] != usize::MAX && fwd[k] <= bwd[k + 1] {
            out.push(k + 1);
        }
    }
}

/// The words of `text`: runs of letters and digits, folded, with the character position of each.
fn words_of(text: &str) -> Vec<(String, usize)> {
    let mut out = Vec::new();
    let mut current = String::new();
    let mut start = 0;
    for (i, c) in text.chars().enumerate() {
        if c.is_alphanumeric() {
            if current.is_empty() {
                start = i;
            }
            current.push(fold(c));
        } else if !current.is_empty() {
            out.push((std::mem::take(&mut current), start));
        }
    }
    if !current.is_empty() {
        out.push((current, start));
    }
    out
}

/// How one query word matched one word of the pack.
#[derive(Debug, Clone, Copy)]
struct WordMatch {
    score: i64,
    /// Which of the query word's forms matched.
    form: usize,
}

impl SearchIndex {
    pub fn build(pack: &Pack) -> Self {
        let entries: Vec<Entry> = pack
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
        let mut ids: HashMap<String, u32> = HashMap::new();
        let mut vocab = Vec::new();
        let (mut word_ids, mut word_starts, mut word_spans) = (Vec::new(), Vec::new(), vec![0]);
        for entry in &entries {
            for (word, start) in words_of(&entry.text) {
                let id = *ids.entry(word).or_insert_with_key(|w| {
                    vocab.push(w.clone());
                    (vocab.len() - 1) as u32
                });
                word_ids.push(id);
                word_starts.push(start as u32);
            }
            word_spans.push(word_ids.len() as u32);
        }
        let vocab_chars: Vec<Vec<char>> = vocab.iter().map(|w| w.chars().collect()).collect();
        Self {
            vocab_masks: vocab_chars.iter().map(|c| mask_of(c)).collect(),
            vocab_chars,
            vocab,
            word_ids,
            word_starts,
            word_spans,
            text_lens: entries.iter().map(|e| e.text.len() as u32).collect(),
            entries,
            matcher: SkimMatcherV2::default().ignore_case(),
        }
    }

    /// Entry `i`'s words, as indices into `vocab`.
    fn words(&self, i: usize) -> &[u32] {
        &self.word_ids[self.word_spans[i] as usize..self.word_spans[i + 1] as usize]
    }

    /// The best match of each query word among entry `i`'s words, as positions in its words:
    /// the first of equal matches, so the highlight is where the reader starts.
    fn chosen(&self, i: usize, scores: &[Vec<i64>]) -> Vec<usize> {
        let words = self.words(i);
        scores
            .iter()
            .map(|per_word| {
                words
                    .iter()
                    .enumerate()
                    .map(|(k, &id)| (per_word[id as usize], std::cmp::Reverse(k)))
                    .max()
                    .map_or(0, |(_, std::cmp::Reverse(k))| k)
            })
            .collect()
    }

    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    pub fn entry(&self, hit: &Hit) -> &Entry {
        &self.entries[hit.entry]
    }

    /// The best `limit` items for `query`, best first. An empty query finds nothing.
    pub fn search(&self, query: &str, limit: usize) -> Vec<Hit> {
        let query: Vec<QueryWord> = words_of(query)
            .into_iter()
            .map(|(word, _)| QueryWord::new(&word))
            .collect();
        if query.is_empty() {
            return Vec::new();
        }
        // Each query word against each distinct word of the pack, once.
        let matches: Vec<Vec<Option<WordMatch>>> =
            query.iter().map(|word| self.match_vocab(word)).collect();
        let scores: Vec<Vec<i64>> = matches
            .iter()
            .map(|m| m.iter().map(|w| w.map_or(NO_MATCH, |w| w.score)).collect())
            .collect();
        // Every entry where each query word matches, with its total: (-score, text length,
        // entry), so that the order is best first, then the shorter text (the more specific
        // match), then page order.
        let mut scored: Vec<(i64, u32, usize)> = Vec::new();
        'entries: for i in 0..self.entries.len() {
            let words = self.words(i);
            let mut total = 0;
            for per_word in &scores {
                let best = words
                    .iter()
                    .map(|&id| per_word[id as usize])
                    .max()
                    .unwrap_or(NO_MATCH);
                if best == NO_MATCH {
                    continue 'entries;
                }
                total += best;
            }
            scored.push((-total, self.text_lens[i], i));
        }
        // A short query matches most of the pack: only the best `limit` are put in order.
        if scored.len() > limit {
            if limit == 0 {
                return Vec::new();
            }
            scored.select_nth_unstable(limit - 1);
            scored.truncate(limit);
        }
        scored.sort_unstable();
        scored
            .into_iter()
            .map(|(score, _, i)| Hit {
                entry: i,
                score: -score,
                indices: self.highlight(i, &query, &matches, &self.chosen(i, &scores)),
            })
            .collect()
    }

    /// The character positions in entry `i` of the letters each query word matched.
    fn highlight(
        &self,
        i: usize,
        query: &[QueryWord],
        matches: &[Vec<Option<WordMatch>>],
        chosen: &[usize],
    ) -> Vec<usize> {
        let mut indices = Vec::new();
        let span = self.word_spans[i] as usize;
        for ((word, per_word), &k) in query.iter().zip(matches).zip(chosen) {
            let (id, start) = (self.word_ids[span + k], self.word_starts[span + k]);
            let Some(m) = per_word[id as usize] else {
                continue;
            };
            if let Some((_, found)) = self
                .matcher
                .fuzzy_indices(&self.vocab[id as usize], &word.forms[m.form])
            {
                indices.extend(found.into_iter().map(|f| start as usize + f));
            }
        }
        indices.sort_unstable();
        indices.dedup();
        indices
    }

    /// For each word of the pack, how `word` matches it, if it does: as typed if that scores
    /// well enough, else its best form with a letter left out, at a penalty. Matching the
    /// whole word (not only part of it) earns a bonus.
    fn match_vocab(&self, word: &QueryWord) -> Vec<Option<WordMatch>> {
        let letters = word.chars.len() as i64;
        let good_enough = |score: i64, len: i64| score >= len * MIN_SCORE_PER_CHAR;
        let mut possible = Vec::new();
        (0..self.vocab.len())
            .map(|v| {
                possible_forms(
                    &self.vocab_chars[v],
                    self.vocab_masks[v],
                    word,
                    &mut possible,
                );
                let text = &self.vocab[v];
                let with_bonus = |score: i64, form: usize| {
                    if word.forms[form] == *text {
                        score + score * WHOLE_WORD_BONUS_PERCENT / 100
                    } else {
                        score
                    }
                };
                if possible.first() == Some(&0)
                    && let Some(score) = self.matcher.fuzzy_match(text, &word.forms[0])
                    && good_enough(score, letters)
                {
                    return Some(WordMatch {
                        score: with_bonus(score, 0),
                        form: 0,
                    });
                }
                let mut best: Option<WordMatch> = None;
                for &form in possible.iter().filter(|&&f| f > 0) {
                    if let Some(score) = self.matcher.fuzzy_match(text, &word.forms[form])
                        && good_enough(score, letters - 1)
                    {
                        let score = with_bonus(score, form) * TYPO_PENALTY_PERCENT / 100;
                        if best.is_none_or(|b| score > b.score) {
                            best = Some(WordMatch { score, form });
                        }
                    }
                }
                best
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// The cheap checks never rule out a form the fuzzy matcher would match.
        #[test]
        fn the_cheap_checks_never_hide_a_match(
            text in "[a-zA-Zé ,.'-]{0,80}",
            word in "[a-zé]{1,9}",
        ) {
            let matcher = SkimMatcherV2::default().ignore_case();
            let folded: Vec<char> = text.chars().map(fold).collect();
            let query = QueryWord::new(&word);
            let mut possible = Vec::new();
            possible_forms(&folded, mask_of(&folded), &query, &mut possible);
            for (form, pattern) in query.forms.iter().enumerate() {
                if matcher.fuzzy_match(&text, pattern).is_some() {
                    prop_assert!(
                        possible.contains(&form),
                        "form {form} ({pattern:?}) matches {text:?} but was ruled out"
                    );
                }
            }
        }
    }
}

#[cfg(test)]
mod ranking_tests {
    use super::*;
    use crate::content::load_builtin;

    /// The ranking as it was before short queries were made fast (issue 17): every entry
    /// scored, a stable sort of them all by score then text length, then the first `limit`.
    fn every_entry_ranked(index: &SearchIndex, query: &str, limit: usize) -> Vec<Hit> {
        let query: Vec<QueryWord> = words_of(query)
            .into_iter()
            .map(|(word, _)| QueryWord::new(&word))
            .collect();
        if query.is_empty() {
            return Vec::new();
        }
        let matches: Vec<Vec<Option<WordMatch>>> =
            query.iter().map(|word| index.match_vocab(word)).collect();
        let mut scored: Vec<(usize, i64, Vec<usize>)> = Vec::new();
        'entries: for i in 0..index.entries.len() {
            let words = index.words(i);
            let mut total = 0;
            let mut chosen = Vec::new();
            for per_word in &matches {
                let best = words
                    .iter()
                    .enumerate()
                    .filter_map(|(k, &id)| per_word[id as usize].map(|m| (m.score, k)))
                    .max_by_key(|&(score, k)| (score, std::cmp::Reverse(k)));
                let Some((score, k)) = best else {
                    continue 'entries;
                };
                total += score;
                chosen.push(k);
            }
            scored.push((i, total, chosen));
        }
        scored
            .sort_by_key(|(i, score, _)| (std::cmp::Reverse(*score), index.entries[*i].text.len()));
        scored.truncate(limit);
        scored
            .into_iter()
            .map(|(i, score, chosen)| Hit {
                entry: i,
                score,
                indices: index.highlight(i, &query, &matches, &chosen),
            })
            .collect()
    }

    #[test]
    fn short_queries_rank_as_a_sort_of_every_match_would() {
        let index = SearchIndex::build(&load_builtin().pack);
        for query in [
            "c",
            "e",
            "z",
            "co",
            "th",
            "conf",
            "confid",
            "confidentaility",
            "grow model",
            "reflective practise",
            "c o",
            "",
        ] {
            for limit in [0, 1, 7, 50, 100_000] {
                let hits = index.search(query, limit);
                assert_eq!(
                    hits,
                    every_entry_ranked(&index, query, limit),
                    "{query:?}, limit {limit}"
                );
                if limit == 50 && query.len() == 1 && query != "z" {
                    assert_eq!(hits.len(), 50, "{query:?} matches plenty of the pack");
                }
            }
        }
    }
}
