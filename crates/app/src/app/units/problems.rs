//! The problems found in the loaded content, one per line, with file and position: errors
//! (something was not loaded as written) first, then warnings (gaps in what loaded).

use crate::content::Problem;

pub fn show(ui: &mut egui::Ui, problems: &[Problem]) {
    ui.heading("Content problems");
    if problems.is_empty() {
        ui.label("The loaded content has no problems.");
        return;
    }
    let errors: Vec<&Problem> = problems.iter().filter(|p| !p.is_warning()).collect();
    let warnings: Vec<&Problem> = problems.iter().filter(|p| p.is_warning()).collect();
    crate::app::shell::scroll::page(ui, "problems", |ui| {
        if !errors.is_empty() {
            ui.label(
                "These files could not be loaded as they are. Everything else is open as usual. \
                 Fix the file and restart Rapport, or run `rapport check FOLDER` to see the same \
                 list.",
            );
            ui.add_space(8.0);
            list(ui, &errors, ui.visuals().error_fg_color);
        }
        if !warnings.is_empty() {
            if !errors.is_empty() {
                ui.add_space(12.0);
            }
            ui.label(egui::RichText::new(format!("Warnings ({})", warnings.len())).strong());
            ui.label(
                "Everything here loaded and can be studied. These are gaps a tutor should know \
                 about: a misconception without a correction, a marking point or criterion with \
                 too little practice, a tip no scenario shows, two cards with the same front.",
            );
            ui.add_space(8.0);
            list(ui, &warnings, ui.visuals().warn_fg_color);
        }
    });
}

fn list(ui: &mut egui::Ui, problems: &[&Problem], color: egui::Color32) {
    for problem in problems {
        ui.horizontal_wrapped(|ui| {
            ui.colored_label(color, "⚠");
            ui.monospace(problem.to_string());
        });
    }
}
