//! Writes laid-out pages as a PDF with printpdf: fonts subset before embedding, images, links,
//! outline, metadata and page labels.

mod navigation;
mod stream;
mod subset;

pub use navigation::{LabelRange, OutlineEntry};
pub use stream::PdfStream;

use crate::error::ExportError;
use crate::fonts::{FontRef, FontSet};
use crate::page::{Item, Page, Picture, PictureData, Rect, Rgb};
use printpdf::{
    Actions, BorderArray, Color, CurTransMat, FontId, LinkAnnotation, Op, PaintMode, PdfDocument,
    PdfFontHandle, PdfPage, PdfSaveOptions, Point, Pt, TextItem, WindingOrder, XObjectId,
    XObjectTransform,
};
use printpdf::{DictItem, ExternalStream, ExternalXObject};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::Arc;

/// Document metadata written into the PDF's info dictionary.
#[derive(Debug, Clone, Default)]
pub struct DocumentInfo {
    /// Title (the talk, or the conference for a single file).
    pub title: String,
    /// Subject: the conference.
    pub subject: String,
    /// Creation date as seconds since the Unix epoch.
    pub created: i64,
}

struct Resources {
    fonts: HashMap<FontRef, FontId>,
    images: HashMap<*const Picture, (XObjectId, u32, u32)>,
}

/// An image XObject holding a JPEG file as it is. printpdf 0.12.8 has no JPEG pass-through
/// (`RawImage` decodes to pixels and re-encodes them), so the stream is written by hand.
fn jpeg_xobject(bytes: &[u8], components: u8, picture: &Picture) -> ExternalXObject {
    let name = |n: &str| DictItem::Name(n.as_bytes().to_vec());
    let mut dict = BTreeMap::new();
    dict.insert("Type".to_string(), name("XObject"));
    dict.insert("Subtype".to_string(), name("Image"));
    dict.insert("Width".to_string(), DictItem::Int(picture.width.into()));
    dict.insert("Height".to_string(), DictItem::Int(picture.height.into()));
    let space = if components == 1 {
        "DeviceGray"
    } else {
        "DeviceRGB"
    };
    dict.insert("ColorSpace".to_string(), name(space));
    dict.insert("BitsPerComponent".to_string(), DictItem::Int(8));
    dict.insert("Filter".to_string(), name("DCTDecode"));
    ExternalXObject {
        stream: ExternalStream {
            dict,
            content: bytes.to_vec(),
            compress: false,
        },
        width: Some(printpdf::Px(picture.width as usize)),
        height: Some(printpdf::Px(picture.height as usize)),
        dpi: None,
    }
}

/// The PDF bytes of `pages`, with `outline` and page `labels`.
pub fn write_pdf(
    pages: &[Page],
    fonts: &FontSet,
    info: &DocumentInfo,
    outline: &[OutlineEntry],
    labels: &[LabelRange],
) -> Result<Vec<u8>, ExportError> {
    let mut doc = PdfDocument::new(&info.title);
    let mut resources = Resources {
        fonts: HashMap::new(),
        images: HashMap::new(),
    };

    let mut used: BTreeMap<FontRef, BTreeSet<char>> = BTreeMap::new();
    let mut pictures: Vec<Arc<Picture>> = Vec::new();
    for page in pages {
        collect(&page.items, &mut used, &mut pictures);
    }
    for (font, chars) in &used {
        let subset = subset::subset_font(fonts, *font, chars)?;
        resources.fonts.insert(*font, doc.add_font(&subset));
    }
    add_images(&mut doc, &pictures, &mut resources);

    doc.with_pages(pdf_pages(pages, &resources));
    set_metadata(&mut doc, info)?;
    let options = save_options();
    let mut warnings = Vec::new();
    // One pass: printpdf builds the lopdf document in memory, the outline and page labels are
    // added to it, and it is written once. printpdf 0.12.8 cannot write them itself: its
    // bookmarks are one flat list (no nesting, no closed entries, an `XYZ` destination) and it
    // has no page labels at all, but `to_lopdf_document` hands over the document before saving.
    let mut pdf = doc.to_lopdf_document(&options, &mut warnings);
    navigation::add_outline_and_labels(&mut pdf, outline, labels).map_err(|reason| {
        ExportError::Pdf {
            what: info.title.clone(),
            reason,
        }
    })?;
    // What `PdfDocument::save` does after building the document (`optimize` is on).
    pdf.compress();
    let mut bytes = Vec::new();
    pdf.save_to(&mut bytes).map_err(|e| ExportError::Pdf {
        what: info.title.clone(),
        reason: e.to_string(),
    })?;
    Ok(bytes)
}

