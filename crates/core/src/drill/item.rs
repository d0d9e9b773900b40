//! One scenario made ready for the room: the lines shown at each stage, worked out once when
//! the drill starts so that the views and the handouts only read them.

use rand::Rng;

use super::QuestionKind;
use crate::content::{Pack, Scenario};

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
        let question = s.question.of_type();
        // Each question type says what the class sees and what the answer is.
        let presented = question.present(rng);
        let mut misconceptions: Vec<MisconceptionNote> = presented
            .misconceptions
            .into_iter()
            .filter_map(|(trigger, id)| misconception(&id, trigger))
            .collect();
        let mut notes = presented.notes;
        let mut points: Vec<String> = s
            .marking_points
            .iter()
            .filter_map(|id| marking_point(id))
            .collect();
        // Points the question marks one by one (a written rubric's) are revealed too.
        for (_, mp) in question.marked_points() {
            if !s.marking_points.iter().any(|own| own == mp)
                && let Some(text) = marking_point(mp)
                && !points.contains(&text)
            {
                points.push(text);
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
            kind: s.question.kind(),
            setting: s.setting.label().to_owned(),
            situation: s.situation.clone(),
            prompt: s.prompt.clone(),
            options: presented.options,
            answer: presented.answer,
            explanation: s.explanation.clone(),
            marking_points: points,
            misconceptions,
            notes,
        }
    }
}
