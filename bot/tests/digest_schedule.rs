//! The digest posting loop under tokio's paused clock, with a fake Discord that keeps the
//! messages and honours nonces as Discord does.

use chrono::{DateTime, Duration, Utc};
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use talk_notes::search::TalkIndex;
use talk_notes::{load_library, ParseOptions};
use talkbot::digest::{self, load_state, save_state, Outgoing, PostError, Poster};
use talkbot::settings::DigestSettings;

fn index() -> Arc<TalkIndex> {
    let notes =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../notes/examples/velocity-london-2018.md");
    Arc::new(TalkIndex::build(
        load_library(&[notes], &ParseOptions::default()).expect("notes"),
    ))
}

/// Digest settings whose state file is in `dir`.
fn settings(dir: &std::path::Path) -> DigestSettings {
    DigestSettings {
        enabled: true,
        channel_id: Some(42),
        time: "09:00".into(),
        timezone: "Europe/London".into(),
        state_file: dir.join("state.json"),
        ..DigestSettings::default()
    }
}

/// A wall clock that starts at `start` and follows tokio's (paused) clock.
fn clock(start: &str) -> impl Fn() -> DateTime<Utc> + Clone + Send + Sync + 'static {
    let base = DateTime::parse_from_rfc3339(start)
        .expect("time")
        .with_timezone(&Utc);
    let origin = tokio::time::Instant::now();
    move || base + Duration::from_std(origin.elapsed()).expect("elapsed")
}

/// What the fake Discord answers to the n-th post attempt (1-based).
type Answer = dyn Fn(usize, &Outgoing) -> Result<(), PostError> + Send + Sync;

/// A message the fake Discord accepted, and when.
type Kept = (DateTime<Utc>, Outgoing);

/// A fake Discord channel: keeps accepted messages, drops a resend with a known nonce.
#[derive(Clone)]
struct Fake {
    clock: Arc<dyn Fn() -> DateTime<Utc> + Send + Sync>,
    kept: Arc<Mutex<Vec<Kept>>>,
    attempts: Arc<Mutex<Vec<DateTime<Utc>>>>,
    answer: Arc<Answer>,
}

impl Fake {
    fn new(
        clock: impl Fn() -> DateTime<Utc> + Send + Sync + 'static,
        answer: impl Fn(usize, &Outgoing) -> Result<(), PostError> + Send + Sync + 'static,
    ) -> Self {
        Fake {
            clock: Arc::new(clock),
            kept: Arc::default(),
            attempts: Arc::default(),
            answer: Arc::new(answer),
        }
    }

    fn posts(&self) -> Vec<Kept> {
        self.kept.lock().expect("lock").clone()
    }

    fn times(&self) -> Vec<String> {
        self.posts()
            .iter()
            .map(|(t, _)| t.format("%Y-%m-%d %H:%M").to_string())
            .collect()
    }
}

impl Poster for Fake {
    fn post(
        &self,
        message: &Outgoing,
    ) -> impl std::future::Future<Output = Result<(), PostError>> + Send {
        let this = self.clone();
        let message = message.clone();
        async move {
            let attempt = {
                let mut attempts = this.attempts.lock().expect("lock");
                attempts.push((this.clock)());
                attempts.len()
            };
            (this.answer)(attempt, &message)?;
            let mut kept = this.kept.lock().expect("lock");
            if !kept.iter().any(|(_, m)| m.nonce == message.nonce) {
                kept.push(((this.clock)(), message));
            }
            Ok(())
        }
    }

    fn already_posted(
        &self,
        message: &Outgoing,
    ) -> impl std::future::Future<Output = Result<bool, PostError>> + Send {
        let found = self
            .kept
            .lock()
            .expect("lock")
            .iter()
            .any(|(_, m)| m.nonce == message.nonce);
        async move { Ok(found) }
    }
}

/// Runs the loop for `seconds` of (paused) time against `fake`.
async fn run_for(settings: DigestSettings, fake: &Fake, seconds: u64) {
    let schedule = settings.validate().expect("schedule");
    let clock = fake.clock.clone();
    let task = tokio::spawn(digest::run(
        settings,
        schedule,
        index,
        move || clock(),
        fake.clone(),
    ));
    tokio::time::sleep(std::time::Duration::from_secs(seconds)).await;
    task.abort();
}

const DAY: u64 = 86_400;

