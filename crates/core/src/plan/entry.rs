//! Development plan entries and their reviews, drafting entries from the largest gaps, and
//! working out what is due for review.

use chrono::{Duration, Months, NaiveDate};
use serde::{Deserialize, Serialize};

use super::assessment::{Assessment, Results};
use crate::content::Framework;

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum Status {
    #[default]
    NotStarted,
    InProgress,
    Achieved,
    Deferred,
}

impl Status {
    pub const ALL: [Status; 4] = [
        Status::NotStarted,
        Status::InProgress,
        Status::Achieved,
        Status::Deferred,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Status::NotStarted => "Not started",
            Status::InProgress => "In progress",
            Status::Achieved => "Achieved",
            Status::Deferred => "Deferred",
        }
    }

    pub fn key(self) -> &'static str {
        match self {
            Status::NotStarted => "not_started",
            Status::InProgress => "in_progress",
            Status::Achieved => "achieved",
            Status::Deferred => "deferred",
        }
    }

    pub fn from_key(key: &str) -> Status {
        Status::ALL
            .into_iter()
            .find(|s| s.key() == key)
            .unwrap_or_default()
    }

    /// Achieved and deferred entries are not chased for review.
    pub fn is_open(self) -> bool {
        matches!(self, Status::NotStarted | Status::InProgress)
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlanEntry {
    pub id: String,
    pub need: String,
    pub framework_id: Option<String>,
    pub competency_id: Option<String>,
    pub objective: String,
    pub actions: String,
    pub resources: String,
    pub success_criteria: String,
    pub target_date: Option<NaiveDate>,
    /// Sorted, earliest first.
    pub review_dates: Vec<NaiveDate>,
    pub status: Status,
    /// What changed as a result (Kirkpatrick: reaction, learning, behaviour, results).
    pub impact: String,
    /// The assessment this entry was drafted from, if any.
    pub assessment_id: Option<String>,
    pub created_at: i64,
}

/// A dated review of an entry, with Gibbs' reflective cycle as prompts.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Review {
    pub id: String,
    pub entry_id: String,
    pub date: NaiveDate,
    pub description: String,
    pub feelings: String,
    pub evaluation: String,
    pub analysis: String,
    pub conclusion: String,
    pub action_plan: String,
    /// The entry's status after this review.
    pub status: Status,
    pub created_at: i64,
}

/// Gibbs' stages with a prompt each, in order; the field each fills on a `Review`.
pub const GIBBS_PROMPTS: [(&str, &str); 6] = [
    (
        "Description",
        "What happened? What did you try, with whom, and when?",
    ),
    (
        "Feelings",
        "What were you thinking and feeling at the time?",
    ),
    ("Evaluation", "What went well, and what did not?"),
    (
        "Analysis",
        "Why did it go that way? What helped or got in the way?",
    ),
    (
        "Conclusion",
        "What could you have done differently? What have you learned?",
    ),
    ("Action plan", "What will you do next time, and by when?"),
];

impl Review {
    pub fn gibbs_fields(&self) -> [&str; 6] {
        [
            &self.description,
            &self.feelings,
            &self.evaluation,
            &self.analysis,
            &self.conclusion,
            &self.action_plan,
        ]
    }

    pub fn gibbs_fields_mut(&mut self) -> [&mut String; 6] {
        [
            &mut self.description,
            &mut self.feelings,
            &mut self.evaluation,
            &mut self.analysis,
            &mut self.conclusion,
            &mut self.action_plan,
        ]
    }
}

/// How far ahead a drafted entry's target date is set, and how often it is reviewed.
const DRAFT_MONTHS: u32 = 3;

