//! Replies sent to Discord, and sent again when Discord fails: after a server error (5xx) or a
//! lost connection following a short pause, after a rate limit (429) once the wait Discord asks
//! for has passed (`retry_after`, else `Retry-After`), until the reply's deadline (an
//! interaction must be answered within 3 seconds).
//!
//! The requests are serenity's (routes, authorisation, multipart), sent through the bot's own
//! HTTP client, so that a 429's wait can be read: serenity's errors keep neither its headers
//! nor its body, and through a proxy its rate limiter is off.

use crate::reply::Attachment;
use serde::Serialize;
use serenity::all::{
    ChannelId, CreateAttachment, CreateInteractionResponse, CreateMessage, EditInteractionResponse,
    Http, InteractionId, LightMethod, Multipart, MultipartUpload, Request, Route,
};
use serenity::model::id::ApplicationId;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::time::Instant;

/// The first pause after a server error or a lost connection; it doubles at each try.
const FIRST_PAUSE: Duration = Duration::from_millis(100);
/// The longest pause between two tries after server errors.
const LONGEST_PAUSE: Duration = Duration::from_secs(2);
/// How long to wait after a 429 that says nothing about how long.
const DEFAULT_RATE_LIMIT_WAIT: Duration = Duration::from_secs(1);

/// Discord's error code for a second answer to the same interaction.
const ALREADY_ACKNOWLEDGED: u64 = 40060;

/// Why a reply was not delivered.
#[derive(Debug, thiserror::Error)]
pub enum SendError {
    /// Discord refused it (a 4xx other than 429): sending it again would not help.
    #[error("Discord answered {status}: {message}")]
    Refused {
        /// HTTP status.
        status: u16,
        /// Discord's explanation.
        message: String,
    },
    /// Discord kept failing (5xx, 429, no connection) until the deadline.
    #[error("{last} (gave up after {attempts} tries)")]
    GaveUp {
        /// How many times it was sent.
        attempts: u32,
        /// What went wrong the last time.
        last: String,
    },
    /// The request could not be made (bad body, bad proxy URL).
    #[error("the request could not be made: {0}")]
    Request(String),
}

impl SendError {
    /// The HTTP status Discord answered, when it answered.
    pub fn status(&self) -> Option<u16> {
        match self {
            SendError::Refused { status, .. } => Some(*status),
            _ => None,
        }
    }
}

/// Sends replies through Discord's REST API (or the configured proxy), retrying failures.
#[derive(Clone)]
pub struct Sender {
    client: reqwest::Client,
    limits: Arc<Mutex<RateLimits>>,
}

/// Until when Discord said to leave a path alone (or every path, for a global limit): other
/// replies to the same path (a channel's messages) wait too, not only the one that got the 429.
#[derive(Default)]
struct RateLimits {
    paths: HashMap<String, Instant>,
    global: Option<Instant>,
}

impl RateLimits {
    /// When `path` may be called again (now when it is not limited).
    fn free_at(&self, path: &str, now: Instant) -> Instant {
        let path = self.paths.get(path).copied().unwrap_or(now);
        self.global.map_or(path, |global| global.max(path)).max(now)
    }

    /// Notes a 429 on `path` (on every path when `global`) lasting until `until`.
    fn limit(&mut self, path: &str, global: bool, until: Instant) {
        let now = Instant::now();
        self.paths.retain(|_, until| *until > now);
        if global {
            self.global = Some(until);
        } else {
            self.paths.insert(path.to_string(), until);
        }
    }
}

/// What one try gave.
enum Outcome {
    Sent,
    /// Worth another try after this pause.
    Retry(Duration, String),
    /// Rate limited for this long (on every path when global).
    Limited(Duration, bool, String),
    Refused(u16, String),
}

impl Sender {
    /// A sender using `client` (the same client serenity uses, for one connection pool).
    pub fn new(client: reqwest::Client) -> Self {
        Sender {
            client,
            limits: Arc::default(),
        }
    }

    /// Answers interaction `id` (within its 3 seconds: pass a `deadline` inside them).
    pub async fn respond(
        &self,
        http: &Http,
        id: InteractionId,
        token: &str,
        response: &CreateInteractionResponse,
        file: Option<&Attachment>,
        deadline: Instant,
    ) -> Result<(), SendError> {
        let route = Route::InteractionResponse {
            interaction_id: id,
            token,
        };
        self.send(http, route, LightMethod::Post, response, file, deadline)
            .await
    }

    /// Replaces the original answer to the interaction with `token` (after a deferral).
    pub async fn edit_original(
        &self,
        http: &Http,
        application: ApplicationId,
        token: &str,
        edit: &EditInteractionResponse,
        file: Option<&Attachment>,
        deadline: Instant,
    ) -> Result<(), SendError> {
        let route = Route::WebhookOriginalInteractionResponse {
            application_id: application,
            token,
        };
        self.send(http, route, LightMethod::Patch, edit, file, deadline)
            .await
    }

