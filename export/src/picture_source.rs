//! Where pictures come from: local files (read with a size cap) and `http(s)` URLs (fetched once
//! with a time and size limit, scaled to what a slide can show, kept in a disk cache), turned
//! into [`Picture`]s for the PDF writer.
//!
//! A picture that cannot be had is a [`PictureError`]; the slide layout then draws a placeholder.
//! Nothing here panics or blocks longer than [`PictureOptions::timeout`] per picture.

mod cache;
mod decode;
mod local;
mod memo;

pub use cache::default_cache_dir;

use crate::page::Picture;
use cache::{read_cached, write_cache};
use decode::{describe, prepare};
use local::{picture_path, read_capped};
use memo::Memo;
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};
use std::sync::atomic::Ordering;
use std::sync::Arc;
use std::time::Duration;
use thiserror::Error;

/// Largest picture width kept, in pixels: a full slide width (640 pt) at 144 dpi.
pub const MAX_WIDTH: u32 = 1280;
/// Largest picture height kept, in pixels.
pub const MAX_HEIGHT: u32 = 960;
/// Most pixels a picture may have (50 megapixels: a 48-megapixel phone photo is decoded);
/// the size is read from the file's header, so a larger picture costs no memory.
pub const MAX_PIXELS: u64 = 50_000_000;
/// Most bytes of pixels (decoded, plus what scaling them down needs) held at once by all the
/// picture decodes of the process: a decode waits until its bytes fit, and a picture needing
/// more than this on its own is refused.
pub const DECODE_BUDGET: u64 = 256 * 1024 * 1024;
/// Most downloads (or cache reads) at once while prefetching a talk's pictures.
pub const PARALLEL_FETCHES: usize = 6;

/// How pictures are found and fetched.
#[derive(Debug, Clone)]
pub struct PictureOptions {
    /// Never fetch: remote pictures come from the cache or stay placeholders.
    pub offline: bool,
    /// The folder of the picture cache; `None` means the user's cache folder
    /// (`$XDG_CACHE_HOME/talk-export/pictures`, else `~/.cache/talk-export/pictures`).
    pub cache_dir: Option<PathBuf>,
    /// Time limit of one whole download (connect, redirects and body).
    pub timeout: Duration,
    /// Largest download or local file read, in bytes.
    pub max_bytes: u64,
    /// Read local pictures outside the notes file's folder too (`talk-export
    /// --allow-pictures-outside`); off by default, and the bot never turns it on.
    pub allow_outside: bool,
    /// Most bytes of pictures kept in memory between lookups (the least recently used go
    /// first; a picture in use by a talk being made stays alive until that talk is written).
    pub memo_bytes: u64,
    /// How long a picture that could not be had is not tried again.
    pub retry_failed_after: Duration,
}

impl Default for PictureOptions {
    fn default() -> Self {
        PictureOptions {
            offline: false,
            cache_dir: None,
            timeout: Duration::from_secs(15),
            max_bytes: 25 * 1024 * 1024,
            allow_outside: false,
            memo_bytes: 64 * 1024 * 1024,
            retry_failed_after: Duration::from_secs(5 * 60),
        }
    }
}

/// Why a picture could not be had.
#[derive(Debug, Clone, Error, PartialEq)]
pub enum PictureError {
    /// Offline and not in the cache.
    #[error("not in the picture cache and fetching is off (--offline)")]
    Offline,
    /// The server answered with an error status.
    #[error("the server answered HTTP {0}")]
    Status(u16),
    /// The download did not finish within the time limit.
    #[error("no complete answer within {0} s")]
    Timeout(u64),
    /// The answer or file is larger than the cap.
    #[error("larger than {0} bytes")]
    TooLarge(u64),
    /// The bytes are not a PNG, JPEG, GIF or WebP picture.
    #[error("not a picture ({0})")]
    NotAPicture(String),
    /// The picture has more pixels than [`MAX_PIXELS`], or needs more than [`DECODE_BUDGET`]
    /// bytes to decode and scale.
    #[error(
        "{width} × {height} pixels: too big to decode (at most {} megapixels and {} MB of \
         pixels)",
        MAX_PIXELS / 1_000_000,
        DECODE_BUDGET / (1024 * 1024)
    )]
    TooBigToDecode {
        /// Width in pixels, from the file's header.
        width: u32,
        /// Height in pixels.
        height: u32,
    },
    /// The picture could not be decoded.
    #[error("cannot decode: {0}")]
    Decode(String),
    /// A local picture outside the notes file's folder (said alike whether or not it exists).
    #[error(
        "outside the folder of the notes file; only pictures inside it are read \
         (talk-export --allow-pictures-outside reads it)"
    )]
    Outside,
    /// The network or the file failed.
    #[error("{0}")]
    Io(String),
}

