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
//!
//! # The rules, in words
//!
//! As the reader applies them (`talkbot talks --explain` names the one that decided each heading):
//!
//! - the first H1 is the conference title, unless it is one of several H1s that look like talks (it
//!   names a speaker, or its sub-headings are a talk's parts such as "Takes" and "Raw notes"); then
//!   every H1 is a talk and the conference is named after its file;
//! - the talk level is the shallowest heading level whose headings are mostly talks. A level is
//!   skipped when most of its headings are groupings: days, dates and weekdays ("Day 1",
//!   "Thursday 11th May", "Jeudi 18 Avril", "10th Feb 2012", or a heading that opens with one:
//!   "Mardi 19 avril : prépa physique et mentale"), tracks and rooms ("Morning track"), or headings
//!   with sub-headings and no text of their own whose sub-headings are not a talk's parts; and it is
//!   skipped when talk-like headings deeper than it come first (an H1 in the middle of `##` talks
//!   groups the talks after it). So `##` talks, `###` talks under `## Day 1`, `####` talks under days
//!   and tracks, and `#` talks with `##` parts all work; the grouping heading becomes the talk's
//!   `group`;
//! - a talk-level heading with no text whose sub-headings are talks ("# Lightning talks" over
//!   "## Talk 1 - ...") is a group, and its sub-headings are the talks; a keynote one level deeper than
//!   the talks, under a day and before its talks (`#### Keynote:` beside `### Talk 1:`), is a talk;
//! - a heading right under a talk that only names people or a link (`##### Ryan Neimeyer, Epic
//!   Systems`, `### Slides: http://...`, `##Dion Almaer and Ben Galbraith`) belongs to that talk;
//!   but a title written in capitals reads like a name too ("Chaos Engineering"), so a heading that
//!   is two to four capitalised words and nothing else belongs to the heading above only when it sits
//!   deeper, with no other heading at its level under that one; a numbered heading
//!   ("3. Golden Paths"), or one right under a day or the file's title, is never a speaker line;
//! - headings such as "Table of contents", "Visited talks", "Books", "Link dump", "Swag",
//!   "Housekeeping", "Things to read", "Conclusion", "Sources", moments of the programme such as
//!   "Lunch", "AfterParty", "Codelabs", "Mittagspause", "Community Gathering @ I/O", "Coffee break",
//!   "Hallway track" (a word that also ends talk titles — networking, experience, live, break, party —
//!   names a moment of the programme only alone or after a word of the programme: "Kubernetes
//!   networking" and "Developer experience" are talks), and talk-level headings under a
//!   plain heading between days ("## Next year in Lisbon") are sections, never talks; so is a "talk"
//!   that is only a list of bare links and pictures (a link dump, a colleague's photos), and in notes
//!   that name the speaker of most talks, a short heading naming none that opens a day ("Ce qui
//!   change");
//! - talks may sit at two levels when the author mixed them (`####` for the first two talks, `###`
//!   for the rest): a heading taken for a section, with text of its own and no heading under it,
//!   is a talk when it has the shape most talks have (a time in front such as "9:45 – ", a speaker
//!   named); a group whose title says it holds talks ("Lightning talks", "Sessions") makes each
//!   heading under it a talk, also one level deeper than the other talks, and a heading that is
//!   only a name there ("#### Jane Doe") is a talk by that speaker; a day or track heading with no
//!   text beside the talks (`### Day 1` then `### Title`) groups the talks after it;
//! - closing headings ("Conclusion", "My conclusions", "Final thoughts", "General thoughts", "Other
//!   talks", "Thanks", "Bilan", "まとめ") are never talks;
//! - headings deeper than the talk level stay inside their talk as sub-headings;
//! - headings may be ATX (`##`) or Setext (underlined), and may be links (`## [Title](url)`, or
//!   reference links), whose text is the title and whose URL is kept as the talk's first link; in a
//!   file whose headings are mostly written without a space (`#Title`, as GitHub rendered them
//!   before 2017) those are headings too; in a file with no headings at all, paragraphs that are one
//!   bold line (`**3. Title : Speaker**`) mark the talks;
//! - YAML (`---`, read with the `yaml_serde` crate) and TOML (`+++`) front matter and Pelican-style
//!   `Title:` header lines are metadata, not content; front matter that is not valid YAML or TOML
//!   is still left out of the content, its fields are ignored, and `talkbot check` reports it with
//!   the file and line where the parser stopped (a warning: the talks load as usual);
//! - HTML never leaks into titles or text: `<a name>` anchors disappear, `<img>` becomes an image,
//!   `<video>`/`<iframe>` a video link (entities decoded with `html-escape`); bare `https://` URLs
//!   become links (found with `linkify`: sentence punctuation and unbalanced brackets stay outside);
//! - accents, curly quotes, emoji and CJK are kept as written.
//!
//! A talk's `speaker` comes from its heading — "Title - Speaker", "Speaker - Title", "Name - Role -
//! Company", "Title (Speaker, Company)", "Name (@handle): Title", "Speaker | @handle | Title",
//! "Name, Role", "Title, Speaker", "Title by Speaker", "Title : Speaker", "Title — \[Speaker\]" —
//! or from the lines under it: a heading that only names people, a "Speaker:", "Talk by", "Par",
//! "Sprecher:", "Ponente:" line (or a first bullet or quote that says so: "- speaker: Eric Ma
//! (Moderna)", "> Speaker: Tom Lee"), or an italic or bold line of names; such a first line is left
//! out of the talk's summary. A name is two to four capitalised words that are not words titles are
//! made of ("Keynote", "Talk", "Android Jetpack" is not read as a name because "android" is such a
//! word; "Aloha Editor" would be). A talk headed by a name alone ("# Christian Heilmann") names its
//! speaker only in notes whose other titles are not written with every word in capitals: where they
//! are, "Chaos Engineering" is a title. The speaker is shown in the talk list, the `/talk` embed
//! and the slides' title page, and it is searchable ("what did Julia Evans say?").
//!
//! Every shape above has a small fixture of its own in `notes/tests/fixtures/` and a test in
//! `notes/tests/shapes.rs`; `notes/tests/talk_shapes.rs` has a fixture per class of shape and the
//! metamorphic tests (see the crate's documentation, "How it is checked").

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

use crate::blocks::Document;
use crate::model::{Block, Conference};

/// Decides what each heading of `doc` is; `forced_level` is the configured talk level, if
/// any. Bold lines that stand for headings (in notes without headings) become headings in
/// `doc` first.
pub fn decide(doc: &mut Document, forced_level: Option<u8>) -> Outline {
    tree::promote_bold_lines(doc);
    let mut headings = tree::collect(doc);
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
