//! The fonts of a deck: the shipped DejaVu faces, user fallbacks, glyph lookup and real advance
//! widths for wrapping.

use crate::error::ExportError;
use printpdf::ParsedFont;
use std::path::{Path, PathBuf};
use std::sync::Arc;

const SANS: &[u8] = include_bytes!("../fonts/DejaVuSans.ttf");
const SANS_BOLD: &[u8] = include_bytes!("../fonts/DejaVuSans-Bold.ttf");
const SANS_OBLIQUE: &[u8] = include_bytes!("../fonts/DejaVuSans-Oblique.ttf");
const SANS_MONO: &[u8] = include_bytes!("../fonts/DejaVuSansMono.ttf");

/// Index of a font in a [`FontSet`]: 0–3 are the shipped faces, 4.. the `--font` fallbacks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct FontRef(pub u8);

impl FontRef {
    /// DejaVu Sans.
    pub const REGULAR: FontRef = FontRef(0);
    /// DejaVu Sans Bold.
    pub const BOLD: FontRef = FontRef(1);
    /// DejaVu Sans Oblique.
    pub const ITALIC: FontRef = FontRef(2);
    /// DejaVu Sans Mono.
    pub const MONO: FontRef = FontRef(3);
}

/// The face a run of text asks for, before fallback.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Face {
    /// Body text.
    Regular,
    /// Bold text and titles.
    Bold,
    /// Italic text.
    Italic,
    /// Code.
    Mono,
}

impl Face {
    fn primary(self) -> FontRef {
        match self {
            Face::Regular => FontRef::REGULAR,
            Face::Bold => FontRef::BOLD,
            Face::Italic => FontRef::ITALIC,
            Face::Mono => FontRef::MONO,
        }
    }
}

/// One loaded font: its name, bytes and parsed cmap/advances.
#[derive(Debug)]
pub struct LoadedFont {
    /// PostScript-style name written into the PDF.
    pub name: String,
    /// The parsed font (cmap, advances, metrics).
    pub parsed: ParsedFont,
    units_per_em: f32,
    ascii_gids: [u16; 128],
    ascii_advances: [f32; 128],
}

impl LoadedFont {
    fn from_bytes(name: &str, bytes: &[u8]) -> Option<Self> {
        let mut warnings = Vec::new();
        let parsed = ParsedFont::from_bytes(bytes, 0, &mut warnings)?;
        if parsed.codepoint_to_glyph.is_empty() {
            return None;
        }
        let units_per_em = f32::from(parsed.pdf_font_metrics.units_per_em.max(1));
        let mut ascii_gids = [0u16; 128];
        let mut ascii_advances = [0f32; 128];
        for cp in 0..128u32 {
            if let Some(gid) = parsed.lookup_glyph_index(cp) {
                ascii_gids[cp as usize] = gid;
                ascii_advances[cp as usize] =
                    f32::from(parsed.get_glyph_width(gid).unwrap_or(0)) / units_per_em;
            }
        }
        Some(LoadedFont {
            name: name.to_string(),
            parsed,
            units_per_em,
            ascii_gids,
            ascii_advances,
        })
    }

    /// The glyph for `c`, if the font has one.
    pub fn glyph(&self, c: char) -> Option<u16> {
        let cp = c as u32;
        if cp < 128 {
            let gid = self.ascii_gids[cp as usize];
            return (gid != 0).then_some(gid);
        }
        self.parsed.lookup_glyph_index(cp).filter(|g| *g != 0)
    }

    /// Advance width of `c` in em (0 when the font lacks it).
    pub fn advance_em(&self, c: char) -> f32 {
        let cp = c as u32;
        if cp < 128 {
            return self.ascii_advances[cp as usize];
        }
        self.glyph(c)
            .and_then(|g| self.parsed.get_glyph_width(g))
            .map_or(0.0, |w| f32::from(w) / self.units_per_em)
    }

    /// Ascent in em (above the baseline).
    pub fn ascent_em(&self) -> f32 {
        f32::from(self.parsed.font_metrics.ascent) / self.units_per_em
    }
}

/// The shipped faces plus fallbacks, shared by every deck an exporter makes.
#[derive(Debug, Clone)]
pub struct FontSet {
    fonts: Arc<Vec<LoadedFont>>,
}

/// The character drawn in place of one that no font has (and reported).
pub const REPLACEMENT: char = '\u{FFFD}';

