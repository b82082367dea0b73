//! The in-memory index: an inverted index of field-weighted term frequencies per talk, a sorted
//! vocabulary for prefixes and a trigram index for typos.

use super::acronyms::Acronyms;
use super::fuzzy::TypoIndex;
use super::normalize::{is_cjk, is_stop_word, tokenize};
use super::passages::{for_each_passage, Field, Passage};
use super::snippet::make_snippet;
use super::{Completion, Confidence, Quote, SearchResponse, SearchResult, Snippet, TalkRef};
use crate::model::{Conference, Library, Talk};
use rustc_hash::FxHashMap;

/// BM25 term-frequency saturation.
const K1: f32 = 1.2;
/// BM25 length normalisation.
const B: f32 = 0.75;
/// Share of the query's weight that a talk must match, or it is not an answer.
const MIN_COVERAGE: f32 = 0.5;
/// A word whose weight is under this share of the query's heaviest word is not scored.
const NEGLIGIBLE: f32 = 0.02;
/// Results scoring below this share of the best one are dropped.
const RELATIVE_CUTOFF: f32 = 0.4;
/// A clear winner must match at least this share of the query (all words, one typo each, do).
const CLEAR_COVERAGE: f32 = 0.65;
/// A first result is a clear winner when the second scores at most this share of it.
const CLEAR_RATIO: f32 = 0.6;
/// How much a match counts, by kind: exact, prefix of the last word, one typo, two typos.
const QUALITY_EXACT: f32 = 1.0;
const QUALITY_PREFIX: f32 = 0.85;
/// How much a word counts that the query shortened (a prefix, but not of the last word).
const QUALITY_SHORTENED: f32 = 0.75;
const QUALITY_TYPO: [f32; 3] = [1.0, 0.7, 0.5];
/// Most vocabulary words one query word may expand to (prefixes, typos).
const MAX_EXPANSIONS: usize = 12;
/// Most query words considered.
const MAX_QUERY_WORDS: usize = 10;
/// Queries longer than this (bytes) are cut.
const MAX_QUERY_BYTES: usize = 1000;
/// The largest passage bonus (see `passage_evidence`).
const MAX_BONUS: f32 = 1.0 + PROXIMITY_BONUS + PHRASE_BONUS + TITLE_BONUS;
/// Bonus when every query word is in the title (a title match beats many body mentions, which
/// BM25 saturation would otherwise let win).
const TITLE_BONUS: f32 = 0.3;
/// Talks re-read beyond the `limit` best, at most (bounds the cost of close calls).
const EXTRA_RERANK: usize = 5;
/// Bonus when all query words appear in one passage.
const PROXIMITY_BONUS: f32 = 0.25;
/// Bonus when all query words appear in one passage in query order, side by side.
const PHRASE_BONUS: f32 = 0.15;
/// Longest autocomplete choice name, in characters (Discord's limit).
const MAX_NAME_CHARS: usize = 100;
/// Most titles an autocomplete reads to complete an unfinished last word.
const MAX_TITLES_READ: usize = 500;
/// Most title entries an autocomplete walk reads.
const MAX_TITLE_SCAN: usize = 20_000;
/// Most autocomplete choices (Discord's limit).
const MAX_CHOICES: usize = 25;

#[derive(Debug, Clone, Copy)]
struct Posting {
    doc: u32,
    /// Sum of field weights of the term's occurrences in the talk.
    tf: f32,
}

/// Longest acronym expansion looked for, in words.
const ACRONYM_WINDOW: usize = 6;
/// Most passages quoted as the answer of one talk.
const MAX_QUOTES: usize = 3;
/// A passage is quoted when it is worth at least this share of the best one.
const QUOTE_CUTOFF: f32 = 0.5;

/// What reading a talk's passages tells about a query: the score bonus, the snippet and the
/// passages to quote.
struct Evidence {
    bonus: f32,
    snippet: Snippet,
    quotes: Vec<Quote>,
    names_talk: bool,
}

/// The search index over every talk of a library; it owns the library.
#[derive(Debug)]
pub struct TalkIndex {
    library: Library,
    docs: Vec<TalkRef>,
    /// BM25 length normalisation per talk: `K1 * (1 - B + B * len / avg_len)`.
    doc_norm: Vec<f32>,
    terms: Vec<Box<str>>,
    /// The first written form seen for each term (lowercase), for "did you mean".
    surface: Vec<Box<str>>,
    ids: FxHashMap<Box<str>, u32>,
    postings: Vec<Vec<Posting>>,
    /// Talks whose title holds the term (for autocomplete).
    title_postings: Vec<Vec<u32>>,
    /// Term ids sorted by term text (for prefix ranges).
    by_text: Vec<u32>,
    typos: TypoIndex,
}

/// Accumulates postings while walking the talks.
#[derive(Default)]
struct Builder {
    terms: Vec<Box<str>>,
    surface: Vec<Box<str>>,
    ids: FxHashMap<Box<str>, u32>,
    postings: Vec<Vec<Posting>>,
    title_postings: Vec<Vec<u32>>,
    tf: Vec<f32>,
    touched: Vec<u32>,
}

