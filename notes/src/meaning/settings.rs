//! The `[search.embeddings]` section: which embeddings server answers by meaning, if any.

use serde::{Deserialize, Deserializer};
use std::path::PathBuf;
use std::time::Duration;

/// A value of the `[search]` section that has the right type but cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("configuration: key `{key}` {problem}")]
pub struct SettingsValueError {
    /// The dotted key, e.g. `search.embeddings.url`.
    pub key: String,
    /// What is wrong and what is expected.
    pub problem: String,
}

/// The `[search]` section.
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub struct SearchSettings {
    /// `[search.embeddings]`: answers by meaning through an embeddings server.
    pub embeddings: EmbeddingSettings,
}

/// `[search.embeddings]`: an OpenAI-compatible `/v1/embeddings` server; an empty `url` turns
/// answers by meaning off.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub struct EmbeddingSettings {
    /// Base URL of the server (`http://127.0.0.1:11434`), its `/v1`, or its full
    /// `/v1/embeddings` address; empty: off.
    pub url: String,
    /// Model name sent with questions.
    pub query_model: String,
    /// Model name sent with passages; empty: `query_model`.
    pub passage_model: String,
    /// Put before each question (`"query: "` for e5 models on servers that do not add it).
    pub query_prefix: String,
    /// Put before each passage (`"passage: "`).
    pub passage_prefix: String,
    /// A file holding the API key, sent as `Authorization: Bearer`.
    #[serde(deserialize_with = "optional_path")]
    pub api_key_file: Option<PathBuf>,
    /// Folder of the passage vector cache; unset: the platform cache folder.
    #[serde(deserialize_with = "optional_path")]
    pub cache_dir: Option<PathBuf>,
    /// Time limit of one request for a question's vector, in milliseconds.
    pub timeout_ms: u64,
}

impl Default for EmbeddingSettings {
    fn default() -> Self {
        EmbeddingSettings {
            url: String::new(),
            query_model: String::new(),
            passage_model: String::new(),
            query_prefix: String::new(),
            passage_prefix: String::new(),
            api_key_file: None,
            cache_dir: None,
            timeout_ms: 2000,
        }
    }
}

/// Longest `timeout_ms` accepted (ten minutes).
const MAX_TIMEOUT_MS: u64 = 600_000;

impl EmbeddingSettings {
    /// True when a server is configured.
    pub fn enabled(&self) -> bool {
        !self.url.trim().is_empty()
    }

    /// Checks what the types cannot: a usable URL, a model name, a timeout in range.
    pub fn validate(&self) -> Result<(), SettingsValueError> {
        let problem = |key: &str, problem: String| SettingsValueError {
            key: format!("search.embeddings.{key}"),
            problem,
        };
        if !self.enabled() {
            return Ok(());
        }
        match url::Url::parse(self.url.trim()) {
            Ok(u) if matches!(u.scheme(), "http" | "https") && u.host().is_some() => {}
            _ => {
                return Err(problem(
                    "url",
                    format!(
                        "is {:?}, expected an http(s) address such as \"http://127.0.0.1:11434\"",
                        self.url
                    ),
                ))
            }
        }
        if self.query_model.trim().is_empty() {
            return Err(problem(
                "query_model",
                "is empty; name the model the server should use for questions".to_string(),
            ));
        }
        if !(1..=MAX_TIMEOUT_MS).contains(&self.timeout_ms) {
            return Err(problem(
                "timeout_ms",
                format!(
                    "is {}, expected 1 to {MAX_TIMEOUT_MS} milliseconds",
                    self.timeout_ms
                ),
            ));
        }
        Ok(())
    }

    /// The `/v1/embeddings` address requests go to.
    pub fn endpoint(&self) -> String {
        let base = self.url.trim().trim_end_matches('/');
        if base.ends_with("/embeddings") {
            base.to_string()
        } else if base.ends_with("/v1") {
            format!("{base}/embeddings")
        } else {
            format!("{base}/v1/embeddings")
        }
    }

    /// The model name of passages.
    pub fn passage_model(&self) -> &str {
        if self.passage_model.trim().is_empty() {
            &self.query_model
        } else {
            &self.passage_model
        }
    }

    /// Time limit of a question's request.
    pub fn timeout(&self) -> Duration {
        Duration::from_millis(self.timeout_ms.clamp(1, MAX_TIMEOUT_MS))
    }

    /// The cache folder: `cache_dir`, else `$XDG_CACHE_HOME/talkbot/embeddings`, else
    /// `~/.cache/talkbot/embeddings`; `None` when none can be named (no cache then).
    pub fn cache_folder(&self) -> Option<PathBuf> {
        if let Some(dir) = &self.cache_dir {
            return Some(dir.clone());
        }
        crate::cache_dir::user_cache_dir(&["talkbot", "embeddings"])
    }
}

/// An empty text is no path.
fn optional_path<'de, D: Deserializer<'de>>(d: D) -> Result<Option<PathBuf>, D::Error> {
    let text = Option::<String>::deserialize(d)?;
    Ok(text
        .filter(|t| !t.trim().is_empty())
        .map(|t| PathBuf::from(t.trim())))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn with_url(url: &str) -> EmbeddingSettings {
        EmbeddingSettings {
            url: url.into(),
            query_model: "m".into(),
            ..EmbeddingSettings::default()
        }
    }

    #[test]
    fn the_endpoint_accepts_a_base_a_v1_or_the_full_address() {
        for url in [
            "http://h:1",
            "http://h:1/",
            "http://h:1/v1",
            "http://h:1/v1/embeddings",
        ] {
            assert_eq!(
                with_url(url).endpoint(),
                "http://h:1/v1/embeddings",
                "{url}"
            );
        }
    }

    #[test]
    fn bad_values_name_their_key() {
        assert!(EmbeddingSettings::default().validate().is_ok());
        let err = with_url("not a url").validate().expect_err("bad url");
        assert!(err.to_string().contains("search.embeddings.url"), "{err}");
        let mut s = with_url("http://h:1");
        s.query_model.clear();
        let err = s.validate().expect_err("no model");
        assert!(err.to_string().contains("query_model"), "{err}");
        let mut s = with_url("http://h:1");
        s.timeout_ms = 0;
        assert!(s.validate().is_err());
        let mut s = with_url("http://h:1");
        s.passage_model = String::new();
        assert_eq!(s.passage_model(), "m");
    }
}
