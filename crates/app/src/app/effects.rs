//! The one path for effects. Views push commands; the app applies them after the frame and
//! hands every save to the store thread and every piece of file work (exports, imports, PDF
//! rendering, the optimiser) to one file worker. Each request carries the area that asked, so a
//! reply goes straight back to it.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::{self, Sender};
use std::thread::JoinHandle;

use super::notices::Notice;
use crate::export::{Document, Format, WriteError, write_file};
use crate::flashcards::Card;
use crate::flashcards::anki::ImportReport;
use crate::flashcards::anki_import::{self, AnkiImport};
use crate::flashcards::schedule::{CardState, Clock, ReviewEntry, Settings};
use crate::flashcards::stats::{self, Optimised};
use crate::store::worker::{Done, Replies, Request, RequestId, StoreClient};

/// The areas that ask for effects; replies are routed by it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Area {
    Units,
    Flashcards,
    Scenarios,
    Development,
    Drill,
    /// The class results of the drill being presented (class answers).
    Class,
    Readiness,
}

/// A store reply, tagged with the area that asked.
pub type StoreDone = Done<Area>;

/// Said whenever something cannot be saved because the data file could not be opened.
pub const NO_STORE: &str = "Not saved: there is no data file this session (see the message above).";

/// How far a long file job has got, `(done, total)`, written by the worker and read by the
/// view when it draws (the view asks for a repaint while the job runs).
#[derive(Debug, Clone, Default)]
pub struct Progress(Arc<(AtomicUsize, AtomicUsize)>);

impl Progress {
    pub fn set(&self, done: usize, total: usize) {
        self.0.1.store(total, Ordering::Relaxed);
        self.0.0.store(done, Ordering::Relaxed);
    }

    pub fn get(&self) -> (usize, usize) {
        (
            self.0.0.load(Ordering::Relaxed),
            self.0.1.load(Ordering::Relaxed),
        )
    }
}

/// Slow work that must not run on the UI thread.
pub enum FileJob {
    /// Render `doc` (a PDF takes a moment) and write it; without `overwrite` an existing file
    /// is kept and the reply says so.
    WriteDocument {
        path: PathBuf,
        format: Format,
        doc: Document,
        overwrite: bool,
    },
    /// Write `text` (a CSV) as it is; without `overwrite` an existing file is kept.
    WriteText {
        path: PathBuf,
        text: String,
        overwrite: bool,
    },
    /// Write cards as a file for Anki's File > Import.
    ExportAnki { cards: Vec<Card>, path: String },
    /// Read a CSV or TSV file of cards into the deck named `deck`.
    ImportCards { path: String, deck: String },
    /// Fit FSRS parameters to the review log.
    Optimise {
        log: Vec<ReviewEntry>,
        clock: Clock,
        current: Vec<f32>,
        relearning_steps: usize,
    },
    /// Read an Anki package; its cards are then saved through the store in one transaction.
    ImportAnki {
        path: String,
        clock: Clock,
        settings: Settings,
        progress: Progress,
    },
    /// Every studied card's memory state from its history with new parameters.
    RecomputeMemory {
        log: Vec<ReviewEntry>,
        states: HashMap<String, CardState>,
        clock: Clock,
        parameters: Vec<f32>,
        progress: Progress,
    },
}

/// What a file job came to.
pub enum FileOutcome {
    Written(PathBuf, Result<(), WriteError>),
    AnkiExported(Result<String, String>),
    Imported(String, Result<ImportReport, String>),
    Optimised(Result<Optimised, String>),
    AnkiRead(String, Result<Box<AnkiImport>, String>),
    /// The cards whose memory state changed, with it.
    Recomputed(Result<Vec<CardState>, String>),
}

pub struct FileDone {
    pub area: Area,
    pub outcome: FileOutcome,
}

