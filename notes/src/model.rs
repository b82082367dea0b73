//! The notes model: what every reader (search index, slides, handouts, chat replies) sees.
//!
//! The model is plain data, the ground floor of the crate: it imports nothing of the reading
//! pipeline. It is built once by [`crate::parse`] and never reaches back to the Markdown
//! source; readers walk `Block`s and the
//! spans of their [`StyledText`]. (`Talk::new` and `Talk::summary`, which need the summary
//! rule, are defined where talks are assembled.)

use serde::Serialize;
use std::path::PathBuf;

pub use crate::styled_text::{SpanRef, StyledText};

/// All conferences loaded from one or more notes files.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Library {
    /// One conference per notes file, in the order the files were given.
    pub conferences: Vec<Conference>,
}

impl Library {
    /// Every talk of every conference, with the conference it belongs to, in document order.
    pub fn talks(&self) -> impl Iterator<Item = (&Conference, &Talk)> {
        self.conferences
            .iter()
            .flat_map(|c| c.talks.iter().map(move |t| (c, t)))
    }

    /// Number of talks across all conferences.
    pub fn talk_count(&self) -> usize {
        self.conferences.iter().map(|c| c.talks.len()).sum()
    }

    /// Drops what only the link checks read ([`Conference::anchors`] and [`Conference::toc`]),
    /// for a program that answers questions and never checks (about 200 bytes a talk: every
    /// heading's text and anchor, and the table of contents' entries).
    pub fn drop_check_data(&mut self) {
        for conference in &mut self.conferences {
            conference.anchors = Vec::new();
            conference.toc = None;
        }
    }
}

/// One notes file: a conference with its talks.
#[derive(Debug, Clone, Serialize)]
pub struct Conference {
    /// First H1, else front matter `title`, else the file name without extension.
    pub title: String,
    /// Where the title links to, when the H1 is a link (`# [Conf](url)`).
    pub title_url: Option<String>,
    /// The notes file this conference was read from.
    pub file: PathBuf,
    /// Front matter (YAML, TOML) or Pelican-style header lines, as key/value text.
    pub metadata: Vec<(String, String)>,
    /// The table of contents, when the file has one (a list of links to in-page anchors).
    pub toc: Option<Toc>,
    /// The talks, in document order.
    pub talks: Vec<Talk>,
    /// Sections that are not talks, in document order: the text before the first heading (an
    /// [`SectionKind::Introduction`] with no title), days with their own text, "Books", "Link
    /// dump", the table of contents, closing thoughts. With the talks they hold every block of
    /// the file.
    pub sections: Vec<Section>,
    /// Every heading of the file with its GitHub anchor, for link checks.
    pub anchors: Vec<Anchor>,
    /// The heading level (1–6) that was taken as the talk level.
    pub talk_level: u8,
}

/// A table of contents: links to headings of the same file.
#[derive(Debug, Clone, Serialize)]
pub struct Toc {
    /// Line of the first entry.
    pub line: usize,
    /// The entries in order.
    pub entries: Vec<TocEntry>,
}

/// One table-of-contents link: its text and anchor are read with [`TocEntry::text`] and
/// [`TocEntry::anchor`], kept in one string (32 bytes and one allocation an entry, where two
/// strings took 56 bytes and two allocations).
#[derive(Clone, PartialEq, Eq)]
pub struct TocEntry {
    /// The link text, then the anchor.
    text_and_anchor: TwoTexts,
    /// 1-based line of the link.
    pub line: usize,
}

impl TocEntry {
    /// An entry linking `text` to `anchor` (without the leading `#`, percent-decoded), written
    /// on `line`.
    pub fn new(text: &str, anchor: &str, line: usize) -> TocEntry {
        TocEntry {
            text_and_anchor: TwoTexts::new(text, anchor),
            line,
        }
    }

    /// The link text.
    pub fn text(&self) -> &str {
        self.text_and_anchor.first()
    }

