//! The notes model on fixtures of every shape people write.

use std::path::{Path, PathBuf};
use talk_notes::{
    load_library, parse_conference, Block, Conference, LinkKind, ParseOptions, SectionKind,
    StyledText, Talk,
};

fn fixture(name: &str) -> Conference {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name);
    let text = std::fs::read_to_string(&path).expect("fixture exists");
    parse_conference(&text, &path, &ParseOptions::default())
}

fn titles(conference: &Conference) -> Vec<&str> {
    conference.talks.iter().map(|t| t.title.as_str()).collect()
}

fn talk<'c>(conference: &'c Conference, title: &str) -> &'c Talk {
    conference
        .talks
        .iter()
        .find(|t| t.title == title)
        .unwrap_or_else(|| panic!("no talk {title:?} in {:?}", titles(conference)))
}

#[test]
fn seed_shape_talks_slugs_and_toc() {
    let c = fixture("seed_shape.md");
    assert_eq!(c.title, "my-conference");
    assert_eq!(c.talk_level, 2);
    assert_eq!(
        titles(&c),
        [
            "First talk",
            "Second talk - with dash",
            "First talk",
            "Empty talk"
        ]
    );
    let slugs: Vec<&str> = c.talks.iter().map(|t| t.slug.as_str()).collect();
    assert_eq!(
        slugs,
        [
            "first-talk",
            "second-talk---with-dash",
            "first-talk-1",
            "empty-talk"
        ]
    );
    // "Visited talks" is a table of contents, not a talk.
    let toc = c.toc.as_ref().expect("toc found");
    assert_eq!(toc.line, 5);
    let anchors: Vec<&str> = toc.entries.iter().map(|e| e.anchor()).collect();
    assert_eq!(anchors, ["first-talk", "second-talk-with-dash"]);
    assert_eq!(c.sections[0].kind, SectionKind::Introduction);
    assert_eq!(c.sections[1].title, "Visited talks");
    assert_eq!(c.sections[1].kind, SectionKind::Contents);
    assert_eq!(c.intro().len(), 1, "the line under the title is the intro");
}

#[test]
fn seed_shape_blocks_keep_structure_and_style() {
    let c = fixture("seed_shape.md");
    let first = &c.talks[0];
    assert_eq!((first.line, first.end_line), (8, 40));
    let kinds: Vec<(LinkKind, &str)> = first.links.iter().map(|l| (l.kind, l.label())).collect();
    assert_eq!(
        kinds,
        [
            (LinkKind::Conference, "Conference link"),
            (LinkKind::Slides, "Slides"),
            (LinkKind::Other, "The database inside out"),
        ]
    );
    let para = first
        .blocks
        .iter()
        .find_map(|b| match b {
            Block::Paragraph { spans }
                if spans.first().is_some_and(|s| s.text.starts_with("Where")) =>
            {
                Some(spans)
            }
            _ => None,
        })
        .expect("paragraph");
    let styled = |text: &str| para.iter().find(|s| s.text == text).map(|s| s.style);
    assert!(styled("events").expect("bold span").bold);
    assert!(styled("logs").expect("italic span").italic);
    assert!(styled("kafka").expect("code span").code);
    let link = para.iter().find(|s| s.link.is_some()).expect("link span");
    assert_eq!(link.text, "The database inside out");

    let lists: Vec<&talk_notes::List> = first
        .blocks
        .iter()
        .filter_map(|b| match b {
            Block::List(l) => Some(l),
            _ => None,
        })
        .collect();
    // Nested bullets keep their depth.
    let nested = match &lists[0].items[0].blocks[1] {
        Block::List(l) => l,
        other => panic!("expected nested list, got {other:?}"),
    };
    assert!(matches!(&nested.items[0].blocks[1], Block::List(_)));
    // Ordered lists keep their original numbers.
    assert_eq!(lists[1].start, Some(1));
    assert_eq!(lists[1].items.len(), 2);
    assert_eq!(lists[2].start, Some(3));
    assert_eq!(lists[3].items[0].checked, Some(true));
    assert_eq!(lists[3].items[1].checked, Some(false));

    assert!(first
        .blocks
        .iter()
        .any(|b| matches!(b, Block::Quote { .. })));
    assert!(first.blocks.contains(&Block::Code {
        lang: Some("rust".into()),
        text: "fn main() {}".into()
    }));
    let table = first
        .blocks
        .iter()
        .find_map(|b| match b {
            Block::Table(t) => Some(t),
            _ => None,
        })
        .expect("table");
    assert_eq!(table.header.len(), 2);
    assert_eq!(table.rows[0][0], StyledText::plain("buck"));
    assert_eq!(table.alignments[1], talk_notes::Alignment::Right);
    let image = first
        .blocks
        .iter()
        .find_map(|b| match b {
            Block::Image(i) => Some(i),
            _ => None,
        })
        .expect("image");
    assert_eq!(
        (image.alt.as_str(), image.url.as_str(), image.title.as_str()),
        ("this is fine", "https://example.com/fine.jpg", "Fine")
    );
    // The rule separating talks is not part of the talk.
    assert_ne!(first.blocks.last(), Some(&Block::Rule));
    assert!(first.summary().starts_with("Where does the data live?"));
    assert!(first.summary().chars().count() <= 200);
}

