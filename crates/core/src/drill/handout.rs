//! The drill on paper: a handout for the class (questions only) and an answer key for the
//! tutor (answers, marking points, misconceptions), as documents of the shared export model.

use super::{Drill, DrillItem, QuestionKind};
use crate::export::{Block, Document};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sheet {
    Handout,
    AnswerKey,
}

impl Sheet {
    pub fn label(self) -> &'static str {
        match self {
            Sheet::Handout => "Handout",
            Sheet::AnswerKey => "Answer key",
        }
    }

    fn slug(self) -> &'static str {
        match self {
            Sheet::Handout => "handout",
            Sheet::AnswerKey => "answer-key",
        }
    }
}

/// `drill-monday-group-4821-handout.md`: the shuffle number in the name tells two runs apart.
pub fn file_stem(drill: &Drill, sheet: Sheet) -> String {
    let name: String = drill
        .setup
        .name
        .trim()
        .chars()
        .map(|c| {
            if c.is_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect();
    let name = name
        .split('-')
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join("-");
    let name = if name.is_empty() {
        "drill".into()
    } else {
        name
    };
    format!("{name}-{}-{}", drill.setup.seed, sheet.slug())
}

fn question_blocks(i: usize, it: &DrillItem, b: &mut Vec<Block>) {
    b.push(Block::Heading(format!("{}. {}", i + 1, it.title)));
    b.push(Block::Field(
        "Unit".into(),
        if it.criteria.is_empty() {
            it.unit_title.clone()
        } else {
            format!("{} (criteria {})", it.unit_title, it.criteria.join(", "))
        },
    ));
    b.push(Block::Field("Setting".into(), it.setting.clone()));
    b.push(Block::Paragraph(it.situation.clone()));
    b.push(Block::Paragraph(it.prompt.clone()));
    // Items to sort or order are a list; instructions ("Put the stages of GROW in order:",
    // "Write your answer.") and lettered or numbered options are plain lines.
    for line in &it.options {
        match line.strip_prefix("- ") {
            Some(rest) => b.push(Block::Bullet(rest.to_owned())),
            None => b.push(Block::Paragraph(line.clone())),
        }
    }
}

/// Ruled lines under a question on the handout: room for a few sentences for a written
/// answer, for letters, an order or a few words otherwise.
fn writing_lines(it: &DrillItem) -> usize {
    if it.kind == QuestionKind::Written {
        WRITTEN_ANSWER_LINES
    } else {
        SHORT_ANSWER_LINES
    }
}

const WRITTEN_ANSWER_LINES: usize = 8;
const SHORT_ANSWER_LINES: usize = 3;

pub fn build(drill: &Drill, sheet: Sheet) -> Document {
    let name = match drill.setup.name.trim() {
        "" => "Classroom drill",
        n => n,
    };
    let title = format!("{name}: {}", sheet.label().to_lowercase());
    let mut b = vec![
        Block::Title(title.clone()),
        Block::Paragraph(format!(
            "{} scenario{}, shuffle {}.",
            drill.items.len(),
            if drill.items.len() == 1 { "" } else { "s" },
            drill.setup.seed
        )),
    ];
    for (i, it) in drill.items.iter().enumerate() {
        question_blocks(i, it, &mut b);
        if sheet == Sheet::Handout {
            b.push(Block::WritingLines(writing_lines(it)));
            continue;
        }
        b.push(Block::Subheading("Answer".into()));
        b.extend(it.answer.iter().cloned().map(Block::Bullet));
        if let Some(e) = &it.explanation {
            b.push(Block::Paragraph(e.clone()));
        }
        if !it.marking_points.is_empty() {
            b.push(Block::Subheading("Marking points".into()));
            b.extend(it.marking_points.iter().cloned().map(Block::Bullet));
        }
        if !it.misconceptions.is_empty() {
            b.push(Block::Subheading("Misconceptions it catches".into()));
            for m in &it.misconceptions {
                let mut line = match &m.trigger {
                    Some(t) => format!("{t}: {}", m.text),
                    None => m.text.clone(),
                };
                if let Some(c) = &m.correction {
                    line.push_str(&format!(" Instead: {c}"));
                }
                b.push(Block::Bullet(line));
            }
        }
        if !it.notes.is_empty() {
            b.push(Block::Subheading("Notes".into()));
            b.extend(it.notes.iter().cloned().map(Block::Bullet));
        }
    }
    Document { title, blocks: b }
}
