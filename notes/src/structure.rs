//! Decides which headings are talks, and assembles the [`Conference`].
//!
//! The talk level is read from the document: the shallowest heading level (below the title)
//! whose headings look like talks. A level is skipped when most of its headings are groupings
//! ("Day 1", "Thursday 11th May", "Morning track", or headings with no text of their own), and
//! its headings become the talks' `group`. Headings such as "Table of contents", "Books" or
//! "Link dump" are sections, not talks, at any level.

use crate::blocks::{Document, Item, Located, RawLink};
use crate::frontmatter::FrontMatter;
use crate::links::classify;
use crate::model::{Anchor, Block, Conference, Link, Section, Span, Talk, Toc, TocEntry};
use crate::slug::Slugger;
use crate::text::{spans_text, summarize};
use std::path::Path;

/// Longest summary, in characters.
pub const SUMMARY_CHARS: usize = 200;

/// A heading of the document with what the structure pass needs to know about it.
struct Heading {
    /// Index into `Document::items`.
    item: usize,
    level: u8,
    title: String,
    title_url: Option<String>,
    line: usize,
    /// Blocks between this heading and the next heading of any level.
    own_blocks: usize,
    /// Whether the next heading is deeper (this one has sub-headings).
    has_children: bool,
}

/// Builds the conference from a parsed document. `talk_level` forces the level when given.
pub fn assemble(
    doc: Document,
    front: &FrontMatter,
    file: &Path,
    talk_level: Option<u8>,
) -> Conference {
    let headings = collect_headings(&doc.items);
    let mut slugger = Slugger::new();
    let anchors: Vec<Anchor> = headings
        .iter()
        .map(|h| Anchor {
            level: h.level,
            text: h.title.clone(),
            slug: slugger.slug(&h.title),
            line: h.line,
        })
        .collect();

    // The title is the first H1 when it comes before any other heading.
    let title_h1 = headings.first().filter(|h| h.level == 1);
    let title_heading = title_h1.map(|h| h.item);
    let (title, title_url) = match title_h1 {
        Some(h) => (h.title.clone(), h.title_url.clone()),
        None => (
            front
                .get("title")
                .map(str::to_string)
                .unwrap_or_else(|| file_stem(file)),
            None,
        ),
    };
    let body_headings: Vec<&Heading> = headings
        .iter()
        .filter(|h| Some(h.item) != title_heading)
        .collect();
    let level = talk_level.unwrap_or_else(|| detect_talk_level(&body_headings));
    // Under a plain heading between the title and the talks ("## Next year in Lisbon" among
    // "## Day 1" headings), detected talk-level headings are notes, not talks.
    let holds_talks: Vec<bool> = headings
        .iter()
        .map(|h| {
            talk_level.is_some()
                || h.level < 2
                || h.level >= level
                || is_group_heading(h)
                || is_meta_title(&h.title)
        })
        .collect();

    let mut conference = Conference {
        title,
        title_url,
        file: file.to_path_buf(),
        metadata: front.fields.clone(),
        intro: Vec::new(),
        toc: None,
        talks: Vec::new(),
        sections: Vec::new(),
        anchors,
        talk_level: level,
    };

    let mut target = Target::Intro;
    let mut group: Option<String> = None;
    let mut under_plain_heading = false;
    let mut heading_index = 0;
    for (index, located) in doc.items.into_iter().enumerate() {
        let Located {
            item,
            line,
            end_line: item_end,
        } = located;
        match item {
            Item::Heading { .. } if Some(index) == title_heading => {
                heading_index += 1;
            }
            Item::Heading {
                level: h_level,
                spans,
            } => {
                let anchor = &conference.anchors[heading_index];
                let h = &headings[heading_index];
                heading_index += 1;
                let meta = is_meta_title(&anchor.text);
                if h_level > level {
                    let block = Block::Heading {
                        level: h_level,
                        spans,
                    };
                    push_block(&mut conference, target, block, item_end);
                    continue;
                }
                if h_level < level && h_level >= 2 {
                    under_plain_heading = !holds_talks[heading_index - 1];
                }
                if h_level == level && !meta && !under_plain_heading {
                    conference.talks.push(Talk {
                        title: anchor.text.clone(),
                        title_url: h.title_url.clone(),
                        speaker: None,
                        slug: anchor.slug.clone(),
                        group: group.clone(),
                        file: file.to_path_buf(),
                        line,
                        end_line: item_end,
                        links: Vec::new(),
                        blocks: Vec::new(),
                        summary: String::new(),
                    });
                    target = Target::Talk;
                } else {
                    if h_level < level {
                        group = (!meta).then(|| anchor.text.clone());
                    }
                    conference.sections.push(Section {
                        level: h_level,
                        title: anchor.text.clone(),
                        slug: anchor.slug.clone(),
                        line,
                        blocks: Vec::new(),
                    });
                    target = Target::Section;
                }
            }
            Item::Block(block) => push_block(&mut conference, target, block, item_end),
        }
    }

    attach_links(&mut conference.talks, &doc.links);
    conference.toc = find_toc(&conference, &doc.links);
    for talk in &mut conference.talks {
        while talk.blocks.last() == Some(&Block::Rule) {
            talk.blocks.pop();
        }
        talk.summary = summarize(&talk.blocks, SUMMARY_CHARS);
    }
    conference
}

