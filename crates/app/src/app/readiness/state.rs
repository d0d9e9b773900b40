//! The readiness page's state. The report is computed on a thread of its own from a copy of the
//! learner's records whenever they change while the page is shown; frames only draw the last
//! report. The pack's links (which cards and scenarios evidence which point) are built once.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;
use std::sync::mpsc::{self, Receiver};

use chrono::NaiveDate;

use crate::app::flashcards::state::FlashcardsState;
use crate::app::notices::Notice;
use crate::app::startup::Pending;
use crate::flashcards::schedule::{CardState, Clock, Settings};
use crate::practice::{AttemptRecord, WeakKind, WeakSpot};
use crate::readiness::plan::{self, DailyPlan};
use crate::readiness::{self, Evidence, Links, Report};
use crate::store::readiness::ExamDates;
use crate::store::worker::{Outcome, Request};

/// What the figures were computed from: when it changes, they are computed again.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DataKey {
    reviews: usize,
    studied: usize,
    attempts: usize,
    exam_dates: u64,
    /// Recall fades: the figures are refreshed every ten minutes.
    ten_minutes: i64,
}

/// A finished computation.
pub struct Computed {
    pub report: Report,
    /// Unit id -> plan, for units with an exam date.
    pub plans: BTreeMap<String, DailyPlan>,
    pub today: i64,
    /// How long it took, for the curious (shown small).
    pub millis: u128,
}

/// Which part of the grid is selected: a unit, or one criterion of it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Selection {
    pub unit: Option<String>,
    pub criterion: Option<String>,
}

pub struct ReadinessState {
    /// From the later part of opening: until it is here the page says it is still preparing.
    pub links: Pending<Arc<Links>>,
    /// Weak spots read at startup; misconceptions shown since come from this session's answers.
    weak_spots: Vec<WeakSpot>,
    pub exam_dates: ExamDates,
    exam_dates_version: u64,
    pub computed: Option<Arc<Computed>>,
    key: Option<DataKey>,
    pending: Option<(DataKey, Receiver<Computed>)>,
    pub selection: Selection,
    /// The exam date being typed, per unit.
    pub date_drafts: HashMap<String, String>,
    pub date_error: Option<(String, String)>,
    /// Exam dates sent to the store and not yet confirmed.
    pub saving: Vec<String>,
}

/// Everything a computation needs, copied from the app's state.
struct Input {
    links: Arc<Links>,
    states: HashMap<String, CardState>,
    attempts: Vec<AttemptRecord>,
    weak_spots: Vec<WeakSpot>,
    decay: f32,
    settings: Settings,
    clock: Clock,
    exam_dates: ExamDates,
}

fn run(input: Input) -> Computed {
    let started = std::time::Instant::now();
    let evidence = Evidence {
        states: &input.states,
        attempts: &input.attempts,
        weak_spots: &input.weak_spots,
        decay: input.decay,
        now: input.clock.now,
    };
    let times: BTreeMap<String, i64> = input
        .exam_dates
        .iter()
        .map(|(u, d)| (u.clone(), plan::exam_time(*d, &input.clock)))
        .collect();
    let report = readiness::compute(&input.links, &evidence, &times, None);
    let plans = report
        .units
        .iter()
        .filter_map(|u| {
            let date = input.exam_dates.get(&u.unit)?;
            Some((
                u.unit.clone(),
                plan::daily_plan(
                    u,
                    &input.links,
                    &evidence,
                    &input.clock,
                    &input.settings,
                    *date,
                ),
            ))
        })
        .collect();
    Computed {
        report,
        plans,
        today: input.clock.today(),
        millis: started.elapsed().as_millis(),
    }
}

impl ReadinessState {
    /// The state before the links are here (see `set_links`).
    pub fn new(weak_spots: Vec<WeakSpot>, exam_dates: ExamDates) -> Self {
        Self {
            links: Pending::Preparing,
            weak_spots,
            exam_dates,
            exam_dates_version: 0,
            computed: None,
            key: None,
            pending: None,
            selection: Selection::default(),
            date_drafts: HashMap::new(),
            date_error: None,
            saving: Vec::new(),
        }
    }

    /// Takes the links once the loading thread has built them (or could not).
    pub fn set_links(&mut self, links: Pending<Links>) {
        self.links = match links {
            Pending::Preparing => Pending::Preparing,
            Pending::Ready(links) => Pending::Ready(Arc::new(links)),
            Pending::Failed => Pending::Failed,
        };
        self.key = None;
    }

