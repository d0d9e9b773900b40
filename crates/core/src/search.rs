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
    /// Each entry's words in order: (index into `vocab`, position of the word's first character
    /// in the entry's text, in characters).
    words: Vec<Vec<(u32, u32)>>,
    matcher: SkimMatcherV2,
}

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
        let words = entries
            .iter()
            .map(|entry| {
                words_of(&entry.text)
                    .into_iter()
                    .map(|(word, start)| {
                        let id = *ids.entry(word).or_insert_with_key(|w| {
                            vocab.push(w.clone());
                            (vocab.len() - 1) as u32
                        });
                        (id, start as u32)
                    })
                    .collect()
            })
            .collect();
        let vocab_chars: Vec<Vec<char>> = vocab.iter().map(|w| w.chars().collect()).collect();
        Self {
            vocab_masks: vocab_chars.iter().map(|c| mask_of(c)).collect(),
            vocab_chars,
            vocab,
            words,
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
        // (entry, score, for each query word the position in the entry's words it matched)
        let mut scored: Vec<(usize, i64, Vec<usize>)> = Vec::new();
        'entries: for (i, words) in self.words.iter().enumerate() {
            let mut total = 0;
            let mut chosen = Vec::with_capacity(query.len());
            for per_word in &matches {
                let best = words
                    .iter()
                    .enumerate()
                    .filter_map(|(k, &(id, _))| per_word[id as usize].map(|m| (m.score, k)))
                    // The first of equal matches, so the highlight is where the reader starts.
                    .max_by_key(|&(score, k)| (score, std::cmp::Reverse(k)));
                let Some((score, k)) = best else {
                    continue 'entries;
                };
                total += score;
                chosen.push(k);
            }
            scored.push((i, total, chosen));
        }
        // Among equal scores the shorter text is the more specific match; the sort is stable, so
        // page order breaks the remaining ties.
        scored
            .sort_by_key(|(i, score, _)| (std::cmp::Reverse(*score), self.entries[*i].text.len()));
        scored.truncate(limit);
        scored
            .into_iter()
            .map(|(i, score, chosen)| Hit {
                entry: i,
                score,
                indices: self.highlight(i, &query, &matches, &chosen),
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
        for ((word, per_word), &k) in query.iter().zip(matches).zip(chosen) {
            let (id, start) = self.words[i][k];
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
