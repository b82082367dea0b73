//! Writing one PDF a talk at a time: each talk's pages go through printpdf on their own and
//! their objects are copied straight to the output, so that memory holds one talk's pages, not
//! every talk's. The fonts are subset once for the whole document (the characters every page
//! draws, gathered by a first pass) and written once; the page tree, outline and page labels
//! follow the last page, with the cross-reference table.

use super::{
    add_images, navigation, pdf_pages, save_options, set_metadata, DocumentInfo, Resources,
};
use super::{LabelRange, OutlineEntry};
use crate::error::ExportError;
use crate::fonts::{FontRef, FontSet};
use crate::page::{Item, Page, Rgb};
use lopdf::{Dictionary, Object, ObjectId, StringFormat};
use printpdf::{FontId, ParsedFont, PdfDocument, PdfFont};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::io::{self, Write};

/// A PDF being written page by page to `W`.
pub struct PdfStream<'a, W: Write> {
    out: Counting<W>,
    fonts: &'a FontSet,
    info: DocumentInfo,
    /// The fonts reduced to the characters of the whole document, by resource name.
    subsets: BTreeMap<FontRef, ParsedFont>,
    /// The characters each font draws in the whole document.
    used: BTreeMap<FontRef, BTreeSet<char>>,
    /// Byte offset of each object written, by object number (0: not written).
    offsets: Vec<u64>,
    pages_id: ObjectId,
    font_dict_id: ObjectId,
    font_dict: Dictionary,
    info_id: Option<ObjectId>,
    page_ids: Vec<ObjectId>,
}

/// Counts the bytes written, for the cross-reference table.
struct Counting<W: Write> {
    inner: W,
    written: u64,
}

impl<W: Write> Write for Counting<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.written += n as u64;
        Ok(n)
    }
    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

/// The resource name of a font in every page of the document.
fn font_name(font: FontRef) -> String {
    format!("F{}", font.0)
}

impl<'a, W: Write> PdfStream<'a, W> {
    /// Starts the PDF: `used` holds every character each font draws in the whole document.
    pub fn new(
        out: W,
        fonts: &'a FontSet,
        used: &BTreeMap<FontRef, BTreeSet<char>>,
        info: DocumentInfo,
    ) -> Result<Self, ExportError> {
        let mut subsets = BTreeMap::new();
        for (font, chars) in used {
            subsets.insert(*font, super::subset::subset_font(fonts, *font, chars)?);
        }
        let mut stream = PdfStream {
            out: Counting {
                inner: out,
                written: 0,
            },
            fonts,
            info,
            subsets,
            used: used.clone(),
            offsets: vec![0],
            pages_id: (0, 0),
            font_dict_id: (0, 0),
            font_dict: Dictionary::new(),
            info_id: None,
            page_ids: Vec::new(),
        };
        stream.pages_id = stream.reserve();
        stream.font_dict_id = stream.reserve();
        let header = b"%PDF-1.7\n%\xE2\xE3\xCF\xD3\n";
        stream.out.write_all(header).map_err(|e| stream.error(e))?;
        stream.write_fonts()?;
        Ok(stream)
    }

    fn error(&self, e: impl std::fmt::Display) -> ExportError {
        ExportError::Pdf {
            what: self.info.title.clone(),
            reason: e.to_string(),
        }
    }

    fn reserve(&mut self) -> ObjectId {
        self.offsets.push(0);
        ((self.offsets.len() - 1) as u32, 0)
    }

    fn write_object(&mut self, id: ObjectId, object: &Object) -> io::Result<()> {
        self.offsets[id.0 as usize] = self.out.written;
        writeln!(self.out, "{} 0 obj", id.0)?;
        write_object(&mut self.out, object)?;
        self.out.write_all(b"\nendobj\n")
    }

    /// Copies object `id` of `doc` and everything it refers to; returns its number here.
    fn copy(
        &mut self,
        doc: &lopdf::Document,
        id: ObjectId,
        memo: &mut HashMap<ObjectId, ObjectId>,
    ) -> io::Result<ObjectId> {
        if let Some(new) = memo.get(&id) {
            return Ok(*new);
        }
        let new = self.reserve();
        memo.insert(id, new);
        let mut object = doc.get_object(id).cloned().unwrap_or(Object::Null);
        self.copy_refs(doc, &mut object, memo)?;
        self.write_object(new, &object)?;
        Ok(new)
    }

