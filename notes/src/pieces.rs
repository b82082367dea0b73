//! A big notes file parsed on several threads: cut before headings where no Markdown construct
//! can be open, each piece parsed alone (with the file's link reference definitions, which apply
//! everywhere), the pieces' items joined in order. The result is the one parse of the whole file.
//!
//! A file is cut into more pieces than there are threads; rayon's pool parses them, in order.
//! The pieces stay apart in the [`Document`] (joining them would hold every item twice), so a
//! big file is cut whatever the number of threads.

use crate::blocks::{line_at, markdown_options, parse_document, parse_from_line, Document};
use pulldown_cmark::Parser;

/// About how many bytes each piece of a big file holds: small, as the parser's working memory
/// grows with the piece and each thread holds one piece's.
const PIECE_BYTES: usize = 1 << 17;

/// Parses `text` from `body_start` like [`parse_document`], on several threads for a big file.
pub fn parse_document_fast(text: &str, body_start: usize) -> Document {
    let size = text.len() - body_start;
    if size < crate::threads::PARALLEL_FROM_BYTES {
        return parse_document(text, body_start);
    }
    let threads = rayon::current_num_threads();
    let definitions = reference_definitions(&text[body_start..]);
    // Each piece is parsed with every definition after it: pieces of at least four times
    // their length keep that extra work under a quarter.
    let piece_bytes = PIECE_BYTES.max(4 * definitions.len());
    let pieces = size.div_ceil(piece_bytes).max(threads);
    parse_with(text, body_start, pieces, threads > 1, &definitions)
}

/// Parses `text` from `body_start` in at most `pieces` pieces, in parallel when `parallel`.
#[cfg(test)]
pub(crate) fn parse_in_pieces(
    text: &str,
    body_start: usize,
    pieces: usize,
    parallel: bool,
) -> Document {
    let definitions = reference_definitions(&text[body_start..]);
    parse_with(text, body_start, pieces, parallel, &definitions)
}

/// [`parse_in_pieces`] with the file's link reference `definitions`, as written.
fn parse_with(
    text: &str,
    body_start: usize,
    pieces: usize,
    parallel: bool,
    definitions: &str,
) -> Document {
    let Some(cuts) = safe_cuts(text, body_start, pieces) else {
        return parse_document(text, body_start);
    };
    let mut bounds = vec![Cut {
        at: body_start,
        line: line_at(text, body_start),
    }];
    bounds.extend(cuts);
    bounds.push(Cut {
        at: text.len(),
        line: 0,
    });
    let parse = |piece: usize| {
        let (from, to) = (&bounds[piece], &bounds[piece + 1]);
        let body = &text[from.at..to.at];
        if definitions.is_empty() {
            return parse_from_line(body, from.line);
        }
        // The piece, then the definitions after a blank line: they resolve its references
        // and add nothing (their lines come after the piece's).
        let mut piece = String::with_capacity(body.len() + definitions.len() + 2);
        piece.push_str(body);
        piece.push_str("\n\n");
        piece.push_str(definitions);
        parse_from_line(&piece, from.line)
    };
    let parts = crate::threads::map_range(bounds.len() - 1, parallel, parse);
    Document {
        pieces: parts.into_iter().flat_map(|part| part.pieces).collect(),
    }
}

/// Where a piece starts: a byte offset and its 1-based line.
struct Cut {
    at: usize,
    line: usize,
}

/// Where `text` may be cut into about `pieces` equal pieces, in order: the start of an ATX
/// heading line (`# `, at the margin) after a blank line, outside fenced code and multi-line
/// HTML blocks. `None` when a fence or HTML block is left open at the end, or no cut was found.
fn safe_cuts(text: &str, body_start: usize, pieces: usize) -> Option<Vec<Cut>> {
    let step = (text.len() - body_start) / pieces;
    let mut next = body_start + step;
    let mut cuts = Vec::with_capacity(pieces - 1);
    let mut open: Option<Closer> = None;
    let mut blank_before = true;
    let mut at = body_start;
    let lines = text[body_start..].split_inclusive('\n');
    for (number, line) in (line_at(text, body_start)..).zip(lines) {
        let start = at;
        at += line.len();
        let trimmed = line.trim_start_matches([' ', '\t']);
        let indent = line.len() - trimmed.len();
        if let Some(closer) = &open {
            if closer.closes(trimmed) {
                open = None;
            }
            blank_before = false;
            continue;
        }
        if start >= next && cuts.len() < pieces - 1 && blank_before && is_atx_heading(line) {
            cuts.push(Cut {
                at: start,
                line: number,
            });
            next = start + step;
        }
        if indent <= 3 {
            open = Closer::opened_by(trimmed);
        }
        blank_before = trimmed.trim().is_empty();
    }
    (open.is_none() && !cuts.is_empty()).then_some(cuts)
}

/// A line at the margin that is an ATX heading: 1–6 `#`, then a space, a tab or the line's end.
fn is_atx_heading(line: &str) -> bool {
    let hashes = line.len() - line.trim_start_matches('#').len();
    (1..=6).contains(&hashes) && line[hashes..].starts_with([' ', '\t', '\n', '\r'])
}

