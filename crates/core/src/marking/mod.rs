//! Marking a written answer against a scenario's rubric, in pure Rust, with no network.
//!
//! The marker credits claims, not words. For each rubric point, each idea is looked for
//! sentence by sentence: a phrasing matches a sentence when all its content words appear close
//! together there (any order), each word compared by stem, synonym group or, for longer words,
//! as a likely typo. A match does not count when
//! - the clause that holds it is negated, before or after the match ("I wouldn't ask Bilal or
//!   anyone else for feedback", "records aren't needed"), or puts it aside ("rather than",
//!   "instead of", "only at the end"); a negation in a clause that leads the sentence ("when it
//!   isn't working I'll change my approach") or after "and" ("... and never assume") does not
//!   reach the match;
//! - a verdict says it is bad ("writing notes would breach his confidentiality") or a later
//!   clause refuses it ("so I would not need it");
//! - the sentence makes no claim: a bare term or a list of terms, unless the point says that
//!   naming is enough (`naming: true`);
//! - the sentence says it of someone else: a point `about` mentors is not earned by "coaching
//!   is directive";
//! - the sentence holds a must-not-have phrase.
//!
//! The sentence that earned the first idea is quoted back to the learner. Written questions
//! carry calibration examples; [`check_examples`] marks them and lists every disagreement.

pub mod text;

use std::collections::HashMap;

use fuzzy_matcher::FuzzyMatcher;
use fuzzy_matcher::skim::SkimMatcherV2;
use serde::Serialize;

mod rubric;
pub use rubric::{Example, RubricPoint};
use text::{
    AFTER_NEGATORS, BREAK, CLAUSE_BREAKS, FORWARD_BREAKS, NEGATORS, Sentence, Synonyms, Token,
    is_claim, is_role, is_stopword, sentences, stem,
};

/// Answers longer than this are marked on their first this-many characters: no real answer is
/// this long, and marking stays quick whatever is pasted in.
pub const MAX_ANSWER_CHARS: usize = 200_000;

/// How far apart (in words) the words of one phrasing may be, per word of the phrasing.
const WINDOW_PER_WORD: usize = 4;
/// How many words before a match a negation still reaches, within its clause.
const NEGATION_REACH: usize = 10;
/// In a phrasing that holds a negation, how many words (other than little words and commas)
/// may stand between one word and the next.
const NEGATED_GAP: usize = 1;
/// How many words after a match a denial still reaches, within its clause.
const DENIAL_REACH: usize = 6;

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

/// One point on which the marker and a calibration example disagree.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ExampleDisagreement {
    /// 1-based, in the order the examples are written.
    pub example: usize,
    pub point: String,
    /// None when the example names a point the rubric does not have.
    pub expected: u32,
    pub given: Option<u32>,
    /// The sentence that earned the point, or the start of the answer when none did.
    pub quote: String,
}

/// Marks each example against `rubric` and lists every point where the marks differ from the
/// example's (points an example does not list are not checked).
pub fn check_examples(rubric: &[RubricPoint], examples: &[Example]) -> Vec<ExampleDisagreement> {
    let mut out = Vec::new();
    for (n, example) in examples.iter().enumerate() {
        let result = mark(rubric, &example.answer);
        for (point, &expected) in &example.marks {
            let found = result.points.iter().find(|p| &p.point == point);
            let given = found.map(|p| p.marks);
            if given == Some(expected) {
                continue;
            }
            let quote = found
                .and_then(|p| p.quote.clone())
                .unwrap_or_else(|| short(&example.answer));
            out.push(ExampleDisagreement {
                example: n + 1,
                point: point.clone(),
                expected,
                given,
                quote,
            });
        }
    }
    out
}

fn short(text: &str) -> String {
    let mut s: String = text.chars().take(60).collect();
    if text.chars().count() > 60 {
        s.push('…');
    }
    s
}

/// A word of a phrasing, ready to compare.
#[derive(Debug, Clone)]
struct Word {
    raw: String,
    canonical: String,
}

