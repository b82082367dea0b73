//! Reads the exported PDFs back with lopdf and checks pages, text, links, fonts and outline.

use lopdf::{Document, Object};
use std::path::{Path, PathBuf};
use talk_export::{Exporter, Layout, Options, Paper, PictureOptions, ThemeName};
use talk_notes::{
    text::talk_text, Block, Conference, Image, Link, LinkKind, List, ListItem, ParseOptions, Span,
    Style, Table, Talk,
};

fn example() -> Conference {
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../notes/examples/velocity-london-2018.md");
    let text = std::fs::read_to_string(&path).expect("example notes");
    talk_notes::parse_conference(&text, &path, &ParseOptions::default())
}

/// Picture options for tests: never the network, never the user's cache.
fn offline() -> PictureOptions {
    PictureOptions {
        offline: true,
        cache_dir: Some(std::env::temp_dir().join("talk-export-tests-empty-cache")),
        ..PictureOptions::default()
    }
}

fn exporter(layout: Layout) -> Exporter {
    Exporter::new(Options {
        layout,
        created: Some(1_700_000_000),
        pictures: offline(),
        ..Options::default()
    })
    .expect("exporter")
}

fn para(text: &str) -> Block {
    Block::Paragraph {
        spans: vec![Span::plain(text)],
    }
}

fn item(text: &str) -> ListItem {
    ListItem {
        checked: None,
        blocks: vec![para(text)],
    }
}

fn conference(talks: Vec<Talk>) -> Conference {
    Conference {
        title: "Test Conf 2026".into(),
        title_url: None,
        file: PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/notes.md"),
        metadata: Vec::new(),
        intro: Vec::new(),
        toc: None,
        talks,
        sections: Vec::new(),
        anchors: Vec::new(),
        talk_level: 2,
    }
}

fn talk(title: &str, blocks: Vec<Block>, links: Vec<Link>) -> Talk {
    Talk {
        title: title.into(),
        title_url: None,
        speaker: None,
        slug: title.to_lowercase().replace(' ', "-"),
        group: None,
        file: PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/notes.md"),
        line: 1,
        end_line: 10,
        links,
        blocks,
        summary: String::new(),
    }
}

/// A talk with every kind of block: styled spans, nested numbered lists, code, quote, table,
/// local and remote images, a sub-heading, and enough text to need continuation slides.
fn rich_talk() -> Talk {
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
            ],
        },
        Block::List(List {
            start: Some(7),
            items: vec![
                item("seventh item keeps its number"),
                ListItem {
                    checked: None,
                    blocks: vec![
                        para("eighth item with a nested list"),
                        Block::List(List {
                            start: None,
                            items: vec![item("nested bullet alpha"), item("nested bullet beta")],
                        }),
                    ],
                },
            ],
        }),
        Block::Code {
            lang: Some("rust".into()),
            text: (1..=30)
                .map(|i| format!("let value_{i} = compute({i}); // code line {i}"))
                .collect::<Vec<_>>()
                .join("\n"),
        },
        Block::Quote {
            blocks: vec![para("A quoted sentence from the speaker about resilience.")],
        },
        Block::Heading {
            level: 3,
            spans: vec![Span::plain("Sub heading starts a slide")],
        },
        Block::Table(Table {
            alignments: vec![talk_notes::Alignment::Left, talk_notes::Alignment::Right],
            header: vec![vec![Span::plain("Metric")], vec![Span::plain("Value")]],
            rows: (1..=12)
                .map(|i| {
                    vec![
                        vec![Span::plain(format!("latency p{i}"))],
                        vec![Span::plain(format!("{i}0 ms"))],
                    ]
                })
                .collect(),
        }),
        Block::Image(Image {
            alt: "local slide picture".into(),
            url: "slide.png".into(),
            title: String::new(),
        }),
        Block::Image(Image {
            alt: "remote diagram".into(),
            url: "https://example.com/diagram.png".into(),
            title: String::new(),
        }),
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
            Link {
                label: "Conference link".into(),
                url: "https://example.com/talk".into(),
                title: String::new(),
                kind: LinkKind::Conference,
                line: 2,
            },
            Link {
                label: "a clickable link".into(),
                url: link.into(),
                title: String::new(),
                kind: LinkKind::Other,
                line: 3,
            },
        ],
    )
}

fn pages_text(doc: &Document) -> Vec<String> {
    let pages = doc.get_pages();
    pages
        .keys()
        .map(|n| doc.extract_text(&[*n]).expect("text extracts"))
        .collect()
}

