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
//!
//! # How it is checked
//!
//! - Every shape of notes the reader knows has a small fixture in `notes/tests/fixtures/` and a
//!   test in `notes/tests/shapes.rs`; `talk_shapes.rs` has a fixture per class of shape (talks at
//!   mixed levels, name-only headings under "Lightning talks", all talks under one wrapping
//!   section, day headings beside the talks, closing sections).
//! - `talk_shapes.rs` also runs metamorphic tests over the example, the fixtures and the corpus:
//!   every heading but the title one level deeper, levels 1–2 written as Setext, a time
//!   ("9:45 – ") before each talk title, the speaker moved between title forms ("Title by
//!   Speaker", "Title, Speaker", "Speaker - Title", "Title — \[Speaker\]": 31 talks in 11 files,
//!   the speaker still read from each form), and the day words in another language ("Jour 1",
//!   "Tag 1", "Día 1", "1日目": 12 files) leave the talk split as it was.
//! - `corpus.rs` pins the talk count and the first and last title of each of the 15 real notes
//!   files in `../shared/data/corpus/` (counted by hand: RubyKaigi 25, Google I/O 2018 13, EuRuKo
//!   day 2 6, Devoxx 2022 11, jQuery UK 2012 6, THAT Conference 2012 11, csv,conf v2 16, KubeCon
//!   2017 keynotes 12, ...).
//! - `every_word.rs`: the words of the model (titles, headings, text, list items, code, tables,
//!   image alt text) are exactly the words of the file's body as pulldown-cmark renders it to
//!   plain text, front matter aside, on generated notes (proptest), the example, every fixture
//!   and every corpus file: nothing of a file is dropped.
//! - `every_sentence.rs` takes 12 sentences from each of the 16 real files (evenly spread over
//!   the text lines, outside code, headings and tables, the same ones on every run) and asks each
//!   word for word, as the bot does; 191 of 192 reach the talk or section that holds them. A
//!   sentence outside the talks finds no talk and then its section, or its section says nearly
//!   all of it and clearly more than any talk ([`search::TalkIndex::section_saying_more`]: asked
//!   "running ruby in browser with ruby.wasm" from an introduction, the introduction answers, not
//!   the ruby.wasm talk that shares four of its words); the sections' own search finds all 17
//!   sampled sentences that sit outside the talks.
//! - `no_panic.rs` (proptest) and `corpus_mutations.rs` (the corpus files damaged) check that no
//!   input panics the parser, the lint or the search.
//!
//! # Speed
//!
//! pulldown-cmark takes about a third of the parse; the rest is building the model (owned text,
//! line numbers, links, summaries). A file of 1 MB or more is cut into pieces of about 512 KB,
//! several per thread ([`pieces`]): each piece's parse tree is small and its memory serves the
//! next piece (49,000 page faults per load of 10,000 generated talks became 37,000). Each piece
//! numbers its own lines; the headings' words (day, event, name, speaker) are read, and the
//! talks finished, on rayon's pool too (`threads.rs`); a summary stops collecting one character past
//! its limit; links move into their talks instead of being copied. On the nine talks of the
//! example, reading every heading's words up front costs more than it saves (0.32 ms against
//! 0.25 ms before it). The sections' own search index is built on the first question no talk
//! answers. Keeping the evidence of each decision (for `--explain` and `check`) costs no
//! measurable load time: 1.18 s with and without it for 10,000 generated talks (median of 9
//! paired runs, `farm-bench`).
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
pub use parse::{
    explain_conference, parse_conference, parse_conference_owned, parse_conference_to_answer,
    ParseOptions,
};