fn run(job: FileJob) -> FileOutcome {
    match job {
        FileJob::WriteDocument {
            path,
            format,
            doc,
            overwrite,
        } => {
            let result = rapport_pdf::render(format, &doc)
                .map_err(|reason| WriteError::Failed {
                    path: path.clone(),
                    reason,
                })
                .and_then(|bytes| write_file(&path, &bytes, overwrite));
            FileOutcome::Written(path, result)
        }
        FileJob::WriteText {
            path,
            text,
            overwrite,
        } => {
            let result = write_file(&path, text.as_bytes(), overwrite);
            FileOutcome::Written(path, result)
        }
        FileJob::ExportAnki { cards, path } => {
            let text = crate::flashcards::anki::export(&cards);
            let notes = text.lines().filter(|l| !l.starts_with('#')).count();
            FileOutcome::AnkiExported(
                std::fs::write(&path, text)
                    .map(|()| {
                        format!(
                            "{} written to {path}. In Anki: File > Import.",
                            crate::flashcards::count(notes, "note")
                        )
                    })
                    .map_err(|e| format!("Could not write {path}: {e}")),
            )
        }
        FileJob::ImportCards { path, deck } => {
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
            FileOutcome::Imported(path, result)
        }
        FileJob::Optimise {
            log,
            clock,
            current,
            relearning_steps,
        } => FileOutcome::Optimised(stats::optimise(&log, &clock, &current, relearning_steps)),
        FileJob::ImportAnki {
            path,
            clock,
            settings,
            progress,
        } => {
            let result = anki_import::read_package(
                std::path::Path::new(&path),
                &clock,
                &settings,
                |_, done, total| progress.set(done, total),
            )
            .map(Box::new);
            FileOutcome::AnkiRead(path, result)
        }
        FileJob::RecomputeMemory {
            log,
            states,
            clock,
            parameters,
            progress,
        } => FileOutcome::Recomputed(stats::recompute_memory(
            &log,
            &states,
            &clock,
            &parameters,
            |done, total| progress.set(done, total),
        )),
    }
}

/// One background thread for file work, taking jobs in order.
pub struct FileWorker {
    jobs: Option<Sender<(Area, FileJob)>>,
    done: Replies<FileDone>,
    thread: Option<JoinHandle<()>>,
}

impl FileWorker {
    pub fn spawn(wake: impl Fn() + Send + 'static) -> FileWorker {
        let (job_tx, job_rx) = mpsc::channel::<(Area, FileJob)>();
        let (done_tx, done_rx) = mpsc::channel();
        let thread = std::thread::Builder::new()
            .name("rapport-files".into())
            .spawn(move || {
                for (area, job) in job_rx {
                    let outcome = run(job);
                    if done_tx.send(FileDone { area, outcome }).is_err() {
                        break;
                    }
                    wake();
                }
            })
            .expect("spawning the file worker");
        FileWorker {
            jobs: Some(job_tx),
            done: Replies::new(done_rx),
            thread: Some(thread),
        }
    }

    pub fn send(&mut self, area: Area, job: FileJob) {
        if let Some(tx) = &self.jobs
            && tx.send((area, job)).is_ok()
        {
            self.done.sent();
        }
    }

    pub fn poll(&mut self) -> Vec<FileDone> {
        self.done.poll()
    }

    /// Waits for every job sent so far. For shutdown and tests.
    pub fn wait_idle(&mut self) -> Vec<FileDone> {
        self.done.wait_idle()
    }
}

impl Drop for FileWorker {
    fn drop(&mut self) {
        // Closing the channel lets the thread finish what is queued (an export being written),
        // then exit.
        self.jobs.take();
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

/// What the areas' states are handed to cause effects: the store (if the data file opened) and
/// the file worker.
pub struct Effects {
    pub store: Option<StoreClient<Area>>,
    pub files: FileWorker,
}

impl Effects {
    /// Sends a save for `area`; without a data file the learner is told it was not saved.
    pub fn save(
        &mut self,
        area: Area,
        request: Request,
        notices: &mut Vec<Notice>,
    ) -> Option<RequestId> {
        match &mut self.store {
            Some(store) => Some(store.send_tagged(area, request)),
            None => {
                notices.push(Notice::error(NO_STORE));
                None
            }
        }
    }

    pub fn has_store(&self) -> bool {
        self.store.is_some()
    }

    pub fn file(&mut self, area: Area, job: FileJob) {
        self.files.send(area, job);
    }
}
