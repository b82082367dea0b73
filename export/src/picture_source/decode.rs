//! Picture bytes made ready for a slide: the format sniffed from the content, checked against
//! the pixel limit before any pixel is decoded, decoded within the process-wide decode budget,
//! scaled down to what a slide can show, and encoded for the PDF and the cache.

use super::{PictureError, DECODE_BUDGET, MAX_HEIGHT, MAX_PIXELS, MAX_WIDTH};
use crate::page::{Picture, PictureData};
use image::{DynamicImage, ImageDecoder, ImageFormat};
use std::io::Cursor;
use std::sync::{Condvar, Mutex};

/// JPEG quality of scaled photos (0–100).
const JPEG_QUALITY: u8 = 85;

/// Bytes worth caching: the file extension and the file content.
pub(super) type CacheFile = Option<(&'static str, Vec<u8>)>;

/// Bytes of pixels held by decodes in progress, shared by every picture source of the process.
static IN_FLIGHT: Budget = Budget::new(DECODE_BUDGET);

/// Bytes that decodes may hold at once: a decode waits until its bytes fit.
pub(super) struct Budget {
    limit: u64,
    used: Mutex<u64>,
    freed: Condvar,
}

/// Bytes taken from a [`Budget`], given back when dropped.
pub(super) struct Reservation<'a> {
    budget: &'a Budget,
    bytes: u64,
}

impl Budget {
    /// A budget of `limit` bytes.
    pub(super) const fn new(limit: u64) -> Budget {
        Budget {
            limit,
            used: Mutex::new(0),
            freed: Condvar::new(),
        }
    }

    /// Takes `bytes`, waiting while other decodes hold too much for them to fit (a request
    /// larger than the whole budget waits until it is alone).
    pub(super) fn reserve(&self, bytes: u64) -> Reservation<'_> {
        let mut used = self.used.lock().unwrap_or_else(|e| e.into_inner());
        while *used > 0 && used.saturating_add(bytes) > self.limit {
            used = self.freed.wait(used).unwrap_or_else(|e| e.into_inner());
        }
        *used += bytes;
        Reservation {
            budget: self,
            bytes,
        }
    }
}

impl Drop for Reservation<'_> {
    fn drop(&mut self) {
        let mut used = self.budget.used.lock().unwrap_or_else(|e| e.into_inner());
        *used = used.saturating_sub(self.bytes);
        self.budget.freed.notify_all();
    }
}

/// What bytes that are not a picture look like, for the warning ("an HTML page").
pub(super) fn describe(bytes: &[u8]) -> String {
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(64)]).to_lowercase();
    if head.trim_start().starts_with("<!doctype html") || head.contains("<html") {
        "an HTML page".to_string()
    } else {
        format!("{} bytes of unknown data", bytes.len())
    }
}

/// Decodes `bytes` (format sniffed from the content, not the name), scales it down to at most
/// [`MAX_WIDTH`] × [`MAX_HEIGHT`], and returns the picture with the bytes worth caching
/// (extension and file content). The size is read from the header first: a picture of more
/// than [`MAX_PIXELS`], or whose pixels and scaling need more than [`DECODE_BUDGET`] bytes, is
/// refused before anything is decoded; the others wait for their bytes to fit the budget
/// shared by every decode of the process.
pub(super) fn prepare(
    bytes: &[u8],
    content_type: &str,
) -> Result<(Picture, CacheFile), PictureError> {
    prepare_within(bytes, content_type, &IN_FLIGHT)
}

