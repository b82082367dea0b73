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
use crate::model::{
    Anchor, Block, Conference, Link, LinkKind, Section, SectionKind, Talk, Toc, TocEntry,
};
use crate::outline::{self, Role};
use crate::slug::Slugger;
use crate::speaker;
use crate::text::{spans_text, summarize};
use crate::titles;
use std::path::Path;

/// Longest summary, in characters.
pub const SUMMARY_CHARS: usize = 200;

/// Talks from which a file's talks are finished (summaries, speakers) on several threads.
const PARALLEL_FROM: usize = 2_000;

impl Talk {
    /// A talk titled `title` holding `blocks`, for code that builds talks without Markdown
    /// (tests, generators): its slug and summary are what parsing would give, it sits at line 1
    /// of no file, with no links, speaker or group. Set other fields with `..Talk::new(..)`.
    pub fn new(title: impl Into<String>, blocks: Vec<Block>) -> Talk {
        let title = title.into();
        Talk {
            slug: crate::slug::github_slug(&title),
            summary: summarize(&blocks, SUMMARY_CHARS),
            title,
            title_url: None,
            speaker: None,
            group: None,
            file: std::path::PathBuf::new(),
            line: 1,
            end_line: 1,
            links: Vec::new(),
            blocks,
        }
    }
}

/// Builds the conference from a parsed document. `talk_level` forces the level when given.
pub fn assemble(
    doc: Document,
    front: &FrontMatter,
    file: &Path,
    talk_level: Option<u8>,
) -> Conference {
    let mut doc = doc;
    promote_bold_lines(&mut doc.items);
    let outline = outline::read(&doc.items, talk_level);
    let mut slugger = Slugger::new();
    let anchors: Vec<Anchor> = outline
        .headings
        .iter()
        .map(|h| Anchor {
            level: h.level,
            text: h.title.clone(),
            slug: slugger.slug(&h.title),
            line: h.line,
        })
        .collect();
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

    let mut conference = Conference {
        title,
        title_url,
        file: file.to_path_buf(),
        metadata: front.fields.clone(),
        toc: None,
        talks: Vec::new(),
        sections: Vec::new(),
        anchors,
        talk_level: outline.level,
    };

    let mut target = Target::Intro;
    let mut group: Option<(u8, String)> = None;
    let mut heading_index = 0;
    for located in doc.items {
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
                let anchor = &conference.anchors[i];
                let h = &outline.headings[i];
                match outline.roles[i] {
                    Role::Title => {}
                    Role::Sub => {
                        let block = Block::Heading {
                            level: h_level,
                            spans,
                        };
                        push_block(&mut conference, target, block, (line, item_end));
                    }
                    Role::Talk => {
                        if group.as_ref().is_some_and(|(at, _)| *at >= h_level) {
                            group = None;
                        }
                        conference.talks.push(Talk {
                            title: anchor.text.clone(),
                            title_url: h.title_url.clone(),
                            speaker: outline.speakers[i].clone(),
                            slug: anchor.slug.clone(),
                            group: group.as_ref().map(|(_, g)| g.clone()),
                            file: file.to_path_buf(),
                            line,
                            end_line: item_end,
                            links: Vec::new(),
                            blocks: Vec::new(),
                            summary: String::new(),
                        });
                        target = Target::Talk;
                    }
                    role @ (Role::Group | Role::Section) => {
                        if role == Role::Group {
                            // A day beside its talks ("### Day 1" then "### Title") groups
                            // them as if it sat one level up.
                            let beside = outline
                                .headings
                                .get(i + 1)
                                .is_some_and(|next| next.level == h_level);
                            let at = if beside {
                                h_level.saturating_sub(1)
                            } else {
                                h_level
                            };
                            group = Some((at, anchor.text.clone()));
                        } else if h_level <= group.as_ref().map_or(0, |(at, _)| *at) {
                            group = None;
                        }
                        conference.sections.push(Section {
                            kind: if role == Role::Group {
                                SectionKind::Group
                            } else {
                                SectionKind::Other
                            },
                            level: h_level,
                            title: anchor.text.clone(),
                            slug: anchor.slug.clone(),
                            line,
                            end_line: item_end,
                            blocks: Vec::new(),
                        });
                        target = Target::Section;
                    }
                }
            }
            Item::Block(block) => push_block(&mut conference, target, block, (line, item_end)),
        }
    }

    conference.toc = find_toc(&conference, &doc.links);
    attach_links(&mut conference.talks, doc.links);
    // Each talk is finished on its own: on several threads for a big file.
    let threads = crate::threads::for_job(conference.talks.len(), PARALLEL_FROM);
    crate::threads::for_each_mut(&mut conference.talks, threads, |talk| {
        while talk.blocks.last() == Some(&Block::Rule) {
            talk.blocks.pop();
        }
        // A talk of one paragraph would keep room for four blocks.
        talk.blocks.shrink_to_fit();
        for link in &mut talk.links {
            link.kind = classify(&link.label, &link.url);
        }
        // A first line that only says who spoke ("**Speaker:** Jane Doe") is no summary.
        let named = speaker_line(&talk.blocks);
        let one_line = |spans: &[crate::model::Span]| !spans_text(spans).trim().contains('\n');
        let only_names = named.is_some()
            && match talk.blocks.first() {
                Some(Block::Paragraph { spans }) => one_line(spans),
                Some(Block::Quote { blocks }) => {
                    matches!(blocks.as_slice(), [Block::Paragraph { spans }] if one_line(spans))
                }
                _ => false,
            };
        talk.summary = summarize(&talk.blocks[usize::from(only_names)..], SUMMARY_CHARS);
        if talk.speaker.is_none() {
            talk.speaker = named;
        }
    });
    name_section_kinds(&mut conference);
    move_link_dumps_to_sections(&mut conference);
    conference
}

