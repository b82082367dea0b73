//! Printable handouts: slides framed and scaled N to a portrait page, in reading order, with
//! ruled lines for notes (beside each slide for 3 per page, below for 1 per page).

use crate::fonts::{Face, FontSet};
use crate::page::{Item, Page, Rect, Rgb};
use std::sync::Arc;

/// Paper size of handout pages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Paper {
    /// ISO A4, 210 × 297 mm.
    #[default]
    A4,
    /// US Letter, 8.5 × 11 in.
    Letter,
}

impl Paper {
    /// Width and height in points.
    pub fn size(self) -> (f32, f32) {
        match self {
            Paper::A4 => (595.28, 841.89),
            Paper::Letter => (612.0, 792.0),
        }
    }
}

const MARGIN: f32 = 42.0;
const HEADER: f32 = 30.0;
const GAP: f32 = 18.0;
const LINE_SPACING: f32 = 22.0;
const INK: Rgb = Rgb(0.3, 0.3, 0.32);
const RULE: Rgb = Rgb(0.75, 0.75, 0.78);

/// Where slides go on a handout page: one slot per slide and the ruled areas for notes.
struct Grid {
    slots: Vec<Rect>,
    ruled: Vec<Rect>,
}

/// How many slides a handout with `per_page` requested really holds (1, 2, 3, 4, else 6).
pub fn slots_per_page(per_page: usize) -> usize {
    match per_page {
        1..=4 => per_page,
        _ => 6,
    }
}

fn grid(per_page: usize, width: f32, height: f32, slide_aspect: f32) -> Grid {
    let left = MARGIN;
    let right = width - MARGIN;
    let top = height - MARGIN - HEADER;
    let bottom = MARGIN + 10.0;
    let area_w = right - left;
    let area_h = top - bottom;
    let mut slots = Vec::new();
    let mut ruled = Vec::new();
    let fit = |w: f32, h: f32| -> (f32, f32) {
        let sw = w.min(h / slide_aspect);
        (sw, sw * slide_aspect)
    };
    match slots_per_page(per_page) {
        1 => {
            let (w, h) = fit(area_w, area_h * 0.5);
            slots.push(Rect {
                x: left + (area_w - w) / 2.0,
                y: top - h,
                w,
                h,
            });
            ruled.push(Rect {
                x: left,
                y: bottom,
                w: area_w,
                h: top - h - GAP - bottom,
            });
        }
        3 => {
            let row_h = (area_h - 2.0 * GAP) / 3.0;
            let (w, h) = fit(area_w * 0.55, row_h);
            for r in 0..3 {
                let row_top = top - r as f32 * (row_h + GAP);
                let y = row_top - (row_h - h) / 2.0 - h;
                slots.push(Rect { x: left, y, w, h });
                ruled.push(Rect {
                    x: left + w + GAP,
                    y,
                    w: area_w - w - GAP,
                    h,
                });
            }
        }
        _ => {
            let (cols, rows) = match per_page {
                2 => (1, 2),
                4 => (2, 2),
                _ => (2, 3),
            };
            let cell_w = (area_w - (cols - 1) as f32 * GAP) / cols as f32;
            let cell_h = (area_h - (rows - 1) as f32 * GAP) / rows as f32;
            let (w, h) = fit(cell_w, cell_h);
            for r in 0..rows {
                for c in 0..cols {
                    let cell_x = left + c as f32 * (cell_w + GAP);
                    let cell_top = top - r as f32 * (cell_h + GAP);
                    slots.push(Rect {
                        x: cell_x + (cell_w - w) / 2.0,
                        y: cell_top - (cell_h - h) / 2.0 - h,
                        w,
                        h,
                    });
                }
            }
        }
    }
    Grid { slots, ruled }
}

