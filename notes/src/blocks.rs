//! Markdown to a flat list of top-level headings and blocks, with source lines.
//!
//! This is the only place that talks to pulldown-cmark: this file drives the parser and keeps
//! the state; [`containers`] turns each container into a block, [`inline`] collects the styled
//! text inside them, and [`line_index`] gives every item its source lines. Deciding which
//! headings are talks is [`crate::roles`]' job.

mod containers;
mod html;
mod inline;
mod line_index;
mod spans;

pub use line_index::{line_at, LineIndex};
pub use spans::spans_text;

use crate::model::{Block, Image, List, ListItem, Span, StyledText, Table};
use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

/// A top-level piece of the document.
#[derive(Debug, Clone, PartialEq)]
pub enum Item {
    /// A heading at the top level of the document.
    Heading {
        /// Level 1–6.
        level: u8,
        /// The heading's text.
        spans: StyledText,
    },
    /// Any other top-level block.
    Block(Block),
}

/// An item with its 1-based first and last source lines.
#[derive(Debug, Clone, PartialEq)]
pub struct Located {
    /// The item.
    pub item: Item,
    /// First line.
    pub line: usize,
    /// Last line (inclusive).
    pub end_line: usize,
}

/// A link found anywhere in the document, in source order: a [`Link`](crate::model::Link)
/// whose label is the link text (the URL for bare URLs) and whose address is as written
/// (reference definitions resolved); its kind is read once it is a talk's. One string a link
/// (40 bytes), which the talk that holds the link then keeps as it is.
pub type RawLink = crate::model::Link;

/// A stretch of the document: its items and links.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Piece {
    /// Top-level headings and blocks, in order.
    pub items: Vec<Located>,
    /// Every link, in order.
    pub links: Vec<RawLink>,
}

/// The document as items and links, in the pieces it was parsed in (one for a small file). The
/// pieces are never joined into one list: the conference is poured from them one after the
/// other, and each piece's lists are freed once read, so a big file's items are not held twice.
#[derive(Debug, Default)]
pub struct Document {
    /// The pieces, in document order.
    pub pieces: Vec<Piece>,
}

impl Document {
    /// Every top-level item, in order.
    pub fn items(&self) -> impl Iterator<Item = &Located> {
        self.pieces.iter().flat_map(|p| &p.items)
    }

    /// Every top-level item, in order, to change.
    pub fn items_mut(&mut self) -> impl Iterator<Item = &mut Located> {
        self.pieces.iter_mut().flat_map(|p| &mut p.items)
    }

    /// Every link, in order.
    pub fn links(&self) -> impl Iterator<Item = &RawLink> {
        self.pieces.iter().flat_map(|p| &p.links)
    }
}

/// The Markdown extensions notes use: tables, strikethrough, task lists.
pub fn markdown_options() -> Options {
    let mut options = Options::empty();
    options.insert(Options::ENABLE_TABLES);
    options.insert(Options::ENABLE_STRIKETHROUGH);
    options.insert(Options::ENABLE_TASKLISTS);
    options
}

/// Parses `text[body_start..]` (the part after any front matter) into items and links.
pub fn parse_document(text: &str, body_start: usize) -> Document {
    parse_from_line(&text[body_start..], line_at(text, body_start))
}

/// Parses `body`, whose first line is line `first_line` of its file, into items and links.
pub(crate) fn parse_from_line(body: &str, first_line: usize) -> Document {
    let lines = LineIndex::new(body, first_line);
    let mut builder = Builder::default();
    for (event, range) in Parser::new_ext(body, markdown_options()).into_offset_iter() {
        let start_line = lines.line(range.start);
        // A range ends after its last byte, which is often the newline itself.
        let end_line = lines.line(range.end.saturating_sub(1));
        builder.event(event, start_line, end_line.max(start_line));
    }
    builder.finish()
}