    /// The anchor without the leading `#`, percent-decoded.
    pub fn anchor(&self) -> &str {
        self.text_and_anchor.second()
    }
}

impl std::fmt::Debug for TocEntry {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TocEntry")
            .field("text", &self.text())
            .field("anchor", &self.anchor())
            .field("line", &self.line)
            .finish()
    }
}

/// Written as the fields it stands for: `text`, `anchor`, `line`.
impl Serialize for TocEntry {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut out = serializer.serialize_struct("TocEntry", 3)?;
        out.serialize_field("text", self.text())?;
        out.serialize_field("anchor", self.anchor())?;
        out.serialize_field("line", &self.line)?;
        out.end()
    }
}

/// A heading of the file and the anchor GitHub gives it: its text and slug are read with
/// [`Anchor::text`] and [`Anchor::slug`], kept in one string (32 bytes and one allocation a
/// heading, where two strings took 64 bytes and two allocations).
#[derive(Clone, PartialEq, Eq)]
pub struct Anchor {
    /// The heading's plain text, then its slug (beside the level rather than in a [`TwoTexts`],
    /// so that the level fits in the same 8 bytes as where the slug starts).
    text_and_slug: Box<str>,
    /// Where the slug starts in `text_and_slug`.
    slug_start: u32,
    /// Heading level, 1–6.
    pub level: u8,
    /// 1-based line of the heading.
    pub line: usize,
}

impl Anchor {
    /// The anchor `slug` of a heading of `level` reading `text`, on `line`.
    pub fn new(level: u8, text: &str, slug: &str, line: usize) -> Anchor {
        let TwoTexts { text, split } = TwoTexts::new(text, slug);
        Anchor {
            text_and_slug: text,
            slug_start: split,
            level,
            line,
        }
    }

    /// Plain text of the heading.
    pub fn text(&self) -> &str {
        &self.text_and_slug[..self.slug_start as usize]
    }

    /// GitHub-compatible slug, with `-1`, `-2` suffixes for repeats.
    pub fn slug(&self) -> &str {
        &self.text_and_slug[self.slug_start as usize..]
    }
}

impl std::fmt::Debug for Anchor {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Anchor")
            .field("level", &self.level)
            .field("text", &self.text())
            .field("slug", &self.slug())
            .field("line", &self.line)
            .finish()
    }
}

/// Written as the fields it stands for: `level`, `text`, `slug`, `line`.
impl Serialize for Anchor {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut out = serializer.serialize_struct("Anchor", 4)?;
        out.serialize_field("level", &self.level)?;
        out.serialize_field("text", self.text())?;
        out.serialize_field("slug", self.slug())?;
        out.serialize_field("line", &self.line)?;
        out.end()
    }
}

/// Two texts in one allocation: the first, then the second.
#[derive(Clone, PartialEq, Eq)]
struct TwoTexts {
    text: Box<str>,
    /// Where the second starts.
    split: u32,
}

impl TwoTexts {
    /// `first` (cut at a character boundary below 4 GB) and `second`.
    fn new(first: &str, second: &str) -> TwoTexts {
        let first = &first[..cut_below(first, u32::MAX as usize)];
        let mut text = String::with_capacity(first.len() + second.len());
        text.push_str(first);
        text.push_str(second);
        TwoTexts {
            text: text.into_boxed_str(),
            split: first.len() as u32,
        }
    }

    fn first(&self) -> &str {
        &self.text[..self.split as usize]
    }

    fn second(&self) -> &str {
        &self.text[self.split as usize..]
    }
}

/// The length of the longest start of `text` shorter than `limit` bytes that ends at a
/// character boundary.
fn cut_below(text: &str, limit: usize) -> usize {
    let mut end = text.len().min(limit.saturating_sub(1));
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    end
}