/// Where a picture was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    /// Downloaded during this export.
    Fetched,
    /// Read from the disk cache.
    Cache,
    /// A local file next to the notes.
    Local,
}

/// A picture found, and where; or why it could not be had.
pub type Found = Result<(Arc<Picture>, Origin), PictureError>;

/// How many pictures of a talk came from where.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PictureCounts {
    /// Downloaded during this export.
    pub fetched: usize,
    /// Read from the disk cache.
    pub cached: usize,
    /// Local files.
    pub local: usize,
    /// Drawn as placeholders (unreachable, offline, not a picture).
    pub missing: usize,
}

impl PictureCounts {
    /// Counts one picture found at `origin`.
    pub fn found(&mut self, origin: Origin) {
        match origin {
            Origin::Fetched => self.fetched += 1,
            Origin::Cache => self.cached += 1,
            Origin::Local => self.local += 1,
        }
    }

    /// Adds `other`'s counts to these.
    pub fn add(&mut self, other: PictureCounts) {
        self.fetched += other.fetched;
        self.cached += other.cached;
        self.local += other.local;
        self.missing += other.missing;
    }

    /// Pictures embedded.
    pub fn embedded(&self) -> usize {
        self.fetched + self.cached + self.local
    }
}

/// Fetches, caches and decodes pictures; shared by every talk of an [`crate::Exporter`].
#[derive(Debug)]
pub struct PictureSource {
    options: PictureOptions,
    cache_dir: Option<PathBuf>,
    agent: ureq::Agent,
    /// Pictures already looked up by this source, so a URL is fetched once, not per slide or
    /// per talk; bounded in bytes, failures tried again after a while.
    memo: Memo,
}

/// True for the URLs this source fetches (`http`, `https` and protocol-relative `//`).
pub fn is_fetchable(url: &str) -> bool {
    let lower = url.trim().to_ascii_lowercase();
    lower.starts_with("http://") || lower.starts_with("https://") || lower.starts_with("//")
}

impl PictureSource {
    /// A source with `options`.
    pub fn new(options: PictureOptions) -> PictureSource {
        let config = ureq::Agent::config_builder()
            .timeout_global(Some(options.timeout))
            .timeout_connect(Some(options.timeout.min(Duration::from_secs(5))))
            .max_redirects(5)
            .http_status_as_error(false)
            .user_agent(concat!("talk-export/", env!("CARGO_PKG_VERSION")))
            .build();
        let cache_dir = options.cache_dir.clone().or_else(default_cache_dir);
        PictureSource {
            cache_dir,
            agent: config.into(),
            memo: Memo::new(options.memo_bytes, options.retry_failed_after),
            options,
        }
    }

    /// Looks up `urls` (fetching the missing ones) on up to [`PARALLEL_FETCHES`] threads, so
    /// that the layout then finds them in memory; a talk of twelve photos waits for the slowest
    /// one, not for their sum. These threads wait on the network, so they are their own, not
    /// the CPU pool that parses and indexes (`rayon`).
    pub fn prefetch(&self, urls: &[String]) {
        let mut todo: Vec<&str> = Vec::new();
        for url in urls {
            let url = url.trim();
            if !self.memo.contains(url) && !todo.contains(&url) {
                todo.push(url);
            }
        }
        if todo.len() < 2 {
            return;
        }
        let next = std::sync::atomic::AtomicUsize::new(0);
        std::thread::scope(|scope| {
            for _ in 0..todo.len().min(PARALLEL_FETCHES) {
                scope.spawn(|| {
                    while let Some(url) = todo.get(next.fetch_add(1, Ordering::Relaxed)) {
                        let _ = self.remote(url);
                    }
                });
            }
        });
    }

    /// The options this source was made with.
    pub fn options(&self) -> &PictureOptions {
        &self.options
    }

    /// The cache file of `url` (without its extension).
    pub fn cache_stem(&self, url: &str) -> Option<PathBuf> {
        let digest = Sha256::digest(url.trim().as_bytes());
        let hex: String = digest.iter().map(|b| format!("{b:02x}")).collect();
        self.cache_dir.as_ref().map(|d| d.join(hex))
    }

    /// The picture at a remote `url`: from this run's memory, the disk cache, or the network.
    pub fn remote(&self, url: &str) -> Found {
        self.memo(url, || self.remote_uncached(url))
    }

