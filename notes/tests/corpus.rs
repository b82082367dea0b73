//! Real notes by other people (`../shared/data/corpus`, not committed): each file splits into
//! the talks a reader sees, and no word of the file is lost by the model.

mod common;

use common::corpus::corpus_dir;
use std::collections::BTreeSet;
use std::path::PathBuf;
use talk_notes::{load_library, Block, Conference, ParseOptions};

/// (file name start, talk level, talk count, first title, last title), counted by reading each
/// file as a person would: lunches, parties, link dumps and colleagues' notes are not talks.
const EXPECTED: &[(&str, u8, usize, &str, &str)] = &[
    ("AymenMarouani", 2, 12, "La Keynote de Devoxx France", "Améliorez la performance et l'UX de vos app avec React Suspense"),
    ("Nikolas-Charalambidis", 2, 29, "How To Be a Java Automated Testing Superstar", "Spring for Architects"),
    ("abrg", 3, 11, "Keynote: \"You\"", "Talk 3: Best Practices for Enterprise JS Apps (2:30pm)"),
    ("failure-driven", 3, 25, "Yukihiro \"Matz\" Matsumoto (JA) - Keynote", "Parsing RBS (EN) - Keynote"),
    ("jackfranklin", 1, 6, "Todd Parker - jQuery Mobile", "Haymo Meran"),
    ("jackson15j", 2, 2, "Things you can't cloud your way out of (Jessica Brown, Fastly)", "Advanced Docker image build patterns (Gareth Rushgrove, Docker)"),
    ("jameslamb", 3, 23, "A. Keynote - The Right Tool for the Job", "D. Lightning talks"),
    ("joooi13", 2, 13, "keynote", "What's new with sign up and sign in on the web"),
    ("karlhorky", 2, 9, "The Front-End Revolution", "Enhancing responsiveness with Flexbox"),
    ("klaukf", 3, 11, "La révolution (wasm) est incroyable parce que vraie - Philippe CHARRIERE et Laurent DOGUIN", "Dois-je migrer en Reactive et comment ? - Christophe JOLLIVET"),
    ("lastcoolnameleft", 1, 12, "Dan Kohn - Exec Dir - CNCF", "Adrian Cockcroft - VP Cloud Arch Strag, AWS"),
    ("morszczuk", 1, 6, "The Technical and Organizational Infrastructure of the Ruby Community - Adarsh Pandit", "Talk 4 - Welcome Ruby juniors - Hana Harencarova (@hanaharencar)"),
    ("mven", 3, 26, "Securing organizations through bad behavior", "Speeding up the PlayStation 4 user interface - web performance optimization outside the browser"),
    ("nisioka", 2, 20, "Keynote", "[LT2] gorealizeで始めるDocker開発環境"),
    ("spsaaibi", 3, 16, "1. Richard Smith-Unna (@blahah404): Easy, massive-scale reuse of scientific outputs", "7. Jure Triglav (@juretriglav): open science, open data, open source"),
];

/// (file name start, talk title start, speaker) for speakers the notes name in several shapes.
const SPEAKERS: &[(&str, &str, &str)] = &[
    ("abrg", "Talk 1: Hiking", "Ryan Neimeyer"),
    ("jackfranklin", "Web vs Apps", "Dion Almaer, Ben Galbraith"),
    ("jackson15j", "Things you can't", "Jessica Brown"),
    ("klaukf", "Licences open source", "Pierre-Yves Lapersonne"),
    ("morszczuk", "From massive pull requests", "Vesa Vänskä"),
    ("spsaaibi", "8. Mouse Reeve", "Mouse Reeve"),
];

fn conferences() -> Option<Vec<Conference>> {
    let dir = corpus_dir()?;
    Some(
        load_library(&[dir], &ParseOptions::default())
            .expect("corpus loads")
            .conferences,
    )
}