/// A phrasing ready to match: its words, and the subjects it must be said of (empty: any).
struct Phrasing {
    words: Vec<Word>,
    about: Vec<String>,
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
        let synonyms = if point.synonyms.is_empty() {
            std::borrow::Cow::Borrowed(Synonyms::builtin())
        } else {
            let mut s = Synonyms::builtin().clone();
            for group in &point.synonyms {
                s.add_group(group.iter().map(String::as_str));
            }
            std::borrow::Cow::Owned(s)
        };
        let synonyms: &Synonyms = &synonyms;
        let canon: Vec<Vec<String>> = sentences
            .iter()
            .map(|s| {
                s.tokens
                    .iter()
                    .map(|t| synonyms.canonical(&t.stem).to_owned())
                    .collect()
            })
            .collect();
        let must_not_have: Vec<Vec<Word>> = point
            .must_not_have
            .iter()
            .map(|phrase| phrase_words(phrase, synonyms))
            .collect();
        let usable: Vec<bool> = sentences
            .iter()
            .zip(&canon)
            .map(|(s, c)| {
                (point.naming || is_claim(&s.tokens))
                    && !must_not_have
                        .iter()
                        .any(|words| self.find(words, &s.tokens, c, true).is_some())
            })
            .collect();
        let point_about: Vec<String> = point
            .about
            .iter()
            .map(|w| stem(&w.to_lowercase()))
            .collect();

