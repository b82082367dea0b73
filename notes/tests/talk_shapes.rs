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
        .filter(|a| a.level == 1 && a.text() == c.title)
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

/// The ways a heading names its speaker, as notes write them.
#[derive(Debug, Clone, Copy)]
enum SpeakerForm {
    /// "Title by Speaker"
    By,
    /// "Title, Speaker"
    Comma,
    /// "Speaker - Title"
    Before,
    /// "Title — [Speaker]"
    Bracketed,
}

impl SpeakerForm {
    const ALL: [SpeakerForm; 4] = [
        SpeakerForm::By,
        SpeakerForm::Comma,
        SpeakerForm::Before,
        SpeakerForm::Bracketed,
    ];

    fn write(self, title: &str, speaker: &str) -> String {
        match self {
            SpeakerForm::By => format!("{title} by {speaker}"),
            SpeakerForm::Comma => format!("{title}, {speaker}"),
            SpeakerForm::Before => format!("{speaker} - {title}"),
            SpeakerForm::Bracketed => format!("{title} — [{speaker}]"),
        }
    }
}

/// Characters and words that join a title and its speaker ("by", ",", "-", "—", "|", ":",
/// brackets), trimmed off the title once the speaker is cut out.
fn without_joiner(text: &str) -> &str {
    let mut text = text.trim();
    loop {
        let before = text;
        text = text
            .trim_matches(|c: char| {
                c.is_whitespace() || ",-–—|:([])@".contains(c) || c == '/' || c == '·'
            })
            .trim();
        for word in ["by", "By", "BY", "par", "von", "por"] {
            if let Some(rest) = text.strip_suffix(word) {
                if rest.ends_with(' ') {
                    text = rest;
                }
            }
            if let Some(rest) = text.strip_prefix(word) {
                if rest.starts_with(' ') {
                    text = rest;
                }
            }
        }
        if text == before {
            return text;
        }
    }
}

/// A talk's title without the speaker its heading names, when the heading is plain text and
/// the speaker stands at its start or end: `("Title", "Speaker")`. `None` otherwise.
fn title_and_speaker(heading: &str, speaker: Option<&str>) -> Option<(String, String)> {
    let speaker = speaker?;
    // Several speakers ("A, B and C") move as one run of text.
    let at = heading.find(speaker)?;
    let before = &heading[..at];
    let after = &heading[at + speaker.len()..];
    let rest = if without_joiner(after).is_empty() {
        without_joiner(before)
    } else if without_joiner(before).is_empty() {
        without_joiner(after)
    } else {
        return None;
    };
    // A title of at least two words, with no joiner of its own that a form would confuse.
    let plain = rest.split_whitespace().count() >= 2
        && !rest.contains(" by ")
        && !rest.contains([',', '—', '|', '[', ']', '(', ')'])
        && !rest.contains(" - ");
    plain.then(|| (rest.to_string(), speaker.to_string()))
}

/// Each talk heading that names its speaker at its start or end rewritten in `form`; `None`
/// when no heading of the file does.
fn speaker_moved(text: &str, c: &Conference, form: SpeakerForm) -> Option<String> {
    let talks: Vec<(usize, String, String)> = c
        .talks
        .iter()
        .filter_map(|t| {
            title_and_speaker(&t.title, t.speaker.as_deref()).map(|(title, s)| (t.line, title, s))
        })
        .collect();
    let mut out = String::new();
    let mut moved = 0;
    for (n, (line, outside)) in lines_outside_code(text).into_iter().enumerate() {
        let talk = talks.iter().find(|(at, ..)| *at == n + 1);
        match (atx(&line).filter(|_| outside), talk) {
            // Only headings written as plain text: their text is the talk's title.
            (Some((level, written)), Some((_, title, speaker)))
                if written.trim_end_matches('#').trim_end()
                    == c.talks
                        .iter()
                        .find(|t| t.line == n + 1)
                        .map_or("", |t| &t.title) =>
            {
                moved += 1;
                out.push_str(&format!(
                    "{} {}\n",
                    "#".repeat(level),
                    form.write(title, speaker)
                ));
            }
            _ => out.push_str(&format!("{line}\n")),
        }
    }
    (moved > 0).then_some(out)
}

