//! The egui views and the app shell that owns the state they read.

mod assessment_results;
mod command;
mod dev_state;
mod drill_present;
mod drill_setup;
mod effects;
mod flashcards_state;
mod flashcards_stats;
mod flashcards_view;
mod nav;
mod notices;
mod placeholder;
mod plan_entry;
mod plan_view;
mod privacy_view;
mod problems_view;
mod scenario_question;
mod scenario_results;
mod scenarios_state;
mod scenarios_view;
mod search_view;
mod self_assessment;
mod style;
mod top_bar;
mod unit_page;
mod units_list;

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

pub use command::{Command, FlashCommand, FlashTab, Page, ThemeChoice};
pub use dev_state::{AssessmentScreen, DevState};
pub use flashcards_state::{FlashData, FlashcardsState};
pub use notices::{Notice, NoticeKind};
pub use scenarios_state::PracticeRecords;
pub use search_view::SearchState;

use crate::content::{self, Anchor, Loaded, Section};
use crate::search::SearchIndex;
use crate::store::development::DevelopmentData;
use crate::store::worker::{Outcome, Request, RequestId, StoreClient};
use crate::store::{SavedDrill, SectionProgress, Store};
use effects::{Area, Effects, FileDone, FileWorker, StoreDone};

use drill_present::Presentation;
use drill_setup::DrillSetupState;

pub const PREFS_KEY: &str = "rapport.ui";
pub const MIN_ZOOM: f32 = 0.5;
/// How often eframe writes the interface state (page, theme, zoom, window) in the background.
const PREFS_SAVE_INTERVAL: std::time::Duration = std::time::Duration::from_secs(5);
pub const MAX_ZOOM: f32 = 3.0;

/// Interface state kept between runs (window size is kept by eframe itself).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct UiPrefs {
    pub page: Page,
    pub theme: ThemeChoice,
    pub zoom: f32,
}

impl Default for UiPrefs {
    fn default() -> Self {
        Self {
            page: Page::Units,
            theme: ThemeChoice::System,
            zoom: 1.0,
        }
    }
}

/// Everything read from disk before the window opens, so that no frame waits for it.
pub struct Startup {
    pub loaded: Loaded,
    pub store: Option<Store>,
    pub progress: SectionProgress,
    pub development: DevelopmentData,
    pub data_dir: PathBuf,
    pub notices: Vec<Notice>,
    pub flash: FlashData,
    /// Scenario attempts and weak spots.
    pub practice: PracticeRecords,
    pub saved_drills: Vec<SavedDrill>,
    /// Where drill handouts are exported unless the tutor types another folder.
    pub export_dir: PathBuf,
}

impl Startup {
    /// Loads the built-in pack, `content_dirs` and `<data_dir>/content` (if present), and
    /// opens the learner's store in `data_dir`.
    pub fn prepare(content_dirs: &[PathBuf], data_dir: &Path) -> Startup {
        let mut folders = content_dirs.to_vec();
        let own = data_dir.join("content");
        if own.is_dir() && !folders.contains(&own) {
            folders.push(own);
        }
        let loaded = content::load_with_folders(&folders);
        let mut notices = Vec::new();
        let mut progress = SectionProgress::new();
        let mut development = DevelopmentData::default();
        let mut flash = FlashData::default();
        let mut practice = PracticeRecords::default();
        let mut saved_drills = Vec::new();
        let store = match Store::open(data_dir) {
            Ok((store, notice)) => {
                if let Some(notice) = notice {
                    notices.push(Notice::warning(notice.to_string()));
                }
                match store.section_progress() {
                    Ok(p) => progress = p,
                    Err(e) => {
                        notices.push(Notice::error(format!("Could not read your progress: {e}")))
                    }
                }
                match store.development() {
                    Ok(d) => development = d,
                    Err(e) => notices.push(Notice::error(format!(
                        "Could not read your self-assessments and plan: {e}"
                    ))),
                }
                match FlashData::read(&store) {
                    Ok(f) => flash = f,
                    Err(e) => {
                        notices.push(Notice::error(format!(
                            "Could not read your flashcard history: {e}"
                        )));
                        flash.unreadable = Some(e.to_string());
                    }
                }
                match (store.attempts(), store.weak_spots()) {
                    (Ok(attempts), Ok(weak_spots)) => {
                        practice = PracticeRecords {
                            attempts,
                            weak_spots,
                        }
                    }
                    (Err(e), _) | (_, Err(e)) => notices.push(Notice::error(format!(
                        "Could not read your scenario history: {e}"
                    ))),
                }
                match store.drill_setups() {
                    Ok(d) => saved_drills = d,
                    Err(e) => notices.push(Notice::error(format!(
                        "Could not read the saved classroom drills: {e}"
                    ))),
                }
                Some(store)
            }
            Err(e) => {
                notices.push(Notice::error(format!(
                    "Your progress cannot be saved this session: {e}"
                )));
                None
            }
        };
        let export_dir = directories::UserDirs::new()
            .and_then(|u| u.document_dir().map(Path::to_path_buf))
            .unwrap_or_else(|| data_dir.to_path_buf());
        Startup {
            loaded,
            store,
            progress,
            development,
            data_dir: data_dir.to_path_buf(),
            notices,
            flash,
            practice,
            saved_drills,
            export_dir,
        }
    }
}

