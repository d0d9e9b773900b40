//! The objective cut into words, each with where it stands, for the date reader and the letters.

/// One word of the objective.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    /// Byte span in the objective as written.
    pub start: usize,
    pub end: usize,
    /// Lower-cased.
    pub lower: String,
    /// As written.
    pub original: String,
    /// Written in capitals (two letters or more, e.g. "GROW", "ACC").
    pub capitals: bool,
    /// Starts with a capital letter.
    pub capitalised: bool,
    /// Punctuation (or the start of the text, or a date taken out) stands before it: it may
    /// start a clause.
    pub after_break: bool,
}

impl Token {
    /// Whether the hyphen-separated part `lower` of this word is written in capitals ("GROW" in
    /// "GROW-structured").
    pub fn capitals_part(&self, lower: &str) -> bool {
        self.original.split('-').any(|p| {
            p.to_lowercase() == lower
                && p.chars().filter(|c| c.is_alphabetic()).count() >= 2
                && p.chars()
                    .filter(|c| c.is_alphabetic())
                    .all(char::is_uppercase)
        })
    }
}

/// Words are letters and digits, with `-`, `/`, `.`, `'` and `’` inside them kept
/// ("goal-setting", "31/03/2027", "3.1", "client's").
pub fn tokens(text: &str) -> Vec<Token> {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut out = Vec::new();
    let mut i = 0;
    let mut broke = true;
    while i < chars.len() {
        let (s, c) = chars[i];
        if !c.is_alphanumeric() {
            if !c.is_whitespace() && !matches!(c, '\'' | '\u{2019}' | '"' | '\u{201c}' | '\u{201d}')
            {
                broke = true;
            }
            i += 1;
            continue;
        }
        let mut j = i + 1;
        while j < chars.len() {
            let c = chars[j].1;
            let joiner = matches!(c, '-' | '/' | '.' | '\'' | '\u{2019}' | '&')
                && chars.get(j + 1).is_some_and(|n| n.1.is_alphanumeric());
            if c.is_alphanumeric() || joiner {
                j += 1;
            } else {
                break;
            }
        }
        let e = chars.get(j).map_or(text.len(), |n| n.0);
        let word = &text[s..e];
        let letters: Vec<char> = word.chars().filter(|c| c.is_alphabetic()).collect();
        out.push(Token {
            start: s,
            end: e,
            lower: word.to_lowercase().replace('\u{2019}', "'"),
            original: word.to_owned(),
            capitals: letters.len() >= 2 && letters.iter().all(|c| c.is_uppercase()),
            capitalised: letters.first().is_some_and(|c| c.is_uppercase()),
            after_break: broke,
        });
        broke = false;
        i = j;
    }
    out
}

/// The words outside `spans` (byte ranges, e.g. the dates found). A break before a span is
/// kept for the word after it ("Within six weeks, agree ...": "agree" starts a clause).
pub fn outside(tokens: &[Token], spans: &[(usize, usize)]) -> Vec<Token> {
    let mut out: Vec<Token> = Vec::with_capacity(tokens.len());
    let mut carried = false;
    for t in tokens {
        if spans.iter().any(|(s, e)| t.start < *e && *s < t.end) {
            carried |= t.after_break && out.is_empty();
            continue;
        }
        let mut t = t.clone();
        t.after_break |= carried;
        carried = false;
        out.push(t);
    }
    out
}

/// Byte spans of the text inside double quotation marks (“…” or "…"): in an objective, the
/// words of a behaviour being practised, e.g. Practise “Closes the session by asking what the
/// client is taking away”. An opening mark without a closing one quotes nothing.
pub fn quoted(text: &str) -> Vec<(usize, usize)> {
    let mut spans = Vec::new();
    let mut open: Option<(usize, char)> = None;
    for (i, c) in text.char_indices() {
        match (open, c) {
            (None, '\u{201c}' | '"') => open = Some((i + c.len_utf8(), c)),
            (Some((from, '\u{201c}')), '\u{201d}') | (Some((from, '"')), '"') => {
                spans.push((from, i));
                open = None;
            }
            _ => {}
        }
    }
    spans
}

/// A number written in digits or in words, as learners count things.
pub fn parse_count(word: &str) -> Option<u32> {
    if let Ok(n) = word.parse::<u32>() {
        return Some(n);
    }
    let n = match word {
        "one" | "a" | "an" | "single" => 1,
        "two" | "couple" => 2,
        "three" => 3,
        "four" => 4,
        "five" => 5,
        "six" => 6,
        "seven" => 7,
        "eight" => 8,
        "nine" => 9,
        "ten" => 10,
        "eleven" => 11,
        "twelve" => 12,
        "fifteen" => 15,
        "twenty" => 20,
        "thirty" => 30,
        "forty" => 40,
        "fifty" => 50,
        "hundred" => 100,
        _ => return None,
    };
    Some(n)
}

/// A count written in words ("three"), not "a".
pub fn is_number_word(word: &str) -> bool {
    !matches!(word, "a" | "an" | "single" | "couple") && parse_count(word).is_some()
        || matches!(word, "dozen" | "half" | "once" | "twice" | "thrice")
}
