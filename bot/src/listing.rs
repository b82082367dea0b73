//! The talk list: stable JSON for scripts and aligned text for people.

use serde::Serialize;
use std::collections::HashSet;
use std::fmt::Write;
use talk_notes::roles::{Explanation, TakenFor};
use talk_notes::{Conference, Library, LinkKind, Section, Talk};

/// One talk as `talkbot talks --json` prints it. The field names are a stable interface.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct TalkEntry {
    /// Always `talk` (sections that are not talks say what they are instead).
    pub kind: &'static str,
    /// Plain-text title.
    pub title: String,
    /// Who gave the talk, when the notes say it.
    pub speaker: Option<String>,
    /// GitHub anchor of the talk's heading.
    pub slug: String,
    /// Conference title.
    pub conference: String,
    /// Grouping heading above the talk ("Day 1"), if any.
    pub group: Option<String>,
    /// Notes file.
    pub file: String,
    /// 1-based line of the heading.
    pub line: usize,
    /// 1-based last line of the talk.
    pub end_line: usize,
    /// Links of the talk, heading link first.
    pub links: Vec<LinkEntry>,
    /// First sentences, at most 200 characters.
    pub summary: String,
}

/// One link of a talk.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct LinkEntry {
    /// Link text.
    pub label: String,
    /// Destination.
    pub url: String,
    /// `conference`, `slides`, `video`, `code` or `other`.
    pub kind: LinkKind,
}

impl TalkEntry {
    /// The entry for `talk` of `conference`.
    pub fn new(conference: &Conference, talk: &Talk) -> Self {
        let mut links: Vec<LinkEntry> = Vec::new();
        // The addresses listed so far: a talk of thousands of links is listed in time
        // proportional to them, not to their square.
        let mut listed: HashSet<&str> = HashSet::new();
        if let Some(url) = &talk.title_url {
            listed.insert(url);
            links.push(LinkEntry {
                label: talk.title.clone(),
                url: url.clone(),
                kind: talk_notes::links::classify(&talk.title, url),
            });
        }
        for link in &talk.links {
            if listed.insert(link.url()) {
                links.push(LinkEntry {
                    label: link.label().to_string(),
                    url: link.url().to_string(),
                    kind: link.kind,
                });
            }
        }
        TalkEntry {
            kind: "talk",
            title: talk.title.clone(),
            speaker: talk.speaker.clone(),
            slug: talk.slug.clone(),
            conference: conference.title.clone(),
            group: talk.group.clone(),
            file: talk.file.display().to_string(),
            line: talk.line,
            end_line: talk.end_line,
            links,
            summary: talk.summary(),
        }
    }
}

/// Every talk of the library, in order.
pub fn entries(library: &Library) -> Vec<TalkEntry> {
    library
        .talks()
        .map(|(conference, talk)| TalkEntry::new(conference, talk))
        .collect()
}

/// A part of the notes that is not a talk, as `talkbot talks --json --sections` prints it.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct SectionEntry {
    /// `introduction`, `contents`, `programme`, `group`, `closing` or `other`.
    pub kind: &'static str,
    /// Plain-text heading; empty for the text before the first heading.
    pub title: String,
    /// GitHub anchor of the heading; empty when there is no heading.
    pub slug: String,
    /// Conference title.
    pub conference: String,
    /// Notes file.
    pub file: String,
    /// 1-based line of the heading (of the first block when there is none).
    pub line: usize,
    /// 1-based last line of the section.
    pub end_line: usize,
    /// First sentences, at most 200 characters.
    pub summary: String,
}

impl SectionEntry {
    /// The entry for `section` of `conference`.
    pub fn new(conference: &Conference, section: &Section) -> Self {
        SectionEntry {
            kind: section.kind.name(),
            title: section.title.clone(),
            slug: section.slug.clone(),
            conference: conference.title.clone(),
            file: conference.file.display().to_string(),
            line: section.line,
            end_line: section.end_line,
            summary: talk_notes::text::summarize(&section.blocks, 200),
        }
    }
}

