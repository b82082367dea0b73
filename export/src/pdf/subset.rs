//! Font subsetting: each font of a document reduced to the glyphs its pages draw, so that a
//! deck embeds tens of kilobytes of fonts rather than megabytes.

use crate::error::ExportError;
use crate::fonts::{FontRef, FontSet};
use printpdf::ParsedFont;
use std::collections::{BTreeMap, BTreeSet};

/// A font reduced to the glyphs of `chars`, renumbered, with a cmap and advances to match.
pub(super) fn subset_font(
    fonts: &FontSet,
    font: FontRef,
    chars: &BTreeSet<char>,
) -> Result<ParsedFont, ExportError> {
    let original = fonts.get(font);
    let mut remapper = subsetter::GlyphRemapper::new();
    let mut glyphs = Vec::with_capacity(chars.len());
    for c in chars {
        if let Some(gid) = original.glyph(*c) {
            glyphs.push((*c, gid, remapper.remap(gid)));
        }
    }
    let bytes = subsetter::subset(&original.parsed.original_bytes, 0, &remapper).map_err(|e| {
        ExportError::Subset {
            font: original.name.clone(),
            reason: e.to_string(),
        }
    })?;
    let mut cmap = BTreeMap::new();
    let mut widths = BTreeMap::new();
    widths.insert(0, original.parsed.get_glyph_width(0).unwrap_or(0));
    for (c, gid, new_gid) in glyphs {
        cmap.insert(c as u32, new_gid);
        widths.insert(new_gid, original.parsed.get_glyph_width(gid).unwrap_or(0));
    }
    let mut parsed = ParsedFont::with_glyph_data(
        bytes,
        0,
        Some(format!("{}+{}", subset_tag(chars), original.name)),
        cmap,
        widths,
        original.parsed.units_per_em,
        original.parsed.font_metrics.clone(),
    );
    parsed.pdf_font_metrics = original.parsed.pdf_font_metrics.clone();
    parsed.font_type = original.parsed.font_type;
    Ok(parsed)
}

/// The six-letter tag PDF gives a subset font's name, derived from the glyphs it holds.
fn subset_tag(chars: &BTreeSet<char>) -> String {
    // FNV-1a: stable across runs and platforms, so the same text gives the same file.
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for c in chars {
        hash ^= u64::from(*c as u32);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    (0..6)
        .map(|i| char::from(b'A' + ((hash >> (i * 5)) % 26) as u8))
        .collect()
}
