//! Watching the notes files: when one changes, the index is rebuilt and swapped in at once;
//! a file that no longer loads keeps the last good index and logs why, and a reload that loses
//! most talks (a file saved empty or cut short) is held back until the notes settle.
//!
//! It polls file sizes and modification times: editors save by rename, network folders drop
//! events, and one `stat` per file every couple of seconds costs nothing. Every file system
//! call runs on tokio's blocking threads, never on the async workers.

use crate::discord::BotState;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, SystemTime};
use talk_notes::load::expand_paths;
use talk_notes::search::TalkIndex;
use talk_notes::{load_library, ParseOptions};
use tokio::time::Instant;

/// Default time between two checks.
pub const DEFAULT_INTERVAL: Duration = Duration::from_secs(2);
/// How long notes that lost most talks must stay unchanged before they are taken as meant.
pub const HOLD_BACK: Duration = Duration::from_secs(30);
/// How often a failed or held-back reload is tried again while the files do not change.
pub const RETRY_EVERY: Duration = Duration::from_secs(10);

/// What identifies the state of the notes on disk: each file with its size and mtime.
pub type Fingerprint = Vec<(PathBuf, u64, Option<SystemTime>)>;

/// The current fingerprint of the notes `paths` (folders expanded).
pub fn fingerprint(paths: &[PathBuf]) -> Fingerprint {
    let files = expand_paths(paths).unwrap_or_default();
    files
        .into_iter()
        .map(|file| {
            let meta = std::fs::metadata(&file).ok();
            let size = meta.as_ref().map_or(0, |m| m.len());
            let modified = meta.and_then(|m| m.modified().ok());
            (file, size, modified)
        })
        .collect()
}

/// Whether a reload from `before` talks to `after` loses most of them (more than half).
pub fn loses_most_talks(before: usize, after: usize) -> bool {
    after.saturating_mul(2) < before
}

async fn fingerprint_off_workers(paths: &[PathBuf]) -> Fingerprint {
    let paths = paths.to_vec();
    tokio::task::spawn_blocking(move || fingerprint(&paths))
        .await
        .unwrap_or_default()
}

/// Polls `paths` every `interval` and swaps a rebuilt index into `state` after each change.
/// A failed or held-back reload is tried again every [`RETRY_EVERY`], even without a change.
pub async fn watch(
    paths: Vec<PathBuf>,
    options: ParseOptions,
    state: Arc<BotState>,
    interval: Duration,
) {
    let mut seen = fingerprint_off_workers(&paths).await;
    let mut retry = false;
    let mut reported: Option<Fingerprint> = None;
    let mut shrunk_since: Option<Instant> = None;
    let mut attempted = Instant::now();
    loop {
        tokio::time::sleep(interval).await;
        let now = fingerprint_off_workers(&paths).await;
        if now == seen && !(retry && attempted.elapsed() >= RETRY_EVERY) {
            continue;
        }
        attempted = Instant::now();
        if now != seen {
            shrunk_since = None;
        }
        seen = now.clone();
        let first_report = reported.as_ref() != Some(&now);
        let (paths, options) = (paths.clone(), options.clone());
        let rebuilt = tokio::task::spawn_blocking(move || {
            load_library(&paths, &options).map(TalkIndex::build)
        })
        .await;
        match rebuilt {
            Ok(Ok(index)) => {
                let before = state.index().library().talk_count();
                let talks = index.library().talk_count();
                let since = *shrunk_since.get_or_insert_with(Instant::now);
                if loses_most_talks(before, talks) && since.elapsed() < HOLD_BACK {
                    if first_report {
                        tracing::warn!(before, after = talks, "notes changed but lost most talks (saved empty or cut short?); keeping the last good index until they settle");
                    }
                    reported = Some(now);
                    retry = true;
                    continue;
                }
                state.swap_index(index);
                tracing::info!(talks, "notes changed: index rebuilt");
                retry = false;
                reported = None;
                shrunk_since = None;
            }
            Ok(Err(error)) => {
                if first_report {
                    tracing::error!(%error, "notes changed but cannot be loaded; keeping the last good index");
                }
                reported = Some(now);
                retry = true;
            }
            Err(error) => {
                tracing::error!(%error, "reloading the notes failed; trying again");
                retry = true;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn losing_most_talks_is_held_back() {
        assert!(loses_most_talks(9, 0));
        assert!(loses_most_talks(9, 4));
        assert!(!loses_most_talks(9, 5));
        assert!(!loses_most_talks(9, 12));
        assert!(!loses_most_talks(0, 0));
        assert!(!loses_most_talks(1, 1));
    }
}