    fn copy_refs(
        &mut self,
        doc: &lopdf::Document,
        object: &mut Object,
        memo: &mut HashMap<ObjectId, ObjectId>,
    ) -> io::Result<()> {
        match object {
            Object::Reference(id) => *id = self.copy(doc, *id, memo)?,
            Object::Array(items) => {
                for item in items {
                    self.copy_refs(doc, item, memo)?;
                }
            }
            Object::Dictionary(dict) => {
                for (_, value) in dict.iter_mut() {
                    self.copy_refs(doc, value, memo)?;
                }
            }
            Object::Stream(stream) => {
                for (_, value) in stream.dict.iter_mut() {
                    self.copy_refs(doc, value, memo)?;
                }
            }
            _ => {}
        }
        Ok(())
    }

    /// Writes `pages` (one talk's) at the end of the document.
    pub fn add_pages(&mut self, pages: &[Page]) -> Result<(), ExportError> {
        let chunk = self.chunk(pages)?;
        self.copy_chunk(&chunk).map_err(|e| self.error(e))
    }

    /// Writes the fonts. printpdf writes a font's widths and its text map (ToUnicode) for the
    /// characters its document draws, so they come from a document of one page that draws
    /// every character of the whole PDF; that page itself is not written.
    fn write_fonts(&mut self) -> Result<(), ExportError> {
        let items = self
            .subsets
            .keys()
            .map(|font| Item::Text {
                x: 0.0,
                y: 0.0,
                size: 10.0,
                font: *font,
                color: Rgb(0.0, 0.0, 0.0),
                text: self.used.get(font).into_iter().flatten().collect(),
            })
            .collect();
        let page = Page {
            width: 100.0,
            height: 100.0,
            items,
            bookmark: None,
        };
        let mut chunk = self.chunk(std::slice::from_ref(&page))?;
        chunk.compress();
        let fonts = chunk
            .get_pages()
            .into_values()
            .next()
            .and_then(|page| chunk.get_dictionary(page).ok())
            .and_then(|page| resolve(&chunk, page.get(b"Resources").ok()?))
            .and_then(|resources| resolve(&chunk, resources.get(b"Font").ok()?));
        let mut memo = HashMap::new();
        for (name, font) in fonts.iter().flat_map(|d| d.iter()) {
            let mut font = font.clone();
            self.copy_refs(&chunk, &mut font, &mut memo)
                .map_err(|e| self.error(e))?;
            self.font_dict.set(name.clone(), font);
        }
        Ok(())
    }

    /// `pages` as a document of their own, by printpdf.
    fn chunk(&self, pages: &[Page]) -> Result<lopdf::Document, ExportError> {
        let mut used = BTreeMap::new();
        let mut pictures = Vec::new();
        for page in pages {
            super::collect(&page.items, &mut used, &mut pictures);
        }
        let mut doc = PdfDocument::new(&self.info.title);
        let mut resources = Resources {
            fonts: HashMap::new(),
            images: HashMap::new(),
        };
        for font in used.keys() {
            let Some(subset) = self.subsets.get(font) else {
                return Err(self.error(format!(
                    "font {} draws text the first pass did not see",
                    self.fonts.get(*font).name
                )));
            };
            let id = FontId(font_name(*font));
            doc.resources
                .fonts
                .map
                .insert(id.clone(), PdfFont::new(subset.clone()));
            resources.fonts.insert(*font, id);
        }
        add_images(&mut doc, &pictures, &mut resources);
        doc.with_pages(pdf_pages(pages, &resources));
        set_metadata(&mut doc, &self.info)?;
        let mut warnings = Vec::new();
        let mut chunk = doc.to_lopdf_document(&save_options(), &mut warnings);
        // Only the pages' content streams are compressed: the fonts of a talk's document are
        // dropped (they are written once, from the fonts' own document), and compressing them
        // for every talk made the export four times slower.
        let contents: Vec<ObjectId> = chunk
            .get_pages()
            .into_values()
            .filter_map(|page| chunk.get_dictionary(page).ok()?.get(b"Contents").ok())
            .flat_map(|contents| match contents {
                Object::Reference(id) => vec![*id],
                Object::Array(items) => {
                    items.iter().filter_map(|i| i.as_reference().ok()).collect()
                }
                _ => Vec::new(),
            })
            .collect();
        for id in contents {
            if let Ok(Object::Stream(stream)) = chunk.get_object_mut(id) {
                // Left as it is when it cannot be compressed: still a valid stream.
                let _ = stream.compress();
            }
        }
        Ok(chunk)
    }

