//! One drill question as learners answer it on their own devices: the parts in the order the
//! projector shows them (the same letters as on the screen and the handout), what a learner may
//! send for it, and the score, by the question's own type in the core.

use rapport_core::content::questions::{Question, Response, Scored};
use rapport_core::content::{Pack, QuestionKind};
use rapport_core::drill::DrillItem;
use serde::{Deserialize, Serialize};

/// The longest written answer taken, in characters (the request limit caps it in bytes too).
pub const MAX_WRITTEN_CHARS: usize = 4000;

/// What the learner's page shows to answer with. Every list is in the projector's order; the
/// `content` lists map a shown place back to the content's index for scoring.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "form", rename_all = "snake_case")]
pub enum Form {
    /// Exactly one option.
    Single {
        options: Vec<String>,
        #[serde(skip)]
        content: Vec<usize>,
    },
    /// Every option that applies.
    Multiple {
        options: Vec<String>,
        #[serde(skip)]
        content: Vec<usize>,
    },
    /// The stages, tapped in order.
    Order {
        stages: Vec<String>,
        #[serde(skip)]
        content: Vec<usize>,
    },
    /// For each term (content order), one of the lettered definitions.
    Match {
        terms: Vec<String>,
        definitions: Vec<String>,
        #[serde(skip)]
        content: Vec<usize>,
    },
    /// For each item (as shown), one of the categories.
    Classify {
        items: Vec<String>,
        categories: Vec<String>,
        #[serde(skip)]
        content: Vec<usize>,
    },
    Written,
}

/// A misconception as the projector names it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Misconception {
    pub text: String,
    pub correction: Option<String>,
}

#[derive(Debug, Clone)]
pub struct ClassQuestion {
    pub id: String,
    pub title: String,
    pub kind: QuestionKind,
    pub situation: String,
    pub prompt: String,
    pub form: Form,
    /// The right answer as the projector reveals it.
    pub answer: Vec<String>,
    pub explanation: Option<String>,
    /// The marking points of the scenario (what the results are reported against).
    pub marking_points: Vec<String>,
    pub criteria: Vec<String>,
    /// The unit's title, and each criterion's text (empty when the content has none), for the
    /// results by criterion: "1.1" of one unit is not "1.1" of another.
    pub unit: String,
    pub criterion_texts: Vec<String>,
    /// For each shown option (choice) or item (classify): the misconception behind getting it
    /// wrong. For order and match, one entry: the question's.
    pub misconceptions: Vec<Option<Misconception>>,
    /// For each shown option: whether it is right (choice questions only).
    pub correct: Vec<bool>,
    /// For a written question, the rubric points' labels (for the results).
    pub rubric: Vec<String>,
    question: Question,
}

/// What a learner sends for a question: one of the fields, by the question's form.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Submission {
    pub item: usize,
    #[serde(default)]
    pub choices: Option<Vec<usize>>,
    #[serde(default)]
    pub order: Option<Vec<usize>>,
    #[serde(default)]
    pub picks: Option<Vec<Option<usize>>>,
    #[serde(default)]
    pub text: Option<String>,
}

/// Why a submission was refused; the message is shown to the learner as it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Invalid(pub String);

fn strip_label(shown: &str) -> &str {
    // "A. text" (options, definitions) or "- text" (stages, items).
    if let Some(rest) = shown.strip_prefix("- ") {
        return rest;
    }
    let mut chars = shown.char_indices();
    match (chars.next(), chars.next(), chars.next()) {
        (Some((_, c)), Some((_, '.')), Some((i, ' '))) if c.is_ascii_alphanumeric() => {
            &shown[i + 1..]
        }
        _ => shown,
    }
}

/// The content index of each shown text; a text not found (not expected: the core builds the
/// shown lines from these texts) keeps its place.
fn positions<'a>(shown: &[String], texts: impl Iterator<Item = &'a str> + Clone) -> Vec<usize> {
    shown
        .iter()
        .enumerate()
        .map(|(k, s)| {
            let s = strip_label(s);
            texts.clone().position(|t| t == s).unwrap_or(k)
        })
        .collect()
}