#[tokio::test(start_paused = true)]
async fn nine_o_clock_london_through_the_spring_change() {
    // Friday 28 March 2025, 08:30 UTC; clocks go forward on Sunday the 30th.
    let fake = Fake::new(clock("2025-03-28T08:30:00Z"), |_, _| Ok(()));
    let tmp = tempfile::tempdir().expect("temp dir");
    run_for(settings(tmp.path()), &fake, 4 * DAY).await;
    assert_eq!(
        fake.times(),
        ["2025-03-28 09:00", "2025-03-31 08:00", "2025-04-01 08:00"]
    );
    let posts = fake.posts();
    let titles: Vec<&str> = posts
        .iter()
        .map(|(_, m)| {
            assert_eq!(m.channel, 42);
            m.reply.embeds[0].title.as_str()
        })
        .collect();
    assert_eq!(
        titles[0],
        "A global source of truth for the microservices generation"
    );
    assert_eq!(titles[1], "Securing serverless - By breaking in");
    assert_eq!(
        posts[0].1.reply.embeds[0].footer.as_deref(),
        Some("talk 1 of 9")
    );
}

#[tokio::test(start_paused = true)]
async fn nine_o_clock_london_through_the_autumn_change() {
    // Friday 24 October 2025 (BST, 08:00 UTC); clocks go back on Sunday the 26th.
    let fake = Fake::new(clock("2025-10-24T07:00:00Z"), |_, _| Ok(()));
    let tmp = tempfile::tempdir().expect("temp dir");
    run_for(settings(tmp.path()), &fake, 5 * DAY).await;
    assert_eq!(
        fake.times(),
        ["2025-10-24 08:00", "2025-10-27 09:00", "2025-10-28 09:00"]
    );
}

#[tokio::test(start_paused = true)]
async fn a_restart_inside_the_posting_minute_does_not_post_again() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let settings = settings(tmp.path());
    let fake = Fake::new(clock("2025-06-02T07:59:50Z"), |_, _| Ok(()));
    run_for(settings.clone(), &fake, 30).await;
    assert_eq!(fake.posts().len(), 1, "posted at 09:00 London");
    let state = load_state(&settings.state_file).expect("state");
    assert_eq!(
        state.last_posted.map(|d| d.to_string()).as_deref(),
        Some("2025-06-02")
    );
    assert_eq!(state.pending, None);
    let again = Fake::new(clock("2025-06-02T08:00:30Z"), |_, _| Ok(()));
    run_for(settings, &again, 600).await;
    assert!(again.posts().is_empty(), "the restart posted a second time");
}

#[tokio::test(start_paused = true)]
async fn an_unsaved_state_never_posts_twice_in_one_process() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let mut settings = settings(tmp.path());
    // The state file's folder is gone: every save fails, as on a full disk or a folder made
    // read-only after the start check.
    settings.state_file = settings
        .state_file
        .with_file_name("gone")
        .join("state.json");
    let fake = Fake::new(clock("2025-06-02T07:59:00Z"), |_, _| Ok(()));
    run_for(settings, &fake, 13 * 3600).await;
    assert_eq!(fake.times(), ["2025-06-02 08:00"]);
}

#[tokio::test(start_paused = true)]
async fn a_post_interrupted_after_its_intent_is_finished_by_the_restart_with_the_same_nonce() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let settings = settings(tmp.path());
    // The first run dies on its post: the intent is on disk, nothing reached Discord.
    let dying = Fake::new(clock("2025-06-02T07:59:50Z"), |_, _| {
        Err(PostError::retry("connection reset"))
    });
    run_for(settings.clone(), &dying, 12).await;
    let state = load_state(&settings.state_file).expect("state");
    let pending = state.pending.clone().expect("the intent is recorded");
    assert!(dying.posts().is_empty());
    assert_eq!(state.last_posted, None);

    // Restart: the same talks go out, with the same nonce, once.
    let restarted = Fake::new(clock("2025-06-02T08:05:00Z"), |_, _| Ok(()));
    run_for(settings.clone(), &restarted, 600).await;
    let posts = restarted.posts();
    assert_eq!(posts.len(), 1);
    assert_eq!(posts[0].1.nonce, digest::nonce(pending.date, 42));
    let state = load_state(&settings.state_file).expect("state");
    assert_eq!(state.pending, None);
    assert_eq!(state.shown, pending.talks);

    // Killed after Discord had the message but before the state said so: the restart finds
    // it (same nonce) and posts nothing.
    let mut unfinished = state.clone();
    unfinished.last_posted = None;
    unfinished.pending = Some(pending);
    save_state(&settings.state_file, &unfinished).expect("save");
    let second = restarted.clone();
    let before = second.posts().len();
    run_for(settings.clone(), &second, 600).await;
    assert_eq!(
        second.posts().len(),
        before,
        "a resend created a second message"
    );
    let state = load_state(&settings.state_file).expect("state");
    assert!(state.pending.is_none() && state.last_posted.is_some());
}

