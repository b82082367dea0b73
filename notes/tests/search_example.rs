//! Query set for the example notes (Velocity London 2018): typos, partial words, questions,
//! off-topic. Written before the ranking was tuned.

mod common;

use common::Case;
use std::path::PathBuf;
use talk_notes::search::TalkIndex;
use talk_notes::{load_library, ParseOptions};

const KUBE: &str = "Kubernetes is not for developers";
const RESILIENT: &str = "Building resilient serverless systems";
const SECURING: &str = "Securing serverless - By breaking in";
const LESSONS: &str = "Lessons learned from 300.000 lines code for infrastructure";
const MONOREPOS: &str = "Everything you wanted to know about monorepos, but were afraid to ask";
const STREAM: &str = "Building a distributed real time stream processing system";
const TRUTH: &str = "A global source of truth for the microservices generation";
const TV: &str = "Architecting for TV";

const CASES: &[Case] = &[
    ("kubernets", Some(KUBE)),
    ("resiliant serverles", Some(RESILIENT)),
    ("what did they say about terratest?", Some(LESSONS)),
    ("cloud-nuke", Some(LESSONS)),
    ("cloud nuke", Some(LESSONS)),
    ("300000 lines", Some(LESSONS)),
    ("who talked about yak shaving", Some(LESSONS)),
    ("monorepo", Some(MONOREPOS)),
    ("monorep", Some(MONOREPOS)),
    ("bazel build tool", Some(MONOREPOS)),
    ("helm", Some(KUBE)),
    ("kube", Some(KUBE)),
    ("stream procesing", Some(STREAM)),
    ("late events aggregate", Some(STREAM)),
    ("database inside out", Some(TRUTH)),
    ("lambda secrets kms", Some(SECURING)),
    ("how do you secure serverles functions", Some(SECURING)),
    ("BBC TAL", Some(TV)),
    ("architectng for tv", Some(TV)),
    ("quantum computing", None),
    ("xyzzy", None),
    ("chocolate cake recipe", None),
];

fn example_index() -> TalkIndex {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("examples/velocity-london-2018.md");
    let library = load_library(&[path], &ParseOptions::default()).expect("example notes load");
    TalkIndex::build(library)
}

#[test]
fn example_query_set_ranks_the_intended_talk_first() {
    common::assert_cases(&example_index(), CASES);
}

#[test]
fn misspelled_query_gets_a_did_you_mean() {
    let response = example_index().search("kubernets", 5);
    assert_eq!(response.suggestion.as_deref(), Some("kubernetes"));
}

#[test]
fn exact_query_gets_no_did_you_mean() {
    let response = example_index().search("kubernetes helm", 5);
    assert_eq!(response.suggestion, None);
}

#[test]
fn snippet_marks_the_matched_word() {
    let response = example_index().search("terratest", 5);
    let first = response.results.first().expect("a result");
    assert!(
        first.snippet.marked("**", "**").contains("**Terratest**"),
        "{:?}",
        first.snippet
    );
}

#[test]
fn clear_winner_is_flagged() {
    let response = example_index().search("terratest", 5);
    assert_eq!(response.confidence, talk_notes::search::Confidence::Clear);
}

#[test]
fn autocomplete_offers_the_talk_for_a_prefix() {
    let index = example_index();
    let names: Vec<String> = index
        .suggest("monor", 25)
        .into_iter()
        .map(|c| c.name)
        .collect();
    assert_eq!(names.first().map(String::as_str), Some(MONOREPOS));
}
