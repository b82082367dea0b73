//! `talkbot`: answers questions about conference talks, on Discord and on the command line.
//!
//! The binary is a thin shell over this library: [`cli`] parses arguments and runs a command;
//! [`ask`] answers a question with the matching talks;
//! [`listing`] turns the notes model into the stable JSON and text that `talkbot talks` prints.

pub mod ask;
pub mod cli;
pub mod listing;
pub mod settings;
