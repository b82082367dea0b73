//! Answers by meaning for the bot and the command line: the passage vectors of the current
//! notes, embedded in the background (the bot answers by words meanwhile), and the question's
//! vector fetched per answer. Every failure of the server falls back to words, with one
//! warning in the log per outage, never an error to the user.

use crate::chat::Notes;
use anyhow::{Context, Result};
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};
use talk_notes::meaning::{
    CacheState, Embedder, EmbeddingSettings, HttpEmbedder, Kind, Meaning, MeaningIndex, Progress,
    VectorCache,
};
use talk_notes::search::TalkIndex;

/// Where embedding progress goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProgressReport {
    /// A bar on the terminal (standard error).
    Bar,
    /// Log lines (the bot).
    Log,
    /// Nothing.
    Quiet,
}

/// First wait before embedding is tried again after the server failed; doubles up to
/// [`MAX_RETRY`].
const FIRST_RETRY: Duration = Duration::from_secs(15);
const MAX_RETRY: Duration = Duration::from_secs(600);

/// The meaning side of the notes: an embeddings client and the vectors of the current index.
pub struct MeaningService {
    embedder: Arc<dyn Embedder>,
    cache_dir: Option<PathBuf>,
    /// The vectors, with the words index they were built for.
    current: RwLock<Option<(Arc<TalkIndex>, Arc<MeaningIndex>)>>,
    /// Bumped for every new index; a build for an older one gives up.
    generation: AtomicU64,
    /// True while the server fails (so it is reported once, and once when it is back).
    failing: AtomicBool,
}

impl MeaningService {
    /// The service the settings configure, or `None` when `url` is empty.
    pub fn from_settings(settings: &EmbeddingSettings) -> Result<Option<Arc<MeaningService>>> {
        if !settings.enabled() {
            return Ok(None);
        }
        settings.validate()?;
        let embedder = HttpEmbedder::new(settings)?;
        Ok(Some(Arc::new(MeaningService::new(
            Arc::new(embedder),
            settings.cache_folder(),
        ))))
    }

    /// A service over any embedder (tests use stand-ins).
    pub fn new(embedder: Arc<dyn Embedder>, cache_dir: Option<PathBuf>) -> MeaningService {
        MeaningService {
            embedder,
            cache_dir,
            current: RwLock::new(None),
            generation: AtomicU64::new(0),
            failing: AtomicBool::new(false),
        }
    }

    /// Embeds the passages of `index` now (cache first), reporting progress, and keeps the
    /// vectors; on failure logs one warning and keeps answering by words.
    pub fn build_now(&self, index: &Arc<TalkIndex>, report: ProgressReport) -> bool {
        let generation = self.generation.fetch_add(1, Ordering::SeqCst) + 1;
        self.set(None);
        self.build(index, generation, report)
    }

    /// Embeds the passages of `index` on a thread of its own, retrying while the server
    /// fails; answers use words until the vectors are ready. A later call supersedes it.
    pub fn start(self: &Arc<Self>, index: Arc<TalkIndex>, report: ProgressReport) {
        let generation = self.generation.fetch_add(1, Ordering::SeqCst) + 1;
        self.set(None);
        let service = Arc::clone(self);
        let spawned = std::thread::Builder::new()
            .name("talkbot-embed".into())
            .spawn(move || {
                let mut wait = FIRST_RETRY;
                while service.generation.load(Ordering::SeqCst) == generation {
                    if service.build(&index, generation, report) {
                        return;
                    }
                    std::thread::sleep(wait);
                    wait = (wait * 2).min(MAX_RETRY);
                }
            });
        if let Err(error) = spawned {
            tracing::warn!(%error, "could not start embedding; answering by words only");
        }
    }

    fn set(&self, value: Option<(Arc<TalkIndex>, Arc<MeaningIndex>)>) {
        *self.current.write().unwrap_or_else(|e| e.into_inner()) = value;
    }

