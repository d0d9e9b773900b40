//! The portfolio export: the development plan with the self-assessment summary, as one list of
//! blocks rendered to Markdown or to PDF, so that both files always say the same thing.

use std::collections::BTreeMap;

use chrono::NaiveDate;

use super::assessment::{Assessment, Results, latest_gap, previous_completed, results};
use super::entry::{GIBBS_PROMPTS, PlanEntry, Review, short_name};
use super::smart;
use crate::content::Framework;

pub use crate::export::document::{
    Block, Chart, ChartRow, Document as Portfolio, Format, Table, to_markdown,
};

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
    /// The learner's name as written in the plan; blank leaves a line to write it on.
    pub learner: &'a str,
    /// Who signs the plan off with the learner (supervisor, mentor or assessor), if named.
    pub supervisor: &'a str,
    pub today: NaiveDate,
}

/// The profile chart of a framework's results: every competency, rated or not, with the
/// current, target and (when compared) previous means on the framework's scale.
pub fn profile_chart(framework: &Framework, r: &Results, with_previous: bool) -> Chart {
    let mut series = Vec::new();
    if with_previous {
        series.push("Previous".to_owned());
    }
    series.push("Current".to_owned());
    series.push("Target".to_owned());
    let min = framework.scale.points.first().map_or(0, |p| p.value);
    Chart {
        title: format!("Profile: {}", framework.name),
        series,
        min: f32::from(min.saturating_sub(1)),
        max: f32::from(framework.max_value()),
        ticks: framework
            .scale
            .points
            .iter()
            .map(|p| (f32::from(p.value), p.value.to_string()))
            .collect(),
        rows: r
            .competencies
            .iter()
            .map(|c| {
                let mut values = Vec::new();
                if with_previous {
                    values.push(c.previous);
                }
                values.push(c.current);
                values.push(c.target);
                ChartRow {
                    label: c.label.clone(),
                    values,
                }
            })
            .collect(),
    }
}

/// An assessment with no behaviour rated was started and left (often by mistake): it says
/// nothing, so the export leaves it out rather than print "not rated" for every competency.
fn has_ratings(a: &Assessment) -> bool {
    a.ratings.values().any(|r| r.value.is_some())
}

/// The assessment the export summarises for a framework: the latest completed one that rates
/// something, else the latest in progress that does.
pub fn summarised<'a>(assessments: &'a [Assessment], framework_id: &str) -> Option<&'a Assessment> {
    assessments
        .iter()
        .filter(|a| a.framework_id == framework_id && has_ratings(a))
        .max_by_key(|a| (a.completed_at.is_some(), a.completed_at, a.started_at))
}

fn or_blank(text: &str) -> String {
    let t = text.trim();
    if t.is_empty() {
        "–".to_owned()
    } else {
        t.to_owned()
    }
}