/// What ends a block that may hold blank lines and heading-like lines.
enum Closer {
    /// A code fence of at least this many of this character.
    Fence(char, usize),
    /// An HTML block (`<pre>`, `<script>`, `<style>`, `<textarea>`, a comment, `<?`, `<!X`,
    /// CDATA) that ends at a line holding this text.
    Html(&'static str),
}

impl Closer {
    /// The block a line (without its indentation) opens, if any.
    fn opened_by(line: &str) -> Option<Closer> {
        for fence in ['`', '~'] {
            let n = line.len() - line.trim_start_matches(fence).len();
            if n >= 3 {
                return Some(Closer::Fence(fence, n));
            }
        }
        let lower = line.get(..12).unwrap_or(line).to_ascii_lowercase();
        let html = [
            ("<pre", "</pre>"),
            ("<script", "</script>"),
            ("<style", "</style>"),
            ("<textarea", "</textarea>"),
            ("<!--", "-->"),
            ("<?", "?>"),
            ("<![cdata[", "]]>"),
            ("<!", ">"),
        ];
        let (_, end) = html.iter().find(|(start, _)| lower.starts_with(start))?;
        // A block that ends on its own opening line ("<!-- note -->") leaves nothing open.
        let rest = &line[1..];
        (!rest.to_ascii_lowercase().contains(end)).then_some(Closer::Html(end))
    }

    /// Whether `line` (without its indentation) ends the block.
    fn closes(&self, line: &str) -> bool {
        match *self {
            Closer::Fence(c, n) => {
                let run = line.len() - line.trim_start_matches(c).len();
                run >= n && line[run..].trim().is_empty()
            }
            Closer::Html(end) => line.to_ascii_lowercase().contains(end),
        }
    }
}

/// The source of every link reference definition of `text`, one after the other, found by
/// pulldown-cmark's block pass (so that a definition-like line in code or in a paragraph is not
/// taken for one).
fn reference_definitions(text: &str) -> String {
    if !text.contains("]:") {
        return String::new();
    }
    let parser = Parser::new_ext(text, markdown_options());
    let mut spans: Vec<std::ops::Range<usize>> = parser
        .reference_definitions()
        .iter()
        .map(|(_, definition)| definition.span.clone())
        .collect();
    spans.sort_unstable_by_key(|span| span.start);
    let mut out = String::new();
    for span in spans {
        out.push_str(text.get(span).unwrap_or_default());
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn same_as_whole(text: &str) {
        same_as_whole_from(text, 0);
    }

    fn same_as_whole_from(text: &str, body_start: usize) {
        let whole = parse_document(text, body_start);
        for pieces in 2..=7 {
            for parallel in [false, true] {
                let cut = parse_in_pieces(text, body_start, pieces, parallel);
                assert!(
                    cut.items().eq(whole.items()),
                    "{pieces} pieces, parallel {parallel}"
                );
                assert!(
                    cut.links().eq(whole.links()),
                    "{pieces} pieces, parallel {parallel}"
                );
            }
        }
    }

    #[test]
    fn pieces_after_front_matter_keep_their_line_numbers() {
        let front = "---\ntitle: Conf\ntags: [a]\n---\n";
        let text = format!("{front}{}", crate::synth::generate_notes(60, 5));
        same_as_whole_from(&text, front.len());
        let doc = parse_document(&text, front.len());
        let first = doc.items().next().expect("items");
        assert_eq!(
            text.lines().nth(first.line - 1).map(|l| l.starts_with('#')),
            Some(true),
            "line {}",
            first.line
        );
    }

    #[test]
    fn generated_notes_parse_the_same_in_pieces() {
        same_as_whole(&crate::synth::generate_notes(200, 3));
    }

    #[test]
    fn references_fences_and_html_blocks_span_the_cuts() {
        let mut text = String::from("# Conf\n\n");
        for i in 0..40 {
            text.push_str(&format!(
                "## Talk {i}\n\nSee [the slides][s{i}] and [docs].\n\n"
            ));
            if i % 7 == 0 {
                text.push_str("```\n\n# not a heading\n\n```\n\n");
            }
            if i % 11 == 0 {
                text.push_str("<!--\n\n# hidden heading\n\n-->\n\n");
            }
            if i % 5 == 0 {
                text.push_str("- a list\n\n  more of it\n# right after a list\n\n");
            }
        }
        for i in 0..40 {
            text.push_str(&format!("[s{i}]: https://example.com/{i}\n"));
        }
        text.push_str("[docs]:\n  https://example.com/docs\n  \"Docs\"\n");
        same_as_whole(&text);
        assert!(safe_cuts(&text, 0, 4).is_some());
    }

    #[test]
    fn every_corpus_file_parses_the_same_in_pieces() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/data/corpus");
        let Ok(entries) = std::fs::read_dir(&dir) else {
            return; // The corpus tests say when the corpus is missing.
        };
        let mut files = 0;
        for entry in entries.flatten() {
            if let Ok(text) = std::fs::read_to_string(entry.path()) {
                same_as_whole(&text);
                files += 1;
            }
        }
        assert!(files >= 15, "{files} corpus files");
    }

    #[test]
    fn an_open_fence_at_the_end_keeps_one_piece() {
        let text = "# A\n\ntext\n\n# B\n\n```\n# C\n\n# D\n";
        assert!(safe_cuts(text, 0, 2).is_none());
        same_as_whole(text);
    }
}
