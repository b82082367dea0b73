//! The passages of the notes with their vectors, and the nearest passages to a question's
//! vector by brute force.
//!
//! Vectors are kept as 8-bit integers with one scale per vector (a quarter of the memory of
//! `f32`, and a quarter of the bytes read per question): a cosine is off by less than 0.01,
//! far below the differences the answers depend on.

use super::background::TOPICS;
use super::client::{Embedder, Kind};
use super::passages::{embedding_text, passages_of, MeaningPassage, PassageKind};
use super::{cache::text_key, cache::VectorCache, EmbedError};
use crate::model::Library;
use crate::search::TalkRef;
use std::collections::HashSet;

/// The passages of a library and their vectors.
#[derive(Debug, Default)]
pub struct MeaningIndex {
    passages: Vec<MeaningPassage>,
    dim: usize,
    /// `dim` numbers per passage, in passage order.
    codes: Vec<i8>,
    /// Per passage, the factor that turns a code back into the unit vector's number.
    scales: Vec<f32>,
    /// The vectors of the everyday topics of [`super::background`], one after the other.
    background: Vec<f32>,
}

/// A passage near a question.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Hit {
    /// Index into [`MeaningIndex::passages`].
    pub passage: usize,
    /// Cosine similarity with the question.
    pub score: f32,
}

/// How far embedding the passages has gone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Progress {
    /// Passages with a vector (from the cache or embedded).
    pub done: usize,
    /// All passages.
    pub total: usize,
    /// Of `done`, how many came from the cache.
    pub cached: usize,
}

impl MeaningIndex {
    /// Embeds every passage of `library` (the cache first, the server for the rest, in
    /// batches), reporting progress after each batch, and saves the cache. Fails when the
    /// server fails; what was embedded before is saved.
    pub fn build(
        library: &Library,
        embedder: &dyn Embedder,
        cache: &mut VectorCache,
        progress: &mut dyn FnMut(Progress),
    ) -> Result<MeaningIndex, EmbedError> {
        let passages = passages_of(library);
        let mut texts: Vec<String> = passages
            .iter()
            .map(|p| {
                let title = library
                    .conferences
                    .get(p.talk.conference)
                    .and_then(|c| c.talks.get(p.talk.talk))
                    .map_or("", |t| t.title.as_str());
                embedding_text(title, p)
            })
            .collect();
        // The everyday topics are embedded (and cached) like passages, after them.
        texts.extend(TOPICS.iter().map(|t| t.to_string()));
        let keys: Vec<_> = texts.iter().map(|t| text_key(t)).collect();
        let missing: Vec<usize> = (0..texts.len())
            .filter(|&i| cache.get(&keys[i]).is_none())
            .collect();
        let total = texts.len();
        let cached = total - missing.len();
        progress(Progress {
            done: cached,
            total,
            cached,
        });
        let mut done = cached;
        let mut since_save = std::time::Instant::now();
        for batch in missing.chunks(super::client::BATCH) {
            let batch_texts: Vec<String> = batch.iter().map(|&i| texts[i].clone()).collect();
            let vectors = match embedder.embed(Kind::Passage, &batch_texts) {
                Ok(v) => v,
                Err(e) => {
                    // Keep what was embedded so far for the next try.
                    let _ = cache.save();
                    return Err(e);
                }
            };
            for (&i, vector) in batch.iter().zip(vectors) {
                cache.insert(keys[i], vector);
            }
            done += batch.len();
            progress(Progress {
                done,
                total,
                cached,
            });
            // Long first runs keep their work if the process is stopped.
            if since_save.elapsed().as_secs() >= 30 {
                let _ = cache.save();
                since_save = std::time::Instant::now();
            }
        }
        let wanted: HashSet<_> = keys.iter().copied().collect();
        cache.retain(&wanted);
        if !missing.is_empty() || cache.len() != wanted.len() {
            let _ = cache.save();
        }
        let count = passages.len();
        let mut index = MeaningIndex {
            passages: Vec::with_capacity(count),
            dim: cache.dim(),
            codes: Vec::with_capacity(count * cache.dim()),
            scales: Vec::with_capacity(count),
            background: Vec::with_capacity(TOPICS.len() * cache.dim()),
        };
        for (mut passage, key) in passages.into_iter().zip(&keys) {
            if let Some(vector) = cache.get(key) {
                // What was needed only to embed it: a parent item's line is never shown, and
                // windows are never quoted.
                passage.context = None;
                if passage.kind == PassageKind::Window {
                    passage.text = String::new();
                }
                index.push(passage, vector);
            }
        }
        for key in &keys[count..] {
            if let Some(vector) = cache.get(key) {
                index.background.extend_from_slice(vector);
            }
        }
        Ok(index)
    }

