//! Which heading is the conference title and which level holds the talks.
//!
//! The talk level is the shallowest level (below the title) whose headings look like talks. A
//! level is skipped when most of its headings are groupings ("Day 1", "Thursday 11th May",
//! "Morning track", or headings with deeper headings and no text of their own whose children
//! are not parts such as "Takes" or "Raw notes"), or when talk-like headings deeper than it come
//! before its first heading (an H1 in the middle of `##` talks).

use super::tree::Heading;
use std::collections::HashMap;

/// Whether most of a heading's children are parts of one talk rather than talks.
pub(super) fn children_are_parts(
    h: &Heading,
    headings: &[Heading],
    repeated: &HashMap<&str, usize>,
) -> bool {
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
pub(super) fn title_heading(
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
pub(super) fn detect_level(headings: &[Heading], body: &[usize], groups: &[bool]) -> u8 {
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
