//! Scheduling with FSRS, plus the learning steps that FSRS leaves to the application: new and
//! lapsed cards are shown again after minutes until they graduate to day intervals.
//!
//! Everything here is a pure function of the card's state, the grade and the clock, so that a
//! grade can be computed in the frame, saved by the store thread and undone exactly.

use fsrs::{FSRS, MemoryState, NextStates};

use super::fuzz::{self, DueLoad};
use serde::{Deserialize, Serialize};

pub const DAY: i64 = 86_400;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Hash)]
pub enum Phase {
    New,
    Learning,
    Review,
    Relearning,
}

impl Phase {
    pub fn code(self) -> i64 {
        match self {
            Phase::New => 0,
            Phase::Learning => 1,
            Phase::Review => 2,
            Phase::Relearning => 3,
        }
    }

    pub fn from_code(code: i64) -> Option<Phase> {
        [
            Phase::New,
            Phase::Learning,
            Phase::Review,
            Phase::Relearning,
        ]
        .into_iter()
        .find(|p| p.code() == code)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Grade {
    Again,
    Hard,
    Good,
    Easy,
}

impl Grade {
    pub const ALL: [Grade; 4] = [Grade::Again, Grade::Hard, Grade::Good, Grade::Easy];

    /// FSRS's rating, which is also Anki's button number.
    pub fn rating(self) -> u32 {
        match self {
            Grade::Again => 1,
            Grade::Hard => 2,
            Grade::Good => 3,
            Grade::Easy => 4,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Grade::Again => "Again",
            Grade::Hard => "Hard",
            Grade::Good => "Good",
            Grade::Easy => "Easy",
        }
    }
}

/// What the store keeps per card the learner has seen. A card with no state is new.
#[derive(Debug, Clone, PartialEq)]
pub struct CardState {
    pub card_id: String,
    pub phase: Phase,
    /// Index into the learning or relearning steps while in those phases.
    pub step: u32,
    /// FSRS memory state; `None` until the first grade.
    pub memory: Option<(f32, f32)>,
    /// Unix seconds when the card is next due.
    pub due: i64,
    pub last_review: Option<i64>,
    pub reps: u32,
    pub lapses: u32,
    pub suspended: bool,
    /// Unix seconds until which the card is hidden (buried until tomorrow).
    pub buried_until: Option<i64>,
}

impl CardState {
    pub fn new(card_id: &str) -> CardState {
        CardState {
            card_id: card_id.to_owned(),
            phase: Phase::New,
            step: 0,
            memory: None,
            due: 0,
            last_review: None,
            reps: 0,
            lapses: 0,
            suspended: false,
            buried_until: None,
        }
    }

    pub fn stability(&self) -> Option<f32> {
        self.memory.map(|m| m.0)
    }
}

/// One line of the review log, as later statistics and the optimiser read it.
#[derive(Debug, Clone, PartialEq)]
pub struct ReviewEntry {
    /// Milliseconds since the epoch; unique per learner, as in Anki's revlog.
    pub id: i64,
    pub card_id: String,
    pub reviewed_at: i64,
    pub grade: u32,
    /// The interval scheduled by this review, in days (fractions for learning steps).
    pub interval_days: f32,
    pub stability: f32,
    pub difficulty: f32,
    pub phase_before: Phase,
    pub duration_ms: u32,
}

/// The learner's scheduling settings, kept in the store.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Settings {
    pub desired_retention: f32,
    pub new_per_day: u32,
    pub reviews_per_day: u32,
    /// Minutes between showings of a new card before it graduates.
    pub learning_steps: Vec<u32>,
    /// Minutes between showings of a forgotten review card.
    pub relearning_steps: Vec<u32>,
    pub maximum_interval_days: u32,
    /// FSRS parameters; empty means fsrs's defaults.
    pub parameters: Vec<f32>,
    /// Hour of the local day at which "today" starts, as in Anki (late-night study counts for
    /// the day before).
    pub day_starts_at_hour: u32,
    /// Spread day intervals over a few days around the computed one (and learning steps by up
    /// to a quarter, at most 5 minutes), seeded per card and review as Anki does, so that cards
    /// learnt together do not stay due together. On in Anki, where it cannot be turned off.
    pub fuzz: bool,
    /// Within the fuzz range, prefer days with fewer reviews due (Anki's load balancer, on by
    /// default there). Needs fuzz.
    pub load_balance: bool,
    /// Keep a new card's siblings (its reverse, the other deletions of its cloze note) out of
    /// study for the rest of the day once one of them is studied or queued, as Anki's "bury new
    /// siblings" does.
    pub bury_new_siblings: bool,
    /// The same for review cards (Anki's "bury review siblings").
    pub bury_review_siblings: bool,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            desired_retention: 0.9,
            new_per_day: 20,
            reviews_per_day: 200,
            learning_steps: vec![1, 10],
            relearning_steps: vec![10],
            maximum_interval_days: 36_500,
            parameters: Vec::new(),
            day_starts_at_hour: 4,
            fuzz: true,
            load_balance: true,
            bury_new_siblings: true,
            bury_review_siblings: true,
        }
    }
}

