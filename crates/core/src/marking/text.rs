//! Turning an answer into sentences of comparable words: lower case, contractions expanded,
//! the Snowball English stemmer, and synonyms folded onto one word.

use std::collections::HashMap;

/// A word of the answer: as written (lower case) and as compared.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    pub raw: String,
    pub stem: String,
}

/// A sentence of the answer, with its text as the learner wrote it for quoting.
#[derive(Debug, Clone)]
pub struct Sentence {
    pub text: String,
    pub tokens: Vec<Token>,
}

/// Words that turn what follows into its opposite.
pub const NEGATORS: &[&str] = &[
    "not", "no", "never", "without", "nor", "neither", "nobody", "nothing", "refuse", "avoid",
];

/// Words that, after a match in the same clause, deny it ("records aren't needed", "review
/// dates are pointless").
pub const AFTER_NEGATORS: &[&str] = &[
    "not",
    "never",
    "unnecessary",
    "pointless",
    "irrelevant",
    "needless",
    "useless",
    "overrated",
];

/// Words that end a clause looking back from a match: a negation before them does not reach.
pub const CLAUSE_BREAKS: &[&str] = &[
    ",", "but", "however", "instead", "rather", "although", "though", "whereas", "while",
    "because", "so", "unless", "until", "which", "who", "when", "if", "since", "then", "yet",
];

/// Words that end a clause looking forward from a match ("I'd keep notes so nothing is lost").
pub const FORWARD_BREAKS: &[&str] = &[
    ",", "but", "however", "instead", "rather", "although", "though", "whereas", "while",
    "because", "so", "unless", "until", "which", "who", "when", "if", "since", "then", "yet",
    "that", "as", "to", "than",
];

/// Words that show a sentence makes a claim: verbs that are easy to know (be, have, modals),
/// subjects and objects that only a clause has, and common verbs in answers.
const CLAIM_WORDS: &[&str] = &[
    "is", "are", "was", "were", "be", "been", "being", "am", "have", "has", "had", "do", "does",
    "did", "will", "would", "can", "could", "should", "may", "might", "must", "shall", "need",
    "needs", "i", "we", "you", "he", "she", "they", "it", "him", "her", "them", "me", "us", "let",
    "not", "there", "helps", "builds", "teaches", "focuses", "looks", "lasts", "covers", "means",
    "gives", "takes", "makes", "involves", "aims", "tends", "uses", "shows", "stops", "supports",
    "requires", "depends", "allows", "lets", "keeps", "gets", "works", "goes", "matters",
    "happens", "feels", "wants", "knows", "says", "becomes", "comes", "sets", "agrees", "asks",
    "meets", "runs", "deals", "lead", "leads", "get", "make",
];

/// Claim words that also start a noun phrase ("Needs assessment", "Lead mentor").
const NOUN_LIKE: &[&str] = &[
    "need", "needs", "lead", "leads", "aims", "uses", "works", "shows", "sets", "runs",
];

/// Verbs that start an instruction in a telegraphic answer.
const IMPERATIVES: &[&str] = &[
    "set",
    "review",
    "keep",
    "agree",
    "ask",
    "use",
    "record",
    "write",
    "meet",
    "explain",
    "listen",
    "give",
    "check",
    "make",
    "get",
    "build",
    "refer",
    "signpost",
    "book",
    "hold",
    "invite",
    "observe",
    "change",
    "adapt",
    "plan",
    "compare",
    "collect",
    "track",
    "demonstrate",
    "model",
    "prompt",
    "praise",
    "break",
    "follow",
    "report",
    "discuss",
    "reflect",
    "talk",
    "tell",
    "take",
    "show",
    "find",
    "identify",
    "encourage",
    "offer",
    "arrange",
    "note",
    "log",
    "speak",
    "summarise",
    "contact",
    "attend",
    "look",
    "start",
    "measure",
    "point",
    "put",
    "let",
    "help",
    "try",
    "focus",
    "work",
    "go",
    "sit",
    "seek",
];