impl Builder {
    fn intern(&mut self, term: &str, written: &str) -> u32 {
        if let Some(&id) = self.ids.get(term) {
            return id;
        }
        let id = self.terms.len() as u32;
        self.terms.push(term.into());
        self.surface.push(written.to_lowercase().into());
        self.ids.insert(term.into(), id);
        self.postings.push(Vec::new());
        self.title_postings.push(Vec::new());
        self.tf.push(0.0);
        id
    }

    fn add_term(&mut self, doc: u32, term: &str, written: &str, weight: f32, in_title: bool) {
        let id = self.intern(term, written) as usize;
        if self.tf[id] == 0.0 {
            self.touched.push(id as u32);
        }
        self.tf[id] += weight;
        if in_title && self.title_postings[id].last() != Some(&doc) {
            self.title_postings[id].push(doc);
        }
    }

    fn add_talk(
        &mut self,
        doc: u32,
        talk: &Talk,
        scratch: &mut Passage,
        acronyms: &Acronyms,
    ) -> u32 {
        let mut len = 0u32;
        let mut recent: Vec<String> = Vec::new();
        for_each_passage(talk, scratch, &mut |p: &Passage| {
            recent.clear();
            tokenize(&p.text, |tok| {
                let weight = p.field_at(tok.start).weight();
                let written = &p.text[tok.start..tok.end];
                self.add_term(doc, tok.term, written, weight, p.is_title);
                if tok.joined {
                    return;
                }
                // Link addresses are weak evidence: they do not make a talk longer.
                if p.field_at(tok.start) != Field::Url {
                    len += 1;
                }
                if acronyms.is_empty() {
                    return;
                }
                // "GVL" also stands for "global vm lock", and the other way round.
                if let Some(expansion) = acronyms.expansion(tok.term) {
                    for term in expansion {
                        self.add_term(doc, term, term, weight, p.is_title);
                    }
                }
                if recent.len() == ACRONYM_WINDOW {
                    recent.remove(0);
                }
                recent.push(tok.term.to_string());
                for acronym in acronyms.ending(&recent) {
                    self.add_term(doc, acronym, acronym, weight, p.is_title);
                }
            });
        });
        for id in self.touched.drain(..) {
            let tf = std::mem::take(&mut self.tf[id as usize]);
            self.postings[id as usize].push(Posting { doc, tf });
        }
        len
    }
}

/// One query word with the vocabulary words it may stand for.
#[derive(Debug)]
struct QueryWord {
    /// Byte range in the query.
    start: usize,
    end: usize,
    /// Weight of the word in the query (inverse document frequency).
    weight: f32,
    /// Vocabulary words it matches, best first.
    candidates: Vec<Candidate>,
    /// True when it matched no vocabulary word exactly.
    misspelled: bool,
}

#[derive(Debug, Clone, Copy)]
struct Candidate {
    term: u32,
    quality: f32,
    typos: u8,
}

/// Per-talk accumulators reused between queries on one thread (no 2 × 8 bytes × talks to zero
/// and fault in for every query). Entries are reset as they are read, so a finished query leaves
/// them zero; `clean` is false while a query runs, so one that panicked leaves them to be wiped.
#[derive(Default)]
struct Scratch {
    acc: Vec<[f32; 2]>,
    best: Vec<[f32; 2]>,
    clean: bool,
}

impl Scratch {
    fn prepare(&mut self, n: usize) {
        if !self.clean {
            self.acc.clear();
            self.best.clear();
        }
        if self.acc.len() < n {
            self.acc.resize(n, [0.0; 2]);
            self.best.resize(n, [0.0; 2]);
        }
        self.clean = false;
    }
}

thread_local! {
    static SCRATCH: std::cell::RefCell<Scratch> = std::cell::RefCell::new(Scratch::default());
}

/// A talk's score for the current query, before re-ranking.
#[derive(Debug, Clone, Copy)]
struct Scored {
    doc: u32,
    score: f32,
    coverage: f32,
}

fn typo_budget(chars: usize) -> usize {
    match chars {
        0..=4 => 0,
        5..=8 => 1,
        _ => 2,
    }
}

fn cut_chars(text: &str, max: usize) -> String {
    match text.char_indices().nth(max) {
        None => text.to_string(),
        Some(_) => {
            let keep: String = text.chars().take(max.saturating_sub(1)).collect();
            format!("{}…", keep.trim_end())
        }
    }
}

