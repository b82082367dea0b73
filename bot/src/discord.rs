//! The Discord side: a thin serenity event handler that hands what users ask to [`crate::chat`]
//! and converts the [`Reply`] into serenity builders. Every message it sends pings nobody.

use crate::chat::{self, Ask, COMMANDS};
use crate::digest::{self, PostError};
use crate::reply::{Choice, Reply};
use crate::settings::{DigestSettings, DiscordSettings, Shards};
use anyhow::{Context as _, Result};
use chrono::Utc;
use serenity::all::{
    ButtonStyle, ChannelId, Command, CommandInteraction, CommandOptionType, ComponentInteraction,
    Context, CreateActionRow, CreateAllowedMentions, CreateAttachment, CreateAutocompleteResponse,
    CreateButton, CreateCommand, CreateCommandOption, CreateEmbed, CreateEmbedFooter,
    CreateInteractionResponse, CreateInteractionResponseMessage, CreateMessage,
    EditInteractionResponse, EventHandler, GatewayIntents, GuildId, Interaction, Message, Ready,
    ResolvedValue,
};
use serenity::async_trait;
use serenity::http::HttpBuilder;
use std::sync::{Arc, OnceLock, RwLock};
use talk_notes::search::TalkIndex;

/// Layouts offered by `/handout`.
pub const LAYOUTS: &[&str] = &[
    "slides",
    "handout-1",
    "handout-2",
    "handout-3",
    "handout-4",
    "handout-6",
];

/// What the handler shares between events: the current index (swapped on reload).
pub struct BotState {
    index: RwLock<Arc<TalkIndex>>,
    guild_ids: Vec<u64>,
    bot_id: OnceLock<u64>,
    digest: DigestSettings,
}

impl BotState {
    /// State serving `index`, registering commands in `guild_ids` (globally when empty).
    pub fn new(index: TalkIndex, guild_ids: Vec<u64>, digest: DigestSettings) -> Self {
        BotState {
            index: RwLock::new(Arc::new(index)),
            guild_ids,
            bot_id: OnceLock::new(),
            digest,
        }
    }

    /// The index as it is now.
    pub fn index(&self) -> Arc<TalkIndex> {
        self.index.read().unwrap_or_else(|e| e.into_inner()).clone()
    }

    /// Replaces the index (after the notes changed); readers keep the old one until done.
    pub fn swap_index(&self, index: TalkIndex) {
        *self.index.write().unwrap_or_else(|e| e.into_inner()) = Arc::new(index);
    }
}

/// No pings: no `@everyone`, roles, users, nor the author of a replied-to message.
pub fn no_mentions() -> CreateAllowedMentions {
    CreateAllowedMentions::new()
        .everyone(false)
        .all_users(false)
        .all_roles(false)
        .replied_user(false)
}

/// The slash commands, with autocomplete on the talk options.
pub fn slash_commands() -> Vec<CreateCommand> {
    COMMANDS
        .iter()
        .map(|(name, about)| {
            let command = CreateCommand::new(*name).description(*about);
            match *name {
                "talk" => command.add_option(
                    CreateCommandOption::new(
                        CommandOptionType::String,
                        "query",
                        "A question or talk name",
                    )
                    .required(true)
                    .set_autocomplete(true),
                ),
                "search" => command.add_option(
                    CreateCommandOption::new(
                        CommandOptionType::String,
                        "query",
                        "What to look for",
                    )
                    .required(true),
                ),
                "talks" => command.add_option(CreateCommandOption::new(
                    CommandOptionType::String,
                    "conference",
                    "Only this conference",
                )),
                "handout" => {
                    let layout = LAYOUTS.iter().fold(
                        CreateCommandOption::new(
                            CommandOptionType::String,
                            "layout",
                            "Slides or a handout with N slides per page",
                        ),
                        |option, layout| option.add_string_choice(*layout, *layout),
                    );
                    command
                        .add_option(
                            CreateCommandOption::new(CommandOptionType::String, "talk", "The talk")
                                .required(true)
                                .set_autocomplete(true),
                        )
                        .add_option(layout)
                }
                _ => command,
            }
        })
        .collect()
}

