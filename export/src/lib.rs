//! `talk-export`: PDF slides and printable handouts from the talks of conference notes.
//!
//! The notes are parsed once by `talk-notes`; this crate only reads that model. Make an
//! [`Exporter`] once (it loads and measures the fonts), then ask it for one talk's PDF in memory:
//!
//! ```no_run
//! # fn demo(conference: &talk_notes::Conference, talk: &talk_notes::Talk) -> Result<(), talk_export::ExportError> {
//! let exporter = talk_export::Exporter::new(talk_export::Options::default())?;
//! let pdf = exporter.talk(conference, talk)?;
//! std::fs::write("talk.pdf", &pdf.bytes).ok();
//! # Ok(()) }
//! ```
//!
//! Layout happens in [`slides`] (16:9 slides; one module per kind of content, the
//! keep-together rules in one place) and [`handout`] (N-up pages), producing plain
//! [`page::Page`]s that [`pdf`] writes with printpdf, with fonts subset before embedding.
//! Pictures come from [`picture_source`]: local files, or remote URLs fetched once and kept in
//! a disk cache ([`PictureOptions`]: `offline`, `cache_dir`, limits).
//!
//! # Module by module
//!
//! `slides/` lays out 16:9 slides (`text.rs`, `lists.rs`, `code.rs`, `tables.rs`, `pictures.rs`,
//! `title.rs`, with the keep-together rules in `keep.rs` and the page breaks in `paginate.rs`);
//! `handout.rs` puts slides several to a page with notes lines; `wrap.rs` breaks lines with the
//! fonts' real widths; `fonts.rs` loads fonts, falls back and cuts to a width; `page.rs` holds
//! laid-out pages; `theme.rs` the light and dark colours; `pdf.rs` writes the PDF
//! (`pdf/navigation.rs` outline and page labels, `pdf/subset.rs` font subsets, `pdf/stream.rs`
//! one file of many talks written talk by talk); `picture_source.rs` finds pictures in files or
//! on the web (`picture_source/decode.rs`, `cache.rs`, `local.rs`, `memo.rs`); `output.rs` names
//! and writes PDF files atomically; `settings.rs` the `[export]` section; `error.rs` says what
//! failed, where.
//!
//! # How it works
//!
//! **Text.** Lines break by the Unicode line breaking algorithm (UAX #14, `unicode-linebreak`):
//! Chinese, Japanese and Korean text breaks between characters, never before closing
//! punctuation such as `。` or `）`; long URLs break after `/` and `-`; no-break spaces hold; a
//! piece still wider than a line is broken between characters. Widths are the fonts' real
//! advance widths. Long titles shrink (never below 12 pt) or are shortened with "…" on
//! continuation slides, the full text staying on the title slide or at the top of the section.
//! A conference whose title is written as a file name (`velocity-london-2018`) is shown as
//! "Velocity London 2018". Links are borderless link annotations, moved and scaled with their
//! slide in handouts.
//!
//! **Fonts** are subset before embedding with the `subsetter` crate (only the glyphs used,
//! renumbered, with our own cmap and widths), not with printpdf's `text_layout` feature:
//!
//! | | subsetter 0.2 (chosen) | printpdf `text_layout` |
//! | --- | --- | --- |
//! | extra build time | 2.4 s debug, 5.5 s release (subsetter + rustc-hash) | clean release build ~1.5 min → ~5 min on 2 cores (the team's printpdf research note, not re-measured) |
//! | PDF size, example talks | 26–46 KB per deck (fonts included) | same order (subset) |
//! | without any subsetting | — | ~0.74–1.27 MB of compressed font data per deck (DejaVu Sans 382 KB + Bold 354 KB + Oblique 328 KB + Mono 205 KB, gzip -9) |
//!
//! **The PDF** is written in one pass: printpdf builds the lopdf document in memory
//! (`PdfDocument::to_lopdf_document`), the nested outline and the page labels (which printpdf
//! 0.12.8 cannot write: its bookmarks are flat and it has no page labels) are added to it, and it
//! is saved once. A single file of many talks is written talk by talk (`pdf/stream.rs`).
//!
//! **Pictures.** The content decides the format (PNG, JPEG, GIF, WebP, with the `image` crate).
//! A picture's size is read from its header before any pixel is decoded, and all decodes of a
//! process share one byte budget, so large pictures are decoded one at a time. A picture shrunk
//! at least twofold is scaled with a box filter (each source pixel counted once, no intermediate
//! image), a smaller step with a triangle filter. Photos (JPEG, WebP) are embedded as JPEG: an
//! unscaled JPEG byte for byte, a scaled one re-encoded at quality 85, both written as
//! `/DCTDecode` image XObjects by hand, since printpdf 0.12.8 has no JPEG pass-through; PNG and
//! GIF stay lossless (Flate). The disk cache is keyed by the SHA-256 of the URL and written
//! atomically. Whether a local picture is outside the notes folder is decided from its path and
//! the links inside the folder, without looking at the outside target; files are opened with
//! `O_NONBLOCK` and read through `Read::take`, so a FIFO or `/dev/zero` is refused at once. A
//! library user sets [`PictureOptions`] (`offline`, `cache_dir`, `timeout`, `max_bytes`,
//! `allow_outside`, `memo_bytes`, `retry_failed_after`); an [`Exporter`] keeps one
//! `PictureSource` (`Exporter::with_pictures` shares one between exporters, as the bot does
//! across layouts), and `Rendered::pictures` counts what came from where.
//!
//! # How it is checked
//!
//! `cargo test -p talk-export` reads every PDF back with lopdf (`tests/support/read_pdf.rs`).
//! `pdf_words.rs`: every word of each talk is found, in order, in the extracted PDF text, for the
//! example talks, a rich talk with every kind of block and every corpus talk (every layout for
//! one talk in five); no list item or code line is split across slides. `pdf_output.rs`: fonts
//! embedded, subset and small; links clickable with no border, following their slides into
//! handouts; outline, metadata and page labels present. `layout_bounds.rs` (proptest) lays out
//! arbitrary talks and checks that no text leaves the page or enters the footer and that every
//! word is on a slide, in order. `pictures.rs` serves generated pictures and failures (slow, 404,
//! endless, HTML) from 127.0.0.1 and checks the image objects, placeholders, warnings, cache,
//! offline mode and time limits. `keep_together.rs` checks each keep-together rule wherever the
//! break falls (each fails with its rule switched off). The end-to-end `export_cli` test runs the
//! binary and `qpdf --check`, `pdftotext`, `pdfinfo` and `pdftoppm` on its output; a missing
//! tool skips its step with a note, except in CI (the `CI` variable set), where it fails.