impl TalkIndex {
    /// Indexes every talk of `library` (title, sub-headings, bold text, body, list items, link
    /// labels, image alt text) and keeps the library.
    pub fn build(library: Library) -> TalkIndex {
        let mut builder = Builder::default();
        let mut docs = Vec::with_capacity(library.talk_count());
        let mut doc_len = Vec::with_capacity(library.talk_count());
        let mut scratch = Passage::default();
        let mut acronyms = Acronyms::default();
        for (_, talk) in library.talks() {
            for_each_passage(talk, &mut scratch, &mut |p: &Passage| {
                acronyms.learn(&p.text)
            });
        }
        for (ci, conference) in library.conferences.iter().enumerate() {
            for (ti, talk) in conference.talks.iter().enumerate() {
                let doc = docs.len() as u32;
                docs.push(TalkRef {
                    conference: ci,
                    talk: ti,
                });
                doc_len.push(builder.add_talk(doc, talk, &mut scratch, &acronyms));
            }
        }
        let Builder {
            terms,
            surface,
            ids,
            mut postings,
            mut title_postings,
            ..
        } = builder;
        for list in postings.iter_mut() {
            list.shrink_to_fit();
        }
        for list in title_postings.iter_mut() {
            list.shrink_to_fit();
        }
        let mut by_text: Vec<u32> = (0..terms.len() as u32).collect();
        by_text.sort_unstable_by(|&a, &b| terms[a as usize].cmp(&terms[b as usize]));
        let mut typos = TypoIndex::default();
        for &id in &by_text {
            let term = &terms[id as usize];
            // Typos are looked for in words of 4+ letters; numbers and CJK bigrams have none.
            let typo_worthy = term.chars().count() >= 4
                && term.chars().any(char::is_alphabetic)
                && !term.chars().any(is_cjk);
            if typo_worthy {
                typos.insert(id, term);
            }
        }
        let total: u64 = doc_len.iter().map(|&l| u64::from(l)).sum();
        let avg_len = if docs.is_empty() {
            1.0
        } else {
            (total as f32 / docs.len() as f32).max(1.0)
        };
        let doc_norm = doc_len
            .iter()
            .map(|&len| K1 * (1.0 - B + B * len as f32 / avg_len))
            .collect();
        TalkIndex {
            library,
            docs,
            doc_norm,
            terms,
            surface,
            ids,
            postings,
            title_postings,
            by_text,
            typos,
        }
    }

    /// The indexed library.
    pub fn library(&self) -> &Library {
        &self.library
    }

    /// The conference and talk a result refers to.
    pub fn talk(&self, r: TalkRef) -> Option<(&Conference, &Talk)> {
        let conference = self.library.conferences.get(r.conference)?;
        Some((conference, conference.talks.get(r.talk)?))
    }

    /// Number of indexed talks.
    pub fn len(&self) -> usize {
        self.docs.len()
    }

    /// True when the library has no talk.
    pub fn is_empty(&self) -> bool {
        self.docs.is_empty()
    }

    /// Approximate heap bytes held by the index itself (not the library), for memory reports.
    pub fn heap_bytes(&self) -> usize {
        use std::mem::size_of;
        let strings: usize = self.terms.iter().map(|t| t.len() * 2).sum::<usize>()
            + self.surface.iter().map(|t| t.len()).sum::<usize>();
        let postings: usize = self
            .postings
            .iter()
            .map(|p| p.capacity() * size_of::<Posting>() + size_of::<Vec<Posting>>())
            .sum();
        let titles: usize = self
            .title_postings
            .iter()
            .map(|p| p.capacity() * 4 + size_of::<Vec<u32>>())
            .sum();
        strings
            + postings
            + titles
            + self.ids.capacity() * (size_of::<Box<str>>() + 4 + 1)
            + (self.terms.capacity() + self.surface.capacity()) * size_of::<Box<str>>()
            + self.docs.capacity() * size_of::<TalkRef>()
            + self.doc_norm.capacity() * 4
            + self.by_text.capacity() * 4
            + self.typos.heap_bytes()
    }

    fn df(&self, term: u32) -> usize {
        self.postings[term as usize].len()
    }

    fn idf(&self, df: usize) -> f32 {
        let n = self.docs.len() as f32;
        (1.0 + (n - df as f32 + 0.5) / (df as f32 + 0.5)).ln()
    }

    /// Term ids whose text starts with `prefix`, the `most` most frequent.
    fn prefixed(&self, prefix: &str, most: usize) -> Vec<u32> {
        let from = self
            .by_text
            .partition_point(|&id| &*self.terms[id as usize] < prefix);
        let mut found: Vec<u32> = self.by_text[from..]
            .iter()
            .take_while(|&&id| self.terms[id as usize].starts_with(prefix))
            .copied()
            .collect();
        if found.len() > most {
            found.select_nth_unstable_by_key(most, |&id| std::cmp::Reverse(self.df(id)));
            found.truncate(most);
        }
        found
    }

