//! Where the shared corpus of real notes lives, for the tests of every crate. The corpus sits
//! beside the repository (`../shared/data/corpus`) and is never committed. Crates other than
//! `talk-notes` include this file with `#[path = "../../notes/tests/common/corpus.rs"] mod corpus;`
//! (a test crate cannot import another crate's tests).

use std::path::PathBuf;

/// The corpus folder, or `None` with a note on stderr when it is missing: tests then skip what
/// needs it. In CI (`CI` set) a missing corpus fails the test instead.
pub fn corpus_dir() -> Option<PathBuf> {
    // Every crate's manifest sits one folder below the repository root.
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared/data/corpus");
    if dir.is_dir() {
        return Some(dir);
    }
    assert!(
        std::env::var_os("CI").is_none(),
        "the corpus must be beside the repository in CI: {}",
        dir.display()
    );
    eprintln!("skipping: no corpus at {}", dir.display());
    None
}
