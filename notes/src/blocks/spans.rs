//! Runs of styled spans: the tidying that every paragraph, cell and HTML fragment gets, and
//! their plain text.

use crate::model::Span;

/// Drops leading/trailing whitespace and line breaks of a run of spans, and the vector's unused
/// room.
pub(super) fn trim_spans(mut spans: Vec<Span>) -> Vec<Span> {
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
    // Most runs hold one or two spans, and a vector grows to four at once: the model keeps
    // only what it holds (a third of its memory was room for spans never written).
    spans.shrink_to_fit();
    spans
}

/// The text of a run of spans, with hard line breaks as `\n`.
pub fn spans_text(spans: &[Span]) -> String {
    let mut out = String::new();
    for span in spans {
        out.push_str(&span.text);
    }
    out
}
