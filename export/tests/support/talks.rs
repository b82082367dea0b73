//! Talks and exporters for the PDF tests (and the `samples` example): the example notes, a
//! rich talk with every kind of block, and exporters that never touch the network.

use std::path::{Path, PathBuf};
use talk_export::{Exporter, Layout, Options, PictureOptions};
use talk_notes::{
    Block, Conference, Image, Link, LinkKind, List, ListItem, ParseOptions, Span, Style,
    StyledText, Table, Talk,
};

/// The example notes of the repository (9 talks).
pub fn example() -> Conference {
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../notes/examples/velocity-london-2018.md");
    let text = std::fs::read_to_string(&path).expect("example notes");
    talk_notes::parse_conference(&text, &path, &ParseOptions::default())
}

/// An empty folder of this test process: no picture cache of another run or user is read.
static EMPTY_FOLDER: std::sync::LazyLock<tempfile::TempDir> =
    std::sync::LazyLock::new(|| tempfile::tempdir().expect("a temporary folder"));

/// Picture options for tests: never the network, never the user's cache.
pub fn offline() -> PictureOptions {
    PictureOptions {
        offline: true,
        cache_dir: Some(EMPTY_FOLDER.path().join("pictures")),
        ..PictureOptions::default()
    }
}

/// An exporter in `layout` with a fixed creation date and offline pictures.
pub fn exporter(layout: Layout) -> Exporter {
    Exporter::new(Options {
        layout,
        created: Some(1_700_000_000),
        pictures: offline(),
        ..Options::default()
    })
    .expect("exporter")
}

/// A paragraph of plain text.
pub fn para(text: &str) -> Block {
    Block::Paragraph {
        spans: StyledText::plain(text),
    }
}

/// A list item holding one paragraph.
pub fn item(text: &str) -> ListItem {
    ListItem {
        checked: None,
        blocks: vec![para(text)].into(),
    }
}

/// A conference "Test Conf 2026" holding `talks`.
pub fn conference(talks: Vec<Talk>) -> Conference {
    Conference {
        file: PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/notes.md"),
        talks,
        ..Conference::new("Test Conf 2026")
    }
}

/// A talk titled `title` with `blocks` and `links`.
pub fn talk(title: &str, blocks: Vec<Block>, links: Vec<Link>) -> Talk {
    Talk {
        file: PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/notes.md")
            .into(),
        end_line: 10,
        links,
        ..Talk::new(title, blocks)
    }
}

/// A talk with every kind of block: styled spans, nested numbered lists, code, quote, table,
/// local and remote images, a sub-heading, and enough text to need continuation slides.
pub fn rich_talk() -> Talk {
    let link = "https://example.com/deep/link";
    let bold = Style {
        bold: true,
        ..Style::default()
    };
    let code = Style {
        code: true,
        ..Style::default()
    };
    let mut blocks = vec![
        Block::Paragraph {
            spans: vec![
                Span::plain("Plain text with "),
                Span {
                    text: "bold words".into(),
                    style: bold,
                    link: None,
                },
                Span::plain(", "),
                Span {
                    text: "inline_code()".into(),
                    style: code,
                    link: None,
                },
                Span::plain(" and "),
                Span {
                    text: "a clickable link".into(),
                    style: Style::default(),
                    link: Some(link.into()),
                },
                Span::plain(". Curly “quotes” — dashes → arrows ✓ and ┌─┐ boxes."),
            ]
            .into(),
        },
        Block::List(List {
            start: Some(7),
            items: Box::new([
                item("seventh item keeps its number"),
                ListItem {
                    checked: None,
                    blocks: vec![
                        para("eighth item with a nested list"),
                        Block::List(List {
                            start: None,
                            items: Box::new([
                                item("nested bullet alpha"),
                                item("nested bullet beta"),
                            ]),
                        }),
                    ]
                    .into(),
                },
            ]),
        }),
        Block::Code {
            lang: Some("rust".into()),
            text: (1..=30)
                .map(|i| format!("let value_{i} = compute({i}); // code line {i}"))
                .collect::<Vec<_>>()
                .join("\n")
                .into(),
        },
        Block::Quote {
            blocks: vec![para("A quoted sentence from the speaker about resilience.")],
        },
        Block::Heading {
            level: 3,
            spans: StyledText::plain("Sub heading starts a slide"),
        },
        Block::Table(Box::new(Table {
            alignments: vec![talk_notes::Alignment::Left, talk_notes::Alignment::Right],
            header: vec![StyledText::plain("Metric"), StyledText::plain("Value")],
            rows: (1..=12)
                .map(|i| {
                    vec![
                        StyledText::plain(&format!("latency p{i}")),
                        StyledText::plain(&format!("{i}0 ms")),
                    ]
                })
                .collect(),
        })),
        Block::Image(Box::new(Image {
            alt: "local slide picture".into(),
            url: "slide.png".into(),
            title: String::new(),
        })),
        Block::Image(Box::new(Image {
            alt: "remote diagram".into(),
            url: "https://example.com/diagram.png".into(),
            title: String::new(),
        })),
    ];
    for i in 0..25 {
        blocks.push(para(&format!(
            "Paragraph number {i} has several words so that the talk overflows many slides and continues."
        )));
    }
    talk(
        "Rich talk",
        blocks,
        vec![
            Link::new(
                "Conference link",
                "https://example.com/talk",
                "",
                LinkKind::Conference,
                2,
            ),
            Link::new("a clickable link", link, "", LinkKind::Other, 3),
        ],
    )
}
