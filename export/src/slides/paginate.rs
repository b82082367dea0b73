//! Cutting the flow into slides: slide frames and titles, keep-together groups, footers.

use super::*;

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
    pub(super) fn title_fits(&self, title: &str) -> bool {
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
    pub(super) fn paginate(&mut self, flow: Vec<Flow>, title: &str) -> Vec<Page> {
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
                    if let Some((page, _, true)) = current.take() {
                        pages.push(page);
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