    /// The everyday topics given directly (tests): vectors of [`dim`](Self::dim) numbers.
    pub fn with_background(mut self, topics: &[Vec<f32>]) -> MeaningIndex {
        self.background = topics
            .iter()
            .filter(|v| v.len() == self.dim)
            .flatten()
            .copied()
            .collect();
        self
    }

    /// The cosine of `query` with the nearest everyday topic (0 when there are none).
    pub fn background(&self, query: &[f32]) -> f32 {
        if query.len() != self.dim || self.dim == 0 {
            return 0.0;
        }
        self.background
            .chunks_exact(self.dim)
            .map(|topic| topic.iter().zip(query).map(|(a, b)| a * b).sum::<f32>())
            .fold(0.0, f32::max)
    }

    /// An index of passages and their vectors given directly (tests, benchmarks).
    pub fn from_vectors(items: Vec<(MeaningPassage, Vec<f32>)>) -> MeaningIndex {
        let dim = items.first().map_or(0, |(_, v)| v.len());
        let mut index = MeaningIndex {
            dim,
            ..MeaningIndex::default()
        };
        for (passage, vector) in items {
            if vector.len() == dim {
                index.push(passage, &vector);
            }
        }
        index
    }

    fn push(&mut self, passage: MeaningPassage, vector: &[f32]) {
        let largest = vector.iter().fold(0.0f32, |m, x| m.max(x.abs()));
        let scale = if largest > 0.0 { largest / 127.0 } else { 1.0 };
        self.codes.extend(
            vector
                .iter()
                .map(|x| (x / scale).round().clamp(-127.0, 127.0) as i8),
        );
        self.scales.push(scale);
        self.passages.push(passage);
    }

    /// The passages, in the order of [`Hit::passage`].
    pub fn passages(&self) -> &[MeaningPassage] {
        &self.passages
    }

    /// The size of the vectors (0 when there are none).
    pub fn dim(&self) -> usize {
        self.dim
    }

    /// How many passages have a vector.
    pub fn len(&self) -> usize {
        self.passages.len()
    }

    /// True when no passage has a vector.
    pub fn is_empty(&self) -> bool {
        self.passages.is_empty()
    }

    /// Bytes held by the vectors and passages.
    pub fn heap_bytes(&self) -> usize {
        self.codes.capacity()
            + self.scales.capacity() * 4
            + self.background.capacity() * 4
            + self
                .passages
                .iter()
                .map(|p| {
                    std::mem::size_of::<MeaningPassage>()
                        + p.text.capacity()
                        + p.heading.as_ref().map_or(0, String::capacity)
                        + p.context.as_ref().map_or(0, String::capacity)
                })
                .sum::<usize>()
    }

    /// The `k` passages nearest to `query` (a unit vector of [`dim`](Self::dim) numbers),
    /// best first; none when the sizes differ.
    pub fn nearest(&self, query: &[f32], k: usize) -> Vec<Hit> {
        let Some((q, qscale)) = self.quantize(query) else {
            return Vec::new();
        };
        if k == 0 {
            return Vec::new();
        }
        let mut best = scan_fast(&self.codes, &self.scales, self.dim, &q, qscale, k);
        best.reverse();
        best
    }

    /// The `k` quotable passages of `talk` nearest to `query`, best first: what to quote from
    /// a talk, however it was found (its best passages need not be among the nearest of all
    /// notes).
    pub fn nearest_in_talk(&self, query: &[f32], talk: TalkRef, k: usize) -> Vec<Hit> {
        let Some((q, qscale)) = self.quantize(query) else {
            return Vec::new();
        };
        let mut hits: Vec<Hit> = self
            .passages
            .iter()
            .enumerate()
            .filter(|(_, p)| p.talk == talk && p.is_quotable())
            .map(|(i, _)| Hit {
                passage: i,
                score: dot(&q, &self.codes[i * self.dim..(i + 1) * self.dim]) as f32
                    * qscale
                    * self.scales[i],
            })
            .collect();
        hits.sort_by(|a, b| b.score.total_cmp(&a.score).then(a.passage.cmp(&b.passage)));
        hits.truncate(k);
        hits
    }

    /// `query` as int8 codes and their scale; `None` when its size is not the index's or it
    /// is all zeros.
    fn quantize(&self, query: &[f32]) -> Option<(Vec<i8>, f32)> {
        if query.len() != self.dim || self.dim == 0 {
            return None;
        }
        let qscale = query.iter().fold(0.0f32, |m, x| m.max(x.abs())) / 127.0;
        if qscale == 0.0 || !qscale.is_finite() {
            return None;
        }
        let q = query
            .iter()
            .map(|x| (x / qscale).round().clamp(-127.0, 127.0) as i8)
            .collect();
        Some((q, qscale))
    }
}

