//! Running `talkbot run` against the Discord stand-in, and the paths its answers go to.

use crate::discord::{Request, StandIn, BOT_ID};
use crate::repo_root;
use std::path::Path;
use std::process::Stdio;
use std::time::Duration;

/// The token the tests give the bot (and check is never logged).
pub const TOKEN: &str = "stand-in-token-do-not-print";

/// Starts `talkbot run` (the binary at `talkbot`) on `notes` against the stand-in, logging to
/// `logs`, with only `env` set among the token variables.
pub fn start_bot(
    talkbot: &Path,
    discord: &StandIn,
    notes: &[&Path],
    logs: &Path,
    env: &[(&str, &str)],
) -> tokio::process::Child {
    let mut command = tokio::process::Command::new(talkbot);
    command.current_dir(repo_root()).arg("run");
    for path in notes {
        command.arg("--notes").arg(path);
    }
    command
        .env_remove("TALKBOT_DISCORD__TOKEN")
        .env_remove("DISCORD_TOKEN")
        .env("TALKBOT_DISCORD__PROXY_URL", discord.url())
        .envs(env.iter().copied())
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(std::fs::File::create(logs).expect("log file"))
        .kill_on_drop(true)
        .spawn()
        .expect("talkbot starts")
}

/// Sends SIGTERM and checks that the bot exits 0 within `wait`.
pub async fn stop_with_sigterm(bot: &mut tokio::process::Child, wait: Duration) {
    let pid = bot.id().expect("pid").to_string();
    let killed = std::process::Command::new("kill")
        .args(["-TERM", &pid])
        .status()
        .expect("kill runs");
    assert!(killed.success());
    let status = tokio::time::timeout(wait, bot.wait())
        .await
        .expect("exits after SIGTERM")
        .expect("status");
    assert!(status.success(), "{status:?}");
}

/// Where the answer to interaction `id` is posted.
pub fn callback_of(id: &str, token: &str) -> String {
    format!("/api/v10/interactions/{id}/{token}/callback")
}

/// Where the deferred answer to an interaction is edited.
pub fn original_of(token: &str) -> String {
    format!("/api/v10/webhooks/{BOT_ID}/{token}/messages/@original")
}

/// Waits for the bot's answer to interaction `id` (the request to its callback that the
/// stand-in carried out).
pub async fn answer_to(
    discord: &StandIn,
    id: &str,
    token: &str,
    wait: Duration,
) -> Option<Request> {
    let path = callback_of(id, token);
    discord
        .wait_request(|r| r.path == path && r.carried_out, wait)
        .await
}

/// Waits for the carried-out edit of the deferred answer to the interaction with `token`.
pub async fn edit_of(discord: &StandIn, token: &str, wait: Duration) -> Option<Request> {
    let path = original_of(token);
    discord
        .wait_request(
            |r| r.method == "PATCH" && r.path == path && r.carried_out,
            wait,
        )
        .await
}

/// Waits for the message the bot posts to `posts` (a channel's messages path) in reply to
/// message `message`, carried out by the stand-in.
pub async fn reply_to(
    discord: &StandIn,
    posts: &str,
    message: &str,
    wait: Duration,
) -> Option<Request> {
    discord
        .wait_request(
            |r| {
                r.path == posts
                    && r.json["message_reference"]["message_id"] == message
                    && r.carried_out
            },
            wait,
        )
        .await
}
