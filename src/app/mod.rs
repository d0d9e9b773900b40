//! The egui views and the app shell that owns the state they read.

mod command;
mod drill_present;
mod drill_setup;
mod nav;
mod notices;
mod placeholder;
mod problems_view;
mod search_view;
mod style;
mod top_bar;
mod unit_page;
mod units_list;

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

pub use command::{Command, Page, ThemeChoice};
pub use notices::{Notice, NoticeKind};
pub use search_view::SearchState;

use crate::content::{self, Anchor, Loaded, Section};
use crate::search::SearchIndex;
use crate::store::worker::{Done, Outcome, Request, RequestId, StoreClient};
use crate::store::{SavedDrill, SectionProgress, Store};

use drill_present::Presentation;
use drill_setup::DrillSetupState;

const PREFS_KEY: &str = "rapport.ui";
const MIN_ZOOM: f32 = 0.5;
const MAX_ZOOM: f32 = 3.0;

/// Interface state kept between runs (window size is kept by eframe itself).
#[derive(Debug, Clone, Serialize, Deserialize)]
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
    pub notices: Vec<Notice>,
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
            notices,
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
    store: Option<StoreClient>,
    progress: SectionProgress,
    /// Saves sent to the store and not yet confirmed.
    saving: Vec<(RequestId, String, Section)>,
    notices: Vec<Notice>,
    search: SearchState,
    focus: Option<Focus>,
    commands: Vec<Command>,
    drill_setup: DrillSetupState,
    presentation: Option<Presentation>,
}

impl RapportApp {
    pub fn new(cc: &eframe::CreationContext<'_>, startup: Startup) -> Self {
        let mut prefs: UiPrefs = cc
            .storage
            .and_then(|s| eframe::get_value(s, PREFS_KEY))
            .unwrap_or_default();
        if let Page::Unit(id) = &prefs.page
            && startup.loaded.pack.unit(id).is_none()
        {
            prefs.page = Page::Units;
        }
        prefs.zoom = prefs.zoom.clamp(MIN_ZOOM, MAX_ZOOM);
        style::install(&cc.egui_ctx);
        cc.egui_ctx.set_theme(prefs.theme.preference());
        cc.egui_ctx.set_zoom_factor(prefs.zoom);

        let mut notices = startup.notices;
        let problems = startup.loaded.problems.len();
        if problems > 0 {
            notices.push(Notice::content_problems(problems));
        }
        let store = startup.store.map(|store| {
            let ctx = cc.egui_ctx.clone();
            StoreClient::spawn(store, move || ctx.request_repaint())
        });
        Self {
            index: SearchIndex::build(&startup.loaded.pack),
            content: startup.loaded,
            prefs,
            store,
            progress: startup.progress,
            saving: Vec::new(),
            notices,
            search: SearchState::default(),
            focus: None,
            commands: Vec::new(),
            drill_setup: DrillSetupState::new(startup.saved_drills, startup.export_dir),
            presentation: None,
        }
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
        self.drill_setup.export.poll(true);
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

    pub fn notices(&self) -> &[Notice] {
        &self.notices
    }

    pub fn is_revised(&self, unit_id: &str, section: Section) -> bool {
        self.progress
            .contains_key(&(unit_id.to_owned(), section.key().to_owned()))
    }

    /// Blocks until every save sent so far is confirmed, then applies the results. Tests use it
    /// to wait for the store thread instead of sleeping.
    pub fn wait_for_saves(&mut self) {
        let done = self
            .store
            .as_mut()
            .map(StoreClient::wait_idle)
            .unwrap_or_default();
        self.apply_done(done);
    }

    fn poll_store(&mut self) {
        let done = self
            .store
            .as_mut()
            .map(StoreClient::poll)
            .unwrap_or_default();
        self.apply_done(done);
    }

    fn apply_done(&mut self, done: Vec<Done>) {
        for Done {
            id,
            request,
            outcome,
        } in done
        {
            self.saving.retain(|(pending, ..)| *pending != id);
            match (request, outcome) {
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
                (Request::SaveDrillSetup(setup), Outcome::Saved { at }) => {
                    self.drill_setup.saved_confirmed(&setup, at);
                }
                (Request::DeleteDrillSetup { name }, Outcome::Saved { .. }) => {
                    self.drill_setup.deleted_confirmed(&name);
                }
                (request, Outcome::Failed(reason)) => {
                    if let Request::SaveDrillSetup(setup) = &request {
                        let name = setup.name.trim();
                        self.drill_setup.saving.retain(|n| n != name);
                    }
                    self.notices
                        .push(Notice::error(format!("Not saved: {reason}")));
                }
            }
        }
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
                    if let Some(store) = &mut self.store {
                        let id = store.send(Request::SetSectionRevised {
                            unit_id: unit_id.clone(),
                            section: section.key().to_owned(),
                            revised,
                        });
                        self.saving.push((id, unit_id, section));
                    } else {
                        self.notices.push(Notice::error(
                            "Not saved: there is no data file this session (see the message above).",
                        ));
                    }
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
                    if let Some(store) = &mut self.store {
                        self.drill_setup.saving.push(setup.name.trim().to_owned());
                        store.send(Request::SaveDrillSetup(setup));
                    } else {
                        self.notices.push(Notice::error(
                            "Not saved: there is no data file this session (see the message above).",
                        ));
                    }
                }
                Command::DeleteDrillSetup(name) => {
                    if let Some(store) = &mut self.store {
                        store.send(Request::DeleteDrillSetup { name });
                    }
                }
                Command::ExportDrill { request, overwrite } => {
                    let ctx = ctx.clone();
                    self.drill_setup
                        .export
                        .start(*request, overwrite, move || ctx.request_repaint());
                }
            }
        }
        self.prefs.zoom = ctx.zoom_factor();
    }
}

impl eframe::App for RapportApp {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        self.poll_store();
        self.drill_setup.export.poll(false);
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
                    self.content.problems.len(),
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
                        store_available: self.store.is_some(),
                    },
                    &mut self.focus,
                    &mut self.commands,
                ),
                None => placeholder::missing_unit(ui, id, &mut self.commands),
            },
            Page::Problems => problems_view::show(ui, &self.content.problems),
            Page::ClassroomDrill => drill_setup::show(
                ui,
                &mut self.drill_setup,
                &self.content.pack,
                self.store.is_some(),
                &mut self.commands,
            ),
            other => placeholder::show(ui, other),
        });
        if self.search.open {
            search_view::show(&ctx, &mut self.search, &self.index, &mut self.commands);
        }
        self.apply_commands(&ctx);
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        eframe::set_value(storage, PREFS_KEY, &self.prefs);
    }

    fn on_exit(&mut self, _gl: Option<&eframe::glow::Context>) {
        // Saves already sent are committed before the process ends, and so is an export.
        self.wait_for_saves();
        self.drill_setup.export.poll(true);
    }
}