    fn copy_chunk(&mut self, chunk: &lopdf::Document) -> io::Result<()> {
        let mut memo = HashMap::new();
        if self.info_id.is_none() {
            if let Ok(info) = chunk.trailer.get(b"Info").and_then(Object::as_reference) {
                self.info_id = Some(self.copy(chunk, info, &mut memo)?);
            }
        }
        let bad = |what: &str| io::Error::other(format!("printpdf wrote a page without {what}"));
        for page_id in chunk.get_pages().into_values() {
            let mut page = chunk
                .get_dictionary(page_id)
                .map_err(|_| bad("a page"))?
                .clone();
            page.remove(b"Parent");
            page.remove(b"Resources");
            let resources = chunk.get_dictionary(page_id).map_err(|_| bad("a page"))?;
            let mut resources = resources
                .get(b"Resources")
                .ok()
                .and_then(|r| resolve(chunk, r))
                .ok_or_else(|| bad("resources"))?;
            // References are renumbered first; those to this document's own objects (the font
            // dictionary, the page tree) are set after.
            resources.remove(b"Font");
            let mut page = Object::Dictionary(page);
            self.copy_refs(chunk, &mut page, &mut memo)?;
            let mut resources = Object::Dictionary(resources);
            self.copy_refs(chunk, &mut resources, &mut memo)?;
            if let Object::Dictionary(resources) = &mut resources {
                resources.set("Font", Object::Reference(self.font_dict_id));
            }
            if let Object::Dictionary(page) = &mut page {
                page.set("Resources", resources);
                page.set("Parent", Object::Reference(self.pages_id));
            }
            let id = self.reserve();
            self.write_object(id, &page)?;
            self.page_ids.push(id);
        }
        Ok(())
    }

    /// The number of pages written so far.
    pub fn pages(&self) -> usize {
        self.page_ids.len()
    }

    /// Writes the page tree, the outline, the page labels and the cross-reference table;
    /// returns the output and the file's size in bytes. Each is written as it is made, so
    /// that nothing of the size of the document is built in memory.
    pub fn finish(
        mut self,
        outline: &[OutlineEntry],
        labels: &[LabelRange],
    ) -> Result<(W, u64), ExportError> {
        self.write_navigation(outline, labels)
            .map_err(|e| self.error(e))?;
        self.out.flush().map_err(|e| self.error(e))?;
        Ok((self.out.inner, self.out.written))
    }

    fn write_navigation(
        &mut self,
        outline: &[OutlineEntry],
        labels: &[LabelRange],
    ) -> io::Result<()> {
        let font_dict = Object::Dictionary(std::mem::take(&mut self.font_dict));
        self.write_object(self.font_dict_id, &font_dict)?;
        // The page tree: one flat list of pages.
        self.offsets[self.pages_id.0 as usize] = self.out.written;
        write!(
            self.out,
            "{} 0 obj\n<</Type /Pages /Count {} /Kids [",
            self.pages_id.0,
            self.page_ids.len()
        )?;
        for id in &self.page_ids {
            write!(self.out, "{} 0 R ", id.0)?;
        }
        self.out.write_all(b"]>>\nendobj\n")?;
        let root = self.reserve();
        let first_last = self.write_outline(outline, root)?;
        if let (Some(first), Some(last)) = first_last {
            let mut dict = Dictionary::new();
            dict.set("Type", Object::Name(b"Outlines".to_vec()));
            dict.set("First", Object::Reference(first));
            dict.set("Last", Object::Reference(last));
            dict.set("Count", Object::Integer(outline.len() as i64));
            self.write_object(root, &Object::Dictionary(dict))?;
        }
        let catalog = self.reserve();
        self.offsets[catalog.0 as usize] = self.out.written;
        write!(
            self.out,
            "{} 0 obj\n<</Type /Catalog /PageLayout /OneColumn /Pages {} 0 R",
            catalog.0, self.pages_id.0
        )?;
        if first_last.0.is_some() {
            write!(self.out, " /Outlines {} 0 R /PageMode /UseOutlines", root.0)?;
        } else {
            self.out.write_all(b" /PageMode /UseNone")?;
        }
        if !labels.is_empty() {
            self.out.write_all(b" /PageLabels <</Nums [")?;
            for label in labels {
                write!(self.out, "{} <</S /D", label.start)?;
                if !label.prefix.is_empty() {
                    self.out.write_all(b" /P ")?;
                    write_object(
                        &mut self.out,
                        &Object::string_literal(label.prefix.as_bytes().to_vec()),
                    )?;
                }
                self.out.write_all(b">> ")?;
            }
            self.out.write_all(b"]>>")?;
        }
        self.out.write_all(b">>\nendobj\n")?;
        self.write_trailer(catalog)
    }