/// The slash command a user ran, as an [`Ask`].
fn ask_from_command(command: &CommandInteraction) -> Option<Ask> {
    let text = |key: &str| {
        command
            .data
            .options()
            .into_iter()
            .find_map(|o| match (o.name == key, o.value) {
                (true, ResolvedValue::String(s)) => Some(s.to_string()),
                _ => None,
            })
    };
    Some(match command.data.name.as_str() {
        "talk" => Ask::Talk {
            query: text("query").unwrap_or_default(),
        },
        "search" => Ask::Search {
            query: text("query").unwrap_or_default(),
            page: 0,
        },
        "talks" => Ask::Talks {
            conference: text("conference"),
            page: 0,
        },
        "handout" => Ask::Handout {
            talk: text("talk").unwrap_or_default(),
            layout: text("layout"),
        },
        "digest" => Ask::Digest,
        "help" => Ask::Help,
        _ => return None,
    })
}

fn embeds(reply: &Reply) -> Vec<CreateEmbed> {
    reply
        .embeds
        .iter()
        .map(|e| {
            let mut embed = CreateEmbed::new()
                .title(&e.title)
                .description(&e.description);
            if let Some(url) = &e.url {
                embed = embed.url(url);
            }
            for field in &e.fields {
                embed = embed.field(&field.name, &field.value, field.inline);
            }
            if let Some(footer) = &e.footer {
                embed = embed.footer(CreateEmbedFooter::new(footer));
            }
            embed
        })
        .collect()
}

fn components(reply: &Reply) -> Vec<CreateActionRow> {
    if reply.buttons.is_empty() {
        return Vec::new();
    }
    let buttons = reply
        .buttons
        .iter()
        .map(|b| {
            CreateButton::new(&b.custom_id)
                .label(&b.label)
                .style(ButtonStyle::Secondary)
                .disabled(b.disabled)
        })
        .collect();
    vec![CreateActionRow::Buttons(buttons)]
}

/// A reply as an interaction response message.
pub fn interaction_message(reply: &Reply) -> CreateInteractionResponseMessage {
    let mut message = CreateInteractionResponseMessage::new()
        .content(&reply.content)
        .embeds(embeds(reply))
        .components(components(reply))
        .allowed_mentions(no_mentions())
        .ephemeral(reply.ephemeral);
    if let Some(file) = &reply.file {
        message = message.add_file(CreateAttachment::bytes(file.bytes.clone(), &file.name));
    }
    message
}

/// A reply as a channel message answering `question`.
pub fn channel_message(reply: &Reply, question: &Message) -> CreateMessage {
    CreateMessage::new()
        .content(&reply.content)
        .embeds(embeds(reply))
        .allowed_mentions(no_mentions())
        .reference_message(question)
}

/// The serenity event handler: extracts what was asked, answers with [`chat`].
pub struct Handler {
    state: Arc<BotState>,
}

impl Handler {
    /// A handler over shared state.
    pub fn new(state: Arc<BotState>) -> Self {
        Handler { state }
    }

