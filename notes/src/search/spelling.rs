//! "Did you mean": the query with its misspelled words replaced by the notes' words.

use super::index::TalkIndex;
use super::query::QueryWord;

impl TalkIndex {
    /// The query with each misspelled word replaced by its likeliest vocabulary word, preferring
    /// words of the top result.
    pub(super) fn did_you_mean(
        &self,
        query: &str,
        words: &[QueryWord],
        top: Option<u32>,
    ) -> Option<String> {
        let mut replacements: Vec<(usize, usize, &str)> = Vec::new();
        for w in words.iter().filter(|w| w.misspelled) {
            let typo = w.candidates.iter().filter(|c| c.typos > 0);
            let in_top = typo.clone().find(|c| {
                top.is_some_and(|doc| {
                    self.postings(c.term)
                        .binary_search_by_key(&doc, |p| p.doc)
                        .is_ok()
                })
            });
            if let Some(c) = in_top.or_else(|| typo.clone().next()) {
                replacements.push((w.start, w.end, self.surface(c.term)));
            }
        }
        if replacements.is_empty() {
            return None;
        }
        replacements.sort_unstable_by_key(|r| r.0);
        let mut out = String::with_capacity(query.len() + 8);
        let mut at = 0;
        for (start, end, word) in replacements {
            if start < at || end > query.len() {
                continue;
            }
            out.push_str(&query[at..start]);
            out.push_str(word);
            at = end;
        }
        out.push_str(&query[at..]);
        Some(out)
    }
}
