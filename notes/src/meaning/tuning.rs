//! Every number that decides an answer by meaning, in one place, with how it was chosen.
//! Cosines are those of multilingual-e5-small (they bunch between 0.75 and 0.95); another model
//! may need other values.

/// Passages fetched per question.
pub const NEAREST: usize = 20;
/// A words' result is "both" when its talk is among this many nearest talks by meaning.
pub const AGREEING_TALKS: usize = 3;
/// The margin is measured against the passage at this rank.
pub const MARGIN_RANK: usize = 5;
/// Below this best cosine nothing is answered by meaning.
pub const MIN_COSINE: f32 = 0.83;
/// The best passage must stand this far above the `MARGIN_RANK`-th.
pub const MIN_MARGIN: f32 = 0.01;
/// The best passage must be this much nearer than the nearest everyday topic.
pub const MIN_RELATIVE: f32 = 0.035;
/// A question whose best passage is less than this much nearer than the nearest everyday
/// topic is refused even when its words match a talk.
pub const VETO_RELATIVE: f32 = 0.03;
/// Talks within this cosine of the best are shown as results.
pub const RESULT_SPREAD: f32 = 0.02;
/// The best talk is a clear answer when the next stands this far below it.
pub const CLEAR_GAP: f32 = 0.01;
/// A talk's passages within this cosine of its best are quoted.
pub const QUOTE_SPREAD: f32 = 0.02;
/// Most passages quoted per talk.
pub const MAX_QUOTES: usize = 3;
