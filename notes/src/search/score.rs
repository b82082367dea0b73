//! First-stage scoring: BM25 over the postings of the query words, and the share of the
//! query each talk covers.

use super::index::TalkIndex;
use super::query::QueryWord;
use super::tuning::*;

/// Per-talk accumulators reused between queries on one thread (no 2 × 8 bytes × talks to zero
/// and fault in for every query). Entries are reset as they are read, so a finished query leaves
/// them zero; `clean` is false while a query runs, so one that panicked leaves them to be wiped.
#[derive(Default)]
pub(super) struct Scratch {
    pub(super) acc: Vec<[f32; 2]>,
    pub(super) best: Vec<[f32; 2]>,
    pub(super) clean: bool,
}

impl Scratch {
    fn prepare(&mut self, n: usize) {
        if !self.clean {
            self.acc.clear();
            self.best.clear();
        }
        if self.acc.len() < n {
            self.acc.resize(n, [0.0; 2]);
            self.best.resize(n, [0.0; 2]);
        }
        self.clean = false;
    }
}

thread_local! {
    static SCRATCH: std::cell::RefCell<Scratch> = std::cell::RefCell::new(Scratch::default());
}

/// A talk's score for the current query, before re-ranking.
#[derive(Debug, Clone, Copy)]
pub(super) struct Scored {
    pub(super) doc: u32,
    pub(super) score: f32,
    pub(super) coverage: f32,
}

impl TalkIndex {
    /// Scores every talk that matches at least one query word; keeps those that may cover enough
    /// of the query (`NAMED_COVERAGE`; the re-ranking asks `MIN_COVERAGE` of a talk not named).
    pub(super) fn score(&self, words: &[QueryWord]) -> Vec<Scored> {
        SCRATCH.with(|cell| match cell.try_borrow_mut() {
            Ok(mut scratch) => self.score_with(words, &mut scratch),
            Err(_) => self.score_with(words, &mut Scratch::default()),
        })
    }

    pub(super) fn score_with(&self, words: &[QueryWord], scratch: &mut Scratch) -> Vec<Scored> {
        let n = self.doc_count();
        scratch.prepare(n);
        // Per talk: (score, covered weight) for the query, and (best value, best quality) for
        // the current word (a word counts once, through its best-matching candidate).
        let Scratch { acc, best, .. } = scratch;
        let mut touched: Vec<u32> = Vec::new();
        let mut word_touched: Vec<u32> = Vec::new();
        // A word found in nearly every talk ("conference" in notes full of "Conference link")
        // adds next to nothing to any score or coverage next to the query's rarest word: its
        // long posting list is skipped (the MaxScore idea).
        let heaviest = words.iter().map(|w| w.weight).fold(0.0f32, f32::max);
        for word in words {
            for c in &word.candidates {
                let list = self.postings(c.term);
                let idf = self.idf(list.len());
                if idf < NEGLIGIBLE * heaviest {
                    continue;
                }
                let idf = idf * c.quality * (K1 + 1.0);
                for p in list {
                    let d = p.doc as usize;
                    let v = idf * p.tf / (p.tf + self.doc_norm(d));
                    let b = &mut best[d];
                    if b[1] == 0.0 {
                        word_touched.push(p.doc);
                    }
                    b[0] = b[0].max(v);
                    // A word seen only in link addresses (tf < 1) covers the query word weakly.
                    b[1] = b[1].max(c.quality * p.tf.min(1.0));
                }
            }
            for &doc in &word_touched {
                let d = doc as usize;
                if acc[d][1] == 0.0 {
                    touched.push(doc);
                }
                let b = std::mem::take(&mut best[d]);
                acc[d][0] += b[0];
                acc[d][1] += b[1] * word.weight;
            }
            word_touched.clear();
        }
        let total: f32 = words.iter().map(|w| w.weight).sum();
        let scored = touched
            .into_iter()
            .filter_map(|doc| {
                let d = doc as usize;
                let coverage = if total > 0.0 { acc[d][1] / total } else { 0.0 };
                let value = acc[d][0];
                acc[d] = [0.0; 2];
                (coverage >= NAMED_COVERAGE).then_some(Scored {
                    doc,
                    score: value * coverage * coverage,
                    coverage,
                })
            })
            .collect();
        scratch.clean = true;
        scored
    }
}
