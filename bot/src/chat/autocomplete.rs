//! Autocomplete of the talk options as the user types, through the index's own suggestions.

use crate::reply::{Choice, MAX_CHOICE, MAX_CHOICES};
use talk_notes::search::TalkIndex;
use talk_notes::talk_keys::talk_key;
use talk_notes::text::cut_chars;

// A talk key always fits in a choice value.
const _: () = assert!(talk_notes::talk_keys::MAX_KEY_CHARS <= MAX_CHOICE);

/// Autocomplete choices for a talk option as the user types: talk titles (at most 25, each at
/// most 100 characters) whose value is the talk's key ([`talk_key`]: notes file and slug), so
/// that a choice still opens the same talk after the notes were reloaded with talks added or
/// removed. Nothing typed yet offers the first talks of the notes.
pub fn autocomplete(index: &TalkIndex, typed: &str) -> Vec<Choice> {
    index
        .suggest(typed, MAX_CHOICES)
        .into_iter()
        .take(MAX_CHOICES)
        .filter_map(|completion| {
            let (conference, talk) = index.talk(completion.talk)?;
            Some(Choice {
                name: cut_chars(&completion.name, MAX_CHOICE),
                value: talk_key(conference, talk),
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;
    use talk_notes::{parse_conference, Library, ParseOptions};

    fn index(titles: &[String]) -> TalkIndex {
        let mut text = String::from("# Conf\n\n");
        for title in titles {
            text.push_str(&format!("## {title}\n\nSome words.\n\n"));
        }
        let conference = parse_conference(&text, Path::new("c.md"), &ParseOptions::default());
        TalkIndex::build(Library {
            conferences: vec![conference],
        })
    }

    #[test]
    fn nothing_typed_offers_the_first_talks_in_notes_order() {
        let titles: Vec<String> = (0..30).map(|i| format!("Talk number {i}")).collect();
        let choices = autocomplete(&index(&titles), "  ");
        assert_eq!(choices.len(), MAX_CHOICES);
        assert_eq!(choices[0].name, "Talk number 0");
        assert_eq!(choices[0].value, "c#talk-number-0");
        assert_eq!(choices[24].name, "Talk number 24");
    }

    #[test]
    fn an_unfinished_word_picks_the_matching_title() {
        let titles = [
            "Serverless security",
            "Kubernetes operators",
            "Monorepos at scale",
        ]
        .map(String::from);
        let choices = autocomplete(&index(&titles), "kube");
        assert_eq!(
            choices,
            vec![Choice {
                name: "Kubernetes operators".into(),
                value: "c#kubernetes-operators".into()
            }]
        );
    }
}
