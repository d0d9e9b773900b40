//! The classroom drill's setup screen: what to drill, how long to discuss, the teams, the seed;
//! saved setups; and the handout and answer key exports.

use std::collections::BTreeSet;
use std::path::PathBuf;

use egui::RichText;

use crate::app::command::Command;
use crate::app::effects::{FileJob, FileOutcome};
use crate::app::notices::Notice;
use crate::content::Pack;
use crate::drill::handout::{self, Sheet};
use crate::drill::{
    CriterionRef, Drill, DrillSetup, QuestionKind, Selection, SetupError, fresh_seed,
};
use crate::export::{Format, WriteError};
use crate::store::SavedDrill;
use crate::store::worker::{Outcome, Request};

/// An export that was asked for: what to write and where.
#[derive(Debug, Clone, PartialEq)]
pub struct ExportRequest {
    pub sheet: Sheet,
    pub format: Format,
    pub path: PathBuf,
    pub doc: crate::export::Document,
}

#[derive(Default)]
pub struct ExportState {
    pub folder: String,
    running: Option<ExportRequest>,
    /// The file exists; the tutor is asked before it is replaced.
    pub confirm: Option<ExportRequest>,
    /// The last export's outcome: (succeeded, message).
    pub message: Option<(bool, String)>,
}

impl ExportState {
    /// The file job that renders and writes `request` (a PDF takes a moment and the disk may be
    /// slow, so it runs on the file worker).
    pub fn start(&mut self, request: ExportRequest, overwrite: bool) -> FileJob {
        let job = FileJob::WriteDocument {
            path: request.path.clone(),
            format: request.format,
            doc: request.doc.clone(),
            overwrite,
        };
        self.message = None;
        self.running = Some(request);
        job
    }

    pub fn is_running(&self) -> bool {
        self.running.is_some()
    }

    /// Takes in the finished export.
    pub fn on_file_done(&mut self, outcome: FileOutcome) {
        let FileOutcome::Written(_, result) = outcome else {
            return;
        };
        let Some(request) = self.running.take() else {
            return;
        };
        match result {
            Ok(()) => {
                self.message = Some((true, format!("Saved {}", request.path.display())));
            }
            Err(WriteError::Exists(_)) => self.confirm = Some(request),
            Err(e) => self.message = Some((false, format!("Not exported: {e}"))),
        }
    }
}

pub struct DrillSetupState {
    pub setup: DrillSetup,
    /// Team names as typed, comma-separated.
    pub teams_text: String,
    pub saved: Vec<SavedDrill>,
    /// Setup names sent to the store and not yet confirmed.
    pub saving: Vec<String>,
    pub export: ExportState,
    /// The units that have scenarios, worked out once: the pack does not change while the app
    /// runs, and a large one has thousands of scenarios to count.
    units: Option<Vec<UnitScenarios>>,
    /// The last setup prepared and what it gave, so a frame only prepares a drill again when
    /// the tutor changes something.
    prepared: Option<(DrillSetup, Prepared)>,
    /// Start class answers with the drill (learners answer on their phones), on this port.
    pub class_answers: bool,
    pub class_port: u16,
    /// Where the class answers' server listens: the room's network, or loopback in tests.
    pub class_bind: rapport_class::Bind,
}

/// What preparing a setup gives: the drill and which scenarios it picked, or why it cannot run.
type Prepared = Result<(Drill, Selection), SetupError>;

/// A unit with scenarios, as the setup lists it.
struct UnitScenarios {
    id: String,
    title: String,
    scenarios: usize,
    /// The criteria its scenarios name, in order.
    criteria: BTreeSet<String>,
}

fn units_with_scenarios(pack: &Pack) -> Vec<UnitScenarios> {
    let mut by_unit: std::collections::HashMap<&str, (usize, BTreeSet<String>)> =
        std::collections::HashMap::new();
    for s in &pack.scenarios {
        let entry = by_unit.entry(s.scenario.unit.as_str()).or_default();
        entry.0 += 1;
        entry.1.extend(s.scenario.criteria.iter().cloned());
    }
    pack.units
        .iter()
        .filter_map(|u| {
            let (scenarios, criteria) = by_unit.remove(u.unit.id.as_str())?;
            Some(UnitScenarios {
                id: u.unit.id.clone(),
                title: u.unit.title.clone(),
                scenarios,
                criteria,
            })
        })
        .collect()
}

