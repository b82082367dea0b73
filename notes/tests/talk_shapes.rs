//! Talks decided over the whole heading tree, on fixtures written as classes of shapes (talks at
//! mixed levels, name-only headings under "Lightning talks", one wrapping section, day headings
//! beside the talks, closing sections), and metamorphic tests: rewriting the headings of every
//! fixture and corpus file in ways that keep their meaning keeps the talk split.

mod common;

use std::path::{Path, PathBuf};
use talk_notes::{parse_conference, Conference, ParseOptions, SectionKind};

fn fixture(name: &str) -> (String, PathBuf) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name);
    let text = std::fs::read_to_string(&path).expect("fixture");
    (text, path)
}

fn parse(text: &str, path: &Path) -> Conference {
    parse_conference(text, path, &ParseOptions::default())
}

fn titles(c: &Conference) -> Vec<&str> {
    c.talks.iter().map(|t| t.title.as_str()).collect()
}

fn sections(c: &Conference) -> Vec<(&str, SectionKind)> {
    c.sections
        .iter()
        .map(|s| (s.title.as_str(), s.kind))
        .collect()
}

#[test]
fn talks_written_at_two_levels_are_all_talks() {
    let (text, path) = fixture("mixed_talk_levels.md");
    let c = parse(&text, &path);
    assert_eq!(c.talks.len(), 6, "{:?}", titles(&c));
    assert_eq!(
        c.talks[2].title,
        "11:00 – Continuous integration in practice by Jane Doe"
    );
    assert_eq!(sections(&c), [("", SectionKind::Introduction)]);
}

#[test]
fn name_only_headings_under_lightning_talks_are_talks_by_that_speaker() {
    let (text, path) = fixture("name_only_headings.md");
    let c = parse(&text, &path);
    let speakers: Vec<(&str, Option<&str>)> = c
        .talks
        .iter()
        .skip(2)
        .map(|t| (t.title.as_str(), t.speaker.as_deref()))
        .collect();
    assert_eq!(
        speakers,
        [
            ("Jane Doe - @janedoe", Some("Jane Doe")),
            ("Piotr Nowak", Some("Piotr Nowak")),
            ("Lea Fischer - @leaf", Some("Lea Fischer")),
        ]
    );
    assert_eq!(c.talks.len(), 5);
    assert!(c.talks[2..]
        .iter()
        .all(|t| t.group.as_deref() == Some("Lightning talks")));
    assert_eq!(
        sections(&c)[2..],
        [
            ("General thoughts", SectionKind::Closing),
            ("Thanks", SectionKind::Closing)
        ]
    );
}

#[test]
fn talks_under_one_wrapping_section_are_each_a_talk() {
    let (text, path) = fixture("one_wrapping_section.md");
    let c = parse(&text, &path);
    assert_eq!(c.talks.len(), 6, "{:?}", titles(&c));
    assert_eq!(c.talks[5].speaker.as_deref(), Some("Emma Dubois"));
}

#[test]
fn day_headings_beside_talks_group_them_and_closing_sections_are_not_talks() {
    let (text, path) = fixture("day_headings_beside_talks.md");
    let c = parse(&text, &path);
    assert_eq!(
        titles(&c),
        [
            "Migrating to the cloud — Carlos Mendes",
            "Secrets management — Hana Sato",
            "Mobile performance — Ivan Petrov",
            "Platform teams — Julia Costa"
        ]
    );
    let groups: Vec<Option<&str>> = c.talks.iter().map(|t| t.group.as_deref()).collect();
    assert_eq!(
        groups,
        [Some("Day 1"), Some("Day 1"), Some("Day 2"), Some("Day 2")]
    );
    assert_eq!(
        sections(&c),
        [
            ("Day 1", SectionKind::Group),
            ("Day 2", SectionKind::Group),
            ("My conclusions", SectionKind::Closing),
            ("Other talks", SectionKind::Closing)
        ]
    );
}

/// Each line of `text` with whether it is inside a fenced code block.
fn lines_outside_code(text: &str) -> Vec<(String, bool)> {
    let mut fence: Option<&str> = None;
    text.lines()
        .map(|line| {
            let trimmed = line.trim_start();
            let marker = ["```", "~~~"].into_iter().find(|m| trimmed.starts_with(m));
            let inside = fence.is_some();
            match (fence, marker) {
                (None, Some(m)) => fence = Some(m),
                (Some(f), Some(m)) if f == m => fence = None,
                _ => {}
            }
            (line.to_string(), !inside && marker.is_none())
        })
        .collect()
}

/// The level and text of an ATX heading line.
fn atx(line: &str) -> Option<(usize, &str)> {
    let hashes = line.len() - line.trim_start_matches('#').len();
    let rest = &line[hashes..];
    ((1..=6).contains(&hashes) && (rest.is_empty() || rest.starts_with([' ', '\t'])))
        .then(|| (hashes, rest.trim()))
}

