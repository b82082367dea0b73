//! The in-memory memo of pictures looked up: bounded in bytes (the least recently used picture
//! goes first), and a failure is remembered only for a while, so that a server that was down
//! or a file that was missing is tried again later.

use super::Found;
use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Bytes counted for an entry besides its picture (its key, its bookkeeping): a memo of
/// failures alone is bounded too.
const ENTRY_OVERHEAD: u64 = 128;

/// Pictures (and failures) by key, at most `limit` bytes of them.
#[derive(Debug)]
pub(super) struct Memo {
    limit: u64,
    retry_after: Duration,
    inner: Mutex<Entries>,
}

#[derive(Debug, Default)]
struct Entries {
    map: HashMap<String, Entry>,
    bytes: u64,
    clock: u64,
}

#[derive(Debug)]
struct Entry {
    found: Found,
    bytes: u64,
    last_used: u64,
    stored: Instant,
}

impl Memo {
    /// A memo of at most `limit` bytes that forgets a failure after `retry_after`.
    pub(super) fn new(limit: u64, retry_after: Duration) -> Memo {
        Memo {
            limit,
            retry_after,
            inner: Mutex::default(),
        }
    }

    fn entries(&self) -> std::sync::MutexGuard<'_, Entries> {
        self.inner.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// What is remembered of `key`: a picture, or a failure younger than `retry_after`.
    pub(super) fn get(&self, key: &str) -> Option<Found> {
        let mut entries = self.entries();
        entries.clock += 1;
        let now = entries.clock;
        let entry = entries.map.get_mut(key)?;
        if entry.found.is_err() && entry.stored.elapsed() >= self.retry_after {
            return None;
        }
        entry.last_used = now;
        Some(entry.found.clone())
    }

    /// True when `key` is remembered (as [`Memo::get`] would answer).
    pub(super) fn contains(&self, key: &str) -> bool {
        let entries = self.entries();
        entries
            .map
            .get(key)
            .is_some_and(|entry| entry.found.is_ok() || entry.stored.elapsed() < self.retry_after)
    }

    /// Remembers `found` for `key`, dropping the least recently used entries until the memo
    /// fits its limit again; a picture larger than the whole limit is not kept.
    pub(super) fn insert(&self, key: &str, found: &Found) {
        let bytes = ENTRY_OVERHEAD
            + key.len() as u64
            + found.as_ref().map_or(0, |(picture, _)| picture.bytes());
        let mut entries = self.entries();
        if let Some(old) = entries.map.remove(key) {
            entries.bytes -= old.bytes;
        }
        if bytes > self.limit {
            return;
        }
        while entries.bytes + bytes > self.limit {
            let oldest = entries
                .map
                .iter()
                .min_by_key(|(_, entry)| entry.last_used)
                .map(|(key, _)| key.clone());
            let Some(oldest) = oldest else { break };
            if let Some(old) = entries.map.remove(&oldest) {
                entries.bytes -= old.bytes;
            }
        }
        entries.clock += 1;
        let last_used = entries.clock;
        entries.bytes += bytes;
        entries.map.insert(
            key.to_string(),
            Entry {
                found: found.clone(),
                bytes,
                last_used,
                stored: Instant::now(),
            },
        );
    }

    /// Forgets everything (the notes were reloaded: their local pictures may have changed).
    pub(super) fn clear(&self) {
        let mut entries = self.entries();
        entries.map.clear();
        entries.bytes = 0;
    }

    /// Bytes held now (pictures and bookkeeping).
    pub(super) fn bytes(&self) -> u64 {
        self.entries().bytes
    }
}

#[cfg(test)]
mod tests {
    use super::super::{Origin, PictureError};
    use super::*;
    use crate::page::{Picture, PictureData};
    use std::sync::Arc;

    fn picture(bytes: usize) -> Found {
        let picture = Picture {
            width: 1,
            height: 1,
            data: PictureData::Jpeg {
                bytes: vec![0; bytes],
                components: 3,
            },
        };
        Ok((Arc::new(picture), Origin::Local))
    }

    #[test]
    fn the_least_recently_used_picture_goes_first_and_the_limit_holds() {
        let memo = Memo::new(3_200, Duration::from_secs(3600));
        memo.insert("a", &picture(900));
        memo.insert("b", &picture(900));
        memo.insert("c", &picture(900));
        assert!(
            memo.get("a").is_some(),
            "a is used again: b is now the oldest"
        );
        memo.insert("d", &picture(900));
        assert!(memo.bytes() <= 3_200, "{}", memo.bytes());
        assert!(memo.get("b").is_none());
        for key in ["a", "c", "d"] {
            assert!(memo.get(key).is_some(), "{key}");
        }
        // Larger than the whole memo: not kept, and nothing else is dropped for it.
        memo.insert("huge", &picture(5_000));
        assert!(memo.get("huge").is_none());
        assert!(memo.get("a").is_some());
        memo.clear();
        assert_eq!(memo.bytes(), 0);
        assert!(memo.get("a").is_none());
    }

    #[test]
    fn failures_are_forgotten_after_the_retry_time_pictures_are_not() {
        let failed: Found = Err(PictureError::Status(503));
        let patient = Memo::new(10_000, Duration::from_secs(3600));
        patient.insert("down", &failed);
        assert!(matches!(
            patient.get("down"),
            Some(Err(PictureError::Status(503)))
        ));
        assert!(patient.contains("down"));

        let eager = Memo::new(10_000, Duration::ZERO);
        eager.insert("down", &failed);
        eager.insert("up", &picture(10));
        assert!(eager.get("down").is_none(), "tried again");
        assert!(!eager.contains("down"));
        assert!(eager.get("up").is_some(), "a picture stays");
    }
}
