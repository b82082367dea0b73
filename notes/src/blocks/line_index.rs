//! Byte offsets of a notes file to 1-based line numbers, for the source lines of every item.

/// Maps byte offsets of the whole file to 1-based line numbers.
pub struct LineIndex {
    starts: Vec<usize>,
    /// The line of the last lookup: parse events arrive in nearly increasing order.
    last: std::cell::Cell<usize>,
}

impl LineIndex {
    /// Indexes the line starts of `text`.
    pub fn new(text: &str) -> Self {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        LineIndex {
            starts,
            last: std::cell::Cell::new(0),
        }
    }

    /// The 1-based line holding byte `offset`.
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
        index + 1
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_index_maps_offsets() {
        let index = LineIndex::new("a\nbc\n\nd");
        assert_eq!(index.line(0), 1);
        assert_eq!(index.line(2), 2);
        assert_eq!(index.line(5), 3);
        assert_eq!(index.line(6), 4);
    }
}
