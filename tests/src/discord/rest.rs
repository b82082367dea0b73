//! The stand-in's REST API: the routes the bot uses, each request recorded, with Discord's
//! answers (and refusals) to them.

use super::faults::Refusal;
use super::multipart::decode_body;
use super::payloads::sent_message;
use super::{lock, Request, Shared, CHANNEL_ID};
use axum::extract::{Request as AxumRequest, State};
use axum::http::{HeaderValue, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::{json, Value};
use std::net::SocketAddr;
use std::sync::atomic::Ordering;
use std::sync::Arc;

/// Answers any REST request as Discord would (or with the fault asked for), recording it
/// and the status it got.
pub(super) async fn rest(State(shared): State<Arc<Shared>>, request: AxumRequest) -> Response {
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
        status: 0,
        carried_out: false,
    };
    let slot = {
        let mut requests = lock(&shared.requests);
        requests.push(recorded);
        requests.len() - 1
    };
    shared.changed.notify_waiters();
    let parts: Vec<&str> = path.trim_start_matches("/api/v10/").split('/').collect();
    let refusal = lock(&shared.faults).refusal(&method, &path, &parts, &json_body);
    let (response, carried_out) = match refusal {
        Some(refusal) if refusal.done => {
            let done = answer(&shared, &method, &parts, json_body, has_files);
            (refused(refusal), done.status().is_success())
        }
        Some(refusal) => (refused(refusal), false),
        None => {
            let response = answer(&shared, &method, &parts, json_body, has_files);
            let success = response.status().is_success();
            (response, success)
        }
    };
    if carried_out {
        lock(&shared.faults).carried_out(&method, &parts);
    }
    if let Some(request) = lock(&shared.requests).get_mut(slot) {
        request.status = response.status().as_u16();
        request.carried_out = carried_out;
    }
    shared.changed.notify_waiters();
    let delay = *lock(&shared.post_delay);
    if method == Method::POST
        && matches!(parts.as_slice(), ["channels", _, "messages"])
        && !delay.is_zero()
    {
        tokio::time::sleep(delay).await;
    }
    response
}

/// A refusal as Discord sends it: the JSON body, and `Retry-After` for a 429.
fn refused(refusal: Refusal) -> Response {
    let status = StatusCode::from_u16(refusal.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let mut response = (status, Json(refusal.body)).into_response();
    if let Some(wait) = refusal.retry_after {
        let seconds = wait.as_secs() + u64::from(wait.subsec_nanos() > 0);
        if let Ok(value) = HeaderValue::from_str(&seconds.to_string()) {
            response.headers_mut().insert("retry-after", value);
        }
    }
    response
}

/// Discord's answer to a call it accepts.
fn answer(
    shared: &Shared,
    method: &Method,
    parts: &[&str],
    json_body: Value,
    has_files: bool,
) -> Response {
    let addr = shared
        .addr
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .unwrap_or_else(|| SocketAddr::from(([127, 0, 0, 1], 0)));
    let next_id = || shared.next_id.fetch_add(1, Ordering::SeqCst).to_string();
    let gateway_url = lock(&shared.gateway_url)
        .clone()
        .unwrap_or_else(|| format!("ws://{addr}/ws"));
    if has_bad_embed_url(&json_body) {
        let invalid = json!({"code": 50035, "message": "Invalid Form Body", "errors": {}});
        return (StatusCode::BAD_REQUEST, Json(invalid)).into_response();
    }
    match (method.clone(), parts) {
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
