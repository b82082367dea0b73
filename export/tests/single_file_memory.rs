//! One PDF of many talks is written one talk at a time: the peak heap while writing it does not
//! grow with the number of talks. (It held every talk's pages and the whole document before
//! writing: 1.85 GB for 10,000 generated talks.) Live heap bytes are counted by a wrapping
//! allocator, so the test measures memory, not time.

mod support;

use support::talks::exporter;
use talk_export::Layout;
use talk_notes::heap_count::{live, peak, reset_peak, CountingAlloc};
use talk_notes::{parse_conference, ParseOptions};

#[global_allocator]
static ALLOCATOR: CountingAlloc = CountingAlloc;

/// The heap `f` needs at its peak above what was live before it.
fn peak_of(f: impl FnOnce()) -> usize {
    let before = live();
    reset_peak();
    f();
    peak().saturating_sub(before)
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
