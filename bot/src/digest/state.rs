//! The state file that remembers what was posted, written atomically, and the intent of a
//! post in progress (so that a restart finishes it instead of posting again or skipping).

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::io::Write;
use std::path::{Path, PathBuf};
use talk_notes::atomic_write::write_atomic_with;

/// What has been posted: the state file's content.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, Serialize)]
pub struct DigestState {
    /// Format version; a file of another version is moved aside.
    pub version: u32,
    /// The last local date a digest was posted for.
    pub last_posted: Option<NaiveDate>,
    /// Keys of the talks shown in the current round.
    pub shown: Vec<String>,
    /// How many full rounds were completed (changes the shuffle).
    pub round: u32,
    /// A digest being posted: recorded before the first post, cleared when every channel has it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pending: Option<PendingPost>,
}

/// The intent of a digest post, written before anything is sent.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, Serialize)]
pub struct PendingPost {
    /// The local date the digest is for.
    pub date: NaiveDate,
    /// Keys of the talks it shows.
    pub talks: Vec<String>,
    /// The rotation once it is posted: talks shown in the round.
    pub shown_after: Vec<String>,
    /// The rotation once it is posted: the round.
    pub round_after: u32,
    /// Channels that already have it.
    pub done: Vec<u64>,
}

/// The state file format this version writes (the `pending` field is optional within it).
pub const STATE_VERSION: u32 = 1;