impl Settings {
    /// Values a learner could have typed that make no sense, each as a sentence.
    pub fn problems(&self) -> Vec<String> {
        let mut out = Vec::new();
        if !(0.7..=0.99).contains(&self.desired_retention) {
            out.push(format!(
                "desired retention {:.2} is outside 0.70 to 0.99",
                self.desired_retention
            ));
        }
        if self.learning_steps.contains(&0) || self.relearning_steps.contains(&0) {
            out.push("learning steps must be at least 1 minute".to_owned());
        }
        if self.maximum_interval_days == 0 {
            out.push("the maximum interval must be at least 1 day".to_owned());
        }
        if self.day_starts_at_hour > 23 {
            out.push("the day must start at an hour from 0 to 23".to_owned());
        }
        if !self.parameters.is_empty() && FSRS::new(&self.parameters).is_err() {
            out.push("the saved FSRS parameters are not valid".to_owned());
        }
        out
    }
}

/// The time, and where the learner's day begins.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Clock {
    pub now: i64,
    /// The local time zone's offset from UTC in seconds, east positive.
    pub utc_offset: i64,
    pub day_starts_at_hour: u32,
}

impl Clock {
    pub fn local_now(day_starts_at_hour: u32) -> Clock {
        let now = chrono::Local::now();
        Clock {
            now: now.timestamp(),
            utc_offset: i64::from(now.offset().local_minus_utc()),
            day_starts_at_hour,
        }
    }

    pub fn at(self, now: i64) -> Clock {
        Clock { now, ..self }
    }

    fn shift(&self) -> i64 {
        self.utc_offset - i64::from(self.day_starts_at_hour) * 3600
    }

    /// The learner's day number of a moment.
    pub fn day_of(&self, t: i64) -> i64 {
        (t + self.shift()).div_euclid(DAY)
    }

    pub fn today(&self) -> i64 {
        self.day_of(self.now)
    }

    /// Whole days from `t` to the start of tomorrow, less one: the days since `t` as Anki counts
    /// them for FSRS (`next_day_at.elapsed_days_since(t)`). The same as `today - day_of(t)`
    /// except for a moment exactly at the start of a day, which Anki counts in the day before.
    pub fn days_since(&self, t: i64) -> i64 {
        (self.day_start(self.today() + 1) - t)
            .div_euclid(DAY)
            .max(0)
    }

    /// When day `day` begins, in Unix seconds.
    pub fn day_start(&self, day: i64) -> i64 {
        day * DAY - self.shift()
    }
}

/// What one grade would do to a card.
#[derive(Debug, Clone, PartialEq)]
pub struct Outcome {
    pub grade: Grade,
    pub state: CardState,
    /// Seconds until the card is due again.
    pub interval_secs: i64,
    pub memory: MemoryState,
}

pub struct Scheduler {
    fsrs: FSRS,
    pub settings: Settings,
    /// Review cards due per day, for the load balancer; the app keeps it up to date
    /// (`DueLoad::change` after each saved grade). Empty means no day is busier than another.
    pub load: DueLoad,
}

