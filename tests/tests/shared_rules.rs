//! The rules the bot shares with `talk-export`, through the real binaries on the Discord
//! stand-in: which talk a query names (`/talk`, `/handout`, autocomplete, `talkbot ask`; one
//! rule for all: a talk key, an exact slug or title, else the search — `talk-export --talk` is
//! in `export_cli.rs`), and the `[export]` settings `/handout` makes its PDFs with.

use end_to_end::bot::{answer_to, original_of, start_bot, stop_with_sigterm, TOKEN};
use end_to_end::discord::{StandIn, GUILD_ID};
use end_to_end::{repo_root, temp_dir};
use serde_json::{json, Value};
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// The `talkbot` binary Cargo built for this test.
const TALKBOT: &str = env!("CARGO_BIN_EXE_talkbot");

const WAIT: Duration = Duration::from_secs(20);

/// Talks whose names the search alone cannot find: a title of punctuation, and a title whose
/// slug (`qa`) is no word of it.
const NOTES: &str = "# Demo conference\n\n\
    ## Q&A\n\nQuestions from the audience about the whole day.\n\n\
    ## ???\n\nA talk whose title was lost.\n\n\
    ## Metrics\n\nCounters and gauges.\n\n\
    ## Metrics in production\n\nMetrics of production services, metrics everywhere.\n";

async fn talk(discord: &StandIn, query: &str) -> Value {
    let (id, token) = discord.slash_command(
        "talk",
        json!([{"name": "query", "type": 3, "value": query}]),
    );
    answer_to(discord, &id, &token, WAIT)
        .await
        .expect("/talk answered")
        .json
}

fn start(discord: &StandIn, notes: &Path, logs: &Path) -> tokio::process::Child {
    start_with(discord, notes, logs, &[])
}

