//! Styled running text stored compactly: a paragraph's text in one string with a table of style
//! runs, read as borrowed [`SpanRef`] views.
//!
//! A model of 10,000 talks holds about 290,000 spans; as owned `Span`s each took 56 bytes plus
//! an allocation of its own. Here a plain paragraph is one allocation of its text, and a styled
//! one adds 12 bytes a span (the style shares a word with the link's length); link addresses
//! are kept after the text in the same string.

use crate::model::{Span, Style};
use serde::ser::{Serialize, SerializeSeq, Serializer};

/// A run of styled text (a paragraph, a heading, a table cell), span by span as it was written.
///
/// Read it with [`StyledText::iter`]; build it from owned spans with `From<Vec<Span>>` or
/// `collect()`.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct StyledText {
    /// The spans' text one after the other, then the link addresses.
    buf: Box<str>,
    /// One entry per span, in order; empty for a single plain span of the whole text (the
    /// common paragraph) and for no span at all (empty `buf`).
    runs: Box<[Run]>,
}

/// Where a span ends in the text, its style and its link's place in the buffer: 12 bytes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Run {
    end: u32,
    /// Link address as `buf[link_start..link_start + link_len]`.
    link_start: u32,
    /// The link's length in bits 4–31 ([`NO_LINK`] for no link); bold, italic, code, strike
    /// as bits 0–3.
    link_len_style: u32,
}

/// The link length that stands for no link; a longer address (256 MB) is cut.
const NO_LINK: u32 = (1 << 28) - 1;

impl Run {
    fn new(end: u32, link_start: u32, link_len: u32, style: u8) -> Run {
        Run {
            end,
            link_start,
            link_len_style: link_len << 4 | u32::from(style & 0xF),
        }
    }

    fn link_len(&self) -> u32 {
        self.link_len_style >> 4
    }

    fn style(&self) -> u8 {
        (self.link_len_style & 0xF) as u8
    }
}

/// `link`, cut at a character boundary to fewer than [`NO_LINK`] bytes.
fn storable_link(link: &str) -> &str {
    let mut end = link.len().min(NO_LINK as usize - 1);
    while !link.is_char_boundary(end) {
        end -= 1;
    }
    &link[..end]
}

fn style_bits(style: Style) -> u8 {
    u8::from(style.bold)
        | u8::from(style.italic) << 1
        | u8::from(style.code) << 2
        | u8::from(style.strike) << 3
}

fn style_of(bits: u8) -> Style {
    Style {
        bold: bits & 1 != 0,
        italic: bits & 2 != 0,
        code: bits & 4 != 0,
        strike: bits & 8 != 0,
    }
}

/// One span of a [`StyledText`], borrowed: the text, its style and its link.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct SpanRef<'a> {
    /// The text.
    pub text: &'a str,
    /// Bold, italic, code, strikethrough.
    pub style: Style,
    /// Destination when the span is (part of) a link.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub link: Option<&'a str>,
}

impl<'a> SpanRef<'a> {
    /// True for the span that stands for a hard line break.
    pub fn is_line_break(&self) -> bool {
        self.text == "\n"
    }

    /// The span as an owned [`Span`].
    pub fn to_span(&self) -> Span {
        Span {
            text: self.text.to_string(),
            style: self.style,
            link: self.link.map(str::to_string),
        }
    }
}

/// The largest offset a run can hold; text beyond it is cut (a paragraph of 4 GB).
fn offset(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX - 1)
}

impl StyledText {
    /// Text of no span.
    pub fn new() -> StyledText {
        StyledText::default()
    }

    /// One plain span of `text`.
    pub fn plain(text: &str) -> StyledText {
        std::iter::once(SpanRef {
            text,
            style: Style::default(),
            link: None,
        })
        .collect()
    }