/// Anki's learning steps (`rslib/src/scheduler/states/steps.rs`), in seconds.
struct Steps<'a>(&'a [u32]);

impl Steps<'_> {
    fn secs(&self, i: usize) -> Option<u32> {
        self.0.get(i).map(|m| m.saturating_mul(60))
    }

    fn index(&self, step: u32) -> usize {
        (step as usize).min(self.0.len().saturating_sub(1))
    }

    /// Hard stays on the step; on the first, halfway to the next (or half as long again, at
    /// most a day more), rounded to whole days past a day.
    fn hard_secs(&self, step: u32) -> Option<u32> {
        let idx = self.index(step);
        let current = self.secs(idx).or_else(|| self.secs(0))?;
        Some(if idx > 0 {
            current
        } else if let Some(next) = self.secs(1) {
            round_in_days(current.saturating_add(next) / 2)
        } else {
            round_in_days((current.saturating_mul(3) / 2).min(current.saturating_add(DAY as u32)))
        })
    }
}

fn round_in_days(secs: u32) -> u32 {
    let day = DAY as u32;
    if secs > day {
        ((secs as f32 / day as f32).round() as u32).saturating_mul(day)
    } else {
        secs
    }
}

/// Where a grade sends a card: a learning step in seconds, or a number of days.
enum Next {
    Step { phase: Phase, step: u32, secs: u32 },
    Days(u32),
}

/// What one scheduling decision needs besides the card: the fuzz seed and the day load.
struct Ctx<'a> {
    seed: Option<u64>,
    fuzz: Option<f32>,
    load: Option<(&'a DueLoad, i64)>,
    maximum: u32,
}

impl Ctx<'_> {
    fn bounds(&self, minimum: u32) -> (u32, u32) {
        let maximum = self.maximum.max(1);
        (minimum.clamp(1, maximum), maximum)
    }

    /// Anki's `with_review_fuzz`: the load balancer's day if it has one, else the fuzzed day.
    fn fuzzed(&self, interval: f32, minimum: u32) -> u32 {
        let (minimum, maximum) = self.bounds(minimum);
        if let (Some((load, today)), Some(seed)) = (self.load, self.seed)
            && let Some(days) = load.find_interval(today, interval, minimum, maximum, seed)
        {
            return days;
        }
        match self.fuzz {
            Some(factor) => {
                let (lower, upper) = fuzz::constrained_fuzz_bounds(interval, minimum, maximum);
                (lower as f32 + factor * ((1 + upper - lower) as f32)).floor() as u32
            }
            None => (interval.round() as u32).clamp(minimum, maximum),
        }
    }

    /// A graduating or relearnt card: the interval rounded to a whole day, then fuzzed.
    fn graduate(&self, interval: f32) -> u32 {
        self.fuzzed(interval.round().max(1.0), 1)
    }

    /// Easy out of (re)learning: at least a day past what Good would give.
    fn graduate_easy(&self, good: f32, easy: f32) -> u32 {
        let good_days = self.fuzzed(good, 1);
        self.fuzzed(easy.round().max(1.0), good_days + 1)
    }
}

impl Scheduler {
    /// Falls back to fsrs's default parameters if the saved ones are unusable, and says so.
    pub fn new(settings: Settings) -> (Scheduler, Option<String>) {
        match FSRS::new(&settings.parameters) {
            Ok(fsrs) => (
                Scheduler {
                    fsrs,
                    settings,
                    load: DueLoad::default(),
                },
                None,
            ),
            Err(e) => {
                let mut settings = settings;
                settings.parameters.clear();
                (
                    Scheduler {
                        fsrs: FSRS::default(),
                        settings,
                        load: DueLoad::default(),
                    },
                    Some(format!(
                        "Your saved FSRS parameters could not be used ({e:?}); the defaults are used instead."
                    )),
                )
            }
        }
    }

    pub fn fsrs(&self) -> &FSRS {
        &self.fsrs
    }

    /// The forgetting curve's decay for these parameters.
    pub fn decay(&self) -> f32 {
        decay_of(&self.settings.parameters)
    }