pub mod error;
pub mod fonts;
pub mod handout;
pub mod output;
pub mod page;
pub mod pdf;
pub mod picture_source;
pub mod settings;
pub mod slides;
pub mod theme;
pub mod wrap;

pub use error::ExportError;
pub use handout::Paper;
pub use picture_source::{PictureCounts, PictureOptions};
pub use theme::Theme;

use fonts::FontSet;
use page::Page;
use pdf::{DocumentInfo, LabelRange, OutlineEntry};
use picture_source::PictureSource;
use std::path::PathBuf;
use std::str::FromStr;
use std::sync::Arc;
use talk_notes::{Conference, Talk};

/// What the pages look like: slides, or handouts with N slides per page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Layout {
    /// 16:9 slides, one per page.
    #[default]
    Slides,
    /// Portrait pages with this many slides each (1, 2, 3, 4 or 6).
    Handout(usize),
}

/// The layout's name, as [`FromStr`] reads it: `slides`, `handout-3`, ….
impl std::fmt::Display for Layout {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Layout::Slides => f.write_str("slides"),
            Layout::Handout(n) => write!(f, "handout-{n}"),
        }
    }
}

impl FromStr for Layout {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "slides" => Ok(Layout::Slides),
            "handout-1" => Ok(Layout::Handout(1)),
            "handout-2" => Ok(Layout::Handout(2)),
            "handout-3" => Ok(Layout::Handout(3)),
            "handout-4" => Ok(Layout::Handout(4)),
            "handout-6" => Ok(Layout::Handout(6)),
            _ => Err(format!(
                "unknown layout {s:?} (expected slides, handout-1, handout-2, handout-3, handout-4 or handout-6)"
            )),
        }
    }
}

