//! What the bot answers: plain functions from a question to a [`Reply`](crate::reply::Reply).
//!
//! Discord and the console both parse what the user asked into an [`Ask`] ([`command`]), call
//! [`answer()`], and render the reply. The steps live in their own modules: [`lookup`] finds the
//! talk a query names, [`markdown`] makes echoed and quoted text inert, [`pdf`] makes the
//! `/handout` attachment, [`paging`] makes and reads the Previous/Next buttons, and
//! [`autocomplete`] offers talks as the user types. Nothing here knows about serenity.

pub mod answer;
pub mod autocomplete;
pub mod command;
pub mod lookup;
pub mod markdown;
pub mod paging;
pub mod pdf;

pub use answer::{answer, answer_in};
pub use autocomplete::autocomplete;
pub use command::{parse_line, question_from_mention, Ask, COMMANDS};
pub use paging::button_ask;

use talk_notes::meaning::hybrid::{self, words_may_answer, GateEvidence};
use talk_notes::meaning::Meaning;
use talk_notes::search::{SearchResponse, SectionAnswer, TalkIndex};

/// The notes an answer is searched in: the words index, and the meaning when it is ready.
pub struct Notes<'a> {
    /// The words index (and the library).
    pub index: &'a TalkIndex,
    /// Passage vectors and the question's embedding, when answers by meaning are on.
    pub meaning: Option<&'a Meaning<'a>>,
}

impl<'a> Notes<'a> {
    /// Answers by words only.
    pub fn words(index: &'a TalkIndex) -> Notes<'a> {
        Notes {
            index,
            meaning: None,
        }
    }

    /// The talks that answer `query`: by words, by meaning where the words refuse.
    pub fn search(&self, query: &str, limit: usize) -> SearchResponse {
        hybrid::search(self.index, self.meaning, query, limit)
    }

    /// Like [`search`](Self::search), with the evidence of the meaning (when it was asked).
    pub fn search_explained(
        &self,
        query: &str,
        limit: usize,
    ) -> (SearchResponse, Option<GateEvidence>) {
        hybrid::search_explained(self.index, self.meaning, query, limit)
    }

    /// The part of the notes that is not a talk and answers `query` instead of the talks of
    /// `response` (the answer to it, with the meaning's evidence `meaning`): when no talk fits
    /// and the meaning does not place the question in everyday life, or when it says nearly all
    /// of the question and clearly more than the talks. One rule for `/talk`, mentions, the
    /// console and `talkbot ask`.
    pub fn section_for(
        &self,
        query: &str,
        response: &SearchResponse,
        meaning: Option<GateEvidence>,
    ) -> Option<SectionAnswer> {
        if response.results.is_empty() {
            words_may_answer(meaning)
                .then(|| self.index.search_sections(query))
                .flatten()
        } else {
            self.index.section_saying_more(query, response)
        }
    }
}