    /// FSRS's own intervals for the four grades, before Anki's rules, from the card's memory
    /// and the days since its last review.
    pub fn next_states(&self, state: &CardState, clock: &Clock) -> NextStates {
        let memory = state.memory.map(|(s, d)| MemoryState {
            stability: s,
            difficulty: d,
        });
        let elapsed = state
            .last_review
            .map_or(0, |last| clock.days_since(last) as u32);
        self.fsrs
            .next_states(memory, self.settings.desired_retention, elapsed)
            // Only non-finite input makes fsrs fail; start the memory again rather than stall.
            .or_else(|_| {
                self.fsrs
                    .next_states(None, self.settings.desired_retention, 0)
            })
            .expect("fsrs schedules a new card")
    }

    /// Whether FSRS may keep a card in short-term (same-day) steps when it has none: Anki's
    /// rule, for parameters that model same-day reviews.
    fn short_term_allowed(&self) -> bool {
        let p = &self.settings.parameters;
        p.is_empty() || (p.len() >= 19 && p[17] > 0.0 && p[18] > 0.0)
    }

    /// What each of the four grades would do, for the buttons' labels and for grading.
    ///
    /// The rules are Anki's (`rslib/src/scheduler/states/`): Hard stays on its learning step,
    /// Good moves on, Easy graduates; a review card's Hard, Good and Easy are each at least a
    /// day more than the one before, and at least the previous interval (plus one when FSRS's
    /// interval grew); fuzz and the load balancer pick the day, seeded per card and review.
    pub fn outcomes(
        &self,
        state: Option<&CardState>,
        card_id: &str,
        clock: &Clock,
    ) -> [Outcome; 4] {
        let fresh = CardState::new(card_id);
        let state = state.unwrap_or(&fresh);
        let next = self.next_states(state, clock);
        let seed = self.settings.fuzz.then(|| fuzz::seed(card_id, state.reps));
        let ctx = Ctx {
            seed,
            fuzz: seed.map(fuzz::fuzz_factor),
            load: (self.settings.load_balance && seed.is_some())
                .then_some((&self.load, clock.today())),
            maximum: self.settings.maximum_interval_days,
        };
        let short_term = self.short_term_allowed();
        let hge = [next.hard.interval, next.good.interval, next.easy.interval];
        let decisions: [Next; 4] = match state.phase {
            Phase::New | Phase::Learning | Phase::Relearning => {
                let (phase, steps) = if state.phase == Phase::Relearning {
                    (Phase::Relearning, Steps(&self.settings.relearning_steps))
                } else {
                    (Phase::Learning, Steps(&self.settings.learning_steps))
                };
                let idx = steps.index(state.step);
                let no_steps = |interval: f32| -> Next {
                    if short_term && steps.0.is_empty() && interval < 0.5 {
                        Next::Step {
                            phase,
                            step: 0,
                            secs: (interval * DAY as f32) as u32,
                        }
                    } else {
                        Next::Days(ctx.graduate(interval))
                    }
                };
                let again = match steps.secs(0) {
                    Some(secs) => Next::Step {
                        phase,
                        step: 0,
                        secs,
                    },
                    None => no_steps(next.again.interval),
                };
                let hard = match steps.hard_secs(state.step) {
                    Some(secs) => Next::Step {
                        phase,
                        step: idx as u32,
                        secs,
                    },
                    None => no_steps(hge[0]),
                };
                let good = match steps.secs(idx + 1) {
                    Some(secs) if !steps.0.is_empty() => Next::Step {
                        phase,
                        step: idx as u32 + 1,
                        secs,
                    },
                    _ => no_steps(hge[1]),
                };
                let easy = Next::Days(ctx.graduate_easy(hge[1], hge[2]));
                [again, hard, good, easy]
            }
            Phase::Review => {
                let again = match Steps(&self.settings.relearning_steps).secs(0) {
                    Some(secs) => Next::Step {
                        phase: Phase::Relearning,
                        step: 0,
                        secs,
                    },
                    None if short_term && next.again.interval < 0.5 => Next::Step {
                        phase: Phase::Relearning,
                        step: 0,
                        secs: (next.again.interval * DAY as f32) as u32,
                    },
                    // In FSRS, fuzz is applied when the card leaves relearning, not here.
                    None => Next::Days(
                        (next.again.interval.round().max(1.0) as u32).min(ctx.maximum.max(1)),
                    ),
                };
                let previous = match state.last_review {
                    Some(last) => (clock.day_of(state.due) - clock.day_of(last)).max(0) as u32,
                    None => 0,
                };
                let minimum =
                    |interval: f32| fuzz::minimum_review_interval(interval, previous, ctx.maximum);
                let hard = ctx.fuzzed(hge[0], minimum(hge[0]).max(1));
                let good = ctx.fuzzed(hge[1], minimum(hge[1]).max(hard + 1));
                let easy = ctx.fuzzed(hge[2], minimum(hge[2]).max(good + 1));
                [again, Next::Days(hard), Next::Days(good), Next::Days(easy)]
            }
        };
        let memories = [
            next.again.memory,
            next.hard.memory,
            next.good.memory,
            next.easy.memory,
        ];
        let mut decisions = decisions.into_iter();
        Grade::ALL.map(|grade| {
            let decision = decisions.next().expect("one decision per grade");
            let m = memories[grade.rating() as usize - 1];
            let mut new_state = state.clone();
            new_state.card_id = card_id.to_owned();
            new_state.memory = Some((m.stability, m.difficulty));
            new_state.last_review = Some(clock.now);
            new_state.reps += 1;
            new_state.buried_until = None;
            if state.phase == Phase::Review && grade == Grade::Again {
                new_state.lapses += 1;
            }
            let interval_secs = match decision {
                Next::Step { phase, step, secs } => {
                    new_state.phase = phase;
                    new_state.step = step;
                    // The due time is fuzzed (as Anki does); the label shows the step itself.
                    new_state.due =
                        clock.now + i64::from(fuzz::learning_secs_with_fuzz(seed, secs));
                    i64::from(secs)
                }
                Next::Days(days) => {
                    new_state.phase = Phase::Review;
                    new_state.step = 0;
                    new_state.due = clock.day_start(clock.today() + i64::from(days));
                    new_state.due - clock.now
                }
            };
            Outcome {
                grade,
                state: new_state,
                interval_secs,
                memory: m,
            }
        })
    }

