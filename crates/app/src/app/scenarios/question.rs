//! One scenario question: the situation, the answer controls (mouse or number keys) and, once
//! answered, the feedback an examiner would give.

use egui::{Key, RichText};

use crate::app::command::Command;
use crate::app::scenarios::state::{Answered, Draft};
use crate::content::{Pack, Question, Scenario};
use crate::practice::Response;

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
    if !typing && !matches!(q, Question::Written { .. }) {
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
    match q {
        Question::SingleBest { options } | Question::MultipleAnswers { options } => {
            let single = matches!(q, Question::SingleBest { .. });
            ui.label(
                RichText::new(if single {
                    "Choose one (press 1–9), then Enter."
                } else {
                    "Tick all that apply (press 1–9 to tick or untick), then Enter."
                })
                .weak(),
            );
            // Options in this attempt's order: key k picks the k-th shown.
            for (k, &i) in draft.shown.order.clone().iter().enumerate() {
                let Some(option) = options.get(i) else {
                    continue;
                };
                let mut on = draft.ticked.get(i).copied().unwrap_or(false);
                let label = format!("{}. {}", k + 1, option.text);
                let changed = if single {
                    ui.radio(on, label).clicked()
                } else {
                    ui.checkbox(&mut on, label).changed()
                };
                if changed {
                    draft.press(q, k + 1);
                }
            }
        }
        Question::OrderStages { model, stages, .. } => {
            ui.label(
                RichText::new(format!(
                    "{model}: press the number of each stage in the order it comes \
                     (Backspace undoes), then Enter."
                ))
                .weak(),
            );
            for (k, &stage) in draft.shown.order.clone().iter().enumerate() {
                let placed = draft.picks.iter().position(|&p| p == k);
                let label = match placed {
                    Some(pos) => format!("{}. {}  · placed {}", k + 1, stages[stage], pos + 1),
                    None => format!("{}. {}", k + 1, stages[stage]),
                };
                if ui
                    .add_enabled(placed.is_none(), egui::Button::new(label))
                    .clicked()
                {
                    draft.press(q, k + 1);
                }
            }
            let order: Vec<&str> = draft
                .picks
                .iter()
                .filter_map(|&k| draft.shown.order.get(k).map(|&s| stages[s].as_str()))
                .collect();
            ui.label(format!("Your order: {}", order.join(" › ")));
            undo_button(ui, draft);
        }
        Question::MatchTerms { pairs, .. } => {
            ui.label(
                RichText::new(
                    "For each term in turn, press the number of its definition (Backspace undoes), \
                     then Enter.",
                )
                .weak(),
            );
            for (k, &d) in draft.shown.order.clone().iter().enumerate() {
                if ui
                    .button(format!("{}. {}", k + 1, pairs[d].definition))
                    .clicked()
                {
                    draft.press(q, k + 1);
                }
            }
            ui.add_space(4.0);
            for (t, pair) in pairs.iter().enumerate() {
                let chosen = draft.picks.get(t).map(|&k| k + 1);
                let now = t == draft.picks.len();
                let text = match chosen {
                    Some(n) => format!("{}  = {n}", pair.term),
                    None if now => format!("{}  = ?  (now)", pair.term),
                    None => format!("{}  = ?", pair.term),
                };
                ui.label(if now {
                    RichText::new(text).strong()
                } else {
                    RichText::new(text)
                });
            }
            undo_button(ui, draft);
        }
        Question::Classify { categories, items } => {
            let keys: Vec<String> = draft
                .shown
                .categories
                .iter()
                .enumerate()
                .map(|(k, &c)| format!("{} {}", k + 1, categories[c]))
                .collect();
            ui.label(
                RichText::new(format!(
                    "For each item in turn press a category: {} (Backspace undoes), then Enter.",
                    keys.join(" · ")
                ))
                .weak(),
            );
            // Items in this attempt's order; a pick is the category given to the t-th shown.
            for (t, &i) in draft.shown.order.clone().iter().enumerate() {
                let Some(item) = items.get(i) else { continue };
                let now = t == draft.picks.len();
                ui.horizontal_wrapped(|ui| {
                    let text = match draft.picks.get(t) {
                        Some(&c) => format!("{}  › {}", item.text, categories[c]),
                        None if now => format!("{}  › ?  (now)", item.text),
                        None => format!("{}  › ?", item.text),
                    };
                    ui.label(if now {
                        RichText::new(text).strong()
                    } else {
                        RichText::new(text)
                    });
                    if now {
                        for (k, &c) in draft.shown.categories.clone().iter().enumerate() {
                            if ui.small_button(&categories[c]).clicked() {
                                draft.press(q, k + 1);
                            }
                        }
                    }
                });
            }
            undo_button(ui, draft);
        }
        Question::Written { .. } => {
            ui.label(RichText::new("Write your answer, then press Ctrl+Enter to submit.").weak());
            let id = ui.make_persistent_id("scenario_answer");
            // Taken before the text field sees it, or the field would type a line break.
            if ui.memory(|m| m.has_focus(id))
                && ui.input_mut(|i| i.consume_key(egui::Modifiers::COMMAND, Key::Enter))
            {
                input.submit = true;
            }
            let edit = egui::TextEdit::multiline(&mut draft.text)
                .id(id)
                .desired_rows(10)
                .desired_width(f32::INFINITY)
                .hint_text("Your answer");
            let response = ui.add(edit);
            // Keyboard first: the answer box takes the cursor when the question appears.
            if !draft.focused_once {
                response.request_focus();
                draft.focused_once = true;
            }
            let words = draft.text.split_whitespace().count();
            ui.label(RichText::new(format!("{words} words")).weak());
        }
    }
    ui.add_space(8.0);
    let ready = draft.complete(q);
    if ui
        .add_enabled(ready, egui::Button::new("Submit answer (Enter)"))
        .clicked()
    {
        input.submit = true;
    }
    if !ready {
        input.submit = false;
    }
    input
}

