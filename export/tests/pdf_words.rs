//! Reads the exported PDFs' text back with lopdf: every word of a talk is in its PDF, in order,
//! in every layout, and what must stay whole (a list item, a code line) stays on one slide.

mod support;

use lopdf::{Document, Object};
use std::path::{Path, PathBuf};
use support::read_pdf::{
    assert_every_word_in_order, assert_words_in_order, links, mask, pages_text, squash,
};
use support::talks::{conference, example, exporter, para, rich_talk, talk};
use talk_export::{Exporter, Layout};
use talk_notes::{text::talk_text, ParseOptions};

#[test]
fn every_word_of_every_example_talk_is_in_its_pdf() {
    let conf = example();
    assert_eq!(conf.talks.len(), 9);
    let exporter = exporter(Layout::Slides);
    for talk in &conf.talks {
        let pdf = exporter.talk(&conf, talk).expect("export");
        let doc = Document::load_mem(&pdf.bytes).expect("parses");
        let texts = pages_text(&doc);
        assert_eq!(texts.len(), pdf.pages);
        assert!(pdf.missing_chars.is_empty(), "{:?}", pdf.missing_chars);
        assert_every_word_in_order(talk, &texts.concat());
        // Each link of the talk is clickable somewhere, with no visible border.
        let annotations = links(&doc);
        for link in &talk.links {
            assert!(
                annotations.iter().any(|a| a.url == link.url()),
                "{}: {}",
                talk.title,
                link.url()
            );
        }
        assert!(annotations
            .iter()
            .all(|a| a.border.iter().all(|b| *b == 0.0)));
    }
}

#[test]
fn a_rich_talk_keeps_every_word_and_never_splits_an_item_or_code_line() {
    let talk = rich_talk();
    let conf = conference(vec![talk.clone()]);
    let pdf = exporter(Layout::Slides).talk(&conf, &talk).expect("export");
    let doc = Document::load_mem(&pdf.bytes).expect("parses");
    let texts = pages_text(&doc);
    assert_every_word_in_order(&talk, &texts.concat());
    // Offline with an empty cache: the remote picture is the only thing reported.
    assert_eq!(
        pdf.warnings,
        vec![
            "picture https://example.com/diagram.png: not in the picture cache and fetching is off (--offline)"
                .to_string()
        ]
    );

    // Slides are 16:9.
    for page_id in doc.get_pages().values() {
        let media = doc
            .get_dictionary(*page_id)
            .and_then(|d| d.get(b"MediaBox"))
            .and_then(Object::as_array)
            .expect("media box");
        let dims: Vec<f32> = media
            .iter()
            .map(|o| o.as_float().expect("number"))
            .collect();
        assert!((dims[2] / dims[3] - 16.0 / 9.0).abs() < 0.01, "{dims:?}");
    }
    // Continuations are titled, and the sub-heading opens a slide with its own title.
    assert!(texts.iter().any(|t| t.contains("Rich talk (cont.)")));
    let sub = texts
        .iter()
        .position(|t| t.contains("Sub heading starts a slide"))
        .expect("sub-heading slide");
    assert!(
        squash(&texts[sub]).starts_with(&squash("Sub heading starts a slide")),
        "{}",
        texts[sub]
    );
    // Original list numbers.
    let all = texts.concat();
    assert!(all.contains("7.") && all.contains("8."), "numbers kept");
    // No code line and no list item is cut across two slides.
    for i in 1..=30 {
        let line = squash(&format!("let value_{i} = compute({i}); // code line {i}"));
        assert!(
            texts.iter().any(|t| squash(t).contains(&line)),
            "code line {i} split or missing"
        );
    }
    for i in 0..25 {
        let p = squash(&format!("Paragraph number {i} has several words so that the talk overflows many slides and continues."));
        assert!(
            texts.iter().any(|t| squash(t).contains(&p)),
            "paragraph {i} split"
        );
    }
    // The remote image is a placeholder with a clickable URL; the link span is clickable.
    let annotations = links(&doc);
    assert!(annotations
        .iter()
        .any(|a| a.url == "https://example.com/diagram.png"));
    assert!(annotations
        .iter()
        .any(|a| a.url == "https://example.com/deep/link"));
    // The local image is embedded.
    let images = doc
        .objects
        .values()
        .filter(|o| {
            o.as_stream()
                .ok()
                .and_then(|s| s.dict.get(b"Subtype").ok())
                .and_then(|s| s.as_name().ok())
                == Some(b"Image".as_slice())
        })
        .count();
    assert_eq!(images, 1);
    // A final Links slide lists the URLs in full.
    assert!(texts
        .last()
        .is_some_and(|t| t.contains("Links") && t.contains("https://example.com/talk")));
}

#[test]
fn a_character_no_font_has_is_reported_once() {
    let talk = talk(
        "CJK 漢字 talk",
        vec![para("漢字 and 漢字 again")],
        Vec::new(),
    );
    let conf = conference(vec![talk.clone()]);
    let pdf = exporter(Layout::Slides).talk(&conf, &talk).expect("export");
    assert_eq!(pdf.missing_chars, vec!['漢', '字']);
    let doc = Document::load_mem(&pdf.bytes).expect("parses");
    assert!(pages_text(&doc).concat().contains('\u{FFFD}'));
}

/// The real notes of other people in `../shared/data/corpus/` (not committed): every talk in
/// every layout keeps every word. The corpus sits beside the repository on developer machines
/// and in CI.
#[test]
fn every_word_of_every_corpus_talk_in_every_layout() {
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/data/corpus");
    let Ok(entries) = std::fs::read_dir(&corpus) else {
        panic!(
            "{}: corpus not found (it ships beside the repository in shared/)",
            corpus.display()
        );
    };
    let mut files: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    files.sort();
    assert!(!files.is_empty());
    let layouts = [
        Layout::Slides,
        Layout::Handout(1),
        Layout::Handout(2),
        Layout::Handout(3),
        Layout::Handout(4),
        Layout::Handout(6),
    ];
    let exporters: Vec<Exporter> = layouts.iter().map(|l| exporter(*l)).collect();
    let mut talks = 0;
    for file in &files {
        let text = std::fs::read_to_string(file).expect("corpus file is UTF-8");
        let conf = talk_notes::parse_conference(&text, file, &ParseOptions::default());
        for (i, talk) in conf.talks.iter().enumerate() {
            talks += 1;
            // Every layout for a spread of talks, slides for all of them (debug builds are slow).
            let which = if i % 5 == 0 {
                &exporters[..]
            } else {
                &exporters[..1]
            };
            for exporter in which {
                let pdf = exporter.talk(&conf, talk).expect("export");
                let doc = Document::load_mem(&pdf.bytes).expect("parses");
                // Characters no font has are drawn as U+FFFD (and reported): compare as such.
                let expected = mask(&talk_text(talk), &pdf.missing_chars);
                let got = mask(&pages_text(&doc).concat(), &pdf.missing_chars);
                assert_words_in_order(&talk.title, &expected, &got);
            }
        }
    }
    assert!(talks > 100, "{talks} talks");
}
