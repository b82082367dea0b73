//! `talk-notes`: one model of conference notes, shared by the bot and the exporter.
//!
//! Read notes (Markdown, one section per talk) with [`load_library`] or [`parse_conference`],
//! then walk [`Library::talks`]. Each [`Talk`] carries its title, GitHub slug, source lines,
//! classified links and its content as [`Block`]s of styled [`Span`]s. [`check`] lints notes
//! (broken table-of-contents anchors, empty talks, bad links). [`search::TalkIndex`] finds the
//! talks that answer a question (typos, partial words, plain questions; nothing when off-topic);
//! `synth::generate_notes` (cargo feature `synth`, for benchmarks and tests) writes realistic
//! notes of any size.
//!
//! A file is read one way, each step importing only the ones before it: [`blocks`] (Markdown to
//! top-level headings and blocks) → [`roles`] (the heading tree, the talk level, what each
//! heading is — title, talk, group, section, part of a talk — and who spoke; every such rule
//! lives there, one file per kind of rule) → [`assemble`] (the [`Conference`], its talks and
//! sections). [`model`] is the ground floor: it imports nothing of the pipeline.
//!
//! # How it works, module by module
//!
//! | module | what it does |
//! | --- | --- |
//! | `load.rs` | files and folders: which entries are notes, read once each, skipped with a warning when unreadable |
//! | `frontmatter.rs` | YAML, TOML and Pelican metadata at the top of a file (title, `talk_level`, ...) |
//! | `pieces.rs` | a big file cut before safe headings and parsed in parallel: the same items as one parse |
//! | `blocks.rs`, `blocks/` | Markdown (pulldown-cmark; `pieces.rs` only cuts big files for it) to top-level headings and blocks with their lines (`containers.rs` quotes, lists, code, tables, HTML; `inline.rs` styled text, links, pictures, bare URLs; `html.rs` HTML inside Markdown; `spans.rs`; `line_index.rs` bytes to lines) |
//! | `roles/` | every rule on what a heading is and who spoke: `tree.rs` the heading tree, `level.rs` the talk level, `talks.rs` talk, group or section, `speaker.rs` and `names.rs` speakers, `words.rs` what a title's words say, `sections.rs` kinds of sections, `outline.rs` the decisions, `explain.rs` their evidence (`talkbot talks --explain`, `check`) |
//! | `assemble.rs` | pours the blocks into talks and sections: the [`Conference`] |
//! | `model.rs`, `styled_text.rs` | the model every reader walks; a paragraph's text as one string with a table of style runs |
//! | `parse.rs` | one pipeline from text to [`Conference`] for `talks`, `check` and the index |
//! | `check.rs` | the lint: broken anchors, empty talks, bad links, where the reader was unsure |
//! | `search/` | the words index and its four stages (see [`search`]) |
//! | `meaning/` | answers by meaning through an embeddings server: passages, client, cache, vectors, the gate (see [`meaning`]) |
//! | `pick.rs` | which talk a query names (talk key, slug, title, else the search), for every binary |
//! | `talk_keys.rs` | a talk's two keys: the short one that names it (autocomplete values, `--talk`) and the whole-path one the digest remembers, and why there are two |
//! | `links.rs`, `slug.rs`, `text.rs` | link kinds (slides, video, code); GitHub heading anchors; plain-text renderings (summaries, key points, `cut_chars`, `within_bytes`) |
//! | `threads.rs` | parallel work on rayon's pool, and when a job is worth splitting |
//! | `atomic_write.rs`, `cache_dir.rs` | the one atomic file writer (write, sync, rename); the user's cache folder |
//! | `synth.rs`, `heap_count.rs` | generated notes, and an allocator counting live heap bytes, for benchmarks and tests (cargo feature `synth`) |
//!
//! ```no_run
//! use talk_notes::{load_library, ParseOptions};
//!
//! let library = load_library(&["notes/".into()], &ParseOptions::default())?;
//! for (conference, talk) in library.talks() {
//!     println!("{}: {} (line {})", conference.title, talk.title, talk.line);
//! }
//! # Ok::<(), talk_notes::NotesError>(())
//! ```
pub mod assemble;
pub mod atomic_write;
pub mod blocks;
pub mod cache_dir;
pub mod check;
pub mod frontmatter;
#[cfg(feature = "synth")]
pub mod heap_count;
pub mod links;
pub mod load;
pub mod meaning;
pub mod model;
pub mod parse;
pub mod pick;
pub mod pieces;
pub mod roles;
pub mod search;
pub mod slug;
pub mod styled_text;
#[cfg(feature = "synth")]
pub mod synth;
pub mod talk_keys;
pub mod text;
mod threads;

pub use check::{check_paths, Finding, Severity};
pub use load::{explain_notes, load_library, read_notes, NotesError};
pub use model::*;
pub use parse::{explain_conference, parse_conference, ParseOptions};
