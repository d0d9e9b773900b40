//! Saving the class's results from the drill: as CSV, as a PDF of tables, or in the handout's
//! PDF, into a folder chosen with the usual "Choose…" dialog. The files are written by the file
//! worker (the frame never waits on the disk) and the outcome is said where the tutor asked.
//!
//! The results hold class totals only (see `rapport_class::results`). They live as long as the
//! presentation: leaving the drill with results not saved asks once, and saying "Discard"
//! is the only way they go without a file.

use std::path::PathBuf;

use egui::RichText;
use rapport_class::{ClassResults, handout_with_results};

use crate::app::effects::{FileJob, FileOutcome};
use crate::drill::Drill;
use crate::export::{Format, WriteError};

/// What the tutor can save.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Csv,
    Pdf,
    Handout,
}

impl Kind {
    pub const ALL: [Kind; 3] = [Kind::Csv, Kind::Pdf, Kind::Handout];

    pub fn button(self) -> &'static str {
        match self {
            Kind::Csv => "Save results (CSV)",
            Kind::Pdf => "Save results (PDF)",
            Kind::Handout => "Save handout with results (PDF)",
        }
    }
}

/// A save asked for: the file and the job that writes it, and how many answers it holds.
#[derive(Clone)]
pub struct Request {
    pub path: PathBuf,
    answers: usize,
    content: Content,
}

#[derive(Clone)]
enum Content {
    Text(String),
    Document(Box<crate::export::Document>),
}

impl Request {
    fn job(&self, overwrite: bool) -> FileJob {
        match &self.content {
            Content::Text(text) => FileJob::WriteText {
                path: self.path.clone(),
                text: text.clone(),
                overwrite,
            },
            Content::Document(doc) => FileJob::WriteDocument {
                path: self.path.clone(),
                format: Format::Pdf,
                doc: (**doc).clone(),
                overwrite,
            },
        }
    }
}

/// Why the question on the projector is open.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Asking {
    /// The tutor asked to save (the end screen's button).
    Save,
    /// The tutor pressed Esc with results not saved.
    Leave,
}

#[derive(Default)]
pub struct SaveState {
    /// The folder the files go to (the setup page's export folder to begin with).
    pub folder: String,
    running: Option<Request>,
    /// The file exists: the tutor is asked before it is replaced.
    confirm: Option<Request>,
    /// The last save's outcome: (succeeded, message).
    pub message: Option<(bool, String)>,
    /// How many answers the results held when last saved.
    saved_answers: Option<usize>,
    /// The question shown on the projector, if any.
    pub asking: Option<Asking>,
    /// File jobs for the app to send (it owns the file worker).
    pub outbox: Vec<FileJob>,
}

/// What a finished write says to the tutor: (succeeded, message); `None` when the file
/// exists (the tutor is asked instead).
pub fn outcome_message(outcome: FileOutcome) -> Option<(bool, String)> {
    let FileOutcome::Written(path, result) = outcome else {
        return None;
    };
    match result {
        Ok(()) => Some((true, format!("Class results saved: {}", path.display()))),
        Err(WriteError::Exists(_)) => None,
        Err(e) => Some((false, format!("Class results not saved: {e}."))),
    }
}

impl SaveState {
    pub fn new(folder: String) -> Self {
        Self {
            folder,
            ..Self::default()
        }
    }

    /// Whether the class answered something that has not been saved since.
    pub fn unsaved(&self, results: Option<&ClassResults>) -> bool {
        results.is_some_and(|r| r.answers() > 0 && self.saved_answers != Some(r.answers()))
    }

    pub fn is_running(&self) -> bool {
        self.running.is_some()
    }

    fn start(&mut self, request: Request, overwrite: bool) {
        self.outbox.push(request.job(overwrite));
        self.message = None;
        self.running = Some(request);
    }

    /// Takes in a finished write; returns what to tell the tutor.
    pub fn on_file_done(&mut self, outcome: FileOutcome) -> Option<(bool, String)> {
        let exists = matches!(
            &outcome,
            FileOutcome::Written(_, Err(WriteError::Exists(_)))
        );
        let request = self.running.take();
        if exists {
            self.confirm = request;
            return None;
        }
        let message = outcome_message(outcome);
        if let (Some((true, _)), Some(r)) = (&message, &request) {
            self.saved_answers = Some(r.answers);
        }
        self.message = message.clone();
        message
    }

    fn request(&self, kind: Kind, drill: &Drill, results: &ClassResults) -> Request {
        let stem = rapport_class::results::file_stem(drill);
        let folder = PathBuf::from(self.folder.trim());
        let (name, content) = match kind {
            Kind::Csv => (format!("{stem}.csv"), Content::Text(results.to_csv())),
            Kind::Pdf => (
                format!("{stem}.pdf"),
                Content::Document(Box::new(results.document(drill))),
            ),
            Kind::Handout => (
                format!(
                    "{}-with-results.pdf",
                    crate::drill::handout::file_stem(drill, crate::drill::handout::Sheet::Handout)
                ),
                Content::Document(Box::new(handout_with_results(drill, results))),
            ),
        };
        Request {
            path: folder.join(name),
            answers: results.answers(),
            content,
        }
    }
}

