//! The parts of the notes that are not talks (introduction, closing thoughts, days with their
//! own text, lists) answer too: when no talk fits a question, the section that says it does
//! ("From the notes' introduction: …"). Their index is built on first use, so loading notes
//! costs nothing more.

use super::tuning::{SECTION_COVERAGE, SECTION_LEAD};
use super::{Confidence, MatchedBy, SearchResponse, Snippet, TalkIndex};
use crate::model::{Conference, Library, SectionKind, Talk};
use std::path::PathBuf;

/// The sections of a library as an index of their own: each section is a document.
#[derive(Debug)]
pub(super) struct SectionIndex {
    index: TalkIndex,
    /// For each indexed document (conference, position among its documents): the section's
    /// index in its conference's `sections`.
    origins: Vec<Vec<usize>>,
}

impl SectionIndex {
    /// Indexes every section of `library` that holds words (its title or its blocks).
    pub(super) fn build(library: &Library) -> SectionIndex {
        let mut origins = Vec::with_capacity(library.conferences.len());
        let conferences = library
            .conferences
            .iter()
            .map(|c| {
                let file: std::sync::Arc<std::path::Path> = std::sync::Arc::from(c.file.as_path());
                let mut kept = Vec::new();
                let talks = c
                    .sections
                    .iter()
                    .enumerate()
                    .filter(|(_, s)| !s.blocks.is_empty())
                    .map(|(i, s)| {
                        kept.push(i);
                        Talk {
                            file: file.clone(),
                            line: s.line,
                            end_line: s.end_line,
                            ..Talk::new(s.title.clone(), s.blocks.clone())
                        }
                    })
                    .collect();
                origins.push(kept);
                Conference {
                    title: c.title.clone(),
                    file: c.file.clone(),
                    talks,
                    ..Conference::new(c.title.clone())
                }
            })
            .collect();
        SectionIndex {
            index: TalkIndex::build(Library { conferences }),
            origins,
        }
    }
}

/// A section that is not a talk and answers a question.
#[derive(Debug, Clone, PartialEq)]
pub struct SectionAnswer {
    /// What the section is.
    pub kind: SectionKind,
    /// Its heading; empty for the text before the first heading.
    pub title: String,
    /// The title of the conference whose notes hold it.
    pub conference: String,
    /// The notes file.
    pub file: PathBuf,
    /// 1-based line of its heading (of its first block when it has none).
    pub line: usize,
    /// The passage that answers, with the matched words marked.
    pub snippet: Snippet,
    /// The share of the question's weight the section says (0 to 1).
    pub coverage: f32,
}

impl TalkIndex {
    /// The section that is not a talk and answers `query` best, when one fits (an off-topic
    /// query gets none). Meant for when no talk fits.
    pub fn search_sections(&self, query: &str) -> Option<SectionAnswer> {
        let sections = self.section_index();
        let response = sections.index.search(query, 1);
        if response.confidence == Confidence::NoMatch {
            return None;
        }
        let best = response.results.into_iter().next()?;
        let origin = *sections
            .origins
            .get(best.talk.conference)?
            .get(best.talk.talk)?;
        let conference = self.library().conferences.get(best.talk.conference)?;
        let section = conference.sections.get(origin)?;
        Some(SectionAnswer {
            kind: section.kind,
            title: section.title.clone(),
            conference: conference.title.clone(),
            file: conference.file.clone(),
            line: section.line,
            snippet: best.snippet,
            coverage: best.coverage,
        })
    }

    /// The section that is not a talk and says clearly more of `query` than the talks of
    /// `response` do (the words' answer to it): asked a sentence of an introduction word for
    /// word, the introduction answers, not a talk that shares some of its words. `None` when
    /// the talks say as much, or were found by meaning.
    pub fn section_saying_more(
        &self,
        query: &str,
        response: &SearchResponse,
    ) -> Option<SectionAnswer> {
        let top = response.results.first()?;
        // A coverage is at most 1: a talk that says nearly all of the question cannot be
        // outdone, and the sections are not searched.
        if top.matched_by != MatchedBy::Words || top.coverage + SECTION_LEAD > 1.0 + 1e-4 {
            return None;
        }
        let section = self.search_sections(query)?;
        (section.coverage >= SECTION_COVERAGE && section.coverage >= top.coverage + SECTION_LEAD)
            .then_some(section)
    }
}

#[cfg(test)]
mod tests {
    use crate::model::{Library, SectionKind};
    use crate::parse::{parse_conference, ParseOptions};
    use crate::search::TalkIndex;
    use std::path::Path;

    #[test]
    fn a_sentence_of_the_introduction_is_found_there_with_its_line() {
        let text = "# Conf\n\nI went mostly for the hallway conversations about gardening.\n\n\
                    ## Rust in production\n\nOwnership and borrowing in services.\n\n\
                    ## Observability\n\nTracing with spans.\n\n## Final thoughts\n\n\
                    Next year I will bring a colleague from the platform team.\n";
        let c = parse_conference(text, Path::new("conf.md"), &ParseOptions::default());
        let index = TalkIndex::build(Library {
            conferences: vec![c],
        });
        assert!(index.search("hallway gardening", 5).results.is_empty());
        let intro = index
            .search_sections("hallway gardening")
            .expect("the introduction answers");
        assert_eq!((intro.kind, intro.line), (SectionKind::Introduction, 3));
        assert!(intro.snippet.text.contains("gardening"), "{intro:?}");
        let closing = index
            .search_sections("bring a colleague next year")
            .expect("the closing answers");
        assert_eq!(closing.kind, SectionKind::Closing);
        assert_eq!(closing.title, "Final thoughts");
        assert_eq!(index.search_sections("kubernetes operators"), None);
    }
}