/// [`scan`] with the widest vector instructions the processor has.
fn scan_fast(
    codes: &[i8],
    scales: &[f32],
    dim: usize,
    q: &[i8],
    qscale: f32,
    k: usize,
) -> Vec<Hit> {
    #[cfg(target_arch = "x86_64")]
    if std::arch::is_x86_feature_detected!("avx2") {
        // SAFETY: the processor has AVX2, checked just above.
        return unsafe { scan_avx2(codes, scales, dim, q, qscale, k) };
    }
    scan(codes, scales, dim, q, qscale, k)
}

/// [`scan`] compiled for AVX2 (32 products per instruction instead of 8).
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
unsafe fn scan_avx2(
    codes: &[i8],
    scales: &[f32],
    dim: usize,
    q: &[i8],
    qscale: f32,
    k: usize,
) -> Vec<Hit> {
    scan(codes, scales, dim, q, qscale, k)
}

/// The `k` passages of `codes` with the highest dot product with `q`, worst first.
#[inline(always)]
fn scan(codes: &[i8], scales: &[f32], dim: usize, q: &[i8], qscale: f32, k: usize) -> Vec<Hit> {
    // The k best so far, worst first, kept small: a passage enters only above the worst.
    let mut best: Vec<Hit> = Vec::with_capacity(k + 1);
    let mut floor = f32::NEG_INFINITY;
    for (i, (passage, scale)) in codes.chunks_exact(dim).zip(scales).enumerate() {
        let score = dot(q, passage) as f32 * qscale * scale;
        if best.len() == k && score <= floor {
            continue;
        }
        let at = best.partition_point(|h| h.score < score);
        best.insert(at, Hit { passage: i, score });
        if best.len() > k {
            best.remove(0);
        }
        floor = best[0].score;
    }
    best
}

/// The dot product of a question's codes and a passage's, in integers: a plain loop of
/// widening products, which the compiler turns into vector instructions (`pmaddwd`).
#[inline(always)]
fn dot(q: &[i8], codes: &[i8]) -> i32 {
    q.iter()
        .zip(codes)
        .map(|(&a, &b)| i32::from(i16::from(a) * i16::from(b)))
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::meaning::client::unit;

    fn passage(n: usize) -> MeaningPassage {
        MeaningPassage {
            talk: TalkRef {
                conference: 0,
                talk: n,
            },
            heading: None,
            context: None,
            text: format!("passage {n}"),
            kind: PassageKind::Text,
        }
    }

    #[test]
    fn nearest_passages_come_best_first_with_their_cosine() {
        let vectors = [
            vec![1.0, 0.0, 0.0],
            vec![0.0, 1.0, 0.0],
            vec![0.6, 0.8, 0.0],
            vec![-1.0, 0.0, 0.0],
        ];
        let index = MeaningIndex::from_vectors(
            vectors
                .iter()
                .enumerate()
                .map(|(i, v)| (passage(i), v.clone()))
                .collect(),
        );
        let query = unit(vec![0.9, 0.3, 0.0]).expect("unit");
        let hits = index.nearest(&query, 2);
        assert_eq!(hits.iter().map(|h| h.passage).collect::<Vec<_>>(), [0, 2]);
        let exact = query[0];
        assert!((hits[0].score - exact).abs() < 0.01, "{hits:?}");
        assert!(index.nearest(&[1.0, 0.0], 2).is_empty(), "wrong size");
        assert_eq!(index.nearest(&query, 10).len(), 4);
    }

    #[test]
    fn nearest_in_a_talk_ranks_only_that_talks_passages() {
        let in_talk = |talk: usize, text: &str| MeaningPassage {
            talk: TalkRef {
                conference: 0,
                talk,
            },
            heading: None,
            context: None,
            text: text.into(),
            kind: PassageKind::Text,
        };
        let index = MeaningIndex::from_vectors(vec![
            (in_talk(0, "near"), vec![1.0, 0.0, 0.0]),
            (in_talk(1, "far"), vec![0.0, 1.0, 0.0]),
            (in_talk(1, "nearer"), vec![0.8, 0.6, 0.0]),
            (in_talk(1, "nearest"), vec![0.96, 0.28, 0.0]),
        ]);
        let talk = TalkRef {
            conference: 0,
            talk: 1,
        };
        let hits = index.nearest_in_talk(&[1.0, 0.0, 0.0], talk, 2);
        let texts: Vec<&str> = hits
            .iter()
            .map(|h| index.passages()[h.passage].text.as_str())
            .collect();
        assert_eq!(texts, ["nearest", "nearer"]);
        assert!(hits[0].score > hits[1].score);
        assert!(
            index.nearest_in_talk(&[1.0, 0.0], talk, 2).is_empty(),
            "wrong size"
        );
    }
}
