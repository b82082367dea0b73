//! Fills a picture cache with generated photos (1600 × 1200 JPEG gradients) for every remote
//! picture of some notes, so that exports can be measured and looked at without the network.
//!
//! `cargo run --release -p talk-export --example seed_picture_cache -- NOTES.md CACHE_DIR`

use image::{DynamicImage, ImageFormat, Rgb, RgbImage};
use std::io::Cursor;
use std::path::PathBuf;
use talk_export::picture_source::{remote_pictures, PictureSource};
use talk_export::PictureOptions;
use talk_notes::ParseOptions;

fn main() -> anyhow::Result<()> {
    let mut args = std::env::args().skip(1);
    let (Some(notes), Some(cache)) = (args.next(), args.next()) else {
        anyhow::bail!("usage: seed_picture_cache NOTES.md CACHE_DIR");
    };
    let text = std::fs::read_to_string(&notes)?;
    let conference =
        talk_notes::parse_conference(&text, &PathBuf::from(&notes), &ParseOptions::default());
    let source = PictureSource::new(PictureOptions {
        offline: true,
        cache_dir: Some(PathBuf::from(cache)),
        ..PictureOptions::default()
    });
    let urls: Vec<String> = conference
        .talks
        .iter()
        .flat_map(|t| remote_pictures(&t.blocks))
        .collect();
    for (i, url) in urls.iter().enumerate() {
        let shade = (i * 37 % 200) as u8;
        let img = RgbImage::from_fn(1600, 1200, |x, y| {
            let band = if (x / 200 + y / 150) % 2 == 0 { 30 } else { 0 };
            Rgb([
                (x * 255 / 1600) as u8 / 2 + shade / 2,
                (y * 255 / 1200) as u8 / 2 + band,
                180 - shade / 2,
            ])
        });
        let mut bytes = Vec::new();
        DynamicImage::ImageRgb8(img).write_to(&mut Cursor::new(&mut bytes), ImageFormat::Jpeg)?;
        source.insert(url, &bytes)?;
    }
    println!("{} pictures cached", urls.len());
    Ok(())
}
