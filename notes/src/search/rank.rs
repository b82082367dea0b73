//! The answer to a query: first-stage scores re-ranked with what the talk's passages show
//! (words together, in order, in the title), the confidence, and the passages to quote.

use super::index::*;
use super::normalize::{is_common_word, tokenize};
use super::passages::{for_each_passage, Field, Passage};
use super::query::*;
use super::score::*;
use super::snippet::make_snippet;
use super::{Confidence, Quote, SearchResponse, SearchResult, Snippet};
use crate::model::Talk;
use crate::text::{cut_chars, within_bytes};
use rustc_hash::FxHashMap;

/// Results scoring below this share of the best one are dropped.
pub(super) const RELATIVE_CUTOFF: f32 = 0.4;

/// A clear winner must match at least this share of the query (all words, one typo each, do).
pub(super) const CLEAR_COVERAGE: f32 = 0.65;

/// A first result is a clear winner when the second scores at most this share of it.
pub(super) const CLEAR_RATIO: f32 = 0.6;

/// The largest passage bonus (see `passage_evidence`).
pub(super) const MAX_BONUS: f32 = 1.0 + PROXIMITY_BONUS + PHRASE_BONUS + TITLE_BONUS;

/// Bonus when every query word is in the title (a title match beats many body mentions, which
/// BM25 saturation would otherwise let win).
pub(super) const TITLE_BONUS: f32 = 0.3;

/// Talks re-read beyond the `limit` best, at most (bounds the cost of close calls).
pub(super) const EXTRA_RERANK: usize = 5;

/// Bonus when all query words appear in one passage.
pub(super) const PROXIMITY_BONUS: f32 = 0.25;

/// Bonus when all query words appear in one passage in query order, side by side.
pub(super) const PHRASE_BONUS: f32 = 0.15;

/// Most passages quoted as the answer of one talk.
pub(super) const MAX_QUOTES: usize = 3;

/// A passage is quoted when it is worth at least this share of the best one.
pub(super) const QUOTE_CUTOFF: f32 = 0.5;

/// What reading a talk's passages tells about a query: the score bonus, the snippet and the
/// passages to quote.
/// A quoted passage of at most this many words is a label: the passage after it is quoted too.
pub(super) const LABEL_WORDS: usize = 6;
/// Most characters of the passage quoted after a label.
pub(super) const LABEL_CONTEXT_CHARS: usize = 160;

/// How much a query word that names the talk (in its title or speaker) counts when choosing
/// the passages to quote.
pub(super) const NAMING_SHARE: f32 = 0.3;

/// A word is specific when its weight is at least this share of the weight of a word no talk
/// says: roughly, fewer than one talk in ten says it.
pub(super) const SPECIFIC: f32 = 0.45;

/// What reading a talk's passages tells about a query, and the passages to quote.
pub(super) struct Evidence {
    pub(super) bonus: f32,
    pub(super) snippet: Snippet,
    pub(super) quotes: Vec<Quote>,
    pub(super) names_talk: bool,
}

