//! What each heading of a notes file is — the conference title, a talk, a group of talks (a day,
//! a track, "Lightning talks"), a section that is not a talk, or a part of the talk above it —
//! and who gave each talk. Every rule that decides it lives in this folder; the rest of the
//! crate asks [`decide`] and, once the blocks are poured into talks and sections, [`settle`].
//!
//! The reading is one way: Markdown → [`crate::blocks`] (top-level headings and blocks) →
//! `tree.rs` (the heading tree, with what each heading's [`words`] say) → `level.rs` (the title
//! and the talk level) → `talks.rs` (the role of each heading over the whole tree, and the group
//! of each talk) → `speaker.rs` (who spoke) → [`crate::assemble`] (the conference) → `sections.rs`
//! (what each section is; link dumps become sections).
//!
//! Where each rule lives:
//! - a heading's words (day, date, track; contents, programme, closing; lunch, party; "Takes",
//!   "Raw notes"): [`words`];
//! - the names a title or a line gives ("Title - Speaker", "Title by Speaker", "Speaker -
//!   Title", "Speaker: Jane Doe"): [`names`];
//! - who gave each talk beyond its title (a name-only title, the heading lines attached under
//!   it such as `##### Jane Doe, Acme`, its first line): `speaker.rs`;
//! - bold lines taken for headings, the children of each heading: `tree.rs`;
//! - the conference title and the talk level: `level.rs`;
//! - talks, groups and sections (days beside their talks, "Lightning talks", keynotes under a
//!   day, talks written one level up, a short heading opening a day), and each talk's group:
//!   `talks.rs`;
//! - what a section that is not a talk is, and link dumps: `sections.rs`.
//!
//! Each decision keeps its evidence (`outline.rs`: [`Evidence`], [`KindEvidence`]); [`explain`]
//! turns it into one [`Reading`] per heading for `talkbot talks --explain` and for the warnings
//! of [`crate::check`] where the reader was unsure.

mod explain;
mod level;
pub mod names;
mod outline;
mod sections;
mod speaker;
mod talks;
mod tree;
pub mod words;

pub use explain::{Explanation, Reading, TakenFor};
pub use outline::{Evidence, KindEvidence, Outline, Role, Settled};
pub use tree::Heading;

use crate::blocks::Located;
use crate::model::{Block, Conference};

/// Decides what each heading of `items` is; `forced_level` is the configured talk level, if
/// any. Bold lines that stand for headings (in notes without headings) become headings in
/// `items` first.
pub fn decide(items: &mut [Located], forced_level: Option<u8>) -> Outline {
    tree::promote_bold_lines(items);
    let mut headings = tree::collect(items);
    speaker::attach_name_and_link_lines(&mut headings);
    tree::link_children(&mut headings);
    talks::assign(headings, forced_level)
}

/// The speaker a talk's first line names ("Speaker: Julia Evans", an italic line of names), and
/// whether that line says nothing else (then it is no summary).
pub fn speaker_line(blocks: &[Block]) -> (Option<String>, bool) {
    speaker::from_first_line(blocks)
}

/// Names what each section that is not a talk is, and turns the talks that are only a list of
/// links into sections; run once the blocks are in their talks and sections.
pub fn settle(conference: &mut Conference) -> Settled {
    let kinds = sections::name_section_kinds(conference);
    let link_dumps = sections::move_link_dumps_to_sections(conference);
    Settled { kinds, link_dumps }
}

/// What each heading was taken for and why, once `conference` is assembled from `outline` and
/// settled; `talk_level_set` says whether the talk level was given rather than detected.
pub fn explain(
    outline: &Outline,
    settled: &Settled,
    conference: &Conference,
    talk_level_set: bool,
) -> Explanation {
    explain::readings(outline, settled, conference, talk_level_set)
}
