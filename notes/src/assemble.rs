//! Builds the [`Conference`] from the document's blocks and what [`crate::roles`] decided of
//! each heading: pours every block into the talk or section it belongs to, and finishes each
//! talk (links, summary, the speaker its first line names). No rule about what is a talk lives
//! here.

use crate::blocks::{Document, Item, Located, Piece, RawLink};
use crate::frontmatter::FrontMatter;
use crate::links::classify;
use crate::model::{Anchor, Block, Conference, Link, Section, SectionKind, Talk, Toc, TocEntry};
use crate::roles::{self, Explanation, Outline, Role, Settled};
use crate::slug::Slugger;
use crate::text::summarize;
use std::path::Path;

/// Longest summary, in characters.
pub const SUMMARY_CHARS: usize = 200;

impl Talk {
    /// A talk titled `title` holding `blocks`, for code that builds talks without Markdown
    /// (tests, generators): its slug is what parsing would give, it sits at line 1 of no file,
    /// with no links, speaker or group. Set other fields with `..Talk::new(..)`.
    pub fn new(title: impl Into<String>, blocks: Vec<Block>) -> Talk {
        let title = title.into();
        Talk {
            slug: crate::slug::github_slug(&title),
            title,
            title_url: None,
            speaker: None,
            group: None,
            file: std::sync::Arc::from(Path::new("")),
            line: 1,
            end_line: 1,
            links: Vec::new(),
            blocks,
        }
    }

    /// The first sentences of the talk, at most [`SUMMARY_CHARS`] characters; a first line
    /// that only says who spoke ("**Speaker:** Jane Doe") is no summary. Made when asked
    /// rather than kept in every talk (about 200 bytes a talk).
    pub fn summary(&self) -> String {
        let (_, only_names) = roles::speaker_line(&self.blocks);
        summarize(&self.blocks[usize::from(only_names)..], SUMMARY_CHARS)
    }
}

/// Builds the conference from a parsed document. `talk_level` forces the level when given.
pub fn assemble(
    doc: Document,
    front: &FrontMatter,
    file: &Path,
    talk_level: Option<u8>,
) -> Conference {
    build(doc, front, file, talk_level, Keep::Everything).0
}

/// Builds the conference as [`assemble`] does, for a program that answers questions and never
/// checks: the headings' anchors are not kept ([`Conference::anchors`] is empty, nor is
/// [`Conference::toc`] kept), and what the headings' roles were decided from is freed before
/// the talks are made. (Read with the anchors, then dropped, 200,000 one-line talks peaked at
/// 158 MB of heap while read; this way, 124 MB, and 110 MB with each heading's words kept apart
/// from its outline record and freed here.)
pub fn assemble_to_answer(
    doc: Document,
    front: &FrontMatter,
    file: &Path,
    talk_level: Option<u8>,
) -> Conference {
    build(doc, front, file, talk_level, Keep::ToAnswer).0
}

/// What [`build`] keeps besides the talks and sections.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Keep {
    /// The anchors, the table of contents and the outline (for `check` and `--explain`).
    Everything,
    /// Only what answering questions reads.
    ToAnswer,
}

/// Builds the conference as [`assemble`] does, with what each heading was taken for and why.
pub fn assemble_explained(
    doc: Document,
    front: &FrontMatter,
    file: &Path,
    talk_level: Option<u8>,
) -> (Conference, Explanation) {
    let (conference, outline, settled) = build(doc, front, file, talk_level, Keep::Everything);
    let explanation = roles::explain(&outline, &settled, &conference, talk_level.is_some());
    (conference, explanation)
}

