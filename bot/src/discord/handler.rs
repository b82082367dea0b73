//! The serenity event handler: it reads what was asked (a slash command, an autocomplete, a
//! button, a mention or a direct message), hands it to [`crate::chat`] on a thread of its own
//! ([`super::answering`]), and sends the reply. An answer not ready within 2 seconds is
//! deferred (the user sees "thinking…") and edited in when it comes; one not ready within 15
//! seconds is replaced by what is known ([`super::late`]).

use super::answering::{
    Answering, Pending, Waited, ANSWER_DEADLINE, AUTOCOMPLETE_WITHIN, DEFER_AFTER,
};
use super::builders::{channel_message, interaction_edit, interaction_message, no_mentions};
use super::commands::{
    ask_from_command, register_commands, unknown_button_reply, unknown_command_reply,
};
use super::digest_poster::DigestStart;
use super::late::{failed_reply, late_choices, late_reply};
use super::sender::{SendError, Sender};
use super::state::BotState;
use crate::chat::{self, Ask};
use crate::handout::within_attachment_limit;
use crate::reply::Reply;
use serenity::all::{
    CommandInteraction, ComponentInteraction, Context, CreateAutocompleteResponse,
    CreateInteractionResponse, CreateInteractionResponseMessage, EditInteractionResponse,
    EventHandler, Interaction, Message, Ready,
};
use serenity::async_trait;
use std::sync::atomic::Ordering;
use std::sync::Arc;
use std::time::Duration;
use tokio::time::Instant;

/// How long after it arrives an interaction may still be answered: Discord's 3 seconds, less
/// the answer's way back.
const INTERACTION_WINDOW: Duration = Duration::from_millis(2800);
/// How long an edit of a deferred answer, or a channel message, is tried before giving up.
const REPLY_PATIENCE: Duration = Duration::from_secs(30);

/// The serenity event handler: extracts what was asked, answers with [`chat`].
pub struct Handler {
    state: Arc<BotState>,
    digest: std::sync::Mutex<Option<DigestStart>>,
    sender: Sender,
    answering: Answering,
}

impl Handler {
    /// A handler over shared state, replying through `sender`; `digest` is started on the
    /// first READY of shard 0.
    pub fn new(state: Arc<BotState>, digest: Option<DigestStart>, sender: Sender) -> Self {
        Handler {
            state,
            digest: std::sync::Mutex::new(digest),
            sender,
            answering: Answering::default(),
        }
    }

    /// Starts answering `ask` off the async workers.
    fn start_answer(&self, ask: Ask) -> Pending<Reply> {
        let state = self.state.clone();
        self.answering
            .start(move || state.with_notes(|n| chat::answer_in(n, &state.digest, &ask)))
    }

    /// The answer to `ask` once `pending` gives it, or by `deadline` what is known.
    async fn final_reply(
        &self,
        pending: &mut Pending<Reply>,
        ask: &Ask,
        deadline: Instant,
    ) -> Reply {
        match pending.until(deadline).await {
            Waited::Ready(reply) => reply,
            Waited::Failed => {
                tracing::error!(?ask, "answering failed");
                failed_reply()
            }
            Waited::Late => {
                tracing::warn!(?ask, "no answer within the deadline; telling what is known");
                late_reply(&self.state.index(), ask)
            }
        }
    }

    /// Answers a slash command with `reply`, within the interaction's window.
    async fn answer_command(
        &self,
        ctx: &Context,
        command: &CommandInteraction,
        reply: &Reply,
        received: Instant,
    ) {
        let response = CreateInteractionResponse::Message(interaction_message(reply));
        let sent = self
            .sender
            .respond(
                &ctx.http,
                command.id,
                &command.token,
                &response,
                reply.file.as_ref(),
                received + INTERACTION_WINDOW,
            )
            .await;
        if let Err(error) = sent {
            tracing::warn!(%error, command = %command.data.name, "could not answer");
        }
    }

    async fn on_command(&self, ctx: &Context, command: &CommandInteraction) {
        let received = Instant::now();
        let Some(ask) = ask_from_command(command) else {
            tracing::warn!(name = %command.data.name, "unknown command; telling the user");
            let reply = unknown_command_reply(&command.data.name);
            self.answer_command(ctx, command, &reply, received).await;
            return;
        };
        if let Ask::Handout { talk, layout } = ask {
            self.on_handout(ctx, command, talk, layout, received).await;
            return;
        }
        let mut pending = self.start_answer(ask.clone());
        let reply = match pending.until(received + DEFER_AFTER).await {
            Waited::Ready(reply) => reply,
            Waited::Failed => failed_reply(),
            Waited::Late => {
                if let Err(error) = self.defer(ctx, command, received).await {
                    tracing::warn!(%error, command = %command.data.name, "could not defer");
                    return;
                }
                let reply = self
                    .final_reply(&mut pending, &ask, received + ANSWER_DEADLINE)
                    .await;
                let edit = interaction_edit(&reply);
                if let Err(error) = self.edit_answer(ctx, command, &edit, Some(&reply)).await {
                    tracing::warn!(%error, command = %command.data.name, "could not answer");
                }
                return;
            }
        };
        self.answer_command(ctx, command, &reply, received).await;
    }

    /// Tells Discord the answer to `command` (received at `received`) comes later.
    async fn defer(
        &self,
        ctx: &Context,
        command: &CommandInteraction,
        received: Instant,
    ) -> Result<(), SendError> {
        let defer = CreateInteractionResponse::Defer(CreateInteractionResponseMessage::new());
        self.sender
            .respond(
                &ctx.http,
                command.id,
                &command.token,
                &defer,
                None,
                received + INTERACTION_WINDOW,
            )
            .await
    }