    async fn on_command(&self, ctx: &Context, command: &CommandInteraction) {
        let Some(ask) = ask_from_command(command) else {
            tracing::warn!(name = %command.data.name, "unknown command");
            return;
        };
        let index = self.state.index();
        if let Ask::Handout { .. } = ask {
            // Making a PDF may take longer than Discord's 3 seconds: defer, then edit.
            let defer = CreateInteractionResponse::Defer(CreateInteractionResponseMessage::new());
            if let Err(error) = command.create_response(&ctx.http, defer).await {
                tracing::warn!(%error, "could not defer /handout");
                return;
            }
            // Rendering is CPU work: keep it off the gateway's threads.
            let reply = match tokio::task::spawn_blocking(move || chat::answer(&index, &ask)).await
            {
                Ok(reply) => reply,
                Err(error) => {
                    tracing::error!(%error, "/handout failed");
                    Reply::text("Sorry, the PDF could not be made.")
                }
            };
            let mut edit = EditInteractionResponse::new()
                .content(&reply.content)
                .embeds(embeds(&reply))
                .allowed_mentions(no_mentions());
            if let Some(file) = &reply.file {
                edit = edit.new_attachment(CreateAttachment::bytes(file.bytes.clone(), &file.name));
            }
            if let Err(error) = command.edit_response(&ctx.http, edit).await {
                tracing::warn!(%error, "could not send /handout");
            }
            return;
        }
        let reply = match ask {
            Ask::Digest => digest::digest_command(&index, &self.state.digest, None),
            ask => chat::answer(&index, &ask),
        };
        let response = CreateInteractionResponse::Message(interaction_message(&reply));
        if let Err(error) = command.create_response(&ctx.http, response).await {
            tracing::warn!(%error, command = %command.data.name, "could not answer");
        }
    }

    async fn on_autocomplete(&self, ctx: &Context, command: &CommandInteraction) {
        let typed = command
            .data
            .autocomplete()
            .map(|o| o.value.to_string())
            .unwrap_or_default();
        let choices: Vec<Choice> = chat::autocomplete(&self.state.index(), &typed);
        let response = choices
            .into_iter()
            .fold(CreateAutocompleteResponse::new(), |r, c| {
                r.add_string_choice(c.name, c.value)
            });
        let result = command
            .create_response(&ctx.http, CreateInteractionResponse::Autocomplete(response))
            .await;
        if let Err(error) = result {
            tracing::warn!(%error, "could not send autocomplete choices");
        }
    }

    async fn on_button(&self, ctx: &Context, component: &ComponentInteraction) {
        let Some(reply) = chat::button_reply(&self.state.index(), &component.data.custom_id) else {
            return;
        };
        let response = CreateInteractionResponse::UpdateMessage(interaction_message(&reply));
        if let Err(error) = component.create_response(&ctx.http, response).await {
            tracing::warn!(%error, "could not page");
        }
    }
}

#[async_trait]
impl EventHandler for Handler {
    async fn ready(&self, ctx: Context, ready: Ready) {
        let _ = self.state.bot_id.set(ready.user.id.get());
        tracing::info!(user = %ready.user.name, guilds = ready.guilds.len(), "connected to Discord");
        if self.state.guild_ids.is_empty() {
            match Command::set_global_commands(&ctx.http, slash_commands()).await {
                Ok(commands) => {
                    tracing::info!(count = commands.len(), "registered global commands")
                }
                Err(error) => tracing::error!(%error, "could not register global commands"),
            }
        }
        for guild in &self.state.guild_ids {
            match GuildId::new(*guild)
                .set_commands(&ctx.http, slash_commands())
                .await
            {
                Ok(commands) => {
                    tracing::info!(guild, count = commands.len(), "registered guild commands")
                }
                Err(error) => tracing::error!(%error, guild, "could not register guild commands"),
            }
        }
    }

    async fn interaction_create(&self, ctx: Context, interaction: Interaction) {
        match &interaction {
            Interaction::Command(command) => self.on_command(&ctx, command).await,
            Interaction::Autocomplete(command) => self.on_autocomplete(&ctx, command).await,
            Interaction::Component(component) => self.on_button(&ctx, component).await,
            _ => {}
        }
    }

