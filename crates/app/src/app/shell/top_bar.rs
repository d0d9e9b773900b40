//! The bar across the top: search, theme and zoom, with their shortcuts shown.

use crate::app::command::{Command, ThemeChoice};

pub fn show(ui: &mut egui::Ui, theme: ThemeChoice, commands: &mut Vec<Command>) {
    ui.horizontal(|ui| {
        ui.heading("Rapport");
        ui.add_space(16.0);
        if ui
            .button("🔍 Search")
            .on_hover_text("Search every unit (Ctrl+F or /)")
            .clicked()
        {
            commands.push(Command::OpenSearch);
        }
        ui.weak("Ctrl+F or /");
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            if ui.button("+").on_hover_text("Zoom in (Ctrl +)").clicked() {
                commands.push(Command::ZoomBy(0.1));
            }
            let zoom = (ui.ctx().zoom_factor() * 100.0).round();
            if ui
                .button(format!("{zoom}%"))
                .on_hover_text("Reset zoom (Ctrl 0)")
                .clicked()
            {
                commands.push(Command::ZoomReset);
            }
            if ui.button("−").on_hover_text("Zoom out (Ctrl −)").clicked() {
                commands.push(Command::ZoomBy(-0.1));
            }
            ui.weak("Zoom");
            ui.separator();
            for (choice, label) in ThemeChoice::ALL.iter().rev() {
                if ui.selectable_label(theme == *choice, *label).clicked() {
                    commands.push(Command::SetTheme(*choice));
                }
            }
            ui.weak("Theme");
        });
    });
}
