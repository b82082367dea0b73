//! The vector search of answers by meaning: the 20 nearest of 100,000 passages of 384 numbers
//! (multilingual-e5-small's size) by brute force, target ≤ 5 ms per question. Vectors are
//! random unit vectors (the cost does not depend on what they mean); the p50 and p99 of
//! individually timed questions are printed (lines starting with `meaning:`). The second case
//! asks in another language than the notes, so every passage's cosine is also shifted out of
//! its language (`talk_notes::meaning::languages`).

use criterion::{black_box, criterion_group, criterion_main, Criterion};
use std::time::{Duration, Instant};
use talk_notes::meaning::client::unit;
use talk_notes::meaning::languages::Languages;
use talk_notes::meaning::passages::{MeaningPassage, PassageKind};
use talk_notes::meaning::MeaningIndex;
use talk_notes::search::TalkRef;
use talk_notes::synth::Rng;

const DIM: usize = 384;
const TIMED: usize = 300;

fn random_unit(rng: &mut Rng) -> Vec<f32> {
    let v: Vec<f32> = (0..DIM)
        .map(|_| rng.below(2001) as f32 / 1000.0 - 1.0)
        .collect();
    unit(v).unwrap_or_else(|| vec![1.0; DIM])
}

/// A random unit vector leaning along `language` (a unit vector).
fn in_language(rng: &mut Rng, language: &[f32]) -> Vec<f32> {
    let v = random_unit(rng);
    unit(v.iter().zip(language).map(|(x, l)| x + l).collect()).unwrap_or(v)
}

fn index(passages: usize, rng: &mut Rng, languages: Languages, lean: &[f32]) -> MeaningIndex {
    MeaningIndex::from_vectors_in(
        (0..passages)
            .map(|i| {
                let passage = MeaningPassage {
                    talk: TalkRef {
                        conference: 0,
                        talk: i / 10,
                    },
                    heading: None,
                    context: None,
                    text: String::new(),
                    kind: PassageKind::Text,
                };
                (passage, in_language(rng, lean))
            })
            .collect(),
        languages,
    )
}

/// Two languages, each the same 12 random sentences leaning along its own direction.
fn two_languages(rng: &mut Rng) -> (Languages, Vec<f32>, Vec<f32>) {
    let (a, b) = (random_unit(rng), random_unit(rng));
    let sentences: Vec<Vec<f32>> = (0..12).map(|_| random_unit(rng)).collect();
    let lean = |s: &[f32], l: &[f32]| -> Vec<f32> {
        unit(s.iter().zip(l).map(|(x, y)| x + y).collect()).unwrap_or_else(|| s.to_vec())
    };
    let in_a: Vec<Vec<f32>> = sentences.iter().map(|s| lean(s, &a)).collect();
    let in_b: Vec<Vec<f32>> = sentences.iter().map(|s| lean(s, &b)).collect();
    let per: Vec<Vec<&[f32]>> = vec![
        in_a.iter().map(Vec::as_slice).collect(),
        in_b.iter().map(Vec::as_slice).collect(),
    ];
    let languages = Languages::from_vectors(&per).unwrap_or_default();
    (languages, a, b)
}

fn nearest(c: &mut Criterion) {
    let passages: usize = std::env::var("MEANING_BENCH_PASSAGES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(100_000);
    let mut rng = Rng(7);
    let (languages, a, b) = two_languages(&mut rng);
    let index = index(passages, &mut rng, languages, &b);
    let mut group = c.benchmark_group("meaning");
    group.sample_size(30);
    for (case, language) in [("the notes' language", &b), ("another language", &a)] {
        let queries: Vec<Vec<f32>> = (0..TIMED)
            .map(|_| in_language(&mut rng, language))
            .collect();
        let mut times: Vec<Duration> = queries
            .iter()
            .map(|q| {
                let start = Instant::now();
                black_box(index.nearest(q, 20));
                start.elapsed()
            })
            .collect();
        times.sort();
        println!(
            "meaning: {passages} passages × {DIM}, {case}: p50 {:.2} ms, p99 {:.2} ms, {} MB",
            times[TIMED / 2].as_secs_f64() * 1e3,
            times[TIMED * 99 / 100].as_secs_f64() * 1e3,
            index.heap_bytes() / 1_000_000
        );
        let mut i = 0;
        group.bench_function(format!("nearest 20 of {passages}, {case}"), |bench| {
            bench.iter(|| {
                i = (i + 1) % queries.len();
                black_box(index.nearest(&queries[i], 20))
            })
        });
    }
    group.finish();
}

criterion_group!(benches, nearest);
criterion_main!(benches);
