//! Byte offsets of a notes file to 1-based line numbers, for the source lines of every item.

/// The 1-based line of `text` that holds byte `offset`.
pub fn line_at(text: &str, offset: usize) -> usize {
    1 + text.as_bytes()[..offset]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
}

/// Maps byte offsets of a text to the 1-based line numbers of its file.
pub struct LineIndex {
    starts: Vec<usize>,
    /// The file's line number of the text's first line.
    first_line: usize,
    /// The line of the last lookup: parse events arrive in nearly increasing order.
    last: std::cell::Cell<usize>,
}

impl LineIndex {
    /// Indexes the line starts of `text`, whose first line is line `first_line` of its file.
    pub fn new(text: &str, first_line: usize) -> Self {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        LineIndex {
            starts,
            first_line,
            last: std::cell::Cell::new(0),
        }
    }

    /// The file's 1-based line holding byte `offset` of the text.
    pub fn line(&self, offset: usize) -> usize {
        let holds = |i: usize| {
            self.starts[i] <= offset && self.starts.get(i + 1).is_none_or(|&next| offset < next)
        };
        let last = self.last.get();
        let index = if holds(last) {
            last
        } else if last + 1 < self.starts.len() && holds(last + 1) {
            last + 1
        } else {
            match self.starts.binary_search(&offset) {
                Ok(i) => i,
                Err(i) => i - 1,
            }
        };
        self.last.set(index);
        index + self.first_line
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_index_maps_offsets() {
        let index = LineIndex::new("a\nbc\n\nd", 1);
        assert_eq!(index.line(0), 1);
        assert_eq!(index.line(2), 2);
        assert_eq!(index.line(5), 3);
        assert_eq!(index.line(6), 4);
        // A text that starts at line 10 of its file.
        let index = LineIndex::new("a\nbc", 10);
        assert_eq!(index.line(0), 10);
        assert_eq!(index.line(3), 11);
    }
}
