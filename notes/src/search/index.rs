//! Building the in-memory index: an inverted index of field-weighted term frequencies per talk,
//! a sorted vocabulary for prefixes and a trigram index for typos. A question goes through
//! [`super::query`] (words), [`super::score`] (BM25, coverage), [`super::rank`] (passages,
//! confidence, quotes), [`super::spelling`] ("did you mean") and [`super::suggest`] (autocomplete).

use super::acronyms::Acronyms;
use super::fuzzy::TypoIndex;
use super::normalize::{is_cjk, tokenize};
use super::passages::{for_each_passage, Field, Passage};
use super::tuning::*;
use super::TalkRef;
use crate::model::{Conference, Library, Talk};
use compact_str::CompactString;
use rustc_hash::FxHashMap;
use std::sync::Arc;

/// Longest word of a link address that is indexed.
const MAX_URL_WORD: usize = 20;

#[derive(Debug, Clone, Copy)]
pub(super) struct Posting {
    pub(super) doc: u32,
    /// Sum of field weights of the term's occurrences in the talk.
    pub(super) tf: f32,
}

/// The search index over every talk of a library; it shares the library (an `Arc`), so a
/// caller that still needs the talks keeps its own handle instead of a copy.
#[derive(Debug)]
pub struct TalkIndex {
    library: Arc<Library>,
    docs: Vec<TalkRef>,
    /// BM25 length normalisation per talk: `K1 * (1 - B + B * len / avg_len)`.
    doc_norm: Vec<f32>,
    terms: Vec<Box<str>>,
    /// The first written form seen for each term (lowercase), for "did you mean"; empty when
    /// it is the term (no allocation).
    surface: Vec<Box<str>>,
    /// The talks that say each term, in lists of exactly their size (16 bytes a term, where a
    /// `Vec` takes 24).
    postings: Vec<Box<[Posting]>>,
    /// Talks whose title holds the term (for autocomplete).
    title_postings: Vec<Box<[u32]>>,
    /// Term ids sorted by term text (for prefix ranges, and to find a term's id: a map from
    /// terms to ids took about 45 bytes a term, 9 MB for 200,000 talks whose numbers are words).
    by_text: Vec<u32>,
    typos: TypoIndex,
    /// The sections that are not talks, indexed on first use (see [`super::sections`]).
    sections: std::sync::OnceLock<Box<super::sections::SectionIndex>>,
    /// The words every conference's written title says, sorted: they name the notes, not a
    /// talk ([`Self::names_the_notes`]).
    notes_name: Box<[Box<str>]>,
}

/// Accumulates postings while walking the talks.
#[derive(Default)]
struct Builder {
    terms: Vec<Box<str>>,
    surface: Vec<Box<str>>,
    ids: FxHashMap<CompactString, u32>,
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
        let written = written.to_lowercase();
        self.surface.push(if written == term {
            Box::default()
        } else {
            written.into()
        });
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
            push_growing_from_one(&mut self.title_postings[id], doc);
        }
    }

    fn add_talk(
        &mut self,
        doc: u32,
        talk: &Talk,
        scratch: &mut Passage,
        acronyms: &mut Acronyms,
    ) -> u32 {
        let mut len = 0u32;
        for_each_passage(talk, scratch, &mut |p: &Passage| {
            acronyms.learn(&p.text);
            tokenize(&p.text, |tok| {
                let field = p.field_at(tok.start);
                // Ids, numbers and hashes of link addresses are not words anyone asks about.
                if field == Field::Url
                    && (tok.term.len() > MAX_URL_WORD
                        || tok.term.bytes().any(|b| b.is_ascii_digit()))
                {
                    return;
                }
                let weight = field.weight();
                let written = &p.text[tok.start..tok.end];
                self.add_term(doc, tok.term, written, weight, p.is_title);
                // Link addresses are weak evidence: they do not make a talk longer.
                if !tok.joined && field != Field::Url {
                    len += 1;
                }
            });
        });
        for id in self.touched.drain(..) {
            let tf = std::mem::take(&mut self.tf[id as usize]);
            push_growing_from_one(&mut self.postings[id as usize], Posting { doc, tf });
        }
        len
    }

    /// Adds the postings of `other`, read over later talks than this builder's. Each of its
    /// lists is freed once copied, and a list grows by exactly what it receives, so the two
    /// vocabularies are not held twice.
    fn append(&mut self, other: Builder) {
        let Builder {
            terms,
            surface,
            ids,
            postings,
            title_postings,
            ..
        } = other;
        drop(ids);
        let lists = postings.into_iter().zip(title_postings);
        for ((term, written), (list, titles)) in terms.iter().zip(&surface).zip(lists) {
            let written = if written.is_empty() { term } else { written };
            let mine = self.intern(term, written) as usize;
            append_exact(&mut self.postings[mine], list);
            append_exact(&mut self.title_postings[mine], titles);
        }
    }

    /// Makes each acronym and its expansion find the same talks: a talk that says every word
    /// of "global vm lock" also has "gvl", and a talk that says "gvl" has the three words.
    fn join_acronyms(&mut self, acronyms: &Acronyms) {
        for (acronym, expansion) in acronyms.pairs() {
            let ids: Vec<u32> = expansion
                .iter()
                .filter_map(|t| self.ids.get(t.as_str()).copied())
                .collect();
            let Some(&short) = self.ids.get(acronym) else {
                continue;
            };
            if ids.len() != expansion.len() {
                continue;
            }
            // Talks with every word of the expansion, at the weight of its rarest word.
            let mut spelled: Vec<Posting> = self.postings[ids[0] as usize].clone();
            for &id in &ids[1..] {
                let other = &self.postings[id as usize];
                spelled.retain_mut(|p| match other.binary_search_by_key(&p.doc, |o| o.doc) {
                    Ok(i) => {
                        p.tf = p.tf.min(other[i].tf);
                        true
                    }
                    Err(_) => false,
                });
            }
            let said = self.postings[short as usize].clone();
            merge_postings(&mut self.postings[short as usize], &spelled);
            for &id in &ids {
                merge_postings(&mut self.postings[id as usize], &said);
            }
        }
    }
}

