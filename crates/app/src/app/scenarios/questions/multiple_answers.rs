//! Multiple answers: check boxes in this attempt's order; the feedback marks every option.

use egui::RichText;

use super::{Feedback, QuestionView, option_rows};
use crate::app::scenarios::question::QuestionInput;
use crate::app::scenarios::state::Draft;
use crate::content::questions::{MultipleAnswers, QuestionType};

impl QuestionView for MultipleAnswers {
    fn answer(&self, ui: &mut egui::Ui, draft: &mut Draft, _input: &mut QuestionInput) {
        ui.label(
            RichText::new("Tick all that apply (press 1–9 to tick or untick), then Enter.").weak(),
        );
        // Options in this attempt's order: key k ticks the k-th shown.
        for (k, &i) in draft.shown.order.clone().iter().enumerate() {
            let Some(option) = self.options.get(i) else {
                continue;
            };
            let mut on = draft.ticked.get(i).copied().unwrap_or(false);
            if ui
                .checkbox(&mut on, format!("{}. {}", k + 1, option.text))
                .changed()
            {
                self.press(draft, k);
            }
        }
    }

    fn feedback(&self, ui: &mut egui::Ui, feedback: &mut Feedback<'_>) {
        option_rows(ui, feedback.answered);
    }
}
