//! How many threads share one big job (parsing a big file, finishing its talks, indexing): one
//! place for the rule, so that every stage scales the same way.

/// Most threads one job uses, whatever the machine.
const MAX_THREADS: usize = 4;

/// Threads for a job of `size` units that is worth splitting from `parallel_from` units: 1 below
/// that, else as many as the machine has cores, at most `MAX_THREADS`.
pub(crate) fn for_job(size: usize, parallel_from: usize) -> usize {
    if size < parallel_from {
        return 1;
    }
    std::thread::available_parallelism().map_or(1, |n| n.get().min(MAX_THREADS))
}

/// Runs `work` on every item of `items`, on `threads` threads each over a run of items.
pub(crate) fn for_each_mut<T: Send>(items: &mut [T], threads: usize, work: impl Fn(&mut T) + Sync) {
    if threads < 2 || items.len() < 2 {
        items.iter_mut().for_each(work);
        return;
    }
    let run = items.len().div_ceil(threads);
    let work = &work;
    std::thread::scope(|scope| {
        for part in items.chunks_mut(run) {
            scope.spawn(move || part.iter_mut().for_each(work));
        }
    });
}
