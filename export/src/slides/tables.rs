//! Tables: measured column widths, a header row repeated on continuations.

use super::*;

impl FlowBuilder<'_> {
    pub(super) fn table(&mut self, table: &Table, indent: f32) {
        let cols = std::iter::once(table.header.len())
            .chain(table.rows.iter().map(Vec::len))
            .max()
            .unwrap_or(0);
        if cols == 0 {
            return;
        }
        let pad = 4.0;
        let avail = CONTENT_W - indent;
        let cell = |row: &Vec<StyledText>, c: usize| -> Vec<Span> {
            row.get(c).map(StyledText::to_spans).unwrap_or_default()
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
        let from = self.flow.len();
        let mut starts = Vec::new();
        for (r, (base, cells, h)) in rows.into_iter().enumerate() {
            if r != 1 {
                starts.push(self.flow.len());
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
        self.keep_block(from, &starts);
    }

    /// A table too wide for columns: one paragraph per row, "Header: cell" pairs.
    pub(super) fn table_as_paragraphs(&mut self, table: &Table, cols: usize, indent: f32) {
        // The header first, so the words keep the order of the table.
        let mut spans = Vec::new();
        for (c, header) in table.header.iter().enumerate() {
            if c > 0 {
                spans.push(Span::plain(" · "));
            }
            spans.extend(header.iter().map(|s| s.to_span()));
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
                        let mut span = span.to_span();
                        span.style.bold = true;
                        spans.push(span);
                    }
                    spans.push(Span::plain(": "));
                }
                spans.extend(row.get(c).map(StyledText::to_spans).unwrap_or_default());
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    pub(super) fn column_widths_fit_the_space() {
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
}
