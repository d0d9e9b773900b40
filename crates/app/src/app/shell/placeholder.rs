//! What a page shows when what it should show is not there.

use crate::app::command::{Command, Page};

/// The last page was a unit that is no longer loaded (its pack was removed or renamed).
pub fn missing_unit(ui: &mut egui::Ui, id: &str, commands: &mut Vec<Command>) {
    ui.heading("Unit not found");
    ui.label(format!("No loaded unit has the id `{id}`."));
    if ui.button("Back to units").clicked() {
        commands.push(Command::Navigate(Page::Units));
    }
}
