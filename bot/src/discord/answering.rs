//! Answers computed off the async workers: each on a blocking thread of a bounded pool, so
//! that a slow question never holds up the gateway (heartbeats) or the other interactions,
//! and awaited only until a deadline.

use std::sync::Arc;
use std::time::Duration;
use tokio::sync::Semaphore;
use tokio::task::JoinHandle;
use tokio::time::Instant;

/// How long an interaction's answer may take before the interaction is deferred (the user
/// sees "thinking…"), inside Discord's 3 seconds.
pub const DEFER_AFTER: Duration = Duration::from_secs(2);
/// How long an answer may take at all; after that the asker is told what is known instead.
pub const ANSWER_DEADLINE: Duration = Duration::from_secs(15);
/// How long autocomplete choices may take (autocomplete cannot be deferred).
pub const AUTOCOMPLETE_WITHIN: Duration = Duration::from_secs(2);

/// The pool answers are computed in: at most this many per available core at once. A late
/// answer keeps its place until it is done (a thread cannot be stopped), so slow questions
/// asked again and again cannot take every core.
const ANSWERS_PER_CORE: usize = 4;

/// Runs answers on blocking threads, a bounded number at once.
#[derive(Clone)]
pub struct Answering {
    permits: Arc<Semaphore>,
}

impl Default for Answering {
    fn default() -> Self {
        let cores = std::thread::available_parallelism().map_or(2, usize::from);
        Answering {
            permits: Arc::new(Semaphore::new((cores * ANSWERS_PER_CORE).max(8))),
        }
    }
}

/// What waiting for an answer gave.
#[derive(Debug)]
pub enum Waited<T> {
    /// The answer.
    Ready(T),
    /// The work panicked.
    Failed,
    /// Not ready by the deadline; it may still come.
    Late,
}

/// An answer being computed.
pub struct Pending<T> {
    handle: JoinHandle<Option<T>>,
}

impl Answering {
    /// Starts computing `work` on a blocking thread, once the pool has room.
    pub fn start<T: Send + 'static>(
        &self,
        work: impl FnOnce() -> T + Send + 'static,
    ) -> Pending<T> {
        let permits = self.permits.clone();
        let handle = tokio::spawn(async move {
            let permit = permits.acquire_owned().await.ok()?;
            tokio::task::spawn_blocking(move || {
                let _permit = permit;
                work()
            })
            .await
            .ok()
        });
        Pending { handle }
    }
}

impl<T> Pending<T> {
    /// The answer, if it is ready before `deadline`.
    pub async fn until(&mut self, deadline: Instant) -> Waited<T> {
        match tokio::time::timeout_at(deadline, &mut self.handle).await {
            Ok(Ok(Some(answer))) => Waited::Ready(answer),
            Ok(_) => Waited::Failed,
            Err(_) => Waited::Late,
        }
    }
}

impl<T> Drop for Pending<T> {
    /// An answer no longer awaited is not started if it is still waiting for room in the pool.
    fn drop(&mut self) {
        self.handle.abort();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_panicking_answer_is_a_failure_not_a_crash() {
        let answering = Answering::default();
        let mut pending = answering.start(|| -> u8 { panic!("boom") });
        let far = Instant::now() + Duration::from_secs(60);
        assert!(matches!(pending.until(far).await, Waited::Failed));
        let mut pending = answering.start(|| 7);
        assert!(matches!(pending.until(far).await, Waited::Ready(7)));
    }
}
