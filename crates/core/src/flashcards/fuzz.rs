//! Anki's fuzz and load balancer, ported from its scheduler (`rslib/src/scheduler/states/
//! fuzz.rs` and `load_balancer.rs`, and the seeding in `answering/mod.rs`), so that a card gets
//! the day Anki would give it.
//!
//! The seed is the card's number plus its review count before the grade, as in Anki: the same
//! card graded at the same point of its history always gets the same day. A card imported from
//! Anki (`anki:<card id>`) keeps Anki's card id as its number, so both programs agree; any
//! other card's number is a stable hash of its id.

use std::collections::HashMap;

use rand::distr::Distribution;
use rand::distr::weighted::WeightedIndex;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

use super::schedule::{CardState, Clock, Phase};

/// Anki balances only intervals up to this many days.
pub const MAX_LOAD_BALANCE_INTERVAL: u32 = 90;

/// The card's number for seeding: Anki's card id for a card imported from Anki.
pub fn card_number(card_id: &str) -> u64 {
    if let Some(n) = card_id
        .strip_prefix("anki:")
        .and_then(|n| n.parse::<i64>().ok())
    {
        return n as u64;
    }
    // FNV-1a, written out so the number never changes between Rust releases.
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in card_id.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    // Anki's ids are milliseconds since 1970, well inside i64; keep ours positive too.
    h >> 1
}

/// Anki's seed for a card answered after `reps` earlier answers.
pub fn seed(card_id: &str, reps: u32) -> u64 {
    card_number(card_id).wrapping_add(u64::from(reps))
}

/// A number in `0.0..1.0` that picks the day within the fuzz range.
pub fn fuzz_factor(seed: u64) -> f32 {
    StdRng::seed_from_u64(seed).random_range(0.0..1.0)
}

/// A learning step with fuzz: up to 25% longer, and at most 5 minutes.
pub fn learning_secs_with_fuzz(seed: Option<u64>, secs: u32) -> u32 {
    let Some(seed) = seed else { return secs };
    let upper_exclusive = secs + ((secs as f32) * 0.25).min(300.0).floor() as u32;
    if secs >= upper_exclusive {
        secs
    } else {
        StdRng::seed_from_u64(seed).random_range(secs..upper_exclusive)
    }
}

/// How far either side of `interval` the fuzz may move it.
fn fuzz_delta(interval: f32) -> f32 {
    const RANGES: [(f32, f32, f32); 3] =
        [(2.5, 7.0, 0.15), (7.0, 20.0, 0.1), (20.0, f32::MAX, 0.05)];
    if interval < 2.5 {
        0.0
    } else {
        RANGES.iter().fold(1.0, |delta, (start, end, factor)| {
            delta + factor * (interval.min(*end) - start).max(0.0)
        })
    }
}

fn fuzz_bounds(interval: f32) -> (u32, u32) {
    let delta = fuzz_delta(interval);
    (
        (interval - delta).round() as u32,
        (interval + delta).round() as u32,
    )
}

/// The days the fuzz may choose from, within `minimum..=maximum`.
pub fn constrained_fuzz_bounds(interval: f32, minimum: u32, maximum: u32) -> (u32, u32) {
    let minimum = minimum.min(maximum);
    let interval = interval.clamp(minimum as f32, maximum as f32);
    let (lower, upper) = fuzz_bounds(interval);
    let lower = lower.clamp(minimum, maximum);
    let mut upper = upper.clamp(minimum, maximum);
    if upper == lower && upper > 2 && upper < maximum {
        upper = lower + 1;
    }
    (lower, upper)
}

/// The least a review card's next interval may be: one more than the last when the new one
/// has grown, else the last one while it is within the fuzz range (fuzz never shortens it).
pub fn minimum_review_interval(interval: f32, previous: u32, maximum: u32) -> u32 {
    let rounded = interval.round() as u32;
    let (_, upper) = constrained_fuzz_bounds(interval, 1, maximum);
    if rounded > previous {
        previous + 1
    } else if previous <= upper {
        previous
    } else {
        0
    }
}

/// Review cards due on each day (the day number of `Clock::day_of`), for the load balancer.
/// Anki counts every review card whatever its queue (suspended and buried ones too).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct DueLoad {
    days: HashMap<i64, u32>,
}

