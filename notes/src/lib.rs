//! `talk-notes`: one model of conference notes, shared by the bot and the exporter.
//!
//! Read notes (Markdown, one section per talk) with [`load_library`] or [`parse_conference`],
//! then walk [`Library::talks`]. Each [`Talk`] carries its title, GitHub slug, source lines,
//! classified links and its content as [`Block`]s of styled [`Span`]s. [`check`] lints notes
//! (broken table-of-contents anchors, empty talks, bad links). [`search::TalkIndex`] finds the
//! talks that answer a question (typos, partial words, plain questions; nothing when off-topic);
//! `synth::generate_notes` (cargo feature `synth`, for benchmarks and tests) writes realistic
//! notes of any size.
//!
//! A file is read one way, each step importing only the ones before it: [`blocks`] (Markdown to
//! top-level headings and blocks) → [`roles`] (the heading tree, the talk level, what each
//! heading is — title, talk, group, section, part of a talk — and who spoke; every such rule
//! lives there, one file per kind of rule) → [`assemble`] (the [`Conference`], its talks and
//! sections). [`model`] is the ground floor: it imports nothing of the pipeline.
//!
//! ```no_run
//! use talk_notes::{load_library, ParseOptions};
//!
//! let library = load_library(&["notes/".into()], &ParseOptions::default())?;
//! for (conference, talk) in library.talks() {
//!     println!("{}: {} (line {})", conference.title, talk.title, talk.line);
//! }
//! # Ok::<(), talk_notes::NotesError>(())
//! ```
pub mod assemble;
pub mod atomic_write;
pub mod blocks;
pub mod cache_dir;
pub mod check;
pub mod frontmatter;
pub mod links;
pub mod load;
pub mod meaning;
pub mod model;
pub mod parse;
pub mod pick;
pub mod pieces;
pub mod roles;
pub mod search;
pub mod settings;
pub mod slug;
pub mod styled_text;
#[cfg(feature = "synth")]
pub mod synth;
pub mod text;
mod threads;

pub use check::{check_paths, Finding, Severity};
pub use load::{explain_notes, load_library, read_notes, NotesError};
pub use model::*;
pub use parse::{explain_conference, parse_conference, ParseOptions};
