//! The `[digest]` section of the configuration: where, when and how the daily digest posts.

use super::{Order, Schedule, ScheduleError};
use serde::Deserialize;
use std::path::PathBuf;

/// The `[digest]` section: the daily talk digest.
#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct DigestSettings {
    /// Post digests at all.
    pub enabled: bool,
    /// The channel to post to (or use `channel_ids`).
    pub channel_id: Option<u64>,
    /// Several channels to post to.
    #[serde(deserialize_with = "talkbot_config::one_or_many")]
    pub channel_ids: Vec<u64>,
    /// Local posting time, `HH:MM`.
    pub time: String,
    /// IANA time zone of `time`.
    pub timezone: String,
    /// Posting days (`Mon`, `Tue`, ...).
    #[serde(deserialize_with = "talkbot_config::one_or_many")]
    pub days: Vec<String>,
    /// Talks per digest.
    pub talks_per_day: usize,
    /// `notes` or `shuffled`.
    pub order: Order,
    /// Seed of the shuffle.
    pub seed: u64,
    /// Where the rotation state is kept.
    pub state_file: PathBuf,
    /// A bot that was down at posting time still posts when back within this many hours.
    pub catch_up_hours: u32,
}

impl Default for DigestSettings {
    fn default() -> Self {
        DigestSettings {
            enabled: false,
            channel_id: None,
            channel_ids: Vec::new(),
            time: "09:00".to_string(),
            timezone: "UTC".to_string(),
            days: ["Mon", "Tue", "Wed", "Thu", "Fri"]
                .map(String::from)
                .to_vec(),
            talks_per_day: 1,
            order: Order::Notes,
            seed: 0,
            state_file: PathBuf::from("talkbot-digest.json"),
            catch_up_hours: 12,
        }
    }
}

impl DigestSettings {
    /// The schedule these settings describe.
    pub fn schedule(&self) -> Result<Schedule, ScheduleError> {
        Schedule::parse(&self.time, &self.timezone, &self.days)
    }

    /// Every channel to post to, each once.
    pub fn channels(&self) -> Vec<u64> {
        let mut channels: Vec<u64> = Vec::new();
        for channel in self.channel_id.iter().chain(&self.channel_ids) {
            if !channels.contains(channel) {
                channels.push(*channel);
            }
        }
        channels
    }

    /// Checks the settings of an enabled digest and returns its schedule: at least one
    /// channel, no channel 0 nor repeated channel, 1 to 10 talks a day, a valid schedule.
    pub fn validate(&self) -> Result<Schedule, DigestSettingsError> {
        let schedule = self.schedule()?;
        if self.channel_id.is_none() && self.channel_ids.is_empty() {
            return Err(DigestSettingsError::NoChannel);
        }
        if self.channel_id == Some(0) || self.channel_ids.contains(&0) {
            return Err(DigestSettingsError::ZeroChannel);
        }
        for (i, channel) in self.channel_ids.iter().enumerate() {
            if self.channel_ids[..i].contains(channel) {
                return Err(DigestSettingsError::RepeatedChannel(*channel));
            }
        }
        if !(1..=MAX_TALKS_PER_DAY).contains(&self.talks_per_day) {
            return Err(DigestSettingsError::TalksPerDay(self.talks_per_day));
        }
        Ok(schedule)
    }
}

/// Most talks in one digest: Discord shows at most 10 embeds in a message.
pub const MAX_TALKS_PER_DAY: usize = 10;

/// Why the `[digest]` settings cannot be used.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum DigestSettingsError {
    /// `time`, `timezone` or `days` is wrong.
    #[error(transparent)]
    Schedule(#[from] ScheduleError),
    /// Enabled without a channel.
    #[error("digest.enabled is set but no channel: set digest.channel_id (or digest.channel_ids)")]
    NoChannel,
    /// A channel id of 0.
    #[error("digest.channel_id is 0, expected a Discord channel id (Developer Mode, then right-click the channel and Copy Channel ID)")]
    ZeroChannel,
    /// The same channel listed twice.
    #[error("digest.channel_ids lists channel {0} twice; each channel gets one digest")]
    RepeatedChannel(u64),
    /// `talks_per_day` out of range.
    #[error("digest.talks_per_day is {0}, expected 1 to 10 (Discord shows at most 10 embeds in a message)")]
    TalksPerDay(usize),
}