impl FromStr for Paper {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.to_ascii_lowercase().as_str() {
            "a4" => Ok(Paper::A4),
            "letter" => Ok(Paper::Letter),
            _ => Err(format!("unknown paper {s:?} (expected a4 or letter)")),
        }
    }
}

/// Light or dark slides.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ThemeName {
    /// Dark text on white (prints well).
    #[default]
    Light,
    /// Light text on a dark background.
    Dark,
}

impl FromStr for ThemeName {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "light" => Ok(ThemeName::Light),
            "dark" => Ok(ThemeName::Dark),
            _ => Err(format!("unknown theme {s:?} (expected light or dark)")),
        }
    }
}

/// How to export.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Slides or handouts.
    pub layout: Layout,
    /// Paper size of handout pages.
    pub paper: Paper,
    /// Colours.
    pub theme: ThemeName,
    /// Extra fonts tried, in order, for characters the shipped DejaVu faces lack.
    pub fallback_fonts: Vec<PathBuf>,
    /// Creation date (Unix seconds) written into the PDF; `None` means now.
    pub created: Option<i64>,
    /// Fetching and caching of pictures (`offline`, `cache_dir`, limits).
    pub pictures: PictureOptions,
}

/// A finished PDF in memory.
#[derive(Debug, Clone)]
pub struct Rendered {
    /// The PDF file.
    pub bytes: Vec<u8>,
    /// Number of pages.
    pub pages: usize,
    /// Characters no font has (drawn as U+FFFD), each once.
    pub missing_chars: Vec<char>,
    /// Other problems worth telling the user (an unreadable image).
    pub warnings: Vec<String>,
    /// Where the pictures came from, and how many are placeholders.
    pub pictures: PictureCounts,
}

/// A PDF written to a file or stream as it was made.
#[derive(Debug, Clone)]
pub struct Written {
    /// Size of the PDF in bytes.
    pub size: u64,
    /// Number of pages.
    pub pages: usize,
    /// Characters no font has (drawn as U+FFFD), each once.
    pub missing_chars: Vec<char>,
    /// Other problems worth telling the user (an unreadable image).
    pub warnings: Vec<String>,
    /// Where the pictures came from, and how many are placeholders.
    pub pictures: PictureCounts,
}

/// Makes PDFs of talks; holds the loaded fonts so that many talks share them.
#[derive(Debug, Clone)]
pub struct Exporter {
    fonts: FontSet,
    options: Options,
    pictures: Arc<PictureSource>,
}

/// One talk's pages before writing, with the outline entries pointing into them.
struct TalkPages {
    pages: Vec<Page>,
    outline: OutlineEntry,
    missing: Vec<char>,
    warnings: Vec<String>,
    pictures: PictureCounts,
}

impl Exporter {
    /// An exporter with the shipped fonts plus `options.fallback_fonts`.
    pub fn new(options: Options) -> Result<Exporter, ExportError> {
        let pictures = Arc::new(PictureSource::new(options.pictures.clone()));
        Exporter::with_pictures(options, pictures)
    }

    /// An exporter taking its pictures from `pictures` (shared with other exporters, say one
    /// per layout, so that a picture is kept in memory once); `options.pictures` is unused.
    pub fn with_pictures(
        options: Options,
        pictures: Arc<PictureSource>,
    ) -> Result<Exporter, ExportError> {
        let fonts = FontSet::load(&options.fallback_fonts)?;
        Ok(Exporter {
            fonts,
            options,
            pictures,
        })
    }

    /// The options this exporter was made with.
    pub fn options(&self) -> &Options {
        &self.options
    }