fn misconception(pack: &Pack, id: Option<&String>) -> Option<Misconception> {
    let id = id?;
    pack.units
        .iter()
        .flat_map(|u| &u.unit.misconceptions)
        .find(|m| &m.id == id)
        .map(|m| Misconception {
            text: m.text.clone(),
            correction: m.correction.clone(),
        })
}

impl ClassQuestion {
    /// The question of drill item `item` (prepared from `pack`); `None` when the pack no
    /// longer has its scenario.
    pub fn new(item: &DrillItem, pack: &Pack) -> Option<ClassQuestion> {
        let scenario = &pack.scenario(&item.id)?.scenario;
        let question = scenario.question.clone();
        let criterion_texts = item
            .criteria
            .iter()
            .map(|number| {
                let c = rapport_core::content::CriterionRef {
                    unit: scenario.unit.clone(),
                    number: number.clone(),
                };
                pack.criterion_text(&c).unwrap_or_default().to_owned()
            })
            .collect();
        let mut misconceptions = Vec::new();
        let mut correct = Vec::new();
        let mut rubric = Vec::new();
        let form = match &question {
            Question::SingleBest(rapport_core::content::questions::SingleBest {
                options, ..
            })
            | Question::MultipleAnswers(rapport_core::content::questions::MultipleAnswers {
                options,
                ..
            }) => {
                let content = positions(&item.options, options.iter().map(|o| o.text.as_str()));
                for &c in &content {
                    let o = options.get(c);
                    correct.push(o.is_some_and(|o| o.correct));
                    misconceptions.push(misconception(
                        pack,
                        o.and_then(|o| o.misconception.as_ref()),
                    ));
                }
                let shown = item.options.clone();
                if matches!(question, Question::SingleBest(_)) {
                    Form::Single {
                        options: shown,
                        content,
                    }
                } else {
                    Form::Multiple {
                        options: shown,
                        content,
                    }
                }
            }
            Question::OrderStages(q) => {
                let shown: Vec<String> = item.options.iter().skip(1).cloned().collect();
                let content = positions(&shown, q.stages.iter().map(String::as_str));
                misconceptions.push(misconception(pack, q.misconception.as_ref()));
                Form::Order {
                    stages: shown.iter().map(|s| strip_label(s).to_owned()).collect(),
                    content,
                }
            }
            Question::MatchTerms(q) => {
                let split = item
                    .options
                    .iter()
                    .position(|o| o == "Definitions:")
                    .unwrap_or(item.options.len());
                let shown: Vec<String> = item.options.iter().skip(split + 1).cloned().collect();
                let content = positions(&shown, q.pairs.iter().map(|p| p.definition.as_str()));
                misconceptions.push(misconception(pack, q.misconception.as_ref()));
                Form::Match {
                    terms: q.pairs.iter().map(|p| p.term.clone()).collect(),
                    definitions: shown,
                    content,
                }
            }
            Question::Classify(q) => {
                let shown: Vec<String> = item.options.iter().skip(1).cloned().collect();
                let content = positions(&shown, q.items.iter().map(|i| i.text.as_str()));
                for &c in &content {
                    misconceptions.push(misconception(
                        pack,
                        q.items.get(c).and_then(|i| i.misconception.as_ref()),
                    ));
                }
                Form::Classify {
                    items: shown.iter().map(|s| strip_label(s).to_owned()).collect(),
                    categories: q.categories.clone(),
                    content,
                }
            }
            Question::Written(q) => {
                rubric = q.rubric.iter().map(|r| r.label.clone()).collect();
                Form::Written
            }
        };
        Some(ClassQuestion {
            id: item.id.clone(),
            title: item.title.clone(),
            kind: item.kind,
            situation: item.situation.clone(),
            prompt: item.prompt.clone(),
            form,
            answer: item.answer.clone(),
            explanation: item.explanation.clone(),
            marking_points: item.marking_points.clone(),
            criteria: item.criteria.clone(),
            unit: item.unit_title.clone(),
            criterion_texts,
            misconceptions,
            correct,
            rubric,
            question,
        })
    }

