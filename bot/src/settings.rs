//! The configuration sections `talkbot` reads (see `config/default.toml`), loaded through
//! `talkbot_config`. The `[digest]` section is the digest's own ([`crate::digest::settings`]).

pub use crate::digest::settings::{DigestSettings, DigestSettingsError, MAX_TALKS_PER_DAY};
use serde::Deserialize;
use std::fmt;
use std::path::{Path, PathBuf};
use talk_export::settings::ExportSettings;
use talk_notes::meaning::SearchSettings;
use talkbot_config::{NotesSettings, SettingsError};

/// Keys of `talkbot`'s own sections whose environment values are comma-separated lists
/// (`TALKBOT_DIGEST__DAYS=Mon,Tue`).
pub const LIST_KEYS: &[&str] = &["discord.guild_ids", "digest.channel_ids", "digest.days"];

/// Everything `talkbot` reads from the layered configuration.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct BotSettings {
    /// The `[notes]` section.
    pub notes: NotesSettings,
    /// The `[discord]` section.
    pub discord: DiscordSettings,
    /// The `[digest]` section.
    pub digest: DigestSettings,
    /// The `[search]` section (answers by meaning).
    pub search: SearchSettings,
    /// The `[export]` section: how `/handout` makes PDFs, as `talk-export` does.
    pub export: ExportSettings,
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
    #[serde(deserialize_with = "talkbot_config::one_or_many")]
    pub guild_ids: Vec<u64>,
    /// Send every REST call, gateway discovery included, to this base URL instead of Discord.
    pub proxy_url: Option<String>,
    /// A number of shards, `"auto"` (Discord's recommendation), or a range `"0-3/8"` (default 1).
    pub shards: Option<Shards>,
}

/// Which gateway shards this process runs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Shards {
    /// A fixed number, all in this process.
    Count(u32),
    /// `"auto"`: as many as Discord recommends, all in this process.
    Auto,
    /// `"0-3/8"`: shards `first` to `last` (inclusive) of `total`; other processes run the rest.
    Range {
        /// First shard of this process.
        first: u32,
        /// Last shard of this process (inclusive).
        last: u32,
        /// Shards across all processes.
        total: u32,
    },
}

impl Shards {
    /// Whether this process runs shard 0, the one that posts the digest.
    pub fn holds_shard_zero(&self) -> bool {
        match self {
            Shards::Range { first, .. } => *first == 0,
            Shards::Count(_) | Shards::Auto => true,
        }
    }
}

impl std::str::FromStr for Shards {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let text = text.trim();
        let wrong = || {
            format!("discord.shards is {text:?}, expected a number of shards, \"auto\", or a range such as \"0-3/8\" (shards 0 to 3 of 8)")
        };
        if text.eq_ignore_ascii_case("auto") {
            return Ok(Shards::Auto);
        }
        if let Ok(count) = text.parse::<u32>() {
            return (count >= 1)
                .then_some(Shards::Count(count))
                .ok_or_else(wrong);
        }
        let (range, total) = text.split_once('/').ok_or_else(wrong)?;
        let (first, last) = range.split_once('-').unwrap_or((range, range));
        let number = |t: &str| t.trim().parse::<u32>().map_err(|_| wrong());
        let (first, last, total) = (number(first)?, number(last)?, number(total)?);
        if first > last || last >= total {
            return Err(format!(
                "discord.shards is {text:?}: the range must lie within 0 to {} (the total minus one)",
                total.saturating_sub(1)
            ));
        }
        Ok(Shards::Range { first, last, total })
    }
}

impl<'de> Deserialize<'de> for Shards {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Raw {
            Count(u32),
            Text(String),
        }
        match Raw::deserialize(deserializer)? {
            Raw::Count(count) => count.to_string().parse(),
            Raw::Text(text) => text.parse(),
        }
        .map_err(serde::de::Error::custom)
    }
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

/// Why `talkbot run` cannot connect: no token, a malformed one, or a bad proxy URL.
#[derive(Debug, thiserror::Error)]
pub enum ConnectSettingsError {
    /// No source gave a token.
    #[error("no Discord bot token: set TALKBOT_DISCORD__TOKEN (or DISCORD_TOKEN, or discord.token_file in the configuration)")]
    Missing,
    /// The token file could not be read.
    #[error("discord.token_file {path}: cannot read: {error}")]
    File {
        /// The file.
        path: PathBuf,
        /// The I/O error.
        error: std::io::Error,
    },
    /// The token holds a character no Discord token has (a control character, a space).
    #[error("the Discord bot token from {origin} has {what} at character {position}, which no token has (copy it again from the Developer Portal: Bot, then Reset Token)")]
    Malformed {
        /// Where the token came from: a key, a variable or the token file.
        origin: String,
        /// What was found, e.g. "a control character (U+0007)" — never the token itself.
        what: String,
        /// 1-based position of that character.
        position: usize,
    },
    /// `discord.proxy_url` is not an http(s) address.
    #[error("discord.proxy_url is {url:?}, which is not an http:// or https:// address ({problem}); write the base URL of the proxy, e.g. http://127.0.0.1:8080, or remove the key")]
    ProxyUrl {
        /// The value given.
        url: String,
        /// What is wrong with it.
        problem: String,
    },
}

