//! The heading tree: every heading of the document with its level, text, link, how many blocks
//! it holds and which headings sit under it. A file with no headings below its title but bold
//! lines ("**3. Title : Speaker**") gets those lines as headings first.

use super::words::Words;
use crate::blocks::spans_text;
use crate::blocks::{Document, Item};
use crate::model::{Block, StyledText};
use std::collections::HashMap;

/// A heading of the document with what the outline needs to know about it.
#[derive(Debug)]
pub struct Heading {
    /// Level 1–6.
    pub level: u8,
    /// Plain text, whitespace collapsed.
    pub title: String,
    /// The heading's link when the heading is a link.
    pub title_url: Option<String>,
    /// 1-based line.
    pub line: usize,
    /// Blocks between this heading and the next heading.
    pub(super) own_blocks: usize,
    /// The heading this one belongs to when it only names people or a link.
    pub(super) attached_to: Option<usize>,
    /// Direct child headings (attached ones aside).
    pub(super) children: Vec<usize>,
    /// What the heading's words say.
    pub(super) words: BoxedWords,
}

/// What a heading's words say, read as a [`Words`] (`h.words.grouping`), kept apart from the
/// heading: a heading takes 120 bytes rather than 192, and once the roles are decided the words
/// are freed ([`super::Outline::forget_evidence`]). None reads as a title that says nothing.
#[derive(Debug, Default)]
pub(crate) struct BoxedWords(Option<Box<Words>>);

impl BoxedWords {
    /// The words read.
    pub(super) fn new(words: Words) -> BoxedWords {
        BoxedWords(Some(Box::new(words)))
    }
}

impl std::ops::Deref for BoxedWords {
    type Target = Words;

    fn deref(&self) -> &Words {
        static NOTHING: Words = Words::NOTHING;
        self.0.as_deref().unwrap_or(&NOTHING)
    }
}

/// The headings of `doc`, with what their words say (read on several threads for a big file).
pub(super) fn collect(doc: &Document) -> Vec<Heading> {
    // A list of exactly their number: grown by doubling, the list of 200,000 one-line talks'
    // headings held room for 62,000 more (12 MB).
    let count = doc
        .items()
        .filter(|l| matches!(l.item, Item::Heading { .. }))
        .count();
    let mut headings: Vec<Heading> = Vec::with_capacity(count);
    for located in doc.items() {
        match &located.item {
            Item::Heading { level, spans } => headings.push(Heading {
                level: *level,
                title: heading_title(spans),
                title_url: heading_url(spans),
                line: located.line,
                own_blocks: 0,
                attached_to: None,
                children: Vec::new(),
                words: BoxedWords::default(),
            }),
            Item::Block(Block::Rule) => {}
            Item::Block(_) => {
                if let Some(last) = headings.last_mut() {
                    last.own_blocks += 1;
                }
            }
        }
    }
    crate::threads::for_each_mut(&mut headings, crate::threads::PARALLEL_FROM_TALKS, |h| {
        h.words = BoxedWords::new(Words::read(&h.title))
    });
    headings
}

/// In notes with no headings below the title, a paragraph that is one bold line ("**3. Title :
/// Speaker**") marks a talk: such paragraphs become level-2 headings when there are two or more.
pub(super) fn promote_bold_lines(doc: &mut Document) {
    let headings = doc
        .items()
        .filter(|l| matches!(l.item, Item::Heading { .. }))
        .count();
    let first_is_h1 = matches!(
        doc.items().next().map(|l| &l.item),
        Some(Item::Heading { level: 1, .. })
    );
    if headings > usize::from(first_is_h1) {
        return;
    }
    let is_bold_line = |item: &Item| match item {
        Item::Block(Block::Paragraph { spans }) => {
            let text = spans_text(spans);
            !text.trim().is_empty()
                && !text.contains('\n')
                && text.chars().count() <= 160
                && spans
                    .iter()
                    .all(|s| s.style.bold || s.text.trim().is_empty())
        }
        _ => false,
    };
    if doc.items().filter(|l| is_bold_line(&l.item)).count() < 2 {
        return;
    }
    for located in doc.items_mut() {
        if is_bold_line(&located.item) {
            if let Item::Block(Block::Paragraph { spans }) = &mut located.item {
                let spans = std::mem::take(spans);
                located.item = Item::Heading { level: 2, spans };
            }
        }
    }
}

/// Fills each heading's `children`: the headings right under it (attached ones aside).
pub(super) fn link_children(headings: &mut [Heading]) {
    let mut stack: Vec<usize> = Vec::new();
    for i in 0..headings.len() {
        if headings[i].attached_to.is_some() {
            continue;
        }
        while stack
            .last()
            .is_some_and(|&s| headings[s].level >= headings[i].level)
        {
            stack.pop();
        }
        if let Some(&parent) = stack.last() {
            headings[parent].children.push(i);
        }
        stack.push(i);
    }
}

/// Titles that more than one heading of the file has ("Takes", "Raw notes" in every talk).
pub(super) fn repeated_titles(headings: &[Heading]) -> HashMap<&str, usize> {
    let mut counts = HashMap::new();
    for h in headings.iter().filter(|h| h.attached_to.is_none()) {
        *counts.entry(h.words.lower.as_str()).or_insert(0) += 1;
    }
    counts
}

/// Plain text of a heading, whitespace collapsed.
fn heading_title(spans: &StyledText) -> String {
    spans_text(spans)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// The link of a heading that is a link (`## [Title](url)`): most of its text is linked.
fn heading_url(spans: &StyledText) -> Option<String> {
    let total: usize = spans.iter().map(|s| s.text.trim().len()).sum();
    let first = spans.iter().find_map(|s| s.link)?;
    let linked: usize = spans
        .iter()
        .filter(|s| s.link == Some(first))
        .map(|s| s.text.trim().len())
        .sum();
    (linked * 2 > total).then(|| first.to_string())
}
