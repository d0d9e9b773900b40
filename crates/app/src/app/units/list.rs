//! The Units area: every loaded unit, grouped by awarding body and level.

use std::collections::BTreeMap;

use crate::app::command::{Command, Page};
use crate::app::style;
use crate::content::{LoadedUnit, Origin, Pack, Section};
use crate::store::SectionProgress;

/// Groups units by awarding body and level, known bodies first; a unit without either is
/// grouped under the qualification area of its source (never "unknown").
pub fn groups(pack: &Pack) -> Vec<(String, Vec<&LoadedUnit>)> {
    let mut map: BTreeMap<(bool, String, u8, String), Vec<&LoadedUnit>> = BTreeMap::new();
    for loaded in &pack.units {
        let u = &loaded.unit;
        let key = (
            u.awarding_body.is_none(),
            u.awarding_body.clone().unwrap_or_default(),
            u.level.unwrap_or(u8::MAX),
            u.qualification_label(),
        );
        map.entry(key).or_default().push(loaded);
    }
    map.into_iter()
        .map(|((_, _, _, label), units)| (label, units))
        .collect()
}

/// Sections with content on this unit's page (the ones that can be marked revised).
pub fn sections_with_content(loaded: &LoadedUnit) -> Vec<Section> {
    let u = &loaded.unit;
    Section::ALL
        .into_iter()
        .filter(|s| match s {
            Section::Overview => true,
            Section::Outcomes => !u.learning_outcomes.is_empty(),
            Section::KeyConcepts => !u.key_concepts.is_empty(),
            Section::Misconceptions => !u.misconceptions.is_empty(),
            Section::MarkingPoints => !u.marking_points.is_empty(),
            Section::Tips => !u.tips.is_empty(),
            Section::Requirements => {
                !u.assessment_requirements.is_empty() || !u.evidence_methods.is_empty()
            }
            Section::PriorKnowledge => !u.prior_knowledge.is_empty(),
        })
        .collect()
}

pub fn show(
    ui: &mut egui::Ui,
    pack: &Pack,
    progress: &SectionProgress,
    commands: &mut Vec<Command>,
) {
    crate::app::shell::scroll::page(ui, "units", |ui| {
        style::reading_column(ui, |ui| {
            ui.add_space(12.0);
            ui.heading("Units");
            ui.label("Choose a unit to revise. Search every unit with Ctrl+F or /.");
            if pack.units.is_empty() {
                ui.add_space(12.0);
                ui.label("No units are loaded. See Content problems in the navigation.");
            }
            for (group, units) in groups(pack) {
                ui.add_space(14.0);
                ui.label(
                    egui::RichText::new(group)
                        .text_style(style::subheading())
                        .strong(),
                );
                ui.separator();
                for loaded in units {
                    unit_card(ui, loaded, progress, commands);
                }
            }
        });
    });
}

fn unit_card(
    ui: &mut egui::Ui,
    loaded: &LoadedUnit,
    progress: &SectionProgress,
    commands: &mut Vec<Command>,
) {
    let u = &loaded.unit;
    egui::Frame::group(ui.style())
        .inner_margin(10.0)
        .show(ui, |ui| {
            ui.set_width(ui.available_width());
            let title =
                egui::Button::new(egui::RichText::new(&u.title).strong().size(18.0)).frame(false);
            if ui.add(title).on_hover_text("Open this unit").clicked() {
                commands.push(Command::Navigate(Page::Unit(u.id.clone())));
            }
            if !u.qualifications.is_empty() {
                ui.weak(u.qualifications.join(" · "));
            }
            let sections = sections_with_content(loaded);
            let revised = sections
                .iter()
                .filter(|s| progress.contains_key(&(u.id.clone(), s.key().to_owned())))
                .count();
            let counts = [
                (u.key_concepts.len(), "key concepts"),
                (u.misconceptions.len(), "misconceptions"),
                (u.marking_points.len(), "marking points"),
                (u.learning_outcomes.len(), "learning outcomes"),
                (u.criteria().count(), "assessment criteria"),
            ];
            let mut facts: Vec<String> = counts
                .iter()
                .filter(|(n, _)| *n > 0)
                .map(|(n, what)| format!("{n} {what}"))
                .collect();
            facts.push(format!("{revised} of {} sections revised", sections.len()));
            if let Origin::Folder(path) = &loaded.origin {
                facts.push(format!("from {}", path.display()));
            }
            ui.small(facts.join(" · "));
        });
}
