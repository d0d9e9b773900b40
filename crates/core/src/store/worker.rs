//! The store runs on its own thread so that no frame ever waits for the disk. Views send
//! requests; the worker commits each one and only then reports it done, which is when the
//! view may show it as saved.

use std::sync::mpsc::{self, Receiver, Sender};
use std::thread::JoinHandle;

use std::path::PathBuf;

use chrono::NaiveDate;

use super::development::write_new_file;
use super::practice::AttemptRecord;
use super::{Store, StoreError, now_seconds};
use crate::flashcards::anki::OwnCard;
use crate::flashcards::schedule::{CardState, ReviewEntry, Settings};
use crate::plan::{Assessment, PlanEntry, Rating, Review};

pub type RequestId = u64;

// Not `Eq`: flashcard requests carry FSRS's floating-point memory state.
#[derive(Debug, Clone, PartialEq)]
pub enum Request {
    SetSectionRevised {
        unit_id: String,
        section: String,
        revised: bool,
    },
    /// Creates or updates an assessment's header (start, completion); not its ratings.
    SaveAssessment(Assessment),
    SaveRating {
        assessment_id: String,
        behaviour_id: String,
        rating: Rating,
    },
    SavePlanEntry {
        entry: PlanEntry,
        position: usize,
    },
    DeletePlanEntry {
        id: String,
    },
    /// Also sets the entry's status to the review's.
    SaveReview(Review),
    SetPlanEnd(Option<NaiveDate>),
    /// The learner's or the supervisor's name on the plan.
    SetPlanText {
        which: crate::store::development::PlanText,
        value: String,
    },
    /// Writes everything the store holds as JSON.
    ExportEverything {
        path: PathBuf,
        overwrite: bool,
    },
    DeleteEverything,
    /// A graded card: its new state and review log line, committed together.
    SaveGrade {
        state: CardState,
        entry: ReviewEntry,
    },
    /// Takes back a grade; `previous` is `None` if the card was new.
    UndoGrade {
        review_id: i64,
        card_id: String,
        previous: Option<CardState>,
    },
    /// Suspend, unsuspend or bury a card.
    SetCardState(CardState),
    /// Many cards' states in one transaction (memory states recomputed with new parameters).
    SetCardStates(Vec<CardState>),
    SetCardNote {
        card_id: String,
        note: String,
    },
    AddOwnCards(Vec<OwnCard>),
    /// An Anki collection read from a package, saved in one transaction.
    ImportAnki(Box<crate::flashcards::anki_import::AnkiImport>),
    SaveFlashcardSettings(Settings),
    /// Reads the whole review log: sent empty, it comes back with every review, oldest first.
    /// Read here, in order with the saves, so it holds every grade sent before it and none
    /// sent after. The app asks for it only when the statistics or the optimiser need it.
    ReadReviewLog(Vec<ReviewEntry>),
    /// A scenario answered (boxed: it is much larger than the other requests).
    RecordAttempt(Box<AttemptRecord>),
    /// The learner's own view of one point of an attempt (`None` withdraws it).
    DisputePoint {
        attempt_key: String,
        point_id: String,
        learner_earned: Option<bool>,
    },
    SaveDrillSetup(Box<crate::drill::DrillSetup>),
    DeleteDrillSetup {
        name: String,
    },
    /// A unit's exam date (`None` clears it).
    SetExamDate {
        unit_id: String,
        date: Option<NaiveDate>,
    },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// The request is committed to disk.
    Saved {
        at: i64,
    },
    Failed(String),
}

/// A finished request, with the tag its sender gave it: the UI tags each request with the area
/// that asked, so a reply goes back there without a list of which request belongs where.
#[derive(Debug, Clone, PartialEq)]
pub struct Done<T = ()> {
    pub id: RequestId,
    pub tag: T,
    pub request: Request,
    pub outcome: Outcome,
}

/// The UI's end of the store thread.
pub struct StoreClient<T = ()> {
    requests: Option<Sender<(RequestId, T, Request)>>,
    done: Replies<Done<T>>,
    next_id: RequestId,
    thread: Option<JoinHandle<()>>,
}

impl<T: Send + 'static> StoreClient<T> {
    /// Moves `store` onto a new thread. `wake` is called after each request is done (the UI
    /// passes a repaint request).
    pub fn spawn(store: Store, wake: impl Fn() + Send + 'static) -> StoreClient<T> {
        let (req_tx, req_rx) = mpsc::channel::<(RequestId, T, Request)>();
        let (done_tx, done_rx) = mpsc::channel();
        let thread = std::thread::Builder::new()
            .name("rapport-store".into())
            .spawn(move || {
                let mut store = store;
                for (id, tag, mut request) in req_rx {
                    let outcome = match apply(&mut store, &mut request) {
                        Ok(at) => Outcome::Saved { at },
                        Err(e) => Outcome::Failed(e.to_string()),
                    };
                    if done_tx
                        .send(Done {
                            id,
                            tag,
                            request,
                            outcome,
                        })
                        .is_err()
                    {
                        break;
                    }
                    wake();
                }
            })
            .expect("spawning the store thread");
        StoreClient {
            requests: Some(req_tx),
            done: Replies::new(done_rx),
            next_id: 1,
            thread: Some(thread),
        }
    }

    /// Queues `request`; its reply carries `tag`.
    pub fn send_tagged(&mut self, tag: T, request: Request) -> RequestId {
        let id = self.next_id;
        self.next_id += 1;
        if let Some(tx) = &self.requests
            && tx.send((id, tag, request)).is_ok()
        {
            self.done.sent();
        }
        id
    }

    /// Requests finished since the last call, without waiting.
    pub fn poll(&mut self) -> Vec<Done<T>> {
        self.done.poll()
    }

    /// Waits until every request sent so far is done and returns them. For shutdown and tests.
    pub fn wait_idle(&mut self) -> Vec<Done<T>> {
        self.done.wait_idle()
    }

    pub fn in_flight(&self) -> usize {
        self.done.in_flight()
    }
}

