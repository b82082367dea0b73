//! The configuration sections `talkbot` reads (see `config/default.toml`).

use serde::Deserialize;
use talk_notes::settings::{NotesSettings, SettingsError};

/// Everything `talkbot` reads from the layered configuration.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct BotSettings {
    /// The `[notes]` section.
    pub notes: NotesSettings,
}

impl BotSettings {
    /// Loads defaults, `config/default.toml`, the `--config` file and `TALKBOT_*` variables.
    pub fn load(explicit: Option<&std::path::Path>) -> Result<Self, SettingsError> {
        let settings: BotSettings = talk_notes::settings::load(explicit)?;
        settings.notes.validate()?;
        Ok(settings)
    }
}
