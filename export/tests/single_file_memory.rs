//! One PDF of many talks is written one talk at a time: the peak heap while writing it does not
//! grow with the number of talks. (It held every talk's pages and the whole document before
//! writing: 1.85 GB for 10,000 generated talks.) Live heap bytes are counted by a wrapping
//! allocator, so the test measures memory, not time.

mod support;

use std::alloc::{GlobalAlloc, Layout as AllocLayout, System};
use std::sync::atomic::{AtomicUsize, Ordering};
use support::talks::exporter;
use talk_export::Layout;
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
    unsafe fn alloc(&self, layout: AllocLayout) -> *mut u8 {
        grew(layout.size());
        System.alloc(layout)
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: AllocLayout) {
        LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
        System.dealloc(ptr, layout)
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: AllocLayout, new_size: usize) -> *mut u8 {
        grew(new_size);
        LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
        System.realloc(ptr, layout, new_size)
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// The heap `f` needs at its peak above what was live before it.
fn peak_of(f: impl FnOnce()) -> usize {
    let before = LIVE.load(Ordering::Relaxed);
    PEAK.store(before, Ordering::Relaxed);
    f();
    PEAK.load(Ordering::Relaxed).saturating_sub(before)
}

#[test]
fn the_peak_of_one_pdf_of_many_talks_does_not_grow_with_the_talks() {
    let text = talk_notes::synth::generate_notes(240, 7);
    let conference = parse_conference(&text, "many.md".as_ref(), &ParseOptions::default());
    let talks: Vec<_> = conference.talks.iter().map(|t| (&conference, t)).collect();
    assert_eq!(talks.len(), 240);
    let exporter = exporter(Layout::Slides);
    let write = |n: usize| {
        let (_, written) = exporter
            .talks_to("Many talks", &talks[..n], std::io::sink())
            .expect("pdf");
        written.pages
    };
    // Fonts, the picture memo and the like are set up once, before measuring.
    write(5);
    let mut pages = (0, 0);
    let few = peak_of(|| pages.0 = write(30));
    let many = peak_of(|| pages.1 = write(240));
    eprintln!(
        "peak heap: {few} B for 30 talks ({} pages), {many} B for 240 talks ({} pages)",
        pages.0, pages.1
    );
    assert!(pages.1 > pages.0 * 6, "{pages:?}");
    // Eight times the talks; what grows with them (outline, page numbers, offsets) is small.
    assert!(
        many < few * 3 / 2,
        "{many} bytes for 240 talks against {few} for 30: the pages are kept"
    );
}
