//! Typo-tolerant word lookup: a trigram index over the vocabulary. A query word's candidates are
//! the words that share enough of its trigrams (q-gram count filter) and have a close length;
//! only those are checked with the edit distance (strsim's optimal string alignment: a swap of two
//! neighbouring letters is one typo), so a lookup reads a few posting
//! lists instead of the whole vocabulary.

use rustc_hash::FxHashMap;

/// Trigrams of vocabulary words, each with the words that contain it.
#[derive(Debug, Default)]
pub struct TypoIndex {
    grams: FxHashMap<u64, Vec<u32>>,
    /// Each word's text, by the position it was added in.
    words: Vec<(u32, Box<str>)>,
}

/// Packs three characters (21 bits each) into one key.
fn key(a: char, b: char, c: char) -> u64 {
    (u64::from(a as u32) << 42) | (u64::from(b as u32) << 21) | u64::from(c as u32)
}

/// The distinct trigrams of `word` padded with one start and one end marker: as many trigrams as
/// characters (before removing repeats).
fn trigrams(word: &str, out: &mut Vec<u64>) {
    out.clear();
    let chars: Vec<char> = std::iter::once('\u{2}')
        .chain(word.chars())
        .chain(std::iter::once('\u{3}'))
        .collect();
    out.extend(chars.windows(3).map(|w| key(w[0], w[1], w[2])));
    out.sort_unstable();
    out.dedup();
}

impl TypoIndex {
    /// Adds a vocabulary word with its term id; each word once.
    pub fn insert(&mut self, term: u32, text: &str) {
        let slot = self.words.len() as u32;
        self.words.push((term, text.into()));
        let mut grams = Vec::new();
        trigrams(text, &mut grams);
        for g in grams {
            self.grams.entry(g).or_default().push(slot);
        }
    }

    /// Every word within `max` edits of `query`, as (term id, distance).
    pub fn within(&self, query: &str, max: usize, out: &mut Vec<(u32, usize)>) {
        let mut grams = Vec::new();
        trigrams(query, &mut grams);
        let len = query.chars().count();
        // One edit changes at most three trigrams of the query, so a match shares `need` of them
        // (a swap of neighbours may change four: such a word is missed when it shares only
        // `need - 1`, which is rare and keeps the filter as tight as for other typos).
        // Too short a query for that filter (never so under the typo budget) is checked against
        // every word.
        let Some(need) = grams.len().checked_sub(3 * max).filter(|&n| n > 0) else {
            for (term, word) in &self.words {
                if word.chars().count().abs_diff(len) <= max {
                    let d = strsim::osa_distance(word, query);
                    if d <= max {
                        out.push((*term, d));
                    }
                }
            }
            return;
        };
        // Shared trigrams per word, counted in an array (a few bytes per vocabulary word).
        let mut counts = vec![0u8; self.words.len()];
        let mut shared = Vec::new();
        for g in &grams {
            if let Some(slots) = self.grams.get(g) {
                for &slot in slots {
                    let count = &mut counts[slot as usize];
                    *count = count.saturating_add(1);
                    if usize::from(*count) == need {
                        shared.push(slot);
                    }
                }
            }
        }
        for slot in shared {
            let (term, word) = &self.words[slot as usize];
            if word.chars().count().abs_diff(len) > max {
                continue;
            }
            let d = strsim::osa_distance(word, query);
            if d <= max {
                out.push((*term, d));
            }
        }
    }

    /// Heap bytes held (for memory reports).
    pub fn heap_bytes(&self) -> usize {
        self.grams.capacity() * (8 + 24 + 1)
            + self.grams.values().map(|v| v.capacity() * 4).sum::<usize>()
            + self.words.capacity() * 24
            + self.words.iter().map(|w| w.1.len()).sum::<usize>()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sorted(mut v: Vec<(u32, usize)>) -> Vec<(u32, usize)> {
        v.sort_unstable();
        v
    }

    #[test]
    fn finds_words_within_the_distance_only() {
        let words = [
            "kubernetes",
            "kubectl",
            "serverless",
            "server",
            "resilient",
            "helm",
        ];
        let mut index = TypoIndex::default();
        for (i, w) in words.iter().enumerate() {
            index.insert(i as u32, w);
        }
        let mut out = Vec::new();
        index.within("kubernets", 1, &mut out);
        assert_eq!(out, [(0, 1)]);
        out.clear();
        index.within("servr", 1, &mut out);
        assert_eq!(out, [(3, 1)]);
        out.clear();
        index.within("xyzzy", 2, &mut out);
        assert!(out.is_empty());
    }

    #[test]
    fn agrees_with_a_full_scan() {
        let mut words: Vec<String> = (0..400)
            .map(|i| format!("w{}x{}", i % 37, i * 7 % 101))
            .collect();
        words.extend(
            [
                "conference",
                "confluence",
                "reference",
                "kubernetes",
                "éàü",
                "ab",
            ]
            .map(String::from),
        );
        let mut index = TypoIndex::default();
        for (i, w) in words.iter().enumerate() {
            index.insert(i as u32, w);
        }
        for query in [
            "w3x21",
            "w12x7",
            "x5",
            "w36x100",
            "crnference",
            "kuberntes",
            "eau",
            "ba",
        ] {
            for max in 1..=2 {
                let mut got = Vec::new();
                index.within(query, max, &mut got);
                let want: Vec<(u32, usize)> = words
                    .iter()
                    .enumerate()
                    .map(|(i, w)| (i as u32, strsim::osa_distance(w, query)))
                    .filter(|&(_, d)| d <= max)
                    .collect();
                assert_eq!(sorted(got), want, "{query} within {max}");
            }
        }
    }
}