impl DrillSetupState {
    /// The setup page as the tutor left it last time (`kept`, from the interface state), so a
    /// handout exported today and an answer key exported tomorrow come from the same shuffle.
    /// A first run starts from the default setup, whose shuffle is fixed: the same choices give
    /// the same order until the tutor asks for a new shuffle.
    pub fn new(saved: Vec<SavedDrill>, export_folder: PathBuf, kept: DrillSetup) -> Self {
        Self {
            teams_text: kept.teams.join(", "),
            setup: kept,
            class_answers: false,
            class_port: 8080,
            class_bind: rapport_class::Bind::Lan,
            saved,
            saving: Vec::new(),
            export: ExportState {
                folder: export_folder.display().to_string(),
                ..ExportState::default()
            },
            units: None,
            prepared: None,
        }
    }

    /// The drill `setup` makes, prepared again only when the setup has changed.
    fn prepare(
        &mut self,
        setup: &DrillSetup,
        pack: &Pack,
    ) -> &Result<(Drill, Selection), SetupError> {
        if self.prepared.as_ref().is_none_or(|(s, _)| s != setup) {
            self.prepared = Some((setup.clone(), setup.prepare(pack)));
        }
        &self.prepared.as_ref().expect("just prepared").1
    }

    /// The setup as it will run, with the teams parsed from the text field.
    pub fn current(&self) -> DrillSetup {
        let mut s = self.setup.clone();
        s.teams = self
            .teams_text
            .split(',')
            .map(|t| t.trim().to_owned())
            .filter(|t| !t.is_empty())
            .collect();
        s
    }

    pub fn load(&mut self, setup: DrillSetup) {
        self.teams_text = setup.teams.join(", ");
        self.setup = setup;
    }

    /// Records a save or delete the store confirmed.
    pub fn saved_confirmed(&mut self, setup: &DrillSetup, at: i64) {
        let name = setup.name.trim().to_owned();
        self.saving.retain(|n| *n != name);
        self.saved.retain(|s| s.name != name);
        self.saved.push(SavedDrill {
            name,
            saved_at: at,
            setup: Ok(setup.clone()),
        });
        self.saved.sort_by_key(|s| s.name.to_lowercase());
    }

    pub fn deleted_confirmed(&mut self, name: &str) {
        self.saved.retain(|s| s.name != name);
    }

    /// A store reply to one of this area's requests.
    pub fn on_done(&mut self, request: Request, outcome: Outcome, notices: &mut Vec<Notice>) {
        match (request, outcome) {
            (Request::SaveDrillSetup(setup), Outcome::Saved { at }) => {
                self.saved_confirmed(&setup, at);
            }
            (Request::DeleteDrillSetup { name }, Outcome::Saved { .. }) => {
                self.deleted_confirmed(&name);
            }
            (request, Outcome::Failed(reason)) => {
                if let Request::SaveDrillSetup(setup) = &request {
                    let name = setup.name.trim();
                    self.saving.retain(|n| n != name);
                }
                notices.push(Notice::error(format!("Not saved: {reason}")));
            }
            (_, Outcome::Saved { .. }) => {}
        }
    }
}

fn toggle<T: PartialEq + Clone>(list: &mut Vec<T>, value: &T, on: bool) {
    let has = list.contains(value);
    if on && !has {
        list.push(value.clone());
    } else if !on && has {
        list.retain(|v| v != value);
    }
}

