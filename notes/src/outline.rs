//! Reads the shape of a document's headings: which heading is the conference title, which
//! level holds the talks, and what each heading is (talk, grouping, section, or a part of the
//! talk above it), with the speaker each talk names.
//!
//! The talk level is the shallowest level (below the title) whose headings look like talks. A
//! level is skipped when most of its headings are groupings ("Day 1", "Thursday 11th May",
//! "Morning track", or headings with deeper headings and no text of their own whose children
//! are not parts such as "Takes" or "Raw notes"), or when talk-like headings deeper than it come
//! before its first heading (an H1 in the middle of `##` talks). Headings such as "Table of
//! contents", "Books", "Lunch" or "Conclusion" are never talks. A heading directly under a talk
//! that only names people or a link (`##### Ryan Neimeyer, Epic Systems`, `### Slides: URL`)
//! belongs to that talk.

use crate::blocks::{Item, Located};
use crate::model::{Block, Span};
use crate::text::spans_text;
use crate::titles::Words;
use std::collections::HashMap;

/// A heading of the document with what the outline needs to know about it.
#[derive(Debug)]
pub struct Heading {
    /// Index into the document's items.
    pub item: usize,
    /// Level 1–6.
    pub level: u8,
    /// Plain text, whitespace collapsed.
    pub title: String,
    /// The heading's link when the heading is a link.
    pub title_url: Option<String>,
    /// 1-based line.
    pub line: usize,
    /// Blocks between this heading and the next heading.
    own_blocks: usize,
    /// The heading this one belongs to when it only names people or a link.
    attached_to: Option<usize>,
    /// Direct child headings (attached ones aside).
    children: Vec<usize>,
    /// What the heading's words say.
    words: Words,
}

/// Headings from which their words are read on several threads.
const PARALLEL_FROM: usize = 2_000;

/// What a heading is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// The conference title.
    Title,
    /// A talk.
    Talk,
    /// A heading that groups the talks after it (its text becomes their `group`).
    Group,
    /// A section that is not a talk.
    Section,
    /// A heading inside the talk or section above it.
    Sub,
}

/// The document's outline.
#[derive(Debug)]
pub struct Outline {
    /// Every heading, in order.
    pub headings: Vec<Heading>,
    /// The role of each heading.
    pub roles: Vec<Role>,
    /// The speaker of each heading that is a talk, when its heading or the lines under it name one.
    pub speakers: Vec<Option<String>>,
    /// The talk level (1–6).
    pub level: u8,
}

