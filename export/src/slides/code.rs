//! Code blocks: monospaced lines on a tinted background, wrapped by character.

use super::*;

impl FlowBuilder<'_> {
    pub(super) fn code(&mut self, text: &str, indent: f32) {
        let pad = 8.0;
        let x = MARGIN_X + indent;
        let w = CONTENT_W - indent;
        let fill = self.theme.code_background;
        let bg = move |y: f32, h: f32| Item::Box {
            rect: Rect { x, y, w, h },
            fill: Some(fill),
            stroke: None,
        };
        let from = self.flow.len();
        let mut starts = vec![from];
        self.new_group();
        self.push_line(5.0, vec![bg(-5.0, 5.0)]);
        let source_lines: Vec<&str> = text.split('\n').collect();
        let last = source_lines.len().saturating_sub(1);
        for (i, source) in source_lines.iter().enumerate() {
            if i > 0 {
                starts.push(self.flow.len());
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
        self.keep_block(from, &starts);
    }
}