impl FontSet {
    /// The four shipped DejaVu faces, then each fallback font file in order.
    pub fn load(fallbacks: &[PathBuf]) -> Result<FontSet, ExportError> {
        let shipped = [
            ("DejaVuSans", SANS),
            ("DejaVuSans-Bold", SANS_BOLD),
            ("DejaVuSans-Oblique", SANS_OBLIQUE),
            ("DejaVuSansMono", SANS_MONO),
        ];
        let mut fonts = Vec::with_capacity(shipped.len() + fallbacks.len());
        for (name, bytes) in shipped {
            let font = LoadedFont::from_bytes(name, bytes).ok_or_else(|| ExportError::Font {
                path: PathBuf::from(format!("<built-in {name}>")),
                reason: "cannot parse the shipped font".into(),
            })?;
            fonts.push(font);
        }
        if fallbacks.len() > 200 {
            return Err(ExportError::Font {
                path: fallbacks[200].clone(),
                reason: "at most 200 fallback fonts".into(),
            });
        }
        for path in fallbacks {
            fonts.push(load_fallback(path)?);
        }
        Ok(FontSet {
            fonts: Arc::new(fonts),
        })
    }

    /// The font behind `font`.
    pub fn get(&self, font: FontRef) -> &LoadedFont {
        // FontRefs are only made by this set, so the index is in range.
        &self.fonts[usize::from(font.0)]
    }

    /// All fonts with their references.
    pub fn iter(&self) -> impl Iterator<Item = (FontRef, &LoadedFont)> {
        self.fonts
            .iter()
            .enumerate()
            .map(|(i, f)| (FontRef(i as u8), f))
    }

    /// The font that draws `c` in `face`: the face itself, then the other shipped faces, then
    /// the fallbacks. `None` when no font has the character.
    pub fn resolve(&self, c: char, face: Face) -> Option<FontRef> {
        let primary = face.primary();
        if self.get(primary).glyph(c).is_some() {
            return Some(primary);
        }
        self.iter()
            .find(|(r, f)| *r != primary && f.glyph(c).is_some())
            .map(|(r, _)| r)
    }

    /// Advance of `c` drawn in `face` at `size` points, after fallback (a missing char is
    /// measured as the replacement character).
    pub fn advance(&self, c: char, face: Face, size: f32) -> f32 {
        match self.resolve(c, face) {
            Some(font) => self.get(font).advance_em(c) * size,
            None => self.get(FontRef::REGULAR).advance_em(REPLACEMENT) * size,
        }
    }

    /// Width of `text` in `face` at `size` points, with the real advance widths.
    pub fn width(&self, text: &str, face: Face, size: f32) -> f32 {
        let primary = self.get(face.primary());
        text.chars()
            .map(|c| {
                if primary.glyph(c).is_some() {
                    primary.advance_em(c) * size
                } else {
                    self.advance(c, face, size)
                }
            })
            .sum()
    }

    /// `text` as it is when it is at most `max` points wide in `face` at `size`; else cut to
    /// `max - room` points and ended with "…" (`room` is what the ellipsis may take), for
    /// one-line headers and footers that repeat what the slides already say in full.
    pub fn cut_to_width(&self, text: &str, face: Face, size: f32, max: f32, room: f32) -> String {
        let mut cut = text.to_string();
        if self.width(&cut, face, size) > max {
            while !cut.is_empty() && self.width(&cut, face, size) > max - room {
                cut.pop();
            }
            cut.push('…');
        }
        cut
    }

    /// Splits `text` into runs that one font can draw, replacing characters no font has with
    /// [`REPLACEMENT`] and pushing them onto `missing`.
    pub fn runs(&self, text: &str, face: Face, missing: &mut Vec<char>) -> Vec<(FontRef, String)> {
        let mut runs: Vec<(FontRef, String)> = Vec::new();
        for c in text.chars() {
            let (font, c) = match self.resolve(c, face) {
                Some(font) => (font, c),
                None => {
                    if !c.is_control() {
                        missing.push(c);
                    }
                    (FontRef::REGULAR, REPLACEMENT)
                }
            };
            match runs.last_mut() {
                Some((last, run)) if *last == font => run.push(c),
                _ => runs.push((font, c.to_string())),
            }
        }
        runs
    }
}