/// The folder, the three save buttons and the outcome: in the presenter view and in the
/// question on the projector.
pub fn panel(ui: &mut egui::Ui, save: &mut SaveState, drill: &Drill, results: &ClassResults) {
    ui.label(RichText::new("Class results").strong());
    ui.label(results.summary());
    crate::app::shell::path_field::path_field(
        ui,
        "class_results_folder",
        "Folder",
        "Folder for the class results",
        &mut save.folder,
        crate::app::shell::path_field::Pick::Folder,
        "/path/to/a/folder",
    );
    let busy = save.running.is_some() || save.confirm.is_some();
    ui.horizontal_wrapped(|ui| {
        for kind in Kind::ALL {
            let enabled = !busy && results.answers() > 0;
            if ui
                .add_enabled(enabled, egui::Button::new(kind.button()))
                .clicked()
            {
                let request = save.request(kind, drill, results);
                save.start(request, false);
            }
        }
    });
    if save.is_running() {
        ui.weak("Saving...");
    }
    if let Some(request) = save.confirm.clone() {
        ui.horizontal_wrapped(|ui| {
            ui.colored_label(
                ui.visuals().warn_fg_color,
                format!("{} already exists. Replace it?", request.path.display()),
            );
            if ui.button("Replace the file").clicked() {
                save.confirm = None;
                save.start(request.clone(), true);
            }
            if ui.button("Keep the old file").clicked() {
                save.confirm = None;
                save.message = Some((true, "Nothing was written.".into()));
            }
        });
    }
    match &save.message {
        Some((true, m)) => {
            ui.label(m);
        }
        Some((false, m)) => {
            ui.colored_label(ui.visuals().error_fg_color, m);
        }
        None => {}
    }
    let note = if save.unsaved(Some(results)) {
        "Not saved yet: the results are discarded when you leave the drill unless you save \
         them. The files hold the class's totals only, never a learner's name or answer."
    } else {
        "Saved. The files hold the class's totals only, never a learner's name or answer."
    };
    ui.weak(note);
}

/// What the question on the projector decided.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    Open,
    /// Back to the drill.
    Close,
    Leave,
}

/// The question on the projector: save the class results, or (when leaving) save, discard and
/// leave, or go back to the drill. Esc goes back to the drill: a stray key never discards.
pub fn question(
    ctx: &egui::Context,
    save: &mut SaveState,
    drill: &Drill,
    results: &ClassResults,
) -> Decision {
    let Some(asking) = save.asking else {
        return Decision::Close;
    };
    let mut decision = Decision::Open;
    // A window rather than a modal: the folder's "Choose…" dialog is a window too and must
    // come above it.
    let title = match asking {
        Asking::Save => "Save the session",
        Asking::Leave => "Leave the drill",
    };
    egui::Window::new(title)
        .id(egui::Id::unique("class_results_question"))
        .collapsible(false)
        .resizable(false)
        .anchor(egui::Align2::CENTER_CENTER, egui::Vec2::ZERO)
        .max_width(620.0)
        .show(ctx, |ui| {
            let unsaved = save.unsaved(Some(results));
            if asking == Asking::Leave {
                ui.heading(if unsaved {
                    "The class results are not saved"
                } else {
                    "Leave the drill?"
                });
                if unsaved {
                    ui.label(
                        "Save the session to keep the class's results (CSV or PDF). Otherwise they \
                     are discarded when you leave: nothing about the class is kept.",
                    );
                }
                ui.add_space(6.0);
            }
            panel(ui, save, drill, results);
            ui.add_space(8.0);
            ui.horizontal_wrapped(|ui| {
                if asking == Asking::Leave {
                    let leave = if save.unsaved(Some(results)) {
                        "Discard results and leave"
                    } else {
                        "Leave the drill"
                    };
                    if ui
                        .add_enabled(!save.is_running(), egui::Button::new(leave))
                        .clicked()
                    {
                        decision = Decision::Leave;
                    }
                    if ui.button("Back to the drill").clicked() {
                        decision = Decision::Close;
                    }
                } else if ui.button("Close").clicked() {
                    decision = Decision::Close;
                }
            });
        });
    // Esc goes back to the drill (never leaves, never discards).
    if decision == Decision::Open
        && ctx.input_mut(|i| i.consume_key(egui::Modifiers::NONE, egui::Key::Escape))
    {
        decision = Decision::Close;
    }
    if decision != Decision::Open {
        save.asking = None;
    }
    decision
}
