//! Areas that later releases fill, saying so plainly.

use super::command::{Command, Page};

pub fn show(ui: &mut egui::Ui, page: &Page) {
    let (title, what) = match page {
        Page::Flashcards => (
            "Flashcards",
            "Spaced-repetition flashcards made from every unit's key concepts, misconceptions and criteria.",
        ),
        Page::Scenarios => (
            "Scenarios",
            "Scenario questions and practice tests, marked against the examiners' marking points.",
        ),
        Page::SelfAssessment => (
            "Self-assessment",
            "Rate yourself against the ICF Core Competencies and the EMCC Global Competence Framework.",
        ),
        Page::DevelopmentPlan => (
            "Development plan",
            "Turn the gaps from your self-assessment into SMART objectives and export your plan.",
        ),
        _ => ("", ""),
    };
    ui.add_space(24.0);
    ui.heading(title);
    ui.label(what);
    ui.add_space(8.0);
    ui.label(
        "This area is not built yet. Until it is, revise with the Units area and search (Ctrl+F).",
    );
}

pub fn missing_unit(ui: &mut egui::Ui, id: &str, commands: &mut Vec<Command>) {
    ui.heading("Unit not found");
    ui.label(format!("No loaded unit has the id `{id}`."));
    if ui.button("Back to units").clicked() {
        commands.push(Command::Navigate(Page::Units));
    }
}
