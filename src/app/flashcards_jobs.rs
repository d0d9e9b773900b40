//! The flashcards area's slow work, each on its own thread so that no frame waits for a file or
//! the optimiser: Anki export, CSV/TSV import and FSRS optimisation.

use std::sync::mpsc::{Sender, channel};

use super::flashcards_state::FlashcardsState;
use super::notices::Notice;
use crate::flashcards::Card;
use crate::flashcards::anki::ImportReport;
use crate::flashcards::schedule::{Clock, ReviewEntry};
use crate::flashcards::stats::{self, Optimised};
use crate::store::worker::{Request, StoreClient};

pub enum Background {
    Optimise(Result<Optimised, String>),
    Export(Result<String, String>),
    Import(String, Result<ImportReport, String>),
}

type Wake = Box<dyn Fn() + Send>;

fn finish(tx: Sender<Background>, result: Background, repaint: impl Fn()) {
    // The receiver is gone only if the app closed meanwhile; nothing is left to tell.
    let _ = tx.send(result);
    repaint();
}

pub fn export(
    cards: Vec<Card>,
    path: String,
    tx: Sender<Background>,
    repaint: impl Fn() + Send + 'static,
) {
    let repaint: Wake = Box::new(repaint);
    std::thread::spawn(move || {
        let text = crate::flashcards::anki::export(&cards);
        let notes = text.lines().filter(|l| !l.starts_with('#')).count();
        let result = std::fs::write(&path, text)
            .map(|()| format!("{notes} notes written to {path}. In Anki: File > Import."))
            .map_err(|e| format!("Could not write {path}: {e}"));
        finish(tx, Background::Export(result), repaint);
    });
}

pub fn import(
    path: String,
    deck: String,
    tx: Sender<Background>,
    repaint: impl Fn() + Send + 'static,
) {
    let repaint: Wake = Box::new(repaint);
    std::thread::spawn(move || {
        let result = std::fs::read(&path)
            .map_err(|e| format!("Could not read {path}: {e}"))
            .and_then(|bytes| {
                String::from_utf8(bytes).map_err(|e| {
                    format!(
                        "{path} is not UTF-8 text (bad byte at offset {}); save it as UTF-8",
                        e.utf8_error().valid_up_to()
                    )
                })
            })
            .map(|text| crate::flashcards::anki::import(&text, deck.trim()));
        finish(tx, Background::Import(path, result), repaint);
    });
}

pub fn optimise(
    log: Vec<ReviewEntry>,
    clock: Clock,
    current: Vec<f32>,
    tx: Sender<Background>,
    repaint: impl Fn() + Send + 'static,
) {
    let repaint: Wake = Box::new(repaint);
    std::thread::spawn(move || {
        let result = stats::optimise(&log, &clock, &current);
        finish(tx, Background::Optimise(result), repaint);
    });
}

impl FlashcardsState {
    /// Starts one piece of background work; a second waits for the first to finish, so that
    /// no result is lost.
    pub(super) fn start_job(&mut self, busy: &'static str, start: impl FnOnce(Sender<Background>)) {
        if let Some(running) = self.busy {
            self.status = vec![format!("{running} Wait for it to finish, then try again.")];
            return;
        }
        let (tx, rx) = channel();
        self.background = Some(rx);
        self.busy = Some(busy);
        start(tx);
    }

    /// Results of background work (export, import, optimiser), without waiting.
    pub fn poll_background(&mut self, store: Option<&mut StoreClient>, notices: &mut Vec<Notice>) {
        let Some(rx) = &self.background else { return };
        let Ok(result) = rx.try_recv() else { return };
        self.background = None;
        self.busy = None;
        match result {
            Background::Export(Ok(message)) => self.status = vec![message],
            Background::Export(Err(message)) => self.status = vec![message],
            Background::Optimise(Ok(o)) => {
                self.status.clear();
                self.optimised = Some(o);
            }
            Background::Optimise(Err(message)) => self.status = vec![message],
            Background::Import(path, Err(message)) => {
                self.import_report = None;
                self.status = vec![format!("Nothing imported from {path}: {message}")]
            }
            Background::Import(path, Ok(report)) => {
                let n = report.cards.len();
                let bad = report.bad_rows.len();
                self.status = vec![format!(
                    "{path}: {n} card{} read, {bad} row{} could not be read{}",
                    if n == 1 { "" } else { "s" },
                    if bad == 1 { "" } else { "s" },
                    if n > 0 { "; saving…" } else { "" }
                )];
                if n > 0 {
                    match store {
                        Some(store) => {
                            store.send(Request::AddOwnCards(report.cards.clone()));
                        }
                        None => notices.push(Notice::error(
                            "Not saved: there is no data file this session (see the message above).",
                        )),
                    }
                }
                self.import_report = Some(report);
            }
        }
    }

    /// Blocks until background work is done and applied. For tests.
    pub fn wait_background(&mut self, store: Option<&mut StoreClient>, notices: &mut Vec<Notice>) {
        if let Some(rx) = self.background.take()
            && let Ok(result) = rx.recv()
        {
            let (tx, again) = channel();
            let _ = tx.send(result);
            self.background = Some(again);
            self.poll_background(store, notices);
        }
    }
}
