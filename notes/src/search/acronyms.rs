//! Acronyms the notes define ("Global VM Lock (GVL)", "GVL - Global VM Lock", "GVL (Global VM
//! Lock)"), so that `gvl` and `global vm lock` find the same talks.

use super::normalize::tokenize;
use rustc_hash::FxHashMap;

/// Acronym term → the terms of its expansion.
#[derive(Debug, Default)]
pub struct Acronyms {
    expansions: FxHashMap<String, Vec<String>>,
}

impl Acronyms {
    /// Reads the definitions in `text` and remembers them.
    pub fn learn(&mut self, text: &str) {
        if !text.contains('(') && !text.contains(" - ") && !text.contains(": ") {
            return;
        }
        let words: Vec<(usize, &str)> = words_with_offsets(text);
        for (i, &(at, word)) in words.iter().enumerate() {
            let bare = word.trim_matches(|c: char| !c.is_alphanumeric());
            if !is_acronym(bare) {
                continue;
            }
            // "Global VM Lock (GVL)": the words before the parenthesis.
            let in_parens =
                word.starts_with('(') && word.trim_end_matches([',', '.', ';']).ends_with(')');
            if in_parens {
                let before: Vec<&str> = words[..i].iter().map(|w| w.1).collect();
                if let Some(expansion) = spelled_by(bare, &before, true) {
                    self.add(bare, &expansion);
                }
                continue;
            }
            // "GVL - Global VM Lock", "GVL: Global VM Lock", "GVL (Global VM Lock)".
            let rest = text[at + word.len()..].trim_start();
            let rest = rest
                .strip_prefix("- ")
                .or_else(|| rest.strip_prefix("– "))
                .or_else(|| rest.strip_prefix('('))
                .or_else(|| word.ends_with(':').then_some(rest));
            if let Some(rest) = rest {
                let after: Vec<&str> = rest.split_whitespace().take(8).collect();
                if let Some(expansion) = spelled_by(bare, &after, false) {
                    self.add(bare, &expansion);
                }
            }
        }
    }

    fn add(&mut self, acronym: &str, expansion: &[&str]) {
        let acronym = terms(acronym);
        let expansion = terms(&expansion.join(" "));
        let (Some(acronym), Some(last)) = (acronym.first(), expansion.last()) else {
            return;
        };
        if expansion.len() < 2 || last.is_empty() || self.expansions.contains_key(acronym) {
            return;
        }
        self.expansions.insert(acronym.clone(), expansion);
    }

    /// Adds the definitions of `other` that this one does not have.
    pub fn extend(&mut self, other: Acronyms) {
        for (acronym, expansion) in other.expansions {
            self.expansions.entry(acronym).or_insert(expansion);
        }
    }

    /// Every acronym with the terms of its expansion.
    pub fn pairs(&self) -> impl Iterator<Item = (&str, &[String])> {
        self.expansions
            .iter()
            .map(|(a, e)| (a.as_str(), e.as_slice()))
    }
}

fn terms(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    tokenize(text, |t| {
        if !t.joined {
            out.push(t.term.to_string());
        }
    });
    out
}

fn words_with_offsets(text: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices() {
        match (c.is_whitespace(), start) {
            (true, Some(s)) => {
                out.push((s, &text[s..i]));
                start = None;
            }
            (false, None) => start = Some(i),
            _ => {}
        }
    }
    if let Some(s) = start {
        out.push((s, &text[s..]));
    }
    out
}

/// Two to six capitals (digits allowed after the first): "GVL", "K8S" is not one, "CNCF" is.
fn is_acronym(word: &str) -> bool {
    let n = word.chars().count();
    (2..=6).contains(&n)
        && word.chars().next().is_some_and(|c| c.is_ascii_uppercase())
        && word
            .chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
        && word.chars().filter(char::is_ascii_uppercase).count() >= 2
}

/// The words that spell `acronym` by their initials (a word in capitals may give several
/// letters: "VM" in "Global VM Lock"): the last words of `words` when `from_end`, else the first.
fn spelled_by<'w>(acronym: &str, words: &[&'w str], from_end: bool) -> Option<Vec<&'w str>> {
    let letters: Vec<char> = acronym.chars().map(|c| c.to_ascii_lowercase()).collect();
    let clean: Vec<&str> = words
        .iter()
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()))
        .collect();
    for take in 2..=letters.len().min(clean.len()) {
        let chosen: &[&str] = if from_end {
            &clean[clean.len() - take..]
        } else {
            &clean[..take]
        };
        if spells(&letters, chosen) {
            return Some(chosen.to_vec());
        }
    }
    None
}

fn spells(letters: &[char], words: &[&str]) -> bool {
    let Some((first, rest)) = words.split_first() else {
        return letters.is_empty();
    };
    let lower: Vec<char> = first.chars().map(|c| c.to_ascii_lowercase()).collect();
    if lower.is_empty() || letters.is_empty() || lower[0] != letters[0] {
        return false;
    }
    // One letter from the word, or (for a word in capitals) as many as it has.
    let all_caps = first
        .chars()
        .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit());
    let most = if all_caps { lower.len() } else { 1 };
    (1..=most.min(letters.len())).any(|k| lower[..k] == letters[..k] && spells(&letters[k..], rest))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn definitions_in_three_shapes() {
        for text in [
            "Understanding the Global VM Lock (GVL) by observing it",
            "GVL - Global VM Lock, and why threads wait",
            "The GVL (Global VM Lock) is released on IO",
        ] {
            let mut a = Acronyms::default();
            a.learn(text);
            let pairs: Vec<(&str, &[String])> = a.pairs().collect();
            assert_eq!(
                pairs,
                [(
                    "gvl",
                    &["global".to_string(), "vm".into(), "lock".into()][..]
                )],
                "{text}"
            );
        }
    }

    #[test]
    fn capitals_that_spell_nothing_are_not_definitions() {
        let mut a = Acronyms::default();
        a.learn("We moved to AWS (last year) - and it was fine");
        a.learn("Parsing RBS (EN) - Keynote");
        assert_eq!(a.pairs().count(), 0);
    }
}
