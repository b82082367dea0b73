//! The configuration sections `talkbot` reads (see `config/default.toml`).

use serde::Deserialize;
use std::fmt;
use std::path::{Path, PathBuf};
use talk_notes::settings::{NotesSettings, SettingsError};

/// Everything `talkbot` reads from the layered configuration.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct BotSettings {
    /// The `[notes]` section.
    pub notes: NotesSettings,
    /// The `[discord]` section.
    pub discord: DiscordSettings,
}

/// The `[discord]` section: how to connect.
#[derive(Clone, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct DiscordSettings {
    /// The bot token (prefer the `TALKBOT_DISCORD__TOKEN` variable). Never printed.
    pub token: Option<String>,
    /// A file holding the token (for secrets mounted as files).
    pub token_file: Option<PathBuf>,
    /// Register the slash commands in these guilds (instant) instead of globally.
    #[serde(deserialize_with = "talk_notes::settings::one_or_many")]
    pub guild_ids: Vec<u64>,
    /// Send every REST call, gateway discovery included, to this base URL instead of Discord.
    pub proxy_url: Option<String>,
    /// `"auto"` for Discord's recommended shard count, or a number of shards (default 1).
    pub shards: Option<Shards>,
}

/// How many gateway shards to run.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(untagged)]
pub enum Shards {
    /// A fixed number.
    Count(u32),
    /// `"auto"`: as many as Discord recommends.
    Auto(AutoShards),
}

/// The word `auto`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum AutoShards {
    /// Discord's recommendation.
    Auto,
}

impl fmt::Debug for DiscordSettings {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("DiscordSettings")
            .field("token", &self.token.as_ref().map(|_| "<hidden>"))
            .field("token_file", &self.token_file)
            .field("guild_ids", &self.guild_ids)
            .field("proxy_url", &self.proxy_url)
            .field("shards", &self.shards)
            .finish()
    }
}

/// Why no token could be found.
#[derive(Debug, thiserror::Error)]
pub enum TokenError {
    /// No source gave a token.
    #[error("no Discord bot token: set TALKBOT_DISCORD__TOKEN (or DISCORD_TOKEN, or discord.token_file in the configuration)")]
    Missing,
    /// The token file could not be read.
    #[error("discord.token_file {path}: cannot read: {source}")]
    File {
        /// The file.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
}

impl DiscordSettings {
    /// The token from the configuration (`TALKBOT_DISCORD__TOKEN` included), else
    /// `DISCORD_TOKEN`, else `token_file`.
    pub fn resolve_token(&self) -> Result<String, TokenError> {
        let clean = |t: &str| Some(t.trim().to_string()).filter(|t| !t.is_empty());
        if let Some(token) = self.token.as_deref().and_then(clean) {
            return Ok(token);
        }
        if let Some(token) = std::env::var("DISCORD_TOKEN")
            .ok()
            .as_deref()
            .and_then(clean)
        {
            return Ok(token);
        }
        if let Some(path) = &self.token_file {
            let text = std::fs::read_to_string(path).map_err(|source| TokenError::File {
                path: path.clone(),
                source,
            })?;
            return clean(&text).ok_or(TokenError::Missing);
        }
        Err(TokenError::Missing)
    }
}

impl BotSettings {
    /// Loads defaults, `config/default.toml`, the `--config` file and `TALKBOT_*` variables.
    pub fn load(explicit: Option<&Path>) -> Result<Self, SettingsError> {
        let settings: BotSettings = talk_notes::settings::load(explicit)?;
        settings.notes.validate()?;
        Ok(settings)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_never_shows_the_token() {
        let settings = DiscordSettings {
            token: Some("secret-token-value".into()),
            ..DiscordSettings::default()
        };
        let shown = format!("{settings:?}");
        assert!(!shown.contains("secret-token-value"), "{shown}");
        assert!(shown.contains("<hidden>"));
    }

    #[test]
    fn guild_ids_from_the_environment() {
        #[derive(Debug, Deserialize, Default)]
        #[serde(default)]
        struct S {
            discord: DiscordSettings,
        }
        for (value, expected) in [("7", vec![7]), ("7,8", vec![7, 8])] {
            let env = std::collections::HashMap::from([(
                "TALKBOT_DISCORD__GUILD_IDS".to_string(),
                value.to_string(),
            )]);
            let s: S = talk_notes::settings::load_from(Path::new("none.toml"), None, Some(env))
                .expect("load");
            assert_eq!(s.discord.guild_ids, expected);
        }
    }

    #[test]
    fn token_from_a_file() {
        let path = std::env::temp_dir().join(format!("talkbot-token-{}", std::process::id()));
        std::fs::write(&path, "  file-token \n").expect("write token file");
        let settings = DiscordSettings {
            token_file: Some(path.clone()),
            ..DiscordSettings::default()
        };
        // DISCORD_TOKEN would win over the file; this test process never sets it.
        if std::env::var_os("DISCORD_TOKEN").is_none() {
            assert_eq!(settings.resolve_token().expect("token"), "file-token");
        }
        let configured = DiscordSettings {
            token: Some("configured".into()),
            ..settings
        };
        assert_eq!(configured.resolve_token().expect("token"), "configured");
        let missing = DiscordSettings {
            token_file: Some(path.with_extension("missing")),
            ..DiscordSettings::default()
        };
        if std::env::var_os("DISCORD_TOKEN").is_none() {
            let err = missing.resolve_token().expect_err("no file");
            assert!(err.to_string().starts_with("discord.token_file "), "{err}");
        }
    }

    #[test]
    fn shards_are_a_number_or_auto() {
        #[derive(Deserialize)]
        struct S {
            shards: Shards,
        }
        let auto: S = toml::from_str("shards = \"auto\"").expect("auto");
        assert_eq!(auto.shards, Shards::Auto(AutoShards::Auto));
        let two: S = toml::from_str("shards = 2").expect("count");
        assert_eq!(two.shards, Shards::Count(2));
        assert!(toml::from_str::<S>("shards = \"many\"").is_err());
    }
}
