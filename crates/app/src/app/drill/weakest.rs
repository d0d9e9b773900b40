//! "Weakest criteria" on the drill setup: ticks the criteria the loaded records (the tutor's
//! own, or a learner's or a class's exported data opened with `--data-dir`) are weakest on,
//! from the exam-readiness figures, so a drill can go straight at them.

use crate::drill::CriterionRef;
use crate::readiness::Report;
use crate::readiness::weakest::weakest_criteria;

/// How many criteria the button ticks.
pub const HOW_MANY: usize = 3;

/// The button and what it says. `drillable(unit, number)`: the criterion has scenarios;
/// `name`: how the setup names a criterion to the tutor. Returns the criteria ticked when it
/// was pressed (they replace the current choice).
pub fn button(
    ui: &mut egui::Ui,
    report: Option<&Report>,
    drillable: impl Fn(&str, &str) -> bool,
    name: impl Fn(&CriterionRef) -> String,
) -> Option<Vec<CriterionRef>> {
    let weakest = report.map(|r| weakest_criteria(r, HOW_MANY, drillable));
    let mut picked = None;
    ui.horizontal_wrapped(|ui| {
        let enabled = weakest.as_ref().is_some_and(|w| !w.is_empty());
        let response = ui
            .add_enabled(enabled, egui::Button::new("Weakest criteria"))
            .on_hover_text(format!(
                "Tick the {HOW_MANY} criteria with the lowest exam readiness in the records \
                 loaded (with scenarios to drill), in place of the ones ticked now."
            ))
            .on_disabled_hover_text(match &weakest {
                None => "The readiness figures are still being worked out.",
                Some(_) => "Not enough evidence yet: no criterion with scenarios has a figure.",
            });
        match &weakest {
            None => {
                ui.weak("Working out readiness…");
            }
            Some(w) if w.is_empty() => {
                ui.weak("Not enough evidence yet for the weakest criteria.");
            }
            Some(w) => {
                let names: Vec<String> = w.iter().map(&name).collect();
                ui.weak(format!("Weakest now: {}", names.join(", ")));
            }
        }
        if response.clicked() {
            picked = weakest.clone();
        }
    });
    picked
}
