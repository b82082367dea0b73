//! Search benchmarks on generated notes of 10,000 and 100,000 talks (about 11 MB and 115 MB):
//! index build throughput, query latency (3 words, one with a typo), autocomplete latency and
//! index memory against the text size.
//!
//! `search_pathological` answers a word said thousands of times in one paragraph (bold spans,
//! a 2 MB line).
//!
//! Criterion reports means; the p99 latencies are computed here from individually timed queries
//! and printed (look for lines starting with `search:`).
//!
//! The query words are three words drawn from one generated talk, the longest given one wrong
//! letter; the autocomplete inputs are the first 2–4 letters of a title word, alone or after
//! another title word. Index memory is what the allocator holds after the build minus what it
//! held before; the library the index owns is not counted.

use criterion::{black_box, criterion_group, criterion_main, BatchSize, Criterion, Throughput};
use std::alloc::{GlobalAlloc, Layout, System};
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};
use talk_notes::search::TalkIndex;
use talk_notes::synth::generate_notes;
use talk_notes::synth::Rng;
use talk_notes::{parse_conference, Library, ParseOptions};

/// Counts live heap bytes, to measure what the index holds.
struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        LIVE.fetch_add(layout.size(), Ordering::Relaxed);
        System.alloc(layout)
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
        System.dealloc(ptr, layout)
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        LIVE.fetch_add(new_size, Ordering::Relaxed);
        LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
        System.realloc(ptr, layout, new_size)
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

const SEED: u64 = 42;
const TIMED_QUERIES: usize = 3000;

fn library(text: &str) -> Library {
    let conference = parse_conference(text, Path::new("generated.md"), &ParseOptions::default());
    Library {
        conferences: vec![conference],
    }
}

/// Words of a talk's text that a person could type (letters only, 3+ characters).
fn talk_words(library: &Library, rng: &mut Rng) -> Vec<String> {
    let talks = &library.conferences[0].talks;
    let talk = &talks[rng.below(talks.len())];
    talk_notes::text::talk_text(talk)
        .split(|c: char| !c.is_alphabetic())
        .filter(|w| w.len() >= 3)
        .map(str::to_lowercase)
        .collect()
}

/// Talks shown per answer, as `talkbot ask` shows by default.
const LIMIT: usize = 5;

/// Three words from one talk, the longest with one typo (a swapped-in letter).
fn typo_queries(library: &Library, n: usize) -> Vec<String> {
    let mut rng = Rng(7);
    let mut out = Vec::with_capacity(n);
    while out.len() < n {
        let words = talk_words(library, &mut rng);
        if words.len() < 3 {
            continue;
        }
        let mut picked: Vec<String> = (0..3)
            .map(|_| words[rng.below(words.len())].clone())
            .collect();
        picked.sort_by_key(|w| std::cmp::Reverse(w.len()));
        let w = &mut picked[0];
        if w.len() < 5 {
            continue;
        }
        let at = 1 + rng.below(w.len() - 2);
        let letter = (b'a' + rng.below(26) as u8) as char;
        w.replace_range(at..at + 1, &letter.to_string());
        out.push(picked.join(" "));
    }
    out
}

/// As-you-type inputs: a title word and the first 2–4 letters of another title word.
fn prefixes(library: &Library, n: usize) -> Vec<String> {
    let mut rng = Rng(11);
    let talks = &library.conferences[0].talks;
    let mut out = Vec::with_capacity(n);
    while out.len() < n {
        let title = &talks[rng.below(talks.len())].title;
        let words: Vec<String> = title
            .split(|c: char| !c.is_alphabetic())
            .filter(|w| w.len() >= 4)
            .map(str::to_lowercase)
            .collect();
        if words.is_empty() {
            continue;
        }
        let last = &words[rng.below(words.len())];
        let cut = 2 + rng.below(3);
        let stem: String = last.chars().take(cut).collect();
        if rng.below(2) == 0 || words.len() < 2 {
            out.push(stem);
        } else {
            out.push(format!("{} {stem}", words[0]));
        }
    }
    out
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

/// CPU time of the calling thread: unlike wall time, it leaves out the time the thread waited
/// for a core (the bench machine has two, shared with other builds).
fn thread_cpu_time() -> Duration {
    let mut ts = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: clock_gettime writes into the timespec we own; the clock id is a constant.
    let rc = unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut ts) };
    if rc != 0 {
        return Duration::ZERO;
    }
    Duration::new(ts.tv_sec as u64, ts.tv_nsec as u32)
}