/// Whether a sentence makes a claim rather than naming terms: it holds a verb or a subject we
/// can recognise, or it is too long to be a bare term, unless it is a list of short items
/// ("Techniques: modelling, prompting, fading support.").
pub fn is_claim(tokens: &[Token]) -> bool {
    let words = tokens.iter().filter(|t| t.raw != BREAK).count();
    // Two words make a term ("Development needs."), not a claim.
    if words <= 2 {
        return false;
    }
    let signal = tokens.iter().enumerate().any(|(i, t)| {
        // "Needs assessment." is a term: a noun-like verb only counts after the first word.
        (CLAIM_WORDS.contains(&t.raw.as_str()) && !(i == 0 && NOUN_LIKE.contains(&t.raw.as_str())))
            // "to" before a verb: "to teach him one skill"; not "route to work".
            || (t.raw == "to"
                && i > 0
                && tokens
                    .get(i + 1)
                    .is_some_and(|n| n.raw != BREAK && !is_stopword(&n.raw)))
    });
    // An instruction: "Set SMART targets.", "Keep a progress log."
    let imperative = words >= 3
        && tokens
            .first()
            .is_some_and(|t| IMPERATIVES.contains(&t.raw.as_str()));
    if signal || imperative {
        return true;
    }
    let longest_item = tokens
        .split(|t| t.raw == BREAK)
        .map(<[Token]>::len)
        .max()
        .unwrap_or(0);
    words >= 7 && longest_item > 3
}

/// Role words: the subjects a claim in these answers is usually about.
pub fn is_role(stem: &str) -> bool {
    (stem.starts_with("mentor") || stem.starts_with("coach") || stem.starts_with("counsel"))
        && !stem.starts_with("coachee")
        && stem != "coache"
}

/// The token a comma or similar becomes: it matches nothing and stops negation.
pub const BREAK: &str = ",";

/// Little words that carry no idea of their own: phrasings ignore them.
const STOPWORDS: &[&str] = &[
    "a", "an", "the", "to", "of", "and", "or", "in", "on", "at", "for", "with", "by", "be", "is",
    "are", "was", "were", "it", "its", "this", "that", "these", "those", "i", "we", "you", "he",
    "she", "they", "him", "her", "them", "his", "their", "my", "our", "your", "would", "will",
    "should", "could", "can", "may", "might", "shall", "do", "does", "did", "have", "has", "had",
    "as", "so", "then", "also", "very", "about", "into", "from", "up", "out", "if", "me", "us",
    "am", "been", "being", "which", "who", "what", "there", "here", "some", "any",
];

pub fn is_stopword(word: &str) -> bool {
    STOPWORDS.contains(&word)
}

/// Groups of words the marker treats as the same idea. Kept tight: a loose synonym earns
/// marks that were not deserved.
const SYNONYMS: &[&[&str]] = &[
    &["contract", "agreement", "contracting"],
    &["goal", "target", "objective", "aim"],
    &["confidential", "confidentiality", "privacy"],
    &["boundary", "limit"],
    &[
        "learner",
        "mentee",
        "coachee",
        "client",
        "student",
        "pupil",
        "participant",
    ],
    &["independent", "independently", "autonomous", "unaided"],
    &["review", "evaluate", "evaluation", "reassess"],
    &["quiet", "calm"],
    &["refer", "signpost", "referral"],
    &["disclose", "share", "pass", "report", "tell"],
    // How often, not how long: "each week" is not "the eight weeks".
    &["each", "every", "per"],
    &["feedback", "comments"],
    &["listen", "listening", "hear"],
    &["question", "ask"],
    &[
        "adjust",
        "adapt",
        "tailor",
        "modify",
        "personalise",
        "personalize",
    ],
    &["reflect", "reflection", "reflective"],
    &["journal", "diary", "log"],
    &["supervision", "supervisor"],
    &["safeguarding", "safeguard"],
    &["trust", "rapport"],
    &["plan", "planning"],
    &["short", "brief", "shorter"],
    &["long", "lengthy", "extended", "longer"],
    &["career", "progression"],
    &["harm", "danger", "risk"],
    &["consent", "permission"],
    &["measurable", "measure", "measured"],
    &["record", "document", "note"],
];

/// Splits on sentence ends and line breaks; each piece keeps its original text for quoting.
pub fn sentences(answer: &str) -> Vec<Sentence> {
    let mut out = Vec::new();
    let mut start = 0;
    let bytes_len = answer.len();
    let mut chars = answer.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let end_here = match c {
            '\n' | '!' | '?' | ';' => true,
            // A full stop inside a number or an abbreviation like "e.g." does not end a sentence.
            '.' => {
                chars.peek().is_none_or(|(_, next)| next.is_whitespace())
                    && !ends_with_abbreviation(&answer[start..i])
            }
            _ => false,
        };
        if end_here {
            push_sentence(&answer[start..i + c.len_utf8()], &mut out);
            start = i + c.len_utf8();
        }
    }
    if start < bytes_len {
        push_sentence(&answer[start..], &mut out);
    }
    out
}

