//! The daily digest on Discord: a supervised task that posts through serenity, and Discord's
//! errors sorted into retry, rejected or fatal.

use super::builders::digest_message;
use super::state::BotState;
use crate::digest::{self, is_same_post, Outgoing, PostError, Poster, Schedule};
use crate::settings::DigestSettings;
use chrono::Utc;
use serenity::all::{ChannelId, GetMessages, Http, Nonce};
use std::sync::Arc;
use std::time::Duration;

/// Starts the digest once the gateway is ready.
pub type DigestStart = Box<dyn FnOnce(Arc<Http>, Arc<BotState>) + Send>;

/// Starts the digest, supervised: when its task fails it is logged and started again.
pub(super) fn digest_starter(settings: DigestSettings, schedule: Schedule) -> DigestStart {
    Box::new(move |http, state| {
        tokio::spawn(async move {
            let bot_id = state.bot_id.get().copied().unwrap_or(0);
            loop {
                let poster = DiscordPoster {
                    http: http.clone(),
                    bot_id,
                };
                let index_state = state.clone();
                let task = tokio::spawn(digest::run(
                    settings.clone(),
                    schedule.clone(),
                    move || index_state.index(),
                    Utc::now,
                    poster,
                ));
                match task.await {
                    Ok(Ok(())) => {
                        tracing::error!("the digest task stopped; starting it again in a minute")
                    }
                    Ok(Err(error)) => {
                        tracing::error!(%error, "the digest task failed; starting it again in a minute")
                    }
                    Err(error) => {
                        tracing::error!(%error, "the digest task crashed; starting it again in a minute")
                    }
                }
                tokio::time::sleep(Duration::from_secs(60)).await;
            }
        });
    })
}

/// Posts digests through serenity.
struct DiscordPoster {
    http: Arc<Http>,
    bot_id: u64,
}

impl Poster for DiscordPoster {
    fn post(
        &self,
        message: &Outgoing,
    ) -> impl std::future::Future<Output = Result<(), PostError>> + Send {
        let http = self.http.clone();
        let channel = ChannelId::new(message.channel.max(1));
        let builder = digest_message(message);
        async move {
            channel
                .send_message(&http, builder)
                .await
                .map(|_| ())
                .map_err(post_error)
        }
    }

    fn already_posted(
        &self,
        message: &Outgoing,
    ) -> impl std::future::Future<Output = Result<bool, PostError>> + Send {
        let http = self.http.clone();
        let channel = ChannelId::new(message.channel.max(1));
        let message = message.clone();
        let bot_id = self.bot_id;
        async move {
            let recent = channel
                .messages(&http, GetMessages::new().limit(50))
                .await
                .map_err(post_error)?;
            Ok(recent.iter().any(|m| {
                let nonce = match &m.nonce {
                    Some(Nonce::String(n)) => Some(n.as_str()),
                    _ => None,
                };
                is_same_post(&message, bot_id, nonce, m.author.id.get(), &m.content)
            }))
        }
    }
}

/// Whether a failed post is worth retrying (rate limits, server errors, network) or not.
fn post_error(error: serenity::Error) -> PostError {
    use serenity::http::HttpError;
    match &error {
        serenity::Error::Http(HttpError::UnsuccessfulRequest(response)) => {
            let status = response.status_code.as_u16();
            let text = format!("{status} {}", response.error.message);
            match status {
                // With serenity's rate limiter (no proxy) 429s are waited out inside serenity,
                // which reads Retry-After; through a proxy the header does not reach us.
                429 | 500.. => PostError::retry(text),
                400 => PostError::Rejected(text),
                _ => PostError::Fatal(text),
            }
        }
        _ => PostError::retry(error.to_string()),
    }
}