/// One talk: a section of the notes at the talk level.
#[derive(Debug, Clone, Serialize)]
pub struct Talk {
    /// Plain-text title (link text when the heading is a link, no HTML).
    pub title: String,
    /// Where the heading links to, when the heading is a link (`## [Title](url)`).
    pub title_url: Option<String>,
    /// Who gave the talk, when the notes say it ("Title - Speaker", a "Speaker:" line, ...).
    pub speaker: Option<String>,
    /// GitHub-compatible slug of the heading, unique within its file.
    pub slug: String,
    /// The grouping heading above the talk ("Day 1", "Thursday 11th May"), if any.
    pub group: Option<String>,
    /// Source file of the talk, shared by the talks of a file (one allocation a file rather
    /// than one a talk); it reads as a `&Path`.
    #[serde(serialize_with = "serialize_path")]
    pub file: std::sync::Arc<std::path::Path>,
    /// 1-based line of the heading.
    pub line: usize,
    /// 1-based last line of the section (inclusive).
    pub end_line: usize,
    /// Every link of the talk (heading link first), classified.
    pub links: Vec<Link>,
    /// The content, in document order. Sub-headings are `Block::Heading`.
    pub blocks: Vec<Block>,
}

/// Writes a shared path as the path it holds.
fn serialize_path<S: serde::Serializer>(
    path: &std::sync::Arc<std::path::Path>,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    path.as_ref().serialize(serializer)
}

impl Conference {
    /// The blocks between the title and the first heading (empty when there are none).
    pub fn intro(&self) -> &[Block] {
        match self.sections.first() {
            Some(s) if s.kind == SectionKind::Introduction && s.title.is_empty() => &s.blocks,
            _ => &[],
        }
    }

    /// An empty conference titled `title` (no file, talks at level 2), for code that builds
    /// conferences without Markdown. Set other fields with `..Conference::new(..)`.
    pub fn new(title: impl Into<String>) -> Conference {
        Conference {
            title: title.into(),
            title_url: None,
            file: PathBuf::new(),
            metadata: Vec::new(),
            toc: None,
            talks: Vec::new(),
            sections: Vec::new(),
            anchors: Vec::new(),
            talk_level: 2,
        }
    }
}

/// A section that is not a talk (kept so that no content is lost).
#[derive(Debug, Clone, Serialize)]
pub struct Section {
    /// What the section is: introduction, contents, programme, group, closing or other.
    pub kind: SectionKind,
    /// Heading level, 1–6; 0 for the text before the first heading.
    pub level: u8,
    /// Plain-text title; empty for the text before the first heading.
    pub title: String,
    /// GitHub-compatible slug; empty for the text before the first heading.
    pub slug: String,
    /// 1-based line of the heading (of the first block when there is no heading).
    pub line: usize,
    /// 1-based last line of the section (inclusive).
    pub end_line: usize,
    /// The section's own content (up to the next heading of any level that starts a section).
    pub blocks: Vec<Block>,
}

/// What a section that is not a talk is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SectionKind {
    /// Text before the first talk: under the title, "About", "First time here".
    Introduction,
    /// A table of contents.
    Contents,
    /// The programme or schedule of the event.
    Programme,
    /// A day, track or room heading with text of its own; it groups the talks after it.
    Group,
    /// Thoughts after the talks: conclusions, "Other talks", thanks.
    Closing,
    /// Anything else: lists of links or books, meals, housekeeping.
    Other,
}

impl SectionKind {
    /// The kind's name as `talkbot talks --json` writes it (`introduction`, `closing`, ...).
    pub fn name(self) -> &'static str {
        match self {
            SectionKind::Introduction => "introduction",
            SectionKind::Contents => "contents",
            SectionKind::Programme => "programme",
            SectionKind::Group => "group",
            SectionKind::Closing => "closing",
            SectionKind::Other => "other",
        }
    }
}

