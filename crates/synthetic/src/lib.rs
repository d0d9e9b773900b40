//! A large synthetic pack and a year of learner history, for scale tests and benchmarks.
//!
//! A centre may load every unit of several qualifications; a learner may use the app daily for a
//! year. Nothing real is that big yet, so this makes it: units, decks and scenarios written with
//! the real content types (so the loader validates them as it would a tutor's pack) and a store
//! filled by the real scheduler and the real store code. Everything is seeded, so two runs make
//! the same files and every benchmark measures the same thing.

pub mod cards;
mod history;
pub mod ops;
mod pack;

pub use history::{HistorySummary, card_states_json, write_store};
pub use pack::{GeneratedPack, generate, write_pack};

/// How much to make.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Size {
    pub units: usize,
    /// Flashcards of the pack in all: those generated from the units plus authored decks.
    pub cards: usize,
    pub scenarios: usize,
    pub reviews: usize,
    pub answers: usize,
}

impl Size {
    /// What issue 7 asks the app to stand up to: a centre's pack and a year of daily use.
    pub const LARGE: Size = Size {
        units: 100,
        cards: 20_000,
        scenarios: 2_000,
        reviews: 200_000,
        answers: 5_000,
    };

    /// [`Size::LARGE`] `n` times over (every count multiplied), for measuring how a cost grows
    /// with the pack: the benches run 1x, 2x and 4x.
    pub const fn large_times(n: usize) -> Size {
        let l = Size::LARGE;
        Size {
            units: l.units * n,
            cards: l.cards * n,
            scenarios: l.scenarios * n,
            reviews: l.reviews * n,
            answers: l.answers * n,
        }
    }
}

/// A seeded generator (rand's `StdRng`), so that every run makes the same data.
pub struct Rng(rand::rngs::StdRng);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(rand::SeedableRng::seed_from_u64(seed))
    }

    /// A number below `n` (0 when `n` is 0).
    pub fn below(&mut self, n: u64) -> u64 {
        rand::Rng::random_range(&mut self.0, 0..n.max(1))
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }
}

#[cfg(test)]
mod tests;
