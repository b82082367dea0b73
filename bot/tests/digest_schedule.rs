//! The digest posting loop under tokio's paused clock, with a fake Discord.

use chrono::{DateTime, Duration, Utc};
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use talk_notes::search::TalkIndex;
use talk_notes::{load_library, ParseOptions};
use talkbot::digest::{self, load_state, PostError};
use talkbot::reply::Reply;
use talkbot::settings::DigestSettings;

fn index() -> Arc<TalkIndex> {
    let notes =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../notes/examples/velocity-london-2018.md");
    Arc::new(TalkIndex::build(
        load_library(&[notes], &ParseOptions::default()).expect("notes"),
    ))
}

fn settings(test: &str) -> DigestSettings {
    let dir =
        std::env::temp_dir().join(format!("talkbot-digest-loop-{test}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("dir");
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
fn clock(start: &str) -> impl Fn() -> DateTime<Utc> + Clone {
    let base = DateTime::parse_from_rfc3339(start)
        .expect("time")
        .with_timezone(&Utc);
    let origin = tokio::time::Instant::now();
    move || base + Duration::from_std(origin.elapsed()).expect("elapsed")
}

type Posts = Arc<Mutex<Vec<(DateTime<Utc>, u64, Reply)>>>;

async fn run_for(
    settings: DigestSettings,
    now: impl Fn() -> DateTime<Utc> + Clone + Send + Sync + 'static,
    days: i64,
    answer: impl Fn(usize) -> Result<(), PostError> + Send + Sync + 'static,
) -> Posts {
    let posts: Posts = Arc::default();
    let schedule = settings.schedule().expect("schedule");
    let recorded = posts.clone();
    let attempts = Arc::new(Mutex::new(0usize));
    let answer = Arc::new(answer);
    let clock = now.clone();
    let task = tokio::spawn(digest::run(
        settings,
        schedule,
        index,
        now,
        move |channel, reply| {
            let (recorded, attempts, answer, clock) = (
                recorded.clone(),
                attempts.clone(),
                answer.clone(),
                clock.clone(),
            );
            async move {
                let attempt = {
                    let mut a = attempts.lock().expect("lock");
                    *a += 1;
                    *a
                };
                let result = answer(attempt);
                if result.is_ok() {
                    recorded
                        .lock()
                        .expect("lock")
                        .push((clock(), channel, reply));
                }
                result
            }
        },
    ));
    tokio::time::sleep(std::time::Duration::from_secs(
        u64::try_from(days).expect("days") * 86_400,
    ))
    .await;
    task.abort();
    posts
}

fn times(posts: &Posts) -> Vec<String> {
    posts
        .lock()
        .expect("lock")
        .iter()
        .map(|(t, _, _)| t.format("%Y-%m-%d %H:%M").to_string())
        .collect()
}

#[tokio::test(start_paused = true)]
async fn nine_o_clock_london_through_the_spring_change() {
    // Friday 28 March 2025, 08:30 UTC; clocks go forward on Sunday the 30th.
    let posts = run_for(settings("spring"), clock("2025-03-28T08:30:00Z"), 4, |_| {
        Ok(())
    })
    .await;
    assert_eq!(
        times(&posts),
        ["2025-03-28 09:00", "2025-03-31 08:00", "2025-04-01 08:00"]
    );
    let titles: Vec<String> = posts
        .lock()
        .expect("lock")
        .iter()
        .map(|(_, c, r)| {
            assert_eq!(*c, 42);
            r.embeds[0].title.clone()
        })
        .collect();
    assert_eq!(
        titles[0],
        "A global source of truth for the microservices generation"
    );
    assert_eq!(titles[1], "Securing serverless - By breaking in");
    let first = &posts.lock().expect("lock")[0].2;
    assert_eq!(first.embeds[0].footer.as_deref(), Some("talk 1 of 9"));
}

#[tokio::test(start_paused = true)]
async fn nine_o_clock_london_through_the_autumn_change() {
    // Friday 24 October 2025 (BST, 08:00 UTC); clocks go back on Sunday the 26th.
    let posts = run_for(settings("autumn"), clock("2025-10-24T07:00:00Z"), 5, |_| {
        Ok(())
    })
    .await;
    assert_eq!(
        times(&posts),
        ["2025-10-24 08:00", "2025-10-27 09:00", "2025-10-28 09:00"]
    );
}

#[tokio::test(start_paused = true)]
async fn a_restart_inside_the_posting_minute_does_not_post_again() {
    let settings = settings("restart");
    let first = run_for(settings.clone(), clock("2025-06-02T07:59:50Z"), 0, |_| {
        Ok(())
    })
    .await;
    assert!(first.lock().expect("lock").is_empty());
    // Run until 08:00:20 (09:00:20 London), then "restart" at 08:00:30 with the same state.
    let posts: Posts = Arc::default();
    let schedule = settings.schedule().expect("schedule");
    let now = clock("2025-06-02T07:59:50Z");
    let recorded = posts.clone();
    let task = tokio::spawn(digest::run(
        settings.clone(),
        schedule.clone(),
        index,
        now.clone(),
        move |channel, reply| {
            let recorded = recorded.clone();
            async move {
                recorded
                    .lock()
                    .expect("lock")
                    .push((Utc::now(), channel, reply));
                Ok(())
            }
        },
    ));
    tokio::time::sleep(std::time::Duration::from_secs(30)).await;
    task.abort();
    assert_eq!(
        posts.lock().expect("lock").len(),
        1,
        "posted at 09:00 London"
    );
    let state = load_state(&settings.state_file).expect("state");
    assert_eq!(
        state.last_posted.map(|d| d.to_string()).as_deref(),
        Some("2025-06-02")
    );
    let again = run_for(settings.clone(), clock("2025-06-02T08:00:30Z"), 0, |_| {
        Ok(())
    })
    .await;
    tokio::time::sleep(std::time::Duration::from_secs(600)).await;
    assert!(
        again.lock().expect("lock").is_empty(),
        "the restart posted a second time"
    );
}

#[tokio::test(start_paused = true)]
async fn rate_limits_are_retried_and_missing_access_gives_up_for_the_day() {
    // Two 429s, then accepted.
    let posts = run_for(
        settings("retry"),
        clock("2025-06-02T07:59:00Z"),
        1,
        |attempt| {
            if attempt <= 2 {
                Err(PostError::Retry("429".into()))
            } else {
                Ok(())
            }
        },
    )
    .await;
    assert_eq!(posts.lock().expect("lock").len(), 1);

    // 403 every time: nothing posted, and the talk is not counted as shown.
    let settings = settings("forbidden");
    let posts = run_for(settings.clone(), clock("2025-06-02T07:59:00Z"), 1, |_| {
        Err(PostError::Fatal("403 Missing Access".into()))
    })
    .await;
    assert!(posts.lock().expect("lock").is_empty());
    let state = load_state(&settings.state_file).expect("state");
    assert!(state.shown.is_empty(), "{state:?}");
}
