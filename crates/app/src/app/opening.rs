//! Opening on a background thread: the phases of `Startup::prepare`, timed and reported as they
//! start, so the window can draw (and say what is happening) while content and the learner's
//! records load. The thread sends the early part (`Startup`) as soon as it is read, so the app
//! opens then, and the later part (`Later`: readiness links, search index) after it.

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::{Receiver, TryRecvError};
use std::time::{Duration, Instant};

use super::startup::{Later, Startup};

/// The steps of opening, in order, as the loading page and `--startup-time` name them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Phase {
    Content,
    Store,
    Records,
    FlashcardHistory,
    Readiness,
    SearchIndex,
}

impl Phase {
    pub const ALL: [Phase; 6] = [
        Phase::Content,
        Phase::Store,
        Phase::Records,
        Phase::FlashcardHistory,
        Phase::Readiness,
        Phase::SearchIndex,
    ];

    /// The phases the app waits for before it opens; the others arrive once it is open.
    pub const EARLY: [Phase; 4] = [
        Phase::Content,
        Phase::Store,
        Phase::Records,
        Phase::FlashcardHistory,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Phase::Content => "Reading the content",
            Phase::Store => "Opening your saved progress",
            Phase::Records => "Reading your progress and plan",
            Phase::FlashcardHistory => "Reading your flashcard schedule",
            Phase::Readiness => "Linking cards to criteria",
            Phase::SearchIndex => "Indexing for search",
        }
    }

    pub(super) fn index(self) -> usize {
        Phase::ALL.iter().position(|p| *p == self).unwrap_or(0)
    }
}

/// Times the phases and tells `report` (the loading page) which one is running.
pub(super) struct PhaseClock<'a> {
    report: &'a dyn Fn(Phase),
    current: Option<(Phase, Instant)>,
    done: Vec<(Phase, Duration)>,
}

impl<'a> PhaseClock<'a> {
    pub(super) fn new(report: &'a dyn Fn(Phase)) -> Self {
        PhaseClock {
            report,
            current: None,
            done: Vec::new(),
        }
    }

    pub(super) fn start(&mut self, phase: Phase) {
        self.close_current();
        (self.report)(phase);
        self.current = Some((phase, Instant::now()));
    }

    /// Ends the running phase and gives every phase's time.
    pub(super) fn finish(mut self) -> Vec<(Phase, Duration)> {
        self.close_current();
        self.done
    }

    fn close_current(&mut self) {
        if let Some((phase, started)) = self.current.take() {
            self.done.push((phase, started.elapsed()));
        }
    }
}

/// Opening in progress on a background thread, so the window can draw while it runs.
pub struct Opening {
    receiver: Receiver<Startup>,
    later: Receiver<Later>,
    /// The index in `Phase::ALL` of the step running now.
    phase: Arc<AtomicUsize>,
    /// A result taken by `wait` before `poll` asked for it.
    waited: Option<Startup>,
    /// The later part, taken by `wait_later` before `poll_later` asked for it.
    waited_later: Option<Later>,
}

/// What the app sees of the later part.
pub enum LaterState {
    Running,
    Done(Box<Later>),
    /// The loading thread ended without it (it panicked, or the early part could not be sent).
    Failed,
}

/// What the loading page sees of an `Opening`.
pub enum OpeningState {
    Running(Phase),
    Done(Box<Startup>),
    /// The loading thread ended without a result (it panicked): nothing can be shown.
    Failed,
}

impl Opening {
    /// Starts `Startup::prepare_early` on its own thread, then the later part.
    pub fn start(content_dirs: Vec<PathBuf>, data_dir: PathBuf) -> std::io::Result<Opening> {
        let (sender, receiver) = std::sync::mpsc::channel();
        let (later_sender, later) = std::sync::mpsc::channel();
        let phase = Arc::new(AtomicUsize::new(0));
        let shared = Arc::clone(&phase);
        std::thread::Builder::new()
            .name("rapport-open".into())
            .spawn(move || {
                let report = |p: Phase| shared.store(p.index(), Ordering::Relaxed);
                let startup = Startup::prepare_early(&content_dirs, &data_dir, &report);
                let input = startup.later_input();
                // The window may have closed meanwhile; then nobody needs the rest either.
                if sender.send(startup).is_err() {
                    return;
                }
                let _ = later_sender.send(input.prepare(&report));
            })?;
        Ok(Opening {
            receiver,
            later,
            phase,
            waited: None,
            waited_later: None,
        })
    }

    /// The later part, once the early part has been taken by `poll`.
    pub fn poll_later(&mut self) -> LaterState {
        if let Some(later) = self.waited_later.take() {
            return LaterState::Done(Box::new(later));
        }
        match self.later.try_recv() {
            Ok(later) => LaterState::Done(Box::new(later)),
            Err(TryRecvError::Empty) => LaterState::Running,
            Err(TryRecvError::Disconnected) => LaterState::Failed,
        }
    }

    /// Blocks until the later part is done; the next `poll_later` gives it. For tests.
    pub fn wait_later(&mut self) {
        if self.waited_later.is_none() {
            self.waited_later = self.later.recv().ok();
        }
    }

    pub fn poll(&mut self) -> OpeningState {
        if let Some(startup) = self.waited.take() {
            return OpeningState::Done(Box::new(startup));
        }
        match self.receiver.try_recv() {
            Ok(startup) => OpeningState::Done(Box::new(startup)),
            Err(TryRecvError::Empty) => {
                let i = self.phase.load(Ordering::Relaxed);
                OpeningState::Running(Phase::EARLY[i.min(Phase::EARLY.len() - 1)])
            }
            Err(TryRecvError::Disconnected) => OpeningState::Failed,
        }
    }

    /// Blocks until opening is done; the next `poll` gives the result. For tests.
    pub fn wait(&mut self) {
        if self.waited.is_none() {
            self.waited = self.receiver.recv().ok();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_early_phases_come_first() {
        assert_eq!(Phase::ALL[..Phase::EARLY.len()], Phase::EARLY);
    }

    #[test]
    fn the_clock_times_every_phase_in_the_order_they_ran() {
        let seen = std::cell::RefCell::new(Vec::new());
        let report = |p: Phase| seen.borrow_mut().push(p);
        let mut clock = PhaseClock::new(&report);
        for phase in Phase::ALL {
            clock.start(phase);
        }
        let times = clock.finish();
        assert_eq!(*seen.borrow(), Phase::ALL.to_vec());
        let order: Vec<Phase> = times.iter().map(|(p, _)| *p).collect();
        assert_eq!(order, Phase::ALL.to_vec());
    }
}
