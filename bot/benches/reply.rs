//! The bot's reply functions at 10,000 talks: what one `/talk`, `/search` or autocomplete
//! costs before anything is sent to Discord (the target is well under 5 ms).

use criterion::{criterion_group, criterion_main, Criterion};
use std::hint::black_box;
use std::path::Path;
use talk_notes::search::TalkIndex;
use talk_notes::{parse_conference, synth::generate_notes, Library, ParseOptions};
use talkbot::chat::{self, Ask};
use talkbot::settings::DigestSettings;

fn replies(c: &mut Criterion) {
    let text = generate_notes(10_000, 7);
    let conference = parse_conference(&text, Path::new("bench.md"), &ParseOptions::default());
    let index = TalkIndex::build(Library {
        conferences: vec![conference],
    });
    let digest = DigestSettings::default();
    let mut group = c.benchmark_group("reply at 10k talks");
    group.bench_function("/talk (3 words, one typo)", |b| {
        let ask = Ask::Talk {
            query: "distributed databse latency".to_string(),
        };
        b.iter(|| chat::answer(black_box(&index), &digest, &ask))
    });
    group.bench_function("/search page 1", |b| {
        let ask = Ask::Search {
            query: "kubernetes deployment".to_string(),
            page: 0,
        };
        b.iter(|| chat::answer(black_box(&index), &digest, &ask))
    });
    group.bench_function("/talks page 3", |b| {
        let ask = Ask::Talks {
            conference: None,
            page: 2,
        };
        b.iter(|| chat::answer(black_box(&index), &digest, &ask))
    });
    group.bench_function("autocomplete \"kube\"", |b| {
        b.iter(|| chat::autocomplete(black_box(&index), "kube"))
    });
    group.finish();
}

criterion_group!(benches, replies);
criterion_main!(benches);
