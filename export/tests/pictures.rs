//! Remote pictures against an HTTP server the test starts on 127.0.0.1: every format embedded
//! at the expected size, a placeholder for each one that cannot be had, the disk cache used by
//! a second export, and `offline` never touching the network.

use image::{DynamicImage, ImageFormat, Rgb, RgbImage, Rgba, RgbaImage};
use lopdf::{Document, Object};
use std::collections::HashMap;
use std::io::{BufRead, BufReader, Cursor, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use talk_export::{Exporter, Options, PictureOptions};
use talk_notes::{Block, Conference, Image, StyledText, Talk};

/// A picture of `w` × `h` with a gradient (so JPEG has something to compress) in `format`.
fn picture(w: u32, h: u32, format: ImageFormat) -> Vec<u8> {
    let img = RgbImage::from_fn(w, h, |x, y| {
        Rgb([(x * 255 / w) as u8, (y * 255 / h) as u8, 120])
    });
    let mut out = Vec::new();
    DynamicImage::ImageRgb8(img)
        .write_to(&mut Cursor::new(&mut out), format)
        .expect("encode");
    out
}

/// A PNG with transparent pixels.
fn transparent_png(w: u32, h: u32) -> Vec<u8> {
    let img = RgbaImage::from_fn(w, h, |x, _| {
        Rgba([10, 90, 200, if x % 2 == 0 { 0 } else { 255 }])
    });
    let mut out = Vec::new();
    DynamicImage::ImageRgba8(img)
        .write_to(&mut Cursor::new(&mut out), ImageFormat::Png)
        .expect("encode");
    out
}

/// A valid PNG of `width` × `height` black RGB pixels that is small on disk (a few bytes per
/// 258 pixels' worth of data): the picture a decompression bomb is made of. Built by hand (one
/// fixed-Huffman deflate block of long back-references) since compressing half a gigabyte of
/// zeros in a test takes far too long.
fn huge_png(width: u32, height: u32) -> Vec<u8> {
    /// Bits packed from the least significant one, as deflate wants.
    struct Bits {
        out: Vec<u8>,
        acc: u64,
        n: u32,
    }
    impl Bits {
        fn put(&mut self, value: u32, len: u32) {
            self.acc |= u64::from(value) << self.n;
            self.n += len;
            while self.n >= 8 {
                self.out.push(self.acc as u8);
                self.acc >>= 8;
                self.n -= 8;
            }
        }
        /// A Huffman code, written from its most significant bit.
        fn code(&mut self, code: u32, len: u32) {
            self.put(code.reverse_bits() >> (32 - len), len);
        }
    }
    fn crc32(bytes: &[u8]) -> u32 {
        let table: Vec<u32> = (0..256u32)
            .map(|i| {
                (0..8).fold(i, |c, _| {
                    if c & 1 == 1 {
                        0xEDB8_8320 ^ (c >> 1)
                    } else {
                        c >> 1
                    }
                })
            })
            .collect();
        !bytes.iter().fold(!0u32, |c, &b| {
            table[((c ^ u32::from(b)) & 0xFF) as usize] ^ (c >> 8)
        })
    }
    fn chunk(png: &mut Vec<u8>, kind: &[u8; 4], data: &[u8]) {
        png.extend_from_slice(&(data.len() as u32).to_be_bytes());
        let start = png.len();
        png.extend_from_slice(kind);
        png.extend_from_slice(data);
        let crc = crc32(&png[start..]);
        png.extend_from_slice(&crc.to_be_bytes());
    }
    // Each row: filter byte 0, then 3 zero bytes per pixel; all of it zeros.
    let total = u64::from(height) * (1 + 3 * u64::from(width));
    let mut bits = Bits {
        out: vec![0x78, 0x01],
        acc: 0,
        n: 0,
    };
    bits.put(1, 1); // the last block
    bits.put(1, 2); // fixed Huffman codes
    bits.code(0x30, 8); // literal 0
    let mut left = total - 1;
    while left >= 258 {
        bits.code(0b1100_0101, 8); // length 258 (code 285)
        bits.code(0, 5); // distance 1
        left -= 258;
    }
    for _ in 0..left {
        bits.code(0x30, 8);
    }
    bits.code(0, 7); // end of block
    bits.put(0, 7); // to a byte boundary
    let mut zlib = bits.out;
    let adler = ((total % 65521) as u32) << 16 | 1;
    zlib.extend_from_slice(&adler.to_be_bytes());

    let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
    let mut header = Vec::new();
    header.extend_from_slice(&width.to_be_bytes());
    header.extend_from_slice(&height.to_be_bytes());
    header.extend_from_slice(&[8, 2, 0, 0, 0]); // 8-bit RGB
    chunk(&mut png, b"IHDR", &header);
    chunk(&mut png, b"IDAT", &zlib);
    chunk(&mut png, b"IEND", &[]);
    png
}

/// A tiny HTTP/1.1 server: one thread per connection, `Connection: close`, counting requests.
struct Server {
    base: String,
    hits: Arc<Mutex<HashMap<String, usize>>>,
}

impl Server {
    fn start() -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
        let base = format!("http://{}", listener.local_addr().expect("addr"));
        let hits = Arc::new(Mutex::new(HashMap::new()));
        let mut files: HashMap<&'static str, (&'static str, Vec<u8>)> = [
            ("/photo.jpg", "image/jpeg", 1600, 1200, ImageFormat::Jpeg),
            ("/small.jpg", "image/jpeg", 320, 240, ImageFormat::Jpeg),
            ("/diagram.png", "image/png", 300, 200, ImageFormat::Png),
            ("/anim.gif", "image/gif", 120, 80, ImageFormat::Gif),
            ("/pic.webp", "image/webp", 200, 100, ImageFormat::WebP),
            // No extension and a wrong type: the content decides.
            (
                "/download",
                "application/octet-stream",
                50,
                40,
                ImageFormat::Png,
            ),
        ]
        .into_iter()
        .map(|(path, kind, w, h, format)| (path, (kind, picture(w, h, format))))
        .collect();
        files.insert("/alpha.png", ("image/png", transparent_png(64, 32)));
        let page = b"<!DOCTYPE html><html><body>Not found</body></html>".to_vec();
        files.insert("/page.png", ("text/html", page));
        let files = Arc::new(files);
        let counter = hits.clone();
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let files = files.clone();
                let counter = counter.clone();
                std::thread::spawn(move || serve(stream, &files, &counter));
            }
        });
        Server { base, hits }
    }

    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    fn hits(&self) -> usize {
        self.hits.lock().map(|h| h.values().sum()).unwrap_or(0)
    }
}

