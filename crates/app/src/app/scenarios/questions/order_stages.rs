//! Order the stages: a button per stage, pressed in the order they come; the feedback marks
//! each place of the learner's order and gives the right one.

use egui::RichText;

use super::{Feedback, QuestionView, marked_line};
use crate::app::scenarios::question::{QuestionInput, ok_color, undo_button};
use crate::app::scenarios::state::Draft;
use crate::content::questions::{ItemResult, OrderStages, QuestionType};

impl QuestionView for OrderStages {
    fn answer(&self, ui: &mut egui::Ui, draft: &mut Draft, _input: &mut QuestionInput) {
        let stages = &self.stages;
        ui.label(
            RichText::new(format!(
                "{}: press the number of each stage in the order it comes \
                 (Backspace undoes), then Enter.",
                self.model
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
                self.press(draft, k);
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

    fn feedback(&self, ui: &mut egui::Ui, feedback: &mut Feedback<'_>) {
        ui.label(RichText::new("Your order").strong());
        for (place, item) in feedback.answered.verdict.items.iter().enumerate() {
            if let ItemResult::Placed { text, right, .. } = item {
                marked_line(ui, *right, &format!("{}. {text}", place + 1));
            }
        }
        ui.add_space(4.0);
        ui.label(
            RichText::new(format!("✔ The right order: {}", self.stages.join(" › ")))
                .color(ok_color(ui)),
        );
    }
}
