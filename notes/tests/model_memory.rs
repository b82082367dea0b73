//! The parsed model stays a small multiple of the Markdown it was read from. Live heap bytes
//! are counted by a wrapping allocator, so the test measures memory, not time. (Before the
//! compact styled text and boxed pictures and tables the model of generated notes took 5.0
//! times the Markdown, and parsing peaked at 6.2 times above the text.)

use talk_notes::heap_count::{live, peak, reset_peak, CountingAlloc};
use talk_notes::{parse_conference, ParseOptions};

#[global_allocator]
static ALLOCATOR: CountingAlloc = CountingAlloc;

#[test]
fn the_model_and_the_parse_stay_within_a_few_times_the_markdown() {
    let text = talk_notes::synth::generate_notes(3000, 7);
    let before = live();
    reset_peak();
    let conference = parse_conference(&text, "notes.md".as_ref(), &ParseOptions::default());
    let model = live() - before;
    let peak = peak() - before;
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
