//! `talkbot`: answers questions about conference talks, on Discord and on the command line.
//!
//! Usage: parse the notes into a [`talk_notes::search::TalkIndex`], read what a user typed with
//! [`chat::parse_line`] (or build a [`chat::Ask`]), and call [`chat::answer()`]: the [`reply::Reply`]
//! it returns is plain data that [`discord`] (serenity) and [`console`] render.
//!
//! The bot's logic is plain functions: [`chat`] turns what a user asked into a reply, with
//! [`embeds`] composing a talk's embed for `/talk` and the digest. [`cli`] parses arguments;
//! [`ask`] answers `talkbot ask`; [`listing`] prints the stable talk list. [`digest`] posts the
//! daily digest exactly once; [`handout`] makes `/handout` PDFs with a bounded number of renders
//! and a cache; [`reload`] swaps in edited notes; [`settings`] reads `talkbot`'s configuration.
//!
//! # Module by module
//!
//! | module | what it does |
//! | --- | --- |
//! | `chat/command.rs` | what a user asked, as an `Ask`: the command list, console lines, the question in a mention |
//! | `chat/answer.rs` | `chat::answer`: the reply to each command (`/talk`, `/search`, `/talks`, `/handout`, `/digest`, `/help`) |
//! | `chat/lookup.rs` | which talk a query names (through `talk_notes::pick`), the section and "nothing matches" replies |
//! | `chat/markdown.rs` | echoed questions, quotes and snippets made inert in Discord Markdown |
//! | `chat/pdf.rs`, `chat/paging.rs`, `chat/autocomplete.rs` | the `/handout` attachment; Previous/Next buttons; talk choices as the user types, valued by talk key |
//! | `embeds.rs` | the parts of a talk's embed, composed by `/talk` and by the digest |
//! | `meaning.rs` | answers by meaning: passage vectors built in the background, the question's vector |
//! | `discord/` | the thin serenity layer: `handler.rs` (events), `answering.rs` and `late.rs` (answers off the async workers, within Discord's window), `sender.rs` (retries), `builders.rs` (`Reply` → serenity builders), `commands.rs`, `digest_poster.rs`, `shutdown.rs`, `state.rs` |
//! | `console.rs`, `cli.rs`, `ask.rs`, `listing.rs` | the console and the command line |
//! | `digest/` | the daily digest: `schedule.rs`, `rotation.rs`, `state.rs`, `post.rs`, and its `[digest]` section, `settings.rs` |
//! | `index_memory.rs` | the search index built with the pages freed meanwhile given back at once (a lower peak) |
//! | `handout.rs`, `reload.rs`, `settings.rs` | bounded, cached PDF renders with the `[export]` settings; reloading edited notes; `talkbot`'s configuration sections, loaded through `talkbot_config` |

pub mod ask;
pub mod chat;
pub mod cli;
pub mod console;
pub mod digest;
pub mod discord;
pub mod embeds;
pub mod handout;
pub mod index_memory;
pub mod listing;
pub mod meaning;
pub mod reload;
pub mod reply;
pub mod settings;
