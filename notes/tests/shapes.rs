//! Each shape in which people write talk notes splits into the talks a reader sees, with the
//! speaker the notes name. One small fixture per shape, in `tests/fixtures/`.

use std::path::Path;
use talk_notes::{load_library, Conference, ParseOptions};

fn conference(name: &str) -> Conference {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name);
    let mut library = load_library(&[path], &ParseOptions::default()).expect("fixture loads");
    library.conferences.remove(0)
}

/// (title, speaker, group) of every talk.
fn talks(c: &Conference) -> Vec<(&str, Option<&str>, Option<&str>)> {
    c.talks
        .iter()
        .map(|t| (t.title.as_str(), t.speaker.as_deref(), t.group.as_deref()))
        .collect()
}

fn section_titles(c: &Conference) -> Vec<&str> {
    c.sections.iter().map(|s| s.title.as_str()).collect()
}

#[test]
fn h1_talks_with_parts_and_a_lightning_group() {
    let c = conference("h1_talks_with_parts.md");
    assert_eq!(
        c.title, "h1_talks_with_parts",
        "the first talk is not the conference title"
    );
    assert_eq!(
        talks(&c),
        [
            (
                "Observability without the buzzwords - Priya Raman",
                Some("Priya Raman"),
                None
            ),
            (
                "Shipping every day with feature flags - Tomas Lindqvist (Flagworks)",
                Some("Tomas Lindqvist"),
                None
            ),
            (
                "Talk 1 - Aiko Mori",
                Some("Aiko Mori"),
                Some("Lightning talks")
            ),
            (
                "Talk 2 - Why nobody reads your README",
                None,
                Some("Lightning talks")
            ),
        ]
    );
    // Parts stay inside their talk, the empty "Takes" included.
    assert!(c.talks[2].blocks.len() >= 3);
}

#[test]
fn talks_with_speakers_under_long_day_headings() {
    let c = conference("day_speaker_titles.md");
    assert_eq!(
        talks(&c),
        [
            (
                "Les bases de données en 2030 - Camille DURAND et Hugo MARTIN",
                Some("Camille DURAND, Hugo MARTIN"),
                Some("Mercredi 5 juin : première journée")
            ),
            (
                "Tester en production sans peur - Léa BERNARD",
                Some("Léa BERNARD"),
                Some("Mercredi 5 juin : première journée")
            ),
            (
                "La keynote d'ouverture",
                None,
                Some("Jeudi 6 juin : on termine")
            ),
            (
                "Observabilité pour les petites équipes - Nadia KHALIL",
                Some("Nadia KHALIL"),
                Some("Jeudi 6 juin : on termine")
            ),
        ]
    );
    let sections = section_titles(&c);
    assert!(sections.contains(&"Ce qui change"), "{sections:?}");
    assert!(sections.contains(&"Bilan de la journée"), "{sections:?}");
}

#[test]
fn headings_without_a_space_after_the_hashes() {
    let c = conference("old_style_headings.md");
    assert_eq!(c.title, "Frontend Day 2013 notes");
    assert_eq!(
        talks(&c),
        [
            ("Offline first web apps", Some("Marta Kowalski"), None),
            ("Sara Lindgren", Some("Sara Lindgren"), None),
        ]
    );
}

#[test]
fn keynotes_one_level_deeper_and_speaker_lines() {
    let c = conference("keynote_speaker_lines.md");
    assert_eq!(
        talks(&c),
        [
            (
                "Keynote: \"Build less\"",
                Some("Grace Okafor"),
                Some("Day 1")
            ),
            (
                "Talk 1: Typed templates in practice (10:00am)",
                Some("Diego Alvarez"),
                Some("Day 1")
            ),
            ("Talk 2: Caching at the edge", Some("Wen Li"), Some("Day 1")),
            (
                "Talk 1: Accessible forms",
                Some("Hannah Schmidt"),
                Some("Day 2")
            ),
        ]
    );
    // The slides line belongs to its talk, as a link.
    assert!(c.talks[1]
        .links
        .iter()
        .any(|l| l.url() == "https://slides.example.com/typed-templates"));
}

#[test]
fn an_h1_in_the_middle_groups_the_talks_after_it() {
    let c = conference("mid_file_h1.md");
    assert_eq!(c.title, "Cloud Summit 2024");
    let titles: Vec<&str> = c.talks.iter().map(|t| t.title.as_str()).collect();
    assert_eq!(
        titles,
        [
            "Serverless cold starts measured",
            "Cost reviews that people attend",
            "Databases in containers",
            "Platform teams as product teams",
        ]
    );
    assert_eq!(c.talks[2].group.as_deref(), Some("Afternoon"));
}

