//! The class's results, worked out from a session: by question (how many answered, how many
//! were right, how the answers spread over the options or parts), by assessment criterion and
//! by marking point. Class totals only: nothing here names a learner, so it may outlive the
//! session (the drill's end, the export) without keeping anything about anyone.
//!
//! The same results are written as CSV ([`ClassResults::to_csv`]), as a document of tables
//! for the PDF ([`ClassResults::document`]) and as a section of the drill's handout
//! ([`handout_with_results`]).

use std::collections::BTreeMap;

use rapport_core::drill::Drill;
use rapport_core::drill::handout::{self, Sheet};
use rapport_core::export::{Block, Document, Table};

use crate::session::{Session, TallyRow};

/// Answers counted together: how many, how many right, marks earned and the most there were.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Sum {
    pub answers: usize,
    pub right: usize,
    pub marks: u64,
    pub max: u64,
}

impl Sum {
    fn add(&mut self, right: bool, marks: u32, max: u32) {
        self.answers += 1;
        self.right += usize::from(right);
        self.marks += u64::from(marks);
        self.max += u64::from(max);
    }

    /// "12 / 20".
    pub fn marks_label(&self) -> String {
        format!("{} / {}", self.marks, self.max)
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct QuestionResult {
    pub title: String,
    /// "Single best answer", "Written answer", ...
    pub kind: &'static str,
    pub unit: String,
    pub criteria: Vec<String>,
    pub sum: Sum,
    /// One row per option (how many chose it; `right` marks a right option), or per item, term
    /// or rubric point (how many got it right), or right and wrong orders: as the projector
    /// showed them after the reveal.
    pub rows: Vec<TallyRow>,
    /// Whether the rows count choices (options) rather than parts got right.
    pub choices: bool,
}

/// The answers bearing on one criterion or one marking point.
#[derive(Debug, Clone, PartialEq)]
pub struct GroupResult {
    /// The unit's title (criteria only; empty for marking points).
    pub unit: String,
    /// The criterion's number, or the marking point's text.
    pub label: String,
    /// The criterion's text (empty for marking points, or when the content has none).
    pub text: String,
    pub sum: Sum,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct ClassResults {
    /// How many learners joined.
    pub learners: usize,
    pub questions: Vec<QuestionResult>,
    /// By unit, then criterion number (2.10 after 2.9).
    pub criteria: Vec<GroupResult>,
    /// In the order the drill first reached them.
    pub marking_points: Vec<GroupResult>,
}

/// Criterion numbers in the order a tutor reads them: 2.10 after 2.9.
fn number_key(n: &str) -> Vec<(u64, String)> {
    n.split('.')
        .map(|p| (p.parse().unwrap_or(u64::MAX), p.to_owned()))
        .collect()
}

impl ClassResults {
    pub fn of(s: &Session) -> ClassResults {
        type CriterionKey = (String, Vec<(u64, String)>, String);
        let mut criteria: BTreeMap<CriterionKey, GroupResult> = BTreeMap::new();
        let mut points: Vec<GroupResult> = Vec::new();
        let mut questions = Vec::new();
        for (i, q) in s.questions().iter().enumerate() {
            let mut sum = Sum::default();
            // Every point of the question is listed, answered or not.
            for mp in &q.marking_points {
                point(&mut points, mp);
            }
            for (_, g) in s.answers(i) {
                let right = g.right();
                sum.add(right, g.scored.score, g.scored.max);
                for (k, c) in q.criteria.iter().enumerate() {
                    let key = (q.unit.clone(), number_key(c), c.clone());
                    criteria
                        .entry(key)
                        .or_insert_with(|| GroupResult {
                            unit: q.unit.clone(),
                            label: c.clone(),
                            text: q.criterion_texts.get(k).cloned().unwrap_or_default(),
                            sum: Sum::default(),
                        })
                        .sum
                        .add(right, g.scored.score, g.scored.max);
                }
                match &g.scored.mark {
                    // A written answer is marked point by point.
                    Some(m) => {
                        for p in &m.points {
                            let k = point(&mut points, &p.marking_point);
                            points[k].sum.add(p.earned, p.marks, p.max_mark);
                        }
                    }
                    // Another answer evidences the scenario's marking points all together.
                    None => {
                        for mp in &q.marking_points {
                            let k = point(&mut points, mp);
                            points[k].sum.add(right, g.scored.score, g.scored.max);
                        }
                    }
                }
            }
            let tally = s.tally(i);
            questions.push(QuestionResult {
                title: q.title.clone(),
                kind: q.kind.label(),
                unit: q.unit.clone(),
                criteria: q.criteria.clone(),
                sum,
                rows: tally.map(|t| t.rows).unwrap_or_default(),
                choices: q.option_count() > 0,
            });
        }
        // A criterion nobody answered on is listed too, so the tutor sees the gap.
        for q in s.questions() {
            for (k, c) in q.criteria.iter().enumerate() {
                let key = (q.unit.clone(), number_key(c), c.clone());
                criteria.entry(key).or_insert_with(|| GroupResult {
                    unit: q.unit.clone(),
                    label: c.clone(),
                    text: q.criterion_texts.get(k).cloned().unwrap_or_default(),
                    sum: Sum::default(),
                });
            }
        }
        ClassResults {
            learners: s.learners().len(),
            questions,
            criteria: criteria.into_values().collect(),
            marking_points: points,
        }
    }

    /// How many answers the class gave over the whole drill.
    pub fn answers(&self) -> usize {
        self.questions.iter().map(|q| q.sum.answers).sum()
    }

    /// "6 learners gave 30 answers to 6 questions."
    pub fn summary(&self) -> String {
        let s =
            |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
        format!(
            "{} gave {} to {}.",
            s(self.learners, "learner", "learners"),
            s(self.answers(), "answer", "answers"),
            s(self.questions.len(), "question", "questions"),
        )
    }

    /// Every row: `level,question,title,criterion,marking_point,answers,right,marks,max_marks`.
    ///
    /// - `question`: one per question (its number, title and criteria) with its totals;
    /// - `option`: after each question, one per option (`answers` chose it, `right` as many
    ///   when it is a right option, else 0), or per item, term or rubric point (`answers` who
    ///   answered the question, `right` who got that part right); no marks;
    /// - `criterion`: one per assessment criterion (the unit's title in `title`);
    /// - `marking_point`: one per marking point.
    pub fn to_csv(&self) -> String {
        let mut out = String::from(
            "level,question,title,criterion,marking_point,answers,right,marks,max_marks\n",
        );
        let row = |s: &Sum| format!("{},{},{},{}", s.answers, s.right, s.marks, s.max);
        for (i, q) in self.questions.iter().enumerate() {
            out.push_str(&format!(
                "question,{},{},{},,{}\n",
                i + 1,
                field(&q.title),
                field(&q.criteria.join(" ")),
                row(&q.sum)
            ));
            for r in &q.rows {
                let (answers, right) = if q.choices {
                    (r.count, if r.right { r.count } else { 0 })
                } else {
                    (q.sum.answers, r.count)
                };
                out.push_str(&format!(
                    "option,{},{},,,{answers},{right},,\n",
                    i + 1,
                    field(&r.label)
                ));
            }
        }
        for c in &self.criteria {
            out.push_str(&format!(
                "criterion,,{},{},,{}\n",
                field(&c.unit),
                field(&c.label),
                row(&c.sum)
            ));
        }
        for p in &self.marking_points {
            out.push_str(&format!(
                "marking_point,,,,{},{}\n",
                field(&p.label),
                row(&p.sum)
            ));
        }
        out
    }

    /// The results as tables, under subheadings: for a document of their own or a section of
    /// the handout.
    pub fn blocks(&self) -> Vec<Block> {
        let mut b = vec![
            Block::Paragraph(format!(
                "{} Class totals only: no learner's name or answer is kept.",
                self.summary()
            )),
            Block::Subheading("By question".into()),
            Block::Table(Table {
                headers: ["#", "Question", "Answered", "Right", "Marks"]
                    .map(String::from)
                    .to_vec(),
                widths: vec![1, 9, 2, 2, 2],
                rows: self
                    .questions
                    .iter()
                    .enumerate()
                    .map(|(i, q)| {
                        vec![
                            (i + 1).to_string(),
                            format!("{} ({})", q.title, q.kind.to_lowercase()),
                            q.sum.answers.to_string(),
                            q.sum.right.to_string(),
                            q.sum.marks_label(),
                        ]
                    })
                    .collect(),
            }),
        ];
        for (i, q) in self.questions.iter().enumerate() {
            if q.rows.is_empty() {
                continue;
            }
            b.push(Block::Paragraph(format!(
                "Question {}: {} ({} answered, {} right)",
                i + 1,
                q.title,
                q.sum.answers,
                q.sum.right
            )));
            let rows = q
                .rows
                .iter()
                .map(|r| {
                    if q.choices {
                        vec![
                            r.label.clone(),
                            r.count.to_string(),
                            if r.right { "right" } else { "" }.to_owned(),
                        ]
                    } else {
                        vec![
                            r.label.clone(),
                            format!("{} of {} right", r.count, q.sum.answers),
                            String::new(),
                        ]
                    }
                })
                .collect();
            b.push(Block::Table(Table {
                headers: vec![
                    if q.choices { "Option" } else { "Part" }.to_owned(),
                    if q.choices { "Chose it" } else { "Got it" }.to_owned(),
                    String::new(),
                ],
                widths: vec![10, 3, 2],
                rows,
            }));
        }
        b.push(Block::Subheading("By assessment criterion".into()));
        b.push(Block::Table(Table {
            headers: ["Criterion", "Unit", "Answers", "Right", "Marks"]
                .map(String::from)
                .to_vec(),
            widths: vec![7, 4, 2, 2, 2],
            rows: self
                .criteria
                .iter()
                .map(|c| {
                    vec![
                        if c.text.is_empty() {
                            c.label.clone()
                        } else {
                            format!("{} {}", c.label, c.text)
                        },
                        c.unit.clone(),
                        c.sum.answers.to_string(),
                        c.sum.right.to_string(),
                        c.sum.marks_label(),
                    ]
                })
                .collect(),
        }));
        b.push(Block::Subheading("By marking point".into()));
        b.push(Block::Table(Table {
            headers: ["Marking point", "Answers", "Right", "Marks"]
                .map(String::from)
                .to_vec(),
            widths: vec![11, 2, 2, 2],
            rows: self
                .marking_points
                .iter()
                .map(|p| {
                    vec![
                        p.label.clone(),
                        p.sum.answers.to_string(),
                        p.sum.right.to_string(),
                        p.sum.marks_label(),
                    ]
                })
                .collect(),
        }));
        b
    }

    /// The results as a document of their own ("Week 3: class results").
    pub fn document(&self, drill: &Drill) -> Document {
        let title = format!("{}: class results", drill_name(drill));
        let mut blocks = vec![
            Block::Title(title.clone()),
            Block::Paragraph(format!(
                "{} scenario{}, shuffle {}.",
                drill.items.len(),
                if drill.items.len() == 1 { "" } else { "s" },
                drill.setup.seed
            )),
        ];
        blocks.extend(self.blocks());
        Document { title, blocks }
    }
}

/// The index of the marking point `label`, added at the end when it is new.
fn point(points: &mut Vec<GroupResult>, label: &str) -> usize {
    if let Some(i) = points.iter().position(|p| p.label == label) {
        return i;
    }
    points.push(GroupResult {
        unit: String::new(),
        label: label.to_owned(),
        text: String::new(),
        sum: Sum::default(),
    });
    points.len() - 1
}

fn drill_name(drill: &Drill) -> &str {
    match drill.setup.name.trim() {
        "" => "Classroom drill",
        n => n,
    }
}

/// The drill's handout, with a section of the class's results at the end when the class
/// answered anything (without answers it is the usual handout).
pub fn handout_with_results(drill: &Drill, results: &ClassResults) -> Document {
    let mut doc = handout::build(drill, Sheet::Handout);
    if results.answers() > 0 {
        doc.blocks.push(Block::NewPage { landscape: false });
        doc.blocks.push(Block::Heading("Class results".into()));
        doc.blocks.extend(results.blocks());
    }
    doc
}

/// `week-3-4821-class-results`: beside the handout and answer key of the same drill.
pub fn file_stem(drill: &Drill) -> String {
    let stem = handout::file_stem(drill, Sheet::Handout);
    let base = stem.strip_suffix("-handout").unwrap_or(&stem);
    format!("{base}-class-results")
}

/// Learners' totals in ranking order, most first; equal totals share a place (1, 1, 3) and
/// keep the order the learners joined in.
pub fn rank(scores: &[(String, u32)]) -> Vec<(usize, String, u32)> {
    let mut order: Vec<usize> = (0..scores.len()).collect();
    order.sort_by_key(|&i| std::cmp::Reverse(scores[i].1));
    let mut out: Vec<(usize, String, u32)> = Vec::with_capacity(order.len());
    for (n, &i) in order.iter().enumerate() {
        let place = match out.last() {
            Some((p, _, t)) if *t == scores[i].1 => *p,
            _ => n + 1,
        };
        out.push((place, scores[i].0.clone(), scores[i].1));
    }
    out
}

/// A field as CSV writes it: quoted when needed, and with a leading `'` when a spreadsheet
/// would otherwise read it as a formula.
pub(crate) fn field(s: &str) -> String {
    let s = if s.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{s}")
    } else {
        s.to_owned()
    };
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s
    }
}

#[cfg(test)]
mod tests {
    use super::{field, rank};

    #[test]
    fn fields_are_quoted_and_formulas_defused() {
        assert_eq!(field("plain"), "plain");
        assert_eq!(field("a, b"), "\"a, b\"");
        assert_eq!(field("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(field("=cmd()"), "'=cmd()");
    }

    #[test]
    fn equal_totals_share_a_place() {
        let scores = [
            ("Ann".to_owned(), 3),
            ("Bob".to_owned(), 5),
            ("Cy".to_owned(), 3),
            ("Di".to_owned(), 1),
        ];
        let ranked = rank(&scores);
        let r: Vec<(usize, &str, u32)> = ranked
            .iter()
            .map(|(p, n, t)| (*p, n.as_str(), *t))
            .collect();
        assert_eq!(
            r,
            vec![(1, "Bob", 5), (2, "Ann", 3), (2, "Cy", 3), (4, "Di", 1)]
        );
    }
}
