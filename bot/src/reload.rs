//! Watching the notes files: when one changes, the index is rebuilt and swapped in at once;
//! a file that no longer loads keeps the last good index and logs why.
//!
//! It polls file sizes and modification times: editors save by rename, network folders drop
//! events, and one `stat` per file every couple of seconds costs nothing.

use crate::discord::BotState;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, SystemTime};
use talk_notes::load::expand_paths;
use talk_notes::search::TalkIndex;
use talk_notes::{load_library, ParseOptions};

/// Default time between two checks.
pub const DEFAULT_INTERVAL: Duration = Duration::from_secs(2);

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

/// Polls `paths` every `interval` and swaps a rebuilt index into `state` after each change.
pub async fn watch(
    paths: Vec<PathBuf>,
    options: ParseOptions,
    state: Arc<BotState>,
    interval: Duration,
) {
    let mut seen = fingerprint(&paths);
    loop {
        tokio::time::sleep(interval).await;
        let now = fingerprint(&paths);
        if now == seen {
            continue;
        }
        seen = now;
        let (paths, options) = (paths.clone(), options.clone());
        let rebuilt = tokio::task::spawn_blocking(move || {
            load_library(&paths, &options).map(TalkIndex::build)
        })
        .await;
        match rebuilt {
            Ok(Ok(index)) => {
                let talks = index.library().talk_count();
                state.swap_index(index);
                tracing::info!(talks, "notes changed: index rebuilt");
            }
            Ok(Err(error)) => {
                tracing::error!(%error, "notes changed but cannot be loaded; keeping the last good index")
            }
            Err(error) => tracing::error!(%error, "reloading the notes failed"),
        }
    }
}