    /// The submission as a response in content indexes, or why it cannot be one. Nothing is
    /// trusted: every index is checked against the question.
    pub fn response(&self, s: &Submission) -> Result<Response, Invalid> {
        let bad = |m: &str| Err(Invalid(m.to_owned()));
        let distinct = |v: &[usize]| {
            let mut w = v.to_vec();
            w.sort_unstable();
            w.dedup();
            w.len() == v.len()
        };
        match &self.form {
            Form::Single { content, .. } | Form::Multiple { content, .. } => {
                let Some(choices) = &s.choices else {
                    return bad("This question is answered by choosing options.");
                };
                if choices.is_empty() {
                    return bad("Choose an option first.");
                }
                if matches!(self.form, Form::Single { .. }) && choices.len() != 1 {
                    return bad("Choose exactly one option.");
                }
                if !distinct(choices) {
                    return bad("The same option was sent twice.");
                }
                let mut out = Vec::with_capacity(choices.len());
                for &c in choices {
                    match content.get(c) {
                        Some(&i) => out.push(i),
                        None => return bad("There is no such option."),
                    }
                }
                out.sort_unstable();
                Ok(Response::Choices(out))
            }
            Form::Order { content, .. } => {
                let Some(order) = &s.order else {
                    return bad("This question is answered by putting the stages in order.");
                };
                if order.len() != content.len() || !distinct(order) {
                    return bad("Put every stage in order once.");
                }
                let mut out = Vec::with_capacity(order.len());
                for &k in order {
                    match content.get(k) {
                        Some(&i) => out.push(i),
                        None => return bad("There is no such stage."),
                    }
                }
                Ok(Response::Order(out))
            }
            Form::Match {
                terms,
                definitions,
                content,
            } => {
                let Some(picks) = &s.picks else {
                    return bad("This question is answered by picking a definition for each term.");
                };
                if picks.len() != terms.len() {
                    return bad("Pick a definition for each term.");
                }
                let mut out = Vec::with_capacity(picks.len());
                for p in picks {
                    match p {
                        None => out.push(None),
                        Some(k) if *k < definitions.len() => out.push(content.get(*k).copied()),
                        Some(_) => return bad("There is no such definition."),
                    }
                }
                Ok(Response::Matches(out))
            }
            Form::Classify {
                items,
                categories,
                content,
            } => {
                let Some(picks) = &s.picks else {
                    return bad("This question is answered by picking a category for each item.");
                };
                if picks.len() != items.len() {
                    return bad("Pick a category for each item.");
                }
                let mut out = vec![None; items.len()];
                for (k, p) in picks.iter().enumerate() {
                    if let Some(c) = p
                        && *c >= categories.len()
                    {
                        return bad("There is no such category.");
                    }
                    if let Some(slot) = content.get(k).and_then(|&i| out.get_mut(i)) {
                        *slot = *p;
                    }
                }
                Ok(Response::Classes(out))
            }
            Form::Written => {
                let Some(text) = &s.text else {
                    return bad("This question is answered in writing.");
                };
                if text.trim().is_empty() {
                    return bad("Write an answer first.");
                }
                if text.chars().count() > MAX_WRITTEN_CHARS {
                    return bad("That answer is too long: at most 4000 characters.");
                }
                Ok(Response::Written(text.clone()))
            }
        }
    }

    /// The question's own verdict (the same scoring as practice; a written answer is marked by
    /// the marker).
    pub fn score(&self, response: &Response) -> Scored {
        self.question.of_type().score(response)
    }

    pub fn takes_text(&self) -> bool {
        matches!(self.form, Form::Written)
    }

    /// The shown options of a choice question ("A. …"); empty for other forms.
    pub fn option_labels(&self) -> &[String] {
        match &self.form {
            Form::Single { options, .. } | Form::Multiple { options, .. } => options,
            _ => &[],
        }
    }

    /// How many shown options (choice questions) there are; 0 for other forms.
    pub fn option_count(&self) -> usize {
        match &self.form {
            Form::Single { options, .. } | Form::Multiple { options, .. } => options.len(),
            _ => 0,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::strip_label;

    #[test]
    fn labels_are_stripped() {
        assert_eq!(strip_label("A. Ask him"), "Ask him");
        assert_eq!(strip_label("- Goal"), "Goal");
        assert_eq!(strip_label("Ask him"), "Ask him");
    }
}