#[test]
fn bold_lines_mark_talks_when_there_are_no_headings() {
    let c = conference("bold_line_talks.md");
    assert_eq!(
        talks(&c),
        [
            (
                "1. Writing a tiny interpreter : Ana Sousa",
                Some("Ana Sousa"),
                None
            ),
            (
                "2. Queues you can trust : Bram de Vries",
                Some("Bram de Vries"),
                None
            ),
            (
                "3. Mentoring juniors remotely : Chloé Petit",
                Some("Chloé Petit"),
                None
            ),
        ]
    );
}

#[test]
fn setext_talks_with_setext_parts() {
    let c = conference("setext_parts.md");
    let titles: Vec<&str> = c.talks.iter().map(|t| t.title.as_str()).collect();
    assert_eq!(
        titles,
        [
            "Designing calm on-call rotations",
            "Migrating a monolith one route at a time",
        ]
    );
    assert_eq!(section_titles(&c), ["Lunch"]);
}

#[test]
fn meals_parties_and_closing_words_are_sections() {
    let c = conference("programme_events.md");
    let titles: Vec<&str> = c.talks.iter().map(|t| t.title.as_str()).collect();
    assert_eq!(
        titles,
        [
            "Opening keynote: the next ten years",
            "Testing microservices with contracts",
            // Words that also end talk titles name a moment of the programme only alone or
            // after a word of the programme ("Coffee break").
            "Container networking",
            "Improving the developer experience",
            "Going live",
        ]
    );
    assert_eq!(
        section_titles(&c),
        [
            "Lunch",
            "Coffee break",
            "AfterParty",
            "Codelabs",
            "Conclusion"
        ]
    );
}

#[test]
fn talks_titled_in_capitals_are_not_speaker_lines() {
    // Two capitalised words read like a name ("Chaos Engineering"); right under a day or the
    // file's title, or beside other headings at its level, such a heading is a talk. A name
    // alone one level under a talk still names its speaker.
    let c = conference("title_case_talks.md");
    assert_eq!(c.title, "Platform Summit 2024");
    assert_eq!(
        talks(&c),
        [
            ("Chaos Engineering", None, Some("Day 1")),
            ("Serverless Patterns", Some("Priya Raman"), Some("Day 1")),
            ("1. Golden Paths", None, Some("Day 2")),
            ("Platform Teams", None, Some("Day 2")),
        ]
    );
}

#[test]
fn a_talk_titled_in_capitals_right_under_the_file_title_is_a_talk() {
    let text = "# Notes\n\n### Modern Features\n\nRecords and sealed classes.\n\n\
                ### Platform Engineering at Scale – Anna Schmidt\n\nGolden paths.\n";
    let c = talk_notes::parse_conference(text, Path::new("n.md"), &ParseOptions::default());
    assert_eq!(
        talks(&c),
        [
            ("Modern Features", None, None),
            (
                "Platform Engineering at Scale – Anna Schmidt",
                Some("Anna Schmidt"),
                None
            ),
        ]
    );
}

#[test]
fn a_line_that_only_names_the_speaker_is_not_the_summary() {
    let text = "# Conf\n\n## Keynote\n\n**Speaker:** Jane Doe (Acme)\n\n\
                The language is stable; the ecosystem is where the work is.\n\n\
                ## Observability mit OpenTelemetry\n\nSprecher: Thomas Weber\n\n\
                Traces, Metriken und Logs in einem Collector.\n\n\
                ## GitOps with Flux\n\n> Speaker: Tom Lee\n\nReconcile loops everywhere.\n";
    let c = talk_notes::parse_conference(text, Path::new("n.md"), &ParseOptions::default());
    let summaries: Vec<String> = c.talks.iter().map(|t| t.summary()).collect();
    let read: Vec<(&str, Option<&str>)> = c
        .talks
        .iter()
        .zip(&summaries)
        .map(|(t, summary)| (summary.as_str(), t.speaker.as_deref()))
        .collect();
    assert_eq!(
        read,
        [
            (
                "The language is stable; the ecosystem is where the work is.",
                Some("Jane Doe")
            ),
            (
                "Traces, Metriken und Logs in einem Collector.",
                Some("Thomas Weber")
            ),
            ("Reconcile loops everywhere.", Some("Tom Lee")),
        ]
    );
}