/// A link with its label and what it points to: its label, address and title are read with
/// [`Link::label`], [`Link::url`] and [`Link::title`], kept in one string (40 bytes and one
/// allocation a link, where three strings took 88 bytes and two or three allocations).
#[derive(Clone, PartialEq, Eq)]
pub struct Link {
    /// The label, the address and the title, one after the other.
    text: Box<str>,
    /// Where the address starts in `text`.
    url_start: u32,
    /// Where the title starts in `text`.
    title_start: u32,
    /// What the link points to, from its label and URL.
    pub kind: LinkKind,
    /// 1-based line where the link is written.
    pub line: usize,
}

impl Link {
    /// A link labelled `label` to `url`, with `title` (empty for none), written on `line`.
    /// A label or address of 4 GB or more is cut.
    pub fn new(label: &str, url: &str, title: &str, kind: LinkKind, line: usize) -> Link {
        let half = u32::MAX as usize / 2;
        let (label, url) = (
            &label[..cut_below(label, half)],
            &url[..cut_below(url, half)],
        );
        let mut text = String::with_capacity(label.len() + url.len() + title.len());
        text.push_str(label);
        text.push_str(url);
        text.push_str(title);
        Link {
            text: text.into_boxed_str(),
            url_start: label.len() as u32,
            title_start: (label.len() + url.len()) as u32,
            kind,
            line,
        }
    }

    /// Link text (or the URL itself for bare URLs).
    pub fn label(&self) -> &str {
        &self.text[..self.url_start as usize]
    }

    /// The destination as written (reference links resolved).
    pub fn url(&self) -> &str {
        &self.text[self.url_start as usize..self.title_start as usize]
    }

    /// The link's title (tooltip) when the Markdown gives one, else empty.
    pub fn title(&self) -> &str {
        &self.text[self.title_start as usize..]
    }

    /// The same link to another address.
    pub fn with_url(&self, url: &str) -> Link {
        Link::new(self.label(), url, self.title(), self.kind, self.line)
    }

    /// Heap bytes the link holds (its text).
    pub fn heap_bytes(&self) -> usize {
        self.text.len()
    }
}

impl std::fmt::Debug for Link {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Link")
            .field("label", &self.label())
            .field("url", &self.url())
            .field("title", &self.title())
            .field("kind", &self.kind)
            .field("line", &self.line)
            .finish()
    }
}

/// Written as the fields it stands for: `label`, `url`, `title` (when not empty), `kind`, `line`.
impl Serialize for Link {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let title = self.title();
        let mut out = serializer.serialize_struct("Link", 4 + usize::from(!title.is_empty()))?;
        out.serialize_field("label", self.label())?;
        out.serialize_field("url", self.url())?;
        if title.is_empty() {
            out.skip_field("title")?;
        } else {
            out.serialize_field("title", title)?;
        }
        out.serialize_field("kind", &self.kind)?;
        out.serialize_field("line", &self.line)?;
        out.end()
    }
}

/// What a link points to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum LinkKind {
    /// The talk's page on the conference site.
    Conference,
    /// Slides (a deck, a PDF, Speaker Deck, SlideShare, ...).
    Slides,
    /// A recording (YouTube, Vimeo, ...).
    Video,
    /// A code repository (GitHub, GitLab, ...).
    Code,
    /// Anything else.
    Other,
}

/// A block of content.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Block {
    /// A sub-heading inside a talk or section.
    Heading {
        /// Heading level, 1–6.
        level: u8,
        /// The heading text.
        spans: StyledText,
    },
    /// A paragraph of styled text.
    Paragraph {
        /// The text.
        spans: StyledText,
    },
    /// An ordered or unordered list.
    List(List),
    /// A fenced or indented code block.
    Code {
        /// The fence's language, if given.
        lang: Option<Box<str>>,
        /// The code, lines separated by `\n`, without a trailing newline.
        text: Box<str>,
    },
    /// A block quote.
    Quote {
        /// The quoted blocks.
        blocks: Vec<Block>,
    },
    /// An image (Markdown or HTML `<img>`), boxed: a block is the size of its largest kind.
    Image(Box<Image>),
    /// A table, boxed like images.
    Table(Box<Table>),
    /// A thematic break (`---`).
    Rule,
}

