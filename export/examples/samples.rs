//! Writes sample PDFs of the tests' rich talk into a folder, for looking at them (README
//! pictures, layout changes): `rich.pdf` (slides), `rich-h3.pdf` and `rich-h6.pdf` (handouts)
//! and `title.pdf` (a title slide with a speaker, a group, and a conference named after its
//! file).
//!
//! `cargo run -p talk-export --example samples -- DIR`

#[allow(dead_code)]
#[path = "../tests/support/talks.rs"]
mod talks;

use anyhow::{bail, Context};
use std::path::PathBuf;
use talk_export::Layout;
use talks::{conference, exporter, rich_talk};

fn main() -> anyhow::Result<()> {
    let mut args = std::env::args_os().skip(1);
    let (Some(dir), None) = (args.next(), args.next()) else {
        bail!("usage: samples DIR");
    };
    let dir = PathBuf::from(dir);
    std::fs::create_dir_all(&dir).with_context(|| format!("creating {}", dir.display()))?;
    let write = |name: &str, bytes: &[u8]| {
        let path = dir.join(name);
        std::fs::write(&path, bytes).with_context(|| format!("writing {}", path.display()))
    };
    let talk = rich_talk();
    let conf = conference(vec![talk.clone()]);
    for (name, layout) in [
        ("rich.pdf", Layout::Slides),
        ("rich-h3.pdf", Layout::Handout(3)),
        ("rich-h6.pdf", Layout::Handout(6)),
    ] {
        write(name, &exporter(layout).talk(&conf, &talk)?.bytes)?;
    }
    let mut talk = talk;
    talk.speaker = Some("Ada Lovelace (Analytical Engines Ltd)".into());
    talk.group = Some("Day 2 — Main stage".into());
    let mut conf = conference(vec![talk.clone()]);
    conf.title = "velocity-london-2018".into();
    write(
        "title.pdf",
        &exporter(Layout::Slides).talk(&conf, &talk)?.bytes,
    )?;
    println!("samples: 4 PDFs in {}", dir.display());
    Ok(())
}