/// Keeps the first of each character in `missing`, in order, so that a character no font has
/// is reported once however often the talk uses it.
pub fn dedup_missing(missing: &mut Vec<char>) {
    let mut seen = Vec::with_capacity(missing.len());
    missing.retain(|c| {
        let new = !seen.contains(c);
        seen.push(*c);
        new
    });
}

fn load_fallback(path: &Path) -> Result<LoadedFont, ExportError> {
    let bytes = std::fs::read(path).map_err(|e| ExportError::Font {
        path: path.to_path_buf(),
        reason: e.to_string(),
    })?;
    let name = path
        .file_stem()
        .map(|s| {
            s.to_string_lossy()
                .replace(|c: char| !c.is_ascii_alphanumeric(), "")
        })
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| "Fallback".to_string());
    LoadedFont::from_bytes(&name, &bytes).ok_or_else(|| ExportError::Font {
        path: path.to_path_buf(),
        reason: "not a TrueType/OpenType font with a Unicode cmap".into(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fonts() -> FontSet {
        FontSet::load(&[]).expect("shipped fonts load")
    }

    #[test]
    fn widths_are_real_advances() {
        let f = fonts();
        // DejaVu Sans: 'i' is much narrower than 'W'; mono is fixed pitch.
        assert!(f.width("W", Face::Regular, 10.0) > 2.0 * f.width("i", Face::Regular, 10.0));
        let mono_i = f.width("iii", Face::Mono, 10.0);
        let mono_w = f.width("WWW", Face::Mono, 10.0);
        assert!((mono_i - mono_w).abs() < 1e-3);
        // Bold is wider than regular.
        assert!(f.width("Hello", Face::Bold, 10.0) > f.width("Hello", Face::Regular, 10.0));
        // Width scales with size.
        let a = f.width("abc", Face::Regular, 10.0);
        assert!((f.width("abc", Face::Regular, 20.0) - 2.0 * a).abs() < 1e-3);
    }

    #[test]
    fn unicode_punctuation_is_covered_and_missing_chars_are_reported() {
        let f = fonts();
        let mut missing = Vec::new();
        let runs = f.runs("“é” — → ✓ ┌─┐", Face::Regular, &mut missing);
        assert!(missing.is_empty(), "{missing:?}");
        assert_eq!(runs.len(), 1);
        // Neither DejaVu face has CJK: reported and replaced, not dropped.
        let runs = f.runs("a漢b", Face::Regular, &mut missing);
        assert_eq!(missing, vec!['漢']);
        let text: String = runs.iter().map(|(_, t)| t.as_str()).collect();
        assert_eq!(text, "a\u{FFFD}b");
    }

    #[test]
    fn long_text_is_cut_to_the_width_with_an_ellipsis_and_short_text_kept() {
        let f = fonts();
        assert_eq!(
            f.cut_to_width("Short", Face::Regular, 10.0, 200.0, 12.0),
            "Short"
        );
        let long = "A conference name far too long for one footer line ".repeat(4);
        let cut = f.cut_to_width(&long, Face::Regular, 10.0, 200.0, 12.0);
        assert!(cut.ends_with('…') && long.starts_with(cut.trim_end_matches('…')));
        assert!(f.width(&cut, Face::Regular, 10.0) <= 200.0, "{cut}");
        let body = cut.trim_end_matches('…');
        assert!(f.width(body, Face::Regular, 10.0) <= 188.0, "{cut}");
    }

    #[test]
    fn missing_characters_are_kept_once_in_first_seen_order() {
        let mut missing = vec!['漢', '字', '漢', 'ü', '字'];
        dedup_missing(&mut missing);
        assert_eq!(missing, vec!['漢', '字', 'ü']);
    }

    #[test]
    fn italic_falls_back_to_another_face_for_missing_glyphs() {
        let f = fonts();
        // Box drawing is in Sans and Mono but not in Sans Oblique.
        let c = '┌';
        if f.get(FontRef::ITALIC).glyph(c).is_none() {
            let font = f.resolve(c, Face::Italic).expect("some face has it");
            assert_ne!(font, FontRef::ITALIC);
        }
        assert_eq!(f.resolve('a', Face::Italic), Some(FontRef::ITALIC));
    }

    #[test]
    fn a_bad_fallback_font_is_an_error_naming_the_file() {
        let err = FontSet::load(&[PathBuf::from("/nonexistent/font.ttf")]).unwrap_err();
        assert!(err.to_string().contains("/nonexistent/font.ttf"), "{err}");
    }
}