    /// Starts a computation if the records changed since the last one, and takes a finished
    /// one. Called each frame the page is shown; cheap when nothing changed. Nothing is
    /// computed before the links are here.
    pub fn refresh(
        &mut self,
        ctx: &egui::Context,
        flash: &FlashcardsState,
        attempts: &[AttemptRecord],
    ) {
        let Some(links) = self.links.ready() else {
            return;
        };
        let links = Arc::clone(links);
        if let Some((key, rx)) = &self.pending {
            match rx.try_recv() {
                Ok(done) => {
                    self.key = Some(key.clone());
                    self.computed = Some(Arc::new(done));
                    self.pending = None;
                }
                Err(mpsc::TryRecvError::Empty) => return,
                Err(mpsc::TryRecvError::Disconnected) => self.pending = None,
            }
        }
        let clock = flash.clock();
        let key = DataKey {
            reviews: flash.log.len(),
            studied: flash.states.len(),
            attempts: attempts.len(),
            exam_dates: self.exam_dates_version,
            ten_minutes: clock.now.div_euclid(600),
        };
        if self.key.as_ref() == Some(&key) {
            return;
        }
        // Misconceptions shown this session are in the new attempts, not yet in the weak spots
        // read at startup.
        let mut weak_spots = self.weak_spots.clone();
        for a in attempts {
            for m in &a.misconceptions {
                match weak_spots
                    .iter_mut()
                    .find(|w| w.kind == WeakKind::Misconception && &w.item_id == m)
                {
                    Some(w) => w.last_missed_at = w.last_missed_at.max(a.answered_at),
                    None => weak_spots.push(WeakSpot {
                        kind: WeakKind::Misconception,
                        item_id: m.clone(),
                        misses: 1,
                        last_missed_at: a.answered_at,
                    }),
                }
            }
        }
        let input = Input {
            links,
            states: flash.states.clone(),
            attempts: attempts.to_vec(),
            weak_spots,
            decay: flash.scheduler.decay(),
            settings: flash.scheduler.settings.clone(),
            clock,
            exam_dates: self.exam_dates.clone(),
        };
        let (tx, rx) = mpsc::channel();
        let wake = ctx.clone();
        let spawned = std::thread::Builder::new()
            .name("rapport-readiness".into())
            .spawn(move || {
                let _ = tx.send(run(input));
                wake.request_repaint();
            });
        if spawned.is_ok() {
            self.pending = Some((key, rx));
        }
    }

    /// Whether a computation is running.
    pub fn busy(&self) -> bool {
        self.pending.is_some()
    }

    /// Blocks until the running computation is done and takes it. For tests and benches.
    pub fn wait(&mut self) {
        if let Some((key, rx)) = self.pending.take()
            && let Ok(done) = rx.recv()
        {
            self.key = Some(key);
            self.computed = Some(Arc::new(done));
        }
    }

    /// Checks a typed exam date; the request to save it, or why not (shown beside the field).
    pub fn exam_date_request(&mut self, unit: &str, text: &str, today: i64) -> Option<Request> {
        match plan::parse_exam_date(text, today) {
            Ok(date) => {
                self.date_error = None;
                Some(Request::SetExamDate {
                    unit_id: unit.to_owned(),
                    date: Some(date),
                })
            }
            Err(e) => {
                self.date_error = Some((unit.to_owned(), e));
                None
            }
        }
    }

    /// The store's reply to a saved (or cleared) exam date.
    pub fn on_done(&mut self, request: Request, outcome: Outcome, notices: &mut Vec<Notice>) {
        let Request::SetExamDate { unit_id, date } = request else {
            return;
        };
        self.saving.retain(|u| u != &unit_id);
        match outcome {
            Outcome::Saved { .. } => {
                set_date(&mut self.exam_dates, &unit_id, date);
                self.date_drafts.remove(&unit_id);
                self.exam_dates_version += 1;
            }
            Outcome::Failed(reason) => notices.push(Notice::error(format!(
                "The exam date was not saved: {reason}"
            ))),
        }
    }
}

fn set_date(dates: &mut ExamDates, unit: &str, date: Option<NaiveDate>) {
    match date {
        Some(d) => {
            dates.insert(unit.to_owned(), d);
        }
        None => {
            dates.remove(unit);
        }
    }
}
