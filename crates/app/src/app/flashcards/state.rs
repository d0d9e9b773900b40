//! The flashcards area's state and what its commands do. Drawing is in `flashcards_view.rs`
//! and `flashcards_stats.rs`; nothing here draws.
//!
//! A grade is shown as done only when the store confirms it: until then the session waits on
//! that card ("Saving…"), so an acknowledged grade is always on disk.

use std::collections::HashMap;
use std::path::PathBuf;
use std::time::Instant;

use crate::app::command::{FlashCommand, FlashTab};
use crate::app::effects::{Area, Effects, FileJob, FileOutcome, NO_STORE, Progress};
use crate::app::flashcards::history::{ReviewHistory, Wanted};
use crate::app::notices::Notice;
use crate::content::Pack;
use crate::flashcards::anki::{ImportReport, OwnCard};
use crate::flashcards::fuzz::DueLoad;
use crate::flashcards::queue::{self, Filter, Queue, QueueIndex, TodayCounts};
use crate::flashcards::schedule::{
    CardState, Clock, Outcome, Phase, ReviewEntry, Scheduler, Settings,
};
use crate::flashcards::stats::{self, Optimised, Stats};
use crate::flashcards::{Card, all_cards, count};
use crate::store::worker::{Outcome as Saved, Request, RequestId};
use crate::store::{Store, StoreError};

/// What the store holds for flashcards, read before the window opens. Not the whole review
/// log: see `history`.
#[derive(Debug, Default)]
pub struct FlashData {
    pub states: HashMap<String, CardState>,
    /// The reviews since the start of yesterday, oldest first (today's counts need them).
    pub recent: Vec<ReviewEntry>,
    /// Where `recent` starts (seconds).
    pub recent_from: i64,
    /// How many reviews the whole log holds, and its highest id.
    pub review_count: usize,
    pub last_review_id: Option<i64>,
    pub notes: HashMap<String, String>,
    pub own: Vec<OwnCard>,
    pub settings: Option<Settings>,
    /// Why saved settings could not be read, if they could not.
    pub settings_problem: Option<String>,
    /// Why the history could not be read: studying is then refused, so nothing overwrites it.
    pub unreadable: Option<String>,
    /// The study queue's index of the cards with these states, made on the loading thread once
    /// the cards are known (`None`: made when the area opens).
    pub queue_index: Option<QueueIndex>,
}

impl FlashData {
    pub fn read(store: &Store) -> Result<FlashData, StoreError> {
        // Unreadable settings fall back to the defaults (and the learner is told); the review
        // history matters more than the settings and is still read.
        let (settings, settings_problem) = match store.flashcard_settings() {
            Ok(s) => (s, None),
            Err(e) => (None, Some(e.to_string())),
        };
        // From the start of yesterday: a later change of the hour the day starts at still
        // finds all of today's reviews.
        let clock = Clock::local_now(settings.as_ref().map_or_else(
            || Settings::default().day_starts_at_hour,
            |s| s.day_starts_at_hour,
        ));
        let recent_from = clock.day_start(clock.today() - 1);
        let (review_count, last_review_id) = store.review_log_summary()?;
        Ok(FlashData {
            settings_problem,
            states: store.card_states()?,
            recent: store.review_log_since(recent_from)?,
            recent_from,
            review_count,
            last_review_id,
            notes: store.card_notes()?,
            own: store.own_cards()?,
            settings,
            unreadable: None,
            queue_index: None,
        })
    }
}

/// Each card's position in the card list, by id: the positions ordered by the cards' ids and
/// searched by halves. A map from id to position held a second copy of every card id (1.7 MB
/// of the heap at 20,000 cards); this holds 4 bytes a card.
#[derive(Debug, Default)]
pub struct CardIndex(Vec<u32>);

impl CardIndex {
    pub fn build(cards: &[Card]) -> CardIndex {
        let mut order: Vec<u32> = (0..cards.len() as u32).collect();
        order.sort_by(|&a, &b| cards[a as usize].id.cmp(&cards[b as usize].id));
        CardIndex(order)
    }

    /// The position in `cards` (the list this was built on, or that list with cards added
    /// after) of the card `id`.
    pub fn get(&self, cards: &[Card], id: &str) -> Option<usize> {
        self.0
            .binary_search_by(|&i| cards[i as usize].id.as_str().cmp(id))
            .ok()
            .map(|k| self.0[k] as usize)
    }
}

/// A grade sent to the store and not yet confirmed.
#[derive(Debug, Clone)]
struct PendingGrade {
    index: usize,
    previous: Option<CardState>,
}

/// What Ctrl+Z takes back.
#[derive(Debug, Clone)]
struct UndoEntry {
    review_id: i64,
    index: usize,
    previous: Option<CardState>,
}

/// The card last suspended or buried in this session, for the confirmation and its Undo.
#[derive(Debug, Clone, PartialEq)]
pub struct HiddenCard {
    pub index: usize,
    /// The card's state before, put back by Undo (`None`: it had never been studied).
    pub previous: Option<CardState>,
    pub suspended: bool,
    /// True once the store has saved the suspend or bury.
    pub saved: bool,
}