fn serve(
    stream: TcpStream,
    files: &HashMap<&'static str, (&'static str, Vec<u8>)>,
    hits: &Mutex<HashMap<String, usize>>,
) {
    let mut reader = BufReader::new(match stream.try_clone() {
        Ok(s) => s,
        Err(_) => return,
    });
    let mut request = String::new();
    if reader.read_line(&mut request).is_err() {
        return;
    }
    loop {
        let mut header = String::new();
        if reader.read_line(&mut header).map_or(true, |n| n == 0) || header.trim().is_empty() {
            break;
        }
    }
    let path = request.split_whitespace().nth(1).unwrap_or("/").to_string();
    let mut asked = 0;
    if let Ok(mut h) = hits.lock() {
        let count = h.entry(path.clone()).or_default();
        *count += 1;
        asked = *count;
    }
    let mut out = stream;
    let answer = |out: &mut TcpStream, status: &str, kind: &str, body: &[u8], extra: &str| {
        let head = format!(
            "HTTP/1.1 {status}\r\nContent-Type: {kind}\r\nContent-Length: {}\r\n{extra}Connection: close\r\n\r\n",
            body.len()
        );
        let _ = out.write_all(head.as_bytes());
        let _ = out.write_all(body);
    };
    match path.split('?').next().unwrap_or_default() {
        "/slow.png" => {
            // Longer than the client's time limit.
            std::thread::sleep(Duration::from_secs(4));
            let body = picture(10, 10, ImageFormat::Png);
            answer(&mut out, "200 OK", "image/png", &body, "");
        }
        // Down for the first request, up from the second on.
        flaky if flaky.starts_with("/flaky") => {
            if asked == 1 {
                answer(
                    &mut out,
                    "503 Service Unavailable",
                    "text/plain",
                    b"down",
                    "",
                );
            } else {
                let body = picture(40, 30, ImageFormat::Png);
                answer(&mut out, "200 OK", "image/png", &body, "");
            }
        }
        "/redirect" => answer(
            &mut out,
            "302 Found",
            "text/plain",
            b"moved",
            "Location: /diagram.png\r\n",
        ),
        "/huge.png" => {
            // Says nothing of its size and sends far more than the cap.
            let head = "HTTP/1.1 200 OK\r\nContent-Type: image/png\r\nConnection: close\r\n\r\n";
            let _ = out.write_all(head.as_bytes());
            let mut body = picture(10, 10, ImageFormat::Png);
            body.resize(64 * 1024, 0);
            for _ in 0..200 {
                if out.write_all(&body).is_err() {
                    break;
                }
            }
        }
        _ => match files.get(path.as_str()) {
            Some((kind, body)) => answer(&mut out, "200 OK", kind, body, ""),
            None => answer(&mut out, "404 Not Found", "text/plain", b"no", ""),
        },
    }
}

