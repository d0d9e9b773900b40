//! One scenario made ready for the room: the lines shown at each stage, worked out once when
//! the drill starts so that the views and the handouts only read them.

use rand::Rng;

use super::QuestionKind;
use crate::content::{Pack, Question, Scenario};
use crate::shuffle;

#[derive(Debug, Clone, PartialEq)]
pub struct MisconceptionNote {
    /// What in the question brings it out, e.g. "Option C".
    pub trigger: Option<String>,
    pub text: String,
    pub correction: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct DrillItem {
    pub id: String,
    pub title: String,
    pub unit_title: String,
    pub criteria: Vec<String>,
    pub kind: QuestionKind,
    pub setting: String,
    pub situation: String,
    pub prompt: String,
    /// What the class sees with the question: lettered options, stages to order, and so on.
    pub options: Vec<String>,
    pub answer: Vec<String>,
    pub explanation: Option<String>,
    /// The examiners' marking points the scenario trains, revealed one at a time.
    pub marking_points: Vec<String>,
    pub misconceptions: Vec<MisconceptionNote>,
    /// For the tutor only: tips and why each option is right or wrong.
    pub notes: Vec<String>,
}

fn letter(i: usize) -> char {
    (b'A' + (i % 26) as u8) as char
}

impl DrillItem {
    pub fn prepare(s: &Scenario, pack: &Pack, rng: &mut impl Rng) -> DrillItem {
        let units = || pack.units.iter().map(|u| &u.unit);
        let marking_point = |id: &str| {
            units()
                .flat_map(|u| &u.marking_points)
                .find(|m| m.id == id)
                .map(|m| m.text.clone())
        };
        let misconception = |id: &str, trigger: Option<String>| {
            units()
                .flat_map(|u| &u.misconceptions)
                .find(|m| m.id == id)
                .map(|m| MisconceptionNote {
                    trigger,
                    text: m.text.clone(),
                    correction: m.correction.clone(),
                })
        };
        let mut options = Vec::new();
        let mut answer = Vec::new();
        let mut notes = Vec::new();
        let mut misconceptions = Vec::new();
        let mut points: Vec<String> = s
            .marking_points
            .iter()
            .filter_map(|id| marking_point(id))
            .collect();

        match &s.question {
            Question::SingleBest { options: choices }
            | Question::MultipleAnswers { options: choices } => {
                // Authors tend to write the right answer first; the class must not learn that.
                let order = shuffle::order(choices.len(), rng);
                for (shown, &i) in order.iter().enumerate() {
                    let c = &choices[i];
                    let l = letter(shown);
                    options.push(format!("{l}. {}", c.text));
                    if c.correct {
                        answer.push(format!("{l}. {}", c.text));
                    }
                    if let Some(why) = &c.why {
                        notes.push(format!("{l}: {why}"));
                    }
                    if let Some(id) = &c.misconception
                        && let Some(m) = misconception(id, Some(format!("Option {l}")))
                    {
                        misconceptions.push(m);
                    }
                }
            }
            Question::OrderStages {
                model,
                stages,
                misconception: m,
            } => {
                let shown = shuffle::apply(stages, &shuffle::order_unlike(stages.len(), rng));
                options.push(format!("Put the stages of {model} in order:"));
                options.extend(shown.iter().map(|st| format!("- {st}")));
                answer.extend(
                    stages
                        .iter()
                        .enumerate()
                        .map(|(i, st)| format!("{}. {st}", i + 1)),
                );
                if let Some(m) = m.as_deref().and_then(|id| misconception(id, None)) {
                    misconceptions.push(m);
                }
            }
            Question::MatchTerms {
                pairs,
                misconception: m,
            } => {
                let definitions: Vec<&String> = pairs.iter().map(|p| &p.definition).collect();
                let shown =
                    shuffle::apply(&definitions, &shuffle::order_unlike(definitions.len(), rng));
                options.push("Terms:".into());
                options.extend(
                    pairs
                        .iter()
                        .enumerate()
                        .map(|(i, p)| format!("{}. {}", i + 1, p.term)),
                );
                options.push("Definitions:".into());
                options.extend(
                    shown
                        .iter()
                        .enumerate()
                        .map(|(i, d)| format!("{}. {d}", letter(i))),
                );
                for (i, p) in pairs.iter().enumerate() {
                    let l = shown
                        .iter()
                        .position(|d| *d == &p.definition)
                        .map(letter)
                        .unwrap_or('?');
                    answer.push(format!("{} {} = {l}. {}", i + 1, p.term, p.definition));
                }
                if let Some(m) = m.as_deref().and_then(|id| misconception(id, None)) {
                    misconceptions.push(m);
                }
            }
            Question::Classify { categories, items } => {
                let shown = shuffle::order(items.len(), rng);
                options.push(format!("Sort into: {}", categories.join(" / ")));
                options.extend(shown.iter().map(|&i| format!("- {}", items[i].text)));
                for &i in &shown {
                    let it = &items[i];
                    answer.push(format!("{}: {}", it.category, it.text));
                    if let Some(m) = it
                        .misconception
                        .as_deref()
                        .and_then(|id| misconception(id, Some(it.text.clone())))
                    {
                        misconceptions.push(m);
                    }
                }
            }
            Question::Written {
                model_answer,
                rubric,
                ..
            } => {
                options.push("Write your answer.".into());
                answer.push(model_answer.clone());
                for r in rubric {
                    notes.push(format!(
                        "Credit: {} ({} mark{})",
                        r.label,
                        r.max_mark,
                        if r.max_mark == 1 { "" } else { "s" }
                    ));
                    if !s.marking_points.contains(&r.marking_point)
                        && let Some(text) = marking_point(&r.marking_point)
                        && !points.contains(&text)
                    {
                        points.push(text);
                    }
                }
            }
        }
        // One scenario can name the same misconception twice; the class hears it once.
        let mut seen = Vec::new();
        misconceptions.retain(|m| {
            let fresh = !seen.contains(&m.text);
            seen.push(m.text.clone());
            fresh
        });
        for tip in &s.tips {
            if let Some(t) = units().flat_map(|u| &u.tips).find(|t| &t.id == tip) {
                notes.push(format!("Tip: {}", t.text));
            }
        }
        DrillItem {
            id: s.id.clone(),
            title: s.title.clone(),
            unit_title: pack
                .unit(&s.unit)
                .map_or_else(|| s.unit.clone(), |u| u.unit.title.clone()),
            criteria: s.criteria.clone(),
            kind: QuestionKind::of(&s.question),
            setting: s.setting.label().to_owned(),
            situation: s.situation.clone(),
            prompt: s.prompt.clone(),
            options,
            answer,
            explanation: s.explanation.clone(),
            marking_points: points,
            misconceptions,
            notes,
        }
    }
}
