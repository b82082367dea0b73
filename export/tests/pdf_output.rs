//! Reads the exported PDFs back with lopdf and checks their structure: embedded subset fonts,
//! outline, metadata and page labels, handout pages and their links, the title slide.

mod support;

use lopdf::{Document, Object};
use support::read_pdf::{assert_every_word_in_order, links, links_per_page, pages_text, squash};
use support::talks::{conference, example, exporter, offline, para, rich_talk, talk};
use talk_export::{Exporter, Layout, Options, Paper, ThemeName};
use talk_notes::{Link, LinkKind};

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
        let slide_links = links(&Document::load_mem(&slides.bytes).expect("slides parse"));
        let handout_links = links(&doc);
        assert_eq!(handout_links.len(), slide_links.len(), "handout-{n}");
        for (link, slide_link) in handout_links.iter().zip(&slide_links) {
            assert_eq!(link.url, slide_link.url);
            let (rect, slide_rect) = (&link.rect, &slide_link.rect);
            let (lw, sw) = (rect[2] - rect[0], slide_rect[2] - slide_rect[0]);
            assert!(
                lw < sw && lw > 0.0,
                "handout-{n}: {rect:?} vs {slide_rect:?}"
            );
            assert!(rect[0] >= 0.0 && rect[2] <= w && rect[1] >= 0.0 && rect[3] <= h);
        }
    }
}

#[test]
fn the_title_slide_says_who_spoke_where_with_clickable_link_labels() {
    let slides_url = format!(
        "https://cdn.example.com/assets/1/event/276/{}.pdf",
        "Kubernetes%20is%20not%20for%20developers".repeat(4)
    );
    assert!(slides_url.len() > 150);
    let link = |label: &str, url: &str, kind: LinkKind| Link::new(label, url, "", kind, 2);
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
    let first_links: Vec<String> = links_per_page(&doc)[0]
        .iter()
        .map(|l| l.url.clone())
        .collect();
    assert!(first_links.contains(&slides_url), "{first_links:?}");
    assert!(first_links.contains(&"https://youtu.be/abc".to_string()));
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

#[test]
fn a_huge_link_address_is_drawn_once_not_written_on_every_line() {
    // A 50 KB address, written out in the notes and as the talk's link: it is drawn (wrapped
    // over many lines), but not made clickable on each of them with its whole address.
    let url = format!("https://example.com/{}", "a".repeat(50_000));
    let talk = talk(
        "Huge link",
        vec![para(&format!("See {url} for more."))],
        vec![Link::new("the page", &url, "", LinkKind::Other, 3)],
    );
    let conf = conference(vec![talk.clone()]);
    let pdf = exporter(Layout::Slides).talk(&conf, &talk).expect("export");
    // Twice the address (text and page stream overhead), not once a line.
    assert!(pdf.bytes.len() < 2_000_000, "{} bytes", pdf.bytes.len());
    let doc = Document::load_mem(&pdf.bytes).expect("parses");
    assert!(links(&doc).iter().all(|l| l.url.len() <= 8192));
    // A usual address stays a link.
    let short = "https://example.com/slides";
    let talk = talk_with_link(short);
    let conf = conference(vec![talk.clone()]);
    let pdf = exporter(Layout::Slides).talk(&conf, &talk).expect("export");
    let doc = Document::load_mem(&pdf.bytes).expect("parses");
    assert!(links(&doc).iter().any(|l| l.url == short));
}

fn talk_with_link(url: &str) -> talk_notes::Talk {
    talk(
        "Short link",
        vec![para(&format!("See {url} for more."))],
        vec![Link::new("slides", url, "", LinkKind::Slides, 3)],
    )
}

#[test]
fn a_title_of_a_hundred_thousand_characters_exports_with_its_text() {
    let title = "Word ".repeat(20_000);
    let talk = talk(title.trim(), vec![para("Body text.")], Vec::new());
    let conf = conference(vec![talk.clone()]);
    let pdf = exporter(Layout::Slides).talk(&conf, &talk).expect("export");
    let doc = Document::load_mem(&pdf.bytes).expect("parses");
    let text = squash(&pages_text(&doc).join(" "));
    assert!(text.contains("Bodytext."), "body missing");
    assert!(text.matches("Word").count() >= 20_000, "title text missing");
}