fn summary(label: &str, kind: &str, mut times: Vec<Duration>) {
    times.sort_unstable();
    println!(
        "search: {label}: {kind}: {} calls, p50 {:.3} ms, p99 {:.3} ms, max {:.3} ms",
        times.len(),
        percentile(&times, 0.5).as_secs_f64() * 1e3,
        percentile(&times, 0.99).as_secs_f64() * 1e3,
        times.last().map_or(0.0, |t| t.as_secs_f64() * 1e3),
    );
}

/// Times each call separately (wall clock and thread CPU time) and prints p50 / p99 / max and
/// the slowest inputs.
fn report_latency(label: &str, inputs: &[String], mut f: impl FnMut(&str)) {
    for q in inputs.iter().take(200) {
        f(q);
    }
    let mut timed: Vec<(Duration, Duration, &str)> = inputs
        .iter()
        .map(|q| {
            let cpu = thread_cpu_time();
            let start = Instant::now();
            f(q);
            (
                start.elapsed(),
                thread_cpu_time().saturating_sub(cpu),
                q.as_str(),
            )
        })
        .collect();
    summary(label, "wall", timed.iter().map(|t| t.0).collect());
    summary(label, "cpu", timed.iter().map(|t| t.1).collect());
    timed.sort_unstable_by_key(|t| std::cmp::Reverse(t.1));
    let slowest: Vec<String> = timed
        .iter()
        .take(5)
        .map(|(_, t, q)| format!("{q:?} {:.2} ms", t.as_secs_f64() * 1e3))
        .collect();
    println!("search: {label}: slowest (cpu): {}", slowest.join(", "));
}

fn bench_size(c: &mut Criterion, talks: usize) {
    let text = generate_notes(talks, SEED);
    let mb = text.len() as f64 / 1e6;
    let library = library(&text);
    let plain: usize = library
        .talks()
        .map(|(_, t)| talk_notes::text::talk_text(t).len())
        .sum();

    // Build once outside criterion: throughput and memory of a single build.
    let copy = library.clone();
    let before = LIVE.load(Ordering::Relaxed);
    let start = Instant::now();
    let index = TalkIndex::build(copy);
    let secs = start.elapsed().as_secs_f64();
    let after = LIVE.load(Ordering::Relaxed);
    let library_bytes = {
        // The index owns the library copy: what it added is the growth minus the copy it took.
        let before_copy = LIVE.load(Ordering::Relaxed);
        let probe = library.clone();
        let size = LIVE.load(Ordering::Relaxed) - before_copy;
        drop(probe);
        size
    };
    let index_bytes = after.saturating_sub(before);
    println!(
        "search: {talks} talks: markdown {mb:.1} MB, talk text {:.1} MB; build {secs:.2} s = {:.1} MB/s",
        plain as f64 / 1e6,
        mb / secs
    );
    println!(
        "search: {talks} talks: index memory {:.1} MB (counted allocations) = {:.2}x markdown, {:.2}x talk text; heap_bytes() estimate {:.1} MB; the library it owns {:.1} MB",
        index_bytes as f64 / 1e6,
        index_bytes as f64 / text.len() as f64,
        index_bytes as f64 / plain as f64,
        index.heap_bytes() as f64 / 1e6,
        library_bytes as f64 / 1e6,
    );

    let queries = typo_queries(&library, TIMED_QUERIES);
    report_latency(
        &format!("{talks} talks: 3-word query with a typo"),
        &queries,
        |q| {
            black_box(index.search(q, LIMIT));
        },
    );
    let inputs = prefixes(&library, TIMED_QUERIES);
    report_latency(
        &format!("{talks} talks: autocomplete prefix"),
        &inputs,
        |q| {
            black_box(index.suggest(q, 25));
        },
    );

    let mut group = c.benchmark_group(format!("search_{talks}"));
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(if talks > 20_000 { 20 } else { 8 }));
    if talks <= 20_000 {
        group.throughput(Throughput::Bytes(text.len() as u64));
        group.bench_function("build", |b| {
            b.iter_batched(|| library.clone(), TalkIndex::build, BatchSize::LargeInput)
        });
    }
    group.throughput(Throughput::Elements(1));
    let mut i = 0;
    group.bench_function("query_typo", |b| {
        b.iter(|| {
            i = (i + 1) % queries.len();
            black_box(index.search(&queries[i], LIMIT))
        })
    });
    let mut j = 0;
    group.bench_function("prefix", |b| {
        b.iter(|| {
            j = (j + 1) % inputs.len();
            black_box(index.suggest(&inputs[j], 25))
        })
    });
    group.finish();
}

