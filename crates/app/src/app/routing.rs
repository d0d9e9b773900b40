//! Replies from the store thread and the file worker, each handed to the area that asked.

use super::effects::{self, Area, FileDone, StoreDone};
use super::scenarios::state::ScenariosState;
use super::{FlashData, FlashcardsState, Notice, Page, PracticeRecords, RapportApp};
use crate::store::worker::{Outcome, Request, StoreClient};

impl RapportApp {
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

    pub(super) fn poll_workers(&mut self) {
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
    pub(super) fn apply_done(&mut self, done: Vec<StoreDone>) {
        for done in done {
            match done.tag {
                Area::Development => {
                    if self.dev.on_done(done) {
                        self.reset_after_delete_all();
                    }
                }
                Area::Flashcards => self.flashcards.on_done(
                    done.id,
                    done.request,
                    done.outcome,
                    &mut self.fx,
                    &mut self.notices,
                ),
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
                // Class results are only ever written to files, never to the store.
                Area::Class => {}
                Area::Readiness => {
                    self.readiness
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
                Area::Class => {
                    // The drill may have been left while the file was written: then the
                    // outcome is said in the app's notices.
                    let message = match &mut self.presentation {
                        Some(p) => p.save.on_file_done(done.outcome),
                        None => super::drill::save::outcome_message(done.outcome),
                    };
                    if self.presentation.is_none()
                        && let Some((ok, text)) = message
                    {
                        self.notices.push(if ok {
                            Notice::info(text)
                        } else {
                            Notice::error(text)
                        });
                    }
                }
                Area::Units | Area::Scenarios | Area::Readiness => {}
            }
        }
    }

    /// "Delete all my data" covers every area's records, so every area starts afresh.
    fn reset_after_delete_all(&mut self) {
        self.progress.clear();
        self.readiness.exam_dates.clear();
        self.readiness.date_drafts.clear();
        self.flashcards =
            FlashcardsState::new(&self.content.pack, FlashData::default(), &mut self.notices);
        self.scenarios = ScenariosState::new(
            PracticeRecords::default(),
            crate::store::now_seconds() as u64,
        );
    }

    /// Sends the requests the self-assessment and plan views queued this frame.
    pub(super) fn send_dev_requests(&mut self) {
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
}