#[test]
fn talks_grouped_under_day_headings() {
    let c = fixture("day_groups.md");
    assert_eq!(c.talk_level, 3);
    assert_eq!(
        titles(&c),
        [
            "Keynote - The Right Tool for the Job",
            "Rust in production",
            "Keynote"
        ]
    );
    assert_eq!(c.talks[0].group.as_deref(), Some("Day 1"));
    assert_eq!(c.talks[2].group.as_deref(), Some("Day 2"));
    // A sub-heading stays inside its talk.
    let rust = talk(&c, "Rust in production");
    assert!(rust
        .blocks
        .iter()
        .any(|b| matches!(b, Block::Heading { level: 4, spans } if spans.text() == "Questions")));
    // Swag, reading lists and notes under a plain heading are kept as sections.
    let sections: Vec<&str> = c.sections.iter().map(|s| s.title.as_str()).collect();
    for expected in [
        "Swag",
        "Things to read",
        "Next year in Lisbon",
        "from the past",
    ] {
        assert!(sections.contains(&expected), "{expected} in {sections:?}");
    }
}

#[test]
fn talks_at_level_four_under_days_and_tracks() {
    let c = fixture("deep_groups.md");
    assert_eq!(c.talk_level, 4);
    assert_eq!(
        titles(&c),
        [
            "Observability at scale",
            "Chaos engineering 101",
            "Serverless pitfalls"
        ]
    );
    assert_eq!(c.talks[2].group.as_deref(), Some("Afternoon track"));
}

#[test]
fn configured_talk_level_wins() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/day_groups.md");
    let text = std::fs::read_to_string(&path).expect("fixture");
    let c = parse_conference(
        &text,
        &path,
        &ParseOptions {
            talk_level: Some(2),
        },
    );
    assert_eq!(c.talk_level, 2);
    assert_eq!(
        titles(&c),
        ["Day 1", "Day 2", "Next year in Lisbon"],
        "meta headings stay sections even when the level is forced"
    );
}

#[test]
fn headings_that_are_links() {
    let c = fixture("link_headings.md");
    assert_eq!(c.title, "CSSconf EU");
    assert_eq!(c.title_url.as_deref(), Some("https://cssconf.example"));
    let first = talk(&c, "The Front-End Revolution");
    assert_eq!(
        first.title_url.as_deref(),
        Some("https://www.youtube.com/watch?v=abc")
    );
    assert_eq!(first.links[0].kind, LinkKind::Video);
    assert_eq!(first.slug, "the-front-end-revolution");
    // A reference-style heading link resolves too.
    let second = talk(&c, "Interoperable CSS");
    assert_eq!(
        second.title_url.as_deref(),
        Some("https://speakerdeck.com/glen/interoperable-css")
    );
    assert!(second.links.iter().any(
        |l| l.kind == LinkKind::Code && l.url() == "https://github.com/css-modules/css-modules"
    ));
    assert_eq!(c.talks.len(), 2, "### sub-headings are not talks");
}

#[test]
fn setext_headings_and_a_stray_h1() {
    let c = fixture("setext.md");
    assert_eq!(c.title, "2018-11-01 Velocity Conference");
    assert_eq!(
        titles(&c),
        [
            "Things you can't cloud your way out of (Jessica Brown, Fastly)",
            "Advanced Docker image build patterns"
        ]
    );
    assert_eq!(
        c.talks[0].title_url.as_deref(),
        Some("https://conferences.example/velocity/detail/72252")
    );
    assert_eq!(c.talks[0].links[0].kind, LinkKind::Conference);
    let sections: Vec<(&str, SectionKind)> = c
        .sections
        .iter()
        .filter(|s| !s.title.is_empty())
        .map(|s| (s.title.as_str(), s.kind))
        .collect();
    assert_eq!(
        sections,
        [
            ("Tidbits", SectionKind::Other),
            ("Books", SectionKind::Other),
            ("Talks", SectionKind::Programme)
        ]
    );
}

