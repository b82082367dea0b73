//! The PDF's navigation: the nested outline (talk → slide titles) and the page labels, added
//! to the document printpdf built, before it is written.

use lopdf::{Dictionary, Object, ObjectId};

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

/// Adds the nested outline and the page labels to the document printpdf built.
pub(super) fn add_outline_and_labels(
    doc: &mut lopdf::Document,
    outline: &[OutlineEntry],
    labels: &[LabelRange],
) -> Result<(), String> {
    if outline.is_empty() && labels.is_empty() {
        return Ok(());
    }
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
        let (first, last, count) = add_outline_level(doc, outline, root_id, &page_ids);
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
    Ok(())
}

/// Writes one level of outline items under `parent`: (first, last, visible count).
fn add_outline_level(
    doc: &mut lopdf::Document,
    entries: &[OutlineEntry],
    parent: lopdf::ObjectId,
    page_ids: &[lopdf::ObjectId],
) -> (Option<lopdf::ObjectId>, Option<lopdf::ObjectId>, i64) {
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
pub(super) fn text_string(text: &str) -> lopdf::Object {
    let mut bytes = vec![0xFE, 0xFF];
    for unit in text.encode_utf16() {
        bytes.extend_from_slice(&unit.to_be_bytes());
    }
    lopdf::Object::String(bytes, lopdf::StringFormat::Hexadecimal)
}
