//! Runs of styled spans: the tidying that every paragraph, cell and HTML fragment gets, and
//! their plain text.

use crate::model::{Span, StyledText};

/// The run of spans without its leading/trailing whitespace and line breaks, as compact
/// [`StyledText`]; `spans` is left empty (its room kept for the next run).
pub(super) fn trim_spans(spans: &mut Vec<Span>) -> StyledText {
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
    let kept = &mut spans[leading..];
    if let Some(first) = kept.first_mut() {
        let leading = first.text.len() - first.text.trim_start().len();
        first.text.drain(..leading);
    }
    if let Some(last) = kept.last_mut() {
        let kept = last.text.trim_end().len();
        last.text.truncate(kept);
    }
    let styled = StyledText::from(&*kept);
    spans.clear();
    styled
}

/// The text of a run of spans, with hard line breaks as `\n`.
pub fn spans_text(spans: &StyledText) -> String {
    spans.text().to_string()
}