    fn build(&self, index: &Arc<TalkIndex>, generation: u64, report: ProgressReport) -> bool {
        let started = Instant::now();
        let identity = self.embedder.identity(Kind::Passage);
        let (mut cache, state) = VectorCache::open(self.cache_dir.as_deref(), &identity);
        if let CacheState::Ignored(why) = &state {
            tracing::warn!("embeddings cache ignored: {why}");
        }
        let mut progress = progress_sink(report);
        let built =
            MeaningIndex::build(index.library(), &*self.embedder, &mut cache, &mut *progress);
        drop(progress);
        match built {
            Ok(meaning) => {
                self.recovered();
                if self.generation.load(Ordering::SeqCst) != generation {
                    return true;
                }
                tracing::info!(
                    passages = meaning.len(),
                    seconds = format!("{:.1}", started.elapsed().as_secs_f32()),
                    "answers by meaning are ready"
                );
                self.set(Some((Arc::clone(index), Arc::new(meaning))));
                true
            }
            Err(error) => {
                self.failed(&error);
                false
            }
        }
    }

    /// The vectors of `index`, when they are ready.
    pub fn index_for(&self, index: &Arc<TalkIndex>) -> Option<Arc<MeaningIndex>> {
        let current = self.current.read().unwrap_or_else(|e| e.into_inner());
        current
            .as_ref()
            .filter(|(built_for, _)| Arc::ptr_eq(built_for, index))
            .map(|(_, meaning)| Arc::clone(meaning))
    }

    /// The question's vector, of `dim` numbers like the passages', or `None` (logged once per
    /// outage) when the server fails or answers with another size.
    pub fn embed_query(&self, query: &str, dim: usize) -> Option<Vec<f32>> {
        match self.embedder.embed(Kind::Query, &[query.to_string()]) {
            Ok(mut vectors) => match vectors.pop() {
                Some(vector) if vector.len() == dim => {
                    self.recovered();
                    Some(vector)
                }
                other => {
                    self.failed(&format!(
                        "the embeddings server gave a question vector of {} numbers, the \
                         passages have {dim} (check query_model and passage_model)",
                        other.map_or(0, |v| v.len())
                    ));
                    None
                }
            },
            Err(error) => {
                self.failed(&error);
                None
            }
        }
    }

    /// Runs `f` with the notes to answer from: words, and meaning when ready for `index`.
    pub fn with_notes<R>(&self, index: &Arc<TalkIndex>, f: impl FnOnce(&Notes<'_>) -> R) -> R {
        let meaning_index = self.index_for(index);
        let dim = meaning_index.as_ref().map_or(0, |m| m.dim());
        let embed = |q: &str| self.embed_query(q, dim);
        let meaning = meaning_index.as_deref().map(|m| Meaning {
            index: m,
            embed_query: &embed,
        });
        f(&Notes {
            index,
            meaning: meaning.as_ref(),
        })
    }

    fn failed(&self, error: &dyn std::fmt::Display) {
        if !self.failing.swap(true, Ordering::SeqCst) {
            tracing::warn!("answering by words only: {error}");
        }
    }

    fn recovered(&self) {
        if self.failing.swap(false, Ordering::SeqCst) {
            tracing::info!("the embeddings server answers again");
        }
    }
}

/// Runs `f` with the notes of `index`, by meaning too when `service` has vectors for it.
pub fn with_notes<R>(
    service: Option<&MeaningService>,
    index: &Arc<TalkIndex>,
    f: impl FnOnce(&Notes<'_>) -> R,
) -> R {
    match service {
        Some(service) => service.with_notes(index, f),
        None => f(&Notes::words(index)),
    }
}

fn progress_sink(report: ProgressReport) -> Box<dyn FnMut(Progress)> {
    match report {
        ProgressReport::Quiet => Box::new(|_| {}),
        ProgressReport::Log => {
            let mut last = Instant::now();
            Box::new(move |p: Progress| {
                let first = p.done == p.cached;
                if first || p.done == p.total || last.elapsed() >= Duration::from_secs(10) {
                    last = Instant::now();
                    tracing::info!(
                        done = p.done,
                        total = p.total,
                        cached = p.cached,
                        "embedding passages"
                    );
                }
            })
        }
        ProgressReport::Bar => {
            let bar = indicatif::ProgressBar::new(0);
            bar.set_style(
                indicatif::ProgressStyle::with_template(
                    "embedding passages {bar:30} {pos}/{len} ({eta} left)",
                )
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
            );
            Box::new(move |p: Progress| {
                bar.set_length(p.total as u64);
                bar.set_position(p.done as u64);
                if p.done == p.total {
                    bar.finish_and_clear();
                }
            })
        }
    }
}

/// The service of the settings, for a command line: errors in the settings are reported.
pub fn service_from(settings: &EmbeddingSettings) -> Result<Option<Arc<MeaningService>>> {
    MeaningService::from_settings(settings).context("search.embeddings")
}
