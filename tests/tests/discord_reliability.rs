//! The real bot against the Discord stand-in, under abuse and faults: hostile questions,
//! unsendable PDFs, an unreachable gateway, bad settings, kill -9 in the middle of the digest,
//! notes saved empty, and two processes sharing the shards.

use end_to_end::bot::{answer_to, edit_of, original_of, reply_to, stop_with_sigterm, TOKEN};
use end_to_end::discord::{eventually, user, Fault, StandIn, BOT_ID, CHANNEL_ID, GUILD_ID};
use end_to_end::{example_notes, repo_root, temp_dir};
use serde_json::{json, Value};
use std::path::Path;
use std::time::Duration;

/// The `talkbot` binary Cargo built for this test.
const TALKBOT: &str = env!("CARGO_BIN_EXE_talkbot");

const WAIT: Duration = Duration::from_secs(30);

/// [`end_to_end::bot::start_bot`] with the token set.
fn start_bot(
    discord: &StandIn,
    notes: &[&Path],
    logs: &Path,
    env: &[(&str, &str)],
) -> tokio::process::Child {
    let mut with_token = vec![("TALKBOT_DISCORD__TOKEN", TOKEN)];
    with_token.extend_from_slice(env);
    end_to_end::bot::start_bot(Path::new(TALKBOT), discord, notes, logs, &with_token)
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_default()
}