    /// Writes one level of outline items under `parent`, each pointing at its page with its
    /// children closed; returns the first and last item.
    fn write_outline(
        &mut self,
        entries: &[OutlineEntry],
        parent: ObjectId,
    ) -> io::Result<(Option<ObjectId>, Option<ObjectId>)> {
        let ids: Vec<ObjectId> = entries.iter().map(|_| self.reserve()).collect();
        for (i, entry) in entries.iter().enumerate() {
            let mut dict = Dictionary::new();
            dict.set("Title", navigation::text_string(&entry.title));
            dict.set("Parent", Object::Reference(parent));
            if i > 0 {
                dict.set("Prev", Object::Reference(ids[i - 1]));
            }
            if let Some(next) = ids.get(i + 1) {
                dict.set("Next", Object::Reference(*next));
            }
            if let Some(page) = self.page_ids.get(entry.page).or(self.page_ids.last()) {
                dict.set(
                    "Dest",
                    Object::Array(vec![
                        Object::Reference(*page),
                        Object::Name(b"Fit".to_vec()),
                    ]),
                );
            }
            if let (Some(first), Some(last)) = self.write_outline(&entry.children, ids[i])? {
                dict.set("First", Object::Reference(first));
                dict.set("Last", Object::Reference(last));
                // Negative: closed by default, so long documents open as a list of talks.
                dict.set("Count", Object::Integer(-(entry.children.len() as i64)));
            }
            self.write_object(ids[i], &Object::Dictionary(dict))?;
        }
        Ok((ids.first().copied(), ids.last().copied()))
    }

    fn write_trailer(&mut self, root: ObjectId) -> io::Result<()> {
        let xref = self.out.written;
        let mut table = format!("xref\n0 {}\n0000000000 65535 f \n", self.offsets.len());
        for offset in &self.offsets[1..] {
            match offset {
                0 => table.push_str("0000000000 65535 f \n"),
                n => table.push_str(&format!("{n:010} 00000 n \n")),
            }
        }
        self.out.write_all(table.as_bytes())?;
        write!(
            self.out,
            "trailer\n<< /Size {} /Root {} 0 R",
            self.offsets.len(),
            root.0
        )?;
        if let Some(info) = self.info_id {
            write!(self.out, " /Info {} 0 R", info.0)?;
        }
        write!(self.out, " >>\nstartxref\n{xref}\n%%EOF\n")
    }
}

/// The dictionary `object` is or refers to.
fn resolve(doc: &lopdf::Document, object: &Object) -> Option<Dictionary> {
    match object {
        Object::Reference(id) => doc.get_dictionary(*id).ok().cloned(),
        Object::Dictionary(dict) => Some(dict.clone()),
        _ => None,
    }
}

/// Writes `object` in PDF syntax (what lopdf's writer does, which it does not export).
fn write_object(out: &mut impl Write, object: &Object) -> io::Result<()> {
    match object {
        Object::Null => out.write_all(b"null"),
        Object::Boolean(b) => write!(out, "{b}"),
        Object::Integer(i) => write!(out, "{i}"),
        Object::Real(r) => write!(out, "{r}"),
        Object::Name(name) => write_name(out, name),
        Object::String(bytes, StringFormat::Literal) => {
            out.write_all(b"(")?;
            for b in bytes {
                match b {
                    b'(' | b')' | b'\\' => out.write_all(&[b'\\', *b])?,
                    b'\r' => out.write_all(b"\\r")?,
                    _ => out.write_all(&[*b])?,
                }
            }
            out.write_all(b")")
        }
        Object::String(bytes, StringFormat::Hexadecimal) => {
            out.write_all(b"<")?;
            for b in bytes {
                write!(out, "{b:02X}")?;
            }
            out.write_all(b">")
        }
        Object::Array(items) => {
            out.write_all(b"[")?;
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.write_all(b" ")?;
                }
                write_object(out, item)?;
            }
            out.write_all(b"]")
        }
        Object::Dictionary(dict) => write_dictionary(out, dict, None),
        Object::Stream(stream) => {
            write_dictionary(out, &stream.dict, Some(stream.content.len()))?;
            out.write_all(b"\nstream\n")?;
            out.write_all(&stream.content)?;
            out.write_all(b"\nendstream")
        }
        Object::Reference(id) => write!(out, "{} {} R", id.0, id.1),
    }
}

/// A dictionary; `length` replaces its `/Length` (a stream's).
fn write_dictionary(
    out: &mut impl Write,
    dict: &Dictionary,
    length: Option<usize>,
) -> io::Result<()> {
    out.write_all(b"<<")?;
    for (key, value) in dict.iter() {
        if length.is_some() && key.as_slice() == b"Length" {
            continue;
        }
        write_name(out, key)?;
        out.write_all(b" ")?;
        write_object(out, value)?;
    }
    if let Some(length) = length {
        write!(out, "/Length {length}")?;
    }
    out.write_all(b">>")
}

fn write_name(out: &mut impl Write, name: &[u8]) -> io::Result<()> {
    out.write_all(b"/")?;
    for b in name {
        if (b'!'..=b'~').contains(b) && !b"()<>[]{}/%#".contains(b) {
            out.write_all(&[*b])?;
        } else {
            write!(out, "#{b:02X}")?;
        }
    }
    Ok(())
}
