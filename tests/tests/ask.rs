//! End-to-end: `talkbot ask` on the example notes, as a user runs it.

use end_to_end::{example_notes, repo_root};
use std::process::Command;

/// The `talkbot` binary Cargo built for this test.
const TALKBOT: &str = env!("CARGO_BIN_EXE_talkbot");

fn talkbot() -> Command {
    let mut cmd = Command::new(TALKBOT);
    cmd.current_dir(repo_root())
        .env_remove("TALKBOT_NOTES__PATHS")
        .env_remove("TALKBOT_NOTES__TALK_LEVEL");
    cmd
}

fn ask_json(args: &[&str]) -> serde_json::Value {
    let notes = example_notes();
    let output = talkbot()
        .args(["ask", "--json", "--notes"])
        .arg(&notes)
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
        .args(["ask", "--notes"])
        .arg(&notes)
        .arg("kubernets")
        .output()
        .expect("talkbot runs");
    assert!(output.status.success());
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(
        text.starts_with("Did you mean: kubernetes\n1. Kubernetes is not for developers"),
        "{text}"
    );
}

#[cfg(unix)]
#[test]
fn ask_reads_a_notes_folder_with_a_dead_picture_link() {
    let dir = end_to_end::temp_dir("ask-dead-link");
    std::fs::create_dir_all(dir.join("img")).expect("folders");
    std::fs::copy(example_notes(), dir.join("velocity.md")).expect("copy");
    std::os::unix::fs::symlink("gone.png", dir.join("img/old.png")).expect("dead link");
    let output = talkbot()
        .args(["ask", "--json", "--notes"])
        .arg(&dir)
        .arg("terratest")
        .output()
        .expect("talkbot runs");
    assert!(output.status.success(), "{output:?}");
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON");
    assert_eq!(
        json["results"][0]["title"],
        "Lessons learned from 300.000 lines code for infrastructure"
    );
}