fn build(
    doc: Document,
    front: &FrontMatter,
    file: &Path,
    talk_level: Option<u8>,
    keep: Keep,
) -> (Conference, Outline, Settled) {
    let mut doc = doc;
    let mut outline = roles::decide(&mut doc, talk_level);
    let mut slugger = Slugger::new();
    let anchors: Vec<Anchor> = match keep {
        Keep::Everything => outline
            .headings
            .iter()
            .map(|h| Anchor::new(h.level, &h.title, &slugger.slug(&h.title), h.line))
            .collect(),
        Keep::ToAnswer => {
            outline.forget_evidence();
            Vec::new()
        }
    };
    let title_index = outline.roles.iter().position(|r| *r == Role::Title);
    let (title, title_url) = match title_index.map(|i| &outline.headings[i]) {
        Some(h) => (h.title.clone(), h.title_url.clone()),
        None => (
            front
                .get("title")
                .map(str::to_string)
                .unwrap_or_else(|| file_stem(file)),
            None,
        ),
    };

    let count = |role: Role| outline.roles.iter().filter(|r| **r == role).count();
    let mut conference = Conference {
        title,
        title_url,
        file: file.to_path_buf(),
        metadata: front.fields.clone(),
        toc: None,
        // Room for exactly the talks and sections the headings make (a talk is 232 bytes)
        talks: Vec::with_capacity(count(Role::Talk)),
        // (and the introduction, if there is one).
        sections: Vec::with_capacity(count(Role::Group) + count(Role::Section) + 1),
        anchors,
        talk_level: outline.level,
    };

    // One path for all the talks of the file.
    let shared_file: std::sync::Arc<Path> = std::sync::Arc::from(file);
    let mut target = Target::Intro;
    // The blocks of the talk or section being read, moved into it, in a list of exactly their
    // size, when the next one starts: each talk's list is made once rather than grown and
    // shrunk (the lists it outgrew left holes among the talks' data).
    let mut pending: Vec<Block> = Vec::new();
    let mut heading_index = 0;
    // Each piece's list of items is freed once poured; its links are kept for the links pass.
    let mut links = Vec::with_capacity(doc.pieces.len());
    let items = doc
        .pieces
        .into_iter()
        .flat_map(|Piece { items, links: l }| {
            links.push(l);
            items
        });
    for located in items {
        let Located {
            item,
            line,
            end_line: item_end,
        } = located;
        match item {
            Item::Heading {
                level: h_level,
                spans,
            } => {
                let i = heading_index;
                heading_index += 1;
                if matches!(outline.roles[i], Role::Talk | Role::Group | Role::Section) {
                    flush_blocks(&mut conference, target, &mut pending);
                }
                // The heading's title and slug: its anchor's, or (when no anchor is kept) its
                // title moved out of the outline and the slug made here, in heading order.
                let (title, slug) = match keep {
                    Keep::Everything => {
                        let anchor = &conference.anchors[i];
                        (anchor.text().to_string(), anchor.slug().to_string())
                    }
                    Keep::ToAnswer => {
                        let title = std::mem::take(&mut outline.headings[i].title);
                        let slug = slugger.slug(&title);
                        (title, slug)
                    }
                };
                let take = |list: &mut Vec<Option<String>>| match keep {
                    Keep::Everything => list[i].clone(),
                    Keep::ToAnswer => list[i].take(),
                };
                match outline.roles[i] {
                    Role::Title => {}
                    Role::Sub => {
                        let block = Block::Heading {
                            level: h_level,
                            spans,
                        };
                        push_block(
                            &mut conference,
                            target,
                            &mut pending,
                            block,
                            (line, item_end),
                        );
                    }
                    Role::Talk => {
                        let title_url = match keep {
                            Keep::Everything => outline.headings[i].title_url.clone(),
                            Keep::ToAnswer => outline.headings[i].title_url.take(),
                        };
                        conference.talks.push(Talk {
                            title,
                            title_url,
                            speaker: take(&mut outline.speakers),
                            slug,
                            group: take(&mut outline.groups),
                            file: shared_file.clone(),
                            line,
                            end_line: item_end,
                            links: Vec::new(),
                            blocks: Vec::new(),
                        });
                        target = Target::Talk;
                    }
                    role @ (Role::Group | Role::Section) => {
                        conference.sections.push(Section {
                            kind: if role == Role::Group {
                                SectionKind::Group
                            } else {
                                SectionKind::Other
                            },
                            level: h_level,
                            title,
                            slug,
                            line,
                            end_line: item_end,
                            blocks: Vec::new(),
                        });
                        target = Target::Section;
                    }
                }
            }
            Item::Block(block) => push_block(
                &mut conference,
                target,
                &mut pending,
                block,
                (line, item_end),
            ),
        }
    }
    flush_blocks(&mut conference, target, &mut pending);
    drop(slugger);
    if keep == Keep::ToAnswer {
        // What is left of the outline is read no more.
        outline.headings = Vec::new();
        outline.speakers = Vec::new();
        outline.groups = Vec::new();
    }

    conference.toc = find_toc(&conference, links.iter().flatten());
    attach_links(&mut conference.talks, links);
    // Each talk is finished on its own: on several threads for a big file.
    crate::threads::for_each_mut(
        &mut conference.talks,
        crate::threads::PARALLEL_FROM_TALKS,
        |talk| {
            for link in &mut talk.links {
                link.kind = classify(link.label(), link.url());
            }
            // A first line that says who spoke ("**Speaker:** Jane Doe").
            if talk.speaker.is_none() {
                talk.speaker = roles::speaker_line(&talk.blocks).0;
            }
        },
    );
    let settled = roles::settle(&mut conference);
    if keep == Keep::ToAnswer {
        // Read above for the kind of the section that holds it; only the checks read it after.
        conference.toc = None;
    }
    (conference, outline, settled)
}

/// Where the blocks being read go: the intro, the last talk or the last section.
#[derive(Debug, Clone, Copy)]
enum Target {
    Intro,
    Talk,
    Section,
}

