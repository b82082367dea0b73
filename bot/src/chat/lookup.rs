//! Which talk a query names: a `conference:talk` reference from autocomplete, or the best
//! search result; and the reply when nothing in the notes fits.

use super::markdown::escape;
use crate::reply::Reply;
use talk_notes::search::{Confidence, SearchResponse, TalkIndex, TalkRef};

/// Results asked of the search when a query must name one talk (they feed "also matching").
const CANDIDATES: usize = super::paging::PAGE_SIZE;

/// What a talk query resolved to.
#[derive(Debug)]
pub enum TalkLookup {
    /// A talk, with the search that found it (empty for a direct reference).
    Found {
        /// The talk.
        talk: TalkRef,
        /// The search response (for "also matching").
        response: SearchResponse,
    },
    /// The query was blank.
    Empty,
    /// Nothing fits; maybe a "did you mean".
    NotFound {
        /// The index's spelling of the query, if it has one.
        suggestion: Option<String>,
    },
}

/// The talk a query names: a `conference:talk` reference (from autocomplete) or the best
/// search result when the index is sure enough.
pub fn resolve_talk(index: &TalkIndex, query: &str) -> TalkLookup {
    if let Ok(reference) = query.parse::<TalkRef>() {
        if index.talk(reference).is_some() {
            let response = SearchResponse {
                query: query.to_string(),
                results: Vec::new(),
                confidence: Confidence::Clear,
                suggestion: None,
            };
            return TalkLookup::Found {
                talk: reference,
                response,
            };
        }
    }
    if query.trim().is_empty() {
        return TalkLookup::Empty;
    }
    let response = index.search(query, CANDIDATES);
    match response.results.first() {
        Some(best) => TalkLookup::Found {
            talk: best.talk,
            response,
        },
        None => TalkLookup::NotFound {
            suggestion: response.suggestion,
        },
    }
}

/// Only the asker sees it: nothing in the notes fits (the question is echoed, escaped).
pub fn nothing_found(query: &str, suggestion: Option<&str>) -> Reply {
    let mut text = format!("Nothing in the notes matches “{}”.", escape(query.trim()));
    if let Some(suggestion) = suggestion {
        text.push_str(&format!(" Did you mean “{}”?", escape(suggestion)));
    }
    Reply::private(text)
}