    /// Stores `bytes` (a PNG, JPEG, GIF or WebP file obtained elsewhere) in the disk cache as
    /// the picture of `url`, scaled and encoded as a fetch would; for seeding a cache offline.
    pub fn insert(&self, url: &str, bytes: &[u8]) -> Result<(), PictureError> {
        let stem = self
            .cache_stem(url)
            .ok_or_else(|| PictureError::Io("no cache folder".to_string()))?;
        let (_, encoded) = prepare(bytes, "")?;
        if let Some((ext, data)) = encoded {
            write_cache(&stem.with_extension(ext), &data)
                .map_err(|e| PictureError::Io(e.to_string()))?;
        }
        Ok(())
    }

    /// The local picture written `written` in notes stored in `folder`: inside that folder
    /// (symbolic links followed; see [`PictureOptions::allow_outside`]), a regular file, read
    /// up to the byte cap.
    pub fn local(&self, folder: &Path, written: &str) -> Found {
        let key = format!("file:{}", folder.join(written).display());
        self.memo(&key, || {
            let path = picture_path(folder, written, !self.options.allow_outside)?;
            let bytes = read_capped(&path, self.options.max_bytes)?;
            let (picture, _) = prepare(&bytes, "")?;
            Ok((Arc::new(picture), Origin::Local))
        })
    }

    fn memo(&self, key: &str, load: impl FnOnce() -> Found) -> Found {
        if let Some(found) = self.memo.get(key) {
            return found;
        }
        let result = load();
        self.memo.insert(key, &result);
        result
    }

    /// Forgets the pictures kept in memory (after the notes were reloaded, their local
    /// pictures may have changed); the disk cache stays.
    pub fn forget(&self) {
        self.memo.clear();
    }

    /// Bytes of pictures kept in memory now (at most [`PictureOptions::memo_bytes`]).
    pub fn memory_bytes(&self) -> u64 {
        self.memo.bytes()
    }

    fn remote_uncached(&self, url: &str) -> Found {
        let stem = self.cache_stem(url);
        if let Some(stem) = &stem {
            if let Some(picture) = read_cached(stem) {
                return Ok((Arc::new(picture), Origin::Cache));
            }
        }
        if self.options.offline {
            return Err(PictureError::Offline);
        }
        let bytes = self.download(url)?;
        let (picture, encoded) = prepare(&bytes, &describe(&bytes))?;
        if let (Some(stem), Some((ext, data))) = (&stem, encoded) {
            // A cache that cannot be written only costs a fetch next time.
            let _ = write_cache(&stem.with_extension(ext), &data);
        }
        Ok((Arc::new(picture), Origin::Fetched))
    }

    fn download(&self, url: &str) -> Result<Vec<u8>, PictureError> {
        let url = url.trim();
        let url = match url.strip_prefix("//") {
            Some(rest) => format!("https://{rest}"),
            None => url.to_string(),
        };
        let timeout = self.options.timeout.as_secs().max(1);
        let net = |e: ureq::Error| match e {
            ureq::Error::Timeout(_) => PictureError::Timeout(timeout),
            ureq::Error::BodyExceedsLimit(_) => PictureError::TooLarge(self.options.max_bytes),
            other => PictureError::Io(other.to_string()),
        };
        let mut response = self
            .agent
            .get(&url)
            .header("Accept", "image/*")
            .call()
            .map_err(net)?;
        let status = response.status().as_u16();
        if status >= 400 {
            return Err(PictureError::Status(status));
        }
        let declared = response
            .headers()
            .get("content-length")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.trim().parse::<u64>().ok());
        if declared.is_some_and(|n| n > self.options.max_bytes) {
            return Err(PictureError::TooLarge(self.options.max_bytes));
        }
        response
            .body_mut()
            .with_config()
            .limit(self.options.max_bytes)
            .read_to_vec()
            .map_err(net)
    }
}

/// The URLs of the remote pictures of `blocks` (in lists and quotes too), in document order.
pub fn remote_pictures(blocks: &[talk_notes::Block]) -> Vec<String> {
    use talk_notes::Block;
    let mut urls = Vec::new();
    for block in blocks {
        match block {
            Block::Image(image) if is_fetchable(&image.url) => {
                urls.push(image.url.trim().to_string())
            }
            Block::Quote { blocks } => urls.extend(remote_pictures(blocks)),
            Block::List(list) => {
                for item in &list.items {
                    urls.extend(remote_pictures(&item.blocks));
                }
            }
            _ => {}
        }
    }
    urls
}
