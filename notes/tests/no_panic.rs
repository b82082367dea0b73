//! No input ever panics: arbitrary bytes and arbitrary Markdown-shaped text.

use proptest::prelude::*;
use std::path::Path;
use talk_notes::check::check_text;
use talk_notes::{parse_conference, ParseOptions};

/// Pieces of the Markdown people write, including broken and hostile ones.
fn fragment() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("# Title\n".to_string()),
        Just("## ".to_string()),
        Just("### Day 1\n".to_string()),
        Just("#### ".to_string()),
        Just("====\n".to_string()),
        Just("----\n".to_string()),
        Just("---\n".to_string()),
        Just("+++\n".to_string()),
        Just("Title: x\n".to_string()),
        Just("- ".to_string()),
        Just("  - ".to_string()),
        Just("1) ".to_string()),
        Just("3. ".to_string()),
        Just("> ".to_string()),
        Just("```rust\n".to_string()),
        Just("```\n".to_string()),
        Just("    code\n".to_string()),
        Just("| a | b |\n|---|:-:|\n".to_string()),
        Just("[link](https://example.com)".to_string()),
        Just("[toc](#some-anchor)".to_string()),
        Just("[ref]\n\n[ref]: http://x\n".to_string()),
        Just("![alt](img.png \"t\")".to_string()),
        Just("<img src=\"a\" alt='b'>".to_string()),
        Just("<a name=\"x\"></a>".to_string()),
        Just("<video src=x>".to_string()),
        Just("<!-- c".to_string()),
        Just("**bold** *it* `code` ~~s~~".to_string()),
        Just("https://bare.example/x).".to_string()),
        Just("&amp;&#x1F600;&#99999999;&".to_string()),
        Just("- [x] ".to_string()),
        Just("\n".to_string()),
        Just("\n\n".to_string()),
        "[\\PC]{0,12}".prop_map(|s| s),
        "[a-z ]{1,20}".prop_map(|s| s),
    ]
}

/// Short text mixing ASCII with multi-byte characters (accents, CJK, emoji, combining marks,
/// right-to-left), where a byte slice is most likely to land inside a character.
fn wide() -> impl Strategy<Value = String> {
    "[a-z.:/#?%\\- éüÿßÅ日本語中文한国😀🎉\u{300}\u{200d}\u{fe0f}\u{5d0}\u{ff0e}\u{3002}]{0,10}"
}

/// Markdown pieces whose text is non-ASCII: URLs (hosts, paths, `www.`, schemes), link
/// labels, headings, table cells and metadata.
fn wide_fragment() -> impl Strategy<Value = String> {
    let scheme = prop_oneof![
        Just(""),
        Just("https://"),
        Just("http://"),
        Just("https://www."),
        Just("www."),
        Just("mailto:"),
        Just("#"),
        Just("//"),
    ];
    prop_oneof![
        (wide(), scheme, wide(), wide())
            .prop_map(|(label, scheme, host, path)| format!("[{label}]({scheme}{host}/{path})")),
        (wide(), wide()).prop_map(|(host, path)| format!(" https://www.{host}/{path} ")),
        (wide(), wide()).prop_map(|(label, host)| format!("## [{label}](https://www.{host})\n")),
        wide().prop_map(|h| format!("## {h}\n")),
        wide().prop_map(|h| format!("### {h}\n")),
        (wide(), wide(), wide())
            .prop_map(|(a, b, c)| format!("| {a} | {b} |\n|---|---|\n| {c} | [{a}](www.{b}) |\n")),
        (wide(), wide()).prop_map(|(label, path)| format!("![{label}]({path})")),
        (wide(), wide()).prop_map(|(label, url)| format!("[{label}]\n\n[{label}]: {url}\n")),
        wide().prop_map(|t| format!("Title: {t}\n")),
    ]
}

/// Front matter whose values are non-ASCII, or nothing.
fn front_matter() -> impl Strategy<Value = String> {
    prop_oneof![
        Just(String::new()),
        (wide(), wide())
            .prop_map(|(t, d)| format!("---\ntitle: {t}\ndate: {d}\ntags: [{t}, {d}]\n---\n")),
        (wide(), wide()).prop_map(|(t, d)| format!("+++\ntitle = \"{t}\"\n{d} = 1\n+++\n")),
        (wide(), wide()).prop_map(|(t, d)| format!("Title: {t}\nDate: {d}\n\n")),
    ]
}

fn markdown() -> impl Strategy<Value = String> {
    (
        front_matter(),
        prop::collection::vec(prop_oneof![3 => fragment(), 2 => wide_fragment()], 0..60),
    )
        .prop_map(|(front, parts)| front + &parts.concat())
}

fn exercise(text: &str) {
    let path = Path::new("fuzz.md");
    for level in [None, Some(1), Some(3), Some(6)] {
        let options = ParseOptions { talk_level: level };
        let conference = parse_conference(text, path, &options);
        for talk in &conference.talks {
            assert!(talk.line <= talk.end_line, "{talk:?}");
            assert!(talk.summary().chars().count() <= 200);
            let _ = talk_notes::text::talk_text(talk);
        }
        let _ = check_text(text, path, &options);
    }
}

#[test]
fn a_link_to_a_japanese_host_parses() {
    // Used to panic in links.rs: the slice after "www." landed inside a character.
    exercise("# Conf\n\n## Talk\n\n[x](https://www.日本.jp/)\n");
    exercise("# Conf\n\n## [日本](https://www.日本.jp/)\n\nwww.日本.jp\n");
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn arbitrary_markdown_never_panics(text in markdown()) {
        exercise(&text);
    }

    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..400)) {
        exercise(&String::from_utf8_lossy(&bytes));
    }

    #[test]
    fn arbitrary_unicode_never_panics(text in "\\PC{0,300}") {
        exercise(&text);
    }
}
