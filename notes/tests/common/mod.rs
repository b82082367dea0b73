//! Helpers shared by the search query-set tests.

#![allow(dead_code)]

use std::path::PathBuf;
use talk_notes::search::TalkIndex;

/// One query of a query set: what a colleague types and the talk title they expect first
/// (`None`: the query is off-topic and must return nothing).
pub type Case = (&'static str, Option<&'static str>);

/// The shared corpus folder (`shared/` lies beside the repository), or `None` (with a printed note)
/// when it is missing outside CI. In CI (`CI` set) a missing corpus is a failure.
pub fn corpus_dir() -> Option<PathBuf> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared/data/corpus");
    if dir.is_dir() {
        return Some(dir);
    }
    if std::env::var_os("CI").is_some() {
        panic!("corpus folder {} is missing in CI", dir.display());
    }
    eprintln!(
        "note: {} not found, corpus query sets skipped",
        dir.display()
    );
    None
}

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
