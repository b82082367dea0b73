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
//! | `rank.rs` | the stages: `Question` → `Candidates` → `Ranked` → the response (confidence, cut-off, quotes) |
//! | `evidence.rs`, `snippet.rs` | what a talk's passages show (bonus, snippet, quotes); a passage cut to its best window |
//! | `sections.rs` | the parts of the notes that are not talks, searched when no talk fits or when one says more |
//! | `spelling.rs`, `suggest.rs` | "did you mean"; as-you-type choices |
//! | `tuning.rs` | every number the stages decide by, each with why |

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
