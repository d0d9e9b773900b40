//! Classify: the items in this attempt's order, each given a category by key or button; the
//! feedback marks each item's category.

use egui::RichText;

use super::{Feedback, QuestionView, placed_row};
use crate::app::scenarios::question::{QuestionInput, undo_button};
use crate::app::scenarios::state::Draft;
use crate::content::questions::{Classify, QuestionType};

impl QuestionView for Classify {
    fn answer(&self, ui: &mut egui::Ui, draft: &mut Draft, _input: &mut QuestionInput) {
        let (categories, items) = (&self.categories, &self.items);
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
                            self.press(draft, k);
                        }
                    }
                }
            });
        }
        undo_button(ui, draft);
    }

    /// Items in the order they were shown.
    fn feedback(&self, ui: &mut egui::Ui, feedback: &mut Feedback<'_>) {
        let answered = feedback.answered;
        for &i in &answered.shown.order {
            if let Some(item) = answered.verdict.items.get(i) {
                placed_row(ui, item, "  › ", false);
            }
        }
    }
}
