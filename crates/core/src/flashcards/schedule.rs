//! Scheduling with FSRS, plus the learning steps that FSRS leaves to the application: new and
//! lapsed cards are shown again after minutes until they graduate to day intervals.
//!
//! Everything here is a pure function of the card's state, the grade and the clock, so that a
//! grade can be computed in the frame, saved by the store thread and undone exactly.

use fsrs::{FSRS, MemoryState, NextStates};
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
}

impl Scheduler {
    /// Falls back to fsrs's default parameters if the saved ones are unusable, and says so.
    pub fn new(settings: Settings) -> (Scheduler, Option<String>) {
        match FSRS::new(&settings.parameters) {
            Ok(fsrs) => (Scheduler { fsrs, settings }, None),
            Err(e) => {
                let mut settings = settings;
                settings.parameters.clear();
                (
                    Scheduler {
                        fsrs: FSRS::default(),
                        settings,
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

    fn next_states(&self, state: &CardState, clock: &Clock) -> NextStates {
        let memory = state.memory.map(|(s, d)| MemoryState {
            stability: s,
            difficulty: d,
        });
        let elapsed = state
            .last_review
            .map_or(0, |last| (clock.today() - clock.day_of(last)).max(0) as u32);
        self.fsrs
            .next_states(memory, self.settings.desired_retention, elapsed)
            // Only non-finite input makes fsrs fail; start the memory again rather than stall.
            .or_else(|_| {
                self.fsrs
                    .next_states(None, self.settings.desired_retention, 0)
            })
            .expect("fsrs schedules a new card")
    }

    /// What each of the four grades would do, for the buttons' labels and for grading.
    pub fn outcomes(
        &self,
        state: Option<&CardState>,
        card_id: &str,
        clock: &Clock,
    ) -> [Outcome; 4] {
        let fresh = CardState::new(card_id);
        let state = state.unwrap_or(&fresh);
        let next = self.next_states(state, clock);
        let max_days = self.settings.maximum_interval_days.max(1) as f32;
        let days = |interval: f32| interval.round().clamp(1.0, max_days) as i64;
        // Day intervals never invert: Hard <= Good < Easy, as Anki keeps them.
        let hard_days = days(next.hard.interval);
        let good_days = days(next.good.interval).max(hard_days);
        let easy_days = days(next.easy.interval).max(good_days + 1);
        let again_days = days(next.again.interval);
        let day_count = |g: Grade| match g {
            Grade::Again => again_days,
            Grade::Hard => hard_days,
            Grade::Good => good_days,
            Grade::Easy => easy_days,
        };
        let memory = |g: Grade| match g {
            Grade::Again => next.again.memory,
            Grade::Hard => next.hard.memory,
            Grade::Good => next.good.memory,
            Grade::Easy => next.easy.memory,
        };
        Grade::ALL.map(|grade| {
            let steps = match state.phase {
                Phase::New | Phase::Learning => &self.settings.learning_steps,
                Phase::Review | Phase::Relearning => &self.settings.relearning_steps,
            };
            let step_mins = |i: usize| i64::from(steps[i]) * 60;
            // (phase, step, seconds) for a card still in steps; None to (re)enter day intervals.
            let in_steps: Option<(Phase, u32, i64)> = match (state.phase, grade) {
                (Phase::Review, Grade::Again) if !steps.is_empty() => {
                    Some((Phase::Relearning, 0, step_mins(0)))
                }
                (Phase::Review, _) => None,
                (_, Grade::Easy) => None,
                (phase, g) if !steps.is_empty() => {
                    let learning = if phase == Phase::New {
                        Phase::Learning
                    } else {
                        phase
                    };
                    let step = (state.step as usize).min(steps.len() - 1);
                    match g {
                        Grade::Again => Some((learning, 0, step_mins(0))),
                        Grade::Hard => {
                            // Anki's rule: on the first step, Hard waits halfway to the next one.
                            let secs = if step == 0 && steps.len() > 1 {
                                (step_mins(0) + step_mins(1)) / 2
                            } else if step == 0 {
                                step_mins(0) * 3 / 2
                            } else {
                                step_mins(step)
                            };
                            Some((learning, step as u32, secs))
                        }
                        _ if step + 1 < steps.len() => {
                            Some((learning, step as u32 + 1, step_mins(step + 1)))
                        }
                        _ => None,
                    }
                }
                _ => None,
            };
            let mut new_state = state.clone();
            new_state.card_id = card_id.to_owned();
            let m = memory(grade);
            new_state.memory = Some((m.stability, m.difficulty));
            new_state.last_review = Some(clock.now);
            new_state.reps += 1;
            new_state.buried_until = None;
            if state.phase == Phase::Review && grade == Grade::Again {
                new_state.lapses += 1;
            }
            let interval_secs = match in_steps {
                Some((phase, step, secs)) => {
                    new_state.phase = phase;
                    new_state.step = step;
                    new_state.due = clock.now + secs;
                    secs
                }
                None => {
                    let d = if state.phase == Phase::Relearning && grade == Grade::Again {
                        again_days
                    } else {
                        day_count(grade)
                    };
                    new_state.phase = Phase::Review;
                    new_state.step = 0;
                    new_state.due = clock.day_start(clock.today() + d);
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

    fn sched() -> Scheduler {
        Scheduler::new(Settings::default()).0
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
