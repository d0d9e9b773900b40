//! WordNet 3.0's synonyms and irregular forms, as the marker uses them: the table
//! `content/lexicon/wordnet.txt`, made by `scripts/wordnet-lexicon.py` and compiled in.
//!
//! Two words are synonyms when they share a synset that is each word's most frequent sense, so
//! the relation is tight and pairwise (not folded into groups: "aim" is "purpose", "purpose" is
//! "intention", but that is one synset; a word in two synsets links to both, the two do not
//! link to each other).

use std::collections::HashMap;
use std::sync::OnceLock;

use super::text::stem;

const TABLE: &str = include_str!("../../../../content/lexicon/wordnet.txt");

#[derive(Debug, Default)]
pub struct WordNet {
    /// Irregular form -> base form ("taught" -> "teach").
    lemmas: HashMap<&'static str, &'static str>,
    /// Stem -> the synsets it is in, sorted.
    groups: HashMap<String, Vec<u32>>,
}

impl WordNet {
    /// The table shipped with the app, read once.
    pub fn builtin() -> &'static WordNet {
        static BUILTIN: OnceLock<WordNet> = OnceLock::new();
        BUILTIN.get_or_init(|| WordNet::parse(TABLE))
    }

    /// Reads the table's lines (`s WORD WORD...`, `l FORM BASE`); anything else is skipped.
    pub fn parse(text: &'static str) -> WordNet {
        let mut wn = WordNet::default();
        let mut next = 0u32;
        for line in text.lines() {
            let mut fields = line.split_whitespace();
            match fields.next() {
                Some("s") => {
                    let id = next;
                    next += 1;
                    for word in fields {
                        let ids = wn.groups.entry(stem(word)).or_default();
                        if ids.last() != Some(&id) {
                            ids.push(id);
                        }
                    }
                }
                Some("l") => {
                    if let (Some(form), Some(base)) = (fields.next(), fields.next()) {
                        wn.lemmas.insert(form, base);
                    }
                }
                _ => {}
            }
        }
        wn
    }

    /// The base form of an irregular word, or the word itself.
    pub fn lemma<'a>(&'a self, word: &'a str) -> &'a str {
        self.lemmas.get(word).copied().unwrap_or(word)
    }

    /// The synsets a stem belongs to (empty for most words).
    pub fn groups(&self, stem: &str) -> &[u32] {
        self.groups.get(stem).map_or(&[], Vec::as_slice)
    }
}

/// Whether two sorted lists of synsets share one.
pub fn share(a: &[u32], b: &[u32]) -> bool {
    let (mut i, mut j) = (0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Equal => return true,
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
        }
    }
    false
}
