//! The bot's answers as plain data, and Discord's size limits.
//!
//! A [`Reply`] is what every command returns. The Discord layer turns it into serenity builders;
//! the console prints it as text or JSON. [`Reply::fit_discord_limits`] cuts every text to what
//! Discord accepts, on a character boundary, ending with "…".

use serde::Serialize;
use talk_notes::text::cut_chars;

/// Longest message content.
pub const MAX_CONTENT: usize = 2000;
/// Longest embed title.
pub const MAX_EMBED_TITLE: usize = 256;
/// Longest embed description.
pub const MAX_EMBED_DESCRIPTION: usize = 4096;
/// Longest embed field name.
pub const MAX_FIELD_NAME: usize = 256;
/// Longest embed field value.
pub const MAX_FIELD_VALUE: usize = 1024;
/// Most fields in one embed.
pub const MAX_FIELDS: usize = 25;
/// Longest embed footer.
pub const MAX_FOOTER: usize = 2048;
/// Most characters across all embeds of a message.
pub const MAX_EMBEDS_TOTAL: usize = 6000;
/// Longest button label.
pub const MAX_BUTTON_LABEL: usize = 80;
/// Most autocomplete choices.
pub const MAX_CHOICES: usize = 25;
/// Longest autocomplete choice name or value.
pub const MAX_CHOICE: usize = 100;

/// One answer of the bot.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Reply {
    /// Message text (may be empty when there are embeds).
    pub content: String,
    /// Rich embeds.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub embeds: Vec<Embed>,
    /// Buttons, in one row (paging).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub buttons: Vec<Button>,
    /// A file to attach (a PDF handout).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub file: Option<Attachment>,
    /// Only the asker sees it (errors, help).
    pub ephemeral: bool,
}

/// A rich embed.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Embed {
    /// Title (linked when `url` is set).
    pub title: String,
    /// Where the title links to.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// Main text (Markdown).
    pub description: String,
    /// Name/value fields.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub fields: Vec<Field>,
    /// Small text at the bottom.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub footer: Option<String>,
}

/// One embed field.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Field {
    /// Field title.
    pub name: String,
    /// Field text (Markdown).
    pub value: String,
    /// Shown side by side with other inline fields.
    pub inline: bool,
}

/// A button that sends `custom_id` back to the bot when pressed.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Button {
    /// What the bot receives (at most 100 characters).
    pub custom_id: String,
    /// What the user sees.
    pub label: String,
    /// Greyed out.
    pub disabled: bool,
}

/// A file attached to a reply.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Attachment {
    /// File name shown in Discord.
    pub name: String,
    /// The bytes (not serialised; the size is).
    #[serde(skip)]
    pub bytes: Vec<u8>,
    /// Size in bytes.
    pub size: usize,
}

/// One autocomplete choice: what the user sees and what the bot receives if it is picked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Choice {
    /// Shown in the list (at most 100 characters).
    pub name: String,
    /// Sent back as the option's value (at most 100 characters).
    pub value: String,
}

impl Reply {
    /// A plain text reply.
    pub fn text(content: impl Into<String>) -> Self {
        Reply {
            content: content.into(),
            ..Reply::default()
        }
    }

    /// A plain text reply only the asker sees (errors, refusals): ephemeral on Discord.
    pub fn private(content: impl Into<String>) -> Self {
        Reply {
            ephemeral: true,
            ..Reply::text(content)
        }
    }

    /// Cuts every text to Discord's limits (on character boundaries, with "…").
    pub fn fit_discord_limits(mut self) -> Self {
        self.content = cut_chars(&self.content, MAX_CONTENT);
        self.embeds.truncate(10);
        let mut budget = MAX_EMBEDS_TOTAL;
        for embed in &mut self.embeds {
            embed.title = cut_chars(&embed.title, MAX_EMBED_TITLE.min(budget));
            budget -= char_len(&embed.title);
            embed.description = cut_chars(&embed.description, MAX_EMBED_DESCRIPTION.min(budget));
            budget -= char_len(&embed.description);
            embed.fields.truncate(MAX_FIELDS);
            let mut kept = Vec::new();
            for mut field in std::mem::take(&mut embed.fields) {
                field.name = cut_chars(&field.name, MAX_FIELD_NAME);
                field.value = cut_chars(&field.value, MAX_FIELD_VALUE);
                let size = char_len(&field.name) + char_len(&field.value);
                if size > budget || field.name.is_empty() || field.value.is_empty() {
                    continue;
                }
                budget -= size;
                kept.push(field);
            }
            embed.fields = kept;
            if let Some(footer) = &embed.footer {
                let footer = cut_chars(footer, MAX_FOOTER.min(budget));
                budget -= char_len(&footer);
                embed.footer = (!footer.is_empty()).then_some(footer);
            }
        }
        for button in &mut self.buttons {
            button.label = cut_chars(&button.label, MAX_BUTTON_LABEL);
        }
        self.buttons.truncate(5);
        self
    }

    /// The reply as plain text for a terminal: content, then each embed.
    pub fn to_text(&self) -> String {
        let mut out = String::new();
        if !self.content.is_empty() {
            out.push_str(&self.content);
            out.push('\n');
        }
        for embed in &self.embeds {
            out.push_str(&format!("# {}", embed.title));
            if let Some(url) = &embed.url {
                out.push_str(&format!(" <{url}>"));
            }
            out.push('\n');
            if !embed.description.is_empty() {
                out.push_str(&embed.description);
                out.push('\n');
            }
            for field in &embed.fields {
                out.push_str(&format!("{}: {}\n", field.name, field.value));
            }
            if let Some(footer) = &embed.footer {
                out.push_str(&format!("({footer})\n"));
            }
        }
        if let Some(file) = &self.file {
            out.push_str(&format!("[attached {} ({} bytes)]\n", file.name, file.size));
        }
        out
    }
}

fn char_len(text: &str) -> usize {
    text.chars().count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fits_every_discord_limit() {
        let long = "é".repeat(10_000);
        let reply = Reply {
            content: long.clone(),
            embeds: vec![Embed {
                title: long.clone(),
                url: None,
                description: long.clone(),
                fields: (0..40)
                    .map(|i| Field {
                        name: format!("{i}{long}"),
                        value: long.clone(),
                        inline: false,
                    })
                    .collect(),
                footer: Some(long.clone()),
            }],
            buttons: vec![Button {
                custom_id: "x".into(),
                label: long.clone(),
                disabled: false,
            }],
            ..Reply::default()
        }
        .fit_discord_limits();
        assert_eq!(reply.content.chars().count(), MAX_CONTENT);
        assert!(reply.content.ends_with('…'));
        let embed = &reply.embeds[0];
        assert_eq!(embed.title.chars().count(), MAX_EMBED_TITLE);
        assert_eq!(embed.description.chars().count(), MAX_EMBED_DESCRIPTION);
        assert!(embed.fields.len() <= MAX_FIELDS);
        let total: usize = embed.title.chars().count()
            + embed.description.chars().count()
            + embed
                .fields
                .iter()
                .map(|f| f.name.chars().count() + f.value.chars().count())
                .sum::<usize>()
            + embed.footer.as_deref().map_or(0, |f| f.chars().count());
        assert!(total <= MAX_EMBEDS_TOTAL, "{total}");
        assert!(embed
            .fields
            .iter()
            .all(|f| f.value.chars().count() <= MAX_FIELD_VALUE));
        assert_eq!(reply.buttons[0].label.chars().count(), MAX_BUTTON_LABEL);
    }
}