/// The deepest quotes and lists are kept as they are written: a quote, list or list item
/// opened deeper than this is read as the one it is in (its text kept, one paragraph for each
/// of its items). No notes nest so deep; a file that does (10,000 `>` in a row) would otherwise
/// make every reader of the blocks (dropping them included) recurse as deep, past the stack.
pub const MAX_NESTING: usize = 32;

/// A container being filled while its events arrive.
enum Open {
    Quote(Vec<Block>),
    List(Option<u64>, Vec<ListItem>),
    Item(Option<bool>, Vec<Block>),
    Table(Table, Vec<StyledText>),
}

#[derive(Default)]
struct Builder {
    doc: Piece,
    open: Vec<Open>,
    /// Line where the current top-level item started.
    top_line: usize,
    spans: Vec<Span>,
    bold: usize,
    italic: usize,
    strike: usize,
    /// Open links: destination, title, where their text starts in `spans`, line.
    links: Vec<(String, String, usize, usize)>,
    /// Open image: destination, title, alt text so far.
    image: Option<(String, String, String)>,
    code: Option<(Option<String>, String)>,
    html: Option<String>,
    heading: Option<u8>,
    /// Images of the current paragraph, placed after it.
    pending_images: Vec<Image>,
    /// Whether the current paragraph has text other than image alt text.
    paragraph_has_text: bool,
    /// Quotes, lists and items open past [`MAX_NESTING`], read as the container they are in.
    flattened: usize,
}

impl Builder {
    fn event(&mut self, event: Event<'_>, line: usize, end_line: usize) {
        if self.open.is_empty() && self.heading.is_none() && self.is_block_start(&event) {
            self.top_line = line;
        }
        if let Some(code) = &mut self.code {
            match event {
                Event::Text(t) => code.1.push_str(&t),
                Event::End(TagEnd::CodeBlock) => {
                    if let Some((lang, mut text)) = self.code.take() {
                        while text.ends_with('\n') {
                            text.pop();
                        }
                        self.push_block(
                            Block::Code {
                                lang: lang.map(String::into_boxed_str),
                                text: text.into_boxed_str(),
                            },
                            end_line,
                        );
                    }
                }
                _ => {}
            }
            return;
        }
        if let Some(html) = &mut self.html {
            match event {
                Event::Html(t) | Event::Text(t) => html.push_str(&t),
                Event::End(TagEnd::HtmlBlock) => {
                    let source = self.html.take().unwrap_or_default();
                    for block in html::blocks(&source) {
                        self.collect_block_links(&block, line);
                        self.push_block(block, end_line);
                    }
                }
                _ => {}
            }
            return;
        }
        match event {
            Event::Start(Tag::BlockQuote(_) | Tag::List(_) | Tag::Item)
                if self.flattened > 0 || self.open.len() >= MAX_NESTING =>
            {
                // Every container opened while some are flattened is flattened too, so the
                // next `flattened` ends are theirs.
                self.flush_inline();
                self.flattened += 1;
            }
            Event::End(TagEnd::BlockQuote(_) | TagEnd::List(_) | TagEnd::Item)
                if self.flattened > 0 =>
            {
                self.flush_inline();
                self.flattened -= 1;
            }
            Event::Start(tag) => self.start(tag, line),
            Event::End(tag) => self.end(tag, line, end_line),
            Event::Text(t) => self.text(&t, false, line),
            Event::Code(t) => self.text(&t, true, line),
            Event::InlineMath(t) | Event::DisplayMath(t) => self.text(&t, true, line),
            Event::SoftBreak => self.text(" ", false, line),
            Event::HardBreak => {
                if self.image.is_none() {
                    self.spans.push(Span::plain("\n"));
                }
            }
            Event::Html(t) | Event::InlineHtml(t) => self.inline_html(&t, line),
            Event::Rule => self.push_block(Block::Rule, end_line),
            Event::TaskListMarker(done) => {
                if let Some(Open::Item(checked, _)) = self.open.last_mut() {
                    *checked = Some(done);
                }
            }
            Event::FootnoteReference(name) => self.text(&format!("[^{name}]"), false, line),
        }
    }