pub struct Session {
    pub filter: Filter,
    pub queue: Queue,
    pub current: Option<usize>,
    pub revealed: bool,
    pub type_answer: bool,
    pub typed: String,
    /// The note being edited on the current card.
    pub note_draft: Option<String>,
    pub reviewed: usize,
    /// The four grades' outcomes for the current card, for the buttons.
    pub outcomes: Option<[Outcome; 4]>,
    /// Set while a grade, undo, suspend or bury is being saved; the card waits for it.
    pub saving: Option<RequestId>,
    /// The last suspend or bury, shown with an Undo until the next grade.
    pub hidden: Option<HiddenCard>,
    /// The last undo, once saved ("Grade undone", "Card back in study"), shown in the same
    /// place as the suspend or bury confirmation until the next grade, suspend or bury.
    pub undone: Option<&'static str>,
    shown_at: Instant,
}

pub struct FlashcardsState {
    pub tab: FlashTab,
    pub cards: Vec<Card>,
    /// Each card's position in `cards`, by id.
    pub index: CardIndex,
    /// Every card's state, by card id; changed through `put_state` and `remove_state`, which
    /// keep `queue_index` in step (an Anki import adds states, then makes the index again).
    pub states: HashMap<String, CardState>,
    /// What the study queue reads of each card, by index (issue 17): made once with the cards,
    /// told of every change of a state, made again when cards are added.
    queue_index: QueueIndex,
    pub notes: HashMap<String, String>,
    /// The review log as far as it is known without reading all of it.
    pub log: ReviewHistory,
    pub scheduler: Scheduler,
    pub session: Option<Session>,
    undo: Vec<UndoEntry>,
    pending: HashMap<RequestId, PendingGrade>,
    pub stats: Option<Stats>,
    counts_cache: Option<(i64, queue::DeckCounts)>,
    topics_cache: Option<Vec<String>>,
    counts_dirty: bool,
    /// Set when what the statistics read has changed.
    pub stats_dirty: bool,
    /// Status of the last export, import or optimisation, shown on its tab.
    pub status: Vec<String>,
    pub import_report: Option<ImportReport>,
    pub optimised: Option<Optimised>,
    pub busy: Option<&'static str>,
    /// Progress of the memory-state update that follows new parameters, while it runs.
    recompute: Option<Progress>,
    /// Text fields of the choose-what-to-study and transfer tabs.
    pub custom_query: String,
    pub type_answer: bool,
    pub export_path: String,
    pub import_path: String,
    /// The Anki package to import, and the import's progress while it is read.
    pub anki_path: String,
    anki_progress: Option<Progress>,
    pub import_deck: String,
    pub settings_draft: Settings,
    pub unit_titles: HashMap<String, String>,
    /// Mistakes the learner keeps making in scenario practice: their cards come first.
    pub weakness: crate::practice::Weakness,
    /// Set when the saved history could not be read: no study session starts, so no grade
    /// is written over the unreadable records.
    pub read_only: Option<String>,
}

fn default_file(name: &str) -> String {
    directories::UserDirs::new()
        .map(|d| d.home_dir().join(name))
        .unwrap_or_else(|| PathBuf::from(name))
        .display()
        .to_string()
}

impl FlashcardsState {
    pub fn new(pack: &Pack, data: FlashData, notices: &mut Vec<Notice>) -> FlashcardsState {
        let cards = Self::cards_of(pack, &data.own);
        Self::with_cards(pack, cards, data, notices)
    }

    /// Every card: the pack's, then the learner's own.
    pub fn cards_of(pack: &Pack, own: &[OwnCard]) -> Vec<Card> {
        Self::with_own_cards(all_cards(pack), own)
    }

    /// The pack's cards (`all_cards`) with the learner's own after them, as `cards_of` makes
    /// the list.
    pub fn with_own_cards(mut cards: Vec<Card>, own: &[OwnCard]) -> Vec<Card> {
        cards.reserve_exact(own.len());
        cards.extend(own.iter().map(OwnCard::to_card));
        cards
    }