/// An ordered or unordered list.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct List {
    /// The first number for an ordered list (`3.` starts at 3), `None` for bullets.
    pub start: Option<u64>,
    /// The items, in a boxed slice (16 bytes where a `Vec` takes 24: a block is the size of its
    /// largest kind, and this keeps every block at 40 bytes rather than 48).
    pub items: Box<[ListItem]>,
}

/// One list item: its blocks (paragraphs, nested lists, code, ...).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ListItem {
    /// `Some(done)` for a task list item (`- [x]`).
    pub checked: Option<bool>,
    /// The item's content; nested lists are `Block::List`. Read it as a slice of blocks; make
    /// it from a `Vec<Block>` with `.into()`.
    pub blocks: ItemBlocks,
}

/// The blocks of a list item, read as a slice (`&item.blocks[..]`, `item.blocks.iter()`). Most
/// items hold one paragraph: it is kept in place, with no allocation of its own (an item took
/// 32 bytes and a 48-byte list; it takes 48), and more blocks are kept in a boxed slice.
#[derive(Clone, PartialEq)]
pub struct ItemBlocks(ItemBlocksInner);

#[derive(Clone, PartialEq)]
enum ItemBlocksInner {
    One(Block),
    Many(Box<[Block]>),
}

impl Default for ItemBlocks {
    fn default() -> Self {
        ItemBlocks(ItemBlocksInner::Many(Box::default()))
    }
}

impl From<Vec<Block>> for ItemBlocks {
    fn from(mut blocks: Vec<Block>) -> Self {
        match blocks.pop() {
            Some(only) if blocks.is_empty() => ItemBlocks(ItemBlocksInner::One(only)),
            Some(last) => {
                blocks.push(last);
                ItemBlocks(ItemBlocksInner::Many(blocks.into_boxed_slice()))
            }
            None => ItemBlocks::default(),
        }
    }
}

impl std::ops::Deref for ItemBlocks {
    type Target = [Block];

    fn deref(&self) -> &[Block] {
        match &self.0 {
            ItemBlocksInner::One(block) => std::slice::from_ref(block),
            ItemBlocksInner::Many(blocks) => blocks,
        }
    }
}

impl<'a> IntoIterator for &'a ItemBlocks {
    type Item = &'a Block;
    type IntoIter = std::slice::Iter<'a, Block>;

    fn into_iter(self) -> Self::IntoIter {
        self.iter()
    }
}

/// Written as the list of blocks it holds.
impl std::fmt::Debug for ItemBlocks {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

/// Written as the list of blocks it holds.
impl Serialize for ItemBlocks {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.iter())
    }
}

/// An image reference.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Image {
    /// Alternative text (may be empty).
    pub alt: String,
    /// Source URL or path relative to the notes file.
    pub url: String,
    /// Title attribute (may be empty).
    pub title: String,
}

/// A table: a header row and body rows of cells.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Table {
    /// Column alignments.
    pub alignments: Vec<Alignment>,
    /// Header cells.
    pub header: Vec<StyledText>,
    /// Body rows, each a list of cells.
    pub rows: Vec<Vec<StyledText>>,
}

/// Column alignment of a table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Alignment {
    /// No alignment given.
    None,
    /// `:--`
    Left,
    /// `:-:`
    Center,
    /// `--:`
    Right,
}

/// A run of text with one style, owned: what the parser collects and what builds a
/// [`StyledText`]. A hard line break is a span whose text is `"\n"`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Span {
    /// The text.
    pub text: String,
    /// Bold, italic, code, strikethrough.
    pub style: Style,
    /// Destination when the span is (part of) a link.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub link: Option<String>,
}

/// Inline style flags of a span.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize)]
pub struct Style {
    /// `**bold**`
    pub bold: bool,
    /// `*italic*`
    pub italic: bool,
    /// `` `code` ``
    pub code: bool,
    /// `~~struck~~`
    pub strike: bool,
}

