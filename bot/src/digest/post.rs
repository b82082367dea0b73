//! Posting the digest: the loop that decides when, records the intent before sending, sends
//! each channel its message with a deterministic nonce, and finishes an interrupted post after
//! a restart (looking for it in the channel first), so a digest is never doubled nor skipped.

use chrono::{DateTime, Duration, NaiveDate, Utc};
use std::collections::HashSet;
use std::future::Future;
use std::sync::Arc;
use std::time::Duration as StdDuration;

use super::schedule::Schedule;
use super::settings::DigestSettings;
use super::state::{load_state, save_state, DigestState, PendingPost, StateError};
use super::{digest_reply, next_digest_talks, plain_text};
use crate::reply::Reply;
use talk_notes::search::TalkIndex;

/// Why a post failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PostError {
    /// Rate limited, a server error or the network: try again (after `after` when Discord said).
    Retry {
        /// What went wrong.
        why: String,
        /// Discord's `Retry-After`, when known.
        after: Option<StdDuration>,
    },
    /// Discord refused this message (400): the same message will never pass.
    Rejected(String),
    /// Bad token, missing access, unknown channel: retrying at once will not help.
    Fatal(String),
}

impl PostError {
    /// A retryable error without a `Retry-After`.
    pub fn retry(why: impl Into<String>) -> Self {
        PostError::Retry {
            why: why.into(),
            after: None,
        }
    }
}

impl std::fmt::Display for PostError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            PostError::Retry { why, .. } | PostError::Rejected(why) | PostError::Fatal(why) => {
                f.write_str(why)
            }
        }
    }
}

/// One digest message for one channel.
#[derive(Debug, Clone, PartialEq)]
pub struct Outgoing {
    /// The channel.
    pub channel: u64,
    /// The message.
    pub reply: Reply,
    /// The same for the same channel and date, so that Discord drops a resend (`enforce_nonce`).
    pub nonce: String,
}

/// Where digests go: Discord, or a fake in tests.
pub trait Poster: Send + Sync + 'static {
    /// Sends `message` with its nonce enforced.
    fn post(&self, message: &Outgoing) -> impl Future<Output = Result<(), PostError>> + Send;
    /// Whether `message` is already among the channel's recent messages (same nonce, or the
    /// bot's message with the same first line).
    fn already_posted(
        &self,
        message: &Outgoing,
    ) -> impl Future<Output = Result<bool, PostError>> + Send;
}

/// Whether a message seen among the channel's recent ones is `message` already posted: the
/// same nonce, or a message of the bot (`bot_id`) that starts with the same first line.
pub fn is_same_post(
    message: &Outgoing,
    bot_id: u64,
    seen_nonce: Option<&str>,
    seen_author: u64,
    seen_content: &str,
) -> bool {
    let first_line = message.reply.content.lines().next().unwrap_or_default();
    let same_nonce = seen_nonce == Some(message.nonce.as_str());
    let same_text =
        seen_author == bot_id && !first_line.is_empty() && seen_content.starts_with(first_line);
    same_nonce || same_text
}

/// Waits between the attempts of one post, unless Discord says how long: 1, 2, 4, 8 s.
pub const RETRY_DELAYS: [u64; 4] = [1, 2, 4, 8];
/// After a failed day (missing access, bad token, Discord down), minutes until the next try.
pub const RETRY_LATER_MINUTES: i64 = 15;

