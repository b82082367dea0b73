//! `/handout` on Discord: PDFs are made by a bounded number of blocking tasks, with one
//! exporter per layout (fonts parsed once, pictures shared) and a cache per (notes version,
//! talk, layout), so that a flood of requests neither saturates the CPU nor delays the
//! gateway's heartbeats. Both caches are bounded in bytes (the least recently used entries go
//! first) and a reload of the notes empties them.

use crate::chat;
use crate::reply::Reply;
use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use talk_export::picture_source::PictureSource;
use talk_export::{ExportError, Exporter, Layout, Options, PictureOptions, Rendered};
use talk_notes::search::TalkIndex;
use talk_notes::{Conference, Talk};
use tokio::sync::Semaphore;

/// PDFs made at the same time, at most (the machine keeps cores for the gateway).
pub const CONCURRENT_RENDERS: usize = 2;
/// PDFs kept in the cache, at most.
pub const CACHED_PDFS: usize = 64;
/// Bytes of PDFs kept in the cache, at most (the least recently asked for go first).
pub const CACHED_PDF_BYTES: u64 = 32 * 1024 * 1024;

type CacheKey = (u64, String, String);

/// Made PDFs by (notes version, talk, layout), bounded in count and bytes.
#[derive(Default)]
struct PdfCache {
    entries: HashMap<CacheKey, (Rendered, u64)>,
    bytes: u64,
    clock: u64,
    /// The newest notes version seen; PDFs of older ones are never asked for again.
    newest: Option<u64>,
}

impl PdfCache {
    fn get(&mut self, key: &CacheKey) -> Option<Rendered> {
        self.clock += 1;
        let clock = self.clock;
        let (pdf, last_used) = self.entries.get_mut(key)?;
        *last_used = clock;
        Some(pdf.clone())
    }

    /// Keeps `pdf`, dropping the least recently used PDFs until both limits hold.
    fn insert(&mut self, key: CacheKey, pdf: &Rendered, max_bytes: u64) {
        let size = pdf.bytes.len() as u64;
        if self.newest.is_some_and(|n| key.0 < n) || size > max_bytes {
            return;
        }
        while !self.entries.is_empty()
            && (self.entries.len() >= CACHED_PDFS || self.bytes + size > max_bytes)
        {
            let oldest = self
                .entries
                .iter()
                .min_by_key(|(_, (_, used))| *used)
                .map(|(key, _)| key.clone());
            if let Some((old, _)) = oldest.and_then(|key| self.entries.remove(&key)) {
                self.bytes -= old.bytes.len() as u64;
            }
        }
        self.clock += 1;
        self.bytes += size;
        if let Some((old, _)) = self.entries.insert(key, (pdf.clone(), self.clock)) {
            self.bytes -= old.bytes.len() as u64;
        }
    }

    /// Drops the PDFs of notes older than `version`; true when `version` is new.
    fn advance(&mut self, version: u64) -> bool {
        if self.newest.is_some_and(|n| version <= n) {
            return false;
        }
        self.newest = Some(version);
        let mut bytes = self.bytes;
        self.entries.retain(|(v, _, _), (pdf, _)| {
            let keep = *v >= version;
            if !keep {
                bytes -= pdf.bytes.len() as u64;
            }
            keep
        });
        self.bytes = bytes;
        true
    }
}

/// The shared PDF maker of the bot.
pub struct Handouts {
    /// How PDFs are made (the `[export]` settings); the layout is the one used when none is
    /// asked for.
    options: Options,
    renders: Semaphore,
    /// The pictures of every layout's exporter, kept in memory once.
    pictures: Arc<PictureSource>,
    exporters: Mutex<HashMap<String, Arc<Exporter>>>,
    cache: Mutex<PdfCache>,
    max_pdf_bytes: u64,
    made: AtomicUsize,
    running: AtomicUsize,
    most_running: AtomicUsize,
}

impl Default for Handouts {
    fn default() -> Self {
        Handouts::new(CONCURRENT_RENDERS)
    }
}