/// Where the blocks being read go: the intro, the last talk or the last section.
#[derive(Debug, Clone, Copy)]
enum Target {
    Intro,
    Talk,
    Section,
}

fn push_block(conference: &mut Conference, target: Target, block: Block, end_line: usize) {
    match target {
        Target::Intro => conference.intro.push(block),
        Target::Talk => {
            if let Some(talk) = conference.talks.last_mut() {
                // A rule between talks is a separator: it does not extend the talk.
                if block != Block::Rule {
                    talk.end_line = talk.end_line.max(end_line);
                }
                talk.blocks.push(block);
            }
        }
        Target::Section => {
            if let Some(section) = conference.sections.last_mut() {
                section.blocks.push(block);
            }
        }
    }
}

fn collect_headings(items: &[Located]) -> Vec<Heading> {
    let mut headings: Vec<Heading> = Vec::new();
    for (index, located) in items.iter().enumerate() {
        match &located.item {
            Item::Heading { level, spans } => headings.push(Heading {
                item: index,
                level: *level,
                title: heading_title(spans),
                title_url: heading_url(spans),
                line: located.line,
                own_blocks: 0,
                has_children: false,
            }),
            Item::Block(Block::Rule) => {}
            Item::Block(_) => {
                if let Some(last) = headings.last_mut() {
                    last.own_blocks += 1;
                }
            }
        }
    }
    for i in 1..headings.len() {
        headings[i - 1].has_children = headings[i].level > headings[i - 1].level;
    }
    headings
}

/// Plain text of a heading, whitespace collapsed.
fn heading_title(spans: &[Span]) -> String {
    spans_text(spans)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// The link of a heading that is a link (`## [Title](url)`): most of its text is linked.
fn heading_url(spans: &[Span]) -> Option<String> {
    let total: usize = spans.iter().map(|s| s.text.trim().len()).sum();
    let first = spans.iter().find_map(|s| s.link.clone())?;
    let linked: usize = spans
        .iter()
        .filter(|s| s.link.as_ref() == Some(&first))
        .map(|s| s.text.trim().len())
        .sum();
    (linked * 2 > total).then_some(first)
}

fn file_stem(file: &Path) -> String {
    file.file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "notes".to_string())
}

/// The shallowest level whose headings are mostly talks; see the module docs.
fn detect_talk_level(headings: &[&Heading]) -> u8 {
    let mut levels: Vec<u8> = headings.iter().map(|h| h.level).collect();
    levels.sort_unstable();
    levels.dedup();
    let Some(&deepest) = levels.last() else {
        return 2;
    };
    for &level in &levels {
        if level == deepest {
            return level;
        }
        let at_level: Vec<&&Heading> = headings
            .iter()
            .filter(|h| h.level == level && !is_meta_title(&h.title))
            .collect();
        let grouping = at_level.iter().filter(|h| is_group_heading(h)).count();
        let talks = at_level.len() - grouping;
        if talks > grouping {
            return level;
        }
    }
    deepest
}

/// A heading that groups talks: a day, date, track or room, or a heading with deeper headings
/// under it and no text of its own.
fn is_group_heading(heading: &Heading) -> bool {
    is_grouping_title(&heading.title) || (heading.has_children && heading.own_blocks == 0)
}

/// Headings that hold other sections rather than a talk: days, dates, tracks, rooms.
fn is_grouping_title(title: &str) -> bool {
    const WORDS: &[&str] = &[
        "day",
        "days",
        "jour",
        "journée",
        "journee",
        "tag",
        "día",
        "dia",
        "giorno",
        "dag",
        "morning",
        "afternoon",
        "evening",
        "track",
        "room",
        "hall",
        "stage",
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
        "lundi",
        "mardi",
        "mercredi",
        "jeudi",
        "vendredi",
        "samedi",
        "dimanche",
        "montag",
        "dienstag",
        "mittwoch",
        "donnerstag",
        "freitag",
        "samstag",
        "sonntag",
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
        "janvier",
        "février",
        "mars",
        "avril",
        "mai",
        "juin",
        "juillet",
        "août",
        "septembre",
        "octobre",
        "novembre",
        "décembre",
    ];
    let lower = title.to_lowercase();
    let words: Vec<&str> = lower
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    let is_date = words.len() >= 3
        && words
            .iter()
            .take(3)
            .all(|w| w.chars().all(|c| c.is_ascii_digit()))
        && words[0].len() == 4;
    let japanese_day = lower.contains("日目") || lower.starts_with('第');
    is_date || japanese_day || (words.len() <= 5 && words.iter().any(|w| WORDS.contains(w)))
}

