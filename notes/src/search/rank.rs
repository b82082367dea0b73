//! The answer to a query: first-stage scores re-ranked with what the talk's passages show
//! (words together, in order, in the title), the confidence, and the passages to quote.

use super::evidence::Evidence;
use super::function_words::is_common_word;
use super::index::TalkIndex;
use super::query::{is_cjk_piece, name_pairs, QueryWord};
use super::question::asks_for_number;
use super::score::Scored;
use super::tuning::*;
use super::{Confidence, MatchedBy, SearchResponse, SearchResult};
use crate::text::within_bytes;

/// Stage 1, the question: its words with the vocabulary words each may stand for, the
/// names it holds, and whether it asks for a number.
struct Question<'a> {
    /// The question as asked.
    asked: &'a str,
    /// The question cut to [`MAX_QUERY_BYTES`].
    text: &'a str,
    words: Vec<QueryWord>,
    /// Whether a word is specific and no talk says it (then a talk named by the question
    /// still needs the usual coverage).
    has_unknown_specific: bool,
    wants_number: bool,
    names: Vec<(usize, usize)>,
}

/// Stage 2, the candidates: every talk the first stage scored (BM25 and coverage).
struct Candidates {
    scored: Vec<Scored>,
}

/// Stage 3, the ranking: the talks re-read with what their passages show, best first, each
/// with its evidence (bonus, snippet, quotes).
struct Ranked {
    talks: Vec<(Scored, Evidence)>,
}

impl TalkIndex {
    /// Finds the talks that answer `query`, best first, at most `limit` of them; an off-topic
    /// query gets no result. The stages: `Question` → `Candidates` → `Ranked` → the
    /// response with its confidence and quotes.
    pub fn search(&self, query: &str, limit: usize) -> SearchResponse {
        let mut response = self.search_stages(query, limit);
        // A "did you mean" that finds nothing either only misleads ("how do you make a
        // sourdough starter?" → "… sourdough started?"): it stays when asking it finds a talk.
        if response.results.is_empty() {
            if let Some(suggestion) = &response.suggestion {
                if self.search_stages(suggestion, 1).results.is_empty() {
                    response.suggestion = None;
                }
            }
        }
        response
    }

    /// The four stages of [`search`](Self::search), once.
    fn search_stages(&self, query: &str, limit: usize) -> SearchResponse {
        let question = self.question(query);
        let candidates = self.candidates(&question);
        let ranked = self.rank(&question, candidates, limit);
        self.respond(&question, ranked, limit)
    }

