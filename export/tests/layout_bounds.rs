//! Property test of the slide layout on arbitrary talks: nothing is drawn off the page or into
//! the footer, and every word of the talk is on some slide, in order.

use proptest::prelude::*;
use std::path::PathBuf;
use talk_export::fonts::FontSet;
use talk_export::page::Item;
use talk_export::slides::SlideLayout;
use talk_export::Theme;
use talk_notes::text::talk_text;
use talk_notes::{
    Alignment, Block, Conference, Image, List, ListItem, Span, Style, StyledText, Table, Talk,
};

fn word() -> impl Strategy<Value = String> {
    prop_oneof![
        8 => "[a-zA-Z0-9éü“”—→✓┌(),.:]{1,12}",
        1 => "[a-z/._-]{30,120}",
    ]
}

fn words(max: usize) -> impl Strategy<Value = String> {
    prop::collection::vec(word(), 1..max).prop_map(|w| w.join(" "))
}

fn spans() -> impl Strategy<Value = Vec<Span>> {
    prop::collection::vec((words(20), any::<(bool, bool, bool, bool)>()), 1..6).prop_map(|parts| {
        let mut out = Vec::new();
        for (text, (bold, italic, code, link)) in parts {
            if !out.is_empty() {
                out.push(Span::plain(" "));
            }
            out.push(Span {
                text,
                style: Style {
                    bold,
                    italic,
                    code,
                    strike: false,
                },
                link: link.then(|| "https://example.com/x".to_string()),
            });
        }
        out
    })
}

fn leaf() -> impl Strategy<Value = Block> {
    prop_oneof![
        6 => spans().prop_map(|spans| Block::Paragraph { spans: spans.into() }),
        1 => words(12).prop_map(|t| Block::Heading { level: 3, spans: StyledText::plain(&t) }),
        2 => prop::collection::vec("[ -~]{0,140}", 1..25).prop_map(|lines| Block::Code { lang: None, text: lines.join("\n").into() }),
        1 => (1usize..10, 0usize..15).prop_flat_map(|(cols, rows)| {
            prop::collection::vec(prop::collection::vec(words(8), cols), rows + 1).prop_map(move |mut cells| {
                let header = cells.remove(0).into_iter().map(|t| StyledText::plain(&t)).collect();
                Block::Table(Box::new(Table {
                    alignments: vec![Alignment::Right; cols],
                    header,
                    rows: cells.into_iter().map(|r| r.into_iter().map(|t| StyledText::plain(&t)).collect()).collect(),
                }))
            })
        }),
        1 => words(6).prop_map(|alt| Block::Image(Box::new(Image { alt, url: "https://example.com/a.png".into(), title: String::new() }))),
        1 => Just(Block::Rule),
    ]
}

fn block() -> impl Strategy<Value = Block> {
    leaf().prop_recursive(3, 40, 6, |inner| {
        prop_oneof![
            (
                prop::option::of(0u64..1000),
                prop::collection::vec(prop::collection::vec(inner.clone(), 1..3), 1..6)
            )
                .prop_map(|(start, items)| Block::List(List {
                    start,
                    items: items
                        .into_iter()
                        .map(|blocks| ListItem {
                            checked: None,
                            blocks: blocks.into()
                        })
                        .collect(),
                })),
            prop::collection::vec(inner, 1..3).prop_map(|blocks| Block::Quote { blocks }),
        ]
    })
}

fn fonts() -> &'static FontSet {
    static FONTS: std::sync::OnceLock<FontSet> = std::sync::OnceLock::new();
    FONTS.get_or_init(|| FontSet::load(&[]).expect("fonts"))
}

fn squash(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 40, max_shrink_iters: 64, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn slides_stay_on_the_page_and_keep_every_word(
        title in words(30),
        conference in words(12),
        blocks in prop::collection::vec(block(), 0..10),
    ) {
        let fonts = fonts();
        let talk = Talk {
            file: std::path::Path::new("notes.md").into(),
            ..Talk::new(title, blocks)
        };
        let conf = Conference {
            file: PathBuf::from("notes.md"),
            ..Conference::new(conference)
        };
        let deck = SlideLayout::new(fonts, Theme::LIGHT, &talk_export::picture_source::PictureSource::new(talk_export::PictureOptions { offline: true, ..Default::default() })).talk(&conf, &talk);
        let mut all = String::new();
        for (n, page) in deck.pages.iter().enumerate() {
            for item in &page.items {
                if let Item::Text { x, y, size, font, text, .. } = item {
                    let w: f32 = text.chars().map(|c| fonts.get(*font).advance_em(c) * size).sum();
                    prop_assert!(*x >= 0.0 && x + w <= page.width + 0.5, "page {n}: {text:?} at x {x} w {w}");
                    prop_assert!(*y + size <= page.height, "page {n}: {text:?} above the top at {y}");
                    // The footer sits at 16 pt; everything else stays above it.
                    prop_assert!(*y == 16.0 || *y >= 30.0, "page {n}: {text:?} in the footer at {y} size {size}; page texts {:?}", page.items.iter().filter_map(|i| if let Item::Text { y, text, .. } = i { Some((y, text)) } else { None }).collect::<Vec<_>>());
                    prop_assert!(*size >= talk_export::slides::MIN_TEXT_SIZE);
                }
            }
            all.push_str(&page.texts().concat());
        }
        let haystack = squash(&all);
        let mut from = 0;
        for word in talk_text(&talk).split_whitespace().filter(|w| *w != "|") {
            if word.chars().count() > 40 {
                // A word longer than a line is broken between characters, and a paragraph taller
                // than a slide between lines: its pieces may sit on two slides, in order.
                for c in word.chars() {
                    let at = haystack[from..].find(c);
                    prop_assert!(at.is_some(), "char {:?} of {:?} missing after {}", c, word, from);
                    from += at.unwrap_or(0) + c.len_utf8();
                }
                continue;
            }
            // A line (and a slide) may end at any break opportunity of UAX #14 inside a word
            // ("a—b", CJK): each piece is found in order.
            let mut start = 0;
            for (end, _) in unicode_linebreak::linebreaks(word) {
                let piece = &word[start..end];
                start = end;
                let at = haystack[from..].find(piece);
                prop_assert!(at.is_some(), "piece {:?} of {:?} missing after {}: {}", piece, word, from, &haystack[from..]);
                from += at.unwrap_or(0) + piece.len();
            }
        }
    }
}