fn image_block(url: &str, alt: &str) -> Block {
    Block::Image(Box::new(Image {
        url: url.to_string(),
        alt: alt.to_string(),
        title: String::new(),
    }))
}

/// A one-talk conference of `blocks` read from `file`, where local pictures are looked up.
fn talk_in(file: PathBuf, blocks: Vec<Block>) -> (Conference, Talk) {
    let talk = Talk {
        file: file.as_path().into(),
        ..Talk::new("Pictures", blocks)
    };
    let conference = Conference {
        file,
        talks: vec![talk.clone()],
        ..Conference::new("Picture Conf")
    };
    (conference, talk)
}

fn talk_with(blocks: Vec<Block>) -> (Conference, Talk) {
    let file = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/notes.md");
    talk_in(file, blocks)
}

fn exporter(cache: &Path, offline: bool) -> Exporter {
    Exporter::new(Options {
        created: Some(0),
        pictures: PictureOptions {
            offline,
            cache_dir: Some(cache.to_path_buf()),
            timeout: Duration::from_secs(1),
            max_bytes: 1024 * 1024,
            ..PictureOptions::default()
        },
        ..Options::default()
    })
    .expect("exporter")
}

/// Every image XObject of the PDF but soft masks (alpha channels): (width, height, filter).
fn images(pdf: &[u8]) -> Vec<(i64, i64, String)> {
    let doc = Document::load_mem(pdf).expect("parses");
    let masks: Vec<lopdf::ObjectId> = doc
        .objects
        .values()
        .filter_map(|o| o.as_stream().ok())
        .filter_map(|s| s.dict.get(b"SMask").and_then(Object::as_reference).ok())
        .collect();
    let mut out = Vec::new();
    for (id, object) in &doc.objects {
        let Object::Stream(stream) = object else {
            continue;
        };
        if masks.contains(id) {
            continue;
        }
        let dict = &stream.dict;
        if dict.get(b"Subtype").and_then(Object::as_name).ok() != Some(b"Image".as_slice()) {
            continue;
        }
        let int = |key: &[u8]| dict.get(key).and_then(Object::as_i64).unwrap_or(-1);
        let filter = match dict.get(b"Filter") {
            Ok(Object::Name(n)) => String::from_utf8_lossy(n).into_owned(),
            Ok(Object::Array(a)) => a
                .iter()
                .filter_map(|o| o.as_name().ok())
                .map(|n| String::from_utf8_lossy(n).into_owned())
                .collect::<Vec<_>>()
                .join(","),
            _ => String::new(),
        };
        out.push((int(b"Width"), int(b"Height"), filter));
    }
    out.sort();
    out
}

