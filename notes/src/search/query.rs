//! Query parsing: a question becomes words, each with the vocabulary words it may stand for
//! (exact, unfinished, shortened, misspelled) and its weight.

use super::function_words::{is_common_word, is_stop_word};
use super::index::TalkIndex;
use super::normalize::{is_cjk, tokenize};
use super::tuning::*;

/// One query word with the vocabulary words it may stand for.
#[derive(Debug)]
pub(super) struct QueryWord {
    /// Byte range in the query.
    pub(super) start: usize,
    pub(super) end: usize,
    /// Weight of the word in the query (inverse document frequency).
    pub(super) weight: f32,
    /// Vocabulary words it matches, best first.
    pub(super) candidates: Vec<Candidate>,
    /// True when it matched no vocabulary word exactly.
    pub(super) misspelled: bool,
    /// True for an everyday word ("keep", "big") or a kana piece of a Japanese sentence.
    pub(super) everyday: bool,
}

#[derive(Debug, Clone, Copy)]
pub(super) struct Candidate {
    pub(super) term: u32,
    pub(super) quality: f32,
    pub(super) typos: u8,
}

/// The query words, by index, that stand for a person's name written with capitals in the
/// middle of the question ("what did Julia Evans say?"): a talk must say the two side by side.
pub(super) fn name_pairs(query: &str, words: &[QueryWord]) -> Vec<(usize, usize)> {
    let title_case = |w: &QueryWord| {
        let mut chars = query[w.start..w.end].chars();
        chars.next().is_some_and(char::is_uppercase)
            && chars.clone().count() >= 1
            && chars.all(char::is_lowercase)
    };
    words
        .windows(2)
        .enumerate()
        .filter(|(_, pair)| {
            let (a, b) = (&pair[0], &pair[1]);
            // Pieces of a CJK sentence overlap: they are no names.
            let between = query.get(a.end..b.start).unwrap_or_default();
            a.start > 0
                && title_case(a)
                && title_case(b)
                && !between.is_empty()
                && between.chars().all(|c| c == ' ')
        })
        .map(|(i, _)| (i, i + 1))
        .collect()
}

/// Whether `text` holds hiragana: Japanese grammar (particles, verb endings) more than content.
pub(super) fn has_hiragana(text: &str) -> bool {
    text.chars().any(|c| matches!(c, '\u{3041}'..='\u{309F}'))
}

/// Whether `text` is written in CJK characters (one two-character piece of a sentence).
pub(super) fn is_cjk_piece(text: &str) -> bool {
    text.chars().all(is_cjk)
}

pub(super) fn typo_budget(chars: usize) -> usize {
    match chars {
        0..=4 => 0,
        5..=8 => 1,
        _ => 2,
    }
}

impl TalkIndex {
    /// The two words of the notes that `term` is made of, when the notes do not have `term`
    /// itself: "leftover" → ("left", "over").
    fn open_compound<'t>(&self, term: &'t str) -> Option<(&'t str, &'t str)> {
        if self.term_id(term).is_some() || term.len() < 8 || !term.is_ascii() {
            return None;
        }
        (4..=term.len() - 4)
            .map(|i| term.split_at(i))
            .find(|(a, b)| self.term_id(a).is_some() && self.term_id(b).is_some())
    }

    /// Splits a query into words, drops stop words (when others remain) and finds each word's
    /// candidates. `prefix_last`: the last word may be the start of a longer word.
    pub(super) fn parse_query(&self, query: &str, prefix_last: bool) -> Vec<QueryWord> {
        let mut raw: Vec<(String, usize, usize)> = Vec::new();
        tokenize(query, |tok| {
            if !tok.joined && raw.iter().all(|(t, _, _)| t != tok.term) {
                raw.push((tok.term.to_string(), tok.start, tok.end));
            }
        });
        // A closed compound the notes write open ("leftover" for "left over"): its parts.
        let mut split: Vec<(String, usize, usize)> = Vec::with_capacity(raw.len());
        for (term, start, end) in raw {
            match self.open_compound(&term) {
                Some((a, b)) => {
                    split.push((a.to_string(), start, end));
                    split.push((b.to_string(), start, end));
                }
                None => split.push((term, start, end)),
            }
        }
        let mut raw = split;
        // Grammar is left out when other words remain: stop words, and the two-character pieces
        // of a Japanese sentence that hold kana particles or endings ("って", "の会").
        let grammar = |t: &str| is_stop_word(t) || has_hiragana(t);
        if raw.iter().any(|(t, _, _)| !grammar(t)) {
            raw.retain(|(t, _, _)| !grammar(t));
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
            let exact = self.term_id(term.as_str());
            if let Some(id) = exact {
                candidates.push(Candidate {
                    term: id,
                    quality: QUALITY_EXACT,
                    typos: 0,
                });
            }
            // A word the notes only have in link addresses may be a misspelling of one they say.
            let strong = exact.is_some_and(|id| self.postings(id).iter().any(|p| p.tf >= 1.0));
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
                    self.typos().within(&term, budget, &mut hits);
                    if plain != term {
                        self.typos().within(&plain, budget, &mut hits);
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
                everyday: false,
                candidates,
            });
        }
        // An everyday word ("keep", "using", "big") is a weak part of a question: a talk that
        // answers need not repeat it. A word the notes never use weighs according to what it
        // is: an everyday one ("how does the GVL *work*") no more than half the lightest known
        // word, so that it does not sink a question; a specific one ("*kubernetes* operators"
        // over notes that never say it) a little more than the heaviest known word, so that a
        // question about something else stays unanswered.
        // Kana pieces of a question ("って", "った"), when nothing else is left, are like
        // everyday words.
        let common: Vec<bool> = words
            .iter()
            .map(|w| {
                let written = &query[w.start..w.end];
                has_hiragana(written) || is_common_word(&super::normalize::fold(written))
            })
            .collect();
        for (w, &common) in words.iter_mut().zip(&common) {
            w.everyday = common;
            if common && !w.candidates.is_empty() {
                w.weight *= COMMON_SHARE;
            }
        }
        let known = || {
            words
                .iter()
                .filter(|w| !w.candidates.is_empty())
                .map(|w| w.weight)
        };
        let lightest = known().fold(f32::INFINITY, f32::min);
        let heaviest = known().fold(0.0, f32::max);
        if heaviest > 0.0 {
            // Several unknown specific words share the cap: together they weigh no more.
            let unknown_specific = words
                .iter()
                .zip(&common)
                .filter(|(w, &c)| w.candidates.is_empty() && !c)
                .count()
                .max(1) as f32;
            // Unknown everyday words (and CJK bigrams, which come many to a sentence) share theirs.
            let unknown_common = words
                .iter()
                .zip(&common)
                .filter(|(w, &c)| w.candidates.is_empty() && c)
                .count()
                .max(1) as f32;
            let caps: Vec<f32> = common
                .iter()
                .map(|&c| {
                    if c {
                        ABSENT_SHARE * lightest / unknown_common.sqrt()
                    } else {
                        ABSENT_SPECIFIC * heaviest / unknown_specific
                    }
                })
                .collect();
            for (w, cap) in words.iter_mut().zip(caps) {
                if w.candidates.is_empty() {
                    w.weight = w.weight.min(cap);
                }
            }
        }
        words
    }
}