/// Entries for the `max` largest gaps that no open entry already covers, pre-filled so that
/// the learner edits rather than starts from a blank page. Ids are left empty for the caller.
pub fn draft_entries(
    framework: &Framework,
    assessment: &Assessment,
    results: &Results,
    existing: &[PlanEntry],
    today: NaiveDate,
    max: usize,
) -> Vec<PlanEntry> {
    let target_date = today.checked_add_months(Months::new(DRAFT_MONTHS));
    let review_dates: Vec<NaiveDate> = (1..=DRAFT_MONTHS)
        .filter_map(|m| today.checked_add_months(Months::new(m)))
        .collect();
    let covered = |id: &str| {
        existing
            .iter()
            .any(|e| e.status.is_open() && e.competency_id.as_deref() == Some(id))
    };
    results
        .gaps()
        .into_iter()
        .filter(|g| !covered(&g.competency_id))
        .take(max)
        .filter_map(|gap| {
            let competency = framework.competency(&gap.competency_id)?;
            // The behaviour with the largest own gap is the concrete thing to practise.
            let focus = competency
                .behaviours
                .iter()
                .filter_map(|b| {
                    let r = assessment.rating(&b.id)?;
                    Some((r.target? as i16 - r.value? as i16, b))
                })
                .max_by_key(|(g, _)| *g)
                .map(|(_, b)| b)
                .or(competency.behaviours.first())?;
            let when = target_date.map(|d| d.format("%-d %B %Y").to_string());
            let behaviour = focus.text.trim_end_matches('.');
            Some(PlanEntry {
                need: format!(
                    "{} {}: rated {:.1}, target {:.1} (gap {:.1})",
                    short_name(framework),
                    gap.label,
                    gap.current.unwrap_or(0.0),
                    gap.target.unwrap_or(0.0),
                    gap.gap().unwrap_or(0.0)
                ),
                framework_id: Some(framework.id.clone()),
                competency_id: Some(competency.id.clone()),
                objective: format!(
                    "Practise \u{201c}{behaviour}\u{201d} in at least 4 of my next 6 client sessions{}",
                    when.map(|w| format!(", by {w}")).unwrap_or_default()
                ),
                actions: "Pick one session a week to focus on it; note afterwards what I did \
                          and what the client did next."
                    .to_owned(),
                resources: "Supervision; a peer or mentor to observe or review a recording."
                    .to_owned(),
                success_criteria: format!(
                    "Evidence from notes or recordings in 4 of 6 sessions; my next self-assessment \
                     of {} reaches {:.0}.",
                    gap.label,
                    gap.target.unwrap_or(0.0).ceil()
                ),
                target_date,
                review_dates: review_dates.clone(),
                assessment_id: Some(assessment.id.clone()),
                ..PlanEntry::default()
            })
        })
        .collect()
}