fn text(pdf: &[u8]) -> String {
    let doc = Document::load_mem(pdf).expect("parses");
    let pages: Vec<u32> = doc.get_pages().keys().copied().collect();
    doc.extract_text(&pages).unwrap_or_default()
}

#[test]
fn every_format_is_embedded_and_every_failure_is_a_placeholder() {
    let server = Server::start();
    let tmp = tempfile::tempdir().expect("temp dir");

    let cache = tmp.path().join("pictures-cache");
    let good = [
        "/photo.jpg",
        "/small.jpg",
        "/diagram.png",
        "/alpha.png",
        "/anim.gif",
        "/pic.webp",
        "/download",
        "/redirect",
    ];
    let bad = ["/slow.png", "/missing.png", "/huge.png", "/page.png"];
    let mut blocks: Vec<Block> = good
        .iter()
        .map(|p| image_block(&server.url(p), &format!("good {p}")))
        .collect();
    blocks.extend(bad.iter().map(|p| image_block(&server.url(p), "bad one")));
    let (conference, talk) = talk_with(blocks);

    let rendered = exporter(&cache, false)
        .talk(&conference, &talk)
        .expect("export never fails because of a picture");

    let found = images(&rendered.bytes);
    let mut expected = vec![
        // The 1600 × 1200 photo, scaled to the cache's 1280 × 960 and embedded as JPEG.
        (1280, 960, "DCTDecode".to_string()),
        // A small JPEG as it came.
        (320, 240, "DCTDecode".to_string()),
        // The diagram, directly and through the redirect.
        (300, 200, "FlateDecode".to_string()),
        (300, 200, "FlateDecode".to_string()),
        (64, 32, "FlateDecode".to_string()),
        (120, 80, "FlateDecode".to_string()),
        // WebP photos become JPEG.
        (200, 100, "DCTDecode".to_string()),
        (50, 40, "FlateDecode".to_string()),
    ];
    expected.sort();
    assert_eq!(found, expected);

    assert_eq!(rendered.pictures.fetched, 8, "{:?}", rendered.pictures);
    assert_eq!(rendered.pictures.missing, 4, "{:?}", rendered.pictures);
    let warnings = rendered.warnings.join("\n");
    for (path, reason) in [
        ("/slow.png", "within 1 s"),
        ("/missing.png", "HTTP 404"),
        ("/huge.png", "larger than 1048576 bytes"),
        ("/page.png", "not a picture (an HTML page)"),
    ] {
        let line = rendered
            .warnings
            .iter()
            .find(|w| w.contains(&server.url(path)))
            .unwrap_or_else(|| panic!("no warning for {path}: {warnings}"));
        assert!(line.contains(reason), "{line}");
    }
    assert_eq!(rendered.warnings.len(), 4, "{warnings}");
    // Each unreachable picture is a placeholder with its URL.
    let pdf_text = text(&rendered.bytes);
    let squashed: String = pdf_text.split_whitespace().collect();
    for path in bad {
        assert!(
            squashed.contains(&server.url(path)),
            "{path} not in {pdf_text}"
        );
    }
    assert_eq!(pdf_text.matches("Image:").count(), 4, "{pdf_text}");

    // A second exporter (a new run, or the bot's next /handout) reads the cache: no request.
    let before = server.hits();
    let again = exporter(&cache, false)
        .talk(&conference, &talk)
        .expect("export");
    assert_eq!(again.pictures.cached, 8, "{:?}", again.pictures);
    assert_eq!(
        server.hits() - before,
        4,
        "only the four failures are asked again"
    );
    assert_eq!(images(&again.bytes), found);

    // Offline: the cache still serves, nothing is asked.
    let before = server.hits();
    let offline = exporter(&cache, true)
        .talk(&conference, &talk)
        .expect("export");
    assert_eq!(server.hits(), before);
    assert_eq!(offline.pictures.cached, 8);
    assert_eq!(offline.pictures.missing, 4);
    assert!(
        offline.warnings.iter().all(|w| w.contains("--offline")),
        "{:?}",
        offline.warnings
    );
}

