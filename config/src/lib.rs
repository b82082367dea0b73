//! `talkbot-config`: the layered configuration of the workspace's binaries (`talkbot` and
//! `talk-export`), and the `[notes]` section they all read. It lives beside
//! `config/default.toml`, the committed defaults; the libraries take plain option structs
//! (`talk_notes::ParseOptions`, `talk_notes::meaning::SearchSettings`,
//! `talk_export::settings::ExportSettings`) and know nothing of files or variables.
//!
//! ```no_run
//! #[derive(serde::Deserialize, Default)]
//! #[serde(default)]
//! struct Settings {
//!     notes: talkbot_config::NotesSettings,
//! }
//! let settings: Settings = talkbot_config::load(None, &[])?;
//! settings.notes.validate()?;
//! # Ok::<(), talkbot_config::SettingsError>(())
//! ```
//!
//! Layers, later ones win: built-in defaults (serde defaults of each section), then
//! `config/default.toml` (when present in the working directory), then the file given with
//! `--config`, then environment variables `TALKBOT_<SECTION>__<KEY>` (for example
//! `TALKBOT_NOTES__PATHS=a.md,b.md`). Each binary defines the sections it reads and names its
//! own list keys; a section rejects keys it does not know, and a section no binary reads
//! ([`SECTIONS`]) is an error too, so typos are reported.
//!
//! Where each section is read: here, the layers and `[notes]`; `bot/src/settings.rs`,
//! `[discord]`; `bot/src/digest/settings.rs`, `[digest]`; `export/src/settings.rs`, `[export]`
//! (read by both binaries); `notes/src/meaning/settings.rs`, `[search.embeddings]`.

use serde::de::DeserializeOwned;
use serde::Deserialize;
use std::path::{Path, PathBuf};
use thiserror::Error;

/// The committed defaults, relative to the working directory.
pub const DEFAULT_FILE: &str = "config/default.toml";

/// Prefix of the environment variables, `TALKBOT_<SECTION>__<KEY>`.
pub const ENV_PREFIX: &str = "TALKBOT";

/// Keys of the `[notes]` section whose environment values are comma-separated lists.
pub const NOTES_LIST_KEYS: &[&str] = &["notes.paths"];

/// Every section some binary of the workspace reads: one configuration file serves them all,
/// so each binary accepts the others' sections, and any other section is a typo.
pub const SECTIONS: &[&str] = &["notes", "discord", "digest", "export", "search"];

/// A configuration that could not be read or has a bad value.
#[derive(Debug, Error)]
pub enum SettingsError {
    /// The file given with `--config` does not exist.
    #[error("{path}: configuration file not found (check the path given with --config)")]
    Missing {
        /// The path given.
        path: PathBuf,
    },
    /// A file could not be parsed, or a value has the wrong type.
    #[error("configuration: {0}")]
    Invalid(config::ConfigError),
    /// A file has a value or line that TOML cannot read (a number too large, a missing quote).
    #[error("configuration: {path}:{line}: {}{problem} (fix that line; see config/default.toml for the keys and their values)", key.as_ref().map(|k| format!("key `{k}`: ")).unwrap_or_default())]
    Syntax {
        /// The file.
        path: PathBuf,
        /// 1-based line.
        line: usize,
        /// The dotted key on that line, when it has one.
        key: Option<String>,
        /// What TOML found wrong.
        problem: String,
    },
    /// A section that no binary reads, such as `[digset]`, or a key outside any section.
    #[error(
        "configuration: {what} in {origin} ({advice}; the sections are {})",
        known_sections()
    )]
    UnknownSection {
        /// What was found: "unknown section `[digset]`", "key `paths` outside any section".
        what: String,
        /// The file it is in, or the environment.
        origin: String,
        /// What to do.
        advice: String,
    },
    /// A value has the right type but is out of range.
    #[error("configuration: key `{key}` {problem}")]
    Value {
        /// The dotted key, e.g. `notes.talk_level`.
        key: String,
        /// What is wrong and what is expected.
        problem: String,
    },
}