    /// `new` with the cards already made by `cards_of` (on the loading thread).
    pub fn with_cards(
        pack: &Pack,
        cards: Vec<Card>,
        mut data: FlashData,
        notices: &mut Vec<Notice>,
    ) -> FlashcardsState {
        if let Some(problem) = &data.settings_problem {
            notices.push(Notice::warning(format!(
                "Your flashcard settings could not be read ({problem}); the defaults are used \
                 until you save new ones."
            )));
        }
        let (mut scheduler, warning) = Scheduler::new(data.settings.unwrap_or_default());
        if let Some(w) = warning {
            notices.push(Notice::warning(w));
        }
        scheduler.load = DueLoad::from_states(
            data.states.values(),
            &Clock::local_now(scheduler.settings.day_starts_at_hour),
        );
        let index = CardIndex::build(&cards);
        let queue_index = data
            .queue_index
            .take()
            .filter(|q| q.len() == cards.len())
            .unwrap_or_else(|| QueueIndex::new(&cards, &data.states));
        FlashcardsState {
            tab: FlashTab::Decks,
            index,
            queue_index,
            cards,
            states: data.states,
            notes: data.notes,
            log: ReviewHistory::new(
                data.recent,
                data.recent_from,
                data.review_count,
                data.last_review_id,
            ),
            settings_draft: scheduler.settings.clone(),
            scheduler,
            session: None,
            undo: Vec::new(),
            pending: HashMap::new(),
            stats: None,
            stats_dirty: true,
            counts_cache: None,
            topics_cache: None,
            counts_dirty: true,
            status: Vec::new(),
            import_report: None,
            optimised: None,
            busy: None,
            recompute: None,
            custom_query: String::new(),
            type_answer: false,
            export_path: default_file("rapport-anki.txt"),
            import_path: String::new(),
            anki_path: String::new(),
            anki_progress: None,
            import_deck: "My cards".to_owned(),
            unit_titles: pack
                .units
                .iter()
                .map(|u| (u.unit.id.clone(), u.unit.title.clone()))
                .collect(),
            weakness: crate::practice::Weakness::default(),
            read_only: data.unreadable,
        }
    }

    pub fn clock(&self) -> Clock {
        Clock::local_now(self.scheduler.settings.day_starts_at_hour)
    }

    /// New cards introduced and reviews done today, from the recent reviews (every review of
    /// today, whatever the order of their ids: an imported history's need not follow time).
    pub fn today_counts(&self, clock: &Clock) -> TodayCounts {
        let today = clock.today();
        let mut counts = TodayCounts::default();
        for r in self.log.recent() {
            if clock.day_of(r.reviewed_at) != today {
                continue;
            }
            match r.phase_before {
                Phase::New => counts.new_seen += 1,
                Phase::Review => counts.reviews_done += 1,
                _ => {}
            }
        }
        counts
    }

    /// Per-deck due counts, recomputed after a change or once a minute (so a learning card
    /// coming due shows up) rather than every frame.
    pub fn deck_counts(&mut self) -> &queue::DeckCounts {
        let clock = self.clock();
        let stale = self
            .counts_cache
            .as_ref()
            .is_none_or(|(at, _)| self.counts_dirty || clock.now - at >= 60);
        if stale {
            let counts =
                queue::deck_counts_indexed(&self.queue_index, &self.scheduler.settings, &clock);
            self.counts_cache = Some((clock.now, counts));
            self.counts_dirty = false;
        }
        &self.counts_cache.as_ref().expect("just filled").1
    }

    /// Every topic of the cards, sorted, computed once per change of the card list.
    pub fn topics(&mut self) -> &[String] {
        let cards = &self.cards;
        self.topics_cache.get_or_insert_with(|| {
            let set: std::collections::BTreeSet<&str> =
                cards.iter().map(|c| c.topic.as_str()).collect();
            set.into_iter().map(str::to_owned).collect()
        })
    }

    pub fn current_card(&self) -> Option<&Card> {
        let i = self.session.as_ref()?.current?;
        self.cards.get(i)
    }

    pub fn build_queue(&self, filter: &Filter, clock: &Clock) -> Queue {
        queue::build_indexed(
            &self.cards,
            &self.queue_index,
            filter,
            &self.scheduler.settings,
            clock,
            self.today_counts(clock),
            &self.weakness,
        )
    }

    /// Records a card's new state, in `states` and in the queue's index; returns the old one.
    fn put_state(&mut self, state: CardState) -> Option<CardState> {
        if let Some(i) = self.index.get(&self.cards, &state.card_id) {
            self.queue_index.set(i, Some(&state));
        }
        self.states.insert(state.card_id.clone(), state)
    }

    /// Forgets a card's state (it reads as never studied again); returns it.
    fn remove_state(&mut self, card_id: &str) -> Option<CardState> {
        if let Some(i) = self.index.get(&self.cards, card_id) {
            self.queue_index.set(i, None);
        }
        self.states.remove(card_id)
    }

    /// Makes the queue's index again, after cards were added or changed.
    fn reindex(&mut self) {
        self.queue_index = QueueIndex::new(&self.cards, &self.states);
    }

    /// Moves the session to its next card and works out the buttons' intervals.
    fn advance(&mut self) {
        let clock = self.clock();
        let Some(session) = &mut self.session else {
            return;
        };
        session.current = session.queue.next(clock.now, session.reviewed);
        session.revealed = false;
        session.typed.clear();
        session.note_draft = None;
        session.shown_at = Instant::now();
        session.outcomes = session.current.map(|i| {
            let id = &self.cards[i].id;
            self.scheduler.outcomes(self.states.get(id), id, &clock)
        });
    }

    fn next_review_id(&self) -> i64 {
        let now_ms = chrono::Utc::now().timestamp_millis();
        self.log.last_id().map_or(now_ms, |id| now_ms.max(id + 1))
    }

