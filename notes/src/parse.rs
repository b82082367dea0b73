//! Parsing one notes file into a [`Conference`].

use crate::blocks::parse_document;
use crate::model::Conference;
use crate::{frontmatter, structure};
use std::path::Path;

/// How to read notes files.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ParseOptions {
    /// Force the heading level (1–6) of talks instead of detecting it.
    pub talk_level: Option<u8>,
}

/// Parses the Markdown `text` of the notes file `file` into a conference. Never fails: any
/// text is some Markdown; problems are reported by [`crate::check`].
pub fn parse_conference(text: &str, file: &Path, options: &ParseOptions) -> Conference {
    let front = frontmatter::split(text);
    let doc = parse_document(text, front.body_start);
    let level = options.talk_level.map(|l| l.clamp(1, 6));
    structure::assemble(doc, &front, file, level)
}
