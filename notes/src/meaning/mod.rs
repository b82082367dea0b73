//! Answers by meaning: the passages of the notes as vectors from an embeddings server, found
//! nearest to a question's vector, beside the answers by words of [`crate::search`].
//!
//! Configure a server with [`EmbeddingSettings`] (`[search.embeddings]`); build a
//! [`MeaningIndex`] from a [`Library`](crate::Library) with an [`Embedder`] (the real one is
//! [`HttpEmbedder`]) and a [`VectorCache`] (vectors on disk, so only changed passages are
//! embedded again); answer with [`hybrid::search`], which falls back to words whenever the
//! meaning is missing or unsure.
//!
//! The pipeline: [`passages`] cuts talks into passages → [`client`] embeds them → [`cache`]
//! keeps them → [`vectors`] finds the nearest ([`languages`] evens out the question's language) → [`hybrid`] merges with the words' answer;
//! [`tuning`] holds every threshold.
//!
//! # How an answer is found
//!
//! An answer is by words first. The question's vector is then compared with every passage
//! (8-bit integers, a brute-force scan, AVX2 when the processor has it) and with a
//! [`background`] of about 180 short descriptions of everyday topics in six languages.
//! multilingual-e5's cosines bunch between 0.75 and 0.95 for any question, so the raw cosine
//! says little; what separates a question the notes answer from an off-topic one is how much
//! nearer the notes are than everyday life.
//!
//! - A question in another language than most of the notes is compared with every vector less
//!   half its language's offset ([`languages`], [`tuning::LANGUAGE_SHIFT`]): without it, a
//!   Spanish question over English notes sat nearer to the Spanish everyday topics than to the
//!   English passage that answers it.
//! - Passages are embedded with their talk's title and, for a nested item, its parent item's
//!   line; every two neighbouring passages of a talk are also embedded together, as a window
//!   that only finds (it is never quoted) ([`passages`]).
//! - When the words find nothing, the nearest talk answers if its best passage reaches
//!   [`tuning::MIN_COSINE`] and is [`tuning::MIN_RELATIVE`] nearer than the nearest everyday
//!   topic ([`hybrid::gate`]). Its own passages within [`tuning::QUOTE_SPREAD`] of its best, at
//!   most [`tuning::MAX_QUOTES`], are quoted ([`MeaningIndex::nearest_in_talk`]), whether or
//!   not they are among the nearest of all the notes.
//! - When the words' answer is a talk the meaning agrees with, its line nearest in meaning is
//!   quoted too, unless the words' quotes say it already.
//! - When the words find talks but are unsure of them (no clear first) and the words' first
//!   talk is not among the [`tuning::AGREEING_TALKS`] nearest by meaning, the words matched in
//!   passing ("how do I get the rust off my bike chain?" over a talk on Rust): the meaning
//!   answers as when the words find nothing, or nothing does.
//! - When the words find a talk (or a part of the notes that is not a talk) but the question is
//!   less than [`tuning::VETO_RELATIVE`] nearer to the notes than to everyday life, it is
//!   refused: "how long should bacon cook on a camping stove?" over notes with a talk titled
//!   "Seven ways to cook bacon while camping".
//! - A words' result is found by "both" when its talk is among the
//!   [`tuning::AGREEING_TALKS`] nearest by meaning.
//!
//! Every failure of the server (down, slow, an error, garbage, vectors of another size) falls
//! back to the words' answer.

pub mod background;
pub mod cache;
pub mod client;
pub mod hybrid;
pub mod languages;
pub mod passages;
pub mod settings;
pub mod tuning;
pub mod vectors;

pub use cache::{CacheState, VectorCache};
pub use client::{EmbedError, Embedder, HttpEmbedder, Kind};
pub use hybrid::Meaning;
pub use settings::{EmbeddingSettings, SearchSettings, SettingsValueError};
pub use vectors::{Hit, MeaningIndex, Progress};
