//! Answers by words and by meaning together: the words' answer first; the passages nearest in
//! meaning where the words refuse, behind a gate that keeps off-topic questions refused.
//!
//! The stages, in order: the words' [`SearchResponse`] ([`TalkIndex::search`]); the question's
//! vector and its nearest passages ([`MeaningIndex::nearest`]); the passages gathered by talk
//! ([`talks_by_meaning`]); the [`gate`]; the merged response, each result saying how it was
//! found ([`MatchedBy`]).

use super::tuning::*;
use super::vectors::{Hit, MeaningIndex};
use crate::search::TalkRef;
use crate::search::{
    Confidence, MatchedBy, Quote, SearchResponse, SearchResult, Snippet, TalkIndex,
};

/// What answers by meaning need: the passages' vectors and a way to embed the question.
pub struct Meaning<'a> {
    /// The passages of the notes with their vectors.
    pub index: &'a MeaningIndex,
    /// The question's unit vector, or `None` when the server failed (answers fall back to
    /// words).
    pub embed_query: &'a (dyn Fn(&str) -> Option<Vec<f32>> + Sync),
}

/// A talk found by meaning: its passages near the question, best first.
#[derive(Debug, Clone)]
pub struct MeaningTalk {
    /// The talk.
    pub talk: TalkRef,
    /// Its best passage's cosine.
    pub score: f32,
    /// Its passages among the nearest, best first.
    pub hits: Vec<Hit>,
}

/// The evidence the gate weighs, kept for reports and calibration.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct GateEvidence {
    /// Cosine of the best passage.
    pub best: f32,
    /// Best cosine minus the [`MARGIN_RANK`]-th best: how far the best stands out.
    pub margin: f32,
    /// Cosine of the nearest everyday topic ([`super::background`]).
    pub background: f32,
}

impl GateEvidence {
    /// How much nearer the notes are than everyday life: `best - background`.
    pub fn relative(&self) -> f32 {
        self.best - self.background
    }
}

/// Answers `query`: by words, and by meaning when `meaning` is given and the words refuse.
pub fn search(
    words: &TalkIndex,
    meaning: Option<&Meaning<'_>>,
    query: &str,
    limit: usize,
) -> SearchResponse {
    let mut response = words.search(query, limit);
    let Some(meaning) = meaning.filter(|m| !m.index.is_empty()) else {
        return response;
    };
    if query.trim().is_empty() {
        return response;
    }
    let Some(vector) = (meaning.embed_query)(query) else {
        return response;
    };
    let hits = meaning.index.nearest(&vector, NEAREST);
    let talks = talks_by_meaning(meaning.index, &hits);
    let evidence = gate_evidence(&hits, meaning.index, &vector);
    if !response.results.is_empty() && is_everyday(evidence) {
        // The words matched, but the question is about everyday life more than about the
        // notes ("how long should bacon cook on a camping stove?"): refused.
        response.results.clear();
        response.confidence = Confidence::NoMatch;
        return response;
    }
    if !response.results.is_empty() {
        // The words answered: say which results meaning agrees with.
        let near: Vec<TalkRef> = talks.iter().take(AGREEING_TALKS).map(|t| t.talk).collect();
        for result in &mut response.results {
            if near.contains(&result.talk) {
                result.matched_by = MatchedBy::Both;
            }
        }
        return response;
    }
    if !gate(evidence) {
        return response;
    }
    let best = talks.first().map_or(0.0, |t| t.score);
    let mut results: Vec<SearchResult> = talks
        .iter()
        .filter(|t| t.score >= best - RESULT_SPREAD)
        .take(limit.max(1))
        .filter_map(|t| meaning_result(words, meaning.index, t))
        .collect();
    if results.is_empty() {
        return response;
    }
    let clear = talks
        .get(1)
        .is_none_or(|second| talks[0].score - second.score >= CLEAR_GAP);
    response.confidence = if clear || results.len() == 1 {
        Confidence::Clear
    } else {
        Confidence::Ambiguous
    };
    // A "did you mean" is for answers by words; the meaning found the talk as asked.
    response.suggestion = None;
    results.truncate(limit.max(1));
    response.results = results;
    response
}

/// The nearest passages gathered by talk, best talk first.
pub fn talks_by_meaning(index: &MeaningIndex, hits: &[Hit]) -> Vec<MeaningTalk> {
    let mut talks: Vec<MeaningTalk> = Vec::new();
    for hit in hits {
        let Some(passage) = index.passages().get(hit.passage) else {
            continue;
        };
        match talks.iter_mut().find(|t| t.talk == passage.talk) {
            Some(talk) => talk.hits.push(*hit),
            None => talks.push(MeaningTalk {
                talk: passage.talk,
                score: hit.score,
                hits: vec![*hit],
            }),
        }
    }
    talks
}

/// The evidence of the nearest passages `hits` (best first) of the question `vector`.
pub fn gate_evidence(hits: &[Hit], index: &MeaningIndex, vector: &[f32]) -> GateEvidence {
    let best = hits.first().map_or(0.0, |h| h.score);
    let at_rank = hits
        .get(MARGIN_RANK - 1)
        .or(hits.last())
        .map_or(0.0, |h| h.score);
    GateEvidence {
        best,
        margin: best - at_rank,
        background: index.background(vector),
    }
}

/// Whether the nearest passages answer the question rather than merely resemble it: near
/// enough, standing out from the next ones, and nearer to the notes than to everyday life.
pub fn gate(e: GateEvidence) -> bool {
    e.best >= MIN_COSINE && e.margin >= MIN_MARGIN && e.relative() >= MIN_RELATIVE
}

/// Whether the question is about everyday life rather than the notes, even if words match.
pub fn is_everyday(e: GateEvidence) -> bool {
    e.relative() < VETO_RELATIVE
}

/// A talk found by meaning as a search result: its nearest passages are the quotes.
fn meaning_result(
    words: &TalkIndex,
    index: &MeaningIndex,
    found: &MeaningTalk,
) -> Option<SearchResult> {
    let (conference, talk) = words.talk(found.talk)?;
    let best = found.score;
    let quotes: Vec<Quote> = found
        .hits
        .iter()
        .filter(|h| h.score >= best - QUOTE_SPREAD)
        .filter_map(|h| index.passages().get(h.passage))
        .filter(|p| !p.is_title)
        .take(MAX_QUOTES)
        .map(|p| Quote {
            heading: p.heading.clone(),
            snippet: Snippet {
                text: p.text.clone(),
                marks: Vec::new(),
            },
        })
        .collect();
    let snippet = quotes
        .first()
        .map(|q| q.snippet.clone())
        .unwrap_or_else(|| Snippet {
            text: talk.summary.clone(),
            marks: Vec::new(),
        });
    Some(SearchResult {
        talk: found.talk,
        title: talk.title.clone(),
        slug: talk.slug.clone(),
        conference: conference.title.clone(),
        score: found.score,
        snippet,
        quotes,
        names_talk: false,
        links: talk.links.clone(),
        matched_by: MatchedBy::Meaning,
    })
}
