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

fn markdown() -> impl Strategy<Value = String> {
    prop::collection::vec(fragment(), 0..60).prop_map(|parts| parts.concat())
}

fn exercise(text: &str) {
    let path = Path::new("fuzz.md");
    for level in [None, Some(1), Some(3), Some(6)] {
        let options = ParseOptions { talk_level: level };
        let conference = parse_conference(text, path, &options);
        for talk in &conference.talks {
            assert!(talk.line <= talk.end_line, "{talk:?}");
            assert!(talk.summary.chars().count() <= 200);
            let _ = talk_notes::text::talk_text(talk);
        }
        let _ = check_text(text, path, &options);
    }
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