        let mut quotes = Vec::new();
        for idea in &point.ideas {
            let phrasings: Vec<Phrasing> = idea
                .iter()
                .map(|p| phrasing(p, synonyms, &point_about))
                .collect();
            let hit = sentences.iter().enumerate().find(|(i, s)| {
                usable[*i]
                    && phrasings.iter().any(|p| {
                        self.find_all(&p.words, &s.tokens, &canon[*i])
                            .into_iter()
                            .any(|span| said_of(&p.about, &p.words, &s.tokens, span))
                    })
            });
            if let Some((_, sentence)) = hit {
                quotes.push(sentence.text.clone());
            }
        }
        let must_have_ok = point.must_have.iter().all(|term| {
            let words = phrase_words(term, synonyms);
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

    /// Every span where the phrasing matches, not negated (one per anchor word).
    fn find_all(
        &mut self,
        words: &[Word],
        tokens: &[Token],
        canon: &[String],
    ) -> Vec<(usize, usize)> {
        let mut out = Vec::new();
        let mut from = 0;
        while from < tokens.len() {
            match self.find_from(words, tokens, canon, true, from) {
                Some((anchor, span)) => {
                    out.push(span);
                    from = anchor + 1;
                }
                None => break,
            }
        }
        out
    }

    fn find(
        &mut self,
        words: &[Word],
        tokens: &[Token],
        canon: &[String],
        respect_negation: bool,
    ) -> Option<(usize, usize)> {
        self.find_from(words, tokens, canon, respect_negation, 0)
            .map(|(_, span)| span)
    }

    /// Where in the sentence the phrasing's words all appear close together; with
    /// `respect_negation`, a match that a negation reaches is passed over.
    fn find_from(
        &mut self,
        words: &[Word],
        tokens: &[Token],
        canon: &[String],
        respect_negation: bool,
        start: usize,
    ) -> Option<(usize, (usize, usize))> {
        let first = words.first()?;
        let window = WINDOW_PER_WORD * words.len();
        let phrase_negated = words.iter().any(|w| NEGATORS.contains(&w.raw.as_str()));
        for anchor in start..tokens.len() {
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
                let found = if phrase_negated {
                    // ... and keeps close to it: "not trust" is not "do not think trust". Little
                    // words and commas do not count: "counselling, which is not my role".
                    let from = used.last().map_or(lo, |&last| last + 1);
                    let mut skipped = 0;
                    (from..hi).find(|&j| {
                        if skipped > NEGATED_GAP {
                            return false;
                        }
                        let hit = self.word_matches(w, &tokens[j], &canon[j]);
                        if !hit && tokens[j].raw != BREAK && !is_stopword(&tokens[j].raw) {
                            skipped += 1;
                        }
                        hit
                    })
                } else {
                    (lo..hi).find(|&j| {
                        !used.contains(&j) && self.word_matches(w, &tokens[j], &canon[j])
                    })
                };
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
            return Some((anchor, span));
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
            canonical: synonyms.canonical(&t.stem).to_owned(),
            raw: t.raw,
        })
        .collect()
}

/// A phrasing of a rubric: `"coaching/coach: short term"` says what it must be said of.
fn phrasing(text: &str, synonyms: &Synonyms, default_about: &[String]) -> Phrasing {
    match text.split_once(':') {
        Some((subject, rest)) => Phrasing {
            words: phrase_words(rest, synonyms),
            about: subject
                .split('/')
                .map(|w| stem(&w.trim().to_lowercase()))
                .filter(|w| !w.is_empty())
                .collect(),
        },
        None => Phrasing {
            words: phrase_words(text, synonyms),
            about: default_about.to_vec(),
        },
    }
}

/// Whether the match is said of one of `about`: the nearest role word before it in the sentence
/// (or in it, when the phrasing names none) must be one of them. A sentence that names no role
/// before the match gets the benefit of the doubt, unless the phrasing is a single word.
fn said_of(
    about: &[String],
    words: &[Word],
    tokens: &[Token],
    (start, end): (usize, usize),
) -> bool {
    if about.is_empty() {
        return true;
    }
    let is_subject = |t: &Token| is_role(&t.stem) || about.contains(&t.stem);
    let phrasing_names_role = words.iter().any(|w| is_role(&stem(&w.raw)));
    let upto = if phrasing_names_role { start } else { end + 1 };
    match tokens[..upto].iter().rev().find(|t| is_subject(t)) {
        // A one-word phrasing ("counselling: feelings") is too slight to give the benefit of the
        // doubt: the sentence must name its subject.
        None => words.len() > 1,
        Some(t) => about
            .iter()
            .any(|a| *a == t.stem || (is_role(a) && role_family(a) == role_family(&t.stem))),
    }
}

/// Whether the negation at `neg` sits in a subordinate clause that leads the sentence, and the
/// match is in the main clause after it: "when something isn't working I'll change my
/// approach". The main clause is known by its subject after the negation.
fn in_leading_subordinate(tokens: &[Token], neg: usize, start: usize) -> bool {
    const SUBORDINATORS: &[&str] = &[
        "when", "whenever", "if", "once", "because", "since", "unless", "until", "after", "before",
        "while", "as",
    ];
    let raw = |i: usize| tokens.get(i).map_or("", |t| t.raw.as_str());
    let subject_after =
        (neg + 2..start).any(|k| matches!(raw(k), "i" | "we" | "you" | "he" | "she" | "they"));
    let led = (neg.saturating_sub(NEGATION_REACH)..neg)
        .rev()
        .take_while(|&k| raw(k) != BREAK)
        .any(|k| SUBORDINATORS.contains(&raw(k)));
    subject_after && led
}

/// Verbs after which a verdict on the subject follows ("would", "is").
const VERDICT_VERBS: &[&str] = &[
    "would", "will", "could", "can", "might", "is", "are", "was", "were",
];

/// Words that, as the verdict on something, say it is bad or wrong (after "would", "is"...).
const AGAINST: &[&str] = &[
    "breach",
    "breaches",
    "harm",
    "harms",
    "harmful",
    "damage",
    "damages",
    "damaging",
    "undermine",
    "undermines",
    "waste",
    "gossip",
    "less",
    "worse",
    "wrong",
    "unfair",
    "unreliable",
    "intrusive",
    "patronising",
    "patronizing",
    "counterproductive",
];

/// Whether the words from `at` are a verdict against what came before: fillers ("just be a",
/// "make it") then a word of [`AGAINST`].
fn verdict_against(tokens: &[Token], at: usize) -> bool {
    const FILLERS: &[&str] = &[
        "just", "only", "really", "simply", "be", "a", "an", "make", "makes", "it", "them", "too",
        "much", "more", "also",
    ];
    tokens[at.min(tokens.len())..]
        .iter()
        .take(4)
        .find(|t| !FILLERS.contains(&t.raw.as_str()))
        .is_some_and(|t| AGAINST.contains(&t.raw.as_str()))
}

/// Whether the words at `i` refuse "it": "not need it", "never use them", "no need for it".
fn refuses_it(tokens: &[Token], i: usize) -> bool {
    let raw = |i: usize| tokens.get(i).map_or("", |t| t.raw.as_str());
    let pronoun = |w: &str| matches!(w, "it" | "them" | "this" | "that" | "one");
    let verb = |w: &str| matches!(w, "need" | "bother" | "use" | "do" | "want" | "require");
    match raw(i) {
        "not" | "never" => (i + 1..=i + 2).any(|j| verb(raw(j)) && pronoun(raw(j + 1))),
        "no" => raw(i + 1) == "need" && raw(i + 2) == "for" && pronoun(raw(i + 3)),
        _ => false,
    }
}

/// "mentor" and "mentoring", "coach" and "coaching" are one role.
fn role_family(stem: &str) -> &str {
    ["mentor", "coach", "counsel"]
        .into_iter()
        .find(|f| stem.starts_with(f))
        .unwrap_or(stem)
}

/// Whether the clause holding the matched span denies it: a negation inside the span, before
/// it in the clause ("I wouldn't ask Bilal or anyone else for feedback"), a contrast before it
/// ("rather than", "instead of"), a denial after it ("evidence isn't really needed"), or the
/// clause putting it at the end only ("only at the end").
fn negated(tokens: &[Token], (start, end): (usize, usize)) -> bool {
    let raw = |i: usize| tokens.get(i).map_or("", |t| t.raw.as_str());
    if tokens[start..=end]
        .iter()
        .any(|t| NEGATORS.contains(&t.raw.as_str()) && t.raw != "not")
        || (start..end).any(|i| raw(i) == "not" && raw(i + 1) != "only")
    {
        return true;
    }
    // Looking back to the start of the clause.
    let from = start.saturating_sub(NEGATION_REACH);
    let mut clause_start = 0;
    for i in (from..start).rev() {
        let w = raw(i);
        // "rather than X", "instead of X", "as opposed to X" put X aside.
        if (w == "than" && i > 0 && raw(i - 1) == "rather")
            || (w == "of" && i > 0 && raw(i - 1) == "instead")
            || (w == "to" && i > 0 && raw(i - 1) == "opposed")
        {
            return true;
        }
        if CLAUSE_BREAKS.contains(&w) {
            clause_start = i + 1;
            break;
        }
        // "not only ... but also" affirms.
        let not_only = w == "not" && raw(i + 1) == "only";
        if NEGATORS.contains(&w) && !not_only && !in_leading_subordinate(tokens, i, start) {
            return true;
        }
        if i == from {
            clause_start = from;
        }
    }
    // Looking forward to the end of the clause.
    let mut clause_end = tokens.len();
    for i in end + 1..tokens.len() {
        let w = raw(i);
        let pronoun = matches!(raw(i + 1), "i" | "we" | "you" | "he" | "she" | "they");
        // "and never ...", "or not ...": what follows is a predicate of its own.
        let negated_next = NEGATORS.contains(&raw(i + 1));
        if FORWARD_BREAKS.contains(&w) || (matches!(w, "and" | "or") && (pronoun || negated_next)) {
            clause_end = i;
            break;
        }
        if i <= end + DENIAL_REACH && AFTER_NEGATORS.contains(&w) && raw(i + 1) != "only" {
            return true;
        }
        // "no need", "no point", "not needed".
        if i <= end + DENIAL_REACH && w == "no" && matches!(raw(i + 1), "need" | "point" | "use") {
            return true;
        }
        // The match as the subject of a verdict against it: "writing notes would breach his
        // confidentiality", "asking staff would just be gossip".
        if i <= end + DENIAL_REACH && VERDICT_VERBS.contains(&w) && verdict_against(tokens, i + 1) {
            return true;
        }
    }
    // A later clause that refuses it: "..., so I would not need it".
    if (end + 1..tokens.len()).any(|i| refuses_it(tokens, i)) {
        return true;
    }
    // "only at the end", "just one at the end", "once it is finished".
    (clause_start..clause_end).any(|i| {
        matches!(raw(i), "only" | "just" | "once")
            && (i + 1..(i + 5).min(clause_end))
                .any(|j| matches!(raw(j), "end" | "finished" | "over" | "finish"))
    })
}

#[cfg(test)]
mod tests;
