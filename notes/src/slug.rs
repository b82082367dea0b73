//! GitHub-compatible heading anchors (the rules of `github-slugger`, which GitHub uses).

use std::collections::HashMap;

/// The anchor GitHub gives a heading with this plain text, before de-duplication.
///
/// Lower-cases, drops every character that is not a letter, mark, number, `_`, `-` or space,
/// then turns each space into `-` (runs are not collapsed: `a - b` becomes `a---b`).
pub fn github_slug(text: &str) -> String {
    text.to_lowercase()
        .chars()
        .filter_map(|c| match c {
            ' ' => Some('-'),
            '-' | '_' => Some(c),
            c if c.is_alphanumeric() => Some(c),
            _ => None,
        })
        .collect()
}

/// Hands out unique slugs for the headings of one document, as GitHub does: the second
/// `Intro` becomes `intro-1`, the third `intro-2`.
#[derive(Debug, Default)]
pub struct Slugger {
    occurrences: HashMap<String, usize>,
}

impl Slugger {
    /// A slugger that has seen no heading yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// The unique slug for the next heading with this text.
    pub fn slug(&mut self, text: &str) -> String {
        let original = github_slug(text);
        let mut result = original.clone();
        while self.occurrences.contains_key(&result) {
            let count = self.occurrences.entry(original.clone()).or_insert(0);
            *count += 1;
            result = format!("{original}-{count}");
        }
        self.occurrences.insert(result.clone(), 0);
        result
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn follows_github_rules() {
        assert_eq!(
            github_slug("Securing serverless - By breaking in"),
            "securing-serverless---by-breaking-in"
        );
        assert_eq!(
            github_slug("Lessons learned from 300.000 lines code for infrastructure"),
            "lessons-learned-from-300000-lines-code-for-infrastructure"
        );
        assert_eq!(
            github_slug("Le Bonheur au travail : au delà du bullshit."),
            "le-bonheur-au-travail--au-delà-du-bullshit"
        );
        assert_eq!(github_slug("Impression ⭐⭐⭐⭐☆"), "impression-");
        assert_eq!(
            github_slug("[S1] Microservices実装ガイド in Go at Mercari"),
            "s1-microservices実装ガイド-in-go-at-mercari"
        );
        assert_eq!(github_slug("snake_case & C++"), "snake_case--c");
        assert_eq!(
            github_slug("A Developer’s Introduction"),
            "a-developers-introduction"
        );
    }

    #[test]
    fn repeats_get_numbered_suffixes() {
        let mut s = Slugger::new();
        assert_eq!(s.slug("Keynotes"), "keynotes");
        assert_eq!(s.slug("Keynotes"), "keynotes-1");
        assert_eq!(s.slug("Keynotes"), "keynotes-2");
        // A heading whose own slug is taken by an earlier suffix moves on.
        assert_eq!(s.slug("keynotes-1"), "keynotes-1-1");
    }
}
