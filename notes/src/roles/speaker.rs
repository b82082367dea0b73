//! Who gave each talk, beyond what its title says: a title that is only a name, the heading
//! lines attached under it (`##### Jane Doe, Acme`), or its first line ("Speaker: Jane Doe",
//! an italic line of names). How a name is read from text is [`super::names`].

use super::names;
use super::outline::Role;
use super::tree::Heading;
use crate::blocks::spans_text;
use crate::model::{Block, StyledText};

/// The speaker a talk's first line names, and whether that line says nothing else: a one-line
/// first paragraph, or a quote of one such paragraph.
pub(super) fn from_first_line(blocks: &[Block]) -> (Option<String>, bool) {
    let named = speaker_line(blocks);
    let one_line = |spans: &StyledText| !spans.text().trim().contains('\n');
    let only_names = named.is_some()
        && match blocks.first() {
            Some(Block::Paragraph { spans }) => one_line(spans),
            Some(Block::Quote { blocks }) => {
                matches!(blocks.as_slice(), [Block::Paragraph { spans }] if one_line(spans))
            }
            _ => false,
        };
    (named, only_names)
}

/// Fills in the speaker of talks whose title named none: a title that is only a person's name
/// ("# Christian Heilmann", in notes whose titles are not written in capitals: there, "Chaos
/// Engineering" is a title), else the heading lines attached under the talk ("##### Jane Doe,
/// Acme").
pub(super) fn from_names_and_lines(
    headings: &[Heading],
    roles: &[Role],
    speakers: &mut [Option<String>],
) {
    if names_stand_out(headings, roles) {
        for (i, h) in headings.iter().enumerate() {
            if roles[i] == Role::Talk && speakers[i].is_none() && h.words.name {
                speakers[i] = Some(h.title.clone());
            }
        }
    }
    for h in headings {
        if let Some(owner) = h.attached_to {
            if roles[owner] == Role::Talk && speakers[owner].is_none() {
                speakers[owner] = h.words.line_speaker.clone();
            }
        }
    }
}

/// Whether a talk title made of two to four capitalised words reads as a person's name: when
/// most of the file's other talk titles (of two words of four letters or more) are not written
/// with every such word in capitals.
fn names_stand_out(headings: &[Heading], roles: &[Role]) -> bool {
    let capitalised = |title: &str| {
        let long: Vec<&str> = title
            .split_whitespace()
            .filter(|w| w.chars().filter(|c| c.is_alphabetic()).count() >= 4)
            .collect();
        (long.len() >= 2).then(|| {
            long.iter().all(|w| {
                w.chars()
                    .find(|c| c.is_alphabetic())
                    .is_some_and(char::is_uppercase)
            })
        })
    };
    let (mut titles, mut in_capitals) = (0usize, 0usize);
    for (h, role) in headings.iter().zip(roles) {
        if *role != Role::Talk || h.words.name {
            continue;
        }
        if let Some(caps) = capitalised(&h.title) {
            titles += 1;
            in_capitals += usize::from(caps);
        }
    }
    titles > 0 && in_capitals * 2 < titles
}

/// Marks the headings right under a heading (no text between) that only name people or a
/// link as belonging to it; their text moves to the heading's own content.
pub(super) fn attach_name_and_link_lines(headings: &mut [Heading]) {
    let mut owner: Option<usize> = None;
    for i in 0..headings.len() {
        let previous_is_direct = i > 0 && headings[i - 1].own_blocks == 0;
        let candidate =
            owner.filter(|&o| previous_is_direct && headings[i].level >= headings[o].level);
        let words = &headings[i].words;
        let attaches = candidate.is_some_and(|o| {
            words.link_line || (words.line_speaker.is_some() && names_speaker_of(headings, o, i))
        });
        if attaches {
            headings[i].attached_to = candidate;
            if let Some(o) = candidate {
                headings[o].own_blocks += headings[i].own_blocks + 1;
            }
        } else {
            owner = Some(i);
        }
    }
}

/// Whether heading `i`, whose words name people, names the speaker of heading `o` right above
/// it (`##### Ryan Neimeyer, Epic Systems` under a talk) rather than being a talk itself. `o`
/// must not be a day or the file's title, and `i` must not be numbered ("3. Chaos
/// Engineering"). A bare name, with
/// nothing else ("Steve Bodnar"), may be a title in capitals ("Chaos Engineering"): it must sit
/// deeper than `o`, with no other heading at its level under `o`.
fn names_speaker_of(headings: &[Heading], o: usize, i: usize) -> bool {
    let (owner, line) = (&headings[o], &headings[i]);
    let numbered = line
        .title
        .split_once(['.', ')'])
        .is_some_and(|(n, _)| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()));
    if owner.words.grouping || (o == 0 && owner.level == 1) || numbered {
        return false;
    }
    let bare = line.words.line_speaker.as_deref() == Some(line.title.as_str());
    if !bare {
        return true;
    }
    let is_line = |h: &Heading| h.words.link_line || h.words.line_speaker.is_some();
    line.level > owner.level
        && !headings[i + 1..]
            .iter()
            .take_while(|h| h.level > owner.level)
            .any(|h| h.level == line.level && !is_line(h))
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
    names::from_line(first_line)
}

/// The speaker named by the first line of `blocks` when it opens with a paragraph that says so
/// ("Speaker: Eric Ma").
fn labelled_first_line(blocks: &[Block]) -> Option<String> {
    let Some(Block::Paragraph { spans }) = blocks.first() else {
        return None;
    };
    names::from_labelled_line(spans_text(spans).lines().next()?.trim())
}
