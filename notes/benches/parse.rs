//! Parsing throughput on large generated notes (`talk_notes::synth`): bytes of Markdown turned
//! into the model per second, and the same for the lint.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use std::hint::black_box;
use std::path::Path;
use talk_notes::{check::check_text, parse_conference, synth::generate_notes, ParseOptions};

fn parse(c: &mut Criterion) {
    let mut group = c.benchmark_group("parse");
    group.sample_size(10);
    for talks in [1_000usize, 10_000] {
        let text = generate_notes(talks, 42);
        group.throughput(Throughput::Bytes(text.len() as u64));
        group.bench_function(format!("{talks} talks ({} KB)", text.len() / 1024), |b| {
            b.iter(|| {
                let conference = parse_conference(
                    black_box(&text),
                    Path::new("bench.md"),
                    &ParseOptions::default(),
                );
                // Generated titles are random words: the odd one ending with a word of the
                // programme ("… Lunch") is read as a section, as in real notes.
                assert!(conference.talks.len() * 100 >= talks * 99);
                conference
            })
        });
    }
    let example = include_str!("../examples/velocity-london-2018.md");
    group.throughput(Throughput::Bytes(example.len() as u64));
    group.sample_size(50);
    group.bench_function("example notes (9 talks)", |b| {
        b.iter(|| {
            parse_conference(
                black_box(example),
                Path::new("example.md"),
                &ParseOptions::default(),
            )
        })
    });
    let text = generate_notes(10_000, 42);
    group.throughput(Throughput::Bytes(text.len() as u64));
    group.sample_size(10);
    group.bench_function("check 10000 talks", |b| {
        b.iter(|| {
            check_text(
                black_box(&text),
                Path::new("bench.md"),
                &ParseOptions::default(),
            )
        })
    });
    group.finish();
}

criterion_group!(benches, parse);
criterion_main!(benches);
