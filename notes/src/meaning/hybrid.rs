//! Answers by words and by meaning together: the words' answer first; the passages nearest in
//! meaning where the words refuse, behind a gate that keeps off-topic questions refused.
//!
//! The stages, in order: the words' [`SearchResponse`] ([`TalkIndex::search`]); the question's
//! vector and its nearest passages ([`MeaningIndex::nearest`]); the passages gathered by talk
//! ([`talks_by_meaning`]); the [`gate`]; the merged response, each result saying how it was
//! found ([`MatchedBy`]).

use super::passages::MeaningPassage;
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
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct GateEvidence {
    /// Cosine of the best passage.
    pub best: f32,
    /// Best cosine minus the best of another talk: how far the best talk stands out.
    pub margin: f32,
    /// Cosine of the nearest everyday topic ([`super::background`]).
    #[serde(rename = "everyday")]
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
    search_explained(words, meaning, query, limit).0
}

/// Like [`search`], with the evidence the gate weighed (`None` when meaning was not asked).
pub fn search_explained(
    words: &TalkIndex,
    meaning: Option<&Meaning<'_>>,
    query: &str,
    limit: usize,
) -> (SearchResponse, Option<GateEvidence>) {
    let response = words.search(query, limit);
    let Some(meaning) = meaning.filter(|m| !m.index.is_empty()) else {
        return (response, None);
    };
    if query.trim().is_empty() {
        return (response, None);
    }
    let Some(vector) = (meaning.embed_query)(query) else {
        return (response, None);
    };
    let hits = meaning.index.nearest(&vector, NEAREST);
    let evidence = gate_evidence(&hits, meaning.index, &vector);
    (
        merge(
            words,
            meaning.index,
            response,
            &hits,
            &vector,
            evidence,
            limit,
        ),
        Some(evidence),
    )
}

/// The words' `response` merged with the nearest passages `hits`, as the gate decides.
fn merge(
    words: &TalkIndex,
    index: &MeaningIndex,
    mut response: SearchResponse,
    hits: &[Hit],
    vector: &[f32],
    evidence: GateEvidence,
    limit: usize,
) -> SearchResponse {
    let talks = talks_by_meaning(index, hits);
    if index.in_other_language(vector) {
        // The words unknown to the notes are another language's, not misspellings of the
        // notes' words: no "did you mean" ("wie klont man einen Teil eines Repos?" → "lines").
        response.suggestion = None;
    }
    if !response.results.is_empty() && is_everyday(evidence) {
        // The words matched, but the question is about everyday life more than about the
        // notes ("how long should bacon cook on a camping stove?"): refused.
        response.results.clear();
        response.confidence = Confidence::NoMatch;
        return response;
    }
    let near: Vec<TalkRef> = talks.iter().take(AGREEING_TALKS).map(|t| t.talk).collect();
    if let Some(first) = response.results.first() {
        if response.confidence == Confidence::Clear || near.contains(&first.talk) {
            // The words answered, sure of it or with the meaning's agreement: say which
            // results meaning agrees with.
            for result in &mut response.results {
                if near.contains(&result.talk) {
                    result.matched_by = MatchedBy::Both;
                }
            }
            if let Some(answer) = response.results.first_mut() {
                if answer.matched_by == MatchedBy::Both {
                    quote_nearest_line(index, answer, vector);
                }
            }
            return response;
        }
        // The words are unsure and the meaning places the question elsewhere: the words
        // matched in passing ("rust" on a bike chain). The meaning answers if its gate
        // passes; else nothing does.
        response.results.clear();
        response.confidence = Confidence::NoMatch;
    }
    if !gate(evidence) {
        return response;
    }
    let best = talks.first().map_or(0.0, |t| t.score);
    let mut results: Vec<SearchResult> = talks
        .iter()
        .filter(|t| t.score >= best - RESULT_SPREAD)
        .take(limit.max(1))
        .filter_map(|t| meaning_result(words, index, t, vector))
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
    let talk_of = |h: &Hit| index.passages().get(h.passage).map(|p| p.talk);
    let top = hits.first().and_then(talk_of);
    // The best passage of another talk: how far the best talk stands out. (Several passages
    // of the best talk near the question are agreement, not doubt.)
    let runner_up = hits
        .iter()
        .find(|h| talk_of(h) != top)
        .or(hits.last())
        .map_or(0.0, |h| h.score);
    GateEvidence {
        best,
        margin: best - runner_up,
        background: index.background(vector),
    }
}

