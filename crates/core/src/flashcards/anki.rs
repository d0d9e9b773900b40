//! Anki interoperability: export to Anki's plain-text import format (with its header lines, so
//! Anki needs no questions answered), and import of a learner's own CSV or TSV deck.

use std::collections::HashSet;

use super::{Card, CardKind, slug};

/// Parent deck in Anki, so that Rapport's decks sit together in the learner's collection.
pub const ANKI_PARENT_DECK: &str = "Rapport";

/// The exported file's text: one note per line (a cloze note once, however many deletions).
///
/// The guid column is the card's stable note id, so importing a newer export into the same
/// Anki collection updates the notes instead of duplicating them.
pub fn export(cards: &[Card]) -> String {
    let mut out = String::from(
        "#separator:tab\n#html:false\n#guid column:1\n#notetype column:2\n#deck column:3\n\
         #tags column:6\n#columns:GUID\tNotetype\tDeck\tFront or Text\tBack or Extra\tTags\n",
    );
    let mut seen = HashSet::new();
    for card in cards {
        if !seen.insert(card.note.as_str()) {
            continue;
        }
        let deck = format!("{ANKI_PARENT_DECK}::{}", card.deck_title.replace("::", ":"));
        let (notetype, first, second) = match &card.kind {
            CardKind::Basic => ("Basic", card.front.as_str(), card.back.as_str()),
            CardKind::Cloze { text, extra, .. } => {
                ("Cloze", text.as_str(), extra.as_deref().unwrap_or(""))
            }
        };
        let tags = card.all_tags().join(" ");
        let fields = [
            card.note.as_str(),
            notetype,
            deck.as_str(),
            first,
            second,
            tags.as_str(),
        ];
        let line: Vec<String> = fields.iter().map(|f| field(f)).collect();
        out.push_str(&line.join("\t"));
        out.push('\n');
    }
    out
}

/// Anki reads the file with a CSV reader: a field holding a tab, a newline or a quote is quoted,
/// with quotes doubled.
fn field(text: &str) -> String {
    if text.contains(['\t', '\n', '\r', '"']) || text.starts_with('#') {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_owned()
    }
}

/// A card of the learner's own deck, as imported.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OwnCard {
    /// Derived from the deck and the front, so importing the same file again changes nothing.
    pub id: String,
    pub deck: String,
    pub front: String,
    pub back: String,
    pub tags: Vec<String>,
    /// A cloze card (imported from Anki): `front` is the note's cloze text, `back` its extra.
    pub cloze: Option<OwnCloze>,
}

/// Which deletion of which note a cloze card asks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OwnCloze {
    pub note: String,
    pub number: u32,
}

/// The store keeps a card's cloze number and note in a tag of this prefix (the tags column
/// already holds free text, so no new column, and no data migration, is needed).
pub const CLOZE_TAG: &str = "rapport-cloze:";

impl OwnCloze {
    pub fn tag(&self) -> String {
        format!("{CLOZE_TAG}{}:{}", self.number, self.note)
    }

    pub fn from_tag(tag: &str) -> Option<OwnCloze> {
        let (number, note) = tag.strip_prefix(CLOZE_TAG)?.split_once(':')?;
        Some(OwnCloze {
            note: note.to_owned(),
            number: number.parse().ok()?,
        })
    }
}

