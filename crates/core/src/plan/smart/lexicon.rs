//! The SMART checker's word lists, as content: the built-in pack's `lexicon/smart.ron` (a
//! tutor's pack may add a file of its own, whose words are added to the built-in ones), plus the
//! names and numbers of every loaded framework.

use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

use serde::Deserialize;

use crate::content::problem::{Problem, locate};
use crate::content::{Framework, Pack};

/// One `lexicon/*.ron` file. Every list may be left out; what each holds is said in the built-in
/// file's comments.
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub struct WordLists {
    pub vague_verbs: Vec<String>,
    pub vague_phrases: Vec<String>,
    pub observable_verbs: Vec<String>,
    pub completion_verbs: Vec<String>,
    pub manner_words: Vec<String>,
    pub frequency_words: Vec<String>,
    pub threshold_words: Vec<String>,
    pub naming_words: Vec<String>,
    pub practice_words: Vec<String>,
    pub models: Vec<String>,
    pub credentials: Vec<String>,
    pub support_people: Vec<String>,
    pub means_words: Vec<String>,
    pub absolutes: Vec<String>,
}

/// A lexicon file as loaded, with where it came from.
#[derive(Debug, Clone)]
pub struct LoadedLexicon {
    pub lists: WordLists,
    pub file: String,
}

