//! Laid-out pages: what the slide and handout layouts produce and the PDF writer draws.
//!
//! Coordinates are points from the bottom-left corner of the page, as in PDF.

use crate::fonts::FontRef;
use std::sync::Arc;

/// An RGB colour, each channel 0.0–1.0.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rgb(pub f32, pub f32, pub f32);

/// An axis-aligned rectangle: lower-left corner, width and height.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rect {
    /// Left edge.
    pub x: f32,
    /// Bottom edge.
    pub y: f32,
    /// Width.
    pub w: f32,
    /// Height.
    pub h: f32,
}

impl Rect {
    /// The rectangle scaled by `s` and moved by (`tx`, `ty`).
    pub fn transformed(&self, s: f32, tx: f32, ty: f32) -> Rect {
        Rect {
            x: self.x * s + tx,
            y: self.y * s + ty,
            w: self.w * s,
            h: self.h * s,
        }
    }
}

/// A raster image, shared between the slide that shows it and the handout pages.
#[derive(Debug)]
pub struct Picture {
    /// The image data, ready for the PDF writer.
    pub data: PictureData,
    /// Pixel width.
    pub width: u32,
    /// Pixel height.
    pub height: u32,
}

impl Picture {
    /// Bytes the picture holds in memory (its pixels or its JPEG file).
    pub fn bytes(&self) -> u64 {
        let data = match &self.data {
            PictureData::Raw(raw) => match &raw.pixels {
                printpdf::RawImageData::U8(p) => p.len(),
                printpdf::RawImageData::U16(p) => p.len() * 2,
                printpdf::RawImageData::F32(p) => p.len() * 4,
            },
            PictureData::Jpeg { bytes, .. } => bytes.len(),
        };
        data as u64
    }
}

/// How a picture is stored in the PDF.
#[derive(Debug)]
pub enum PictureData {
    /// Pixels, compressed losslessly by printpdf.
    Raw(printpdf::RawImage),
    /// A JPEG file embedded as it is (`/DCTDecode`), with its number of colour components
    /// (1 grey, 3 RGB).
    Jpeg {
        /// The JPEG file.
        bytes: Vec<u8>,
        /// 1 or 3.
        components: u8,
    },
}

/// One thing drawn on a page.
#[derive(Debug, Clone)]
pub enum Item {
    /// A run of text in one font, `y` being the baseline.
    Text {
        /// Left of the run.
        x: f32,
        /// Baseline.
        y: f32,
        /// Font size in points.
        size: f32,
        /// The font that has every glyph of `text`.
        font: FontRef,
        /// Fill colour.
        color: Rgb,
        /// The characters.
        text: String,
    },
    /// A filled and/or stroked rectangle.
    Box {
        /// Where.
        rect: Rect,
        /// Fill colour, if filled.
        fill: Option<Rgb>,
        /// Stroke colour and width, if stroked.
        stroke: Option<(Rgb, f32)>,
    },
    /// A straight line.
    Line {
        /// Start.
        from: (f32, f32),
        /// End.
        to: (f32, f32),
        /// Colour.
        color: Rgb,
        /// Width.
        width: f32,
    },
    /// A raster image scaled into `rect`.
    Image {
        /// Where.
        rect: Rect,
        /// The image.
        picture: Arc<Picture>,
    },
    /// A clickable area opening `url`.
    Link {
        /// The clickable area.
        rect: Rect,
        /// The destination.
        url: String,
    },
    /// Another page (a slide) drawn scaled by `scale` and moved by (`x`, `y`), clipped to its
    /// own media box. Its links are moved and scaled with it.
    Placed {
        /// The slide.
        page: Arc<Page>,
        /// Scale factor.
        scale: f32,
        /// Left edge on this page.
        x: f32,
        /// Bottom edge on this page.
        y: f32,
    },
}

/// One page: its size, what is drawn on it, and the title it gets in the outline.
#[derive(Debug, Clone)]
pub struct Page {
    /// Width in points.
    pub width: f32,
    /// Height in points.
    pub height: f32,
    /// What is drawn, in reading order.
    pub items: Vec<Item>,
    /// Outline entry for this page, if it starts something worth a bookmark.
    pub bookmark: Option<String>,
}

impl Page {
    /// Every text run of the page (and of the slides placed on it), in drawing order.
    pub fn texts(&self) -> Vec<&str> {
        let mut out = Vec::new();
        for item in &self.items {
            match item {
                Item::Text { text, .. } => out.push(text.as_str()),
                Item::Placed { page, .. } => out.extend(page.texts()),
                _ => {}
            }
        }
        out
    }

    /// Every link of the page with its rectangle in this page's coordinates.
    pub fn links(&self) -> Vec<(Rect, &str)> {
        let mut out = Vec::new();
        for item in &self.items {
            match item {
                Item::Link { rect, url } => out.push((*rect, url.as_str())),
                Item::Placed { page, scale, x, y } => out.extend(
                    page.links()
                        .into_iter()
                        .map(|(r, u)| (r.transformed(*scale, *x, *y), u)),
                ),
                _ => {}
            }
        }
        out
    }
}
