//! Building the search index with the allocator handing freed pages back at once.
//!
//! jemalloc (the program's allocator, see main.rs) keeps freed pages for a second before giving
//! them back, so that a freed page is reused rather than asked for again. Building the index
//! frees a good deal as it goes (each run's word lists, once joined), and for a program that
//! reads notes and answers in under a second those pages were still held at its peak: 5.5 MB
//! of 60 at 10,000 talks. While an index is built they are given back at once; the usual
//! delay returns when the last build ends. (Given back at once from the start, reading the
//! notes was 25% slower; only while indexing, the whole load is as fast as before.)

use std::sync::Mutex;
use talk_notes::search::TalkIndex;
use talk_notes::Library;

/// Whether jemalloc is the allocator: set by the program, so that tests and other programs
/// using this library leave their allocator alone.
static JEMALLOC: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// Builds running, and the delay to restore when the last ends.
static BUILDS: Mutex<(usize, isize)> = Mutex::new((0, 0));

/// Says that jemalloc is this program's allocator (with one arena, as main.rs sets it).
pub fn allocator_is_jemalloc() {
    JEMALLOC.store(true, std::sync::atomic::Ordering::SeqCst);
}

/// [`TalkIndex::build`], with the pages freed meanwhile given back at once. The index answers
/// questions: what only `talkbot check` reads (every heading's anchor, the table of contents)
/// is dropped from the library first ([`Library::drop_check_data`]).
pub fn build_index(mut library: Library) -> TalkIndex {
    library.drop_check_data();
    while_giving_back(|| TalkIndex::build(library))
}

/// Runs `work` with the pages freed meanwhile given back at once (when jemalloc is the
/// allocator); the usual delay returns when the last such work ends.
pub fn while_giving_back<T>(work: impl FnOnce() -> T) -> T {
    let _giving_back = GivingBack::start();
    work()
}

/// While alive, freed pages are given back at once.
struct GivingBack;

impl GivingBack {
    fn start() -> GivingBack {
        let mut builds = BUILDS.lock().unwrap_or_else(|e| e.into_inner());
        if builds.0 == 0 {
            if let Some(before) = set_dirty_decay_ms(0) {
                builds.1 = before;
            }
        }
        builds.0 += 1;
        GivingBack
    }
}

impl Drop for GivingBack {
    fn drop(&mut self) {
        let mut builds = BUILDS.lock().unwrap_or_else(|e| e.into_inner());
        builds.0 = builds.0.saturating_sub(1);
        if builds.0 == 0 && builds.1 != 0 {
            set_dirty_decay_ms(builds.1);
        }
    }
}

/// Sets how long jemalloc keeps freed pages (arena 0, the only one) and returns the delay it
/// had; `None` when jemalloc is not the allocator or refused.
#[cfg(not(target_env = "msvc"))]
fn set_dirty_decay_ms(ms: isize) -> Option<isize> {
    if !JEMALLOC.load(std::sync::atomic::Ordering::SeqCst) {
        return None;
    }
    const NAME: &[u8] = b"arena.0.dirty_decay_ms\0";
    // SAFETY: jemalloc's `arena.0.dirty_decay_ms` is an `ssize_t`, which `isize` is. (Read,
    // then written: `raw::update` passes one buffer as both, and this setting reads the new
    // value after writing the old one into it, so it would set the old value again.)
    unsafe {
        let before = tikv_jemalloc_ctl::raw::read::<isize>(NAME).ok()?;
        tikv_jemalloc_ctl::raw::write(NAME, ms).ok()?;
        Some(before)
    }
}

#[cfg(target_env = "msvc")]
fn set_dirty_decay_ms(_ms: isize) -> Option<isize> {
    None
}