/// Reads the outline of `items`; `forced_level` is the configured talk level, if any.
pub fn read(items: &[Located], forced_level: Option<u8>) -> Outline {
    let mut headings = collect(items);
    let threads = crate::threads::for_job(headings.len(), PARALLEL_FROM);
    crate::threads::for_each_mut(&mut headings, threads, |h| h.words = Words::read(&h.title));
    attach_name_and_link_lines(&mut headings);
    link_children(&mut headings);
    let repeated = repeated_titles(&headings);
    let is_group = |h: &Heading| {
        h.words.grouping
            || (!h.children.is_empty()
                && h.own_blocks == 0
                && !h.words.name
                && !children_are_parts(h, &headings, &repeated))
    };
    let groups: Vec<bool> = headings.iter().map(&is_group).collect();
    let live: Vec<usize> = (0..headings.len())
        .filter(|&i| headings[i].attached_to.is_none())
        .collect();

    let title = title_heading(&headings, &live, &repeated);
    let body: Vec<usize> = live.iter().copied().filter(|&i| Some(i) != title).collect();
    let level = forced_level.unwrap_or_else(|| detect_level(&headings, &body, &groups));

    let mut roles = vec![Role::Sub; headings.len()];
    if let Some(t) = title {
        roles[t] = Role::Title;
    }
    let mut speakers: Vec<Option<String>> = vec![None; headings.len()];
    // One talk-level heading before the first day ("## First time here!") is an introduction.
    let first_group = body
        .iter()
        .position(|&i| headings[i].level < level && groups[i]);
    let any_group_above = first_group.is_some_and(|g| {
        body[..g]
            .iter()
            .filter(|&&i| headings[i].level == level)
            .count()
            == 1
    });
    let mut seen_group = false;
    // The level of a talk-level heading that groups talks one level down ("# Lightning talks"
    // → "## Talk 1").
    let mut nested: Option<u8> = None;
    let mut under_plain_heading = false;
    let mut in_talk = false;
    for &i in &body {
        let h = &headings[i];
        if nested.is_some_and(|at| h.level <= at) {
            nested = None;
        }
        let talk_level = nested.map_or(level, |at| at + 1);
        let not_a_talk = h.words.not_a_talk;
        roles[i] = if h.level == talk_level && is_flat_group(h, &headings, i) {
            // "### Day 1" with no text, right before "### Title" talks: it groups what follows.
            seen_group = true;
            in_talk = false;
            Role::Group
        } else if h.level < level
            || (h.level == level && nested.is_none() && groups[i] && groups_talks(h, &headings))
        {
            if h.level < level {
                under_plain_heading =
                    forced_level.is_none() && h.level >= 2 && !groups[i] && !not_a_talk;
                seen_group |= groups[i];
                // "## Lightning talks" whose headings all sit deeper than the talks: each is
                // a talk ("#### Jane Doe").
                if let Some(child) = lightning_children_level(h, &headings, level) {
                    nested = Some(child - 1);
                }
            } else {
                nested = Some(level);
            }
            in_talk = false;
            if groups[i] && !not_a_talk {
                Role::Group
            } else {
                Role::Section
            }
        } else if h.level == talk_level {
            let before_groups = forced_level.is_none() && any_group_above && !seen_group;
            in_talk = !(not_a_talk || under_plain_heading || before_groups);
            if in_talk {
                Role::Talk
            } else {
                Role::Section
            }
        } else if !in_talk
            && seen_group
            && !not_a_talk
            && forced_level.is_none()
            && h.level > talk_level
            && live_under_group(&roles, &headings, i)
        {
            // A keynote one level deeper than the talks, under a day and before its talks.
            in_talk = true;
            Role::Talk
        } else {
            Role::Sub
        };
        if roles[i] == Role::Talk {
            speakers[i] = h.words.speaker.clone();
        }
    }
    // A talk headed by its speaker's name alone ("# Christian Heilmann"), in notes whose titles
    // are not written in capitals (there, "Chaos Engineering" is a title).
    if names_stand_out(&headings, &roles) {
        for (i, h) in headings.iter().enumerate() {
            if roles[i] == Role::Talk && speakers[i].is_none() && h.words.name {
                speakers[i] = Some(h.title.clone());
            }
        }
    }
    // The lines attached to a talk name its speaker when its title did not.
    for h in &headings {
        if let Some(owner) = h.attached_to {
            if roles[owner] == Role::Talk && speakers[owner].is_none() {
                speakers[owner] = h.words.line_speaker.clone();
            }
        }
    }
    sections_opening_a_day(&headings, &mut roles, &speakers);
    if forced_level.is_none() {
        talks_at_other_levels(&headings, &mut roles, &mut speakers, &groups);
    }
    Outline {
        headings,
        roles,
        speakers,
        level,
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

/// A day, date or track heading with no text and no heading under it, followed by a heading at
/// its own level: it groups the headings after it ("### Day 1" beside "### Title" talks).
fn is_flat_group(h: &Heading, headings: &[Heading], i: usize) -> bool {
    h.words.grouping
        && !h.words.not_a_talk
        && h.own_blocks == 0
        && h.children.is_empty()
        && headings[i + 1..]
            .iter()
            .find(|n| n.attached_to.is_none())
            .is_some_and(|n| n.level == h.level && !n.words.grouping)
}

/// The level of the children of a heading above the talk level that says it groups talks
/// ("Lightning talks", "Sessions") when they all sit at one level deeper than the talks.
fn lightning_children_level(h: &Heading, headings: &[Heading], level: u8) -> Option<u8> {
    if h.children.len() < 2 || !groups_talks(h, headings) {
        return None;
    }
    let first = headings[h.children[0]].level;
    let same = h.children.iter().all(|&c| headings[c].level == first);
    (same && first > level).then_some(first)
}

/// Whether a title opens with a time of day ("9:45 – ", "11h00 ", "14.30-15.00 ").
fn has_time_prefix(title: &str) -> bool {
    let b = title.as_bytes();
    let digits = |from: usize| b[from..].iter().take_while(|c| c.is_ascii_digit()).count();
    let hours = digits(0);
    if !(1..=2).contains(&hours) || b.len() <= hours + 2 {
        return false;
    }
    matches!(b[hours], b':' | b'.' | b'h') && digits(hours + 1) == 2
}

/// The shape a talk's heading has: a time in front, a speaker named.
fn talk_shape(h: &Heading) -> (bool, bool) {
    (has_time_prefix(&h.title), h.words.speaker.is_some())
}

/// When the author wrote some talks one level above the others ("####" then "###"): a
/// heading taken for a section, with text of its own, no heading under it, not a day nor a
/// list, is a talk when it has the shape most talks have (a time in front, a speaker named).
fn talks_at_other_levels(
    headings: &[Heading],
    roles: &mut [Role],
    speakers: &mut [Option<String>],
    groups: &[bool],
) {
    let talks: Vec<usize> = (0..roles.len())
        .filter(|&i| roles[i] == Role::Talk)
        .collect();
    if talks.len() < 2 {
        return;
    }
    let shaped = |shape: (bool, bool)| {
        talks
            .iter()
            .filter(|&&t| talk_shape(&headings[t]) == shape)
            .count()
    };
    for i in 0..headings.len() {
        let h = &headings[i];
        let shape = talk_shape(h);
        let candidate = roles[i] == Role::Section
            && h.attached_to.is_none()
            && h.children.is_empty()
            && h.own_blocks > 0
            && !groups[i]
            && !h.words.not_a_talk
            && shape != (false, false);
        if candidate && shaped(shape) * 2 > talks.len() {
            roles[i] = Role::Talk;
            speakers[i] = h.words.speaker.clone();
        }
    }
}

/// Whether the heading `i` comes after a group heading with no talk in between.
fn live_under_group(roles: &[Role], headings: &[Heading], i: usize) -> bool {
    for j in (0..i).rev() {
        if headings[j].attached_to.is_some() {
            continue;
        }
        match roles[j] {
            Role::Group => return true,
            Role::Sub => continue,
            _ => return false,
        }
    }
    false
}

/// In notes that name the speaker of most talks, a short heading naming none that opens a
/// group, before its first talk ("Ce qui change" under "Mercredi 20 avril"), is a section.
fn sections_opening_a_day(headings: &[Heading], roles: &mut [Role], speakers: &[Option<String>]) {
    let talks: Vec<usize> = (0..roles.len())
        .filter(|&i| roles[i] == Role::Talk)
        .collect();
    let named = talks.iter().filter(|&&i| speakers[i].is_some()).count();
    if talks.len() < 4 || named * 2 < talks.len() {
        return;
    }
    for &i in &talks {
        let title = &headings[i].words.lower;
        let short = title.split_whitespace().count() <= 4;
        let keynote = title.contains("keynote") || title.contains("talk");
        if speakers[i].is_some() || !short || keynote {
            continue;
        }
        let previous = (0..i)
            .rev()
            .find(|&j| headings[j].attached_to.is_none() && roles[j] != Role::Sub);
        if previous.is_some_and(|j| matches!(roles[j], Role::Group | Role::Section)) {
            roles[i] = Role::Section;
        }
    }
}

/// A talk-level heading with no text whose children are talks: its title says so ("Lightning
/// talks") or its children name speakers or are numbered talks.
fn groups_talks(h: &Heading, headings: &[Heading]) -> bool {
    let lower = &h.words.lower;
    const WORDS: &[&str] = &["talks", "sessions", "keynotes", "ライトニングトーク", "lt"];
    let says_so =
        lower.contains("lightning") || lower.split_whitespace().any(|word| WORDS.contains(&word));
    let talky = h
        .children
        .iter()
        .filter(|&&c| {
            let child = &headings[c].words;
            child.lower.starts_with("talk") || child.speaker.is_some()
        })
        .count();
    says_so || (h.children.len() >= 2 && talky * 2 >= h.children.len())
}

fn collect(items: &[Located]) -> Vec<Heading> {
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
                attached_to: None,
                children: Vec::new(),
                words: Words::default(),
            }),
            Item::Block(Block::Rule) => {}
            Item::Block(_) => {
                if let Some(last) = headings.last_mut() {
                    last.own_blocks += 1;
                }
            }
        }
    }
    headings
}

