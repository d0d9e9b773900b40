//! The portfolio export: the development plan with the self-assessment summary, as one list of
//! blocks rendered to Markdown or to PDF, so that both files always say the same thing.

use std::collections::BTreeMap;

use chrono::NaiveDate;

use super::assessment::{Assessment, latest_gap, previous_completed, results};
use super::entry::{GIBBS_PROMPTS, PlanEntry, Review, short_name};
use super::smart;
use crate::content::Framework;

pub use crate::export::document::{Block, Document as Portfolio, Format, to_markdown};

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
    let lexicon = smart::Lexicon::builtin_with(input.frameworks);
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
                lexicon: Some(&lexicon),
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_carry_the_date_and_format() {
        let d = NaiveDate::from_ymd_opt(2026, 11, 26).unwrap();
        assert_eq!(
            file_name(d, Format::Pdf),
            "rapport-development-plan-2026-11-26.pdf"
        );
    }
}