/// Refuses a token with a character no token has (tokens are visible ASCII: letters, digits,
/// `.`, `-`, `_`); names where it came from, never the token.
fn well_formed(token: String, origin: &str) -> Result<String, ConnectSettingsError> {
    match token
        .chars()
        .enumerate()
        .find(|(_, c)| !c.is_ascii_graphic())
    {
        Some((i, c)) => Err(ConnectSettingsError::Malformed {
            origin: origin.to_string(),
            what: if c.is_control() {
                format!("a control character (U+{:04X})", u32::from(c))
            } else if c.is_whitespace() {
                "a space".to_string()
            } else if c == '\u{feff}' {
                "a byte-order mark (U+FEFF; save the file without one)".to_string()
            } else {
                format!("a character that is not ASCII (U+{:04X})", u32::from(c))
            },
            position: i + 1,
        }),
        None => Ok(token),
    }
}

impl DiscordSettings {
    /// The token from the configuration (`TALKBOT_DISCORD__TOKEN` included), else
    /// `DISCORD_TOKEN`, else `token_file`; refused when it holds a control character or space.
    pub fn resolve_token(&self) -> Result<String, ConnectSettingsError> {
        let clean = |t: &str| Some(t.trim().to_string()).filter(|t| !t.is_empty());
        if let Some(token) = self.token.as_deref().and_then(clean) {
            return well_formed(token, "discord.token (or TALKBOT_DISCORD__TOKEN)");
        }
        if let Some(token) = std::env::var("DISCORD_TOKEN")
            .ok()
            .as_deref()
            .and_then(clean)
        {
            return well_formed(token, "DISCORD_TOKEN");
        }
        if let Some(path) = &self.token_file {
            let text =
                std::fs::read_to_string(path).map_err(|error| ConnectSettingsError::File {
                    path: path.clone(),
                    error,
                })?;
            let token = clean(&text).ok_or(ConnectSettingsError::Missing)?;
            return well_formed(token, &format!("discord.token_file {}", path.display()));
        }
        Err(ConnectSettingsError::Missing)
    }

    /// Checks what `talkbot run` needs before it connects: a well-formed token and, when set,
    /// a proxy URL that is an http(s) address.
    pub fn validate(&self) -> Result<(), ConnectSettingsError> {
        self.resolve_token()?;
        if let Some(proxy) = &self.proxy_url {
            let problem = match url::Url::parse(proxy.trim()) {
                Ok(url) if !matches!(url.scheme(), "http" | "https") => {
                    Some(format!("the scheme is {}", url.scheme()))
                }
                Ok(url) if url.host_str().is_none_or(str::is_empty) => {
                    Some("it names no host".to_string())
                }
                Ok(_) => None,
                Err(error) => Some(error.to_string()),
            };
            if let Some(problem) = problem {
                return Err(ConnectSettingsError::ProxyUrl {
                    url: proxy.clone(),
                    problem,
                });
            }
        }
        Ok(())
    }
}

