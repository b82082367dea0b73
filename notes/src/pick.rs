//! Which talk a query names: one rule for the bot's `/talk` and `/handout`, `talkbot ask` and
//! `talk-export --talk`.
//!
//! In this order, the first that names exactly one talk wins:
//!
//! 1. a talk key, `notes-file-stem#slug` ([`talk_key`], built in [`crate::talk_keys`]; the
//!    value of the bot's autocomplete choices, stable across reloads);
//! 2. the talk's slug, its GitHub anchor (`kubernetes-is-not-for-developers`, or `#…`);
//! 3. the talk's title, without regard to case or repeated spaces;
//! 4. a `conference:talk` position (the autocomplete value of earlier versions);
//! 5. otherwise the search decides ([`Pick::Searched`]); each caller then decides how sure
//!    the search must be (the bot answers with the best talk and "also matching", the exporter
//!    refuses an ambiguous answer).
//!
//! A slug or title shared by several talks (the same talk name in two conferences) names none
//! of them: the search decides, and [`Pick::Searched::same_name`] lists them.

use crate::model::{Conference, Library, Talk};
use crate::search::{SearchResponse, TalkIndex, TalkRef};
use crate::talk_keys::{talk_key, MAX_KEY_CHARS};

/// What a query names.
#[derive(Debug, Clone)]
pub enum Pick {
    /// The query was blank.
    Empty,
    /// The query names one talk exactly (key, slug, title or position).
    Exact(TalkRef),
    /// No exact name: the search's answer (its results may be empty).
    Searched {
        /// The search's answer for the query.
        response: SearchResponse,
        /// Talks that share the slug or title the query gave exactly (empty when none does).
        same_name: Vec<TalkRef>,
    },
}

impl Pick {
    /// The talk picked: the exact one, else the search's best (none when nothing fits).
    pub fn talk(&self) -> Option<TalkRef> {
        match self {
            Pick::Empty => None,
            Pick::Exact(talk) => Some(*talk),
            Pick::Searched { response, .. } => response.results.first().map(|r| r.talk),
        }
    }
}

/// The talk `query` names in `index` by the rule of this module; `search` runs the search when
/// no exact name fits (the bot searches by words and meaning, the exporter by words).
pub fn pick_talk(
    index: &TalkIndex,
    query: &str,
    search: impl FnOnce(&str) -> SearchResponse,
) -> Pick {
    let library = index.library();
    let trimmed = query.trim();
    if trimmed.is_empty() {
        return Pick::Empty;
    }
    if trimmed.contains('#') && trimmed.chars().count() <= MAX_KEY_CHARS {
        if let [only] = matching(library, |c, t| talk_key(c, t) == trimmed)[..] {
            return Pick::Exact(only);
        }
    }
    let slug = trimmed.trim_start_matches('#').to_lowercase();
    let by_slug = matching(library, |_, t| !slug.is_empty() && t.slug == slug);
    if let [only] = by_slug[..] {
        return Pick::Exact(only);
    }
    let title = folded(trimmed);
    let by_title = matching(library, |_, t| folded(&t.title) == title);
    if let [only] = by_title[..] {
        return Pick::Exact(only);
    }
    if let Ok(position) = trimmed.parse::<TalkRef>() {
        if index.talk(position).is_some() {
            return Pick::Exact(position);
        }
    }
    let mut same_name = by_slug;
    same_name.extend(by_title);
    same_name.sort();
    same_name.dedup();
    Pick::Searched {
        response: search(query),
        same_name,
    }
}

