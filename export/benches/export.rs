//! Export speed: the 9 example talks (target well under 100 ms) and 1,000 generated talks
//! (target under 10 s), one PDF per talk in memory, as `talk-export` streams them.

use criterion::{black_box, criterion_group, criterion_main, Criterion};
use std::path::Path;
use std::time::Duration;
use talk_export::{Exporter, Layout, Options};
use talk_notes::{Conference, ParseOptions};

fn example() -> Conference {
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../notes/examples/velocity-london-2018.md");
    let text = std::fs::read_to_string(&path).expect("example notes");
    talk_notes::parse_conference(&text, &path, &ParseOptions::default())
}

fn exporter(layout: Layout) -> Exporter {
    Exporter::new(Options {
        layout,
        created: Some(0),
        pictures: talk_export::PictureOptions {
            offline: true,
            cache_dir: Some(std::env::temp_dir().join("talk-export-bench-empty-cache")),
            ..Default::default()
        },
        ..Options::default()
    })
    .expect("fonts load")
}

/// Every talk of `conference` to its own PDF; returns the total bytes.
fn export_all(exporter: &Exporter, conference: &Conference) -> usize {
    conference
        .talks
        .iter()
        .map(|talk| exporter.talk(conference, talk).expect("export").bytes.len())
        .sum()
}

fn example_talks(c: &mut Criterion) {
    let conference = example();
    let mut group = c.benchmark_group("example_9_talks");
    for (name, layout) in [
        ("slides", Layout::Slides),
        ("handout_3", Layout::Handout(3)),
    ] {
        let exporter = exporter(layout);
        group.bench_function(name, |b| {
            b.iter(|| black_box(export_all(&exporter, &conference)))
        });
    }
    group.bench_function("single_file_slides", |b| {
        let exporter = exporter(Layout::Slides);
        b.iter(|| {
            black_box(
                exporter
                    .talks(
                        &conference.title,
                        conference.talks.iter().map(|t| (&conference, t)),
                    )
                    .expect("export")
                    .bytes
                    .len(),
            )
        })
    });
    // The 13 remote pictures of the example notes, seeded into a cache as 1600 × 1200 photos
    // (stored scaled to 1280 × 960 JPEG): a fresh exporter per run reads them from disk, as a
    // second `talk-export` run or the bot's next /handout does.
    let cache = std::env::temp_dir().join("talk-export-bench-picture-cache");
    let seeder = talk_export::picture_source::PictureSource::new(talk_export::PictureOptions {
        offline: true,
        cache_dir: Some(cache.clone()),
        ..Default::default()
    });
    for (i, talk) in conference.talks.iter().enumerate() {
        for url in talk_export::picture_source::remote_pictures(&talk.blocks) {
            let img = image::RgbImage::from_fn(1600, 1200, |x, y| {
                image::Rgb([(x / 7) as u8, (y / 5) as u8, (i * 40) as u8])
            });
            let mut bytes = Vec::new();
            image::DynamicImage::ImageRgb8(img)
                .write_to(
                    &mut std::io::Cursor::new(&mut bytes),
                    image::ImageFormat::Jpeg,
                )
                .expect("encode");
            seeder.insert(&url, &bytes).expect("seed the cache");
        }
    }
    group.bench_function("slides_pictures_from_cache", |b| {
        b.iter(|| {
            let exporter = Exporter::new(Options {
                created: Some(0),
                pictures: talk_export::PictureOptions {
                    offline: true,
                    cache_dir: Some(cache.clone()),
                    ..Default::default()
                },
                ..Options::default()
            })
            .expect("fonts load");
            black_box(export_all(&exporter, &conference))
        })
    });
    group.bench_function("load_fonts", |b| {
        b.iter(|| black_box(exporter(Layout::Slides)))
    });
    group.finish();
}

fn thousand_talks(c: &mut Criterion) {
    let text = talk_notes::synth::generate_notes(1000, 7);
    let path = Path::new("generated.md");
    let conference = talk_notes::parse_conference(&text, path, &ParseOptions::default());
    assert_eq!(conference.talks.len(), 1000);
    let exporter = exporter(Layout::Slides);
    let mut group = c.benchmark_group("generated_1000_talks");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(20));
    group.bench_function("slides", |b| {
        b.iter(|| black_box(export_all(&exporter, &conference)))
    });
    group.finish();
}

criterion_group!(benches, example_talks, thousand_talks);
criterion_main!(benches);