fn squash(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

/// Every word of the talk's text, in order, is in the PDF's text (whitespace ignored, since
/// wrapping moves it).
fn assert_every_word_in_order(talk: &Talk, pdf_text: &str) {
    assert_words_in_order(&talk.title, &talk_text(talk), pdf_text);
}

fn assert_words_in_order(what: &str, expected: &str, pdf_text: &str) {
    let haystack = squash(pdf_text);
    let mut from = 0;
    // talk_text joins table cells with " | "; that separator is not a word of the notes.
    for word in expected.split_whitespace().filter(|w| *w != "|") {
        // A line (and a slide) may end at any break opportunity of UAX #14 inside a word
        // ("a—b", CJK sentences): each piece is found in order.
        let mut start = 0;
        for (end, _) in unicode_linebreak::linebreaks(word) {
            let piece = &word[start..end];
            start = end;
            match haystack[from..].find(piece) {
                Some(at) => from += at + piece.len(),
                None => panic!(
                    "{what}: word {word:?} (piece {piece:?}) missing (or out of order) after byte {from}"
                ),
            }
        }
    }
}

fn uris(doc: &Document) -> Vec<(String, Vec<f32>, Vec<f32>)> {
    let mut out = Vec::new();
    for page_id in doc.get_pages().values() {
        let Ok(page) = doc.get_dictionary(*page_id) else {
            continue;
        };
        let Ok(annots) = page.get(b"Annots") else {
            continue;
        };
        let annots = match annots {
            Object::Array(a) => a.clone(),
            Object::Reference(id) => doc
                .get_object(*id)
                .and_then(Object::as_array)
                .cloned()
                .unwrap_or_default(),
            _ => Vec::new(),
        };
        for annot in annots {
            let dict = match &annot {
                Object::Reference(id) => doc.get_dictionary(*id).ok(),
                Object::Dictionary(d) => Some(d),
                _ => None,
            };
            let Some(dict) = dict else { continue };
            let Ok(action) = dict.get(b"A").and_then(|a| match a {
                Object::Reference(id) => doc.get_dictionary(*id),
                Object::Dictionary(d) => Ok(d),
                _ => Err(lopdf::Error::DictType {
                    expected: "dict",
                    found: "other".to_string(),
                }),
            }) else {
                continue;
            };
            let Ok(uri) = action.get(b"URI").and_then(Object::as_str) else {
                continue;
            };
            let nums = |key: &[u8]| -> Vec<f32> {
                dict.get(key)
                    .and_then(Object::as_array)
                    .map(|a| a.iter().filter_map(|o| o.as_float().ok()).collect())
                    .unwrap_or_default()
            };
            out.push((
                String::from_utf8_lossy(uri).into_owned(),
                nums(b"Rect"),
                nums(b"Border"),
            ));
        }
    }
    out
}

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
        let annotations = uris(&doc);
        for link in &talk.links {
            assert!(
                annotations.iter().any(|(u, _, _)| *u == link.url),
                "{}: {}",
                talk.title,
                link.url
            );
        }
        assert!(annotations
            .iter()
            .all(|(_, _, border)| border.iter().all(|b| *b == 0.0)));
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
    let annotations = uris(&doc);
    assert!(annotations
        .iter()
        .any(|(u, _, _)| u == "https://example.com/diagram.png"));
    assert!(annotations
        .iter()
        .any(|(u, _, _)| u == "https://example.com/deep/link"));
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
fn fonts_are_embedded_subset_and_small() {
    let talk = rich_talk();
    let conf = conference(vec![talk.clone()]);
    let pdf = exporter(Layout::Slides).talk(&conf, &talk).expect("export");
    let doc = Document::load_mem(&pdf.bytes).expect("parses");
    let mut font_bytes = 0;
    let mut names = Vec::new();
    for object in doc.objects.values() {
        let Ok(dict) = object.as_dict() else { continue };
        if dict.get(b"Type").and_then(Object::as_name).ok() == Some(b"FontDescriptor".as_slice()) {
            let file = dict
                .get(b"FontFile2")
                .and_then(Object::as_reference)
                .expect("embedded");
            let stream = doc
                .get_object(file)
                .and_then(Object::as_stream)
                .expect("stream");
            font_bytes += stream
                .decompressed_content()
                .map(|c| c.len())
                .unwrap_or(stream.content.len());
            names.push(
                String::from_utf8_lossy(
                    dict.get(b"FontName")
                        .and_then(Object::as_name)
                        .expect("name"),
                )
                .into_owned(),
            );
        }
    }
    // Regular, bold, italic (the quote? no: link/plain) and mono are used.
    assert!(
        names.iter().any(|n| n.contains("DejaVuSansMono")),
        "{names:?}"
    );
    assert!(
        names.iter().any(|n| n.contains("DejaVuSans-Bold")),
        "{names:?}"
    );
    // The four TTFs are ~2.4 MB; subset they are tens of KB.
    assert!(font_bytes < 120_000, "{font_bytes} bytes of fonts");
    assert!(pdf.bytes.len() < 200_000, "{} bytes", pdf.bytes.len());
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

#[test]
fn outline_metadata_and_page_labels_are_written() {
    let conf = example();
    let exporter = exporter(Layout::Slides);
    let pdf = exporter
        .talks(&conf.title, conf.talks.iter().map(|t| (&conf, t)))
        .expect("export");
    let doc = Document::load_mem(&pdf.bytes).expect("parses");
    let catalog = doc.catalog().expect("catalog");
    let outlines = catalog
        .get(b"Outlines")
        .and_then(Object::as_reference)
        .expect("outline");
    let root = doc.get_dictionary(outlines).expect("outline root");
    assert_eq!(
        root.get(b"Count").and_then(Object::as_i64).expect("count"),
        9
    );
    // First entry is the first talk, with children.
    let first = doc
        .get_dictionary(
            root.get(b"First")
                .and_then(Object::as_reference)
                .expect("first"),
        )
        .expect("entry");
    let title = first.get(b"Title").and_then(Object::as_str).expect("title");
    let title = String::from_utf16(
        &title[2..]
            .chunks(2)
            .map(|c| u16::from_be_bytes([c[0], c[1]]))
            .collect::<Vec<_>>(),
    )
    .expect("utf16");
    assert_eq!(title, conf.talks[0].title);
    assert!(first.get(b"First").is_ok(), "slide titles under the talk");
    let labels = catalog
        .get(b"PageLabels")
        .and_then(Object::as_dict)
        .expect("labels");
    let nums = labels
        .get(b"Nums")
        .and_then(Object::as_array)
        .expect("nums");
    assert_eq!(nums.len(), 18);
    let info = doc
        .trailer
        .get(b"Info")
        .and_then(Object::as_reference)
        .expect("info");
    let info = doc.get_dictionary(info).expect("info dict");
    assert!(
        info.get(b"Subject").is_ok()
            && info.get(b"Creator").is_ok()
            && info.get(b"CreationDate").is_ok()
    );
    assert_eq!(doc.get_pages().len(), pdf.pages);
}

#[test]
fn handouts_place_every_slide_and_move_links_with_them() {
    let conf = example();
    let talk = &conf.talks[1];
    let slides = exporter(Layout::Slides).talk(&conf, talk).expect("slides");
    for (n, paper) in [
        (1, Paper::A4),
        (2, Paper::Letter),
        (3, Paper::A4),
        (4, Paper::A4),
        (6, Paper::Letter),
    ] {
        let exporter = Exporter::new(Options {
            layout: Layout::Handout(n),
            paper,
            theme: ThemeName::Dark,
            created: Some(0),
            pictures: offline(),
            ..Options::default()
        })
        .expect("exporter");
        let pdf = exporter.talk(&conf, talk).expect("handout");
        assert_eq!(pdf.pages, slides.pages.div_ceil(n), "handout-{n}");
        let doc = Document::load_mem(&pdf.bytes).expect("parses");
        assert_every_word_in_order(talk, &pages_text(&doc).concat());
        let (w, h) = paper.size();
        let page = doc.get_pages().values().next().copied().expect("a page");
        let media: Vec<f32> = doc
            .get_dictionary(page)
            .and_then(|d| d.get(b"MediaBox"))
            .and_then(Object::as_array)
            .expect("media")
            .iter()
            .map(|o| o.as_float().expect("num"))
            .collect();
        assert!(
            (media[2] - w).abs() < 0.5 && (media[3] - h).abs() < 0.5,
            "{media:?}"
        );
        // Same links as the slides, scaled: inside the page and smaller than on the slide.
        let slide_links = uris(&Document::load_mem(&slides.bytes).expect("slides parse"));
        let links = uris(&doc);
        assert_eq!(links.len(), slide_links.len(), "handout-{n}");
        for ((url, rect, _), (slide_url, slide_rect, _)) in links.iter().zip(&slide_links) {
            assert_eq!(url, slide_url);
            let (lw, sw) = (rect[2] - rect[0], slide_rect[2] - slide_rect[0]);
            assert!(
                lw < sw && lw > 0.0,
                "handout-{n}: {rect:?} vs {slide_rect:?}"
            );
            assert!(rect[0] >= 0.0 && rect[2] <= w && rect[1] >= 0.0 && rect[3] <= h);
        }
    }
}

/// Writes the rich talk to `$TALK_EXPORT_SAMPLE_DIR` for looking at it (no-op otherwise).
#[test]
fn write_samples_when_asked() {
    let Some(dir) = std::env::var_os("TALK_EXPORT_SAMPLE_DIR") else {
        return;
    };
    let talk = rich_talk();
    let conf = conference(vec![talk.clone()]);
    for (name, layout) in [
        ("rich", Layout::Slides),
        ("rich-h3", Layout::Handout(3)),
        ("rich-h6", Layout::Handout(6)),
    ] {
        let pdf = exporter(layout).talk(&conf, &talk).expect("export");
        std::fs::write(Path::new(&dir).join(format!("{name}.pdf")), &pdf.bytes).expect("write");
    }
    // A title slide with a speaker and a conference named after its file.
    let mut talk = talk;
    talk.speaker = Some("Ada Lovelace (Analytical Engines Ltd)".into());
    talk.group = Some("Day 2 — Main stage".into());
    let mut conf = conference(vec![talk.clone()]);
    conf.title = "velocity-london-2018".into();
    let pdf = exporter(Layout::Slides).talk(&conf, &talk).expect("export");
    std::fs::write(Path::new(&dir).join("title.pdf"), &pdf.bytes).expect("write");
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

/// Replaces each of `missing` (and U+FFFD) by U+FFFD, so texts compare when a glyph is missing.
fn mask(text: &str, missing: &[char]) -> String {
    text.chars()
        .map(|c| if missing.contains(&c) { '\u{FFFD}' } else { c })
        .collect()
}

/// The URIs of the link annotations of each page.
fn uris_per_page(doc: &Document) -> Vec<Vec<String>> {
    doc.get_pages()
        .values()
        .map(|page_id| {
            let Ok(annots) = doc
                .get_dictionary(*page_id)
                .and_then(|p| p.get(b"Annots"))
                .and_then(|a| match a {
                    Object::Reference(id) => doc.get_object(*id).and_then(Object::as_array),
                    other => other.as_array(),
                })
            else {
                return Vec::new();
            };
            annots
                .iter()
                .filter_map(|a| match a {
                    Object::Reference(id) => doc.get_dictionary(*id).ok(),
                    Object::Dictionary(d) => Some(d),
                    _ => None,
                })
                .filter_map(|d| {
                    let action = match d.get(b"A").ok()? {
                        Object::Reference(id) => doc.get_dictionary(*id).ok()?,
                        Object::Dictionary(d) => d,
                        _ => return None,
                    };
                    let uri = action.get(b"URI").and_then(Object::as_str).ok()?;
                    Some(String::from_utf8_lossy(uri).into_owned())
                })
                .collect()
        })
        .collect()
}

#[test]
fn the_title_slide_says_who_spoke_where_with_clickable_link_labels() {
    let slides_url = format!(
        "https://cdn.example.com/assets/1/event/276/{}.pdf",
        "Kubernetes%20is%20not%20for%20developers".repeat(4)
    );
    assert!(slides_url.len() > 150);
    let link = |label: &str, url: &str, kind: LinkKind| Link {
        label: label.into(),
        url: url.into(),
        title: String::new(),
        kind,
        line: 2,
    };
    let mut talk = talk(
        "Kubernetes is not for developers",
        vec![para("Some words.")],
        vec![
            link("Slides", &slides_url, LinkKind::Slides),
            link(
                "https://youtu.be/abc",
                "https://youtu.be/abc",
                LinkKind::Video,
            ),
        ],
    );
    talk.speaker = Some("Ada Lovelace".into());
    let mut conf = conference(vec![talk.clone()]);
    conf.title = "velocity-london-2018".into();
    let pdf = exporter(Layout::Slides).talk(&conf, &talk).expect("export");
    let doc = Document::load_mem(&pdf.bytes).expect("parses");
    let texts = pages_text(&doc);
    let first = &texts[0];
    assert!(first.contains("Ada Lovelace"), "{first}");
    assert!(first.contains("Velocity London 2018"), "{first}");
    assert!(!first.contains("velocity-london-2018"), "{first}");
    assert!(
        first.contains("Slides") && first.contains("Video"),
        "{first}"
    );
    assert!(
        !squash(first).contains("cdn.example.com"),
        "raw URL on the title slide: {first}"
    );
    let links = uris_per_page(&doc);
    assert!(links[0].contains(&slides_url), "{:?}", links[0]);
    assert!(links[0].contains(&"https://youtu.be/abc".to_string()));
    // The full URLs are printed on the final Links slide.
    let last = texts.last().expect("pages");
    assert!(squash(last).contains(&slides_url), "{last}");
    // The footer names the conference readably too.
    assert!(texts[1].contains("Velocity London 2018"), "{}", texts[1]);

    // Without a speaker the slide still works, and a real title is left as written.
    let mut talk = talk.clone();
    talk.speaker = None;
    let mut conf = conference(vec![talk.clone()]);
    conf.title = "DevOpsDays Amsterdam 2019".into();
    let pdf = exporter(Layout::Slides).talk(&conf, &talk).expect("export");
    let doc = Document::load_mem(&pdf.bytes).expect("parses");
    let first = &pages_text(&doc)[0];
    assert!(first.contains("DevOpsDays Amsterdam 2019"), "{first}");
    assert!(!first.contains("Ada"), "{first}");
}