    /// Runs a command. `store` is `None` when there is no data file this session.
    pub fn apply(&mut self, command: FlashCommand, fx: &mut Effects, notices: &mut Vec<Notice>) {
        let no_store = || Notice::error(NO_STORE);
        match command {
            FlashCommand::SetTab(tab) => {
                self.tab = tab;
                if tab == FlashTab::Settings {
                    self.settings_draft = self.scheduler.settings.clone();
                }
                // The statistics read the whole log: asked for now, it is on its way before the
                // tab is first drawn (which says it is reading).
                if tab == FlashTab::Statistics && self.stats_stale() && !self.log.wanted.stats {
                    self.want_log(|w| w.stats = true, fx);
                }
            }
            FlashCommand::Study {
                filter,
                type_answer,
            } => {
                if let Some(why) = &self.read_only {
                    return notices.push(Notice::error(format!(
                        "Studying is off this session because your flashcard history could not \
                         be read, and a grade would overwrite it: {why}"
                    )));
                }
                let clock = self.clock();
                let queue = self.build_queue(&filter, &clock);
                self.session = Some(Session {
                    filter,
                    queue,
                    hidden: None,
                    undone: None,
                    current: None,
                    revealed: false,
                    type_answer,
                    typed: String::new(),
                    note_draft: None,
                    reviewed: 0,
                    outcomes: None,
                    saving: None,
                    shown_at: Instant::now(),
                });
                self.undo.clear();
                self.advance();
            }
            FlashCommand::EndStudy => {
                if self.session.as_ref().is_some_and(|s| s.saving.is_none()) {
                    self.session = None;
                }
            }
            FlashCommand::Reveal => {
                if let Some(s) = &mut self.session
                    && s.current.is_some()
                {
                    s.revealed = true;
                }
            }
            FlashCommand::Grade(grade) => {
                let Some(session) = &self.session else { return };
                let (Some(index), true, None) = (session.current, session.revealed, session.saving)
                else {
                    return;
                };
                let Some(store) = fx.store.as_mut() else {
                    return notices.push(no_store());
                };
                let card_id = self.cards[index].id.clone();
                let previous = self.states.get(&card_id).cloned();
                let duration = session
                    .shown_at
                    .elapsed()
                    .as_millis()
                    .min(u128::from(u32::MAX)) as u32;
                let (state, entry) = self.scheduler.grade(
                    previous.as_ref(),
                    &card_id,
                    grade,
                    &self.clock(),
                    self.next_review_id(),
                    // Anki caps answer time at a minute so a break does not count as study.
                    duration.min(60_000),
                );
                let id = store.send_tagged(Area::Flashcards, Request::SaveGrade { state, entry });
                self.pending.insert(id, PendingGrade { index, previous });
                if let Some(s) = &mut self.session {
                    s.saving = Some(id);
                    s.hidden = None;
                    s.undone = None;
                }
            }
            FlashCommand::Undo => {
                if self.session.as_ref().is_some_and(|s| s.saving.is_some()) {
                    return;
                }
                let Some(entry) = self.undo.last().cloned() else {
                    return;
                };
                let Some(store) = fx.store.as_mut() else {
                    return notices.push(no_store());
                };
                let id = store.send_tagged(
                    Area::Flashcards,
                    Request::UndoGrade {
                        review_id: entry.review_id,
                        card_id: self.cards[entry.index].id.clone(),
                        previous: entry.previous.clone(),
                    },
                );
                if let Some(s) = &mut self.session {
                    s.saving = Some(id);
                }
            }
            FlashCommand::Suspend | FlashCommand::Bury => {
                let Some(session) = &self.session else { return };
                let (Some(index), None) = (session.current, session.saving) else {
                    return;
                };
                let Some(store) = fx.store.as_mut() else {
                    return notices.push(no_store());
                };
                let card_id = &self.cards[index].id;
                let mut state = self
                    .states
                    .get(card_id)
                    .cloned()
                    .unwrap_or_else(|| CardState::new(card_id));
                let previous = self.states.get(card_id).cloned();
                if command == FlashCommand::Suspend {
                    state.suspended = true;
                } else {
                    let clock = self.clock();
                    state.buried_until = Some(clock.day_start(clock.today() + 1));
                }
                let id = store.send_tagged(Area::Flashcards, Request::SetCardState(state));
                if let Some(s) = &mut self.session {
                    s.saving = Some(id);
                    s.undone = None;
                    s.hidden = Some(HiddenCard {
                        index,
                        previous,
                        suspended: command == FlashCommand::Suspend,
                        saved: false,
                    });
                }
            }
            FlashCommand::UndoHide => {
                let Some(session) = &self.session else { return };
                let (Some(hidden), None) = (&session.hidden, session.saving) else {
                    return;
                };
                if !hidden.saved {
                    return;
                }
                let Some(store) = fx.store.as_mut() else {
                    return notices.push(no_store());
                };
                let card_id = &self.cards[hidden.index].id;
                let state = hidden
                    .previous
                    .clone()
                    .unwrap_or_else(|| CardState::new(card_id));
                let id = store.send_tagged(Area::Flashcards, Request::SetCardState(state));
                if let Some(s) = &mut self.session {
                    s.saving = Some(id);
                }
            }
            FlashCommand::EditNote => {
                if let Some(s) = &mut self.session
                    && let Some(i) = s.current
                {
                    let id = &self.cards[i].id;
                    s.note_draft = Some(self.notes.get(id).cloned().unwrap_or_default());
                }
            }
            FlashCommand::CancelNote => {
                if let Some(s) = &mut self.session {
                    s.note_draft = None;
                }
            }
            FlashCommand::SaveNote(note) => {
                let Some(card) = self.current_card() else {
                    return;
                };
                let card_id = card.id.clone();
                let Some(store) = fx.store.as_mut() else {
                    return notices.push(no_store());
                };
                store.send_tagged(Area::Flashcards, Request::SetCardNote { card_id, note });
                if let Some(s) = &mut self.session {
                    s.note_draft = None;
                }
            }
            FlashCommand::UnsuspendAll => {
                let Some(store) = fx.store.as_mut() else {
                    return notices.push(no_store());
                };
                for state in self.states.values().filter(|s| s.suspended) {
                    let mut state = state.clone();
                    state.suspended = false;
                    store.send_tagged(Area::Flashcards, Request::SetCardState(state));
                }
            }
            FlashCommand::SaveSettings(settings) => {
                let problems = settings.problems();
                if !problems.is_empty() {
                    self.status = vec![format!("Settings not saved: {}.", problems.join("; "))];
                    return;
                }
                let Some(store) = fx.store.as_mut() else {
                    return notices.push(no_store());
                };
                store.send_tagged(Area::Flashcards, Request::SaveFlashcardSettings(settings));
            }
            FlashCommand::Export { path, deck } => {
                let cards: Vec<Card> = self
                    .cards
                    .iter()
                    .filter(|c| deck.as_ref().is_none_or(|d| &c.deck == d))
                    .cloned()
                    .collect();
                self.start_job("Exporting…", fx, FileJob::ExportAnki { cards, path });
            }
            FlashCommand::Import { path, deck } => {
                if deck.trim().is_empty() {
                    self.status = vec!["Give the deck a name before importing.".to_owned()];
                    return;
                }
                self.start_job("Importing…", fx, FileJob::ImportCards { path, deck });
            }
            FlashCommand::ImportAnki { path } => {
                if self.read_only.is_some() {
                    self.status = vec![
                        "Nothing imported: your flashcard history could not be read this session."
                            .to_owned(),
                    ];
                    return;
                }
                let progress = Progress::default();
                self.anki_progress = Some(progress.clone());
                let job = FileJob::ImportAnki {
                    path,
                    clock: self.clock(),
                    settings: self.scheduler.settings.clone(),
                    progress,
                };
                self.start_job("Reading the Anki collection…", fx, job);
            }
            FlashCommand::Optimise => {
                if let Some(running) = self.busy {
                    self.status = vec![format!("{running} Wait for it to finish, then try again.")];
                    return;
                }
                self.busy = Some("Reading your review history…");
                self.want_log(|w| w.optimise = true, fx);
            }
            FlashCommand::ReadHistory => self.want_log(|w| w.stats = true, fx),
            FlashCommand::UseParameters(parameters) => {
                let mut settings = self.scheduler.settings.clone();
                settings.parameters = parameters;
                self.apply(FlashCommand::SaveSettings(settings), fx, notices);
            }
        }
    }

