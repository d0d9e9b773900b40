//! The portfolio export: the development plan with the self-assessment summary, as one list of
//! blocks rendered to Markdown or to PDF, so that both files always say the same thing.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use krilla::Document as PdfDocument;
use krilla::geom::Point;
use krilla::metadata::Metadata;
use krilla::page::PageSettings;
use krilla::text::{Font, TextDirection};
use skrifa::MetadataProvider;
use skrifa::instance::{LocationRef, Size};

use super::assessment::{Assessment, latest_gap, previous_completed, results};
use super::entry::{GIBBS_PROMPTS, PlanEntry, Review, short_name};
use super::smart;
use crate::content::Framework;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Block {
    Title(String),
    Heading(String),
    Subheading(String),
    Paragraph(String),
    Bullet(String),
    /// A labelled value, e.g. "Target date: 31 March 2027".
    Field(String, String),
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Portfolio {
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

/// `rapport-development-plan-2026-11-26.md`: sorts by date in a folder and says what it is.
pub fn file_name(today: NaiveDate, format: Format) -> String {
    format!(
        "rapport-development-plan-{}.{}",
        today.format("%Y-%m-%d"),
        format.extension()
    )
}

pub fn long_date(date: NaiveDate) -> String {
    date.format("%-d %B %Y").to_string()
}

fn date_of_seconds(seconds: i64) -> String {
    chrono::DateTime::from_timestamp(seconds, 0)
        .map(|d| long_date(d.date_naive()))
        .unwrap_or_else(|| "unknown date".to_owned())
}

/// What goes into the export: everything the learner has written, read-only.
pub struct Input<'a> {
    pub frameworks: &'a [&'a Framework],
    pub assessments: &'a [Assessment],
    pub entries: &'a [PlanEntry],
    pub reviews: &'a [Review],
    pub plan_end: Option<NaiveDate>,
    pub today: NaiveDate,
}

