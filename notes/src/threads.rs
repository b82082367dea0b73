//! Parallel work in the reader and the index: one rule for when a job is split, and one pool
//! (rayon's), whose policy for a panic in any part is the same everywhere: it reaches the
//! caller, as if the job had run on one thread.

use rayon::prelude::*;

/// Jobs over talks or headings are split from this many (below, threads cost more than they
/// save).
pub(crate) const PARALLEL_FROM_TALKS: usize = 2_000;

/// Files are parsed in pieces from this many bytes.
pub(crate) const PARALLEL_FROM_BYTES: usize = 1 << 20;

/// Whether a job of `size` units is worth splitting from `parallel_from` units, on this machine.
pub(crate) fn worth_splitting(size: usize, parallel_from: usize) -> bool {
    size >= parallel_from && rayon::current_num_threads() > 1
}

/// Runs `work` on every item of `items`, in parallel when there are at least `parallel_from`.
pub(crate) fn for_each_mut<T: Send>(
    items: &mut [T],
    parallel_from: usize,
    work: impl Fn(&mut T) + Sync + Send,
) {
    if worth_splitting(items.len(), parallel_from) {
        items.par_iter_mut().for_each(work);
    } else {
        items.iter_mut().for_each(work);
    }
}

/// `work` applied to each of `0..count`, in order, in parallel when `parallel` is true.
pub(crate) fn map_range<R: Send>(
    count: usize,
    parallel: bool,
    work: impl Fn(usize) -> R + Sync + Send,
) -> Vec<R> {
    if parallel {
        (0..count).into_par_iter().map(work).collect()
    } else {
        (0..count).map(work).collect()
    }
}
