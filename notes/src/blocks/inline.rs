//! Running text inside a block: styled spans, links, images inside text, inline HTML, and bare
//! URLs that become links.

use super::html;
use super::spans::trim_spans;
use super::{Builder, Open, RawLink};
use crate::model::{Block, Image, Span, Style, StyledText};
use linkify::{LinkFinder, LinkKind};

impl Builder {
    fn style(&self, code: bool) -> Style {
        Style {
            bold: self.bold > 0,
            italic: self.italic > 0,
            code,
            strike: self.strike > 0,
        }
    }

    pub(super) fn text(&mut self, text: &str, code: bool, line: usize) {
        if let Some((_, _, alt)) = &mut self.image {
            alt.push_str(text);
            return;
        }
        if !text.trim().is_empty() {
            self.paragraph_has_text = true;
        }
        let style = self.style(code);
        let link = self.links.last().map(|(url, ..)| url.clone());
        // Most runs hold no address: they skip the link finder (an allocation per run).
        if link.is_some() || code || !text.contains("://") {
            push_span(&mut self.spans, text, style, link);
            return;
        }
        // Bare URLs become links, so that they are clickable and classified.
        for (piece, is_url) in bare_urls(text) {
            if !is_url {
                push_span(&mut self.spans, piece, style, None);
                continue;
            }
            push_span(&mut self.spans, piece, style, Some(piece.to_string()));
            self.doc.links.push(RawLink::new(
                piece,
                piece,
                "",
                crate::model::LinkKind::Other,
                line,
            ));
        }
    }

    /// An image inside running text. In a heading or table cell it reads as its alt text. In a
    /// paragraph its alt text stays in place and the image follows the paragraph as a block of
    /// its own; a paragraph of nothing but images becomes just the image blocks.
    pub(super) fn inline_image(&mut self, image: Image, line: usize) {
        let in_table = matches!(self.open.last(), Some(Open::Table(..)));
        let alt = image.alt.clone();
        let had_text = self.paragraph_has_text;
        self.text(&alt, false, line);
        self.paragraph_has_text = had_text;
        if self.heading.is_none() && !in_table {
            self.pending_images.push(image);
        }
    }

    pub(super) fn inline_html(&mut self, source: &str, line: usize) {
        let tag = source.trim().to_ascii_lowercase();
        if tag.starts_with("<br") {
            self.spans.push(Span::plain("\n"));
        } else if tag.starts_with("<img") || tag.starts_with("<video") || tag.starts_with("<source")
        {
            for block in html::blocks(source) {
                match block {
                    Block::Image(image) => self.inline_image(*image, line),
                    other => {
                        self.collect_block_links(&other, line);
                        self.flush_inline();
                        self.push_block(other, line);
                    }
                }
            }
        }
        // Other inline tags (`<a name=...>`, `<span>`, `<kbd>`) carry no text of their own.
    }

    /// Records the links of a block made from HTML, which pulldown-cmark did not report.
    pub(super) fn collect_block_links(&mut self, block: &Block, line: usize) {
        if let Block::Paragraph { spans } = block {
            for span in spans {
                if let Some(url) = span.link {
                    self.doc.links.push(RawLink::new(
                        span.text.trim(),
                        url,
                        "",
                        crate::model::LinkKind::Other,
                        line,
                    ));
                }
            }
        }
    }

    pub(super) fn flush_inline(&mut self) {
        let line = self.top_line;
        self.flush_inline_at(line);
    }

    pub(super) fn flush_inline_at(&mut self, end_line: usize) {
        let mut spans = trim_spans(&mut self.spans);
        if !self.paragraph_has_text && !self.pending_images.is_empty() {
            spans = StyledText::new();
        }
        self.paragraph_has_text = false;
        if !spans.is_empty() {
            self.push_block(Block::Paragraph { spans }, end_line);
        }
        for image in std::mem::take(&mut self.pending_images) {
            self.push_block(Block::Image(Box::new(image)), end_line);
        }
    }
}

