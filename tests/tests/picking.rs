//! Which talk a query names, through the real binaries: the bot's `/talk`, `/handout` and
//! autocomplete on the Discord stand-in, and `talkbot ask` (`talk-export --talk` is in
//! `export_cli.rs`). One rule for all: a talk key, an exact slug or title, else the search.

use end_to_end::bot::{answer_to, original_of, start_bot, stop_with_sigterm, TOKEN};
use end_to_end::discord::{StandIn, GUILD_ID};
use end_to_end::{repo_root, temp_dir};
use serde_json::{json, Value};
use std::path::Path;
use std::time::Duration;

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
    start_bot(
        Path::new(TALKBOT),
        discord,
        &[notes],
        logs,
        &[
            ("TALKBOT_DISCORD__TOKEN", TOKEN),
            ("TALKBOT_DISCORD__GUILD_IDS", GUILD_ID),
            ("TALKBOT_NOTES__WATCH_INTERVAL_MS", "100"),
            ("RUST_LOG", "info"),
        ],
    )
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