fn ends_with_abbreviation(before: &str) -> bool {
    const ABBREVIATIONS: &[&str] = &[
        "e.g", "i.e", "eg", "ie", "etc", "vs", "mr", "mrs", "ms", "dr",
    ];
    let last = before
        .rsplit(char::is_whitespace)
        .next()
        .unwrap_or_default()
        .trim_start_matches('(')
        .to_lowercase();
    ABBREVIATIONS.contains(&last.as_str())
}

fn push_sentence(text: &str, out: &mut Vec<Sentence>) {
    let text = text.trim();
    let tokens = tokens(text);
    if tokens.iter().any(|t| t.raw != BREAK) {
        out.push(Sentence {
            text: text.to_owned(),
            tokens,
        });
    }
}

/// The words of `text`, with contractions ("don't", "won't", "can't") expanded so that their
/// negation is seen.
pub fn tokens(text: &str) -> Vec<Token> {
    let lower = text.to_lowercase().replace(['’', '‘', '`'], "'");
    let mut out = Vec::new();
    // Commas, colons, dashes and brackets become a break token: a negation does not reach
    // past them.
    let spaced = lower.replace([',', ':', '(', ')', '–', '—'], " , ");
    for word in spaced.split(|c: char| !(c.is_alphanumeric() || c == '\'' || c == ',')) {
        let word = word.trim_matches('\'');
        if word.is_empty() {
            continue;
        }
        if word.contains(',') {
            out.push(Token {
                raw: BREAK.to_owned(),
                stem: BREAK.to_owned(),
            });
            continue;
        }
        for part in expand(word) {
            out.push(Token {
                stem: stem(&part),
                raw: part,
            });
        }
    }
    out
}

fn expand(word: &str) -> Vec<String> {
    let special = match word {
        "won't" | "wont" => Some(("will", "not")),
        "can't" | "cant" | "cannot" => Some(("can", "not")),
        "shan't" => Some(("shall", "not")),
        // Written without the apostrophe.
        "dont" => Some(("do", "not")),
        "doesnt" => Some(("does", "not")),
        "didnt" => Some(("did", "not")),
        "isnt" => Some(("is", "not")),
        "arent" => Some(("are", "not")),
        "wasnt" => Some(("was", "not")),
        "werent" => Some(("were", "not")),
        "wouldnt" => Some(("would", "not")),
        "shouldnt" => Some(("should", "not")),
        "couldnt" => Some(("could", "not")),
        "havent" => Some(("have", "not")),
        "hasnt" => Some(("has", "not")),
        "hadnt" => Some(("had", "not")),
        "neednt" => Some(("need", "not")),
        "mustnt" => Some(("must", "not")),
        "aint" => Some(("is", "not")),
        _ => None,
    };
    if let Some((a, b)) = special {
        return vec![a.to_owned(), b.to_owned()];
    }
    if let Some(base) = word.strip_suffix("n't") {
        return vec![base.to_owned(), "not".to_owned()];
    }
    // "learner's" compares as "learner"; "i'd", "i'll" keep their first part.
    match word.split_once('\'') {
        Some((base, _)) if !base.is_empty() => vec![base.to_owned()],
        _ => vec![word.to_owned()],
    }
}

/// The Snowball English stemmer (Porter2): strips inflections and derivations so that
/// "confidential", "confidentiality" and "confidentially" compare equal. Both sides of every
/// comparison go through it, so it only has to be consistent. Words of three letters or fewer,
/// and words that are not plain ASCII, are left alone.
pub fn stem(word: &str) -> String {
    if !word.is_ascii() || word.len() <= 3 {
        return word.to_owned();
    }
    // Words kept apart from the word the stemmer would make them: "agreement" is not the verb
    // "agree" (which would make every "agree" a contract).
    const KEEP: &[(&str, &str)] = &[
        ("note", "note"),
        ("notes", "note"),
        ("noted", "note"),
        ("agreement", "agreement"),
        ("agreements", "agreement"),
        // How often is not how long: "weekly" is not "the eight weeks".
        ("daily", "daily"),
        ("weekly", "weekly"),
        ("fortnightly", "fortnightly"),
        ("monthly", "monthly"),
        ("quarterly", "quarterly"),
        ("termly", "termly"),
        ("yearly", "yearly"),
        ("annually", "annually"),
    ];
    if let Some((_, kept)) = KEEP.iter().find(|(w, _)| *w == word) {
        return (*kept).to_owned();
    }
    // The same words (a rubric's phrasings above all) are stemmed at every marking: remember
    // them, within reason.
    thread_local! {
        static STEMS: std::cell::RefCell<HashMap<String, String>> =
            std::cell::RefCell::new(HashMap::new());
    }
    static STEMMER: std::sync::OnceLock<rust_stemmers::Stemmer> = std::sync::OnceLock::new();
    STEMS.with(|stems| {
        if let Some(known) = stems.borrow().get(word) {
            return known.clone();
        }
        let stemmed = STEMMER
            .get_or_init(|| rust_stemmers::Stemmer::create(rust_stemmers::Algorithm::English))
            .stem(word)
            .into_owned();
        let mut stems = stems.borrow_mut();
        if stems.len() >= 50_000 {
            stems.clear();
        }
        stems.insert(word.to_owned(), stemmed.clone());
        stemmed
    })
}