/// Whether the nearest passages answer the question rather than merely resemble it: near
/// enough, and nearer to the notes than to everyday life. (How far the best talk stands out,
/// the margin, is reported but not asked: several talks near a question is no sign that the
/// notes do not answer it.)
pub fn gate(e: GateEvidence) -> bool {
    e.best >= MIN_COSINE && e.relative() >= MIN_RELATIVE
}

/// Whether the question is about everyday life rather than the notes, even if words match.
pub fn is_everyday(e: GateEvidence) -> bool {
    e.relative() < VETO_RELATIVE
}

/// Whether an answer found by words alone — a talk, or a part of the notes that is not a talk
/// (an introduction, closing thoughts) — may stand: not when the meaning was asked and places
/// the question in everyday life. Without the meaning (`None`), the words decide as always.
pub fn words_may_answer(evidence: Option<GateEvidence>) -> bool {
    evidence.is_none_or(|e| !is_everyday(e))
}

/// Adds to a words' answer the line of its talk nearest in meaning, when the words' quotes do
/// not already say it: the words find the talk, the meaning the line that answers ("how many
/// qubits did IBM's computer have?" over notes that say "20 pour IBM Q").
fn quote_nearest_line(index: &MeaningIndex, answer: &mut SearchResult, vector: &[f32]) {
    let Some(line) = index
        .nearest_in_talk(vector, answer.talk, 1)
        .first()
        .and_then(|h| index.passages().get(h.passage))
    else {
        return;
    };
    let says_it = |shown: &Snippet| {
        let shown = shown.text.trim_matches('…').trim();
        !shown.is_empty() && (shown.contains(line.text.as_str()) || line.text.contains(shown))
    };
    if says_it(&answer.snippet) || answer.quotes.iter().any(|q| says_it(&q.snippet)) {
        return;
    }
    answer.quotes.push(Quote {
        heading: line.heading.clone(),
        snippet: Snippet {
            text: line.text.clone(),
            marks: Vec::new(),
        },
    });
}