    /// A store confirmation (or failure) for one of this area's requests.
    pub fn on_done(
        &mut self,
        id: RequestId,
        request: Request,
        outcome: Saved,
        fx: &mut Effects,
        notices: &mut Vec<Notice>,
    ) {
        if let Request::ReadReviewLog(log) = request {
            return self.on_log_read(log, outcome, fx);
        }
        let session_waiting = self.session.as_ref().is_some_and(|s| s.saving == Some(id));
        if session_waiting && let Some(s) = &mut self.session {
            s.saving = None;
        }
        let pending = self.pending.remove(&id);
        if let Saved::Failed(reason) = outcome {
            let what = match request {
                Request::SaveGrade { .. } => {
                    "Grade not saved; the card is still here, grade it again"
                }
                Request::UndoGrade { .. } => "Could not undo",
                Request::SetCardNote { .. } => "Note not saved",
                Request::AddOwnCards(_) => "Imported cards not saved",
                Request::ImportAnki(_) => {
                    self.busy = None;
                    "Nothing imported from the Anki collection"
                }
                Request::SaveFlashcardSettings(_) => "Settings not saved",
                _ => "Not saved",
            };
            notices.push(Notice::error(format!("{what}: {reason}")));
            return;
        }
        self.stats_dirty = true;
        self.counts_dirty = true;
        match request {
            Request::SaveGrade { state, entry } => {
                let Some(PendingGrade { index, previous }) = pending else {
                    return;
                };
                self.undo.push(UndoEntry {
                    review_id: entry.id,
                    index,
                    previous: previous.clone(),
                });
                let today_end = {
                    let c = self.clock();
                    c.day_start(c.today() + 1)
                };
                let learning = matches!(state.phase, Phase::Learning | Phase::Relearning);
                let due = state.due;
                let clock = self.clock();
                self.scheduler
                    .load
                    .change(previous.as_ref(), Some(&state), &clock);
                self.put_state(state);
                self.log.push(entry);
                if let Some(s) = &mut self.session {
                    s.reviewed += 1;
                    if learning && due < today_end {
                        s.queue.requeue_learning(index, due);
                    } else {
                        s.queue.remove(index);
                    }
                }
                if session_waiting {
                    self.advance();
                }
            }
            Request::UndoGrade {
                review_id,
                card_id,
                previous,
            } => {
                self.undo.retain(|u| u.review_id != review_id);
                self.log.remove(review_id);
                let undone = match &previous {
                    Some(p) => self.put_state(p.clone()),
                    None => self.remove_state(&card_id),
                };
                let clock = self.clock();
                self.scheduler
                    .load
                    .change(undone.as_ref(), previous.as_ref(), &clock);
                let Some(index) = self.index.get(&self.cards, &card_id) else {
                    return;
                };
                if let Some(s) = &mut self.session {
                    s.reviewed = s.reviewed.saturating_sub(1);
                    s.queue.remove(index);
                    match previous.as_ref().map_or(Phase::New, |p| p.phase) {
                        Phase::New => s.queue.new.insert(0, index),
                        Phase::Review => s.queue.review.insert(0, index),
                        _ => s
                            .queue
                            .requeue_learning(index, previous.as_ref().map_or(0, |p| p.due)),
                    }
                    s.current = Some(index);
                    s.hidden = None;
                    s.undone = Some("✔ Grade undone: the card is shown again.");
                    s.revealed = false;
                    s.typed.clear();
                    s.note_draft = None;
                    s.shown_at = Instant::now();
                    s.outcomes = Some(self.scheduler.outcomes(previous.as_ref(), &card_id, &clock));
                }
            }
            Request::SetCardState(state) => {
                let hidden = queue::hidden(Some(&state), self.clock().now);
                let card_id = state.card_id.clone();
                let phase = state.phase;
                let due = state.due;
                self.put_state(state);
                if let (Some(s), Some(index)) =
                    (&mut self.session, self.index.get(&self.cards, &card_id))
                {
                    let undone = s
                        .hidden
                        .as_ref()
                        .is_some_and(|h| h.index == index && h.saved);
                    if hidden {
                        s.queue.remove(index);
                        if let Some(h) = s.hidden.as_mut().filter(|h| h.index == index) {
                            h.saved = true;
                        }
                    } else if undone {
                        // Undo: the card goes back at the front of its queue.
                        s.hidden = None;
                        s.undone = Some("✔ Undone: the card is back in study.");
                        s.queue.remove(index);
                        match phase {
                            Phase::New => s.queue.new.insert(0, index),
                            Phase::Review => s.queue.review.insert(0, index),
                            _ => s.queue.requeue_learning(index, due),
                        }
                    }
                }
                if session_waiting {
                    self.advance();
                }
            }
            Request::ImportAnki(import) => {
                self.busy = None;
                self.topics_cache = None;
                self.add_cards(import.cards.iter().map(OwnCard::to_card));
                // As the store did: a card with a state here keeps it; reviews are added once.
                let clock = self.clock();
                let mut added = 0;
                for s in &import.states {
                    if !self.states.contains_key(&s.card_id) {
                        self.scheduler.load.change(None, Some(s), &clock);
                        self.states.insert(s.card_id.clone(), s.clone());
                        added += 1;
                    }
                }
                // New cards and states: the queue's index is made again, once.
                self.reindex();
                // The store counted the reviews it added (it skips one already there).
                let reviews = import
                    .saved
                    .map_or_else(|| self.log.count_new(&import.log), |(_, r)| r);
                self.log.add_imported(&import.log, reviews);
                self.status.push(format!(
                    "Imported: {}; {} and {} added.",
                    count(import.cards.len(), "card"),
                    count(added, "card state"),
                    count(reviews, "review"),
                ));
            }
            Request::SetCardStates(states) => {
                let n = states.len();
                for state in states {
                    self.put_state(state);
                }
                self.status.push(format!(
                    "Memory states updated for the new parameters ({}).",
                    count(n, "card")
                ));
                self.advance_if_idle();
            }
            Request::SetCardNote { card_id, note } => {
                if note.trim().is_empty() {
                    self.notes.remove(&card_id);
                } else {
                    self.notes.insert(card_id, note);
                }
            }
            Request::AddOwnCards(own) => {
                self.topics_cache = None;
                self.add_cards(own.iter().map(OwnCard::to_card));
                self.reindex();
                self.status.push(format!(
                    "{} saved to your own deck.",
                    count(own.len(), "card")
                ));
            }
            Request::SaveFlashcardSettings(settings) => {
                let (mut scheduler, warning) = Scheduler::new(settings);
                if let Some(w) = warning {
                    notices.push(Notice::warning(w));
                }
                scheduler.load = std::mem::take(&mut self.scheduler.load);
                let new_parameters =
                    scheduler.settings.parameters != self.scheduler.settings.parameters;
                self.settings_draft = scheduler.settings.clone();
                self.scheduler = scheduler;
                self.status = vec!["Settings saved.".to_owned()];
                self.advance_if_idle();
                if new_parameters {
                    // As Anki does: every card's memory state from its history, with the new
                    // parameters, off the UI thread, once the history has been read.
                    self.recompute = Some(Progress::default());
                    self.want_log(|w| w.recompute = true, fx);
                }
            }
            // Other areas' requests are routed to their own state before this.
            _ => {}
        }
    }