impl From<talk_notes::meaning::SettingsValueError> for SettingsError {
    fn from(error: talk_notes::meaning::SettingsValueError) -> Self {
        SettingsError::Value {
            key: error.key,
            problem: error.problem,
        }
    }
}

impl From<config::ConfigError> for SettingsError {
    fn from(error: config::ConfigError) -> Self {
        SettingsError::Invalid(error)
    }
}

/// `[notes], [discord], ...` for messages.
fn known_sections() -> String {
    SECTIONS
        .iter()
        .map(|s| format!("[{s}]"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The `[notes]` section: where the notes are and how to read them.
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub struct NotesSettings {
    /// Notes files or folders of `.md` files.
    pub paths: Vec<PathBuf>,
    /// Force the heading level of talks (1–6) when the detection is wrong.
    pub talk_level: Option<u8>,
    /// How often the bot checks the notes files for changes, in milliseconds (0: never).
    pub watch_interval_ms: Option<u64>,
}

impl NotesSettings {
    /// Checks ranges that the types cannot express.
    pub fn validate(&self) -> Result<(), SettingsError> {
        match self.talk_level {
            Some(level) if !(1..=6).contains(&level) => Err(SettingsError::Value {
                key: "notes.talk_level".to_string(),
                problem: format!("is {level}, expected a heading level from 1 to 6"),
            }),
            _ => Ok(()),
        }
    }

    /// Parse options for these settings.
    pub fn parse_options(&self) -> talk_notes::ParseOptions {
        talk_notes::ParseOptions {
            talk_level: self.talk_level,
        }
    }
}

/// Deserializes a list that may also be written as one value, with items that may be text
/// (`"123"`). The environment gives `TALKBOT_<SECTION>__<KEY>=123` as one number and
/// `=1,2` as a list of texts; use with `#[serde(deserialize_with = "one_or_many")]`.
pub fn one_or_many<'de, D, T>(deserializer: D) -> Result<Vec<T>, D::Error>
where
    D: serde::Deserializer<'de>,
    T: Deserialize<'de> + std::str::FromStr,
    T::Err: std::fmt::Display,
{
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Item<T> {
        Value(T),
        Text(String),
        // The environment gives a number too large for an integer as a float.
        Number(f64),
    }
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum OneOrMany<T> {
        Many(Vec<Item<T>>),
        One(Item<T>),
    }
    let items = match OneOrMany::<T>::deserialize(deserializer)? {
        OneOrMany::Many(items) => items,
        OneOrMany::One(item) => vec![item],
    };
    items
        .into_iter()
        .map(|item| match item {
            Item::Value(value) => Ok(value),
            Item::Text(text) => text.trim().parse().map_err(|e| {
                serde::de::Error::custom(format!("{text:?} is not a valid value: {e}"))
            }),
            Item::Number(number) => Err(serde::de::Error::custom(format!(
                "{number} is not a valid value (too large, or not a whole number)"
            ))),
        })
        .collect()
}

/// Loads the layered configuration into `T` (a struct of the sections a binary reads).
/// `explicit` is the `--config` file, which must exist when given; `list_keys` are the
/// binary's own keys (`section.key`) whose environment values are comma-separated lists,
/// besides [`NOTES_LIST_KEYS`].
pub fn load<T: DeserializeOwned>(
    explicit: Option<&Path>,
    list_keys: &[&str],
) -> Result<T, SettingsError> {
    load_from(Path::new(DEFAULT_FILE), explicit, None, list_keys)
}

/// Like [`load`], with the defaults file and the environment given (for tests).
pub fn load_from<T: DeserializeOwned>(
    defaults: &Path,
    explicit: Option<&Path>,
    env: Option<config::Map<String, String>>,
    list_keys: &[&str],
) -> Result<T, SettingsError> {
    check_env_numbers(env.as_ref())?;
    let mut builder = config::Config::builder()
        .add_source(config::File::from(defaults.to_path_buf()).required(false));
    if let Some(path) = explicit {
        if !path.is_file() {
            return Err(SettingsError::Missing {
                path: path.to_path_buf(),
            });
        }
        builder = builder.add_source(config::File::from(path.to_path_buf()).required(true));
    }
    let mut environment = config::Environment::with_prefix(ENV_PREFIX)
        .prefix_separator("_")
        .separator("__")
        .list_separator(",")
        .try_parsing(true)
        .source(env);
    for key in NOTES_LIST_KEYS.iter().chain(list_keys) {
        environment = environment.with_list_parse_key(key);
    }
    let settings = match builder.add_source(environment).build() {
        Ok(settings) => settings,
        Err(error @ config::ConfigError::FileParse { .. }) => {
            let mut files = std::iter::once(defaults).chain(explicit);
            return Err(files.find_map(syntax_error).unwrap_or_else(|| error.into()));
        }
        Err(error) => return Err(error.into()),
    };
    let files: Vec<&Path> = std::iter::once(defaults).chain(explicit).collect();
    check_sections(&settings, &files)?;
    let mut settings = settings;
    no_rounding(&mut settings.cache);
    let values = settings.cache.clone();
    settings
        .try_deserialize()
        .map_err(|error| SettingsError::Invalid(located(error, &values)))
}

/// Every number with a fraction, or too large for any integer, or not a number, becomes the
/// text it reads as: no setting is a fraction, and the configuration crate would round
/// `talk_level = 2.5` to 3, `nan` to 0 and `1e30` to the largest integer in silence. As text, a
/// whole-number key refuses it (naming the key and where it was set), and a text key takes it
/// as before. A whole number written as a float (`3.0`, or a variable holding an integer too
/// large for i64) stays that number.
fn no_rounding(value: &mut config::Value) {
    match &mut value.kind {
        config::ValueKind::Float(number) => {
            let number = *number;
            let whole = number.is_finite()
                && number.fract() == 0.0
                && number >= i64::MIN as f64
                && number <= u64::MAX as f64;
            let kind = match whole {
                true if number < 0.0 => config::ValueKind::I64(number as i64),
                true => config::ValueKind::U64(number as u64),
                false => config::ValueKind::String(number.to_string()),
            };
            let origin = value.origin().map(str::to_string);
            *value = config::Value::new(origin.as_ref(), kind);
        }
        config::ValueKind::Table(table) => table.values_mut().for_each(no_rounding),
        config::ValueKind::Array(items) => items.iter_mut().for_each(no_rounding),
        _ => {}
    }
}

/// The error with the place its key was set: the file and line (`talkbot.toml:3`), or the
/// variable. The configuration crate names the file only for some values, and never a line.
fn located(error: config::ConfigError, values: &config::Value) -> config::ConfigError {
    use config::ConfigError;
    match error {
        ConfigError::Type {
            origin,
            unexpected,
            expected,
            key: Some(key),
        } => {
            let origin = place(values, &key, origin);
            ConfigError::Type {
                origin,
                unexpected,
                expected,
                key: Some(key),
            }
        }
        ConfigError::At {
            error,
            origin,
            key: Some(key),
        } => {
            // "unknown field `pathz`, expected …" is about the key `pathz` of `key`.
            let field = match error.as_ref() {
                ConfigError::Message(message) => message
                    .strip_prefix("unknown field `")
                    .and_then(|rest| rest.split_once('`'))
                    .map(|(field, _)| format!("{key}.{field}")),
                _ => None,
            };
            let origin = place(values, field.as_deref().unwrap_or(&key), origin);
            ConfigError::At {
                error,
                origin,
                key: Some(key),
            }
        }
        other => other,
    }
}

/// Where the value of the dotted `key` (`notes.paths`, `discord.guild_ids[0]`) was set:
/// `FILE:LINE` or `the environment (TALKBOT_NOTES__PATHS)`; `known` (what the configuration
/// crate said) when the key has no value of its own.
fn place(values: &config::Value, key: &str, known: Option<String>) -> Option<String> {
    let key = key.split('[').next().unwrap_or(key);
    let mut value = Some(values);
    for part in key.split('.') {
        value = match value.map(|v| &v.kind) {
            Some(config::ValueKind::Table(table)) => table.get(part),
            _ => None,
        };
    }
    let origin = value
        .and_then(|v| match &v.kind {
            config::ValueKind::Table(_) => origin_of(v),
            _ => v.origin().map(str::to_string),
        })
        .or(known);
    match origin.as_deref() {
        None => None,
        Some("the environment") => {
            let variable = key
                .split('.')
                .map(str::to_uppercase)
                .collect::<Vec<_>>()
                .join("__");
            Some(format!("the environment ({ENV_PREFIX}_{variable})"))
        }
        Some(file) => {
            let line = std::fs::read_to_string(file)
                .ok()
                .and_then(|text| line_of_key(&text, key));
            Some(match line {
                Some(line) => format!("{file}:{line}"),
                None => file.to_string(),
            })
        }
    }
}

/// The 1-based line of a TOML file where the dotted `key` is given a value (`key = …` under
/// its `[section]`, or a `[key]` table of its own), if it is written that way.
fn line_of_key(text: &str, key: &str) -> Option<usize> {
    let mut section = String::new();
    for (i, line) in text.lines().enumerate() {
        let line = line.trim();
        if let Some(header) = line.strip_prefix('[') {
            let header = header.split(']').next().unwrap_or("").trim_matches('[');
            section = header
                .split('.')
                .map(|p| p.trim().trim_matches('"'))
                .collect::<Vec<_>>()
                .join(".");
            if section == key {
                return Some(i + 1);
            }
            continue;
        }
        let Some((name, _)) = line.split_once('=') else {
            continue;
        };
        let name = name
            .split('.')
            .map(|p| p.trim().trim_matches('"'))
            .collect::<Vec<_>>()
            .join(".");
        let full = if section.is_empty() {
            name
        } else {
            format!("{section}.{name}")
        };
        if full == key {
            return Some(i + 1);
        }
    }
    None
}

/// An error for a `TALKBOT_*` variable holding a whole number too large for any setting: the
/// configuration crate would read it as a float and clamp it, so that the error (if any) would
/// show another number, or none would be given at all.
fn check_env_numbers(env: Option<&config::Map<String, String>>) -> Result<(), SettingsError> {
    let vars: Vec<(String, String)> = match env {
        Some(map) => map.iter().map(|(k, v)| (k.clone(), v.clone())).collect(),
        None => std::env::vars_os()
            .filter_map(|(k, v)| Some((k.into_string().ok()?, v.into_string().ok()?)))
            .collect(),
    };
    for (name, value) in vars {
        let Some(rest) = name
            .strip_prefix(ENV_PREFIX)
            .and_then(|r| r.strip_prefix('_'))
        else {
            continue;
        };
        let too_large = value.split(',').map(str::trim).find(|item| {
            let digits = item.strip_prefix(['-', '+']).unwrap_or(item);
            !digits.is_empty()
                && digits.bytes().all(|b| b.is_ascii_digit())
                && item.parse::<i64>().is_err()
                && item.parse::<u64>().is_err()
        });
        if let Some(number) = too_large {
            let key = rest
                .split("__")
                .map(str::to_lowercase)
                .collect::<Vec<_>>()
                .join(".");
            return Err(SettingsError::Value {
                key,
                problem: format!("is {number} (variable {name}), a number too large for any setting; give a smaller one ({DEFAULT_FILE} describes each key and its range)"),
            });
        }
    }
    Ok(())
}

/// An error for the first name at the top of the configuration that is not a known section.
fn check_sections(settings: &config::Config, files: &[&Path]) -> Result<(), SettingsError> {
    let Ok(top) = settings.cache.clone().into_table() else {
        return Ok(());
    };
    let mut names: Vec<(&String, &config::Value)> = top.iter().collect();
    names.sort_by_key(|(name, _)| name.as_str());
    let Some((name, value)) = names
        .into_iter()
        .find(|(name, _)| !SECTIONS.contains(&name.as_str()))
    else {
        return Ok(());
    };
    let is_table = matches!(value.kind, config::ValueKind::Table(_));
    // An empty table has no value to tell its origin: look for it in the files.
    let origin = origin_of(value).or_else(|| {
        files.iter().find_map(|file| {
            let text = std::fs::read_to_string(file).ok()?;
            let table = text.parse::<toml::Table>().ok()?;
            table.contains_key(name).then(|| file.display().to_string())
        })
    });
    let variable = format!("{ENV_PREFIX}_{}", name.to_uppercase());
    let (what, advice) = match (&origin, is_table) {
        (Some(_), true) => (
            format!("unknown section `[{name}]`"),
            "check the spelling".to_string(),
        ),
        (Some(_), false) => (
            format!("key `{name}` outside any section"),
            "put it under its section".to_string(),
        ),
        (None, true) => (
            format!("unknown section `{name}` of variable {variable}__…"),
            "check the spelling".to_string(),
        ),
        (None, false) => (
            format!("variable {variable} names no section"),
            format!("variables are {ENV_PREFIX}_<SECTION>__<KEY>, with two underscores after the section, e.g. {ENV_PREFIX}_NOTES__PATHS"),
        ),
    };
    Err(SettingsError::UnknownSection {
        what,
        origin: origin.unwrap_or_else(|| "the environment".to_string()),
        advice,
    })
}

/// The file a value (or the first value of a table) came from; `None` for the environment.
fn origin_of(value: &config::Value) -> Option<String> {
    let origin = match &value.kind {
        config::ValueKind::Table(table) => {
            let mut keys: Vec<&String> = table.keys().collect();
            keys.sort();
            return keys.into_iter().find_map(|k| origin_of(&table[k]));
        }
        _ => value.origin()?,
    };
    (origin != "the environment").then(|| origin.to_string())
}

/// Where in a TOML file its syntax error is, with the key of that line, if the file exists
/// and TOML finds one.
fn syntax_error(path: &Path) -> Option<SettingsError> {
    let text = std::fs::read_to_string(path).ok()?;
    let error = text.parse::<toml::Table>().err()?;
    let at = error.span()?.start.min(text.len());
    let line = text[..at].matches('\n').count() + 1;
    Some(SettingsError::Syntax {
        path: path.to_path_buf(),
        line,
        key: key_of_line(&text, at),
        problem: error.message().trim().to_string(),
    })
}

/// The dotted key (`digest.talks_per_day`) of the `key = value` line holding byte `at`.
fn key_of_line(text: &str, at: usize) -> Option<String> {
    let start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    let line = text[start..].lines().next().unwrap_or("");
    let (key, _) = line.split_once('=')?;
    let key = key.trim().trim_matches('"');
    if key.is_empty() || key.starts_with('[') {
        return None;
    }
    let section = text[..start]
        .lines()
        .rev()
        .map(str::trim)
        .find(|l| l.starts_with('['))
        .map(|l| l.trim_matches(|c| c == '[' || c == ']').trim().to_string());
    Some(match section {
        Some(section) => format!("{section}.{key}"),
        None => key.to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, Deserialize, Default)]
    #[serde(default)]
    struct Sections {
        notes: NotesSettings,
    }

    fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
        let path = dir.join(name);
        std::fs::write(&path, text).expect("write test config");
        path
    }

    #[test]
    fn a_number_too_large_in_a_variable_names_its_key_and_variable() {
        let tmp = tempfile::tempdir().expect("temp dir");
        let dir = tmp.path();
        let env = |name: &str, value: &str| {
            Some(config::Map::from([(name.to_string(), value.to_string())]))
        };
        let error = load_from::<Sections>(
            &dir.join("none.toml"),
            None,
            env("TALKBOT_NOTES__TALK_LEVEL", "99999999999999999999999"),
            &[],
        )
        .expect_err("too large")
        .to_string();
        assert!(
            error.starts_with("configuration: key `notes.talk_level` is 99999999999999999999999 (variable TALKBOT_NOTES__TALK_LEVEL), a number too large"),
            "{error}"
        );
        // Numbers that fit, and text, go on to the sections as before.
        let fine = load_from::<Sections>(
            &dir.join("none.toml"),
            None,
            env("TALKBOT_NOTES__TALK_LEVEL", "3"),
            &[],
        )
        .expect("fits");
        assert_eq!(fine.notes.talk_level, Some(3));
    }

    #[test]
    fn fractions_and_infinities_are_refused_not_rounded() {
        let tmp = tempfile::tempdir().expect("temp dir");
        let dir = tmp.path();
        let none = dir.join("none.toml");
        let file = write(dir, "frac.toml", "[notes]\n# forced\ntalk_level = 2.5\n");
        let err = load_from::<Sections>(&file, None, Some(Default::default()), &[])
            .expect_err("a fraction is no heading level")
            .to_string();
        assert!(err.contains("notes.talk_level"), "{err}");
        assert!(err.contains("frac.toml:3"), "{err}");
        for (name, value) in [
            ("TALKBOT_NOTES__TALK_LEVEL", "nan"),
            ("TALKBOT_NOTES__TALK_LEVEL", "inf"),
            ("TALKBOT_NOTES__WATCH_INTERVAL_MS", "1.5"),
            ("TALKBOT_NOTES__WATCH_INTERVAL_MS", "1e30"),
        ] {
            let env = config::Map::from([(name.to_string(), value.to_string())]);
            let err = load_from::<Sections>(&none, None, Some(env), &[])
                .expect_err(value)
                .to_string();
            assert!(err.contains(&format!("the environment ({name})")), "{err}");
        }
        // Text keys still take what reads as a number.
        #[derive(Debug, Deserialize, Default)]
        #[serde(default)]
        struct Discord {
            token: String,
        }
        #[derive(Debug, Deserialize, Default)]
        #[serde(default)]
        struct Binary {
            discord: Discord,
        }
        let env = config::Map::from([("TALKBOT_DISCORD__TOKEN".to_string(), "2.5".to_string())]);
        let read: Binary = load_from(&none, None, Some(env), &[]).expect("text");
        assert_eq!(read.discord.token, "2.5");
    }

    #[test]
    fn wrong_types_and_unknown_keys_name_the_file_and_line() {
        let tmp = tempfile::tempdir().expect("temp dir");
        let dir = tmp.path();
        for (name, text, line) in [
            ("list.toml", "[notes]\n\npaths = 5\n", 3),
            (
                "typo.toml",
                "[notes]\ntalk_level = 2\npathz = [\"a.md\"]\n",
                3,
            ),
            ("byte.toml", "[notes]\ntalk_level = 300\n", 2),
            ("table.toml", "[notes.paths]\na = 1\n", 1),
        ] {
            let file = write(dir, name, text);
            let err = load_from::<Sections>(&file, None, Some(Default::default()), &[])
                .expect_err(name)
                .to_string();
            assert!(err.contains(&format!("{name}:{line}")), "{err}");
        }
        let env = config::Map::from([("TALKBOT_NOTES__PATHZ".to_string(), "a.md".to_string())]);
        let err = load_from::<Sections>(&dir.join("none.toml"), None, Some(env), &[])
            .expect_err("unknown key")
            .to_string();
        assert!(err.contains("TALKBOT_NOTES__PATHZ"), "{err}");
    }

    #[test]
    fn layers_override_in_order() {
        let tmp = tempfile::tempdir().expect("temp dir");
        let dir = tmp.path();
        let defaults = write(
            dir,
            "default.toml",
            "[notes]\npaths = [\"a.md\"]\ntalk_level = 2\n",
        );
        let explicit = write(dir, "mine.toml", "[notes]\ntalk_level = 3\n");
        let s: Sections =
            load_from(&defaults, Some(&explicit), Some(Default::default()), &[]).expect("load");
        assert_eq!(s.notes.paths, vec![PathBuf::from("a.md")]);
        assert_eq!(s.notes.talk_level, Some(3));

        let env = config::Map::from([
            ("TALKBOT_NOTES__PATHS".to_string(), "x.md,y.md".to_string()),
            ("TALKBOT_NOTES__TALK_LEVEL".to_string(), "4".to_string()),
        ]);
        let s: Sections = load_from(&defaults, Some(&explicit), Some(env), &[]).expect("load");
        assert_eq!(
            s.notes.paths,
            vec![PathBuf::from("x.md"), PathBuf::from("y.md")]
        );
        assert_eq!(s.notes.talk_level, Some(4));
    }

    #[test]
    fn a_binary_names_its_own_list_keys() {
        #[derive(Debug, Deserialize, Default)]
        #[serde(default)]
        struct Export {
            items: Vec<String>,
        }
        #[derive(Debug, Deserialize, Default)]
        #[serde(default)]
        struct Binary {
            export: Export,
        }
        let env = || {
            Some(config::Map::from([(
                "TALKBOT_EXPORT__ITEMS".to_string(),
                "a,b".to_string(),
            )]))
        };
        let none = Path::new("none.toml");
        let listed: Binary = load_from(none, None, env(), &["export.items"]).expect("a list");
        assert_eq!(listed.export.items, ["a", "b"]);
        // A key nobody named a list stays one text, which a list field refuses.
        assert!(load_from::<Binary>(none, None, env(), &[]).is_err());
    }

    #[test]
    fn bad_values_name_the_key_and_source() {
        let tmp = tempfile::tempdir().expect("temp dir");
        let dir = tmp.path();
        let defaults = write(dir, "default.toml", "[notes]\ntalk_level = \"deep\"\n");
        let err = load_from::<Sections>(&defaults, None, Some(Default::default()), &[])
            .expect_err("bad type");
        let text = err.to_string();
        assert!(text.contains("notes.talk_level"), "{text}");
        assert!(text.contains("default.toml"), "{text}");
        assert!(text.contains("expected"), "{text}");

        let typo = write(dir, "typo.toml", "[notes]\npath = [\"a.md\"]\n");
        let err = load_from::<Sections>(&typo, None, Some(Default::default()), &[])
            .expect_err("unknown key");
        assert!(err.to_string().contains("path"), "{err}");

        let missing = load_from::<Sections>(&defaults, Some(&dir.join("nope.toml")), None, &[]);
        assert!(matches!(missing, Err(SettingsError::Missing { .. })));

        let out_of_range = NotesSettings {
            talk_level: Some(9),
            ..Default::default()
        };
        let err = out_of_range.validate().expect_err("range");
        assert!(err.to_string().contains("notes.talk_level"), "{err}");
    }

    #[test]
    fn unknown_sections_and_bad_lines_are_named() {
        let tmp = tempfile::tempdir().expect("temp dir");
        let dir = tmp.path();
        let typo = write(
            dir,
            "typo.toml",
            "[notes]\ntalk_level = 2\n[digset]\nenabled = true\n",
        );
        let err = load_from::<Sections>(&typo, None, Some(Default::default()), &[])
            .expect_err("unknown section");
        let text = err.to_string();
        assert!(text.contains("unknown section `[digset]`"), "{text}");
        assert!(text.contains("typo.toml"), "{text}");

        let env = config::Map::from([("TALKBOT_NOTES_PATHS".to_string(), "a.md".to_string())]);
        let err = load_from::<Sections>(Path::new("none.toml"), None, Some(env), &[])
            .expect_err("one underscore");
        assert!(err.to_string().contains("TALKBOT_NOTES__PATHS"), "{err}");

        for section in SECTIONS {
            let file = write(dir, "known.toml", &format!("[{section}]\n"));
            let known =
                load_from::<serde::de::IgnoredAny>(&file, None, Some(Default::default()), &[]);
            assert!(known.is_ok(), "[{section}]: {known:?}");
        }

        let large = write(
            dir,
            "large.toml",
            "# top\n[notes]\nwatch_interval_ms = 99999999999999999999\n",
        );
        let err = load_from::<Sections>(&large, None, Some(Default::default()), &[])
            .expect_err("too large");
        assert!(
            matches!(&err, SettingsError::Syntax { line: 3, key: Some(key), .. } if key == "notes.watch_interval_ms"),
            "{err}"
        );
    }
}