#[test]
fn slow_servers_cost_at_most_the_time_limit_once() {
    let server = Server::start();
    let tmp = tempfile::tempdir().expect("temp dir");

    let cache = tmp.path().join("slow-cache");
    // Three slow pictures are fetched at once: the talk waits about one time limit, not three.
    let (conference, talk) = talk_with(
        (1..=3)
            .map(|i| image_block(&server.url(&format!("/slow.png?{i}")), "slow"))
            .collect(),
    );
    let started = Instant::now();
    let rendered = exporter(&cache, false)
        .talk(&conference, &talk)
        .expect("export");
    let took = started.elapsed();
    // The server answers after 4 s; the limit is 1 s.
    assert!(took < Duration::from_millis(2500), "{took:?}");
    assert_eq!(rendered.pictures.missing, 3);
}

#[test]
fn offline_with_an_empty_cache_never_connects() {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let url = format!("http://{}/a.png", listener.local_addr().expect("addr"));
    listener.set_nonblocking(true).expect("nonblocking");
    let tmp = tempfile::tempdir().expect("temp dir");

    let cache = tmp.path().join("offline-cache");
    let (conference, talk) = talk_with(vec![image_block(&url, "a picture")]);
    let rendered = exporter(&cache, true)
        .talk(&conference, &talk)
        .expect("export");
    assert!(listener.accept().is_err(), "offline export connected");
    assert_eq!(rendered.pictures.missing, 1);
    assert!(images(&rendered.bytes).is_empty());
    assert!(text(&rendered.bytes).contains("a picture"));
}

#[test]
fn local_pictures_are_read_with_a_cap() {
    let tmp = tempfile::tempdir().expect("temp dir");

    let dir = tmp.path().join("local-pictures");
    std::fs::create_dir_all(&dir).expect("dir");
    std::fs::write(dir.join("ok.png"), picture(90, 60, ImageFormat::Png)).expect("write");
    let big = std::fs::File::create(dir.join("big.png")).expect("create");
    big.set_len(50 * 1024 * 1024).expect("sparse");
    let (conference, talk) = talk_in(
        dir.join("notes.md"),
        vec![
            image_block("ok.png", "fine"),
            image_block("big.png", "too big"),
        ],
    );
    let rendered = exporter(&dir.join("cache"), true)
        .talk(&conference, &talk)
        .expect("export");
    assert_eq!(
        images(&rendered.bytes),
        vec![(90, 60, "FlateDecode".to_string())]
    );
    assert_eq!(rendered.pictures.local, 1);
    assert_eq!(rendered.pictures.missing, 1);
    let warnings = rendered.warnings.join("\n");
    assert!(
        warnings.contains("big.png: larger than 1048576 bytes"),
        "{warnings}"
    );
}

/// Makes a FIFO (named pipe) at `path`.
#[cfg(unix)]
fn mkfifo(path: &Path) {
    use std::os::unix::ffi::OsStrExt;
    let name = std::ffi::CString::new(path.as_os_str().as_bytes()).expect("no NUL");
    // SAFETY: `name` is a valid NUL-terminated path that outlives the call.
    let done = unsafe { libc::mkfifo(name.as_ptr(), 0o644) };
    assert_eq!(done, 0, "mkfifo {}", path.display());
}

