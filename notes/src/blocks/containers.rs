//! How each Markdown container (paragraph, heading, quote, list, code, HTML block, table) opens
//! and closes into a [`Block`], and how inline styles and links open and close inside them.

use super::spans::trim_spans;
use super::{Builder, Item, Located, Open, RawLink};
use crate::model::{Alignment, Block, Image, List, ListItem, Table};
use pulldown_cmark::{CodeBlockKind, HeadingLevel, Tag, TagEnd};

impl Builder {
    pub(super) fn start(&mut self, tag: Tag<'_>, line: usize) {
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

    pub(super) fn end(&mut self, tag: TagEnd, line: usize, end_line: usize) {
        match tag {
            TagEnd::Paragraph => self.flush_inline_at(end_line),
            TagEnd::Heading(_) => {
                let level = self.heading.take().unwrap_or(1);
                let spans = trim_spans(&mut self.spans);
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
                if let Some(Open::Quote(mut blocks)) = self.open.pop() {
                    blocks.shrink_to_fit();
                    self.push_block(Block::Quote { blocks }, end_line);
                }
            }
            TagEnd::List(_) => {
                if let Some(Open::List(start, items)) = self.open.pop() {
                    let items = items.into_boxed_slice();
                    self.push_block(Block::List(List { start, items }), end_line);
                }
            }
            TagEnd::Item => {
                self.flush_inline();
                if let Some(Open::Item(checked, blocks)) = self.open.pop() {
                    if let Some(Open::List(_, items)) = self.open.last_mut() {
                        let blocks = blocks.into();
                        items.push(ListItem { checked, blocks });
                    }
                }
            }
            TagEnd::TableCell => {
                let cell = trim_spans(&mut self.spans);
                if let Some(Open::Table(_, row)) = self.open.last_mut() {
                    row.push(cell);
                }
            }
            TagEnd::TableHead => {
                if let Some(Open::Table(table, row)) = self.open.last_mut() {
                    table.header = std::mem::take(row);
                    table.header.shrink_to_fit();
                }
            }
            TagEnd::TableRow => {
                if let Some(Open::Table(table, row)) = self.open.last_mut() {
                    let mut row = std::mem::take(row);
                    row.shrink_to_fit();
                    table.rows.push(row);
                }
            }
            TagEnd::Table => {
                if let Some(Open::Table(mut table, _)) = self.open.pop() {
                    table.rows.shrink_to_fit();
                    self.push_block(Block::Table(Box::new(table)), end_line);
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
                    self.doc.links.push(RawLink::new(
                        label.trim(),
                        &url,
                        &title,
                        crate::model::LinkKind::Other,
                        link_line,
                    ));
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
