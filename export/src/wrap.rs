//! Line breaking of styled spans with the real advance widths of the fonts.

use crate::fonts::{Face, FontSet};
use talk_notes::{Span, Style};

/// The longest link address kept clickable, in bytes (beyond what web servers accept). A
/// longer one is drawn as plain text: each line of a link carries its whole address, so a
/// 2 MB address drawn over 25,000 lines would write 50 GB.
pub const MAX_LINK_BYTES: usize = 8192;

/// `link`, when it is short enough to stay clickable.
fn usable(link: &Option<String>) -> Option<String> {
    link.as_ref().filter(|l| l.len() <= MAX_LINK_BYTES).cloned()
}

/// A piece of a line: text with one style and link, and where it starts.
#[derive(Debug, Clone, PartialEq)]
pub struct Piece {
    /// The text (spaces between words included).
    pub text: String,
    /// Inline style.
    pub style: Style,
    /// Link destination, if any.
    pub link: Option<String>,
    /// Left offset from the start of the line, in points.
    pub x: f32,
    /// Width in points.
    pub width: f32,
}

/// One wrapped line.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct WrappedLine {
    /// The pieces, left to right.
    pub pieces: Vec<Piece>,
    /// Total width in points.
    pub width: f32,
}

/// The face a style is drawn in, starting from `base` (regular or bold).
pub fn face_for(style: Style, base: Face) -> Face {
    if style.code {
        Face::Mono
    } else if style.bold || base == Face::Bold {
        Face::Bold
    } else if style.italic {
        Face::Italic
    } else {
        base
    }
}

/// One word: consecutive non-space parts (a word may change style, as in `**bold**,`).
struct Word {
    parts: Vec<(String, Style, Option<String>)>,
    space_before: Option<(Style, Option<String>)>,
    hard_break_before: bool,
}

/// Whitespace a line may break at (not the no-break spaces, which belong to their word).
fn is_breaking_space(c: char) -> bool {
    c.is_whitespace() && !matches!(c, '\u{a0}' | '\u{2007}' | '\u{202f}')
}

/// The spans cut at the break opportunities of the Unicode line breaking algorithm (UAX #14):
/// after spaces, between CJK characters (not before closing punctuation such as `。`), after
/// hyphens and slashes of URLs. Each piece is a [`Word`]; hard breaks are kept.
fn words(spans: &[Span]) -> Vec<Word> {
    let mut words: Vec<Word> = Vec::new();
    let mut pending_space: Option<(Style, Option<String>)> = None;
    let mut pending_break = false;
    let mut run: Vec<&Span> = Vec::new();
    for span in spans {
        if span.is_line_break() {
            run_words(&run, &mut words, &mut pending_space, &mut pending_break);
            run.clear();
            pending_break = true;
            pending_space = None;
        } else {
            run.push(span);
        }
    }
    run_words(&run, &mut words, &mut pending_space, &mut pending_break);
    words
}

/// Appends the words of a run of spans without hard breaks.
fn run_words(
    run: &[&Span],
    words: &mut Vec<Word>,
    pending_space: &mut Option<(Style, Option<String>)>,
    pending_break: &mut bool,
) {
    let mut text = String::new();
    let mut starts = Vec::with_capacity(run.len());
    for span in run {
        starts.push(text.len());
        text.push_str(&span.text);
    }
    // The span holding byte `at` of `text`.
    let span_at = |at: usize| starts.partition_point(|s| *s <= at).saturating_sub(1);
    let mut from = 0;
    for (to, _) in unicode_linebreak::linebreaks(&text) {
        let segment = &text[from..to];
        let lead = segment.len() - segment.trim_start_matches(is_breaking_space).len();
        let content = segment[lead..].trim_end_matches(is_breaking_space);
        let (a, b) = (from + lead, from + lead + content.len());
        if lead > 0 && !words.is_empty() {
            let span = run[span_at(from)];
            pending_space.get_or_insert_with(|| (span.style, usable(&span.link)));
        }
        if a < b {
            let mut parts: Vec<(String, Style, Option<String>)> = Vec::new();
            let mut at = a;
            while at < b {
                let index = span_at(at);
                let end = starts.get(index + 1).copied().unwrap_or(text.len()).min(b);
                let span = run[index];
                if end > at {
                    match parts.last_mut() {
                        Some((t, style, link))
                            if *style == span.style && *link == usable(&span.link) =>
                        {
                            t.push_str(&text[at..end])
                        }
                        _ => {
                            parts.push((text[at..end].to_string(), span.style, usable(&span.link)))
                        }
                    }
                }
                if end <= at {
                    break;
                }
                at = end;
            }
            words.push(Word {
                parts,
                space_before: pending_space.take(),
                hard_break_before: std::mem::take(pending_break),
            });
        }
        if b < to && !words.is_empty() {
            let span = run[span_at(b)];
            pending_space.get_or_insert_with(|| (span.style, usable(&span.link)));
        }
        from = to;
    }
}

