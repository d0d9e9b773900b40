//! Specific and Measurable, judged on the words outside the dates: what the learner will do,
//! and whether anyone could count or check it.

use super::lexicon::{Lexicon, kind};
use super::text::{Token, is_number_word};
use super::{Letter, Verdict, fail, pass};

/// Words that stand between clauses or before a verb: the word after one may be the action.
const BEFORE_ACTION: &[&str] = &[
    "and", "then", "or", "but", "will", "shall", "to", "i", "we", "also", "'ll", "i'll", "we'll",
    "can", "must", "should", "would", "have", "has", "i've", "and/or",
];

/// The objective's words outside its dates, with what the lexicon says of each, and where an
/// action may stand.
pub struct Seen<'a> {
    pub words: &'a [Token],
    pub lower: Vec<&'a str>,
    pub kinds: Vec<u32>,
    pub lexicon: &'a Lexicon,
    /// Indexes of words that start a clause or follow a modal or "and": where a verb says what
    /// the learner will do.
    pub actions: Vec<usize>,
    /// Indexes of -ing words after "by", "through" or "via": the way it will be done.
    pub by_doing: Vec<usize>,
    /// Per word: it stands inside quotation marks, as part of a behaviour or phrase quoted
    /// (what is practised, not how).
    pub quoted: Vec<bool>,
}

/// An action word and what it is.
#[derive(Debug, Clone)]
pub struct Action {
    pub at: usize,
    pub len: usize,
    pub kind: u32,
    pub text: String,
}