impl Handouts {
    /// A maker that runs at most `concurrent` renders at once, with the default limits
    /// ([`CACHED_PDF_BYTES`], [`PictureOptions::default`]).
    pub fn new(concurrent: usize) -> Self {
        Handouts::with_limits(concurrent, CACHED_PDF_BYTES, PictureOptions::default())
    }

    /// A maker that runs at most `concurrent` renders at once, keeps at most `max_pdf_bytes`
    /// of PDFs and takes its pictures with `pictures` (whose `memo_bytes` bounds the pictures
    /// kept in memory).
    pub fn with_limits(concurrent: usize, max_pdf_bytes: u64, pictures: PictureOptions) -> Self {
        Handouts::with_options(
            concurrent,
            max_pdf_bytes,
            Options {
                pictures,
                ..Options::default()
            },
        )
    }

    /// A maker that runs at most `concurrent` renders at once, keeps at most `max_pdf_bytes` of
    /// PDFs and makes them with `options` (from the `[export]` settings: fonts, theme, paper,
    /// pictures, and the layout when none is asked for). Local pictures outside the notes
    /// folder are never read, whatever `options` say: the PDFs go to Discord users.
    pub fn with_options(concurrent: usize, max_pdf_bytes: u64, mut options: Options) -> Self {
        options.pictures.allow_outside = false;
        Handouts {
            renders: Semaphore::new(concurrent.max(1)),
            pictures: Arc::new(PictureSource::new(options.pictures.clone())),
            options,
            exporters: Mutex::default(),
            cache: Mutex::default(),
            max_pdf_bytes,
            made: AtomicUsize::new(0),
            running: AtomicUsize::new(0),
            most_running: AtomicUsize::new(0),
        }
    }

    /// The `/handout` reply for `talk` in `layout` (the `[export]` layout when `None`), from
    /// notes of `version` (which changes on every reload). Waits for a free render slot, then renders off the async workers.
    pub async fn answer(
        self: &Arc<Self>,
        index: Arc<TalkIndex>,
        version: u64,
        talk: String,
        layout: Option<String>,
    ) -> Reply {
        let Ok(_permit) = self.renders.acquire().await else {
            return Reply::text("Sorry, the PDF could not be made.");
        };
        let this = Arc::clone(self);
        let layout = layout.unwrap_or_else(|| self.options.layout.to_string());
        let made = tokio::task::spawn_blocking(move || {
            chat::pdf::handout_reply_with(&index, &talk, Some(&layout), &|c, t, l| {
                this.render(version, c, t, l)
            })
            .fit_discord_limits()
        })
        .await;
        made.unwrap_or_else(|error| {
            tracing::error!(%error, "/handout failed");
            Reply::text("Sorry, the PDF could not be made.")
        })
    }

    /// How many PDFs were rendered (cache misses) so far.
    pub fn rendered(&self) -> usize {
        self.made.load(Ordering::SeqCst)
    }

    /// The most renders that ran at the same time so far.
    pub fn most_at_once(&self) -> usize {
        self.most_running.load(Ordering::SeqCst)
    }

    /// Bytes held by the cached PDFs and the pictures kept in memory.
    pub fn cached_bytes(&self) -> (u64, u64) {
        (lock(&self.cache).bytes, self.pictures.memory_bytes())
    }

    /// The notes were reloaded as `version`: the PDFs of older notes and the pictures kept in
    /// memory (local ones may have changed) are dropped. Also done by the first request for
    /// a new version.
    pub fn forget_before(&self, version: u64) {
        if lock(&self.cache).advance(version) {
            self.pictures.forget();
        }
    }

    fn render(
        &self,
        version: u64,
        conference: &Conference,
        talk: &Talk,
        layout: Layout,
    ) -> Result<Rendered, ExportError> {
        let key = (
            version,
            format!("{}#{}", conference.file.display(), talk.slug),
            format!("{layout:?}"),
        );
        self.forget_before(version);
        if let Some(pdf) = lock(&self.cache).get(&key) {
            return Ok(pdf);
        }
        let running = self.running.fetch_add(1, Ordering::SeqCst) + 1;
        self.most_running.fetch_max(running, Ordering::SeqCst);
        let rendered = self.exporter(layout).and_then(|e| e.talk(conference, talk));
        self.running.fetch_sub(1, Ordering::SeqCst);
        let pdf = rendered?;
        self.made.fetch_add(1, Ordering::SeqCst);
        lock(&self.cache).insert(key, &pdf, self.max_pdf_bytes);
        Ok(pdf)
    }

