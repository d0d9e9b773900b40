//! The problems found in the loaded content, one per line, with file and position.

use crate::content::Problem;

pub fn show(ui: &mut egui::Ui, problems: &[Problem]) {
    ui.heading("Content problems");
    if problems.is_empty() {
        ui.label("The loaded content has no problems.");
        return;
    }
    ui.label(
        "These files could not be loaded as they are. Everything else is open as usual. \
         Fix the file and restart Rapport, or run `rapport check FOLDER` to see the same list.",
    );
    ui.add_space(8.0);
    egui::ScrollArea::vertical().show(ui, |ui| {
        for problem in problems {
            ui.horizontal_wrapped(|ui| {
                ui.colored_label(ui.visuals().warn_fg_color, "⚠");
                ui.monospace(problem.to_string());
            });
        }
    });
}
