//! `talkbot console`: the bot's commands offline, piped through standard input.

use end_to_end::{example_notes, repo_root};
use serde_json::Value;
use std::io::Write;
use std::process::{Command, Stdio};

/// The `talkbot` binary Cargo built for this test.
const TALKBOT: &str = env!("CARGO_BIN_EXE_talkbot");

fn console(args: &[&str], input: impl AsRef<[u8]>) -> (i32, String) {
    let notes = example_notes();
    let mut child = Command::new(TALKBOT)
        .current_dir(repo_root())
        .arg("console")
        .arg("--notes")
        .arg(&notes)
        .args(args)
        .env("RUST_LOG", "off")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("talkbot console starts");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(input.as_ref())
        .expect("write questions");
    let output = child
        .wait_with_output()
        .expect("console ends at end of input");
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stdout).into_owned(),
    )
}

#[test]
fn json_gives_one_object_per_input_line() {
    let input = "/talk kubernets\nwhat did they say about terratest?\n\n/search serverless\nxyzzy\n/bogus\n/talks\n";
    let (code, out) = console(&["--json"], input);
    assert_eq!(code, 0);
    let answers: Vec<Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).expect("one JSON object per line"))
        .collect();
    assert_eq!(answers.len(), 6, "the blank line gets no answer: {out}");
    assert_eq!(answers[0]["input"], "/talk kubernets");
    assert_eq!(
        answers[0]["reply"]["embeds"][0]["title"],
        "Kubernetes is not for developers"
    );
    assert_eq!(
        answers[1]["reply"]["embeds"][0]["title"],
        "Lessons learned from 300.000 lines code for infrastructure"
    );
    let results = answers[2]["reply"]["embeds"][0]["description"]
        .as_str()
        .expect("results");
    assert!(
        results.contains("**Serverless**"),
        "matched words are marked: {results}"
    );
    assert!(answers[3]["reply"]["content"]
        .as_str()
        .is_some_and(|c| c.starts_with("Nothing in the notes matches “xyzzy”")));
    assert!(answers[4]["reply"].is_null());
    assert!(answers[4]["error"]
        .as_str()
        .is_some_and(|e| e.contains("unknown command /bogus")));
    assert_eq!(answers[5]["reply"]["embeds"][0]["title"], "9 talks");
}

#[test]
fn text_mode_answers_like_the_bot() {
    let (code, out) = console(&[], "/talk kubernets\n");
    assert_eq!(code, 0);
    assert!(out.starts_with("# Kubernetes is not for developers <https://conferences.oreilly.com/velocity/vl-eu/public/schedule/detail/72195>\n"), "{out}");
    assert!(out.contains("Conference: velocity-london-2018"), "{out}");
}

#[test]
fn a_line_that_is_not_utf8_is_answered_and_the_session_goes_on() {
    let input: &[u8] = b"/talk kubernets\n/talk caf\xe9 \xff\xfe\n/talks\n";
    let (code, out) = console(&["--json"], input);
    assert_eq!(code, 0, "{out}");
    let answers: Vec<Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).expect("one JSON object per line"))
        .collect();
    assert_eq!(answers.len(), 3, "{out}");
    assert_eq!(
        answers[0]["reply"]["embeds"][0]["title"],
        "Kubernetes is not for developers"
    );
    assert!(answers[1]["reply"].is_null(), "{out}");
    let error = answers[1]["error"].as_str().unwrap_or_default();
    assert!(
        error.contains("line 2 is not UTF-8") && error.contains("byte 10"),
        "{error}"
    );
    assert_eq!(answers[2]["reply"]["embeds"][0]["title"], "9 talks");

    let (code, out) = console(&[], input);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("error: input line 2 is not UTF-8"), "{out}");
    assert!(
        out.contains("9 talks"),
        "the line after it is answered: {out}"
    );
}
