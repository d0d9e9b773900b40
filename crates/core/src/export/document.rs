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
    /// Ruled lines to write on by hand, e.g. under a question on a handout.
    WritingLines(usize),
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