/// A talk found by meaning as a search result: the talk's own passages nearest to the
/// question (`vector`) are the quotes, whether or not they were among the nearest of all.
fn meaning_result(
    words: &TalkIndex,
    index: &MeaningIndex,
    found: &MeaningTalk,
    vector: &[f32],
) -> Option<SearchResult> {
    let (conference, talk) = words.talk(found.talk)?;
    let mut own = index.nearest_in_talk(vector, found.talk, MAX_QUOTES + 1);
    if own.is_empty() {
        own.clone_from(&found.hits);
    }
    let best = own
        .iter()
        .filter(|h| {
            index
                .passages()
                .get(h.passage)
                .is_some_and(MeaningPassage::is_quotable)
        })
        .map(|h| h.score)
        .fold(f32::NEG_INFINITY, f32::max);
    let quotes: Vec<Quote> = own
        .iter()
        .filter(|h| h.score >= best - QUOTE_SPREAD)
        .filter_map(|h| index.passages().get(h.passage))
        .filter(|p| p.is_quotable())
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
            text: talk.summary(),
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
        coverage: 0.0,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::meaning::passages::PassageKind;
    use crate::{parse_conference, Library, ParseOptions};
    use std::path::Path;

    fn words() -> TalkIndex {
        let text = "# Conf\n\n## Keyboard checks\n\n- Do a tab-key test on every page.\n\n\
                    ## Win lists\n\n- Keep a win list of the problems you solved.\n";
        let conference = parse_conference(text, Path::new("c.md"), &ParseOptions::default());
        TalkIndex::build(Library {
            conferences: vec![conference],
        })
    }

    fn passage(talk: usize, text: &str) -> MeaningPassage {
        MeaningPassage {
            talk: TalkRef {
                conference: 0,
                talk,
            },
            heading: None,
            context: None,
            text: text.into(),
            kind: PassageKind::Text,
        }
    }

    /// Passages along two axes, an everyday topic along a third.
    fn meaning() -> MeaningIndex {
        MeaningIndex::from_vectors(vec![
            (
                passage(0, "Do a tab-key test on every page."),
                vec![1.0, 0.0, 0.0],
            ),
            (passage(1, "Keep a win list."), vec![0.0, 1.0, 0.0]),
        ])
        .with_background(&[vec![0.0, 0.0, 1.0]])
    }

    fn ask(query: &str, vector: Vec<f32>) -> SearchResponse {
        answer(&words(), &meaning(), query, vector)
    }

    /// `query` answered with `vector` as its embedding.
    fn answer(
        words: &TalkIndex,
        index: &MeaningIndex,
        query: &str,
        vector: Vec<f32>,
    ) -> SearchResponse {
        let embed = move |_: &str| Some(vector.clone());
        let m = Meaning {
            index,
            embed_query: &embed,
        };
        search(words, Some(&m), query, 5)
    }

    #[test]
    fn a_question_the_words_refuse_is_answered_by_meaning_with_the_passage() {
        let query = "can I use my site without a mouse?";
        assert!(words().search(query, 5).results.is_empty());
        let answer = ask(query, vec![0.95, 0.1, 0.3]);
        let first = &answer.results[0];
        assert_eq!(first.title, "Keyboard checks");
        assert_eq!(first.matched_by, MatchedBy::Meaning);
        assert_eq!(
            first.quotes[0].snippet.text,
            "Do a tab-key test on every page."
        );
    }

    #[test]
    fn nearer_to_everyday_life_than_to_the_notes_is_refused_even_by_words() {
        // Words find "win list"; the question's vector is nearest the everyday topic.
        assert!(!words().search("win list", 5).results.is_empty());
        let answer = ask("win list", vec![0.1, 0.5, 0.86]);
        assert!(answer.results.is_empty(), "{answer:?}");
        assert_eq!(answer.confidence, Confidence::NoMatch);
        // Near the notes: the words' answer stands, and meaning agrees.
        let answer = ask("win list", vec![0.0, 0.99, 0.1]);
        assert_eq!(answer.results[0].matched_by, MatchedBy::Both);
    }

    #[test]
    fn without_a_question_vector_the_words_answer_alone() {
        let (words, index) = (words(), meaning());
        let failing = |_: &str| None;
        let m = Meaning {
            index: &index,
            embed_query: &failing,
        };
        for query in ["win list", "can I use my site without a mouse?"] {
            let with = search(&words, Some(&m), query, 5);
            let without = words.search(query, 5);
            assert_eq!(with.results.len(), without.results.len(), "{query}");
            assert_eq!(
                with.results.first().map(|r| &r.title),
                without.results.first().map(|r| &r.title)
            );
        }
    }

    /// Five talks, each passage along its own axis; the everyday topic along the sixth.
    fn five_talks() -> (TalkIndex, MeaningIndex) {
        let text = "# Conf\n\n## Keyboard checks\n\n- Do a tab-key test on every page.\n\n\
                    ## Win lists\n\n- Keep a win list of the problems you solved.\n\n\
                    ## Page weight\n\n- Fonts and pictures make most of a page's bytes.\n\n\
                    ## Retrospectives\n\n- Ask what went well before what went wrong.\n\n\
                    ## Rust in production\n\n- Rewrite the hot loop, not the service.\n";
        let conference = parse_conference(text, Path::new("c.md"), &ParseOptions::default());
        let words = TalkIndex::build(Library {
            conferences: vec![conference],
        });
        let axis = |i: usize| (0..6).map(|j| if i == j { 1.0 } else { 0.0 }).collect();
        let index = MeaningIndex::from_vectors(
            (0..5)
                .map(|t| (passage(t, "a line of the talk"), axis(t)))
                .collect(),
        )
        .with_background(&[axis(5)]);
        (words, index)
    }

    #[test]
    fn unsure_words_the_meaning_places_elsewhere_give_way_to_it_or_to_nothing() {
        let (words, index) = five_talks();
        // One word of each of two talks: the words are unsure.
        let query = "loop list";
        let by_words = words.search(query, 5);
        assert_eq!(by_words.confidence, Confidence::Ambiguous, "{by_words:?}");
        let first = by_words.results[0].talk.talk;
        let elsewhere = (0..5)
            .find(|&t| t != first && by_words.results.iter().all(|r| r.talk.talk != t))
            .expect("a talk the words did not find");
        let ask = |vector: Vec<f32>| answer(&words, &index, query, vector);
        // Near one talk the words did not find, and farthest from the words' first talk
        // (not among the three nearest talks): the meaning answers with its talk.
        let mut near = vec![0.05; 6];
        near[elsewhere] = 0.97;
        near[first] = -0.05;
        near[5] = 0.2;
        let answer = ask(unit(near));
        assert_eq!(answer.results[0].talk.talk, elsewhere, "{answer:?}");
        assert_eq!(answer.results[0].matched_by, MatchedBy::Meaning);
        // Spread over the talks, near none (below the gate's cosine), the words' first talk
        // the farthest: nothing answers, though the words matched.
        let mut spread = vec![0.3; 6];
        spread[first] = 0.1;
        let answer = ask(unit(spread));
        assert!(answer.results.is_empty(), "{answer:?}");
        // The meaning agrees with the words' first talk: the words' answer stands.
        let mut agree = vec![0.0; 6];
        agree[first] = 0.97;
        agree[5] = 0.2;
        let answer = ask(unit(agree));
        assert_eq!(answer.results[0].talk.talk, first);
        assert_eq!(answer.results[0].matched_by, MatchedBy::Both);
    }

    #[test]
    fn a_words_answer_the_meaning_agrees_with_also_quotes_the_nearest_line() {
        let text = "# Conf\n\n## Keyboard checks\n\n- Do a tab-key test on every page.\n\
                    - Screen readers read the headings first.\n\n\
                    ## Win lists\n\n- Keep a win list of the problems you solved.\n";
        let conference = parse_conference(text, Path::new("c.md"), &ParseOptions::default());
        let words = TalkIndex::build(Library {
            conferences: vec![conference],
        });
        let index = MeaningIndex::from_vectors(vec![
            (
                passage(0, "Do a tab-key test on every page."),
                vec![1.0, 0.0, 0.0],
            ),
            (
                passage(0, "Screen readers read the headings first."),
                vec![0.0, 1.0, 0.0],
            ),
            (
                passage(1, "Keep a win list of the problems you solved."),
                vec![0.0, 0.0, 1.0],
            ),
        ]);
        let ask = |vector: Vec<f32>| answer(&words, &index, "tab-key test", vector);
        let shown = |r: &SearchResponse| -> Vec<String> {
            r.results[0]
                .quotes
                .iter()
                .map(|q| q.snippet.text.clone())
                .collect()
        };
        // The meaning's nearest line is another line of the words' talk: it is quoted too.
        let answer = ask(unit(vec![0.4, 0.9, 0.0]));
        assert_eq!(answer.results[0].title, "Keyboard checks");
        assert_eq!(answer.results[0].matched_by, MatchedBy::Both);
        assert!(
            shown(&answer).contains(&"Screen readers read the headings first.".to_string()),
            "{:?}",
            shown(&answer)
        );
        // It is the line the words quote already: not quoted twice.
        let answer = ask(unit(vec![0.9, 0.4, 0.0]));
        let quotes = shown(&answer);
        assert_eq!(
            quotes.iter().filter(|q| q.contains("tab-key test")).count(),
            1,
            "{quotes:?}"
        );
    }

    #[test]
    fn a_question_in_another_language_gets_no_did_you_mean_from_the_notes_words() {
        use crate::meaning::languages::toy::{sentences, toy as v, two_languages};
        // The notes in the second language.
        let [_, second] = sentences();
        let languages = two_languages();
        let index = MeaningIndex::from_vectors_in(
            vec![
                (
                    passage(0, "Do a tab-key test on every page."),
                    second[0].clone(),
                ),
                (passage(1, "Keep a win list."), second[1].clone()),
            ],
            languages,
        );
        let words = words();
        let query = "keyboarx checks";
        assert!(words.search(query, 5).suggestion.is_some());
        let ask = |vector: Vec<f32>| answer(&words, &index, query, vector);
        assert!(ask(v([0.2, 1.0, 1.5, 0.0])).suggestion.is_none());
        assert!(ask(v([0.2, 1.0, 0.0, 1.5])).suggestion.is_some());
    }

    fn unit(v: Vec<f32>) -> Vec<f32> {
        let n = v.iter().map(|x| x * x).sum::<f32>().sqrt();
        v.into_iter().map(|x| x / n).collect()
    }
}
