//! The parsed model stays a small multiple of the Markdown it was read from, and so does
//! loading, which holds the Markdown only while its blocks are read. Live heap bytes are
//! counted by a wrapping allocator, so the tests measure memory, not time. (Before the compact
//! styled text and boxed pictures and tables the model of generated notes took 5.0 times the
//! Markdown; before exact-size lists, summaries made when asked and 12-byte style runs, 3.4
//! times; before links in one string each, 2.95 times; before headings in one string each and
//! 40-byte blocks, 2.83 times; before a list item's one paragraph was kept in place, 2.68 times.
//! Loading peaked at 5.5 times while the Markdown was held to the end; one-line talks peaked at
//! 1,106 bytes each while each talk's list of blocks was grown, then shrunk, and cost 374 in
//! the model with 48-byte blocks, 334 with a copy of the file's path in each talk, and peaked
//! at 906 while the list of headings was grown by doubling.)

use talk_notes::heap_count::{live, peak, reset_peak, CountingAlloc};
use talk_notes::{parse_conference_owned, parse_conference_to_answer, ParseOptions};

#[global_allocator]
static ALLOCATOR: CountingAlloc = CountingAlloc;

/// The counts are the whole process's: one test measures at a time, from making its notes to
/// dropping them.
static ONE_AT_A_TIME: std::sync::Mutex<()> = std::sync::Mutex::new(());

/// Loads the notes `write` makes as `talkbot` does (the text is given away and freed once
/// read); returns the Markdown's length, the number of talks, the model's live bytes and the
/// peak while loading, the text included.
fn load(write: impl FnOnce() -> String) -> (usize, usize, usize, usize) {
    load_with(write, parse_conference_owned)
}

/// Loads the notes `write` makes with `parse`, as [`load`] does.
fn load_with(
    write: impl FnOnce() -> String,
    parse: fn(String, &std::path::Path, &ParseOptions) -> talk_notes::Conference,
) -> (usize, usize, usize, usize) {
    let _alone = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    // What the reader sets up once (word lists, the thread pool) is not the model's: a file
    // big enough to be read on several threads sets it all up.
    let warm_up = talk_notes::synth::generate_notes(2500, 1);
    drop(parse_conference_owned(
        warm_up,
        "warm.md".as_ref(),
        &ParseOptions::default(),
    ));
    let text = write();
    let length = text.len();
    let without_text = live() - text.capacity();
    reset_peak();
    let conference = parse(text, "notes.md".as_ref(), &ParseOptions::default());
    let model = live() - without_text;
    let peak = peak() - without_text;
    let talks = conference.talks.len();
    drop(conference);
    (length, talks, model, peak)
}

#[test]
fn the_model_and_loading_stay_within_a_few_times_the_markdown() {
    let (markdown, talks, model, peak) = load(|| talk_notes::synth::generate_notes(3000, 7));
    let per_byte = |bytes: usize| bytes as f64 / markdown as f64;
    eprintln!(
        "{talks} talks, {markdown} bytes of Markdown: model {model} B ({:.2}x), loading peak {peak} B ({:.2}x)",
        per_byte(model),
        per_byte(peak)
    );
    assert_eq!(talks, 3000);
    assert!(per_byte(model) < 2.6, "model {:.2}x", per_byte(model));
    assert!(per_byte(peak) < 4.45, "loading peak {:.2}x", per_byte(peak));
}

#[test]
fn one_line_talks_cost_a_few_hundred_bytes_each() {
    let (markdown, talks, model, peak) =
        load(|| talk_notes::synth::generate_one_line_notes(20_000, 7));
    eprintln!(
        "{talks} one-line talks, {markdown} bytes of Markdown: model {} B a talk, loading peak {} B a talk",
        model / talks,
        peak / talks
    );
    assert_eq!(talks, 20_000);
    assert!(model / talks < 330, "model {} B a talk", model / talks);
    assert!(peak / talks < 800, "loading peak {} B a talk", peak / talks);
}

