//! The left navigation: the product's areas, and the content problems when there are any.

use crate::app::command::{Command, Page};

pub fn show(ui: &mut egui::Ui, page: &Page, problems: usize, commands: &mut Vec<Command>) {
    ui.add_space(8.0);
    let current = page.area();
    for (area, label) in Page::AREAS {
        let selected = current == area;
        let button = egui::Button::selectable(selected, label)
            .min_size(egui::vec2(ui.available_width(), 30.0));
        let mut response = ui.add(button);
        if area == Page::Readiness {
            // The page's heading shows the shortcut too.
            response = response.on_hover_text(crate::app::readiness::view::SHORTCUT);
        }
        if response.clicked() {
            commands.push(Command::Navigate(area));
        }
    }
    if problems > 0 {
        ui.separator();
        let label = format!("Content problems ({problems})");
        let button = egui::Button::selectable(current == Page::Problems, label)
            .min_size(egui::vec2(ui.available_width(), 30.0));
        if ui.add(button).clicked() {
            commands.push(Command::Navigate(Page::Problems));
        }
    }
}
