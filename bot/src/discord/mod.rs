//! The Discord side, a thin serenity layer: [`handler`] hands what users ask to
//! [`crate::chat`] on threads of [`answering`] (with [`late`] replies when an answer takes too
//! long), [`builders`] converts the plain [`Reply`](crate::reply::Reply) into serenity builders
//! (pinging nobody), [`sender`] sends them and sends again when Discord fails, [`commands`]
//! defines and registers the slash commands, and [`digest_poster`] posts the daily digest.
//! Here: connecting, serving and stopping.

pub mod answering;
pub mod builders;
pub mod commands;
pub mod digest_poster;
pub mod handler;
pub mod late;
pub mod sender;
pub mod shutdown;
pub mod state;

pub use shutdown::SHUTDOWN_GRACE;
pub use state::BotState;

use crate::digest::{self, Schedule};
use crate::settings::{DigestSettings, DiscordSettings, Shards};
use anyhow::{Context as _, Result};
use builders::no_mentions;
use digest_poster::digest_starter;
use handler::Handler;
use sender::Sender;
use serenity::all::GatewayIntents;
use serenity::http::HttpBuilder;
use shutdown::ShutdownSignal;
use std::sync::{Arc, OnceLock};

/// Checks the digest settings before connecting: the digest's schedule when it is enabled.
pub fn check_digest(settings: &DigestSettings) -> Result<Option<Schedule>> {
    if !settings.enabled {
        return Ok(None);
    }
    let schedule = settings.validate()?;
    digest::check_writable(&settings.state_file)?;
    Ok(Some(schedule))
}

/// Connects to Discord (or the configured proxy) and serves until SIGINT or SIGTERM, whatever
/// the gateway's state; posts the daily digest when it is enabled and this process runs
/// shard 0.
pub async fn run(
    settings: &DiscordSettings,
    digest_settings: &DigestSettings,
    state: Arc<BotState>,
) -> Result<()> {
    let token = settings.resolve_token()?;
    let schedule = check_digest(digest_settings)?;
    let shards = settings.shards.clone().unwrap_or(Shards::Count(1));
    // One HTTP client for serenity and for the replies the bot sends itself (see `sender`).
    let client = reqwest::Client::builder()
        .build()
        .context("creating the HTTP client")?;
    let mut http = HttpBuilder::new(&token)
        .client(client.clone())
        .default_allowed_mentions(no_mentions());
    if let Some(proxy) = &settings.proxy_url {
        // serenity ignores the proxy while its rate limiter is on.
        http = http
            .proxy(proxy.trim_end_matches('/'))
            .ratelimiter_disabled(true);
    }
    let intents =
        GatewayIntents::GUILDS | GatewayIntents::GUILD_MESSAGES | GatewayIntents::DIRECT_MESSAGES;
    let digest_start = match schedule {
        Some(schedule) if shards.holds_shard_zero() => {
            Some(digest_starter(digest_settings.clone(), schedule))
        }
        Some(_) => {
            tracing::info!("the digest is posted by the process that runs shard 0, not this one");
            None
        }
        None => None,
    };
    let shutdown = ShutdownSignal::install();
    let manager = OnceLock::new();
    let serve = async {
        // Building the client already calls Discord (the gateway address): it is inside the
        // select, so that a signal during it is not lost either.
        let mut client = serenity::client::ClientBuilder::new_with_http(http.build(), intents)
            .event_handler(Handler::new(state, digest_start, Sender::new(client)))
            .await
            .context("creating the Discord client")?;
        let _ = manager.set(client.shard_manager.clone());
        match shards {
            Shards::Auto => client.start_autosharded().await,
            Shards::Count(count) if count > 1 => client.start_shards(count).await,
            Shards::Count(_) => client.start().await,
            // serenity's range runs shards `start` to `end` inclusive.
            Shards::Range { first, last, total } => {
                client.start_shard_range(first..last, total).await
            }
        }
        .context("Discord connection failed")
    };
    tokio::select! {
        served = serve => served,
        () = shutdown.wait() => {
            tracing::info!("shutting down");
            if let Some(manager) = manager.get() {
                if tokio::time::timeout(SHUTDOWN_GRACE, manager.shutdown_all()).await.is_err() {
                    tracing::warn!("the gateway did not close in time; exiting anyway");
                }
            }
            Ok(())
        }
    }
}
