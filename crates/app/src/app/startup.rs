//! Everything read from disk before the app opens, so that no frame waits for it, and the
//! interface state kept between runs. Opening is in two parts: [`Startup`] (content, store,
//! records, flashcard schedule: enough for the units, flashcards and scenarios) and then
//! [`Later`] (readiness links, search index), which the loading thread sends once the app is
//! already open.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use serde::{Deserialize, Serialize};

use super::command::{Page, ThemeChoice};
use super::flashcards::state::FlashcardsState;
use super::notices::Notice;
use super::opening::{Phase, PhaseClock};
use super::{FlashData, PracticeRecords};
use crate::content::{self, Loaded};
use crate::search::SearchIndex;
use crate::store::development::DevelopmentData;
use crate::store::{SavedDrill, SectionProgress, Store};

pub const PREFS_KEY: &str = "rapport.ui";
pub const MIN_ZOOM: f32 = 0.5;
/// How often eframe writes the interface state (page, theme, zoom, window) in the background.
pub(super) const PREFS_SAVE_INTERVAL: std::time::Duration = std::time::Duration::from_secs(5);
pub const MAX_ZOOM: f32 = 3.0;

/// Interface state kept between runs (window size is kept by eframe itself).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct UiPrefs {
    pub page: Page,
    pub theme: ThemeChoice,
    pub zoom: f32,
    /// What the Scenarios menu had chosen (by unit, by criterion, test length).
    pub practice: super::scenarios::state::MenuChoice,
    /// The classroom drill's setup page as last left, its shuffle number included.
    pub drill: crate::drill::DrillSetup,
}

impl Default for UiPrefs {
    fn default() -> Self {
        Self {
            page: Page::Units,
            theme: ThemeChoice::System,
            zoom: 1.0,
            practice: Default::default(),
            drill: Default::default(),
        }
    }
}

impl UiPrefs {
    /// The state to start with. A first start (somewhere to keep state, and nothing kept yet)
    /// opens "Start here"; without storage (tests, a read-only profile) nothing marks a first
    /// start, so the units open as before.
    pub fn first(has_storage: bool, stored: Option<UiPrefs>) -> UiPrefs {
        match stored {
            Some(prefs) => prefs,
            None if has_storage => UiPrefs {
                page: Page::Welcome,
                ..UiPrefs::default()
            },
            None => UiPrefs::default(),
        }
    }
}

/// Everything read from disk before the app opens, so that no frame waits for it.
pub struct Startup {
    /// Shared with the loading thread, which goes on to build the [`Later`] part from it.
    pub loaded: Arc<Loaded>,
    pub store: Option<Store>,
    pub progress: SectionProgress,
    pub development: DevelopmentData,
    pub data_dir: PathBuf,
    pub notices: Vec<Notice>,
    pub flash: FlashData,
    /// Scenario attempts and weak spots.
    pub practice: PracticeRecords,
    pub saved_drills: Vec<SavedDrill>,
    /// The exam date set per unit (exam readiness).
    pub exam_dates: crate::store::readiness::ExamDates,
    /// Where drill handouts are exported unless the tutor types another folder.
    pub export_dir: PathBuf,
    /// Every flashcard: the pack's, then the learner's own.
    pub cards: Vec<crate::flashcards::Card>,
    /// The later part, when it was prepared with the rest ([`Startup::prepare`]); `None` from
    /// [`Startup::prepare_early`], as the loading thread sends it after the app has opened.
    pub later: Option<Later>,
    /// How long each step of opening took, in order (the later part's too once it is here).
    pub phases: Vec<(Phase, Duration)>,
}

/// What the app needs only for exam readiness, the drill's "Weakest criteria" and search: built
/// after the app has opened (on the same loading thread) and merged into it; those pages say
/// they are still preparing until then.
pub struct Later {
    /// Which cards, scenarios and marking points each criterion has (exam readiness).
    pub links: crate::readiness::Links,
    pub index: SearchIndex,
    /// How long each of its steps took, in order.
    pub phases: Vec<(Phase, Duration)>,
}

impl Later {
    /// Builds the later part from the pack and the card list the app has (the pack's cards,
    /// then the learner's own), telling `report` as each phase starts.
    pub fn prepare(
        pack: &crate::content::Pack,
        cards: &[crate::flashcards::Card],
        report: &dyn Fn(Phase),
    ) -> Later {
        let mut clock = PhaseClock::new(report);
        clock.start(Phase::Readiness);
        let links = crate::readiness::Links::build(pack, cards);
        clock.start(Phase::SearchIndex);
        let index = SearchIndex::build(pack);
        Later {
            links,
            index,
            phases: clock.finish(),
        }
    }
}

/// Something of the later part, as the app has it.
#[derive(Debug, Default)]
pub enum Pending<T> {
    /// Still being built on the loading thread: the page says so.
    #[default]
    Preparing,
    Ready(T),
    /// The loading thread ended without it (an internal error, its message on stderr).
    Failed,
}

