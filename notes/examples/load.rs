//! Times loading notes and building the search index, the work `talkbot` does before its first
//! answer: `cargo run --release -p talk-notes --example load -- big.md`.

use std::time::Instant;
use talk_notes::search::TalkIndex;
use talk_notes::{load_library, ParseOptions};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let paths: Vec<std::path::PathBuf> = std::env::args().skip(1).map(Into::into).collect();
    let start = Instant::now();
    let library = load_library(&paths, &ParseOptions::default())?;
    let parsed = start.elapsed();
    let talks = library.talk_count();
    let index = TalkIndex::build(library);
    let built = start.elapsed();
    let answer = index.search("kubernetes operators", 5);
    let answered = start.elapsed();
    println!(
        "{talks} talks: parsed {:.0} ms, indexed {:.0} ms, first answer {:.1} ms, total {:.0} ms ({} results)",
        parsed.as_secs_f64() * 1e3,
        (built - parsed).as_secs_f64() * 1e3,
        (answered - built).as_secs_f64() * 1e3,
        answered.as_secs_f64() * 1e3,
        answer.results.len()
    );
    Ok(())
}