/// `HH:MM:SS` in UTC, `ahead` seconds from now.
fn utc_clock_in(ahead: u64) -> String {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .expect("clock after 1970")
        .as_secs()
        + ahead;
    let day = now % 86_400;
    format!("{:02}:{:02}:{:02}", day / 3600, day % 3600 / 60, day % 60)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hostile_questions_unsendable_pdfs_and_trace_logs() {
    let discord = StandIn::start().await;
    let dir = temp_dir("hostile");
    let logs = dir.join("stderr.log");
    let extra = dir.join("relative.md");
    std::fs::write(
        &extra,
        "# Local notes\n\n## [Relative linked talk](talks/relative.md)\n\nZanzibar quokkas explained.\n",
    )
    .expect("notes");
    let notes = example_notes();
    let mut bot = start_bot(
        &discord,
        &[notes.as_path(), extra.as_path()],
        &logs,
        &[
            ("TALKBOT_DISCORD__GUILD_IDS", GUILD_ID),
            ("RUST_LOG", "trace"),
        ],
    );
    assert!(discord.wait_identified(WAIT).await, "never identified");
    let registered = |r: &end_to_end::discord::Request| r.method == "PUT";
    discord
        .wait_request(registered, WAIT)
        .await
        .expect("commands registered");

    // A masked link in a question is echoed as inert text, to the asker only.
    let hostile = "[Free Nitro](https://evil.example) xyzzy @everyone <@940000000000000009>";
    let (id, token) = discord.slash_command(
        "talk",
        json!([{"name": "query", "type": 3, "value": hostile}]),
    );
    let answer = answer_to(&discord, &id, &token, WAIT)
        .await
        .expect("answered");
    let data = &answer.json["data"];
    assert_eq!(data["flags"], 64, "not-found is ephemeral: {data}");
    let content = data["content"].as_str().unwrap_or_default();
    assert!(
        content.starts_with("Nothing in the notes matches"),
        "{content}"
    );
    assert!(!content.contains("[Free Nitro]("), "{content}");
    assert!(
        !content.contains("@everyone") && !content.contains("<@9"),
        "{content}"
    );

    // The same as a mention: a reply that is still sent if the question is deleted meanwhile.
    let question = discord.message(
        &format!("<@{BOT_ID}> {hostile}"),
        user("940000000000000002", "bob"),
        true,
        false,
    );
    let channel_posts = format!("/api/v10/channels/{CHANNEL_ID}/messages");
    let reply = reply_to(&discord, &channel_posts, &question, WAIT)
        .await
        .expect("mention answered");
    assert_eq!(reply.json["message_reference"]["fail_if_not_exists"], false);
    let content = reply.json["content"].as_str().unwrap_or_default();
    assert!(!content.contains("[Free Nitro]("), "{content}");

    // A talk whose link is relative: the embed has no url (Discord would refuse the message).
    let (id, token) = discord.slash_command(
        "talk",
        json!([{"name": "query", "type": 3, "value": "zanzibar quokkas"}]),
    );
    let answer = answer_to(&discord, &id, &token, WAIT)
        .await
        .expect("answered");
    let embed = &answer.json["data"]["embeds"][0];
    assert_eq!(embed["title"], "Relative linked talk", "{}", answer.json);
    assert!(embed.get("url").is_none(), "{embed}");

    // A PDF larger than the server accepts: said in words, nothing attached.
    let (_, token) = discord.slash_command_with(
        "handout",
        json!([{"name": "talk", "type": 3, "value": "kubernetes"}]),
        json!({"attachment_size_limit": 1000}),
    );
    let edited = discord
        .wait_request(
            |r| r.method == "PATCH" && r.path == original_of(&token),
            WAIT,
        )
        .await
        .expect("answered");
    assert!(edited.files.is_empty());
    let content = edited.json["content"].as_str().unwrap_or_default();
    assert!(content.contains("more than the"), "{content}");

    // The edit with the PDF fails: a text answer replaces "thinking…".
    discord.fail_file_edits();
    let (_, token) = discord.slash_command(
        "handout",
        json!([{"name": "talk", "type": 3, "value": "kubernetes"}]),
    );
    let fallback = discord
        .wait_request(
            |r| r.method == "PATCH" && r.path == original_of(&token) && r.files.is_empty(),
            WAIT,
        )
        .await
        .expect("a text answer after the failed edit");
    let content = fallback.json["content"].as_str().unwrap_or_default();
    assert!(content.contains("could not be sent"), "{content}");

    stop_with_sigterm(&mut bot, WAIT).await;
    let log = read(&logs);
    assert!(log.contains("TRACE"), "trace logging is on");
    assert!(!log.contains(TOKEN), "the token was logged at trace level");
    let registrations = discord.requests().into_iter().filter(registered).count();
    assert_eq!(registrations, 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sigterm_while_the_gateway_is_unreachable_exits_0() {
    let discord = StandIn::start().await;
    // Nobody listens there: the shard keeps trying to connect.
    discord.set_gateway_url("ws://127.0.0.1:9/ws");
    let dir = temp_dir("unreachable");
    let notes = example_notes();
    let mut bot = start_bot(&discord, &[notes.as_path()], &dir.join("stderr.log"), &[]);
    discord
        .wait_request(|r| r.path == "/api/v10/gateway", WAIT)
        .await
        .expect("the bot asked for the gateway");
    stop_with_sigterm(&mut bot, WAIT).await;
}

#[tokio::test]
async fn bad_digest_settings_stop_the_start_with_one_line() {
    let dir = temp_dir("bad-digest");
    let blocker = dir.join("a-file");
    std::fs::write(&blocker, "x").expect("file");
    let unwritable = blocker.join("state.json");
    let unwritable = unwritable.to_str().expect("utf-8");
    let cases: [(&[(&str, &str)], &str); 4] = [
        (
            &[("TALKBOT_DIGEST__CHANNEL_ID", "0")],
            "digest.channel_id is 0",
        ),
        (
            &[
                ("TALKBOT_DIGEST__CHANNEL_ID", CHANNEL_ID),
                ("TALKBOT_DIGEST__TALKS_PER_DAY", "11"),
            ],
            "digest.talks_per_day is 11",
        ),
        (
            &[("TALKBOT_DIGEST__CHANNEL_IDS", "5,5")],
            "lists channel 5 twice",
        ),
        (
            &[
                ("TALKBOT_DIGEST__CHANNEL_ID", CHANNEL_ID),
                ("TALKBOT_DIGEST__STATE_FILE", unwritable),
            ],
            "cannot be written",
        ),
    ];
    for (env, expected) in cases {
        let output = tokio::process::Command::new(TALKBOT)
            .current_dir(repo_root())
            .arg("run")
            .env("TALKBOT_DISCORD__TOKEN", TOKEN)
            .env("TALKBOT_DISCORD__PROXY_URL", "http://127.0.0.1:9")
            .env("TALKBOT_DIGEST__ENABLED", "true")
            .envs(env.iter().copied())
            .env("RUST_LOG", "off")
            .output()
            .await
            .expect("talkbot runs");
        let err = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{err}");
        assert_eq!(err.trim_end().lines().count(), 1, "{err}");
        assert!(err.contains(expected), "{expected}: {err}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_digest_lands_once_when_killed_while_discord_answers_the_post() {
    let discord = StandIn::start().await;
    // Discord creates the message at once but the bot hears back only 3 s later: the bot is
    // killed in between, before it can record the post as done.
    discord.delay_channel_posts(Duration::from_secs(3));
    let dir = temp_dir("digest-kill");
    let state_file = dir.join("digest-state.json");
    let state_path = state_file.to_str().expect("utf-8 path").to_string();
    let time = utc_clock_in(3);
    let env = [
        ("TALKBOT_DIGEST__ENABLED", "true"),
        ("TALKBOT_DIGEST__CHANNEL_ID", CHANNEL_ID),
        ("TALKBOT_DIGEST__TIME", time.as_str()),
        ("TALKBOT_DIGEST__TIMEZONE", "UTC"),
        ("TALKBOT_DIGEST__DAYS", "Mon,Tue,Wed,Thu,Fri,Sat,Sun"),
        ("TALKBOT_DIGEST__STATE_FILE", state_path.as_str()),
        ("RUST_LOG", "info"),
    ];
    let notes = example_notes();
    let mut bot = start_bot(&discord, &[notes.as_path()], &dir.join("first.log"), &env);
    let channel_posts = format!("/api/v10/channels/{CHANNEL_ID}/messages");
    let digest = discord
        .wait_request(|r| r.method == "POST" && r.path == channel_posts, WAIT)
        .await
        .expect("the digest was posted");
    bot.start_kill().expect("SIGKILL");
    let _ = bot.wait().await;
    assert_eq!(digest.json["enforce_nonce"], true, "{}", digest.json);
    let nonce = digest.json["nonce"].as_str().expect("a nonce").to_string();
    assert!(nonce.len() <= 25);
    let embed = &digest.json["embeds"][0];
    assert_eq!(
        embed["title"],
        "A global source of truth for the microservices generation"
    );
    assert_eq!(embed["footer"]["text"], "talk 1 of 9");
    let recorded = read(&state_file);
    assert!(
        recorded.contains("\"pending\""),
        "intent recorded: {recorded}"
    );

    // The restart finishes the post: Discord still has one message, and the state says done.
    let mut again = start_bot(&discord, &[notes.as_path()], &dir.join("second.log"), &env);
    let finished = eventually(WAIT, || {
        let state = read(&state_file);
        state.contains("\"last_posted\"")
            && !state.contains("\"pending\"")
            && !state.contains("\"last_posted\": null")
    })
    .await;
    assert!(
        finished,
        "{}\n{}",
        read(&state_file),
        read(&dir.join("second.log"))
    );
    let kept = discord.channel_messages(CHANNEL_ID);
    assert_eq!(kept.len(), 1, "the digest was doubled: {kept:?}");
    assert_eq!(kept[0]["nonce"], nonce.as_str());

    // `talkbot digest` previews the next one from the same state.
    let output = tokio::process::Command::new(TALKBOT)
        .current_dir(repo_root())
        .args(["digest", "--json", "--notes"])
        .arg(&notes)
        .envs(env.iter().copied())
        .env("RUST_LOG", "off")
        .output()
        .await
        .expect("talkbot digest runs");
    assert!(output.status.success(), "{output:?}");
    let preview: Value = serde_json::from_slice(&output.stdout).expect("JSON");
    assert_eq!(preview["embeds"][0]["footer"], "talk 2 of 9", "{preview}");

    stop_with_sigterm(&mut again, WAIT).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_notes_file_saved_empty_keeps_the_last_good_index() {
    let discord = StandIn::start().await;
    let dir = temp_dir("emptied");
    let notes = dir.join("notes.md");
    std::fs::copy(example_notes(), &notes).expect("copy notes");
    let logs = dir.join("stderr.log");
    let mut bot = start_bot(
        &discord,
        &[notes.as_path()],
        &logs,
        &[
            ("TALKBOT_NOTES__WATCH_INTERVAL_MS", "100"),
            ("RUST_LOG", "info"),
        ],
    );
    assert!(discord.wait_identified(WAIT).await);
    std::fs::write(&notes, "").expect("save empty");
    let held = eventually(WAIT, || read(&logs).contains("lost most talks")).await;
    assert!(held, "{}", read(&logs));
    let (id, token) = discord.slash_command(
        "talk",
        json!([{"name": "query", "type": 3, "value": "kubernetes"}]),
    );
    let answer = answer_to(&discord, &id, &token, WAIT)
        .await
        .expect("answered");
    assert_eq!(
        answer.json["data"]["embeds"][0]["title"],
        "Kubernetes is not for developers"
    );
    // The save completes: the notes come back without any change of the index in between.
    std::fs::copy(example_notes(), &notes).expect("restore");
    stop_with_sigterm(&mut bot, WAIT).await;
    assert!(!read(&logs).contains("talks=0"), "{}", read(&logs));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_processes_share_the_shards_and_post_one_digest() {
    let discord = StandIn::start().await;
    let dir = temp_dir("two-processes");
    let time = utc_clock_in(4);
    let notes = example_notes();
    let process = |name: &str, shards: &'static str| {
        let state = dir.join(format!("{name}-state.json"));
        let state = state.to_str().expect("utf-8").to_string();
        let time = time.clone();
        let env: Vec<(String, String)> = vec![
            ("TALKBOT_DISCORD__SHARDS".into(), shards.into()),
            ("TALKBOT_DIGEST__ENABLED".into(), "true".into()),
            ("TALKBOT_DIGEST__CHANNEL_ID".into(), CHANNEL_ID.into()),
            ("TALKBOT_DIGEST__TIME".into(), time),
            ("TALKBOT_DIGEST__TIMEZONE".into(), "UTC".into()),
            (
                "TALKBOT_DIGEST__DAYS".into(),
                "Mon,Tue,Wed,Thu,Fri,Sat,Sun".into(),
            ),
            ("TALKBOT_DIGEST__STATE_FILE".into(), state),
            ("RUST_LOG".into(), "info".into()),
        ];
        env
    };
    let env_a = process("a", "0-1/4");
    let env_b = process("b", "2-3/4");
    let refs_a: Vec<(&str, &str)> = env_a
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let refs_b: Vec<(&str, &str)> = env_b
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let logs_b = dir.join("b.log");
    let mut a = start_bot(&discord, &[notes.as_path()], &dir.join("a.log"), &refs_a);
    let mut b = start_bot(&discord, &[notes.as_path()], &logs_b, &refs_b);

    let all = discord
        .wait_until(
            |d| {
                let mut shards = d.identified_shards();
                shards.sort_unstable();
                (shards == [(0, 4), (1, 4), (2, 4), (3, 4)]).then_some(shards)
            },
            Duration::from_secs(60),
        )
        .await;
    assert!(
        all.is_some(),
        "shards identified: {:?}",
        discord.identified_shards()
    );

    // A command routed to a shard of each process is answered.
    for shard in [1, 3] {
        let (id, token) = discord.slash_command_to_shard(
            shard,
            "talk",
            json!([{"name": "query", "type": 3, "value": "kubernetes"}]),
        );
        let answer = answer_to(&discord, &id, &token, WAIT)
            .await
            .unwrap_or_else(|| panic!("shard {shard} answered"));
        assert_eq!(
            answer.json["data"]["embeds"][0]["title"],
            "Kubernetes is not for developers"
        );
    }

    // One digest: process A (shard 0) posts it; B says it leaves it to A.
    let posted = discord
        .wait_until(
            |d| (!d.channel_messages(CHANNEL_ID).is_empty()).then_some(()),
            WAIT,
        )
        .await;
    assert!(posted.is_some(), "no digest");
    assert!(read(&logs_b).contains("posted by the process that runs shard 0"));
    assert!(!dir.join("b-state.json").exists());
    let state_a = dir.join("a-state.json");
    assert!(eventually(WAIT, || read(&state_a).contains("\"last_posted\": \"")).await);
    assert_eq!(discord.channel_messages(CHANNEL_ID).len(), 1);
    // Each process registers the commands once, not once per shard.
    let registrations = discord
        .requests()
        .into_iter()
        .filter(|r| r.method == "PUT")
        .count();
    assert_eq!(registrations, 2);

    stop_with_sigterm(&mut a, WAIT).await;
    stop_with_sigterm(&mut b, WAIT).await;
}

/// The token as the WebSocket libraries would print a frame holding it: text, a list of byte
/// values, or hexadecimal.
fn token_forms() -> Vec<String> {
    let bytes = TOKEN.as_bytes();
    let decimal: Vec<String> = bytes.iter().map(u8::to_string).collect();
    let lower: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    vec![
        TOKEN.to_string(),
        decimal.join(", "),
        decimal.join(","),
        lower.clone(),
        lower.to_uppercase(),
    ]
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_rust_log_filter_prints_the_token() {
    let filters = [
        "tungstenite::protocol=trace",
        "tungstenite::protocol::frame=trace",
        "info,tokio_tungstenite=trace,tungstenite::protocol::frame::frame=trace",
        "trace,tungstenite::protocol=trace,tokio_tungstenite::compat=debug",
    ];
    let dir = temp_dir("token-filters");
    let notes = example_notes();
    for (n, filter) in filters.into_iter().enumerate() {
        let discord = StandIn::start().await;
        let logs = dir.join(format!("stderr-{n}.log"));
        let mut bot = start_bot(&discord, &[notes.as_path()], &logs, &[("RUST_LOG", filter)]);
        assert!(discord.wait_identified(WAIT).await, "never identified");
        // The commands are registered after READY: IDENTIFY has been written by then.
        discord
            .wait_request(|r| r.method == "PUT", WAIT)
            .await
            .expect("commands registered");
        stop_with_sigterm(&mut bot, WAIT).await;
        let log = read(&logs);
        for form in token_forms() {
            assert!(
                !log.contains(&form),
                "RUST_LOG={filter} printed the token as {form:?}"
            );
        }
    }
}

/// Sends 30 `/talk`, 6 `/handout` and 3 mentions at once, while the stand-in injects `fault`
/// into the bot's replies, and checks that every one is answered.
async fn every_reply_arrives_despite(fault: Fault, name: &str) -> StandIn {
    let discord = StandIn::start().await;
    let dir = temp_dir(name);
    let logs = dir.join("stderr.log");
    let notes = example_notes();
    let mut bot = start_bot(&discord, &[notes.as_path()], &logs, &[("RUST_LOG", "info")]);
    assert!(discord.wait_identified(WAIT).await, "never identified");
    discord
        .wait_request(|r| r.method == "PUT", WAIT)
        .await
        .expect("commands registered");
    discord.inject(Some(fault));
    let query = json!([{"name": "query", "type": 3, "value": "kubernetes"}]);
    let talks: Vec<(String, String)> = (0..30)
        .map(|_| discord.slash_command("talk", query.clone()))
        .collect();
    let talk = json!([{"name": "talk", "type": 3, "value": "kubernetes"}]);
    let handouts: Vec<(String, String)> = (0..6)
        .map(|_| discord.slash_command("handout", talk.clone()))
        .collect();
    let mentions: Vec<String> = (0..3)
        .map(|_| {
            discord.message(
                &format!("<@{BOT_ID}> kubernetes"),
                user("940000000000000002", "bob"),
                true,
                false,
            )
        })
        .collect();
    for (n, (id, token)) in talks.iter().enumerate() {
        let answer = answer_to(&discord, id, token, WAIT)
            .await
            .unwrap_or_else(|| panic!("/talk {n} was never answered\n{}", read(&logs)));
        assert_eq!(
            answer.json["data"]["embeds"][0]["title"],
            "Kubernetes is not for developers"
        );
    }
    for (n, (id, token)) in handouts.iter().enumerate() {
        let deferred = answer_to(&discord, id, token, WAIT)
            .await
            .unwrap_or_else(|| panic!("/handout {n} was never acknowledged\n{}", read(&logs)));
        assert_eq!(deferred.json["type"], 5);
        let edited = edit_of(&discord, token, WAIT)
            .await
            .unwrap_or_else(|| panic!("/handout {n} never got its PDF\n{}", read(&logs)));
        assert_eq!(edited.files.len(), 1, "{}", edited.json);
    }
    let channel_posts = format!("/api/v10/channels/{CHANNEL_ID}/messages");
    for (n, question) in mentions.iter().enumerate() {
        reply_to(&discord, &channel_posts, question, WAIT)
            .await
            .unwrap_or_else(|| panic!("mention {n} was never answered\n{}", read(&logs)));
    }
    stop_with_sigterm(&mut bot, WAIT).await;
    discord
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn replies_are_sent_again_after_server_errors() {
    let discord =
        every_reply_arrives_despite(Fault::ServerErrors { every: 3 }, "server-errors").await;
    let failed: Vec<u16> = discord
        .requests()
        .iter()
        .map(|r| r.status)
        .filter(|s| *s >= 500)
        .collect();
    assert!(
        failed.contains(&500) && failed.contains(&502),
        "the faults happened: {failed:?}"
    );
    // A post that failed after it was made is not made twice.
    assert_eq!(discord.channel_messages(CHANNEL_ID).len(), 3);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn replies_wait_out_retry_after_and_are_sent_again() {
    let fault = Fault::RateLimited {
        every: 3,
        retry_after: Duration::from_millis(400),
    };
    let discord = every_reply_arrives_despite(fault, "rate-limited").await;
    let limited = discord
        .requests()
        .iter()
        .filter(|r| r.status == 429)
        .count();
    assert!(
        limited >= 10,
        "the faults happened: {limited} calls limited"
    );
    assert_eq!(
        discord.calls_too_early(),
        0,
        "a call came before its Retry-After had passed"
    );
}

/// A talk whose one paragraph holds `spans` bold spans, each followed by the same word: a
/// question with that word reads all of them.
fn pathological_notes(spans: usize) -> String {
    let mut text = String::from("# Pathological notes\n\n## Bold everywhere\n\nQuokkas");
    for n in 0..spans {
        text.push_str(&format!(" **bold{n}** wombat"));
    }
    text.push('\n');
    text
}

/// The bot's reply to interaction (`id`, `token`): its answer, or the edit of its deferral.
async fn reply_to_interaction(discord: &StandIn, id: &str, token: &str) -> Option<Value> {
    let answer = answer_to(discord, id, token, WAIT).await?;
    if answer.json["type"] == 5 {
        return Some(edit_of(discord, token, Duration::from_secs(60)).await?.json);
    }
    Some(answer.json["data"].clone())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn slow_questions_hold_up_no_other_interaction_and_get_a_reply() {
    let discord = StandIn::start().await;
    // Discord refuses an answer that comes more than 3 s after the interaction.
    discord.enforce_interaction_window(Duration::from_secs(3));
    let dir = temp_dir("slow-questions");
    let slow_notes = dir.join("pathological.md");
    std::fs::write(&slow_notes, pathological_notes(5000)).expect("notes");
    let logs = dir.join("stderr.log");
    let notes = example_notes();
    let mut bot = start_bot(
        &discord,
        &[notes.as_path(), slow_notes.as_path()],
        &logs,
        &[("RUST_LOG", "info")],
    );
    assert!(discord.wait_identified(WAIT).await, "never identified");
    discord
        .wait_request(|r| r.method == "PUT", WAIT)
        .await
        .expect("commands registered");

    // More slow questions than the bot has cores (and so async workers), and a slow mention.
    let cores = std::thread::available_parallelism().map_or(2, usize::from);
    let slow_query = json!([{"name": "query", "type": 3, "value": "wombat quokkas"}]);
    let slow: Vec<(String, String)> = (0..=cores)
        .map(|_| discord.slash_command("talk", slow_query.clone()))
        .collect();
    let mention = discord.message(
        &format!("<@{BOT_ID}> wombat quokkas"),
        user("940000000000000002", "bob"),
        true,
        false,
    );

    // Meanwhile, quick questions are answered within Discord's window.
    let (id, token) = discord.slash_command(
        "talk",
        json!([{"name": "query", "type": 3, "value": "kubernetes"}]),
    );
    let answer = reply_to_interaction(&discord, &id, &token)
        .await
        .unwrap_or_else(|| panic!("a quick /talk was not answered in time\n{}", read(&logs)));
    assert_eq!(
        answer["embeds"][0]["title"],
        "Kubernetes is not for developers"
    );
    let (id, token) = discord.autocomplete("talk", "query", "kubern");
    let choices = answer_to(&discord, &id, &token, WAIT)
        .await
        .unwrap_or_else(|| panic!("autocomplete was not answered in time\n{}", read(&logs)));
    assert_eq!(choices.json["type"], 8);
    let (id, token) = discord.slash_command("talks", json!([]));
    let listing = reply_to_interaction(&discord, &id, &token)
        .await
        .unwrap_or_else(|| panic!("/talks was not answered in time\n{}", read(&logs)));
    assert!(listing["embeds"][0]["title"]
        .as_str()
        .is_some_and(|t| t.ends_with("talks")));

    // Every slow question gets a reply: its answer, or what is known when it takes too long.
    for (n, (id, token)) in slow.iter().enumerate() {
        let reply = reply_to_interaction(&discord, id, token)
            .await
            .unwrap_or_else(|| panic!("slow /talk {n} got no reply\n{}", read(&logs)));
        let said = format!("{}{}", reply["content"], reply["embeds"]);
        assert!(
            said.contains("Bold everywhere") || said.contains("taking too long"),
            "{reply}"
        );
    }
    let channel_posts = format!("/api/v10/channels/{CHANNEL_ID}/messages");
    reply_to(&discord, &channel_posts, &mention, Duration::from_secs(60))
        .await
        .unwrap_or_else(|| panic!("the slow mention got no reply\n{}", read(&logs)));
    stop_with_sigterm(&mut bot, WAIT).await;
}