/// Pushes `item` onto `list`, whose first allocation holds one item: most terms are in one talk
/// or two, and a list's first push makes room for four (200,000 one-line talks, each with a
/// number of its own, held 5.6 MB of such room while their index was built).
fn push_growing_from_one<T>(list: &mut Vec<T>, item: T) {
    if list.capacity() == 0 {
        list.reserve_exact(1);
    }
    list.push(item);
}

/// `extra` after `list`, growing `list` by no more than it needs.
fn append_exact<T: Copy>(list: &mut Vec<T>, extra: Vec<T>) {
    if list.is_empty() {
        *list = extra;
    } else {
        list.reserve_exact(extra.len());
        list.extend_from_slice(&extra);
    }
}

/// Adds `extra` to `list` (both sorted by talk); a talk in both keeps the larger weight.
fn merge_postings(list: &mut Vec<Posting>, extra: &[Posting]) {
    if extra.is_empty() {
        return;
    }
    let mut merged = Vec::with_capacity(list.len() + extra.len());
    let (mut i, mut j) = (0, 0);
    while i < list.len() || j < extra.len() {
        match (list.get(i), extra.get(j)) {
            (Some(a), Some(b)) if a.doc == b.doc => {
                merged.push(Posting {
                    doc: a.doc,
                    tf: a.tf.max(b.tf),
                });
                i += 1;
                j += 1;
            }
            (Some(a), Some(b)) if a.doc < b.doc => {
                merged.push(*a);
                i += 1;
            }
            (Some(a), None) => {
                merged.push(*a);
                i += 1;
            }
            (_, Some(b)) => {
                merged.push(*b);
                j += 1;
            }
            (None, None) => break,
        }
    }
    *list = merged;
}

/// The words every conference's title says, sorted, when each title is one the notes wrote (a
/// heading, front matter), not their file's name: the words of
/// "lastcoolnameleft__Conference-Notes__KubeCon-2017__Day-1-keynote" name no one.
fn notes_name(library: &Library) -> Box<[Box<str>]> {
    let title_terms = |c: &crate::model::Conference| {
        let mut terms = std::collections::BTreeSet::new();
        let from_file = c.file.file_stem().is_some_and(|stem| *stem == *c.title);
        if !from_file {
            tokenize(&c.title, |t| {
                terms.insert(Box::<str>::from(t.term));
            });
        }
        terms
    };
    library
        .conferences
        .iter()
        .map(title_terms)
        .reduce(|a, b| a.intersection(&b).cloned().collect())
        .unwrap_or_default()
        .into_iter()
        .collect()
}

impl TalkIndex {
    /// Indexes every talk of `library` (title, sub-headings, bold text, body, list items, link
    /// labels, image alt text) and keeps the library.
    pub fn build(library: impl Into<Arc<Library>>) -> TalkIndex {
        let library = library.into();
        let parallel = crate::threads::worth_splitting(
            library.talk_count(),
            crate::threads::PARALLEL_FROM_TALKS,
        );
        let runs = if parallel {
            rayon::current_num_threads()
        } else {
            1
        };
        Self::build_with(library, runs)
    }