#[cfg(unix)]
#[test]
fn local_pictures_stay_inside_the_notes_folder_and_a_fifo_never_blocks() {
    use std::os::unix::fs::symlink;
    let tmp = tempfile::tempdir().expect("temp dir");

    let base = tmp.path().join("confined-pictures");
    let notes = base.join("notes");
    std::fs::create_dir_all(notes.join("img")).expect("dir");
    std::fs::write(notes.join("img/ok.png"), picture(90, 60, ImageFormat::Png)).expect("write");
    std::fs::write(base.join("secret.png"), picture(30, 20, ImageFormat::Png)).expect("write");
    symlink(notes.join("img/ok.png"), notes.join("link.png")).expect("link");
    symlink(base.join("secret.png"), notes.join("out.png")).expect("link");
    symlink(base.join("no-such.png"), notes.join("out-missing.png")).expect("link");
    // With nobody writing to it, a blocking open of a FIFO waits for ever.
    mkfifo(&notes.join("img/pipe.png"));
    let outside = [
        "../secret.png",
        "../no-such.png",
        "out.png",
        "out-missing.png",
        "/dev/zero",
    ];
    let mut blocks = vec![
        image_block("img/ok.png", "inside"),
        image_block("link.png", "a link inside"),
        image_block("img/pipe.png", "a FIFO"),
    ];
    blocks.extend(outside.iter().map(|p| image_block(p, "outside")));
    let (conference, talk) = talk_in(notes.join("notes.md"), blocks);

    let rendered = exporter(&base.join("cache"), true)
        .talk(&conference, &talk)
        .expect("export");
    assert_eq!(rendered.pictures.local, 2, "{:?}", rendered.warnings);
    assert_eq!(rendered.pictures.missing, 1 + outside.len());
    assert_eq!(
        images(&rendered.bytes),
        vec![(90, 60, "FlateDecode".to_string()); 2],
        "only the inside picture (directly and by its link) is embedded"
    );
    let warning = |path: &str| {
        let prefix = format!("picture {path}: ");
        rendered
            .warnings
            .iter()
            .find_map(|w| w.strip_prefix(&prefix))
            .unwrap_or_else(|| panic!("no warning for {path}: {:?}", rendered.warnings))
            .to_string()
    };
    assert_eq!(warning("img/pipe.png"), "not a regular file");
    // The same words whether the outside file exists or not.
    for path in outside {
        assert!(
            warning(path).starts_with("outside the folder of the notes file"),
            "{path}: {}",
            warning(path)
        );
        assert_eq!(warning(path), warning(outside[0]), "{path}");
    }
    // The placeholders look alike too.
    let pdf_text = text(&rendered.bytes);
    assert_eq!(
        pdf_text.matches("Image not found").count(),
        1 + outside.len(),
        "{pdf_text}"
    );

    // The command line may allow pictures outside the folder.
    let allowed = Exporter::new(Options {
        created: Some(0),
        pictures: PictureOptions {
            offline: true,
            cache_dir: Some(base.join("cache")),
            allow_outside: true,
            ..PictureOptions::default()
        },
        ..Options::default()
    })
    .expect("exporter")
    .talk(&conference, &talk)
    .expect("export");
    let embedded = images(&allowed.bytes);
    assert!(
        embedded.contains(&(30, 20, "FlateDecode".to_string())),
        "{embedded:?}"
    );
    assert_eq!(allowed.pictures.local, 4, "{:?}", allowed.warnings);
}

