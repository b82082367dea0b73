//! Watching the notes files: when one changes, the index is rebuilt and swapped in at once;
//! a file that no longer loads keeps the last good index and logs why, and a reload that loses
//! most talks (a file saved empty or cut short) is held back until the notes settle.
//!
//! A change is read only once the files have settled: their sizes and modification times the
//! same at two checks in a row, at least [`SETTLE`] after the last change seen, so that a file
//! being written (slowly, over a network, by a script) is read whole, never half.
//!
//! It polls file sizes and modification times: editors save by rename, network folders drop
//! events, and one `stat` per file every couple of seconds costs nothing. Every file system
//! call runs on tokio's blocking threads, never on the async workers.

use crate::discord::BotState;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, SystemTime};
use talk_notes::load::expand_paths;
use talk_notes::load::load_notes_to_answer;
use talk_notes::ParseOptions;
use tokio::time::Instant;

/// Default time between two checks.
pub const DEFAULT_INTERVAL: Duration = Duration::from_secs(2);
/// How long notes that lost most talks must stay unchanged before they are taken as meant.
pub const HOLD_BACK: Duration = Duration::from_secs(30);
/// How often a failed or held-back reload is tried again while the files do not change.
pub const RETRY_EVERY: Duration = Duration::from_secs(10);
/// How long the notes files must stay unchanged after a change before they are read.
pub const SETTLE: Duration = Duration::from_secs(1);

/// What identifies the state of the notes on disk: each file with its size, mtime and
/// [`Identity`].
pub type Fingerprint = Vec<(PathBuf, u64, Option<SystemTime>, Identity)>;

/// What tells a file apart from another of the same size and mtime: on Unix its device,
/// inode and status-change time, which every write and every rename into place updates, even
/// when the mtime is kept (`cp -p`, `rsync -a`, `tar x`) or too coarse to tell two saves apart.
pub type Identity = (u64, u64, i64, i64);

/// The [`Identity`] of a file from its metadata (nothing more than size and mtime elsewhere).
fn identity(meta: &std::fs::Metadata) -> Identity {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        (meta.dev(), meta.ino(), meta.ctime(), meta.ctime_nsec())
    }
    #[cfg(not(unix))]
    {
        let _ = meta;
        (0, 0, 0, 0)
    }
}