impl StoreClient<()> {
    /// Queues an untagged request (tests and tools with a single sender).
    pub fn send(&mut self, request: Request) -> RequestId {
        self.send_tagged((), request)
    }
}

impl<T> Drop for StoreClient<T> {
    fn drop(&mut self) {
        // Closing the channel lets the thread finish what is queued, then exit.
        self.requests.take();
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

/// Does `request`; a read fills the request with what it read.
fn apply(store: &mut Store, request: &mut Request) -> Result<i64, StoreError> {
    let at = now_seconds();
    match request {
        Request::SetSectionRevised {
            unit_id,
            section,
            revised,
        } => store.set_section_revised(unit_id, section, *revised, at)?,
        Request::SaveAssessment(a) => store.save_assessment(a)?,
        Request::SaveRating {
            assessment_id,
            behaviour_id,
            rating,
        } => store.save_rating(assessment_id, behaviour_id, rating, at)?,
        Request::SavePlanEntry { entry, position } => {
            store.save_plan_entry(entry, *position, at)?
        }
        Request::DeletePlanEntry { id } => store.delete_plan_entry(id)?,
        Request::SaveReview(review) => store.save_review(review)?,
        Request::SetPlanEnd(end) => store.set_plan_end(*end)?,
        Request::SetPlanText { which, value } => store.set_plan_text(*which, value)?,
        Request::ExportEverything { path, overwrite } => {
            let json = store.export_everything(at)?;
            let text = serde_json::to_string_pretty(&json).unwrap_or_default();
            write_new_file(path, text.as_bytes(), *overwrite)?
        }
        Request::DeleteEverything => store.delete_everything()?,
        Request::SaveGrade { state, entry } => store.save_grade(state, entry)?,
        Request::UndoGrade {
            review_id,
            card_id,
            previous,
        } => store.undo_grade(*review_id, card_id, previous.as_ref())?,
        Request::SetCardState(state) => store.set_card_state(state)?,
        Request::SetCardStates(states) => store.set_card_states(states)?,
        Request::SetCardNote { card_id, note } => store.set_card_note(card_id, note, at)?,
        Request::AddOwnCards(cards) => store.add_own_cards(cards, at)?,
        Request::ImportAnki(import) => {
            let added = store.import_anki(&import.cards, &import.states, &import.log, at)?;
            import.saved = Some(added);
        }
        Request::ReadReviewLog(log) => *log = store.review_log()?,
        Request::SaveFlashcardSettings(settings) => store.save_flashcard_settings(settings)?,
        Request::RecordAttempt(attempt) => store.record_attempt(attempt, at)?,
        Request::DisputePoint {
            attempt_key,
            point_id,
            learner_earned,
        } => store.dispute_point(attempt_key, point_id, *learner_earned, at)?,
        Request::SaveDrillSetup(setup) => store.save_drill_setup(setup, at)?,
        Request::DeleteDrillSetup { name } => store.delete_drill_setup(name)?,
        Request::SetExamDate { unit_id, date } => store.set_exam_date(unit_id, *date, at)?,
    }
    Ok(at)
}

/// The replies of a worker thread, counted against the requests sent to it, so that a caller
/// can take what has arrived without waiting, or wait for everything (shutdown and tests).
/// Shared by the store thread's client and the app's file worker.
pub struct Replies<R> {
    done: Receiver<R>,
    in_flight: usize,
}

impl<R> Replies<R> {
    pub fn new(done: Receiver<R>) -> Replies<R> {
        Replies { done, in_flight: 0 }
    }

    /// Counts one more request sent to the worker.
    pub fn sent(&mut self) {
        self.in_flight += 1;
    }

    /// Replies that have arrived, without waiting.
    pub fn poll(&mut self) -> Vec<R> {
        let out: Vec<R> = self.done.try_iter().collect();
        self.in_flight -= out.len().min(self.in_flight);
        out
    }

    /// Waits for the reply to every request sent so far (or until the worker is gone).
    pub fn wait_idle(&mut self) -> Vec<R> {
        let mut out = Vec::new();
        while self.in_flight > 0 {
            match self.done.recv() {
                Ok(done) => {
                    out.push(done);
                    self.in_flight -= 1;
                }
                Err(_) => break,
            }
        }
        out
    }

    pub fn in_flight(&self) -> usize {
        self.in_flight
    }
}
