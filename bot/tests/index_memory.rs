//! While an index is built, jemalloc gives freed pages back at once, and keeps them its usual
//! second again once the last build ends (bot/src/index_memory.rs); the index keeps no data
//! that only `talkbot check` reads. In a process of its own: the delay is the allocator's,
//! shared by every thread.

#[cfg(not(target_env = "msvc"))]
#[global_allocator]
static GLOBAL: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

/// How long jemalloc keeps freed pages, in milliseconds.
#[cfg(not(target_env = "msvc"))]
fn dirty_decay_ms() -> isize {
    // SAFETY: jemalloc's `arena.0.dirty_decay_ms` is an `ssize_t`, which `isize` is.
    unsafe { tikv_jemalloc_ctl::raw::read(b"arena.0.dirty_decay_ms\0") }.expect("mallctl")
}

#[cfg(not(target_env = "msvc"))]
#[test]
fn freed_pages_are_given_back_at_once_only_while_an_index_is_built() {
    use talkbot::index_memory::{allocator_is_jemalloc, build_index, while_giving_back};
    allocator_is_jemalloc();
    let usual = dirty_decay_ms();
    assert!(usual > 0, "{usual}");
    let (during, nested) = while_giving_back(|| {
        let nested = while_giving_back(dirty_decay_ms);
        (dirty_decay_ms(), nested)
    });
    assert_eq!(
        (during, nested),
        (0, 0),
        "given back at once while building"
    );
    assert_eq!(
        dirty_decay_ms(),
        usual,
        "the usual delay once the builds end"
    );

    let notes = talk_notes::synth::generate_notes(50, 1);
    let conference = talk_notes::parse_conference(&notes, "notes.md".as_ref(), &Default::default());
    assert!(!conference.anchors.is_empty() && conference.toc.is_some());
    let index = build_index(talk_notes::Library {
        conferences: vec![conference],
    });
    assert_eq!(index.library().talk_count(), 50);
    assert_eq!(dirty_decay_ms(), usual);
    // What only `talkbot check` reads is not kept by an index that answers.
    let kept = &index.library().conferences[0];
    assert!(kept.anchors.is_empty() && kept.toc.is_none());
    assert!(!index.search("kubernetes operators", 5).results.is_empty());
}