impl WordLists {
    fn lists(&self) -> [(&'static str, &Vec<String>); 14] {
        [
            ("vague_verbs", &self.vague_verbs),
            ("vague_phrases", &self.vague_phrases),
            ("observable_verbs", &self.observable_verbs),
            ("completion_verbs", &self.completion_verbs),
            ("manner_words", &self.manner_words),
            ("frequency_words", &self.frequency_words),
            ("threshold_words", &self.threshold_words),
            ("naming_words", &self.naming_words),
            ("practice_words", &self.practice_words),
            ("models", &self.models),
            ("credentials", &self.credentials),
            ("support_people", &self.support_people),
            ("means_words", &self.means_words),
            ("absolutes", &self.absolutes),
        ]
    }

    fn extend(&mut self, other: &WordLists) {
        let add = |to: &mut Vec<String>, from: &Vec<String>| {
            for w in from {
                if !to.contains(w) {
                    to.push(w.clone());
                }
            }
        };
        add(&mut self.vague_verbs, &other.vague_verbs);
        add(&mut self.vague_phrases, &other.vague_phrases);
        add(&mut self.observable_verbs, &other.observable_verbs);
        add(&mut self.completion_verbs, &other.completion_verbs);
        add(&mut self.manner_words, &other.manner_words);
        add(&mut self.frequency_words, &other.frequency_words);
        add(&mut self.threshold_words, &other.threshold_words);
        add(&mut self.naming_words, &other.naming_words);
        add(&mut self.practice_words, &other.practice_words);
        add(&mut self.models, &other.models);
        add(&mut self.credentials, &other.credentials);
        add(&mut self.support_people, &other.support_people);
        add(&mut self.means_words, &other.means_words);
        add(&mut self.absolutes, &other.absolutes);
    }
}

/// The problems of a lexicon file: empty or padded entries, capitals outside `models` and
/// `credentials`, a `*` anywhere but at the end of a word, an entry twice in a list, and a verb
/// that is both vague and observable.
pub fn validate_lexicon(lists: &WordLists, file: &str, source: &str) -> Vec<Problem> {
    let mut problems = Vec::new();
    let mut push = |message: String, entry: &str| {
        problems.push(Problem::new(file, message).at(locate(source, &format!("\"{entry}\""))));
    };
    for (name, list) in lists.lists() {
        let mut seen = HashSet::new();
        for entry in list {
            if entry.trim().is_empty() {
                push(format!("`{name}` has an empty entry"), entry);
            } else if entry.trim() != entry || entry.contains("  ") {
                push(
                    format!("`{name}`: \"{entry}\" has spaces at its ends or two in a row"),
                    entry,
                );
            } else if !matches!(name, "models" | "credentials") && entry.to_lowercase() != *entry {
                push(
                    format!(
                        "`{name}`: \"{entry}\" has capitals; only models and credentials may \
                         (written in capitals, they match only words written in capitals)"
                    ),
                    entry,
                );
            } else if entry.trim_end_matches('*').contains('*') {
                push(
                    format!("`{name}`: \"{entry}\" has a `*` that is not at the end of a word"),
                    entry,
                );
            }
            if !seen.insert(entry.to_lowercase()) {
                push(format!("`{name}` lists \"{entry}\" twice"), entry);
            }
        }
    }
    let vague: HashSet<&String> = lists.vague_verbs.iter().collect();
    for verb in &lists.observable_verbs {
        if vague.contains(verb) {
            push(
                format!(
                    "\"{verb}\" is in both `vague_verbs` and `observable_verbs`; keep it in one"
                ),
                verb,
            );
        }
    }
    problems
}

/// What a word (or one of its inflections) is to the checker.
pub mod kind {
    pub const VAGUE: u32 = 1;
    pub const OBSERVABLE: u32 = 1 << 1;
    pub const COMPLETION: u32 = 1 << 2;
    pub const MANNER: u32 = 1 << 3;
    pub const FREQUENCY: u32 = 1 << 4;
    pub const THRESHOLD: u32 = 1 << 5;
    pub const NAMING: u32 = 1 << 6;
    pub const PRACTICE: u32 = 1 << 7;
    pub const SUPPORT: u32 = 1 << 8;
    pub const MEANS: u32 = 1 << 9;
    pub const CREDENTIAL: u32 = 1 << 10;
    /// A model or framework written in lower case: matches whatever the case.
    pub const MODEL: u32 = 1 << 11;
    /// A model written in capitals ("GROW", "CLEAR"): matches only a word in capitals, since
    /// "grow" and "clear" are ordinary words too.
    pub const MODEL_CAPITALS: u32 = 1 << 12;
    pub const ABSOLUTE: u32 = 1 << 13;
}

/// The word lists merged and indexed for the checker: each word form with what it is, the
/// phrases of several words, and the prefixes (`coach*`).
#[derive(Debug, Clone, Default)]
pub struct Lexicon {
    pub lists: WordLists,
    words: HashMap<String, u32>,
    /// Phrases of two words or more, lower case, as word lists, with their kind.
    phrases: Vec<(Vec<String>, u32)>,
    prefixes: Vec<(String, u32)>,
    /// Single-word framework names (ids, acronyms) and framework numbers ("icf 6").
    frameworks: HashSet<String>,
}

fn inflections(base: &str) -> Vec<String> {
    let mut forms = vec![
        base.to_owned(),
        format!("{base}s"),
        format!("{base}ed"),
        format!("{base}d"),
        format!("{base}ing"),
        format!("{base}es"),
    ];
    if let Some(stem) = base.strip_suffix('e') {
        forms.push(format!("{stem}ing"));
    }
    if let Some(stem) = base.strip_suffix('y') {
        forms.push(format!("{stem}ied"));
        forms.push(format!("{stem}ies"));
    }
    // run -> running, plan -> planned, stop -> stopped
    let chars: Vec<char> = base.chars().collect();
    if let [.., a, b, c] = chars.as_slice()
        && !"aeiou".contains(*a)
        && "aeiou".contains(*b)
        && !"aeiouwxy".contains(*c)
        && chars.len() <= 4
    {
        forms.push(format!("{base}{c}ing"));
        forms.push(format!("{base}{c}ed"));
    }
    forms
}

impl Lexicon {
    /// Word lists plus the frameworks' names and numbers.
    pub fn new(lists: WordLists, frameworks: &[&Framework]) -> Lexicon {
        let mut lex = Lexicon::default();
        let verbs = [
            (&lists.vague_verbs, kind::VAGUE),
            (&lists.observable_verbs, kind::OBSERVABLE),
            (&lists.completion_verbs, kind::COMPLETION),
        ];
        for (list, k) in verbs {
            for entry in list {
                if entry.contains(' ') {
                    lex.add_phrase(entry, k);
                } else {
                    for form in inflections(entry) {
                        *lex.words.entry(form).or_default() |= k;
                    }
                }
            }
        }
        let plain = [
            (&lists.vague_phrases, kind::VAGUE),
            (&lists.manner_words, kind::MANNER),
            (&lists.frequency_words, kind::FREQUENCY),
            (&lists.threshold_words, kind::THRESHOLD),
            (&lists.naming_words, kind::NAMING),
            (&lists.practice_words, kind::PRACTICE),
            (&lists.credentials, kind::CREDENTIAL | kind::PRACTICE),
            (&lists.support_people, kind::SUPPORT),
            (&lists.means_words, kind::MEANS),
            (&lists.absolutes, kind::ABSOLUTE),
        ];
        for (list, k) in plain {
            for entry in list {
                lex.add(entry, k);
            }
        }
        for model in &lists.models {
            let capitals = model.chars().any(|c| c.is_alphabetic())
                && model
                    .chars()
                    .filter(|c| c.is_alphabetic())
                    .all(char::is_uppercase)
                && !model.contains(' ');
            if capitals {
                *lex.words.entry(model.to_lowercase()).or_default() |= kind::MODEL_CAPITALS;
            } else {
                lex.add(&model.to_lowercase(), kind::MODEL | kind::PRACTICE);
            }
        }
        for fw in frameworks {
            lex.add_framework(fw);
        }
        lex.lists = lists;
        lex
    }

    fn add(&mut self, entry: &str, k: u32) {
        let entry = entry.to_lowercase();
        if let Some(prefix) = entry.strip_suffix('*') {
            self.prefixes.push((prefix.to_owned(), k));
        } else if entry.contains(' ') {
            self.add_phrase(&entry, k);
        } else {
            *self.words.entry(entry).or_default() |= k;
        }
    }

    fn add_phrase(&mut self, entry: &str, k: u32) {
        let words: Vec<String> = entry.split(' ').map(str::to_owned).collect();
        self.phrases.push((words, k));
    }

