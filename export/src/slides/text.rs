//! Wrapped text on a slide: styled runs, paragraphs and list markers.

use super::*;

impl FlowBuilder<'_> {
    /// Drawing items of one wrapped line starting at `x`, baseline at `baseline`.
    pub(super) fn line_items(
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
    pub(super) fn paragraph(
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

    pub(super) fn marker_items(
        &mut self,
        marker: &str,
        text_x: f32,
        baseline: f32,
        size: f32,
    ) -> Vec<Item> {
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
}