    /// The store's answer to `ReadReviewLog`.
    fn on_log_read(&mut self, log: Vec<ReviewEntry>, outcome: Saved, fx: &mut Effects) {
        match outcome {
            Saved::Saved { .. } => self.use_log(log, fx),
            Saved::Failed(reason) => {
                let wanted = std::mem::take(&mut self.log.wanted);
                if wanted.optimise {
                    self.busy = None;
                }
                if wanted.recompute {
                    self.recompute = None;
                    self.status
                        .push(format!("Memory states not updated: {reason}"));
                } else if wanted.optimise {
                    self.status = vec![format!("Not optimised: {reason}")];
                }
                self.log.failed = Some(reason);
            }
        }
    }

    /// Cards saved to the learner's own deck: one already there (same id) is replaced, the
    /// others added at the end.
    fn add_cards(&mut self, cards: impl Iterator<Item = Card>) {
        let mut added: HashMap<String, usize> = HashMap::new();
        for card in cards {
            let at = self
                .index
                .get(&self.cards, &card.id)
                .or_else(|| added.get(&card.id).copied());
            match at {
                Some(i) => self.cards[i] = card,
                None => {
                    added.insert(card.id.clone(), self.cards.len());
                    self.cards.push(card);
                }
            }
        }
        if !added.is_empty() {
            self.index = CardIndex::build(&self.cards);
        }
    }