fn prepare_within(
    bytes: &[u8],
    content_type: &str,
    budget: &Budget,
) -> Result<(Picture, CacheFile), PictureError> {
    let format = image::guess_format(bytes).map_err(|_| {
        PictureError::NotAPicture(if content_type.is_empty() {
            "unknown content".to_string()
        } else {
            content_type.to_string()
        })
    })?;
    if !matches!(
        format,
        ImageFormat::Png | ImageFormat::Jpeg | ImageFormat::Gif | ImageFormat::WebP
    ) {
        return Err(PictureError::NotAPicture(format!("{format:?}")));
    }
    let mut reader = image::ImageReader::with_format(Cursor::new(bytes), format);
    let mut limits = image::Limits::default();
    // A safety net for the decoders' own allocations; the checks below come first.
    limits.max_alloc = Some(budget.limit);
    reader.limits(limits);
    let decoder = reader
        .into_decoder()
        .map_err(|e| PictureError::Decode(e.to_string()))?;
    let (width, height) = decoder.dimensions();
    let too_big = PictureError::TooBigToDecode { width, height };
    let pixels = u64::from(width) * u64::from(height);
    if pixels > MAX_PIXELS {
        return Err(too_big);
    }
    let target = scaled_size(width, height);
    let needed = decoder.total_bytes().saturating_add(scaling_bytes(
        width,
        height,
        target,
        decoder.total_bytes(),
    ));
    if needed > budget.limit {
        return Err(too_big);
    }
    let _held = budget.reserve(needed);
    let decoded =
        DynamicImage::from_decoder(decoder).map_err(|e| PictureError::Decode(e.to_string()))?;

    // An unscaled JPEG in grey or RGB is embedded as it came, bytes untouched.
    if format == ImageFormat::Jpeg && target.is_none() {
        if let Some(components @ (1 | 3)) = jpeg_components(bytes) {
            let picture = Picture {
                width: decoded.width(),
                height: decoded.height(),
                data: PictureData::Jpeg {
                    bytes: bytes.to_vec(),
                    components,
                },
            };
            return Ok((picture, Some(("jpg", bytes.to_vec()))));
        }
    }
    let scaled = match target {
        Some((w, h)) if shrinks_twice(width, w) => decoded.thumbnail_exact(w, h),
        Some((w, h)) => decoded.resize_exact(w, h, image::imageops::FilterType::Triangle),
        None => decoded,
    };
    // Photos (JPEG, WebP) stay JPEG; diagrams and screenshots (PNG, GIF) stay lossless.
    let photo = matches!(format, ImageFormat::Jpeg | ImageFormat::WebP) && !has_alpha(&scaled);
    if photo {
        let rgb = DynamicImage::ImageRgb8(scaled.to_rgb8());
        let mut jpeg = Vec::new();
        rgb.write_with_encoder(image::codecs::jpeg::JpegEncoder::new_with_quality(
            &mut jpeg,
            JPEG_QUALITY,
        ))
        .map_err(|e| PictureError::Decode(e.to_string()))?;
        let picture = Picture {
            width: rgb.width(),
            height: rgb.height(),
            data: PictureData::Jpeg {
                bytes: jpeg.clone(),
                components: 3,
            },
        };
        return Ok((picture, Some(("jpg", jpeg))));
    }
    let mut png = Vec::new();
    scaled
        .write_to(&mut Cursor::new(&mut png), ImageFormat::Png)
        .map_err(|e| PictureError::Decode(e.to_string()))?;
    let picture = raw_picture(&png)?;
    Ok((picture, Some(("png", png))))
}

/// The size a `width` × `height` picture is scaled down to (aspect kept) to fit
/// [`MAX_WIDTH`] × [`MAX_HEIGHT`]; `None` when it fits already.
fn scaled_size(width: u32, height: u32) -> Option<(u32, u32)> {
    if width <= MAX_WIDTH && height <= MAX_HEIGHT {
        return None;
    }
    let ratio =
        (f64::from(MAX_WIDTH) / f64::from(width)).min(f64::from(MAX_HEIGHT) / f64::from(height));
    let side = |n: u32| ((f64::from(n) * ratio).round() as u32).max(1);
    Some((side(width), side(height)))
}

/// True when a side shrinks at least twofold: then a box filter (each source pixel counted
/// once, no intermediate image) scales as well as a triangle filter and needs no extra memory.
fn shrinks_twice(from: u32, to: u32) -> bool {
    u64::from(to) * 2 <= u64::from(from)
}

/// Bytes the scaling of a `width` × `height` picture of `decoded` bytes to `target` needs on
/// top of the decoded pixels: the scaled picture, and for a triangle filter its intermediate
/// image of 32-bit float RGBA pixels, `width` × the target height.
fn scaling_bytes(width: u32, height: u32, target: Option<(u32, u32)>, decoded: u64) -> u64 {
    let Some((w, h)) = target else {
        return 0;
    };
    let per_pixel = decoded / (u64::from(width) * u64::from(height)).max(1);
    let scaled = u64::from(w) * u64::from(h) * per_pixel.max(1);
    if shrinks_twice(width, w) {
        scaled
    } else {
        scaled + u64::from(width) * u64::from(h) * 16
    }
}

/// True when some pixel is not fully opaque.
fn has_alpha(image: &DynamicImage) -> bool {
    image.color().has_alpha() && image.to_rgba8().pixels().any(|p| p.0[3] != 255)
}