/// Every heading but the conference title (the first H1, when it is the title) one level deeper; `None` when one is already at 6.
fn deeper(text: &str, c: &Conference) -> Option<String> {
    let title_line = c
        .anchors
        .first()
        .filter(|a| a.level == 1 && a.text == c.title)
        .map(|a| a.line);
    let mut out = String::new();
    let mut seen_title = false;
    for (line, outside) in lines_outside_code(text) {
        match atx(&line).filter(|_| outside) {
            Some((6, _)) => return None,
            Some((1, _)) if title_line.is_some() && !seen_title => {
                seen_title = true;
                out.push_str(&format!("{line}\n"));
            }
            Some(_) => out.push_str(&format!("#{line}\n")),
            None => out.push_str(&format!("{line}\n")),
        }
    }
    Some(out)
}

/// ATX headings of levels 1–2 written as Setext (`Title` over `===` or `---`), with a blank line
/// before them; headings whose text would read as a list, a quote or a table stay ATX.
fn setext(text: &str) -> String {
    let mut out = String::new();
    for (line, outside) in lines_outside_code(text) {
        match atx(&line).filter(|_| outside) {
            Some((level @ 1..=2, title))
                if !title.is_empty()
                    && !title.starts_with(['-', '*', '+', '>', '|', '#', '='])
                    && !title.contains('|')
                    && !title.split_once(['.', ')']).is_some_and(|(n, _)| {
                        !n.is_empty() && n.chars().all(|c| c.is_ascii_digit())
                    }) =>
            {
                let title = title.trim_end_matches('#').trim_end();
                let under = if level == 1 { "=" } else { "-" };
                out.push_str(&format!(
                    "\n{title}\n{}\n",
                    under.repeat(title.len().max(3))
                ));
            }
            _ => out.push_str(&format!("{line}\n")),
        }
    }
    out
}

const TIME: &str = "9:45 – ";

/// Each talk's ATX heading with a time in front of its title.
fn timed(text: &str, c: &Conference) -> String {
    let talk_lines: Vec<usize> = c.talks.iter().map(|t| t.line).collect();
    let mut out = String::new();
    for (n, (line, outside)) in lines_outside_code(text).into_iter().enumerate() {
        match atx(&line).filter(|_| outside && talk_lines.contains(&(n + 1))) {
            Some((level, title)) => out.push_str(&format!("{} {TIME}{title}\n", "#".repeat(level))),
            None => out.push_str(&format!("{line}\n")),
        }
    }
    out
}

/// The files every metamorphic test runs on: the seed, the fixtures and the corpus.
fn files() -> Vec<PathBuf> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let mut files = vec![root.join("examples/velocity-london-2018.md")];
    let mut dirs = vec![root.join("tests/fixtures")];
    dirs.extend(common::corpus::corpus_dir());
    for dir in dirs {
        let mut found: Vec<PathBuf> = std::fs::read_dir(&dir)
            .expect("folder")
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|e| e == "md"))
            .collect();
        found.sort();
        files.extend(found);
    }
    files
}

/// Runs `change` over every file; returns the files whose talk titles changed, with both lists.
fn split_changes(
    change: impl Fn(&str, &Conference) -> Option<String>,
    same: impl Fn(&str) -> String,
) -> Vec<String> {
    let mut changed = Vec::new();
    for path in files() {
        let text = std::fs::read_to_string(&path).expect("notes file");
        // Front matter stays as written: only the body is rewritten.
        let body_start = talk_notes::frontmatter::split(&text).body_start;
        let c = parse(&text, &path);
        let Some(body) = change(&text[body_start..], &c) else {
            continue;
        };
        let changed_text = format!("{}{body}", &text[..body_start]);
        let after = parse(&changed_text, &path);
        let before: Vec<String> = c.talks.iter().map(|t| t.title.clone()).collect();
        let after: Vec<String> = after.talks.iter().map(|t| same(&t.title)).collect();
        if before != after {
            changed.push(format!("{}: {before:?} became {after:?}", path.display()));
        }
    }
    changed
}

#[test]
fn headings_one_level_deeper_keep_the_talks() {
    let changed = split_changes(deeper, str::to_string);
    assert!(changed.is_empty(), "{changed:#?}");
}

#[test]
fn setext_headings_keep_the_talks() {
    let changed = split_changes(|body, _| Some(setext(body)), str::to_string);
    assert!(changed.is_empty(), "{changed:#?}");
}

#[test]
fn a_time_before_each_talk_title_keeps_the_talks() {
    // The talk lines are counted from the file's first line: the body is rewritten whole.
    let changed = split_changes(
        |_, c| {
            let text = std::fs::read_to_string(&c.file).ok()?;
            let body_start = talk_notes::frontmatter::split(&text).body_start;
            Some(timed(&text, c)[body_start..].to_string())
        },
        |title| title.strip_prefix(TIME).unwrap_or(title).to_string(),
    );
    assert!(changed.is_empty(), "{changed:#?}");
}