/// `text` in lower case with runs of white space as one space and none at either end.
fn folded(text: &str) -> String {
    text.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// The talks of `library` for which `is` holds, in notes order.
fn matching(library: &Library, is: impl Fn(&Conference, &Talk) -> bool) -> Vec<TalkRef> {
    library
        .conferences
        .iter()
        .enumerate()
        .flat_map(|(c, conference)| {
            conference
                .talks
                .iter()
                .enumerate()
                .filter(|(_, talk)| is(conference, talk))
                .map(move |(t, _)| TalkRef {
                    conference: c,
                    talk: t,
                })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{parse_conference, ParseOptions};
    use std::path::Path;

    fn index(files: &[(&str, &str)]) -> TalkIndex {
        let conferences = files
            .iter()
            .map(|(file, text)| parse_conference(text, Path::new(file), &ParseOptions::default()))
            .collect();
        TalkIndex::build(Library { conferences })
    }

    fn at(conference: usize, talk: usize) -> TalkRef {
        TalkRef { conference, talk }
    }

    fn pick(index: &TalkIndex, query: &str) -> Pick {
        pick_talk(index, query, |q| index.search(q, 8))
    }

    const NOTES: &str = "# Conf\n\n## Kubernetes\n\nOperators and kubernetes kubernetes.\n\n\
                         ## Kubernetes in production\n\nKubernetes clusters, kubernetes nodes.\n\n\
                         ## Serverless\n\nLambda.\n";

    #[test]
    fn an_exact_title_or_slug_wins_over_the_search() {
        let index = index(&[("notes/conf.md", NOTES)]);
        // The search alone could prefer the longer talk; the exact title names the short one.
        assert!(matches!(pick(&index, "kubernetes"), Pick::Exact(r) if r == at(0, 0)));
        assert!(
            matches!(pick(&index, "  KUBERNETES   in  production "), Pick::Exact(r) if r == at(0, 1))
        );
        assert!(
            matches!(pick(&index, "kubernetes-in-production"), Pick::Exact(r) if r == at(0, 1))
        );
        assert!(matches!(pick(&index, "#serverless"), Pick::Exact(r) if r == at(0, 2)));
        assert!(
            matches!(pick(&index, "conf#kubernetes-in-production"), Pick::Exact(r) if r == at(0, 1))
        );
        // The old positional form still opens a talk.
        assert!(matches!(pick(&index, "0:2"), Pick::Exact(r) if r == at(0, 2)));
        // Anything else is the search's.
        let searched = pick(&index, "lambda");
        assert!(matches!(searched, Pick::Searched { .. }), "{searched:?}");
        assert_eq!(searched.talk(), Some(at(0, 2)));
        assert!(matches!(pick(&index, "  "), Pick::Empty));
    }

    #[test]
    fn a_name_shared_by_two_conferences_is_left_to_the_search_and_keys_tell_them_apart() {
        let other = "# Other\n\n## Serverless\n\nFunctions.\n";
        let index = index(&[("a/conf.md", NOTES), ("b/other.md", other)]);
        match pick(&index, "serverless") {
            Pick::Searched { same_name, .. } => assert_eq!(same_name, [at(0, 2), at(1, 0)]),
            exact => panic!("{exact:?}"),
        }
        let library = index.library();
        let key = talk_key(&library.conferences[1], &library.conferences[1].talks[0]);
        assert_eq!(key, "other#serverless");
        assert!(matches!(pick(&index, &key), Pick::Exact(r) if r == at(1, 0)));
    }

    #[test]
    fn keys_are_bounded_and_still_name_their_talk() {
        let long = "Word ".repeat(60);
        let index = index(&[(
            "conf.md",
            &format!("# Conf\n\n## {long}\n\nText.\n\n## Other\n\nText.\n"),
        )]);
        let library = index.library();
        let key = talk_key(&library.conferences[0], &library.conferences[0].talks[0]);
        assert_eq!(key.chars().count(), MAX_KEY_CHARS);
        assert!(matches!(pick(&index, &key), Pick::Exact(r) if r == at(0, 0)));
    }

    #[test]
    fn long_keys_that_differ_only_past_the_cut_name_their_own_talk() {
        // A long notes file name and two long titles that differ only at their end: each
        // autocomplete value still opens its own talk.
        let long = "Building reliable event-driven systems with Kafka and Kubernetes, part";
        let notes = format!(
            "# Conf\n\n## {long} one: the foundations\n\nBrokers.\n\n\
             ## {long} two: the production story\n\nIncidents.\n"
        );
        let index = index(&[(
            "conference-notes-from-the-devoxx-france-edition-day-one.md",
            &notes,
        )]);
        let library = index.library();
        let conference = &library.conferences[0];
        let keys: Vec<String> = conference
            .talks
            .iter()
            .map(|t| talk_key(conference, t))
            .collect();
        assert_ne!(keys[0], keys[1]);
        for (i, key) in keys.iter().enumerate() {
            assert!(key.chars().count() <= MAX_KEY_CHARS, "{key}");
            assert!(
                matches!(pick(&index, key), Pick::Exact(r) if r == at(0, i)),
                "{key}"
            );
        }
    }
}
