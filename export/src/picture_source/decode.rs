//! Picture bytes made ready for a slide: the format sniffed from the content, decoded within
//! limits, scaled down to what a slide can show, and encoded for the PDF and the cache.

use super::{PictureError, MAX_HEIGHT, MAX_WIDTH};
use crate::page::{Picture, PictureData};
use image::{DynamicImage, ImageFormat};
use std::io::Cursor;

/// JPEG quality of scaled photos (0–100).
const JPEG_QUALITY: u8 = 85;

/// Bytes worth caching: the file extension and the file content.
pub(super) type CacheFile = Option<(&'static str, Vec<u8>)>;

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
/// (extension and file content).
pub(super) fn prepare(
    bytes: &[u8],
    content_type: &str,
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
    limits.max_image_width = Some(20_000);
    limits.max_image_height = Some(20_000);
    limits.max_alloc = Some(512 * 1024 * 1024);
    reader.limits(limits);
    let decoded = reader
        .decode()
        .map_err(|e| PictureError::Decode(e.to_string()))?;
    let needs_scaling = decoded.width() > MAX_WIDTH || decoded.height() > MAX_HEIGHT;

    // An unscaled JPEG in grey or RGB is embedded as it came, bytes untouched.
    if format == ImageFormat::Jpeg && !needs_scaling {
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
    let scaled = if needs_scaling {
        decoded.resize(MAX_WIDTH, MAX_HEIGHT, image::imageops::FilterType::Triangle)
    } else {
        decoded
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
}