/// A picture decoded to pixels for printpdf (PNG in the cache).
pub(super) fn raw_picture(bytes: &[u8]) -> Result<Picture, PictureError> {
    let mut warnings = Vec::new();
    let raw = printpdf::RawImage::decode_from_bytes(bytes, &mut warnings)
        .map_err(PictureError::Decode)?;
    Ok(Picture {
        width: raw.width as u32,
        height: raw.height as u32,
        data: PictureData::Raw(raw),
    })
}

/// The number of colour components of a baseline or progressive JPEG (from its SOF marker).
pub(super) fn jpeg_components(bytes: &[u8]) -> Option<u8> {
    let mut i = 2;
    while i + 4 <= bytes.len() {
        if bytes[i] != 0xFF {
            return None;
        }
        let marker = bytes[i + 1];
        let len = u16::from_be_bytes([bytes[i + 2], bytes[i + 3]]) as usize;
        if matches!(marker, 0xC0..=0xCF) && !matches!(marker, 0xC4 | 0xC8 | 0xCC) {
            return bytes.get(i + 9).copied();
        }
        i += 2 + len;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn png(w: u32, h: u32) -> Vec<u8> {
        let img = image::RgbImage::from_pixel(w, h, image::Rgb([200, 30, 30]));
        let mut out = Vec::new();
        DynamicImage::ImageRgb8(img)
            .write_to(&mut Cursor::new(&mut out), ImageFormat::Png)
            .map(|_| out)
            .unwrap_or_default()
    }

    #[test]
    fn big_pictures_are_scaled_down_and_small_ones_kept() {
        let (picture, _) = prepare(&png(3000, 1000), "").expect("decodes");
        assert_eq!((picture.width, picture.height), (1280, 427));
        let (picture, _) = prepare(&png(40, 30), "").expect("decodes");
        assert_eq!((picture.width, picture.height), (40, 30));
    }

    #[test]
    fn html_is_not_a_picture() {
        let err = prepare(b"<!doctype html><html></html>", "an HTML page").err();
        assert_eq!(
            err,
            Some(PictureError::NotAPicture("an HTML page".to_string()))
        );
    }

    #[test]
    fn a_picture_over_the_limits_is_refused_from_its_header() {
        // A 20000 × 8900 PNG header (534 MB of pixels) followed by the 64 pixels of an 8 × 8
        // picture: refused by its size before any pixel is decoded.
        let mut bytes = png(8, 8);
        bytes[16..20].copy_from_slice(&20_000u32.to_be_bytes());
        bytes[20..24].copy_from_slice(&8_900u32.to_be_bytes());
        // The IHDR chunk's CRC (type and data, bytes 12..29) after the change.
        let crc = !bytes[12..29].iter().fold(!0u32, |mut c, &b| {
            c ^= u32::from(b);
            for _ in 0..8 {
                c = if c & 1 == 1 {
                    0xEDB8_8320 ^ (c >> 1)
                } else {
                    c >> 1
                };
            }
            c
        });
        bytes[29..33].copy_from_slice(&crc.to_be_bytes());
        let err = prepare(&bytes, "").err();
        assert_eq!(
            err,
            Some(PictureError::TooBigToDecode {
                width: 20_000,
                height: 8_900
            })
        );
        let message = err.map(|e| e.to_string()).unwrap_or_default();
        assert!(message.contains("20000 × 8900"), "{message}");
    }

    #[test]
    fn decodes_hold_at_most_the_budget_at_once() {
        use std::sync::atomic::{AtomicU64, Ordering};
        let budget = Budget::new(100);
        let held = AtomicU64::new(0);
        let most = AtomicU64::new(0);
        std::thread::scope(|scope| {
            for i in 0..8u64 {
                let (budget, held, most) = (&budget, &held, &most);
                scope.spawn(move || {
                    let bytes = 30 + 10 * (i % 3);
                    let _reservation = budget.reserve(bytes);
                    let now = held.fetch_add(bytes, Ordering::SeqCst) + bytes;
                    most.fetch_max(now, Ordering::SeqCst);
                    std::thread::sleep(std::time::Duration::from_millis(20));
                    held.fetch_sub(bytes, Ordering::SeqCst);
                });
            }
        });
        let most = most.load(Ordering::SeqCst);
        assert!(most <= 100, "{most} bytes held at once");
        assert_eq!(
            *budget.used.lock().expect("lock"),
            0,
            "everything given back"
        );
    }
}