impl<'a> Seen<'a> {
    pub fn new(words: &'a [Token], lexicon: &'a Lexicon) -> Seen<'a> {
        let lower: Vec<&str> = words.iter().map(|t| t.lower.as_str()).collect();
        let kinds = lower.iter().map(|w| lexicon.kind(w)).collect();
        let mut actions = Vec::new();
        let mut by_doing = Vec::new();
        for (i, w) in lower.iter().enumerate() {
            if BEFORE_ACTION.contains(w) {
                continue;
            }
            let prev = i.checked_sub(1).map(|p| lower[p]);
            // "not to reply"; "be able to use", "learn how to use": a capability, not an action.
            let negated = (1..=2).any(|k| i.checked_sub(k).is_some_and(|p| lower[p] == "not"))
                || (i >= 2 && lower[i - 1] == "to" && matches!(lower[i - 2], "able" | "how"));
            if (i == 0 || words[i].after_break || prev.is_some_and(|p| BEFORE_ACTION.contains(&p)))
                && !negated
            {
                actions.push(i);
            }
            if matches!(prev, Some("by" | "through" | "via")) && w.ends_with("ing") && w.len() > 4 {
                by_doing.push(i);
            }
        }
        Seen {
            quoted: vec![false; words.len()],
            words,
            lower,
            kinds,
            lexicon,
            actions,
            by_doing,
        }
    }

    /// Marks the words inside `spans` (byte ranges of quotations) as quoted.
    pub fn with_quoted(mut self, spans: &[(usize, usize)]) -> Self {
        for (q, t) in self.quoted.iter_mut().zip(self.words) {
            *q = spans.iter().any(|(s, e)| *s <= t.start && t.end <= *e);
        }
        self
    }

    /// What the words from `at` are: the longest phrase of the lexicon there, or the word.
    pub fn action_at(&self, at: usize) -> Action {
        let rest = &self.lower[at..self.lower.len().min(at + 6)];
        // "become an MCC", "get my PCC": a credential is a completion, though "become" and
        // "get" are vague.
        if let [verb, det, ..] = rest
            && matches!(*verb, "become" | "becoming" | "get" | "getting")
        {
            let cred = if matches!(*det, "a" | "an" | "my" | "the") {
                at + 2
            } else {
                at + 1
            };
            if let Some(next) = self.words.get(cred)
                && (next.capitals || self.kinds[cred] & kind::CREDENTIAL != 0)
            {
                return Action {
                    at,
                    len: cred + 1 - at,
                    kind: kind::OBSERVABLE | kind::COMPLETION,
                    text: rest[..cred + 1 - at].join(" "),
                };
            }
        }
        // "meet the standard", "meet criterion 2.3": meeting a standard is an outcome;
        // meeting a person is an action.
        if matches!(rest.first(), Some(&("meet" | "meets" | "meeting")))
            && (at + 1..self.lower.len().min(at + 7)).any(|k| {
                self.kinds[k] & kind::NAMING != 0
                    || self.lower[k].starts_with("requirement")
                    || self.lower[k].starts_with("expectation")
                    || self.lower[k].starts_with("target")
            })
        {
            return Action {
                at,
                len: 1,
                kind: kind::VAGUE,
                text: rest[0].to_owned(),
            };
        }
        let phrases = self.lexicon.phrases_at(rest);
        // A vague phrase ("keep up with") wins over the observable verb it starts with.
        if let Some((len, k)) = phrases
            .iter()
            .find(|(_, k)| k & kind::VAGUE != 0)
            .or_else(|| phrases.first())
        {
            let single = self.kinds[at];
            let k = if k & kind::VAGUE != 0 {
                *k
            } else {
                k | (single & !kind::VAGUE)
            };
            return Action {
                at,
                len: *len,
                kind: k,
                text: rest[..*len].join(" "),
            };
        }
        Action {
            at,
            len: 1,
            kind: self.kinds[at],
            text: self.lower[at].to_owned(),
        }
    }

    /// "more effectively", "better", "more carefully" after the action, in its clause: says how
    /// well, not what.
    pub fn manner_after(&self, a: &Action) -> bool {
        let from = a.at + a.len;
        if self.lower.get(from) == Some(&"to")
            && self
                .kinds
                .get(from + 1)
                .is_some_and(|k| k & kind::VAGUE != 0)
        {
            return true; // "listen to understand"
        }
        for q in from..self.lower.len().min(from + 8) {
            let w = self.lower[q];
            if q > from && (self.words[q].after_break && matches!(w, "and" | "by"))
                || matches!(w, "by" | "then" | "while" | "so" | "to" | "and")
            {
                break;
            }
            if self.kinds[q] & kind::MANNER != 0 {
                return true;
            }
            if matches!(w, "more" | "less")
                && self
                    .lower
                    .get(q + 1)
                    .is_some_and(|n| n.ends_with("ly") && n.len() > 4)
            {
                return true;
            }
            if q == from && self.kinds[q] & kind::VAGUE != 0 && w.ends_with("ing") {
                return true; // "keep improving"
            }
        }
        false
    }

    /// The first observable action that says what, not how well: at an action position or as
    /// "by doing".
    pub fn observable(&self) -> Option<Action> {
        let at_actions = self.actions.iter().map(|&i| self.action_at(i));
        let doing = self.by_doing.iter().map(|&i| Action {
            at: i,
            len: 1,
            kind: if self.kinds[i] & kind::VAGUE != 0 {
                kind::VAGUE
            } else {
                kind::OBSERVABLE
            },
            text: self.lower[i].to_owned(),
        });
        at_actions.chain(doing).find(|a| {
            a.kind & kind::OBSERVABLE != 0 && a.kind & kind::VAGUE == 0 && !self.manner_after(a)
        })
    }

    /// The first vague verb or phrase at an action position, or anywhere.
    pub fn vague(&self) -> Option<String> {
        self.actions
            .iter()
            .map(|&i| self.action_at(i))
            .find(|a| a.kind & kind::VAGUE != 0)
            .map(|a| a.text)
            .or_else(|| {
                (0..self.lower.len())
                    .find(|&i| {
                        self.kinds[i] & kind::VAGUE != 0 && (i == 0 || !self.words[i].capitalised)
                    })
                    .map(|i| self.lower[i].to_owned())
            })
    }

    /// A completion at an action position ("attend", "complete", "obtain", "become an MCC").
    pub fn completion(&self) -> Option<Action> {
        self.actions
            .iter()
            .chain(&self.by_doing)
            .map(|&i| self.action_at(i))
            .find(|a| a.kind & kind::COMPLETION != 0 && a.kind & kind::VAGUE == 0)
    }

    /// The first phrase of the lexicon anywhere whose kind has `k`, as written.
    pub fn phrase_with(&self, k: u32) -> Option<String> {
        self.phrase_from(k, |_| true)
    }

    /// The first phrase of the lexicon whose kind has `k` and that starts at a word `keep`
    /// allows.
    pub fn phrase_from(&self, k: u32, keep: impl Fn(usize) -> bool) -> Option<String> {
        (0..self.lower.len()).filter(|&i| keep(i)).find_map(|i| {
            let rest = &self.lower[i..self.lower.len().min(i + 6)];
            self.lexicon
                .phrases_at(rest)
                .into_iter()
                .find(|(_, pk)| pk & k != 0)
                .map(|(len, _)| rest[..len].join(" "))
        })
    }
}

