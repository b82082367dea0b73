//! The passages of the notes with their vectors, and the nearest passages to a question's
//! vector by brute force.
//!
//! Vectors are kept as 8-bit integers with one scale per vector (a quarter of the memory of
//! `f32`, and a quarter of the bytes read per question): a cosine is off by less than 0.01,
//! far below the differences the answers depend on.
//!
//! A question in another language than the notes is compared with every vector less its
//! language's offset ([`super::languages`]); a question in the notes' language, as it is.

use super::background::TOPICS;
use super::client::{Embedder, Kind};
use super::languages::{dot as dot_f32, Languages, SENTENCES};
use super::passages::{embedding_text, passages_of, MeaningPassage, PassageKind};
use super::tuning::LANGUAGE_SHIFT;
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
    /// The languages' offsets (none: every question is compared as it is).
    languages: Languages,
    /// Per passage, its language (a position in [`SENTENCES`]), when the offsets are known;
    /// `u8::MAX` for none.
    passage_languages: Vec<u8>,
    /// Per passage, the length of its vector less its language's share of offset.
    shifted_lengths: Vec<f32>,
    /// The everyday topics less their languages' share of offset, one after the other.
    background_shifted: Vec<f32>,
    /// The language most passages are in.
    notes_language: Option<u8>,
}

/// A question ready to be compared: its vector as int8 codes, shifted out of its language
/// when that is not the notes'.
struct Probe {
    vector: Vec<f32>,
    codes: Vec<i8>,
    scale: f32,
    /// When shifted: per language, the question's cosine with that language's share of
    /// offset, to take from a passage of that language.
    offsets: Option<Vec<f32>>,
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
        // Then the languages' sentences, whose vectors give each language's offset.
        texts.extend(
            SENTENCES
                .iter()
                .flat_map(|(_, sentences)| sentences.iter().map(|s| s.to_string())),
        );
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
        let topics_end = count + TOPICS.len();
        let mut sentence_keys = keys[topics_end..].iter();
        let sentence_vectors: Vec<Vec<&[f32]>> = SENTENCES
            .iter()
            .map(|(_, sentences)| {
                sentence_keys
                    .by_ref()
                    .take(sentences.len())
                    .filter_map(|key| cache.get(key))
                    .collect()
            })
            .collect();
        let mut index = MeaningIndex {
            passages: Vec::with_capacity(count),
            dim: cache.dim(),
            codes: Vec::with_capacity(count * cache.dim()),
            scales: Vec::with_capacity(count),
            languages: Languages::from_vectors(&sentence_vectors).unwrap_or_default(),
            ..MeaningIndex::default()
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
        let topics: Vec<&[f32]> = keys[count..topics_end]
            .iter()
            .filter_map(|key| cache.get(key))
            .collect();
        index.set_background(&topics);
        index.settle_notes_language();
        Ok(index)
    }

    /// The everyday topics given directly (tests): vectors of [`dim`](Self::dim) numbers.
    pub fn with_background(mut self, topics: &[Vec<f32>]) -> MeaningIndex {
        let topics: Vec<&[f32]> = topics.iter().map(Vec::as_slice).collect();
        self.set_background(&topics);
        self
    }

    /// Keeps the everyday topics' vectors, as they are and less their languages' offsets.
    fn set_background(&mut self, topics: &[&[f32]]) {
        let dim = self.dim;
        let topics = topics.iter().filter(|v| v.len() == dim);
        self.background = topics.clone().flat_map(|v| v.iter()).copied().collect();
        self.background_shifted = topics
            .filter_map(|v| self.languages.shifted(v, LANGUAGE_SHIFT))
            .flat_map(|(v, _)| v)
            .collect();
    }

    /// The cosine of `query` with the nearest everyday topic (0 when there are none), both
    /// shifted out of their languages when the question is not in the notes' language.
    pub fn background(&self, query: &[f32]) -> f32 {
        let Some(probe) = self.probe(query) else {
            return 0.0;
        };
        let topics = if probe.offsets.is_some() {
            &self.background_shifted
        } else {
            &self.background
        };
        topics
            .chunks_exact(self.dim)
            .map(|topic| dot_f32(topic, &probe.vector))
            .fold(0.0, f32::max)
    }

    /// An index of passages and their vectors given directly (tests, benchmarks).
    pub fn from_vectors(items: Vec<(MeaningPassage, Vec<f32>)>) -> MeaningIndex {
        MeaningIndex::from_vectors_in(items, Languages::default())
    }

    /// Like [`from_vectors`](Self::from_vectors), with the languages' offsets (tests).
    pub fn from_vectors_in(
        items: Vec<(MeaningPassage, Vec<f32>)>,
        languages: Languages,
    ) -> MeaningIndex {
        let dim = items.first().map_or(0, |(_, v)| v.len());
        let mut index = MeaningIndex {
            dim,
            languages,
            ..MeaningIndex::default()
        };
        for (passage, vector) in items {
            if vector.len() == dim {
                index.push(passage, &vector);
            }
        }
        index.settle_notes_language();
        index
    }