    /// Replaces the deferred answer to `command` with `reply`; false when Discord refused or
    /// kept failing.
    async fn edit_answer(
        &self,
        ctx: &Context,
        command: &CommandInteraction,
        edit: &EditInteractionResponse,
        reply: Option<&Reply>,
    ) -> Result<(), SendError> {
        self.sender
            .edit_original(
                &ctx.http,
                command.application_id,
                &command.token,
                edit,
                reply.and_then(|r| r.file.as_ref()),
                Instant::now() + REPLY_PATIENCE,
            )
            .await
    }

    async fn on_handout(
        &self,
        ctx: &Context,
        command: &CommandInteraction,
        talk: String,
        layout: Option<String>,
        received: Instant,
    ) {
        // Making a PDF may take longer than Discord's 3 seconds: defer, then edit.
        if let Err(error) = self.defer(ctx, command, received).await {
            tracing::warn!(%error, "could not defer /handout");
            return;
        }
        let (version, index) = self.state.versioned_index();
        let reply = self
            .state
            .handouts
            .answer(index, version, talk, layout)
            .await;
        let limit = usize::try_from(command.attachment_size_limit).unwrap_or(usize::MAX);
        let reply = within_attachment_limit(reply, limit);
        let sent = self
            .edit_answer(ctx, command, &interaction_edit(&reply), Some(&reply))
            .await;
        if let Err(error) = sent {
            tracing::warn!(%error, "could not send /handout; answering with text");
            let text = EditInteractionResponse::new()
                .content(format!(
                    "{}\nSorry, the PDF could not be sent ({}).",
                    reply.content,
                    short_error(&error)
                ))
                .allowed_mentions(no_mentions());
            if let Err(error) = self.edit_answer(ctx, command, &text, None).await {
                tracing::warn!(%error, "could not answer /handout at all");
            }
        }
    }

    async fn on_autocomplete(&self, ctx: &Context, command: &CommandInteraction) {
        let received = Instant::now();
        let typed = command
            .data
            .autocomplete()
            .map(|o| o.value.to_string())
            .unwrap_or_default();
        let state = self.state.clone();
        let typed_now = typed.clone();
        let mut pending = self
            .answering
            .start(move || chat::autocomplete(&state.index(), &typed_now));
        let choices = match pending.until(received + AUTOCOMPLETE_WITHIN).await {
            Waited::Ready(choices) => choices,
            Waited::Failed | Waited::Late => late_choices(&self.state.index(), &typed),
        };
        let response = choices
            .into_iter()
            .fold(CreateAutocompleteResponse::new(), |r, c| {
                r.add_string_choice(c.name, c.value)
            });
        let result = self
            .sender
            .respond(
                &ctx.http,
                command.id,
                &command.token,
                &CreateInteractionResponse::Autocomplete(response),
                None,
                received + INTERACTION_WINDOW,
            )
            .await;
        if let Err(error) = result {
            tracing::warn!(%error, "could not send autocomplete choices");
        }
    }

    async fn on_button(&self, ctx: &Context, component: &ComponentInteraction) {
        let received = Instant::now();
        let Some(ask) = chat::button_ask(&component.data.custom_id) else {
            // A button this bot does not make (one from an older version, or not a button):
            // the user is told, rather than Discord's "This interaction failed".
            tracing::warn!(custom_id = %component.data.custom_id, "unknown button; telling the user");
            let response =
                CreateInteractionResponse::Message(interaction_message(&unknown_button_reply()));
            let sent = self
                .sender
                .respond(
                    &ctx.http,
                    component.id,
                    &component.token,
                    &response,
                    None,
                    received + INTERACTION_WINDOW,
                )
                .await;
            if let Err(error) = sent {
                tracing::warn!(%error, "could not answer an unknown button");
            }
            return;
        };
        let mut pending = self.start_answer(ask.clone());
        let (response, late) = match pending.until(received + DEFER_AFTER).await {
            Waited::Ready(reply) => (
                CreateInteractionResponse::UpdateMessage(interaction_message(&reply)),
                false,
            ),
            Waited::Failed => (
                CreateInteractionResponse::Message(interaction_message(&failed_reply())),
                false,
            ),
            // The page is edited in when it comes.
            Waited::Late => (CreateInteractionResponse::Acknowledge, true),
        };
        let result = self
            .sender
            .respond(
                &ctx.http,
                component.id,
                &component.token,
                &response,
                None,
                received + INTERACTION_WINDOW,
            )
            .await;
        if let Err(error) = result {
            tracing::warn!(%error, "could not page");
            return;
        }
        if late {
            let reply = self
                .final_reply(&mut pending, &ask, received + ANSWER_DEADLINE)
                .await;
            let edited = self
                .sender
                .edit_original(
                    &ctx.http,
                    component.application_id,
                    &component.token,
                    &interaction_edit(&reply),
                    None,
                    Instant::now() + REPLY_PATIENCE,
                )
                .await;
            if let Err(error) = edited {
                tracing::warn!(%error, "could not page");
            }
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
        let ask = Ask::Talk { query: question };
        let mut pending = self.start_answer(ask.clone());
        let reply = self
            .final_reply(&mut pending, &ask, Instant::now() + ANSWER_DEADLINE)
            .await;
        let posted = self
            .sender
            .post(
                &ctx.http,
                message.channel_id,
                &channel_message(&reply, &message),
                Instant::now() + REPLY_PATIENCE,
            )
            .await;
        if let Err(error) = posted {
            tracing::warn!(%error, "could not answer a message");
        }
    }
}

/// An error in a few words, for a user.
fn short_error(error: &SendError) -> String {
    match error.status() {
        Some(status) => format!("Discord answered {status}"),
        None => "Discord could not be reached".to_string(),
    }
}