    fn is_block_start(&self, event: &Event<'_>) -> bool {
        match event {
            Event::Start(tag) => !matches!(
                tag,
                Tag::Emphasis
                    | Tag::Strong
                    | Tag::Strikethrough
                    | Tag::Link { .. }
                    | Tag::Image { .. }
                    | Tag::Superscript
                    | Tag::Subscript
            ),
            Event::Rule | Event::Html(_) => true,
            _ => false,
        }
    }

    fn push_block(&mut self, block: Block, end_line: usize) {
        match self.open.last_mut() {
            Some(Open::Quote(blocks)) | Some(Open::Item(_, blocks)) => blocks.push(block),
            Some(Open::List(_, items)) => items.push(ListItem {
                checked: None,
                blocks: vec![block].into(),
            }),
            Some(Open::Table(..)) => {}
            None => self.doc.items.push(Located {
                item: Item::Block(block),
                line: self.top_line,
                end_line: end_line.max(self.top_line),
            }),
        }
    }

    fn finish(mut self) -> Document {
        self.flush_inline();
        while let Some(open) = self.open.pop() {
            let block = match open {
                Open::Quote(blocks) => Block::Quote { blocks },
                Open::List(start, items) => Block::List(List {
                    start,
                    items: items.into_boxed_slice(),
                }),
                Open::Item(checked, blocks) => Block::List(List {
                    start: None,
                    items: Box::new([ListItem {
                        checked,
                        blocks: blocks.into(),
                    }]),
                }),
                Open::Table(table, _) => Block::Table(Box::new(table)),
            };
            let line = self.top_line;
            self.push_block(block, line);
        }
        // The items are held until the talks are poured: no room kept for more.
        self.doc.items.shrink_to_fit();
        Document {
            pieces: vec![self.doc],
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::model::Block;
    use crate::{parse_conference, ParseOptions};
    use std::path::Path;

    /// How deep quotes and lists nest in `blocks`.
    fn depth(blocks: &[Block]) -> usize {
        let mut deepest = 0;
        let mut level: Vec<(&[Block], usize)> = vec![(blocks, 0)];
        while let Some((blocks, d)) = level.pop() {
            deepest = deepest.max(d);
            for block in blocks {
                match block {
                    Block::Quote { blocks } => level.push((blocks, d + 1)),
                    Block::List(list) => {
                        for item in list.items.iter() {
                            level.push((&item.blocks[..], d + 1));
                        }
                    }
                    _ => {}
                }
            }
        }
        deepest
    }

    #[test]
    fn quotes_and_lists_nested_thousands_deep_keep_their_text_within_a_bounded_depth() {
        for deep in [
            format!("{} deep quote text", ">".repeat(100_000)),
            format!("{}deep list text", "- ".repeat(50_000)),
            (0..3_000)
                .map(|i| format!("{}- item {i}\n", "  ".repeat(i)))
                .collect::<String>(),
        ] {
            let text = format!("# Conf\n\n## Deep\n\n{deep}\n\n## After\n\nafter text\n");
            let conference =
                parse_conference(&text, Path::new("deep.md"), &ParseOptions::default());
            let titles: Vec<&str> = conference.talks.iter().map(|t| t.title.as_str()).collect();
            assert_eq!(titles, ["Deep", "After"]);
            let deep = &conference.talks[0];
            assert!(
                depth(&deep.blocks) <= super::MAX_NESTING,
                "{}",
                depth(&deep.blocks)
            );
            let words = crate::text::summarize(&deep.blocks, 100_000);
            assert!(
                words.contains("deep quote text")
                    || words.contains("deep list text")
                    || (words.contains("item 0") && words.contains("item 2999")),
                "{}",
                &words[..words.len().min(300)]
            );
        }
    }
}