impl OwnCard {
    pub fn to_card(&self) -> Card {
        let (note, front, back, kind) = match &self.cloze {
            None => (
                self.id.clone(),
                self.front.clone(),
                self.back.clone(),
                CardKind::Basic,
            ),
            Some(c) => {
                let mut back = super::cloze_back(&self.front, c.number);
                if !self.back.is_empty() {
                    back = format!("{back}\n\n{}", self.back);
                }
                (
                    c.note.clone(),
                    super::cloze_front(&self.front, c.number),
                    back,
                    CardKind::Cloze {
                        text: self.front.clone(),
                        number: c.number,
                        extra: (!self.back.is_empty()).then(|| self.back.clone()),
                    },
                )
            }
        };
        Card {
            id: self.id.clone(),
            note,
            deck: format!("own:{}", slug(&self.deck)),
            deck_title: self.deck.clone(),
            unit: String::new(),
            section: "Own cards".to_owned(),
            topic: self.deck.clone(),
            tags: self.tags.clone(),
            front,
            back,
            kind,
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ImportReport {
    pub cards: Vec<OwnCard>,
    /// (line number from 1, what is wrong), for every row that was not imported.
    pub bad_rows: Vec<(usize, String)>,
}

/// FNV-1a, written out because the id must not change between Rust releases (std's hasher may).
fn stable_hash(text: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in text.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

/// Reads `front, back[, tags]` rows. The separator is a tab if the first data line has one,
/// else a comma; fields may be quoted as in CSV. Lines starting with `#` (Anki's headers) and a
/// first row of column names are skipped.
pub fn import(text: &str, deck: &str) -> ImportReport {
    let mut report = ImportReport::default();
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let first_data = text
        .lines()
        .find(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .unwrap_or("");
    let sep = if first_data.contains('\t') { '\t' } else { ',' };
    let mut seen = HashSet::new();
    let records = match split_records(text, sep) {
        Ok(r) => r,
        Err((line, message)) => {
            report.bad_rows.push((line, message));
            return report;
        }
    };
    let mut first = true;
    for (line, fields) in records {
        if fields.len() == 1 && fields[0].trim().is_empty() {
            continue;
        }
        if fields[0].starts_with('#') {
            continue;
        }
        if first {
            first = false;
            let names: Vec<String> = fields.iter().map(|f| f.trim().to_lowercase()).collect();
            if names.first().is_some_and(|n| n == "front")
                && names.get(1).is_some_and(|n| n == "back")
            {
                continue;
            }
        }
        let sep_name = if sep == '\t' { "tab" } else { "comma" };
        match fields.len() {
            0 | 1 => {
                report.bad_rows.push((
                    line,
                    format!("only one column; expected front and back separated by a {sep_name}"),
                ));
                continue;
            }
            2 | 3 => {}
            n => {
                report.bad_rows.push((
                    line,
                    format!("{n} columns; expected front, back and optional tags (a {sep_name} inside a field needs quotes)"),
                ));
                continue;
            }
        }
        let front = fields[0].trim();
        let back = fields[1].trim();
        if front.is_empty() || back.is_empty() {
            let which = if front.is_empty() { "front" } else { "back" };
            report
                .bad_rows
                .push((line, format!("the {which} is empty")));
            continue;
        }
        let id = format!("own:{}:{:016x}", slug(deck), stable_hash(front));
        if !seen.insert(id.clone()) {
            report.bad_rows.push((
                line,
                "the same front appears on an earlier row; only the first was imported".to_owned(),
            ));
            continue;
        }
        let tags = fields
            .get(2)
            .map(|t| t.split_whitespace().map(str::to_owned).collect())
            .unwrap_or_default();
        report.cards.push(OwnCard {
            id,
            deck: deck.to_owned(),
            front: front.to_owned(),
            back: back.to_owned(),
            tags,
            cloze: None,
        });
    }
    report
}

type Record = (usize, Vec<String>);

/// Splits CSV-style text into records with the line each starts on. Quoted fields may hold the
/// separator and newlines; an unclosed quote is reported at the line where it opened.
fn split_records(text: &str, sep: char) -> Result<Vec<Record>, (usize, String)> {
    let mut records = Vec::new();
    let mut fields = Vec::new();
    let mut field = String::new();
    let mut line = 1;
    let mut record_line = 1;
    let mut quote_line = 0;
    let mut in_quotes = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if in_quotes {
            match c {
                '"' if chars.peek() == Some(&'"') => {
                    chars.next();
                    field.push('"');
                }
                '"' => in_quotes = false,
                '\n' => {
                    line += 1;
                    field.push('\n');
                }
                c => field.push(c),
            }
            continue;
        }
        match c {
            '"' if field.is_empty() => {
                in_quotes = true;
                quote_line = line;
            }
            '\r' => {}
            '\n' => {
                fields.push(std::mem::take(&mut field));
                records.push((record_line, std::mem::take(&mut fields)));
                line += 1;
                record_line = line;
            }
            c if c == sep => fields.push(std::mem::take(&mut field)),
            c => field.push(c),
        }
    }
    if in_quotes {
        return Err((
            quote_line,
            "a quote opened here is never closed, so nothing was imported; close or remove it"
                .to_owned(),
        ));
    }
    if !field.is_empty() || !fields.is_empty() {
        fields.push(field);
        records.push((record_line, fields));
    }
    Ok(records)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn export_quotes_awkward_fields_and_writes_each_note_once() {
        let mut card = OwnCard {
            id: "n1".into(),
            deck: "Mine".into(),
            front: "a\tb".into(),
            back: "say \"hi\"\nthen".into(),
            tags: vec!["x".into()],
            cloze: None,
        }
        .to_card();
        let text = export(&[card.clone(), card.clone()]);
        let lines: Vec<&str> = text.lines().filter(|l| !l.starts_with('#')).collect();
        assert_eq!(
            lines[0],
            "n1\tBasic\tRapport::Mine\t\"a\tb\"\t\"say \"\"hi\"\""
        );
        assert_eq!(lines[1], "then\"\tsection::own-cards topic::mine x");
        assert_eq!(lines.len(), 2, "the note is written once");
        card.kind = CardKind::Cloze {
            text: "{{c1::x}}".into(),
            number: 1,
            extra: None,
        };
        assert!(export(&[card]).contains("\tCloze\t"));
    }

    #[test]
    fn import_reads_tsv_and_csv_and_reports_bad_rows_by_line() {
        let tsv = "#separator:tab\nfront\tback\ttags\nGROW?\tGoal, Reality, Options, Will\tmodels\n\nonly one\n\tno front\na\tb\tc\td\nGROW?\tdup\n";
        let r = import(tsv, "My deck");
        assert_eq!(r.cards.len(), 1);
        assert_eq!(r.cards[0].tags, vec!["models"]);
        let lines: Vec<usize> = r.bad_rows.iter().map(|(l, _)| *l).collect();
        assert_eq!(lines, vec![5, 6, 7, 8], "{:?}", r.bad_rows);
        assert!(r.bad_rows[0].1.contains("one column"));
        assert!(r.bad_rows[2].1.contains("4 columns"));

        let csv = "\"Kolb, first stage\",\"Concrete\nexperience\"\nSMART S,Specific\n";
        let r = import(csv, "d");
        assert_eq!(r.cards.len(), 2, "{:?}", r.bad_rows);
        assert_eq!(r.cards[0].back, "Concrete\nexperience");
        assert_eq!(r.cards[1].front, "SMART S");
        assert_eq!(
            import(csv, "d").cards[0].id,
            r.cards[0].id,
            "ids are stable"
        );

        let broken = "a,b\n\"unclosed,c\nd,e\n";
        let r = import(broken, "d");
        assert_eq!(r.bad_rows, vec![(2, r.bad_rows[0].1.clone())]);
        assert!(r.bad_rows[0].1.contains("never closed"));
    }
}