impl<T> Pending<T> {
    pub fn ready(&self) -> Option<&T> {
        match self {
            Pending::Ready(t) => Some(t),
            _ => None,
        }
    }
}

/// What the loading thread keeps to build the [`Later`] part once the [`Startup`] is sent.
pub struct LaterInput {
    loaded: Arc<Loaded>,
    own: Vec<crate::flashcards::anki::OwnCard>,
}

impl LaterInput {
    /// The card list is made again from the pack and the learner's own cards (the app has the
    /// first one, and may change it): it is the same list, in the same order, so the links'
    /// card indexes match the app's.
    pub fn prepare(self, report: &dyn Fn(Phase)) -> Later {
        let cards = FlashcardsState::cards_of(&self.loaded.pack, &self.own);
        Later::prepare(&self.loaded.pack, &cards, report)
    }
}

impl Startup {
    /// Loads the built-in pack, `content_dirs` and `<data_dir>/content` (if present), and
    /// opens the learner's store in `data_dir`; then builds the later part too.
    pub fn prepare(content_dirs: &[PathBuf], data_dir: &Path) -> Startup {
        Self::prepare_with(content_dirs, data_dir, &|_| {})
    }

    /// `prepare`, telling `report` as each phase starts.
    pub fn prepare_with(
        content_dirs: &[PathBuf],
        data_dir: &Path,
        report: &dyn Fn(Phase),
    ) -> Startup {
        let mut startup = Self::prepare_early(content_dirs, data_dir, report);
        let later = Later::prepare(&startup.loaded.pack, &startup.cards, report);
        startup.phases.extend(later.phases.iter().copied());
        startup.later = Some(later);
        startup
    }

    /// What the loading thread needs to build the later part after this is sent to the app.
    pub fn later_input(&self) -> LaterInput {
        LaterInput {
            loaded: Arc::clone(&self.loaded),
            own: self.flash.own.clone(),
        }
    }

    /// The part of opening the app waits for ([`Phase::EARLY`]): content, store, records and
    /// the flashcard schedule with its queue index, enough to show the first due card. The
    /// later part is left out (`later` is `None`).
    pub fn prepare_early(
        content_dirs: &[PathBuf],
        data_dir: &Path,
        report: &dyn Fn(Phase),
    ) -> Startup {
        let mut clock = PhaseClock::new(report);
        clock.start(Phase::Content);
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
        let mut exam_dates = Default::default();
        // The pack's cards depend on the content alone: they are made on a helper thread while
        // the store and the records are read (if it cannot start, they are made after).
        let (store, pack_cards) = std::thread::scope(|scope| {
            let helper = std::thread::Builder::new()
                .name("rapport-cards".into())
                .spawn_scoped(scope, || crate::flashcards::all_cards(&loaded.pack))
                .ok();
            clock.start(Phase::Store);
            let store = match Store::open(data_dir) {
                Ok((store, notice)) => {
                    clock.start(Phase::Records);
                    if let Some(notice) = notice {
                        notices.push(Notice::warning(notice.to_string()));
                    }
                    match store.section_progress() {
                        Ok(p) => progress = p,
                        Err(e) => notices
                            .push(Notice::error(format!("Could not read your progress: {e}"))),
                    }
                    match store.development() {
                        Ok(d) => development = d,
                        Err(e) => notices.push(Notice::error(format!(
                            "Could not read your self-assessments and plan: {e}"
                        ))),
                    }
                    clock.start(Phase::FlashcardHistory);
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
                    match store.exam_dates() {
                        Ok(d) => exam_dates = d,
                        Err(e) => notices.push(Notice::error(format!(
                            "Could not read your exam dates: {e}"
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
            let cards = match helper {
                Some(helper) => helper
                    .join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
                None => crate::flashcards::all_cards(&loaded.pack),
            };
            (store, cards)
        });
        let export_dir = directories::UserDirs::new()
            .and_then(|u| u.document_dir().map(Path::to_path_buf))
            .unwrap_or_else(|| data_dir.to_path_buf());
        // Still the flashcard schedule: the card list and the queue's index of it.
        let cards = FlashcardsState::with_own_cards(pack_cards, &flash.own);
        flash.queue_index = Some(crate::flashcards::queue::QueueIndex::new(
            &cards,
            &flash.states,
        ));
        let phases = clock.finish();
        Startup {
            loaded: Arc::new(loaded),
            store,
            progress,
            development,
            data_dir: data_dir.to_path_buf(),
            notices,
            flash,
            practice,
            saved_drills,
            exam_dates,
            export_dir,
            cards,
            later: None,
            phases,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_first_start_with_storage_opens_start_here() {
        assert_eq!(UiPrefs::first(true, None).page, Page::Welcome);
        assert_eq!(UiPrefs::first(false, None).page, Page::Units);
        let kept = UiPrefs {
            page: Page::Flashcards,
            ..UiPrefs::default()
        };
        assert_eq!(UiPrefs::first(true, Some(kept)).page, Page::Flashcards);
    }
}
