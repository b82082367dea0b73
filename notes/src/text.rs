//! Plain-text renderings of the model: for indexing, summaries and terminal output.

pub use crate::blocks::spans_text;
use crate::model::{Block, List, Talk};

/// Appends the plain text of `blocks` to `out`, one line per paragraph, list item, row or code line.
pub fn push_blocks_text(blocks: &[Block], out: &mut String) {
    for block in blocks {
        push_block_text(block, out);
    }
}

fn push_line(out: &mut String, text: &str) {
    let text = text.trim();
    if text.is_empty() {
        return;
    }
    if !out.is_empty() && !out.ends_with('\n') {
        out.push('\n');
    }
    out.push_str(text);
    out.push('\n');
}

fn push_block_text(block: &Block, out: &mut String) {
    match block {
        Block::Heading { spans, .. } | Block::Paragraph { spans } => {
            push_line(out, &spans_text(spans))
        }
        Block::List(list) => push_list_text(list, out),
        Block::Code { text, .. } => push_line(out, text),
        Block::Quote { blocks } => push_blocks_text(blocks, out),
        Block::Image(image) => push_line(out, &image.alt),
        Block::Table(table) => {
            for row in std::iter::once(&table.header).chain(table.rows.iter()) {
                let cells: Vec<String> = row.iter().map(spans_text).collect();
                push_line(out, &cells.join(" | "));
            }
        }
        Block::Rule => {}
    }
}

fn push_list_text(list: &List, out: &mut String) {
    for item in &list.items {
        push_blocks_text(&item.blocks, out);
    }
}

/// The whole talk as plain text: title on the first line, then every block.
pub fn talk_text(talk: &Talk) -> String {
    let mut out = String::new();
    push_line(&mut out, &talk.title);
    push_blocks_text(&talk.blocks, &mut out);
    out
}

/// `text` cut to at most `max` characters, ending with "…" when it was cut: the one way every
/// crate shortens text for a limit counted in characters (Discord fields, quotes, choices).
pub fn cut_chars(text: &str, max: usize) -> String {
    match text.char_indices().nth(max) {
        None => text.to_string(),
        Some(_) if max == 0 => String::new(),
        Some(_) => {
            let keep: String = text.chars().take(max - 1).collect();
            format!("{}…", keep.trim_end())
        }
    }
}

