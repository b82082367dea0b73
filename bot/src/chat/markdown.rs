//! Text made safe for Discord Markdown: echoed questions, quoted passages and snippets show as
//! typed, never as markup, links or pings.

use talk_notes::search::{Quote, Snippet};

/// User text made inert before it is echoed: Markdown (links, bold, code, quotes, headings),
/// mentions (`@everyone`, `<@id>`) and `<...>` show as typed, never as links or pings.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            // `:` breaks autolinks (`https\://`); headings and lists cannot start a one-line echo.
            '\\' | '*' | '_' | '~' | '`' | '|' | '>' | '<' | '[' | ']' | '(' | ')' | ':' => {
                out.push('\\');
                out.push(c);
            }
            // A zero-width space after `@` keeps `@everyone` and `@here` from pinging.
            '@' => out.push_str("@\u{200B}"),
            _ => out.push(c),
        }
    }
    out
}

/// One quoted passage as Markdown: "> **matched** words", after its sub-heading in italics.
/// The notes' own text is escaped so that it cannot turn into markup, links or mentions.
pub fn quote_markdown(quote: &Quote) -> String {
    let text = snippet_markdown(&quote.snippet);
    let text = text.replace('\n', " ");
    match &quote.heading {
        Some(heading) => format!("> *{}* — {text}", escape_markdown(heading)),
        None => format!("> {text}"),
    }
}

/// A snippet as Markdown: its text escaped, the matched words in bold.
pub fn snippet_markdown(snippet: &Snippet) -> String {
    let mut text = String::with_capacity(snippet.text.len() + 16);
    let mut at = 0;
    for &(start, end) in &snippet.marks {
        let (Some(before), Some(word)) =
            (snippet.text.get(at..start), snippet.text.get(start..end))
        else {
            continue;
        };
        text.push_str(&escape_markdown(before));
        text.push_str("**");
        text.push_str(&escape_markdown(word));
        text.push_str("**");
        at = end;
    }
    text.push_str(&escape_markdown(snippet.text.get(at..).unwrap_or_default()));
    text
}

/// Text shown as itself in Discord Markdown: markup characters escaped, mentions broken.
pub fn escape_markdown(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if matches!(
            c,
            '\\' | '*' | '_' | '~' | '`' | '|' | '>' | '<' | '[' | ']' | '@'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoted_notes_cannot_turn_into_markup_or_mentions() {
        let quote = Quote {
            heading: Some("Q&A_time".into()),
            snippet: Snippet {
                text: "[Free](https://evil.example) @everyone *terratest*".into(),
                marks: vec![(40, 49)],
            },
        };
        assert_eq!(
            quote_markdown(&quote),
            "> *Q&A\\_time* — \\[Free\\](https://evil.example) \\@everyone \\***terratest**\\*"
        );
        assert_eq!(escape("**x**"), "\\*\\*x\\*\\*");
    }
}
