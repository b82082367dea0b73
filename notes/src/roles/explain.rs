//! What each heading was taken for and the evidence that decided, as data: `talkbot talks
//! --explain` prints it and `talkbot check` warns from it.

use super::outline::{Evidence, KindEvidence, Outline, Role, Settled};
use crate::model::{Conference, SectionKind};
use serde::Serialize;
use std::collections::{HashMap, HashSet};

/// What the reader made of one file's headings.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Explanation {
    /// The heading level taken as the talk level.
    pub talk_level: u8,
    /// Whether the talk level was set (front matter or configuration) rather than detected.
    pub talk_level_set: bool,
    /// Every heading of the file, in order.
    pub headings: Vec<Reading>,
}

/// What one heading was taken for, and why.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Reading {
    /// 1-based line of the heading.
    pub line: usize,
    /// Heading level, 1–6.
    pub level: u8,
    /// Plain text of the heading.
    pub title: String,
    /// What the heading was taken for.
    pub taken_for: TakenFor,
    /// For a section that is not a talk: what it is.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kind: Option<SectionKind>,
    /// The evidence that decided what the heading was taken for.
    pub evidence: Evidence,
    /// For a section: the evidence for its kind.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kind_evidence: Option<KindEvidence>,
    /// For a part of a talk or section: the line of the heading it belongs to.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub part_of: Option<usize>,
    /// For a talk: its speaker, when the notes name one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub speaker: Option<String>,
    /// Blocks of text right under the heading, before the next heading.
    pub own_blocks: usize,
    /// Headings right under it.
    pub children: usize,
}

/// What a heading was taken for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TakenFor {
    /// The conference title.
    Title,
    /// A talk.
    Talk,
    /// A day, track or group of talks.
    Group,
    /// A section that is not a talk.
    Section,
    /// A part of the talk or section above (a sub-heading, a speaker or link line).
    Part,
}

impl TakenFor {
    /// The name `--explain` prints.
    pub fn name(self) -> &'static str {
        match self {
            TakenFor::Title => "title",
            TakenFor::Talk => "talk",
            TakenFor::Group => "group",
            TakenFor::Section => "section",
            TakenFor::Part => "part",
        }
    }
}

/// The readings of every heading of `outline`, once `conference` is assembled and settled.
pub(super) fn readings(
    outline: &Outline,
    settled: &Settled,
    conference: &Conference,
    talk_level_set: bool,
) -> Explanation {
    // What is looked up for each heading, found by its line: explaining a file of many
    // talks takes time in proportion to them, not to their square.
    let mut kinds: HashMap<usize, SectionKind> = HashMap::new();
    for s in conference.sections.iter().filter(|s| !s.title.is_empty()) {
        kinds.entry(s.line).or_insert(s.kind);
    }
    let mut kind_evidences: HashMap<usize, KindEvidence> = HashMap::new();
    for &(line, why) in &settled.kinds {
        kind_evidences.entry(line).or_insert(why);
    }
    let mut speakers: HashMap<usize, Option<&str>> = HashMap::new();
    for talk in &conference.talks {
        speakers.entry(talk.line).or_insert(talk.speaker.as_deref());
    }
    let link_dumps: HashSet<usize> = settled.link_dumps.iter().copied().collect();
    let kind_of = |line: usize| kinds.get(&line).copied();
    let kind_evidence = |line: usize| kind_evidences.get(&line).copied();
    let mut owner: Option<usize> = None;
    let mut headings = Vec::with_capacity(outline.headings.len());
    for (i, h) in outline.headings.iter().enumerate() {
        let role = outline.roles[i];
        let mut evidence = outline.evidence[i];
        let taken_for = match role {
            Role::Title => TakenFor::Title,
            Role::Talk if link_dumps.contains(&h.line) => {
                evidence = Evidence::LinkDump;
                TakenFor::Section
            }
            Role::Talk => TakenFor::Talk,
            Role::Group => TakenFor::Group,
            Role::Section => TakenFor::Section,
            Role::Sub => TakenFor::Part,
        };
        let part_of = match role {
            Role::Sub => h.attached_to.or(owner).map(|o| outline.headings[o].line),
            _ => None,
        };
        if role != Role::Sub {
            owner = Some(i);
        }
        let is_section = matches!(taken_for, TakenFor::Group | TakenFor::Section);
        headings.push(Reading {
            line: h.line,
            level: h.level,
            title: h.title.clone(),
            taken_for,
            kind: if is_section { kind_of(h.line) } else { None },
            evidence,
            kind_evidence: if is_section {
                kind_evidence(h.line)
            } else {
                None
            },
            part_of,
            speaker: if taken_for == TakenFor::Talk {
                speakers.get(&h.line).copied().flatten().map(str::to_string)
            } else {
                None
            },
            own_blocks: h.own_blocks,
            children: h.children.len(),
        });
    }
    Explanation {
        talk_level: outline.level,
        talk_level_set,
        headings,
    }
}