/// Breaks `spans` into lines no wider than `width` points at `size`, breaking between words and
/// inside a word only when the word alone is wider than a line. Hard breaks are kept.
pub fn wrap(
    fonts: &FontSet,
    spans: &[Span],
    base: Face,
    size: f32,
    width: f32,
) -> Vec<WrappedLine> {
    let mut lines: Vec<WrappedLine> = vec![WrappedLine::default()];
    for word in words(spans) {
        if word.hard_break_before && !lines.last().is_some_and(|l| l.pieces.is_empty()) {
            lines.push(WrappedLine::default());
        }
        let word_width: f32 = word
            .parts
            .iter()
            .map(|(t, s, _)| fonts.width(t, face_for(*s, base), size))
            .sum();
        let Some(line) = lines.last_mut() else {
            continue;
        };
        let space = match (&word.space_before, line.pieces.is_empty()) {
            (Some((style, _)), false) => fonts.width(" ", face_for(*style, base), size),
            _ => 0.0,
        };
        if !line.pieces.is_empty() && line.width + space + word_width > width {
            lines.push(WrappedLine::default());
        } else if space > 0.0 {
            if let Some((style, link)) = &word.space_before {
                push_text(line, " ", *style, link, space);
            }
        }
        let fits_alone = word_width <= width;
        for (text, style, link) in word.parts {
            let face = face_for(style, base);
            if fits_alone {
                let w = fonts.width(&text, face, size);
                if let Some(line) = lines.last_mut() {
                    push_text(line, &text, style, &link, w);
                }
                continue;
            }
            // A word longer than a whole line (a URL, a hash): break it between characters.
            for c in text.chars() {
                let w = fonts.advance(c, face, size);
                let needs_new = lines
                    .last()
                    .is_some_and(|l| !l.pieces.is_empty() && l.width + w > width);
                if needs_new {
                    lines.push(WrappedLine::default());
                }
                if let Some(line) = lines.last_mut() {
                    let mut buf = [0u8; 4];
                    push_text(line, c.encode_utf8(&mut buf), style, &link, w);
                }
            }
        }
    }
    if lines.len() > 1 && lines.last().is_some_and(|l| l.pieces.is_empty()) {
        lines.pop();
    }
    lines
}

fn push_text(line: &mut WrappedLine, text: &str, style: Style, link: &Option<String>, width: f32) {
    match line.pieces.last_mut() {
        Some(last) if last.style == style && last.link == *link => {
            last.text.push_str(text);
            last.width += width;
        }
        _ => line.pieces.push(Piece {
            text: text.to_string(),
            style,
            link: link.clone(),
            x: line.width,
            width,
        }),
    }
    line.width += width;
}

