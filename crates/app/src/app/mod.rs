//! The app shell: the state every view reads, opened from what `startup` read before the
//! window. `frame` draws a frame and applies the commands the views pushed; `routing` hands the
//! store's and the file worker's replies back to the area that asked (`effects`). The views are
//! grouped by area in folders.

mod command;
pub mod development;
pub mod drill;
mod effects;
pub mod flashcards;
mod frame;
mod launch;
mod notices;
mod opening;
pub mod readiness;
mod routing;
pub mod scenarios;
pub mod search;
mod shell;
mod startup;
mod style;
pub mod units;

pub use command::{Command, FlashCommand, FlashTab, Page, ReadinessCommand, ThemeChoice};
pub use development::state::{AssessmentScreen, DevState};
pub use flashcards::state::{FlashData, FlashcardsState};
pub use launch::Launch;
pub use notices::{Notice, NoticeKind};
pub use opening::{LaterState, Opening, OpeningState, Phase};
pub use scenarios::state::PracticeRecords;
pub use search::view::SearchState;
pub use startup::{Later, LaterInput, Pending, Startup, UiPrefs};

use crate::content::{Anchor, Loaded, Section};
use crate::search::SearchIndex;
use crate::store::SavedDrill;
use crate::store::SectionProgress;
use crate::store::worker::{RequestId, StoreClient};
use drill::present::Presentation;
use drill::setup::DrillSetupState;
use effects::{Effects, FileWorker};
pub use startup::{MAX_ZOOM, MIN_ZOOM, PREFS_KEY};

/// A unit page item to show: its section is opened and the page scrolls to it once.
#[derive(Debug, Clone, PartialEq)]
pub struct Focus {
    pub unit_id: String,
    pub anchor: Anchor,
    pub scroll_pending: bool,
}

pub struct RapportApp {
    content: std::sync::Arc<Loaded>,
    /// The search index, from the later part of opening.
    index: Pending<SearchIndex>,
    prefs: UiPrefs,
    /// What was last handed to eframe's storage.
    saved_prefs: UiPrefs,
    fx: Effects,
    progress: SectionProgress,
    /// Saves sent to the store and not yet confirmed.
    saving: Vec<(RequestId, String, Section)>,
    notices: Vec<Notice>,
    search: SearchState,
    focus: Option<Focus>,
    commands: Vec<Command>,
    dev: DevState,
    flashcards: FlashcardsState,
    scenarios: scenarios::state::ScenariosState,
    drill_setup: DrillSetupState,
    presentation: Option<Presentation>,
    /// The unit whose figures may be decoded in egui's caches: they are freed when it is left.
    figures_shown: Option<String>,
    readiness: readiness::state::ReadinessState,
}

impl RapportApp {
    pub fn new(cc: &eframe::CreationContext<'_>, startup: Startup) -> Self {
        Self::open(&cc.egui_ctx, cc.storage, startup)
    }

    /// The app on what `startup` read, in the window of `ctx`; `storage` holds the interface
    /// state of the last run.
    pub fn open(
        ctx: &egui::Context,
        storage: Option<&dyn eframe::Storage>,
        mut startup: Startup,
    ) -> Self {
        let mut prefs = UiPrefs::first(
            storage.is_some(),
            storage.and_then(|s| eframe::get_value(s, PREFS_KEY)),
        );
        if let Page::Unit(id) = &prefs.page
            && startup.loaded.pack.unit(id).is_none()
        {
            prefs.page = Page::Units;
        }
        // The window file was checked before eframe read it; this also covers other storage.
        if let Some(problem) = crate::window_file::prefs_problem(&prefs) {
            startup.notices.push(Notice::warning(format!(
                "Your saved preferences could not be used ({problem}); the defaults are used."
            )));
            prefs = UiPrefs::default();
        }
        style::install(ctx);
        egui_extras::install_image_loaders(ctx);
        ctx.set_theme(prefs.theme.preference());
        ctx.set_zoom_factor(prefs.zoom);

        let mut notices = startup.notices;
        let mut flashcards = FlashcardsState::with_cards(
            &startup.loaded.pack,
            std::mem::take(&mut startup.cards),
            startup.flash,
            &mut notices,
        );
        flashcards.weakness = crate::practice::Weakness::from_spots(&startup.practice.weak_spots);
        {
            use crate::content::problem::{Severity, count};
            let problems = &startup.loaded.problems;
            let (errors, warnings) = (
                count(problems, Severity::Error),
                count(problems, Severity::Warning),
            );
            if errors + warnings > 0 {
                notices.push(Notice::content_problems(errors, warnings));
            }
        }
        let store = startup.store.map(|store| {
            let ctx = ctx.clone();
            StoreClient::spawn(store, move || ctx.request_repaint())
        });
        let files = {
            let ctx = ctx.clone();
            FileWorker::spawn(move || ctx.request_repaint())
        };
        let readiness = readiness::state::ReadinessState::new(
            startup.practice.weak_spots.clone(),
            std::mem::take(&mut startup.exam_dates),
        );
        let mut scenarios = scenarios::state::ScenariosState::new(
            startup.practice,
            crate::store::now_seconds() as u64 ^ 0x9e37_79b9_7f4a_7c15,
        );
        scenarios.restore_menu(prefs.practice.clone(), &startup.loaded.pack);
        let drill_setup = DrillSetupState::new(
            startup.saved_drills,
            startup.export_dir,
            prefs.drill.clone(),
        );
        let later = startup.later.take();
        let mut app = Self {
            index: Pending::Preparing,
            content: startup.loaded,
            saved_prefs: prefs.clone(),
            prefs,
            fx: Effects { store, files },
            progress: startup.progress,
            saving: Vec::new(),
            notices,
            search: SearchState::default(),
            focus: None,
            commands: Vec::new(),
            dev: DevState::new(startup.development, &startup.data_dir),
            flashcards,
            scenarios,
            drill_setup,
            presentation: None,
            figures_shown: None,
            readiness,
        };
        if let Some(later) = later {
            app.receive_later(later);
        }
        app
    }

