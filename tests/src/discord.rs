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

mod faults;
mod gateway;
mod multipart;
mod payloads;
mod rest;

pub use faults::Fault;
pub use payloads::{bot_user, user};

use axum::routing::{any, get};
use axum::Router;
use payloads::message_object;
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
    /// The HTTP status the stand-in answered (0 while it has not answered yet).
    pub status: u16,
    /// Whether the stand-in did what was asked (answered 2xx, or failed after doing it).
    pub carried_out: bool,
}

/// What the stand-in's gateway, REST routes and test-facing methods share.
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
    faults: Mutex<faults::Faults>,
}

/// Locks `mutex`, going on when a panicking test thread poisoned it.
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
            .route("/ws", get(gateway::gateway))
            .fallback(any(rest::rest))
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

    /// Injects `fault` into the bot's replies from now on (`None`: no more faults).
    pub fn inject(&self, fault: Option<Fault>) {
        lock(&self.shared.faults).set(fault);
    }

    /// Refuses, as Discord does, the first answer to an interaction that comes more than
    /// `window` after the interaction was sent (404 "Unknown interaction").
    pub fn enforce_interaction_window(&self, window: Duration) {
        lock(&self.shared.faults).window = Some(window);
    }

    /// How many calls came to a rate-limited path before its Retry-After had passed.
    pub fn calls_too_early(&self) -> u64 {
        lock(&self.shared.faults).too_early
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
        lock(&self.shared.faults).dispatched(&id);
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
        lock(&self.shared.faults).dispatched(&id);
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