pub fn show(
    ui: &mut egui::Ui,
    state: &mut DrillSetupState,
    pack: &Pack,
    readiness: Option<&crate::readiness::Report>,
    store_available: bool,
    commands: &mut Vec<Command>,
) {
    let setup = state.current();
    let ready = state.prepare(&setup, pack).is_ok();
    let start = ui.input_mut(|i| i.consume_key(egui::Modifiers::NONE, egui::Key::F5));
    if start && ready {
        commands.push(Command::StartDrill(Box::new(setup.clone())));
        if state.class_answers {
            commands.push(Command::StartClassAnswers {
                port: state.class_port,
            });
        }
    }
    // Taken out for the frame (the view borrows the state) and put back at the end.
    let units = state
        .units
        .take()
        .unwrap_or_else(|| units_with_scenarios(pack));
    let (prepared_for, selection) = state.prepared.take().expect("prepared above");

    crate::app::shell::scroll::page(ui, "drill_setup", |ui| {
        ui.set_max_width(crate::app::style::READING_WIDTH.min(ui.available_width()));
        ui.heading("Classroom drill");
        ui.label(
            "Run scenario questions with a class on a projector. Choose what to drill, then start: \
             the drill fills the screen and runs from the keyboard or a presenter clicker.",
        );
        ui.add_space(8.0);

        saved_list(ui, state, store_available, commands);

        ui.horizontal(|ui| {
            let label = ui.label("Name");
            ui.add(
                egui::TextEdit::singleline(&mut state.setup.name)
                    .hint_text("e.g. Tuesday group, unit 2")
                    .desired_width(260.0),
            )
            .labelled_by(label.id);
        });

        ui.label(RichText::new("Units and assessment criteria (none ticked: all)").strong());
        ui.weak("Tick a unit to choose among its assessment criteria.");
        let drillable = |unit: &str, number: &str| {
            units
                .iter()
                .any(|u| u.id == unit && u.criteria.contains(number))
        };
        let name = |c: &CriterionRef| match units.iter().find(|u| u.id == c.unit) {
            Some(u) => format!("{} ({})", c.number, u.title),
            None => format!("{} ({})", c.number, c.unit),
        };
        if let Some(weakest) = super::weakest::button(ui, readiness, drillable, name) {
            state.setup.units.clear();
            for c in &weakest {
                if !state.setup.units.contains(&c.unit) {
                    state.setup.units.push(c.unit.clone());
                }
            }
            state.setup.criteria = weakest;
        }
        for u in &units {
            let mut on = state.setup.units.contains(&u.id);
            if ui
                .checkbox(&mut on, format!("{} ({} scenarios)", u.title, u.scenarios))
                .changed()
            {
                toggle(&mut state.setup.units, &u.id, on);
            }
            let named = state.setup.criteria.iter().any(|c| c.unit == u.id);
            if on || named {
                ui.indent(("drill_criteria", &u.id), |ui| {
                    for number in sorted_numbers(&u.criteria) {
                        let c = CriterionRef {
                            unit: u.id.clone(),
                            number: number.clone(),
                        };
                        criterion_box(ui, &mut state.setup.criteria, &c, pack);
                    }
                });
            }
        }
        // A saved setup may name a unit this content no longer has: show it so it can be unticked.
        let missing: BTreeSet<String> = state
            .setup
            .units
            .iter()
            .chain(state.setup.criteria.iter().map(|c| &c.unit))
            .filter(|id| pack.unit(id).is_none())
            .cloned()
            .collect();
        for id in missing {
            let label = format!("{id} (not in the loaded content)");
            let mut on = state.setup.units.contains(&id);
            if !on {
                ui.label(label);
            } else if ui.checkbox(&mut on, label).changed() {
                toggle(&mut state.setup.units, &id, on);
            }
            let gone: Vec<CriterionRef> = state
                .setup
                .criteria
                .iter()
                .filter(|c| c.unit == id)
                .cloned()
                .collect();
            ui.indent(("drill_criteria_missing", &id), |ui| {
                for c in gone {
                    criterion_box(ui, &mut state.setup.criteria, &c, pack);
                }
            });
        }
        ui.add_space(4.0);

        ui.label(RichText::new("Question types (none ticked: all)").strong());
        ui.horizontal_wrapped(|ui| {
            for kind in QuestionKind::ALL {
                let mut on = state.setup.kinds.contains(&kind);
                if ui.checkbox(&mut on, kind.label()).changed() {
                    toggle(&mut state.setup.kinds, &kind, on);
                }
            }
        });
        ui.add_space(6.0);

        egui::Grid::new("drill_numbers")
            .num_columns(2)
            .show(ui, |ui| {
                let label = ui.label("Scenarios");
                ui.add(egui::DragValue::new(&mut state.setup.count).range(1..=99))
                    .labelled_by(label.id);
                ui.end_row();
                let label = ui.label("Discussion time");
                ui.add(
                    egui::DragValue::new(&mut state.setup.discussion_seconds)
                        .range(0..=1800)
                        .suffix(" s"),
                )
                .labelled_by(label.id);
                ui.end_row();
                let label = ui.label("Warn in the last");
                ui.add(
                    egui::DragValue::new(&mut state.setup.warning_seconds)
                        .range(0..=300)
                        .suffix(" s"),
                )
                .labelled_by(label.id);
                ui.end_row();
                let label = ui.label("Teams");
                ui.add(
                    egui::TextEdit::singleline(&mut state.teams_text)
                        .hint_text("Reds, Blues, Greens (empty: no teams)")
                        .desired_width(300.0),
                )
                .labelled_by(label.id);
                ui.end_row();
                let label = ui.label("Shuffle");
                ui.horizontal_wrapped(|ui| {
                    ui.add(egui::DragValue::new(&mut state.setup.seed).range(0..=u64::MAX / 2))
                        .labelled_by(label.id);
                    if ui.button("New shuffle").clicked() {
                        let old = state.setup.seed;
                        while state.setup.seed == old {
                            state.setup.seed = fresh_seed();
                        }
                    }
                });
                ui.end_row();
            });
        ui.weak(
            "The shuffle number decides the order of the scenarios and of their options. It is \
             kept with the setup and printed on the handout and the answer key: the same setup \
             always gives the same order.",
        );
        ui.add_space(6.0);

        match &selection {
            Ok((drill, sel)) => {
                let mut line = format!(
                    "{} of {} matching scenarios, in this order:",
                    drill.items.len(),
                    sel.matching
                );
                if sel.matching < setup.count {
                    line = format!(
                        "Only {} scenarios match, so the drill has {}:",
                        sel.matching,
                        drill.items.len()
                    );
                }
                ui.label(line);
                for (i, it) in drill.items.iter().enumerate() {
                    ui.label(format!("{}. {} ({})", i + 1, it.title, it.kind.label()));
                }
            }
            Err(e) => {
                ui.colored_label(ui.visuals().error_fg_color, format!("Cannot start: {e}."));
            }
        }
        ui.add_space(8.0);
        ui.horizontal_wrapped(|ui| {
            ui.checkbox(
                &mut state.class_answers,
                "Class answers: learners answer on their own phones or laptops",
            );
            let label = ui.label("Port");
            ui.add(egui::DragValue::new(&mut state.class_port).range(1024..=65535))
                .labelled_by(label.id);
        });
        if state.class_answers {
            ui.weak(
                "While the drill runs, this computer serves a page on the room's network: \
                 learners join at the address on the screen with its join code. Nothing is sent \
                 anywhere else.",
            );
        }
        ui.horizontal(|ui| {
            let can_start = selection.is_ok();
            if ui
                .add_enabled(
                    can_start,
                    egui::Button::new(RichText::new("Start drill (F5)").strong()),
                )
                .clicked()
            {
                commands.push(Command::StartDrill(Box::new(setup.clone())));
                if state.class_answers {
                    commands.push(Command::StartClassAnswers {
                        port: state.class_port,
                    });
                }
            }
            let named = !setup.name.trim().is_empty();
            let save = ui
                .add_enabled(
                    store_available && named,
                    egui::Button::new("Save this drill"),
                )
                .on_disabled_hover_text(if store_available {
                    "Give the drill a name to save it"
                } else {
                    "There is no data file this session"
                });
            if save.clicked() {
                commands.push(Command::SaveDrillSetup(Box::new(setup.clone())));
            }
            if state.saving.iter().any(|n| n == setup.name.trim()) {
                ui.weak("Saving...");
            }
        });
        ui.label(format!(
            "In the drill (these keys are shown in the presenter view, never to the class): {}.",
            super::present::KEYS
        ));
        ui.add_space(12.0);

        if let Ok((drill, _)) = &selection {
            export_section(ui, state, drill, commands);
        }
    });
    state.units = Some(units);
    state.prepared = Some((prepared_for, selection));
}