impl DueLoad {
    pub fn from_states<'a>(states: impl IntoIterator<Item = &'a CardState>, clock: &Clock) -> Self {
        let mut load = DueLoad::default();
        for s in states {
            load.add(s, clock, 1);
        }
        load
    }

    fn add(&mut self, state: &CardState, clock: &Clock, sign: i32) {
        if state.phase != Phase::Review {
            return;
        }
        let slot = self.days.entry(clock.day_of(state.due)).or_default();
        *slot = slot.saturating_add_signed(sign);
    }

    /// A card's state changed from `before` to `after` (either may be none).
    pub fn change(&mut self, before: Option<&CardState>, after: Option<&CardState>, clock: &Clock) {
        if let Some(b) = before {
            self.add(b, clock, -1);
        }
        if let Some(a) = after {
            self.add(a, clock, 1);
        }
    }

    pub fn on_day(&self, day: i64) -> u32 {
        self.days.get(&day).copied().unwrap_or(0)
    }

    /// Anki's choice of a day in the fuzz range, weighted towards days with fewer reviews due
    /// and towards shorter intervals; `None` for long intervals, which Anki leaves to plain fuzz.
    pub fn find_interval(
        &self,
        today: i64,
        interval: f32,
        minimum: u32,
        maximum: u32,
        seed: u64,
    ) -> Option<u32> {
        if interval as usize > MAX_LOAD_BALANCE_INTERVAL as usize
            || minimum > MAX_LOAD_BALANCE_INTERVAL
        {
            return None;
        }
        let (before, after) = constrained_fuzz_bounds(interval, minimum, maximum);
        let weighted: Vec<(u32, f32)> = (before..=after)
            .map(|days| {
                let weight = match self.on_day(today + i64::from(days)) {
                    0 => 1.0,
                    count => {
                        (1.0 / count as f32).powf(2.15) * (1.0 / days as f32).powi(3)
                        // Anki's sibling and easy-day modifiers are 1.0 with its defaults
                        // (siblings are spread only when burying reviews; no easy days).
                    }
                };
                (days, weight)
            })
            .collect();
        let index = WeightedIndex::new(weighted.iter().map(|w| w.1)).ok()?;
        Some(weighted[index.sample(&mut StdRng::seed_from_u64(seed))].0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fuzzed(factor: f32, interval: f32, minimum: u32, maximum: u32) -> u32 {
        let (lower, upper) = constrained_fuzz_bounds(interval, minimum, maximum);
        (lower as f32 + factor * ((1 + upper - lower) as f32)).floor() as u32
    }

    /// The cases of Anki's own `with_review_fuzz` test.
    #[test]
    fn fuzz_ranges_match_ankis_test() {
        let cases: [(f32, u32, u32, [u32; 3]); 15] = [
            (1.0, 1, 1000, [1, 1, 1]),
            (2.49, 1, 1000, [2, 2, 2]),
            (2.5, 1, 1000, [2, 3, 4]),
            (7.0, 1, 1000, [5, 7, 9]),
            (17.0, 1, 1000, [14, 17, 20]),
            (37.0, 1, 1000, [33, 37, 41]),
            (2.0, 2, 1000, [2, 2, 2]),
            (2.0, 3, 1000, [3, 4, 4]),
            (2.0, 3, 3, [3, 3, 3]),
            (6.9, 3, 1000, [5, 7, 9]),
            (19.9, 3, 1000, [17, 20, 23]),
            (20.1, 3, 1000, [17, 20, 23]),
            (100.0, 101, 1000, [101, 105, 108]),
            (100.0, 1, 99, [92, 96, 99]),
            (100.0, 97, 103, [97, 100, 103]),
        ];
        for (interval, min, max, expected) in cases {
            let got = [0.0, 0.5, 0.99].map(|f| fuzzed(f, interval, min, max));
            assert_eq!(got, expected, "interval {interval} in {min}..={max}");
        }
    }

    #[test]
    fn seeds_are_reproducible_and_anki_ids_are_kept() {
        assert_eq!(card_number("anki:1700000000123"), 1_700_000_000_123);
        assert_eq!(seed("anki:10", 3), 13);
        assert_eq!(fuzz_factor(42), fuzz_factor(42));
        assert!((0.0..1.0).contains(&fuzz_factor(7)));
        assert_ne!(card_number("card:a"), card_number("card:b"));
        let secs = learning_secs_with_fuzz(Some(9), 600);
        assert!((600..750).contains(&secs), "{secs}");
        assert_eq!(learning_secs_with_fuzz(None, 600), 600);
    }

    #[test]
    fn the_load_balancer_prefers_empty_days_and_stays_in_range() {
        let clock = Clock {
            now: 0,
            utc_offset: 0,
            day_starts_at_hour: 0,
        };
        let mut load = DueLoad::default();
        // Days 9..=11 from today are full; the fuzz range of 10 is 8..=12.
        for day in 9..=11 {
            for n in 0..50 {
                let mut s = CardState::new(&format!("c{day}-{n}"));
                s.phase = Phase::Review;
                s.due = clock.day_start(day);
                load.change(None, Some(&s), &clock);
            }
        }
        let mut picks = HashMap::new();
        for seed in 0..200 {
            let d = load.find_interval(0, 10.0, 1, 36_500, seed).unwrap();
            assert!((8..=12).contains(&d), "{d}");
            *picks.entry(d).or_insert(0) += 1;
        }
        assert!(picks.keys().all(|d| *d == 8 || *d == 12), "{picks:?}");
        assert_eq!(load.find_interval(0, 200.0, 1, 36_500, 1), None);
    }
}