/// The nonce of the digest for `date` in `channel`: deterministic, at most 25 characters.
pub fn nonce(date: NaiveDate, channel: u64) -> String {
    // FNV-1a of the channel id, so that two channels never share a nonce.
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in channel.to_le_bytes() {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    format!("tb{}-{:08x}", date.format("%Y%m%d"), hash & 0xffff_ffff)
}

/// Posts the digest every posting day, for as long as the task runs. `now` gives the time,
/// `index` the current notes, `poster` sends. The state file is read once: from then on what
/// this process posted is kept in memory too, so a state that cannot be saved never makes it
/// post twice. Returns only when the state file cannot be read.
pub async fn run<P: Poster>(
    settings: DigestSettings,
    schedule: Schedule,
    index: impl Fn() -> Arc<TalkIndex>,
    now: impl Fn() -> DateTime<Utc>,
    poster: P,
) -> Result<(), StateError> {
    let catch_up = Duration::hours(i64::from(settings.catch_up_hours));
    let channels = settings.channels();
    let mut state = load_state(&settings.state_file)?;
    let mut not_before: Option<DateTime<Utc>> = None;
    let mut reported = HashSet::new();
    loop {
        let current = now();
        if not_before.is_none_or(|t| current >= t) {
            drop_stale_intent(&mut state, &schedule, current, catch_up, &settings);
            let work = match &state.pending {
                Some(pending) => Some(pending.clone()),
                None => schedule
                    .due(current, state.last_posted, catch_up)
                    .map(|date| intent(&index(), &state, &settings, date)),
            };
            if let Some(pending) = work {
                // The intent is on disk before anything is sent: a restart finishes this post.
                state.pending = Some(pending.clone());
                save(&settings, &state);
                let posted = post_day(
                    &poster,
                    &index(),
                    &channels,
                    pending,
                    &settings,
                    &mut state,
                    &mut reported,
                )
                .await;
                not_before = (!posted).then(|| now() + Duration::minutes(RETRY_LATER_MINUTES));
            }
        }
        let next = schedule.next_slot(now());
        let until = [next, not_before]
            .into_iter()
            .flatten()
            .min()
            .map(|t| (t - now()).to_std().unwrap_or_default())
            .unwrap_or(StdDuration::from_secs(3600));
        // Wake at least every minute, so that a changed clock is noticed.
        tokio::time::sleep(until.min(StdDuration::from_secs(60))).await;
    }
}

/// What will be posted on `date`: the next talks, and the rotation once they are shown.
fn intent(
    index: &TalkIndex,
    state: &DigestState,
    settings: &DigestSettings,
    date: NaiveDate,
) -> PendingPost {
    let (talks, after) = next_digest_talks(index, state, settings);
    PendingPost {
        date,
        talks,
        shown_after: after.shown,
        round_after: after.round,
        done: Vec::new(),
    }
}

/// Forgets an unfinished post whose day is past the catch-up window (its talks were not
/// counted as shown, so they come again).
fn drop_stale_intent(
    state: &mut DigestState,
    schedule: &Schedule,
    now: DateTime<Utc>,
    catch_up: Duration,
    settings: &DigestSettings,
) {
    let Some(pending) = &state.pending else {
        return;
    };
    let fresh = schedule
        .slot_on(pending.date)
        .is_some_and(|slot| now - slot <= catch_up);
    if !fresh {
        tracing::warn!(date = %pending.date, "the digest for this day could not be finished within catch_up_hours; its talks stay in the rotation");
        state.pending = None;
        save(settings, state);
    }
}

fn save(settings: &DigestSettings, state: &DigestState) {
    if let Err(error) = save_state(&settings.state_file, state) {
        tracing::error!(%error, "could not save the digest state; this process still remembers what it posted");
    }
}

/// Posts `pending` to every channel that does not have it yet; true when all have it.
async fn post_day<P: Poster>(
    poster: &P,
    index: &TalkIndex,
    channels: &[u64],
    mut pending: PendingPost,
    settings: &DigestSettings,
    state: &mut DigestState,
    reported: &mut HashSet<(NaiveDate, u64)>,
) -> bool {
    let date = pending.date;
    let reply = digest_reply(index, &pending.talks, date);
    let mut complete = true;
    for &channel in channels {
        if pending.done.contains(&channel) {
            continue;
        }
        let message = Outgoing {
            channel,
            reply: reply.clone(),
            nonce: nonce(date, channel),
        };
        match deliver(poster, &message).await {
            Ok(()) => {
                pending.done.push(channel);
                state.pending = Some(pending.clone());
                save(settings, state);
            }
            Err(error) => {
                complete = false;
                if reported.insert((date, channel)) {
                    match error {
                        PostError::Fatal(why) => {
                            tracing::error!(channel, %why, "cannot post the digest: check the token, and that the bot has View Channel, Send Messages and Embed Links in this channel; trying again every {RETRY_LATER_MINUTES} minutes")
                        }
                        other => {
                            tracing::error!(channel, why = %other, "digest not posted; trying again in {RETRY_LATER_MINUTES} minutes")
                        }
                    }
                }
            }
        }
    }
    if complete {
        state.last_posted = Some(date);
        state.shown = pending.shown_after;
        state.round = pending.round_after;
        state.pending = None;
        save(settings, state);
        tracing::info!(%date, talks = ?pending.talks, "digest posted");
    }
    complete
}

/// Sends one channel its digest unless it already has it; a message Discord rejects goes
/// again as plain text, and when that is rejected too the talks are skipped, so that the
/// rotation never blocks on them.
async fn deliver<P: Poster>(poster: &P, message: &Outgoing) -> Result<(), PostError> {
    match poster.already_posted(message).await {
        Ok(true) => {
            tracing::info!(
                channel = message.channel,
                "the digest is already in the channel (sent before a restart)"
            );
            return Ok(());
        }
        Ok(false) => {}
        Err(error) => {
            tracing::debug!(%error, "cannot read the channel's recent messages; sending with the nonce")
        }
    }
    match post_with_retries(poster, message).await {
        Err(PostError::Rejected(why)) => {
            tracing::warn!(channel = message.channel, %why, "Discord rejected the digest; sending it as plain text");
            let plain = Outgoing {
                reply: plain_text(&message.reply),
                ..message.clone()
            };
            match post_with_retries(poster, &plain).await {
                Err(PostError::Rejected(why)) => {
                    tracing::error!(channel = message.channel, %why, "Discord rejected the plain-text digest too; these talks are skipped");
                    Ok(())
                }
                other => other,
            }
        }
        other => other,
    }
}

/// Sends `message`, retrying rate limits and server errors after 1, 2, 4 and 8 s, or after
/// Discord's `Retry-After` when it gave one.
async fn post_with_retries<P: Poster>(poster: &P, message: &Outgoing) -> Result<(), PostError> {
    let mut delays = RETRY_DELAYS.iter();
    loop {
        match poster.post(message).await {
            Err(PostError::Retry { why, after }) => {
                let Some(delay) = delays.next() else {
                    return Err(PostError::Retry { why, after });
                };
                let wait = after.unwrap_or(StdDuration::from_secs(*delay));
                tracing::warn!(channel = message.channel, %why, ?wait, "digest post failed; retrying");
                tokio::time::sleep(wait).await;
            }
            other => return other,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_post_is_recognised_by_its_nonce_or_the_bots_first_line() {
        let message = Outgoing {
            channel: 7,
            reply: Reply::text("Talk of the day — Monday 2 June 2025\nmore"),
            nonce: "tb20250602-0000abcd".into(),
        };
        let bot = 42;
        assert!(is_same_post(
            &message,
            bot,
            Some("tb20250602-0000abcd"),
            1,
            "x"
        ));
        assert!(is_same_post(
            &message,
            bot,
            None,
            bot,
            "Talk of the day — Monday 2 June 2025 (edited)"
        ));
        assert!(!is_same_post(
            &message,
            bot,
            None,
            1,
            "Talk of the day — Monday 2 June 2025"
        ));
        assert!(!is_same_post(&message, bot, Some("other"), bot, "Hello"));
    }

    #[test]
    fn nonces_are_short_stable_and_per_channel() {
        let day = NaiveDate::from_ymd_opt(2025, 6, 2).expect("date");
        let a = nonce(day, 920_000_000_000_000_001);
        assert!(a.len() <= 25, "{a}");
        assert_eq!(a, nonce(day, 920_000_000_000_000_001));
        assert_ne!(a, nonce(day, 920_000_000_000_000_002));
        assert_ne!(
            a,
            nonce(day.succ_opt().expect("next day"), 920_000_000_000_000_001)
        );
    }
}