    /// The spans in order, borrowed.
    pub fn iter(&self) -> Iter<'_> {
        Iter {
            text: self,
            next: 0,
            back: self.len(),
        }
    }

    /// The number of spans.
    pub fn len(&self) -> usize {
        if self.runs.is_empty() {
            usize::from(!self.buf.is_empty())
        } else {
            self.runs.len()
        }
    }

    /// True when there is no span.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The spans' text joined, hard line breaks as `\n`, without link addresses.
    pub fn text(&self) -> &str {
        match self.runs.last() {
            Some(run) => &self.buf[..run.end as usize],
            None => &self.buf,
        }
    }

    /// The first span.
    pub fn first(&self) -> Option<SpanRef<'_>> {
        self.get(0)
    }

    /// The last span.
    pub fn last(&self) -> Option<SpanRef<'_>> {
        self.len().checked_sub(1).and_then(|i| self.get(i))
    }

    /// Span `i`, when there is one.
    pub fn get(&self, i: usize) -> Option<SpanRef<'_>> {
        if self.runs.is_empty() {
            return (i == 0 && !self.buf.is_empty()).then_some(SpanRef {
                text: &self.buf,
                style: Style::default(),
                link: None,
            });
        }
        let run = self.runs.get(i)?;
        let start = match i {
            0 => 0,
            _ => self.runs[i - 1].end as usize,
        };
        let link = (run.link_len() != NO_LINK).then(|| {
            let from = run.link_start as usize;
            &self.buf[from..from + run.link_len() as usize]
        });
        Some(SpanRef {
            text: &self.buf[start..run.end as usize],
            style: style_of(run.style()),
            link,
        })
    }

    /// The spans as owned [`Span`]s.
    pub fn to_spans(&self) -> Vec<Span> {
        self.iter().map(|s| s.to_span()).collect()
    }

    /// Heap bytes held (the text, link addresses and the run table).
    pub fn heap_bytes(&self) -> usize {
        self.buf.len() + std::mem::size_of_val::<[Run]>(&self.runs)
    }
}

/// The spans of a [`StyledText`], front to back.
#[derive(Clone)]
pub struct Iter<'a> {
    text: &'a StyledText,
    next: usize,
    back: usize,
}

impl<'a> Iterator for Iter<'a> {
    type Item = SpanRef<'a>;

    fn next(&mut self) -> Option<SpanRef<'a>> {
        if self.next >= self.back {
            return None;
        }
        self.next += 1;
        self.text.get(self.next - 1)
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let n = self.back - self.next;
        (n, Some(n))
    }
}

impl DoubleEndedIterator for Iter<'_> {
    fn next_back(&mut self) -> Option<Self::Item> {
        if self.next >= self.back {
            return None;
        }
        self.back -= 1;
        self.text.get(self.back)
    }
}

impl ExactSizeIterator for Iter<'_> {}

impl<'a> IntoIterator for &'a StyledText {
    type Item = SpanRef<'a>;
    type IntoIter = Iter<'a>;

    fn into_iter(self) -> Iter<'a> {
        self.iter()
    }
}

impl<'a> FromIterator<SpanRef<'a>> for StyledText {
    fn from_iter<I: IntoIterator<Item = SpanRef<'a>>>(spans: I) -> StyledText {
        let spans: Vec<SpanRef<'a>> = spans.into_iter().collect();
        let text_len: usize = spans.iter().map(|s| s.text.len()).sum();
        if let [only] = spans.as_slice() {
            if only.style == Style::default() && only.link.is_none() && !only.text.is_empty() {
                return StyledText {
                    buf: only.text.into(),
                    runs: Box::default(),
                };
            }
        }
        let links: usize = spans.iter().filter_map(|s| s.link).map(str::len).sum();
        let mut buf = String::with_capacity(text_len + links);
        let mut runs = Vec::with_capacity(spans.len());
        for span in &spans {
            buf.push_str(span.text);
            runs.push(Run::new(
                offset(buf.len()),
                0,
                NO_LINK,
                style_bits(span.style),
            ));
        }
        // Link addresses after the text; a span continuing the link before it shares its copy.
        let mut previous: Option<(&str, u32, u32)> = None;
        for (run, span) in runs.iter_mut().zip(&spans) {
            let Some(link) = span.link.map(storable_link) else {
                continue;
            };
            let (start, len) = match previous {
                Some((url, start, len)) if url == link => (start, len),
                _ => {
                    let start = offset(buf.len());
                    buf.push_str(link);
                    (start, offset(link.len()))
                }
            };
            previous = Some((link, start, len));
            *run = Run::new(run.end, start, len, run.style());
        }
        StyledText {
            buf: buf.into_boxed_str(),
            runs: runs.into_boxed_slice(),
        }
    }
}

