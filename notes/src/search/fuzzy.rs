//! Typo-tolerant word lookup: a BK-tree over the index vocabulary, so that finding the words
//! within one or two edits of a query word visits a small part of the vocabulary.

/// A BK-tree of vocabulary terms under the Levenshtein distance (strsim).
#[derive(Debug, Default)]
pub struct BkTree {
    nodes: Vec<Node>,
}

#[derive(Debug)]
struct Node {
    term: u32,
    word: Box<str>,
    /// Children by their distance to this node's word.
    children: Vec<(u8, u32)>,
}

/// Levenshtein distance in characters.
fn distance(a: &str, b: &str) -> usize {
    strsim::levenshtein(a, b)
}

impl BkTree {
    /// Adds a term (its id and its text); terms must be distinct.
    pub fn insert(&mut self, term: u32, text: &str) {
        let word: Box<str> = text.into();
        let new = self.nodes.len() as u32;
        if self.nodes.is_empty() {
            self.nodes.push(Node {
                term,
                word,
                children: Vec::new(),
            });
            return;
        }
        let mut at = 0usize;
        loop {
            let d = distance(&self.nodes[at].word, &word).min(u8::MAX as usize) as u8;
            if d == 0 {
                return;
            }
            match self.nodes[at].children.iter().find(|(cd, _)| *cd == d) {
                Some(&(_, child)) => at = child as usize,
                None => {
                    self.nodes[at].children.push((d, new));
                    break;
                }
            }
        }
        self.nodes.push(Node {
            term,
            word,
            children: Vec::new(),
        });
    }

    /// Every term within `max` edits of `query`, with its distance.
    pub fn within(&self, query: &str, max: usize, out: &mut Vec<(u32, usize)>) {
        if self.nodes.is_empty() {
            return;
        }
        let mut stack = vec![0u32];
        while let Some(at) = stack.pop() {
            let node = &self.nodes[at as usize];
            // Words whose lengths differ by more than `max` cannot match, but their subtrees can.
            let d = distance(&node.word, query);
            if d <= max {
                out.push((node.term, d));
            }
            let (lo, hi) = (d.saturating_sub(max), d + max);
            for &(cd, child) in &node.children {
                if (lo..=hi).contains(&(cd as usize)) {
                    stack.push(child);
                }
            }
        }
    }

    /// Heap bytes held by the tree (for memory reports).
    pub fn heap_bytes(&self) -> usize {
        self.nodes.capacity() * std::mem::size_of::<Node>()
            + self
                .nodes
                .iter()
                .map(|n| n.word.len() + n.children.capacity() * 8)
                .sum::<usize>()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_words_within_the_distance_only() {
        let words = [
            "kubernetes",
            "kubectl",
            "serverless",
            "server",
            "resilient",
            "helm",
        ];
        let mut tree = BkTree::default();
        for (i, w) in words.iter().enumerate() {
            tree.insert(i as u32, w);
        }
        let mut out = Vec::new();
        tree.within("kubernets", 1, &mut out);
        assert_eq!(out, [(0, 1)]);
        out.clear();
        tree.within("servr", 1, &mut out);
        assert_eq!(out, [(3, 1)]);
        out.clear();
        tree.within("xyzzy", 2, &mut out);
        assert!(out.is_empty());
    }

    #[test]
    fn agrees_with_a_full_scan() {
        let words: Vec<String> = (0..400)
            .map(|i| format!("w{}x{}", i % 37, i * 7 % 101))
            .collect();
        let mut tree = BkTree::default();
        for (i, w) in words.iter().enumerate() {
            tree.insert(i as u32, w);
        }
        for query in ["w3x21", "w12x7", "x5", "w36x100"] {
            let mut got = Vec::new();
            tree.within(query, 2, &mut got);
            got.sort_unstable();
            let want: Vec<(u32, usize)> = words
                .iter()
                .enumerate()
                .map(|(i, w)| (i as u32, strsim::levenshtein(w, query)))
                .filter(|&(_, d)| d <= 2)
                .collect();
            assert_eq!(got, want, "{query}");
        }
    }
}
