//! Helpers shared by the tests of `talk-notes`: where the corpus is, and query sets.

#![allow(dead_code)]

pub mod corpus;
pub mod model_text;

use talk_notes::search::TalkIndex;

/// One query of a query set: what a colleague types and the talk title they expect first
/// (`None`: the query is off-topic and must return nothing).
pub type Case = (&'static str, Option<&'static str>);

/// Runs every case against `index` and returns the failures as readable lines.
pub fn failures(index: &TalkIndex, cases: &[Case]) -> Vec<String> {
    let mut failed = Vec::new();
    for (query, expected) in cases {
        let response = index.search(query, 5);
        let got: Vec<&str> = response.results.iter().map(|r| r.title.as_str()).collect();
        match expected {
            Some(title) => {
                if got.first() != Some(title) {
                    failed.push(format!("{query:?}: expected {title:?} first, got {got:?}"));
                }
            }
            None => {
                if !got.is_empty() {
                    failed.push(format!(
                        "{query:?}: off-topic, expected nothing, got {got:?}"
                    ));
                }
            }
        }
    }
    failed
}

/// Asserts that every case passes, listing all failures at once.
pub fn assert_cases(index: &TalkIndex, cases: &[Case]) {
    let failed = failures(index, cases);
    assert!(
        failed.is_empty(),
        "{} of {} queries failed:\n{}",
        failed.len(),
        cases.len(),
        failed.join("\n")
    );
}
