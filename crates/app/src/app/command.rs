//! What views ask for. Views only read the app's state and push commands; the app applies them
//! after the frame, so no view mutates state that another view reads in the same frame.

use serde::{Deserialize, Serialize};

use crate::app::drill::setup::ExportRequest;
use crate::content::{Anchor, Section};
use crate::drill::DrillSetup;
use crate::flashcards::queue::Filter;
use crate::flashcards::schedule::{Grade, Settings};

/// The areas of the app, as listed in the navigation.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum Page {
    #[default]
    Units,
    Unit(String),
    Flashcards,
    Scenarios,
    SelfAssessment,
    DevelopmentPlan,
    ClassroomDrill,
    Problems,
    Readiness,
    /// "Start here": what each kind of user can do, shown on the first start.
    Welcome,
}

impl Page {
    /// The navigation areas in order, with their labels and the key (with Ctrl) that opens them.
    pub const AREAS: [(Page, &'static str, egui::Key); 7] = [
        (Page::Units, "Units", egui::Key::Num1),
        (Page::Flashcards, "Flashcards", egui::Key::Num2),
        (Page::Scenarios, "Scenarios", egui::Key::Num3),
        (Page::Readiness, "Exam readiness", egui::Key::Num4),
        (Page::SelfAssessment, "Self-assessment", egui::Key::Num5),
        (Page::DevelopmentPlan, "Development plan", egui::Key::Num6),
        (Page::ClassroomDrill, "Classroom drill", egui::Key::Num7),
    ];

    /// The key that opens "Start here" from anywhere (the usual key for help).
    pub const WELCOME_KEY: egui::Key = egui::Key::F1;

    /// The shortcut that opens an area.
    pub fn area_shortcut(key: egui::Key) -> egui::KeyboardShortcut {
        egui::KeyboardShortcut::new(egui::Modifiers::COMMAND, key)
    }

    /// The navigation area this page belongs to.
    pub fn area(&self) -> Page {
        match self {
            Page::Unit(_) => Page::Units,
            other => other.clone(),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum ThemeChoice {
    #[default]
    System,
    Light,
    Dark,
}

impl ThemeChoice {
    pub const ALL: [(ThemeChoice, &'static str); 3] = [
        (ThemeChoice::System, "System"),
        (ThemeChoice::Light, "Light"),
        (ThemeChoice::Dark, "Dark"),
    ];

    pub fn preference(self) -> egui::ThemePreference {
        match self {
            ThemeChoice::System => egui::ThemePreference::System,
            ThemeChoice::Light => egui::ThemePreference::Light,
            ThemeChoice::Dark => egui::ThemePreference::Dark,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum Command {
    Navigate(Page),
    /// Show one item on its unit page: open its section and scroll to it.
    OpenItem {
        unit_id: String,
        anchor: Anchor,
    },
    OpenSearch,
    CloseSearch,
    SetTheme(ThemeChoice),
    ZoomBy(f32),
    ZoomReset,
    SetSectionRevised {
        unit_id: String,
        section: Section,
        revised: bool,
    },
    DismissNotice(usize),
    Flashcards(FlashCommand),
    /// Save an answered scenario (boxed: it carries the answer and its points).
    RecordAttempt(Box<crate::practice::AttemptRecord>),
    /// The learner's own view of a point the marker judged (`None` withdraws it).
    DisputePoint {
        attempt_key: String,
        point_id: String,
        learner_earned: Option<bool>,
    },
    /// Present a classroom drill full screen.
    StartDrill(Box<DrillSetup>),
    LeaveDrill,
    /// Start class answers for the drill just started: learners answer on their own devices
    /// through a server on `port` of the room's network.
    StartClassAnswers {
        port: u16,
    },
    SaveDrillSetup(Box<DrillSetup>),
    DeleteDrillSetup(String),
    /// Write a handout or answer key; without `overwrite` an existing file is kept and the
    /// tutor is asked.
    ExportDrill {
        request: Box<ExportRequest>,
        overwrite: bool,
    },
    Readiness(ReadinessCommand),
}

/// What the readiness page asks for.
#[derive(Debug, Clone, PartialEq)]
pub enum ReadinessCommand {
    /// Start what a criterion or marking point needs next (a study session, scenarios).
    Act(crate::readiness::NextAction),
    /// Save a unit's exam date (`None` clears it).
    SetExamDate {
        unit: String,
        date: Option<chrono::NaiveDate>,
    },
}

/// The tabs of the flashcards area.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum FlashTab {
    #[default]
    Decks,
    Statistics,
    Settings,
    Transfer,
}

impl FlashTab {
    pub const ALL: [(FlashTab, &'static str); 4] = [
        (FlashTab::Decks, "Decks"),
        (FlashTab::Statistics, "Statistics"),
        (FlashTab::Settings, "Settings"),
        (FlashTab::Transfer, "Import and export"),
    ];
}

#[derive(Debug, Clone, PartialEq)]
pub enum FlashCommand {
    SetTab(FlashTab),
    /// Start a study session over the cards the filter matches.
    Study {
        filter: Filter,
        type_answer: bool,
    },
    EndStudy,
    Reveal,
    Grade(Grade),
    Undo,
    Suspend,
    Bury,
    /// Takes back the last suspend or bury.
    UndoHide,
    /// Open the note editor on the current card.
    EditNote,
    SaveNote(String),
    CancelNote,
    UnsuspendAll,
    SaveSettings(Settings),
    /// Write the cards of one deck (or all with `None`) to a file for Anki.
    Export {
        path: String,
        deck: Option<String>,
    },
    /// Read a CSV or TSV file into the learner's own deck named `deck`.
    Import {
        path: String,
        deck: String,
    },
    /// Read an Anki package (.apkg or .colpkg) with its schedules and review log.
    ImportAnki {
        path: String,
    },
    /// Read the whole review log for the statistics (they show a loading line meanwhile).
    ReadHistory,
    Optimise,
    UseParameters(Vec<f32>),
}
