//! The drill as it runs: where the class is, the discussion countdown, the blank screen and
//! the teams' points.

use super::{DrillItem, DrillSetup};

/// What is on screen for one scenario, in the order the tutor steps through them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    /// The situation alone.
    Scenario,
    /// The situation with the countdown running.
    Discussion,
    /// The situation, the prompt and the options.
    Question,
    Answer,
    /// The first `n + 1` marking points are shown.
    MarkingPoint(usize),
    Misconceptions,
}

impl Stage {
    pub fn label(self) -> &'static str {
        match self {
            Stage::Scenario => "Scenario",
            Stage::Discussion => "Discuss",
            Stage::Question => "Question",
            Stage::Answer => "Answer",
            Stage::MarkingPoint(_) => "Marking points",
            Stage::Misconceptions => "Misconceptions",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Position {
    /// Scenario `item`, at `stage` (an index into that scenario's stage list).
    At { item: usize, stage: usize },
    /// After the last scenario: the final ranking.
    Ranking,
}

/// A countdown that can be paused; all times in seconds from the caller's origin.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Countdown {
    total: f64,
    used_before: f64,
    running_since: Option<f64>,
}

impl Countdown {
    pub fn start(total: f64, now: f64) -> Countdown {
        Countdown {
            total,
            used_before: 0.0,
            running_since: Some(now),
        }
    }

    fn used(&self, now: f64) -> f64 {
        self.used_before + self.running_since.map_or(0.0, |t| (now - t).max(0.0))
    }

    pub fn remaining(&self, now: f64) -> f64 {
        (self.total - self.used(now)).max(0.0)
    }

    pub fn paused(&self) -> bool {
        self.running_since.is_none()
    }

    pub fn toggle_pause(&mut self, now: f64) {
        match self.running_since {
            Some(_) => {
                self.used_before = self.used(now);
                self.running_since = None;
            }
            None => self.running_since = Some(now),
        }
    }
}

/// The countdown as the views show it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TimerView {
    /// Whole seconds left, rounded up, so "0" appears only when time is up.
    pub seconds_left: u32,
    pub paused: bool,
    /// In the final seconds.
    pub warning: bool,
    pub over: bool,
}

impl TimerView {
    /// "1:05", as read from the back of the room.
    pub fn clock(&self) -> String {
        format!("{}:{:02}", self.seconds_left / 60, self.seconds_left % 60)
    }
}

/// A team's place in the final ranking; teams with equal points share a place.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Place {
    pub place: usize,
    pub team: String,
    pub points: i64,
}

pub struct Drill {
    pub setup: DrillSetup,
    pub items: Vec<DrillItem>,
    position: Position,
    countdown: Option<Countdown>,
    blank: bool,
    teams: Vec<String>,
    points: Vec<i64>,
}

impl Drill {
    pub fn new(setup: DrillSetup, items: Vec<DrillItem>) -> Drill {
        let teams = setup.team_names();
        let points = vec![0; teams.len()];
        let position = if items.is_empty() {
            Position::Ranking
        } else {
            Position::At { item: 0, stage: 0 }
        };
        Drill {
            setup,
            items,
            position,
            countdown: None,
            blank: false,
            teams,
            points,
        }
    }

    /// The stages of one scenario: the discussion only when it has time, marking points and
    /// misconceptions only when the scenario has some.
    pub fn stages(&self, item: usize) -> Vec<Stage> {
        let Some(it) = self.items.get(item) else {
            return Vec::new();
        };
        let mut stages = vec![Stage::Scenario];
        if self.setup.discussion_seconds > 0 {
            stages.push(Stage::Discussion);
        }
        stages.extend([Stage::Question, Stage::Answer]);
        stages.extend((0..it.marking_points.len()).map(Stage::MarkingPoint));
        if !it.misconceptions.is_empty() {
            stages.push(Stage::Misconceptions);
        }
        stages
    }

    pub fn position(&self) -> Position {
        self.position
    }

    /// The scenario on screen and its stage; `None` on the ranking.
    pub fn current(&self) -> Option<(usize, &DrillItem, Stage)> {
        match self.position {
            Position::At { item, stage } => {
                let st = *self.stages(item).get(stage)?;
                Some((item, self.items.get(item)?, st))
            }
            Position::Ranking => None,
        }
    }

    pub fn stage(&self) -> Option<Stage> {
        self.current().map(|(_, _, s)| s)
    }

    fn go(&mut self, to: Position, now: f64) {
        self.position = to;
        self.countdown = match self.stage() {
            // Coming back to the discussion starts its time again: the class discusses anew.
            Some(Stage::Discussion) => Some(Countdown::start(
                f64::from(self.setup.discussion_seconds),
                now,
            )),
            _ => None,
        };
    }

