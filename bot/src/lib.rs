//! `talkbot`: answers questions about conference talks, on Discord and on the command line.
//!
//! The bot's logic is plain functions: [`chat`] turns what a user asked into a [`reply::Reply`].
//! [`discord`] (serenity) and [`console`] are two thin renderers of those replies. [`cli`]
//! parses arguments; [`ask`] answers `talkbot ask`; [`listing`] prints the stable talk list.
//! [`digest`] posts the daily digest exactly once; [`handout`] makes `/handout` PDFs with a
//! bounded number of renders and a cache; [`reload`] swaps in edited notes.

pub mod ask;
pub mod chat;
pub mod cli;
pub mod console;
pub mod digest;
pub mod discord;
pub mod handout;
pub mod listing;
pub mod reload;
pub mod reply;
pub mod settings;
