//! End-to-end: `talkbot ask` on the example notes, as a user runs it.
//!
//! Runs the `talkbot` binary that `cargo test --workspace` builds next to this test
//! (`target/<profile>/talkbot`); set `TALKBOT_BIN` to test another build.

use std::path::PathBuf;
use std::process::Command;

fn talkbot() -> Command {
    let bin = std::env::var_os("TALKBOT_BIN")
        .map(PathBuf::from)
        .or_else(|| {
            // target/<profile>/deps/ask-<hash> → target/<profile>/talkbot
            let exe = std::env::current_exe().ok()?;
            let dir = exe.parent()?.parent()?;
            Some(dir.join(format!("talkbot{}", std::env::consts::EXE_SUFFIX)))
        })
        .filter(|p| p.is_file())
        .expect("talkbot binary not built: run `cargo test --workspace` (or set TALKBOT_BIN)");
    let mut cmd = Command::new(bin);
    cmd.current_dir(repo_root());
    cmd
}

fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn example_notes() -> String {
    repo_root()
        .join("notes/examples/velocity-london-2018.md")
        .display()
        .to_string()
}

fn ask_json(args: &[&str]) -> serde_json::Value {
    let notes = example_notes();
    let output = talkbot()
        .args(["ask", "--json", "--notes", &notes])
        .args(args)
        .output()
        .expect("talkbot runs");
    assert!(
        output.status.success(),
        "exit {:?}: {}",
        output.status,
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).expect("stdout is JSON")
}

#[test]
fn ask_json_finds_the_talk_for_a_misspelled_question() {
    let json = ask_json(&["what", "did", "they", "say", "about", "terratest?"]);
    assert_eq!(json["query"], "what did they say about terratest?");
    let first = &json["results"][0];
    assert_eq!(
        first["title"],
        "Lessons learned from 300.000 lines code for infrastructure"
    );
    assert_eq!(
        first["slug"],
        "lessons-learned-from-300000-lines-code-for-infrastructure"
    );
    assert_eq!(first["conference"], "velocity-london-2018");
    assert!(first["score"].as_f64().is_some_and(|s| s > 0.0));
    assert!(first["snippet"]
        .as_str()
        .is_some_and(|s| s.contains("**Terratest**")));
    assert!(first["links"]
        .as_array()
        .is_some_and(|l| l.iter().any(|l| l["kind"] == "conference")));
    assert!(json["suggestion"].is_null());
}

#[test]
fn ask_json_suggests_a_spelling_and_respects_the_limit() {
    let json = ask_json(&["--limit", "1", "resiliant", "serverles"]);
    let results = json["results"].as_array().expect("results array");
    assert_eq!(results.len(), 1);
    assert_eq!(results[0]["title"], "Building resilient serverless systems");
    assert_eq!(json["suggestion"], "resilient serverless");
}

#[test]
fn ask_json_returns_no_result_for_off_topic() {
    let json = ask_json(&["quantum", "computing"]);
    assert_eq!(json["results"], serde_json::json!([]));
}

#[test]
fn ask_text_names_the_talk() {
    let notes = example_notes();
    let output = talkbot()
        .args(["ask", "--notes", &notes, "kubernets"])
        .output()
        .expect("talkbot runs");
    assert!(output.status.success());
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(
        text.starts_with("Did you mean: kubernetes\n1. Kubernetes is not for developers"),
        "{text}"
    );
}
