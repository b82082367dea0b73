//! The slash commands: their definitions (with autocomplete on talk options), their
//! registration, and a command interaction read back as an [`Ask`].

use crate::chat::markdown::escape;
use crate::chat::{Ask, COMMANDS};
use crate::reply::Reply;
use serenity::all::{
    Command, CommandInteraction, CommandOptionType, CreateCommand, CreateCommandOption, GuildId,
    Http, ResolvedValue,
};

/// Layouts offered by `/handout`.
pub const LAYOUTS: &[&str] = &[
    "slides",
    "handout-1",
    "handout-2",
    "handout-3",
    "handout-4",
    "handout-6",
];

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
pub(super) fn ask_from_command(command: &CommandInteraction) -> Option<Ask> {
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

/// The answer to a slash command this bot does not have (an old command Discord still
/// shows): said to the asker only, with the commands there are.
pub(super) fn unknown_command_reply(name: &str) -> Reply {
    let commands: Vec<String> = COMMANDS
        .iter()
        .map(|(name, about)| format!("`/{name}` — {about}"))
        .collect();
    Reply::private(format!(
        "/{} is not a command of this bot (any more): Discord still showed an old list. \
         The commands are:\n{}",
        escape(name),
        commands.join("\n")
    ))
    .fit_discord_limits()
}

/// The answer to a button this bot does not make (from an older version of it): said to the
/// asker only, with how to get the page again.
pub(super) fn unknown_button_reply() -> Reply {
    Reply::private(
        "This button belongs to an older answer this bot can no longer page. \
         Ask again with `/search` or `/talks`."
            .to_string(),
    )
}

/// Registers the slash commands (in `guild_ids`, else globally); true when all succeeded.
pub(super) async fn register_commands(http: &Http, guild_ids: &[u64]) -> bool {
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