/// Adds each picture of `pictures` to `doc` once, recording its id in `resources`.
/// Laid-out `pages` as printpdf pages, drawing with the fonts and pictures of `resources`.
fn pdf_pages(pages: &[Page], resources: &Resources) -> Vec<PdfPage> {
    pages
        .iter()
        .map(|page| {
            let mut ops = Vec::with_capacity(page.items.len() * 6);
            emit(&page.items, resources, &mut ops, (1.0, 0.0, 0.0));
            PdfPage::new(Pt(page.width).into(), Pt(page.height).into(), ops)
        })
        .collect()
}

fn add_images(doc: &mut PdfDocument, pictures: &[Arc<Picture>], resources: &mut Resources) {
    for picture in pictures {
        let key = Arc::as_ptr(picture);
        if let std::collections::hash_map::Entry::Vacant(slot) = resources.images.entry(key) {
            let id = match &picture.data {
                PictureData::Raw(raw) => doc.add_image(raw),
                PictureData::Jpeg { bytes, components } => {
                    doc.add_xobject(&jpeg_xobject(bytes, *components, picture))
                }
            };
            slot.insert((id, picture.width.max(1), picture.height.max(1)));
        }
    }
}

/// Writes the title, subject, tools and dates of `info` into `doc`.
fn set_metadata(doc: &mut PdfDocument, info: &DocumentInfo) -> Result<(), ExportError> {
    let date = printpdf::OffsetDateTime::from_unix_timestamp(info.created).map_err(|e| {
        ExportError::Pdf {
            what: info.title.clone(),
            reason: format!("bad creation date: {e}"),
        }
    })?;
    let meta = &mut doc.metadata.info;
    meta.document_title = info.title.clone();
    meta.subject = info.subject.clone();
    meta.creator = format!("talk-export {}", env!("CARGO_PKG_VERSION"));
    meta.producer = "printpdf 0.12".to_string();
    meta.creation_date = date;
    meta.modification_date = date;
    meta.metadata_date = date;
    Ok(())
}

/// How printpdf writes: fonts as given (subset here), pictures lossless.
fn save_options() -> PdfSaveOptions {
    PdfSaveOptions {
        subset_fonts: false,
        // Lossless: screenshots and diagrams stay sharp; Flate keeps them small.
        image_optimization: Some(printpdf::ImageOptimizationOptions {
            format: Some(printpdf::ImageCompression::Flate),
            ..printpdf::ImageOptimizationOptions::default()
        }),
        ..PdfSaveOptions::default()
    }
}

/// Adds the characters each font draws on `page` to `used`.
pub(crate) fn used_chars(page: &Page, used: &mut BTreeMap<FontRef, BTreeSet<char>>) {
    collect(&page.items, used, &mut Vec::new());
}

fn collect(
    items: &[Item],
    used: &mut BTreeMap<FontRef, BTreeSet<char>>,
    pictures: &mut Vec<Arc<Picture>>,
) {
    for item in items {
        match item {
            Item::Text { font, text, .. } => used.entry(*font).or_default().extend(text.chars()),
            Item::Image { picture, .. } => pictures.push(picture.clone()),
            Item::Placed { page, .. } => collect(&page.items, used, pictures),
            _ => {}
        }
    }
}

fn color(c: Rgb) -> Color {
    Color::Rgb(printpdf::Rgb {
        r: c.0,
        g: c.1,
        b: c.2,
        icc_profile: None,
    })
}

fn rect(r: &Rect, mode: PaintMode) -> printpdf::Rect {
    printpdf::Rect {
        x: Pt(r.x),
        y: Pt(r.y),
        width: Pt(r.w),
        height: Pt(r.h),
        mode: Some(mode),
        winding_order: Some(WindingOrder::NonZero),
    }
}

