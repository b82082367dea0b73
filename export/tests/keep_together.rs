//! Keep-together rules on purpose-made talks, read back from the PDFs: whatever amount of text
//! comes before, an introduction stays with its list, a short list or table moves whole, a
//! label never ends a slide, and a paragraph taller than a slide leaves no line alone.

use lopdf::Document;
use std::path::PathBuf;
use talk_export::fonts::FontSet;
use talk_export::page::Item;
use talk_export::picture_source::PictureSource;
use talk_export::slides::SlideLayout;
use talk_export::{Exporter, Options, PictureOptions, Theme};
use talk_notes::{Block, Conference, List, ListItem, Span, Style, StyledText, Table, Talk};

/// Pictures offline, from an empty cache folder of its own (removed when `cache` is dropped):
/// these talks have no pictures, and none may come from another run's folder.
fn offline(cache: &tempfile::TempDir) -> PictureOptions {
    PictureOptions {
        offline: true,
        cache_dir: Some(cache.path().join("pictures")),
        ..PictureOptions::default()
    }
}

fn para(text: &str) -> Block {
    Block::Paragraph {
        spans: StyledText::plain(text),
    }
}

fn bold(text: &str) -> Block {
    Block::Paragraph {
        spans: vec![Span {
            text: text.into(),
            style: Style {
                bold: true,
                ..Style::default()
            },
            link: None,
        }]
        .into(),
    }
}

fn list(items: &[String]) -> Block {
    Block::List(List {
        start: None,
        items: items
            .iter()
            .map(|t| ListItem {
                checked: None,
                blocks: vec![para(t)].into(),
            })
            .collect(),
    })
}

fn talk(blocks: Vec<Block>) -> (Conference, Talk) {
    let file = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/notes.md");
    let talk = Talk {
        file: file.as_path().into(),
        ..Talk::new("Keeping things together", blocks)
    };
    let conference = Conference {
        file,
        talks: vec![talk.clone()],
        ..Conference::new("Layout Conf")
    };
    (conference, talk)
}

/// Filler paragraphs of one, two or three lines, so that what follows lands anywhere on a
/// slide as `n` grows.
fn filler(n: usize) -> Vec<Block> {
    (0..n)
        .map(|i| {
            let words = ["filler"; 14].join(" ");
            para(&format!("{} {i}", words.repeat(1 + i % 3)))
        })
        .collect()
}

/// The text of each page of the exported PDF, whitespace removed.
fn pages(conference: &Conference, talk: &Talk) -> Vec<String> {
    let cache = tempfile::tempdir().expect("temp dir");
    let exporter = Exporter::new(Options {
        created: Some(0),
        pictures: offline(&cache),
        ..Options::default()
    })
    .expect("exporter");
    let pdf = exporter.talk(conference, talk).expect("export");
    let doc = Document::load_mem(&pdf.bytes).expect("parses");
    doc.get_pages()
        .keys()
        .map(|n| {
            doc.extract_text(&[*n])
                .expect("text")
                .split_whitespace()
                .collect()
        })
        .collect()
}

fn page_of(pages: &[String], marker: &str) -> usize {
    pages
        .iter()
        .position(|p| p.contains(marker))
        .unwrap_or_else(|| panic!("{marker} on no page"))
}

#[test]
fn an_introduction_stays_with_its_short_list_which_moves_whole() {
    let items: Vec<String> = (1..=4).map(|i| format!("SHORTITEM{i} point")).collect();
    for n in 0..14 {
        let mut blocks = filler(n);
        blocks.push(para("INTRO Setup Kubernetes with scripting"));
        blocks.push(list(&items));
        blocks.push(para("AFTERWARDS"));
        let (conference, talk) = talk(blocks);
        let pages = pages(&conference, &talk);
        let intro = page_of(&pages, "INTRO");
        for i in 1..=4 {
            assert_eq!(
                page_of(&pages, &format!("SHORTITEM{i}")),
                intro,
                "{n} fillers: item {i} is not with the introduction: {pages:#?}"
            );
        }
    }
}

#[test]
fn a_long_list_keeps_its_introduction_with_the_first_two_items() {
    let items: Vec<String> = (1..=24).map(|i| format!("LONGITEM{i:02} point")).collect();
    for n in 0..14 {
        let mut blocks = filler(n);
        blocks.push(para("INTRO the long list"));
        blocks.push(list(&items));
        let (conference, talk) = talk(blocks);
        let pages = pages(&conference, &talk);
        let intro = page_of(&pages, "INTRO");
        assert_eq!(page_of(&pages, "LONGITEM01"), intro, "{n} fillers");
        assert_eq!(page_of(&pages, "LONGITEM02"), intro, "{n} fillers");
        // The list itself still breaks: it is taller than a slide.
        assert!(page_of(&pages, "LONGITEM24") > intro);
    }
}

#[test]
fn a_short_table_moves_whole_with_its_introduction() {
    let cell = StyledText::plain;
    let table = Block::Table(Box::new(Table {
        alignments: Vec::new(),
        header: vec![cell("TABLEHEAD tool"), cell("use")],
        rows: (1..=5)
            .map(|i| vec![cell(&format!("TABLEROW{i}")), cell("something")])
            .collect(),
    }));
    for n in 0..14 {
        let mut blocks = filler(n);
        blocks.push(para("INTRO the tools:"));
        blocks.push(table.clone());
        let (conference, talk) = talk(blocks);
        let pages = pages(&conference, &talk);
        let intro = page_of(&pages, "INTRO");
        assert_eq!(page_of(&pages, "TABLEHEAD"), intro, "{n} fillers");
        for i in 1..=5 {
            assert_eq!(
                page_of(&pages, &format!("TABLEROW{i}")),
                intro,
                "{n} fillers"
            );
        }
    }
}

#[test]
fn a_label_never_ends_a_slide() {
    for n in 0..20 {
        let mut blocks = filler(n);
        blocks.push(bold("LABELTEXT Takeaways"));
        let long = "the first takeaway is a long sentence about things ".repeat(6);
        blocks.push(para(&format!("FOLLOWER {long}")));
        let (conference, talk) = talk(blocks);
        let pages = pages(&conference, &talk);
        assert_eq!(
            page_of(&pages, "LABELTEXT"),
            page_of(&pages, "FOLLOWER"),
            "{n} fillers"
        );
    }
}

#[test]
fn a_paragraph_taller_than_a_slide_leaves_no_line_alone() {
    let fonts = FontSet::load(&[]).expect("fonts");
    let cache = tempfile::tempdir().expect("temp dir");
    let pictures = PictureSource::new(offline(&cache));
    // About ten words a line: one length in these makes a one-line tail without the rule.
    for n in 0..24 {
        let words: Vec<String> = (0..300 + n * 4).map(|i| format!("w{i}")).collect();
        let mut blocks = filler(n % 2);
        blocks.push(para(&words.join(" ")));
        let (conference, talk) = talk(blocks);
        let deck = SlideLayout::new(&fonts, Theme::LIGHT, &pictures).talk(&conference, &talk);
        for (p, page) in deck.pages.iter().enumerate() {
            // Baselines of the long paragraph's lines on this slide.
            let mut baselines: Vec<i64> = page
                .items
                .iter()
                .filter_map(|item| match item {
                    Item::Text { text, y, size, .. }
                        if *size > 13.0 && text.trim_start().starts_with('w') =>
                    {
                        Some(*y as i64)
                    }
                    _ => None,
                })
                .collect();
            baselines.dedup();
            assert!(
                baselines.len() != 1,
                "length {n}: slide {} holds one line of the paragraph",
                p + 1
            );
        }
    }
}