impl TalkIndex {
    /// Finds the talks that answer `query`, best first, at most `limit` of them; an off-topic
    /// query gets no result.
    pub fn search(&self, query: &str, limit: usize) -> SearchResponse {
        let words = self.parse_query(within_bytes(query, MAX_QUERY_BYTES), true);
        let mut scored = self.score(&words);
        let by_score = |a: &Scored, b: &Scored| b.score.total_cmp(&a.score).then(a.doc.cmp(&b.doc));
        // Re-rank with proximity and phrase evidence (and cut snippets), best first, until no
        // remaining talk could reach the `need`-th place even with the largest bonus. Only the
        // head of the list is sorted unless the walk goes past it.
        let matched = self.matched_terms(&words);
        let need = limit.max(2);
        let max_bonus = if words.len() >= 2 {
            MAX_BONUS
        } else {
            1.0 + TITLE_BONUS
        };
        let head = (need * 8).max(40).min(scored.len());
        if head < scored.len() {
            scored.select_nth_unstable_by(head, by_score);
        }
        let (first, rest) = scored.split_at_mut(head);
        first.sort_unstable_by(by_score);
        let mut ranked: Vec<(Scored, Evidence)> = Vec::with_capacity(need * 2);
        let mut finals: Vec<f32> = Vec::with_capacity(need * 2);
        let mut sorted_rest = false;
        let mut i = 0;
        while i < first.len() + rest.len() {
            if i == first.len() && !sorted_rest {
                rest.sort_unstable_by(by_score);
                sorted_rest = true;
            }
            let mut s = if i < first.len() {
                first[i]
            } else {
                rest[i - first.len()]
            };
            i += 1;
            if finals.len() >= need {
                finals.sort_unstable_by(|a, b| b.total_cmp(a));
                if s.score * max_bonus < finals[need - 1] || finals.len() >= need + EXTRA_RERANK {
                    break;
                }
            }
            let Some((_, talk)) = self.talk(self.docs[s.doc as usize]) else {
                continue;
            };
            let evidence = self.passage_evidence(talk, &words, &matched, false);
            s.score *= evidence.bonus;
            finals.push(s.score);
            ranked.push((s, evidence));
        }
        ranked.sort_by(|a, b| b.0.score.total_cmp(&a.0.score).then(a.0.doc.cmp(&b.0.doc)));
        // Words the notes never use weigh little (see `parse_query`); that is earned only by a
        // talk matching a specific word of the query, not just common ones ("best pizza").
        if words.iter().any(|w| w.candidates.is_empty()) {
            ranked.retain(|(s, _)| self.matches_specific_word(s.doc, &words));
        }
        let top = ranked.first().map(|r| r.0);
        let confidence = match (top, ranked.get(1)) {
            (None, _) => Confidence::NoMatch,
            (Some(t), second)
                if t.coverage >= CLEAR_COVERAGE
                    && second.is_none_or(|s| s.0.score <= CLEAR_RATIO * t.score) =>
            {
                Confidence::Clear
            }
            _ => Confidence::Ambiguous,
        };
        let floor = top.map_or(0.0, |t| t.score * RELATIVE_CUTOFF);
        let results = ranked
            .into_iter()
            .filter(|(s, _)| s.score >= floor)
            .take(limit)
            .filter_map(|(s, evidence)| {
                let r = self.docs[s.doc as usize];
                let (conference, talk) = self.talk(r)?;
                // Quotes are cut for the talks shown only.
                let quotes = self.passage_evidence(talk, &words, &matched, true).quotes;
                Some(SearchResult {
                    talk: r,
                    title: talk.title.clone(),
                    slug: talk.slug.clone(),
                    conference: conference.title.clone(),
                    score: s.score,
                    snippet: evidence.snippet,
                    quotes,
                    names_talk: evidence.names_talk,
                    links: talk.links.clone(),
                })
            })
            .collect::<Vec<_>>();
        let suggestion = self.did_you_mean(query, &words, top.map(|t| t.doc));
        SearchResponse {
            query: query.to_string(),
            results,
            confidence,
            suggestion,
        }
    }

    /// Whether talk `doc` says (not only in a link address) a query word that few talks say.
    fn matches_specific_word(&self, doc: u32, words: &[QueryWord]) -> bool {
        let most = self.idf(0);
        words
            .iter()
            .filter(|w| w.weight >= SPECIFIC * most)
            .flat_map(|w| w.candidates.iter())
            // The word itself, not a longer word it starts nor a near spelling.
            .filter(|c| c.quality == QUALITY_EXACT)
            .filter(|c| !is_common_word(&self.terms[c.term as usize]))
            .any(|c| {
                let list = &self.postings[c.term as usize];
                list.binary_search_by_key(&doc, |p| p.doc)
                    .is_ok_and(|i| list[i].tf >= 1.0)
            })
    }

    /// Maps each candidate term's text to (query word index, match quality).
    pub(super) fn matched_terms(&self, words: &[QueryWord]) -> FxHashMap<&str, (usize, f32)> {
        let mut matched: FxHashMap<&str, (usize, f32)> = FxHashMap::default();
        for (i, w) in words.iter().enumerate() {
            for c in &w.candidates {
                let text: &str = &self.terms[c.term as usize];
                let e = matched.entry(text).or_insert((i, c.quality));
                if c.quality > e.1 {
                    *e = (i, c.quality);
                }
            }
        }
        matched
    }