/// The current fingerprint of the notes `paths` (folders expanded).
pub fn fingerprint(paths: &[PathBuf]) -> Fingerprint {
    let files = expand_paths(paths).unwrap_or_default();
    files
        .into_iter()
        .map(|file| {
            let meta = std::fs::metadata(&file).ok();
            let size = meta.as_ref().map_or(0, |m| m.len());
            let id = meta.as_ref().map_or((0, 0, 0, 0), identity);
            let modified = meta.and_then(|m| m.modified().ok());
            (file, size, modified, id)
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

/// Polls `paths` every `interval` and swaps a rebuilt index into `state` after each change,
/// once the files have settled (see [`SETTLE`]). A failed or held-back reload is tried again
/// every [`RETRY_EVERY`], even without a change.
pub async fn watch(
    paths: Vec<PathBuf>,
    options: ParseOptions,
    state: Arc<BotState>,
    interval: Duration,
) {
    // The files as last loaded (or tried), and as at the previous check.
    let mut seen = fingerprint_off_workers(&paths).await;
    let mut previous = seen.clone();
    let mut changed_at: Option<Instant> = None;
    let mut retry = false;
    let mut reported: Option<Fingerprint> = None;
    let mut shrunk_since: Option<Instant> = None;
    let mut attempted = Instant::now();
    loop {
        tokio::time::sleep(interval).await;
        let now = fingerprint_off_workers(&paths).await;
        if now != previous {
            // Still being written, perhaps: wait until it stays the same.
            previous = now;
            changed_at = Some(Instant::now());
            continue;
        }
        if changed_at.is_some_and(|at| at.elapsed() < SETTLE) {
            continue;
        }
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
            load_notes_to_answer(&paths, &options).map(|loaded| {
                (
                    crate::index_memory::build_index(loaded.library),
                    loaded.skipped,
                )
            })
        })
        .await;
        match rebuilt {
            Ok(Ok((index, skipped))) => {
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
                for skipped in &skipped {
                    tracing::warn!("skipped: {skipped}");
                }
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

    fn talks(n: usize) -> String {
        let mut text = String::from("# Conference\n");
        for i in 1..=n {
            text.push_str(&format!("\n## Talk number {i}\n\nWhat talk {i} said.\n"));
        }
        text
    }

    /// A bot state serving `paths`, watched every `interval` by [`watch`].
    fn watched(paths: &[PathBuf], interval: Duration) -> Arc<BotState> {
        let library = talk_notes::load_library(paths, &ParseOptions::default()).expect("notes");
        let state = Arc::new(BotState::new(
            talk_notes::search::TalkIndex::build(library),
            Vec::new(),
            Default::default(),
        ));
        tokio::spawn(watch(
            paths.to_vec(),
            ParseOptions::default(),
            state.clone(),
            interval,
        ));
        // Let the watcher take its first look before the test changes anything.
        std::thread::sleep(Duration::from_millis(300));
        state
    }

    /// Waits up to 20 seconds for the index to hold `talks` talks.
    async fn until_talks(state: &BotState, talks: usize) -> bool {
        let deadline = Instant::now() + Duration::from_secs(20);
        while Instant::now() < deadline {
            if state.index().library().talk_count() == talks {
                return true;
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        false
    }

    #[cfg(unix)]
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn a_dead_link_in_the_notes_folder_does_not_stop_reloading() {
        let tmp = tempfile::tempdir().expect("temp dir");
        let dir = tmp.path().to_path_buf();
        std::fs::write(dir.join("notes.md"), talks(2)).expect("notes");
        let state = watched(std::slice::from_ref(&dir), Duration::from_millis(20));
        std::fs::create_dir_all(dir.join("img")).expect("img");
        std::os::unix::fs::symlink("gone.png", dir.join("img/old.png")).expect("dead link");
        std::os::unix::fs::symlink("gone.md", dir.join("draft.md")).expect("dead link");
        std::fs::write(dir.join("notes.md"), talks(3)).expect("edit");
        assert!(until_talks(&state, 3).await, "the edit was never loaded");
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn notes_replaced_with_the_same_size_and_mtime_are_reloaded() {
        // A copy that keeps the modification time (`cp -p`, `rsync -a`, `tar x`) of notes of
        // the same size: the new talks are served all the same.
        let tmp = tempfile::tempdir().expect("temp dir");
        let dir = tmp.path().to_path_buf();
        let notes = dir.join("notes.md");
        std::fs::write(&notes, talks(3)).expect("notes");
        let mtime = std::fs::metadata(&notes)
            .and_then(|m| m.modified())
            .expect("mtime");
        let state = watched(std::slice::from_ref(&notes), Duration::from_millis(20));
        let renamed = talks(3).replace("Talk number", "Talk numbre");
        let copy = dir.join("copy.md");
        std::fs::write(&copy, &renamed).expect("copy");
        std::fs::File::options()
            .write(true)
            .open(&copy)
            .and_then(|f| f.set_modified(mtime))
            .expect("keep mtime");
        std::fs::rename(&copy, &notes).expect("replace");
        let deadline = Instant::now() + Duration::from_secs(20);
        let mut titles = Vec::new();
        while Instant::now() < deadline {
            titles = state
                .index()
                .library()
                .talks()
                .map(|(_, t)| t.title.clone())
                .collect::<Vec<_>>();
            if titles.iter().all(|t| t.starts_with("Talk numbre")) {
                break;
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        assert_eq!(titles.len(), 3);
        assert!(
            titles.iter().all(|t| t.starts_with("Talk numbre")),
            "the replaced notes were never loaded: {titles:?}"
        );
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn notes_written_slowly_are_read_whole() {
        let tmp = tempfile::tempdir().expect("temp dir");
        let dir = tmp.path().to_path_buf();
        let notes = dir.join("notes.md");
        std::fs::write(&notes, talks(1)).expect("notes");
        let state = watched(std::slice::from_ref(&notes), Duration::from_millis(20));

        // A writer saving ten talks a few bytes at a time, as a slow copy or a script would.
        let text = talks(10);
        let path = notes.clone();
        let writer = std::thread::spawn(move || {
            use std::io::Write;
            let mut file = std::fs::File::create(&path).expect("truncate");
            for chunk in text.as_bytes().chunks(4) {
                file.write_all(chunk).expect("write");
                std::thread::sleep(Duration::from_millis(10));
            }
        });
        // Every index the bot serves meanwhile: the old notes or the whole new ones.
        let mut served = vec![1];
        let deadline = Instant::now() + Duration::from_secs(30);
        let mut last_version = state.versioned_index().0;
        while Instant::now() < deadline {
            let (version, index) = state.versioned_index();
            if version != last_version {
                last_version = version;
                served.push(index.library().talk_count());
            }
            if writer.is_finished() && served.last() == Some(&10) {
                break;
            }
            tokio::time::sleep(Duration::from_millis(2)).await;
        }
        writer.join().expect("writer");
        assert_eq!(served, [1, 10], "talk counts of the indexes served");
    }
}