/// Breaks one line of code into pieces no wider than `width`, between characters.
pub fn wrap_code(fonts: &FontSet, line: &str, size: f32, width: f32) -> Vec<String> {
    let mut out = vec![String::new()];
    let mut current = 0.0;
    for c in line.chars() {
        let w = fonts.advance(c, Face::Mono, size);
        if current + w > width && out.last().is_some_and(|l| !l.is_empty()) {
            out.push(String::new());
            current = 0.0;
        }
        current += w;
        if let Some(last) = out.last_mut() {
            last.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fonts() -> FontSet {
        FontSet::load(&[]).expect("fonts")
    }

    fn text_of(line: &WrappedLine) -> String {
        line.pieces.iter().map(|p| p.text.as_str()).collect()
    }

    #[test]
    fn wraps_between_words_within_the_width() {
        let f = fonts();
        let spans = [Span::plain(
            "the quick brown fox jumps over the lazy dog ".repeat(5),
        )];
        let width = 200.0;
        let lines = wrap(&f, &spans, Face::Regular, 12.0, width);
        assert!(lines.len() > 3);
        for line in &lines {
            assert!(line.width <= width + 0.01, "{} > {width}", line.width);
            let t = text_of(line);
            assert!(!t.starts_with(' ') && !t.ends_with(' '), "{t:?}");
            // Measured width equals the sum of the real advances.
            assert!((f.width(&t, Face::Regular, 12.0) - line.width).abs() < 0.01);
        }
        let joined: Vec<String> = lines.iter().map(text_of).collect();
        assert_eq!(
            joined.join(" ").split_whitespace().count(),
            spans[0].text.split_whitespace().count()
        );
    }

    #[test]
    fn keeps_styles_links_and_hard_breaks() {
        let f = fonts();
        let bold = Style {
            bold: true,
            ..Style::default()
        };
        let spans = vec![
            Span::plain("see "),
            Span {
                text: "the docs".into(),
                style: bold,
                link: Some("https://example.com".into()),
            },
            Span::plain(", then"),
            Span::plain("\n"),
            Span::plain("next line"),
        ];
        let lines = wrap(&f, &spans, Face::Regular, 12.0, 500.0);
        assert_eq!(lines.len(), 2);
        assert_eq!(text_of(&lines[0]), "see the docs, then");
        let link = &lines[0].pieces[1];
        assert_eq!(link.text, "the docs");
        assert_eq!(link.link.as_deref(), Some("https://example.com"));
        assert!(link.x > 0.0);
        assert_eq!(text_of(&lines[1]), "next line");
    }

    #[test]
    fn a_word_longer_than_the_line_is_split_not_clipped() {
        let f = fonts();
        let url = "https://example.com/".to_string() + &"x".repeat(200);
        let lines = wrap(&f, &[Span::plain(url.clone())], Face::Regular, 12.0, 150.0);
        assert!(lines.len() > 1);
        let joined: String = lines.iter().map(text_of).collect();
        assert_eq!(joined, url);
        assert!(lines.iter().all(|l| l.width <= 150.01));
    }

    #[test]
    fn cjk_breaks_between_characters_but_not_before_closing_punctuation() {
        let f = fonts();
        let text = "日本語のテキストは空白なしで書かれます。句読点の前では改行しません。".repeat(4);
        let lines = wrap(&f, &[Span::plain(text.clone())], Face::Regular, 12.0, 150.0);
        assert!(lines.len() > 3, "{lines:?}");
        let joined: String = lines.iter().map(text_of).collect();
        assert_eq!(joined, text);
        for line in &lines {
            assert!(line.width <= 150.01);
            assert!(
                !text_of(line).starts_with(['。', '、']),
                "{:?}",
                text_of(line)
            );
        }
        // Lines are filled: each but the last holds nearly a full width.
        for line in &lines[..lines.len() - 1] {
            assert!(line.width > 150.0 - 2.0 * f.width("。", Face::Regular, 12.0) - 12.0);
        }
    }

    #[test]
    fn urls_break_after_slashes_and_no_break_spaces_hold() {
        let f = fonts();
        let url =
            "https://example.com/assets/event/kubernetes-is-not-for-developers/presentation.pdf";
        let lines = wrap(&f, &[Span::plain(url)], Face::Regular, 12.0, 200.0);
        assert!(lines.len() > 1);
        assert_eq!(lines.iter().map(text_of).collect::<String>(), url);
        for line in &lines[..lines.len() - 1] {
            let t = text_of(line);
            assert!(t.ends_with('/') || t.ends_with('-'), "{t:?}");
        }
        let spans = [Span::plain("a 10\u{a0}km run ".repeat(20))];
        for line in wrap(&f, &spans, Face::Regular, 12.0, 100.0) {
            let t = text_of(&line);
            assert!(!t.ends_with("10") && !t.starts_with("km"), "{t:?}");
        }
    }

    #[test]
    fn code_lines_wrap_by_character() {
        let f = fonts();
        let parts = wrap_code(&f, &"a".repeat(100), 10.0, 100.0);
        assert!(parts.len() > 1);
        assert_eq!(parts.concat(), "a".repeat(100));
        assert_eq!(wrap_code(&f, "", 10.0, 100.0), vec![String::new()]);
    }
}