/// Names what each section that is not a talk is: what its title says (contents, programme,
/// introduction, closing), else contents when it holds the table of contents, else other when
/// its title names a list or an event ("Books", "Lunch"), else a group for a day or track, else
/// its place: before the first talk an introduction, after the last a closing, else other.
fn name_section_kinds(conference: &mut Conference) {
    let first_talk = conference.talks.first().map_or(usize::MAX, |t| t.line);
    let last_talk = conference.talks.last().map_or(0, |t| t.line);
    let toc_line = conference.toc.as_ref().map(|t| t.line);
    for section in &mut conference.sections {
        if section.title.is_empty() {
            continue;
        }
        let holds_toc = toc_line.is_some_and(|l| (section.line..=section.end_line).contains(&l));
        section.kind = match titles::section_kind(&section.title) {
            Some(kind) => kind,
            None if holds_toc => SectionKind::Contents,
            None if titles::is_meta_title(&section.title)
                || titles::is_event_title(&section.title) =>
            {
                SectionKind::Other
            }
            None if section.kind == SectionKind::Group => SectionKind::Group,
            None if section.line < first_talk => SectionKind::Introduction,
            None if section.line > last_talk => SectionKind::Closing,
            None => SectionKind::Other,
        };
    }
}

/// Where the blocks being read go: the intro, the last talk or the last section.
#[derive(Debug, Clone, Copy)]
enum Target {
    Intro,
    Talk,
    Section,
}

/// Adds `block`, written on `lines` (first and last), to `target`. The first block before any
/// heading but the title opens the introduction.
fn push_block(conference: &mut Conference, target: Target, block: Block, lines: (usize, usize)) {
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
                section.blocks.push(block);
            }
        }
        Target::Talk => {
            if let Some(talk) = conference.talks.last_mut() {
                // A rule between talks is a separator: it does not extend the talk.
                if block != Block::Rule {
                    talk.end_line = talk.end_line.max(end_line);
                }
                talk.blocks.push(block);
            }
        }
    }
}

fn file_stem(file: &Path) -> String {
    file.file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "notes".to_string())
}