    /// A framework's id, its name, publisher, groups and competencies (by name, and by number
    /// after the framework's id: "ICF 6", "EMCC 3") and the labels of its scale.
    fn add_framework(&mut self, fw: &Framework) {
        let id = fw.id.to_lowercase();
        self.frameworks.insert(id.clone());
        let mut names = vec![fw.name.clone()];
        names.extend(fw.publisher.clone());
        names.extend(fw.groups.iter().map(|g| g.name.clone()));
        names.extend(fw.competencies.iter().map(|c| c.name.clone()));
        for name in names {
            let words: Vec<String> = super::text::tokens(&name)
                .into_iter()
                .map(|t| t.lower)
                .collect();
            if words.len() >= 2 {
                self.phrases.push((words, kind::PRACTICE | kind::MODEL));
            }
        }
        // Acronyms in the name ("ICF", "EMCC") stand for the framework.
        for t in super::text::tokens(&fw.name) {
            if t.capitals {
                self.frameworks.insert(t.lower);
            }
        }
        for c in &fw.competencies {
            self.frameworks
                .insert(format!("{id} {}", c.number.to_lowercase()));
        }
        for point in &fw.scale.points {
            // "Practitioner", "Senior Practitioner": a level is relevant when capitalised.
            let words: Vec<String> = super::text::tokens(&point.label)
                .into_iter()
                .map(|t| t.lower)
                .collect();
            if words.len() >= 2 {
                self.phrases.push((words, kind::PRACTICE));
            } else if let Some(w) = words.first() {
                self.frameworks.insert(format!("^{w}"));
            }
        }
    }

    /// What `word` (lower case) is, from the single words and the prefixes.
    pub fn kind(&self, word: &str) -> u32 {
        let mut k = self.words.get(word).copied().unwrap_or(0);
        // "co-coach", "re-contract": the verb after the prefix.
        if k == 0
            && let Some((prefix, verb)) = word.split_once('-')
            && matches!(prefix, "co" | "re" | "pre" | "self")
        {
            k = self.words.get(verb).copied().unwrap_or(0);
        }
        for (prefix, pk) in &self.prefixes {
            if word.starts_with(prefix.as_str()) {
                k |= pk;
            }
        }
        k
    }

    /// The phrases of several words matching at the start of `words`, longest first, as
    /// (length, kind).
    pub fn phrases_at(&self, words: &[&str]) -> Vec<(usize, u32)> {
        let mut out: Vec<(usize, u32)> = Vec::new();
        for (p, k) in &self.phrases {
            if p.len() <= words.len() && p.iter().zip(words).all(|(a, b)| a == b) {
                // One phrase may be in several lists ("go on": observable and a completion).
                match out.iter_mut().find(|(len, _)| *len == p.len()) {
                    Some((_, kinds)) => *kinds |= k,
                    None => out.push((p.len(), *k)),
                }
            }
        }
        out.sort_by_key(|p| std::cmp::Reverse(p.0));
        out
    }

    /// A word one letter away from a practice word or prefix ("supervison", "silance"): learners
    /// type fast. Only words of six letters or more, so short words do not collide.
    pub fn near_practice(&self, word: &str) -> bool {
        let close = |a: &str, b: &str| strsim::damerau_levenshtein(a, b) <= 1;
        let n = word.chars().count();
        let head = |len: usize| word.chars().take(len).collect::<String>();
        self.prefixes.iter().any(|(p, k)| {
            let len = p.chars().count();
            k & kind::PRACTICE != 0
                && len >= 5
                && (close(&head(len), p) || close(&head(len - 1), p) || close(&head(len + 1), p))
        }) || self.words.iter().any(|(w, k)| {
            k & kind::PRACTICE != 0
                && w.chars().count() >= 6
                && w.chars().count().abs_diff(n) <= 1
                && close(word, w)
        })
    }

    /// A framework's id or acronym ("icf"), or its id and a competency number ("icf 6").
    pub fn is_framework(&self, word: &str) -> bool {
        self.frameworks.contains(word)
    }

    /// A scale label written capitalised ("Practitioner").
    pub fn is_level(&self, word: &str) -> bool {
        self.frameworks.contains(&format!("^{word}"))
    }

    /// The built-in lists and frameworks, read once.
    pub fn builtin() -> &'static Lexicon {
        static BUILTIN: OnceLock<Lexicon> = OnceLock::new();
        BUILTIN.get_or_init(|| crate::content::load_builtin().pack.smart_lexicon().clone())
    }

    /// The built-in word lists with `frameworks` (e.g. those of the portfolio being exported).
    pub fn builtin_with(frameworks: &[&Framework]) -> Lexicon {
        Lexicon::new(Lexicon::builtin().lists.clone(), frameworks)
    }

    /// Every loaded lexicon file merged, with every loaded framework.
    pub fn from_pack(pack: &Pack) -> Lexicon {
        let mut lists = WordLists::default();
        for l in &pack.lexicons {
            lists.extend(&l.lists);
        }
        let frameworks: Vec<&Framework> = pack.frameworks.iter().map(|f| &f.framework).collect();
        Lexicon::new(lists, &frameworks)
    }
}
