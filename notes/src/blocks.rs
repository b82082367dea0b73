//! Markdown to a flat list of top-level headings and blocks, with source lines.
//!
//! This is the only place that talks to pulldown-cmark. Deciding which headings are talks is
//! [`crate::structure`]'s job.

use crate::html;
use crate::model::{Alignment, Block, Image, List, ListItem, Span, Style, Table};
use linkify::{LinkFinder, LinkKind};
use pulldown_cmark::{CodeBlockKind, Event, HeadingLevel, Options, Parser, Tag, TagEnd};

/// A top-level piece of the document.
#[derive(Debug, Clone, PartialEq)]
pub enum Item {
    /// A heading at the top level of the document.
    Heading {
        /// Level 1–6.
        level: u8,
        /// The heading's text.
        spans: Vec<Span>,
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

/// A link found anywhere in the document, in source order.
#[derive(Debug, Clone, PartialEq)]
pub struct RawLink {
    /// Link text, or the URL for bare URLs.
    pub label: String,
    /// Destination as written (reference definitions resolved).
    pub url: String,
    /// Title (tooltip) of the link, or empty.
    pub title: String,
    /// 1-based line of the link.
    pub line: usize,
}

/// The document as items and links.
#[derive(Debug, Default)]
pub struct Document {
    /// Top-level headings and blocks, in order.
    pub items: Vec<Located>,
    /// Every link, in order.
    pub links: Vec<RawLink>,
}

/// Maps byte offsets of the whole file to 1-based line numbers.
pub struct LineIndex {
    starts: Vec<usize>,
    /// The line of the last lookup: parse events arrive in nearly increasing order.
    last: std::cell::Cell<usize>,
}

impl LineIndex {
    /// Indexes the line starts of `text`.
    pub fn new(text: &str) -> Self {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        LineIndex {
            starts,
            last: std::cell::Cell::new(0),
        }
    }

    /// The 1-based line holding byte `offset`.
    pub fn line(&self, offset: usize) -> usize {
        let holds = |i: usize| {
            self.starts[i] <= offset && self.starts.get(i + 1).is_none_or(|&next| offset < next)
        };
        let last = self.last.get();
        let index = if holds(last) {
            last
        } else if last + 1 < self.starts.len() && holds(last + 1) {
            last + 1
        } else {
            match self.starts.binary_search(&offset) {
                Ok(i) => i,
                Err(i) => i - 1,
            }
        };
        self.last.set(index);
        index + 1
    }
}

/// Parses `text[body_start..]` (the part after any front matter) into items and links.
pub fn parse_document(text: &str, body_start: usize) -> Document {
    let lines = LineIndex::new(text);
    let body = &text[body_start..];
    let mut options = Options::empty();
    options.insert(Options::ENABLE_TABLES);
    options.insert(Options::ENABLE_STRIKETHROUGH);
    options.insert(Options::ENABLE_TASKLISTS);
    let mut builder = Builder::default();
    for (event, range) in Parser::new_ext(body, options).into_offset_iter() {
        let start_line = lines.line(body_start + range.start);
        // A range ends after its last byte, which is often the newline itself.
        let end_line = lines.line((body_start + range.end).saturating_sub(1).max(body_start));
        builder.event(event, start_line, end_line.max(start_line));
    }
    builder.finish()
}

/// A container being filled while its events arrive.
enum Open {
    Quote(Vec<Block>),
    List(Option<u64>, Vec<ListItem>),
    Item(Option<bool>, Vec<Block>),
    Table(Table, Vec<Vec<Span>>),
}

#[derive(Default)]
struct Builder {
    doc: Document,
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
}

impl Builder {
    fn style(&self, code: bool) -> Style {
        Style {
            bold: self.bold > 0,
            italic: self.italic > 0,
            code,
            strike: self.strike > 0,
        }
    }

    fn text(&mut self, text: &str, code: bool, line: usize) {
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
            self.doc.links.push(RawLink {
                label: piece.to_string(),
                url: piece.to_string(),
                title: String::new(),
                line,
            });
        }
    }

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
                        self.push_block(Block::Code { lang, text }, end_line);
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

    fn start(&mut self, tag: Tag<'_>, line: usize) {
        match tag {
            Tag::Paragraph => self.flush_inline(),
            Tag::Heading { level, .. } => {
                self.flush_inline();
                self.heading = Some(heading_level(level));
            }
            Tag::BlockQuote(_) => {
                self.flush_inline();
                self.open.push(Open::Quote(Vec::new()));
            }
            Tag::CodeBlock(kind) => {
                self.flush_inline();
                let lang = match kind {
                    CodeBlockKind::Fenced(info) => info
                        .split([' ', ',', '{'])
                        .next()
                        .filter(|l| !l.is_empty())
                        .map(str::to_string),
                    CodeBlockKind::Indented => None,
                };
                self.code = Some((lang, String::new()));
            }
            Tag::HtmlBlock => {
                self.flush_inline();
                self.html = Some(String::new());
            }
            Tag::List(start) => {
                self.flush_inline();
                self.open.push(Open::List(start, Vec::new()));
            }
            Tag::Item => self.open.push(Open::Item(None, Vec::new())),
            Tag::Table(alignments) => {
                self.flush_inline();
                let alignments = alignments.into_iter().map(alignment).collect();
                let table = Table {
                    alignments,
                    header: Vec::new(),
                    rows: Vec::new(),
                };
                self.open.push(Open::Table(table, Vec::new()));
            }
            Tag::TableHead | Tag::TableRow | Tag::TableCell => self.spans.clear(),
            Tag::Emphasis => self.italic += 1,
            Tag::Strong => self.bold += 1,
            Tag::Strikethrough => self.strike += 1,
            Tag::Link {
                dest_url, title, ..
            } => {
                self.links.push((
                    dest_url.to_string(),
                    title.to_string(),
                    self.spans.len(),
                    line,
                ));
            }
            Tag::Image {
                dest_url, title, ..
            } => {
                self.image = Some((dest_url.to_string(), title.to_string(), String::new()));
            }
            _ => {}
        }
    }

    fn end(&mut self, tag: TagEnd, line: usize, end_line: usize) {
        match tag {
            TagEnd::Paragraph => self.flush_inline_at(end_line),
            TagEnd::Heading(_) => {
                let level = self.heading.take().unwrap_or(1);
                let spans = trim_spans(std::mem::take(&mut self.spans));
                if self.open.is_empty() {
                    self.doc.items.push(Located {
                        item: Item::Heading { level, spans },
                        line: self.top_line,
                        end_line,
                    });
                } else {
                    self.push_block(Block::Heading { level, spans }, end_line);
                }
            }
            TagEnd::BlockQuote(_) => {
                self.flush_inline();
                if let Some(Open::Quote(blocks)) = self.open.pop() {
                    self.push_block(Block::Quote { blocks }, end_line);
                }
            }
            TagEnd::List(_) => {
                if let Some(Open::List(start, items)) = self.open.pop() {
                    self.push_block(Block::List(List { start, items }), end_line);
                }
            }
            TagEnd::Item => {
                self.flush_inline();
                if let Some(Open::Item(checked, blocks)) = self.open.pop() {
                    if let Some(Open::List(_, items)) = self.open.last_mut() {
                        items.push(ListItem { checked, blocks });
                    }
                }
            }
            TagEnd::TableCell => {
                let cell = trim_spans(std::mem::take(&mut self.spans));
                if let Some(Open::Table(_, row)) = self.open.last_mut() {
                    row.push(cell);
                }
            }
            TagEnd::TableHead => {
                if let Some(Open::Table(table, row)) = self.open.last_mut() {
                    table.header = std::mem::take(row);
                }
            }
            TagEnd::TableRow => {
                if let Some(Open::Table(table, row)) = self.open.last_mut() {
                    table.rows.push(std::mem::take(row));
                }
            }
            TagEnd::Table => {
                if let Some(Open::Table(table, _)) = self.open.pop() {
                    self.push_block(Block::Table(table), end_line);
                }
            }
            TagEnd::Emphasis => self.italic = self.italic.saturating_sub(1),
            TagEnd::Strong => self.bold = self.bold.saturating_sub(1),
            TagEnd::Strikethrough => self.strike = self.strike.saturating_sub(1),
            TagEnd::Link => {
                if let Some((url, title, from, link_line)) = self.links.pop() {
                    let label = self.spans[from.min(self.spans.len())..]
                        .iter()
                        .map(|s| s.text.as_str())
                        .collect::<String>();
                    self.doc.links.push(RawLink {
                        label: label.trim().to_string(),
                        url,
                        title,
                        line: link_line,
                    });
                }
            }
            TagEnd::Image => {
                if let Some((url, title, alt)) = self.image.take() {
                    self.inline_image(Image { alt, url, title }, line);
                }
            }
            _ => {}
        }
    }

    /// An image inside running text. In a heading or table cell it reads as its alt text. In a
    /// paragraph its alt text stays in place and the image follows the paragraph as a block of
    /// its own; a paragraph of nothing but images becomes just the image blocks.
    fn inline_image(&mut self, image: Image, line: usize) {
        let in_table = matches!(self.open.last(), Some(Open::Table(..)));
        let alt = image.alt.clone();
        let had_text = self.paragraph_has_text;
        self.text(&alt, false, line);
        self.paragraph_has_text = had_text;
        if self.heading.is_none() && !in_table {
            self.pending_images.push(image);
        }
    }

    fn inline_html(&mut self, source: &str, line: usize) {
        let tag = source.trim().to_ascii_lowercase();
        if tag.starts_with("<br") {
            self.spans.push(Span::plain("\n"));
        } else if tag.starts_with("<img") || tag.starts_with("<video") || tag.starts_with("<source")
        {
            for block in html::blocks(source) {
                match block {
                    Block::Image(image) => self.inline_image(image, line),
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
    fn collect_block_links(&mut self, block: &Block, line: usize) {
        if let Block::Paragraph { spans } = block {
            for span in spans {
                if let Some(url) = &span.link {
                    self.doc.links.push(RawLink {
                        label: span.text.trim().to_string(),
                        url: url.clone(),
                        title: String::new(),
                        line,
                    });
                }
            }
        }
    }

    fn flush_inline(&mut self) {
        let line = self.top_line;
        self.flush_inline_at(line);
    }

    fn flush_inline_at(&mut self, end_line: usize) {
        let mut spans = trim_spans(std::mem::take(&mut self.spans));
        if !self.paragraph_has_text && !self.pending_images.is_empty() {
            spans.clear();
        }
        self.paragraph_has_text = false;
        if !spans.is_empty() {
            self.push_block(Block::Paragraph { spans }, end_line);
        }
        for image in std::mem::take(&mut self.pending_images) {
            self.push_block(Block::Image(image), end_line);
        }
    }

    fn push_block(&mut self, block: Block, end_line: usize) {
        match self.open.last_mut() {
            Some(Open::Quote(blocks)) | Some(Open::Item(_, blocks)) => blocks.push(block),
            Some(Open::List(_, items)) => items.push(ListItem {
                checked: None,
                blocks: vec![block],
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
                Open::List(start, items) => Block::List(List { start, items }),
                Open::Item(checked, blocks) => Block::List(List {
                    start: None,
                    items: vec![ListItem { checked, blocks }],
                }),
                Open::Table(table, _) => Block::Table(table),
            };
            let line = self.top_line;
            self.push_block(block, line);
        }
        self.doc
    }
}

fn heading_level(level: HeadingLevel) -> u8 {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

fn alignment(a: pulldown_cmark::Alignment) -> Alignment {
    match a {
        pulldown_cmark::Alignment::None => Alignment::None,
        pulldown_cmark::Alignment::Left => Alignment::Left,
        pulldown_cmark::Alignment::Center => Alignment::Center,
        pulldown_cmark::Alignment::Right => Alignment::Right,
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

/// Drops leading/trailing whitespace and line breaks of a run of spans.
pub(crate) fn trim_spans(mut spans: Vec<Span>) -> Vec<Span> {
    while spans
        .last()
        .is_some_and(|s| s.is_line_break() || s.text.trim().is_empty())
    {
        spans.pop();
    }
    let leading = spans
        .iter()
        .take_while(|s| s.is_line_break() || s.text.trim().is_empty())
        .count();
    spans.drain(..leading);
    if let Some(first) = spans.first_mut() {
        let leading = first.text.len() - first.text.trim_start().len();
        first.text.drain(..leading);
    }
    if let Some(last) = spans.last_mut() {
        let kept = last.text.trim_end().len();
        last.text.truncate(kept);
    }
    spans
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
            [("Slides-", false), ("https://s.io/a", true), (", video", false)]
        );
    }

    #[test]
    fn line_index_maps_offsets() {
        let index = LineIndex::new("a\nbc\n\nd");
        assert_eq!(index.line(0), 1);
        assert_eq!(index.line(2), 2);
        assert_eq!(index.line(5), 3);
        assert_eq!(index.line(6), 4);
    }
}