/// Why the state file could not be used.
#[derive(Debug, thiserror::Error)]
pub enum StateError {
    /// Reading or writing failed.
    #[error("digest state {path}: {source}")]
    Io {
        /// The state file.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
    /// The state file's folder cannot be written: the bot refuses to start.
    #[error("digest.state_file {path} cannot be written ({source}); choose a writable folder, or the digest could post twice")]
    Unwritable {
        /// The state file.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
}

/// Reads the state file. A missing file is a fresh state; a corrupt file or one of another
/// version is moved aside (to `<file>.corrupt`) with a warning, and the rotation restarts; a
/// path that is not a regular file (a FIFO, a folder) is an error, never waited on.
pub fn load_state(path: &Path) -> Result<DigestState, StateError> {
    let text = match talk_notes::load::read_regular_file(path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(DigestState::default()),
        Err(source) => {
            return Err(StateError::Io {
                path: path.to_path_buf(),
                source,
            })
        }
    };
    match serde_json::from_str::<DigestState>(&text) {
        Ok(state) if state.version == STATE_VERSION => Ok(state),
        outcome => {
            let why = match outcome {
                Ok(state) => format!("version {} (expected {STATE_VERSION})", state.version),
                Err(error) => error.to_string(),
            };
            let aside = path.with_extension("corrupt");
            tracing::warn!(file = %path.display(), %why, aside = %aside.display(), "digest state unreadable; moved aside, the rotation restarts");
            std::fs::rename(path, &aside).map_err(|source| StateError::Io {
                path: path.to_path_buf(),
                source,
            })?;
            Ok(DigestState::default())
        }
    }
}

/// Writes the state file atomically (a temporary file beside it, synced, renamed over it), then
/// syncs the folder: a crash leaves either the old or the new state, never half of one, and a
/// failed write leaves the old state and no temporary file.
pub fn save_state(path: &Path, state: &DigestState) -> Result<(), StateError> {
    let io = |source| StateError::Io {
        path: path.to_path_buf(),
        source,
    };
    let state = DigestState {
        version: STATE_VERSION,
        ..state.clone()
    };
    write_atomic_with(path, |file| {
        serde_json::to_writer_pretty(&mut *file, &state).map_err(std::io::Error::other)
    })
    .map_err(io)?;
    // The rename is durable only once the folder is synced: the post is then on record.
    if let Ok(folder) = std::fs::File::open(folder_of(path)) {
        let _ = folder.sync_all();
    }
    Ok(())
}

/// The state as it is on disk, without side effects (for previews, `/digest` included):
/// unreadable, or not a regular file (a FIFO is never waited on), is fresh.
pub fn peek_state(path: &Path) -> DigestState {
    talk_notes::load::read_regular_file(path)
        .ok()
        .and_then(|text| serde_json::from_str::<DigestState>(&text).ok())
        .filter(|state| state.version == STATE_VERSION)
        .unwrap_or_default()
}

/// Checks that the state file can be written: a file is created beside it and removed. A bot
/// that could not save what it posted would post again after a restart, so it must not start.
pub fn check_writable(path: &Path) -> Result<(), StateError> {
    let dir = folder_of(path);
    let probe = dir.join(format!(".talkbot-write-check-{}", std::process::id()));
    let io = |source| StateError::Unwritable {
        path: path.to_path_buf(),
        source,
    };
    let mut file = std::fs::File::create(&probe).map_err(io)?;
    let written = file.write_all(b"ok").and_then(|()| file.sync_all());
    drop(file);
    let _ = std::fs::remove_file(&probe);
    written.map_err(io)?;
    if path.exists() {
        std::fs::OpenOptions::new()
            .append(true)
            .open(path)
            .map_err(io)?;
    }
    Ok(())
}

fn folder_of(path: &Path) -> &Path {
    path.parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(unix)]
    #[test]
    fn a_state_file_that_is_a_fifo_or_folder_is_never_waited_on() {
        let tmp = tempfile::tempdir().expect("temp dir");
        let fifo = tmp.path().join("state.json");
        let made = std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .expect("mkfifo runs");
        assert!(made.success());
        let folder = tmp.path().join("folder.json");
        std::fs::create_dir(&folder).expect("folder");
        for path in [fifo, folder] {
            // On a thread: reading a FIFO with no writer would wait for ever.
            let (sent, received) = std::sync::mpsc::channel();
            let read = path.clone();
            std::thread::spawn(move || {
                let _ = sent.send((load_state(&read).map(|_| ()), peek_state(&read)));
            });
            let (loaded, peeked) = received
                .recv_timeout(std::time::Duration::from_secs(20))
                .unwrap_or_else(|_| panic!("{} was waited on", path.display()));
            let error = loaded.expect_err("not a state file").to_string();
            assert!(error.contains(&path.display().to_string()), "{error}");
            assert_eq!(peeked, DigestState::default());
            assert!(path.exists(), "left where it is");
        }
    }

    fn date(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").expect("date")
    }

    fn keys(names: &[&str]) -> Vec<String> {
        names.iter().map(|n| n.to_string()).collect()
    }

    fn names_in(dir: &Path) -> Vec<std::ffi::OsString> {
        std::fs::read_dir(dir)
            .expect("list")
            .filter_map(|e| e.ok())
            .map(|e| e.file_name())
            .collect()
    }

    #[test]
    fn state_file_round_trip_and_corruption() {
        let tmp = tempfile::tempdir().expect("temp dir");
        let dir = tmp.path();
        let path = dir.join("state.json");
        assert_eq!(
            load_state(&path).expect("missing is fresh"),
            DigestState::default()
        );
        let state = DigestState {
            version: STATE_VERSION,
            last_posted: Some(date("2025-06-02")),
            shown: keys(&["a"]),
            round: 2,
            pending: None,
        };
        save_state(&path, &state).expect("save");
        assert_eq!(load_state(&path).expect("load"), state);
        assert_eq!(
            names_in(dir),
            ["state.json"],
            "no temporary file is left behind"
        );

        std::fs::write(&path, "{ not json").expect("corrupt");
        assert_eq!(
            load_state(&path).expect("corrupt is fresh"),
            DigestState::default()
        );
        assert!(
            path.with_extension("corrupt").exists(),
            "the corrupt file is kept aside"
        );
        assert!(!path.exists());

        std::fs::write(
            &path,
            r#"{"version": 99, "last_posted": null, "shown": [], "round": 0}"#,
        )
        .expect("other version");
        assert_eq!(
            load_state(&path).expect("other version is fresh"),
            DigestState::default()
        );
    }

    #[test]
    fn a_failed_save_keeps_the_old_state_and_leaves_no_temporary_file() {
        // The state file's name is taken by a folder: the rename over it fails.
        let tmp = tempfile::tempdir().expect("temp dir");
        let dir = tmp.path();
        let path = dir.join("state.json");
        std::fs::create_dir_all(path.join("inside")).expect("folder in the way");
        let error = save_state(&path, &DigestState::default()).expect_err("cannot replace");
        assert!(error.to_string().contains("state.json"), "{error}");
        assert_eq!(
            names_in(dir),
            ["state.json"],
            "no temporary file is left behind"
        );
        assert!(path.join("inside").is_dir(), "what was there is kept");
    }

    #[test]
    fn an_unwritable_folder_is_reported() {
        // A folder that is a file: refused even for root, unlike a read-only mode.
        let tmp = tempfile::tempdir().expect("temp dir");
        let file = tmp.path().join("not-a-dir");
        std::fs::write(&file, "x").expect("file");
        let error = check_writable(&file.join("state.json")).expect_err("not writable");
        assert!(error.to_string().contains("cannot be written"), "{error}");
        check_writable(&tmp.path().join("ok.json")).expect("temp is writable");
    }

    #[test]
    fn a_pending_post_survives_the_file() {
        let tmp = tempfile::tempdir().expect("temp dir");
        let dir = tmp.path();
        let path = dir.join("state.json");
        let state = DigestState {
            version: STATE_VERSION,
            pending: Some(PendingPost {
                date: date("2025-06-02"),
                talks: keys(&["a"]),
                shown_after: keys(&["a"]),
                round_after: 0,
                done: vec![7],
            }),
            ..DigestState::default()
        };
        save_state(&path, &state).expect("save");
        assert_eq!(load_state(&path).expect("load"), state);
    }
}