/// A unit page item to show: its section is opened and the page scrolls to it once.
#[derive(Debug, Clone, PartialEq)]
pub struct Focus {
    pub unit_id: String,
    pub anchor: Anchor,
    pub scroll_pending: bool,
}

pub struct RapportApp {
    content: Loaded,
    index: SearchIndex,
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
    scenarios: scenarios_state::ScenariosState,
    drill_setup: DrillSetupState,
    presentation: Option<Presentation>,
    /// The unit whose figures may be decoded in egui's caches: they are freed when it is left.
    figures_shown: Option<String>,
}

impl RapportApp {
    pub fn new(cc: &eframe::CreationContext<'_>, mut startup: Startup) -> Self {
        let mut prefs: UiPrefs = cc
            .storage
            .and_then(|s| eframe::get_value(s, PREFS_KEY))
            .unwrap_or_default();
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
        style::install(&cc.egui_ctx);
        egui_extras::install_image_loaders(&cc.egui_ctx);
        cc.egui_ctx.set_theme(prefs.theme.preference());
        cc.egui_ctx.set_zoom_factor(prefs.zoom);

        let mut notices = startup.notices;
        let mut flashcards =
            FlashcardsState::new(&startup.loaded.pack, startup.flash, &mut notices);
        flashcards.weakness = crate::practice::Weakness::from_spots(&startup.practice.weak_spots);
        let problems = crate::content::problem::total_problems(&startup.loaded.problems);
        if problems > 0 {
            notices.push(Notice::content_problems(problems));
        }
        let store = startup.store.map(|store| {
            let ctx = cc.egui_ctx.clone();
            StoreClient::spawn(store, move || ctx.request_repaint())
        });
        let files = {
            let ctx = cc.egui_ctx.clone();
            FileWorker::spawn(move || ctx.request_repaint())
        };
        Self {
            index: SearchIndex::build(&startup.loaded.pack),
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
            scenarios: scenarios_state::ScenariosState::new(
                startup.practice,
                crate::store::now_seconds() as u64 ^ 0x9e37_79b9_7f4a_7c15,
            ),
            drill_setup: DrillSetupState::new(startup.saved_drills, startup.export_dir),
            presentation: None,
            figures_shown: None,
        }
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
                ctx.forget_image(&unit_page::figure_uri(&old, &figure.file));
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

    pub fn presenter_open(&self) -> bool {
        self.presentation.as_ref().is_some_and(|p| p.presenter_open)
    }

    /// The drill setup being edited, as it would start now.
    pub fn drill_setup(&self) -> crate::drill::DrillSetup {
        self.drill_setup.current()
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

    /// Blocks until every save and file job sent so far is done, then applies the results.
    /// Tests use it to wait for the worker threads instead of sleeping.
    pub fn wait_for_saves(&mut self) {
        loop {
            let files = self.fx.files.wait_idle();
            let done = self
                .fx
                .store
                .as_mut()
                .map(StoreClient::wait_idle)
                .unwrap_or_default();
            if files.is_empty() && done.is_empty() {
                break;
            }
            // Applying a reply may send more (an import's cards are saved once read).
            self.apply_files_done(files);
            self.apply_done(done);
        }
    }

    fn poll_workers(&mut self) {
        let files = self.fx.files.poll();
        self.apply_files_done(files);
        let done = self
            .fx
            .store
            .as_mut()
            .map(StoreClient::poll)
            .unwrap_or_default();
        self.apply_done(done);
    }

    /// Hands each store reply to the area that asked.
    fn apply_done(&mut self, done: Vec<StoreDone>) {
        for done in done {
            match done.tag {
                Area::Development => {
                    if self.dev.on_done(done) {
                        self.reset_after_delete_all();
                    }
                }
                Area::Flashcards => {
                    self.flashcards
                        .on_done(done.id, done.request, done.outcome, &mut self.notices)
                }
                Area::Scenarios => {
                    self.scenarios
                        .apply_done(done.request, done.outcome, &mut self.notices);
                    // What the learner got wrong also brings its flashcards forward.
                    self.flashcards.weakness = self.scenarios.weakness.clone();
                }
                Area::Drill => {
                    self.drill_setup
                        .on_done(done.request, done.outcome, &mut self.notices)
                }
                Area::Units => {
                    self.saving.retain(|(pending, ..)| *pending != done.id);
                    match (done.request, done.outcome) {
                        (
                            Request::SetSectionRevised {
                                unit_id,
                                section,
                                revised,
                            },
                            Outcome::Saved { at },
                        ) => {
                            let key = (unit_id, section);
                            if revised {
                                self.progress.insert(key, at);
                            } else {
                                self.progress.remove(&key);
                            }
                        }
                        (_, Outcome::Failed(reason)) => self
                            .notices
                            .push(Notice::error(format!("Not saved: {reason}"))),
                        (_, Outcome::Saved { .. }) => {}
                    }
                }
            }
        }
        self.notices.append(&mut self.dev.messages);
    }

    /// Hands each finished file job to the area that asked.
    fn apply_files_done(&mut self, done: Vec<FileDone>) {
        for done in done {
            match done.area {
                Area::Flashcards => {
                    self.flashcards
                        .on_file_done(done.outcome, &mut self.fx, &mut self.notices)
                }
                Area::Development => self.dev.on_file_done(done.outcome),
                Area::Drill => self.drill_setup.export.on_file_done(done.outcome),
                Area::Units | Area::Scenarios => {}
            }
        }
    }

    /// "Delete all my data" covers every area's records, so every area starts afresh.
    fn reset_after_delete_all(&mut self) {
        self.progress.clear();
        self.flashcards =
            FlashcardsState::new(&self.content.pack, FlashData::default(), &mut self.notices);
        self.scenarios = scenarios_state::ScenariosState::new(
            PracticeRecords::default(),
            crate::store::now_seconds() as u64,
        );
    }

    /// Sends the requests the self-assessment and plan views queued this frame.
    fn send_dev_requests(&mut self) {
        if std::mem::take(&mut self.dev.go_to_plan) {
            self.focus = None;
            self.prefs.page = Page::DevelopmentPlan;
        }
        for job in std::mem::take(&mut self.dev.file_outbox) {
            self.fx.file(Area::Development, job);
        }
        if self.dev.outbox.is_empty() {
            return;
        }
        let requests = std::mem::take(&mut self.dev.outbox);
        if !self.fx.has_store() {
            self.notices.push(Notice::error(effects::NO_STORE));
            return;
        }
        for request in requests {
            if let Some(id) = self.fx.save(Area::Development, request, &mut self.notices) {
                self.dev.pending.insert(id);
            }
        }
    }

    /// The Scenarios area's state, for tests.
    pub fn scenarios_attempts(&self) -> &[crate::practice::AttemptRecord] {
        &self.scenarios.attempts
    }

    fn handle_shortcuts(&mut self, ctx: &egui::Context) {
        if self.search.open {
            return;
        }
        let nothing_focused = ctx.memory(|m| m.focused().is_none());
        let open = ctx.input_mut(|i| {
            let ctrl_f = i.consume_key(egui::Modifiers::COMMAND, egui::Key::F);
            let slash = nothing_focused && i.consume_key(egui::Modifiers::NONE, egui::Key::Slash);
            if slash {
                // The slash must not also be typed into the search field that opens now.
                i.events
                    .retain(|e| !matches!(e, egui::Event::Text(t) if t == "/"));
            }
            ctrl_f || slash
        });
        if open {
            self.commands.push(Command::OpenSearch);
        }
    }

    fn apply_commands(&mut self, ctx: &egui::Context) {
        for command in std::mem::take(&mut self.commands) {
            match command {
                Command::Navigate(page) => {
                    self.focus = None;
                    // An export or deletion message belongs to the page it was done on.
                    self.dev.info = None;
                    self.prefs.page = page;
                }
                Command::OpenItem { unit_id, anchor } => {
                    self.search.open = false;
                    self.prefs.page = Page::Unit(unit_id.clone());
                    self.focus = Some(Focus {
                        unit_id,
                        anchor,
                        scroll_pending: true,
                    });
                }
                Command::OpenSearch => self.search.open_fresh(),
                Command::CloseSearch => self.search.open = false,
                Command::SetTheme(theme) => {
                    self.prefs.theme = theme;
                    ctx.set_theme(theme.preference());
                }
                Command::ZoomBy(delta) => {
                    let zoom = (ctx.zoom_factor() + delta).clamp(MIN_ZOOM, MAX_ZOOM);
                    ctx.set_zoom_factor(zoom);
                }
                Command::ZoomReset => ctx.set_zoom_factor(1.0),
                Command::SetSectionRevised {
                    unit_id,
                    section,
                    revised,
                } => {
                    let request = Request::SetSectionRevised {
                        unit_id: unit_id.clone(),
                        section: section.key().to_owned(),
                        revised,
                    };
                    if let Some(id) = self.fx.save(Area::Units, request, &mut self.notices) {
                        self.saving.push((id, unit_id, section));
                    }
                }
                Command::Flashcards(command) => {
                    self.flashcards
                        .apply(command, &mut self.fx, &mut self.notices);
                }
                Command::RecordAttempt(record) => {
                    self.fx.save(
                        Area::Scenarios,
                        Request::RecordAttempt(record),
                        &mut self.notices,
                    );
                }
                Command::DisputePoint {
                    attempt_key,
                    point_id,
                    learner_earned,
                } => {
                    let request = Request::DisputePoint {
                        attempt_key,
                        point_id,
                        learner_earned,
                    };
                    self.fx.save(Area::Scenarios, request, &mut self.notices);
                }
                Command::DismissNotice(i) => {
                    if i < self.notices.len() {
                        self.notices.remove(i);
                    }
                }
                Command::StartDrill(setup) => match setup.prepare(&self.content.pack) {
                    Ok((drill, _)) => {
                        self.presentation = Some(Presentation {
                            drill,
                            presenter_open: false,
                        });
                        ctx.send_viewport_cmd(egui::ViewportCommand::Fullscreen(true));
                    }
                    Err(e) => self
                        .notices
                        .push(Notice::error(format!("The drill cannot start: {e}."))),
                },
                Command::LeaveDrill => {
                    self.presentation = None;
                    ctx.send_viewport_cmd(egui::ViewportCommand::Fullscreen(false));
                }
                Command::SaveDrillSetup(setup) => {
                    let name = setup.name.trim().to_owned();
                    let request = Request::SaveDrillSetup(setup);
                    if self
                        .fx
                        .save(Area::Drill, request, &mut self.notices)
                        .is_some()
                    {
                        self.drill_setup.saving.push(name);
                    }
                }
                Command::DeleteDrillSetup(name) => {
                    let request = Request::DeleteDrillSetup { name };
                    self.fx.save(Area::Drill, request, &mut self.notices);
                }
                Command::ExportDrill { request, overwrite } => {
                    let job = self.drill_setup.export.start(*request, overwrite);
                    self.fx.file(Area::Drill, job);
                }
            }
        }
        self.prefs.zoom = ctx.zoom_factor();
        if self.prefs != self.saved_prefs {
            // eframe saves only on a frame after its interval, so make sure there is one even if
            // the learner leaves the window idle.
            ctx.request_repaint_after(PREFS_SAVE_INTERVAL + std::time::Duration::from_secs(1));
        }
    }
}

impl eframe::App for RapportApp {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        self.poll_workers();
        let ctx = ui.ctx().clone();
        if let Some(p) = &mut self.presentation {
            // The projector shows the drill alone: no navigation, notices or progress.
            if drill_present::show(ui, p) == drill_present::Outcome::Leave {
                self.commands.push(Command::LeaveDrill);
            }
            self.apply_commands(&ctx);
            return;
        }
        self.handle_shortcuts(&ctx);

        egui::Panel::top("top_bar").show(ui, |ui| {
            top_bar::show(ui, self.prefs.theme, &mut self.commands);
        });
        if !self.notices.is_empty() {
            egui::Panel::top("notices").show(ui, |ui| {
                notices::show(ui, &self.notices, &mut self.commands);
            });
        }
        egui::Panel::left("navigation")
            .resizable(false)
            .exact_size(210.0)
            .show(ui, |ui| {
                nav::show(
                    ui,
                    &self.prefs.page,
                    crate::content::problem::total_problems(&self.content.problems),
                    &mut self.commands,
                );
            });
        egui::CentralPanel::default().show(ui, |ui| match &self.prefs.page {
            Page::Units => {
                units_list::show(ui, &self.content.pack, &self.progress, &mut self.commands)
            }
            Page::Unit(id) => match self.content.pack.unit(id) {
                Some(loaded) => unit_page::show(
                    ui,
                    loaded,
                    &unit_page::PageState {
                        progress: &self.progress,
                        saving: &self.saving,
                        store_available: self.fx.has_store(),
                    },
                    &mut self.focus,
                    &mut self.commands,
                ),
                None => placeholder::missing_unit(ui, id, &mut self.commands),
            },
            Page::Problems => problems_view::show(ui, &self.content.problems),
            Page::SelfAssessment => {
                self_assessment::show(ui, &mut self.dev, &self.content.pack, self.fx.has_store())
            }
            Page::DevelopmentPlan => {
                plan_view::show(ui, &mut self.dev, &self.content.pack, self.fx.has_store())
            }
            Page::Flashcards => flashcards_view::show(ui, &mut self.flashcards, &mut self.commands),
            Page::Scenarios => scenarios_view::show(
                ui,
                &self.content.pack,
                &mut self.scenarios,
                self.fx.has_store(),
                &mut self.commands,
            ),
            Page::ClassroomDrill => drill_setup::show(
                ui,
                &mut self.drill_setup,
                &self.content.pack,
                self.fx.has_store(),
                &mut self.commands,
            ),
        });
        if self.search.open {
            search_view::show(&ctx, &mut self.search, &self.index, &mut self.commands);
        }
        privacy_view::modals(&ctx, &mut self.dev);
        self.apply_commands(&ctx);
        self.forget_hidden_figures(&ctx);
        self.send_dev_requests();
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        eframe::set_value(storage, PREFS_KEY, &self.prefs);
        self.saved_prefs = self.prefs.clone();
    }

    fn auto_save_interval(&self) -> std::time::Duration {
        PREFS_SAVE_INTERVAL
    }

    fn on_exit(&mut self, _gl: Option<&eframe::glow::Context>) {
        // Saves already sent are committed before the process ends, and so is an export.
        self.wait_for_saves();
    }
}