/// Adds `block`, written on `lines` (first and last), to `target`, whose blocks are gathered in
/// `pending` until [`flush_blocks`]. The first block before any heading but the title opens the
/// introduction.
fn push_block(
    conference: &mut Conference,
    target: Target,
    pending: &mut Vec<Block>,
    block: Block,
    lines: (usize, usize),
) {
    let (line, end_line) = lines;
    if matches!(target, Target::Intro) && conference.sections.is_empty() {
        conference.sections.push(Section {
            kind: SectionKind::Introduction,
            level: 0,
            title: String::new(),
            slug: String::new(),
            line,
            end_line,
            blocks: Vec::new(),
        });
    }
    match target {
        Target::Intro | Target::Section => {
            if let Some(section) = conference.sections.last_mut() {
                section.end_line = section.end_line.max(end_line);
                pending.push(block);
            }
        }
        Target::Talk => {
            if let Some(talk) = conference.talks.last_mut() {
                // A rule between talks is a separator: it does not extend the talk.
                if block != Block::Rule {
                    talk.end_line = talk.end_line.max(end_line);
                }
                pending.push(block);
            }
        }
    }
}

/// Moves the `pending` blocks into `target` (the last talk or section) in a list of exactly
/// their size; a talk's trailing rules (separators before the next talk) are dropped.
fn flush_blocks(conference: &mut Conference, target: Target, pending: &mut Vec<Block>) {
    let blocks = match target {
        Target::Intro | Target::Section => conference.sections.last_mut().map(|s| &mut s.blocks),
        Target::Talk => {
            while pending.last() == Some(&Block::Rule) {
                pending.pop();
            }
            conference.talks.last_mut().map(|t| &mut t.blocks)
        }
    };
    if let Some(blocks) = blocks {
        blocks.reserve_exact(pending.len());
        blocks.append(pending);
    }
    pending.clear();
}

fn file_stem(file: &Path) -> String {
    file.file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "notes".to_string())
}

/// Gives each talk the links written between its first and last line (in-page anchors
/// excluded; talks come in the order of their lines). The links come in the document's pieces,
/// whose lines follow one another. Their kind is read when the talk is finished.
fn attach_links(talks: &mut [Talk], pieces: Vec<Vec<RawLink>>) {
    let mut links = pieces
        .into_iter()
        .flat_map(|mut piece| {
            piece.retain(|l| !l.url().starts_with('#'));
            piece.sort_by_key(|l| l.line);
            piece
        })
        .peekable();
    // Gathered here, then moved into each talk in a list of exactly their size.
    let mut found: Vec<Link> = Vec::new();
    for talk in talks {
        while links.next_if(|l| l.line < talk.line).is_some() {}
        while let Some(link) = links.next_if(|l| l.line <= talk.end_line) {
            let duplicate = found
                .iter()
                .any(|l| l.url() == link.url() && l.label() == link.label());
            if !duplicate {
                // The link as read, kept as it is (its kind is read when the talk is finished).
                found.push(link);
            }
        }
        talk.links = Vec::with_capacity(found.len());
        talk.links.append(&mut found);
    }
}

/// The table of contents: the first list, paragraph or table outside the talks whose links
/// are mostly in-page anchors (at least two of them).
fn find_toc<'a>(conference: &Conference, links: impl Iterator<Item = &'a RawLink>) -> Option<Toc> {
    let first_talk_line = conference.talks.first().map_or(usize::MAX, |t| t.line);
    let mut groups: Vec<Vec<&RawLink>> = Vec::new();
    // Consecutive anchor links outside talks, with no more than two other links between them.
    let mut current: Vec<&RawLink> = Vec::new();
    let mut others = 0;
    let talks: Vec<(usize, usize)> = conference
        .talks
        .iter()
        .map(|t| (t.line, t.end_line))
        .collect();
    for link in links.filter(|l| !in_talk(&talks, l.line)) {
        if link.url().starts_with('#') {
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
            .map(|l| TocEntry::new(l.label(), &decode_anchor(&l.url()[1..]), l.line))
            .collect(),
    })
}

/// Whether `line` is inside one of `talks` (first and last lines, in line order): only the
/// last one starting at or before `line` can hold it.
fn in_talk(talks: &[(usize, usize)], line: usize) -> bool {
    let after = talks.partition_point(|t| t.0 <= line);
    after > 0 && line <= talks[after - 1].1
}

/// Percent-decodes an anchor (`caf%C3%A9` → `café`); invalid sequences, or bytes that do not
/// decode to UTF-8, leave the anchor as written.
pub fn decode_anchor(anchor: &str) -> String {
    percent_encoding::percent_decode_str(anchor)
        .decode_utf8()
        .map_or_else(|_| anchor.to_string(), |decoded| decoded.into_owned())
}

#[cfg(test)]
mod tests {
    use super::decode_anchor;

    #[test]
    fn anchors_are_percent_decoded_unless_invalid() {
        assert_eq!(decode_anchor("caf%C3%A9-cr%C3%A8me"), "café-crème");
        assert_eq!(decode_anchor("100%-sure"), "100%-sure");
        assert_eq!(decode_anchor("a%zzb"), "a%zzb");
        // `%FF` alone is no UTF-8: the anchor stays as written.
        assert_eq!(decode_anchor("x%FFy"), "x%FFy");
    }
}