/// Appends the ops drawing `items`; `link` is the (scale, dx, dy) that maps this level's
/// coordinates to the page, for link rectangles (which no content matrix moves).
fn emit(items: &[Item], res: &Resources, ops: &mut Vec<Op>, link: (f32, f32, f32)) {
    for item in items {
        match item {
            Item::Text {
                x,
                y,
                size,
                font,
                color: c,
                text,
            } => {
                let Some(id) = res.fonts.get(font) else {
                    continue;
                };
                ops.push(Op::StartTextSection);
                ops.push(Op::SetFont {
                    font: PdfFontHandle::External(id.clone()),
                    size: Pt(*size),
                });
                ops.push(Op::SetFillColor { col: color(*c) });
                ops.push(Op::SetTextCursor {
                    pos: Point {
                        x: Pt(*x),
                        y: Pt(*y),
                    },
                });
                ops.push(Op::ShowText {
                    items: vec![TextItem::Text(text.clone())],
                });
                ops.push(Op::EndTextSection);
            }
            Item::Box {
                rect: r,
                fill,
                stroke,
            } => {
                if let Some(f) = fill {
                    ops.push(Op::SetFillColor { col: color(*f) });
                }
                if let Some((s, w)) = stroke {
                    ops.push(Op::SetOutlineColor { col: color(*s) });
                    ops.push(Op::SetOutlineThickness { pt: Pt(*w) });
                }
                let mode = match (fill, stroke) {
                    (Some(_), Some(_)) => PaintMode::FillStroke,
                    (None, Some(_)) => PaintMode::Stroke,
                    _ => PaintMode::Fill,
                };
                ops.push(Op::DrawRectangle {
                    rectangle: rect(r, mode),
                });
            }
            Item::Line {
                from,
                to,
                color: c,
                width,
            } => {
                ops.push(Op::SetOutlineColor { col: color(*c) });
                ops.push(Op::SetOutlineThickness { pt: Pt(*width) });
                ops.push(Op::DrawLine {
                    line: printpdf::Line {
                        points: vec![
                            printpdf::LinePoint {
                                p: Point {
                                    x: Pt(from.0),
                                    y: Pt(from.1),
                                },
                                bezier: false,
                            },
                            printpdf::LinePoint {
                                p: Point {
                                    x: Pt(to.0),
                                    y: Pt(to.1),
                                },
                                bezier: false,
                            },
                        ],
                        is_closed: false,
                    },
                });
            }
            Item::Image { rect: r, picture } => {
                let Some((id, w, h)) = res.images.get(&Arc::as_ptr(picture)) else {
                    continue;
                };
                ops.push(Op::UseXobject {
                    id: id.clone(),
                    transform: XObjectTransform {
                        translate_x: Some(Pt(r.x)),
                        translate_y: Some(Pt(r.y)),
                        scale_x: Some(r.w / *w as f32),
                        scale_y: Some(r.h / *h as f32),
                        dpi: Some(72.0),
                        ..XObjectTransform::default()
                    },
                });
            }
            Item::Link { rect: r, url } => {
                let (s, dx, dy) = link;
                let r = r.transformed(s, dx, dy);
                ops.push(Op::LinkAnnotation {
                    link: LinkAnnotation::new(
                        rect(&r, PaintMode::Fill),
                        Actions::Uri(url.clone()),
                        Some(BorderArray::Solid([0.0, 0.0, 0.0])),
                        None,
                        None,
                    ),
                });
            }
            Item::Placed { page, scale, x, y } => {
                ops.push(Op::SaveGraphicsState);
                ops.push(Op::SetTransformationMatrix {
                    matrix: CurTransMat::Raw([*scale, 0.0, 0.0, *scale, *x, *y]),
                });
                let clip = Rect {
                    x: 0.0,
                    y: 0.0,
                    w: page.width,
                    h: page.height,
                };
                ops.push(Op::DrawRectangle {
                    rectangle: rect(&clip, PaintMode::Clip),
                });
                let (s, dx, dy) = link;
                emit(&page.items, res, ops, (s * scale, dx + x * s, dy + y * s));
                ops.push(Op::RestoreGraphicsState);
            }
        }
    }
}
