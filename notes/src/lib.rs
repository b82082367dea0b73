//! `talk-notes`: one model of conference notes, shared by the bot and the exporter.
//!
//! Read a notes file (Markdown, one section per talk) with [`load_library`] or [`parse_conference`],
//! then walk [`Library::talks`]. Each [`Talk`] carries its title, GitHub slug, source lines,
//! classified links and its content as [`Block`]s of styled [`Span`]s. [`check`] lints a notes
//! file (broken table-of-contents anchors, empty talks, bad links).

pub mod model;
pub mod text;

pub use model::*;