/// Runs `change` over every file (whole text, front matter kept); returns the files whose talk
/// split (the lines of the talk headings) changed, and how many files were changed at all.
fn split_lines_change(
    change: impl Fn(&str, &Conference) -> Option<String>,
) -> (Vec<String>, usize) {
    let mut changed = Vec::new();
    let mut files_changed = 0;
    for path in files() {
        let text = std::fs::read_to_string(&path).expect("notes file");
        let c = parse(&text, &path);
        let Some(new_text) = change(&text, &c) else {
            continue;
        };
        assert_eq!(new_text.lines().count(), text.lines().count(), "{path:?}");
        files_changed += 1;
        let after = parse(&new_text, &path);
        let lines = |c: &Conference| c.talks.iter().map(|t| t.line).collect::<Vec<_>>();
        if lines(&c) != lines(&after) {
            changed.push(format!(
                "{}: talks at {:?} became {:?}: {:?}",
                path.display(),
                lines(&c),
                lines(&after),
                titles(&after)
            ));
        }
    }
    (changed, files_changed)
}

#[test]
fn the_speaker_moved_between_title_forms_keeps_the_talks() {
    for form in SpeakerForm::ALL {
        let (changed, files) = split_lines_change(|text, c| speaker_moved(text, c, form));
        assert!(
            files >= 10,
            "{form:?}: only {files} files name speakers in titles"
        );
        assert!(changed.is_empty(), "{form:?}: {changed:#?}");
    }
}

#[test]
fn the_speaker_moved_between_title_forms_is_still_read() {
    for form in SpeakerForm::ALL {
        let mut lost = Vec::new();
        for path in files() {
            let text = std::fs::read_to_string(&path).expect("notes file");
            let c = parse(&text, &path);
            let Some(moved) = speaker_moved(&text, &c, form) else {
                continue;
            };
            let after = parse(&moved, &path);
            for (before, after) in c.talks.iter().zip(&after.talks) {
                if before.title != after.title && before.speaker != after.speaker {
                    lost.push(format!(
                        "{}:{}: {:?} from {:?}, was {:?}",
                        path.display(),
                        after.line,
                        after.speaker,
                        after.title,
                        before.speaker
                    ));
                }
            }
        }
        assert!(lost.is_empty(), "{form:?}: {lost:#?}");
    }
}

/// The words for "day N" in the languages notes come in.
const DAY_WORDS: [fn(&str) -> String; 5] = [
    |n| format!("Day {n}"),
    |n| format!("Jour {n}"),
    |n| format!("Tag {n}"),
    |n| format!("Día {n}"),
    |n| format!("{n}日目"),
];

/// A heading that opens with a day number ("Day 1", "DAY 02: May 3", "Jour 2", "2日目"): the
/// number and the rest of the heading after it.
fn day_number(heading: &str) -> Option<(&str, &str)> {
    let lower = heading.to_lowercase();
    for word in ["day ", "jour ", "tag ", "día "] {
        if lower.starts_with(word) {
            let rest = heading[word.len()..].trim_start();
            let digits = rest.len() - rest.trim_start_matches(|c: char| c.is_ascii_digit()).len();
            if digits > 0 {
                return Some((&rest[..digits], &rest[digits..]));
            }
        }
    }
    let digits = heading.len()
        - heading
            .trim_start_matches(|c: char| c.is_ascii_digit())
            .len();
    let rest = heading[digits..].strip_prefix("日目")?;
    (digits > 0).then(|| (&heading[..digits], rest))
}

/// Every heading that opens with a day number written with `day` instead.
fn day_words(text: &str, day: fn(&str) -> String) -> Option<String> {
    let mut out = String::new();
    let mut moved = 0;
    for (line, outside) in lines_outside_code(text) {
        match atx(&line).filter(|_| outside) {
            Some((level, heading)) => match day_number(heading) {
                Some((number, rest)) => {
                    moved += 1;
                    out.push_str(&format!("{} {}{rest}\n", "#".repeat(level), day(number)));
                }
                None => out.push_str(&format!("{line}\n")),
            },
            None => out.push_str(&format!("{line}\n")),
        }
    }
    (moved > 0).then_some(out)
}

#[test]
fn day_words_in_another_language_keep_the_talks() {
    for day in DAY_WORDS {
        let (changed, files) = split_lines_change(|text, _| day_words(text, day));
        assert!(
            files >= 10,
            "{}: only {files} files have day headings",
            day("1")
        );
        assert!(changed.is_empty(), "{}: {changed:#?}", day("1"));
    }
}
