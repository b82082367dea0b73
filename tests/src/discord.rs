//! A stand-in for Discord on 127.0.0.1: the REST API routes the bot uses and a WebSocket
//! gateway, so that the real serenity client can be tested without a network.
//!
//! Every REST request is recorded; tests wait for the ones they expect. Gateway events
//! (interactions, messages) are sent to the connected bot with [`StandIn::dispatch`], or to
//! one shard's connection with [`StandIn::dispatch_to_shard`].
//!
//! Like Discord, it keeps the messages posted to channels (`GET .../messages` lists them, newest
//! first), returns the existing message for a post whose `nonce` it already has when
//! `enforce_nonce` is set, and rejects with 400 an embed whose `url` is not absolute http(s).

use axum::body::Bytes;
use axum::extract::ws::{Message, WebSocket, WebSocketUpgrade};
use axum::extract::{Request as AxumRequest, State};
use axum::http::{HeaderMap, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{any, get};
use axum::{Json, Router};
use futures_util::{SinkExt, StreamExt};
use serde_json::{json, Value};
use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::sync::{mpsc, Notify};

/// The bot's user and application id in the stand-in.
pub const BOT_ID: &str = "900000000000000001";
/// The guild the stand-in's interactions come from.
pub const GUILD_ID: &str = "910000000000000001";
/// The channel the stand-in's interactions and messages come from.
pub const CHANNEL_ID: &str = "920000000000000001";

/// One REST request the bot made.
#[derive(Debug, Clone)]
pub struct Request {
    /// HTTP method.
    pub method: String,
    /// Path without the query string, e.g. `/api/v10/channels/1/messages`.
    pub path: String,
    /// The JSON body, or the `payload_json` part of a multipart body.
    pub json: Value,
    /// Files of a multipart body: (field name, file name, bytes).
    pub files: Vec<(String, String, Vec<u8>)>,
}

#[derive(Default)]
struct Shared {
    requests: Mutex<Vec<Request>>,
    changed: Notify,
    gateway: Mutex<Option<mpsc::UnboundedSender<String>>>,
    shards: Mutex<HashMap<u64, mpsc::UnboundedSender<String>>>,
    identified: Mutex<Vec<(u64, u64)>>,
    sequence: AtomicU64,
    next_id: AtomicU64,
    identifies: AtomicU64,
    addr: Mutex<Option<SocketAddr>>,
    messages: Mutex<HashMap<String, Vec<Value>>>,
    post_delay: Mutex<Duration>,
    gateway_url: Mutex<Option<String>>,
    recommended_shards: AtomicU64,
    fail_file_edits: std::sync::atomic::AtomicBool,
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|e| e.into_inner())
}

/// A running stand-in Discord.
pub struct StandIn {
    /// Where it listens.
    pub addr: SocketAddr,
    shared: Arc<Shared>,
}

impl StandIn {
    /// Starts the stand-in on a free port of 127.0.0.1.
    pub async fn start() -> StandIn {
        let shared = Arc::new(Shared {
            next_id: AtomicU64::new(1_000_000_000_000_000_000),
            recommended_shards: AtomicU64::new(1),
            ..Shared::default()
        });
        let app = Router::new()
            .route("/ws", get(gateway))
            .fallback(any(rest))
            .with_state(shared.clone());
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind 127.0.0.1");
        let addr = listener.local_addr().expect("local addr");
        *shared.addr.lock().unwrap_or_else(|e| e.into_inner()) = Some(addr);
        tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        StandIn { addr, shared }
    }

