//! Prints the passages answers by meaning embed, one JSON object per line: the talk, whether
//! it is the title passage, and the exact text sent to the embeddings server. For calibrating
//! the meaning outside the bot: `cargo run -p talk-notes --example passages -- FILE_OR_DIR...`.

use std::path::PathBuf;
use talk_notes::meaning::passages::{embedding_text, passages_of};
use talk_notes::{load_library, ParseOptions};

fn main() {
    let paths: Vec<PathBuf> = std::env::args_os().skip(1).map(PathBuf::from).collect();
    let library = match load_library(&paths, &ParseOptions::default()) {
        Ok(library) => library,
        Err(e) => {
            eprintln!("passages: {e}");
            std::process::exit(2);
        }
    };
    for passage in passages_of(&library) {
        let conference = &library.conferences[passage.talk.conference];
        let talk = &conference.talks[passage.talk.talk];
        let line = serde_json::json!({
            "file": conference.file,
            "talk": talk.title,
            "conference_index": passage.talk.conference,
            "talk_index": passage.talk.talk,
            "kind": format!("{:?}", passage.kind),
            "text": passage.text,
            "heading": passage.heading,
            "context": passage.context,
            "embedded": embedding_text(&talk.title, &passage),
        });
        println!("{line}");
    }
}