    /// Takes the later part of opening (readiness links, search index), built on the loading
    /// thread while the app was already open.
    pub fn receive_later(&mut self, later: Later) {
        self.index = Pending::Ready(later.index);
        self.readiness.set_links(Pending::Ready(later.links));
    }

    /// The loading thread ended without the later part: search and readiness say they cannot
    /// be shown this session rather than wait for ever.
    pub fn later_failed(&mut self) {
        self.index = Pending::Failed;
        self.readiness.set_links(Pending::Failed);
    }

    /// Whether search and readiness have what they need.
    pub fn later_ready(&self) -> bool {
        self.index.ready().is_some()
    }

    /// Frees the decoded figures (bytes, image and texture) of a unit page no longer shown, so
    /// that visiting many pages of large figures does not keep them all in memory.
    fn forget_hidden_figures(&mut self, ctx: &egui::Context) {
        let shown = match &self.prefs.page {
            Page::Unit(id) => Some(id.clone()),
            _ => None,
        };
        if self.figures_shown == shown {
            return;
        }
        if let Some(old) = self.figures_shown.take()
            && let Some(loaded) = self.content.pack.unit(&old)
        {
            for figure in &loaded.unit.figures {
                ctx.forget_image(&units::page::figure_uri(&old, &figure.file));
            }
        }
        self.figures_shown = shown;
    }

    pub fn flashcards(&self) -> &FlashcardsState {
        &self.flashcards
    }

    pub fn flashcards_mut(&mut self) -> &mut FlashcardsState {
        &mut self.flashcards
    }

    /// Blocks until a running export, import or optimisation is done, then until what it sent
    /// to the store is saved. For tests.
    pub fn wait_for_flashcard_work(&mut self) {
        self.wait_for_saves();
    }

    /// The drill being presented, if any.
    pub fn drill(&self) -> Option<&crate::drill::Drill> {
        self.presentation.as_ref().map(|p| &p.drill)
    }

    /// The drill on the projector, with its page and scoreboard state, if any.
    pub fn presentation(&self) -> Option<&Presentation> {
        self.presentation.as_ref()
    }

    /// Class answers on loopback and any free port, for tests (no room network needed).
    pub fn class_answers_on_loopback(&mut self) {
        self.drill_setup.class_bind = rapport_class::Bind::Loopback;
        self.drill_setup.class_port = 0;
    }

    /// The class answers' address and join code while they run. For tests.
    pub fn class_answers(&self) -> Option<(String, String)> {
        let class = &self.presentation.as_ref()?.class;
        Some((class.url()?.to_owned(), class.code()?.to_owned()))
    }

    /// The class's results of the drill being presented, if the class answered.
    pub fn class_results(&self) -> Option<&rapport_class::ClassResults> {
        self.presentation.as_ref()?.results.as_ref()
    }

    pub fn presenter_open(&self) -> bool {
        self.presentation.as_ref().is_some_and(|p| p.presenter_open)
    }

    /// The drill setup being edited, as it would start now.
    pub fn drill_setup(&self) -> crate::drill::DrillSetup {
        self.drill_setup.current()
    }

    /// Puts `setup` on the drill setup page, as loading a saved drill does. For tests.
    pub fn load_drill_setup(&mut self, setup: crate::drill::DrillSetup) {
        self.drill_setup.load(setup);
    }

    pub fn saved_drills(&self) -> &[SavedDrill] {
        &self.drill_setup.saved
    }

    /// Blocks until a running export has finished. Tests use it instead of sleeping.
    pub fn wait_for_export(&mut self) {
        self.wait_for_saves();
    }

    pub fn page(&self) -> &Page {
        &self.prefs.page
    }

    pub fn focus(&self) -> Option<&Focus> {
        self.focus.as_ref()
    }

    pub fn theme(&self) -> ThemeChoice {
        self.prefs.theme
    }

    pub fn search_hits(&self) -> &[crate::search::Hit] {
        self.search.hits()
    }

    pub fn search_selected(&self) -> usize {
        self.search.selected
    }

    /// The self-assessment and plan state, for tests and for the views.
    pub fn development(&self) -> &DevState {
        &self.dev
    }

    pub fn development_mut(&mut self) -> &mut DevState {
        &mut self.dev
    }

    pub fn notices(&self) -> &[Notice] {
        &self.notices
    }

    pub fn is_revised(&self, unit_id: &str, section: Section) -> bool {
        self.progress
            .contains_key(&(unit_id.to_owned(), section.key().to_owned()))
    }

    /// The readiness page's state, for tests and benches.
    pub fn readiness_mut(&mut self) -> &mut readiness::state::ReadinessState {
        &mut self.readiness
    }

    /// The Scenarios area's state, for tests.
    pub fn scenarios_attempts(&self) -> &[crate::practice::AttemptRecord] {
        &self.scenarios.attempts
    }
}