/// Appends text to the last span when it has the same style and link, else starts a span.
fn push_span(spans: &mut Vec<Span>, text: &str, style: Style, link: Option<String>) {
    if text.is_empty() {
        return;
    }
    if let Some(last) = spans.last_mut() {
        if last.style == style && last.link == link && !last.is_line_break() {
            last.text.push_str(text);
            return;
        }
    }
    spans.push(Span {
        text: text.to_string(),
        style,
        link,
    });
}

/// Cuts `text` into pieces, each flagged when it is a bare `http://` or `https://` address.
/// linkify leaves sentence punctuation and unbalanced brackets out of the addresses.
fn bare_urls(text: &str) -> impl Iterator<Item = (&str, bool)> {
    let mut finder = LinkFinder::new();
    finder.kinds(&[LinkKind::Url]);
    finder.spans(text).flat_map(|span| {
        let piece = span.as_str();
        // linkify reads letters glued to the scheme as part of it (`Slides-https://x.io` has the
        // scheme `slides-https`): the web address starts at its own `http`.
        let web = span.kind().and(
            ["https://", "http://"]
                .iter()
                .filter_map(|scheme| piece.find(scheme))
                .min(),
        );
        let (text, url) = piece.split_at(web.unwrap_or(piece.len()));
        [(text, false), (url, true)]
            .into_iter()
            .filter(|(piece, _)| !piece.is_empty())
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Block;

    /// Fails on the first vector of the model that keeps room for more than it holds.
    fn assert_tight(blocks: &Vec<Block>) {
        assert_eq!(blocks.capacity(), blocks.len(), "{blocks:?}");
        assert_inside_tight(blocks);
    }

    /// Fails on the first vector inside `blocks` that keeps room for more than it holds (a
    /// list item's blocks are a boxed slice or one block, which keep none).
    fn assert_inside_tight(blocks: &[Block]) {
        for block in blocks {
            match block {
                Block::Heading { .. } | Block::Paragraph { .. } => {}
                Block::List(list) => {
                    list.items
                        .iter()
                        .for_each(|i| assert_inside_tight(&i.blocks));
                }
                Block::Quote { blocks } => assert_tight(blocks),
                Block::Table(table) => {
                    assert_eq!(table.rows.capacity(), table.rows.len());
                    for row in std::iter::once(&table.header).chain(&table.rows) {
                        assert_eq!(row.capacity(), row.len());
                    }
                }
                Block::Code { .. } | Block::Image(_) | Block::Rule => {}
            }
        }
    }

    #[test]
    fn the_model_keeps_no_room_for_blocks_and_spans_never_written() {
        let text = "# Conf\n\n## Short talk\n\nOne plain paragraph.\n\n\
            ## Talk\n\nSome **bold** text.\n\n- one item\n- two *items*\n  - nested\n\n\
            > quoted\n\n| a | b |\n| - | - |\n| 1 | 2 |\n| 3 | 4 |\n| 5 | 6 |\n";
        let conference = crate::parse_conference(text, "c.md".as_ref(), &Default::default());
        assert_eq!(conference.talks.len(), 2);
        for talk in &conference.talks {
            assert_tight(&talk.blocks);
        }
    }

    #[test]
    fn bare_urls_are_split_from_sentence_punctuation() {
        let pieces = |text| bare_urls(text).collect::<Vec<_>>();
        assert_eq!(
            pieces("see https://a.io/x. Then"),
            [("see ", false), ("https://a.io/x", true), (". Then", false)]
        );
        assert_eq!(
            pieces("(https://en.wikipedia.org/wiki/Rust_(language))"),
            [
                ("(", false),
                ("https://en.wikipedia.org/wiki/Rust_(language)", true),
                (")", false)
            ]
        );
        assert_eq!(pieces("no url here"), [("no url here", false)]);
        assert_eq!(
            pieces("https:// and https://b.io"),
            [("https:// and ", false), ("https://b.io", true)]
        );
        assert_eq!(pieces("ftp://f.io"), [("ftp://f.io", false)]);
        assert_eq!(
            pieces("Slides-https://s.io/a, video"),
            [
                ("Slides-", false),
                ("https://s.io/a", true),
                (", video", false)
            ]
        );
    }
}