#[test]
fn small_pictures_sit_side_by_side_and_a_photo_fills_its_own_slide() {
    use talk_export::fonts::FontSet;
    use talk_export::page::Item;
    use talk_export::picture_source::PictureSource;
    use talk_export::slides::SlideLayout;
    use talk_export::Theme;

    let tmp = tempfile::tempdir().expect("temp dir");

    let dir = tmp.path().join("side-by-side");
    std::fs::create_dir_all(&dir).expect("dir");
    for (name, w, h) in [
        ("a.png", 160, 120),
        ("b.png", 200, 100),
        ("c.png", 120, 120),
    ] {
        std::fs::write(dir.join(name), picture(w, h, ImageFormat::Png)).expect("write");
    }
    std::fs::write(dir.join("photo.jpg"), picture(1200, 900, ImageFormat::Jpeg)).expect("write");
    let (conference, talk) = talk_in(
        dir.join("notes.md"),
        vec![
            Block::Paragraph {
                spans: StyledText::plain("Some text first."),
            },
            image_block("a.png", "first"),
            image_block("b.png", "second"),
            image_block("c.png", "third"),
            image_block("photo.jpg", "a photo"),
        ],
    );
    let fonts = FontSet::load(&[]).expect("fonts");
    let source = PictureSource::new(PictureOptions {
        offline: true,
        cache_dir: Some(dir.join("cache")),
        ..PictureOptions::default()
    });
    let deck = SlideLayout::new(&fonts, Theme::LIGHT, &source).talk(&conference, &talk);
    let placed: Vec<(usize, f32, f32, f32, f32)> = deck
        .pages
        .iter()
        .enumerate()
        .flat_map(|(p, page)| {
            page.items.iter().filter_map(move |item| match item {
                Item::Image { rect, .. } => Some((p, rect.x, rect.y, rect.w, rect.h)),
                _ => None,
            })
        })
        .collect();
    assert_eq!(placed.len(), 4, "{placed:?} {:?}", deck.warnings);
    let (small, photo) = placed.split_at(3);
    // The three small ones share a slide and a top edge, left to right, without overlap.
    assert!(small.iter().all(|p| p.0 == small[0].0), "{small:?}");
    for pair in small.windows(2) {
        let (a, b) = (pair[0], pair[1]);
        assert!(
            (a.2 + a.4 - (b.2 + b.4)).abs() < 0.01,
            "tops differ: {small:?}"
        );
        assert!(a.1 + a.3 < b.1, "overlap: {small:?}");
    }
    assert!(small[2].1 + small[2].3 <= 720.0 - 40.0 + 0.01);
    // Every caption is drawn.
    let texts: String = deck.pages[small[0].0].texts().concat();
    for caption in ["first", "second", "third"] {
        assert!(texts.contains(caption), "{texts}");
    }
    // The photo gets a slide of its own, as large as the slide allows.
    let photo = photo[0];
    assert!(photo.0 > small[0].0, "{placed:?}");
    assert!(photo.4 > 240.0, "photo only {} pt tall", photo.4);
}

#[test]
fn a_picture_of_huge_dimensions_is_a_placeholder_without_being_decoded() {
    // The generator makes real pictures: a small one decodes to its black pixels.
    let small = image::load_from_memory(&huge_png(300, 200)).expect("a valid PNG");
    assert_eq!((small.width(), small.height()), (300, 200));
    assert!(small.to_rgb8().pixels().all(|p| p.0 == [0, 0, 0]));

    let tmp = tempfile::tempdir().expect("temp dir");

    let dir = tmp.path().join("huge-picture");
    std::fs::create_dir_all(&dir).expect("dir");
    // 534 MB of pixels in a file of a few megabytes.
    let huge = huge_png(20_000, 8_900);
    assert!(huge.len() < 4 * 1024 * 1024, "{} bytes", huge.len());
    std::fs::write(dir.join("huge.png"), &huge).expect("write");
    // Larger than a slide but within the limits: decoded and scaled down.
    std::fs::write(dir.join("big.png"), huge_png(3_000, 2_000)).expect("write");
    let (conference, talk) = talk_in(
        dir.join("notes.md"),
        vec![
            image_block("huge.png", "a huge picture"),
            image_block("big.png", "a big picture"),
        ],
    );
    let rendered = Exporter::new(Options {
        created: Some(0),
        pictures: PictureOptions {
            offline: true,
            cache_dir: Some(dir.join("cache")),
            ..PictureOptions::default()
        },
        ..Options::default()
    })
    .expect("exporter")
    .talk(&conference, &talk)
    .expect("export");
    assert_eq!(rendered.pictures.missing, 1, "{:?}", rendered.warnings);
    assert_eq!(rendered.pictures.local, 1, "{:?}", rendered.warnings);
    assert_eq!(
        rendered.warnings,
        vec![
            "picture huge.png: 20000 × 8900 pixels: too big to decode (at most 50 megapixels and 256 MB of pixels)"
                .to_string()
        ]
    );
    assert_eq!(
        images(&rendered.bytes),
        vec![(1280, 853, "FlateDecode".to_string())]
    );
    let pdf_text = text(&rendered.bytes);
    assert!(
        pdf_text.contains("Image not found") && pdf_text.contains("huge.png"),
        "{pdf_text}"
    );
}

