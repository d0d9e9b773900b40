//! Marking a written answer against a scenario's rubric, in pure Rust, with no network.
//!
//! For each rubric point, each idea is looked for sentence by sentence: a phrasing matches a
//! sentence when all its content words appear close together there (any order), each word
//! compared by stem, synonym group or, for longer words, as a likely typo. A match preceded
//! by a negation in the same clause does not count, and neither does a sentence that holds a
//! must-not-have word. The sentence that earned the first idea is quoted back to the learner.

pub mod text;

use std::collections::HashMap;

use fuzzy_matcher::FuzzyMatcher;
use fuzzy_matcher::skim::SkimMatcherV2;
use serde::Serialize;

mod rubric;
pub use rubric::RubricPoint;
use text::{CLAUSE_BREAKS, NEGATORS, Sentence, Synonyms, Token, is_stopword, sentences, stem};

/// Answers longer than this are marked on their first this-many characters: no real answer is
/// this long, and marking stays quick whatever is pasted in.
pub const MAX_ANSWER_CHARS: usize = 200_000;

/// How far apart (in words) the words of one phrasing may be, per word of the phrasing.
const WINDOW_PER_WORD: usize = 4;
/// How many words before a match a negation still reaches.
const NEGATION_REACH: usize = 6;

/// The verdict on one rubric point.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PointResult {
    /// The rubric point id (unique in the scenario).
    pub point: String,
    pub marking_point: String,
    pub earned: bool,
    pub marks: u32,
    pub max_mark: u32,
    /// The sentence that earned the point, as written.
    pub quote: Option<String>,
    /// Every sentence that earned an idea, in idea order.
    pub quotes: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MarkResult {
    pub points: Vec<PointResult>,
    pub total: u32,
    pub max_total: u32,
    /// True when only the first `MAX_ANSWER_CHARS` characters were marked.
    pub truncated: bool,
}

/// Marks `answer` against `rubric`.
pub fn mark(rubric: &[RubricPoint], answer: &str) -> MarkResult {
    let (answer, truncated) = match answer.char_indices().nth(MAX_ANSWER_CHARS) {
        Some((cut, _)) => (&answer[..cut], true),
        None => (answer, false),
    };
    let sentences = sentences(answer);
    let mut matcher = Matcher::new();
    let points: Vec<PointResult> = rubric
        .iter()
        .map(|point| matcher.mark_point(point, &sentences))
        .collect();
    MarkResult {
        total: points.iter().map(|p| p.marks).sum(),
        max_total: rubric
            .iter()
            .fold(0u32, |total, p| total.saturating_add(p.max_mark)),
        points,
        truncated,
    }
}

/// A word of a phrasing, ready to compare.
#[derive(Debug, Clone)]
struct Word {
    raw: String,
    canonical: String,
}

struct Matcher {
    fuzzy: SkimMatcherV2,
    /// (phrasing word, answer word) -> do they match as a typo; the same pairs recur a lot.
    typo_cache: HashMap<(String, String), bool>,
}

impl Matcher {
    fn new() -> Self {
        Self {
            fuzzy: SkimMatcherV2::default(),
            typo_cache: HashMap::new(),
        }
    }

    fn mark_point(&mut self, point: &RubricPoint, sentences: &[Sentence]) -> PointResult {
        let mut synonyms = Synonyms::builtin();
        for group in &point.synonyms {
            synonyms.add_group(group.iter().map(String::as_str));
        }
        let canon: Vec<Vec<String>> = sentences
            .iter()
            .map(|s| {
                s.tokens
                    .iter()
                    .map(|t| synonyms.canonical(&t.stem).to_owned())
                    .collect()
            })
            .collect();
        let blocked: Vec<bool> = sentences
            .iter()
            .zip(&canon)
            .map(|(s, c)| {
                point.must_not_have.iter().any(|phrase| {
                    let words = phrase_words(phrase, &synonyms);
                    self.find(&words, &s.tokens, c, true).is_some()
                })
            })
            .collect();

        let mut quotes = Vec::new();
        for idea in &point.ideas {
            let phrasings: Vec<Vec<Word>> =
                idea.iter().map(|p| phrase_words(p, &synonyms)).collect();
            let hit = sentences.iter().enumerate().find(|(i, s)| {
                !blocked[*i]
                    && phrasings
                        .iter()
                        .any(|words| self.find(words, &s.tokens, &canon[*i], true).is_some())
            });
            if let Some((_, sentence)) = hit {
                quotes.push(sentence.text.clone());
            }
        }
        let must_have_ok = point.must_have.iter().all(|term| {
            let words = phrase_words(term, &synonyms);
            sentences
                .iter()
                .zip(&canon)
                .any(|(s, c)| self.find(&words, &s.tokens, c, true).is_some())
        });
        let marks = if must_have_ok {
            (quotes.len() as u32).min(point.max_mark)
        } else {
            0
        };
        PointResult {
            point: point.id.clone(),
            marking_point: point.marking_point.clone(),
            earned: marks > 0,
            marks,
            max_mark: point.max_mark,
            quote: if marks > 0 {
                quotes.first().cloned()
            } else {
                None
            },
            quotes: if marks > 0 { quotes } else { Vec::new() },
        }
    }