/// Handout pages of `slides`, `per_page` (1, 2, 3, 4 or 6) to a page, in reading order
/// (left to right, then down). `header` is printed at the top of every page.
pub fn handout(
    slides: &[Page],
    per_page: usize,
    paper: Paper,
    fonts: &FontSet,
    header: &str,
    missing: &mut Vec<char>,
) -> Vec<Page> {
    let (width, height) = paper.size();
    let aspect = slides.first().map_or(9.0 / 16.0, |s| s.height / s.width);
    let grid = grid(per_page, width, height, aspect);
    let per_page = grid.slots.len();
    let total = slides.len().div_ceil(per_page).max(1);
    // The header repeats what the slides say; a long one is shortened to the page width.
    let header = fonts.cut_to_width(header, Face::Regular, 10.0, width - 2.0 * MARGIN, 12.0);
    let mut pages = Vec::with_capacity(total);
    for (n, chunk) in slides.chunks(per_page).enumerate() {
        let mut items = Vec::new();
        text_line(
            fonts,
            &mut items,
            &header,
            MARGIN,
            height - MARGIN - 10.0,
            10.0,
            missing,
        );
        items.push(Item::Line {
            from: (MARGIN, height - MARGIN - 16.0),
            to: (width - MARGIN, height - MARGIN - 16.0),
            color: RULE,
            width: 0.6,
        });
        let mut bookmark = None;
        for (i, (slide, slot)) in chunk.iter().zip(&grid.slots).enumerate() {
            if bookmark.is_none() && slide.bookmark.is_some() && i == 0 {
                bookmark = slide.bookmark.clone();
            }
            items.push(Item::Placed {
                page: Arc::new(slide.clone()),
                scale: slot.w / slide.width,
                x: slot.x,
                y: slot.y,
            });
            items.push(Item::Box {
                rect: *slot,
                fill: None,
                stroke: Some((INK, 0.6)),
            });
            if let Some(area) = grid.ruled.get(i) {
                let mut y = area.y + area.h - LINE_SPACING;
                while y >= area.y - 0.01 {
                    items.push(Item::Line {
                        from: (area.x, y),
                        to: (area.x + area.w, y),
                        color: RULE,
                        width: 0.5,
                    });
                    y -= LINE_SPACING;
                }
            }
        }
        let footer = format!("page {} / {total}", n + 1);
        let fw = fonts.width(&footer, Face::Regular, 9.0);
        text_line(
            fonts,
            &mut items,
            &footer,
            (width - fw) / 2.0,
            MARGIN - 18.0,
            9.0,
            missing,
        );
        pages.push(Page {
            width,
            height,
            items,
            bookmark,
        });
    }
    pages
}

fn text_line(
    fonts: &FontSet,
    items: &mut Vec<Item>,
    text: &str,
    x: f32,
    y: f32,
    size: f32,
    missing: &mut Vec<char>,
) {
    let mut x = x;
    for (font, run) in fonts.runs(text, Face::Regular, missing) {
        let w = fonts.width(&run, Face::Regular, size);
        items.push(Item::Text {
            x,
            y,
            size,
            font,
            color: INK,
            text: run,
        });
        x += w;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slots_fit_the_page_and_keep_the_slide_aspect() {
        for paper in [Paper::A4, Paper::Letter] {
            let (w, h) = paper.size();
            for n in [1, 2, 3, 4, 6] {
                let g = grid(n, w, h, 9.0 / 16.0);
                assert_eq!(g.slots.len(), n);
                for s in &g.slots {
                    assert!(
                        s.x >= MARGIN - 0.01 && s.x + s.w <= w - MARGIN + 0.01,
                        "{n}: {s:?}"
                    );
                    assert!(s.y >= MARGIN && s.y + s.h <= h - MARGIN, "{n}: {s:?}");
                    assert!((s.h / s.w - 9.0 / 16.0).abs() < 1e-3);
                }
                // Reading order: left to right, then down.
                for pair in g.slots.windows(2) {
                    let (a, b) = (pair[0], pair[1]);
                    assert!(
                        b.y < a.y - 1.0 || (b.y - a.y).abs() < 0.01 && b.x > a.x,
                        "{n}"
                    );
                }
                // Slots do not overlap.
                for (i, a) in g.slots.iter().enumerate() {
                    for b in &g.slots[i + 1..] {
                        let apart = a.x + a.w <= b.x
                            || b.x + b.w <= a.x
                            || a.y + a.h <= b.y
                            || b.y + b.h <= a.y;
                        assert!(apart, "{n}: {a:?} {b:?}");
                    }
                }
            }
            assert_eq!(grid(3, w, h, 0.5625).ruled.len(), 3);
            assert_eq!(grid(1, w, h, 0.5625).ruled.len(), 1);
            assert!(grid(4, w, h, 0.5625).ruled.is_empty());
        }
    }
}