    /// Takes the screen off blank. Returns whether it was blank: a key pressed on a blank
    /// screen only brings the picture back, as presentation programs do.
    fn unblank(&mut self) -> bool {
        std::mem::replace(&mut self.blank, false)
    }

    pub fn next(&mut self, now: f64) {
        if self.unblank() {
            return;
        }
        let to = match self.position {
            Position::At { item, stage } if stage + 1 < self.stages(item).len() => Position::At {
                item,
                stage: stage + 1,
            },
            Position::At { item, .. } if item + 1 < self.items.len() => Position::At {
                item: item + 1,
                stage: 0,
            },
            _ => Position::Ranking,
        };
        if to != self.position {
            self.go(to, now);
        }
    }

    pub fn previous(&mut self, now: f64) {
        if self.unblank() {
            return;
        }
        let to = match self.position {
            Position::At { item, stage } if stage > 0 => Position::At {
                item,
                stage: stage - 1,
            },
            Position::At { item, .. } if item > 0 => Position::At {
                item: item - 1,
                stage: self.stages(item - 1).len() - 1,
            },
            Position::At { .. } => return,
            Position::Ranking => match self.items.len() {
                0 => return,
                n => Position::At {
                    item: n - 1,
                    stage: self.stages(n - 1).len() - 1,
                },
            },
        };
        self.go(to, now);
    }

    /// Shows the next hidden thing of this scenario: from the situation or the discussion,
    /// the question; then the answer, each marking point and the misconceptions. It never
    /// moves on to another scenario, so pressing it once too often does no harm.
    pub fn reveal(&mut self, now: f64) {
        if self.unblank() {
            return;
        }
        let Position::At { item, stage } = self.position else {
            return;
        };
        let stages = self.stages(item);
        let to = match stages.get(stage) {
            Some(Stage::Scenario | Stage::Discussion) => {
                stages.iter().position(|s| *s == Stage::Question)
            }
            _ if stage + 1 < stages.len() => Some(stage + 1),
            _ => None,
        };
        if let Some(stage) = to {
            self.go(Position::At { item, stage }, now);
        }
    }

    /// Pauses or resumes the countdown; does nothing outside the discussion.
    pub fn toggle_pause(&mut self, now: f64) {
        if let Some(c) = &mut self.countdown {
            c.toggle_pause(now);
        }
    }

    pub fn toggle_blank(&mut self) {
        self.blank = !self.blank;
    }

    pub fn is_blank(&self) -> bool {
        self.blank
    }

    pub fn timer(&self, now: f64) -> Option<TimerView> {
        let c = self.countdown.as_ref()?;
        let left = c.remaining(now);
        let seconds_left = left.ceil() as u32;
        Some(TimerView {
            seconds_left,
            paused: c.paused(),
            warning: left > 0.0 && seconds_left <= self.setup.warning_seconds,
            over: left <= 0.0,
        })
    }

    pub fn teams(&self) -> &[String] {
        &self.teams
    }

    pub fn points(&self) -> &[i64] {
        &self.points
    }

    /// Adds `delta` points to team `team` (0-based). Scores never go below zero, so taking
    /// back a point given by mistake cannot leave a team owing. Returns whether it changed.
    pub fn award(&mut self, team: usize, delta: i64) -> bool {
        let Some(p) = self.points.get_mut(team) else {
            return false;
        };
        let new = (*p + delta).max(0);
        let changed = new != *p;
        *p = new;
        changed
    }

    /// Teams by points, most first; equal points share a place (1, 1, 3) and keep the order
    /// the teams were named in.
    pub fn ranking(&self) -> Vec<Place> {
        let mut order: Vec<usize> = (0..self.teams.len()).collect();
        order.sort_by_key(|&i| std::cmp::Reverse(self.points[i]));
        let mut out: Vec<Place> = Vec::with_capacity(order.len());
        for (rank, &i) in order.iter().enumerate() {
            let place = match out.last() {
                Some(prev) if prev.points == self.points[i] => prev.place,
                _ => rank + 1,
            };
            out.push(Place {
                place,
                team: self.teams[i].clone(),
                points: self.points[i],
            });
        }
        out
    }

    /// "Scenario 2 of 6".
    pub fn progress_label(&self) -> String {
        match self.position {
            Position::At { item, .. } => format!("Scenario {} of {}", item + 1, self.items.len()),
            Position::Ranking => "End of the drill".to_owned(),
        }
    }
}
