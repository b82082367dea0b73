//! `talkbot ask`: the talks that answer a question, as a plain [`AskReply`] that the console
//! (text or JSON) and Discord render.

use crate::chat::lookup::section_place;
use crate::chat::Notes;
use crate::listing::{LinkEntry, TalkEntry};
use serde::Serialize;
use std::fmt::Write;
use talk_notes::meaning::hybrid::GateEvidence;
use talk_notes::pick::{pick_talk, Pick};
use talk_notes::search::{Confidence, MatchedBy, SearchResponse, SearchResult, TalkIndex, TalkRef};
use talk_notes::SectionKind;

/// The answer to one question, in the stable shape `talkbot ask --json` prints.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct AskReply {
    /// The question as asked.
    pub query: String,
    /// The talks that fit, best first; empty when nothing fits.
    pub results: Vec<AskResult>,
    /// A corrected query ("did you mean"), when a word looked misspelled.
    pub suggestion: Option<String>,
    /// `clear` (one talk stands out), `ambiguous` (several close) or `no_match`.
    pub confidence: Confidence,
    /// With answers by meaning on: the nearest passage's cosine (`best`), its margin over the
    /// fifth, and the cosine of the nearest everyday topic (`everyday`), which the gate weighed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub meaning: Option<GateEvidence>,
    /// The part of the notes that is not a talk (an introduction, closing thoughts) that
    /// answers, as `/talk` would: when no talk fits, or when it says clearly more of the query.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub section: Option<AskSection>,
}

/// A part of the notes that is not a talk, answering a question.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct AskSection {
    /// What it is: `introduction`, `contents`, `programme`, `group`, `closing` or `other`.
    pub kind: SectionKind,
    /// Its heading; empty for the text before the first heading.
    pub title: String,
    /// Conference title.
    pub conference: String,
    /// The notes file.
    pub file: String,
    /// 1-based line where it starts.
    pub line: usize,
    /// The passage that answers, matched words in `**bold**`.
    pub snippet: String,
}

/// One talk of an answer.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct AskResult {
    /// Talk title.
    pub title: String,
    /// GitHub anchor of the talk's heading.
    pub slug: String,
    /// Conference title.
    pub conference: String,
    /// Relevance score (higher is better; compare within one answer only).
    pub score: f32,
    /// The passage that matched best, matched words in `**bold**`.
    pub snippet: String,
    /// Links of the talk, heading link first.
    pub links: Vec<LinkEntry>,
    /// How the talk was found: `words`, `meaning` or `both`.
    pub matched_by: MatchedBy,
}

/// Answers `query` from `index` with at most `limit` talks (clamped to the number of talks, so
/// that any number given on the command line is safe).
pub fn ask(index: &TalkIndex, query: &str, limit: usize) -> AskReply {
    ask_in(&Notes::words(index), query, limit)
}

/// Like [`ask`], searching `notes` by words and, when it has them, by meaning.
pub fn ask_in(notes: &Notes<'_>, query: &str, limit: usize) -> AskReply {
    let index = notes.index;
    let limit = limit.min(index.library().talk_count().max(1));
    let (mut response, meaning) = notes.search_explained(query, limit);
    // A query that names a talk exactly (slug or title, the rule of `/talk` and
    // `talk-export --talk`) puts that talk first, sure.
    if let Pick::Exact(named) = pick_talk(index, query, |_| response.clone()) {
        put_first(index, &mut response, named, limit);
    }
    // Asked after a named talk is put first: a talk named exactly is the answer.
    let section = notes
        .section_for(query, &response, meaning)
        .map(|found| AskSection {
            kind: found.kind,
            title: found.title,
            conference: found.conference,
            file: found.file.display().to_string(),
            line: found.line,
            snippet: found.snippet.marked("**", "**"),
        });
    let results = response
        .results
        .iter()
        .filter_map(|r| {
            let (conference, talk) = index.talk(r.talk)?;
            Some(AskResult {
                title: r.title.clone(),
                slug: r.slug.clone(),
                conference: r.conference.clone(),
                score: (r.score * 1000.0).round() / 1000.0,
                snippet: r.snippet.marked("**", "**"),
                links: TalkEntry::new(conference, talk).links,
                matched_by: r.matched_by,
            })
        })
        .collect();
    AskReply {
        query: response.query,
        results,
        suggestion: response.suggestion,
        confidence: response.confidence,
        meaning,
        section,
    }
}

