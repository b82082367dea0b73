//! Real notes damaged the way saves and copies damage them (`../shared/data/corpus`, not
//! committed): bytes flipped, files cut short, sections spliced from another file. Every
//! result parses, lints and yields its text without a panic.

mod common;

use std::path::{Path, PathBuf};
use talk_notes::check::check_text;
use talk_notes::synth::Rng;
use talk_notes::{parse_conference, ParseOptions};

fn corpus_files() -> Vec<(PathBuf, Vec<u8>)> {
    let Some(dir) = common::corpus::corpus_dir() else {
        return Vec::new();
    };
    let mut files: Vec<(PathBuf, Vec<u8>)> = std::fs::read_dir(&dir)
        .expect("corpus folder")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .map(|p| {
            let bytes = std::fs::read(&p).expect("corpus file");
            (p, bytes)
        })
        .collect();
    files.sort();
    files
}

fn exercise(bytes: &[u8], path: &Path, what: &str) {
    let text = String::from_utf8_lossy(bytes);
    let outcome = std::panic::catch_unwind(|| {
        for level in [None, Some(2), Some(3)] {
            let options = ParseOptions { talk_level: level };
            let conference = parse_conference(&text, path, &options);
            for talk in &conference.talks {
                assert!(talk.line <= talk.end_line, "{}", talk.title);
                let _ = talk_notes::text::talk_text(talk);
            }
            let _ = check_text(&text, path, &options);
        }
    });
    assert!(
        outcome.is_ok(),
        "{} ({what}) panicked; reproduce with the mutated text above",
        path.display()
    );
}

/// A position in `bytes`, or 0 for an empty file.
fn position(rng: &mut Rng, bytes: &[u8]) -> usize {
    rng.below(bytes.len().max(1))
}

#[test]
fn flipped_bytes_never_panic() {
    let files = corpus_files();
    let mut rng = Rng(10);
    for (path, original) in &files {
        for round in 0..12 {
            let mut bytes = original.clone();
            for _ in 0..(1 + round * 3) {
                let at = position(&mut rng, &bytes);
                if let Some(byte) = bytes.get_mut(at) {
                    // Flip one bit, or write a byte that matters to Markdown or UTF-8.
                    let specials = b"#[]()<>`*_|-\n\xe6\xff\x80!:";
                    *byte = if rng.below(2) == 0 {
                        *byte ^ (1 << rng.below(8))
                    } else {
                        specials[rng.below(specials.len())]
                    };
                }
            }
            exercise(&bytes, path, &format!("byte flips, round {round}"));
        }
    }
}

#[test]
fn truncated_files_never_panic() {
    let files = corpus_files();
    let mut rng = Rng(11);
    for (path, original) in &files {
        // Cuts at random bytes (often inside a character), and at every line start of a sample.
        for _ in 0..16 {
            let at = position(&mut rng, original);
            exercise(&original[..at], path, &format!("cut at byte {at}"));
        }
        let line_starts: Vec<usize> = original
            .iter()
            .enumerate()
            .filter(|(_, b)| **b == b'\n')
            .map(|(i, _)| i + 1)
            .step_by(25)
            .collect();
        for at in line_starts {
            exercise(&original[..at], path, &format!("cut at line start {at}"));
        }
    }
}

#[test]
fn spliced_sections_never_panic() {
    let files = corpus_files();
    let mut rng = Rng(12);
    for (path, host) in &files {
        for _ in 0..8 {
            let (_, donor) = &files[rng.below(files.len())];
            let start = position(&mut rng, donor);
            let end = (start + rng.below(4000)).min(donor.len());
            let at = position(&mut rng, host);
            let mut bytes = host[..at].to_vec();
            bytes.extend_from_slice(&donor[start..end]);
            bytes.extend_from_slice(&host[at..]);
            exercise(
                &bytes,
                path,
                &format!("{} donor bytes spliced at {at}", end - start),
            );
        }
        // A section repeated and another dropped, as a bad merge leaves them.
        let text = String::from_utf8_lossy(host);
        let sections: Vec<&str> = text.split("\n#").collect();
        if sections.len() > 2 {
            let mut merged = sections.clone();
            merged.insert(1, sections[sections.len() - 1]);
            merged.remove(2);
            exercise(merged.join("\n#").as_bytes(), path, "sections reordered");
        }
    }
}
