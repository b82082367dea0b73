//! The Discord side: a thin serenity event handler that hands what users ask to [`crate::chat`]
//! and converts the [`Reply`] into serenity builders. Every message it sends pings nobody.

use crate::chat::{self, Ask, COMMANDS};
use crate::digest::{self, Outgoing, PostError, Poster, Schedule};
use crate::handout::Handouts;
use crate::reply::{Choice, Reply};
use crate::settings::{DigestSettings, DiscordSettings, Shards};
use anyhow::{Context as _, Result};
use chrono::Utc;
use serenity::all::{
    ButtonStyle, ChannelId, Command, CommandInteraction, CommandOptionType, ComponentInteraction,
    Context, CreateActionRow, CreateAllowedMentions, CreateAttachment, CreateAutocompleteResponse,
    CreateButton, CreateCommand, CreateCommandOption, CreateEmbed, CreateEmbedFooter,
    CreateInteractionResponse, CreateInteractionResponseMessage, CreateMessage,
    EditInteractionResponse, EventHandler, GatewayIntents, GetMessages, GuildId, Http, Interaction,
    Message, MessageReference, Nonce, Ready, ResolvedValue,
};
use serenity::async_trait;
use serenity::http::HttpBuilder;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, OnceLock, RwLock};
use std::time::Duration;
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

/// How long shutting down may take after SIGINT or SIGTERM before the process exits anyway.
pub const SHUTDOWN_GRACE: Duration = Duration::from_secs(5);

/// What the handler shares between events: the current index (swapped on reload).
pub struct BotState {
    index: RwLock<Arc<TalkIndex>>,
    version: AtomicU64,
    guild_ids: Vec<u64>,
    bot_id: OnceLock<u64>,
    digest: DigestSettings,
    commands_registered: AtomicBool,
    digest_started: AtomicBool,
    handouts: Arc<Handouts>,
}

impl BotState {
    /// State serving `index`, registering commands in `guild_ids` (globally when empty).
    pub fn new(index: TalkIndex, guild_ids: Vec<u64>, digest: DigestSettings) -> Self {
        BotState {
            index: RwLock::new(Arc::new(index)),
            version: AtomicU64::new(0),
            guild_ids,
            bot_id: OnceLock::new(),
            digest,
            commands_registered: AtomicBool::new(false),
            digest_started: AtomicBool::new(false),
            handouts: Arc::new(Handouts::default()),
        }
    }

    /// The index as it is now.
    pub fn index(&self) -> Arc<TalkIndex> {
        self.index.read().unwrap_or_else(|e| e.into_inner()).clone()
    }

    /// The index as it is now, and its version (changes on every swap).
    pub fn versioned_index(&self) -> (u64, Arc<TalkIndex>) {
        let index = self.index.read().unwrap_or_else(|e| e.into_inner());
        (self.version.load(Ordering::SeqCst), index.clone())
    }

    /// Replaces the index (after the notes changed); readers keep the old one until done.
    pub fn swap_index(&self, index: TalkIndex) {
        let mut current = self.index.write().unwrap_or_else(|e| e.into_inner());
        *current = Arc::new(index);
        self.version.fetch_add(1, Ordering::SeqCst);
    }
}

