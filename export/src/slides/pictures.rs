//! Pictures: embedded and scaled to fit with their caption, or a framed placeholder.

use super::*;
use crate::picture_source::is_fetchable;

fn is_remote(url: &str) -> bool {
    let lower = url.to_ascii_lowercase();
    lower.starts_with("http://")
        || lower.starts_with("https://")
        || lower.starts_with("//")
        || lower.starts_with("data:")
        || lower.starts_with("ftp://")
}

impl FlowBuilder<'_> {
    /// A picture scaled to fit one slide with its caption, or a placeholder when it cannot
    /// be had (reported once in the deck's warnings).
    pub(super) fn image(&mut self, image: &Image, indent: f32) {
        let caption = caption(image);
        let url = image.url.trim();
        let found = if is_fetchable(url) {
            self.pictures.remote(url)
        } else if is_remote(url) {
            // data: and ftp: pictures are not fetched: the placeholder keeps their link.
            self.placeholder(image, &caption, indent, true);
            return;
        } else {
            let relative = url.split(['?', '#']).next().unwrap_or_default();
            self.pictures.local(&self.base_dir, relative)
        };
        match found {
            Ok((picture, origin)) => {
                self.counts.found(origin);
                self.picture(picture, &caption, indent);
            }
            Err(reason) => {
                self.counts.missing += 1;
                self.warnings.push(format!("picture {url}: {reason}"));
                self.placeholder(image, &caption, indent, is_remote(url));
            }
        }
    }

    /// Lays out the leading small pictures of `images` (those that can be had and are at most
    /// half the content width at their natural size) in rows, each with its caption below,
    /// when there are at least two; returns how many were laid out (0: none, each picture
    /// then gets its own slide-wide layout).
    pub(super) fn side_by_side(&mut self, images: &[&Image], indent: f32) -> usize {
        const GUTTER: f32 = 12.0;
        let max_w = CONTENT_W - indent;
        let mut found = Vec::new();
        for image in images {
            let url = image.url.trim();
            let result = if is_fetchable(url) {
                self.pictures.remote(url)
            } else if is_remote(url) {
                break;
            } else {
                let relative = url.split(['?', '#']).next().unwrap_or_default();
                self.pictures.local(&self.base_dir, relative)
            };
            match result {
                Ok((picture, origin)) => {
                    let natural = (picture.width as f32 * 0.75, picture.height as f32 * 0.75);
                    if natural.0 > max_w / 2.0 {
                        break;
                    }
                    found.push((picture, origin, natural, caption(image)));
                }
                Err(_) => break,
            }
        }
        if found.len() < 2 {
            return 0;
        }
        // Rows of pictures at most half a slide tall, filled left to right.
        let max_h = full_content_height() / 2.0;
        let mut rows: Vec<Vec<usize>> = vec![Vec::new()];
        let mut row_w = 0.0;
        for (i, (_, _, natural, _)) in found.iter().enumerate() {
            let w = (natural.0 * (max_h / natural.1).min(1.0)).max(60.0);
            let full = rows.last().is_some_and(|r| !r.is_empty());
            if full && row_w + GUTTER + w > max_w {
                rows.push(Vec::new());
                row_w = 0.0;
            }
            row_w += if full { GUTTER + w } else { w };
            if let Some(row) = rows.last_mut() {
                row.push(i);
            }
        }
        for row in rows {
            self.new_group();
            let mut items = Vec::new();
            let mut x = MARGIN_X + indent;
            let mut height: f32 = 0.0;
            for i in row {
                let (picture, origin, natural, caption) = &found[i];
                self.counts.found(*origin);
                let scale = (max_h / natural.1).min(1.0);
                let (w, h) = (natural.0 * scale, natural.1 * scale);
                items.push(Item::Image {
                    rect: Rect { x, y: -h, w, h },
                    picture: picture.clone(),
                });
                items.push(Item::Box {
                    rect: Rect { x, y: -h, w, h },
                    fill: None,
                    stroke: Some((self.theme.rule, 0.5)),
                });
                let mut y = -h - 4.0;
                let caption_w = w.max(60.0).min(max_w - (x - MARGIN_X - indent));
                for line in wrap(self.fonts, caption, Face::Regular, SMALL_SIZE, caption_w) {
                    let baseline = y - SMALL_SIZE;
                    let color = self.theme.muted;
                    items.extend(self.line_items(
                        &line,
                        x,
                        baseline,
                        Face::Regular,
                        SMALL_SIZE,
                        color,
                    ));
                    y -= SMALL_LH;
                }
                height = height.max(-y);
                x += w.max(caption_w) + GUTTER;
            }
            self.push_line(height + 4.0, items);
        }
        found.len()
    }

    /// One picture with its caption below, scaled to the content area of a slide.
    pub(super) fn picture(&mut self, picture: Arc<Picture>, caption: &[Span], indent: f32) {
        let x = MARGIN_X + indent;
        let max_w = CONTENT_W - indent;
        let caption_lines = if caption.is_empty() {
            0.0
        } else {
            wrap(self.fonts, caption, Face::Regular, SMALL_SIZE, max_w).len() as f32 * SMALL_LH
        };
        let max_h = full_content_height() - caption_lines - 6.0;
        let (pw, ph) = (picture.width.max(1) as f32, picture.height.max(1) as f32);
        // Pixels at 96 dpi; a photo scaled down to the cache's size still fills the slide.
        let natural = (pw * 0.75, ph * 0.75);
        let scale = (max_w / natural.0).min(max_h / natural.1).min(1.0);
        let (w, h) = (natural.0 * scale, natural.1 * scale);
        self.new_group();
        let group = self.group;
        self.push_line(
            h + 4.0,
            vec![
                Item::Image {
                    rect: Rect { x, y: -h, w, h },
                    picture,
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
            self.paragraph(caption, indent, Face::Regular, SMALL_SIZE, SMALL_LH, None);
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
    }

    /// A framed box standing for an image that is not embedded: alt text and clickable URL.
    pub(super) fn placeholder(
        &mut self,
        image: &Image,
        caption: &[Span],
        indent: f32,
        remote: bool,
    ) {
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
}

/// The caption of a picture: its alt text and title, in italics.
fn caption(image: &Image) -> Vec<Span> {
    [image.alt.trim(), image.title.trim()]
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
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    pub(super) fn remote_urls_are_recognised() {
        assert!(is_remote("https://x.org/a.png"));
        assert!(is_remote("HTTP://x.org/a.png"));
        assert!(!is_remote("img/a.png"));
    }
}