/// The longest start of `text` of at most `max` bytes that ends on a character boundary: the
/// one way a query is bounded before it is searched or completed.
pub fn within_bytes(text: &str, max: usize) -> &str {
    let mut end = text.len().min(max);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

/// The first sentences of `blocks`, at most `max_chars` characters, cut on a word with "…" when
/// the first sentence alone is longer. Paragraphs made only of links (a "Slides" line) are skipped.
pub fn summarize(blocks: &[Block], max_chars: usize) -> String {
    let mut text = Collected::default();
    // One character past the limit tells whether the text must be cut.
    collect_summary_text(blocks, &mut text, max_chars + 1);
    let text = text.text;
    if text.chars().count() <= max_chars {
        return text;
    }
    // Longest prefix that ends a sentence and fits.
    let mut best = None;
    for (count, (i, c)) in text.char_indices().enumerate() {
        if count >= max_chars {
            break;
        }
        if matches!(c, '.' | '!' | '?' | '。' | '！' | '？') {
            let end = i + c.len_utf8();
            let next = text[end..].chars().next();
            if next.is_none_or(char::is_whitespace) {
                best = Some(end);
            }
        }
    }
    if let Some(end) = best {
        return text[..end].to_string();
    }
    let budget = max_chars.saturating_sub(1);
    let cut: String = text.chars().take(budget).collect();
    let cut = match cut.rfind(' ') {
        Some(space) if space > cut.len() / 2 => cut[..space].to_string(),
        _ => cut,
    };
    format!("{}…", cut.trim_end_matches([',', ';', ':', ' ']))
}

/// The start of a talk's text being collected for its summary, with its length in characters.
#[derive(Default)]
struct Collected {
    text: String,
    chars: usize,
    /// The text of the paragraph being read (one buffer for all of them).
    paragraph: String,
}

fn collect_summary_text(blocks: &[Block], out: &mut Collected, limit: usize) {
    for block in blocks {
        if out.chars >= limit {
            return;
        }
        match block {
            Block::Paragraph { spans } => {
                let only_links = spans
                    .iter()
                    .all(|s| s.link.is_some() || s.text.trim().is_empty());
                if !only_links {
                    let mut paragraph = std::mem::take(&mut out.paragraph);
                    paragraph.clear();
                    paragraph.push_str(spans.text());
                    push_sentence(out, &paragraph, limit);
                    out.paragraph = paragraph;
                }
            }
            Block::List(list) => {
                for item in &list.items {
                    collect_summary_text(&item.blocks, out, limit);
                }
            }
            Block::Quote { blocks } => collect_summary_text(blocks, out, limit),
            _ => {}
        }
    }
}

/// Appends a paragraph or list item (whitespace collapsed, until `out` holds `limit`
/// characters), ending it with a period so that it reads as a sentence.
fn push_sentence(out: &mut Collected, text: &str, limit: usize) {
    let before = out.text.len();
    for word in text.split_whitespace() {
        if out.chars >= limit {
            break;
        }
        if !out.text.is_empty() {
            out.text.push(' ');
            out.chars += 1;
        }
        out.text.push_str(word);
        out.chars += word.chars().count();
    }
    if out.text.len() > before && !out.text.ends_with(['.', '!', '?', '。', '！', '？', ':']) {
        out.text.push('.');
        out.chars += 1;
    }
}

/// The first `n` key points of a talk: its top-level list items (the first line of each), or
/// when it has no list, its first paragraphs. Used by chat embeds and the daily digest.
pub fn key_points(blocks: &[Block], n: usize) -> Vec<String> {
    let mut points = Vec::new();
    for block in blocks {
        if let Block::List(list) = block {
            for item in &list.items {
                let first = item.blocks.iter().find_map(|b| match b {
                    Block::Paragraph { spans } => Some(spans_text(spans)),
                    _ => None,
                });
                if let Some(text) = first {
                    let line = text.split_whitespace().collect::<Vec<_>>().join(" ");
                    if !line.is_empty() && points.len() < n {
                        points.push(line);
                    }
                }
            }
        }
    }
    if points.is_empty() {
        for (i, block) in blocks.iter().enumerate() {
            if let Block::Paragraph { spans } = block {
                // A first line that only says who spoke ("Speaker: Jane Doe") is no key point.
                let text = spans_text(spans);
                if i == 0
                    && !text.trim().contains('\n')
                    && crate::roles::names::from_labelled_line(text.trim()).is_some()
                {
                    continue;
                }
                let only_links = spans
                    .iter()
                    .all(|s| s.link.is_some() || s.text.trim().is_empty());
                let line = text.split_whitespace().collect::<Vec<_>>().join(" ");
                if !only_links && !line.is_empty() && points.len() < n {
                    points.push(line);
                }
            }
        }
    }
    points
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::StyledText;

    #[test]
    fn truncates_on_character_boundaries() {
        assert_eq!(cut_chars("abc", 3), "abc");
        assert_eq!(cut_chars("abcd", 3), "ab…");
        assert_eq!(cut_chars("日本語テキスト", 4), "日本語…");
        assert_eq!(cut_chars("🎉🎉🎉", 2), "🎉…");
        assert_eq!(cut_chars("x", 0), "");
    }

    #[test]
    fn a_speaker_line_is_no_key_point() {
        let paragraph = |t: &str| Block::Paragraph {
            spans: StyledText::plain(t),
        };
        let blocks = [
            paragraph("Speaker: Jane Doe (Acme)"),
            paragraph("The ecosystem is where the work is."),
        ];
        assert_eq!(
            key_points(&blocks, 3),
            ["The ecosystem is where the work is."]
        );
    }

    #[test]
    fn byte_bounds_fall_on_character_boundaries() {
        assert_eq!(within_bytes("abc", 10), "abc");
        assert_eq!(within_bytes("abc", 2), "ab");
        // "é" is two bytes: a bound inside it keeps the text before it.
        assert_eq!(within_bytes("aé", 2), "a");
        assert_eq!(within_bytes("日本", 5), "日");
        assert_eq!(within_bytes("日本", 0), "");
    }
}
