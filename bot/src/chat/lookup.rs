//! Which talk a query names (the shared rule of [`talk_notes::pick`], searching by words and
//! meaning); and the reply when nothing in the notes fits.

use super::markdown::{escape, snippet_markdown};
use super::Notes;
use crate::reply::Reply;
use talk_notes::meaning::hybrid::GateEvidence;
use talk_notes::pick::{pick_talk, Pick};
use talk_notes::search::SectionAnswer;
use talk_notes::search::{Confidence, SearchResponse, TalkRef};
use talk_notes::SectionKind;

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
        /// What the meaning weighed, when it was asked (it may refuse the sections too).
        meaning: Option<GateEvidence>,
    },
}

/// The talk a query names, by the rule of [`talk_notes::pick`] (a talk key from autocomplete,
/// an exact slug or title, else the best search result by words and meaning).
pub fn resolve_talk(notes: &Notes<'_>, query: &str) -> TalkLookup {
    let mut meaning = None;
    let picked = pick_talk(notes.index, query, |q| {
        let (response, evidence) = notes.search_explained(q, CANDIDATES);
        meaning = evidence;
        response
    });
    match picked {
        Pick::Empty => TalkLookup::Empty,
        Pick::Exact(talk) => TalkLookup::Found {
            talk,
            response: SearchResponse {
                query: query.to_string(),
                results: Vec::new(),
                confidence: Confidence::Clear,
                suggestion: None,
            },
        },
        Pick::Searched { response, .. } => match response.results.first() {
            Some(best) => TalkLookup::Found {
                talk: best.talk,
                response,
            },
            None => TalkLookup::NotFound {
                suggestion: response.suggestion,
                meaning,
            },
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

/// When no talk fits: the part of the notes that is not a talk and says it ("From the notes'
/// introduction (file, line 3): …"), else [`nothing_found`]. The words find the section; when
/// the meaning was asked (`meaning`), its everyday-life veto holds for sections as for talks.
pub fn from_sections_or_nothing(
    notes: &Notes<'_>,
    query: &str,
    suggestion: Option<&str>,
    meaning: Option<GateEvidence>,
) -> Reply {
    let nothing = SearchResponse {
        query: query.to_string(),
        results: Vec::new(),
        confidence: Confidence::NoMatch,
        suggestion: None,
    };
    match notes.section_for(query, &nothing, meaning) {
        Some(found) => section_reply(&found),
        None => nothing_found(query, suggestion),
    }
}

/// How a reply names a part of the notes that is not a talk: "the notes' introduction", "the
/// notes' closing notes “Thanks”", or “Title” for a group or another part (`title` as it is to
/// be shown, escaped for Discord or not).
pub fn section_place(kind: SectionKind, title: &str) -> String {
    let titled = |what: &str| {
        if title.is_empty() {
            format!("the notes' {what}")
        } else {
            format!("the notes' {what} “{title}”")
        }
    };
    match kind {
        SectionKind::Introduction => titled("introduction"),
        SectionKind::Contents => titled("contents"),
        SectionKind::Programme => titled("programme"),
        SectionKind::Closing => titled("closing notes"),
        SectionKind::Group | SectionKind::Other => format!("“{title}”"),
    }
}

/// The reply quoting a part of the notes that is not a talk, with where it is: "From the
/// notes' introduction (conference, file, line 3): …".
pub fn section_reply(found: &SectionAnswer) -> Reply {
    let place = section_place(found.kind, &escape(&found.title));
    let file = found.file.file_name().map_or_else(
        || found.file.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    Reply::text(format!(
        "From {place} ({}, {}, line {}):\n{}",
        escape(&found.conference),
        escape(&file),
        found.line,
        snippet_markdown(&found.snippet)
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;
    use talk_notes::search::TalkIndex;
    use talk_notes::{parse_conference, Library, ParseOptions};

    fn index(text: &str) -> TalkIndex {
        let c = parse_conference(text, Path::new("notes/conf.md"), &ParseOptions::default());
        TalkIndex::build(Library {
            conferences: vec![c],
        })
    }

    #[test]
    fn a_question_answered_by_the_introduction_says_so_with_the_line() {
        let index = index(
            "# Conf\n\nI went mostly for the hallway conversations about gardening.\n\n\
             ## Rust in production\n\nOwnership in services.\n\n## Observability\n\nSpans.\n",
        );
        let notes = Notes::words(&index);
        let reply = from_sections_or_nothing(&notes, "hallway gardening", None, None);
        assert!(
            reply
                .content
                .starts_with("From the notes' introduction (Conf, conf.md, line 3):"),
            "{}",
            reply.content
        );
        assert!(reply.content.contains("**gardening**"), "{}", reply.content);
        let reply = from_sections_or_nothing(&notes, "kubernetes operators", None, None);
        assert!(reply.content.starts_with("Nothing in the notes matches"));
        // The meaning, asked, placed the question in everyday life: the section may not
        // answer it either; nearer the notes, it may.
        let everyday = GateEvidence {
            best: 0.84,
            margin: 0.02,
            background: 0.845,
        };
        let reply = from_sections_or_nothing(&notes, "hallway gardening", None, Some(everyday));
        assert!(reply.content.starts_with("Nothing in the notes matches"));
        let near_the_notes = GateEvidence {
            background: 0.80,
            ..everyday
        };
        let reply =
            from_sections_or_nothing(&notes, "hallway gardening", None, Some(near_the_notes));
        assert!(reply.content.starts_with("From the notes' introduction"));
    }
}