impl FromIterator<Span> for StyledText {
    fn from_iter<I: IntoIterator<Item = Span>>(spans: I) -> StyledText {
        let spans: Vec<Span> = spans.into_iter().collect();
        StyledText::from(spans.as_slice())
    }
}

impl From<&[Span]> for StyledText {
    fn from(spans: &[Span]) -> StyledText {
        spans
            .iter()
            .map(|s| SpanRef {
                text: &s.text,
                style: s.style,
                link: s.link.as_deref(),
            })
            .collect()
    }
}

impl From<Vec<Span>> for StyledText {
    fn from(spans: Vec<Span>) -> StyledText {
        StyledText::from(spans.as_slice())
    }
}

impl std::fmt::Debug for StyledText {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

/// Written as the list of spans (`[{"text": …, "style": {…}, "link": …}]`), as owned spans were.
impl Serialize for StyledText {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut seq = serializer.serialize_seq(Some(self.len()))?;
        for span in self.iter() {
            seq.serialize_element(&span)?;
        }
        seq.end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn span(text: &str, bold: bool, link: Option<&str>) -> Span {
        Span {
            text: text.to_string(),
            style: Style {
                bold,
                ..Style::default()
            },
            link: link.map(str::to_string),
        }
    }

    #[test]
    fn spans_read_back_as_they_were_built() {
        let cases = [
            vec![],
            vec![Span::plain("")],
            vec![Span::plain("one plain span")],
            vec![span("bold", true, None)],
            vec![span("linked", false, Some("https://a.io"))],
            vec![
                Span::plain("see "),
                span("the ", false, Some("https://a.io")),
                span("docs", true, Some("https://a.io")),
                Span::plain("\n"),
                span("and ", false, Some("https://b.io")),
                Span::plain("é"),
                span("", true, None),
            ],
        ];
        for spans in cases {
            let styled = StyledText::from(spans.clone());
            assert_eq!(styled.to_spans(), spans);
            assert_eq!(styled.len(), spans.len());
            assert_eq!(
                styled.iter().rev().map(|s| s.to_span()).collect::<Vec<_>>(),
                spans.iter().rev().cloned().collect::<Vec<_>>()
            );
            let joined: String = spans.iter().map(|s| s.text.as_str()).collect();
            assert_eq!(styled.text(), joined);
            assert_eq!(
                serde_json::to_string(&styled).unwrap(),
                serde_json::to_string(&spans).unwrap()
            );
        }
    }

    #[test]
    fn a_plain_paragraph_is_its_text_alone() {
        let styled = StyledText::plain("just words");
        assert_eq!(styled.heap_bytes(), "just words".len());
        let styled = StyledText::from(vec![
            span("a", true, Some("https://a.io")),
            span("b", false, Some("https://a.io")),
        ]);
        // A span's end, its link's place and length, and its style take 12 bytes.
        assert_eq!(std::mem::size_of::<Run>(), 12);
        // The shared address is stored once, after the text.
        assert_eq!(
            styled.heap_bytes(),
            "ab".len() + "https://a.io".len() + 2 * std::mem::size_of::<Run>()
        );
    }
}