/// A talk or a section that is not a talk.
#[derive(Debug, Clone, Serialize, PartialEq)]
#[serde(untagged)]
pub enum Entry {
    /// A talk.
    Talk(TalkEntry),
    /// A part of the notes that is not a talk.
    Section(SectionEntry),
}

/// Every talk and every section that is not a talk, in file order.
pub fn all_entries(library: &Library) -> Vec<Entry> {
    let mut all = Vec::new();
    for conference in &library.conferences {
        let mut parts: Vec<(usize, Entry)> = conference
            .talks
            .iter()
            .map(|t| (t.line, Entry::Talk(TalkEntry::new(conference, t))))
            .chain(
                conference
                    .sections
                    .iter()
                    .map(|s| (s.line, Entry::Section(SectionEntry::new(conference, s)))),
            )
            .collect();
        parts.sort_by_key(|(line, _)| *line);
        all.extend(parts.into_iter().map(|(_, e)| e));
    }
    all
}

/// The talks as text: a header per conference, then one numbered line per talk; with
/// `sections`, the parts that are not talks too, each with its kind.
pub fn render_text(library: &Library, sections: bool) -> String {
    let mut out = String::new();
    for conference in &library.conferences {
        let _ = writeln!(
            out,
            "{} — {} talks ({})",
            conference.title,
            conference.talks.len(),
            conference.file.display()
        );
        let mut group = None;
        let mut other = conference.sections.iter().filter(|_| sections).peekable();
        for (index, talk) in conference.talks.iter().enumerate() {
            while let Some(section) = other.next_if(|s| s.line < talk.line) {
                push_section_line(&mut out, section);
            }
            if talk.group.is_some() && talk.group != group {
                group = talk.group.clone();
                let _ = writeln!(out, "  {}", group.as_deref().unwrap_or_default());
            }
            let kinds: Vec<&str> = [
                (LinkKind::Slides, "slides"),
                (LinkKind::Video, "video"),
                (LinkKind::Code, "code"),
            ]
            .iter()
            .filter(|(kind, _)| talk.links.iter().any(|l| l.kind == *kind))
            .map(|(_, name)| *name)
            .collect();
            let extras = if kinds.is_empty() {
                String::new()
            } else {
                format!("  [{}]", kinds.join(", "))
            };
            let by = talk
                .speaker
                .as_deref()
                .filter(|s| !talk.title.contains(s.split(", ").next().unwrap_or(s)))
                .map(|s| format!(" — {s}"))
                .unwrap_or_default();
            let _ = writeln!(
                out,
                "  {:>3}. {}{}{}  (line {})",
                index + 1,
                talk.title,
                by,
                extras,
                talk.line
            );
        }
        for section in other {
            push_section_line(&mut out, section);
        }
    }
    out
}

/// One line for a section that is not a talk: `[closing] My conclusions  (line 80)`.
fn push_section_line(out: &mut String, section: &Section) {
    let title = if section.title.is_empty() {
        "(before the first heading)"
    } else {
        &section.title
    };
    let _ = writeln!(
        out,
        "       [{}] {}  (line {})",
        section.kind.name(),
        title,
        section.line
    );
}

/// One file as `talkbot talks --explain --json` prints it: the talk level and, for every
/// heading, what it was taken for and the evidence that decided.
#[derive(Debug, Serialize)]
pub struct ExplainedFile<'a> {
    /// Notes file.
    pub file: String,
    /// Conference title.
    pub conference: &'a str,
    /// The talk level and the headings' readings.
    #[serde(flatten)]
    pub explanation: &'a Explanation,
}

/// The JSON form of `talkbot talks --explain`, one entry per file.
pub fn explained_entries(files: &[(Conference, Explanation)]) -> Vec<ExplainedFile<'_>> {
    files
        .iter()
        .map(|(conference, explanation)| ExplainedFile {
            file: conference.file.display().to_string(),
            conference: &conference.title,
            explanation,
        })
        .collect()
}