/// Gives each talk the links written between its first and last line (in-page anchors
/// excluded; talks come in the order of their lines). Their kind is read when the talk is
/// finished.
fn attach_links(talks: &mut [Talk], links: Vec<RawLink>) {
    let mut by_line: Vec<RawLink> = links
        .into_iter()
        .filter(|l| !l.url.starts_with('#'))
        .collect();
    by_line.sort_by_key(|l| l.line);
    let mut links = by_line.into_iter().peekable();
    for talk in talks {
        while links.next_if(|l| l.line < talk.line).is_some() {}
        let mut found: Vec<Link> = Vec::new();
        while let Some(link) = links.next_if(|l| l.line <= talk.end_line) {
            let duplicate = found
                .iter()
                .any(|l| l.url == link.url && l.label == link.label);
            if !duplicate {
                found.push(Link {
                    label: link.label,
                    url: link.url,
                    title: link.title,
                    kind: LinkKind::Other,
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
    let talks: Vec<(usize, usize)> = conference
        .talks
        .iter()
        .map(|t| (t.line, t.end_line))
        .collect();
    for link in links.iter().filter(|l| !in_talk(&talks, l.line)) {
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

/// In notes with no headings below the title, a paragraph that is one bold line ("**3. Title :
/// Speaker**") marks a talk: such paragraphs become level-2 headings when there are two or more.
fn promote_bold_lines(items: &mut [Located]) {
    let headings = items
        .iter()
        .filter(|l| matches!(l.item, Item::Heading { .. }))
        .count();
    let first_is_h1 = matches!(
        items.first().map(|l| &l.item),
        Some(Item::Heading { level: 1, .. })
    );
    if headings > usize::from(first_is_h1) {
        return;
    }
    let is_bold_line = |item: &Item| match item {
        Item::Block(Block::Paragraph { spans }) => {
            let text = spans_text(spans);
            !text.trim().is_empty()
                && !text.contains('\n')
                && text.chars().count() <= 160
                && spans
                    .iter()
                    .all(|s| s.style.bold || s.text.trim().is_empty())
        }
        _ => false,
    };
    if items.iter().filter(|l| is_bold_line(&l.item)).count() < 2 {
        return;
    }
    for located in items.iter_mut() {
        if is_bold_line(&located.item) {
            if let Item::Block(Block::Paragraph { spans }) = &mut located.item {
                let spans = std::mem::take(spans);
                located.item = Item::Heading { level: 2, spans };
            }
        }
    }
}

/// The speaker named by the talk's first paragraph ("Speaker: Julia Evans", an italic line of
/// names), its first bullet ("- Speaker: Julia Evans") or its first quote ("> Speaker: Tom Lee").
fn speaker_line(blocks: &[Block]) -> Option<String> {
    let spans = match blocks.first() {
        Some(Block::Paragraph { spans }) => spans,
        // A first bullet or quote says who spoke only when it says so.
        Some(Block::List(list)) => return labelled_first_line(&list.items.first()?.blocks),
        Some(Block::Quote { blocks }) => return labelled_first_line(blocks),
        _ => return None,
    };
    let text = spans_text(spans);
    let first_line = text.lines().next()?;
    let labelled = first_line.contains(':') || first_line.to_lowercase().contains(" by ");
    let styled = spans
        .first()
        .is_some_and(|s| s.style.italic || s.style.bold);
    if !(labelled || styled) {
        return None;
    }
    speaker::from_line(first_line)
}

/// The speaker named by the first line of `blocks` when it opens with a paragraph that says so
/// ("Speaker: Eric Ma").
fn labelled_first_line(blocks: &[Block]) -> Option<String> {
    let Some(Block::Paragraph { spans }) = blocks.first() else {
        return None;
    };
    speaker::from_labelled_line(spans_text(spans).lines().next()?.trim())
}

/// A "talk" whose content is only a list of bare links and pictures ("some great notes", a
/// colleague's photos) is a link dump, not a talk.
fn move_link_dumps_to_sections(conference: &mut Conference) {
    let (dumps, talks): (Vec<Talk>, Vec<Talk>) = std::mem::take(&mut conference.talks)
        .into_iter()
        .partition(is_link_dump);
    conference.talks = talks;
    for talk in dumps {
        let level = conference.talk_level;
        conference.sections.push(Section {
            kind: SectionKind::Other,
            level,
            title: talk.title,
            slug: talk.slug,
            line: talk.line,
            end_line: talk.end_line,
            blocks: talk.blocks,
        });
    }
    conference.sections.sort_by_key(|s| s.line);
}

fn is_link_dump(talk: &Talk) -> bool {
    fn count(blocks: &[Block], items: &mut usize, links: &mut usize) -> bool {
        for block in blocks {
            match block {
                Block::List(list) => {
                    for item in &list.items {
                        *items += 1;
                        let bare = match item.blocks.first() {
                            Some(Block::Paragraph { spans }) => spans.iter().all(|s| {
                                s.link.as_deref() == Some(s.text.trim()) || s.text.trim().is_empty()
                            }),
                            Some(Block::Image(_)) => true,
                            _ => false,
                        };
                        *links += usize::from(bare);
                        if !count(&item.blocks[1.min(item.blocks.len())..], items, links) {
                            return false;
                        }
                    }
                }
                Block::Image(_) | Block::Rule => {}
                _ => return false,
            }
        }
        true
    }
    let (mut items, mut links) = (0, 0);
    count(&talk.blocks, &mut items, &mut links) && items >= 3 && links * 4 >= items * 3
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
