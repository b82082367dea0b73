//! Writes generated notes of N talks (default 10,000) to standard output, for measuring load
//! and search speed: `cargo run --release -p talk-notes --example generate -- 10000 > big.md`.
//! With `--one-line`, each talk is a heading and one line of a few words (about 26 bytes a
//! talk), the shape where the cost of each talk, not its text, decides the memory.

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let one_line = args.iter().any(|a| a == "--one-line");
    let talks = args.iter().find_map(|a| a.parse().ok()).unwrap_or(10_000);
    if one_line {
        print!("{}", talk_notes::synth::generate_one_line_notes(talks, 7));
    } else {
        print!("{}", talk_notes::synth::generate_notes(talks, 7));
    }
}