    /// Splits a query into words, drops stop words (when others remain) and finds each word's
    /// candidates. `prefix_last`: the last word may be the start of a longer word.
    fn parse_query(&self, query: &str, prefix_last: bool) -> Vec<QueryWord> {
        let mut raw: Vec<(String, usize, usize)> = Vec::new();
        tokenize(query, |tok| {
            if !tok.joined && raw.iter().all(|(t, _, _)| t != tok.term) {
                raw.push((tok.term.to_string(), tok.start, tok.end));
            }
        });
        if raw.iter().any(|(t, _, _)| !is_stop_word(t)) {
            raw.retain(|(t, _, _)| !is_stop_word(t));
        }
        raw.truncate(MAX_QUERY_WORDS);
        // A query that ends in a letter or digit may be cut mid-word (typing in progress).
        let ends_open = query.chars().last().is_some_and(char::is_alphanumeric);
        let last = raw.len().wrapping_sub(1);
        let unknown_weight = self.idf(0);
        let mut words = Vec::with_capacity(raw.len());
        let mut hits = Vec::new();
        for (i, (term, start, end)) in raw.into_iter().enumerate() {
            let mut candidates = Vec::new();
            let exact = self.ids.get(term.as_str()).copied();
            if let Some(id) = exact {
                candidates.push(Candidate {
                    term: id,
                    quality: QUALITY_EXACT,
                    typos: 0,
                });
            }
            // A word the notes only have in link addresses may be a misspelling of one they say.
            let strong =
                exact.is_some_and(|id| self.postings[id as usize].iter().any(|p| p.tf >= 1.0));
            let written = &query[start..end];
            let plain = super::normalize::fold(written);
            // The last word may be unfinished (as-you-type); any other word that is not in the
            // vocabulary may be a shortened one ("postgres" for "postgresql").
            let open_last = prefix_last && i == last && ends_open && plain.chars().count() >= 2;
            let shortened = exact.is_none() && plain.chars().count() >= 4;
            let mut typo_candidates = false;
            if !strong {
                let budget = typo_budget(plain.chars().count());
                if budget > 0 {
                    hits.clear();
                    self.typos.within(&term, budget, &mut hits);
                    if plain != term {
                        self.typos.within(&plain, budget, &mut hits);
                    }
                    hits.sort_unstable();
                    hits.dedup_by_key(|h| h.0);
                    hits.sort_unstable_by_key(|&(id, d)| (d, std::cmp::Reverse(self.df(id))));
                    for &(id, d) in hits.iter().take(MAX_EXPANSIONS) {
                        candidates.push(Candidate {
                            term: id,
                            quality: QUALITY_TYPO[d.min(2)],
                            typos: d as u8,
                        });
                        typo_candidates = true;
                    }
                }
            }
            if open_last || (shortened && !typo_candidates) {
                let quality = if open_last {
                    QUALITY_PREFIX
                } else {
                    QUALITY_SHORTENED
                };
                // A last word that is a word already is probably complete: few completions.
                let most = if exact.is_some() { 4 } else { MAX_EXPANSIONS };
                for id in self.prefixed(&plain, most) {
                    if candidates.iter().all(|c| c.term != id) {
                        candidates.push(Candidate {
                            term: id,
                            quality,
                            typos: 0,
                        });
                    }
                }
            }
            let weight = candidates
                .iter()
                .map(|c| self.idf(self.df(c.term)))
                .fold(None, |m: Option<f32>, w| Some(m.map_or(w, |m| m.min(w))))
                .unwrap_or(unknown_weight);
            words.push(QueryWord {
                start,
                end,
                weight,
                misspelled: exact.is_none(),
                candidates,
            });
        }
        words
    }

    /// Scores every talk that matches at least one query word; keeps those covering enough of
    /// the query.
    fn score(&self, words: &[QueryWord]) -> Vec<Scored> {
        SCRATCH.with(|cell| match cell.try_borrow_mut() {
            Ok(mut scratch) => self.score_with(words, &mut scratch),
            Err(_) => self.score_with(words, &mut Scratch::default()),
        })
    }

    fn score_with(&self, words: &[QueryWord], scratch: &mut Scratch) -> Vec<Scored> {
        let n = self.docs.len();
        scratch.prepare(n);
        // Per talk: (score, covered weight) for the query, and (best value, best quality) for
        // the current word (a word counts once, through its best-matching candidate).
        let Scratch { acc, best, .. } = scratch;
        let mut touched: Vec<u32> = Vec::new();
        let mut word_touched: Vec<u32> = Vec::new();
        // A word found in nearly every talk ("conference" in notes full of "Conference link")
        // adds next to nothing to any score or coverage next to the query's rarest word: its
        // long posting list is skipped (the MaxScore idea).
        let heaviest = words.iter().map(|w| w.weight).fold(0.0f32, f32::max);
        for word in words {
            for c in &word.candidates {
                let list = &self.postings[c.term as usize];
                let idf = self.idf(list.len());
                if idf < NEGLIGIBLE * heaviest {
                    continue;
                }
                let idf = idf * c.quality * (K1 + 1.0);
                for p in list {
                    let d = p.doc as usize;
                    let v = idf * p.tf / (p.tf + self.doc_norm[d]);
                    let b = &mut best[d];
                    if b[1] == 0.0 {
                        word_touched.push(p.doc);
                    }
                    b[0] = b[0].max(v);
                    // A word seen only in link addresses (tf < 1) covers the query word weakly.
                    b[1] = b[1].max(c.quality * p.tf.min(1.0));
                }
            }
            for &doc in &word_touched {
                let d = doc as usize;
                if acc[d][1] == 0.0 {
                    touched.push(doc);
                }
                let b = std::mem::take(&mut best[d]);
                acc[d][0] += b[0];
                acc[d][1] += b[1] * word.weight;
            }
            word_touched.clear();
        }
        let total: f32 = words.iter().map(|w| w.weight).sum();
        let scored = touched
            .into_iter()
            .filter_map(|doc| {
                let d = doc as usize;
                let coverage = if total > 0.0 { acc[d][1] / total } else { 0.0 };
                let value = acc[d][0];
                acc[d] = [0.0; 2];
                (coverage >= MIN_COVERAGE).then_some(Scored {
                    doc,
                    score: value * coverage * coverage,
                    coverage,
                })
            })
            .collect();
        scratch.clean = true;
        scored
    }

