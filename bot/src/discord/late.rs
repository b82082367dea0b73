//! What the asker gets when an answer is late or failed: instead of silence, the talks whose
//! titles share words with the question (found without searching the notes' text) and how to
//! ask so that the answer comes quickly.

use super::answering::ANSWER_DEADLINE;
use crate::chat::markdown::escape;
use crate::chat::Ask;
use crate::reply::{Choice, Embed, Reply, MAX_CHOICE, MAX_CHOICES};
use talk_notes::search::normalize::{fold, singular};
use talk_notes::search::TalkIndex;
use talk_notes::text::cut_chars;

/// Most titles a late reply lists.
const TITLES_SHOWN: usize = 5;
/// Shortest question word matched against titles (shorter ones are mostly "a", "of", "the").
const SHORTEST_WORD: usize = 3;

/// The reply when the answer to `ask` was not ready by the deadline.
pub fn late_reply(index: &TalkIndex, ask: &Ask) -> Reply {
    let seconds = ANSWER_DEADLINE.as_secs();
    let question = match ask {
        Ask::Talk { query } | Ask::Search { query, .. } => query,
        Ask::Handout { talk, .. } => talk,
        Ask::Talks { .. } | Ask::Digest | Ask::Help => {
            return Reply::text(format!(
                "Sorry, this is taking too long (over {seconds} s). Please try again in a minute."
            ));
        }
    };
    let mut reply = Reply::text(format!(
        "Sorry, “{}” is taking too long to answer (over {seconds} s). Ask more precisely — a \
         talk's name, or fewer and rarer words — or see every talk with /talks.",
        escape(question)
    ));
    let titles = titles_sharing_words(index, question, TITLES_SHOWN);
    if !titles.is_empty() {
        let lines: Vec<String> = titles
            .iter()
            .map(|(title, conference)| format!("• {} ({})", escape(title), escape(conference)))
            .collect();
        reply.embeds.push(Embed {
            title: "Talks whose titles share words with the question".to_string(),
            description: lines.join("\n"),
            ..Embed::default()
        });
    }
    reply.fit_discord_limits()
}

/// The reply when computing an answer failed (the log says why).
pub fn failed_reply() -> Reply {
    Reply::private("Sorry, something went wrong while answering; the bot's log says what.")
}

/// Autocomplete choices when the usual ones are late: the talks whose titles share words with
/// what was typed; picking one asks for the talk by its title.
pub fn late_choices(index: &TalkIndex, typed: &str) -> Vec<Choice> {
    titles_sharing_words(index, typed, MAX_CHOICES)
        .into_iter()
        .map(|(title, _)| {
            let title = cut_chars(&title, MAX_CHOICE);
            Choice {
                name: title.clone(),
                value: title,
            }
        })
        .collect()
}

/// The words of `text`, folded and singular, of at least [`SHORTEST_WORD`] characters.
fn words(text: &str) -> Vec<String> {
    let mut words: Vec<String> = text
        .split(|c: char| !c.is_alphanumeric())
        .map(|word| {
            let mut word = fold(word);
            singular(&mut word);
            word
        })
        .filter(|word| word.chars().count() >= SHORTEST_WORD)
        .collect();
    words.sort_unstable();
    words.dedup();
    words
}

/// Up to `limit` (title, conference) pairs whose titles share the most words with `question`,
/// in notes order among equals. Reads titles only, so it is quick whatever the notes hold.
fn titles_sharing_words(index: &TalkIndex, question: &str, limit: usize) -> Vec<(String, String)> {
    let wanted = words(question);
    if wanted.is_empty() {
        return Vec::new();
    }
    let mut scored: Vec<(usize, usize, String, String)> = index
        .library()
        .talks()
        .enumerate()
        .filter_map(|(order, (conference, talk))| {
            let shared = words(&talk.title)
                .iter()
                .filter(|w| wanted.binary_search(w).is_ok())
                .count();
            (shared > 0).then(|| (shared, order, talk.title.clone(), conference.title.clone()))
        })
        .collect();
    scored.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    scored
        .into_iter()
        .take(limit)
        .map(|(_, _, title, conference)| (title, conference))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;
    use talk_notes::{parse_conference, Library, ParseOptions};

    fn index() -> TalkIndex {
        let text = "# Conf\n\n## Deploying Kubernetes\n\nText.\n\n## Serverless cold starts\n\n\
                    Text.\n\n## Kubernetes operators at scale\n\nText.\n";
        let conference = parse_conference(text, Path::new("c.md"), &ParseOptions::default());
        TalkIndex::build(Library {
            conferences: vec![conference],
        })
    }

    #[test]
    fn a_late_question_lists_titles_sharing_its_words_most_first() {
        let reply = late_reply(
            &index(),
            &Ask::Talk {
                query: "kubernetes operators?".into(),
            },
        );
        assert!(
            reply.content.contains("taking too long"),
            "{}",
            reply.content
        );
        let listed = &reply.embeds[0].description;
        assert_eq!(
            listed,
            "• Kubernetes operators at scale (Conf)\n• Deploying Kubernetes (Conf)"
        );
    }

    #[test]
    fn late_choices_ask_for_a_talk_by_its_title() {
        let choices = late_choices(&index(), "cold start");
        assert_eq!(choices.len(), 1);
        assert_eq!(choices[0].value, "Serverless cold starts");
    }
}
