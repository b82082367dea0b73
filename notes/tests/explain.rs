//! What the reader says of each heading (`talkbot talks --explain`) and where `check` says it
//! was unsure: both read the same evidence, which the decision code returns as data.

use std::path::{Path, PathBuf};
use talk_notes::check::check_text;
use talk_notes::roles::{Evidence, KindEvidence, Reading, TakenFor};
use talk_notes::{explain_conference, Finding, ParseOptions, SectionKind};

fn fixture(name: &str) -> (PathBuf, String) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name);
    let text = std::fs::read_to_string(&path).expect("fixture");
    (path, text)
}

fn readings(name: &str) -> Vec<Reading> {
    let (path, text) = fixture(name);
    explain_conference(&text, &path, &ParseOptions::default())
        .1
        .headings
}

fn reading<'a>(readings: &'a [Reading], title: &str) -> &'a Reading {
    readings
        .iter()
        .find(|r| r.title == title)
        .unwrap_or_else(|| panic!("no heading {title:?} in {readings:#?}"))
}

fn findings(name: &str) -> Vec<Finding> {
    let (path, text) = fixture(name);
    check_text(&text, &path, &ParseOptions::default()).1
}

#[test]
fn every_heading_is_explained_in_order() {
    for name in [
        "explain_days.md",
        "explain_name_line.md",
        "explain_large_talk.md",
        "explain_plain_heading.md",
        "day_headings_beside_talks.md",
        "name_only_headings.md",
        "mixed_talk_levels.md",
    ] {
        let (path, text) = fixture(name);
        let (conference, explanation) = explain_conference(&text, &path, &ParseOptions::default());
        assert_eq!(
            explanation.headings.len(),
            conference.anchors.len(),
            "{name}"
        );
        for (reading, anchor) in explanation.headings.iter().zip(&conference.anchors) {
            assert_eq!(
                (reading.line, reading.level),
                (anchor.line, anchor.level),
                "{name}"
            );
        }
        // The talks of the explanation are the conference's talks.
        let talks: Vec<usize> = explanation
            .headings
            .iter()
            .filter(|r| r.taken_for == TakenFor::Talk)
            .map(|r| r.line)
            .collect();
        let expected: Vec<usize> = conference.talks.iter().map(|t| t.line).collect();
        assert_eq!(talks, expected, "{name}");
    }
}

#[test]
fn days_beside_talks_link_dumps_and_closing_say_why() {
    let r = readings("explain_days.md");
    let day = reading(&r, "Day 2");
    assert_eq!(
        (day.taken_for, day.evidence),
        (TakenFor::Group, Evidence::DayBesideTalks)
    );
    let talk = reading(&r, "Platform teams - Ana Lima");
    assert_eq!(
        (talk.taken_for, talk.evidence),
        (TakenFor::Talk, Evidence::AtTalkLevel)
    );
    assert_eq!(talk.speaker.as_deref(), Some("Ana Lima"));
    let photos = reading(&r, "Photos from the hallway");
    assert_eq!(
        (photos.taken_for, photos.evidence, photos.kind),
        (
            TakenFor::Section,
            Evidence::LinkDump,
            Some(SectionKind::Other)
        )
    );
    let closing = reading(&r, "Final thoughts");
    assert_eq!(
        (closing.evidence, closing.kind, closing.kind_evidence),
        (
            Evidence::TitleSaysNotATalk,
            Some(SectionKind::Closing),
            Some(KindEvidence::TitleWords)
        )
    );
    let title = reading(&r, "DevConf 2024");
    assert_eq!(
        (title.taken_for, title.evidence),
        (TakenFor::Title, Evidence::FirstH1)
    );
}

#[test]
fn a_name_line_says_which_heading_it_belongs_to() {
    let r = readings("explain_name_line.md");
    let line = reading(&r, "Jane Doe, Acme");
    assert_eq!(
        (line.taken_for, line.evidence),
        (TakenFor::Part, Evidence::NamesSpeakerAbove)
    );
    assert_eq!(
        line.part_of,
        Some(reading(&r, "Observability at scale").line)
    );
}