/// Headings that are never talks: tables of contents, lists of links and books, housekeeping.
pub fn is_meta_title(title: &str) -> bool {
    const EXACT: &[&str] = &[
        "agenda",
        "books",
        "contents",
        "housekeeping",
        "index",
        "link dump",
        "links",
        "misc",
        "miscellaneous",
        "parking lot",
        "reading list",
        "references",
        "resources",
        "schedule",
        "sessions",
        "swag",
        "table of contents",
        "talks",
        "tidbits",
        "toc",
        "todo",
        "sommaire",
        "programme",
        "目次",
    ];
    const PREFIXES: &[&str] = &[
        "attended sessions",
        "attended talks",
        "list of talks",
        "things to ",
        "visited talks",
        "watched talks",
        "talks i attended",
        "further reading",
    ];
    let lower: String = title
        .to_lowercase()
        .trim_matches(|c: char| !c.is_alphanumeric())
        .to_string();
    EXACT.contains(&lower.as_str()) || PREFIXES.iter().any(|p| lower.starts_with(p))
}

/// Gives each talk the links written between its first and last line (in-page anchors excluded).
fn attach_links(talks: &mut [Talk], links: &[RawLink]) {
    let mut by_line: Vec<&RawLink> = links.iter().filter(|l| !l.url.starts_with('#')).collect();
    by_line.sort_by_key(|l| l.line);
    for talk in talks {
        let from = by_line.partition_point(|l| l.line < talk.line);
        let to = by_line.partition_point(|l| l.line <= talk.end_line);
        let mut found: Vec<Link> = Vec::new();
        for link in &by_line[from..to.max(from)] {
            let duplicate = found
                .iter()
                .any(|l| l.url == link.url && l.label == link.label);
            if !duplicate {
                found.push(Link {
                    label: link.label.clone(),
                    url: link.url.clone(),
                    title: link.title.clone(),
                    kind: classify(&link.label, &link.url),
                    line: link.line,
                });
            }
        }
        talk.links = found;
    }
}

/// The table of contents: the first list, paragraph or table outside the talks whose links
/// are mostly in-page anchors (at least two of them).
fn find_toc(conference: &Conference, links: &[RawLink]) -> Option<Toc> {
    let first_talk_line = conference.talks.first().map_or(usize::MAX, |t| t.line);
    let mut groups: Vec<Vec<&RawLink>> = Vec::new();
    // Consecutive anchor links outside talks, with no more than two other links between them.
    let mut current: Vec<&RawLink> = Vec::new();
    let mut others = 0;
    for link in links.iter().filter(|l| !in_talk(conference, l.line)) {
        if link.url.starts_with('#') {
            current.push(link);
            others = 0;
        } else {
            others += 1;
            if others > 2 && !current.is_empty() {
                groups.push(std::mem::take(&mut current));
            }
        }
    }
    groups.push(current);
    let best = groups
        .into_iter()
        .filter(|g| g.len() >= 2)
        .min_by_key(|g| (g[0].line > first_talk_line, g[0].line))?;
    Some(Toc {
        line: best[0].line,
        entries: best
            .iter()
            .map(|l| TocEntry {
                text: l.label.clone(),
                anchor: decode_anchor(&l.url[1..]),
                line: l.line,
            })
            .collect(),
    })
}

fn in_talk(conference: &Conference, line: usize) -> bool {
    // Talks are in line order: only the last one starting at or before `line` can hold it.
    let after = conference.talks.partition_point(|t| t.line <= line);
    after > 0 && line <= conference.talks[after - 1].end_line
}

/// Percent-decodes an anchor (`caf%C3%A9` → `café`); invalid sequences stay as written.
pub fn decode_anchor(anchor: &str) -> String {
    let bytes = anchor.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (bytes[i], hex) {
            (b'%', Some(byte)) => {
                out.push(byte);
                i += 3;
            }
            (byte, _) => {
                out.push(byte);
                i += 1;
            }
        }
    }
    String::from_utf8(out).unwrap_or_else(|_| anchor.to_string())
}
