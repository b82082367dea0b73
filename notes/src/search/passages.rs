//! The searchable text of a talk, as passages (a title, a sub-heading, a paragraph, a list item, an
//! image's alt text, a code line) whose words carry the weight of the field they sit in.

use crate::model::{Block, StyledText, Talk};

/// Where a word sits in a talk, which decides its weight in the ranking.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    /// The talk title.
    Title,
    /// A sub-heading inside the talk.
    Heading,
    /// Bold text, inline code, link labels and image alt text.
    Emphasis,
    /// Everything else.
    Body,
    /// Words of link addresses (`gruntwork.io/devops-checklist`): weak evidence.
    Url,
}

impl Field {
    /// The weight of one occurrence of a word in this field.
    pub fn weight(self) -> f32 {
        match self {
            Field::Title => 6.0,
            Field::Heading => 2.5,
            Field::Emphasis => 1.5,
            Field::Body => 1.0,
            Field::Url => 0.3,
        }
    }
}

/// One passage of a talk: its text and, per byte range, the field of the words in it.
#[derive(Debug, Default, Clone)]
pub struct Passage {
    /// The passage text (spans joined).
    pub text: String,
    /// Runs of the text with their field, in order, covering the text.
    pub runs: Vec<(usize, Field)>,
    /// True for the title passage.
    pub is_title: bool,
}

impl Passage {
    fn push(&mut self, text: &str, field: Field) {
        if text.is_empty() {
            return;
        }
        if self.runs.last().map(|r| r.1) != Some(field) {
            self.runs.push((self.text.len(), field));
        }
        self.text.push_str(text);
    }

    /// The field of the byte at `at`.
    pub fn field_at(&self, at: usize) -> Field {
        let i = self.runs.partition_point(|r| r.0 <= at);
        self.runs
            .get(i.wrapping_sub(1))
            .map_or(Field::Body, |r| r.1)
    }
}

/// Walks the talk and hands each passage to `sink`, title first. `scratch` is reused.
pub fn for_each_passage(talk: &Talk, scratch: &mut Passage, sink: &mut impl FnMut(&Passage)) {
    scratch.text.clear();
    scratch.runs.clear();
    scratch.is_title = true;
    scratch.push(&talk.title, Field::Title);
    sink(scratch);
    scratch.text.clear();
    scratch.runs.clear();
    scratch.is_title = false;
    // The speaker is searchable ("what did Julia Evans say?") with a sub-heading's weight.
    if let Some(speaker) = &talk.speaker {
        scratch.push(speaker, Field::Heading);
        flush(scratch, sink);
    }
    walk(&talk.blocks, scratch, sink);
    // The words of the talk's link addresses, host and path, as one weak passage.
    for link in &talk.links {
        let address = link
            .url()
            .split_once("://")
            .map_or(link.url(), |(_, rest)| rest);
        let address = address.split(['?', '#']).next().unwrap_or_default();
        scratch.push(address.trim_start_matches("www."), Field::Url);
        scratch.push(" ", Field::Url);
    }
    flush(scratch, sink);
}

fn flush(p: &mut Passage, sink: &mut impl FnMut(&Passage)) {
    if !p.text.trim().is_empty() {
        sink(p);
    }
    p.text.clear();
    p.runs.clear();
}

fn push_spans(spans: &StyledText, base: Field, p: &mut Passage, sink: &mut impl FnMut(&Passage)) {
    for span in spans {
        if span.is_line_break() {
            // A hard break inside a paragraph separates lines that read as separate bullets.
            flush(p, sink);
            continue;
        }
        let field = if base != Field::Body {
            base
        } else if span.style.bold || span.style.code || span.link.is_some() {
            Field::Emphasis
        } else {
            Field::Body
        };
        p.push(span.text, field);
    }
    flush(p, sink);
}

fn walk(blocks: &[Block], p: &mut Passage, sink: &mut impl FnMut(&Passage)) {
    for block in blocks {
        match block {
            Block::Heading { spans, .. } => push_spans(spans, Field::Heading, p, sink),
            Block::Paragraph { spans } => push_spans(spans, Field::Body, p, sink),
            Block::List(list) => {
                for item in &list.items {
                    walk(&item.blocks, p, sink);
                }
            }
            Block::Code { text, .. } => {
                for line in text.lines() {
                    p.push(line, Field::Body);
                    flush(p, sink);
                }
            }
            Block::Quote { blocks } => walk(blocks, p, sink),
            Block::Image(image) => {
                p.push(&image.alt, Field::Emphasis);
                if !image.title.is_empty() {
                    p.push(" — ", Field::Emphasis);
                    p.push(&image.title, Field::Emphasis);
                }
                flush(p, sink);
            }
            Block::Table(table) => {
                for row in std::iter::once(&table.header).chain(table.rows.iter()) {
                    for (i, cell) in row.iter().enumerate() {
                        if i > 0 {
                            p.push(" | ", Field::Body);
                        }
                        for span in cell {
                            p.push(span.text, Field::Body);
                        }
                    }
                    flush(p, sink);
                }
            }
            Block::Rule => {}
        }
    }
}