fn undo_button(ui: &mut egui::Ui, draft: &mut Draft) {
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

    match (&scenario.question, &answered.response) {
        (
            Question::SingleBest { options } | Question::MultipleAnswers { options },
            Response::Choices(chosen),
        ) => {
            for (k, &i) in answered.shown.order.iter().enumerate() {
                let Some(o) = options.get(i) else { continue };
                let picked = chosen.contains(&i);
                let mark = match (o.correct, picked) {
                    (true, true) => "✔ right, and you chose it",
                    (true, false) => "✔ right, and you missed it",
                    (false, true) => "✖ wrong, and you chose it",
                    (false, false) => "wrong",
                };
                ui.label(format!("{}. {}  — {mark}", k + 1, o.text));
                if let Some(why) = &o.why
                    && (picked || o.correct)
                {
                    ui.label(RichText::new(why).italics());
                }
            }
        }
        (Question::OrderStages { stages, .. }, _) => {
            ui.label(format!("The right order: {}", stages.join(" › ")));
        }
        (Question::MatchTerms { pairs, .. }, Response::Matches(chosen)) => {
            for (i, p) in pairs.iter().enumerate() {
                let ok = chosen.get(i).copied().flatten() == Some(i);
                let mark = if ok { "✔" } else { "✖" };
                ui.label(format!("{mark} {}: {}", p.term, p.definition));
            }
        }
        (Question::Classify { items, .. }, Response::Classes(chosen)) => {
            if let Question::Classify { categories, .. } = &scenario.question {
                for &i in &answered.shown.order {
                    let Some(item) = items.get(i) else { continue };
                    let got = chosen
                        .get(i)
                        .copied()
                        .flatten()
                        .and_then(|c| categories.get(c));
                    let ok = got == Some(&item.category);
                    let mark = if ok { "✔" } else { "✖" };
                    ui.label(format!("{mark} {}  › {}", item.text, item.category));
                }
            }
        }
        (Question::Written { model_answer, .. }, _) => {
            written_points(ui, scenario, answered, learner_views, commands);
            ui.add_space(6.0);
            ui.label(RichText::new("Model answer").strong());
            ui.label(model_answer);
        }
        _ => {}
    }

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

fn written_points(
    ui: &mut egui::Ui,
    scenario: &Scenario,
    answered: &Answered,
    learner_views: &dyn Fn(&str) -> Option<Option<bool>>,
    commands: &mut Vec<Command>,
) {
    let Question::Written { rubric, .. } = &scenario.question else {
        return;
    };
    let Some(result) = &answered.verdict.mark else {
        return;
    };
    if result.truncated {
        ui.label("Your answer was very long: only its beginning was marked.");
    }
    for (point, rubric_point) in result.points.iter().zip(rubric) {
        ui.add_space(4.0);
        let (mark, color) = if point.earned {
            ("✔ Earned", ok_color(ui))
        } else {
            ("✖ Missed", ui.visuals().warn_fg_color)
        };
        ui.label(
            RichText::new(format!(
                "{mark} ({}/{}): {}",
                point.marks, point.max_mark, rubric_point.label
            ))
            .color(color),
        );
        if let Some(q) = &point.quote {
            ui.label(RichText::new(format!("“{q}”")).italics());
        }
        let view = learner_views(&point.point);
        ui.horizontal(|ui| match view {
            None => {
                ui.label(RichText::new("(dispute once saved)").weak());
            }
            Some(Some(mine)) => {
                ui.label(format!(
                    "Your view: {}; the marker's: {}.",
                    if mine { "earned" } else { "missed" },
                    if point.earned { "earned" } else { "missed" }
                ));
                if ui.small_button("Withdraw dispute").clicked() {
                    commands.push(Command::DisputePoint {
                        attempt_key: answered.attempt_key.clone(),
                        point_id: point.point.clone(),
                        learner_earned: None,
                    });
                }
            }
            Some(None) => {
                let label = if point.earned {
                    "Dispute: I did not earn this"
                } else {
                    "Dispute: I earned this"
                };
                if ui.small_button(label).clicked() {
                    commands.push(Command::DisputePoint {
                        attempt_key: answered.attempt_key.clone(),
                        point_id: point.point.clone(),
                        learner_earned: Some(!point.earned),
                    });
                }
            }
        });
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

/// Green that reads on both themes.
pub fn ok_color(ui: &egui::Ui) -> egui::Color32 {
    if ui.visuals().dark_mode {
        egui::Color32::from_rgb(0x6c, 0xd0, 0x8a)
    } else {
        egui::Color32::from_rgb(0x1e, 0x7a, 0x3c)
    }
}