    /// Recomputes the current card's button intervals after the settings change.
    fn advance_if_idle(&mut self) {
        let clock = self.clock();
        if let Some(s) = &mut self.session
            && let Some(i) = s.current
        {
            let id = &self.cards[i].id;
            s.outcomes = Some(self.scheduler.outcomes(self.states.get(id), id, &clock));
        }
    }

    /// `(stage, done, total)` of an Anki import while its package is read.
    pub fn import_progress(&self) -> Option<(&'static str, usize, usize)> {
        let (done, total) = self.anki_progress.as_ref()?.get();
        // The count of cards is known once the package is unpacked.
        let stage = if total <= 1 {
            "Unpacking"
        } else {
            "Reading cards"
        };
        Some((stage, done, total))
    }

    /// `(done, total)` cards of the memory-state update, while it runs.
    pub fn recompute_progress(&self) -> Option<(usize, usize)> {
        self.recompute.as_ref().map(Progress::get)
    }

    /// Whether the statistics shown (if any) are out of date: the view then asks for the
    /// review log (`FlashCommand::ReadHistory`) and says it is reading it.
    pub fn stats_stale(&self) -> bool {
        self.stats_dirty || self.stats.is_none()
    }

    fn compute_stats(&mut self, log: &[ReviewEntry]) {
        self.stats = Some(stats::compute(
            &self.cards,
            &self.states,
            log,
            &self.clock(),
            self.scheduler.decay(),
            &self.unit_titles,
        ));
        self.stats_dirty = false;
    }

    /// Asks the store for the whole review log for what `want` marks, unless a read is on its
    /// way already (then that one serves). Without a data file there is no saved history: the
    /// reviews of this session are all of it.
    fn want_log(&mut self, want: impl FnOnce(&mut Wanted), fx: &mut Effects) {
        self.log.failed = None;
        let reading = self.log.reading();
        want(&mut self.log.wanted);
        match fx.store.as_mut() {
            Some(store) if !reading => {
                store.send_tagged(Area::Flashcards, Request::ReadReviewLog(Vec::new()));
            }
            Some(_) => {}
            None => {
                let log = self.log.recent().to_vec();
                self.use_log(log, fx);
            }
        }
    }

    /// The whole review log has been read: the statistics, the optimiser and the memory-state
    /// update that asked for it get it, and it is dropped after them.
    fn use_log(&mut self, log: Vec<ReviewEntry>, fx: &mut Effects) {
        let wanted = std::mem::take(&mut self.log.wanted);
        self.log.read_done(&log);
        if wanted.stats {
            self.compute_stats(&log);
        }
        if wanted.optimise {
            // The optimiser's own job starts now (its busy line said it was reading).
            self.busy = None;
        }
        let clock = self.clock();
        let (for_recompute, for_optimise) = match (wanted.recompute, wanted.optimise) {
            (true, true) => (Some(log.clone()), Some(log)),
            (true, false) => (Some(log), None),
            (false, true) => (None, Some(log)),
            (false, false) => (None, None),
        };
        if let Some(log) = for_recompute {
            let progress = self.recompute.clone().unwrap_or_default();
            self.recompute = Some(progress.clone());
            let job = FileJob::RecomputeMemory {
                log,
                states: self.states.clone(),
                clock,
                parameters: self.scheduler.settings.parameters.clone(),
                progress,
            };
            self.start_job("Updating memory states…", fx, job);
        }
        if let Some(log) = for_optimise {
            let job = FileJob::Optimise {
                log,
                clock,
                current: self.scheduler.settings.parameters.clone(),
                relearning_steps: self.scheduler.settings.relearning_steps.len(),
            };
            self.start_job("Optimising… (this can take a minute)", fx, job);
        }
    }
}

