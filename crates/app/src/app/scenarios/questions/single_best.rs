//! Single best answer: radio buttons in this attempt's order; the feedback marks every option.

use egui::RichText;

use super::{Feedback, QuestionView, option_rows};
use crate::app::scenarios::question::QuestionInput;
use crate::app::scenarios::state::Draft;
use crate::content::questions::{QuestionType, SingleBest};

impl QuestionView for SingleBest {
    fn answer(&self, ui: &mut egui::Ui, draft: &mut Draft, _input: &mut QuestionInput) {
        ui.label(RichText::new("Choose one (press 1–9), then Enter.").weak());
        // Options in this attempt's order: key k picks the k-th shown.
        for (k, &i) in draft.shown.order.clone().iter().enumerate() {
            let Some(option) = self.options.get(i) else {
                continue;
            };
            let on = draft.ticked.get(i).copied().unwrap_or(false);
            if ui.radio(on, format!("{}. {}", k + 1, option.text)).clicked() {
                self.press(draft, k);
            }
        }
    }

    fn feedback(&self, ui: &mut egui::Ui, feedback: &mut Feedback<'_>) {
        option_rows(ui, feedback.answered);
    }
}
