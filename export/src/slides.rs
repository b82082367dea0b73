//! The 16:9 slide layout of one talk: a title slide, content slides in document order with
//! "(cont.)" continuations, and a final "Links" slide.
//!
//! Blocks are first turned into a flow of lines (each line an atomic strip of drawing items with
//! its height) grouped so that a list item, a table row or a code line is never split; the flow
//! is then cut into slides.

use crate::fonts::{Face, FontSet};
use crate::page::{Item, Page, Picture, Rect, Rgb};
use crate::theme::Theme;
use crate::wrap::{face_for, wrap, wrap_code, WrappedLine};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use talk_notes::text::spans_text;
use talk_notes::{Alignment, Block, Conference, Image, LinkKind, List, Span, Style, Table, Talk};

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
}

/// Lays out talks as 16:9 slides.
#[derive(Debug, Clone)]
pub struct SlideLayout<'a> {
    fonts: &'a FontSet,
    theme: Theme,
}

impl<'a> SlideLayout<'a> {
    /// A layout drawing with `fonts` in `theme`.
    pub fn new(fonts: &'a FontSet, theme: Theme) -> Self {
        SlideLayout { fonts, theme }
    }

    /// The slides of `talk`, footers numbered within the talk.
    pub fn talk(&self, conference: &Conference, talk: &Talk) -> Deck {
        let base_dir = talk
            .file
            .parent()
            .map(Path::to_path_buf)
            .unwrap_or_default();
        let mut flow = FlowBuilder::new(self.fonts, self.theme, base_dir);
        let (title_page, shortened) = flow.title_slide(conference, talk);
        let mut pages = vec![title_page];

        if shortened {
            // Title and conference did not fit the title slide whole: they open the content.
            let title = [Span::plain(talk.title.clone())];
            flow.paragraph(&title, 0.0, Face::Bold, BODY_SIZE, BODY_LH, None);
            let conf = [Span::plain(conference.title.clone())];
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
        for (i, page) in pages.iter_mut().enumerate() {
            flow.decorate(page, &conference.title, i + 1, total);
        }
        let mut missing: Vec<char> = Vec::new();
        for c in flow.missing {
            if !missing.contains(&c) {
                missing.push(c);
            }
        }
        Deck {
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
}

enum Flow {
    Line(Line),
    Gap(f32),
    Break(String),
}

struct FlowBuilder<'a> {
    fonts: &'a FontSet,
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

fn is_remote(url: &str) -> bool {
    let lower = url.to_ascii_lowercase();
    lower.starts_with("http://")
        || lower.starts_with("https://")
        || lower.starts_with("//")
        || lower.starts_with("data:")
        || lower.starts_with("ftp://")
}

impl<'a> FlowBuilder<'a> {
    fn new(fonts: &'a FontSet, theme: Theme, base_dir: PathBuf) -> Self {
        FlowBuilder {
            fonts,
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
        }));
    }

    fn gap(&mut self, h: f32) {
        self.flow.push(Flow::Gap(h));
    }

    /// Drawing items of one wrapped line starting at `x`, baseline at `baseline`.
    fn line_items(
        &mut self,
        line: &WrappedLine,
        x: f32,
        baseline: f32,
        base: Face,
        size: f32,
        color: Rgb,
    ) -> Vec<Item> {
        let mut items = Vec::new();
        for piece in &line.pieces {
            let face = face_for(piece.style, base);
            let px = x + piece.x;
            let color = if piece.link.is_some() {
                self.theme.accent
            } else if piece.style.code {
                self.theme.code
            } else {
                color
            };
            if piece.style.code {
                items.push(Item::Box {
                    rect: Rect {
                        x: px - 1.0,
                        y: baseline - 0.28 * size,
                        w: piece.width + 2.0,
                        h: size * 1.18,
                    },
                    fill: Some(self.theme.code_background),
                    stroke: None,
                });
            }
            let mut run_x = px;
            for (font, text) in self.fonts.runs(&piece.text, face, &mut self.missing) {
                let w = self.fonts.width(&text, face, size);
                items.push(Item::Text {
                    x: run_x,
                    y: baseline,
                    size,
                    font,
                    color,
                    text,
                });
                run_x += w;
            }
            if let Some(url) = &piece.link {
                items.push(Item::Line {
                    from: (px, baseline - 0.12 * size),
                    to: (px + piece.width, baseline - 0.12 * size),
                    color,
                    width: 0.6,
                });
                items.push(Item::Link {
                    rect: Rect {
                        x: px,
                        y: baseline - 0.3 * size,
                        w: piece.width,
                        h: size * 1.25,
                    },
                    url: url.clone(),
                });
            }
            if piece.style.strike {
                items.push(Item::Line {
                    from: (px, baseline + 0.3 * size),
                    to: (px + piece.width, baseline + 0.3 * size),
                    color,
                    width: 0.8,
                });
            }
        }
        items
    }

    /// A wrapped paragraph; `marker` (a bullet or number) is drawn right-aligned before the
    /// first line. All lines form one group.
    #[allow(clippy::too_many_arguments)]
    fn paragraph(
        &mut self,
        spans: &[Span],
        indent: f32,
        base: Face,
        size: f32,
        lh: f32,
        marker: Option<&str>,
    ) {
        let width = CONTENT_W - indent;
        let lines = wrap(self.fonts, spans, base, size, width);
        self.new_group();
        let baseline = -(lh + size * 0.7) / 2.0;
        for (i, line) in lines.iter().enumerate() {
            let x = MARGIN_X + indent;
            let mut items = self.line_items(line, x, baseline, base, size, self.color);
            if let (0, Some(marker)) = (i, marker) {
                items.splice(0..0, self.marker_items(marker, x, baseline, size));
            }
            self.push_line(lh, items);
        }
    }

    fn marker_items(&mut self, marker: &str, text_x: f32, baseline: f32, size: f32) -> Vec<Item> {
        let w = self.fonts.width(marker, Face::Regular, size);
        let mut items = Vec::new();
        let mut x = text_x - 6.0 - w;
        for (font, text) in self.fonts.runs(marker, Face::Regular, &mut self.missing) {
            let run_w = self.fonts.width(&text, Face::Regular, size);
            items.push(Item::Text {
                x,
                y: baseline,
                size,
                font,
                color: self.theme.muted,
                text,
            });
            x += run_w;
        }
        items
    }

    fn blocks(&mut self, blocks: &[Block], indent: f32, top_level: bool) {
        for block in blocks {
            self.block(block, indent, top_level);
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
                    self.paragraph(spans, 0.0, Face::Bold, BODY_SIZE, BODY_LH, None);
                    self.gap(6.0);
                }
            }
            Block::Heading { spans, .. } => {
                self.paragraph(spans, indent, Face::Bold, BODY_SIZE, BODY_LH, None);
                self.gap(6.0);
            }
            Block::Paragraph { spans } => {
                self.paragraph(spans, indent, Face::Regular, BODY_SIZE, BODY_LH, None);
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

    fn list(&mut self, list: &List, indent: f32) {
        let bullets = ["•", "◦", "▪"];
        let markers: Vec<String> = list
            .items
            .iter()
            .enumerate()
            .map(|(i, item)| match (item.checked, list.start) {
                (Some(true), _) => "☑".to_string(),
                (Some(false), _) => "☐".to_string(),
                (None, Some(start)) => format!("{}.", start.saturating_add(i as u64)),
                (None, None) => bullets[self.depth % bullets.len()].to_string(),
            })
            .collect();
        let widest = markers
            .iter()
            .map(|m| self.fonts.width(m, Face::Regular, BODY_SIZE))
            .fold(0.0, f32::max);
        let item_indent = indent + (widest + 8.0).max(20.0);
        self.depth += 1;
        for (item, marker) in list.items.iter().zip(&markers) {
            let rest = match item.blocks.first() {
                Some(Block::Paragraph { spans }) => {
                    self.paragraph(
                        spans,
                        item_indent,
                        Face::Regular,
                        BODY_SIZE,
                        BODY_LH,
                        Some(marker),
                    );
                    &item.blocks[1..]
                }
                _ => {
                    // The item opens with something other than text: the marker gets a line.
                    self.new_group();
                    let baseline = -(BODY_LH + BODY_SIZE * 0.7) / 2.0;
                    let items =
                        self.marker_items(marker, MARGIN_X + item_indent, baseline, BODY_SIZE);
                    self.push_line(BODY_LH, items);
                    &item.blocks[..]
                }
            };
            for block in rest {
                if let Block::Paragraph { spans } = block {
                    self.paragraph(spans, item_indent, Face::Regular, BODY_SIZE, BODY_LH, None);
                } else {
                    self.block(block, item_indent, false);
                }
            }
            self.gap(2.0);
        }
        self.depth -= 1;
    }

    fn code(&mut self, text: &str, indent: f32) {
        let pad = 8.0;
        let x = MARGIN_X + indent;
        let w = CONTENT_W - indent;
        let fill = self.theme.code_background;
        let bg = move |y: f32, h: f32| Item::Box {
            rect: Rect { x, y, w, h },
            fill: Some(fill),
            stroke: None,
        };
        self.new_group();
        self.push_line(5.0, vec![bg(-5.0, 5.0)]);
        let source_lines: Vec<&str> = text.split('\n').collect();
        let last = source_lines.len().saturating_sub(1);
        for (i, source) in source_lines.iter().enumerate() {
            if i > 0 {
                self.new_group();
            }
            let source = source.replace('\t', "    ");
            let baseline = -(CODE_LH + CODE_SIZE * 0.7) / 2.0;
            for part in wrap_code(self.fonts, &source, CODE_SIZE, w - 2.0 * pad) {
                let mut items = vec![bg(-CODE_LH, CODE_LH)];
                let mut run_x = x + pad;
                for (font, run) in self.fonts.runs(&part, Face::Mono, &mut self.missing) {
                    let run_w = self.fonts.width(&run, Face::Mono, CODE_SIZE);
                    items.push(Item::Text {
                        x: run_x,
                        y: baseline,
                        size: CODE_SIZE,
                        font,
                        color: self.theme.code,
                        text: run,
                    });
                    run_x += run_w;
                }
                self.push_line(CODE_LH, items);
            }
            if i == last {
                self.push_line(5.0, vec![bg(-5.0, 5.0)]);
            }
        }
    }

    fn image(&mut self, image: &Image, indent: f32) {
        let x = MARGIN_X + indent;
        let max_w = CONTENT_W - indent;
        let caption: Vec<Span> = [image.alt.trim(), image.title.trim()]
            .iter()
            .filter(|t| !t.is_empty())
            .map(|t| Span {
                text: format!("{t} "),
                style: Style {
                    italic: true,
                    ..Style::default()
                },
                link: None,
            })
            .collect();
        if !is_remote(&image.url) {
            let relative = image.url.split(['?', '#']).next().unwrap_or_default();
            let path = self.base_dir.join(relative);
            match load_picture(&path) {
                Ok(picture) => {
                    let caption_lines = if caption.is_empty() {
                        0.0
                    } else {
                        wrap(self.fonts, &caption, Face::Regular, SMALL_SIZE, max_w).len() as f32
                            * SMALL_LH
                    };
                    let max_h = full_content_height() - caption_lines - 6.0;
                    let (pw, ph) = (picture.width.max(1) as f32, picture.height.max(1) as f32);
                    let scale = (max_w / pw).min(max_h / ph).min(1.0);
                    let (w, h) = (pw * scale, ph * scale);
                    self.new_group();
                    let group = self.group;
                    self.push_line(
                        h + 4.0,
                        vec![
                            Item::Image {
                                rect: Rect { x, y: -h, w, h },
                                picture: Arc::new(picture),
                            },
                            Item::Box {
                                rect: Rect { x, y: -h, w, h },
                                fill: None,
                                stroke: Some((self.theme.rule, 0.5)),
                            },
                        ],
                    );
                    if !caption.is_empty() {
                        let color = std::mem::replace(&mut self.color, self.theme.muted);
                        self.paragraph(&caption, indent, Face::Regular, SMALL_SIZE, SMALL_LH, None);
                        self.color = color;
                        // Keep the caption with its picture.
                        for flow in self.flow.iter_mut().rev() {
                            match flow {
                                Flow::Line(line) if line.group == self.group => line.group = group,
                                _ => break,
                            }
                        }
                        self.group = group;
                    }
                    return;
                }
                Err(reason) => self
                    .warnings
                    .push(format!("image {}: {reason}", path.display())),
            }
        }
        self.placeholder(image, &caption, indent, is_remote(&image.url));
    }

    /// A framed box standing for an image that is not embedded: alt text and clickable URL.
    fn placeholder(&mut self, image: &Image, caption: &[Span], indent: f32, remote: bool) {
        let pad = 8.0;
        let x = MARGIN_X + indent;
        let w = (CONTENT_W - indent).min(480.0);
        let inner = w - 2.0 * pad;
        let mut label = vec![Span::plain(if remote {
            "Image: "
        } else {
            "Image not found: "
        })];
        if caption.is_empty() {
            label.push(Span {
                text: "(no description)".into(),
                style: Style {
                    italic: true,
                    ..Style::default()
                },
                link: None,
            });
        } else {
            label.extend(caption.iter().cloned());
        }
        let url = vec![Span {
            text: image.url.clone(),
            style: Style::default(),
            link: remote.then(|| image.url.clone()),
        }];
        let label_lines = wrap(self.fonts, &label, Face::Regular, SMALL_SIZE, inner);
        let url_lines = wrap(self.fonts, &url, Face::Regular, 9.0, inner);
        // A data: URL can be huge: show its start, the whole stays in the link.
        let url_lines: Vec<WrappedLine> = url_lines.into_iter().take(4).collect();
        let h = 2.0 * pad + label_lines.len() as f32 * SMALL_LH + url_lines.len() as f32 * 11.5;
        let mut items = vec![Item::Box {
            rect: Rect { x, y: -h, w, h },
            fill: None,
            stroke: Some((self.theme.rule, 1.0)),
        }];
        let mut y = -pad;
        for line in &label_lines {
            let baseline = y - (SMALL_LH + SMALL_SIZE * 0.7) / 2.0;
            items.extend(self.line_items(
                line,
                x + pad,
                baseline,
                Face::Regular,
                SMALL_SIZE,
                self.theme.muted,
            ));
            y -= SMALL_LH;
        }
        for line in &url_lines {
            let baseline = y - (11.5 + 9.0 * 0.7) / 2.0;
            items.extend(self.line_items(
                line,
                x + pad,
                baseline,
                Face::Regular,
                9.0,
                self.theme.muted,
            ));
            y -= 11.5;
        }
        self.new_group();
        self.push_line(h + 2.0, items);
    }

    fn table(&mut self, table: &Table, indent: f32) {
        let cols = std::iter::once(table.header.len())
            .chain(table.rows.iter().map(Vec::len))
            .max()
            .unwrap_or(0);
        if cols == 0 {
            return;
        }
        let pad = 4.0;
        let avail = CONTENT_W - indent;
        let empty: Vec<Span> = Vec::new();
        let cell = |row: &Vec<Vec<Span>>, c: usize| -> Vec<Span> {
            row.get(c).cloned().unwrap_or_else(|| empty.clone())
        };
        let measure = |spans: &[Span], base: Face| -> (f32, f32) {
            let mut natural = 0.0;
            let mut longest: f32 = 0.0;
            for span in spans {
                let face = face_for(span.style, base);
                natural += self.fonts.width(&span.text, face, SMALL_SIZE);
                for word in span.text.split_whitespace() {
                    longest = longest.max(self.fonts.width(word, face, SMALL_SIZE));
                }
            }
            (natural, longest)
        };
        let mut natural = vec![0.0f32; cols];
        let mut minimum = vec![0.0f32; cols];
        for (r, row) in std::iter::once(&table.header)
            .chain(&table.rows)
            .enumerate()
        {
            let base = if r == 0 { Face::Bold } else { Face::Regular };
            for c in 0..cols {
                let (n, m) = measure(&cell(row, c), base);
                natural[c] = natural[c].max(n + 2.0 * pad);
                minimum[c] = minimum[c].max(m + 2.0 * pad);
            }
        }
        if avail / (cols as f32) < 40.0 {
            self.table_as_paragraphs(table, cols, indent);
            return;
        }
        let widths = column_widths(&natural, &minimum, avail);
        // Lay out every row first: a row taller than a slide is shown as paragraphs instead.
        let mut rows = Vec::new();
        for (r, row) in std::iter::once(&table.header)
            .chain(&table.rows)
            .enumerate()
        {
            let base = if r == 0 { Face::Bold } else { Face::Regular };
            let cells: Vec<Vec<WrappedLine>> = (0..cols)
                .map(|c| {
                    wrap(
                        self.fonts,
                        &cell(row, c),
                        base,
                        SMALL_SIZE,
                        widths[c] - 2.0 * pad,
                    )
                })
                .collect();
            let lines = cells.iter().map(Vec::len).max().unwrap_or(1).max(1);
            let h = lines as f32 * SMALL_LH + 2.0 * pad;
            if h > full_content_height() {
                self.table_as_paragraphs(table, cols, indent);
                return;
            }
            rows.push((base, cells, h));
        }
        let x0 = MARGIN_X + indent;
        let total_w: f32 = widths.iter().sum();
        for (r, (base, cells, h)) in rows.into_iter().enumerate() {
            if r != 1 {
                self.new_group();
            }
            let mut items = Vec::new();
            if r == 0 {
                items.push(Item::Box {
                    rect: Rect {
                        x: x0,
                        y: -h,
                        w: total_w,
                        h,
                    },
                    fill: Some(self.theme.code_background),
                    stroke: None,
                });
            }
            let mut x = x0;
            for (c, lines) in cells.iter().enumerate() {
                let align = table.alignments.get(c).copied().unwrap_or(Alignment::None);
                let mut y = -pad;
                for line in lines {
                    let free = widths[c] - 2.0 * pad - line.width;
                    let dx = match align {
                        Alignment::Right => free,
                        Alignment::Center => free / 2.0,
                        _ => 0.0,
                    };
                    let baseline = y - (SMALL_LH + SMALL_SIZE * 0.7) / 2.0;
                    let color = self.color;
                    items.extend(self.line_items(
                        line,
                        x + pad + dx,
                        baseline,
                        base,
                        SMALL_SIZE,
                        color,
                    ));
                    y -= SMALL_LH;
                }
                x += widths[c];
            }
            let rule_w = if r == 0 { 1.0 } else { 0.5 };
            items.push(Item::Line {
                from: (x0, -h),
                to: (x0 + total_w, -h),
                color: self.theme.rule,
                width: rule_w,
            });
            if r == 0 {
                self.headers.push((h, items.clone()));
            }
            self.push_line(h, items);
            if r == 0 {
                self.header = Some(self.headers.len() - 1);
            }
        }
        self.header = None;
    }

    /// A table too wide for columns: one paragraph per row, "Header: cell" pairs.
    fn table_as_paragraphs(&mut self, table: &Table, cols: usize, indent: f32) {
        // The header first, so the words keep the order of the table.
        let mut spans = Vec::new();
        for (c, header) in table.header.iter().enumerate() {
            if c > 0 {
                spans.push(Span::plain(" · "));
            }
            spans.extend(header.iter().cloned());
        }
        self.paragraph(&spans, indent, Face::Bold, SMALL_SIZE, SMALL_LH, None);
        self.gap(3.0);
        for row in &table.rows {
            let mut spans = Vec::new();
            for c in 0..cols {
                if c > 0 {
                    spans.push(Span::plain(" · "));
                }
                if let Some(header) = table.header.get(c) {
                    for span in header {
                        let mut span = span.clone();
                        span.style.bold = true;
                        spans.push(span);
                    }
                    spans.push(Span::plain(": "));
                }
                spans.extend(row.get(c).cloned().unwrap_or_default());
            }
            self.paragraph(
                &spans,
                indent + 14.0,
                Face::Regular,
                SMALL_SIZE,
                SMALL_LH,
                Some("•"),
            );
            self.gap(3.0);
        }
    }

    /// The final slide(s): every link of the talk with its full URL.
    fn links_flow(&mut self, talk: &Talk) {
        let mut seen: Vec<&str> = Vec::new();
        for link in &talk.links {
            if link.url.trim().is_empty() || seen.contains(&link.url.as_str()) {
                continue;
            }
            seen.push(&link.url);
            let mut spans = Vec::new();
            let label = link.label.trim();
            if !label.is_empty() && label != link.url {
                spans.push(Span {
                    text: format!("{label} "),
                    style: Style {
                        bold: true,
                        ..Style::default()
                    },
                    link: None,
                });
                spans.push(Span::plain(format!("({}) ", kind_name(link.kind))));
                if !link.title.trim().is_empty() {
                    spans.push(Span {
                        text: format!("— {}", link.title.trim()),
                        style: Style {
                            italic: true,
                            ..Style::default()
                        },
                        link: None,
                    });
                }
                spans.push(Span::plain("\n"));
            }
            spans.push(Span {
                text: link.url.clone(),
                style: Style::default(),
                link: Some(link.url.clone()),
            });
            self.paragraph(&spans, 20.0, Face::Regular, SMALL_SIZE, SMALL_LH, Some("•"));
            self.gap(5.0);
        }
    }

    /// The title slide: group, title, conference, and the talk's main links.
    /// The title slide, and whether its title or conference had to be shortened.
    fn title_slide(&mut self, conference: &Conference, talk: &Talk) -> (Page, bool) {
        let mut items = Vec::new();
        let top = SLIDE_HEIGHT - 36.0;
        let bottom = CONTENT_BOTTOM + 4.0;
        let group = talk.group.as_ref().map(|g| {
            wrap(
                self.fonts,
                &[Span::plain(g.clone())],
                Face::Regular,
                14.0,
                CONTENT_W,
            )
        });
        let group_h = group.as_ref().map_or(0.0, |g| g.len() as f32 * 18.0 + 8.0);
        let title = [Span {
            text: talk.title.clone(),
            style: Style::default(),
            link: talk.title_url.clone(),
        }];
        let conf = [Span {
            text: conference.title.clone(),
            style: Style::default(),
            link: conference.title_url.clone(),
        }];
        // The largest title size at which group, title and conference fit; long titles shrink
        // (never below 12 pt) instead of running off the slide.
        let mut layout = None;
        let mut fits = false;
        for size in [30.0f32, 26.0, 22.0, 18.0, 15.0, 12.0] {
            let title_lines = wrap(self.fonts, &title, Face::Bold, size, CONTENT_W);
            let conf_size = (size * 0.6).clamp(11.0, 18.0);
            let conf_lines = wrap(self.fonts, &conf, Face::Regular, conf_size, CONTENT_W);
            let needed = group_h
                + title_lines.len() as f32 * size * 1.2
                + 30.0
                + conf_lines.len() as f32 * conf_size * 1.25;
            fits = needed <= top - bottom;
            layout = Some((size, title_lines, conf_size, conf_lines, needed));
            if fits {
                break;
            }
        }
        let Some((size, mut title_lines, conf_size, mut conf_lines, mut needed)) = layout else {
            let page = Page {
                width: SLIDE_WIDTH,
                height: SLIDE_HEIGHT,
                items,
                bookmark: Some(talk.title.clone()),
            };
            return (page, true);
        };
        if !fits {
            // Keep what fits, end with "…"; the whole text opens the first content slide.
            let ellipsis = |size: f32| {
                wrap(
                    self.fonts,
                    &[Span::plain("…")],
                    Face::Regular,
                    size,
                    CONTENT_W,
                )
            };
            conf_lines.truncate(1);
            conf_lines.extend(ellipsis(conf_size));
            let room = top - bottom - group_h - 30.0 - conf_lines.len() as f32 * conf_size * 1.25;
            let keep = ((room / (size * 1.2)).floor() as usize).max(2) - 1;
            title_lines.truncate(keep);
            title_lines.extend(ellipsis(size));
            needed = top - bottom;
        }
        // Sit a little above the middle when there is room.
        let free = (top - bottom - needed).max(0.0);
        let mut y = top - free * 0.4;
        if let Some(lines) = &group {
            for line in lines {
                y -= 14.0;
                let color = self.theme.muted;
                items.extend(self.line_items(line, MARGIN_X, y, Face::Regular, 14.0, color));
                y -= 4.0;
            }
            y -= 8.0;
        }
        for line in &title_lines {
            y -= size;
            let color = self.theme.title;
            items.extend(self.line_items(line, MARGIN_X, y, Face::Bold, size, color));
            y -= size * 0.2;
        }
        y -= 10.0;
        items.push(Item::Box {
            rect: Rect {
                x: MARGIN_X,
                y,
                w: 80.0,
                h: 3.0,
            },
            fill: Some(self.theme.accent),
            stroke: None,
        });
        y -= 17.0;
        for line in &conf_lines {
            y -= conf_size;
            let color = self.theme.muted;
            items.extend(self.line_items(line, MARGIN_X, y, Face::Regular, conf_size, color));
            y -= conf_size * 0.25;
        }
        y -= 10.0;
        let mut seen: Vec<&str> = Vec::new();
        for link in talk.links.iter().filter(|l| l.kind != LinkKind::Other) {
            if seen.contains(&link.url.as_str()) || seen.len() == 4 {
                continue;
            }
            seen.push(&link.url);
            let spans = [
                Span::plain(format!("{}: ", kind_name(link.kind))),
                Span {
                    text: link.url.clone(),
                    style: Style::default(),
                    link: Some(link.url.clone()),
                },
            ];
            let lines = wrap(self.fonts, &spans, Face::Regular, SMALL_SIZE, CONTENT_W);
            if y - lines.len() as f32 * SMALL_LH < bottom {
                // Every link is on the Links slide too; stop before the footer.
                break;
            }
            for line in &lines {
                let color = self.theme.text;
                let baseline = y - SMALL_SIZE;
                items.extend(self.line_items(
                    line,
                    MARGIN_X,
                    baseline,
                    Face::Regular,
                    SMALL_SIZE,
                    color,
                ));
                y -= SMALL_LH;
            }
        }
        let page = Page {
            width: SLIDE_WIDTH,
            height: SLIDE_HEIGHT,
            items,
            bookmark: Some(talk.title.clone()),
        };
        (page, !fits)
    }

    /// A new slide titled `title`: the page and the top of its content area.
    fn start_slide(&mut self, title: &str, bookmark: bool) -> (Page, f32) {
        let mut items = Vec::new();
        let (size, lines) = self.title_lines(title);
        let mut y = SLIDE_HEIGHT - MARGIN_TOP - size;
        let lh = size * 1.2;
        for line in &lines {
            let color = self.theme.title;
            items.extend(self.line_items(line, MARGIN_X, y, Face::Bold, size, color));
            y -= lh;
        }
        y += lh - 10.0;
        items.push(Item::Line {
            from: (MARGIN_X, y),
            to: (MARGIN_X + CONTENT_W, y),
            color: self.theme.accent,
            width: 1.2,
        });
        let page = Page {
            width: SLIDE_WIDTH,
            height: SLIDE_HEIGHT,
            items,
            bookmark: bookmark.then(|| title.to_string()),
        };
        (page, y - 10.0)
    }

    /// A slide title in at most two lines: 24 pt, smaller when long, shortened with "…" (and
    /// its " (cont.)" kept) when even 16 pt needs more; the full text is elsewhere (the title
    /// slide, or a paragraph under a long sub-heading).
    fn title_lines(&self, title: &str) -> (f32, Vec<WrappedLine>) {
        let wrap_at = |text: &str, size: f32| {
            wrap(
                self.fonts,
                &[Span::plain(text)],
                Face::Bold,
                size,
                CONTENT_W,
            )
        };
        for size in [TITLE_SIZE, 20.0, 16.0] {
            let lines = wrap_at(title, size);
            if lines.len() <= 2 {
                return (size, lines);
            }
        }
        let (text, suffix) = match title.strip_suffix(" (cont.)") {
            Some(text) => (text, " (cont.)"),
            None => (title, ""),
        };
        let words: Vec<&str> = text.split_whitespace().collect();
        let mut best = wrap_at(&format!("…{suffix}"), 16.0);
        let (mut lo, mut hi) = (0, words.len());
        // Binary search on the number of words that still fits in two lines.
        while lo < hi {
            let mid = (lo + hi).div_ceil(2);
            let candidate = wrap_at(&format!("{}…{suffix}", words[..mid].join(" ")), 16.0);
            if candidate.len() <= 2 {
                lo = mid;
                best = candidate;
            } else {
                hi = mid - 1;
            }
        }
        (16.0, best.into_iter().take(2).collect())
    }

    /// True when `title` fits a slide title without shortening.
    fn title_fits(&self, title: &str) -> bool {
        wrap(
            self.fonts,
            &[Span::plain(title)],
            Face::Bold,
            16.0,
            CONTENT_W,
        )
        .len()
            <= 2
    }

    /// Cuts a flow into slides titled `title` ("… (cont.)" on continuations).
    fn paginate(&mut self, flow: Vec<Flow>, title: &str) -> Vec<Page> {
        let mut pages: Vec<Page> = Vec::new();
        let mut base_title = title.to_string();
        let mut current: Option<(Page, f32, bool)> = None; // page, cursor, has content
        let mut pending: Vec<Line> = Vec::new();
        let mut flow = flow.into_iter().peekable();
        loop {
            // Gather one keep-together group.
            let next = flow.next();
            let group_ended = match (&next, pending.last()) {
                (Some(Flow::Line(line)), Some(last)) => line.group != last.group,
                (_, Some(_)) => true,
                _ => false,
            };
            if group_ended {
                let group = std::mem::take(&mut pending);
                self.place_group(group, &base_title, &mut current, &mut pages);
            }
            match next {
                None => break,
                Some(Flow::Line(line)) => pending.push(line),
                Some(Flow::Gap(h)) => {
                    if let Some((_, cursor, true)) = &mut current {
                        *cursor -= h;
                    }
                }
                Some(Flow::Break(heading)) => {
                    base_title = if heading.is_empty() {
                        title.to_string()
                    } else {
                        heading
                    };
                    // A sub-heading with nothing under it keeps its slide: its words count.
                    if let Some((page, _, has_content)) = current.take() {
                        if has_content || page.bookmark.is_some() {
                            pages.push(page);
                        }
                    }
                    current = Some({
                        let (page, top) = self.start_slide(&base_title, true);
                        (page, top, false)
                    });
                }
            }
        }
        if let Some((page, _, has_content)) = current {
            // A sub-heading with nothing under it still gets its slide (its words count).
            if has_content || page.bookmark.is_some() {
                pages.push(page);
            }
        }
        pages
    }

    fn place_group(
        &mut self,
        group: Vec<Line>,
        base_title: &str,
        current: &mut Option<(Page, f32, bool)>,
        pages: &mut Vec<Page>,
    ) {
        let total: f32 = group.iter().map(|l| l.height).sum();
        let cont = format!("{base_title} (cont.)");
        if current.is_none() {
            let (page, top) = self.start_slide(base_title, true);
            *current = Some((page, top, false));
        }
        if let Some((_, cursor, true)) = current {
            if *cursor - total < CONTENT_BOTTOM {
                if let Some((page, _, _)) = current.take() {
                    pages.push(page);
                }
                let (page, top) = self.start_slide(&cont, false);
                *current = Some((page, top, false));
                self.repeat_header(group.first().and_then(|l| l.header), total, current);
            }
        }
        for line in group {
            if let Some((_, cursor, true)) = current {
                if *cursor - line.height < CONTENT_BOTTOM {
                    // The group is taller than a whole slide: it breaks between its lines.
                    if let Some((page, _, _)) = current.take() {
                        pages.push(page);
                    }
                    let (page, top) = self.start_slide(&cont, false);
                    *current = Some((page, top, false));
                    self.repeat_header(line.header, line.height, current);
                }
            }
            if let Some((page, cursor, has_content)) = current {
                let top = *cursor;
                for mut item in line.items {
                    shift(&mut item, top);
                    page.items.push(item);
                }
                *cursor -= line.height;
                *has_content = true;
            }
        }
    }

    /// Draws a table's header row at the top of a continuation slide.
    /// Only when it fits together with the `need` points of content that follow it.
    fn repeat_header(
        &self,
        header: Option<usize>,
        need: f32,
        current: &mut Option<(Page, f32, bool)>,
    ) {
        let (Some(index), Some((page, cursor, _))) = (header, current.as_mut()) else {
            return;
        };
        if let Some((height, items)) = self.headers.get(index) {
            if *cursor - height - need < CONTENT_BOTTOM {
                return;
            }
            for item in items {
                let mut item = item.clone();
                shift(&mut item, *cursor);
                page.items.push(item);
            }
            *cursor -= height;
        }
    }

    /// Background and footer ("conference — page n / N").
    fn decorate(&mut self, page: &mut Page, conference: &str, n: usize, total: usize) {
        if let Some(bg) = self.theme.background {
            page.items.insert(
                0,
                Item::Box {
                    rect: Rect {
                        x: 0.0,
                        y: 0.0,
                        w: page.width,
                        h: page.height,
                    },
                    fill: Some(bg),
                    stroke: None,
                },
            );
        }
        let suffix = format!(" — page {n} / {total}");
        let mut name: String = conference.to_string();
        let max = CONTENT_W - self.fonts.width(&suffix, Face::Regular, FOOTER_SIZE);
        if self.fonts.width(&name, Face::Regular, FOOTER_SIZE) > max {
            // The full name is on the title slide; the footer keeps what fits.
            while !name.is_empty()
                && self.fonts.width(&name, Face::Regular, FOOTER_SIZE) > max - 10.0
            {
                name.pop();
            }
            name.push('…');
        }
        let footer = format!("{name}{suffix}");
        let w = self.fonts.width(&footer, Face::Regular, FOOTER_SIZE);
        let mut x = SLIDE_WIDTH - MARGIN_X - w;
        for (font, text) in self.fonts.runs(&footer, Face::Regular, &mut self.missing) {
            let run_w = self.fonts.width(&text, Face::Regular, FOOTER_SIZE);
            page.items.push(Item::Text {
                x,
                y: 16.0,
                size: FOOTER_SIZE,
                font,
                color: self.theme.muted,
                text,
            });
            x += run_w;
        }
    }
}

/// Height of the smallest content area of a slide (under a two-line title), so that anything
/// at most this tall fits on a fresh slide whatever its title.
fn full_content_height() -> f32 {
    SLIDE_HEIGHT - MARGIN_TOP - TITLE_SIZE * 2.2 - 20.0 - CONTENT_BOTTOM
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

/// Column widths filling at most `avail`: natural widths when they fit, else each column gets
/// its longest word (or its share) and the rest is shared by how much more each column wants.
fn column_widths(natural: &[f32], minimum: &[f32], avail: f32) -> Vec<f32> {
    let total: f32 = natural.iter().sum();
    if total <= avail {
        return natural.to_vec();
    }
    let share = avail / natural.len() as f32;
    let mut widths: Vec<f32> = minimum
        .iter()
        .zip(natural)
        .map(|(m, n)| m.min(*n).min(share.max(avail * 0.5)))
        .collect();
    let base: f32 = widths.iter().sum();
    if base > avail {
        return widths.iter().map(|w| w * avail / base).collect();
    }
    let extra = avail - base;
    let want: f32 = natural.iter().zip(&widths).map(|(n, w)| n - w).sum();
    if want > 0.0 {
        for (w, n) in widths.iter_mut().zip(natural) {
            *w += extra * (n - *w) / want;
        }
    }
    widths
}

fn load_picture(path: &Path) -> Result<Picture, String> {
    let bytes = std::fs::read(path).map_err(|e| e.to_string())?;
    let mut warnings = Vec::new();
    let raw = printpdf::RawImage::decode_from_bytes(&bytes, &mut warnings)?;
    Ok(Picture {
        width: raw.width as u32,
        height: raw.height as u32,
        raw,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn column_widths_fit_the_space() {
        assert_eq!(
            column_widths(&[50.0, 60.0], &[20.0, 30.0], 200.0),
            vec![50.0, 60.0]
        );
        let w = column_widths(&[400.0, 100.0, 300.0], &[40.0, 30.0, 60.0], 500.0);
        assert!((w.iter().sum::<f32>() - 500.0).abs() < 0.01, "{w:?}");
        assert!(w[0] >= 40.0 && w[1] >= 30.0 && w[2] >= 60.0, "{w:?}");
        // The column that wants most gets most.
        assert!(w[0] > w[2] && w[2] > w[1], "{w:?}");
    }

    #[test]
    fn remote_urls_are_recognised() {
        assert!(is_remote("https://x.org/a.png"));
        assert!(is_remote("HTTP://x.org/a.png"));
        assert!(!is_remote("img/a.png"));
    }
}