/// Whether `url` may go into an embed's `url`: Discord rejects anything but absolute
/// `http(s)` URLs (a relative path, `mailto:` or `#anchor` makes the whole message fail).
pub fn is_web_url(url: &str) -> bool {
    url::Url::parse(url).is_ok_and(|u| matches!(u.scheme(), "http" | "https") && u.has_host())
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
            if let Some(url) = e.url.as_deref().filter(|u| is_web_url(u)) {
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
        // A question deleted meanwhile gets a plain message rather than a failed reply.
        .reference_message(MessageReference::from(question).fail_if_not_exists(false))
}

/// A digest as a channel message whose nonce Discord enforces: a resend of the same digest
/// (after a restart) returns the message already posted instead of creating another.
pub fn digest_message(message: &Outgoing) -> CreateMessage {
    CreateMessage::new()
        .content(&message.reply.content)
        .embeds(embeds(&message.reply))
        .allowed_mentions(no_mentions())
        .nonce(Nonce::String(message.nonce.clone()))
        .enforce_nonce(true)
}

/// Starts the digest once the gateway is ready.
pub type DigestStart = Box<dyn FnOnce(Arc<Http>, Arc<BotState>) + Send>;

/// The serenity event handler: extracts what was asked, answers with [`chat`].
pub struct Handler {
    state: Arc<BotState>,
    digest: std::sync::Mutex<Option<DigestStart>>,
}

impl Handler {
    /// A handler over shared state; `digest` is started on the first READY of shard 0.
    pub fn new(state: Arc<BotState>, digest: Option<DigestStart>) -> Self {
        Handler {
            state,
            digest: std::sync::Mutex::new(digest),
        }
    }

    async fn on_command(&self, ctx: &Context, command: &CommandInteraction) {
        let Some(ask) = ask_from_command(command) else {
            tracing::warn!(name = %command.data.name, "unknown command");
            return;
        };
        if let Ask::Handout { talk, layout } = ask {
            self.on_handout(ctx, command, talk, layout).await;
            return;
        }
        let index = self.state.index();
        let reply = match ask {
            Ask::Digest => digest::digest_command(&index, &self.state.digest, None),
            ask => chat::answer(&index, &ask),
        };
        let response = CreateInteractionResponse::Message(interaction_message(&reply));
        if let Err(error) = command.create_response(&ctx.http, response).await {
            tracing::warn!(%error, command = %command.data.name, "could not answer");
        }
    }

    async fn on_handout(
        &self,
        ctx: &Context,
        command: &CommandInteraction,
        talk: String,
        layout: Option<String>,
    ) {
        // Making a PDF may take longer than Discord's 3 seconds: defer, then edit.
        let defer = CreateInteractionResponse::Defer(CreateInteractionResponseMessage::new());
        if let Err(error) = command.create_response(&ctx.http, defer).await {
            tracing::warn!(%error, "could not defer /handout");
            return;
        }
        let (version, index) = self.state.versioned_index();
        let mut reply = self
            .state
            .handouts
            .answer(index, version, talk, layout)
            .await;
        let limit = usize::try_from(command.attachment_size_limit).unwrap_or(usize::MAX);
        if let Some(file) = reply.file.as_ref().filter(|f| limit > 0 && f.size > limit) {
            reply = Reply::text(format!(
                "The PDF is {:.1} MB, more than the {:.1} MB this server accepts; try `talk-export` on the notes instead.",
                mebibytes(file.size),
                mebibytes(limit)
            ));
        }
        let mut edit = EditInteractionResponse::new()
            .content(&reply.content)
            .embeds(embeds(&reply))
            .allowed_mentions(no_mentions());
        if let Some(file) = &reply.file {
            edit = edit.new_attachment(CreateAttachment::bytes(file.bytes.clone(), &file.name));
        }
        if let Err(error) = command.edit_response(&ctx.http, edit).await {
            tracing::warn!(%error, "could not send /handout; answering with text");
            let text = EditInteractionResponse::new()
                .content(format!(
                    "{}\nSorry, the PDF could not be sent ({}).",
                    reply.content,
                    short_error(&error)
                ))
                .allowed_mentions(no_mentions());
            if let Err(error) = command.edit_response(&ctx.http, text).await {
                tracing::warn!(%error, "could not answer /handout at all");
            }
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
        tracing::info!(user = %ready.user.name, shard = ctx.shard_id.0, guilds = ready.guilds.len(), "connected to Discord");
        // The digest starts once the gateway is ready, in the process that runs shard 0.
        if ctx.shard_id.0 == 0 && !self.state.digest_started.swap(true, Ordering::SeqCst) {
            if let Some(start) = self.digest.lock().unwrap_or_else(|e| e.into_inner()).take() {
                start(ctx.http.clone(), self.state.clone());
            }
        }
        // Every shard gets READY (and again after a reconnect): register the commands once.
        if self.state.commands_registered.swap(true, Ordering::SeqCst) {
            return;
        }
        let registered = register_commands(&ctx.http, &self.state.guild_ids).await;
        if !registered {
            // Let the next READY try again.
            self.state
                .commands_registered
                .store(false, Ordering::SeqCst);
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

/// Registers the slash commands (in `guild_ids`, else globally); true when all succeeded.
async fn register_commands(http: &Http, guild_ids: &[u64]) -> bool {
    let mut ok = true;
    if guild_ids.is_empty() {
        match Command::set_global_commands(http, slash_commands()).await {
            Ok(commands) => tracing::info!(count = commands.len(), "registered global commands"),
            Err(error) => {
                ok = false;
                tracing::error!(%error, "could not register global commands")
            }
        }
    }
    for guild in guild_ids {
        match GuildId::new(*guild)
            .set_commands(http, slash_commands())
            .await
        {
            Ok(commands) => {
                tracing::info!(guild, count = commands.len(), "registered guild commands")
            }
            Err(error) => {
                ok = false;
                tracing::error!(%error, guild, "could not register guild commands")
            }
        }
    }
    ok
}

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
    let mut http = HttpBuilder::new(&token).default_allowed_mentions(no_mentions());
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
            .event_handler(Handler::new(state, digest_start))
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

/// Starts the digest, supervised: when its task fails it is logged and started again.
fn digest_starter(settings: DigestSettings, schedule: Schedule) -> DigestStart {
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
        let nonce = message.nonce.clone();
        let first_line = message
            .reply
            .content
            .lines()
            .next()
            .unwrap_or_default()
            .to_string();
        let bot_id = self.bot_id;
        async move {
            let recent = channel
                .messages(&http, GetMessages::new().limit(50))
                .await
                .map_err(post_error)?;
            Ok(recent.iter().any(|m| {
                let same_nonce = matches!(&m.nonce, Some(Nonce::String(n)) if *n == nonce);
                let same_text = m.author.id.get() == bot_id
                    && !first_line.is_empty()
                    && m.content.starts_with(&first_line);
                same_nonce || same_text
            }))
        }
    }
}

fn mebibytes(bytes: usize) -> f64 {
    bytes as f64 / (1024.0 * 1024.0)
}

/// An error in a few words, for a user.
fn short_error(error: &serenity::Error) -> String {
    use serenity::http::HttpError;
    match error {
        serenity::Error::Http(HttpError::UnsuccessfulRequest(response)) => {
            format!("Discord answered {}", response.status_code.as_u16())
        }
        _ => "Discord could not be reached".to_string(),
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

/// SIGINT and SIGTERM, listened to from the moment it is installed: a signal that arrives
/// before anyone waits is kept, not lost.
struct ShutdownSignal {
    #[cfg(unix)]
    term: Option<tokio::signal::unix::Signal>,
    #[cfg(unix)]
    interrupt: Option<tokio::signal::unix::Signal>,
}

impl ShutdownSignal {
    fn install() -> Self {
        #[cfg(unix)]
        {
            use tokio::signal::unix::{signal, SignalKind};
            ShutdownSignal {
                term: signal(SignalKind::terminate()).ok(),
                interrupt: signal(SignalKind::interrupt()).ok(),
            }
        }
        #[cfg(not(unix))]
        {
            ShutdownSignal {}
        }
    }

    async fn wait(mut self) {
        #[cfg(unix)]
        {
            let term = async {
                match self.term.as_mut() {
                    Some(term) => {
                        term.recv().await;
                    }
                    None => std::future::pending().await,
                }
            };
            let interrupt = async {
                match self.interrupt.as_mut() {
                    Some(interrupt) => {
                        interrupt.recv().await;
                    }
                    None => {
                        let _ = tokio::signal::ctrl_c().await;
                    }
                }
            };
            tokio::select! {
                () = term => {}
                () = interrupt => {}
            }
        }
        #[cfg(not(unix))]
        {
            let _ = tokio::signal::ctrl_c().await;
        }
    }
}
