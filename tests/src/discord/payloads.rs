//! The JSON objects of Discord's API that the stand-in sends and returns: users and messages.

use super::BOT_ID;
use serde_json::{json, Value};

/// A user object.
pub fn user(id: &str, name: &str) -> Value {
    json!({"id": id, "username": name, "discriminator": "0", "global_name": null, "avatar": null, "bot": false})
}

/// A bot user object (another bot, or the bot itself).
pub fn bot_user(id: &str, name: &str) -> Value {
    let mut u = user(id, name);
    u["bot"] = json!(true);
    u
}

/// A message object as Discord sends it in MESSAGE_CREATE and returns it.
pub(super) fn message_object(id: &str, channel: &str, author: Value, content: &str) -> Value {
    json!({
        "id": id, "channel_id": channel, "author": author, "content": content,
        "timestamp": "2024-01-01T00:00:00.000000+00:00", "edited_timestamp": null,
        "tts": false, "mention_everyone": false, "mentions": [], "mention_roles": [],
        "attachments": [], "embeds": [], "pinned": false, "type": 0,
    })
}

/// The message object Discord returns for a message the bot sent.
pub(super) fn sent_message(id: &str, channel: &str, body: &Value) -> Value {
    let mut message = message_object(
        id,
        channel,
        bot_user(BOT_ID, "talkbot"),
        body["content"].as_str().unwrap_or(""),
    );
    if let Some(embeds) = body.get("embeds") {
        message["embeds"] = embeds.clone();
    }
    message
}