pub fn build(input: &Input) -> Portfolio {
    let title = "Development plan and self-assessment summary".to_owned();
    let learner = input.learner.trim();
    let supervisor = input.supervisor.trim();
    let mut b = vec![Block::Title(title.clone())];
    b.push(Block::Field(
        "Learner".into(),
        if learner.is_empty() {
            "____________________".into()
        } else {
            learner.to_owned()
        },
    ));
    if !supervisor.is_empty() {
        b.push(Block::Field(
            "Supervisor or assessor".into(),
            supervisor.to_owned(),
        ));
    }
    let start = input
        .entries
        .iter()
        .filter(|e| e.created_at > 0)
        .map(|e| e.created_at)
        .min()
        .and_then(|t| chrono::DateTime::from_timestamp(t, 0))
        .map(|d| d.date_naive());
    let period = match (start, input.plan_end) {
        (Some(s), Some(e)) => Some(format!("{} to {}", long_date(s), long_date(e))),
        (None, Some(e)) => Some(format!("until {}", long_date(e))),
        (Some(s), None) => Some(format!("from {} (no end date set)", long_date(s))),
        (None, None) => None,
    };
    if let Some(p) = period {
        b.push(Block::Field("Plan period".into(), p));
    }
    b.push(Block::Field("Prepared on".into(), long_date(input.today)));
    b.push(Block::Paragraph(
        "Prepared with Rapport. These are personal reflections: share them only as you choose."
            .into(),
    ));
    let by_id: BTreeMap<&str, &Framework> = input
        .frameworks
        .iter()
        .map(|f| (f.id.as_str(), *f))
        .collect();

    b.push(Block::Heading("Self-assessment summary".into()));
    let mut any = false;
    for fw in input.frameworks {
        let Some(current) = summarised(input.assessments, &fw.id) else {
            continue;
        };
        any = true;
        let previous = previous_completed(input.assessments, current).filter(|p| has_ratings(p));
        let r = results(fw, current, previous);
        b.push(Block::Subheading(format!(
            "{} ({})",
            fw.name, current.framework_version
        )));
        let rated = current.rated_count(fw);
        let total = fw.behaviours().count();
        b.push(Block::Paragraph(match current.completed_at {
            Some(t) => format!("Completed on {}; {rated} of {total} behaviours rated.", date_of_seconds(t)),
            None => format!(
                "In progress, started on {}; not yet marked complete; {rated} of {total} behaviours rated.",
                date_of_seconds(current.started_at)
            ),
        }));
        if let Some(p) = previous.and_then(|p| p.completed_at) {
            b.push(Block::Paragraph(format!(
                "Compared with the assessment completed on {}.",
                date_of_seconds(p)
            )));
        }
        b.push(Block::Chart(profile_chart(fw, &r, previous.is_some())));
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

    b.push(Block::NewPage { landscape: true });
    b.push(Block::Heading("Development plan".into()));
    if input.entries.is_empty() {
        b.push(Block::Paragraph("No plan entries yet.".into()));
    }
    let lexicon = smart::Lexicon::builtin_with(input.frameworks);
    let mut rows = Vec::new();
    let mut details = Vec::new();
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
        let smart_line = smart_summary(&report);
        let need = match &competency {
            Some(c) if !e.need.contains(c.as_str()) => format!("{}\n({c})", or_blank(&e.need)),
            _ => or_blank(&e.need),
        };
        let objective = if e.objective.trim().is_empty() {
            "–".to_owned()
        } else {
            format!("{}\nSMART check: {smart_line}", e.objective.trim())
        };
        let mut reviews: Vec<&Review> = input
            .reviews
            .iter()
            .filter(|r| r.entry_id == e.id)
            .collect();
        reviews.sort_by_key(|r| (r.date, r.created_at));
        let mut review = if e.review_dates.is_empty() {
            "No review dates".to_owned()
        } else {
            e.review_dates
                .iter()
                .map(|d| long_date(*d))
                .collect::<Vec<_>>()
                .join("\n")
        };
        review.push_str(&format!("\nStatus: {}", e.status.label()));
        if !reviews.is_empty() {
            review.push_str(&format!(
                "\nReviewed: {}",
                reviews
                    .iter()
                    .map(|r| long_date(r.date))
                    .collect::<Vec<_>>()
                    .join(", ")
            ));
        }
        rows.push(vec![
            (i + 1).to_string(),
            need,
            objective,
            or_blank(&e.actions),
            or_blank(&e.resources),
            or_blank(&e.success_criteria),
            e.target_date.map_or("–".into(), long_date),
            review,
        ]);

        // Reviews and impact are long prose: after the table, per entry.
        let mut d = Vec::new();
        if !e.impact.trim().is_empty() {
            d.push(Block::Field("Impact".into(), e.impact.trim().to_owned()));
        }
        for r in reviews {
            d.push(Block::Paragraph(format!(
                "Review on {} (status after: {})",
                long_date(r.date),
                r.status.label()
            )));
            for ((stage, _), text) in GIBBS_PROMPTS.iter().zip(r.gibbs_fields()) {
                if !text.trim().is_empty() {
                    d.push(Block::Bullet(format!("{stage}: {}", text.trim())));
                }
            }
        }
        if !d.is_empty() {
            details.push(Block::Subheading(format!(
                "{}. {}",
                i + 1,
                if e.need.trim().is_empty() {
                    "Development need not written yet"
                } else {
                    e.need.trim()
                }
            )));
            details.extend(d);
        }
    }
    if !rows.is_empty() {
        b.push(Block::Table(Table {
            headers: [
                "#",
                "Development need",
                "SMART objective",
                "Actions",
                "Resources and support",
                "Success criteria and evidence",
                "Target date",
                "Review",
            ]
            .map(str::to_owned)
            .to_vec(),
            widths: vec![3, 14, 20, 15, 13, 14, 9, 12],
            rows,
        }));
    }
    if !details.is_empty() {
        b.push(Block::Heading("Reviews and impact".into()));
        b.extend(details);
    }
    b.push(Block::Heading("Agreed".into()));
    b.push(Block::Signatures(vec![
        if learner.is_empty() {
            "Learner".to_owned()
        } else {
            format!("Learner ({learner})")
        },
        if supervisor.is_empty() {
            "Supervisor or assessor".to_owned()
        } else {
            format!("Supervisor or assessor ({supervisor})")
        },
    ]));
    Portfolio { title, blocks: b }
}

