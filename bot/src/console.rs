//! `talkbot console`: the bot's commands offline, one answer per line of standard input.

use crate::chat::{self, Ask};
use crate::meaning::{with_notes, MeaningService};
use crate::reply::Reply;
use crate::settings::DigestSettings;
use serde::Serialize;
use std::io::{BufRead, Write};
use std::sync::Arc;
use talk_export::{Exporter, Options};
use talk_notes::search::TalkIndex;

/// One answered line, as `--json` prints it.
#[derive(Debug, Serialize)]
pub struct ConsoleAnswer<'a> {
    /// The input line.
    pub input: &'a str,
    /// The reply, or `null` when the line was not understood.
    pub reply: Option<&'a Reply>,
    /// Why the line was not understood.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<&'a str>,
}

/// Reads commands and questions from `input` until its end and writes one answer per line:
/// text blocks separated by a blank line, or one JSON object per line with `json`. A line that
/// is not UTF-8 gets an error answer naming it, and the session goes on. `/handout` makes its
/// PDF with `export` (the `[export]` settings, as the bot on Discord does).
pub fn run(
    index: &Arc<TalkIndex>,
    meaning: Option<&MeaningService>,
    mut input: impl BufRead,
    out: &mut dyn Write,
    json: bool,
    digest: &DigestSettings,
    export: &Options,
) -> std::io::Result<()> {
    let mut bytes = Vec::new();
    let mut number = 0usize;
    loop {
        bytes.clear();
        if input.read_until(b'\n', &mut bytes)? == 0 {
            return Ok(());
        }
        number += 1;
        let raw = strip_line_end(&bytes);
        let (line, parsed) = match std::str::from_utf8(raw) {
            Ok(line) => (std::borrow::Cow::Borrowed(line), chat::parse_line(line)),
            Err(error) => (
                String::from_utf8_lossy(raw),
                Err(format!(
                    "input line {number} is not UTF-8 text (byte {} is not); \
                     it was skipped, type it again as UTF-8",
                    error.valid_up_to() + 1
                )),
            ),
        };
        let (reply, error) = match &parsed {
            Ok(None) => continue,
            Ok(Some(Ask::Handout { talk, layout })) => {
                (Some(handout(index, talk, layout.as_deref(), export)), None)
            }
            Ok(Some(ask)) => (
                Some(with_notes(meaning, index, |n| {
                    chat::answer_in(n, digest, ask)
                })),
                None,
            ),
            Err(message) => (None, Some(message.as_str())),
        };
        if json {
            let record = ConsoleAnswer {
                input: line.trim(),
                reply: reply.as_ref(),
                error,
            };
            serde_json::to_writer(&mut *out, &record)?;
            writeln!(out)?;
        } else {
            match (&reply, error) {
                (Some(reply), _) => write!(out, "{}", reply.to_text())?,
                (None, Some(message)) => writeln!(out, "error: {message}")?,
                (None, None) => {}
            }
            writeln!(out)?;
        }
        out.flush()?;
    }
}

/// The `/handout` reply, made with `export` in `layout` (the `[export]` layout when `None`).
/// Local pictures outside the notes folder stay out, as on Discord.
fn handout(index: &TalkIndex, talk: &str, layout: Option<&str>, export: &Options) -> Reply {
    let layout = layout.map_or_else(|| export.layout.to_string(), str::to_string);
    chat::pdf::handout_reply_with(index, talk, Some(&layout), &|conference, talk, layout| {
        let mut options = Options {
            layout,
            ..export.clone()
        };
        options.pictures.allow_outside = false;
        Exporter::new(options).and_then(|e| e.talk(conference, talk))
    })
    .fit_discord_limits()
}

/// A line without its `\n` or `\r\n`.
fn strip_line_end(line: &[u8]) -> &[u8] {
    let line = line.strip_suffix(b"\n").unwrap_or(line);
    line.strip_suffix(b"\r").unwrap_or(line)
}
