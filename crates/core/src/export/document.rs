//! A small document model (title, headings, paragraphs, bullets, labelled fields) rendered to
//! Markdown here and to PDF by `rapport-pdf`, so that every export writes both formats from one list of blocks and
//! the two files always say the same thing. Shared by the drill handouts and the development
//! plan export; nothing here knows what the document is about.

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Block {
    Title(String),
    Heading(String),
    Subheading(String),
    Paragraph(String),
    Bullet(String),
    /// A labelled value, e.g. "Target date: 31 March 2027".
    Field(String, String),
    /// A table with a header row, repeated on every page it runs over.
    Table(Table),
    /// A horizontal bar chart: a row per item, a bar per series.
    Chart(Chart),
    /// A line to sign and a line for the date, per signatory ("Learner", "Supervisor or
    /// assessor").
    Signatures(Vec<String>),
    /// Starts a new page; a landscape one for a wide table. Markdown has no pages and ignores it.
    NewPage {
        landscape: bool,
    },
    /// Ruled lines to write on by hand, e.g. under a question on a handout.
    WritingLines(usize),
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Table {
    pub headers: Vec<String>,
    /// Each column's share of the line (relative: they need not add up to 1).
    pub widths: Vec<u16>,
    /// Each row has a cell per header; missing cells are blank.
    pub rows: Vec<Vec<String>>,
}

/// Values run from `min` to `max` on a scale whose points are labelled `ticks` (e.g. "1" to "5").
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Chart {
    pub title: String,
    /// The series' names in drawing order, e.g. "Previous", "Current", "Target".
    pub series: Vec<String>,
    pub min: f32,
    pub max: f32,
    pub ticks: Vec<(f32, String)>,
    pub rows: Vec<ChartRow>,
}

/// Built only from finite numbers, so equality is total.
impl Eq for Chart {}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct ChartRow {
    pub label: String,
    /// A value per series; `None` where there is none (not rated).
    pub values: Vec<Option<f32>>,
}

impl Chart {
    /// "current 2.0, target 4.0" or "not rated": a row's values in words.
    pub fn describe(&self, row: &ChartRow) -> String {
        let said: Vec<String> = self
            .series
            .iter()
            .zip(&row.values)
            .filter_map(|(s, v)| v.map(|v| format!("{} {v:.1}", s.to_lowercase())))
            .collect();
        if said.is_empty() {
            "not rated".to_owned()
        } else {
            said.join(", ")
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Document {
    pub title: String,
    pub blocks: Vec<Block>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Markdown,
    Pdf,
}

impl Format {
    pub fn extension(self) -> &'static str {
        match self {
            Format::Markdown => "md",
            Format::Pdf => "pdf",
        }
    }
}

/// Stops a learner's text from being read as Markdown syntax.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(
            c,
            '\\' | '*' | '_' | '`' | '[' | ']' | '<' | '>' | '#' | '|'
        ) {
            out.push('\\');
        }
        if c == '\n' {
            out.push_str("  \n");
            continue;
        }
        out.push(c);
    }
    out
}

/// One ruled line to write on: in Markdown a line of underscores, which reads as a line in
/// the text and renders as a rule.
pub const WRITING_LINE_MD: &str = "______________________________________________________________";

pub fn to_markdown(p: &Document) -> String {
    let mut out = String::new();
    let mut after_list = false;
    for block in &p.blocks {
        // A table straight after a list would be read as part of the list's last item.
        if matches!(block, Block::Table(_) | Block::Chart(_))
            && out.ends_with('\n')
            && !out.ends_with("\n\n")
        {
            out.push('\n');
        }
        let list = matches!(block, Block::Bullet(_));
        // A list ends with a blank line, or the next paragraph would continue its last item.
        if after_list && !list {
            out.push('\n');
        }
        after_list = list;
        match block {
            Block::WritingLines(n) => {
                for _ in 0..*n {
                    out.push_str(WRITING_LINE_MD);
                    out.push_str("\n\n");
                }
            }
            Block::Title(t) => out.push_str(&format!("# {}\n\n", escape(t))),
            Block::Heading(t) => out.push_str(&format!("## {}\n\n", escape(t))),
            Block::Subheading(t) => out.push_str(&format!("### {}\n\n", escape(t))),
            Block::Paragraph(t) => out.push_str(&format!("{}\n\n", escape(t))),
            Block::Bullet(t) => out.push_str(&format!("- {}\n", escape(t))),
            Block::Field(l, v) => out.push_str(&format!("**{}:** {}\n\n", escape(l), escape(v))),
            Block::Table(t) => {
                let row = |cells: &[String]| {
                    let cells: Vec<String> = (0..t.headers.len())
                        .map(|i| {
                            escape(cells.get(i).map_or("", |c| c.trim())).replace("  \n", "<br>")
                        })
                        .collect();
                    format!("| {} |\n", cells.join(" | "))
                };
                out.push_str(&row(&t.headers));
                out.push_str(&format!("|{}\n", "---|".repeat(t.headers.len())));
                for r in &t.rows {
                    out.push_str(&row(r));
                }
                out.push('\n');
            }
            Block::Chart(c) => {
                // Markdown has no drawing: the chart's numbers as a table.
                out.push_str(&format!("**{}**\n\n", escape(&c.title)));
                let mut headers = vec![String::new()];
                headers.extend(c.series.iter().cloned());
                out.push_str(&format!(
                    "| {} |\n|{}\n",
                    headers
                        .iter()
                        .map(|h| escape(h))
                        .collect::<Vec<_>>()
                        .join(" | "),
                    "---|".repeat(headers.len())
                ));
                for r in &c.rows {
                    let mut cells = vec![escape(&r.label)];
                    cells.extend(
                        r.values
                            .iter()
                            .map(|v| v.map_or("not rated".to_owned(), |v| format!("{v:.1}"))),
                    );
                    out.push_str(&format!("| {} |\n", cells.join(" | ")));
                }
                out.push('\n');
            }
            Block::Signatures(names) => {
                // Escaped underscores: a line to write on, never read as emphasis.
                let line = |n: usize| "\\_".repeat(n);
                for n in names {
                    out.push_str(&format!(
                        "{}: {}  Date: {}\n\n",
                        escape(n),
                        line(30),
                        line(12)
                    ));
                }
            }
            Block::NewPage { .. } => {}
        }
    }
    // Close a trailing list and keep exactly one newline at the end.
    while out.ends_with("\n\n") {
        out.pop();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_escapes_the_learners_text() {
        let p = Document {
            title: "t".into(),
            blocks: vec![
                Block::Title("Plan".into()),
                Block::Field("Actions".into(), "# not a heading *or* bold".into()),
            ],
        };
        let md = to_markdown(&p);
        assert!(md.starts_with("# Plan\n\n"));
        assert!(
            md.contains("**Actions:** \\# not a heading \\*or\\* bold"),
            "{md}"
        );
    }

    #[test]
    fn a_paragraph_after_a_list_is_not_part_of_its_last_item() {
        let p = Document {
            title: "t".into(),
            blocks: vec![
                Block::Bullet("one".into()),
                Block::Bullet("two".into()),
                Block::Paragraph("after".into()),
                Block::WritingLines(2),
            ],
        };
        let md = to_markdown(&p);
        let line = WRITING_LINE_MD;
        assert_eq!(md, format!("- one\n- two\n\nafter\n\n{line}\n\n{line}\n"));
    }
}