    /// The notes' language: the one most passages are in.
    fn settle_notes_language(&mut self) {
        let mut counts = vec![0usize; self.languages.len()];
        for &l in &self.passage_languages {
            if let Some(c) = counts.get_mut(usize::from(l)) {
                *c += 1;
            }
        }
        self.notes_language = counts
            .iter()
            .enumerate()
            .filter(|(_, &c)| c > 0)
            .max_by_key(|(_, &c)| c)
            .and_then(|(l, _)| u8::try_from(l).ok());
    }

    /// Whether `query` is in another language than most of the notes (false when the
    /// languages are unknown).
    pub fn in_other_language(&self, query: &[f32]) -> bool {
        match (self.languages.language_of(query), self.notes_language) {
            (Some(question), Some(notes)) => question != notes,
            _ => false,
        }
    }

    /// The notes' language (its code in [`SENTENCES`]), when the offsets are known.
    pub fn notes_language(&self) -> Option<&'static str> {
        self.notes_language
            .and_then(|l| SENTENCES.get(usize::from(l)))
            .map(|(code, _)| *code)
    }

    fn push(&mut self, passage: MeaningPassage, vector: &[f32]) {
        if !self.languages.is_empty() {
            // One entry per passage, in step with the passages: a vector with no language or
            // no length left once shifted keeps its plain cosine (no language has that number).
            let (language, length) = self
                .language_and_shifted_length(vector)
                .unwrap_or((u8::MAX, 1.0));
            self.passage_languages.push(language);
            self.shifted_lengths.push(length);
        }
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

    /// A vector's language and the length of the vector less its language's share of
    /// offset; `None` without offsets.
    fn language_and_shifted_length(&self, vector: &[f32]) -> Option<(u8, f32)> {
        let language = self.languages.language_of(vector)?;
        let offset = self.languages.offset(language);
        let length = vector
            .iter()
            .zip(offset)
            .map(|(x, o)| (x - LANGUAGE_SHIFT * o).powi(2))
            .sum::<f32>()
            .sqrt();
        (length > 0.0 && length.is_finite()).then_some((language, length))
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
            + self.background_shifted.capacity() * 4
            + self.passage_languages.capacity()
            + self.shifted_lengths.capacity() * 4
            + self.languages.heap_bytes()
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
        let Some(probe) = self.probe(query) else {
            return Vec::new();
        };
        if k == 0 {
            return Vec::new();
        }
        let (codes, scales, dim) = (&self.codes, &self.scales, self.dim);
        let mut best = match &probe.offsets {
            None => scan_fast(codes, scales, dim, &probe, k, |_, score| score),
            Some(offsets) => scan_fast(codes, scales, dim, &probe, k, |i, score| {
                self.shift_score(offsets, i, score)
            }),
        };
        best.reverse();
        best
    }

    /// A passage's cosine `score` with a shifted question, made the cosine of the two
    /// shifted vectors: less the question's cosine with the passage's share of offset, over
    /// the shifted passage's length.
    fn shift_score(&self, offsets: &[f32], passage: usize, score: f32) -> f32 {
        let language = self.passage_languages.get(passage).copied();
        let offset = language.and_then(|l| offsets.get(usize::from(l)));
        match (offset, self.shifted_lengths.get(passage)) {
            (Some(offset), Some(length)) => (score - offset) / length,
            _ => score,
        }
    }

    /// The `k` quotable passages of `talk` nearest to `query`, best first: what to quote from
    /// a talk, however it was found (its best passages need not be among the nearest of all
    /// notes).
    pub fn nearest_in_talk(&self, query: &[f32], talk: TalkRef, k: usize) -> Vec<Hit> {
        let Some(probe) = self.probe(query) else {
            return Vec::new();
        };
        let mut hits: Vec<Hit> = self
            .passages
            .iter()
            .enumerate()
            .filter(|(_, p)| p.talk == talk && p.is_quotable())
            .map(|(i, _)| {
                let score = dot(&probe.codes, &self.codes[i * self.dim..(i + 1) * self.dim]) as f32
                    * probe.scale
                    * self.scales[i];
                Hit {
                    passage: i,
                    score: match &probe.offsets {
                        None => score,
                        Some(offsets) => self.shift_score(offsets, i, score),
                    },
                }
            })
            .collect();
        hits.sort_by(|a, b| b.score.total_cmp(&a.score).then(a.passage.cmp(&b.passage)));
        hits.truncate(k);
        hits
    }

    /// `query` ready to be compared: shifted out of its language when that is not the
    /// notes', then as int8 codes and their scale; `None` when its size is not the index's or
    /// it is all zeros.
    fn probe(&self, query: &[f32]) -> Option<Probe> {
        if query.len() != self.dim || self.dim == 0 {
            return None;
        }
        let shifted = if self.in_other_language(query) {
            self.languages.shifted(query, LANGUAGE_SHIFT)
        } else {
            None
        };
        let (vector, offsets) = match shifted {
            Some((vector, _)) => {
                let offsets = (0..self.languages.len())
                    .filter_map(|l| u8::try_from(l).ok())
                    .map(|l| LANGUAGE_SHIFT * dot_f32(&vector, self.languages.offset(l)))
                    .collect();
                (vector, Some(offsets))
            }
            None => (query.to_vec(), None),
        };
        let scale = vector.iter().fold(0.0f32, |m, x| m.max(x.abs())) / 127.0;
        if scale == 0.0 || !scale.is_finite() {
            return None;
        }
        let codes = vector
            .iter()
            .map(|x| (x / scale).round().clamp(-127.0, 127.0) as i8)
            .collect();
        Some(Probe {
            vector,
            codes,
            scale,
            offsets,
        })
    }
}

