//! Fuzzy search over the talks: the right talk for typos, partial words and plain questions, and
//! nothing when nothing fits.
//!
//! Build a [`TalkIndex`] once from a [`Library`](crate::Library) (it keeps the library), then call
//! [`TalkIndex::search`] for answers and [`TalkIndex::suggest`] for as-you-type choices. Both
//! return plain data; the Discord bot and the console render it.
//!
//! Ranking is BM25 over field-weighted term frequencies (title > sub-headings > bold, code, link
//! labels and image alt > body), with typo tolerance per word (none for 1–4 letters, one from 5,
//! two from 9, found through a trigram index of the vocabulary), prefix matching of the last word, a coverage rule (the
//! matched words must carry most of the query's weight, or the query is off-topic) and a bonus for
//! query words that appear together or in order in one passage.
//!
//! A question goes through four stages, each a type in `rank.rs`: the question read as weighted
//! words (`query.rs`), the candidates scored by the first stage (`score.rs`), the candidates
//! re-ranked with what their passages show (`evidence.rs`), and the response. Every number they
//! decide by lives in `tuning.rs`; the index's fields are private to `index.rs`, read through
//! its methods.
//!
//! | module | what it does |
//! | --- | --- |
//! | `normalize.rs` | the one tokenizer of notes and questions (case, accents, plurals, compounds, CJK pieces) |
//! | `function_words.rs` | everyday words and a question's function words, which carry little topic |
//! | `passages.rs` | a talk's text as passages with the field of each word |
//! | `acronyms.rs` | acronyms the notes define, found both ways |
//! | `index.rs` | building the index: postings, title postings, vocabulary, typo trigrams |
//! | `fuzzy.rs` | words within one or two typos, through trigrams |
//! | `query.rs` | a question as weighted words with their candidates (everyday, unknown, names in capitals) |
//! | `question.rs` | what kind of answer a question asks for (a quantity) |
//! | `score.rs` | first stage: BM25 and the share of the question each talk covers |
//! | `rank.rs` | the stages: `Question` (without the words naming the notes' conference) → `Candidates` → `Ranked` → the response (confidence, cut-off, quotes; a "did you mean" only if it finds a talk) |
//! | `evidence.rs`, `snippet.rs` | what a talk's passages show (bonus, snippet, quotes); a passage cut to its best window |
//! | `sections.rs` | the parts of the notes that are not talks, searched when no talk fits or when one says more |
//! | `spelling.rs`, `suggest.rs` | "did you mean"; as-you-type choices |
//! | `tuning.rs` | every number the stages decide by, each with why |
//!
//! # The rules, in words
//!
//! Every talk is indexed once from the notes model (`talk_notes::search::TalkIndex`, which the bot
//! and the exporter share): its title, sub-headings, bold text, inline code, link labels, image alt
//! text, list items and paragraphs. Words are normalised the same way in the notes and in the query
//! — case, accents (`où` = `ou`), curly quotes, hyphens (`cloud-nuke` = `cloud nuke` =
//! `cloudnuke`), thousands separators (`300.000` = `300000`), plurals (`monorepos` = `monorepo`);
//! CJK text is indexed as character bigrams. A talk's score is BM25 over field-weighted term
//! frequencies (a word in the title counts 6×, in a sub-heading 2.5×, in bold/code/link/alt text
//! 1.5×, in the body 1×). Each query word may also match words of the notes with typos, in the
//! spirit of Meilisearch — none for words of 1–4 letters, one from 5 letters, two from 9 — found
//! through a trigram index of the vocabulary (only words of 3 letters or more that share enough
//! trigrams with the query word and have a close length are compared with strsim's
//! optimal-string-alignment distance, in which two neighbouring letters swapped count as one typo:
//! `fibre` finds `fiber`; never the whole vocabulary); the last word also matches as a prefix (as
//! you type), and a word that is neither in the notes nor a typo of one may match as a shortened
//! word (`postgres` → `postgresql`). Exact matches count fully, prefixes 0.85, shortened words
//! 0.75, one typo 0.7, two typos 0.5. Stop words ("what did they say about", and their French
//! counterparts) are dropped from questions, and a word found in nearly every talk weighs next to
//! nothing beside a rarer one, so its posting list is not even read.
//!
//! Acronyms the notes define ("Global VM Lock (GVL)", "GVL - Global VM Lock", "GVL (Global VM
//! Lock)") are indexed both ways, so `gvl` and `global vm lock` find the same talks; camel-case
//! words give their parts (`PlatformDevs` = `platform devs`); the words of a talk's link addresses
//! (`gruntwork.io/devops-checklist`) count as weak evidence (0.3×, and a match there covers only
//! 0.3 of a query word).
//!
//! A talk is an answer only if the query words it matches carry at least 45% of the query's weight.
//! Each word weighs its inverse document frequency, with three corrections learned from the
//! question set below: an everyday word (the Stopwords ISO lists of English, French, German,
//! Spanish, Italian, Portuguese and Dutch, through the `stop-words` crate: "keep", "using", "old")
//! weighs half; an everyday word the notes never use weighs at most half the lightest known word
//! ("How does the GVL *work*?" over notes that never say "work"); and the specific words the notes
//! never use weigh, all together, 1.25× the heaviest known word ("*kubernetes* operators" over
//! notes that never say kubernetes, "best *pizza* in *naples*"); the unknown everyday words share
//! their cap. A Japanese question is read as two-character pieces; the pieces that hold hiragana
//! (particles and verb endings: "って", "の会") are grammar and are left out when other words remain,
//! so that up to 16 content words are read; a piece alone ("レー" of "カレー" in "エミュレーター") is not a
//! specific match: it counts only together with the piece next to it, as a word of three characters
//! or more. A word the notes do not have may be a closed compound they write open ("leftover" →
//! "left over"). When the question has words the notes never use, the talk must also say (exactly,
//! not in a link address) a specific word of it: one that is not an everyday word and that fewer
//! than about one talk in ten says. A talk whose title or speaker has a specific query word exactly
//! ("is the *Fastly* talk worth rewatching?") is named by the question and needs only 30% of its
//! weight, unless the question also has a specific word the notes never use ("*kubernetes*
//! operators" over Ruby notes whose title says "operator"). A name written with capitals in the
//! middle of a question ("what did Julia Evans say?") must be said whole, the two words side by
//! side, by the talk: Julia Silge's talk and a mention of Shane Evans are not an answer. The score
//! is multiplied by the coverage squared. The best candidates are then re-read passage by passage:
//! talks where the query words meet in one sentence or bullet (up to +25%), in order and side by
//! side (up to +15%), or all stand in the title (+30%), move up; that best passage becomes the
//! snippet, and the best one to three passages (each worth at least half the best, shown in the
//! order of the notes, with the sub-heading they sit under) become the quotes that `/talk`,
//! mentions, DMs and the console lead with. Choosing them: the words that name the talk (in its
//! title or speaker) count 0.3×, and a passage that only names it ("Speaker: Eric Ma") is not
//! quoted when the question has other words; a question that asks for a quantity ("how many", "how
//! long", "what %", "combien", "何人", `talk_notes::search::question`) counts a passage with a number
//! 1.5×; a short label such as "cgroups", "Issues:" or "Setup Kubernetes with Helm" brings the
//! lines after it, up to 200 characters, joined with "; "; a long paragraph is cut to the 200
//! characters that hold the most matched words, from the start of a sentence when that fits. Talks
//! under 40% of the best score are dropped; the first is a clear winner when the second scores at
//! most 60% of it.
//!
//! # Cost
//!
//! A query's cost grows with the length of the passages it matches, not with its square: the
//! snippet window is chosen with the sentences read once and the marks in a window counted by
//! bisection (`snippet.rs`), and a passage that is both the snippet and a quote is cut once. A
//! talk's passages are read once per query, with its quotes, not once to rank it and again to
//! quote it; the quotes and snippet are cut only for the passages kept. Typo candidates are
//! counted in an array, not a hash map; the vocabulary keeps short terms inline
//! (`compact_str`), so a lookup compares in place; ASCII letters inside a word skip the
//! character decoding. The slowest queries are those made only of stop words ("while can the",
//! searched as-is) and typos of the most common words ("slvdes very use"): their candidates have
//! the longest posting lists. The figures are in the README ("Performance"), measured by
//! `cargo bench -p talk-notes --bench search`.

