//! What the bot answers: plain functions from a question to a [`Reply`](crate::reply::Reply).
//!
//! Discord and the console both parse what the user asked into an [`Ask`] ([`command`]), call
//! [`answer()`], and render the reply. The steps live in their own modules: [`lookup`] finds the
//! talk a query names, [`markdown`] makes echoed and quoted text inert, [`pdf`] makes the
//! `/handout` attachment, [`paging`] makes and reads the Previous/Next buttons, and
//! [`autocomplete`] offers talks as the user types. Nothing here knows about serenity.

pub mod answer;
pub mod autocomplete;
pub mod command;
pub mod lookup;
pub mod markdown;
pub mod paging;
pub mod pdf;

pub use answer::answer;
pub use autocomplete::autocomplete;
pub use command::{parse_line, question_from_mention, Ask, COMMANDS};
pub use paging::button_ask;