/// "ICF" for "ICF Core Competencies", else the whole name.
pub fn short_name(framework: &Framework) -> &str {
    framework
        .name
        .split_whitespace()
        .next()
        .filter(|w| w.len() <= 5 && w.chars().all(|c| c.is_ascii_uppercase()))
        .unwrap_or(&framework.name)
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Due {
    pub entry_id: String,
    pub date: NaiveDate,
    pub overdue: bool,
}

/// Open entries with a review date on or before `today + within_days` that no review has
/// covered (a review on or after that date), earliest first.
pub fn due_for_review(
    entries: &[PlanEntry],
    reviews: &[Review],
    today: NaiveDate,
    within_days: i64,
) -> Vec<Due> {
    let horizon = today + Duration::days(within_days);
    let mut due: Vec<Due> = entries
        .iter()
        .filter(|e| e.status.is_open())
        .filter_map(|e| {
            let last_review = reviews
                .iter()
                .filter(|r| r.entry_id == e.id)
                .map(|r| r.date)
                .max();
            let date = e
                .review_dates
                .iter()
                .copied()
                .find(|d| last_review.is_none_or(|r| r < *d))?;
            (date <= horizon).then(|| Due {
                entry_id: e.id.clone(),
                date,
                overdue: date < today,
            })
        })
        .collect();
    due.sort_by_key(|d| d.date);
    due
}

/// Parses review dates typed as a list ("2027-01-31, 2027-02-28"), reporting the first bad one.
pub fn parse_dates(text: &str) -> Result<Vec<NaiveDate>, String> {
    let mut dates = Vec::new();
    for part in text
        .split([',', ';', '\n'])
        .map(str::trim)
        .filter(|p| !p.is_empty())
    {
        let date = parse_date(part)?;
        dates.push(date);
    }
    dates.sort();
    dates.dedup();
    Ok(dates)
}

/// A date as YYYY-MM-DD or DD/MM/YYYY.
pub fn parse_date(text: &str) -> Result<NaiveDate, String> {
    let t = text.trim();
    NaiveDate::parse_from_str(t, "%Y-%m-%d")
        .or_else(|_| NaiveDate::parse_from_str(t, "%d/%m/%Y"))
        .map_err(|_| {
            format!("\u{201c}{t}\u{201d} is not a date: write it as 2027-03-31 or 31/03/2027")
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::load_builtin;
    use crate::plan::assessment::{Rating, results};

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn drafting_turns_the_largest_gaps_into_linked_smart_entries() {
        let fw = load_builtin().pack.framework("icf").unwrap().clone();
        let mut a = Assessment::new("a1".into(), &fw, 0);
        for (id, v, t) in [
            ("icf/6/summarise", 1, 4),
            ("icf/6/own-words", 3, 4),
            ("icf/7/open-questions", 2, 3),
            ("icf/1/records", 4, 4),
        ] {
            a.ratings.insert(
                id.into(),
                Rating {
                    value: Some(v),
                    target: Some(t),
                    evidence: "e".into(),
                    example: String::new(),
                },
            );
        }
        let r = results(&fw, &a, None);
        let today = d(2026, 11, 26);
        let drafts = draft_entries(&fw, &a, &r, &[], today, 3);
        assert_eq!(drafts.len(), 2, "only two competencies have a gap");
        assert_eq!(drafts[0].competency_id.as_deref(), Some("icf/6"));
        assert!(
            drafts[0]
                .objective
                .starts_with("Practise \u{201c}Summarises or paraphrases"),
            "{}",
            drafts[0].objective
        );
        assert_eq!(drafts[0].target_date, Some(d(2027, 2, 26)));
        assert_eq!(drafts[0].review_dates.len(), 3);
        let report = crate::plan::smart::check(
            &drafts[0].objective,
            &crate::plan::smart::Context {
                actions: &drafts[0].actions,
                resources: &drafts[0].resources,
                competency: Some("ICF 6 Listens Actively"),
                target_date: drafts[0].target_date,
                ..crate::plan::smart::Context::text_only(today)
            },
        );
        assert!(report.passes, "{:#?}", report.failing().collect::<Vec<_>>());

        // An open entry already covering listening is not drafted again.
        let mut existing = drafts[0].clone();
        existing.id = "e1".into();
        let again = draft_entries(&fw, &a, &r, &[existing], today, 3);
        assert_eq!(again.len(), 1);
        assert_eq!(again[0].competency_id.as_deref(), Some("icf/7"));
    }

    #[test]
    fn a_review_date_is_due_until_a_review_covers_it() {
        let entry = PlanEntry {
            id: "e".into(),
            review_dates: vec![d(2027, 1, 10), d(2027, 2, 10)],
            ..PlanEntry::default()
        };
        let entries = [entry];
        assert!(due_for_review(&entries, &[], d(2026, 12, 1), 7).is_empty());
        let due = due_for_review(&entries, &[], d(2027, 1, 12), 7);
        assert_eq!(due.len(), 1);
        assert!(due[0].overdue);
        let review = Review {
            entry_id: "e".into(),
            date: d(2027, 1, 11),
            ..Review::default()
        };
        assert!(due_for_review(&entries, &[review], d(2027, 1, 12), 7).is_empty());
        let mut achieved = entries[0].clone();
        achieved.status = Status::Achieved;
        assert!(due_for_review(&[achieved], &[], d(2027, 3, 1), 7).is_empty());
    }

    #[test]
    fn review_dates_parse_or_name_the_bad_one() {
        assert_eq!(
            parse_dates("2027-02-01, 01/01/2027").unwrap(),
            vec![d(2027, 1, 1), d(2027, 2, 1)]
        );
        let err = parse_dates("2027-02-01, next tuesday").unwrap_err();
        assert!(err.contains("next tuesday"), "{err}");
    }
}