pub fn specific(objective: &str, seen: &Seen) -> Verdict {
    if let Some(a) = seen.observable() {
        return pass(
            Letter::S,
            format!("names what you will do (\u{201c}{}\u{201d})", a.text),
        );
    }
    if objective.trim().is_empty() {
        return fail(
            Letter::S,
            "there is no objective yet",
            "Write one sentence starting with what you will do, e.g. \u{201c}Use a written agreement with every new client\u{201d}.",
        );
    }
    match seen.vague() {
        Some(verb) => fail(
            Letter::S,
            format!(
                "\u{201c}{verb}\u{201d} says a direction, not something anyone could see you do"
            ),
            format!(
                "Say what you will actually do, e.g. \u{201c}{verb} … by asking one open question at a time\u{201d} or \u{201c}summarise before moving on\u{201d}."
            ),
        ),
        None => fail(
            Letter::S,
            "no action verb names what you will do",
            "Start with a verb for something you will do, e.g. \u{201c}ask\u{201d}, \u{201c}record\u{201d}, \u{201c}agree\u{201d}, \u{201c}summarise\u{201d}.",
        ),
    }
}

/// A number that counts, not one that names a level, section, competency or year.
fn counted_number(seen: &Seen, i: usize) -> bool {
    let w = seen.lower[i];
    let mut parts = w.split('-');
    let head = parts.next().unwrap_or_default();
    if parts
        .next()
        .is_some_and(|p| matches!(p, "way" | "to" | "on"))
    {
        return false; // "three-way", "one-to-one"
    }
    let digits = head.chars().any(|c| c.is_ascii_digit());
    let numeric = digits
        && head
            .chars()
            .all(|c| c.is_ascii_digit() || c == '.' || c == ',')
        && !head.ends_with('.');
    if !(numeric || (!digits && is_number_word(head))) {
        return false; // "cp4", "5pm": a code or a time of day
    }
    let naming = i.checked_sub(1).is_some_and(|p| {
        seen.kinds[p] & kind::NAMING != 0 || seen.lexicon.is_framework(seen.lower[p])
    });
    !naming
}

pub fn measurable(objective: &str, seen: &Seen, dates: &[(usize, usize)]) -> Verdict {
    for i in 0..seen.lower.len() {
        if counted_number(seen, i) {
            return pass(
                Letter::M,
                format!("has a number to count against ({})", seen.lower[i]),
            );
        }
    }
    let percent = objective
        .char_indices()
        .any(|(i, c)| c == '%' && !dates.iter().any(|(s, e)| *s <= i && i < *e));
    if percent {
        return pass(Letter::M, "has a percentage to measure against");
    }
    for i in 0..seen.lower.len() {
        let w = seen.lower[i];
        let next = seen.lower.get(i + 1).copied().unwrap_or_default();
        let per = matches!(w, "a" | "an" | "per")
            && matches!(
                next.trim_end_matches('s'),
                "day" | "week" | "fortnight" | "month" | "quarter" | "year" | "term" | "session"
            );
        if seen.kinds[i] & kind::FREQUENCY != 0 || per {
            let said = if per {
                format!("{w} {next}")
            } else {
                w.to_owned()
            };
            return pass(
                Letter::M,
                format!("says how often (\u{201c}{said}\u{201d})"),
            );
        }
        if seen.kinds[i] & kind::THRESHOLD != 0 {
            return pass(
                Letter::M,
                format!("sets a rating or threshold to check (\u{201c}{w}\u{201d})"),
            );
        }
    }
    if let Some(p) = seen.phrase_with(kind::THRESHOLD) {
        return pass(
            Letter::M,
            format!("sets a rating or threshold to check (\u{201c}{p}\u{201d})"),
        );
    }
    if let Some(a) = seen.completion() {
        return pass(
            Letter::M,
            format!(
                "a completion anyone could check: done or not (\u{201c}{}\u{201d})",
                a.text
            ),
        );
    }
    fail(
        Letter::M,
        "nothing to count or check: no number, frequency, threshold or completion",
        "Add how you will know it happened: a number (\u{201c}in 6 sessions\u{201d}), a frequency (\u{201c}every session\u{201d}) or a criterion (\u{201c}rated 4 of 5 by my supervisor\u{201d}).",
    )
}
