//! Which talks come next: every talk once before any repeats, in notes order or a fixed
//! shuffle per round.

use rand_xoshiro::rand_core::{Rng, SeedableRng};
use rand_xoshiro::SplitMix64;
use serde::{Deserialize, Serialize};
use std::collections::HashSet;

use super::state::{DigestState, STATE_VERSION};

/// In which order talks come.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Order {
    /// The order of the notes.
    #[default]
    Notes,
    /// A fixed shuffle (same seed, same order), a new one each round.
    Shuffled,
}

/// The next `count` talks of the rotation among `talks` (stable keys, in notes order), and the
/// state after showing them. Every talk is shown once before any repeats; talks added to the
/// notes join the current round, removed ones leave it.
pub fn next_talks(
    talks: &[String],
    state: &DigestState,
    count: usize,
    order: Order,
    seed: u64,
) -> (Vec<String>, DigestState) {
    let mut state = state.clone();
    state.version = STATE_VERSION;
    let present: HashSet<&String> = talks.iter().collect();
    state.shown.retain(|key| present.contains(key));
    let mut picked = Vec::new();
    // Two talks with one key would make the round never end: count distinct keys.
    let distinct: HashSet<&String> = talks.iter().collect();
    let count = count.min(distinct.len());
    while picked.len() < count {
        let shown: HashSet<&String> = state.shown.iter().collect();
        let next = ordered(talks, order, seed, state.round)
            .into_iter()
            .find(|key| !shown.contains(key) && !picked.contains(key));
        match next {
            Some(key) => {
                state.shown.push(key.clone());
                picked.push(key);
            }
            None => {
                // Everything was shown: a new round starts.
                state.shown.clear();
                state.round += 1;
            }
        }
    }
    (picked, state)
}

/// `talks` in the order of this round.
fn ordered(talks: &[String], order: Order, seed: u64, round: u32) -> Vec<String> {
    let mut list = talks.to_vec();
    if order == Order::Shuffled {
        // Fisher–Yates, deterministic for a seed and round. SplitMix64 and the plain modulo
        // (not a uniform range) keep the order that earlier state files were written with.
        let mut rng =
            SplitMix64::seed_from_u64(seed ^ u64::from(round).wrapping_mul(0x9E37_79B9_7F4A_7C15));
        for i in (1..list.len()).rev() {
            let bound = u64::try_from(i + 1).unwrap_or(u64::MAX);
            let j = usize::try_from(rng.next_u64() % bound).unwrap_or(0);
            list.swap(i, j);
        }
    }
    list
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(names: &[&str]) -> Vec<String> {
        names.iter().map(|n| n.to_string()).collect()
    }

    #[test]
    fn every_talk_once_before_any_repeats() {
        let talks = keys(&["a", "b", "c"]);
        for order in [Order::Notes, Order::Shuffled] {
            let mut state = DigestState::default();
            let mut seen = Vec::new();
            for _ in 0..3 {
                let (picked, next) = next_talks(&talks, &state, 1, order, 42);
                seen.extend(picked);
                state = next;
            }
            let mut sorted = seen.clone();
            sorted.sort();
            assert_eq!(sorted, talks, "{order:?}: {seen:?}");
            let (again, state) = next_talks(&talks, &state, 2, order, 42);
            assert_eq!(again.len(), 2);
            assert_eq!(state.round, 1);
        }
        let (first, _) = next_talks(&talks, &DigestState::default(), 2, Order::Notes, 0);
        assert_eq!(first, keys(&["a", "b"]));
    }

    #[test]
    fn reloads_add_and_remove_talks() {
        let (_, state) = next_talks(
            &keys(&["a", "b", "c"]),
            &DigestState::default(),
            2,
            Order::Notes,
            0,
        );
        // "b" was removed from the notes and "d" added: "c" and "d" are still to come.
        let (picked, state) = next_talks(&keys(&["a", "c", "d"]), &state, 2, Order::Notes, 0);
        assert_eq!(picked, keys(&["c", "d"]));
        assert_eq!(state.shown, keys(&["a", "c", "d"]));
    }

    #[test]
    fn the_shuffle_of_a_seed_and_round_never_changes() {
        // Orders computed by the generator the rotation used before: state files written then
        // go on with the same order.
        let talks = keys(&["a", "b", "c", "d", "e", "f", "g", "h"]);
        let order = |seed, round| ordered(&talks, Order::Shuffled, seed, round);
        assert_eq!(
            order(42, 0),
            keys(&["d", "b", "g", "c", "e", "a", "h", "f"])
        );
        assert_eq!(
            order(42, 1),
            keys(&["h", "e", "b", "c", "f", "g", "a", "d"])
        );
        assert_eq!(order(7, 0), keys(&["b", "e", "f", "c", "g", "a", "d", "h"]));
        assert_eq!(ordered(&talks, Order::Notes, 42, 3), talks);
    }

    #[test]
    fn repeated_keys_do_not_loop_forever() {
        let talks = keys(&["a", "a", "b"]);
        let (picked, _) = next_talks(&talks, &DigestState::default(), 5, Order::Notes, 0);
        assert_eq!(picked, keys(&["a", "b"]));
    }
}
