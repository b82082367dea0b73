//! Parsing one notes file into a [`Conference`].

use crate::blocks::{Document, RawLink};
use crate::frontmatter::{FrontMatter, FrontMatterError};
use crate::model::Conference;
use crate::pieces::parse_document_fast;
use crate::roles::Explanation;
use crate::{assemble, frontmatter};
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
    parse_keeping(text, file, options, false).conference
}

/// Parses `text` as [`parse_conference`] does, and says what each heading was taken for and
/// which evidence decided (`talkbot talks --explain`).
pub fn explain_conference(
    text: &str,
    file: &Path,
    options: &ParseOptions,
) -> (Conference, Explanation) {
    let parsed = parse_in_full(text, file, options);
    let explanation = parsed.explanation.unwrap_or_else(|| Explanation {
        talk_level: parsed.conference.talk_level,
        talk_level_set: false,
        headings: Vec::new(),
    });
    (parsed.conference, explanation)
}

/// A parse with what `check` needs besides the conference.
pub(crate) struct Parsed {
    /// The conference, as [`parse_conference`] gives it.
    pub conference: Conference,
    /// What each heading was taken for and why (kept by [`parse_in_full`]).
    pub explanation: Option<Explanation>,
    /// The front matter's `talk_level` when it is not a level from 1 to 6.
    pub bad_talk_level: Option<String>,
    /// Every link of the file as written, in order.
    pub links: Vec<RawLink>,
    /// Why the front matter could not be read, if it could not.
    pub front_matter_error: Option<FrontMatterError>,
}

/// Parses `text` as [`parse_conference`] does (one pipeline for `talks`, `check` and the
/// index), keeping the links, the front matter's error and what each heading was taken for.
pub(crate) fn parse_in_full(text: &str, file: &Path, options: &ParseOptions) -> Parsed {
    parse_keeping(text, file, options, true)
}

/// The one parse behind [`parse_conference`] and [`parse_in_full`]; the links and the
/// explanation are kept for `check` only when `keep`.
fn parse_keeping(text: &str, file: &Path, options: &ParseOptions, keep: bool) -> Parsed {
    let Read {
        doc,
        front,
        level,
        bad_talk_level,
    } = read_blocks(text, options);
    let links = if keep {
        doc.links().cloned().collect()
    } else {
        Vec::new()
    };
    let (conference, explanation) = if keep {
        let (conference, explanation) = assemble::assemble_explained(doc, &front, file, level);
        (conference, Some(explanation))
    } else {
        (assemble::assemble(doc, &front, file, level), None)
    };
    Parsed {
        conference,
        explanation,
        bad_talk_level,
        links,
        front_matter_error: front.error,
    }
}

/// Parses the Markdown `text` of the notes file `file` as [`parse_conference`] does, taking
/// the text: it is freed as soon as its blocks are read, so the Markdown and the assembled
/// talks are never held together (what loading notes from disk uses).
pub fn parse_conference_owned(text: String, file: &Path, options: &ParseOptions) -> Conference {
    let read = read_blocks(&text, options);
    drop(text);
    assemble::assemble(read.doc, &read.front, file, read.level)
}

/// Parses `text` as [`parse_conference_owned`] does, for a program that answers questions and
/// never checks: neither the headings' anchors nor the table of contents are kept (see
/// [`assemble::assemble_to_answer`]).
pub fn parse_conference_to_answer(text: String, file: &Path, options: &ParseOptions) -> Conference {
    let read = read_blocks(&text, options);
    drop(text);
    assemble::assemble_to_answer(read.doc, &read.front, file, read.level)
}

/// A file's blocks and what decides how they are assembled.
struct Read {
    doc: Document,
    front: FrontMatter,
    /// The talk level to use, when the front matter or the options give one.
    level: Option<u8>,
    /// The front matter's `talk_level` when it is not a level from 1 to 6.
    bad_talk_level: Option<String>,
}

/// Reads the front matter and the blocks of `text`. A `talk_level` in the front matter (1–6)
/// sets the talk level of its file, over the configured one.
fn read_blocks(text: &str, options: &ParseOptions) -> Read {
    let front = frontmatter::split(text);
    let spaced = space_old_headings(text);
    let text = spaced.as_deref().unwrap_or(text);
    let doc = parse_document_fast(text, front.body_start);
    let written = front.get("talk_level").map(str::trim);
    let from_front = written.and_then(|v| v.parse::<u8>().ok().filter(|l| (1..=6).contains(l)));
    let bad_talk_level = written.filter(|_| from_front.is_none()).map(str::to_string);
    let level = from_front.or(options.talk_level.map(|l| l.clamp(1, 6)));
    Read {
        doc,
        front,
        level,
        bad_talk_level,
    }
}

/// Notes written for GitHub before 2017 put no space after the hashes (`#Title`, `##Speaker`);
/// GitHub rendered those as headings. When most heading lines of a file are written that way,
/// returns the text with a space after their hashes (outside code blocks; lines keep their
/// numbers). `None` when the file is written the usual way.
fn space_old_headings(text: &str) -> Option<String> {
    let hashes = |line: &str| line.len() - line.trim_start_matches('#').len();
    let old_style = |line: &str| {
        let n = hashes(line);
        (1..=6).contains(&n) && line[n..].starts_with(|c: char| !c.is_whitespace())
    };
    let mut in_fence = false;
    let (mut old, mut usual) = (0usize, 0usize);
    for line in text.lines() {
        if line.trim_start().starts_with("```") || line.trim_start().starts_with("~~~") {
            in_fence = !in_fence;
        } else if !in_fence && line.starts_with('#') {
            let n = hashes(line);
            if old_style(line) {
                old += 1;
            } else if (1..=6).contains(&n) && line[n..].starts_with([' ', '\t']) {
                usual += 1;
            }
        }
    }
    if old < 2 || old <= usual {
        return None;
    }
    let mut out = String::with_capacity(text.len() + old);
    in_fence = false;
    for line in text.split_inclusive('\n') {
        if line.trim_start().starts_with("```") || line.trim_start().starts_with("~~~") {
            in_fence = !in_fence;
        } else if !in_fence && old_style(line) {
            let n = hashes(line);
            out.push_str(&line[..n]);
            out.push(' ');
            out.push_str(&line[n..]);
            continue;
        }
        out.push_str(line);
    }
    Some(out)
}