    /// Reads the talk's passages: the bonus for query words found together (in one passage, in
    /// query order) and the snippet of the best passage.
    pub(super) fn passage_evidence(
        &self,
        talk: &Talk,
        words: &[QueryWord],
        matched: &FxHashMap<&str, (usize, f32)>,
        with_quotes: bool,
    ) -> Evidence {
        let n = words.len();
        let mut best: Option<(f32, bool, Snippet)> = None;
        // Body passages with their value, position and sub-heading, for the quotes.
        let mut quotes: Vec<(f32, usize, Quote)> = Vec::new();
        let mut heading: Option<String> = None;
        let mut order = 0usize;
        let mut most_together = 0usize;
        let mut most_pairs = 0usize;
        let mut in_title = 0usize;
        let mut scratch = Passage::default();
        let mut hits: Vec<(u32, usize, usize, usize)> = Vec::new();
        let mut seen = vec![false; n];
        let mut naming = vec![false; n];
        // The last quote when it is a label ("cgroups", "Issues:"): the passage after it, often
        // the answer, is added to it.
        let mut label: Option<usize> = None;
        for_each_passage(talk, &mut scratch, &mut |p: &Passage| {
            order += 1;
            let is_heading = !p.is_title && p.runs.len() == 1 && p.field_at(0) == Field::Heading;
            if is_heading && talk.speaker.as_deref() != Some(p.text.trim()) {
                heading = Some(p.text.trim().to_string());
            }
            let labelled = label.take();
            if let Some(q) = quotes.iter_mut().find(|q| Some(q.1) == labelled) {
                let is_address = p.field_at(0) == Field::Url;
                if !is_heading && !is_address {
                    let text = &mut q.2.snippet.text;
                    text.push_str(if text.ends_with(':') { " " } else { ": " });
                    text.push_str(&cut_chars(p.text.trim(), LABEL_CONTEXT_CHARS));
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
                    // Words that name the talk (in its title, or its speaker) say which talk,
                    // not what it said: they count little when choosing the quotes.
                    let names = if naming[w] { NAMING_SHARE } else { 1.0 };
                    answer_weight += words[w].weight * names;
                }
            }
            let first_passages = order <= 1 + usize::from(talk.speaker.is_some());
            if first_passages {
                for (w, &s) in seen.iter().enumerate() {
                    naming[w] |= s;
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
            let value = weight * (1.0 + 0.2 * pairs as f32);
            let answer_value = answer_weight * (1.0 + 0.2 * pairs as f32);
            // The title is shown anyway: a body passage makes the better snippet.
            let body = !p.is_title;
            let better = match &best {
                None => true,
                Some((v, b, _)) => (body && !b) || (body == *b && value > *v),
            };
            let marks: Vec<(usize, usize)> = hits.iter().map(|h| (h.2, h.3)).collect();
            let is_address = p.field_at(0) == Field::Url;
            // Only the passages that may end among the quotes are cut into snippets.
            let weakest = quotes
                .iter()
                .enumerate()
                .min_by(|a, b| a.1 .0.total_cmp(&b.1 .0))
                .map(|(i, q)| (i, q.0));
            let room =
                quotes.len() < MAX_QUOTES + 1 || weakest.is_some_and(|(_, v)| answer_value > v);
            if with_quotes && body && !is_heading && !is_address && room {
                if let (Some((i, _)), false) = (weakest, quotes.len() < MAX_QUOTES + 1) {
                    quotes.swap_remove(i);
                }
                let words_in = p.text.split_whitespace().count();
                if words_in <= LABEL_WORDS || p.text.trim_end().ends_with(':') {
                    label = Some(order);
                }
                quotes.push((
                    answer_value,
                    order,
                    Quote {
                        heading: heading.clone(),
                        snippet: make_snippet(&p.text, &marks),
                    },
                ));
            }
            if better {
                best = Some((value, body, make_snippet(&p.text, &marks)));
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
        let snippet = best.map(|b| b.2).unwrap_or_else(|| Snippet {
            text: cut_chars(&talk.summary, 200),
            marks: Vec::new(),
        });
        // The best three body passages, shown in the order of the notes.
        quotes.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        let top = quotes.first().map_or(0.0, |q| q.0);
        quotes.retain(|q| q.0 >= top * QUOTE_CUTOFF);
        quotes.truncate(MAX_QUOTES);
        quotes.sort_by_key(|q| q.1);
        // A passage already shown after the label before it is not shown twice.
        let texts: Vec<String> = quotes.iter().map(|q| q.2.snippet.text.clone()).collect();
        let mut index = 0;
        quotes.retain(|q| {
            index += 1;
            let text = q.2.snippet.text.trim_matches('…');
            !texts[..index - 1].iter().any(|t| t.contains(text))
        });
        Evidence {
            bonus,
            snippet,
            quotes: quotes.into_iter().map(|q| q.2).collect(),
            names_talk: n > 0 && in_title == n,
        }
    }
}
