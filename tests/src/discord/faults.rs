//! Faults the stand-in injects into the bot's replies, and the rules Discord applies to them:
//! an interaction is answered once and within its window, and a path that was rate limited
//! refuses calls until its Retry-After has passed.

use axum::http::Method;
use serde_json::{json, Value};
use std::collections::{HashMap, HashSet};
use std::time::{Duration, Instant};

/// A fault injected into the bot's replies (interaction callbacks, edits, follow-ups and
/// channel messages); other calls (gateway, command registration) are never failed.
#[derive(Debug, Clone, Copy)]
pub enum Fault {
    /// Every `every`-th reply call fails, with 500 and 502 in turn. A 500 did nothing; a 502
    /// comes after Discord did what was asked (the answer was lost on its way back), so a
    /// second try finds the interaction already answered, or the message already posted.
    ServerErrors {
        /// Which calls fail: the `every`-th, `2 × every`-th, ….
        every: u64,
    },
    /// Every `every`-th reply call is answered 429 with `retry_after` (in the `Retry-After`
    /// header, rounded up to whole seconds, and exactly in the body's `retry_after`); a call to
    /// the same path before that time is answered 429 again, and counted as too early when it
    /// is the same call again (same body).
    RateLimited {
        /// Which calls are limited.
        every: u64,
        /// How long the bot must wait.
        retry_after: Duration,
    },
}

/// What Discord answers instead of doing what was asked.
pub(super) struct Refusal {
    /// HTTP status.
    pub status: u16,
    /// JSON body.
    pub body: Value,
    /// The `Retry-After` of a 429, in seconds.
    pub retry_after: Option<Duration>,
    /// Whether Discord did what was asked all the same.
    pub done: bool,
}

/// The faults asked for and the state of Discord's rules.
#[derive(Default)]
pub(super) struct Faults {
    fault: Option<Fault>,
    reply_calls: u64,
    limited_until: HashMap<String, Instant>,
    limited_calls: HashMap<(String, String), Instant>,
    pub(super) too_early: u64,
    pub(super) window: Option<Duration>,
    dispatched: HashMap<String, Instant>,
    acknowledged: HashSet<String>,
}

/// Whether a call (method, path parts after `/api/v10/`) sends a reply.
fn is_reply(method: &Method, parts: &[&str]) -> bool {
    matches!(
        (method, parts),
        (&Method::POST, ["interactions", _, _, "callback"])
            | (&Method::POST, ["webhooks", _, _])
            | (&Method::PATCH, ["webhooks", _, _, "messages", _])
            | (&Method::POST, ["channels", _, "messages"])
    )
}

impl Faults {
    /// Injects `fault` from now on (`None`: no more faults).
    pub(super) fn set(&mut self, fault: Option<Fault>) {
        self.fault = fault;
        self.reply_calls = 0;
    }

    /// Notes when interaction `id` was sent to the bot (its window starts then).
    pub(super) fn dispatched(&mut self, id: &str) {
        self.dispatched.insert(id.to_string(), Instant::now());
    }

    /// What Discord answers instead of doing what `method path` asks, if it refuses.
    pub(super) fn refusal(
        &mut self,
        method: &Method,
        path: &str,
        parts: &[&str],
        body: &Value,
    ) -> Option<Refusal> {
        if !is_reply(method, parts) {
            return None;
        }
        let now = Instant::now();
        let call = (path.to_string(), body.to_string());
        if let Some(until) = self.limited_until.get(path).filter(|until| **until > now) {
            if self
                .limited_calls
                .get(&call)
                .is_some_and(|until| *until > now)
            {
                self.too_early += 1;
            }
            return Some(rate_limited(*until - now));
        }
        if let ["interactions", id, _, "callback"] = parts {
            let late = self
                .window
                .zip(self.dispatched.get(*id))
                .is_some_and(|(window, sent)| now.duration_since(*sent) > window);
            if late {
                let unknown = json!({"message": "Unknown interaction", "code": 10062});
                return Some(refused(404, unknown));
            }
            if self.acknowledged.contains(*id) {
                let again =
                    json!({"message": "Interaction has already been acknowledged.", "code": 40060});
                return Some(refused(400, again));
            }
        }
        self.reply_calls += 1;
        match self.fault? {
            Fault::ServerErrors { every } if self.reply_calls.is_multiple_of(every.max(1)) => {
                let status = if self.reply_calls / every.max(1) % 2 == 1 {
                    500
                } else {
                    502
                };
                let body = json!({"message": "Internal Server Error", "code": 0});
                Some(Refusal {
                    done: status == 502,
                    ..refused(status, body)
                })
            }
            Fault::RateLimited { every, retry_after }
                if self.reply_calls.is_multiple_of(every.max(1)) =>
            {
                self.limited_until
                    .insert(path.to_string(), now + retry_after);
                self.limited_calls.insert(call, now + retry_after);
                Some(rate_limited(retry_after))
            }
            _ => None,
        }
    }

    /// Notes that a call was carried out: an interaction callback acknowledges the interaction.
    pub(super) fn carried_out(&mut self, method: &Method, parts: &[&str]) {
        if let (&Method::POST, ["interactions", id, _, "callback"]) = (method, parts) {
            self.acknowledged.insert(id.to_string());
        }
    }
}

fn refused(status: u16, body: Value) -> Refusal {
    Refusal {
        status,
        body,
        retry_after: None,
        done: false,
    }
}

fn rate_limited(wait: Duration) -> Refusal {
    Refusal {
        status: 429,
        body: json!({"message": "You are being rate limited.", "retry_after": wait.as_secs_f64(), "global": false}),
        retry_after: Some(wait),
        done: false,
    }
}
