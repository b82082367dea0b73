//! Which headings are talks, groups (days, tracks, "Lightning talks") or sections, read over
//! the whole heading tree: the talk level first, then the shapes that move a heading off it (a
//! day beside its talks, a keynote under a day, talks written one level up, a short heading
//! opening a day).

use super::level::{children_are_parts, detect_level, title_heading};
use super::outline::{Evidence, Outline, Role};
use super::speaker;
use super::tree::{repeated_titles, Heading};

/// Reads the outline of `items`; `forced_level` is the configured talk level, if any.
pub(super) fn assign(headings: Vec<Heading>, forced_level: Option<u8>) -> Outline {
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
    let mut evidence: Vec<Evidence> = headings
        .iter()
        .map(|h| match h.attached_to {
            Some(_) if h.words.link_line => Evidence::LinkLineAbove,
            Some(_) => Evidence::NamesSpeakerAbove,
            None => Evidence::DeeperThanTalks,
        })
        .collect();
    if let Some(t) = title {
        roles[t] = Role::Title;
        evidence[t] = Evidence::FirstH1;
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
        (roles[i], evidence[i]) = if h.level == talk_level && is_flat_group(h, &headings, i) {
            // "### Day 1" with no text, right before "### Title" talks: it groups what follows.
            seen_group = true;
            in_talk = false;
            (Role::Group, Evidence::DayBesideTalks)
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
            let why = if not_a_talk {
                Evidence::TitleSaysNotATalk
            } else if h.level == level {
                Evidence::GroupOfTalks
            } else if h.words.grouping {
                Evidence::DayOrTrackWords
            } else if groups[i] {
                Evidence::HoldsHeadings
            } else {
                Evidence::AboveTalkLevel
            };
            if groups[i] && !not_a_talk {
                (Role::Group, why)
            } else {
                (Role::Section, why)
            }
        } else if h.level == talk_level {
            let before_groups = forced_level.is_none() && any_group_above && !seen_group;
            in_talk = !(not_a_talk || under_plain_heading || before_groups);
            if in_talk && nested.is_some() {
                (Role::Talk, Evidence::InGroupOfTalks)
            } else if in_talk {
                (Role::Talk, Evidence::AtTalkLevel)
            } else if not_a_talk {
                (Role::Section, Evidence::TitleSaysNotATalk)
            } else if under_plain_heading {
                (Role::Section, Evidence::UnderPlainHeading)
            } else {
                (Role::Section, Evidence::BeforeFirstDay)
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
            (Role::Talk, Evidence::KeynoteUnderDay)
        } else {
            (Role::Sub, Evidence::DeeperThanTalks)
        };
        if roles[i] == Role::Talk {
            speakers[i] = h.words.speaker.clone();
        }
    }
    speaker::from_names_and_lines(&headings, &roles, &mut speakers);
    sections_opening_a_day(&headings, &mut roles, &mut evidence, &speakers);
    if forced_level.is_none() {
        talks_at_other_levels(&headings, &mut roles, &mut evidence, &mut speakers, &groups);
    }
    let groups = talk_groups(&headings, &roles);
    Outline {
        headings,
        roles,
        speakers,
        groups,
        evidence,
        level,
    }
}

/// The group ("Day 1", a track) of each talk: the last group heading above it that no heading
/// at its level or above has closed since. A day beside its talks ("### Day 1" then "###
/// Title") groups them as if it sat one level up.
fn talk_groups(headings: &[Heading], roles: &[Role]) -> Vec<Option<String>> {
    let mut out = vec![None; headings.len()];
    let mut group: Option<(u8, &str)> = None;
    for (i, h) in headings.iter().enumerate() {
        match roles[i] {
            Role::Talk => {
                if group.is_some_and(|(at, _)| at >= h.level) {
                    group = None;
                }
                out[i] = group.map(|(_, g)| g.to_string());
            }
            Role::Group => {
                let beside = headings.get(i + 1).is_some_and(|n| n.level == h.level);
                let at = if beside {
                    h.level.saturating_sub(1)
                } else {
                    h.level
                };
                group = Some((at, h.title.as_str()));
            }
            Role::Section => {
                if h.level <= group.map_or(0, |(at, _)| at) {
                    group = None;
                }
            }
            Role::Title | Role::Sub => {}
        }
    }
    out
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
    evidence: &mut [Evidence],
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
            evidence[i] = Evidence::ShapeOfOtherTalks;
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
fn sections_opening_a_day(
    headings: &[Heading],
    roles: &mut [Role],
    evidence: &mut [Evidence],
    speakers: &[Option<String>],
) {
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
            evidence[i] = Evidence::OpensADay;
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