mod acronyms;
mod evidence;
mod function_words;
mod fuzzy;
mod index;
pub mod normalize;
mod passages;
mod query;
mod question;
mod rank;
mod score;
mod sections;
mod snippet;
mod spelling;
mod suggest;
mod tuning;

pub use index::TalkIndex;
pub use sections::SectionAnswer;

use crate::model::Link;
use serde::Serialize;
use std::fmt;
use std::str::FromStr;

/// Identifies a talk in the indexed library: conference index and talk index within it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct TalkRef {
    /// Index into `Library::conferences`.
    pub conference: usize,
    /// Index into that conference's `talks`.
    pub talk: usize,
}

impl fmt::Display for TalkRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.conference, self.talk)
    }
}

/// Error for a [`TalkRef`] written in a form other than `conference:talk`.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[error("talk reference {0:?} is not of the form `conference:talk` (two numbers)")]
pub struct ParseTalkRefError(String);

impl FromStr for TalkRef {
    type Err = ParseTalkRefError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let err = || ParseTalkRefError(s.to_string());
        let (c, t) = s.split_once(':').ok_or_else(err)?;
        Ok(TalkRef {
            conference: c.trim().parse().map_err(|_| err())?,
            talk: t.trim().parse().map_err(|_| err())?,
        })
    }
}

