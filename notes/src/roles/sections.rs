//! What a section that is not a talk is (introduction, contents, programme, group, closing,
//! other), and the "talks" that are only a list of links, which become sections.

use super::outline::KindEvidence;
use super::words;
use crate::model::{Block, Conference, Section, SectionKind, Talk};

/// Names what each section that is not a talk is: what its title says (contents, programme,
/// introduction, closing), else contents when it holds the table of contents, else other when
/// its title names a list or an event ("Books", "Lunch"), else a group for a day or track, else
/// its place: before the first talk an introduction, after the last a closing, else other.
/// Returns, for each section with a title, its line and the evidence for its kind.
pub(super) fn name_section_kinds(conference: &mut Conference) -> Vec<(usize, KindEvidence)> {
    let first_talk = conference.talks.first().map_or(usize::MAX, |t| t.line);
    let last_talk = conference.talks.last().map_or(0, |t| t.line);
    let toc_line = conference.toc.as_ref().map(|t| t.line);
    let mut evidence = Vec::new();
    for section in &mut conference.sections {
        if section.title.is_empty() {
            continue;
        }
        let holds_toc = toc_line.is_some_and(|l| (section.line..=section.end_line).contains(&l));
        let (kind, why) = match words::section_kind(&section.title) {
            Some(kind) => (kind, KindEvidence::TitleWords),
            None if holds_toc => (SectionKind::Contents, KindEvidence::HoldsContents),
            None if words::is_meta_title(&section.title)
                || words::is_event_title(&section.title) =>
            {
                (SectionKind::Other, KindEvidence::ListOrEvent)
            }
            None if section.kind == SectionKind::Group => {
                (SectionKind::Group, KindEvidence::DayOrTrack)
            }
            None if section.line < first_talk => {
                (SectionKind::Introduction, KindEvidence::BeforeFirstTalk)
            }
            None if section.line > last_talk => (SectionKind::Closing, KindEvidence::AfterLastTalk),
            None => (SectionKind::Other, KindEvidence::BetweenTalks),
        };
        section.kind = kind;
        evidence.push((section.line, why));
    }
    evidence
}

/// A "talk" whose content is only a list of bare links and pictures ("some great notes", a
/// colleague's photos) is a link dump, not a talk. Returns the lines of the link dumps.
pub(super) fn move_link_dumps_to_sections(conference: &mut Conference) -> Vec<usize> {
    let is_dump: Vec<bool> = conference.talks.iter().map(is_link_dump).collect();
    let count = is_dump.iter().filter(|&&d| d).count();
    if count == 0 {
        // The talks stay where they are, in a list of exactly their size.
        return Vec::new();
    }
    let mut dumps = Vec::with_capacity(count);
    let mut talks = Vec::with_capacity(is_dump.len() - count);
    for (talk, dump) in std::mem::take(&mut conference.talks)
        .into_iter()
        .zip(is_dump)
    {
        if dump {
            dumps.push(talk);
        } else {
            talks.push(talk);
        }
    }
    conference.talks = talks;
    let lines = dumps.iter().map(|t| t.line).collect();
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
    lines
}

fn is_link_dump(talk: &Talk) -> bool {
    fn count(blocks: &[Block], items: &mut usize, links: &mut usize) -> bool {
        for block in blocks {
            match block {
                Block::List(list) => {
                    for item in &list.items {
                        *items += 1;
                        let bare = match item.blocks.first() {
                            Some(Block::Paragraph { spans }) => spans
                                .iter()
                                .all(|s| s.link == Some(s.text.trim()) || s.text.trim().is_empty()),
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