    /// Posts `message` to `channel`.
    pub async fn post(
        &self,
        http: &Http,
        channel: ChannelId,
        message: &CreateMessage,
        deadline: Instant,
    ) -> Result<(), SendError> {
        let route = Route::ChannelMessages {
            channel_id: channel,
        };
        self.send(http, route, LightMethod::Post, message, None, deadline)
            .await
    }

    async fn send(
        &self,
        http: &Http,
        route: Route<'_>,
        method: LightMethod,
        body: &impl Serialize,
        file: Option<&Attachment>,
        deadline: Instant,
    ) -> Result<(), SendError> {
        let path = route.path().into_owned();
        let json = serde_json::to_string(body).map_err(|e| SendError::Request(e.to_string()))?;
        let request = match file {
            None => Request::new(route, method).body(Some(json.into_bytes())),
            Some(file) => Request::new(route, method).multipart(Some(Multipart {
                upload: MultipartUpload::Attachments(vec![CreateAttachment::bytes(
                    file.bytes.clone(),
                    &file.name,
                )]),
                fields: Vec::new(),
                payload_json: Some(json),
            })),
        };
        let mut pause = FIRST_PAUSE;
        let mut attempts = 0;
        let mut last = String::new();
        loop {
            let now = Instant::now();
            let free = lock(&self.limits).free_at(&path, now);
            if free >= deadline {
                if attempts == 0 {
                    last = "rate limited until after the deadline".to_string();
                }
                return Err(SendError::GaveUp { attempts, last });
            }
            tokio::time::sleep_until(free).await;
            attempts += 1;
            let built = request
                .clone()
                .build(&self.client, http.token(), http.proxy.as_deref())
                .map_err(|e| SendError::Request(e.to_string()))?
                .build()
                .map_err(|e| SendError::Request(e.without_url().to_string()))?;
            let outcome = match tokio::time::timeout_at(deadline, self.client.execute(built)).await
            {
                Err(_) => Outcome::Retry(Duration::MAX, "no answer before the deadline".into()),
                Ok(Err(error)) => Outcome::Retry(pause, error.without_url().to_string()),
                Ok(Ok(response)) => outcome(response, pause).await,
            };
            let wait = match outcome {
                Outcome::Sent => return Ok(()),
                Outcome::Refused(status, message) => {
                    return Err(SendError::Refused { status, message })
                }
                Outcome::Retry(wait, error) => {
                    last = error;
                    wait
                }
                Outcome::Limited(wait, global, error) => {
                    last = error;
                    if let Some(until) = Instant::now().checked_add(wait) {
                        lock(&self.limits).limit(&path, global, until);
                    }
                    wait
                }
            };
            let give_up = || SendError::GaveUp {
                attempts,
                last: last.clone(),
            };
            let again = Instant::now().checked_add(wait).ok_or_else(give_up)?;
            if again >= deadline {
                return Err(give_up());
            }
            tracing::debug!(%last, wait_ms = wait.as_millis() as u64, "sending the reply again");
            tokio::time::sleep_until(again).await;
            pause = (pause * 2).min(LONGEST_PAUSE);
        }
    }
}

/// What Discord's answer means for the reply: sent, to be sent again after a pause, or refused.
async fn outcome(response: reqwest::Response, pause: Duration) -> Outcome {
    let status = response.status().as_u16();
    if response.status().is_success() {
        return Outcome::Sent;
    }
    let header_wait = response
        .headers()
        .get("retry-after")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<f64>().ok());
    let body: serde_json::Value = response
        .bytes()
        .await
        .ok()
        .and_then(|b| serde_json::from_slice(&b).ok())
        .unwrap_or_default();
    let message = body["message"]
        .as_str()
        .map_or_else(|| format!("status {status}"), str::to_string);
    match status {
        429 => {
            // The body's `retry_after` is exact; the header is rounded up to whole seconds.
            let seconds = body["retry_after"].as_f64().or(header_wait);
            let wait = seconds
                .filter(|s| s.is_finite() && *s >= 0.0)
                .and_then(|s| Duration::try_from_secs_f64(s).ok())
                .unwrap_or(DEFAULT_RATE_LIMIT_WAIT);
            let global = body["global"].as_bool().unwrap_or(false);
            Outcome::Limited(wait, global, format!("429: {message}"))
        }
        500.. => Outcome::Retry(pause, format!("{status}: {message}")),
        // A try that failed on its way back had reached Discord: the interaction is answered.
        400 if body["code"] == ALREADY_ACKNOWLEDGED => Outcome::Sent,
        _ => Outcome::Refused(status, message),
    }
}

/// Locks `mutex`, going on when a panicking thread poisoned it.
fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|e| e.into_inner())
}