    /// Grades a card: its new state and the review log entry, both to be saved together.
    pub fn grade(
        &self,
        state: Option<&CardState>,
        card_id: &str,
        grade: Grade,
        clock: &Clock,
        review_id: i64,
        duration_ms: u32,
    ) -> (CardState, ReviewEntry) {
        let outcomes = self.outcomes(state, card_id, clock);
        let outcome = outcomes
            .into_iter()
            .find(|o| o.grade == grade)
            .expect("one outcome per grade");
        let entry = ReviewEntry {
            id: review_id,
            card_id: card_id.to_owned(),
            reviewed_at: clock.now,
            grade: grade.rating(),
            interval_days: outcome.interval_secs as f32 / DAY as f32,
            stability: outcome.memory.stability,
            difficulty: outcome.memory.difficulty,
            phase_before: state.map_or(Phase::New, |s| s.phase),
            duration_ms,
        };
        (outcome.state, entry)
    }
}

/// The forgetting curve's decay (FSRS-6's last parameter) of a parameter list.
pub fn decay_of(parameters: &[f32]) -> f32 {
    fsrs::check_and_fill_parameters(parameters)
        .ok()
        .and_then(|p| p.get(20).copied())
        .unwrap_or(fsrs::FSRS6_DEFAULT_DECAY)
}