impl BotSettings {
    /// Loads defaults, `config/default.toml`, the `--config` file and `TALKBOT_*` variables.
    pub fn load(explicit: Option<&Path>) -> Result<Self, SettingsError> {
        let list_keys: Vec<&str> = LIST_KEYS
            .iter()
            .chain(talk_export::settings::LIST_KEYS)
            .copied()
            .collect();
        let settings: BotSettings = talkbot_config::load(explicit, &list_keys)?;
        settings.notes.validate()?;
        settings.search.embeddings.validate()?;
        Ok(settings)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::digest::ScheduleError;

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
    fn lists_from_the_environment() {
        let load = |vars: &[(&str, &str)]| {
            let env = vars
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect();
            talkbot_config::load_from::<BotSettings>(
                Path::new("none.toml"),
                None,
                Some(env),
                LIST_KEYS,
            )
            .expect("load")
        };
        for (value, expected) in [("7", vec![7]), ("7,8", vec![7, 8])] {
            let s = load(&[("TALKBOT_DISCORD__GUILD_IDS", value)]);
            assert_eq!(s.discord.guild_ids, expected);
        }
        let s = load(&[
            ("TALKBOT_DIGEST__CHANNEL_IDS", "1,2"),
            ("TALKBOT_DIGEST__DAYS", "Mon,Wed"),
            ("TALKBOT_NOTES__PATHS", "a.md,b.md"),
        ]);
        assert_eq!(s.digest.channel_ids, [1, 2]);
        assert_eq!(s.digest.days, ["Mon", "Wed"]);
        assert_eq!(
            s.notes.paths,
            [PathBuf::from("a.md"), PathBuf::from("b.md")]
        );
    }

    #[test]
    fn token_from_a_file() {
        let tmp = tempfile::tempdir().expect("temp dir");
        let path = tmp.path().join("token");
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
    fn malformed_tokens_and_proxy_urls_are_refused() {
        let with = |token: &str, proxy: Option<&str>| DiscordSettings {
            token: Some(token.into()),
            proxy_url: proxy.map(String::from),
            ..DiscordSettings::default()
        };
        let err = with("abc\u{1b}def", None).validate().expect_err("control");
        let text = err.to_string();
        assert!(
            text.contains("U+001B") && text.contains("discord.token"),
            "{text}"
        );
        assert!(!text.contains("abc"), "{text}");
        assert!(with("ab cd", None).validate().is_err());
        assert!(with("good.token", None).validate().is_ok());
        // Invisible or non-ASCII characters, as a copy from a web page or a file saved with a
        // byte-order mark brings them: refused at start, not sent to Discord for ever.
        for (token, code) in [
            ("\u{feff}good.token", "U+FEFF"),
            ("good\u{200b}.token", "U+200B"),
            ("good\u{e9}.token", "U+00E9"),
        ] {
            let err = with(token, None).validate().expect_err(code);
            let text = err.to_string();
            assert!(text.contains("discord.token"), "{text}");
            assert!(!text.contains("good"), "{text}");
            assert!(text.contains(code), "{text}");
        }
        for bad in ["not a url", "ftp://proxy", "unix:/tmp/socket"] {
            let err = with("good.token", Some(bad)).validate().expect_err(bad);
            assert!(err.to_string().starts_with("discord.proxy_url is"), "{err}");
        }
        assert!(with("good.token", Some("http://127.0.0.1:8080/"))
            .validate()
            .is_ok());
    }

    #[test]
    fn bad_digest_settings_are_refused_with_one_line() {
        let good = DigestSettings {
            enabled: true,
            channel_id: Some(5),
            ..DigestSettings::default()
        };
        assert!(good.validate().is_ok());
        let cases = [
            (
                DigestSettings {
                    channel_id: None,
                    ..good.clone()
                },
                DigestSettingsError::NoChannel,
            ),
            (
                DigestSettings {
                    channel_id: Some(0),
                    ..good.clone()
                },
                DigestSettingsError::ZeroChannel,
            ),
            (
                DigestSettings {
                    channel_ids: vec![7, 7],
                    ..good.clone()
                },
                DigestSettingsError::RepeatedChannel(7),
            ),
            (
                DigestSettings {
                    talks_per_day: 11,
                    ..good.clone()
                },
                DigestSettingsError::TalksPerDay(11),
            ),
            (
                DigestSettings {
                    talks_per_day: 0,
                    ..good.clone()
                },
                DigestSettingsError::TalksPerDay(0),
            ),
            (
                DigestSettings {
                    days: Vec::new(),
                    ..good.clone()
                },
                DigestSettingsError::Schedule(ScheduleError::NoDays),
            ),
        ];
        for (settings, expected) in cases {
            let error = settings.validate().expect_err("refused");
            assert_eq!(error, expected);
            assert_eq!(error.to_string().lines().count(), 1);
        }
        // The same channel as channel_id and in channel_ids gets one digest.
        let both = DigestSettings {
            channel_ids: vec![5, 6],
            ..good
        };
        assert_eq!(both.channels(), [5, 6]);
    }

    #[test]
    fn shards_are_a_number_or_auto() {
        #[derive(Deserialize)]
        struct S {
            shards: Shards,
        }
        let auto: S = toml::from_str("shards = \"auto\"").expect("auto");
        assert_eq!(auto.shards, Shards::Auto);
        let two: S = toml::from_str("shards = 2").expect("count");
        assert_eq!(two.shards, Shards::Count(2));
        assert!(toml::from_str::<S>("shards = \"many\"").is_err());
        assert!(toml::from_str::<S>("shards = 0").is_err());
        let range: S = toml::from_str("shards = \"0-3/8\"").expect("range");
        assert_eq!(
            range.shards,
            Shards::Range {
                first: 0,
                last: 3,
                total: 8
            }
        );
        assert!(range.shards.holds_shard_zero());
        let upper: Shards = "4-7/8".parse().expect("range");
        assert!(!upper.holds_shard_zero());
        assert_eq!(
            "5/8".parse(),
            Ok(Shards::Range {
                first: 5,
                last: 5,
                total: 8
            })
        );
        for bad in ["4-9/8", "3-1/8", "0-3/", "a-b/8"] {
            let error = bad.parse::<Shards>().expect_err(bad);
            assert!(error.starts_with("discord.shards is"), "{error}");
        }
    }
}