impl FlashcardsState {
    /// Starts one piece of background work; a second waits for the first to finish, so that
    /// no result is lost.
    fn start_job(&mut self, busy: &'static str, fx: &mut Effects, job: FileJob) {
        if let Some(running) = self.busy {
            self.status = vec![format!("{running} Wait for it to finish, then try again.")];
            return;
        }
        self.busy = Some(busy);
        fx.file(Area::Flashcards, job);
    }

    /// A finished export, import or optimisation.
    pub fn on_file_done(
        &mut self,
        result: FileOutcome,
        fx: &mut Effects,
        notices: &mut Vec<Notice>,
    ) {
        self.busy = None;
        match result {
            FileOutcome::AnkiExported(Ok(message)) => self.status = vec![message],
            FileOutcome::AnkiExported(Err(message)) => self.status = vec![message],
            FileOutcome::Optimised(Ok(o)) => {
                self.status.clear();
                self.optimised = Some(o);
            }
            FileOutcome::Optimised(Err(message)) => self.status = vec![message],
            FileOutcome::AnkiRead(path, Err(message)) => {
                self.anki_progress = None;
                self.status = vec![format!("Nothing imported from {path}: {message}.")];
            }
            FileOutcome::AnkiRead(path, Ok(import)) => {
                self.anki_progress = None;
                let mut status = vec![format!("{path}: {}; saving…", import.summary())];
                if !import.skipped_media.is_empty() {
                    status.push(format!(
                        "Not shown in Rapport, so skipped: {}.",
                        import.skipped_media.join(", ")
                    ));
                }
                self.status = status;
                if fx
                    .save(Area::Flashcards, Request::ImportAnki(import), notices)
                    .is_some()
                {
                    self.busy = Some("Saving the Anki collection…");
                }
            }
            FileOutcome::Recomputed(result) => {
                self.recompute = None;
                match result {
                    Err(message) => self
                        .status
                        .push(format!("Memory states not updated: {message}")),
                    Ok(changed) => {
                        // A card graded while this ran keeps its newer state; its memory
                        // already comes from the new parameters.
                        let pending: std::collections::HashSet<&str> = self
                            .pending
                            .values()
                            .map(|p| self.cards[p.index].id.as_str())
                            .collect();
                        let fresh: Vec<CardState> = changed
                            .into_iter()
                            .filter_map(|new| {
                                let now = self.states.get(&new.card_id)?;
                                let same = now.reps == new.reps
                                    && now.last_review == new.last_review
                                    && !pending.contains(new.card_id.as_str());
                                same.then(|| CardState {
                                    memory: new.memory,
                                    ..now.clone()
                                })
                            })
                            .collect();
                        if !fresh.is_empty() {
                            fx.save(Area::Flashcards, Request::SetCardStates(fresh), notices);
                        }
                    }
                }
            }
            FileOutcome::Imported(path, Err(message)) => {
                self.import_report = None;
                self.status = vec![format!("Nothing imported from {path}: {message}")]
            }
            FileOutcome::Imported(path, Ok(report)) => {
                let n = report.cards.len();
                let bad = report.bad_rows.len();
                self.status = vec![format!(
                    "{path}: {} read, {} could not be read{}",
                    count(n, "card"),
                    count(bad, "row"),
                    if n > 0 { "; saving…" } else { "" }
                )];
                if n > 0 {
                    let request = Request::AddOwnCards(report.cards.clone());
                    fx.save(Area::Flashcards, request, notices);
                }
                self.import_report = Some(report);
            }
            FileOutcome::Written(..) => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_card_index_finds_every_card_and_only_those() {
        let pack = crate::content::load_with_folders(&[]).pack;
        let mut cards = all_cards(&pack);
        let index = CardIndex::build(&cards);
        for (i, card) in cards.iter().enumerate() {
            assert_eq!(index.get(&cards, &card.id), Some(i), "{}", card.id);
        }
        assert_eq!(index.get(&cards, "card:nowhere"), None);
        // Cards added after it was built are not found until it is built again.
        let mut extra = cards[0].clone();
        extra.id = "own:x".into();
        cards.push(extra);
        assert_eq!(index.get(&cards, "own:x"), None);
        assert_eq!(
            CardIndex::build(&cards).get(&cards, "own:x"),
            Some(cards.len() - 1)
        );
    }
}
