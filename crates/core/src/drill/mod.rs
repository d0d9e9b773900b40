//! Classroom drills: a tutor picks scenarios by unit, criterion and question type, in an order
//! drawn from a seed that is shown (so the same drill can be run again next week), and steps a
//! class through each scenario on a projector.
//!
//! Nothing here reads the clock: every call that depends on time takes `now` (seconds, from any
//! fixed origin), so the stage machine and the countdown are tested without sleeping.

pub mod handout;
pub mod item;
pub mod run;

#[cfg(test)]
mod tests;

use std::collections::BTreeSet;

use rand::SeedableRng;
use rand::rngs::StdRng;
use rand::seq::SliceRandom;
use serde::{Deserialize, Serialize};

use crate::content::Pack;

pub use item::{DrillItem, MisconceptionNote};
pub use run::{Countdown, Drill, Place, Position, Stage, TimerView};

/// The question types a drill can be limited to (declared with the types themselves).
pub use crate::content::QuestionKind;

pub use crate::content::CriterionRef;

pub const MAX_TEAMS: usize = 9;
pub const DEFAULT_DISCUSSION_SECONDS: u32 = 90;
pub const DEFAULT_WARNING_SECONDS: u32 = 10;

/// Everything needed to run the same drill again. Empty filters mean "any".
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct DrillSetup {
    pub name: String,
    pub units: Vec<String>,
    pub criteria: Vec<CriterionRef>,
    pub kinds: Vec<QuestionKind>,
    pub count: usize,
    /// Length of the discussion countdown; 0 leaves the stage out.
    pub discussion_seconds: u32,
    /// The countdown warns (colour and text) for its last this-many seconds.
    pub warning_seconds: u32,
    /// Team names in order; number key n awards team n. Empty for a drill without teams.
    pub teams: Vec<String>,
    pub seed: u64,
}

impl Default for DrillSetup {
    fn default() -> Self {
        Self {
            name: String::new(),
            units: Vec::new(),
            criteria: Vec::new(),
            kinds: Vec::new(),
            count: 5,
            discussion_seconds: DEFAULT_DISCUSSION_SECONDS,
            warning_seconds: DEFAULT_WARNING_SECONDS,
            teams: Vec::new(),
            seed: 1,
        }
    }
}

/// A seed short enough for a tutor to read off the screen and type in again.
pub fn fresh_seed() -> u64 {
    rand::random_range(1000..1_000_000)
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SetupError {
    /// Saved setups can name units that a later content pack no longer has.
    UnknownUnits(Vec<String>),
    NoCount,
    TooManyTeams(usize),
    BlankTeamName(usize),
    DuplicateTeam(String),
    /// No scenario passes the filters.
    NothingMatches,
}

impl std::fmt::Display for SetupError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SetupError::UnknownUnits(ids) => write!(
                f,
                "the loaded content has no unit {}; untick it or load the content pack it came from",
                ids.join(", ")
            ),
            SetupError::NoCount => write!(f, "choose at least one scenario"),
            SetupError::TooManyTeams(n) => write!(
                f,
                "{n} teams: at most {MAX_TEAMS}, one for each number key 1 to 9"
            ),
            SetupError::BlankTeamName(i) => write!(f, "team {} has no name", i + 1),
            SetupError::DuplicateTeam(name) => write!(f, "two teams are called {name}"),
            SetupError::NothingMatches => write!(
                f,
                "no scenario matches these units, criteria and question types; widen the choice"
            ),
        }
    }
}

/// Which scenarios a setup picks, in drill order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Selection {
    pub ids: Vec<String>,
    /// How many scenarios matched the filters before the count was applied.
    pub matching: usize,
}

impl DrillSetup {
    pub fn check(&self, pack: &Pack) -> Result<(), SetupError> {
        let unknown: Vec<String> = self
            .units
            .iter()
            .chain(self.criteria.iter().map(|c| &c.unit))
            .filter(|u| pack.unit(u).is_none())
            .cloned()
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect();
        if !unknown.is_empty() {
            return Err(SetupError::UnknownUnits(unknown));
        }
        if self.count == 0 {
            return Err(SetupError::NoCount);
        }
        if self.teams.len() > MAX_TEAMS {
            return Err(SetupError::TooManyTeams(self.teams.len()));
        }
        let mut seen = BTreeSet::new();
        for (i, team) in self.teams.iter().enumerate() {
            let name = team.trim();
            if name.is_empty() {
                return Err(SetupError::BlankTeamName(i));
            }
            if !seen.insert(name.to_lowercase()) {
                return Err(SetupError::DuplicateTeam(name.to_owned()));
            }
        }
        Ok(())
    }

    /// The scenarios of the drill: those passing every filter, shuffled by the seed, the first
    /// `count` of them. The same setup and content give the same drill.
    pub fn select(&self, pack: &Pack) -> Result<Selection, SetupError> {
        self.check(pack)?;
        let mut ids: Vec<&str> = pack
            .scenarios
            .iter()
            .map(|s| &s.scenario)
            .filter(|s| self.units.is_empty() || self.units.contains(&s.unit))
            .filter(|s| {
                self.criteria.is_empty()
                    || self
                        .criteria
                        .iter()
                        .any(|c| c.unit == s.unit && s.criteria.contains(&c.number))
            })
            .filter(|s| self.kinds.is_empty() || self.kinds.contains(&s.question.kind()))
            .map(|s| s.id.as_str())
            .collect();
        if ids.is_empty() {
            return Err(SetupError::NothingMatches);
        }
        // Sorted first so that the order in which packs were loaded does not change the drill.
        ids.sort_unstable();
        ids.dedup();
        let matching = ids.len();
        ids.shuffle(&mut StdRng::seed_from_u64(self.seed));
        ids.truncate(self.count);
        Ok(Selection {
            ids: ids.into_iter().map(str::to_owned).collect(),
            matching,
        })
    }

    /// The drill ready to present.
    pub fn prepare(&self, pack: &Pack) -> Result<(Drill, Selection), SetupError> {
        let selection = self.select(pack)?;
        // Options are shuffled from the same seed, so the answer letters match the handout.
        let mut rng = StdRng::seed_from_u64(self.seed.wrapping_add(1));
        let items = selection
            .ids
            .iter()
            .filter_map(|id| pack.scenario(id))
            .map(|s| DrillItem::prepare(&s.scenario, pack, &mut rng))
            .collect();
        Ok((Drill::new(self.clone(), items), selection))
    }

    /// The team names as shown: trimmed.
    pub fn team_names(&self) -> Vec<String> {
        self.teams.iter().map(|t| t.trim().to_owned()).collect()
    }
}
