//! The window as it first opens: drawn at once, saying what is loading, while `Opening` reads
//! the content and the learner's records on its own thread; then the app itself, as soon as the
//! early part is read (units, flashcards and scenarios usable), and the later part (readiness
//! links, search index) merged into it when the thread sends it. On a large pack with a year of
//! history that reading takes most of a second, and a window that appears only after it looks
//! broken.

use std::time::Duration;

use super::notices::Notice;
use super::opening::{LaterState, Opening, OpeningState, Phase};
use super::startup::{MAX_ZOOM, MIN_ZOOM, PREFS_KEY, PREFS_SAVE_INTERVAL, UiPrefs};
use super::{RapportApp, style};

/// How often the loading page looks for progress.
const POLL: Duration = Duration::from_millis(30);

pub struct Launch {
    /// Until the later part has arrived (after the app has opened).
    opening: Option<Opening>,
    app: Option<RapportApp>,
    /// Said once the app opens (a window file that could not be used, say).
    pending_notices: Vec<Notice>,
    /// How long each phase of opening took: the early ones once the app is open, the later
    /// ones once they are done.
    phases: Vec<(Phase, Duration)>,
}

impl Launch {
    /// Styles the window as the learner left it (theme, zoom) so that the loading page already
    /// looks like the app.
    pub fn new(
        cc: &eframe::CreationContext<'_>,
        opening: Opening,
        pending_notices: Vec<Notice>,
    ) -> Self {
        let prefs = UiPrefs::first(
            cc.storage.is_some(),
            cc.storage.and_then(|s| eframe::get_value(s, PREFS_KEY)),
        );
        style::install(&cc.egui_ctx);
        cc.egui_ctx.set_theme(prefs.theme.preference());
        if prefs.zoom.is_finite() {
            cc.egui_ctx
                .set_zoom_factor(prefs.zoom.clamp(MIN_ZOOM, MAX_ZOOM));
        }
        Launch {
            opening: Some(opening),
            app: None,
            pending_notices,
            phases: Vec::new(),
        }
    }

    /// The app, once everything has loaded.
    pub fn app(&self) -> Option<&RapportApp> {
        self.app.as_ref()
    }

    /// How long each phase of opening took (empty until the app is open; the later phases
    /// are added when they are done).
    pub fn phases(&self) -> &[(Phase, Duration)] {
        &self.phases
    }

    /// Whether everything has loaded, the later part included (or the loading ended).
    pub fn complete(&self) -> bool {
        self.opening.is_none()
    }

    /// Blocks until the content and records have been read; the next frame opens the app.
    /// For tests.
    pub fn wait_until_open(&mut self) {
        if let Some(opening) = &mut self.opening {
            opening.wait();
        }
    }

    /// Blocks until the later part has been built too; the next frame merges it (after the
    /// one that opens the app). For tests.
    pub fn wait_until_complete(&mut self) {
        if let Some(opening) = &mut self.opening {
            if self.app.is_none() {
                opening.wait();
            }
            opening.wait_later();
        }
    }

    fn poll(&mut self, ctx: &egui::Context, frame: &eframe::Frame) -> Option<Phase> {
        let opening = self.opening.as_mut()?;
        if let Some(app) = &mut self.app {
            match opening.poll_later() {
                LaterState::Running => {
                    ctx.request_repaint_after(POLL);
                    return None;
                }
                LaterState::Done(later) => {
                    self.phases.extend(later.phases.iter().copied());
                    app.receive_later(*later);
                }
                LaterState::Failed => app.later_failed(),
            }
            self.opening = None;
            return None;
        }
        match opening.poll() {
            OpeningState::Running(phase) => return Some(phase),
            OpeningState::Done(startup) => {
                let mut startup = *startup;
                startup.notices.append(&mut self.pending_notices);
                self.phases = startup.phases.clone();
                self.app = Some(RapportApp::open(ctx, frame.storage(), startup));
                // The later part comes from the same thread: look for it on later frames.
                ctx.request_repaint_after(POLL);
                return None;
            }
            OpeningState::Failed => {}
        }
        self.opening = None;
        None
    }
}

impl eframe::App for Launch {
    fn ui(&mut self, ui: &mut egui::Ui, frame: &mut eframe::Frame) {
        if let Some(phase) = self.poll(ui.ctx(), frame) {
            loading_page(ui, phase);
            ui.ctx().request_repaint_after(POLL);
            return;
        }
        match &mut self.app {
            Some(app) => app.ui(ui, frame),
            None => failed_page(ui),
        }
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        // Nothing is saved before the app has opened, so a window closed while loading keeps
        // the last run's state.
        if let Some(app) = &mut self.app {
            app.save(storage);
        }
    }

    fn auto_save_interval(&self) -> Duration {
        PREFS_SAVE_INTERVAL
    }

    fn on_exit(&mut self, gl: Option<&eframe::glow::Context>) {
        if let Some(app) = &mut self.app {
            app.on_exit(gl);
        }
    }
}

fn loading_page(ui: &mut egui::Ui, phase: Phase) {
    egui::CentralPanel::default().show(ui, |ui| {
        ui.vertical_centered(|ui| {
            ui.add_space((ui.available_height() / 3.0).max(24.0));
            ui.heading("Rapport");
            ui.add_space(12.0);
            ui.horizontal(|ui| {
                // Centre the spinner and its text together.
                let width = 260.0f32.min(ui.available_width());
                ui.add_space(((ui.available_width() - width) / 2.0).max(0.0));
                ui.add(egui::Spinner::new());
                ui.label(format!("{}…", phase.label()));
            });
            let step = phase.index() + 1;
            ui.weak(format!("Step {step} of {}", Phase::EARLY.len()));
        });
    });
}

/// The loading thread ended without a result: it panicked, and its message went to stderr.
fn failed_page(ui: &mut egui::Ui) {
    egui::CentralPanel::default().show(ui, |ui| {
        ui.heading("Rapport could not open");
        ui.label(
            "Reading the content or your saved progress stopped with an internal error, so \
             nothing is shown and nothing was changed. Run `rapport check` on your content \
             folders, and start Rapport from a terminal to see the error.",
        );
    });
}
