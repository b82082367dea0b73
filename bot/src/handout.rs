//! `/handout` on Discord: PDFs are made by a bounded number of blocking tasks, with one
//! exporter per layout (fonts parsed once) and a cache per (notes version, talk, layout), so
//! that a flood of requests neither saturates the CPU nor delays the gateway's heartbeats.

use crate::chat;
use crate::reply::Reply;
use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use talk_export::{ExportError, Exporter, Layout, Rendered};
use talk_notes::search::TalkIndex;
use talk_notes::{Conference, Talk};
use tokio::sync::Semaphore;

/// PDFs made at the same time, at most (the machine keeps cores for the gateway).
pub const CONCURRENT_RENDERS: usize = 2;
/// PDFs kept in the cache, at most.
pub const CACHED_PDFS: usize = 64;

type CacheKey = (u64, String, String);

/// The shared PDF maker of the bot.
pub struct Handouts {
    renders: Semaphore,
    exporters: Mutex<HashMap<String, Arc<Exporter>>>,
    cache: Mutex<HashMap<CacheKey, Rendered>>,
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
    /// A maker that runs at most `concurrent` renders at once.
    pub fn new(concurrent: usize) -> Self {
        Handouts {
            renders: Semaphore::new(concurrent.max(1)),
            exporters: Mutex::default(),
            cache: Mutex::default(),
            made: AtomicUsize::new(0),
            running: AtomicUsize::new(0),
            most_running: AtomicUsize::new(0),
        }
    }

    /// The `/handout` reply for `talk` in `layout`, from notes of `version` (which changes on
    /// every reload). Waits for a free render slot, then renders off the async workers.
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
        let made = tokio::task::spawn_blocking(move || {
            chat::pdf::handout_reply_with(&index, &talk, layout.as_deref(), &|c, t, l| {
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
        if let Some(pdf) = lock(&self.cache).get(&key) {
            return Ok(pdf.clone());
        }
        let running = self.running.fetch_add(1, Ordering::SeqCst) + 1;
        self.most_running.fetch_max(running, Ordering::SeqCst);
        let rendered = self.exporter(layout).and_then(|e| e.talk(conference, talk));
        self.running.fetch_sub(1, Ordering::SeqCst);
        let pdf = rendered?;
        self.made.fetch_add(1, Ordering::SeqCst);
        let mut cache = lock(&self.cache);
        // PDFs of older notes are never asked for again.
        cache.retain(|(v, _, _), _| *v == version);
        if cache.len() >= CACHED_PDFS {
            cache.clear();
        }
        cache.insert(key, pdf.clone());
        Ok(pdf)
    }

    fn exporter(&self, layout: Layout) -> Result<Arc<Exporter>, ExportError> {
        let name = format!("{layout:?}");
        if let Some(exporter) = lock(&self.exporters).get(&name) {
            return Ok(exporter.clone());
        }
        let options = talk_export::Options {
            layout,
            ..talk_export::Options::default()
        };
        let exporter = Arc::new(Exporter::new(options)?);
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
        let dir = std::env::temp_dir().join(format!("talkbot-outside-{}", std::process::id()));
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
        std::fs::remove_dir_all(&dir).ok();
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
