//! `talkbot`: answers questions about conference talks, on Discord and on the command line.
//!
//! The binary is a thin shell over this library: [`cli`] parses arguments and runs a command;
//! [`listing`] turns the notes model into the stable JSON and text that `talkbot talks` prints.

pub mod cli;
pub mod listing;
pub mod settings;
