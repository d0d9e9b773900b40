//! The left navigation: "Start here", the product's areas with their shortcuts, and the content
//! problems when there are any.

use crate::app::command::{Command, Page};

pub fn show(ui: &mut egui::Ui, page: &Page, problems: usize, commands: &mut Vec<Command>) {
    ui.add_space(8.0);
    let current = page.area();
    let help = egui::KeyboardShortcut::new(egui::Modifiers::NONE, Page::WELCOME_KEY);
    entry(
        ui,
        current == Page::Welcome,
        "Start here",
        Some(help),
        || commands.push(Command::Navigate(Page::Welcome)),
    );
    ui.separator();
    for (area, label, key) in Page::AREAS {
        let selected = current == area;
        entry(ui, selected, label, Some(Page::area_shortcut(key)), || {
            commands.push(Command::Navigate(area.clone()))
        });
    }
    if problems > 0 {
        ui.separator();
        let label = format!("Content problems ({problems})");
        entry(ui, current == Page::Problems, &label, None, || {
            commands.push(Command::Navigate(Page::Problems))
        });
    }
}

/// A full-width entry. The shortcut is painted beside the label rather than being part of it,
/// so that screen readers (and tests) read the area's name alone.
fn entry(
    ui: &mut egui::Ui,
    selected: bool,
    label: &str,
    shortcut: Option<egui::KeyboardShortcut>,
    on_click: impl FnOnce(),
) {
    let button =
        egui::Button::selectable(selected, label).min_size(egui::vec2(ui.available_width(), 30.0));
    let response = ui.add(button);
    if let Some(shortcut) = shortcut {
        let text = ui.ctx().format_shortcut(&shortcut);
        let rect = response.rect.shrink2(egui::vec2(8.0, 0.0));
        ui.painter().text(
            rect.right_center(),
            egui::Align2::RIGHT_CENTER,
            text,
            egui::TextStyle::Small.resolve(ui.style()),
            ui.visuals().weak_text_color(),
        );
    }
    if response.clicked() {
        on_click();
    }
}
