//! The answer rules one at a time, each on a small set of notes written for it: which talk
//! answers (or that none does) and which passages are quoted.

use std::path::Path;
use talk_notes::search::{SearchResponse, TalkIndex};
use talk_notes::{parse_conference, Library};

const NOTES: &str = "\
# Conf 2024

## Serving pictures at scale
- The CDN serves pictures to browsers.
- The CDN resizes pictures on the fly.
- The CDN caches pictures near users.
- The CDN converts pictures to WebP.
- The CDN served 750,000,000 pictures last year.

## How to foster open source culture
- Speaker: Eric Ma
- import open source ways of working
- documentation scales brains

## Kubernetes is not for developers
Setup Kubernetes with Helm

- Provides manages releases of an app
- Basic lifecycle manages
- Currently requires a server side component

## Things you can't cloud your way out of (Jessica Brown, Fastly)
- DNS TTL timeouts on lots of nodes.

## Dashboards
- Is it worth having dashboards? Alerts are better.

## Video notes
- Watching the videos later helps.

## Twenty thousand leagues inside the optical fiber
- A new fiber type reaches 255 Tb/s over 1 km.

## Implementing the ++ operator in parse.y
- Operators are parsed by the grammar.

## A keynote on tools - Julia Silge
- Choose the right tool for the job.
- Shane Evans said tools matter less than people.

## What's new in web accessibility
- アクセシビリティのチェックは Lighthouse でできる

## Android Studio
- エミュレーターが速くなった
";

fn index() -> TalkIndex {
    let conference = parse_conference(NOTES, Path::new("conf.md"), &Default::default());
    TalkIndex::build(Library {
        conferences: vec![conference],
    })
}

fn first(response: &SearchResponse) -> Option<&str> {
    response.results.first().map(|r| r.title.as_str())
}

fn quoted(response: &SearchResponse) -> Vec<String> {
    response
        .results
        .first()
        .map(|r| r.quotes.iter().map(|q| q.snippet.text.clone()).collect())
        .unwrap_or_default()
}

#[test]
fn a_question_asking_how_many_quotes_the_passage_with_the_number() {
    let index = index();
    let asked = index.search("how many pictures does the CDN serve?", 3);
    assert_eq!(first(&asked), Some("Serving pictures at scale"));
    let quotes = quoted(&asked);
    assert!(
        quotes.iter().any(|q| q.contains("750,000,000")),
        "{quotes:?}"
    );
    // Without asking for a number, four passages say the same words earlier in the talk.
    let plain = quoted(&index.search("pictures CDN", 3));
    assert!(
        !plain.iter().any(|q| q.contains("750,000,000")),
        "{plain:?}"
    );
}

#[test]
fn a_passage_that_only_names_the_speaker_is_not_quoted() {
    let index = index();
    let asked = index.search("what did Eric Ma say about documentation?", 3);
    assert_eq!(first(&asked), Some("How to foster open source culture"));
    let quotes = quoted(&asked);
    assert!(
        quotes
            .iter()
            .any(|q| q.contains("documentation scales brains")),
        "{quotes:?}"
    );
    assert!(!quotes.iter().any(|q| q.contains("Speaker")), "{quotes:?}");
    // The first bullet said who spoke.
    let talk = asked.results.first().and_then(|r| index.talk(r.talk));
    assert_eq!(
        talk.and_then(|(_, t)| t.speaker.as_deref()),
        Some("Eric Ma")
    );
}

#[test]
fn a_label_brings_the_list_after_it() {
    let index = index();
    let quotes = quoted(&index.search("helm kubernetes", 3));
    assert!(
        quotes
            .iter()
            .any(|q| q.starts_with("Setup Kubernetes with Helm: Provides")
                && q.contains("Currently requires a server side component")),
        "{quotes:?}"
    );
}

#[test]
fn a_talk_named_by_a_rare_word_needs_less_of_the_question() {
    let index = index();
    // "worth" and "watching" are said by another talk: only "fastly" points at this one.
    assert_eq!(
        first(&index.search("is the fastly talk worth rewatching?", 3)),
        Some("Things you can't cloud your way out of (Jessica Brown, Fastly)")
    );
    // A specific word the notes never say keeps the question off-topic, named talk or not.
    assert!(index.search("terraform operators", 3).results.is_empty());
}

#[test]
fn a_name_in_capitals_must_be_said_whole() {
    let index = index();
    assert!(
        index
            .search("what did Julia Evans say?", 3)
            .results
            .is_empty(),
        "Julia Silge and Shane Evans are not Julia Evans"
    );
    assert_eq!(
        first(&index.search("what did Julia Silge say?", 3)),
        Some("A keynote on tools - Julia Silge")
    );
}

#[test]
fn a_letter_swap_is_one_typo() {
    let index = index();
    assert_eq!(
        first(&index.search("fibre", 3)),
        Some("Twenty thousand leagues inside the optical fiber")
    );
}

#[test]
fn japanese_questions_match_on_words_not_particles() {
    let index = index();
    assert_eq!(
        first(&index.search(
            "アクセシビリティのチェックって専用ツールを入れないとダメ？",
            3
        )),
        Some("What's new in web accessibility")
    );
    // Kana pieces are grammar: a long lead-in of them does not crowd out the question's words.
    assert_eq!(
        first(&index.search(
            "ねえねえ、ところでこのまえのあのはなしなんだけど、アクセシビリティのチェックは？",
            3
        )),
        Some("What's new in web accessibility")
    );
    // "レー" of "カレー" is in "エミュレーター", but one piece alone is chance.
    assert!(index
        .search("美味しいカレーの作り方を教えて", 3)
        .results
        .is_empty());
}