/// The text form of `talkbot talks --explain`: per file, its talk level, then one line per
/// heading: line, level, what it was taken for, title, and the evidence.
pub fn render_explanation(files: &[(Conference, Explanation)]) -> String {
    let mut out = String::new();
    for (conference, explanation) in files {
        let _ = writeln!(
            out,
            "{} — talk level {} ({}) ({})",
            conference.title,
            explanation.talk_level,
            if explanation.talk_level_set {
                "set"
            } else {
                "detected"
            },
            conference.file.display()
        );
        for h in &explanation.headings {
            let what = match (h.taken_for, h.kind) {
                (TakenFor::Group | TakenFor::Section, Some(kind)) => kind.name(),
                (taken, _) => taken.name(),
            };
            let mut why = h.evidence.describe().to_string();
            if let Some(kind) = h.kind_evidence {
                let _ = write!(why, "; {}", kind.describe());
            }
            if let Some(line) = h.part_of {
                let _ = write!(why, " (line {line})");
            }
            let speaker = h
                .speaker
                .as_deref()
                .filter(|s| !h.title.contains(s.split(", ").next().unwrap_or(s)))
                .map(|s| format!(" — {s}"))
                .unwrap_or_default();
            let _ = writeln!(
                out,
                "  {:>5}  {:<6} {:<12} {}{speaker}\n{:>23}{why}",
                h.line,
                "#".repeat(usize::from(h.level)),
                what,
                h.title,
                "because: "
            );
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;
    use talk_notes::{parse_conference, ParseOptions};

    #[test]
    fn a_talk_of_many_links_lists_each_address_once_in_order() {
        // 200,000 links, every address written twice (the second time with another label),
        // after a heading link whose address is written again in the text.
        let mut links = vec![talk_notes::Link::new(
            "again",
            "https://conf.example/talk",
            "",
            LinkKind::Other,
            2,
        )];
        for i in 0..100_000 {
            for label in ["first", "second"] {
                let url = format!("https://example.com/{i}");
                links.push(talk_notes::Link::new(label, &url, "", LinkKind::Other, 3));
            }
        }
        let talk = Talk {
            title: "Many links".to_string(),
            title_url: Some("https://conf.example/talk".to_string()),
            speaker: None,
            slug: "many-links".to_string(),
            group: None,
            file: std::sync::Arc::from(Path::new("conf.md")),
            line: 1,
            end_line: 3,
            links,
            blocks: Vec::new(),
        };
        let conference =
            parse_conference("# Conf\n", Path::new("conf.md"), &ParseOptions::default());
        let entry = TalkEntry::new(&conference, &talk);
        assert_eq!(entry.links.len(), 100_001);
        assert_eq!(entry.links[0].label, "Many links");
        for (i, link) in entry.links[1..].iter().enumerate() {
            assert_eq!(link.url, format!("https://example.com/{i}"));
            assert_eq!(link.label, "first");
        }
    }

    #[test]
    fn sections_are_listed_with_their_kind_in_file_order() {
        let text = "# Conf\n\nWhy I went.\n\n## First talk\n\nText.\n\n## Second talk\n\nMore.\n\n\
                    ## My conclusions\n\nWorth it.\n";
        let library = Library {
            conferences: vec![parse_conference(
                text,
                Path::new("conf.md"),
                &ParseOptions::default(),
            )],
        };
        let kinds: Vec<(&str, String)> = all_entries(&library)
            .iter()
            .map(|e| match e {
                Entry::Talk(t) => (t.kind, t.title.clone()),
                Entry::Section(s) => (s.kind, s.title.clone()),
            })
            .collect();
        let expected = [
            ("introduction", ""),
            ("talk", "First talk"),
            ("talk", "Second talk"),
            ("closing", "My conclusions"),
        ];
        let expected: Vec<(&str, String)> =
            expected.iter().map(|(k, t)| (*k, t.to_string())).collect();
        assert_eq!(kinds, expected);
        assert_eq!(entries(&library).len(), 2, "--json alone lists the talks");
        let text = render_text(&library, true);
        assert!(
            text.contains("[closing] My conclusions  (line 13)"),
            "{text}"
        );
    }
}
