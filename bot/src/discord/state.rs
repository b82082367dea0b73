//! What the event handler shares between events: the current index (swapped on reload), the
//! bot's own id, the digest settings and the once-only flags of registration and the digest.

use crate::chat::Notes;
use crate::handout::Handouts;
use crate::meaning::{with_notes, MeaningService, ProgressReport};
use crate::settings::DigestSettings;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, OnceLock, RwLock};
use talk_notes::search::TalkIndex;

/// What the handler shares between events: the current index (swapped on reload).
pub struct BotState {
    index: RwLock<Arc<TalkIndex>>,
    version: AtomicU64,
    pub(super) guild_ids: Vec<u64>,
    pub(super) bot_id: OnceLock<u64>,
    pub(super) digest: DigestSettings,
    pub(super) commands_registered: AtomicBool,
    pub(super) digest_started: AtomicBool,
    pub(super) handouts: Arc<Handouts>,
    meaning: Option<Arc<MeaningService>>,
}

impl BotState {
    /// State serving `index`, registering commands in `guild_ids` (globally when empty).
    pub fn new(index: TalkIndex, guild_ids: Vec<u64>, digest: DigestSettings) -> Self {
        BotState {
            index: RwLock::new(Arc::new(index)),
            version: AtomicU64::new(0),
            guild_ids,
            bot_id: OnceLock::new(),
            digest,
            commands_registered: AtomicBool::new(false),
            digest_started: AtomicBool::new(false),
            handouts: Arc::new(Handouts::default()),
            meaning: None,
        }
    }

    /// Makes `/handout` PDFs with `handouts` (built from the `[export]` settings).
    pub fn with_handouts(mut self, handouts: Handouts) -> Self {
        self.handouts = Arc::new(handouts);
        self
    }

    /// Answers by meaning too, with vectors embedded in the background for every index.
    pub fn with_meaning(mut self, meaning: Option<Arc<MeaningService>>) -> Self {
        if let Some(service) = &meaning {
            service.start(self.index(), ProgressReport::Log);
        }
        self.meaning = meaning;
        self
    }

    /// Runs `f` with the notes to answer from: the current index, by meaning when ready.
    pub fn with_notes<R>(&self, f: impl FnOnce(&Notes<'_>) -> R) -> R {
        with_notes(self.meaning.as_deref(), &self.index(), f)
    }

    /// The index as it is now.
    pub fn index(&self) -> Arc<TalkIndex> {
        self.index.read().unwrap_or_else(|e| e.into_inner()).clone()
    }

    /// The index as it is now, and its version (changes on every swap).
    pub fn versioned_index(&self) -> (u64, Arc<TalkIndex>) {
        let index = self.index.read().unwrap_or_else(|e| e.into_inner());
        (self.version.load(Ordering::SeqCst), index.clone())
    }

    /// Replaces the index (after the notes changed); readers keep the old one until done.
    pub fn swap_index(&self, index: TalkIndex) {
        let mut current = self.index.write().unwrap_or_else(|e| e.into_inner());
        *current = Arc::new(index);
        let version = self.version.fetch_add(1, Ordering::SeqCst) + 1;
        // PDFs of the old notes and the pictures kept in memory go now, not at the next /handout.
        self.handouts.forget_before(version);
        if let Some(service) = &self.meaning {
            service.start(current.clone(), ProgressReport::Log);
        }
    }
}
