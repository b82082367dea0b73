//! The real bot (serenity client) against the Discord stand-in on 127.0.0.1.

use end_to_end::bot::{answer_to, original_of, reply_to, start_bot, stop_with_sigterm, TOKEN};
use end_to_end::discord::{bot_user, user, StandIn, BOT_ID, CHANNEL_ID, GUILD_ID};
use end_to_end::{example_notes, repo_root, temp_dir};
use serde_json::{json, Value};
use std::path::Path;
use std::time::Duration;

/// The `talkbot` binary Cargo built for this test.
const TALKBOT: &str = env!("CARGO_BIN_EXE_talkbot");

const WAIT: Duration = Duration::from_secs(20);

fn assert_no_pings(body: &Value) {
    let mentions = &body["allowed_mentions"];
    assert_eq!(mentions["parse"], json!([]), "{body}");
    assert_eq!(mentions["users"], json!([]), "{body}");
    assert_eq!(mentions["roles"], json!([]), "{body}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bot_answers_on_discord_and_stops_on_sigterm() {
    let discord = StandIn::start().await;
    let logs = temp_dir("discord").join("stderr.log");
    let notes = example_notes();
    let mut bot = start_bot(
        Path::new(TALKBOT),
        &discord,
        &[notes.as_path(), Path::new("notes/tests/fixtures")],
        &logs,
        &[
            ("TALKBOT_DISCORD__TOKEN", TOKEN),
            ("TALKBOT_DISCORD__GUILD_IDS", GUILD_ID),
            ("RUST_LOG", "debug"),
        ],
    );

    // Ready, then the commands are registered for the configured guild, with autocomplete.
    assert!(
        discord.wait_identified(WAIT).await,
        "the bot never identified"
    );
    let registration = discord
        .wait_request(
            |r| {
                r.method == "PUT"
                    && r.path
                        == format!("/api/v10/applications/{BOT_ID}/guilds/{GUILD_ID}/commands")
            },
            WAIT,
        )
        .await
        .expect("commands registered");
    let names: Vec<&str> = registration
        .json
        .as_array()
        .expect("command list")
        .iter()
        .filter_map(|c| c["name"].as_str())
        .collect();
    assert_eq!(
        names,
        ["talk", "search", "talks", "handout", "digest", "help"]
    );
    let talk = &registration.json[0];
    assert_eq!(talk["options"][0]["name"], "query");
    assert_eq!(talk["options"][0]["autocomplete"], true);

    // /talk kubernets → the Kubernetes talk, as an embed, pinging nobody.
    let (id, token) = discord.slash_command(
        "talk",
        json!([{"name": "query", "type": 3, "value": "kubernets"}]),
    );
    let answer = answer_to(&discord, &id, &token, WAIT)
        .await
        .expect("/talk answered");
    assert_eq!(answer.json["type"], 4, "{}", answer.json);
    let embed = &answer.json["data"]["embeds"][0];
    assert_eq!(embed["title"], "Kubernetes is not for developers");
    assert_eq!(
        embed["url"],
        "https://conferences.oreilly.com/velocity/vl-eu/public/schedule/detail/72195"
    );
    assert!(embed["description"]
        .as_str()
        .is_some_and(|d| d.starts_with("Kubernetes is hard!")));
    assert_no_pings(&answer.json["data"]);

    // Autocomplete as the user types.
    let (id, token) = discord.autocomplete("talk", "query", "serverl");
    let choices = answer_to(&discord, &id, &token, WAIT)
        .await
        .expect("autocomplete answered");
    assert_eq!(choices.json["type"], 8, "{}", choices.json);
    let list = choices.json["data"]["choices"].as_array().expect("choices");
    assert!(!list.is_empty() && list.len() <= 25);
    let names: Vec<&str> = list.iter().filter_map(|c| c["name"].as_str()).collect();
    assert!(
        names.contains(&"Building resilient serverless systems"),
        "{names:?}"
    );
    assert!(list
        .iter()
        .all(|c| c["name"].as_str().is_some_and(|n| n.chars().count() <= 100)));

    // Picking a choice sends its value back as the query.
    let picked = list[0]["value"].as_str().expect("choice value").to_string();
    let (id, token) = discord.slash_command(
        "talk",
        json!([{"name": "query", "type": 3, "value": picked}]),
    );
    let answer = answer_to(&discord, &id, &token, WAIT)
        .await
        .expect("/talk with a picked choice answered");
    assert_eq!(answer.json["data"]["embeds"][0]["title"], names[0]);

    // A mention with a question gets the same kind of answer, as a reply that pings nobody.
    let channel_posts = format!("/api/v10/channels/{CHANNEL_ID}/messages");
    let posts = |discord: &StandIn| {
        discord
            .requests()
            .into_iter()
            .filter(|r| r.path == channel_posts)
            .count()
    };
    let question = discord.message(
        &format!("<@{BOT_ID}> what did they say about terratest? @everyone"),
        user("940000000000000002", "bob"),
        true,
        false,
    );
    let reply = reply_to(&discord, &channel_posts, &question, WAIT)
        .await
        .expect("mention answered");
    assert_eq!(
        reply.json["embeds"][0]["title"],
        "Lessons learned from 300.000 lines code for infrastructure",
        "{}",
        reply.json
    );
    assert_no_pings(&reply.json);
    assert_eq!(reply.json["allowed_mentions"]["replied_user"], false);

    // Chatter that does not address the bot, and messages from bots, are ignored.
    let before = posts(&discord);
    let ignored = [
        discord.message(
            "kubernetes is great",
            user("940000000000000002", "bob"),
            false,
            false,
        ),
        discord.message(
            &format!("<@{BOT_ID}> kubernetes"),
            bot_user("960000000000000001", "otherbot"),
            true,
            false,
        ),
        discord.message(
            &format!("<@{BOT_ID}> kubernetes"),
            bot_user(BOT_ID, "talkbot"),
            true,
            false,
        ),
    ];
    // The signal that they were read: a DM sent after them (it needs no mention) is answered.
    // serenity gives each event its own task, in the order the gateway sent them; an ignored
    // message is dropped before the bot waits on anything, while the DM's answer takes a search
    // and a request, so when it arrives the messages above have been handled. The check is
    // repeated at the end of the test, many answers later.
    let dm = discord.message("monorepos", user("940000000000000002", "bob"), false, true);
    let dm_reply = discord
        .wait_request(
            |r| {
                r.path.ends_with("/messages")
                    && r.json["message_reference"]["message_id"] == dm.as_str()
            },
            WAIT,
        )
        .await
        .expect("DM answered");
    assert_eq!(
        dm_reply.json["embeds"][0]["title"],
        "Everything you wanted to know about monorepos, but were afraid to ask"
    );
    let answers_to_ignored = |discord: &StandIn| {
        discord
            .requests()
            .into_iter()
            .filter(|r| {
                r.path.ends_with("/messages")
                    && ignored
                        .iter()
                        .any(|id| r.json["message_reference"]["message_id"] == id.as_str())
            })
            .count()
    };
    assert_eq!(
        posts(&discord),
        before,
        "chatter or a bot's message was answered"
    );
    assert_eq!(answers_to_ignored(&discord), 0);

    // /talks is paginated with buttons; pressing Next shows the next page in place.
    let (id, token) = discord.slash_command("talks", json!([]));
    let first = answer_to(&discord, &id, &token, WAIT)
        .await
        .expect("/talks answered");
    let footer = first.json["data"]["embeds"][0]["footer"]["text"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    assert!(footer.starts_with("page 1 / "), "{}", first.json);
    let buttons = &first.json["data"]["components"][0]["components"];
    assert_eq!(buttons[0]["disabled"], true, "{}", first.json);
    assert_eq!(buttons[1]["disabled"], false);
    let next = buttons[1]["custom_id"]
        .as_str()
        .expect("custom id")
        .to_string();
    let (id, token) = discord.button(&next);
    let second = answer_to(&discord, &id, &token, WAIT)
        .await
        .expect("page 2");
    assert_eq!(
        second.json["type"], 7,
        "the message is updated in place: {}",
        second.json
    );
    let footer = second.json["data"]["embeds"][0]["footer"]["text"]
        .as_str()
        .unwrap_or_default();
    assert!(footer.starts_with("page 2 / "), "{}", second.json);
    assert!(second.json["data"]["embeds"][0]["description"]
        .as_str()
        .is_some_and(|d| d.starts_with("11. ")));

    // Nothing fits: say so.
    let (id, token) = discord.slash_command(
        "talk",
        json!([{"name": "query", "type": 3, "value": "quantum computing"}]),
    );
    let answer = answer_to(&discord, &id, &token, WAIT)
        .await
        .expect("answered");
    assert!(
        answer.json["data"]["content"]
            .as_str()
            .is_some_and(|c| c.starts_with("Nothing in the notes matches")),
        "{}",
        answer.json
    );

    // /handout is deferred first (Discord's 3-second rule), then the original reply is edited.
    let (id, token) = discord.slash_command(
        "handout",
        json!([{"name": "talk", "type": 3, "value": "kubernetes"}]),
    );
    let deferred = answer_to(&discord, &id, &token, WAIT)
        .await
        .expect("deferred");
    assert_eq!(deferred.json["type"], 5);
    let edited = discord
        .wait_request(
            |r| r.method == "PATCH" && r.path == original_of(&token),
            WAIT,
        )
        .await
        .expect("handout sent");
    assert_no_pings(&edited.json);
    assert!(
        edited.json["content"]
            .as_str()
            .is_some_and(|c| c.starts_with("“Kubernetes is not for developers” — slides")),
        "{}",
        edited.json
    );
    let (field, name, pdf) = edited.files.first().expect("a PDF is attached");
    assert_eq!(field, "files[0]");
    assert_eq!(name, "kubernetes-is-not-for-developers.pdf");
    let document = lopdf::Document::load_mem(pdf).expect("the attachment is a PDF");
    let pages = document.get_pages();
    assert!(pages.len() >= 3, "{} pages", pages.len());
    let first_page = *pages.keys().next().expect("a page");
    let text = document.extract_text(&[first_page]).expect("text");
    assert!(text.contains("Kubernetes is not for developers"), "{text}");

    // Many answers later, still no answer to the ignored messages.
    assert_eq!(answers_to_ignored(&discord), 0);

    // SIGTERM: the shards shut down and the process exits 0.
    stop_with_sigterm(&mut bot, WAIT).await;

    let logs = std::fs::read_to_string(&logs).expect("logs");
    assert!(!logs.contains(TOKEN), "the token was logged");
    assert!(logs.contains("connected to Discord"), "{logs}");
}

#[tokio::test]
async fn missing_token_is_a_one_line_error() {
    let output = tokio::process::Command::new(TALKBOT)
        .current_dir(repo_root())
        .args(["run"])
        .env_remove("TALKBOT_DISCORD__TOKEN")
        .env_remove("DISCORD_TOKEN")
        .env("RUST_LOG", "off")
        .output()
        .await
        .expect("talkbot runs");
    assert_eq!(output.status.code(), Some(2));
    let err = String::from_utf8_lossy(&output.stderr);
    assert_eq!(err.trim_end().lines().count(), 1, "{err}");
    assert!(err.contains("set TALKBOT_DISCORD__TOKEN"), "{err}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn edited_notes_are_reloaded_and_bad_edits_keep_the_last_good_index() {
    let discord = StandIn::start().await;
    let dir = temp_dir("reload");
    let notes = dir.join("notes.md");
    std::fs::copy(example_notes(), &notes).expect("copy notes");
    let logs = dir.join("stderr.log");
    // The token may also come from DISCORD_TOKEN.
    let mut bot = start_bot(
        Path::new(TALKBOT),
        &discord,
        &[notes.as_path()],
        &logs,
        &[
            ("DISCORD_TOKEN", TOKEN),
            ("TALKBOT_DISCORD__SHARDS", "auto"),
            ("TALKBOT_NOTES__WATCH_INTERVAL_MS", "100"),
            ("RUST_LOG", "info"),
        ],
    );
    assert!(
        discord.wait_identified(WAIT).await,
        "the bot never identified"
    );
    // With `shards = "auto"`, serenity asks for the recommended shard count first.
    assert!(discord
        .requests()
        .iter()
        .any(|r| r.method == "GET" && r.path == "/api/v10/gateway/bot"));
    // Without guild ids, the commands are registered globally.
    discord
        .wait_request(
            |r| r.method == "PUT" && r.path == format!("/api/v10/applications/{BOT_ID}/commands"),
            WAIT,
        )
        .await
        .expect("global commands registered");

    let ask = |query: &str| {
        let (id, token) = discord.slash_command(
            "talk",
            json!([{"name": "query", "type": 3, "value": query}]),
        );
        let discord = &discord;
        async move {
            answer_to(discord, &id, &token, WAIT)
                .await
                .expect("answered")
                .json
        }
    };
    let before = ask("webassembly edge runtimes").await;
    assert!(
        before["data"]["embeds"]
            .as_array()
            .is_none_or(|e| e.is_empty()),
        "{before}"
    );

    let mut text = std::fs::read_to_string(&notes).expect("read notes");
    text.push_str("\n## WebAssembly at the edge\n\nWebAssembly runtimes run at the CDN edge.\n");
    std::fs::write(&notes, &text).expect("edit notes");
    let mut found = Value::Null;
    for _ in 0..50 {
        found = ask("webassembly edge runtimes").await;
        if found["data"]["embeds"][0]["title"] == "WebAssembly at the edge" {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(
        found["data"]["embeds"][0]["title"], "WebAssembly at the edge",
        "{found}"
    );

    // A save that breaks the file: the bot says why in its log and keeps answering. (The write
    // is not atomic: the bot may first see the file empty and hold its index back for that, so
    // the wait is for the line that names the error.)
    std::fs::write(&notes, b"# Broken\n\n## Talk\n\n\xff\xfe not UTF-8\n").expect("break notes");
    let logged = end_to_end::discord::eventually(WAIT, || {
        std::fs::read_to_string(&logs)
            .is_ok_and(|l| l.contains("notes.md:5: invalid UTF-8 at byte 19"))
    })
    .await;
    let log = std::fs::read_to_string(&logs).unwrap_or_default();
    assert!(logged, "{log}");
    assert!(log.contains("keeping the last good index"), "{log}");
    let still = ask("webassembly edge").await;
    assert_eq!(
        still["data"]["embeds"][0]["title"], "WebAssembly at the edge",
        "{still}"
    );

    stop_with_sigterm(&mut bot, WAIT).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_stale_command_is_answered_with_the_commands_there_are() {
    let discord = StandIn::start().await;
    let logs = temp_dir("stale-command").join("stderr.log");
    let notes = example_notes();
    let mut bot = start_bot(
        Path::new(TALKBOT),
        &discord,
        &[notes.as_path()],
        &logs,
        &[("TALKBOT_DISCORD__TOKEN", TOKEN), ("RUST_LOG", "info")],
    );
    assert!(discord.wait_identified(WAIT).await, "never identified");
    let (id, token) = discord.slash_command(
        "schedule",
        json!([{"name": "day", "type": 3, "value": "monday"}]),
    );
    let answer = answer_to(&discord, &id, &token, WAIT)
        .await
        .expect("the stale command was answered");
    let data = &answer.json["data"];
    assert_eq!(answer.json["type"], 4, "{}", answer.json);
    assert_eq!(data["flags"], 64, "only the asker sees it: {data}");
    let content = data["content"].as_str().unwrap_or_default();
    assert!(
        content.starts_with("/schedule is not a command"),
        "{content}"
    );
    for name in ["/talk", "/search", "/talks", "/handout", "/digest", "/help"] {
        assert!(content.contains(&format!("`{name}`")), "{name}: {content}");
    }
    assert_no_pings(data);
    stop_with_sigterm(&mut bot, WAIT).await;
    let log = std::fs::read_to_string(&logs).unwrap_or_default();
    assert!(log.contains("unknown command"), "{log}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_stale_button_is_answered_not_left_to_fail() {
    let discord = StandIn::start().await;
    let logs = temp_dir("stale-button").join("stderr.log");
    let notes = example_notes();
    let mut bot = start_bot(
        Path::new(TALKBOT),
        &discord,
        &[notes.as_path()],
        &logs,
        &[("TALKBOT_DISCORD__TOKEN", TOKEN), ("RUST_LOG", "info")],
    );
    assert!(discord.wait_identified(WAIT).await, "never identified");
    // Buttons of an older version of the bot, or ids no page button has.
    for custom_id in ["schedule:1:monday", "search:x:serverless", "", "talks"] {
        let (id, token) = discord.button(custom_id);
        let answer = answer_to(&discord, &id, &token, WAIT)
            .await
            .unwrap_or_else(|| panic!("the button {custom_id:?} was not answered"));
        let data = &answer.json["data"];
        assert_eq!(answer.json["type"], 4, "{}", answer.json);
        assert_eq!(data["flags"], 64, "only the asker sees it: {data}");
        let content = data["content"].as_str().unwrap_or_default();
        assert!(content.contains("`/search`"), "{content}");
        assert_no_pings(data);
    }
    stop_with_sigterm(&mut bot, WAIT).await;
    let log = std::fs::read_to_string(&logs).unwrap_or_default();
    assert!(log.contains("unknown button"), "{log}");
}