/// `named` as the first result of `response` (moved up, or added with the best score and no
/// snippet when the search did not find it), the others after it, at most `limit` in all.
fn put_first(index: &TalkIndex, response: &mut SearchResponse, named: TalkRef, limit: usize) {
    let found = response.results.iter().position(|r| r.talk == named);
    let first = match found {
        Some(at) => response.results.remove(at),
        None => {
            let Some((conference, talk)) = index.talk(named) else {
                return;
            };
            SearchResult {
                talk: named,
                title: talk.title.clone(),
                slug: talk.slug.clone(),
                conference: conference.title.clone(),
                score: response.results.first().map_or(1.0, |r| r.score),
                snippet: Default::default(),
                quotes: Vec::new(),
                names_talk: true,
                links: talk.links.clone(),
                matched_by: MatchedBy::Words,
                coverage: 1.0,
            }
        }
    };
    response.results.insert(0, first);
    response.results.truncate(limit.max(1));
    response.confidence = Confidence::Clear;
}

/// The reply as text for a terminal.
pub fn render_text(reply: &AskReply) -> String {
    let mut out = String::new();
    if let Some(suggestion) = &reply.suggestion {
        let _ = writeln!(out, "Did you mean: {suggestion}");
    }
    if let Some(section) = &reply.section {
        let _ = writeln!(
            out,
            "From {} ({}, {}, line {}):",
            section_place(section.kind, &section.title),
            section.conference,
            section.file,
            section.line
        );
        let _ = writeln!(out, "   {}", section.snippet);
    }
    if reply.results.is_empty() {
        if reply.section.is_none() {
            let _ = writeln!(out, "No talk matches {:?}.", reply.query);
        }
        return out;
    }
    if reply.confidence == Confidence::Ambiguous {
        let _ = writeln!(out, "Several talks could match:");
    }
    for (i, r) in reply.results.iter().enumerate() {
        let how = match r.matched_by {
            MatchedBy::Meaning => " — found by meaning",
            MatchedBy::Words | MatchedBy::Both => "",
        };
        let _ = writeln!(out, "{}. {} ({}){how}", i + 1, r.title, r.conference);
        if !r.snippet.is_empty() {
            let _ = writeln!(out, "   {}", r.snippet);
        }
        for link in &r.links {
            let _ = writeln!(out, "   {}: {}", link.label, link.url);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;
    use talk_notes::{parse_conference, Library, ParseOptions};

    fn index() -> TalkIndex {
        let text = "# Conf\n\n## Kubernetes is hard\n\n[Slides](https://example.com/k.pdf)\n\nSetup Kubernetes with Helm.\n\n## Serverless\n\nLambda functions.\n";
        let conference = parse_conference(text, Path::new("c.md"), &ParseOptions::default());
        TalkIndex::build(Library {
            conferences: vec![conference],
        })
    }

    #[test]
    fn reply_carries_title_snippet_links_and_suggestion() {
        let reply = ask(&index(), "kubernets helm", 5);
        let first = reply.results.first().expect("a result");
        assert_eq!(first.title, "Kubernetes is hard");
        assert_eq!(first.conference, "Conf");
        assert!(first.snippet.contains("**Helm**"), "{}", first.snippet);
        assert_eq!(first.links.len(), 1);
        assert_eq!(reply.suggestion.as_deref(), Some("kubernetes helm"));
        let text = render_text(&reply);
        assert!(
            text.starts_with("Did you mean: kubernetes helm\n1. Kubernetes is hard (Conf)"),
            "{text}"
        );
    }

    #[test]
    fn a_question_the_introduction_answers_says_where() {
        let text = "# Conf\n\nI went mostly for the hallway conversations about gardening.\n\n\
                    ## Kubernetes is hard\n\nSetup Kubernetes with Helm.\n";
        let conference = parse_conference(text, Path::new("c.md"), &ParseOptions::default());
        let index = TalkIndex::build(Library {
            conferences: vec![conference],
        });
        let reply = ask(&index, "hallway gardening", 5);
        assert!(reply.results.is_empty());
        let section = reply.section.as_ref().expect("the introduction answers");
        assert_eq!((section.kind, section.line), (SectionKind::Introduction, 3));
        assert!(
            section.snippet.contains("**gardening**"),
            "{}",
            section.snippet
        );
        let text = render_text(&reply);
        assert!(
            text.starts_with("From the notes' introduction (Conf, c.md, line 3):\n   I went"),
            "{text}"
        );
        assert_eq!(ask(&index, "kubernetes helm", 5).section, None);
    }

    #[test]
    fn off_topic_says_so() {
        let reply = ask(&index(), "quantum computing", 5);
        assert!(reply.results.is_empty());
        assert_eq!(
            render_text(&reply),
            "No talk matches \"quantum computing\".\n"
        );
    }
}