    async fn message(&self, ctx: Context, message: Message) {
        if message.author.bot {
            return;
        }
        let Some(&bot_id) = self.state.bot_id.get() else {
            return;
        };
        let is_dm = message.guild_id.is_none();
        let mentioned = message.mentions.iter().any(|u| u.id.get() == bot_id);
        if !is_dm && !mentioned {
            return;
        }
        let question = chat::question_from_mention(&message.content);
        let reply = chat::answer(&self.state.index(), &Ask::Talk { query: question });
        if let Err(error) = message
            .channel_id
            .send_message(&ctx.http, channel_message(&reply, &message))
            .await
        {
            tracing::warn!(%error, "could not answer a message");
        }
    }
}

/// Connects to Discord (or the configured proxy) and serves until SIGINT or SIGTERM; posts the
/// daily digest when it is enabled.
pub async fn run(
    settings: &DiscordSettings,
    digest_settings: &DigestSettings,
    state: Arc<BotState>,
) -> Result<()> {
    let token = settings.resolve_token()?;
    let schedule = if digest_settings.enabled {
        if digest_settings.channels().is_empty() {
            anyhow::bail!("digest.enabled is set but no channel: set digest.channel_id (or digest.channel_ids)");
        }
        Some(digest_settings.schedule()?)
    } else {
        None
    };
    let mut http = HttpBuilder::new(&token).default_allowed_mentions(no_mentions());
    if let Some(proxy) = &settings.proxy_url {
        // serenity ignores the proxy while its rate limiter is on.
        http = http
            .proxy(proxy.trim_end_matches('/'))
            .ratelimiter_disabled(true);
    }
    let intents =
        GatewayIntents::GUILDS | GatewayIntents::GUILD_MESSAGES | GatewayIntents::DIRECT_MESSAGES;
    let state_for_digest = state.clone();
    let mut client = serenity::client::ClientBuilder::new_with_http(http.build(), intents)
        .event_handler(Handler::new(state))
        .await
        .context("creating the Discord client")?;
    if let Some(schedule) = schedule {
        let http = client.http.clone();
        let index_state = state_for_digest.clone();
        tokio::spawn(digest::run(
            digest_settings.clone(),
            schedule,
            move || index_state.index(),
            Utc::now,
            move |channel, reply| {
                let http = http.clone();
                async move {
                    let message = CreateMessage::new()
                        .content(&reply.content)
                        .embeds(embeds(&reply))
                        .allowed_mentions(no_mentions());
                    ChannelId::new(channel)
                        .send_message(&http, message)
                        .await
                        .map(|_| ())
                        .map_err(post_error)
                }
            },
        ));
    }
    let shards = client.shard_manager.clone();
    tokio::spawn(async move {
        wait_for_shutdown_signal().await;
        tracing::info!("shutting down");
        shards.shutdown_all().await;
    });
    let started = match settings.shards {
        Some(Shards::Auto(_)) => client.start_autosharded().await,
        Some(Shards::Count(count)) if count > 1 => client.start_shards(count).await,
        _ => client.start().await,
    };
    started.context("Discord connection failed")
}

/// Whether a failed post is worth retrying (rate limits, server errors, network) or not.
fn post_error(error: serenity::Error) -> PostError {
    use serenity::http::HttpError;
    match &error {
        serenity::Error::Http(HttpError::UnsuccessfulRequest(response)) => {
            let status = response.status_code.as_u16();
            let text = format!("{status} {}", response.error.message);
            if status == 429 || status >= 500 {
                PostError::Retry(text)
            } else {
                PostError::Fatal(text)
            }
        }
        _ => PostError::Retry(error.to_string()),
    }
}

async fn wait_for_shutdown_signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{signal, SignalKind};
        match signal(SignalKind::terminate()) {
            Ok(mut term) => {
                tokio::select! {
                    _ = tokio::signal::ctrl_c() => {}
                    _ = term.recv() => {}
                }
            }
            Err(_) => {
                let _ = tokio::signal::ctrl_c().await;
            }
        }
    }
    #[cfg(not(unix))]
    {
        let _ = tokio::signal::ctrl_c().await;
    }
}