/// Maps a stem to the first stem of its synonym group.
#[derive(Debug, Clone, Default)]
pub struct Synonyms {
    canonical: HashMap<String, String>,
}

impl Synonyms {
    /// The marker's own groups, built once.
    pub fn builtin() -> &'static Self {
        static BUILTIN: std::sync::OnceLock<Synonyms> = std::sync::OnceLock::new();
        BUILTIN.get_or_init(|| {
            let mut s = Synonyms::default();
            for group in SYNONYMS {
                s.add_group(group.iter().copied());
            }
            s
        })
    }

    /// Adds a group (single words only; longer entries are ignored, phrasings cover them).
    pub fn add_group<'a>(&mut self, group: impl IntoIterator<Item = &'a str>) {
        let stems: Vec<String> = group
            .into_iter()
            .filter(|w| !w.trim().contains(char::is_whitespace))
            .map(|w| stem(&w.trim().to_lowercase()))
            .collect();
        let Some(first) = stems.first() else { return };
        // If any member already belongs to a group, join that group.
        let target = stems
            .iter()
            .find_map(|s| self.canonical.get(s).cloned())
            .unwrap_or_else(|| first.clone());
        for s in &stems {
            self.canonical.insert(s.clone(), target.clone());
        }
    }

    pub fn canonical<'a>(&'a self, stem: &'a str) -> &'a str {
        self.canonical.get(stem).map_or(stem, String::as_str)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn related_forms_share_a_stem() {
        for group in [
            &["confidential", "confidentiality", "confidentially"][..],
            &["review", "reviews", "reviewed", "reviewing"],
            &["plan", "plans", "planning", "planned"],
            &["contract", "contracts", "contracting", "contracted"],
            &["independent", "independently"],
        ] {
            let stems: Vec<String> = group.iter().map(|w| stem(w)).collect();
            assert!(
                stems.iter().all(|s| *s == stems[0]),
                "{group:?} -> {stems:?}"
            );
        }
        assert_ne!(stem("confidence"), stem("confidential"));
    }

    #[test]
    fn contractions_expose_their_negation() {
        let raw: Vec<String> = tokens("I wouldn't share it, and I won’t tell")
            .into_iter()
            .map(|t| t.raw)
            .collect();
        assert_eq!(
            raw,
            [
                "i", "would", "not", "share", "it", ",", "and", "i", "will", "not", "tell"
            ]
        );
    }

    #[test]
    fn sentences_split_on_ends_but_not_inside_abbreviations() {
        let s = sentences("Use SMART, e.g. a date. Review weekly!\nThen stop");
        let texts: Vec<&str> = s.iter().map(|s| s.text.as_str()).collect();
        assert_eq!(
            texts,
            ["Use SMART, e.g. a date.", "Review weekly!", "Then stop"]
        );
    }

    #[test]
    fn non_latin_text_is_kept_whole() {
        let t = tokens("Je garderais la confidentialité. 守秘義務を守ります");
        assert!(t.iter().any(|t| t.raw == "confidentialité"));
        assert!(t.iter().any(|t| t.raw.contains('守')));
    }

    #[test]
    fn synonyms_fold_onto_one_stem() {
        let s = Synonyms::builtin();
        assert_eq!(
            s.canonical(&stem("agreement")),
            s.canonical(&stem("contract"))
        );
        assert_ne!(s.canonical(&stem("goal")), s.canonical(&stem("contract")));
    }
}