#[test]
fn check_warns_where_the_reader_was_unsure() {
    let at = |name: &str, line: usize, needles: &[&str]| {
        let found = findings(name);
        assert!(
            found.iter().any(|f| f.line == line
                && f.file.ends_with(name)
                && needles.iter().all(|n| f.to_string().contains(n))),
            "no finding at {name}:{line} with {needles:?} in {found:#?}"
        );
    };
    at(
        "explain_days.md",
        24,
        &[
            "\"Photos from the hallway\" was not taken as a talk",
            "only a list of bare links",
        ],
    );
    at(
        "explain_plain_heading.md",
        17,
        &[
            "\"Plans for Lisbon\" was not taken as a talk",
            "under a plain heading",
            "talk_level: 3",
        ],
    );
    at(
        "explain_name_line.md",
        5,
        &[
            "\"Jane Doe, Acme\" was read as part of \"Observability at scale\" (line 3)",
            "one level deeper",
        ],
    );
    at(
        "explain_large_talk.md",
        23,
        &[
            "talk \"Notes on the afternoon\" holds 61 lines",
            "median talk (3 lines)",
            "`talk_level: 3` in the front matter",
        ],
    );
}

#[test]
fn sure_readings_give_no_warning() {
    // Days beside their talks, a closing section and talks of one size: nothing to report
    // but the link dump.
    let found = findings("explain_days.md");
    assert_eq!(found.len(), 1, "{found:#?}");
    for name in ["day_headings_beside_talks.md", "seed_shape.md"] {
        let found = findings(name);
        assert!(
            !found.iter().any(|f| {
                let text = f.to_string();
                text.contains("was not taken as a talk")
                    || text.contains("was read as part of")
                    || text.contains("times the median talk")
            }),
            "{name}: {found:#?}"
        );
    }
}

#[test]
fn front_matter_sets_the_talk_level_and_a_bad_one_is_reported() {
    let text = "---\ntalk_level: 2\n---\n# Conf\n\n## Morning at the venue\n\nWe arrived early.\n\n### Observability at scale\n\nTracing.\n\n### Rust in production\n\nPagers.\n\n## Afternoon at the venue\n\nLater on.\n\n### Platform teams\n\nGolden paths.\n";
    let path = Path::new("front.md");
    let titles = |c: &talk_notes::Conference| -> Vec<String> {
        c.talks.iter().map(|t| t.title.clone()).collect()
    };
    let without = text.replace("talk_level: 2", "place: Lyon");
    let detected = talk_notes::parse_conference(&without, path, &ParseOptions::default());
    assert_eq!(detected.talk_level, 3);
    let (conference, explanation) = explain_conference(text, path, &ParseOptions::default());
    assert_eq!(conference.talk_level, 2);
    assert!(explanation.talk_level_set);
    assert_eq!(
        titles(&conference),
        ["Morning at the venue", "Afternoon at the venue"]
    );
    // The front matter wins over the configuration: it is the file's own word.
    let configured = ParseOptions {
        talk_level: Some(3),
    };
    assert_eq!(
        talk_notes::parse_conference(text, path, &configured).talk_level,
        2
    );

    let bad = text.replace("talk_level: 2", "talk_level: deep");
    let found = check_text(&bad, path, &ParseOptions::default()).1;
    assert!(
        found.iter().any(|f| f.line == 1
            && f.message
                .contains("talk_level \"deep\" is not a heading level")),
        "{found:#?}"
    );
    assert_eq!(
        titles(&talk_notes::parse_conference(
            &bad,
            path,
            &ParseOptions::default()
        )),
        titles(&detected),
        "a bad level is ignored"
    );
}

#[test]
fn a_file_of_many_talks_is_explained_with_each_talks_speaker() {
    // 100,000 talks, each naming its speaker: each reading finds its own talk among them all
    // (looked up by line, so the work grows with the talks, not with their square).
    let mut text = String::from("# Conf\n\n");
    let names = ["Jane Smith", "John Doe", "Ada Lovelace"];
    for i in 0..100_000 {
        let name = names[i % 3];
        text.push_str(&format!("## Talk {i} - {name}\n\nNotes {i}.\n\n"));
    }
    let (conference, explanation) =
        explain_conference(&text, Path::new("many.md"), &ParseOptions::default());
    assert_eq!(conference.talks.len(), 100_000);
    let talks: Vec<&Reading> = explanation
        .headings
        .iter()
        .filter(|r| r.taken_for == TakenFor::Talk)
        .collect();
    assert_eq!(talks.len(), 100_000);
    for (reading, talk) in talks.iter().zip(&conference.talks) {
        assert_eq!(reading.line, talk.line);
        assert_eq!(reading.speaker, talk.speaker, "line {}", talk.line);
        assert!(reading.speaker.is_some(), "line {}", talk.line);
    }
}
