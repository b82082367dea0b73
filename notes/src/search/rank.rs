//! The answer to a query: first-stage scores re-ranked with what the talk's passages show
//! (words together, in order, in the title), the confidence, and the passages to quote.

use super::evidence::*;
use super::function_words::is_common_word;
use super::index::*;
use super::query::*;
use super::question::asks_for_number;
use super::score::*;
use super::{Confidence, MatchedBy, SearchResponse, SearchResult};
use crate::text::within_bytes;

/// Results scoring below this share of the best one are dropped.
pub(super) const RELATIVE_CUTOFF: f32 = 0.4;

/// A clear winner must match at least this share of the query (all words, one typo each, do).
pub(super) const CLEAR_COVERAGE: f32 = 0.65;

/// A first result is a clear winner when the second scores at most this share of it.
pub(super) const CLEAR_RATIO: f32 = 0.6;

/// Talks re-read beyond the `limit` best, at most (bounds the cost of close calls).
pub(super) const EXTRA_RERANK: usize = 2;

impl TalkIndex {
    /// Finds the talks that answer `query`, best first, at most `limit` of them; an off-topic
    /// query gets no result.
    pub fn search(&self, query: &str, limit: usize) -> SearchResponse {
        let bounded = within_bytes(query, MAX_QUERY_BYTES);
        let words = self.parse_query(bounded, true);
        let mut scored = self.score(&words);
        let by_score = |a: &Scored, b: &Scored| b.score.total_cmp(&a.score).then(a.doc.cmp(&b.doc));
        // Re-rank with proximity and phrase evidence, best first, until no
        // remaining talk could reach the `need`-th place even with the largest bonus. Only the
        // head of the list is sorted unless the walk goes past it.
        let matched = self.matched_terms(&words);
        let wants_number = asks_for_number(query);
        let names = name_pairs(bounded, &words);
        // A talk named by the question needs less of it covered, unless the question has a
        // specific word the notes never use ("*kubernetes* operators" over Ruby notes): then it
        // is likely about something else.
        let may_name = !words.iter().any(|w| w.candidates.is_empty() && !w.everyday);
        if !may_name {
            scored.retain(|s| s.coverage >= MIN_COVERAGE);
        }
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
        let mut short = 0usize;
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
            // A talk short of the coverage is read only when the question names it; the first
            // talks by score are looked at for that, not all of them.
            if s.coverage < MIN_COVERAGE {
                short += 1;
                if short > head || !self.names(s.doc, talk, &words, &matched) {
                    continue;
                }
            }
            let evidence = self.passage_evidence(talk, &words, &matched, &names, wants_number);
            if !evidence.says_names {
                continue;
            }
            s.score *= evidence.bonus;
            finals.push(s.score);
            ranked.push((s, evidence));
        }
        ranked.sort_by(|a, b| b.0.score.total_cmp(&a.0.score).then(a.0.doc.cmp(&b.0.doc)));
        // Words the notes never use weigh little (see `parse_query`); that is earned only by a
        // talk matching a specific word of the query, not just common ones ("best pizza").
        if words.iter().any(|w| w.candidates.is_empty()) {
            ranked.retain(|(s, _)| self.matches_specific_word(s.doc, &words, bounded));
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
                Some(SearchResult {
                    talk: r,
                    title: talk.title.clone(),
                    slug: talk.slug.clone(),
                    conference: conference.title.clone(),
                    score: s.score,
                    snippet: evidence.snippet,
                    quotes: evidence.quotes,
                    names_talk: evidence.names_talk,
                    links: talk.links.clone(),
                    matched_by: MatchedBy::Words,
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

    /// Whether talk `doc` says (not only in a link address) a query word that few talks say. A
    /// two-character piece of a CJK sentence counts only with the piece next to it, as one word
    /// of three or more characters: one piece alone ("レー") matches too much by chance.
    fn matches_specific_word(&self, doc: u32, words: &[QueryWord], query: &str) -> bool {
        let most = self.idf(0);
        let says = |w: &QueryWord| {
            w.candidates
                .iter()
                // The word itself, not a longer word it starts nor a near spelling.
                .filter(|c| c.quality == QUALITY_EXACT)
                .filter(|c| !is_common_word(&self.terms[c.term as usize]))
                .any(|c| {
                    let list = &self.postings[c.term as usize];
                    list.binary_search_by_key(&doc, |p| p.doc)
                        .is_ok_and(|i| list[i].tf >= 1.0)
                })
        };
        let cjk = |w: &QueryWord| is_cjk_piece(&query[w.start..w.end]);
        words.iter().enumerate().any(|(i, w)| {
            if w.weight < SPECIFIC * most || !says(w) {
                return false;
            }
            if !cjk(w) {
                return true;
            }
            let next_to = |o: &QueryWord| cjk(o) && (o.start < w.end && o.end > w.start);
            words
                .iter()
                .enumerate()
                .any(|(j, o)| j != i && next_to(o) && says(o))
        })
    }
}