    /// [`TalkIndex::build`] reading the talks in `runs` runs, in parallel when more than one.
    fn build_with(library: Arc<Library>, runs: usize) -> TalkIndex {
        let runs = runs.max(1);
        let mut docs = Vec::with_capacity(library.talk_count());
        for (ci, conference) in library.conferences.iter().enumerate() {
            for ti in 0..conference.talks.len() {
                docs.push(TalkRef {
                    conference: ci,
                    talk: ti,
                });
            }
        }
        // Large libraries are read in parallel, a run of talks each; their vocabularies are
        // then joined in talk order.
        let chunk = docs.len().div_ceil(runs).max(1);
        let read = |from: usize| {
            let mut builder = Builder::default();
            let mut acronyms = Acronyms::default();
            let mut scratch = Passage::default();
            let mut doc_len = Vec::with_capacity(chunk);
            for (doc, r) in docs.iter().enumerate().skip(from).take(chunk) {
                if let Some((_, talk)) = library
                    .conferences
                    .get(r.conference)
                    .and_then(|c| c.talks.get(r.talk).map(|t| (c, t)))
                {
                    doc_len.push(builder.add_talk(doc as u32, talk, &mut scratch, &mut acronyms));
                }
            }
            (builder, acronyms, doc_len)
        };
        let mut parts = crate::threads::map_range(runs, runs > 1, |run| read(run * chunk));
        let (mut builder, mut acronyms, mut doc_len) = parts.remove(0);
        for (other, other_acronyms, other_len) in parts {
            builder.append(other);
            acronyms.extend(other_acronyms);
            doc_len.extend(other_len);
        }
        builder.join_acronyms(&acronyms);
        let Builder {
            terms,
            surface,
            ids,
            postings,
            title_postings,
            ..
        } = builder;
        // Terms are found by their spelling in `by_text` from now on.
        drop(ids);
        let postings: Vec<Box<[Posting]>> =
            postings.into_iter().map(Vec::into_boxed_slice).collect();
        let title_postings: Vec<Box<[u32]>> = title_postings
            .into_iter()
            .map(Vec::into_boxed_slice)
            .collect();
        let mut by_text: Vec<u32> = (0..terms.len() as u32).collect();
        by_text.sort_unstable_by(|&a, &b| terms[a as usize].cmp(&terms[b as usize]));
        let mut typos = TypoIndex::default();
        for &id in &by_text {
            let term = &terms[id as usize];
            // Typos are looked for in words of 3+ letters (a query word of 5 letters, "jpegs",
            // may be one typo from one of 3, "jpg"); numbers and CJK bigrams have none.
            let typo_worthy = term.chars().count() >= 3
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
        let notes_name = notes_name(&library);
        TalkIndex {
            library,
            docs,
            doc_norm,
            terms,
            surface,
            postings,
            title_postings,
            by_text,
            typos,
            sections: std::sync::OnceLock::new(),
            notes_name,
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
            .map(|p| p.len() * size_of::<Posting>() + size_of::<Box<[Posting]>>())
            .sum();
        let titles: usize = self
            .title_postings
            .iter()
            .map(|p| p.len() * 4 + size_of::<Box<[u32]>>())
            .sum();
        strings
            + postings
            + titles
            + (self.terms.capacity() + self.surface.capacity()) * size_of::<Box<str>>()
            + self.docs.capacity() * size_of::<TalkRef>()
            + self.doc_norm.capacity() * 4
            + self.by_text.capacity() * 4
            + self.typos.heap_bytes()
            + self
                .notes_name
                .iter()
                .map(|t| t.len() + size_of::<Box<str>>())
                .sum::<usize>()
    }

    /// Whether `term` (normalised) is a word of the notes' name: one every conference's
    /// written title says.
    pub(super) fn names_the_notes(&self, term: &str) -> bool {
        self.notes_name
            .binary_search_by(|t| (**t).cmp(term))
            .is_ok()
    }

    /// How many talks are indexed.
    pub(super) fn doc_count(&self) -> usize {
        self.docs.len()
    }

    /// The talks, in index order.
    pub(super) fn docs(&self) -> &[TalkRef] {
        &self.docs
    }

    /// The talk of index entry `doc`.
    pub(super) fn doc_ref(&self, doc: u32) -> TalkRef {
        self.docs[doc as usize]
    }

    /// BM25 length normalisation of talk `doc`.
    pub(super) fn doc_norm(&self, doc: usize) -> f32 {
        self.doc_norm[doc]
    }

    /// The text of term `id` (lowercase, normalised).
    pub(super) fn term(&self, id: u32) -> &str {
        &self.terms[id as usize]
    }

    /// The first written form seen of term `id`, for "did you mean".
    pub(super) fn surface(&self, id: u32) -> &str {
        match &*self.surface[id as usize] {
            "" => self.term(id),
            written => written,
        }
    }

    /// The id of `term`, when the notes say it.
    pub(super) fn term_id(&self, term: &str) -> Option<u32> {
        let at = self
            .by_text
            .partition_point(|&id| &*self.terms[id as usize] < term);
        self.by_text
            .get(at)
            .copied()
            .filter(|&id| &*self.terms[id as usize] == term)
    }

    /// The talks that say term `id`, by index entry, with how much.
    pub(super) fn postings(&self, id: u32) -> &[Posting] {
        &self.postings[id as usize]
    }

    /// The talks whose title holds term `id`.
    pub(super) fn title_postings(&self, id: u32) -> &[u32] {
        &self.title_postings[id as usize]
    }

    /// The vocabulary by spelling, for words with typos.
    pub(super) fn typos(&self) -> &TypoIndex {
        &self.typos
    }

    /// The sections that are not talks, indexed on first use.
    pub(super) fn section_index(&self) -> &super::sections::SectionIndex {
        self.sections
            .get_or_init(|| Box::new(super::sections::SectionIndex::build(&self.library)))
    }

    pub(super) fn df(&self, term: u32) -> usize {
        self.postings[term as usize].len()
    }

    pub(super) fn idf(&self, df: usize) -> f32 {
        let n = self.docs.len() as f32;
        (1.0 + (n - df as f32 + 0.5) / (df as f32 + 0.5)).ln()
    }

    /// Term ids whose text starts with `prefix`, the `most` most frequent.
    pub(super) fn prefixed(&self, prefix: &str, most: usize) -> Vec<u32> {
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
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Block, Conference, Link, LinkKind, StyledText, Talk};
    use crate::search::Confidence;
    use std::path::PathBuf;

    fn talk(title: &str, body: &[&str]) -> Talk {
        let blocks = body
            .iter()
            .map(|t| Block::Paragraph {
                spans: StyledText::plain(t),
            })
            .collect();
        Talk {
            file: std::path::Path::new("t.md").into(),
            end_line: 2,
            links: vec![Link::new(
                "Slides",
                &format!("https://example.com/{}", title.len()),
                "",
                LinkKind::Slides,
                2,
            )],
            ..Talk::new(title, blocks)
        }
    }

    fn conference(title: &str, talks: Vec<Talk>) -> Conference {
        Conference {
            file: PathBuf::from(format!("{title}.md")),
            talks,
            ..Conference::new(title)
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
        with_link.links[0] = with_link.links[0].with_url("https://gruntwork.io/devops-checklist");
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
    fn several_threads_build_the_same_index_as_one() {
        let text = crate::synth::generate_notes(300, 11);
        let conference =
            crate::parse_conference(&text, std::path::Path::new("g.md"), &Default::default());
        let library = Library {
            conferences: vec![conference],
        };
        let one = TalkIndex::build_with(Arc::new(library.clone()), 1);
        let three = TalkIndex::build_with(Arc::new(library), 3);
        assert_eq!(one.terms, three.terms);
        for query in [
            "kubernetes deploy",
            "latency budgets",
            "observability tracing",
        ] {
            let a: Vec<(String, String)> = one
                .search(query, 5)
                .results
                .into_iter()
                .map(|r| (r.title, format!("{:.4}", r.score)))
                .collect();
            let b: Vec<(String, String)> = three
                .search(query, 5)
                .results
                .into_iter()
                .map(|r| (r.title, format!("{:.4}", r.score)))
                .collect();
            assert!(!a.is_empty(), "{query}");
            assert_eq!(a, b, "{query}");
        }
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
    fn a_did_you_mean_that_would_find_nothing_is_not_offered() {
        let index = TalkIndex::build(Library {
            conferences: vec![conference(
                "C",
                vec![
                    talk("Migrations", &["We started the migration in 2016."]),
                    talk("Testing", &["We use terratest daily."]),
                ],
            )],
        });
        // "starter" is one edit from "started", but the question is about something else.
        let r = index.search("how do you feed a sourdough starter", 5);
        assert!(r.results.is_empty(), "{:?}", r.results);
        assert_eq!(r.suggestion, None);
        // A misspelled word of the notes is still corrected.
        assert_eq!(
            index.search("terratesx", 5).suggestion.as_deref(),
            Some("terratest")
        );
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
