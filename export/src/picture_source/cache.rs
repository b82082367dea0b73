//! The disk cache of remote pictures: where it is, reading a cached picture back, and writing
//! one so that a concurrent export never reads half a file.

use super::decode::{jpeg_components, raw_picture};
use crate::page::{Picture, PictureData};
use image::ImageFormat;
use std::io::Cursor;
use std::path::{Path, PathBuf};

/// The user's cache folder for pictures, if the environment names one.
pub fn default_cache_dir() -> Option<PathBuf> {
    talk_notes::cache_dir::user_cache_dir(&["talk-export", "pictures"])
}

/// The picture cached under `stem` (`.jpg` or `.png`), if present and readable.
pub(super) fn read_cached(stem: &Path) -> Option<Picture> {
    let jpg = stem.with_extension("jpg");
    if let Ok(bytes) = std::fs::read(&jpg) {
        let components = jpeg_components(&bytes)?;
        let (width, height) =
            image::ImageReader::with_format(Cursor::new(&bytes), ImageFormat::Jpeg)
                .into_dimensions()
                .ok()?;
        return Some(Picture {
            width,
            height,
            data: PictureData::Jpeg { bytes, components },
        });
    }
    let bytes = std::fs::read(stem.with_extension("png")).ok()?;
    raw_picture(&bytes).ok()
}

/// Writes a cache file atomically (`talk_notes::atomic_write`), creating the cache folder, so
/// that another export reading the cache never sees half a picture.
pub(super) fn write_cache(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    std::fs::create_dir_all(path.parent().unwrap_or(Path::new(".")))?;
    talk_notes::atomic_write::write_atomic(path, bytes)
}
