//! What was decided of each heading: its [`Role`], the [`Evidence`] that decided it, and for
//! talks their speaker and group; and what [`super::settle`] decided of the sections.

use super::tree::Heading;
use serde::Serialize;

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

/// What was decided of the document's headings.
#[derive(Debug)]
pub struct Outline {
    /// Every heading, in order.
    pub headings: Vec<Heading>,
    /// The role of each heading.
    pub roles: Vec<Role>,
    /// The speaker of each heading that is a talk, when its heading or the lines under it name one.
    pub speakers: Vec<Option<String>>,
    /// The group ("Day 1", a track) of each heading that is a talk, when it sits under one.
    pub groups: Vec<Option<String>>,
    /// The evidence that decided each heading's role.
    pub evidence: Vec<Evidence>,
    /// The talk level (1–6).
    pub level: u8,
}

impl Outline {
    /// Frees what only deciding and explaining read (what each heading's words say, its
    /// sub-headings, the evidence), keeping what the talks are made of: each heading's role,
    /// level, line, title and link, and each talk's speaker and group.
    pub fn forget_evidence(&mut self) {
        for heading in &mut self.headings {
            heading.words = Default::default();
            heading.children = Vec::new();
        }
        self.evidence = Vec::new();
    }
}

/// The evidence that decided what a heading was taken for: data that `talkbot check` and
/// `talkbot talks --explain` both read ([`Evidence::describe`] says it in words).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Evidence {
    /// The file's first H1, which does not look like one of several talks.
    FirstH1,
    /// At the talk level.
    AtTalkLevel,
    /// One level under a heading that holds talks ("Lightning talks").
    InGroupOfTalks,
    /// One level deeper than the talks, under a day and before its talks (a keynote).
    KeynoteUnderDay,
    /// Off the talk level, but with the shape most talks have (a time in front, a speaker).
    ShapeOfOtherTalks,
    /// A day, date or track with no text, right before headings at its own level.
    DayBesideTalks,
    /// Its words name a day, a date, a track or a room.
    DayOrTrackWords,
    /// No text of its own, and headings under it that are not a talk's parts.
    HoldsHeadings,
    /// Its title or its headings say that it holds talks ("Lightning talks", "Sessions").
    GroupOfTalks,
    /// Above the talk level, and not a day or a track.
    AboveTalkLevel,
    /// Its title names something that is not a talk (contents, links, a meal, conclusions).
    TitleSaysNotATalk,
    /// At the talk level, under a plain heading above the talk level that is not a day.
    UnderPlainHeading,
    /// The only talk-level heading before the first day (an introduction).
    BeforeFirstDay,
    /// A short heading that names no speaker and opens a day, in notes that name the speaker
    /// of most talks.
    OpensADay,
    /// Its content is only a list of bare links and pictures.
    LinkDump,
    /// Deeper than the talk level: a part of the talk or section above.
    DeeperThanTalks,
    /// Right under the heading above, and only names people: that heading's speaker line.
    NamesSpeakerAbove,
    /// Right under the heading above, and only a link ("Slides: URL").
    LinkLineAbove,
}

impl Evidence {
    /// The evidence in words, as `check` and `--explain` print it.
    pub fn describe(self) -> &'static str {
        match self {
            Evidence::FirstH1 => "the file's first H1, and it does not look like one of several talks",
            Evidence::AtTalkLevel => "a heading at the talk level",
            Evidence::InGroupOfTalks => "one level under a heading that holds talks",
            Evidence::KeynoteUnderDay => {
                "one level deeper than the talks, under a day and before its talks"
            }
            Evidence::ShapeOfOtherTalks => {
                "off the talk level, but shaped like most talks (a time in front or a speaker named)"
            }
            Evidence::DayBesideTalks => {
                "a day, date or track with no text, right before headings at its own level"
            }
            Evidence::DayOrTrackWords => "its words name a day, a date, a track or a room",
            Evidence::HoldsHeadings => {
                "no text of its own, and headings under it that are not the parts of one talk"
            }
            Evidence::GroupOfTalks => "its title or its headings say it holds talks",
            Evidence::AboveTalkLevel => "above the talk level, and not a day or a track",
            Evidence::TitleSaysNotATalk => {
                "its title names no talk (contents, links, a meal, closing thoughts, ...)"
            }
            Evidence::UnderPlainHeading => {
                "at the talk level, but under a plain heading above the talks that is not a day"
            }
            Evidence::BeforeFirstDay => "the only talk-level heading before the first day",
            Evidence::OpensADay => {
                "a short heading naming no speaker that opens a day, where most talks name theirs"
            }
            Evidence::LinkDump => "its content is only a list of bare links and pictures",
            Evidence::DeeperThanTalks => "deeper than the talk level: a part of the heading above",
            Evidence::NamesSpeakerAbove => {
                "right under the heading above and only names people: its speaker line"
            }
            Evidence::LinkLineAbove => "right under the heading above and only a link",
        }
    }
}

/// Why a section that is not a talk is of its kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum KindEvidence {
    /// Its title says it ("Table of contents", "Programme", "Introduction", "Conclusions").
    TitleWords,
    /// It holds the table of contents.
    HoldsContents,
    /// Its title names a list or a moment of the programme ("Books", "Lunch").
    ListOrEvent,
    /// A day, track or other heading that groups the talks under it.
    DayOrTrack,
    /// It comes before the first talk.
    BeforeFirstTalk,
    /// It comes after the last talk.
    AfterLastTalk,
    /// It sits between talks and says nothing of itself.
    BetweenTalks,
}

impl KindEvidence {
    /// The evidence in words.
    pub fn describe(self) -> &'static str {
        match self {
            KindEvidence::TitleWords => "its title says so",
            KindEvidence::HoldsContents => "it holds the table of contents",
            KindEvidence::ListOrEvent => "its title names a list or a moment of the programme",
            KindEvidence::DayOrTrack => "it groups the talks under it",
            KindEvidence::BeforeFirstTalk => "it comes before the first talk",
            KindEvidence::AfterLastTalk => "it comes after the last talk",
            KindEvidence::BetweenTalks => "it sits between talks",
        }
    }
}

/// What [`super::settle`] decided: the evidence for each section's kind, and the link dumps.
#[derive(Debug, Default)]
pub struct Settled {
    /// The line of each section with a title, and the evidence for its kind.
    pub kinds: Vec<(usize, KindEvidence)>,
    /// The lines of the "talks" that were only lists of links, now sections.
    pub link_dumps: Vec<usize>,
}
