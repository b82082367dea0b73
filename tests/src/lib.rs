//! `end-to-end`: what the end-to-end tests in `tests/tests/` share — a Discord stand-in on
//! 127.0.0.1 ([`discord::StandIn`]), running `talkbot run` against it ([`bot`]), and the paths and
//! folders the tests use.
//!
//! The tests run the real binaries. They are declared by the packages that own those binaries
//! (`bot/Cargo.toml` and `export/Cargo.toml`, `[[test]]` with a `path` into `tests/tests/`), so
//! that Cargo builds the binaries before the tests and hands over their paths as
//! `CARGO_BIN_EXE_<name>`: a test always runs the binary of the code it was built with.
//!
//! Usage, in a test of the `talkbot` package:
//!
//! ```ignore
//! let discord = end_to_end::discord::StandIn::start().await;
//! let talkbot = std::path::Path::new(env!("CARGO_BIN_EXE_talkbot"));
//! let bot = end_to_end::bot::start_bot(talkbot, &discord, &[&end_to_end::example_notes()], &logs, &[]);
//! ```

pub mod bot;
pub mod discord;
pub mod embeddings;

use std::path::{Path, PathBuf};

/// The repository root (the workspace).
pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from(".."))
}

/// The example notes shipped in the repository.
pub fn example_notes() -> PathBuf {
    repo_root().join("notes/examples/velocity-london-2018.md")
}

/// A fresh empty folder for one test, made by `tempfile` (a unique name, created atomically).
/// It is kept after the test: the bots a test starts write their logs there, and a failed test
/// leaves them to read.
pub fn temp_dir(test: &str) -> PathBuf {
    tempfile::Builder::new()
        .prefix(&format!("talkbot-e2e-{test}-"))
        .tempdir()
        .expect("create temp dir")
        .keep()
}