pub fn build(input: &Input) -> Portfolio {
    let title = "Development plan and self-assessment summary".to_owned();
    let mut b = vec![
        Block::Title(title.clone()),
        Block::Paragraph(format!(
            "Prepared with Rapport on {}. These are personal reflections: share them only as you choose.",
            long_date(input.today)
        )),
    ];
    let by_id: BTreeMap<&str, &Framework> = input
        .frameworks
        .iter()
        .map(|f| (f.id.as_str(), *f))
        .collect();

    b.push(Block::Heading("Self-assessment summary".into()));
    let mut any = false;
    for fw in input.frameworks {
        // The latest completed assessment of each framework, else the one in progress.
        let latest = input
            .assessments
            .iter()
            .filter(|a| a.framework_id == fw.id)
            .max_by_key(|a| (a.completed_at.is_some(), a.completed_at, a.started_at));
        let Some(current) = latest else { continue };
        any = true;
        let previous = previous_completed(input.assessments, current);
        let r = results(fw, current, previous);
        b.push(Block::Subheading(format!(
            "{} ({})",
            fw.name, current.framework_version
        )));
        b.push(Block::Paragraph(match current.completed_at {
            Some(t) => format!("Completed on {}.", date_of_seconds(t)),
            None => format!(
                "In progress, started on {}; not yet marked complete.",
                date_of_seconds(current.started_at)
            ),
        }));
        if let Some(p) = previous.and_then(|p| p.completed_at) {
            b.push(Block::Paragraph(format!(
                "Compared with the assessment completed on {}.",
                date_of_seconds(p)
            )));
        }
        for c in &r.competencies {
            let fmt = |v: Option<f32>| v.map_or("not rated".to_owned(), |v| format!("{v:.1}"));
            let mut line = format!(
                "{}: current {}, target {}",
                c.label,
                fmt(c.current),
                fmt(c.target)
            );
            if let Some(p) = c.previous {
                line.push_str(&format!(", previously {p:.1}"));
            }
            b.push(Block::Bullet(line));
        }
        let gaps = r.gaps();
        if !gaps.is_empty() {
            b.push(Block::Field(
                "Largest gaps".into(),
                gaps.iter()
                    .map(|g| format!("{} ({:.1})", g.label, g.gap().unwrap_or(0.0)))
                    .collect::<Vec<_>>()
                    .join("; "),
            ));
        }
        let strengths = r.strengths();
        if !strengths.is_empty() {
            b.push(Block::Field(
                "Strengths".into(),
                strengths
                    .iter()
                    .map(|s| s.label.clone())
                    .collect::<Vec<_>>()
                    .join("; "),
            ));
        }
        if !r.unevidenced.is_empty() {
            b.push(Block::Paragraph(format!(
                "{} rating(s) have no evidence note or example yet.",
                r.unevidenced.len()
            )));
        }
    }
    if !any {
        b.push(Block::Paragraph("No self-assessment recorded yet.".into()));
    }

    b.push(Block::Heading("Development plan".into()));
    if let Some(end) = input.plan_end {
        b.push(Block::Field("Plan ends".into(), long_date(end)));
    }
    if input.entries.is_empty() {
        b.push(Block::Paragraph("No plan entries yet.".into()));
    }
    for (i, e) in input.entries.iter().enumerate() {
        let fw = e
            .framework_id
            .as_deref()
            .and_then(|id| by_id.get(id))
            .copied();
        let competency = fw.and_then(|fw| {
            let c = fw.competency(e.competency_id.as_deref()?)?;
            Some(format!("{} {}", short_name(fw), fw.competency_label(c)))
        });
        b.push(Block::Subheading(format!(
            "{}. {}",
            i + 1,
            if e.need.trim().is_empty() {
                "Development need not written yet"
            } else {
                e.need.trim()
            }
        )));
        let report = smart::check(
            &e.objective,
            &smart::Context {
                today: input.today,
                plan_end: input.plan_end,
                actions: &e.actions,
                resources: &e.resources,
                competency: competency.as_deref(),
                competency_gap: fw
                    .and_then(|fw| latest_gap(fw, input.assessments, e.competency_id.as_deref()?)),
                target_date: e.target_date,
            },
        );
        let smart_line = if report.passes {
            "meets all five letters".to_owned()
        } else {
            format!(
                "missing {}",
                report
                    .failing()
                    .map(|v| v.name)
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        };
        let fields = [
            (
                "Linked competency",
                competency.unwrap_or_else(|| "none".into()),
            ),
            ("SMART objective", e.objective.clone()),
            ("SMART check", smart_line),
            ("Actions", e.actions.clone()),
            ("Resources and support", e.resources.clone()),
            ("Success criteria and evidence", e.success_criteria.clone()),
            (
                "Target date",
                e.target_date.map_or("not set".into(), long_date),
            ),
            (
                "Review dates",
                if e.review_dates.is_empty() {
                    "none".into()
                } else {
                    e.review_dates
                        .iter()
                        .map(|d| long_date(*d))
                        .collect::<Vec<_>>()
                        .join(", ")
                },
            ),
            ("Status", e.status.label().to_owned()),
            ("Impact", e.impact.clone()),
        ];
        for (label, value) in fields {
            let value = value.trim();
            b.push(Block::Field(
                label.into(),
                if value.is_empty() {
                    "(blank)".into()
                } else {
                    value.into()
                },
            ));
        }
        let mut reviews: Vec<&Review> = input
            .reviews
            .iter()
            .filter(|r| r.entry_id == e.id)
            .collect();
        reviews.sort_by_key(|r| (r.date, r.created_at));
        for r in reviews {
            b.push(Block::Paragraph(format!(
                "Review on {} (status after: {})",
                long_date(r.date),
                r.status.label()
            )));
            for ((stage, _), text) in GIBBS_PROMPTS.iter().zip(r.gibbs_fields()) {
                if !text.trim().is_empty() {
                    b.push(Block::Bullet(format!("{stage}: {}", text.trim())));
                }
            }
        }
    }
    Portfolio { title, blocks: b }
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

pub fn to_markdown(p: &Portfolio) -> String {
    let mut out = String::new();
    for block in &p.blocks {
        match block {
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

/// Measures text in the font the PDF is written with, for line breaking.
struct Measure<'a> {
    font: skrifa::FontRef<'a>,
}

impl Measure<'_> {
    fn width(&self, text: &str, size: f32) -> f32 {
        let charmap = self.font.charmap();
        let metrics = self
            .font
            .glyph_metrics(Size::new(size), LocationRef::default());
        text.chars()
            .map(|c| {
                charmap
                    .map(c)
                    .and_then(|g| metrics.advance_width(g))
                    .unwrap_or(size * 0.5)
            })
            .sum()
    }

    /// Greedy word wrap; a word longer than a line is broken by characters.
    fn wrap(&self, text: &str, size: f32, max: f32) -> Vec<String> {
        let mut lines = Vec::new();
        for paragraph in text.split('\n') {
            let mut line = String::new();
            for word in paragraph.split_whitespace() {
                let candidate = if line.is_empty() {
                    word.to_owned()
                } else {
                    format!("{line} {word}")
                };
                if self.width(&candidate, size) <= max {
                    line = candidate;
                    continue;
                }
                if !line.is_empty() {
                    lines.push(std::mem::take(&mut line));
                }
                let mut piece = String::new();
                for c in word.chars() {
                    piece.push(c);
                    if self.width(&piece, size) > max {
                        piece.pop();
                        lines.push(std::mem::take(&mut piece));
                        piece.push(c);
                    }
                }
                line = piece;
            }
            lines.push(line);
        }
        lines
    }
}

/// Characters the embedded font has no glyph for are replaced, so the PDF never shows boxes.
fn printable(font: &skrifa::FontRef, text: &str) -> String {
    let charmap = font.charmap();
    text.chars()
        .map(|c| {
            if c.is_whitespace() || charmap.map(c).is_some() {
                c
            } else {
                '?'
            }
        })
        .collect()
}

const PAGE_W: f32 = 595.0;
const PAGE_H: f32 = 842.0;
const MARGIN: f32 = 56.0;

pub fn to_pdf(p: &Portfolio) -> Result<Vec<u8>, String> {
    let bytes: &'static [u8] = epaint_default_fonts::UBUNTU_LIGHT;
    let font = Font::new(bytes.into(), 0).ok_or("the PDF font could not be read")?;
    let measure = Measure {
        font: skrifa::FontRef::new(bytes).map_err(|e| format!("the PDF font: {e}"))?,
    };
    // Lay out first, into pages of (x, y, size, text), then draw.
    let mut pages: Vec<Vec<(f32, f32, f32, String)>> = vec![Vec::new()];
    let mut y = MARGIN;
    let width = PAGE_W - 2.0 * MARGIN;
    let mut put = |x: f32, size: f32, before: f32, lines: Vec<String>, y: &mut f32| {
        *y += before;
        for line in lines {
            let step = size * 1.35;
            if *y + step > PAGE_H - MARGIN {
                pages.push(Vec::new());
                *y = MARGIN;
            }
            *y += step;
            if let Some(page) = pages.last_mut() {
                page.push((x, *y, size, line));
            }
        }
    };
    for block in &p.blocks {
        let (indent, size, before, text) = match block {
            Block::Title(t) => (0.0, 19.0, 0.0, t.clone()),
            Block::Heading(t) => (0.0, 15.0, 14.0, t.clone()),
            Block::Subheading(t) => (0.0, 12.5, 10.0, t.clone()),
            Block::Paragraph(t) => (0.0, 10.5, 4.0, t.clone()),
            Block::Bullet(t) => (12.0, 10.5, 1.0, format!("\u{2022} {t}")),
            Block::Field(l, v) => (0.0, 10.5, 3.0, format!("{l}: {v}")),
        };
        let text = printable(&measure.font, &text);
        let lines = measure.wrap(&text, size, width - indent);
        put(MARGIN + indent, size, before, lines, &mut y);
    }

    let mut doc = PdfDocument::new();
    doc.set_metadata(
        Metadata::new()
            .title(p.title.clone())
            .creator("Rapport".to_owned()),
    );
    let settings = PageSettings::from_wh(PAGE_W, PAGE_H).ok_or("bad page size")?;
    for lines in pages {
        let mut page = doc.start_page_with(settings.clone());
        let mut surface = page.surface();
        for (x, y, size, line) in lines {
            surface.draw_text(
                Point::from_xy(x, y),
                font.clone(),
                size,
                &line,
                false,
                TextDirection::Auto,
            );
        }
        surface.finish();
        page.finish();
    }
    doc.finish()
        .map_err(|e| format!("the PDF could not be written: {e:?}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_escapes_the_learners_text() {
        let p = Portfolio {
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
    fn long_lines_wrap_inside_the_page() {
        let bytes: &'static [u8] = epaint_default_fonts::UBUNTU_LIGHT;
        let m = Measure {
            font: skrifa::FontRef::new(bytes).unwrap(),
        };
        let text = "word ".repeat(200);
        let lines = m.wrap(&text, 10.5, 300.0);
        assert!(lines.len() > 5);
        assert!(lines.iter().all(|l| m.width(l, 10.5) <= 300.0));
        assert_eq!(lines.join(" ").split_whitespace().count(), 200);
    }

    #[test]
    fn file_names_carry_the_date_and_format() {
        let d = NaiveDate::from_ymd_opt(2026, 11, 26).unwrap();
        assert_eq!(
            file_name(d, Format::Pdf),
            "rapport-development-plan-2026-11-26.pdf"
        );
    }
}
