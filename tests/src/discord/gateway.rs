//! The stand-in's WebSocket gateway: HELLO, heartbeat ACKs, and READY for each IDENTIFY, with
//! the connection kept (per shard) for the events the tests dispatch.

use super::payloads::bot_user;
use super::{lock, Shared, BOT_ID, GUILD_ID};
use axum::extract::ws::{Message, WebSocket, WebSocketUpgrade};
use axum::extract::State;
use axum::response::Response;
use futures_util::{SinkExt, StreamExt};
use serde_json::{json, Value};
use std::net::SocketAddr;
use std::sync::atomic::Ordering;
use std::sync::Arc;
use tokio::sync::mpsc;

/// Upgrades `GET /ws` to a gateway connection.
pub(super) async fn gateway(
    State(shared): State<Arc<Shared>>,
    upgrade: WebSocketUpgrade,
) -> Response {
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