    /// The base URL to give the bot as its REST proxy.
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Every request so far.
    pub fn requests(&self) -> Vec<Request> {
        self.shared
            .requests
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    /// The messages kept in `channel`, oldest first.
    pub fn channel_messages(&self, channel: &str) -> Vec<Value> {
        lock(&self.shared.messages)
            .get(channel)
            .cloned()
            .unwrap_or_default()
    }

    /// Answers channel posts only after `delay` (the message is kept at once, as Discord
    /// creates it before its answer reaches the bot).
    pub fn delay_channel_posts(&self, delay: Duration) {
        *lock(&self.shared.post_delay) = delay;
    }

    /// Makes `GET /gateway` hand out `url` (say, a port nobody listens on).
    pub fn set_gateway_url(&self, url: &str) {
        *lock(&self.shared.gateway_url) = Some(url.to_string());
    }

    /// The shard count `GET /gateway/bot` recommends.
    pub fn recommend_shards(&self, count: u64) {
        self.shared
            .recommended_shards
            .store(count, Ordering::SeqCst);
    }

    /// Makes edits that carry a file fail with 413, as Discord does for a file too large.
    pub fn fail_file_edits(&self) {
        self.shared.fail_file_edits.store(true, Ordering::SeqCst);
    }

    /// The `[shard, total]` of every IDENTIFY received, in order.
    pub fn identified_shards(&self) -> Vec<(u64, u64)> {
        lock(&self.shared.identified).clone()
    }

    /// Waits until `probe` returns something, up to `timeout`.
    pub async fn wait_until<T>(
        &self,
        probe: impl Fn(&Self) -> Option<T>,
        timeout: Duration,
    ) -> Option<T> {
        self.wait_for(probe, timeout).await
    }

    /// Sends a dispatch event to the connection of shard `shard`. False without one.
    pub fn dispatch_to_shard(&self, shard: u64, event: &str, data: Value) -> bool {
        let sequence = self.shared.sequence.fetch_add(1, Ordering::SeqCst) + 1;
        let frame = json!({"op": 0, "t": event, "s": sequence, "d": data}).to_string();
        lock(&self.shared.shards)
            .get(&shard)
            .is_some_and(|tx| tx.send(frame).is_ok())
    }

    /// Sends a slash command to shard `shard`; returns its id and token.
    pub fn slash_command_to_shard(
        &self,
        shard: u64,
        name: &str,
        options: Value,
    ) -> (String, String) {
        let data = self.interaction_payload(
            2,
            json!({"id": "930000000000000001", "name": name, "type": 1, "options": options}),
        );
        let id = data["id"].as_str().unwrap_or_default().to_string();
        let token = data["token"].as_str().unwrap_or_default().to_string();
        assert!(
            self.dispatch_to_shard(shard, "INTERACTION_CREATE", data),
            "no connection for shard {shard}"
        );
        (id, token)
    }

    /// Sends a slash command whose payload has `extra` fields (e.g. `attachment_size_limit`).
    pub fn slash_command_with(&self, name: &str, options: Value, extra: Value) -> (String, String) {
        let mut data = self.interaction_payload(
            2,
            json!({"id": "930000000000000001", "name": name, "type": 1, "options": options}),
        );
        if let (Some(data), Some(extra)) = (data.as_object_mut(), extra.as_object()) {
            for (key, value) in extra {
                data.insert(key.clone(), value.clone());
            }
        }
        self.send_interaction(data)
    }

    /// How many IDENTIFY payloads the gateway received.
    pub fn identifies(&self) -> u64 {
        self.shared.identifies.load(Ordering::SeqCst)
    }

    /// Waits until a request matching `wanted` arrives (or has arrived), up to `timeout`.
    pub async fn wait_request(
        &self,
        wanted: impl Fn(&Request) -> bool,
        timeout: Duration,
    ) -> Option<Request> {
        self.wait_for(|s| s.requests().into_iter().find(|r| wanted(r)), timeout)
            .await
    }

    /// Waits until the bot has a gateway connection and has identified.
    pub async fn wait_identified(&self, timeout: Duration) -> bool {
        self.wait_for(|s| (s.identifies() > 0).then_some(()), timeout)
            .await
            .is_some()
    }

    async fn wait_for<T>(
        &self,
        probe: impl Fn(&Self) -> Option<T>,
        timeout: Duration,
    ) -> Option<T> {
        let deadline = tokio::time::Instant::now() + timeout;
        loop {
            let notified = self.shared.changed.notified();
            if let Some(found) = probe(self) {
                return Some(found);
            }
            if tokio::time::timeout_at(deadline, notified).await.is_err() {
                return probe(self);
            }
        }
    }

    /// Sends a dispatch event (`t`, `d`) to the connected bot. Returns false without a connection.
    pub fn dispatch(&self, event: &str, data: Value) -> bool {
        let sequence = self.shared.sequence.fetch_add(1, Ordering::SeqCst) + 1;
        let frame = json!({"op": 0, "t": event, "s": sequence, "d": data}).to_string();
        let gateway = self
            .shared
            .gateway
            .lock()
            .unwrap_or_else(|e| e.into_inner());
        gateway.as_ref().is_some_and(|tx| tx.send(frame).is_ok())
    }

    /// A fresh snowflake id.
    pub fn new_id(&self) -> String {
        self.shared
            .next_id
            .fetch_add(1, Ordering::SeqCst)
            .to_string()
    }

    /// Sends a slash command (`/name option:value ...`) from a guild member; returns its id and token.
    pub fn slash_command(&self, name: &str, options: Value) -> (String, String) {
        self.interaction(2, name, options)
    }

    /// Sends an autocomplete request for a command whose focused option has `value`.
    pub fn autocomplete(&self, name: &str, option: &str, value: &str) -> (String, String) {
        let options = json!([{"name": option, "type": 3, "value": value, "focused": true}]);
        self.interaction(4, name, options)
    }

    /// Presses a button with `custom_id` on a message of the bot; returns the interaction id and token.
    pub fn button(&self, custom_id: &str) -> (String, String) {
        let mut data =
            self.interaction_payload(3, json!({"custom_id": custom_id, "component_type": 2}));
        let message_id = self.new_id();
        data["message"] = message_object(&message_id, CHANNEL_ID, bot_user(BOT_ID, "talkbot"), "");
        self.send_interaction(data)
    }

    fn interaction(&self, kind: u8, name: &str, options: Value) -> (String, String) {
        let data = self.interaction_payload(
            kind,
            json!({"id": "930000000000000001", "name": name, "type": 1, "options": options}),
        );
        self.send_interaction(data)
    }

    fn send_interaction(&self, data: Value) -> (String, String) {
        let id = data["id"].as_str().unwrap_or_default().to_string();
        let token = data["token"].as_str().unwrap_or_default().to_string();
        assert!(
            self.dispatch("INTERACTION_CREATE", data),
            "no gateway connection"
        );
        (id, token)
    }

    fn interaction_payload(&self, kind: u8, command: Value) -> Value {
        let id = self.new_id();
        let token = format!("token-{id}");
        let data = json!({
            "id": id,
            "application_id": BOT_ID,
            "type": kind,
            "data": command,
            "guild_id": GUILD_ID,
            "channel_id": CHANNEL_ID,
            "member": {
                "user": user("940000000000000001", "alice"),
                "roles": [], "deaf": false, "mute": false, "flags": 0,
                "joined_at": "2024-01-01T00:00:00.000000+00:00",
            },
            "token": token,
            "version": 1,
            "locale": "en-GB",
            "entitlements": [],
            "attachment_size_limit": 26214400,
            "app_permissions": "2251799813685247",
        });
        data
    }

    /// Sends a message (in the guild channel, or as a DM when `dm`) from user `author`.
    /// `mentions_bot` adds the bot to the message's mentions.
    pub fn message(&self, content: &str, author: Value, mentions_bot: bool, dm: bool) -> String {
        let id = self.new_id();
        let mentions = if mentions_bot {
            json!([user(BOT_ID, "talkbot")])
        } else {
            json!([])
        };
        let mut data = message_object(
            &id,
            if dm { "950000000000000001" } else { CHANNEL_ID },
            author,
            content,
        );
        data["mentions"] = mentions;
        data["mention_everyone"] = json!(content.contains("@everyone"));
        if !dm {
            data["guild_id"] = json!(GUILD_ID);
        }
        assert!(
            self.dispatch("MESSAGE_CREATE", data),
            "no gateway connection"
        );
        id
    }
}

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

fn message_object(id: &str, channel: &str, author: Value, content: &str) -> Value {
    json!({
        "id": id, "channel_id": channel, "author": author, "content": content,
        "timestamp": "2024-01-01T00:00:00.000000+00:00", "edited_timestamp": null,
        "tts": false, "mention_everyone": false, "mentions": [], "mention_roles": [],
        "attachments": [], "embeds": [], "pinned": false, "type": 0,
    })
}

async fn gateway(State(shared): State<Arc<Shared>>, upgrade: WebSocketUpgrade) -> Response {
    upgrade.on_upgrade(move |socket| connection(shared, socket))
}

async fn connection(shared: Arc<Shared>, socket: WebSocket) {
    let (mut sink, mut stream) = socket.split();
    let (tx, mut rx) = mpsc::unbounded_channel::<String>();
    *shared.gateway.lock().unwrap_or_else(|e| e.into_inner()) = Some(tx.clone());
    let _ = tx.send(json!({"op": 10, "d": {"heartbeat_interval": 41250}}).to_string());
    let writer = tokio::spawn(async move {
        while let Some(frame) = rx.recv().await {
            if sink.send(Message::Text(frame.into())).await.is_err() {
                break;
            }
        }
    });
    while let Some(Ok(message)) = stream.next().await {
        let text = match message {
            Message::Text(t) => t.to_string(),
            Message::Binary(b) => String::from_utf8_lossy(&b).into_owned(),
            Message::Close(_) => break,
            _ => continue,
        };
        let Ok(payload) = serde_json::from_str::<Value>(&text) else {
            continue;
        };
        match payload["op"].as_u64() {
            Some(1) => {
                let _ = tx.send(json!({"op": 11}).to_string());
            }
            Some(2) => {
                let shard = &payload["d"]["shard"];
                let (id, total) = (
                    shard[0].as_u64().unwrap_or(0),
                    shard[1].as_u64().unwrap_or(1),
                );
                lock(&shared.shards).insert(id, tx.clone());
                lock(&shared.identified).push((id, total));
                let addr = shared
                    .addr
                    .lock()
                    .unwrap_or_else(|e| e.into_inner())
                    .unwrap_or_else(|| SocketAddr::from(([127, 0, 0, 1], 0)));
                let sequence = shared.sequence.fetch_add(1, Ordering::SeqCst) + 1;
                let ready = json!({"op": 0, "t": "READY", "s": sequence, "d": {
                    "v": 10,
                    "user": bot_user(BOT_ID, "talkbot"),
                    "guilds": [{"id": GUILD_ID, "unavailable": true}],
                    "session_id": "stand-in-session",
                    "resume_gateway_url": format!("ws://{addr}/ws"),
                    "application": {"id": BOT_ID, "flags": 0},
                    "shard": [id, total],
                }});
                let _ = tx.send(ready.to_string());
                shared.identifies.fetch_add(1, Ordering::SeqCst);
                shared.changed.notify_waiters();
            }
            _ => {}
        }
    }
    writer.abort();
}

async fn rest(State(shared): State<Arc<Shared>>, request: AxumRequest) -> Response {
    let method = request.method().clone();
    let path = request.uri().path().to_string();
    let headers = request.headers().clone();
    let body = axum::body::to_bytes(request.into_body(), 64 * 1024 * 1024)
        .await
        .unwrap_or_default();
    let (json_body, files) = decode_body(&headers, &body);
    let has_files = !files.is_empty();
    let recorded = Request {
        method: method.to_string(),
        path: path.clone(),
        json: json_body.clone(),
        files,
    };
    shared
        .requests
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .push(recorded);
    shared.changed.notify_waiters();
    let addr = shared
        .addr
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .unwrap_or_else(|| SocketAddr::from(([127, 0, 0, 1], 0)));
    let next_id = || shared.next_id.fetch_add(1, Ordering::SeqCst).to_string();
    let parts: Vec<&str> = path.trim_start_matches("/api/v10/").split('/').collect();
    let gateway_url = lock(&shared.gateway_url)
        .clone()
        .unwrap_or_else(|| format!("ws://{addr}/ws"));
    if has_bad_embed_url(&json_body) {
        let invalid = json!({"code": 50035, "message": "Invalid Form Body", "errors": {}});
        return (StatusCode::BAD_REQUEST, Json(invalid)).into_response();
    }
    match (method, parts.as_slice()) {
        (Method::GET, ["gateway"]) => Json(json!({"url": gateway_url})).into_response(),
        (Method::GET, ["gateway", "bot"]) => Json(json!({
            "url": gateway_url,
            "shards": shared.recommended_shards.load(Ordering::SeqCst),
            "session_start_limit": {"total": 1000, "remaining": 999, "reset_after": 0, "max_concurrency": 1},
        }))
        .into_response(),
        (Method::PUT, ["applications", app, "commands"]) | (Method::PUT, ["applications", app, "guilds", _, "commands"]) => {
            let commands: Vec<Value> = json_body
                .as_array()
                .cloned()
                .unwrap_or_default()
                .into_iter()
                .map(|mut c| {
                    c["id"] = json!(next_id());
                    c["application_id"] = json!(app);
                    c["version"] = json!("1");
                    if c.get("type").is_none() {
                        c["type"] = json!(1);
                    }
                    c
                })
                .collect();
            Json(Value::Array(commands)).into_response()
        }
        (Method::POST, ["interactions", _, _, "callback"]) => StatusCode::NO_CONTENT.into_response(),
        (Method::PATCH, ["webhooks", _, _, "messages", _])
            if has_files && shared.fail_file_edits.load(Ordering::SeqCst) =>
        {
            let too_large = json!({"code": 40005, "message": "Request entity too large"});
            (StatusCode::PAYLOAD_TOO_LARGE, Json(too_large)).into_response()
        }
        (Method::POST, ["webhooks", _, _]) | (Method::PATCH, ["webhooks", _, _, "messages", _]) => {
            Json(sent_message(&next_id(), CHANNEL_ID, &json_body)).into_response()
        }
        (Method::GET, ["channels", channel, "messages"]) => {
            let mut kept = lock(&shared.messages).get(*channel).cloned().unwrap_or_default();
            kept.reverse();
            Json(Value::Array(kept)).into_response()
        }
        (Method::POST, ["channels", channel, "messages"]) => {
            let nonce = json_body.get("nonce").filter(|n| !n.is_null()).cloned();
            let enforced = json_body["enforce_nonce"] == json!(true);
            let existing = nonce.as_ref().filter(|_| enforced).and_then(|nonce| {
                lock(&shared.messages)
                    .get(*channel)
                    .and_then(|kept| kept.iter().find(|m| m.get("nonce") == Some(nonce)).cloned())
            });
            let message = match existing {
                Some(message) => message,
                None => {
                    let mut message = sent_message(&next_id(), channel, &json_body);
                    if let Some(nonce) = nonce {
                        message["nonce"] = nonce;
                    }
                    lock(&shared.messages)
                        .entry(channel.to_string())
                        .or_default()
                        .push(message.clone());
                    shared.changed.notify_waiters();
                    message
                }
            };
            let delay = *lock(&shared.post_delay);
            if !delay.is_zero() {
                tokio::time::sleep(delay).await;
            }
            Json(message).into_response()
        }
        _ => (StatusCode::NOT_FOUND, Json(json!({"message": "404: Not Found", "code": 0}))).into_response(),
    }
}

/// Whether a message body has an embed whose `url` Discord would refuse (not absolute http(s)).
fn has_bad_embed_url(body: &Value) -> bool {
    let embeds = body
        .get("embeds")
        .or_else(|| body.get("data").and_then(|d| d.get("embeds")));
    embeds.and_then(Value::as_array).is_some_and(|embeds| {
        embeds.iter().any(|e| {
            e.get("url").and_then(Value::as_str).is_some_and(|url| {
                let rest = url
                    .strip_prefix("https://")
                    .or_else(|| url.strip_prefix("http://"));
                rest.is_none_or(|r| r.is_empty() || r.starts_with('/'))
            })
        })
    })
}

/// The message object Discord returns for a message the bot sent.
fn sent_message(id: &str, channel: &str, body: &Value) -> Value {
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

/// The JSON of a request body, and its files when it is multipart.
fn decode_body(headers: &HeaderMap, body: &Bytes) -> (Value, Vec<(String, String, Vec<u8>)>) {
    let content_type = headers
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let Some(boundary) = content_type
        .strip_prefix("multipart/form-data; boundary=")
        .or_else(|| content_type.split("boundary=").nth(1))
    else {
        return (
            serde_json::from_slice(body).unwrap_or(Value::Null),
            Vec::new(),
        );
    };
    let mut json_body = Value::Null;
    let mut files = Vec::new();
    for part in multipart_parts(body, boundary.trim_matches('"')) {
        let (head, data) = part;
        let name = header_param(&head, " name").unwrap_or_default();
        match header_param(&head, "filename") {
            Some(filename) => files.push((name, filename, data)),
            None if name == "payload_json" => {
                json_body = serde_json::from_slice(&data).unwrap_or(Value::Null)
            }
            None => {}
        }
    }
    (json_body, files)
}

/// Splits a multipart body into (headers, data) parts.
fn multipart_parts(body: &[u8], boundary: &str) -> Vec<(String, Vec<u8>)> {
    let delimiter = format!("--{boundary}");
    let mut parts = Vec::new();
    let mut rest = body;
    while let Some(start) = find(rest, delimiter.as_bytes()) {
        rest = &rest[start + delimiter.len()..];
        if rest.starts_with(b"--") {
            break;
        }
        let Some(head_end) = find(rest, b"\r\n\r\n") else {
            break;
        };
        let head = String::from_utf8_lossy(&rest[..head_end]).into_owned();
        let data_start = head_end + 4;
        let Some(next) = find(&rest[data_start..], format!("\r\n{delimiter}").as_bytes()) else {
            break;
        };
        parts.push((head, rest[data_start..data_start + next].to_vec()));
        rest = &rest[data_start + next + 2..];
    }
    parts
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

fn header_param(head: &str, key: &str) -> Option<String> {
    let marker = format!("{key}=\"");
    let start = head.find(&marker)? + marker.len();
    let end = head[start..].find('"')?;
    Some(head[start..start + end].to_string())
}

/// Polls `check` until it is true or `timeout` passes.
pub async fn eventually(timeout: Duration, mut check: impl FnMut() -> bool) -> bool {
    let deadline = tokio::time::Instant::now() + timeout;
    while tokio::time::Instant::now() < deadline {
        if check() {
            return true;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    check()
}
