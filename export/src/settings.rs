//! The `[export]` section of the configuration: how PDFs are made by default. `talk-export`
//! reads it (its command-line options win over it) and so does the bot, whose `/handout` makes
//! its PDFs with the same fonts, theme, paper, default layout and pictures (offline mode,
//! cache folder, time limit).

use crate::{Layout, Options, Paper, PictureOptions, ThemeName};
use serde::Deserialize;
use std::path::PathBuf;
use std::time::Duration;
use thiserror::Error;

/// Keys of the `[export]` section whose environment values are comma-separated lists
/// (`TALKBOT_EXPORT__FONTS=a.ttf,b.ttf`).
pub const LIST_KEYS: &[&str] = &["export.fonts"];

/// Longest wait for one remote picture that `export.picture_timeout_secs` accepts (an hour).
pub const MAX_PICTURE_TIMEOUT_SECS: u64 = 3600;

/// The `[export]` section (see `config/default.toml`).
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub struct ExportSettings {
    /// Output folder of `talk-export` (`--out`).
    pub out: Option<PathBuf>,
    /// `slides`, `handout-1` … `handout-6`: the layout when none is asked for.
    pub layout: Option<String>,
    /// Paper of handout pages: `a4` or `letter`.
    pub paper: Option<String>,
    /// `light` or `dark`.
    pub theme: Option<String>,
    /// Fallback fonts for characters DejaVu lacks, tried in order.
    pub fonts: Vec<PathBuf>,
    /// One PDF for all talks (`talk-export --single-file`).
    pub single_file: Option<bool>,
    /// Never fetch remote pictures: the picture cache or placeholders.
    pub offline: Option<bool>,
    /// Folder of the picture cache; unset: the user's cache folder.
    pub picture_cache: Option<PathBuf>,
    /// Time limit of one picture download, in seconds (1 to [`MAX_PICTURE_TIMEOUT_SECS`]).
    pub picture_timeout_secs: Option<u64>,
}

/// A value of the `[export]` section that cannot be used.
#[derive(Debug, Error, PartialEq, Eq)]
#[error("configuration: key `export.{key}` {problem}")]
pub struct ExportSettingsError {
    /// The key within `[export]`.
    pub key: &'static str,
    /// What is wrong and what is expected.
    pub problem: String,
}

impl ExportSettings {
    /// The export options these settings describe (reading local pictures outside the notes
    /// folder stays off: only `talk-export --allow-pictures-outside` turns it on).
    pub fn options(&self) -> Result<Options, ExportSettingsError> {
        let timeout = match self.picture_timeout_secs {
            Some(secs) if secs > MAX_PICTURE_TIMEOUT_SECS => {
                return Err(ExportSettingsError {
                    key: "picture_timeout_secs",
                    problem: format!("is {secs}, expected at most {MAX_PICTURE_TIMEOUT_SECS} seconds (how long one remote picture may take)"),
                })
            }
            Some(secs) => Duration::from_secs(secs.max(1)),
            None => PictureOptions::default().timeout,
        };
        Ok(Options {
            layout: parsed::<Layout>("layout", &self.layout)?,
            paper: parsed::<Paper>("paper", &self.paper)?,
            theme: parsed::<ThemeName>("theme", &self.theme)?,
            fallback_fonts: self.fonts.clone(),
            created: None,
            pictures: PictureOptions {
                offline: self.offline.unwrap_or(false),
                cache_dir: self.picture_cache.clone(),
                timeout,
                ..PictureOptions::default()
            },
        })
    }
}

/// `value` parsed, the type's default when unset.
fn parsed<T: std::str::FromStr<Err = String> + Default>(
    key: &'static str,
    value: &Option<String>,
) -> Result<T, ExportSettingsError> {
    match value.as_deref() {
        None => Ok(T::default()),
        Some(text) => text.parse().map_err(|problem: String| ExportSettingsError {
            key,
            problem: format!("is {text:?}: {problem}"),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settings_become_options_and_bad_values_name_their_key() {
        let settings = ExportSettings {
            layout: Some("handout-3".into()),
            theme: Some("dark".into()),
            offline: Some(true),
            picture_cache: Some("cache".into()),
            picture_timeout_secs: Some(0),
            fonts: vec!["a.ttf".into()],
            ..ExportSettings::default()
        };
        let options = settings.options().expect("options");
        assert_eq!(options.layout, Layout::Handout(3));
        assert_eq!(options.theme, ThemeName::Dark);
        assert!(options.pictures.offline);
        assert!(!options.pictures.allow_outside);
        assert_eq!(options.pictures.cache_dir, Some("cache".into()));
        assert_eq!(options.pictures.timeout, Duration::from_secs(1));
        assert_eq!(options.fallback_fonts, vec![PathBuf::from("a.ttf")]);

        let bad = ExportSettings {
            paper: Some("a5".into()),
            ..ExportSettings::default()
        };
        let error = bad.options().expect_err("a5 is no paper").to_string();
        assert!(
            error.starts_with("configuration: key `export.paper` is \"a5\": unknown paper"),
            "{error}"
        );
        let long = ExportSettings {
            picture_timeout_secs: Some(u64::MAX),
            ..ExportSettings::default()
        };
        let error = long.options().expect_err("too long").to_string();
        assert!(
            error.contains(
                "`export.picture_timeout_secs` is 18446744073709551615, expected at most 3600"
            ),
            "{error}"
        );
    }
}
