//! Writes generated notes of N talks (default 10,000) to standard output, for measuring load
//! and search speed: `cargo run --release -p talk-notes --example generate -- 10000 > big.md`.

fn main() {
    let talks = std::env::args()
        .nth(1)
        .and_then(|n| n.parse().ok())
        .unwrap_or(10_000);
    print!("{}", talk_notes::synth::generate_notes(talks, 7));
}
