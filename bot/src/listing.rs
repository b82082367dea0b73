//! The talk list: stable JSON for scripts and aligned text for people.

use serde::Serialize;
use std::fmt::Write;
use talk_notes::{Conference, Library, LinkKind, Talk};

/// One talk as `talkbot talks --json` prints it. The field names are a stable interface.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct TalkEntry {
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
        if let Some(url) = &talk.title_url {
            links.push(LinkEntry {
                label: talk.title.clone(),
                url: url.clone(),
                kind: talk_notes::links::classify(&talk.title, url),
            });
        }
        for link in &talk.links {
            if !links.iter().any(|l| l.url == link.url) {
                links.push(LinkEntry {
                    label: link.label.clone(),
                    url: link.url.clone(),
                    kind: link.kind,
                });
            }
        }
        TalkEntry {
            title: talk.title.clone(),
            speaker: talk.speaker.clone(),
            slug: talk.slug.clone(),
            conference: conference.title.clone(),
            group: talk.group.clone(),
            file: talk.file.display().to_string(),
            line: talk.line,
            end_line: talk.end_line,
            links,
            summary: talk.summary.clone(),
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

/// The talks as text: a header per conference, then one numbered line per talk.
pub fn render_text(library: &Library) -> String {
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
        for (index, talk) in conference.talks.iter().enumerate() {
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
    }
    out
}
