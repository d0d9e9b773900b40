//! Written answer: the answer box with its word count; the feedback gives each rubric point
//! earned or missed with the sentence that earned it, a dispute button, and the model answer.

use egui::{Key, RichText};

use super::{Feedback, QuestionView};
use crate::app::command::Command;
use crate::app::scenarios::question::{QuestionInput, ok_color, word_count, wrong_color};
use crate::app::scenarios::state::Draft;
use crate::content::questions::Written;
use crate::marking::RubricPoint;

impl QuestionView for Written {
    fn answer(&self, ui: &mut egui::Ui, draft: &mut Draft, input: &mut QuestionInput) {
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

    fn feedback(&self, ui: &mut egui::Ui, feedback: &mut Feedback<'_>) {
        rubric_points(ui, &self.rubric, feedback);
        ui.add_space(6.0);
        ui.label(RichText::new("Model answer").strong());
        ui.label(&self.model_answer);
    }
}

/// Each rubric point as the marker found it, with the learner's dispute.
fn rubric_points(ui: &mut egui::Ui, rubric: &[RubricPoint], feedback: &mut Feedback<'_>) {
    let answered = feedback.answered;
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
        let view = (feedback.learner_views)(&point.point);
        let commands = &mut *feedback.commands;
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
fn missing_text(marks: u32, max: u32, point: &RubricPoint) -> String {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn word_counts_and_missing_ideas_read_as_english() {
        assert_eq!(word_count(1), "1 word");
        assert_eq!(word_count(0), "0 words");
        let point = RubricPoint {
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
