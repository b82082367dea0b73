//! `talkbot console`: the bot's commands offline, one answer per line of standard input.

use crate::chat;
use crate::reply::Reply;
use crate::settings::DigestSettings;
use serde::Serialize;
use std::io::{BufRead, Write};
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
/// text blocks separated by a blank line, or one JSON object per line with `json`.
pub fn run(
    index: &TalkIndex,
    input: impl BufRead,
    out: &mut dyn Write,
    json: bool,
    digest: &DigestSettings,
) -> std::io::Result<()> {
    for line in input.lines() {
        let line = line?;
        let parsed = chat::parse_line(&line);
        let (reply, error) = match &parsed {
            Ok(None) => continue,
            Ok(Some(ask)) => (Some(chat::answer(index, digest, ask)), None),
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
    Ok(())
}
