//! Keep-together rules: which groups of lines must share a slide. Every rule lives here;
//! [`super::paginate`] places each chain of glued groups as one unit (moved whole to the next
//! slide when it does not fit the rest of this one but fits a fresh one).
//!
//! - A heading or a label (a paragraph in bold only, or ending with a colon) stays with what
//!   follows it.
//! - A paragraph that introduces a list, table or code block stays with its first items.
//! - A short list, table or code block (no taller than a fresh slide) moves whole; a longer one
//!   keeps at least its first two items together.
//! - A paragraph is one group, so a slide never starts or ends with one orphaned line of it
//!   (only a paragraph taller than a slide breaks, and then at least two lines go each side).

use super::*;

/// How many first items of a long list stay together (with their introduction).
const FIRST_ITEMS: usize = 2;

impl FlowBuilder<'_> {
    /// Glues the last group pushed so far to the next one.
    pub(super) fn glue_last(&mut self) {
        if let Some(Flow::Line(line)) = self
            .flow
            .iter_mut()
            .rev()
            .find(|f| matches!(f, Flow::Line(_)))
        {
            line.glue_next = true;
        }
    }

    /// Glues together every group of `self.flow[from..to]` (not the last one to what follows).
    fn glue_range(&mut self, from: usize, to: usize) {
        let to = to.min(self.flow.len());
        let last_group = self.flow[from.min(to)..to]
            .iter()
            .rev()
            .find_map(|f| match f {
                Flow::Line(line) => Some(line.group),
                _ => None,
            });
        for flow in &mut self.flow[from.min(to)..to] {
            if let Flow::Line(line) = flow {
                if Some(line.group) != last_group {
                    line.glue_next = true;
                }
            }
        }
    }

    /// Applies the rules to a list, table or code block whose lines start at `from` in the
    /// flow, its items (rows, lines) starting at `items`.
    pub(super) fn keep_block(&mut self, from: usize, items: &[usize]) {
        let height: f32 = self.flow[from.min(self.flow.len())..]
            .iter()
            .map(|f| match f {
                Flow::Line(line) => line.height,
                Flow::Gap(h) => *h,
                Flow::Break(_) => 0.0,
            })
            .sum();
        if height <= full_content_height() {
            self.glue_range(from, self.flow.len());
        } else {
            let end = items.get(FIRST_ITEMS).copied().unwrap_or(self.flow.len());
            self.glue_range(from, end);
        }
    }
}

/// True when `block` introduces `next` and must stay on its slide: a heading or label before
/// anything, a paragraph before a list, table or code block.
pub(super) fn leads_in(block: &Block, next: Option<&Block>) -> bool {
    let Some(next) = next else {
        return false;
    };
    match block {
        Block::Heading { .. } => true,
        Block::Paragraph { spans } => {
            is_label(spans)
                || matches!(
                    next,
                    Block::List(_) | Block::Table(_) | Block::Code { .. } | Block::Image(_)
                )
        }
        _ => false,
    }
}

/// A label: a short paragraph in bold only, or one ending with a colon.
fn is_label(spans: &StyledText) -> bool {
    let text = spans_text(spans);
    let text = text.trim();
    if text.is_empty() || text.chars().count() > 200 {
        return false;
    }
    text.ends_with(':')
        || text.ends_with('：')
        || spans
            .iter()
            .filter(|s| !s.text.trim().is_empty())
            .all(|s| s.style.bold)
}
