//! As-you-type choices (Discord autocomplete): talks whose titles match what was typed.

use super::index::TalkIndex;
use super::normalize::tokenize;
use super::query::QueryWord;
use super::score::Scored;
use super::tuning::MAX_QUERY_BYTES;
use super::{Completion, TalkRef};
use crate::text::{cut_chars, within_bytes};

/// Longest autocomplete choice name, in characters (Discord's limit).
pub(super) const MAX_NAME_CHARS: usize = 100;

/// Most titles an autocomplete reads to complete an unfinished last word.
pub(super) const MAX_TITLES_READ: usize = 500;

/// Most title entries an autocomplete walk reads.
pub(super) const MAX_TITLE_SCAN: usize = 20_000;

/// Most autocomplete choices (Discord's limit).
pub(super) const MAX_CHOICES: usize = 25;

impl TalkIndex {
    /// As-you-type choices for `prefix` (the last word may be unfinished): talks whose title
    /// matches every word, or when none does, the talks whose text does; at most `limit` (≤ 25),
    /// names ≤ 100 characters.
    pub fn suggest(&self, prefix: &str, limit: usize) -> Vec<Completion> {
        let limit = limit.min(MAX_CHOICES);
        let prefix = within_bytes(prefix, MAX_QUERY_BYTES);
        let words = self.parse_query(prefix, true);
        let mut out: Vec<Completion> = Vec::with_capacity(limit);
        if words.is_empty() {
            out.extend(
                self.docs()
                    .iter()
                    .take(limit)
                    .filter_map(|&r| self.completion(r)),
            );
            return out;
        }
        // Titles first: talks whose title matches every word. Each word's vocabulary candidates
        // are walked best first (rarest word, fewest edits); the word with the shortest title
        // lists drives, the others are checked by binary search. The walk stops early once it
        // has plenty of choices, since an as-you-type list needs good choices, fast.
        let lists: Vec<Vec<(f32, &[u32])>> = words
            .iter()
            .map(|w| {
                let mut v: Vec<(f32, &[u32])> = w
                    .candidates
                    .iter()
                    .map(|c| {
                        let value = self.idf(self.df(c.term)) * c.quality;
                        (value, self.title_postings(c.term))
                    })
                    .filter(|(_, l)| !l.is_empty())
                    .collect();
                v.sort_by(|a, b| b.0.total_cmp(&a.0));
                v
            })
            .collect();
        let driver = (0..lists.len())
            .min_by_key(|&i| lists[i].iter().map(|l| l.1.len()).sum::<usize>())
            .unwrap_or(0);
        let mut found: Vec<(f32, u32)> = Vec::new();
        let mut taken = rustc_hash::FxHashSet::default();
        let mut scanned = 0usize;
        'walk: for &(value, list) in lists.get(driver).map_or(&[][..], Vec::as_slice) {
            'walk_doc: for &doc in list {
                scanned += 1;
                if found.len() >= limit * 4 || scanned > MAX_TITLE_SCAN {
                    break 'walk;
                }
                if taken.contains(&doc) {
                    continue;
                }
                let mut total = value;
                for (wi, others) in lists.iter().enumerate() {
                    if wi == driver {
                        continue;
                    }
                    match others.iter().find(|(_, l)| l.binary_search(&doc).is_ok()) {
                        Some((v, _)) => total += v,
                        None => continue 'walk_doc,
                    }
                }
                taken.insert(doc);
                found.push((total, doc));
            }
            if found.len() >= limit {
                break;
            }
        }
        if found.len() < limit && words.len() >= 2 {
            self.complete_last_word(prefix, &words, &lists, limit, &mut taken, &mut found);
        }
        found.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        out.extend(
            found
                .iter()
                .take(limit)
                .filter_map(|&(_, doc)| self.completion(self.doc_ref(doc))),
        );
        if out.is_empty() {
            // No title fits: the talks whose text does, by score alone (no snippets to cut).
            let mut scored = self.score(&words);
            let by_score =
                |a: &Scored, b: &Scored| b.score.total_cmp(&a.score).then(a.doc.cmp(&b.doc));
            if scored.len() > limit && limit > 0 {
                scored.select_nth_unstable_by(limit - 1, by_score);
                scored.truncate(limit);
            }
            scored.sort_unstable_by(by_score);
            out.extend(
                scored
                    .iter()
                    .take(limit)
                    .filter_map(|s| self.completion(self.doc_ref(s.doc))),
            );
        }
        out
    }

    /// Autocomplete for an unfinished last word whose frequent completions missed: reads the
    /// titles that match the other words and keeps those with a word that starts like it.
    pub(super) fn complete_last_word(
        &self,
        prefix: &str,
        words: &[QueryWord],
        lists: &[Vec<(f32, &[u32])>],
        limit: usize,
        taken: &mut rustc_hash::FxHashSet<u32>,
        found: &mut Vec<(f32, u32)>,
    ) {
        let Some((last, others)) = words.split_last() else {
            return;
        };
        if !prefix.chars().last().is_some_and(char::is_alphanumeric) {
            return;
        }
        let plain = super::normalize::fold(&prefix[last.start..last.end]);
        let others = &lists[..others.len()];
        let Some(driver) =
            (0..others.len()).min_by_key(|&i| others[i].iter().map(|l| l.1.len()).sum::<usize>())
        else {
            return;
        };
        let mut read = 0usize;
        'walk: for &(value, list) in &others[driver] {
            'doc: for &doc in list {
                if found.len() >= limit || read >= MAX_TITLES_READ {
                    break 'walk;
                }
                if taken.contains(&doc) {
                    continue;
                }
                let mut total = value;
                for (wi, other) in others.iter().enumerate() {
                    if wi != driver {
                        match other.iter().find(|(_, l)| l.binary_search(&doc).is_ok()) {
                            Some((v, _)) => total += v,
                            None => continue 'doc,
                        }
                    }
                }
                read += 1;
                let Some((_, talk)) = self.talk(self.doc_ref(doc)) else {
                    continue;
                };
                let mut starts = false;
                tokenize(&talk.title, |tok| starts |= tok.term.starts_with(&plain));
                if starts {
                    taken.insert(doc);
                    found.push((total, doc));
                }
            }
        }
    }

    pub(super) fn completion(&self, r: TalkRef) -> Option<Completion> {
        let (_, talk) = self.talk(r)?;
        let title = talk.title.trim();
        let name = if title.is_empty() { &talk.slug } else { title };
        let name = if name.is_empty() { "(untitled)" } else { name };
        Some(Completion {
            talk: r,
            name: cut_chars(name, MAX_NAME_CHARS),
        })
    }
}
