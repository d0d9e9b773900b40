//! One frame: poll the workers, draw the page, then apply what the views asked for.

use super::command::{Command, Page};
use super::drill::{self, present::Presentation};
use super::effects::Area;
use super::notices::{self, Notice};
use super::shell::{nav, placeholder, top_bar, welcome};
use super::startup::{MAX_ZOOM, MIN_ZOOM, PREFS_KEY, PREFS_SAVE_INTERVAL};
use super::units::{self, page as unit_page};
use super::{Focus, RapportApp, development, flashcards, readiness, scenarios, search};
use crate::store::worker::Request;

impl RapportApp {
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
        // Area shortcuts carry Ctrl, so they are safe while typing in a field; F1 too.
        let target = ctx.input_mut(|i| {
            if i.consume_key(egui::Modifiers::NONE, Page::WELCOME_KEY) {
                return Some(Page::Welcome);
            }
            Page::AREAS.into_iter().find_map(|(area, _, key)| {
                i.consume_shortcut(&Page::area_shortcut(key))
                    .then_some(area)
            })
        });
        if let Some(page) = target {
            self.commands.push(Command::Navigate(page));
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
                        self.presentation = Some(Presentation::new(
                            drill,
                            self.drill_setup.export.folder.clone(),
                        ));
                        ctx.send_viewport_cmd(egui::ViewportCommand::Fullscreen(true));
                    }
                    Err(e) => self
                        .notices
                        .push(Notice::error(format!("The drill cannot start: {e}."))),
                },
                Command::StartClassAnswers { port } => {
                    if let Some(p) = &mut self.presentation {
                        p.class = drill::class::ClassState::start(
                            &p.drill,
                            &self.content.pack,
                            port,
                            self.drill_setup.class_bind,
                        );
                    }
                }
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
                Command::Readiness(command) => self.apply_readiness(command),
            }
        }
        self.prefs.zoom = ctx.zoom_factor();
        if self.prefs.practice != self.scenarios.menu {
            self.prefs.practice = self.scenarios.menu.clone();
        }
        let drill = self.drill_setup.current();
        if self.prefs.drill != drill {
            self.prefs.drill = drill;
        }
        if self.prefs != self.saved_prefs {
            // eframe saves only on a frame after its interval, so make sure there is one even if
            // the learner leaves the window idle.
            ctx.request_repaint_after(PREFS_SAVE_INTERVAL + std::time::Duration::from_secs(1));
        }
    }
}

impl RapportApp {
    /// Starts what the readiness page's button names, through the areas' own commands.
    fn apply_readiness(&mut self, command: super::ReadinessCommand) {
        use crate::readiness::NextAction;
        match command {
            super::ReadinessCommand::Act(NextAction::StudyCards { cards, .. }) => {
                let filter = crate::flashcards::queue::Filter::cards(&cards);
                self.prefs.page = Page::Flashcards;
                self.flashcards.apply(
                    super::FlashCommand::Study {
                        filter,
                        type_answer: false,
                    },
                    &mut self.fx,
                    &mut self.notices,
                );
            }
            super::ReadinessCommand::Act(NextAction::PractiseScenarios { scenarios: ids }) => {
                self.practise_only(ids);
            }
            super::ReadinessCommand::Act(NextAction::TryWritten { scenario }) => {
                self.practise_only(vec![scenario]);
            }
            super::ReadinessCommand::SetExamDate { unit, date } => {
                let request = Request::SetExamDate {
                    unit_id: unit,
                    date,
                };
                self.fx.save(Area::Readiness, request, &mut self.notices);
            }
        }
    }
}

impl RapportApp {
    /// A practice session of exactly these scenarios, opened in the Scenarios area.
    fn practise_only(&mut self, ids: Vec<String>) {
        self.scenarios
            .start(&self.content.pack, crate::practice::Scope::Only(ids), None);
        self.focus = None;
        self.prefs.page = Page::Scenarios;
    }
}

impl eframe::App for RapportApp {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        self.poll_workers();
        let ctx = ui.ctx().clone();
        if let Some(p) = &mut self.presentation {
            // Closing the window would discard the class's results: ask first, as Esc does.
            if ctx.input(|i| i.viewport().close_requested()) && p.unsaved_results() {
                ctx.send_viewport_cmd(egui::ViewportCommand::CancelClose);
                p.save.asking = Some(drill::save::Asking::Leave);
            }
            // The projector shows the drill alone: no navigation, notices or progress.
            if drill::present::show(ui, p) == drill::present::Outcome::Leave {
                self.commands.push(Command::LeaveDrill);
            }
            for job in std::mem::take(&mut p.save.outbox) {
                self.fx.file(Area::Class, job);
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
                units::list::show(ui, &self.content.pack, &self.progress, &mut self.commands)
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
            Page::Problems => units::problems::show(ui, &self.content.problems),
            Page::Welcome => welcome::show(
                ui,
                &welcome::Facts {
                    pack: &self.content.pack,
                    data_dir: &self.dev.data_dir,
                    store_available: self.fx.has_store(),
                },
                &mut self.commands,
            ),
            Page::SelfAssessment => development::self_assessment::show(
                ui,
                &mut self.dev,
                &self.content.pack,
                self.fx.has_store(),
            ),
            Page::DevelopmentPlan => {
                development::plan::show(ui, &mut self.dev, &self.content.pack, self.fx.has_store())
            }
            Page::Flashcards => {
                flashcards::view::show(ui, &mut self.flashcards, &mut self.commands)
            }
            Page::Scenarios => scenarios::view::show(
                ui,
                &self.content.pack,
                &mut self.scenarios,
                self.fx.has_store(),
                &mut self.commands,
            ),
            Page::Readiness => {
                self.readiness
                    .refresh(&ctx, &self.flashcards, &self.scenarios.attempts);
                readiness::view::show(
                    ui,
                    &mut self.readiness,
                    self.fx.has_store(),
                    &mut self.commands,
                )
            }
            Page::ClassroomDrill => {
                // "Weakest criteria" needs the readiness figures (worked out on their thread).
                self.readiness
                    .refresh(&ctx, &self.flashcards, &self.scenarios.attempts);
                drill::setup::show(
                    ui,
                    &mut self.drill_setup,
                    &self.content.pack,
                    self.readiness.computed.as_ref().map(|c| &c.report),
                    self.fx.has_store(),
                    &mut self.commands,
                )
            }
        });
        if self.search.open {
            search::view::show(&ctx, &mut self.search, &self.index, &mut self.commands);
        }
        development::privacy::modals(&ctx, &mut self.dev);
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
