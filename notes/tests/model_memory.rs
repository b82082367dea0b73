//! The parsed model stays a small multiple of the Markdown it was read from. Live heap bytes
//! are counted by a wrapping allocator, so the test measures memory, not time. (Before the
//! compact styled text and boxed pictures and tables the model of generated notes took 5.0
//! times the Markdown, and parsing peaked at 6.2 times above the text.)

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};
use talk_notes::{parse_conference, ParseOptions};

/// Counts live heap bytes and their peak.
struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

fn grew(by: usize) {
    let now = LIVE.fetch_add(by, Ordering::Relaxed) + by;
    PEAK.fetch_max(now, Ordering::Relaxed);
}

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        grew(layout.size());
        System.alloc(layout)
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
        System.dealloc(ptr, layout)
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        grew(new_size);
        LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
        System.realloc(ptr, layout, new_size)
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

#[test]
fn the_model_and_the_parse_stay_within_a_few_times_the_markdown() {
    let text = talk_notes::synth::generate_notes(3000, 7);
    let before = LIVE.load(Ordering::Relaxed);
    PEAK.store(before, Ordering::Relaxed);
    let conference = parse_conference(&text, "notes.md".as_ref(), &ParseOptions::default());
    let model = LIVE.load(Ordering::Relaxed) - before;
    let peak = PEAK.load(Ordering::Relaxed) - before;
    let per_byte = |bytes: usize| bytes as f64 / text.len() as f64;
    eprintln!(
        "{} talks, {} bytes of Markdown: model {model} B ({:.2}x), parse peak {peak} B ({:.2}x)",
        conference.talks.len(),
        text.len(),
        per_byte(model),
        per_byte(peak)
    );
    assert_eq!(conference.talks.len(), 3000);
    assert!(per_byte(model) < 4.0, "model {:.2}x", per_byte(model));
    assert!(per_byte(peak) < 5.0, "parse peak {:.2}x", per_byte(peak));
}
