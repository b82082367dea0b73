//! `talkbot talks` and `talkbot check` as a user runs them.

use end_to_end::{example_notes, repo_root, temp_dir};
use serde_json::Value;
use std::process::{Command, Output};

/// The `talkbot` binary Cargo built for this test.
const TALKBOT: &str = env!("CARGO_BIN_EXE_talkbot");

fn talkbot(args: &[&str]) -> Output {
    Command::new(TALKBOT)
        .current_dir(repo_root())
        .env_remove("TALKBOT_NOTES__PATHS")
        .env_remove("TALKBOT_NOTES__TALK_LEVEL")
        .args(args)
        .output()
        .expect("talkbot runs")
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

const TALKS: [(&str, &str, &str); 9] = [
    (
        "A global source of truth for the microservices generation",
        "a-global-source-of-truth-for-the-microservices-generation",
        "71092",
    ),
    (
        "Securing serverless - By breaking in",
        "securing-serverless---by-breaking-in",
        "70534",
    ),
    (
        "Kubernetes is not for developers",
        "kubernetes-is-not-for-developers",
        "72195",
    ),
    (
        "Building resilient serverless systems",
        "building-resilient-serverless-systems",
        "70919",
    ),
    (
        "Lessons learned from 300.000 lines code for infrastructure",
        "lessons-learned-from-300000-lines-code-for-infrastructure",
        "72750",
    ),
    (
        "Everything you wanted to know about monorepos, but were afraid to ask",
        "everything-you-wanted-to-know-about-monorepos-but-were-afraid-to-ask",
        "71009",
    ),
    (
        "Building a distributed real time stream processing system",
        "building-a-distributed-real-time-stream-processing-system",
        "70994",
    ),
    ("Architecting for TV", "architecting-for-tv", "71054"),
    (
        "Victims of our own success",
        "victims-of-our-own-success",
        "70529",
    ),
];

#[test]
fn talks_json_gives_the_nine_example_talks() {
    let notes = example_notes();
    let output = talkbot(&[
        "talks",
        "--notes",
        notes.to_str().expect("utf-8 path"),
        "--json",
    ]);
    assert!(output.status.success(), "{output:?}");
    let talks: Vec<Value> = serde_json::from_str(&stdout(&output)).expect("JSON list");
    assert_eq!(talks.len(), 9);
    for (talk, (title, slug, id)) in talks.iter().zip(TALKS) {
        assert_eq!(talk["title"], title);
        assert_eq!(talk["slug"], slug);
        assert_eq!(talk["conference"], "velocity-london-2018");
        assert!(talk["file"]
            .as_str()
            .expect("file")
            .ends_with("velocity-london-2018.md"));
        assert!(talk["line"].as_u64().expect("line") > 10);
        let first = &talk["links"][0];
        assert_eq!(first["label"], "Conference link");
        assert_eq!(first["kind"], "conference");
        assert_eq!(
            first["url"],
            format!("https://conferences.oreilly.com/velocity/vl-eu/public/schedule/detail/{id}")
        );
        let summary = talk["summary"].as_str().expect("summary");
        assert!(
            !summary.is_empty() && summary.chars().count() <= 200,
            "{summary}"
        );
    }
    let kubernetes = &talks[2];
    assert_eq!(kubernetes["line"], 58);
    assert_eq!(kubernetes["links"][1]["kind"], "slides");
    let lessons = &talks[4];
    let kinds: Vec<&str> = lessons["links"]
        .as_array()
        .expect("links")
        .iter()
        .map(|l| l["kind"].as_str().unwrap_or(""))
        .collect();
    assert!(
        kinds.contains(&"code"),
        "terratest is a code link: {kinds:?}"
    );
}

#[test]
fn talks_without_notes_uses_the_configured_example() {
    let output = talkbot(&["talks"]);
    assert!(output.status.success(), "{output:?}");
    let text = stdout(&output);
    assert!(text.starts_with("velocity-london-2018 — 9 talks"), "{text}");
    assert!(
        text.contains("3. Kubernetes is not for developers  [slides]  (line 58)"),
        "{text}"
    );
}

#[test]
fn check_reports_the_broken_toc_anchor_of_the_example() {
    let output = talkbot(&["check"]);
    assert!(output.status.success(), "warnings exit 0: {output:?}");
    let text = stdout(&output);
    assert!(
        text.contains("velocity-london-2018.md:6: warning: link \"Securing serverless - By breaking in\" points to #securing-serverless-by-breaking-in, which GitHub would not resolve (hint: GitHub's anchor for \"Securing serverless - By breaking in\" (line 38) is #securing-serverless---by-breaking-in)"),
        "{text}"
    );
    // Every other anchor of the table of contents resolves.
    assert_eq!(text.matches("would not resolve").count(), 1, "{text}");
    assert!(
        text.ends_with("1 files, 9 talks: 3 warnings, 0 errors\n"),
        "{text}"
    );
}

#[test]
fn check_fails_on_invalid_utf8_with_the_byte_offset() {
    let dir = temp_dir("utf8");
    let bad = dir.join("bad.md");
    std::fs::write(&bad, b"# Conf\n\n## Talk\n\ncaf\xe9\n").expect("write");
    std::fs::copy(example_notes(), dir.join("good.md")).expect("copy");
    let output = talkbot(&[
        "check",
        "--notes",
        dir.to_str().expect("utf-8 path"),
        "--json",
    ]);
    assert_eq!(output.status.code(), Some(1), "{output:?}");
    let findings: Vec<Value> = serde_json::from_str(&stdout(&output)).expect("JSON");
    let error = findings
        .iter()
        .find(|f| f["severity"] == "error")
        .expect("an error finding");
    assert_eq!(error["line"], 5);
    assert_eq!(error["message"], "invalid UTF-8 at byte 20");
    // The good file was still checked.
    assert!(findings
        .iter()
        .any(|f| f["file"].as_str().is_some_and(|p| p.ends_with("good.md"))));
}

#[test]
fn bad_configuration_names_the_key_and_source() {
    let dir = temp_dir("config");
    let config = dir.join("talkbot.toml");
    std::fs::write(&config, "[notes]\ntalk_level = \"deep\"\n").expect("write");
    let output = talkbot(&["talks", "--config", config.to_str().expect("utf-8 path")]);
    assert_eq!(output.status.code(), Some(2));
    let err = String::from_utf8_lossy(&output.stderr);
    assert!(err.contains("notes.talk_level"), "{err}");
    assert!(err.contains("talkbot.toml"), "{err}");
    assert!(err.contains("expected an integer"), "{err}");

    let output = Command::new(TALKBOT)
        .current_dir(repo_root())
        .env("TALKBOT_NOTES__TALK_LEVEL", "9")
        .args(["talks"])
        .output()
        .expect("talkbot runs");
    assert_eq!(output.status.code(), Some(2));
    let err = String::from_utf8_lossy(&output.stderr);
    assert!(
        err.contains("`notes.talk_level` is 9, expected a heading level from 1 to 6"),
        "{err}"
    );
}

#[test]
fn missing_notes_is_a_one_line_error() {
    let output = talkbot(&["talks", "--notes", "/nonexistent/notes.md"]);
    assert_eq!(output.status.code(), Some(2));
    let err = String::from_utf8_lossy(&output.stderr);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(
        err.starts_with("talkbot: /nonexistent/notes.md: cannot read"),
        "{err}"
    );
}

#[test]
fn environment_overrides_the_notes_paths() {
    let output = Command::new(TALKBOT)
        .current_dir(repo_root())
        .env(
            "TALKBOT_NOTES__PATHS",
            "notes/tests/fixtures/deep_groups.md,notes/tests/fixtures/toml_front.md",
        )
        .args(["talks", "--json"])
        .output()
        .expect("talkbot runs");
    assert!(output.status.success(), "{output:?}");
    let talks: Vec<Value> = serde_json::from_str(&stdout(&output)).expect("JSON");
    let titles: Vec<&str> = talks.iter().filter_map(|t| t["title"].as_str()).collect();
    assert_eq!(
        titles,
        [
            "Observability at scale",
            "Chaos engineering 101",
            "Serverless pitfalls",
            "Async in depth"
        ]
    );
    assert_eq!(talks[0]["group"], "Morning track");
}

#[test]
fn hostile_notes_do_not_crash_talkbot() {
    // A non-ASCII host (the slice after "www." used to land inside a character) and a folder
    // holding a link to its parent (used to load the same file dozens of times). The exporter
    // gets the same notes in `export_cli.rs` (`hostile_notes_do_not_crash_the_exporter`).
    let dir = temp_dir("hostile-notes");
    let notes = dir.join("notes");
    std::fs::create_dir_all(&notes).expect("folder");
    std::fs::write(
        notes.join("conf.md"),
        "# Conférence\n\n## [日本のトーク](https://www.日本.jp/)\n\n[x](https://www.日本.jp/) and www.ü.example\n",
    )
    .expect("notes");
    #[cfg(unix)]
    std::os::unix::fs::symlink("..", notes.join("up")).expect("link to parent");
    let folder = notes.to_str().expect("utf-8");
    let output = talkbot(&["talks", "--json", "--notes", folder]);
    assert!(output.status.success(), "{output:?}");
    let talks: Value = serde_json::from_str(&stdout(&output)).expect("JSON");
    assert_eq!(talks.as_array().map(Vec::len), Some(1), "{talks}");
}

/// A notes folder holding the example notes, a dead link to a picture, a dead link named like
/// notes and a FIFO named like notes.
#[cfg(unix)]
fn folder_with_bad_entries(test: &str) -> std::path::PathBuf {
    let dir = temp_dir(test);
    let notes = dir.join("notes");
    std::fs::create_dir_all(notes.join("img")).expect("folders");
    std::fs::copy(example_notes(), notes.join("velocity.md")).expect("copy");
    std::os::unix::fs::symlink("gone.png", notes.join("img/old.png")).expect("picture link");
    std::os::unix::fs::symlink("gone.md", notes.join("draft.md")).expect("notes link");
    let made = Command::new("mkfifo")
        .arg(notes.join("pipe.md"))
        .status()
        .expect("mkfifo runs");
    assert!(made.success());
    notes
}

#[cfg(unix)]
#[test]
fn broken_links_and_fifos_in_a_notes_folder_are_skipped_with_a_warning() {
    let notes = folder_with_bad_entries("bad-entries");
    let folder = notes.to_str().expect("utf-8 path");
    let output = talkbot(&["talks", "--json", "--notes", folder]);
    assert!(output.status.success(), "{output:?}");
    let talks: Vec<Value> = serde_json::from_str(&stdout(&output)).expect("JSON");
    assert_eq!(talks.len(), 9);
    let err = String::from_utf8_lossy(&output.stderr);
    assert!(err.contains("draft.md: cannot read"), "{err}");
    assert!(err.contains("pipe.md: a FIFO"), "{err}");
    assert!(!err.contains("old.png"), "not notes, no warning: {err}");

    let output = talkbot(&["check", "--json", "--notes", folder]);
    assert!(output.status.success(), "warnings only: {output:?}");
    let findings: Vec<Value> = serde_json::from_str(&stdout(&output)).expect("JSON");
    let skipped: Vec<&str> = findings
        .iter()
        .filter(|f| f["line"] == 0)
        .filter_map(|f| f["file"].as_str())
        .collect();
    assert_eq!(skipped.len(), 2, "{findings:?}");
    assert!(
        skipped.iter().any(|f| f.ends_with("draft.md")),
        "{skipped:?}"
    );
    assert!(
        skipped.iter().any(|f| f.ends_with("pipe.md")),
        "{skipped:?}"
    );

    // Named explicitly, a dead link is still an error naming it.
    let draft = notes.join("draft.md");
    let output = talkbot(&["talks", "--notes", draft.to_str().expect("utf-8 path")]);
    assert_eq!(output.status.code(), Some(2));
    let err = String::from_utf8_lossy(&output.stderr);
    assert!(
        err.starts_with(&format!("talkbot: {}: cannot read", draft.display())),
        "{err}"
    );
    assert_eq!(err.lines().count(), 1, "{err}");
}

#[cfg(unix)]
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn notes_replaced_by_a_fifo_are_refused_and_reloaded_once_a_file_again() {
    use end_to_end::bot::{answer_to, start_bot, stop_with_sigterm, TOKEN};
    use end_to_end::discord::{eventually, StandIn};
    use std::time::Duration;
    const WAIT: Duration = Duration::from_secs(30);

    let discord = StandIn::start().await;
    let dir = temp_dir("fifo-reload");
    let notes = dir.join("notes.md");
    std::fs::copy(example_notes(), &notes).expect("copy notes");
    let logs = dir.join("stderr.log");
    let mut bot = start_bot(
        std::path::Path::new(TALKBOT),
        &discord,
        &[notes.as_path()],
        &logs,
        &[
            ("DISCORD_TOKEN", TOKEN),
            ("TALKBOT_NOTES__WATCH_INTERVAL_MS", "100"),
            ("RUST_LOG", "info"),
        ],
    );
    assert!(
        discord.wait_identified(WAIT).await,
        "the bot never identified"
    );
    let read = || std::fs::read_to_string(&logs).unwrap_or_default();

    // The notes become a FIFO no one writes to: reading it would wait for ever.
    std::fs::remove_file(&notes).expect("remove notes");
    let made = Command::new("mkfifo").arg(&notes).status().expect("mkfifo");
    assert!(made.success());
    let warned = eventually(WAIT, || {
        read().contains("notes.md: a FIFO, socket or device")
    })
    .await;
    assert!(warned, "no warning naming the FIFO: {}", read());

    // A regular file again, with one talk more: the watcher is still alive and reloads it.
    std::fs::remove_file(&notes).expect("remove FIFO");
    let mut text = std::fs::read_to_string(example_notes()).expect("example");
    text.push_str("\n## WebAssembly at the edge\n\nWebAssembly runtimes run at the CDN edge.\n");
    std::fs::write(&notes, text).expect("notes again");
    let mut title = Value::Null;
    for _ in 0..100 {
        let (id, token) = discord.slash_command(
            "talk",
            serde_json::json!([{"name": "query", "type": 3, "value": "webassembly edge runtimes"}]),
        );
        let answer = answer_to(&discord, &id, &token, WAIT)
            .await
            .expect("answered");
        title = answer.json["data"]["embeds"][0]["title"].clone();
        if title == "WebAssembly at the edge" {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(title, "WebAssembly at the edge", "{}", read());
    stop_with_sigterm(&mut bot, WAIT).await;
}

/// Runs talkbot with `env` set and waits up to 20 seconds for it to exit (killed after that):
/// its exit code (None when it had to be killed) and standard error.
fn talkbot_exits(args: &[&str], env: &[(&str, &str)]) -> (Option<i32>, String) {
    let dir = temp_dir(&format!("exits-{}", args[0]));
    let stderr = dir.join("stderr.log");
    let mut child = Command::new(TALKBOT)
        .current_dir(repo_root())
        .env_remove("TALKBOT_NOTES__PATHS")
        .env_remove("TALKBOT_DISCORD__TOKEN")
        .env_remove("DISCORD_TOKEN")
        .envs(env.iter().copied())
        .args(args)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::fs::File::create(&stderr).expect("log"))
        .spawn()
        .expect("talkbot starts");
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    let code = loop {
        if let Some(status) = child.try_wait().expect("wait") {
            break status.code();
        }
        if std::time::Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            break None;
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    };
    (code, std::fs::read_to_string(&stderr).unwrap_or_default())
}

#[test]
fn unknown_sections_and_numbers_too_large_name_the_section_or_key() {
    let dir = temp_dir("config-sections");
    let typo = dir.join("typo.toml");
    std::fs::write(
        &typo,
        "[notes]\ntalk_level = 2\n\n[digset]\nenabled = true\n",
    )
    .expect("write");
    let output = talkbot(&["talks", "--config", typo.to_str().expect("utf-8 path")]);
    assert_eq!(output.status.code(), Some(2));
    let err = String::from_utf8_lossy(&output.stderr);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("unknown section `[digset]`"), "{err}");
    assert!(err.contains("typo.toml"), "{err}");
    assert!(err.contains("[digest]"), "the known sections: {err}");

    // Every binary's sections are known to each, [search] included.
    let shared = dir.join("shared.toml");
    std::fs::write(
        &shared,
        "[export]\npaper = \"a4\"\n\n[search.embeddings]\nurl = \"\"\n",
    )
    .expect("write");
    let output = talkbot(&["talks", "--config", shared.to_str().expect("utf-8 path")]);
    assert!(output.status.success(), "{output:?}");

    let output = Command::new(TALKBOT)
        .current_dir(repo_root())
        .env("TALKBOT_DIGSET__ENABLED", "true")
        .args(["talks"])
        .output()
        .expect("talkbot runs");
    assert_eq!(output.status.code(), Some(2));
    let err = String::from_utf8_lossy(&output.stderr);
    assert!(err.contains("TALKBOT_DIGSET__"), "{err}");

    let large = dir.join("large.toml");
    std::fs::write(&large, "[digest]\ntalks_per_day = 99999999999999999999\n").expect("write");
    let output = talkbot(&["talks", "--config", large.to_str().expect("utf-8 path")]);
    assert_eq!(output.status.code(), Some(2));
    let err = String::from_utf8_lossy(&output.stderr);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(
        err.contains("large.toml:2: key `digest.talks_per_day`: number too large"),
        "{err}"
    );
}

#[test]
fn run_refuses_a_malformed_token_or_proxy_url_at_once() {
    let notes = example_notes();
    let notes = notes.to_str().expect("utf-8 path");
    // Nothing listens on port 9: were the bot to connect, it would retry for ever.
    let offline = ("TALKBOT_DISCORD__PROXY_URL", "http://127.0.0.1:9");
    let (code, err) = talkbot_exits(
        &["run", "--notes", notes],
        &[("TALKBOT_DISCORD__TOKEN", "abc\u{7}def.ghi"), offline],
    );
    assert_eq!(code, Some(2), "{err}");
    assert!(err.contains("TALKBOT_DISCORD__TOKEN"), "{err}");
    assert!(
        err.contains("control character (U+0007) at character 4"),
        "{err}"
    );
    assert!(!err.contains("abc"), "the token is never shown: {err}");

    let (code, err) = talkbot_exits(
        &["run", "--notes", notes],
        &[
            ("DISCORD_TOKEN", "well.formed.token"),
            ("TALKBOT_DISCORD__PROXY_URL", "not a url"),
        ],
    );
    assert_eq!(code, Some(2), "{err}");
    assert!(err.contains("discord.proxy_url is \"not a url\""), "{err}");
}

#[test]
fn digest_with_bad_settings_exits_2_naming_the_key() {
    let output = Command::new(TALKBOT)
        .current_dir(repo_root())
        .env("TALKBOT_DIGEST__ENABLED", "true")
        .env("TALKBOT_DIGEST__CHANNEL_ID", "5")
        .env("TALKBOT_DIGEST__TALKS_PER_DAY", "40")
        .args(["digest", "--date", "2025-06-02"])
        .output()
        .expect("talkbot runs");
    assert_eq!(output.status.code(), Some(2), "{output:?}");
    let err = String::from_utf8_lossy(&output.stderr);
    assert!(err.contains("digest.talks_per_day is 40"), "{err}");
}

#[test]
fn talks_explain_says_what_each_heading_was_taken_for() {
    let output = talkbot(&["talks", "--explain"]);
    assert!(output.status.success(), "{output:?}");
    let text = stdout(&output);
    assert!(text.contains("— talk level 2 (detected) ("), "{text}");
    assert!(
        text.contains("contents     Visited talks\n")
            && text.contains("its title names no talk")
            && text.contains("it holds the table of contents"),
        "{text}"
    );
    assert_eq!(text.matches(" talk         ").count(), 9, "{text}");

    let output = talkbot(&["talks", "--explain", "--json"]);
    let files: Value = serde_json::from_slice(&output.stdout).expect("JSON");
    let headings = files[0]["headings"].as_array().expect("headings");
    let talks: Vec<&str> = headings
        .iter()
        .filter(|h| h["taken_for"] == "talk")
        .map(|h| h["evidence"].as_str().unwrap_or_default())
        .collect();
    assert_eq!(talks, ["at_talk_level"; 9]);
    assert_eq!(files[0]["talk_level"], 2);
    assert_eq!(headings[0]["taken_for"], "title");
}

#[test]
fn check_says_where_the_reader_was_unsure() {
    let output = talkbot(&[
        "check",
        "--notes",
        "notes/tests/fixtures/explain_plain_heading.md",
    ]);
    assert!(output.status.success(), "warnings exit 0: {output:?}");
    let text = stdout(&output);
    assert!(
        text.contains("explain_plain_heading.md:17: warning: heading \"Plans for Lisbon\" was not taken as a talk: at the talk level, but under a plain heading above the talks that is not a day (hint: if it is a talk, put it under a day like the others, or set the talk level: `talk_level: 3` in the front matter, or notes.talk_level in the configuration)"),
        "{text}"
    );
}
