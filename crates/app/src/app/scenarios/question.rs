//! One scenario question: the situation, the answer controls (mouse or number keys) and, once
//! answered, the feedback an examiner would give. What is particular to a question type (its
//! controls, how each part of the answer was marked) is drawn by its file in `questions/`.

use egui::{Key, RichText};

use super::questions;
use crate::app::command::Command;
use crate::app::scenarios::state::{Answered, Draft};
use crate::content::{Pack, Scenario};

/// The keys 1 to 9, in order: an option's or a team's number.
pub(crate) const NUMBER_KEYS: [Key; 9] = [
    Key::Num1,
    Key::Num2,
    Key::Num3,
    Key::Num4,
    Key::Num5,
    Key::Num6,
    Key::Num7,
    Key::Num8,
    Key::Num9,
];

/// What the learner asked for this frame.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct QuestionInput {
    pub submit: bool,
}

/// Draws the scenario and the answer controls; number keys, Backspace and Enter work unless
/// a text field has focus (then Ctrl+Enter submits).
pub fn question(ui: &mut egui::Ui, scenario: &Scenario, draft: &mut Draft) -> QuestionInput {
    let mut input = QuestionInput::default();
    header(ui, scenario);
    let q = &scenario.question;
    let typing = ui.ctx().text_edit_focused();
    let takes_text = q.of_type().takes_text();
    if !typing && !takes_text {
        ui.input_mut(|i| {
            for (n, key) in NUMBER_KEYS.iter().enumerate() {
                if i.consume_key(egui::Modifiers::NONE, *key) {
                    draft.press(q, n + 1);
                }
            }
            if i.consume_key(egui::Modifiers::NONE, Key::Backspace) {
                draft.picks.pop();
            }
            if i.consume_key(egui::Modifiers::NONE, Key::Enter) {
                input.submit = true;
            }
        });
    }
    ui.add_space(6.0);
    // The controls of the question's type (`questions/<type>.rs`).
    questions::view(q).answer(ui, draft, &mut input);
    ui.add_space(8.0);
    let ready = draft.complete(q);
    // In the answer box Enter starts a new line, so a written answer is sent with Ctrl+Enter.
    let label = if takes_text {
        "Submit answer (Ctrl+Enter)"
    } else {
        "Submit answer (Enter)"
    };
    if ui.add_enabled(ready, egui::Button::new(label)).clicked() {
        input.submit = true;
    }
    if !ready {
        input.submit = false;
    }
    input
}

/// "1 word", "2 words".
pub fn word_count(n: usize) -> String {
    format!("{n} word{}", if n == 1 { "" } else { "s" })
}

/// "Undo last", shown once something has been picked.
pub(super) fn undo_button(ui: &mut egui::Ui, draft: &mut Draft) {
    if !draft.picks.is_empty() && ui.small_button("Undo last (Backspace)").clicked() {
        draft.picks.pop();
    }
}

pub fn header(ui: &mut egui::Ui, scenario: &Scenario) {
    ui.label(
        RichText::new(format!(
            "{} · {}",
            scenario.setting.label(),
            scenario.question.kind_label()
        ))
        .weak(),
    );
    ui.heading(&scenario.title);
    ui.label(&scenario.situation);
    ui.add_space(4.0);
    ui.label(RichText::new(&scenario.prompt).strong());
}

/// The examiner's feedback on one answer: marks, each point earned or missed with its quote,
/// the misconceptions shown with their corrections, the model answer and tips.
pub fn feedback(
    ui: &mut egui::Ui,
    pack: &Pack,
    scenario: &Scenario,
    answered: &Answered,
    learner_views: &dyn Fn(&str) -> Option<Option<bool>>,
    commands: &mut Vec<Command>,
) {
    let v = &answered.verdict;
    let verdict = if v.full_marks() {
        RichText::new(format!("Full marks: {} / {}", v.score, v.max)).color(ok_color(ui))
    } else {
        RichText::new(format!("{} / {}", v.score, v.max)).color(ui.visuals().warn_fg_color)
    };
    ui.label(verdict.heading());
    let status = match (&answered.failed, answered.saved) {
        (Some(reason), _) => format!("Not saved: {reason}"),
        (None, true) => "Saved".to_owned(),
        (None, false) => "Saving…".to_owned(),
    };
    ui.label(RichText::new(status).weak());

    // What each part of the answer earned, as the question's type shows it.
    questions::view(&scenario.question).feedback(
        ui,
        &mut questions::Feedback {
            answered,
            learner_views,
            commands,
        },
    );

    if !v.misconceptions.is_empty() {
        ui.add_space(6.0);
        ui.label(RichText::new("⚠ What your answer shows").strong());
        for id in &v.misconceptions {
            if let Some(m) = misconception(pack, id) {
                ui.label(format!("Misconception: {}", m.text));
                if let Some(c) = &m.correction {
                    ui.label(RichText::new(format!("Instead: {c}")).italics());
                }
            }
        }
    }
    if let Some(explanation) = &scenario.explanation {
        ui.add_space(6.0);
        ui.label(RichText::new("💡 Why").strong());
        ui.label(explanation);
    }
    let tips: Vec<&str> = scenario
        .tips
        .iter()
        .filter_map(|id| tip(pack, id))
        .collect();
    if !tips.is_empty() {
        ui.add_space(6.0);
        ui.label(RichText::new("Exam tips").strong());
        for t in tips {
            ui.label(format!("· {t}"));
        }
    }
}

fn misconception<'a>(pack: &'a Pack, id: &str) -> Option<&'a crate::content::Misconception> {
    pack.units
        .iter()
        .flat_map(|u| u.unit.misconceptions.iter())
        .find(|m| m.id == id)
}

fn tip<'a>(pack: &'a Pack, id: &str) -> Option<&'a str> {
    pack.units
        .iter()
        .flat_map(|u| u.unit.tips.iter())
        .find(|t| t.id == id)
        .map(|t| t.text.as_str())
}

/// Red that reads on both themes.
pub fn wrong_color(ui: &egui::Ui) -> egui::Color32 {
    if ui.visuals().dark_mode {
        egui::Color32::from_rgb(0xff, 0x8a, 0x80)
    } else {
        egui::Color32::from_rgb(0xb0, 0x1e, 0x1e)
    }
}

/// Green that reads on both themes.
pub fn ok_color(ui: &egui::Ui) -> egui::Color32 {
    if ui.visuals().dark_mode {
        egui::Color32::from_rgb(0x6c, 0xd0, 0x8a)
    } else {
        egui::Color32::from_rgb(0x1e, 0x7a, 0x3c)
    }
}
