//! Writes laid-out pages as a PDF with printpdf: fonts subset before embedding, images, links,
//! outline, metadata and page labels.

use crate::error::ExportError;
use crate::fonts::{FontRef, FontSet};
use crate::page::{Item, Page, Picture, PictureData, Rect, Rgb};
use printpdf::{
    Actions, BorderArray, Color, CurTransMat, FontId, LinkAnnotation, Op, PaintMode, ParsedFont,
    PdfDocument, PdfFontHandle, PdfPage, PdfSaveOptions, Point, Pt, TextItem, WindingOrder,
    XObjectId, XObjectTransform,
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

/// A page label range: pages from `start` (0-based) are numbered 1, 2, … after `prefix`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LabelRange {
    /// First page of the range, 0-based.
    pub start: usize,
    /// Text before the number ("" for plain numbers).
    pub prefix: String,
}

/// One outline entry: a title pointing at a page, with its children.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutlineEntry {
    /// Shown text.
    pub title: String,
    /// Target page, 0-based.
    pub page: usize,
    /// Nested entries.
    pub children: Vec<OutlineEntry>,
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
        let subset = subset_font(fonts, *font, chars)?;
        resources.fonts.insert(*font, doc.add_font(&subset));
    }
    for picture in &pictures {
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

    let mut pdf_pages = Vec::with_capacity(pages.len());
    for page in pages {
        let mut ops = Vec::with_capacity(page.items.len() * 6);
        emit(&page.items, &resources, &mut ops, (1.0, 0.0, 0.0));
        pdf_pages.push(PdfPage::new(
            Pt(page.width).into(),
            Pt(page.height).into(),
            ops,
        ));
    }
    doc.with_pages(pdf_pages);

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

    let options = PdfSaveOptions {
        subset_fonts: false,
        // Lossless: screenshots and diagrams stay sharp; Flate keeps them small.
        image_optimization: Some(printpdf::ImageOptimizationOptions {
            format: Some(printpdf::ImageCompression::Flate),
            ..printpdf::ImageOptimizationOptions::default()
        }),
        ..PdfSaveOptions::default()
    };
    let mut warnings = Vec::new();
    let bytes = doc.save(&options, &mut warnings);
    finish(bytes, outline, labels).map_err(|reason| ExportError::Pdf {
        what: info.title.clone(),
        reason,
    })
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

/// A font reduced to the glyphs of `chars`, renumbered, with a cmap and advances to match.
fn subset_font(
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

/// Replaces printpdf's flat outline with a nested one and adds page labels, with lopdf.
fn finish(
    bytes: Vec<u8>,
    outline: &[OutlineEntry],
    labels: &[LabelRange],
) -> Result<Vec<u8>, String> {
    use lopdf::{Dictionary, Object, ObjectId};
    if outline.is_empty() && labels.is_empty() {
        return Ok(bytes);
    }
    let mut doc = lopdf::Document::load_mem(&bytes).map_err(|e| e.to_string())?;
    let page_ids: Vec<ObjectId> = doc.get_pages().into_values().collect();
    let catalog_id = doc
        .trailer
        .get(b"Root")
        .and_then(Object::as_reference)
        .map_err(|e| e.to_string())?;

    let mut catalog_updates: Vec<(&[u8], Object)> = Vec::new();
    if !labels.is_empty() {
        let mut nums = Vec::new();
        for label in labels {
            let mut dict = Dictionary::new();
            dict.set("S", Object::Name(b"D".to_vec()));
            if !label.prefix.is_empty() {
                dict.set(
                    "P",
                    Object::string_literal(label.prefix.as_bytes().to_vec()),
                );
            }
            nums.push(Object::Integer(label.start as i64));
            nums.push(Object::Dictionary(dict));
        }
        let mut page_labels = Dictionary::new();
        page_labels.set("Nums", Object::Array(nums));
        catalog_updates.push((b"PageLabels", Object::Dictionary(page_labels)));
    }
    if !outline.is_empty() {
        let root_id = doc.new_object_id();
        let (first, last, count) = add_outline_level(&mut doc, outline, root_id, &page_ids);
        let mut root = Dictionary::new();
        root.set("Type", Object::Name(b"Outlines".to_vec()));
        if let (Some(first), Some(last)) = (first, last) {
            root.set("First", Object::Reference(first));
            root.set("Last", Object::Reference(last));
        }
        root.set("Count", Object::Integer(count));
        doc.objects.insert(root_id, Object::Dictionary(root));
        catalog_updates.push((b"Outlines", Object::Reference(root_id)));
        catalog_updates.push((b"PageMode", Object::Name(b"UseOutlines".to_vec())));
    }
    let catalog = doc
        .get_object_mut(catalog_id)
        .and_then(Object::as_dict_mut)
        .map_err(|e| e.to_string())?;
    for (key, value) in catalog_updates {
        catalog.set(key, value);
    }
    let mut out = Vec::with_capacity(bytes.len() + 4096);
    doc.save_to(&mut out).map_err(|e| e.to_string())?;
    Ok(out)
}

/// Writes one level of outline items under `parent`: (first, last, visible count).
fn add_outline_level(
    doc: &mut lopdf::Document,
    entries: &[OutlineEntry],
    parent: lopdf::ObjectId,
    page_ids: &[lopdf::ObjectId],
) -> (Option<lopdf::ObjectId>, Option<lopdf::ObjectId>, i64) {
    use lopdf::{Dictionary, Object};
    let ids: Vec<lopdf::ObjectId> = entries.iter().map(|_| doc.new_object_id()).collect();
    let mut count = 0;
    for (i, entry) in entries.iter().enumerate() {
        let mut dict = Dictionary::new();
        dict.set("Title", text_string(&entry.title));
        dict.set("Parent", Object::Reference(parent));
        if i > 0 {
            dict.set("Prev", Object::Reference(ids[i - 1]));
        }
        if let Some(next) = ids.get(i + 1) {
            dict.set("Next", Object::Reference(*next));
        }
        if let Some(page) = page_ids.get(entry.page).or(page_ids.last()) {
            dict.set(
                "Dest",
                Object::Array(vec![
                    Object::Reference(*page),
                    Object::Name(b"Fit".to_vec()),
                ]),
            );
        }
        if !entry.children.is_empty() {
            let (first, last, _) = add_outline_level(doc, &entry.children, ids[i], page_ids);
            if let (Some(first), Some(last)) = (first, last) {
                dict.set("First", Object::Reference(first));
                dict.set("Last", Object::Reference(last));
                // Negative: closed by default, so long documents open as a list of talks.
                dict.set("Count", Object::Integer(-(entry.children.len() as i64)));
            }
        }
        doc.objects.insert(ids[i], Object::Dictionary(dict));
        count += 1;
    }
    (ids.first().copied(), ids.last().copied(), count)
}

/// A PDF text string: UTF-16BE with a byte-order mark, so any title survives.
fn text_string(text: &str) -> lopdf::Object {
    let mut bytes = vec![0xFE, 0xFF];
    for unit in text.encode_utf16() {
        bytes.extend_from_slice(&unit.to_be_bytes());
    }
    lopdf::Object::String(bytes, lopdf::StringFormat::Hexadecimal)
}