/// Criterion numbers in the order a tutor reads them: 2.10 after 2.9.
fn sorted_numbers(numbers: &BTreeSet<String>) -> Vec<String> {
    let key = |n: &String| -> Vec<(u64, String)> {
        n.split('.')
            .map(|p| (p.parse().unwrap_or(u64::MAX), p.to_owned()))
            .collect()
    };
    let mut v: Vec<String> = numbers.iter().cloned().collect();
    v.sort_by_key(key);
    v
}

/// A criterion's tick box: its number and its text, wrapped to the column, so the tutor can
/// choose without looking the numbers up.
fn criterion_box(
    ui: &mut egui::Ui,
    criteria: &mut Vec<CriterionRef>,
    c: &CriterionRef,
    pack: &Pack,
) {
    let text = match pack.criterion_text(c) {
        Some(text) => format!("{} {text}", c.number),
        None => format!("{} (not in the loaded content)", c.number),
    };
    let mut on = criteria.contains(c);
    if ui.checkbox(&mut on, text).changed() {
        toggle(criteria, c, on);
    }
}

fn saved_list(
    ui: &mut egui::Ui,
    state: &mut DrillSetupState,
    store_available: bool,
    commands: &mut Vec<Command>,
) {
    if state.saved.is_empty() {
        return;
    }
    ui.label(RichText::new("Saved drills").strong());
    let mut load = None;
    for saved in &state.saved {
        ui.horizontal(|ui| match &saved.setup {
            Ok(setup) => {
                ui.label(format!(
                    "{}: {} scenarios, shuffle {}",
                    saved.name, setup.count, setup.seed
                ));
                if ui.button(format!("Load {}", saved.name)).clicked() {
                    load = Some(setup.clone());
                }
                if store_available && ui.button(format!("Delete {}", saved.name)).clicked() {
                    commands.push(Command::DeleteDrillSetup(saved.name.clone()));
                }
            }
            Err(reason) => {
                ui.colored_label(
                    ui.visuals().error_fg_color,
                    format!("{}: could not be read ({reason})", saved.name),
                );
                if store_available && ui.button(format!("Delete {}", saved.name)).clicked() {
                    commands.push(Command::DeleteDrillSetup(saved.name.clone()));
                }
            }
        });
    }
    if let Some(setup) = load {
        state.load(setup);
    }
    ui.add_space(6.0);
}

