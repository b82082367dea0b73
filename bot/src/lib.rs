//! `talkbot`: answers questions about conference talks, on Discord and on the command line.
//!
//! Usage: parse the notes into a [`talk_notes::search::TalkIndex`], read what a user typed with
//! [`chat::parse_line`] (or build a [`chat::Ask`]), and call [`chat::answer`]: the [`reply::Reply`]
//! it returns is plain data that [`discord`] (serenity) and [`console`] render.
//!
//! The bot's logic is plain functions: [`chat`] turns what a user asked into a reply, with
//! [`embeds`] composing a talk's embed for `/talk` and the digest. [`cli`] parses arguments;
//! [`ask`] answers `talkbot ask`; [`listing`] prints the stable talk list. [`digest`] posts the
//! daily digest exactly once; [`handout`] makes `/handout` PDFs with a bounded number of renders
//! and a cache; [`reload`] swaps in edited notes; [`settings`] reads `talkbot`'s configuration.

pub mod ask;
pub mod chat;
pub mod cli;
pub mod console;
pub mod digest;
pub mod discord;
pub mod embeds;
pub mod handout;
pub mod listing;
pub mod meaning;
pub mod reload;
pub mod reply;
pub mod settings;