/// Read to answer questions (`talkbot ask`, `run`), one-line talks are read without the
/// headings' anchors and with the evidence of each heading's role freed before the talks are
/// made. 100,000 of them (read in pieces on several threads, as big files are) cost 268 bytes a
/// talk in the model and peak at 548 while read: 620 while each heading's outline record held
/// what its words say (192 bytes a heading, 120 now), and at 20,000 talks read with the anchors
/// they cost 318 and peaked at 784, 267 and 713 without.
#[test]
fn one_line_talks_read_to_answer_cost_less() {
    let (markdown, talks, model, peak) = load_with(
        || talk_notes::synth::generate_one_line_notes(100_000, 7),
        parse_conference_to_answer,
    );
    eprintln!(
        "{talks} one-line talks read to answer, {markdown} bytes of Markdown: model {} B a talk, loading peak {} B a talk",
        model / talks,
        peak / talks
    );
    assert_eq!(talks, 100_000);
    assert!(model / talks < 275, "model {} B a talk", model / talks);
    assert!(peak / talks < 565, "loading peak {} B a talk", peak / talks);
}

/// Links are read as the one-string `Link` their talk keeps: read as records of three strings
/// (80 bytes) held until the talks were assembled, these notes peaked at 1,662 bytes a talk
/// while loading; now 1,580.
#[test]
fn links_cost_little_while_loading() {
    // Read on one thread (under 1 MB), so the peak is the same at every run.
    let (markdown, talks, model, peak) = load(|| {
        (0..8_000)
            .map(|i| {
                format!(
                    "## Talk {i}\n\n[Slides](https://slides.example.com/talk-{i}) and \
                     [the video](https://video.example.com/watch?v={i}).\n\n"
                )
            })
            .collect::<String>()
    });
    assert!(
        markdown < 1 << 20,
        "{markdown} bytes: read in pieces on several threads"
    );
    eprintln!(
        "{talks} talks of two links, {markdown} bytes of Markdown: model {} B a talk, loading peak {} B a talk",
        model / talks,
        peak / talks
    );
    assert_eq!(talks, 8_000);
    assert!(
        peak / talks < 1620,
        "loading peak {} B a talk",
        peak / talks
    );
}

/// Read to answer questions, notes give the same talks and sections as read in full, with no
/// anchors and no table of contents.
#[test]
fn notes_read_to_answer_hold_the_same_talks_and_sections() {
    let mut files: Vec<std::path::PathBuf> = std::fs::read_dir("tests/fixtures")
        .expect("fixtures")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "md"))
        .collect();
    files.push("examples/velocity-london-2018.md".into());
    for path in files {
        let text = std::fs::read_to_string(&path).expect("notes");
        let full = parse_conference_owned(text.clone(), &path, &ParseOptions::default());
        let answering = parse_conference_to_answer(text, &path, &ParseOptions::default());
        assert_eq!(
            json(&answering.talks),
            json(&full.talks),
            "{}",
            path.display()
        );
        assert_eq!(
            json(&answering.sections),
            json(&full.sections),
            "{}",
            path.display()
        );
        assert!(answering.anchors.is_empty() && answering.toc.is_none());
    }
}

/// A value written as JSON.
fn json<T: serde::Serialize>(value: &T) -> String {
    serde_json::to_string(value).expect("json")
}

/// The search index of one-line talks, where each talk's number is a word of its own: it finds
/// a term's id in its list of terms sorted by spelling rather than in a map, keeps a term's
/// written form only when it differs, and each term's lists of talks at their exact size.
/// (With a map from terms to ids, every written form kept and lists that could grow, the index
/// of these notes took 266 bytes a talk; now 206.) While it is built, each term's first list
/// of talks holds one talk rather than room for four: the build peaked at 373 bytes a talk with
/// that room; now 336.
#[test]
fn the_index_of_one_line_talks_costs_little_a_talk() {
    let _alone = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    let text = talk_notes::synth::generate_one_line_notes(20_000, 7);
    let conference =
        parse_conference_to_answer(text, "notes.md".as_ref(), &ParseOptions::default());
    let talks = conference.talks.len();
    let library = std::sync::Arc::new(talk_notes::Library {
        conferences: vec![conference],
    });
    let before = live();
    reset_peak();
    let index = talk_notes::search::TalkIndex::build(library);
    let bytes = live() - before;
    let building = peak() - before;
    eprintln!(
        "index of {talks} one-line talks: {} B a talk, {} B a talk while built",
        bytes / talks,
        building / talks
    );
    assert_eq!(index.len(), 20_000);
    assert!(!index.search("talk 1234", 5).results.is_empty());
    assert!(bytes / talks < 215, "index {} B a talk", bytes / talks);
    assert!(
        building / talks < 345,
        "building the index: {} B a talk",
        building / talks
    );
}