fn exporter_with(cache: &Path, offline: bool, pictures: PictureOptions) -> Exporter {
    Exporter::new(Options {
        created: Some(0),
        pictures: PictureOptions {
            offline,
            cache_dir: Some(cache.to_path_buf()),
            timeout: Duration::from_secs(1),
            ..pictures
        },
        ..Options::default()
    })
    .expect("exporter")
}

#[test]
fn a_picture_that_failed_is_fetched_again_after_the_retry_time() {
    let server = Server::start();
    let tmp = tempfile::tempdir().expect("temp dir");

    let cache = tmp.path().join("retry-cache");
    let (conference, talk) = talk_with(vec![image_block(&server.url("/flaky.png"), "flaky")]);
    // The bot's exporter lives for days: a failure is tried again once it is old enough.
    let eager = exporter_with(
        &cache,
        false,
        PictureOptions {
            retry_failed_after: Duration::ZERO,
            ..PictureOptions::default()
        },
    );
    let first = eager.talk(&conference, &talk).expect("export");
    assert_eq!(first.pictures.missing, 1, "{:?}", first.warnings);
    assert!(
        first.warnings[0].contains("HTTP 503"),
        "{:?}",
        first.warnings
    );
    let second = eager.talk(&conference, &talk).expect("export");
    assert_eq!(second.pictures.fetched, 1, "{:?}", second.warnings);
    assert_eq!(
        images(&second.bytes),
        vec![(40, 30, "FlateDecode".to_string())]
    );

    // Within the retry time (5 minutes by default) a failure is not asked again.
    let (conference, talk) = talk_with(vec![image_block(&server.url("/flaky-2.png"), "flaky")]);
    let patient = exporter_with(&cache, false, PictureOptions::default());
    patient.talk(&conference, &talk).expect("export");
    let before = server.hits();
    let again = patient.talk(&conference, &talk).expect("export");
    assert_eq!(again.pictures.missing, 1);
    assert_eq!(server.hits(), before, "no new request");
}

#[test]
fn pictures_in_memory_stay_within_their_byte_limit_and_an_evicted_one_is_read_again() {
    let tmp = tempfile::tempdir().expect("temp dir");

    let dir = tmp.path().join("memo-limit");
    std::fs::create_dir_all(&dir).expect("dir");
    for name in ["a.png", "b.png", "c.png"] {
        std::fs::write(dir.join(name), picture(100, 100, ImageFormat::Png)).expect("write");
    }
    // Room for about one 100 × 100 RGB picture (30,000 bytes of pixels).
    let limit = 40_000;
    let exporter = exporter_with(
        &dir.join("cache"),
        true,
        PictureOptions {
            memo_bytes: limit,
            ..PictureOptions::default()
        },
    );
    let notes = dir.join("notes.md");
    let (conference, first) = talk_in(notes.clone(), vec![image_block("a.png", "a")]);
    let (_, second) = talk_in(
        notes,
        vec![image_block("b.png", "b"), image_block("c.png", "c")],
    );
    let rendered = exporter.talk(&conference, &first).expect("export");
    assert_eq!(
        images(&rendered.bytes),
        vec![(100, 100, "FlateDecode".to_string())]
    );
    exporter.talk(&conference, &second).expect("export");
    let held = exporter.pictures().memory_bytes();
    assert!(held <= limit, "{held} bytes of pictures kept");
    assert!(held > 0);

    // a.png made way for the others: a change to it is seen.
    std::fs::write(dir.join("a.png"), picture(50, 40, ImageFormat::Png)).expect("write");
    let again = exporter.talk(&conference, &first).expect("export");
    assert_eq!(
        images(&again.bytes),
        vec![(50, 40, "FlateDecode".to_string())]
    );
}