    /// Stage 1: reads the question.
    fn question<'a>(&self, asked: &'a str) -> Question<'a> {
        let text = within_bytes(asked, MAX_QUERY_BYTES);
        let mut words = self.parse_query(text, true);
        self.leave_out_the_notes_name(text, &mut words);
        let has_unknown_specific = words.iter().any(|w| w.candidates.is_empty() && !w.everyday);
        let names = name_pairs(text, &words);
        Question {
            asked,
            text,
            has_unknown_specific,
            wants_number: asks_for_number(asked),
            names,
            words,
        }
    }

    /// Leaves out of `words` those that every conference's title says ("who gave the keynote
    /// at Go Conference 2018 Autumn?" over those notes): they name the notes, not a talk, and
    /// would draw the question to the talks that repeat the conference's name. Only when a
    /// word of another kind remains to say what is asked.
    fn leave_out_the_notes_name(&self, text: &str, words: &mut Vec<QueryWord>) {
        let names_notes = |w: &QueryWord| {
            let mut all = true;
            let mut any = false;
            super::normalize::tokenize(&text[w.start..w.end], |t| {
                any = true;
                all &= self.names_the_notes(t.term);
            });
            any && all
        };
        if words.iter().any(|w| !w.everyday && !names_notes(w)) {
            words.retain(|w| !names_notes(w));
        }
    }

    /// Stage 2: scores the talks that say the question's words.
    fn candidates(&self, question: &Question<'_>) -> Candidates {
        let mut scored = self.score(&question.words);
        // A talk named by the question needs less of it covered, unless the question has a
        // specific word the notes never use ("*kubernetes* operators" over Ruby notes): then it
        // is likely about something else.
        if question.has_unknown_specific {
            scored.retain(|s| s.coverage >= MIN_COVERAGE);
        }
        Candidates { scored }
    }

    /// Stage 3: re-ranks the candidates with proximity and phrase evidence, best first, until
    /// no remaining talk could reach the `limit`-th place even with the largest bonus. Only the
    /// head of the list is sorted unless the walk goes past it.
    fn rank(&self, question: &Question<'_>, candidates: Candidates, limit: usize) -> Ranked {
        let Candidates { mut scored } = candidates;
        let words = &question.words;
        let by_score = |a: &Scored, b: &Scored| b.score.total_cmp(&a.score).then(a.doc.cmp(&b.doc));
        let matched = self.matched_terms(words);
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
            let Some((_, talk)) = self.talk(self.doc_ref(s.doc)) else {
                continue;
            };
            // A talk short of the coverage is read only when the question names it; the first
            // talks by score are looked at for that, not all of them.
            if s.coverage < MIN_COVERAGE {
                short += 1;
                if short > head || !self.names(s.doc, talk, words, &matched) {
                    continue;
                }
            }
            let evidence = self.passage_evidence(
                talk,
                words,
                &matched,
                &question.names,
                question.wants_number,
            );
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
            ranked.retain(|(s, _)| self.matches_specific_word(s.doc, words, question.text));
        }
        Ranked { talks: ranked }
    }

    /// Stage 4: the response: the confidence, the talks within reach of the best, their
    /// snippets and quotes, and a "did you mean" when a word looked misspelled.
    fn respond(&self, question: &Question<'_>, ranked: Ranked, limit: usize) -> SearchResponse {
        let Ranked { talks: ranked } = ranked;
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
                let r = self.doc_ref(s.doc);
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
                    coverage: s.coverage,
                })
            })
            .collect::<Vec<_>>();
        let suggestion = self.did_you_mean(question.asked, &question.words, top.map(|t| t.doc));
        SearchResponse {
            query: question.asked.to_string(),
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
                .filter(|c| !is_common_word(self.term(c.term)))
                .any(|c| {
                    let list = self.postings(c.term);
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

#[cfg(test)]
mod tests {
    use crate::search::TalkIndex;
    use crate::{parse_conference, Library, ParseOptions};
    use std::path::Path;

    fn index(text: &str, file: &str) -> TalkIndex {
        let conference = parse_conference(text, Path::new(file), &ParseOptions::default());
        TalkIndex::build(Library {
            conferences: vec![conference],
        })
    }

    const NOTES: &str =
        "# Go Conference 2018 Autumn\n\n## Keynote\n\nSteven Buss opened the day.\n\n\
                         ## API platform\n\nSlides: Go Conference 2018 Autumn, API design.\n\n\
                         ## Docker tooling\n\nBlog: Go Conference 2018 Autumn, live reload.\n";

    #[test]
    fn words_that_name_the_notes_leave_the_question_to_the_others() {
        let index = index(NOTES, "gocon.md");
        let r = index.search("who gave the keynote at Go Conference 2018 Autumn?", 5);
        let first = r.results.first().map(|r| r.title.as_str());
        assert_eq!(first, Some("Keynote"), "{:?}", r.results);
        // The conference's name alone is still searched.
        assert!(!index
            .search("Go Conference 2018 Autumn", 5)
            .results
            .is_empty());
    }

    #[test]
    fn a_file_name_taken_as_title_names_nothing() {
        // No heading gives the notes a title: the file's name is not the conference's name.
        let notes = NOTES.replacen("# Go Conference 2018 Autumn\n\n", "", 1);
        let index = index(&notes, "keynote.md");
        let r = index.search("slides of the keynote", 5);
        let first = r.results.first().map(|r| r.title.as_str());
        assert_eq!(first, Some("Keynote"), "{:?}", r.results);
    }
}