/// How sure the index is about its answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Confidence {
    /// Nothing fits the query (off-topic): `results` is empty.
    NoMatch,
    /// The first result stands well above the others.
    Clear,
    /// Several results are close; show them all.
    Ambiguous,
}

/// The passage of a talk that matched best, with the matched words marked.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Snippet {
    /// The passage text, possibly shortened with `…` at either end.
    pub text: String,
    /// Byte ranges of the matched words in `text`, in order, not overlapping.
    pub marks: Vec<(usize, usize)>,
}

impl Snippet {
    /// The text with every marked word wrapped in `open` … `close` (e.g. `**` for Markdown).
    pub fn marked(&self, open: &str, close: &str) -> String {
        let mut out = String::with_capacity(self.text.len() + self.marks.len() * 4);
        let mut at = 0;
        for &(start, end) in &self.marks {
            let (Some(before), Some(word)) = (self.text.get(at..start), self.text.get(start..end))
            else {
                continue;
            };
            out.push_str(before);
            out.push_str(open);
            out.push_str(word);
            out.push_str(close);
            at = end;
        }
        out.push_str(self.text.get(at..).unwrap_or_default());
        out
    }
}

/// A passage of a talk quoted as an answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Quote {
    /// The sub-heading the passage sits under, when it has one.
    pub heading: Option<String>,
    /// The passage with the matched words marked.
    pub snippet: Snippet,
}

/// One talk found for a query.
#[derive(Debug, Clone, Serialize)]
pub struct SearchResult {
    /// Which talk (to fetch the full `Talk` with [`TalkIndex::talk`]).
    pub talk: TalkRef,
    /// The talk title.
    pub title: String,
    /// The talk's GitHub anchor slug.
    pub slug: String,
    /// The title of the conference the talk belongs to.
    pub conference: String,
    /// Relevance score (higher is better; comparable within one response only).
    pub score: f32,
    /// The best matching passage.
    pub snippet: Snippet,
    /// The one to three passages that answer the query best, best first, each with the
    /// sub-heading it sits under; empty when only the title matched.
    pub quotes: Vec<Quote>,
    /// True when every query word is in the title: the query names the talk rather than asks
    /// what it said.
    pub names_talk: bool,
    /// The talk's links (conference page, slides, video, code, ...).
    pub links: Vec<Link>,
    /// How the talk was found: by the question's words, by its meaning, or both.
    pub matched_by: MatchedBy,
    /// The share of the question's weight the talk says (0 to 1; 0 when found by meaning).
    pub coverage: f32,
}

/// How a result was found.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum MatchedBy {
    /// By the question's words (the index of this module).
    #[default]
    Words,
    /// By meaning only ([`crate::meaning`]): the words found nothing.
    Meaning,
    /// By words, and meaning agrees.
    Both,
}

/// The answer to one query.
#[derive(Debug, Clone, Serialize)]
pub struct SearchResponse {
    /// The query as given.
    pub query: String,
    /// The talks that fit, best first (empty when nothing fits).
    pub results: Vec<SearchResult>,
    /// How sure the ranking is.
    pub confidence: Confidence,
    /// The query with misspelled words replaced by the index's words ("did you mean"), if any.
    pub suggestion: Option<String>,
}

/// One as-you-type choice (Discord autocomplete): a talk and a name of at most 100 characters.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Completion {
    /// Which talk.
    pub talk: TalkRef,
    /// The talk title, cut to at most 100 characters.
    pub name: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn talk_ref_round_trips_through_text() {
        let r = TalkRef {
            conference: 2,
            talk: 17,
        };
        assert_eq!(r.to_string().parse::<TalkRef>(), Ok(r));
        assert!("2-17".parse::<TalkRef>().is_err());
        assert!("x:1".parse::<TalkRef>().is_err());
    }

    #[test]
    fn marked_wraps_each_range() {
        let s = Snippet {
            text: "use terratest to test".into(),
            marks: vec![(4, 13), (17, 21)],
        };
        assert_eq!(s.marked("**", "**"), "use **terratest** to **test**");
    }
}