/// Marks the headings right under a heading (no text between) that only name people or a
/// link as belonging to it; their text moves to the heading's own content.
fn attach_name_and_link_lines(headings: &mut [Heading]) {
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

fn link_children(headings: &mut [Heading]) {
    let mut stack: Vec<usize> = Vec::new();
    for i in 0..headings.len() {
        if headings[i].attached_to.is_some() {
            continue;
        }
        while stack
            .last()
            .is_some_and(|&s| headings[s].level >= headings[i].level)
        {
            stack.pop();
        }
        if let Some(&parent) = stack.last() {
            headings[parent].children.push(i);
        }
        stack.push(i);
    }
}

/// Titles that more than one heading of the file has ("Takes", "Raw notes" in every talk).
fn repeated_titles(headings: &[Heading]) -> HashMap<&str, usize> {
    let mut counts = HashMap::new();
    for h in headings.iter().filter(|h| h.attached_to.is_none()) {
        *counts.entry(h.words.lower.as_str()).or_insert(0) += 1;
    }
    counts
}

/// Whether most of a heading's children are parts of one talk rather than talks.
fn children_are_parts(h: &Heading, headings: &[Heading], repeated: &HashMap<&str, usize>) -> bool {
    let parts = h
        .children
        .iter()
        .filter(|&&c| {
            let words = &headings[c].words;
            words.part || repeated.get(words.lower.as_str()).is_some_and(|&n| n > 1)
        })
        .count();
    !h.children.is_empty() && parts * 2 >= h.children.len()
}

/// The first heading is the conference title when it is an H1 that does not look like one of
/// several talks (it names no speaker, its children are not a talk's parts).
fn title_heading(
    headings: &[Heading],
    live: &[usize],
    repeated: &HashMap<&str, usize>,
) -> Option<usize> {
    let &first = live.first()?;
    let h = &headings[first];
    if h.level != 1 {
        return None;
    }
    let h1s = live.iter().filter(|&&i| headings[i].level == 1).count();
    let talk_like = h.words.speaker.is_some() || children_are_parts(h, headings, repeated);
    (h1s == 1 || !talk_like).then_some(first)
}

/// The shallowest level whose headings are mostly talks; see the module docs.
fn detect_level(headings: &[Heading], body: &[usize], groups: &[bool]) -> u8 {
    let mut levels: Vec<u8> = body.iter().map(|&i| headings[i].level).collect();
    levels.sort_unstable();
    levels.dedup();
    let Some(&deepest) = levels.last() else {
        return 2;
    };
    let counts = |i: &usize| !headings[*i].words.not_a_talk;
    for &level in &levels {
        if level == deepest {
            return level;
        }
        let at_level: Vec<usize> = body
            .iter()
            .copied()
            .filter(|&i| headings[i].level == level)
            .filter(counts)
            .collect();
        let grouping = at_level.iter().filter(|&&i| groups[i]).count();
        let talks = at_level.len() - grouping;
        let first = at_level.first().map_or(usize::MAX, |&i| headings[i].line);
        let deeper_before = body
            .iter()
            .filter(|&&i| headings[i].level > level && headings[i].line < first)
            .filter(|&&i| counts(&i) && !groups[i])
            .count();
        if talks > grouping && deeper_before < 2 {
            return level;
        }
    }
    deepest
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
