//! "Start here": the first page of a first start, and F1 afterwards. Three kinds of people open
//! Rapport (a learner revising a unit, a coach or mentor planning their development, a tutor
//! running a class), and each should see in one glance where to begin and which key gets there.

use std::path::Path;

use egui::RichText;

use crate::app::command::{Command, Page};
use crate::content::Pack;

/// What the page tells about this installation.
pub struct Facts<'a> {
    pub pack: &'a Pack,
    pub data_dir: &'a Path,
    pub store_available: bool,
}

/// One way in: a heading, what it is for, and the pages that do it.
struct WayIn {
    heading: &'static str,
    who: &'static str,
    steps: &'static [(&'static str, Page, &'static str)],
}

const WAYS_IN: [WayIn; 3] = [
    WayIn {
        heading: "Revise a unit for an assessment",
        who: "Read a unit's key concepts, misconceptions, marking points and examiner tips; \
              remember them with flashcards that come back just before you would forget; \
              practise scenario questions whose written answers are marked point by point.",
        steps: &[
            ("Choose a unit", Page::Units, "the units and their criteria"),
            (
                "Study flashcards",
                Page::Flashcards,
                "cards due today, by unit or topic",
            ),
            (
                "Practise scenarios",
                Page::Scenarios,
                "questions and timed tests",
            ),
        ],
    },
    WayIn {
        heading: "Assess yourself and plan your development",
        who: "For coaches and mentors: rate yourself against the ICF Core Competencies or the \
              EMCC Global Competence Framework, see your gaps, and turn them into SMART \
              objectives in a development plan you can export for a portfolio.",
        steps: &[
            (
                "Start a self-assessment",
                Page::SelfAssessment,
                "ICF or EMCC, one behaviour at a time",
            ),
            (
                "Open my development plan",
                Page::DevelopmentPlan,
                "objectives checked for SMART, PDF export",
            ),
        ],
    },
    WayIn {
        heading: "Run a classroom drill",
        who: "For tutors: choose criteria and scenarios, present them on a projector stage by \
              stage with a countdown and a presenter view, score teams, and export a handout \
              with its answer key.",
        steps: &[(
            "Set up a drill",
            Page::ClassroomDrill,
            "pick criteria, then present",
        )],
    },
];

pub fn show(ui: &mut egui::Ui, facts: &Facts, commands: &mut Vec<Command>) {
    super::scroll::page(ui, "welcome", |ui| {
        crate::app::style::reading_column(ui, |ui| {
            // Clear of the scroll bar.
            ui.set_max_width(ui.available_width() - 12.0);
            ui.heading("Start here");
            ui.label(format!(
                "Rapport has {} for you to revise, {} scenario questions and {} self-assessment \
                 frameworks. Everything works offline.",
                plural(facts.pack.units.len(), "unit"),
                facts.pack.scenarios.len(),
                facts.pack.frameworks.len(),
            ));
            ui.add_space(8.0);
            for way in &WAYS_IN {
                way_in(ui, way, commands);
                ui.add_space(8.0);
            }
            ui.label(RichText::new("Good to know").strong());
            let search = ui.ctx().format_shortcut(&egui::KeyboardShortcut::new(
                egui::Modifiers::COMMAND,
                egui::Key::F,
            ));
            bullet(
                ui,
                &format!("Search every unit with {search} (or /) from any page."),
            );
            bullet(
                ui,
                "Each area has a shortcut, shown beside it on the left; F1 brings you back here.",
            );
            if facts.store_available {
                bullet(
                    ui,
                    &format!(
                        "Your progress is saved as you go, on this computer only, in {}.",
                        facts.data_dir.display()
                    ),
                );
            } else {
                bullet(
                    ui,
                    "Your progress cannot be saved this session (see the message at the top).",
                );
            }
            bullet(
                ui,
                "Tutors can add their own units, cards and scenarios as a content pack: \
                 `rapport check FOLDER` checks one and names the file and line of any problem.",
            );
        });
    });
}

fn way_in(ui: &mut egui::Ui, way: &WayIn, commands: &mut Vec<Command>) {
    egui::Frame::group(ui.style())
        .inner_margin(egui::Margin::same(12))
        .show(ui, |ui| {
            ui.set_width(ui.available_width());
            ui.label(RichText::new(way.heading).heading().size(18.0));
            ui.label(way.who);
            ui.add_space(4.0);
            for (label, page, what) in way.steps {
                ui.horizontal_wrapped(|ui| {
                    if ui.button(*label).clicked() {
                        commands.push(Command::Navigate(page.clone()));
                    }
                    let key = Page::AREAS
                        .iter()
                        .find(|(area, _, _)| area == page)
                        .map(|(_, _, key)| ui.ctx().format_shortcut(&Page::area_shortcut(*key)));
                    match key {
                        Some(key) => ui.weak(format!("{what} · {key}")),
                        None => ui.weak(*what),
                    };
                });
            }
        });
}

fn bullet(ui: &mut egui::Ui, text: &str) {
    ui.horizontal_wrapped(|ui| {
        ui.label("•");
        ui.label(text);
    });
}

fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}
