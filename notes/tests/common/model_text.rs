//! The text of a model's blocks, piece by piece, for the tests that compare a model's words
//! with its file's (`every_word.rs`: the rendered text only; `corpus.rs`: with the markup).

use talk_notes::{Block, StyledText};

/// What a piece of a block's text is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Piece {
    /// Text a reader sees: spans, code, picture alt text, table cells.
    Text,
    /// Written in the Markdown but not shown as text: link and picture addresses, picture
    /// titles, code languages.
    Markup,
}

/// Calls `f` with every piece of text of `spans`.
pub fn spans_text(spans: &StyledText, f: &mut impl FnMut(&str, Piece)) {
    for span in spans {
        f(span.text, Piece::Text);
        if let Some(url) = span.link {
            f(url, Piece::Markup);
        }
    }
}

/// Calls `f` with every piece of text of `blocks`, nested blocks included, in order.
pub fn blocks_text(blocks: &[Block], f: &mut impl FnMut(&str, Piece)) {
    for block in blocks {
        match block {
            Block::Heading { spans, .. } | Block::Paragraph { spans } => spans_text(spans, f),
            Block::List(list) => {
                for item in &list.items {
                    blocks_text(&item.blocks, f);
                }
            }
            Block::Code { lang, text } => {
                f(text, Piece::Text);
                if let Some(lang) = lang {
                    f(lang, Piece::Markup);
                }
            }
            Block::Quote { blocks } => blocks_text(blocks, f),
            Block::Image(image) => {
                f(&image.alt, Piece::Text);
                f(&image.url, Piece::Markup);
                f(&image.title, Piece::Markup);
            }
            Block::Table(table) => {
                for cell in table.header.iter().chain(table.rows.iter().flatten()) {
                    spans_text(cell, f);
                }
            }
            Block::Rule => {}
        }
    }
}
