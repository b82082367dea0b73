//! The 16:9 slide layout of one talk: a title slide, content slides in document order with
//! "(cont.)" continuations, and a final "Links" slide.
//!
//! Blocks are first turned into a flow of lines (each line an atomic strip of drawing items with
//! its height) grouped so that a list item, a table row or a code line is never split; the flow
//! is then cut into slides.

use crate::fonts::{Face, FontSet};
use crate::page::{Item, Page, Picture, Rect, Rgb};
use crate::picture_source::{PictureCounts, PictureSource};
use crate::theme::Theme;
use crate::wrap::{face_for, wrap, wrap_code, WrappedLine};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use talk_notes::text::spans_text;
use talk_notes::{
    Alignment, Block, Conference, Image, LinkKind, List, Span, Style, StyledText, Table, Talk,
};

mod code;
mod keep;
mod lists;
mod paginate;
mod pictures;
mod tables;
mod text;
mod title;

pub use title::{conference_name, readable_title};

/// Slide width in points (10 in).
pub const SLIDE_WIDTH: f32 = 720.0;
/// Slide height in points (16:9).
pub const SLIDE_HEIGHT: f32 = 405.0;
const MARGIN_X: f32 = 40.0;
const MARGIN_TOP: f32 = 26.0;
const CONTENT_W: f32 = SLIDE_WIDTH - 2.0 * MARGIN_X;
const CONTENT_BOTTOM: f32 = 36.0;
const TITLE_SIZE: f32 = 24.0;
const BODY_SIZE: f32 = 16.0;
const BODY_LH: f32 = 21.0;
const CODE_SIZE: f32 = 12.0;
const CODE_LH: f32 = 15.0;
const SMALL_SIZE: f32 = 12.0;
const SMALL_LH: f32 = 15.5;
const FOOTER_SIZE: f32 = 9.0;
/// Smallest text size used anywhere on a slide, in points.
pub const MIN_TEXT_SIZE: f32 = FOOTER_SIZE;

/// A talk laid out as slides, with what could not be drawn exactly.
#[derive(Debug)]
pub struct Deck {
    /// The slides, title slide first.
    pub pages: Vec<Page>,
    /// Characters that no font has (drawn as U+FFFD), each once, in order of appearance.
    pub missing_chars: Vec<char>,
    /// Other problems (an image that could not be read), one line each.
    pub warnings: Vec<String>,
    /// Where the talk's pictures came from, and how many are placeholders.
    pub pictures: PictureCounts,
}

/// Lays out talks as 16:9 slides.
#[derive(Debug, Clone)]
pub struct SlideLayout<'a> {
    fonts: &'a FontSet,
    theme: Theme,
    pictures: &'a PictureSource,
}

impl<'a> SlideLayout<'a> {
    /// A layout drawing with `fonts` in `theme`, taking pictures from `pictures`.
    pub fn new(fonts: &'a FontSet, theme: Theme, pictures: &'a PictureSource) -> Self {
        SlideLayout {
            fonts,
            theme,
            pictures,
        }
    }

    /// The slides of `talk`, footers numbered within the talk.
    pub fn talk(&self, conference: &Conference, talk: &Talk) -> Deck {
        let base_dir = talk
            .file
            .parent()
            .map(Path::to_path_buf)
            .unwrap_or_default();
        let mut flow = FlowBuilder::new(self.fonts, self.theme, base_dir, self.pictures);
        let (title_page, shortened) = flow.title_slide(conference, talk);
        let mut pages = vec![title_page];

        if shortened {
            // Title and conference did not fit the title slide whole: they open the content.
            let title = [Span::plain(talk.title.clone())];
            flow.paragraph(&title, 0.0, Face::Bold, BODY_SIZE, BODY_LH, None);
            let conf = [Span::plain(conference_name(conference))];
            flow.paragraph(&conf, 0.0, Face::Regular, BODY_SIZE, BODY_LH, None);
            flow.gap(8.0);
        }
        flow.blocks(&talk.blocks, 0.0, true);
        let content = std::mem::take(&mut flow.flow);
        pages.extend(flow.paginate(content, &talk.title));

        flow.links_flow(talk);
        let links = std::mem::take(&mut flow.flow);
        if !links.is_empty() {
            pages.extend(flow.paginate(links, "Links"));
        }

        let total = pages.len();
        let name = conference_name(conference);
        for (i, page) in pages.iter_mut().enumerate() {
            flow.decorate(page, &name, i + 1, total);
        }
        let mut missing = flow.missing;
        crate::fonts::dedup_missing(&mut missing);
        Deck {
            pictures: flow.counts,
            pages,
            missing_chars: missing,
            warnings: {
                let mut warnings = flow.warnings;
                let mut seen = std::collections::HashSet::new();
                warnings.retain(|w| seen.insert(w.clone()));
                warnings
            },
        }
    }
}

/// An atomic strip of a slide: items with `y` relative to the strip's top (negative downward).
struct Line {
    height: f32,
    items: Vec<Item>,
    group: usize,
    /// The table header row to repeat when this line opens a continuation slide.
    header: Option<usize>,
    /// This line's group must share a slide with the next group (see [`keep`]).
    glue_next: bool,
}

enum Flow {
    Line(Line),
    Gap(f32),
    Break(String),
}

struct FlowBuilder<'a> {
    fonts: &'a FontSet,
    pictures: &'a PictureSource,
    counts: PictureCounts,
    theme: Theme,
    base_dir: PathBuf,
    flow: Vec<Flow>,
    group: usize,
    bars: Vec<f32>,
    /// Header rows of tables (height, items), repeated on continuation slides.
    headers: Vec<(f32, Vec<Item>)>,
    /// The header that lines being pushed belong under.
    header: Option<usize>,
    color: Rgb,
    depth: usize,
    missing: Vec<char>,
    warnings: Vec<String>,
}