fn export_section(
    ui: &mut egui::Ui,
    state: &mut DrillSetupState,
    drill: &crate::drill::Drill,
    commands: &mut Vec<Command>,
) {
    ui.label(RichText::new("Handout and answer key").strong());
    crate::app::shell::path_field::path_field(
        ui,
        "drill_export_folder",
        "Folder",
        "Folder for the handout and answer key",
        &mut state.export.folder,
        crate::app::shell::path_field::Pick::Folder,
        "/path/to/a/folder",
    );
    let busy = state.export.is_running() || state.export.confirm.is_some();
    ui.horizontal_wrapped(|ui| {
        for sheet in [Sheet::Handout, Sheet::AnswerKey] {
            for format in [Format::Markdown, Format::Pdf] {
                let label = format!(
                    "Export {} ({})",
                    sheet.label().to_lowercase(),
                    match format {
                        Format::Markdown => "Markdown",
                        Format::Pdf => "PDF",
                    }
                );
                if ui.add_enabled(!busy, egui::Button::new(label)).clicked() {
                    let folder = PathBuf::from(state.export.folder.trim());
                    let path = folder.join(format!(
                        "{}.{}",
                        handout::file_stem(drill, sheet),
                        format.extension()
                    ));
                    commands.push(Command::ExportDrill {
                        request: Box::new(ExportRequest {
                            sheet,
                            format,
                            path,
                            doc: handout::build(drill, sheet),
                        }),
                        overwrite: false,
                    });
                }
            }
        }
    });
    if state.export.is_running() {
        ui.weak("Exporting...");
    }
    if let Some(request) = state.export.confirm.clone() {
        ui.horizontal(|ui| {
            ui.colored_label(
                ui.visuals().warn_fg_color,
                format!("{} already exists. Replace it?", request.path.display()),
            );
            if ui.button("Replace the file").clicked() {
                state.export.confirm = None;
                commands.push(Command::ExportDrill {
                    request: Box::new(request.clone()),
                    overwrite: true,
                });
            }
            if ui.button("Keep the old file").clicked() {
                state.export.confirm = None;
                state.export.message = Some((true, "Nothing was written.".into()));
            }
        });
    }
    if let Some((ok, message)) = &state.export.message {
        if *ok {
            ui.label(message);
        } else {
            ui.colored_label(ui.visuals().error_fg_color, message);
        }
    }
}