/// A short label for an interval, as on Anki's buttons: `1m`, `10m`, `3d`, `2.5mo`, `1.2y`.
pub fn interval_label(secs: i64) -> String {
    let secs = secs.max(0) as f64;
    let minutes = secs / 60.0;
    let days = secs / DAY as f64;
    if minutes < 1.0 {
        "<1m".to_owned()
    } else if minutes < 60.0 {
        format!("{}m", minutes.round())
    } else if days < 1.0 {
        format!("{}h", (minutes / 60.0).round())
    } else if days < 30.0 {
        format!("{}d", days.round())
    } else if days < 365.0 {
        format!("{:.1}mo", days / 30.0)
    } else {
        format!("{:.1}y", days / 365.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn clock(now: i64) -> Clock {
        Clock {
            now,
            utc_offset: 0,
            day_starts_at_hour: 4,
        }
    }

    /// Without fuzz, so the tests can name exact intervals.
    fn sched() -> Scheduler {
        Scheduler::new(Settings {
            fuzz: false,
            ..Settings::default()
        })
        .0
    }

    fn days(o: &Outcome, c: &Clock) -> i64 {
        c.day_of(o.state.due) - c.today()
    }

    /// Issue 21: Good was only required to be at least Hard, so a card asked again on the day
    /// it graduated got Good = Hard; Anki makes Good at least a day more, and Easy a day more
    /// than Good.
    #[test]
    fn good_is_a_day_past_hard_and_easy_a_day_past_good() {
        let s = sched();
        let c = clock(10 * DAY + 3600 * 12);
        let (st, _) = s.grade(None, "c", Grade::Good, &c, 1, 0);
        let c2 = c.at(st.due);
        let (graduated, _) = s.grade(Some(&st), "c", Grade::Good, &c2, 2, 0);
        assert_eq!(graduated.phase, Phase::Review);
        // Asked again the same day: FSRS gives Hard and Good about the same interval.
        let c3 = c2.at(c2.now + 600);
        let o = s.outcomes(Some(&graduated), "c", &c3);
        let (hard, good, easy) = (days(&o[1], &c3), days(&o[2], &c3), days(&o[3], &c3));
        assert!(good > hard && easy > good, "{hard} {good} {easy}");
        let previous = c3.day_of(graduated.due) - c3.day_of(graduated.last_review.unwrap());
        assert!(
            hard >= previous,
            "never below the previous interval: {hard} < {previous}"
        );
    }

    #[test]
    fn the_previous_interval_is_a_floor_within_the_fuzz_range() {
        use super::super::fuzz::minimum_review_interval as min;
        assert_eq!(min(15.0, 12, 36_500), 13, "grown: one more than before");
        assert_eq!(min(10.0, 12, 36_500), 12, "close below: kept");
        assert_eq!(min(5.0, 30, 36_500), 0, "shrunk well below: no floor");
    }

    #[test]
    fn fuzz_is_reproducible_per_card_and_review_and_spreads_cards() {
        let fuzzy = Scheduler::new(Settings::default()).0;
        let c = clock(400 * DAY);
        let mut state = CardState::new("c");
        state.phase = Phase::Review;
        state.memory = Some((40.0, 5.0));
        state.last_review = Some(c.now - 40 * DAY);
        state.due = c.day_start(c.today());
        state.reps = 6;
        let a = fuzzy.outcomes(Some(&state), "card:one", &c);
        let b = fuzzy.outcomes(Some(&state), "card:one", &c);
        assert_eq!(a, b, "same card, same review: same days");
        let plain = sched().outcomes(Some(&state), "card:one", &c);
        let mut good_days = std::collections::BTreeSet::new();
        for n in 0..40 {
            let o = fuzzy.outcomes(Some(&state), &format!("card:{n}"), &c);
            let d = days(&o[2], &c);
            let p = days(&plain[2], &c);
            let (lower, upper) = super::super::fuzz::constrained_fuzz_bounds(p as f32, 1, 36_500);
            assert!(
                (i64::from(lower) - 1..=i64::from(upper) + 1).contains(&d),
                "{d} outside {lower}..={upper}"
            );
            good_days.insert(d);
        }
        assert!(
            good_days.len() >= 4,
            "cards learnt together spread out: {good_days:?}"
        );
    }

    #[test]
    fn a_new_card_walks_the_learning_steps_then_graduates() {
        let s = sched();
        let c = clock(1_000_000);
        let (st, log) = s.grade(None, "c", Grade::Good, &c, 1, 0);
        assert_eq!(st.phase, Phase::Learning);
        assert_eq!(st.due - c.now, 600, "second step is 10 minutes");
        assert_eq!(log.phase_before, Phase::New);
        let c2 = c.at(st.due);
        let (st2, _) = s.grade(Some(&st), "c", Grade::Good, &c2, 2, 0);
        assert_eq!(st2.phase, Phase::Review);
        assert!(st2.due > c2.now + 12 * 3600, "graduates to at least a day");
        let (again, _) = s.grade(Some(&st), "c", Grade::Again, &c2, 3, 0);
        assert_eq!(
            (again.phase, again.step, again.due - c2.now),
            (Phase::Learning, 0, 60)
        );
    }

    #[test]
    fn hard_on_the_first_step_waits_halfway_to_the_second() {
        let o = sched().outcomes(None, "c", &clock(0));
        assert_eq!(o[1].interval_secs, (60 + 600) / 2);
        assert_eq!(o[0].interval_secs, 60);
        assert_eq!(o[3].state.phase, Phase::Review, "Easy skips the steps");
    }

    #[test]
    fn a_lapse_enters_relearning_and_counts() {
        let s = sched();
        let c = clock(10 * DAY);
        let (st, _) = s.grade(None, "c", Grade::Easy, &c, 1, 0);
        let later = c.at(st.due + 3600);
        let (lapsed, log) = s.grade(Some(&st), "c", Grade::Again, &later, 2, 0);
        assert_eq!(lapsed.phase, Phase::Relearning);
        assert_eq!(lapsed.lapses, 1);
        assert_eq!(log.phase_before, Phase::Review);
        assert!(lapsed.stability().unwrap() < st.stability().unwrap());
    }

    #[test]
    fn review_intervals_grow_with_retention_lowered_and_never_invert() {
        let c = clock(10 * DAY);
        let strict = Settings {
            desired_retention: 0.97,
            ..Settings::default()
        };
        let loose = Settings {
            desired_retention: 0.8,
            ..Settings::default()
        };
        let (a, _) = Scheduler::new(strict)
            .0
            .grade(None, "c", Grade::Easy, &c, 1, 0);
        let strict_o = Scheduler::new(Settings {
            desired_retention: 0.97,
            ..Settings::default()
        })
        .0
        .outcomes(Some(&a), "c", &c.at(a.due));
        let loose_o = Scheduler::new(loose)
            .0
            .outcomes(Some(&a), "c", &c.at(a.due));
        assert!(loose_o[2].interval_secs > strict_o[2].interval_secs);
        for o in [&strict_o, &loose_o] {
            assert!(o[1].interval_secs <= o[2].interval_secs);
            assert!(o[2].interval_secs < o[3].interval_secs);
        }
    }

    #[test]
    fn the_day_starts_at_the_rollover_hour_in_local_time() {
        let c = Clock {
            now: 0,
            utc_offset: 3600,
            day_starts_at_hour: 4,
        };
        // 02:59 UTC is 03:59 local: still yesterday. 03:00 UTC is 04:00 local: a new day.
        assert_eq!(c.day_of(2 * 3600 + 59 * 60), -1);
        assert_eq!(c.day_of(3 * 3600), 0);
        assert_eq!(c.day_start(0), 3 * 3600);
    }

    #[test]
    fn interval_labels_read_like_ankis() {
        assert_eq!(interval_label(30), "<1m");
        assert_eq!(interval_label(600), "10m");
        assert_eq!(interval_label(3 * DAY), "3d");
        assert_eq!(interval_label(75 * DAY), "2.5mo");
        assert_eq!(interval_label(730 * DAY), "2.0y");
    }

    #[test]
    fn impossible_settings_are_named() {
        let bad = Settings {
            desired_retention: 0.2,
            learning_steps: vec![0],
            ..Settings::default()
        };
        let p = bad.problems();
        assert_eq!(p.len(), 2, "{p:?}");
        assert!(Settings::default().problems().is_empty());
    }
}
