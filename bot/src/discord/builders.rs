//! Plain [`Reply`] data converted into serenity builders: embeds, buttons, attachments, and
//! allowed mentions set to none on every message.

use crate::digest::Outgoing;
use crate::reply::Reply;
use serenity::all::{
    ButtonStyle, CreateActionRow, CreateAllowedMentions, CreateAttachment, CreateButton,
    CreateEmbed, CreateEmbedFooter, CreateInteractionResponseMessage, CreateMessage,
    EditInteractionResponse, Message, MessageReference, Nonce,
};

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

fn attachment(reply: &Reply) -> Option<CreateAttachment> {
    let file = reply.file.as_ref()?;
    Some(CreateAttachment::bytes(file.bytes.clone(), &file.name))
}

/// A reply as an interaction response message.
pub fn interaction_message(reply: &Reply) -> CreateInteractionResponseMessage {
    let mut message = CreateInteractionResponseMessage::new()
        .content(&reply.content)
        .embeds(embeds(reply))
        .components(components(reply))
        .allowed_mentions(no_mentions())
        .ephemeral(reply.ephemeral);
    if let Some(file) = attachment(reply) {
        message = message.add_file(file);
    }
    message
}

/// A reply as the edit of a deferred interaction response ("thinking…" replaced).
pub fn interaction_edit(reply: &Reply) -> EditInteractionResponse {
    let mut edit = EditInteractionResponse::new()
        .content(&reply.content)
        .embeds(embeds(reply))
        .components(components(reply))
        .allowed_mentions(no_mentions());
    if let Some(file) = attachment(reply) {
        edit = edit.new_attachment(file);
    }
    edit
}

/// A reply as a channel message answering `question`. Its nonce is the question's id, enforced:
/// when a post is sent again after Discord failed, the message already made is returned
/// instead of a second one.
pub fn channel_message(reply: &Reply, question: &Message) -> CreateMessage {
    CreateMessage::new()
        .content(&reply.content)
        .embeds(embeds(reply))
        .allowed_mentions(no_mentions())
        // A question deleted meanwhile gets a plain message rather than a failed reply.
        .reference_message(MessageReference::from(question).fail_if_not_exists(false))
        .nonce(Nonce::String(question.id.to_string()))
        .enforce_nonce(true)
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
