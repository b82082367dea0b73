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
//! keeps them → [`vectors`] finds the nearest → [`hybrid`] merges with the words' answer;
//! [`tuning`] holds every threshold.

pub mod background;
pub mod cache;
pub mod client;
pub mod hybrid;
pub mod passages;
pub mod settings;
pub mod tuning;
pub mod vectors;

pub use cache::{CacheState, VectorCache};
pub use client::{EmbedError, Embedder, HttpEmbedder, Kind};
pub use hybrid::Meaning;
pub use settings::{EmbeddingSettings, SearchSettings, SettingsValueError};
pub use vectors::{Hit, MeaningIndex, Progress};