    fn exporter(&self, layout: Layout) -> Result<Arc<Exporter>, ExportError> {
        let name = format!("{layout:?}");
        if let Some(exporter) = lock(&self.exporters).get(&name) {
            return Ok(exporter.clone());
        }
        let options = Options {
            layout,
            ..self.options.clone()
        };
        let exporter = Arc::new(Exporter::with_pictures(options, self.pictures.clone())?);
        lock(&self.exporters).insert(name, exporter.clone());
        Ok(exporter)
    }
}

/// `reply` as sent to a server that accepts attachments of at most `limit` bytes (0: any size):
/// a PDF larger than that is answered in words instead.
pub fn within_attachment_limit(reply: Reply, limit: usize) -> Reply {
    match reply.file.as_ref().filter(|f| limit > 0 && f.size > limit) {
        Some(file) => Reply::text(format!(
            "The PDF is {:.1} MB, more than the {:.1} MB this server accepts; try `talk-export` on the notes instead.",
            mebibytes(file.size),
            mebibytes(limit)
        )),
        None => reply,
    }
}

fn mebibytes(bytes: usize) -> f64 {
    bytes as f64 / (1024.0 * 1024.0)
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|e| e.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    fn index() -> Arc<TalkIndex> {
        let notes = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("../notes/examples/velocity-london-2018.md");
        let library = talk_notes::load_library(&[notes], &talk_notes::ParseOptions::default())
            .expect("notes");
        Arc::new(TalkIndex::build(library))
    }

    #[test]
    fn a_pdf_over_the_server_limit_is_answered_in_words() {
        let pdf = Reply {
            content: "“Talk” — slides, 3 pages".into(),
            file: Some(crate::reply::Attachment {
                name: "talk.pdf".into(),
                bytes: vec![0; 3 * 1024 * 1024],
                size: 3 * 1024 * 1024,
            }),
            ..Reply::default()
        };
        let refused = within_attachment_limit(pdf.clone(), 1024 * 1024);
        assert_eq!(refused.file, None);
        assert!(
            refused
                .content
                .starts_with("The PDF is 3.0 MB, more than the 1.0 MB"),
            "{}",
            refused.content
        );
        assert_eq!(within_attachment_limit(pdf.clone(), 0), pdf);
        assert_eq!(within_attachment_limit(pdf.clone(), 8 * 1024 * 1024), pdf);
    }

    #[test]
    fn the_bot_never_embeds_a_picture_from_outside_the_notes_folder() {
        let tmp = tempfile::tempdir().expect("temp dir");
        let dir = tmp.path();
        let notes_dir = dir.join("notes");
        std::fs::create_dir_all(&notes_dir).expect("notes folder");
        let fixture =
            PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../export/tests/fixtures/slide.png");
        std::fs::copy(&fixture, dir.join("secret.png")).expect("outside picture");
        std::fs::copy(&fixture, notes_dir.join("inside.png")).expect("inside picture");
        let notes = "# Conf\n\n## Charts\n\n![in](inside.png)\n\n![out](../secret.png)\n";
        let conference = talk_notes::parse_conference(
            notes,
            &notes_dir.join("conf.md"),
            &talk_notes::ParseOptions::default(),
        );
        let talk = conference.talks[0].clone();
        let pdf = Handouts::new(1)
            .render(1, &conference, &talk, Layout::Slides)
            .expect("pdf");
        assert_eq!(pdf.pictures.local, 1, "{:?}", pdf.warnings);
        assert_eq!(pdf.pictures.missing, 1, "{:?}", pdf.warnings);
        assert!(
            pdf.warnings[0].contains("outside the folder"),
            "{:?}",
            pdf.warnings
        );
    }

    /// A notes folder under the temporary folder with `talks` talks of two local pictures
    /// each (`p<talk>a.png`, `p<talk>b.png`), and the conference read from it.
    fn picture_talks(talks: usize) -> (tempfile::TempDir, Conference) {
        let tmp = tempfile::tempdir().expect("temp dir");
        let dir = tmp.path();
        let fixture =
            PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../export/tests/fixtures/slide.png");
        let mut notes = String::from("# Conf\n\n");
        for t in 0..talks {
            for side in ["a", "b"] {
                std::fs::copy(&fixture, dir.join(format!("p{t}{side}.png"))).expect("picture");
            }
            notes.push_str(&format!(
                "## Talk {t}\n\n![first](p{t}a.png)\n\n![second](p{t}b.png)\n\n"
            ));
        }
        let conference = talk_notes::parse_conference(
            &notes,
            &dir.join("conf.md"),
            &talk_notes::ParseOptions::default(),
        );
        (tmp, conference)
    }

    fn offline(dir: &std::path::Path) -> PictureOptions {
        PictureOptions {
            offline: true,
            cache_dir: Some(dir.join("cache")),
            ..PictureOptions::default()
        }
    }

    #[test]
    fn caches_stay_within_their_byte_limits_and_a_reload_empties_them() {
        let (tmp, conference) = picture_talks(8);
        let dir = tmp.path();
        let (pdf_limit, picture_limit) = (200_000, 2_000_000);
        let handouts = Handouts::with_limits(
            1,
            pdf_limit,
            PictureOptions {
                memo_bytes: picture_limit,
                ..offline(dir)
            },
        );
        let mut made = 0;
        for talk in &conference.talks {
            for layout in [Layout::Slides, Layout::Handout(3)] {
                let pdf = handouts.render(1, &conference, talk, layout).expect("pdf");
                assert_eq!(pdf.pictures.local, 2, "{:?}", pdf.warnings);
                made += pdf.bytes.len() as u64;
                let (pdfs, pictures) = handouts.cached_bytes();
                assert!(pdfs <= pdf_limit, "{pdfs} bytes of PDFs cached");
                assert!(
                    pictures <= picture_limit,
                    "{pictures} bytes of pictures kept"
                );
            }
        }
        assert!(
            made > 2 * pdf_limit,
            "the PDFs made exceed the limit: {made}"
        );
        let (pdfs, pictures) = handouts.cached_bytes();
        assert!(pdfs > 0 && pictures > 0, "{pdfs} {pictures}");

        // A reload frees both caches, and a picture changed since is read anew.
        handouts.forget_before(2);
        assert_eq!(handouts.cached_bytes(), (0, 0));
        std::fs::write(dir.join("p0a.png"), b"not a picture any more").expect("write");
        let pdf = handouts
            .render(2, &conference, &conference.talks[0], Layout::Slides)
            .expect("pdf");
        assert_eq!(pdf.pictures.missing, 1, "{:?}", pdf.warnings);
    }

    #[test]
    fn a_missing_picture_is_looked_up_again_after_the_retry_time() {
        let (tmp, conference) = picture_talks(1);
        let dir = tmp.path();
        std::fs::remove_file(dir.join("p0b.png")).expect("remove");
        let handouts = Handouts::with_limits(
            1,
            CACHED_PDF_BYTES,
            PictureOptions {
                retry_failed_after: std::time::Duration::ZERO,
                ..offline(dir)
            },
        );
        let talk = &conference.talks[0];
        let first = handouts
            .render(1, &conference, talk, Layout::Slides)
            .expect("pdf");
        assert_eq!(first.pictures.missing, 1, "{:?}", first.warnings);
        // The picture turns up; the next PDF (another layout, not cached) has it.
        std::fs::copy(dir.join("p0a.png"), dir.join("p0b.png")).expect("copy");
        let next = handouts
            .render(1, &conference, talk, Layout::Handout(1))
            .expect("pdf");
        assert_eq!(next.pictures.local, 2, "{:?}", next.warnings);
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn pdfs_are_cached_per_version_and_renders_are_bounded() {
        let handouts = Arc::new(Handouts::new(2));
        let index = index();
        let first = handouts
            .answer(index.clone(), 1, "kubernetes".into(), None)
            .await;
        let again = handouts
            .answer(index.clone(), 1, "kubernetes".into(), None)
            .await;
        assert!(first.file.is_some(), "{first:?}");
        assert_eq!(first.file, again.file);
        assert_eq!(
            handouts.rendered(),
            1,
            "the second request came from the cache"
        );
        handouts
            .answer(index.clone(), 2, "kubernetes".into(), None)
            .await;
        assert_eq!(handouts.rendered(), 2, "new notes, new PDF");

        // A flood of different requests: never more than two renders at once.
        let talks = [
            "serverless",
            "monorepos",
            "terratest",
            "microservices",
            "kubernetes",
        ];
        let layouts = ["handout-1", "handout-2", "handout-3"];
        let mut tasks = Vec::new();
        for talk in talks {
            for layout in layouts {
                let (handouts, index) = (handouts.clone(), index.clone());
                tasks.push(tokio::spawn(async move {
                    handouts
                        .answer(index, 3, talk.to_string(), Some(layout.to_string()))
                        .await
                }));
            }
        }
        for task in tasks {
            let reply = task.await.expect("task");
            assert!(reply.file.is_some(), "{reply:?}");
        }
        assert!(handouts.most_at_once() <= 2, "{}", handouts.most_at_once());
        assert!(handouts.rendered() > 2);
    }
}

#[cfg(test)]
mod memory_measure {
    use super::*;
    use std::path::PathBuf;

    fn rss_kb(field: &str) -> u64 {
        std::fs::read_to_string("/proc/self/status")
            .unwrap_or_default()
            .lines()
            .find(|l| l.starts_with(field))
            .and_then(|l| l.split_whitespace().nth(1))
            .and_then(|n| n.parse().ok())
            .unwrap_or(0)
    }

    /// Not a check but a measurement, run by hand: the resident memory of the bot's PDF maker
    /// after 20 `/handout`s of talks with six local pictures each, and after a reload.
    /// `TALKBOT_RSS_PICTURE=picture.png cargo test -p talkbot --lib rss_ -- --ignored --nocapture`
    #[test]
    #[ignore = "a measurement; needs TALKBOT_RSS_PICTURE"]
    fn rss_of_twenty_picture_heavy_handouts() {
        let picture = PathBuf::from(std::env::var("TALKBOT_RSS_PICTURE").expect("picture"));
        let tmp = tempfile::tempdir().expect("temp dir");
        let dir = tmp.path();
        let mut notes = String::from("# Conf\n\n");
        for t in 0..20 {
            notes.push_str(&format!("## Talk {t}\n\n"));
            for p in 0..6 {
                std::fs::copy(&picture, dir.join(format!("t{t}p{p}.png"))).expect("copy");
                notes.push_str(&format!("![picture {p}](t{t}p{p}.png)\n\n"));
            }
        }
        let conference = talk_notes::parse_conference(
            &notes,
            &dir.join("conf.md"),
            &talk_notes::ParseOptions::default(),
        );
        let handouts = Handouts::new(2);
        println!("rss start: {} kB", rss_kb("VmRSS:"));
        for talk in &conference.talks {
            let pdf = handouts
                .render(1, &conference, talk, Layout::Slides)
                .expect("pdf");
            assert_eq!(pdf.pictures.local, 6);
        }
        println!("rss after 20 handouts: {} kB", rss_kb("VmRSS:"));
        // The notes are reloaded (version 2) and one handout is asked for.
        handouts
            .render(2, &conference, &conference.talks[0], Layout::Slides)
            .expect("pdf");
        println!(
            "rss after a reload and one more handout: {} kB (peak {} kB)",
            rss_kb("VmRSS:"),
            rss_kb("VmHWM:")
        );
    }
}
