//! Orders in which things are shown to a learner or a class: options, stages, definitions,
//! items and categories. Authors tend to write the right answer first (and stages in their
//! right order), so nothing is shown in the order of the content. Practice and the classroom
//! drill both draw their orders here, from a seeded `rand` generator.

use rand::Rng;
use rand::seq::SliceRandom;

/// A uniformly random order of `0..n`: `order[k]` is the index shown in place `k`. Used where
/// the content order says nothing about the answer by itself (options, items, categories):
/// every place is then equally likely to hold the right option.
pub fn order(n: usize, rng: &mut impl Rng) -> Vec<usize> {
    let mut v: Vec<usize> = (0..n).collect();
    v.shuffle(rng);
    v
}

/// A random order of `0..n` that is never `0, 1, 2, …` (for `n > 1`): for lists whose content
/// order *is* the answer (stages, definitions beside their terms), where showing them unmoved
/// would give it away. Uniform over the other orders.
pub fn order_unlike(n: usize, rng: &mut impl Rng) -> Vec<usize> {
    let mut v: Vec<usize> = (0..n).collect();
    if n < 2 {
        return v;
    }
    // At most half of the orders of two or more things are the identity, so this ends at once
    // in practice; the loop is bounded all the same.
    for _ in 0..64 {
        v.shuffle(rng);
        if !is_identity(&v) {
            return v;
        }
    }
    v.rotate_left(1);
    v
}

/// Applies `order` to `items`: the items as shown.
pub fn apply<T: Clone>(items: &[T], order: &[usize]) -> Vec<T> {
    order.iter().map(|&i| items[i].clone()).collect()
}

fn is_identity(v: &[usize]) -> bool {
    v.iter().enumerate().all(|(i, &x)| i == x)
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;
    use rand::rngs::StdRng;

    #[test]
    fn orders_are_permutations_and_unlike_is_never_the_identity() {
        let mut rng = StdRng::seed_from_u64(7);
        for n in 0..7 {
            for _ in 0..200 {
                let mut a = order(n, &mut rng);
                let mut b = order_unlike(n, &mut rng);
                if n > 1 {
                    assert!(!is_identity(&b), "{b:?}");
                }
                a.sort_unstable();
                b.sort_unstable();
                assert_eq!(a, (0..n).collect::<Vec<_>>());
                assert_eq!(b, (0..n).collect::<Vec<_>>());
            }
        }
    }

    #[test]
    fn every_place_is_equally_likely_to_hold_the_first_item() {
        let mut rng = StdRng::seed_from_u64(3);
        let mut first_at = [0u32; 4];
        for _ in 0..4000 {
            let o = order(4, &mut rng);
            first_at[o.iter().position(|&i| i == 0).unwrap()] += 1;
        }
        // 1000 expected in each place; 850..1150 is more than four standard deviations.
        assert!(
            first_at.iter().all(|&c| (850..1150).contains(&c)),
            "{first_at:?}"
        );
    }
}
