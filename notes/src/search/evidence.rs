//! What a talk's passages show about a query: the re-ranking bonus for query words found
//! together, in order or in the title, the snippet, and the passages quoted as the answer.

use super::index::TalkIndex;
use super::normalize::tokenize;
use super::passages::{for_each_passage, Field, Passage};
use super::query::QueryWord;
use super::snippet::make_snippet;
use super::tuning::*;
use super::{Quote, Snippet};
use crate::model::Talk;
use crate::text::cut_chars;
use rustc_hash::FxHashMap;
use std::rc::Rc;

/// A passage that may be quoted: a label's snippet is cut at once (the passages after it are
/// added to it), any other passage's only if it is kept.
enum Quotable {
    Cut(Quote),
    Whole {
        heading: Option<String>,
        text: Rc<str>,
        marks: Vec<(usize, usize)>,
    },
}

impl Quotable {
    /// The quote; a passage that is also the snippet's is not cut twice.
    fn quote(self, snippet: Option<(&Rc<str>, &Snippet)>) -> Quote {
        match self {
            Quotable::Cut(quote) => quote,
            Quotable::Whole {
                heading,
                text,
                marks,
            } => Quote {
                heading,
                snippet: match snippet {
                    Some((cut, snippet)) if Rc::ptr_eq(cut, &text) => snippet.clone(),
                    _ => make_snippet(&text, &marks),
                },
            },
        }
    }
}

/// The passage chosen for the snippet so far: its value, whether it is in the body, its text
/// (shared with its quote: a passage may be long) and matched words.
struct Best {
    value: f32,
    body: bool,
    text: Rc<str>,
    marks: Vec<(usize, usize)>,
}

/// What reading a talk's passages tells about a query, and the passages to quote.
pub(super) struct Evidence {
    pub(super) bonus: f32,
    pub(super) snippet: Snippet,
    pub(super) quotes: Vec<Quote>,
    pub(super) names_talk: bool,
    /// Every name of the query (`name_pairs`) is said whole somewhere in the talk.
    pub(super) says_names: bool,
}

impl TalkIndex {
    /// Maps each candidate term's text to (query word index, match quality).
    pub(super) fn matched_terms(&self, words: &[QueryWord]) -> FxHashMap<&str, (usize, f32)> {
        let mut matched: FxHashMap<&str, (usize, f32)> = FxHashMap::default();
        for (i, w) in words.iter().enumerate() {
            for c in &w.candidates {
                let text: &str = self.term(c.term);
                let e = matched.entry(text).or_insert((i, c.quality));
                if c.quality > e.1 {
                    *e = (i, c.quality);
                }
            }
        }
        matched
    }

    /// Whether the talk's title or speaker has a specific query word, as written (the title
    /// through the index, the speaker read only when the title has none).
    pub(super) fn names(
        &self,
        doc: u32,
        talk: &Talk,
        words: &[QueryWord],
        matched: &FxHashMap<&str, (usize, f32)>,
    ) -> bool {
        let specific = SPECIFIC * self.idf(0);
        let in_title = words
            .iter()
            .filter(|w| w.weight >= specific)
            .flat_map(|w| &w.candidates)
            .filter(|c| c.quality == QUALITY_EXACT)
            .any(|c| self.title_postings(c.term).binary_search(&doc).is_ok());
        in_title || (talk.speaker.is_some() && self.naming(talk, words, matched).1)
    }

    /// Which query words are in the talk's title or speaker, and whether one of them is a
    /// specific word, as written (then the question names the talk).
    pub(super) fn naming(
        &self,
        talk: &Talk,
        words: &[QueryWord],
        matched: &FxHashMap<&str, (usize, f32)>,
    ) -> (Vec<bool>, bool) {
        let mut naming = vec![false; words.len()];
        let mut named = false;
        let specific = SPECIFIC * self.idf(0);
        for name in std::iter::once(talk.title.as_str()).chain(talk.speaker.as_deref()) {
            tokenize(name, |tok| {
                if let Some(&(w, quality)) = matched.get(tok.term) {
                    naming[w] = true;
                    named |= quality == QUALITY_EXACT && words[w].weight >= specific;
                }
            });
        }
        (naming, named)
    }