#[test]
fn front_matter_is_metadata_not_content() {
    let yaml = fixture("yaml_front.md");
    assert_eq!(yaml.title, "Go Conference 2018 Autumn");
    assert_eq!(
        titles(&yaml),
        ["Keynote", "[S1] Microservices実装ガイド in Go"]
    );
    assert_eq!(yaml.talks[1].slug, "s1-microservices実装ガイド-in-go");
    assert!(yaml.metadata.iter().any(|(k, v)| k == "tags" && v == "go"));
    let intro = talk_notes::text::spans_text(match &yaml.intro()[0] {
        Block::Paragraph { spans } => spans,
        other => panic!("{other:?}"),
    });
    assert!(intro.starts_with("11月25日"), "{intro}");
    // The bare URL became a classified link.
    assert_eq!(yaml.talks[0].links[0].kind, LinkKind::Slides);

    let toml = fixture("toml_front.md");
    assert_eq!(toml.title, "RustConf 2024");
    assert_eq!(titles(&toml), ["Async in depth"]);
    assert_eq!(toml.talks[0].line, 5);

    let pelican = fixture("pelican.md");
    assert_eq!(pelican.title, "PyCon Notes");
    assert_eq!(titles(&pelican), ["Typing in practice"]);
    assert!(pelican.intro().is_empty());
}

#[test]
fn html_never_leaks_into_titles() {
    let c = fixture("html.md");
    assert_eq!(titles(&c), ["Images everywhere", "Second talk"]);
    let images: Vec<&str> = c.talks[0]
        .blocks
        .iter()
        .filter_map(|b| match b {
            Block::Image(i) => Some(i.url.as_str()),
            _ => None,
        })
        .collect();
    assert_eq!(images, ["images/logo.png", "https://cdn.example/pic.png"]);
    assert!(c.talks[0]
        .links
        .iter()
        .any(|l| l.kind == LinkKind::Video && l.url() == "https://cdn.example/talk.mp4"));
    let text = talk_notes::text::talk_text(&c.talks[0]);
    assert!(!text.contains('<'), "{text}");
    assert!(
        text.contains("Text with an inline inline pic picture."),
        "{text}"
    );
}

#[test]
fn unicode_survives_intact() {
    let c = fixture("unicode.md");
    assert_eq!(c.title, "Conférence d’été ☀️");
    assert_eq!(
        titles(&c),
        [
            "Où est le café ? “Déjà vu” — 2019 🎉",
            "東京の話：Goで並行処理",
            "Straight \"quotes\" and ‘curly’ ones"
        ]
    );
    assert_eq!(c.talks[0].slug, "où-est-le-café--déjà-vu--2019-");
    assert_eq!(c.talks[1].slug, "東京の話goで並行処理");
    assert_eq!(c.talks[1].summary(), "並行処理のパターンを紹介しました。");
    assert!(talk_notes::text::talk_text(&c.talks[2]).contains("Arrows → and boxes ┌─┐."));
}

#[test]
fn folders_load_every_markdown_file_in_order() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let library = load_library(&[dir], &ParseOptions::default()).expect("fixtures load");
    assert_eq!(library.conferences.len(), 27);
    // Files load in name order: bold_line_talks.md, then day_groups.md.
    assert_eq!(library.conferences[0].title, "bold_line_talks");
    assert_eq!(library.conferences[1].title, "DevConf 2024");
    assert!(library.talk_count() >= 20);
}

#[test]
fn example_notes_give_the_nine_talks() {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("examples/velocity-london-2018.md");
    let library = load_library(&[path], &ParseOptions::default()).expect("example loads");
    let c = &library.conferences[0];
    assert_eq!(c.title, "velocity-london-2018");
    assert_eq!(c.talks.len(), 9);
    for talk in &c.talks {
        assert_eq!(talk.links[0].label(), "Conference link", "{}", talk.title);
        assert_eq!(talk.links[0].kind, LinkKind::Conference, "{}", talk.title);
        assert!(!talk.summary().is_empty(), "{}", talk.title);
    }
}

#[test]
fn talks_built_in_code_get_the_slug_and_summary_parsing_gives() {
    let text = "# Conf\n\n## Café & crème: the 2nd talk\n\nFirst sentence here. Then **bold** words.\n\n- a point\n";
    let parsed = parse_conference(text, Path::new("n.md"), &ParseOptions::default());
    let from_notes = &parsed.talks[0];
    let built = Talk::new(from_notes.title.clone(), from_notes.blocks.clone());
    assert_eq!(built.slug, from_notes.slug);
    assert_eq!(built.slug, "café--crème-the-2nd-talk");
    assert_eq!(built.summary(), from_notes.summary());
    assert!(!built.summary().is_empty());
    assert_eq!((built.line, built.links.len(), built.speaker), (1, 0, None));

    let conference = Conference::new("Built");
    assert_eq!(conference.title, "Built");
    assert!(conference.talks.is_empty() && conference.metadata.is_empty());
}