    /// Where this exporter's pictures come from (and are kept in memory).
    pub fn pictures(&self) -> &Arc<PictureSource> {
        &self.pictures
    }

    fn theme(&self) -> Theme {
        match self.options.theme {
            ThemeName::Light => Theme::LIGHT,
            ThemeName::Dark => Theme::DARK,
        }
    }

    fn created(&self) -> i64 {
        self.options.created.unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_secs() as i64)
        })
    }

    fn lay_out(&self, conference: &Conference, talk: &Talk, first_page: usize) -> TalkPages {
        self.pictures
            .prefetch(&picture_source::remote_pictures(&talk.blocks));
        let deck = slides::SlideLayout::new(&self.fonts, self.theme(), &self.pictures)
            .talk(conference, talk);
        let mut missing = deck.missing_chars;
        // Slides that start a section (sub-headings, links), for the outline.
        let marks: Vec<(usize, String)> = deck
            .pages
            .iter()
            .enumerate()
            .skip(1)
            .filter_map(|(i, p)| p.bookmark.clone().map(|b| (i, b)))
            .collect();
        let (pages, per_page) = match self.options.layout {
            Layout::Slides => (deck.pages, 1),
            Layout::Handout(n) => {
                let header = format!("{} — {}", slides::conference_name(conference), talk.title);
                let pages = handout::handout(
                    &deck.pages,
                    n,
                    self.options.paper,
                    &self.fonts,
                    &header,
                    &mut missing,
                );
                (pages, handout::slots_per_page(n))
            }
        };
        let children = marks
            .into_iter()
            .map(|(i, title)| OutlineEntry {
                title,
                page: first_page + i / per_page,
                children: Vec::new(),
            })
            .collect();
        fonts::dedup_missing(&mut missing);
        TalkPages {
            pages,
            outline: OutlineEntry {
                title: talk.title.clone(),
                page: first_page,
                children,
            },
            missing,
            warnings: deck.warnings,
            pictures: deck.pictures,
        }
    }

    /// The PDF of one talk, in the layout of the options.
    pub fn talk(&self, conference: &Conference, talk: &Talk) -> Result<Rendered, ExportError> {
        let laid = self.lay_out(conference, talk, 0);
        let info = DocumentInfo {
            title: talk.title.clone(),
            subject: slides::conference_name(conference),
            created: self.created(),
        };
        let labels = [LabelRange {
            start: 0,
            prefix: String::new(),
        }];
        let bytes = pdf::write_pdf(
            &laid.pages,
            &self.fonts,
            &info,
            std::slice::from_ref(&laid.outline),
            &labels,
        )?;
        Ok(Rendered {
            bytes,
            pages: laid.pages.len(),
            missing_chars: laid.missing,
            warnings: laid.warnings,
            pictures: laid.pictures,
        })
    }

    /// One PDF holding every talk given, with an outline entry per talk and per slide title,
    /// and page labels "talk.page" (3.1, 3.2, …).
    pub fn talks<'a>(
        &self,
        title: &str,
        talks: impl IntoIterator<Item = (&'a Conference, &'a Talk)>,
    ) -> Result<Rendered, ExportError> {
        let talks: Vec<_> = talks.into_iter().collect();
        let (bytes, written) = self.talks_to(title, &talks, Vec::new())?;
        Ok(Rendered {
            bytes,
            pages: written.pages,
            missing_chars: written.missing_chars,
            warnings: written.warnings,
            pictures: written.pictures,
        })
    }

    /// [`Exporter::talks`] written straight to `path` (replaced atomically), one talk's pages
    /// in memory at a time.
    pub fn talks_to_file(
        &self,
        title: &str,
        talks: &[(&Conference, &Talk)],
        path: &std::path::Path,
    ) -> Result<Written, ExportError> {
        let mut result = None;
        let io = talk_notes::atomic_write::write_atomic_with(path, |file| {
            match self.talks_to(title, talks, std::io::BufWriter::new(file)) {
                Ok((_, written)) => {
                    result = Some(Ok(written));
                    Ok(())
                }
                Err(error) => {
                    result = Some(Err(error));
                    Err(std::io::Error::other("export failed"))
                }
            }
        });
        match (result, io) {
            (Some(Err(error)), _) => Err(error),
            (_, Err(reason)) => Err(ExportError::Write {
                path: path.to_path_buf(),
                reason,
            }),
            (Some(Ok(written)), Ok(())) => Ok(written),
            (None, Ok(())) => Err(ExportError::Pdf {
                what: title.to_string(),
                reason: "nothing was written".to_string(),
            }),
        }
    }

    /// [`Exporter::talks`] written to `out` as it is made. Memory holds one talk's pages at a
    /// time, not every talk's: a first pass lays out each talk for the characters the fonts
    /// must hold, the outline and the page labels, and drops its pages; the second lays each
    /// talk out again and writes its pages. Returns `out` (flushed) and what was written.
    pub fn talks_to<W: std::io::Write>(
        &self,
        title: &str,
        talks: &[(&Conference, &Talk)],
        out: W,
    ) -> Result<(W, Written), ExportError> {
        let mut used = std::collections::BTreeMap::new();
        let mut pages = 0;
        let mut outline = Vec::new();
        let mut labels = Vec::new();
        let mut missing = Vec::new();
        let mut warnings = Vec::new();
        let mut counts = PictureCounts::default();
        let mut subjects: Vec<String> = Vec::new();
        for (i, (conference, talk)) in talks.iter().enumerate() {
            let laid = self.lay_out(conference, talk, pages);
            labels.push(LabelRange {
                start: pages,
                prefix: format!("{}.", i + 1),
            });
            for page in &laid.pages {
                pdf::used_chars(page, &mut used);
            }
            pages += laid.pages.len();
            outline.push(laid.outline);
            missing.extend(laid.missing);
            counts.add(laid.pictures);
            warnings.extend(
                laid.warnings
                    .into_iter()
                    .map(|w| format!("{}: {w}", talk.title)),
            );
            let name = slides::conference_name(conference);
            if !subjects.contains(&name) {
                subjects.push(name);
            }
        }
        let info = DocumentInfo {
            title: title.to_string(),
            subject: subjects.join(", "),
            created: self.created(),
        };
        let mut stream = pdf::PdfStream::new(out, &self.fonts, &used, info)?;
        for (conference, talk) in talks {
            let laid = self.lay_out(conference, talk, stream.pages());
            stream.add_pages(&laid.pages)?;
        }
        let (out, size) = stream.finish(&outline, &labels)?;
        fonts::dedup_missing(&mut missing);
        Ok((
            out,
            Written {
                size,
                pages,
                missing_chars: missing,
                warnings,
                pictures: counts,
            },
        ))
    }
}

/// The PDF of one talk with `options` (loads the fonts each call; keep an [`Exporter`] to make
/// many).
pub fn render_talk(
    conference: &Conference,
    talk: &Talk,
    options: &Options,
) -> Result<Vec<u8>, ExportError> {
    Ok(Exporter::new(options.clone())?
        .talk(conference, talk)?
        .bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_exporter_can_be_shared_between_threads() {
        fn assert_send_sync<T: Send + Sync>() {}
        assert_send_sync::<Exporter>();
        assert_send_sync::<Rendered>();
    }

    #[test]
    fn options_parse_from_their_command_line_names() {
        assert_eq!("handout-3".parse::<Layout>(), Ok(Layout::Handout(3)));
        assert_eq!("slides".parse::<Layout>(), Ok(Layout::Slides));
        assert!("handout-5".parse::<Layout>().is_err());
        assert_eq!("Letter".parse::<Paper>(), Ok(Paper::Letter));
        assert_eq!("dark".parse::<ThemeName>(), Ok(ThemeName::Dark));
        assert!("blue"
            .parse::<ThemeName>()
            .unwrap_err()
            .contains("light or dark"));
    }
}