fn shift(item: &mut Item, dy: f32) {
    match item {
        Item::Text { y, .. } => *y += dy,
        Item::Box { rect, .. } | Item::Image { rect, .. } | Item::Link { rect, .. } => rect.y += dy,
        Item::Line { from, to, .. } => {
            from.1 += dy;
            to.1 += dy;
        }
        Item::Placed { y, .. } => *y += dy,
    }
}

impl<'a> FlowBuilder<'a> {
    fn new(
        fonts: &'a FontSet,
        theme: Theme,
        base_dir: PathBuf,
        pictures: &'a PictureSource,
    ) -> Self {
        FlowBuilder {
            fonts,
            pictures,
            counts: PictureCounts::default(),
            theme,
            base_dir,
            flow: Vec::new(),
            group: 0,
            bars: Vec::new(),
            headers: Vec::new(),
            header: None,
            color: theme.text,
            depth: 0,
            missing: Vec::new(),
            warnings: Vec::new(),
        }
    }

    fn new_group(&mut self) {
        self.group += 1;
    }

    fn push_line(&mut self, height: f32, mut items: Vec<Item>) {
        for x in &self.bars {
            items.insert(
                0,
                Item::Box {
                    rect: Rect {
                        x: *x,
                        y: -height,
                        w: 3.0,
                        h: height,
                    },
                    fill: Some(self.theme.rule),
                    stroke: None,
                },
            );
        }
        self.flow.push(Flow::Line(Line {
            height,
            items,
            group: self.group,
            header: self.header,
            glue_next: false,
        }));
    }

    fn gap(&mut self, h: f32) {
        self.flow.push(Flow::Gap(h));
    }

    fn blocks(&mut self, blocks: &[Block], indent: f32, top_level: bool) {
        let mut skip = 0;
        for (i, block) in blocks.iter().enumerate() {
            if skip > 0 {
                skip -= 1;
                continue;
            }
            // Small pictures in a row sit side by side.
            let run = blocks[i..]
                .iter()
                .take_while(|b| matches!(b, Block::Image(_)))
                .count();
            if run > 1 {
                let images: Vec<&Image> = blocks[i..i + run]
                    .iter()
                    .filter_map(|b| match b {
                        Block::Image(image) => Some(&**image),
                        _ => None,
                    })
                    .collect();
                let placed = self.side_by_side(&images, indent);
                if placed > 0 {
                    self.gap(8.0);
                    skip = placed - 1;
                    continue;
                }
            }
            self.block(block, indent, top_level);
            let is_break = top_level && matches!(block, Block::Heading { .. });
            if !is_break && keep::leads_in(block, blocks.get(i + 1)) {
                self.glue_last();
            }
        }
    }

    fn block(&mut self, block: &Block, indent: f32, top_level: bool) {
        match block {
            Block::Heading { spans, .. } if top_level => {
                let text = spans_text(spans).trim().to_string();
                let fits = self.title_fits(&text);
                self.flow.push(Flow::Break(text));
                if !fits {
                    // The slide title is shortened: the whole heading opens the slide.
                    self.paragraph(&spans.to_spans(), 0.0, Face::Bold, BODY_SIZE, BODY_LH, None);
                    self.gap(6.0);
                }
            }
            Block::Heading { spans, .. } => {
                self.paragraph(
                    &spans.to_spans(),
                    indent,
                    Face::Bold,
                    BODY_SIZE,
                    BODY_LH,
                    None,
                );
                self.gap(6.0);
            }
            Block::Paragraph { spans } => {
                self.paragraph(
                    &spans.to_spans(),
                    indent,
                    Face::Regular,
                    BODY_SIZE,
                    BODY_LH,
                    None,
                );
                self.gap(8.0);
            }
            Block::List(list) => {
                self.list(list, indent);
                self.gap(6.0);
            }
            Block::Code { text, .. } => {
                self.code(text, indent);
                self.gap(8.0);
            }
            Block::Quote { blocks } => {
                self.bars.push(MARGIN_X + indent + 2.0);
                let color = std::mem::replace(&mut self.color, self.theme.muted);
                self.blocks(blocks, indent + 16.0, false);
                self.color = color;
                self.bars.pop();
                self.gap(6.0);
            }
            Block::Image(image) => {
                self.image(image, indent);
                self.gap(8.0);
            }
            Block::Table(table) => {
                self.table(table, indent);
                self.gap(8.0);
            }
            Block::Rule => {
                self.new_group();
                let y = -7.0;
                self.push_line(
                    14.0,
                    vec![Item::Line {
                        from: (MARGIN_X + indent, y),
                        to: (MARGIN_X + CONTENT_W, y),
                        color: self.theme.rule,
                        width: 0.8,
                    }],
                );
            }
        }
    }
}

fn kind_name(kind: LinkKind) -> &'static str {
    match kind {
        LinkKind::Conference => "Conference page",
        LinkKind::Slides => "Slides",
        LinkKind::Video => "Video",
        LinkKind::Code => "Code",
        LinkKind::Other => "Link",
    }
}

/// Height of the smallest content area of a slide (under a two-line title), so that anything
/// at most this tall fits on a fresh slide whatever its title.
fn full_content_height() -> f32 {
    SLIDE_HEIGHT - MARGIN_TOP - TITLE_SIZE * 2.2 - 20.0 - CONTENT_BOTTOM
}
