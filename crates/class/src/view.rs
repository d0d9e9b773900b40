//! What one learner's page is sent: the question on the projector, whether it is open, their
//! own answer and, after the reveal, whether it was right with the correction. Nothing about
//! other learners is ever in it.

use rapport_core::content::questions::ItemResult;
use rapport_core::marking::MarkResult;
use serde::Serialize;

use crate::question::Form;
use crate::session::{Phase, Session};

#[derive(Debug, Serialize)]
pub struct LearnerView<'a> {
    pub version: u64,
    pub name: &'a str,
    pub team: Option<&'a str>,
    pub count: usize,
    /// 1-based number of the question on the projector; none at the end.
    pub number: Option<usize>,
    pub item: Option<usize>,
    /// "waiting", "open", "locked", "revealed", or "ended".
    pub phase: &'static str,
    pub seconds_left: Option<u32>,
    pub question: Option<QuestionView<'a>>,
    pub answered: bool,
    /// What the learner sent, in their words ("B. Ask him what he wants").
    pub mine: Vec<String>,
    pub result: Option<ResultView>,
    /// At the end: the learner's marks over the drill.
    pub total: Option<(u32, u32)>,
}

#[derive(Debug, Serialize)]
pub struct QuestionView<'a> {
    pub title: &'a str,
    pub kind: &'static str,
    pub situation: &'a str,
    pub prompt: &'a str,
    #[serde(flatten)]
    pub form: &'a Form,
}

#[derive(Debug, Serialize)]
pub struct ResultView {
    pub score: u32,
    pub max: u32,
    pub right: bool,
    /// Each part marked: "✓ …" or "✗ … (should be …)"; for writing, each rubric point.
    pub lines: Vec<String>,
    /// The right answer as the projector reveals it.
    pub correction: Vec<String>,
    pub explanation: Option<String>,
}

pub fn learner_view(s: &Session, learner: usize, now: f64) -> Option<LearnerView<'_>> {
    let l = s.learners().get(learner)?;
    let team = l.team.and_then(|t| s.teams().get(t)).map(String::as_str);
    let count = s.questions().len();
    let Some(item) = s.current() else {
        if !s.started() {
            return Some(LearnerView {
                version: s.version(),
                name: &l.name,
                team,
                count,
                number: None,
                item: None,
                phase: "waiting",
                seconds_left: None,
                question: None,
                answered: false,
                mine: Vec::new(),
                result: None,
                total: None,
            });
        }
        let scores = s.learner_scores();
        let max: u32 = s
            .questions()
            .iter()
            .enumerate()
            .filter_map(|(i, _)| s.given(i, learner).map(|g| g.scored.max))
            .sum();
        return Some(LearnerView {
            version: s.version(),
            name: &l.name,
            team,
            count,
            number: None,
            item: None,
            phase: "ended",
            seconds_left: None,
            question: None,
            answered: false,
            mine: Vec::new(),
            result: None,
            total: scores.get(learner).map(|(_, _, t)| (*t, max)),
        });
    };
    let q = &s.questions()[item];
    let phase = s.phase(item, now);
    let given = s.given(item, learner);
    let mine = given.map(|g| describe(&q.form, g)).unwrap_or_default();
    let result = (phase == Phase::Revealed).then(|| {
        let (score, max, lines, right) = match given {
            Some(g) => (g.scored.score, g.scored.max, marked_lines(g), g.right()),
            None => (0, 0, vec!["You did not answer this one.".to_owned()], false),
        };
        ResultView {
            score,
            max,
            right,
            lines,
            correction: q.answer.clone(),
            explanation: q.explanation.clone(),
        }
    });
    Some(LearnerView {
        version: s.version(),
        name: &l.name,
        team,
        count,
        number: Some(item + 1),
        item: Some(item),
        phase: match phase {
            Phase::Waiting => "waiting",
            Phase::Open => "open",
            Phase::Locked => "locked",
            Phase::Revealed => "revealed",
        },
        seconds_left: s.seconds_left(now).map(|x| x.ceil() as u32),
        question: Some(QuestionView {
            title: &q.title,
            kind: q.kind.label(),
            situation: &q.situation,
            prompt: &q.prompt,
            form: &q.form,
        }),
        answered: given.is_some(),
        mine,
        result,
        total: None,
    })
}

/// The learner's own answer in the shown labels.
fn describe(form: &Form, g: &crate::session::Given) -> Vec<String> {
    let s = &g.submission;
    let pick = |list: &[String], k: Option<usize>| {
        k.and_then(|k| list.get(k))
            .cloned()
            .unwrap_or_else(|| "(none)".to_owned())
    };
    match form {
        Form::Single { options, .. } | Form::Multiple { options, .. } => s
            .choices
            .iter()
            .flatten()
            .map(|&k| pick(options, Some(k)))
            .collect(),
        Form::Order { stages, .. } => s
            .order
            .iter()
            .flatten()
            .enumerate()
            .map(|(i, &k)| format!("{}. {}", i + 1, pick(stages, Some(k))))
            .collect(),
        Form::Match {
            terms, definitions, ..
        } => terms
            .iter()
            .zip(s.picks.iter().flatten())
            .map(|(t, &k)| format!("{t} = {}", pick(definitions, k)))
            .collect(),
        Form::Classify {
            items, categories, ..
        } => items
            .iter()
            .zip(s.picks.iter().flatten())
            .map(|(t, &k)| format!("{t}: {}", pick(categories, k)))
            .collect(),
        Form::Written => s.text.iter().cloned().collect(),
    }
}

/// A written answer's marks, one line per marking point ("✓ point (2/2)"), as the learner's page
/// and the presenter view show them.
pub fn point_lines(mark: &MarkResult) -> Vec<String> {
    mark.points
        .iter()
        .map(|p| {
            format!(
                "{} {} ({}/{})",
                if p.earned { "✓" } else { "✗" },
                p.point,
                p.marks,
                p.max_mark
            )
        })
        .collect()
}

fn marked_lines(g: &crate::session::Given) -> Vec<String> {
    if let Some(m) = &g.scored.mark {
        return point_lines(m);
    }
    g.scored
        .items
        .iter()
        .filter_map(|it| match it {
            ItemResult::Option {
                text,
                correct,
                picked,
                ..
            } => match (correct, picked) {
                (true, true) => Some(format!("✓ {text}")),
                (false, true) => Some(format!("✗ {text} is not right")),
                (true, false) => Some(format!("✗ missed: {text}")),
                (false, false) => None,
            },
            ItemResult::Placed {
                text,
                given,
                right,
                expected,
            } => Some(match (right, given) {
                (true, _) => format!("✓ {text}"),
                (false, Some(g)) => format!("✗ {text}: {g}, should be {expected}"),
                (false, None) => format!("✗ {text}: should be {expected}"),
            }),
        })
        .collect()
}