    /// Reads the talk's passages: the bonus for query words found together (in one passage, in
    /// query order), the snippet of the best passage and the passages to quote. A talk is read
    /// once per query: most talks read are shown, and reading costs more than cutting quotes.
    pub(super) fn passage_evidence(
        &self,
        talk: &Talk,
        words: &[QueryWord],
        matched: &FxHashMap<&str, (usize, f32)>,
        names: &[(usize, usize)],
        wants_number: bool,
    ) -> Evidence {
        let n = words.len();
        let mut best: Option<Best> = None;
        // Body passages with their value, position and sub-heading, for the quotes.
        let mut quotes: Vec<(f32, usize, Quotable)> = Vec::new();
        let mut heading: Option<String> = None;
        let mut order = 0usize;
        let mut most_together = 0usize;
        let mut most_pairs = 0usize;
        let mut names_said = vec![false; names.len()];
        let mut in_title = 0usize;
        let mut scratch = Passage::default();
        let mut hits: Vec<(u32, usize, usize, usize)> = Vec::new();
        let mut seen = vec![false; n];
        // Words that name the talk (in its title, or its speaker) say which talk, not what it
        // said: they count little when choosing the quotes.
        let naming = self.naming(talk, words, matched).0;
        // A passage that only names the talk ("Speaker: Eric Ma") is no answer when another
        // query word was matched.
        let asks_more = (0..n).any(|w| !naming[w] && !words[w].candidates.is_empty());
        // The last quote when it is a label ("cgroups", "Issues:"), with the characters added
        // to it: the passages after it, often the answer, are added to it.
        let mut label: Option<(usize, usize)> = None;
        for_each_passage(talk, &mut scratch, &mut |p: &Passage| {
            order += 1;
            let is_heading = !p.is_title && p.runs.len() == 1 && p.field_at(0) == Field::Heading;
            if is_heading && talk.speaker.as_deref() != Some(p.text.trim()) {
                heading = Some(p.text.trim().to_string());
            }
            if let Some((at, added)) = label.take() {
                let is_address = p.field_at(0) == Field::Url;
                let labelled = quotes
                    .iter_mut()
                    .find(|q| q.1 == at)
                    .and_then(|q| match &mut q.2 {
                        Quotable::Cut(quote) => Some(quote),
                        Quotable::Whole { .. } => None,
                    });
                if let (Some(q), false) = (labelled, is_heading) {
                    if !is_address {
                        let text = &mut q.snippet.text;
                        text.push_str(match added {
                            0 if text.ends_with(':') => " ",
                            0 => ": ",
                            _ => "; ",
                        });
                        let more = cut_chars(p.text.trim(), LABEL_CONTEXT_CHARS - added);
                        let added = added + more.chars().count();
                        text.push_str(&more);
                        label = (added < LABEL_CONTEXT_CHARS && !more.ends_with('…'))
                            .then_some((at, added));
                    }
                }
            }
            // Link addresses are weak evidence for the score, never a passage to show.
            if p.field_at(0) == Field::Url {
                return;
            }
            hits.clear();
            tokenize(&p.text, |tok| {
                if let Some(&(w, _)) = matched.get(tok.term) {
                    hits.push((tok.position, w, tok.start, tok.end));
                }
            });
            if hits.is_empty() {
                return;
            }
            seen.iter_mut().for_each(|s| *s = false);
            let mut weight = 0.0;
            let mut answer_weight = 0.0;
            for &(_, w, _, _) in hits.iter() {
                if !seen[w] {
                    seen[w] = true;
                    weight += words[w].weight;
                    let names = if naming[w] { NAMING_SHARE } else { 1.0 };
                    answer_weight += words[w].weight * names;
                }
            }
            let together = seen.iter().filter(|&&s| s).count();
            let pairs = hits
                .windows(2)
                .filter(|h| h[1].0 == h[0].0 + 1 && h[1].1 == h[0].1 + 1)
                .count();
            most_together = most_together.max(together);
            if p.is_title {
                in_title = together;
            }
            most_pairs = most_pairs.max(pairs);
            for (said, &(a, b)) in names_said.iter_mut().zip(names) {
                *said |= hits
                    .windows(2)
                    .any(|h| h[1].0 == h[0].0 + 1 && h[0].1 == a && h[1].1 == b);
            }
            let value = weight * (1.0 + 0.2 * pairs as f32);
            let mut answer_value = answer_weight * (1.0 + 0.2 * pairs as f32);
            if wants_number && p.text.chars().any(|c| c.is_numeric()) {
                answer_value *= NUMBER_SHARE;
            }
            let only_names = (0..n).all(|w| !seen[w] || naming[w]);
            // The title is shown anyway: a body passage makes the better snippet.
            let body = !p.is_title;
            let better = match &best {
                None => true,
                Some(b) => (body && !b.body) || (body == b.body && value > b.value),
            };
            let marks = || hits.iter().map(|h| (h.2, h.3)).collect::<Vec<_>>();
            // The passage's text, copied once for the snippet and the quotes.
            let mut copy: Option<Rc<str>> = None;
            let mut text = || Rc::clone(copy.get_or_insert_with(|| Rc::from(p.text.as_str())));
            let is_address = p.field_at(0) == Field::Url;
            // Only the passages that may end among the quotes are cut into snippets.
            let weakest = quotes
                .iter()
                .enumerate()
                .min_by(|a, b| a.1 .0.total_cmp(&b.1 .0))
                .map(|(i, q)| (i, q.0));
            let room =
                quotes.len() < MAX_QUOTES + 1 || weakest.is_some_and(|(_, v)| answer_value > v);
            if body && !is_heading && !is_address && room && !(asks_more && only_names) {
                if let (Some((i, _)), false) = (weakest, quotes.len() < MAX_QUOTES + 1) {
                    quotes.swap_remove(i);
                }
                let words_in = p.text.split_whitespace().count();
                let candidate = if words_in <= LABEL_WORDS || p.text.trim_end().ends_with(':') {
                    label = Some((order, 0));
                    Quotable::Cut(Quote {
                        heading: heading.clone(),
                        snippet: make_snippet(&p.text, &marks()),
                    })
                } else {
                    Quotable::Whole {
                        heading: heading.clone(),
                        text: text(),
                        marks: marks(),
                    }
                };
                quotes.push((answer_value, order, candidate));
            }
            // The snippet is cut once the best passage is known.
            if better {
                best = Some(Best {
                    value,
                    body,
                    text: text(),
                    marks: marks(),
                });
            }
        });
        let mut bonus = 1.0;
        if n >= 2 {
            bonus += PROXIMITY_BONUS * (most_together.saturating_sub(1)) as f32 / (n - 1) as f32
                + PHRASE_BONUS * most_pairs.min(n - 1) as f32 / (n - 1) as f32;
        }
        if n > 0 && in_title == n {
            bonus += TITLE_BONUS;
        }
        let cut = best.map(|best| {
            let snippet = make_snippet(&best.text, &best.marks);
            (best.text, snippet)
        });
        let snippet = match &cut {
            Some((_, snippet)) => snippet.clone(),
            None => Snippet {
                text: cut_chars(&talk.summary(), 200),
                marks: Vec::new(),
            },
        };
        // The best three body passages, shown in the order of the notes.
        quotes.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        let top = quotes.first().map_or(0.0, |q| q.0);
        quotes.retain(|q| q.0 >= top * QUOTE_CUTOFF);
        quotes.truncate(MAX_QUOTES);
        quotes.sort_by_key(|q| q.1);
        let mut quotes: Vec<Quote> = quotes
            .into_iter()
            .map(|q| {
                q.2.quote(cut.as_ref().map(|(text, snippet)| (text, snippet)))
            })
            .collect();
        // A passage already shown after the label before it is not shown twice.
        let texts: Vec<String> = quotes.iter().map(|q| q.snippet.text.clone()).collect();
        let mut index = 0;
        quotes.retain(|q| {
            index += 1;
            let text = q.snippet.text.trim_matches('…');
            !texts[..index - 1].iter().any(|t| t.contains(text))
        });
        Evidence {
            bonus,
            snippet,
            quotes,
            names_talk: n > 0 && in_title == n,
            says_names: names_said.iter().all(|&s| s),
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::search::TalkIndex;
    use crate::{parse_conference, Library, ParseOptions};

    #[test]
    fn a_paragraph_of_thousands_of_matches_is_quoted_with_the_word_marked() {
        let mut text = String::from("# Conf\n\n## Many bold words\n\n");
        for i in 0..5_000 {
            text.push_str(&format!("**word{i} zebra** and "));
        }
        text.push_str("\n\n## One long line\n\n");
        text.push_str(&"alpha beta zebra gamma. ".repeat(20_000));
        text.push_str("\n\n## Other talk\n\nKubernetes operators.\n");
        let conference = parse_conference(&text, "c.md".as_ref(), &ParseOptions::default());
        let index = TalkIndex::build(Library {
            conferences: vec![conference],
        });
        let answer = index.search("zebra", 5);
        assert_eq!(answer.results.len(), 2, "{:?}", answer.results);
        for result in &answer.results {
            let shown =
                std::iter::once(&result.snippet).chain(result.quotes.iter().map(|q| &q.snippet));
            for snippet in shown {
                // 200 characters, 60 more to finish a sentence, and the two "…".
                assert!(snippet.text.chars().count() <= 262, "{}", snippet.text);
                assert!(!snippet.marks.is_empty(), "{}", snippet.text);
                for &(start, end) in &snippet.marks {
                    assert_eq!(&snippet.text[start..end], "zebra", "{}", snippet.text);
                }
            }
            assert!(!result.quotes.is_empty(), "{}", result.title);
        }
    }
}