/// [`scan`] with the widest vector instructions the processor has.
fn scan_fast(
    codes: &[i8],
    scales: &[f32],
    dim: usize,
    probe: &Probe,
    k: usize,
    adjust: impl Fn(usize, f32) -> f32,
) -> Vec<Hit> {
    #[cfg(target_arch = "x86_64")]
    if std::arch::is_x86_feature_detected!("avx2") {
        // SAFETY: the processor has AVX2, checked just above.
        return unsafe { scan_avx2(codes, scales, dim, probe, k, adjust) };
    }
    scan(codes, scales, dim, probe, k, adjust)
}

/// [`scan`] compiled for AVX2 (32 products per instruction instead of 8).
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
unsafe fn scan_avx2(
    codes: &[i8],
    scales: &[f32],
    dim: usize,
    probe: &Probe,
    k: usize,
    adjust: impl Fn(usize, f32) -> f32,
) -> Vec<Hit> {
    scan(codes, scales, dim, probe, k, adjust)
}

/// The `k` passages of `codes` with the highest cosine with the question `probe`, as
/// `adjust` makes it from the passage's position and plain cosine, worst first.
#[inline(always)]
fn scan(
    codes: &[i8],
    scales: &[f32],
    dim: usize,
    probe: &Probe,
    k: usize,
    adjust: impl Fn(usize, f32) -> f32,
) -> Vec<Hit> {
    let (q, qscale) = (&probe.codes, probe.scale);
    // The k best so far, worst first, kept small: a passage enters only above the worst.
    let mut best: Vec<Hit> = Vec::with_capacity(k + 1);
    let mut floor = f32::NEG_INFINITY;
    for (i, (passage, scale)) in codes.chunks_exact(dim).zip(scales).enumerate() {
        let score = adjust(i, dot(q, passage) as f32 * qscale * scale);
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

    #[test]
    fn a_question_in_another_language_is_compared_without_the_languages_pull() {
        use crate::meaning::languages::toy::{toy as v, two_languages};
        // Language 0 (A) and 1 (B), each outweighing the meaning.
        let languages = two_languages();
        // Notes in language B; an everyday topic in language A about something else.
        let notes = || {
            vec![
                (passage(0), v([1.0, 0.0, 0.0, 1.5])),
                (passage(1), v([0.0, 1.0, 0.0, 1.5])),
                (passage(2), v([0.7, 0.7, 0.0, 1.5])),
            ]
        };
        let everyday = [v([0.0, 1.0, 1.5, 0.0])];
        let plain = MeaningIndex::from_vectors(notes()).with_background(&everyday);
        let shifted = MeaningIndex::from_vectors_in(notes(), languages).with_background(&everyday);
        assert_eq!(shifted.notes_language(), Some(SENTENCES[1].0));
        // A question in language A about what passage 0 says.
        let question = v([1.0, 0.1, 1.5, 0.0]);
        let relative = |index: &MeaningIndex| {
            let hits = index.nearest(&question, 1);
            assert_eq!(hits[0].passage, 0);
            hits[0].score - index.background(&question)
        };
        assert!(
            relative(&plain) < 0.0,
            "the topic's language pulls: {}",
            relative(&plain)
        );
        assert!(relative(&shifted) > 0.1, "{}", relative(&shifted));
        let in_talk = shifted.nearest_in_talk(&question, passage(0).talk, 3);
        assert_eq!(in_talk[0].score, shifted.nearest(&question, 1)[0].score);
        // A question in the notes' language is compared as it is.
        let same = v([1.0, 0.1, 0.0, 1.5]);
        assert_eq!(shifted.nearest(&same, 3), plain.nearest(&same, 3));
        assert_eq!(shifted.background(&same), plain.background(&same));
    }
}
