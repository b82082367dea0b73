//! What was decided of each heading: its [`Role`], and for talks their speaker and group.

use super::tree::Heading;

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
    /// The talk level (1–6).
    pub level: u8,
}