/// "meets all five letters" or "missing Achievable, Time-bound".
pub fn smart_summary(report: &smart::Report) -> String {
    if report.passes {
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
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::load_builtin;
    use crate::plan::Rating;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn rated(fw: &Framework, id: &str, at: i64, ratings: &[(&str, u8, u8)]) -> Assessment {
        let mut a = Assessment::new(id.into(), fw, at);
        a.completed_at = Some(at + 10);
        for (b, v, t) in ratings {
            a.ratings.insert(
                (*b).into(),
                Rating {
                    value: Some(*v),
                    target: Some(*t),
                    evidence: "notes".into(),
                    example: String::new(),
                },
            );
        }
        a
    }

    fn blocks_text(p: &Portfolio) -> String {
        to_markdown(p)
    }

    /// Issue 14: an assessment started by mistake printed "not rated" for every competency.
    #[test]
    fn an_assessment_with_nothing_rated_is_left_out() {
        let pack = load_builtin().pack;
        let icf = pack.framework("icf").unwrap();
        let emcc = pack.framework("emcc").unwrap();
        let good = rated(icf, "a1", 1_760_000_000, &[("icf/6/summarise", 2, 4)]);
        // Started later and left: an empty ICF one and an empty EMCC one.
        let mut empty_icf = Assessment::new("a2".into(), icf, 1_770_000_000);
        empty_icf.completed_at = Some(1_770_000_100);
        let empty_emcc = Assessment::new("a3".into(), emcc, 1_770_000_000);
        let assessments = vec![good, empty_icf, empty_emcc];
        let fws = [icf, emcc];
        let p = build(&Input {
            frameworks: &fws,
            assessments: &assessments,
            entries: &[],
            reviews: &[],
            plan_end: None,
            learner: "",
            supervisor: "",
            today: d(2026, 12, 3),
        });
        let md = blocks_text(&p);
        assert!(!md.contains(&emcc.name), "{md}");
        let charts: Vec<&Chart> = p
            .blocks
            .iter()
            .filter_map(|b| match b {
                Block::Chart(c) => Some(c),
                _ => None,
            })
            .collect();
        assert_eq!(charts.len(), 1, "one chart, for ICF");
        // The rated assessment is summarised, not the empty one completed after it.
        let listening = charts[0]
            .rows
            .iter()
            .find(|r| r.label == "6 Listens Actively")
            .unwrap();
        assert_eq!(listening.values, vec![Some(2.0), Some(4.0)]);
        // Every competency has its row, rated or not.
        assert_eq!(charts[0].rows.len(), icf.competencies.len());
        assert_eq!(
            charts[0]
                .rows
                .iter()
                .filter(|r| r.values.iter().all(Option::is_none))
                .count(),
            icf.competencies.len() - 1
        );
        // Nothing rated at all: no summary to give.
        let p = build(&Input {
            frameworks: &fws,
            assessments: &assessments[1..],
            entries: &[],
            reviews: &[],
            plan_end: None,
            learner: "",
            supervisor: "",
            today: d(2026, 12, 3),
        });
        let md = blocks_text(&p);
        assert!(md.contains("No self-assessment recorded yet."), "{md}");
        assert!(!md.contains("not rated"), "{md}");
    }

    /// Issue 14: "meets all five letters" for an entry with no actions, resources or date.
    #[test]
    fn an_entry_with_no_actions_resources_or_date_does_not_meet_all_five() {
        let pack = load_builtin().pack;
        let icf = pack.framework("icf").unwrap();
        // The largest gap is in closing sessions "by asking ...": the draft quotes it.
        let a = rated(icf, "a1", 1_760_000_000, &[("icf/3/close", 1, 4)]);
        let r = results(icf, &a, None);
        let mut entries = crate::plan::draft_entries(icf, &a, &r, &[], d(2026, 12, 3), 1);
        assert!(
            entries[0].objective.contains("by asking"),
            "{}",
            entries[0].objective
        );
        entries[0].actions.clear();
        entries[0].resources.clear();
        entries[0].target_date = None;
        let assessments = vec![a];
        let fws = [icf];
        let p = build(&Input {
            frameworks: &fws,
            assessments: &assessments,
            entries: &entries,
            reviews: &[],
            plan_end: None,
            learner: "",
            supervisor: "",
            today: d(2026, 12, 3),
        });
        let md = to_markdown(&p);
        assert!(md.contains("SMART check: missing Achievable"), "{md}");
        assert!(!md.contains("meets all five"), "{md}");
    }

    #[test]
    fn the_plan_is_a_table_with_the_learners_name_dates_and_lines_to_sign() {
        let pack = load_builtin().pack;
        let icf = pack.framework("icf").unwrap();
        let a = rated(icf, "a1", 1_760_000_000, &[("icf/6/summarise", 2, 4)]);
        let r = results(icf, &a, None);
        let mut entries = crate::plan::draft_entries(icf, &a, &r, &[], d(2026, 12, 3), 3);
        entries[0].created_at = 1_764_720_000; // 3 December 2025
        let assessments = vec![a];
        let fws = [icf];
        let p = build(&Input {
            frameworks: &fws,
            assessments: &assessments,
            entries: &entries,
            reviews: &[],
            plan_end: Some(d(2027, 11, 30)),
            learner: "Sam Patel",
            supervisor: "Jo Reyes",
            today: d(2026, 12, 3),
        });
        assert!(
            p.blocks
                .contains(&Block::Field("Learner".into(), "Sam Patel".into()))
        );
        assert!(p.blocks.contains(&Block::Field(
            "Plan period".into(),
            "3 December 2025 to 30 November 2027".into()
        )));
        let table = p
            .blocks
            .iter()
            .find_map(|b| match b {
                Block::Table(t) => Some(t),
                _ => None,
            })
            .expect("the plan is a table");
        assert_eq!(
            table.headers,
            [
                "#",
                "Development need",
                "SMART objective",
                "Actions",
                "Resources and support",
                "Success criteria and evidence",
                "Target date",
                "Review",
            ]
        );
        assert_eq!(table.rows.len(), 1);
        let row = &table.rows[0];
        // The drafted need names the competency already: not twice.
        assert_eq!(row[1].matches("6 Listens Actively").count(), 1, "{row:?}");
        assert!(row[2].starts_with(entries[0].objective.trim()), "{row:?}");
        assert!(
            row[2].contains("SMART check: meets all five letters"),
            "{row:?}"
        );
        assert_eq!(row[3], entries[0].actions);
        assert_eq!(row[6], "3 March 2027");
        assert!(
            row[7].contains("3 January 2027") && row[7].contains("Status: Not started"),
            "{row:?}"
        );
        // The table comes on a landscape page, after the summary.
        let table_at = p
            .blocks
            .iter()
            .position(|b| matches!(b, Block::Table(_)))
            .unwrap();
        let page_at = p
            .blocks
            .iter()
            .position(|b| *b == Block::NewPage { landscape: true })
            .unwrap();
        assert!(page_at < table_at);
        assert_eq!(
            p.blocks.last(),
            Some(&Block::Signatures(vec![
                "Learner (Sam Patel)".into(),
                "Supervisor or assessor (Jo Reyes)".into()
            ]))
        );
        let md = to_markdown(&p);
        assert!(
            md.contains("| \\# | Development need | SMART objective |"),
            "{md}"
        );
        assert!(md.contains("Learner (Sam Patel): \\_"), "{md}");
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
