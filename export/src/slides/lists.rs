//! Bullet, numbered and task lists.

use super::*;

impl FlowBuilder<'_> {
    pub(super) fn list(&mut self, list: &List, indent: f32) {
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
        let from = self.flow.len();
        let mut starts = Vec::with_capacity(list.items.len());
        for (item, marker) in list.items.iter().zip(&markers) {
            starts.push(self.flow.len());
            let rest = match item.blocks.first() {
                Some(Block::Paragraph { spans }) => {
                    self.paragraph(
                        &spans.to_spans(),
                        item_indent,
                        Face::Regular,
                        BODY_SIZE,
                        BODY_LH,
                        Some(marker),
                    );
                    if keep::leads_in(&item.blocks[0], item.blocks.get(1)) {
                        self.glue_last();
                    }
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
            for (i, block) in rest.iter().enumerate() {
                if let Block::Paragraph { spans } = block {
                    self.paragraph(
                        &spans.to_spans(),
                        item_indent,
                        Face::Regular,
                        BODY_SIZE,
                        BODY_LH,
                        None,
                    );
                } else {
                    self.block(block, item_indent, false);
                }
                if keep::leads_in(block, rest.get(i + 1)) {
                    self.glue_last();
                }
            }
            self.gap(2.0);
        }
        self.depth -= 1;
        self.keep_block(from, &starts);
    }
}
