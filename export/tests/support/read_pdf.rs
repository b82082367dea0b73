//! Reading exported PDFs back with lopdf: the text of each page, the link annotations, and the
//! check that every word of a talk is in the text, in order.

use lopdf::{Dictionary, Document, Object};
use talk_notes::{text::talk_text, Talk};

/// One link annotation of a page.
#[derive(Debug, Clone)]
pub struct LinkAnnotation {
    /// The URI it opens.
    pub url: String,
    /// Its `Rect` (x1, y1, x2, y2).
    pub rect: Vec<f32>,
    /// Its `Border` (0 0 0: no visible border).
    pub border: Vec<f32>,
}

/// The extracted text of each page.
pub fn pages_text(doc: &Document) -> Vec<String> {
    let pages = doc.get_pages();
    pages
        .keys()
        .map(|n| doc.extract_text(&[*n]).expect("text extracts"))
        .collect()
}

/// `s` without its whitespace.
pub fn squash(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

/// Every word of the talk's text, in order, is in the PDF's text (whitespace ignored, since
/// wrapping moves it).
pub fn assert_every_word_in_order(talk: &Talk, pdf_text: &str) {
    assert_words_in_order(&talk.title, &talk_text(talk), pdf_text);
}

/// Every word of `expected`, in order, is in `pdf_text` (whitespace ignored).
pub fn assert_words_in_order(what: &str, expected: &str, pdf_text: &str) {
    let haystack = squash(pdf_text);
    let mut from = 0;
    // talk_text joins table cells with " | "; that separator is not a word of the notes.
    for word in expected.split_whitespace().filter(|w| *w != "|") {
        // A line (and a slide) may end at any break opportunity of UAX #14 inside a word
        // ("a—b", CJK sentences): each piece is found in order.
        let mut start = 0;
        for (end, _) in unicode_linebreak::linebreaks(word) {
            let piece = &word[start..end];
            start = end;
            match haystack[from..].find(piece) {
                Some(at) => from += at + piece.len(),
                None => panic!(
                    "{what}: word {word:?} (piece {piece:?}) missing (or out of order) after byte {from}"
                ),
            }
        }
    }
}

/// Replaces each of `missing` (and U+FFFD) by U+FFFD, so texts compare when a glyph is missing.
pub fn mask(text: &str, missing: &[char]) -> String {
    text.chars()
        .map(|c| if missing.contains(&c) { '\u{FFFD}' } else { c })
        .collect()
}

/// The link annotations of the whole document, page after page.
pub fn links(doc: &Document) -> Vec<LinkAnnotation> {
    links_per_page(doc).into_iter().flatten().collect()
}

/// The link annotations of each page.
pub fn links_per_page(doc: &Document) -> Vec<Vec<LinkAnnotation>> {
    doc.get_pages()
        .values()
        .map(|page_id| {
            let Ok(annots) = doc
                .get_dictionary(*page_id)
                .and_then(|p| p.get(b"Annots"))
                .and_then(|a| match a {
                    Object::Reference(id) => doc.get_object(*id).and_then(Object::as_array),
                    other => other.as_array(),
                })
            else {
                return Vec::new();
            };
            annots
                .iter()
                .filter_map(|a| match a {
                    Object::Reference(id) => doc.get_dictionary(*id).ok(),
                    Object::Dictionary(d) => Some(d),
                    _ => None,
                })
                .filter_map(|d| link_annotation(doc, d))
                .collect()
        })
        .collect()
}

/// The link of an annotation dictionary whose action opens a URI.
fn link_annotation(doc: &Document, dict: &Dictionary) -> Option<LinkAnnotation> {
    let action = match dict.get(b"A").ok()? {
        Object::Reference(id) => doc.get_dictionary(*id).ok()?,
        Object::Dictionary(d) => d,
        _ => return None,
    };
    let uri = action.get(b"URI").and_then(Object::as_str).ok()?;
    let numbers = |key: &[u8]| -> Vec<f32> {
        dict.get(key)
            .and_then(Object::as_array)
            .map(|a| a.iter().filter_map(|o| o.as_float().ok()).collect())
            .unwrap_or_default()
    };
    Some(LinkAnnotation {
        url: String::from_utf8_lossy(uri).into_owned(),
        rect: numbers(b"Rect"),
        border: numbers(b"Border"),
    })
}