    /// Where in the sentence the phrasing's words all appear close together; with
    /// `respect_negation`, a match that a negation reaches is passed over.
    fn find(
        &mut self,
        words: &[Word],
        tokens: &[Token],
        canon: &[String],
        respect_negation: bool,
    ) -> Option<(usize, usize)> {
        let first = words.first()?;
        let window = WINDOW_PER_WORD * words.len();
        let phrase_negated = words.iter().any(|w| NEGATORS.contains(&w.raw.as_str()));
        for (anchor, _) in tokens.iter().enumerate() {
            if !self.word_matches(first, &tokens[anchor], &canon[anchor]) {
                continue;
            }
            let lo = anchor.saturating_sub(window);
            let hi = (anchor + window + 1).min(tokens.len());
            let mut span = (anchor, anchor);
            // Each word of the phrasing needs a word of its own: "agree" and "contract" share a
            // synonym group, and one "contract" must not stand for both.
            let mut used = vec![anchor];
            // A phrasing that holds a negation keeps its word order: "not report" must not
            // match "report it, not ...".
            let all = words[1..].iter().all(|w| {
                let from = if phrase_negated {
                    used.last().map_or(lo, |&last| last + 1)
                } else {
                    lo
                };
                let found = (from..hi)
                    .find(|&j| !used.contains(&j) && self.word_matches(w, &tokens[j], &canon[j]));
                if let Some(j) = found {
                    used.push(j);
                    span = (span.0.min(j), span.1.max(j));
                }
                found.is_some()
            });
            if !all {
                continue;
            }
            if respect_negation && !phrase_negated && negated(tokens, span) {
                continue;
            }
            return Some(span);
        }
        None
    }

    fn word_matches(&mut self, word: &Word, token: &Token, canon: &str) -> bool {
        // A negation only ever matches itself.
        let negator = |w: &str| NEGATORS.contains(&w);
        if negator(&token.raw) || negator(&word.raw) {
            return token.raw == word.raw;
        }
        if word.canonical == canon || word.raw == token.raw {
            return true;
        }
        self.typo(&word.raw, &token.raw)
    }

    /// Whether `written` is a likely misspelling of `expected`. Only longer words qualify:
    /// short words are too easily confused ("not" and "now").
    fn typo(&mut self, expected: &str, written: &str) -> bool {
        let (e, w) = (expected.chars().count(), written.chars().count());
        if e < 5 || w < 5 || e.abs_diff(w) > 2 {
            return false;
        }
        if expected.chars().next() != written.chars().next() {
            return false;
        }
        let key = (expected.to_owned(), written.to_owned());
        if let Some(&known) = self.typo_cache.get(&key) {
            return known;
        }
        let allowed = if e >= 9 { 2 } else { 1 };
        // A dropped or doubled letter keeps one word a subsequence of the other, which the
        // fuzzy matcher finds; swapped or wrong letters are counted as edits.
        let subsequence = e.abs_diff(w) <= allowed
            && (self.fuzzy.fuzzy_match(expected, written).is_some()
                || self.fuzzy.fuzzy_match(written, expected).is_some());
        let result = subsequence || strsim::damerau_levenshtein(expected, written) <= allowed;
        self.typo_cache.insert(key, result);
        result
    }
}

/// Whether a phrasing has any word the marker can match (not only little words like "the").
pub fn has_content_words(phrase: &str) -> bool {
    !phrase_words(phrase, &Synonyms::default()).is_empty()
}

/// The words of a phrasing that carry meaning (negations kept), compared by canonical stem.
fn phrase_words(phrase: &str, synonyms: &Synonyms) -> Vec<Word> {
    text::tokens(phrase)
        .into_iter()
        .filter(|t| !is_stopword(&t.raw))
        .map(|t| Word {
            canonical: synonyms.canonical(&stem(&t.raw)).to_owned(),
            raw: t.raw,
        })
        .collect()
}

/// Whether a negation word sits shortly before (or inside) the matched span, within the same
/// clause.
fn negated(tokens: &[Token], (start, end): (usize, usize)) -> bool {
    if tokens[start..=end]
        .iter()
        .any(|t| NEGATORS.contains(&t.raw.as_str()) && t.raw != "not")
        || tokens[start..=end]
            .windows(2)
            .any(|w| w[0].raw == "not" && w[1].raw != "only")
    {
        return true;
    }
    let from = start.saturating_sub(NEGATION_REACH);
    for i in (from..start).rev() {
        let raw = tokens[i].raw.as_str();
        if CLAUSE_BREAKS.contains(&raw) {
            return false;
        }
        // "not only ... but also" affirms.
        let not_only = raw == "not" && tokens.get(i + 1).is_some_and(|t| t.raw == "only");
        if NEGATORS.contains(&raw) && !not_only {
            return true;
        }
    }
    false
}

#[cfg(test)]
mod tests;