fn file_name(c: &Conference) -> String {
    c.file
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

#[test]
fn each_file_splits_into_the_talks_a_reader_sees() {
    let Some(conferences) = conferences() else {
        return;
    };
    assert_eq!(conferences.len(), EXPECTED.len());
    for (prefix, level, count, first, last) in EXPECTED {
        let c = conferences
            .iter()
            .find(|c| file_name(c).starts_with(prefix))
            .unwrap_or_else(|| panic!("no corpus file {prefix}"));
        assert_eq!(c.talk_level, *level, "{prefix}");
        assert_eq!(c.talks.len(), *count, "{prefix}");
        assert_eq!(c.talks[0].title, *first, "{prefix}");
        assert_eq!(c.talks[count - 1].title, *last, "{prefix}");
        // A file of talks headed by `#` has no conference title of its own.
        assert!(
            c.talks.iter().all(|t| t.title != c.title),
            "{prefix}: {}",
            c.title
        );
        for talk in &c.talks {
            assert!(!talk.title.contains('<'), "{prefix}: {}", talk.title);
            assert!(
                talk.line < talk.end_line || talk.blocks.is_empty(),
                "{prefix}: {}",
                talk.title
            );
        }
    }
}

#[test]
fn speakers_are_read_from_titles_and_lines_under_them() {
    let Some(conferences) = conferences() else {
        return;
    };
    for (prefix, title, speaker) in SPEAKERS {
        let c = conferences
            .iter()
            .find(|c| file_name(c).starts_with(prefix))
            .unwrap_or_else(|| panic!("no corpus file {prefix}"));
        let talk = c
            .talks
            .iter()
            .find(|t| t.title.starts_with(title))
            .unwrap_or_else(|| panic!("{prefix}: no talk {title}"));
        assert_eq!(talk.speaker.as_deref(), Some(*speaker), "{prefix}: {title}");
    }
}

fn push_words(text: &str, words: &mut BTreeSet<String>) {
    for word in text.split(|c: char| !c.is_alphanumeric()) {
        if word.chars().count() >= 3 {
            words.insert(word.to_lowercase());
        }
    }
}

/// Every word of `blocks`, the markup's (addresses, picture titles, code languages) included.
fn blocks_words(blocks: &[Block], words: &mut BTreeSet<String>) {
    common::model_text::blocks_text(blocks, &mut |text, _| push_words(text, words));
}

fn model_words(c: &Conference) -> BTreeSet<String> {
    let mut words = BTreeSet::new();
    push_words(&c.title, &mut words);
    push_words(c.title_url.as_deref().unwrap_or(""), &mut words);
    for (key, value) in &c.metadata {
        push_words(key, &mut words);
        push_words(value, &mut words);
    }

    for section in &c.sections {
        push_words(&section.title, &mut words);
        blocks_words(&section.blocks, &mut words);
    }
    for talk in &c.talks {
        push_words(&talk.title, &mut words);
        push_words(talk.title_url.as_deref().unwrap_or(""), &mut words);
        blocks_words(&talk.blocks, &mut words);
        for link in &talk.links {
            push_words(link.title(), &mut words);
            push_words(link.label(), &mut words);
            push_words(link.url(), &mut words);
        }
    }
    words
}

/// The source without its HTML tags (`<img width=200>`, `<a name="x">`): markup, not content.
fn without_tags(source: &str) -> String {
    let mut out = String::with_capacity(source.len());
    let mut rest = source;
    while let Some(open) = rest.find('<') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let is_tag = after.starts_with(|c: char| c.is_ascii_alphabetic() || c == '/' || c == '!');
        match after.find('>') {
            Some(close) if is_tag && !after[..close].starts_with("http") => {
                out.push(' ');
                rest = &after[close + 1..];
            }
            _ => {
                out.push('<');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

fn assert_no_word_lost(conferences: &[Conference]) {
    for c in conferences {
        let source = std::fs::read_to_string(&c.file).expect("notes file");
        let mut source_words = BTreeSet::new();
        push_words(&without_tags(&source), &mut source_words);
        let kept = model_words(c);
        let lost: Vec<&String> = source_words.iter().filter(|w| !kept.contains(*w)).collect();
        assert!(lost.is_empty(), "{}: lost {lost:?}", file_name(c));
    }
}

#[test]
fn no_word_of_a_corpus_file_is_lost() {
    let Some(conferences) = conferences() else {
        return;
    };
    assert_no_word_lost(&conferences);
}

#[test]
fn no_word_of_the_example_or_fixtures_is_lost() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let paths = [
        root.join("examples/velocity-london-2018.md"),
        root.join("tests/fixtures"),
    ];
    let library = load_library(&paths, &ParseOptions::default()).expect("notes load");
    assert_eq!(library.conferences.len(), 28);
    assert_no_word_lost(&library.conferences);
}