    /// Finds the talks that answer `query`, best first, at most `limit` of them; an off-topic
    /// query gets no result.
    pub fn search(&self, query: &str, limit: usize) -> SearchResponse {
        let mut cut = query.len().min(MAX_QUERY_BYTES);
        while !query.is_char_boundary(cut) {
            cut -= 1;
        }
        let words = self.parse_query(&query[..cut], true);
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
            let evidence = self.passage_evidence(talk, &words, &matched);
            s.score *= evidence.bonus;
            finals.push(s.score);
            ranked.push((s, evidence));
        }
        ranked.sort_by(|a, b| b.0.score.total_cmp(&a.0.score).then(a.0.doc.cmp(&b.0.doc)));
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

    /// Maps each candidate term's text to (query word index, match quality).
    fn matched_terms(&self, words: &[QueryWord]) -> FxHashMap<&str, (usize, f32)> {
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
    fn passage_evidence(
        &self,
        talk: &Talk,
        words: &[QueryWord],
        matched: &FxHashMap<&str, (usize, f32)>,
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
        for_each_passage(talk, &mut scratch, &mut |p: &Passage| {
            order += 1;
            let is_heading = !p.is_title && p.runs.len() == 1 && p.field_at(0) == Field::Heading;
            if is_heading && talk.speaker.as_deref() != Some(p.text.trim()) {
                heading = Some(p.text.trim().to_string());
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
            for &(_, w, _, _) in hits.iter() {
                if !seen[w] {
                    seen[w] = true;
                    weight += words[w].weight;
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
            // The title is shown anyway: a body passage makes the better snippet.
            let body = !p.is_title;
            let better = match &best {
                None => true,
                Some((v, b, _)) => (body && !b) || (body == *b && value > *v),
            };
            let marks: Vec<(usize, usize)> = hits.iter().map(|h| (h.2, h.3)).collect();
            let is_address = p.field_at(0) == Field::Url;
            if body && !is_heading && !is_address {
                quotes.push((
                    value,
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
        Evidence {
            bonus,
            snippet,
            quotes: quotes.into_iter().map(|q| q.2).collect(),
            names_talk: n > 0 && in_title == n,
        }
    }

    /// The query with each misspelled word replaced by its likeliest vocabulary word, preferring
    /// words of the top result.
    fn did_you_mean(&self, query: &str, words: &[QueryWord], top: Option<u32>) -> Option<String> {
        let mut replacements: Vec<(usize, usize, &str)> = Vec::new();
        for w in words.iter().filter(|w| w.misspelled) {
            let typo = w.candidates.iter().filter(|c| c.typos > 0);
            let in_top = typo.clone().find(|c| {
                top.is_some_and(|doc| {
                    self.postings[c.term as usize]
                        .binary_search_by_key(&doc, |p| p.doc)
                        .is_ok()
                })
            });
            if let Some(c) = in_top.or_else(|| typo.clone().next()) {
                replacements.push((w.start, w.end, &self.surface[c.term as usize]));
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

    /// As-you-type choices for `prefix` (the last word may be unfinished): talks whose title
    /// matches every word, or when none does, the talks whose text does; at most `limit` (≤ 25),
    /// names ≤ 100 characters.
    pub fn suggest(&self, prefix: &str, limit: usize) -> Vec<Completion> {
        let limit = limit.min(MAX_CHOICES);
        let mut cut = prefix.len().min(MAX_QUERY_BYTES);
        while !prefix.is_char_boundary(cut) {
            cut -= 1;
        }
        let prefix = &prefix[..cut];
        let words = self.parse_query(prefix, true);
        let mut out: Vec<Completion> = Vec::with_capacity(limit);
        if words.is_empty() {
            out.extend(
                self.docs
                    .iter()
                    .take(limit)
                    .filter_map(|&r| self.completion(r)),
            );
            return out;
        }
        // Titles first: talks whose title matches every word. Each word's vocabulary candidates
        // are walked best first (rarest word, fewest edits); the word with the shortest title
        // lists drives, the others are checked by binary search. The walk stops early once it
        // has plenty of choices, since an as-you-type list needs good choices, fast.
        let lists: Vec<Vec<(f32, &[u32])>> = words
            .iter()
            .map(|w| {
                let mut v: Vec<(f32, &[u32])> = w
                    .candidates
                    .iter()
                    .map(|c| {
                        let value = self.idf(self.df(c.term)) * c.quality;
                        (value, self.title_postings[c.term as usize].as_slice())
                    })
                    .filter(|(_, l)| !l.is_empty())
                    .collect();
                v.sort_by(|a, b| b.0.total_cmp(&a.0));
                v
            })
            .collect();
        let driver = (0..lists.len())
            .min_by_key(|&i| lists[i].iter().map(|l| l.1.len()).sum::<usize>())
            .unwrap_or(0);
        let mut found: Vec<(f32, u32)> = Vec::new();
        let mut taken = rustc_hash::FxHashSet::default();
        let mut scanned = 0usize;
        'walk: for &(value, list) in lists.get(driver).map_or(&[][..], Vec::as_slice) {
            'walk_doc: for &doc in list {
                scanned += 1;
                if found.len() >= limit * 4 || scanned > MAX_TITLE_SCAN {
                    break 'walk;
                }
                if taken.contains(&doc) {
                    continue;
                }
                let mut total = value;
                for (wi, others) in lists.iter().enumerate() {
                    if wi == driver {
                        continue;
                    }
                    match others.iter().find(|(_, l)| l.binary_search(&doc).is_ok()) {
                        Some((v, _)) => total += v,
                        None => continue 'walk_doc,
                    }
                }
                taken.insert(doc);
                found.push((total, doc));
            }
            if found.len() >= limit {
                break;
            }
        }
        if found.len() < limit && words.len() >= 2 {
            self.complete_last_word(prefix, &words, &lists, limit, &mut taken, &mut found);
        }
        found.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        out.extend(
            found
                .iter()
                .take(limit)
                .filter_map(|&(_, doc)| self.completion(self.docs[doc as usize])),
        );
        if out.is_empty() {
            // No title fits: the talks whose text does, by score alone (no snippets to cut).
            let mut scored = self.score(&words);
            let by_score =
                |a: &Scored, b: &Scored| b.score.total_cmp(&a.score).then(a.doc.cmp(&b.doc));
            if scored.len() > limit && limit > 0 {
                scored.select_nth_unstable_by(limit - 1, by_score);
                scored.truncate(limit);
            }
            scored.sort_unstable_by(by_score);
            out.extend(
                scored
                    .iter()
                    .take(limit)
                    .filter_map(|s| self.completion(self.docs[s.doc as usize])),
            );
        }
        out
    }

    /// Autocomplete for an unfinished last word whose frequent completions missed: reads the
    /// titles that match the other words and keeps those with a word that starts like it.
    fn complete_last_word(
        &self,
        prefix: &str,
        words: &[QueryWord],
        lists: &[Vec<(f32, &[u32])>],
        limit: usize,
        taken: &mut rustc_hash::FxHashSet<u32>,
        found: &mut Vec<(f32, u32)>,
    ) {
        let Some((last, others)) = words.split_last() else {
            return;
        };
        if !prefix.chars().last().is_some_and(char::is_alphanumeric) {
            return;
        }
        let plain = super::normalize::fold(&prefix[last.start..last.end]);
        let others = &lists[..others.len()];
        let Some(driver) =
            (0..others.len()).min_by_key(|&i| others[i].iter().map(|l| l.1.len()).sum::<usize>())
        else {
            return;
        };
        let mut read = 0usize;
        'walk: for &(value, list) in &others[driver] {
            'doc: for &doc in list {
                if found.len() >= limit || read >= MAX_TITLES_READ {
                    break 'walk;
                }
                if taken.contains(&doc) {
                    continue;
                }
                let mut total = value;
                for (wi, other) in others.iter().enumerate() {
                    if wi != driver {
                        match other.iter().find(|(_, l)| l.binary_search(&doc).is_ok()) {
                            Some((v, _)) => total += v,
                            None => continue 'doc,
                        }
                    }
                }
                read += 1;
                let Some((_, talk)) = self.talk(self.docs[doc as usize]) else {
                    continue;
                };
                let mut starts = false;
                tokenize(&talk.title, |tok| starts |= tok.term.starts_with(&plain));
                if starts {
                    taken.insert(doc);
                    found.push((total, doc));
                }
            }
        }
    }

    fn completion(&self, r: TalkRef) -> Option<Completion> {
        let (_, talk) = self.talk(r)?;
        let title = talk.title.trim();
        let name = if title.is_empty() { &talk.slug } else { title };
        let name = if name.is_empty() { "(untitled)" } else { name };
        Some(Completion {
            talk: r,
            name: cut_chars(name, MAX_NAME_CHARS),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Block, Conference, Link, LinkKind, Span, Talk};
    use std::path::PathBuf;

    fn talk(title: &str, body: &[&str]) -> Talk {
        Talk {
            title: title.to_string(),
            title_url: None,
            speaker: None,
            slug: title.to_lowercase().replace(' ', "-"),
            group: None,
            file: PathBuf::from("t.md"),
            line: 1,
            end_line: 2,
            links: vec![Link {
                label: "Slides".into(),
                url: format!("https://example.com/{}", title.len()),
                title: String::new(),
                kind: LinkKind::Slides,
                line: 2,
            }],
            blocks: body
                .iter()
                .map(|t| Block::Paragraph {
                    spans: vec![Span::plain(*t)],
                })
                .collect(),
            summary: String::new(),
        }
    }

    fn conference(title: &str, talks: Vec<Talk>) -> Conference {
        Conference {
            title: title.to_string(),
            title_url: None,
            file: PathBuf::from(format!("{title}.md")),
            metadata: Vec::new(),
            intro: Vec::new(),
            toc: None,
            talks,
            sections: Vec::new(),
            anchors: Vec::new(),
            talk_level: 2,
        }
    }

    fn index() -> TalkIndex {
        TalkIndex::build(Library {
            conferences: vec![
                conference(
                    "Velocity",
                    vec![
                        talk(
                            "Kubernetes is not for developers",
                            &[
                                "Setup Kubernetes with Helm.",
                                "Users may still need kubectl.",
                            ],
                        ),
                        talk(
                            "Building resilient serverless systems",
                            &["Plan for failure! Serverless is cost efficient."],
                        ),
                        talk(
                            "Lessons learned from 300.000 lines code",
                            &[
                                "Use Terratest to test infrastructure code.",
                                "Clean up with cloud-nuke.",
                            ],
                        ),
                    ],
                ),
                conference(
                    "Devoxx",
                    vec![
                        talk(
                            "Hexagonal at Scale, où l'art de découper",
                            &["Architecture hexagonale."],
                        ),
                        talk("Tokyo", &["Go言語の開発環境について"]),
                    ],
                ),
            ],
        })
    }

    fn first_title(index: &TalkIndex, query: &str) -> Option<String> {
        index
            .search(query, 5)
            .results
            .first()
            .map(|r| r.title.clone())
    }

    #[test]
    fn acronyms_and_their_expansions_find_the_same_talk() {
        let index = TalkIndex::build(Library {
            conferences: vec![conference(
                "RubyKaigi",
                vec![
                    talk(
                        "Observing threads",
                        &["We traced the Global VM Lock (GVL) while threads wait on IO."],
                    ),
                    talk("Ractors in practice", &["The GVL is per ractor now."]),
                    talk("A new parser", &["Error tolerant parsing for editors."]),
                ],
            )],
        });
        let titles = |q: &str| -> Vec<String> {
            index
                .search(q, 5)
                .results
                .into_iter()
                .map(|r| r.title)
                .collect()
        };
        for query in ["gvl", "global vm lock"] {
            let found = titles(query);
            assert!(
                found.contains(&"Observing threads".to_string()),
                "{query}: {found:?}"
            );
            assert!(
                found.contains(&"Ractors in practice".to_string()),
                "{query}: {found:?}"
            );
        }
    }

    #[test]
    fn camel_case_words_and_link_addresses_count() {
        let mut with_link = talk(
            "Checklists for production",
            &["Read the checklist before launch."],
        );
        with_link.links[0].url = "https://gruntwork.io/devops-checklist".into();
        let index = TalkIndex::build(Library {
            conferences: vec![conference(
                "Conf",
                vec![
                    talk(
                        "Teams that scale",
                        &["The PlatformDevs team owns the clusters."],
                    ),
                    with_link,
                    talk("Chaos days", &["Break things on purpose, on a schedule."]),
                ],
            )],
        });
        assert_eq!(
            first_title(&index, "platform devs").as_deref(),
            Some("Teams that scale")
        );
        assert_eq!(
            first_title(&index, "devops checklist").as_deref(),
            Some("Checklists for production")
        );
    }

    #[test]
    fn typos_within_the_budget_match() {
        let index = index();
        assert_eq!(
            first_title(&index, "kubernets").as_deref(),
            Some("Kubernetes is not for developers")
        );
        assert_eq!(
            first_title(&index, "resiliant serverles").as_deref(),
            Some("Building resilient serverless systems")
        );
    }

    #[test]
    fn fewer_typos_rank_higher() {
        let index = TalkIndex::build(Library {
            conferences: vec![conference(
                "C",
                vec![
                    talk("Infrastructure tests", &["We use terratost daily."]),
                    talk("More infrastructure tests", &["We use terratest daily."]),
                ],
            )],
        });
        // One edit from "terratest", two from "terratost".
        let r = index.search("terratesx", 5);
        let titles: Vec<&str> = r.results.iter().map(|r| r.title.as_str()).collect();
        assert_eq!(
            titles.first(),
            Some(&"More infrastructure tests"),
            "{titles:?}"
        );
        assert_eq!(r.suggestion.as_deref(), Some("terratest"));
    }

    #[test]
    fn close_calls_return_several() {
        let index = TalkIndex::build(Library {
            conferences: vec![conference(
                "C",
                vec![
                    talk("Observability at scale", &["Tracing and metrics."]),
                    talk("Observability for beginners", &["Logs and metrics."]),
                    talk("Cooking", &["Bread."]),
                ],
            )],
        });
        let r = index.search("observability", 5);
        assert_eq!(r.confidence, Confidence::Ambiguous);
        assert_eq!(r.results.len(), 2);
    }

    #[test]
    fn reused_scratch_gives_the_same_answers() {
        let index = index();
        let scores = |q: &str| -> Vec<(String, u32)> {
            index
                .search(q, 5)
                .results
                .into_iter()
                .map(|r| (r.title, (r.score * 1e4) as u32))
                .collect()
        };
        let first = scores("serverless kubernetes");
        let _ = scores("terratest cloud nuke");
        let _ = TalkIndex::build(Library::default()).search("serverless", 5);
        assert_eq!(scores("serverless kubernetes"), first);
        assert!(!first.is_empty());
    }

    #[test]
    fn accented_query_finds_plain_text() {
        assert!(first_title(&index(), "hexagonalé").is_some_and(|t| t.starts_with("Hexagonal")));
    }

    #[test]
    fn short_words_get_no_typo() {
        // "helm" has 4 letters: "halm" is not a typo of it.
        assert!(index().search("halm", 5).results.is_empty());
    }

    #[test]
    fn off_topic_gets_nothing() {
        let index = index();
        for q in ["quantum computing", "xyzzy", "", "   ", "?!"] {
            let r = index.search(q, 5);
            assert!(r.results.is_empty(), "{q:?}: {:?}", r.results);
            assert_eq!(r.confidence, Confidence::NoMatch);
        }
    }

    #[test]
    fn results_name_their_conference_and_talk() {
        let index = index();
        let r = index.search("hexagonale", 5);
        let first = r.results.first().expect("a result");
        assert_eq!(first.conference, "Devoxx");
        assert_eq!(
            first.talk,
            TalkRef {
                conference: 1,
                talk: 0
            }
        );
        assert_eq!(
            index.talk(first.talk).map(|t| t.1.title.as_str()),
            Some(first.title.as_str())
        );
    }

    #[test]
    fn accents_hyphens_and_numbers_are_normalised() {
        let index = index();
        assert!(
            first_title(&index, "ou l’art de decouper").is_some_and(|t| t.starts_with("Hexagonal"))
        );
        assert!(first_title(&index, "cloud nuke").is_some_and(|t| t.starts_with("Lessons")));
        assert!(first_title(&index, "cloudnuke").is_some_and(|t| t.starts_with("Lessons")));
        assert!(first_title(&index, "300000").is_some_and(|t| t.starts_with("Lessons")));
    }

    #[test]
    fn cjk_text_is_searchable() {
        assert_eq!(first_title(&index(), "開発環境").as_deref(), Some("Tokyo"));
    }

    #[test]
    fn last_word_matches_as_prefix() {
        assert_eq!(
            first_title(&index(), "terrat").as_deref(),
            Some("Lessons learned from 300.000 lines code")
        );
        assert!(first_title(&index(), "code terrat").is_some_and(|t| t.starts_with("Lessons")));
        // A word other than the last one matches as a prefix only when it is not a word itself.
        assert!(first_title(&index(), "terrat code").is_some_and(|t| t.starts_with("Lessons")));
    }

    #[test]
    fn snippet_marks_matched_words() {
        let r = index().search("what did they say about terratest?", 5);
        let first = r.results.first().expect("a result");
        assert_eq!(
            first.snippet.marked("<", ">"),
            "Use <Terratest> to test infrastructure code."
        );
        assert_eq!(first.links.len(), 1);
    }

    #[test]
    fn suggest_caps_choices_and_names() {
        let long = "x".repeat(300);
        let mut talks: Vec<Talk> = (0..40)
            .map(|i| talk(&format!("Rust talk {i}"), &["body"]))
            .collect();
        talks.push(talk(&format!("Rust {long}"), &["body"]));
        let index = TalkIndex::build(Library {
            conferences: vec![conference("C", talks)],
        });
        let choices = index.suggest("rus", 100);
        assert_eq!(choices.len(), 25);
        assert!(index
            .suggest("rust xx", 25)
            .iter()
            .all(|c| c.name.chars().count() <= 100));
        assert_eq!(index.suggest("", 5).len(), 5);
    }

    #[test]
    fn suggest_completes_a_rare_last_word_after_a_common_one() {
        // Twelve "zebrafish…" words are more frequent than "zebrafinch", so the most frequent
        // completions of "zebraf" leave it out; reading the titles finds it.
        let mut talks: Vec<Talk> = (0..12)
            .flat_map(|i| (0..2).map(move |j| talk(&format!("Rust zebrafish{i} {j}"), &["body"])))
            .collect();
        talks.push(talk("Rust and the zebrafinch", &["body"]));
        let index = TalkIndex::build(Library {
            conferences: vec![conference("C", talks)],
        });
        let names: Vec<String> = index
            .suggest("rust zebraf", 25)
            .into_iter()
            .map(|c| c.name)
            .collect();
        assert_eq!(names.len(), 25);
        assert!(
            names.iter().any(|n| n == "Rust and the zebrafinch"),
            "{names:?}"
        );
    }

    #[test]
    fn empty_library_answers_nothing() {
        let index = TalkIndex::build(Library::default());
        assert!(index.search("anything", 5).results.is_empty());
        assert!(index.suggest("any", 5).is_empty());
    }
}