/// Notes of one ordinary talk and one pathological talk: a paragraph of `spans` bold spans
/// that each hold the query word, then a line of `line_bytes` bytes where one word in seven is
/// the query word.
fn pathological_notes(spans: usize, line_bytes: usize) -> String {
    let mut text = String::from("# Conf\n\n## Many bold words\n\n");
    for i in 0..spans {
        text.push_str(&format!("**word{i} zebra** "));
    }
    text.push_str("\n\n## One long line\n\n");
    let words = ["alpha", "beta", "gamma", "zebra", "delta", "omega", "kappa"];
    let mut rng = Rng(3);
    let start = text.len();
    while text.len() - start < line_bytes {
        text.push_str(words[rng.below(words.len())]);
        text.push(' ');
    }
    text.push_str("\n\n## Other talk\n\nKubernetes operators and helm charts.\n");
    text
}

/// Answering a word said thousands of times in one paragraph: the work must grow with the
/// text, not with its square (20,000 bold spans took 16 s a question, a 2 MB line 11 s).
fn bench_pathological(c: &mut Criterion) {
    let mut group = c.benchmark_group("search_pathological");
    group.sample_size(10);
    for (spans, line_bytes) in [(5_000, 0), (20_000, 0), (0, 2_000_000)] {
        let text = pathological_notes(spans, line_bytes);
        let index = TalkIndex::build(library(&text));
        let label = if spans > 0 {
            format!("{spans}_bold_spans")
        } else {
            format!("{}_mb_line", line_bytes / 1_000_000)
        };
        let answer = index.search("zebra", LIMIT);
        let shown = answer.results.first().map(|r| r.snippet.marked("**", "**"));
        assert!(
            shown.as_deref().is_some_and(|s| s.contains("**zebra**")),
            "{label}: {shown:?}"
        );
        group.throughput(Throughput::Bytes(text.len() as u64));
        group.bench_function(label, |b| {
            b.iter(|| black_box(index.search("zebra", LIMIT)))
        });
    }
    group.finish();
}

/// Sizes to run: `SEARCH_BENCH_TALKS=10000` runs one; default 10,000 and 100,000;
/// `SEARCH_BENCH_TALKS=0` runs only the pathological paragraphs.
fn benches(c: &mut Criterion) {
    bench_pathological(c);
    let sizes: Vec<usize> = std::env::var("SEARCH_BENCH_TALKS")
        .ok()
        .map(|v| v.split(',').filter_map(|n| n.trim().parse().ok()).collect())
        .unwrap_or_else(|| vec![10_000, 100_000]);
    for talks in sizes.into_iter().filter(|&t| t > 0) {
        bench_size(c, talks);
    }
}

criterion_group!(search, benches);
criterion_main!(search);
