//! Nothing is dropped and nothing invented: the words of the model (talks and the sections
//! that are not talks: titles, headings, text, list items, code, tables, image alt text) are
//! the words of the file's body as pulldown-cmark renders it to plain text, front matter aside.
//! Checked on generated notes and on every corpus file.

mod common;

use common::model_text::Piece;

use proptest::prelude::*;
use pulldown_cmark::{Event, Parser};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use talk_notes::synth::generate_notes;
use talk_notes::{parse_conference, Block, Conference, ParseOptions};

/// Labels the reader writes for what HTML embeds (`<video src>` becomes a "Video" link).
const WRITTEN_BY_THE_READER: &[&str] = &["video", "audio"];

fn push_words(text: &str, words: &mut BTreeSet<String>) {
    for word in text.split(|c: char| !c.is_alphanumeric()) {
        if !word.is_empty() {
            words.insert(word.to_lowercase());
        }
    }
}

/// The words of `blocks` a reader sees (no addresses, no code languages).
fn blocks_words(blocks: &[Block], words: &mut BTreeSet<String>) {
    common::model_text::blocks_text(blocks, &mut |text, piece| {
        if piece == Piece::Text {
            push_words(text, words);
        }
    });
}

/// The words of the conference's talks and sections, and of its title when a heading gave it.
fn model_words(c: &Conference) -> BTreeSet<String> {
    let mut words = BTreeSet::new();
    if c.anchors.iter().any(|a| a.text() == c.title) {
        push_words(&c.title, &mut words);
    }
    for section in &c.sections {
        push_words(&section.title, &mut words);
        blocks_words(&section.blocks, &mut words);
    }
    for talk in &c.talks {
        push_words(&talk.title, &mut words);
        blocks_words(&talk.blocks, &mut words);
    }
    words
}

/// The text of an HTML fragment: what is between its tags, and the `alt` of its images.
fn html_words(html: &str, words: &mut BTreeSet<String>) {
    let mut rest = html;
    while let Some(open) = rest.find('<') {
        push_words(&rest[..open], words);
        let after = &rest[open..];
        if let Some(comment) = after.strip_prefix("<!--") {
            rest = comment.find("-->").map_or("", |end| &comment[end + 3..]);
            continue;
        }
        let is_tag = after[1..].starts_with(|c: char| c.is_ascii_alphabetic() || c == '/');
        match after.find('>') {
            Some(close) if is_tag => {
                let tag = &after[..close];
                if let Some(at) = tag.find("alt=") {
                    let value = &tag[at + 4..];
                    let quote = value.chars().next().unwrap_or(' ');
                    let value = if quote == '"' || quote == '\'' {
                        value[1..].split(quote).next().unwrap_or("")
                    } else {
                        value.split_whitespace().next().unwrap_or("")
                    };
                    push_words(value, words);
                }
                rest = &after[close + 1..];
            }
            _ => {
                push_words("<", words);
                rest = &after[1..];
            }
        }
    }
    push_words(rest, words);
}

/// The words of `text`'s body (front matter aside) rendered to plain text by pulldown-cmark.
fn body_words(text: &str) -> BTreeSet<String> {
    let body = &text[talk_notes::frontmatter::split(text).body_start..];
    let mut words = BTreeSet::new();
    let mut html = String::new();
    for event in Parser::new_ext(body, talk_notes::blocks::markdown_options()) {
        let is_html = matches!(event, Event::Html(_) | Event::InlineHtml(_));
        if !is_html && !html.is_empty() {
            html_words(&html, &mut words);
            html.clear();
        }
        match event {
            Event::Text(t) | Event::Code(t) | Event::InlineMath(t) | Event::DisplayMath(t) => {
                push_words(&t, &mut words)
            }
            Event::Html(t) | Event::InlineHtml(t) => html.push_str(&t),
            Event::FootnoteReference(name) => push_words(&name, &mut words),
            _ => {}
        }
    }
    html_words(&html, &mut words);
    words
}

/// What the model lost and what it invented, relative to the body of `text`.
fn differences(text: &str, c: &Conference) -> (Vec<String>, Vec<String>) {
    let body = body_words(text);
    let model = model_words(c);
    let lost = body.difference(&model).cloned().collect();
    let invented = model
        .difference(&body)
        .filter(|w| !WRITTEN_BY_THE_READER.contains(&w.as_str()))
        .cloned()
        .collect();
    (lost, invented)
}

fn assert_same_words(text: &str, file: &Path) {
    let c = parse_conference(text, file, &ParseOptions::default());
    let (lost, invented) = differences(text, &c);
    assert!(
        lost.is_empty() && invented.is_empty(),
        "{}: lost {lost:?}, invented {invented:?}",
        file.display()
    );
}

#[test]
fn every_corpus_file_keeps_exactly_its_words() {
    let Some(dir) = common::corpus::corpus_dir() else {
        return;
    };
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("corpus folder")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    files.sort();
    assert!(!files.is_empty());
    for file in files {
        let text = std::fs::read_to_string(&file).expect("corpus file");
        assert_same_words(&text, &file);
    }
}

#[test]
fn the_example_and_every_fixture_keep_exactly_their_words() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let mut files = vec![root.join("examples/velocity-london-2018.md")];
    let mut fixtures: Vec<PathBuf> = std::fs::read_dir(root.join("tests/fixtures"))
        .expect("fixtures")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    fixtures.sort();
    files.extend(fixtures);
    for file in files {
        let text = std::fs::read_to_string(&file).expect("notes file");
        assert_same_words(&text, &file);
    }
}

#[test]
fn text_before_the_first_heading_is_kept_as_the_introduction() {
    let text = "Written on the train home.\n\n# Conf\n\nSome intro words.\n\n## A talk\n\nBody.\n";
    let c = parse_conference(text, Path::new("x.md"), &ParseOptions::default());
    assert_eq!(c.talks.len(), 1);
    let (lost, invented) = differences(text, &c);
    assert!(
        lost.is_empty() && invented.is_empty(),
        "{lost:?} {invented:?}"
    );
    assert_eq!(c.intro().len(), 2);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn generated_notes_keep_exactly_their_words(talks in 1usize..40, seed in any::<u64>()) {
        let text = generate_notes(talks, seed);
        let c = parse_conference(&text, Path::new("generated.md"), &ParseOptions::default());
        let (lost, invented) = differences(&text, &c);
        prop_assert!(lost.is_empty() && invented.is_empty(), "lost {:?}, invented {:?}", lost, invented);
    }
}
