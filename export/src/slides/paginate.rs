//! Cutting the flow into slides: slide frames and titles, keep-together groups, footers.

use super::*;

/// A piece of a unit of glued groups.
enum Part {
    /// One keep-together group of lines.
    Group(Vec<Line>),
    /// Space between groups.
    Gap(f32),
}

/// More characters than two lines of a slide title hold at 16 pt, even of the narrowest
/// letters (about 240): the longest start of a title that is wrapped to fit it.
const MAX_SLIDE_TITLE_CHARS: usize = 500;

impl FlowBuilder<'_> {
    /// A new slide titled `title`: the page and the top of its content area.
    pub(super) fn start_slide(&mut self, title: &str, bookmark: bool) -> (Page, f32) {
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
    pub(super) fn title_lines(&self, title: &str) -> (f32, Vec<WrappedLine>) {
        let wrap_at = |text: &str, size: f32| {
            wrap(
                self.fonts,
                &[Span::plain(text)],
                Face::Bold,
                size,
                CONTENT_W,
            )
        };
        let (text, suffix) = match title.strip_suffix(" (cont.)") {
            Some(text) => (text, " (cont.)"),
            None => (title, ""),
        };
        // Two lines show only the start of a very long title: no more of it is wrapped, so a
        // title of a million characters costs each of its slides no more than a short one.
        let cut = text
            .char_indices()
            .nth(MAX_SLIDE_TITLE_CHARS)
            .map(|(at, _)| &text[..at]);
        if cut.is_none() {
            for size in [TITLE_SIZE, 20.0, 16.0] {
                let lines = wrap_at(title, size);
                if lines.len() <= 2 {
                    return (size, lines);
                }
            }
        }
        let text = cut.unwrap_or(text);
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
    pub(super) fn title_fits(&self, title: &str) -> bool {
        title.chars().nth(MAX_SLIDE_TITLE_CHARS).is_none()
            && wrap(
                self.fonts,
                &[Span::plain(title)],
                Face::Bold,
                16.0,
                CONTENT_W,
            )
            .len()
                <= 2
    }

    /// Cuts a flow into slides titled `title` ("… (cont.)" on continuations), placing each
    /// chain of glued groups (see [`super::keep`]) as one unit.
    pub(super) fn paginate(&mut self, flow: Vec<Flow>, title: &str) -> Vec<Page> {
        let mut pages: Vec<Page> = Vec::new();
        let mut base_title = title.to_string();
        let mut current: Option<(Page, f32, bool)> = None; // page, cursor, has content
        let mut pending: Vec<Line> = Vec::new();
        let mut unit: Vec<Part> = Vec::new();
        let mut flow = flow.into_iter();
        loop {
            // Gather one group, then chain glued groups into a unit.
            let next = flow.next();
            let group_ended = match (&next, pending.last()) {
                (Some(Flow::Line(line)), Some(last)) => line.group != last.group,
                (_, Some(_)) => true,
                _ => false,
            };
            if group_ended {
                let glued = pending.last().is_some_and(|l| l.glue_next);
                unit.push(Part::Group(std::mem::take(&mut pending)));
                let more = glued && matches!(next, Some(Flow::Line(_)) | Some(Flow::Gap(_)));
                if !more {
                    let parts = std::mem::take(&mut unit);
                    self.place_unit(parts, &base_title, &mut current, &mut pages);
                }
            }
            match next {
                None => break,
                Some(Flow::Line(line)) => pending.push(line),
                Some(Flow::Gap(h)) => {
                    if unit.is_empty() {
                        if let Some((_, cursor, true)) = &mut current {
                            *cursor -= h;
                        }
                    } else {
                        unit.push(Part::Gap(h));
                    }
                }
                Some(Flow::Break(heading)) => {
                    let parts = std::mem::take(&mut unit);
                    self.place_unit(parts, &base_title, &mut current, &mut pages);
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
        let parts = std::mem::take(&mut unit);
        self.place_unit(parts, &base_title, &mut current, &mut pages);
        if let Some((page, _, has_content)) = current {
            // A sub-heading with nothing under it still gets its slide (its words count).
            if has_content || page.bookmark.is_some() {
                pages.push(page);
            }
        }
        pages
    }

    /// Places glued groups: on this slide when they fit, else whole on the next when they fit
    /// a fresh slide, else group by group with at least the first two together.
    fn place_unit(
        &mut self,
        parts: Vec<Part>,
        base_title: &str,
        current: &mut Option<(Page, f32, bool)>,
        pages: &mut Vec<Page>,
    ) {
        if parts.is_empty() {
            return;
        }
        let height = |parts: &[Part]| -> f32 {
            let end = parts
                .iter()
                .rposition(|p| matches!(p, Part::Group(_)))
                .map_or(0, |i| i + 1);
            parts[..end]
                .iter()
                .map(|p| match p {
                    Part::Group(lines) => lines.iter().map(|l| l.height).sum(),
                    Part::Gap(h) => *h,
                })
                .sum()
        };
        let groups = parts.iter().filter(|p| matches!(p, Part::Group(_))).count();
        if groups > 1 {
            let whole = height(&parts);
            let first_two = {
                let mut seen = 0;
                let end = parts
                    .iter()
                    .position(|p| {
                        if matches!(p, Part::Group(_)) {
                            seen += 1;
                        }
                        seen == 3
                    })
                    .unwrap_or(parts.len());
                height(&parts[..end])
            };
            let need = if whole <= full_content_height() {
                whole
            } else {
                first_two
            };
            if let Some((_, cursor, true)) = current {
                if *cursor - need < CONTENT_BOTTOM && need <= full_content_height() {
                    if let Some((page, _, _)) = current.take() {
                        pages.push(page);
                    }
                    let cont = format!("{base_title} (cont.)");
                    let (page, top) = self.start_slide(&cont, false);
                    *current = Some((page, top, false));
                    let header = parts.iter().find_map(|p| match p {
                        Part::Group(lines) => lines.first().and_then(|l| l.header),
                        Part::Gap(_) => None,
                    });
                    self.repeat_header(header, need, current);
                }
            }
        }
        for part in parts {
            match part {
                Part::Group(lines) => self.place_group(lines, base_title, current, pages),
                Part::Gap(h) => {
                    if let Some((_, cursor, true)) = current {
                        *cursor -= h;
                    }
                }
            }
        }
    }

    pub(super) fn place_group(
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
        let heights: Vec<f32> = group.iter().map(|l| l.height).collect();
        let count = group.len();
        let mut on_this_slide = 0;
        for (i, line) in group.into_iter().enumerate() {
            if let Some((_, cursor, true)) = current {
                // No single line of the group left alone at the top of the next slide.
                let widow = i + 2 == count
                    && on_this_slide >= 2
                    && *cursor - heights[i] - heights[i + 1] < CONTENT_BOTTOM;
                if widow || *cursor - line.height < CONTENT_BOTTOM {
                    on_this_slide = 0;
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
                on_this_slide += 1;
            }
        }
    }

    /// Draws a table's header row at the top of a continuation slide.
    /// Only when it fits together with the `need` points of content that follow it.
    pub(super) fn repeat_header(
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
    pub(super) fn decorate(&mut self, page: &mut Page, conference: &str, n: usize, total: usize) {
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
        let max = CONTENT_W - self.fonts.width(&suffix, Face::Regular, FOOTER_SIZE);
        // The full name is on the title slide; the footer keeps what fits.
        let name = self
            .fonts
            .cut_to_width(conference, Face::Regular, FOOTER_SIZE, max, 10.0);
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