#[tokio::test(start_paused = true)]
async fn retries_wait_1_2_4_8_seconds_or_what_discord_says() {
    let fake = Fake::new(clock("2025-06-02T07:59:59Z"), |attempt, _| {
        if attempt <= 4 {
            Err(PostError::retry("502"))
        } else {
            Ok(())
        }
    });
    let tmp = tempfile::tempdir().expect("temp dir");
    run_for(settings(tmp.path()), &fake, 60).await;
    let attempts = fake.attempts.lock().expect("lock").clone();
    let gaps: Vec<i64> = attempts
        .windows(2)
        .map(|w| (w[1] - w[0]).num_seconds())
        .collect();
    assert_eq!(gaps, [1, 2, 4, 8]);
    assert_eq!(fake.posts().len(), 1);

    let fake = Fake::new(clock("2025-06-02T07:59:59Z"), |attempt, _| {
        if attempt == 1 {
            Err(PostError::Retry {
                why: "429".into(),
                after: Some(std::time::Duration::from_secs(30)),
            })
        } else {
            Ok(())
        }
    });
    let tmp = tempfile::tempdir().expect("temp dir");
    run_for(settings(tmp.path()), &fake, 120).await;
    let attempts = fake.attempts.lock().expect("lock").clone();
    assert_eq!((attempts[1] - attempts[0]).num_seconds(), 30);
}

#[tokio::test(start_paused = true)]
async fn missing_access_is_retried_later_and_never_counts_as_shown() {
    // 403 every time: nothing posted, the talk is not counted as shown, the day is not
    // marked as done, and it is tried again a few times within the catch-up window.
    let tmp = tempfile::tempdir().expect("temp dir");
    let settings = settings(tmp.path());
    let fake = Fake::new(clock("2025-06-02T07:59:00Z"), |_, _| {
        Err(PostError::Fatal("403 Missing Access".into()))
    });
    run_for(settings.clone(), &fake, 3600).await;
    assert!(fake.posts().is_empty());
    let tries = fake.attempts.lock().expect("lock").len();
    assert!((3..=6).contains(&tries), "{tries} tries in an hour");
    let state = load_state(&settings.state_file).expect("state");
    assert!(state.shown.is_empty(), "{state:?}");
    assert_eq!(state.last_posted, None);

    // Access granted later that morning: the day's digest goes out once.
    let granted = Fake::new(clock("2025-06-02T10:00:00Z"), |_, _| Ok(()));
    run_for(settings, &granted, 3600).await;
    assert_eq!(granted.times(), ["2025-06-02 10:00"]);
}

#[tokio::test(start_paused = true)]
async fn a_rejected_embed_goes_as_plain_text_and_the_rotation_moves_on() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let settings = settings(tmp.path());
    let fake = Fake::new(clock("2025-06-02T07:59:00Z"), |_, message| {
        if message.reply.embeds.is_empty() {
            Ok(())
        } else {
            Err(PostError::Rejected("400 Invalid Form Body".into()))
        }
    });
    run_for(settings.clone(), &fake, 2 * DAY).await;
    let posts = fake.posts();
    assert_eq!(posts.len(), 2, "{:?}", fake.times());
    assert!(posts[0]
        .1
        .reply
        .content
        .contains("A global source of truth"));
    assert!(posts[1].1.reply.content.contains("Securing serverless"));

    // Rejected even as text: the talk is skipped, the next day shows the next one.
    let tmp = tempfile::tempdir().expect("temp dir");
    let settings = self::settings(tmp.path());
    let fake = Fake::new(clock("2025-06-02T07:59:00Z"), |_, message| {
        if message.reply.to_text().contains("A global source of truth") {
            Err(PostError::Rejected("400".into()))
        } else {
            Ok(())
        }
    });
    run_for(settings, &fake, 2 * DAY).await;
    let posts = fake.posts();
    assert_eq!(posts.len(), 1, "{:?}", fake.times());
    assert_eq!(
        posts[0].1.reply.embeds[0].title,
        "Securing serverless - By breaking in"
    );
}