impl Span {
    /// A plain, unstyled, unlinked span.
    pub fn plain(text: impl Into<String>) -> Self {
        Span {
            text: text.into(),
            style: Style::default(),
            link: None,
        }
    }

    /// True for the span that stands for a hard line break.
    pub fn is_line_break(&self) -> bool {
        self.text == "\n"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A model of 10,000 talks holds about 140,000 blocks, 74,000 list items, 36,000 links,
    /// 20,000 headings and table-of-contents entries and 10,000 talks: each byte more on these is
    /// 140, 74, 36, 20 or 10 KB more (200 KB for 200,000 talks of one line).
    #[test]
    fn blocks_links_and_headings_stay_small() {
        use std::mem::size_of;
        assert_eq!(size_of::<Block>(), 40);
        // An item of one paragraph holds it in place.
        assert_eq!(size_of::<ListItem>(), 48);
        assert_eq!(size_of::<Link>(), 40);
        assert_eq!(size_of::<Anchor>(), 32);
        assert_eq!(size_of::<TocEntry>(), 32);
        // A talk's file is shared with the other talks of its file: a pointer, not a path.
        assert_eq!(size_of::<Talk>(), 200);
    }

    #[test]
    fn an_item_gives_back_the_blocks_it_was_made_of() {
        let para = |text: &str| Block::Paragraph {
            spans: StyledText::plain(text),
        };
        for blocks in [vec![], vec![para("one")], vec![para("one"), para("two")]] {
            let item = ListItem {
                checked: None,
                blocks: blocks.clone().into(),
            };
            assert_eq!(&item.blocks[..], &blocks[..]);
            assert_eq!(format!("{:?}", item.blocks), format!("{blocks:?}"));
            assert_eq!(
                serde_json::to_string(&item.blocks).expect("json"),
                serde_json::to_string(&blocks).expect("json")
            );
        }
    }

    #[test]
    fn anchors_and_contents_entries_read_back_their_parts_and_write_them_as_fields() {
        let anchor = Anchor::new(2, "Café talk", "café-talk-1", 12);
        assert_eq!((anchor.text(), anchor.slug()), ("Café talk", "café-talk-1"));
        assert_eq!(
            serde_json::to_string(&anchor).expect("json"),
            r#"{"level":2,"text":"Café talk","slug":"café-talk-1","line":12}"#
        );
        let entry = TocEntry::new("", "first-talk", 3);
        assert_eq!((entry.text(), entry.anchor()), ("", "first-talk"));
        assert_eq!(
            serde_json::to_string(&entry).expect("json"),
            r#"{"text":"","anchor":"first-talk","line":3}"#
        );
    }

    #[test]
    fn a_link_reads_back_its_parts_and_writes_them_as_fields() {
        let link = Link::new(
            "Slides — ünïcode",
            "https://x.io/a",
            "",
            LinkKind::Slides,
            7,
        );
        assert_eq!(
            (link.label(), link.url(), link.title()),
            ("Slides — ünïcode", "https://x.io/a", "")
        );
        assert_eq!(
            serde_json::to_string(&link).expect("json"),
            r#"{"label":"Slides — ünïcode","url":"https://x.io/a","kind":"slides","line":7}"#
        );
        let titled = link.with_url("https://y.io");
        let titled = Link::new(titled.label(), titled.url(), "A title", titled.kind, 8);
        assert_eq!(
            (titled.label(), titled.url(), titled.title()),
            ("Slides — ünïcode", "https://y.io", "A title")
        );
        assert_eq!(
            serde_json::to_string(&titled).expect("json"),
            r#"{"label":"Slides — ünïcode","url":"https://y.io","title":"A title","kind":"slides","line":8}"#
        );
        // Empty parts stay empty and apart.
        let bare = Link::new("", "https://z.io", "", LinkKind::Other, 1);
        assert_eq!(
            (bare.label(), bare.url(), bare.title()),
            ("", "https://z.io", "")
        );
    }
}
