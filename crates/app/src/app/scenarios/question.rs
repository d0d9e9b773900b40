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
            ui.label(RichText::new(word_count(words)).weak());
        }
    }
    ui.add_space(8.0);
    let ready = draft.complete(q);
    // In the answer box Enter starts a new line, so a written answer is sent with Ctrl+Enter.
    let label = if matches!(q, Question::Written { .. }) {
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
                let why = o.why.as_deref().filter(|_| picked || o.correct);
                choice_row(ui, k + 1, &o.text, o.correct, picked, why);
            }
        }
        (Question::OrderStages { stages, .. }, Response::Order(order)) => {
            ui.label(RichText::new("Your order").strong());
            for (place, &s) in order.iter().enumerate() {
                let ok = s == place;
                let text = format!("{}. {}", place + 1, stages.get(s).map_or("?", |t| t));
                marked_line(ui, ok, &text);
            }
            ui.add_space(4.0);
            ui.label(
                RichText::new(format!("✔ The right order: {}", stages.join(" › ")))
                    .color(ok_color(ui)),
            );
        }
        (Question::MatchTerms { pairs, .. }, Response::Matches(chosen)) => {
            for (i, p) in pairs.iter().enumerate() {
                let got = chosen.get(i).copied().flatten();
                if got == Some(i) {
                    marked_line(ui, true, &format!("{}: {}", p.term, p.definition));
                } else {
                    let yours = got
                        .and_then(|g| pairs.get(g))
                        .map_or("nothing".to_owned(), |g| format!("“{}”", g.definition));
                    marked_line(ui, false, &format!("{}: you chose {yours}", p.term));
                    right_line(ui, &p.definition);
                }
            }
        }
        (Question::Classify { categories, items }, Response::Classes(chosen)) => {
            // Items in the order they were shown; the cross goes by the learner's choice.
            for &i in &answered.shown.order {
                let Some(item) = items.get(i) else { continue };
                let got = chosen
                    .get(i)
                    .copied()
                    .flatten()
                    .and_then(|c| categories.get(c));
                if got == Some(&item.category) {
                    marked_line(ui, true, &format!("{}  › {}", item.text, item.category));
                } else {
                    let yours = got.map_or("nothing", String::as_str);
                    marked_line(ui, false, &format!("{}  › you chose {yours}", item.text));
                    right_line(ui, &item.category);
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
        let full = point.marks >= point.max_mark;
        let (mark, color) = match (point.earned, full) {
            (true, true) => ("✔ Earned", ok_color(ui)),
            (true, false) => ("½ Partly earned", ui.visuals().warn_fg_color),
            (false, _) => ("✖ Missed", wrong_color(ui)),
        };
        ui.label(
            RichText::new(format!(
                "{mark} ({}/{}): {}",
                point.marks, point.max_mark, rubric_point.label
            ))
            .color(color),
        );
        for q in point
            .quotes
            .iter()
            .chain(point.quote.iter().filter(|_| point.quotes.is_empty()))
        {
            ui.label(RichText::new(format!("“{q}”")).italics());
        }
        if !full {
            ui.label(missing_text(point.marks, point.max_mark, rubric_point));
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

/// What a point not fully earned still needed: how many more distinct ideas, and the ideas the
/// examiners credit for it, each in its first phrasing.
fn missing_text(marks: u32, max: u32, point: &crate::marking::RubricPoint) -> String {
    let more = max.saturating_sub(marks);
    let ideas: Vec<String> = point
        .ideas
        .iter()
        .filter_map(|idea| idea.first())
        .map(|p| format!("“{p}”"))
        .collect();
    let needed = if marks == 0 {
        format!("Missing: {}", point.label)
    } else {
        format!(
            "Missing: {more} more distinct idea{} for full marks",
            if more == 1 { "" } else { "s" }
        )
    };
    if ideas.is_empty() {
        format!("{needed}.")
    } else {
        format!(
            "{needed}. Ideas that earn marks here: {}.",
            ideas.join(", ")
        )
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

/// One option of a choice question after answering: the symbol and the colour both say right
/// or wrong (for learners who cannot tell the colours apart), and the learner's choice is
/// framed and filled.
fn choice_row(
    ui: &mut egui::Ui,
    number: usize,
    text: &str,
    correct: bool,
    picked: bool,
    why: Option<&str>,
) {
    let (symbol, verdict, color) = match (correct, picked) {
        (true, true) => ("✔", "Right answer · your choice", ok_color(ui)),
        (true, false) => ("✔", "Right answer · you did not choose it", ok_color(ui)),
        (false, true) => ("✖", "Wrong · your choice", wrong_color(ui)),
        (false, false) => ("·", "Wrong", ui.visuals().weak_text_color()),
    };
    let mut frame = egui::Frame::new()
        .inner_margin(egui::Margin::symmetric(8, 4))
        .corner_radius(4);
    frame = if picked {
        frame
            .fill(ui.visuals().selection.bg_fill.gamma_multiply(0.25))
            .stroke(egui::Stroke::new(2.0, color))
    } else {
        frame.stroke(ui.visuals().widgets.noninteractive.bg_stroke)
    };
    frame.show(ui, |ui| {
        ui.set_width(ui.available_width());
        let line = RichText::new(format!("{symbol} {number}. {text}")).color(color);
        ui.label(if picked { line.strong() } else { line });
        ui.label(RichText::new(verdict).small().color(color));
        if let Some(why) = why {
            ui.label(RichText::new(why).italics());
        }
    });
    ui.add_space(2.0);
}

/// A line marked right (✔, green) or wrong (✖, red): symbol and colour together.
fn marked_line(ui: &mut egui::Ui, ok: bool, text: &str) {
    let (symbol, color) = if ok {
        ("✔", ok_color(ui))
    } else {
        ("✖", wrong_color(ui))
    };
    ui.label(RichText::new(format!("{symbol} {text}")).color(color));
}

/// The right answer under a wrong one, indented.
fn right_line(ui: &mut egui::Ui, text: &str) {
    ui.horizontal_wrapped(|ui| {
        ui.add_space(18.0);
        ui.label(RichText::new(format!("✔ right: {text}")).color(ok_color(ui)));
    });
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn word_counts_and_missing_ideas_read_as_english() {
        assert_eq!(word_count(1), "1 word");
        assert_eq!(word_count(0), "0 words");
        let point = crate::marking::RubricPoint {
            id: "c".into(),
            marking_point: "m".into(),
            label: "Confidentiality and its limits".into(),
            max_mark: 2,
            ideas: vec![
                vec!["keep it confidential".into()],
                vec!["risk of harm".into()],
            ],
            must_have: Vec::new(),
            must_not_have: Vec::new(),
            synonyms: Vec::new(),
            naming: false,
            about: Vec::new(),
        };
        assert_eq!(
            missing_text(1, 2, &point),
            "Missing: 1 more distinct idea for full marks. Ideas that earn marks here: \
             “keep it confidential”, “risk of harm”."
        );
        assert!(missing_text(0, 2, &point).starts_with("Missing: Confidentiality and its limits."));
    }
}
