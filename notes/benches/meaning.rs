//! The vector search of answers by meaning: the 20 nearest of 100,000 passages of 384 numbers
//! (multilingual-e5-small's size) by brute force, target ≤ 5 ms per question. Vectors are
//! random unit vectors (the cost does not depend on what they mean); the p50 and p99 of
//! individually timed questions are printed (lines starting with `meaning:`).

use criterion::{black_box, criterion_group, criterion_main, Criterion};
use std::time::{Duration, Instant};
use talk_notes::meaning::client::unit;
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

fn index(passages: usize, rng: &mut Rng) -> MeaningIndex {
    MeaningIndex::from_vectors(
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
                (passage, random_unit(rng))
            })
            .collect(),
    )
}

fn nearest(c: &mut Criterion) {
    let passages: usize = std::env::var("MEANING_BENCH_PASSAGES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(100_000);
    let mut rng = Rng(7);
    let index = index(passages, &mut rng);
    let queries: Vec<Vec<f32>> = (0..TIMED).map(|_| random_unit(&mut rng)).collect();
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
        "meaning: {passages} passages × {DIM}: p50 {:.2} ms, p99 {:.2} ms, {} MB of vectors",
        times[TIMED / 2].as_secs_f64() * 1e3,
        times[TIMED * 99 / 100].as_secs_f64() * 1e3,
        index.heap_bytes() / 1_000_000
    );
    let mut group = c.benchmark_group("meaning");
    group.sample_size(30);
    let mut i = 0;
    group.bench_function(format!("nearest 20 of {passages}"), |b| {
        b.iter(|| {
            i = (i + 1) % queries.len();
            black_box(index.nearest(&queries[i], 20))
        })
    });
    group.finish();
}

criterion_group!(benches, nearest);
criterion_main!(benches);