fn start_with(
    discord: &StandIn,
    notes: &Path,
    logs: &Path,
    env: &[(&str, &str)],
) -> tokio::process::Child {
    let mut all = vec![
        ("TALKBOT_DISCORD__TOKEN", TOKEN),
        ("TALKBOT_DISCORD__GUILD_IDS", GUILD_ID),
        ("TALKBOT_NOTES__WATCH_INTERVAL_MS", "100"),
        ("RUST_LOG", "info"),
    ];
    all.extend_from_slice(env);
    start_bot(Path::new(TALKBOT), discord, &[notes], logs, &all)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_slug_or_an_exact_title_names_the_talk_in_talk_handout_and_ask() {
    let dir = temp_dir("pick-exact");
    let notes = dir.join("demo.md");
    std::fs::write(&notes, NOTES).expect("write notes");
    let discord = StandIn::start().await;
    let mut bot = start(&discord, &notes, &dir.join("stderr.log"));
    assert!(discord.wait_identified(WAIT).await, "never identified");

    // The slug `qa` names "Q&A"; the title "???" names its talk.
    let answer = talk(&discord, "qa").await;
    assert_eq!(answer["data"]["embeds"][0]["title"], "Q&A", "{answer}");
    let answer = talk(&discord, "???").await;
    assert_eq!(answer["data"]["embeds"][0]["title"], "???", "{answer}");
    // An exact title is sure: no "also matching" for the longer title.
    let answer = talk(&discord, "Metrics").await;
    let embed = &answer["data"]["embeds"][0];
    assert_eq!(embed["title"], "Metrics", "{answer}");
    assert!(
        embed["fields"]
            .as_array()
            .is_some_and(|f| f.iter().all(|f| f["name"] != "Also matching")),
        "{answer}"
    );

    // /handout follows the same rule.
    let (id, token) = discord.slash_command(
        "handout",
        json!([{"name": "talk", "type": 3, "value": "qa"}]),
    );
    answer_to(&discord, &id, &token, WAIT)
        .await
        .expect("deferred");
    let edited = discord
        .wait_request(
            |r| r.method == "PATCH" && r.path == original_of(&token),
            WAIT,
        )
        .await
        .expect("handout sent");
    assert!(
        edited.json["content"]
            .as_str()
            .is_some_and(|c| c.starts_with("“Q&A” — slides")),
        "{}",
        edited.json
    );
    assert_eq!(edited.files.first().map(|f| f.1.as_str()), Some("qa.pdf"));
    stop_with_sigterm(&mut bot, WAIT).await;

    // `talkbot ask` puts the talk the query names first, sure of it.
    let output = std::process::Command::new(TALKBOT)
        .current_dir(repo_root())
        .args(["ask", "--json", "--notes"])
        .arg(&notes)
        .arg("qa")
        .output()
        .expect("talkbot runs");
    assert!(output.status.success(), "{output:?}");
    let json: Value = serde_json::from_slice(&output.stdout).expect("JSON");
    assert_eq!(json["results"][0]["title"], "Q&A", "{json}");
    assert_eq!(json["confidence"], "clear", "{json}");
    std::fs::remove_dir_all(&dir).ok();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_autocomplete_choice_opens_the_same_talk_after_a_reload() {
    let dir = temp_dir("pick-stable");
    let notes = dir.join("demo.md");
    std::fs::write(&notes, NOTES).expect("write notes");
    let discord = StandIn::start().await;
    let mut bot = start(&discord, &notes, &dir.join("stderr.log"));
    assert!(discord.wait_identified(WAIT).await, "never identified");

    // The user types, and Discord keeps the choice's value.
    let (id, token) = discord.autocomplete("talk", "query", "metrics in prod");
    let choices = answer_to(&discord, &id, &token, WAIT)
        .await
        .expect("autocomplete answered");
    let list = choices.json["data"]["choices"].as_array().expect("choices");
    let chosen = list
        .iter()
        .find(|c| c["name"] == "Metrics in production")
        .expect("the talk is offered");
    let value = chosen["value"].as_str().expect("a value").to_string();

    // Meanwhile the notes gain a talk before it, and the bot reloads them.
    let inserted = NOTES.replacen(
        "## Q&A",
        "## Opening keynote\n\nWelcome words about observability.\n\n## Q&A",
        1,
    );
    std::fs::write(&notes, inserted).expect("edit notes");
    let mut seen = Value::Null;
    for _ in 0..100 {
        seen = talk(&discord, "opening keynote").await;
        if seen["data"]["embeds"][0]["title"] == "Opening keynote" {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(
        seen["data"]["embeds"][0]["title"], "Opening keynote",
        "{seen}"
    );

    // The command with the chosen value opens the talk that was chosen.
    let answer = talk(&discord, &value).await;
    assert_eq!(
        answer["data"]["embeds"][0]["title"], "Metrics in production",
        "value {value:?}: {answer}"
    );
    stop_with_sigterm(&mut bot, WAIT).await;
    std::fs::remove_dir_all(&dir).ok();
}

/// A web server on 127.0.0.1 that answers every request with the test picture; returns its
/// address and the number of requests it got.
async fn picture_server() -> (String, Arc<AtomicUsize>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let address = listener.local_addr().expect("address").to_string();
    let picture = std::fs::read(repo_root().join("export/tests/fixtures/slide.png")).expect("png");
    let requests = Arc::new(AtomicUsize::new(0));
    let counted = requests.clone();
    tokio::spawn(async move {
        while let Ok((mut stream, _)) = listener.accept().await {
            counted.fetch_add(1, Ordering::SeqCst);
            let mut request = [0; 4096];
            let _ = stream.read(&mut request).await;
            let head = format!(
                "HTTP/1.1 200 OK\r\ncontent-type: image/png\r\ncontent-length: {}\r\nconnection: close\r\n\r\n",
                picture.len()
            );
            let _ = stream.write_all(head.as_bytes()).await;
            let _ = stream.write_all(&picture).await;
        }
    });
    (address, requests)
}

/// How many pictures (image XObjects) a PDF holds.
fn pictures_in(pdf: &[u8]) -> usize {
    let document = lopdf::Document::load_mem(pdf).expect("a PDF");
    document
        .objects
        .values()
        .filter(|object| {
            object.as_stream().is_ok_and(|stream| {
                stream
                    .dict
                    .get(b"Subtype")
                    .and_then(|s| s.as_name())
                    .is_ok_and(|name| name == b"Image")
            })
        })
        .count()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn handout_makes_its_pdf_with_the_export_settings() {
    let dir = temp_dir("handout-settings");
    let (server, requests) = picture_server().await;
    let notes = dir.join("demo.md");
    std::fs::write(
        &notes,
        format!("# Demo\n\n## Charts\n\n![chart](http://{server}/chart.png)\n\nText.\n"),
    )
    .expect("write notes");
    let cache = dir.join("cache").to_string_lossy().into_owned();
    let discord = StandIn::start().await;
    let mut bot = start_with(
        &discord,
        &notes,
        &dir.join("stderr.log"),
        &[
            ("TALKBOT_EXPORT__OFFLINE", "true"),
            ("TALKBOT_EXPORT__PICTURE_CACHE", &cache),
            ("TALKBOT_EXPORT__LAYOUT", "handout-3"),
        ],
    );
    assert!(discord.wait_identified(WAIT).await, "never identified");

    let handout = |layout: Option<&str>| {
        let mut options = vec![json!({"name": "talk", "type": 3, "value": "charts"})];
        if let Some(layout) = layout {
            options.push(json!({"name": "layout", "type": 3, "value": layout}));
        }
        let (id, token) = discord.slash_command("handout", Value::Array(options));
        let discord = &discord;
        async move {
            answer_to(discord, &id, &token, WAIT)
                .await
                .expect("deferred");
            discord
                .wait_request(
                    |r| r.method == "PATCH" && r.path == original_of(&token),
                    WAIT,
                )
                .await
                .expect("handout sent")
        }
    };
    // No layout asked for: the [export] layout, named as talk-export names the file.
    let edited = handout(None).await;
    assert!(
        edited.json["content"]
            .as_str()
            .is_some_and(|c| c.starts_with("“Charts” — handout-3, ")),
        "{}",
        edited.json
    );
    let (_, name, pdf) = edited.files.first().expect("a PDF is attached");
    assert_eq!(name, "charts.handout-3.pdf");
    // Offline: the picture is not fetched; the PDF has a placeholder instead.
    assert_eq!(pictures_in(pdf), 0);
    // A layout asked for wins over the setting; still offline.
    let edited = handout(Some("slides")).await;
    let (_, name, pdf) = edited.files.first().expect("a PDF is attached");
    assert_eq!(name, "charts.pdf");
    assert_eq!(pictures_in(pdf), 0);
    assert_eq!(requests.load(Ordering::SeqCst), 0, "offline, yet fetched");
    stop_with_sigterm(&mut bot, WAIT).await;

    // The same notes without the offline setting: the picture is fetched and drawn, so the
    // setting is what kept it out.
    let discord = StandIn::start().await;
    let mut bot = start_with(
        &discord,
        &notes,
        &dir.join("stderr-online.log"),
        &[("TALKBOT_EXPORT__PICTURE_CACHE", &cache)],
    );
    assert!(discord.wait_identified(WAIT).await, "never identified");
    let (id, token) = discord.slash_command(
        "handout",
        json!([{"name": "talk", "type": 3, "value": "charts"}]),
    );
    answer_to(&discord, &id, &token, WAIT)
        .await
        .expect("deferred");
    let edited = discord
        .wait_request(
            |r| r.method == "PATCH" && r.path == original_of(&token),
            WAIT,
        )
        .await
        .expect("handout sent");
    let (_, name, pdf) = edited.files.first().expect("a PDF is attached");
    assert_eq!(name, "charts.pdf");
    assert_eq!(pictures_in(pdf), 1);
    assert_eq!(requests.load(Ordering::SeqCst), 1);
    stop_with_sigterm(&mut bot, WAIT).await;
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn run_refuses_export_settings_it_could_not_make_pdfs_with() {
    for (key, value, said) in [
        (
            "TALKBOT_EXPORT__PAPER",
            "a5",
            "key `export.paper` is \"a5\"",
        ),
        (
            "TALKBOT_EXPORT__FONTS",
            "/nonexistent/font.ttf",
            "key `export.fonts`",
        ),
    ] {
        let output = std::process::Command::new(TALKBOT)
            .current_dir(repo_root())
            .arg("run")
            .env("TALKBOT_DISCORD__TOKEN", TOKEN)
            .env("TALKBOT_DISCORD__PROXY_URL", "http://127.0.0.1:9")
            .env(key, value)
            .env("RUST_LOG", "off")
            .output()
            .expect("talkbot runs");
        assert_eq!(output.status.code(), Some(2), "{key}: {output:?}");
        let err = String::from_utf8_lossy(&output.stderr);
        assert!(err.contains(said), "{key}: {err}");
        assert_eq!(err.trim_end().lines().count(), 1, "{err}");
    }
}

#[test]
fn the_console_handout_reads_the_export_settings_too() {
    let dir = temp_dir("console-handout");
    let notes = dir.join("demo.md");
    std::fs::write(&notes, NOTES).expect("write notes");
    let mut console = std::process::Command::new(TALKBOT)
        .current_dir(repo_root())
        .args(["console", "--notes"])
        .arg(&notes)
        .env("TALKBOT_EXPORT__LAYOUT", "handout-3")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("talkbot console runs");
    {
        use std::io::Write;
        let mut stdin = console.stdin.take().expect("stdin");
        stdin
            .write_all(b"/handout talk:qa\n/handout talk:qa layout:slides\n")
            .expect("write");
    }
    let output = console.wait_with_output().expect("console ends");
    assert!(output.status.success(), "{output:?}");
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(text.contains("“Q&A” — handout-3, "), "{text}");
    assert!(text.contains("[attached qa.handout-3.pdf ("), "{text}");
    assert!(text.contains("[attached qa.pdf ("), "{text}");
    std::fs::remove_dir_all(&dir).ok();
}
