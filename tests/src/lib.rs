//! Helpers for the end-to-end tests in `tests/tests/`: they run the real binaries.
//!
//! [`binary`] builds a workspace binary (once per test process, with the same profile and
//! target folder as the tests) so that a test never runs a stale build.

pub mod bot;
pub mod discord;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Mutex;

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

static BUILT: Mutex<Vec<String>> = Mutex::new(Vec::new());

/// Path to the workspace binary `name` from package `package`, built fresh if needed.
pub fn binary(package: &str, name: &str) -> PathBuf {
    // The test executable lives in <target>/<profile>/deps/.
    let exe = std::env::current_exe().expect("test executable path");
    let profile_dir = exe
        .parent()
        .and_then(Path::parent)
        .expect("target profile folder")
        .to_path_buf();
    let mut built = BUILT.lock().unwrap_or_else(|e| e.into_inner());
    if !built.iter().any(|b| b == name) {
        let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_string());
        let mut command = Command::new(cargo);
        command.current_dir(repo_root()).args([
            "build",
            "--quiet",
            "--package",
            package,
            "--bin",
            name,
        ]);
        if profile_dir.file_name().is_some_and(|p| p == "release") {
            command.arg("--release");
        }
        if let Some(target) = profile_dir.parent() {
            command.arg("--target-dir").arg(target);
        }
        let status = command.status().expect("cargo runs");
        assert!(status.success(), "cargo build of {name} failed");
        built.push(name.to_string());
    }
    profile_dir.join(format!("{name}{}", std::env::consts::EXE_SUFFIX))
}

/// A fresh empty folder for one test.
pub fn temp_dir(test: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("talkbot-e2e-{test}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("create temp dir");
    dir
}
