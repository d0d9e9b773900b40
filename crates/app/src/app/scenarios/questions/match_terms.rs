//! Match terms: a button per definition, pressed for each term in turn; the feedback marks
//! each term's definition.

use egui::RichText;

use super::{Feedback, QuestionView, placed_row};
use crate::app::scenarios::question::{QuestionInput, undo_button};
use crate::app::scenarios::state::Draft;
use crate::content::questions::{MatchTerms, QuestionType};

impl QuestionView for MatchTerms {
    fn answer(&self, ui: &mut egui::Ui, draft: &mut Draft, _input: &mut QuestionInput) {
        let pairs = &self.pairs;
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
                self.press(draft, k);
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

    fn feedback(&self, ui: &mut egui::Ui, feedback: &mut Feedback<'_>) {
        for item in &feedback.answered.verdict.items {
            placed_row(ui, item, ": ", true);
        }
    }
}
