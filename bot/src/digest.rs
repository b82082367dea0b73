//! The daily talk digest, as plain functions: when to post (a local time on chosen weekdays,
//! across daylight-saving changes), which talks come next (every talk once before any repeats),
//! and the state file that remembers what was posted (written atomically).
//!
//! [`run`] is the posting loop; it takes the clock and the poster as arguments, so that tests
//! drive it with tokio's paused clock and a fake Discord.

use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveTime, TimeZone, Utc, Weekday};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};
use std::collections::HashSet;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::chat::talk_embed;
use crate::reply::Reply;
use crate::settings::DigestSettings;
use talk_notes::search::TalkIndex;
use talk_notes::synth::Rng;
use talk_notes::{Conference, Talk};

/// Key points in a digest embed.
pub const DIGEST_KEY_POINTS: usize = 3;

/// When digests are posted: a local time on some weekdays in one time zone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Schedule {
    /// Local time of day.
    pub time: NaiveTime,
    /// IANA time zone.
    pub timezone: Tz,
    /// Posting days.
    pub days: Vec<Weekday>,
}

/// Why a schedule setting is wrong.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum ScheduleError {
    /// `digest.time` is not `HH:MM`.
    #[error("digest.time is {0:?}, expected a time like \"09:00\"")]
    Time(String),
    /// `digest.timezone` is not an IANA zone.
    #[error("digest.timezone is {0:?}, expected an IANA time zone such as \"Europe/London\"")]
    Timezone(String),
    /// A `digest.days` entry is not a weekday.
    #[error("digest.days has {0:?}, expected weekdays such as Mon, Tue, Wed")]
    Day(String),
}

impl Schedule {
    /// Reads `time` ("09:00"), `timezone` ("Europe/London") and `days` (["Mon", "Tue"]).
    pub fn parse(time: &str, timezone: &str, days: &[String]) -> Result<Self, ScheduleError> {
        let time = NaiveTime::parse_from_str(time.trim(), "%H:%M")
            .or_else(|_| NaiveTime::parse_from_str(time.trim(), "%H:%M:%S"))
            .map_err(|_| ScheduleError::Time(time.to_string()))?;
        let timezone: Tz = timezone
            .trim()
            .parse()
            .map_err(|_| ScheduleError::Timezone(timezone.to_string()))?;
        let days = days
            .iter()
            .map(|d| {
                d.trim()
                    .parse::<Weekday>()
                    .map_err(|_| ScheduleError::Day(d.clone()))
            })
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Schedule {
            time,
            timezone,
            days,
        })
    }

    /// The instant of the posting slot on local `date`, if `date` is a posting day. A time that
    /// does not exist that day (skipped by a daylight-saving change) moves to the first minute
    /// after the gap; a time that happens twice is taken the first time.
    pub fn slot_on(&self, date: NaiveDate) -> Option<DateTime<Utc>> {
        if !self.days.contains(&date.weekday()) {
            return None;
        }
        let local = date.and_time(self.time);
        // A gap is at most a few hours: try the following minutes until one exists.
        (0..=240).find_map(|minutes| {
            self.timezone
                .from_local_datetime(&(local + Duration::minutes(minutes)))
                .earliest()
                .map(|t| t.with_timezone(&Utc))
        })
    }

    /// The first slot strictly after `after`.
    pub fn next_slot(&self, after: DateTime<Utc>) -> Option<DateTime<Utc>> {
        let today = after.with_timezone(&self.timezone).date_naive();
        (0..8)
            .filter_map(|d| self.slot_on(today + Duration::days(d)))
            .find(|slot| *slot > after)
    }

    /// The posting day whose slot is due at `now`: the latest slot at or before `now`, when it
    /// was at most `catch_up` ago and that day has not been posted yet. A bot that was down
    /// posts once when it comes back, never a flood of missed days.
    pub fn due(
        &self,
        now: DateTime<Utc>,
        last_posted: Option<NaiveDate>,
        catch_up: Duration,
    ) -> Option<NaiveDate> {
        let today = now.with_timezone(&self.timezone).date_naive();
        let (date, slot) = (0..8)
            .map(|d| today - Duration::days(d))
            .filter_map(|date| self.slot_on(date).map(|slot| (date, slot)))
            .find(|(_, slot)| *slot <= now)?;
        let fresh = now - slot <= catch_up;
        let already = last_posted.is_some_and(|last| last >= date);
        (fresh && !already).then_some(date)
    }
}

/// In which order talks come.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Order {
    /// The order of the notes.
    #[default]
    Notes,
    /// A fixed shuffle (same seed, same order), a new one each round.
    Shuffled,
}

/// What has been posted: the state file's content.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, Serialize)]
pub struct DigestState {
    /// Format version; a file of another version is moved aside.
    pub version: u32,
    /// The last local date a digest was posted for.
    pub last_posted: Option<NaiveDate>,
    /// Keys of the talks shown in the current round.
    pub shown: Vec<String>,
    /// How many full rounds were completed (changes the shuffle).
    pub round: u32,
}

/// The state file format this version writes.
pub const STATE_VERSION: u32 = 1;

/// The next `count` talks of the rotation among `talks` (stable keys, in notes order), and the
/// state after showing them. Every talk is shown once before any repeats; talks added to the
/// notes join the current round, removed ones leave it.
pub fn next_talks(
    talks: &[String],
    state: &DigestState,
    count: usize,
    order: Order,
    seed: u64,
) -> (Vec<String>, DigestState) {
    let mut state = state.clone();
    state.version = STATE_VERSION;
    let present: HashSet<&String> = talks.iter().collect();
    state.shown.retain(|key| present.contains(key));
    let mut picked = Vec::new();
    let count = count.min(talks.len());
    while picked.len() < count {
        let shown: HashSet<&String> = state.shown.iter().collect();
        let next = ordered(talks, order, seed, state.round)
            .into_iter()
            .find(|key| !shown.contains(key) && !picked.contains(key));
        match next {
            Some(key) => {
                state.shown.push(key.clone());
                picked.push(key);
            }
            None => {
                // Everything was shown: a new round starts.
                state.shown.clear();
                state.round += 1;
            }
        }
    }
    (picked, state)
}

/// `talks` in the order of this round.
fn ordered(talks: &[String], order: Order, seed: u64, round: u32) -> Vec<String> {
    let mut list = talks.to_vec();
    if order == Order::Shuffled {
        // Fisher–Yates, deterministic for a seed and round.
        let mut rng = Rng(seed ^ u64::from(round).wrapping_mul(0x9E37_79B9_7F4A_7C15));
        for i in (1..list.len()).rev() {
            list.swap(i, rng.below(i + 1));
        }
    }
    list
}

/// Why the state file could not be used.
#[derive(Debug, thiserror::Error)]
pub enum StateError {
    /// Reading or writing failed.
    #[error("digest state {path}: {source}")]
    Io {
        /// The state file.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
}

/// Reads the state file. A missing file is a fresh state; a corrupt file or one of another
/// version is moved aside (to `<file>.corrupt`) with a warning, and the rotation restarts.
pub fn load_state(path: &Path) -> Result<DigestState, StateError> {
    let text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(DigestState::default()),
        Err(source) => {
            return Err(StateError::Io {
                path: path.to_path_buf(),
                source,
            })
        }
    };
    match serde_json::from_str::<DigestState>(&text) {
        Ok(state) if state.version == STATE_VERSION => Ok(state),
        outcome => {
            let why = match outcome {
                Ok(state) => format!("version {} (expected {STATE_VERSION})", state.version),
                Err(error) => error.to_string(),
            };
            let aside = path.with_extension("corrupt");
            tracing::warn!(file = %path.display(), %why, aside = %aside.display(), "digest state unreadable; moved aside, the rotation restarts");
            std::fs::rename(path, &aside).map_err(|source| StateError::Io {
                path: path.to_path_buf(),
                source,
            })?;
            Ok(DigestState::default())
        }
    }
}

/// Writes the state file atomically: a temporary file beside it, fsync, rename, fsync of the
/// folder. A crash leaves either the old or the new state, never half of one.
pub fn save_state(path: &Path, state: &DigestState) -> Result<(), StateError> {
    let io = |source| StateError::Io {
        path: path.to_path_buf(),
        source,
    };
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let temp = dir.join(format!(
        ".{}.tmp-{}",
        path.file_name()
            .map(|n| n.to_string_lossy())
            .unwrap_or_default(),
        std::process::id()
    ));
    let json = serde_json::to_vec_pretty(state).map_err(|e| io(std::io::Error::other(e)))?;
    let mut file = std::fs::File::create(&temp).map_err(io)?;
    file.write_all(&json).map_err(io)?;
    file.sync_all().map_err(io)?;
    drop(file);
    std::fs::rename(&temp, path).map_err(io)?;
    if let Ok(folder) = std::fs::File::open(dir) {
        let _ = folder.sync_all();
    }
    Ok(())
}

/// A talk's key in the rotation: its file name and slug, which survive reordering the notes.
pub fn talk_key(conference: &Conference, talk: &Talk) -> String {
    let file = conference
        .file
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    format!("{file}#{}", talk.slug)
}

/// Every talk's key, in notes order.
pub fn all_keys(index: &TalkIndex) -> Vec<String> {
    index
        .library()
        .talks()
        .map(|(c, t)| talk_key(c, t))
        .collect()
}

/// The digest message for the talks `keys`: an embed per talk with its title linked to the
/// conference page, conference, summary, three key points, slides/video links and
/// "talk n of N" in the footer.
pub fn digest_reply(index: &TalkIndex, keys: &[String], date: NaiveDate) -> Reply {
    let library = index.library();
    let total = library.talk_count();
    let mut embeds = Vec::new();
    for (position, (conference, talk)) in library.talks().enumerate() {
        if !keys.contains(&talk_key(conference, talk)) {
            continue;
        }
        let mut embed = talk_embed(conference, talk);
        embed.fields.retain(|f| f.name != "Key points");
        let points = talk_notes::text::key_points(&talk.blocks, DIGEST_KEY_POINTS);
        if !points.is_empty() {
            let value = points
                .iter()
                .map(|p| format!("• {p}"))
                .collect::<Vec<_>>()
                .join("\n");
            embed.fields.insert(
                1,
                crate::reply::Field {
                    name: "Key points".to_string(),
                    value,
                    inline: false,
                },
            );
        }
        embed.footer = Some(format!("talk {} of {total}", position + 1));
        embeds.push(embed);
    }
    Reply {
        content: format!("Talk of the day — {}", date.format("%A %-d %B %Y")),
        embeds,
        ..Reply::default()
    }
    .fit_discord_limits()
}

/// What would be posted on `date` given the state: the talks that come next, or the ones
/// already posted for that date (the state only remembers the last date's talks as shown).
pub fn preview(
    index: &TalkIndex,
    settings: &DigestSettings,
    state: &DigestState,
    date: NaiveDate,
) -> Reply {
    let (picked, _) = next_talks(
        &all_keys(index),
        state,
        settings.talks_per_day.max(1),
        settings.order,
        settings.seed,
    );
    let mut reply = digest_reply(index, &picked, date);
    if state.last_posted.is_some_and(|last| last >= date) {
        reply.content = format!(
            "{} (already posted on {}; this is the next digest)",
            reply.content,
            state.last_posted.map(|d| d.to_string()).unwrap_or_default()
        );
    }
    reply
}

/// The state as it is on disk, without side effects (for previews): unreadable is fresh.
pub fn peek_state(path: &Path) -> DigestState {
    std::fs::read_to_string(path)
        .ok()
        .and_then(|text| serde_json::from_str::<DigestState>(&text).ok())
        .filter(|state| state.version == STATE_VERSION)
        .unwrap_or_default()
}

/// `/digest` and `talkbot digest`: what would be posted on `date` (today when `None`, in the
/// digest's time zone), or a clear "not configured".
pub fn digest_command(
    index: &TalkIndex,
    settings: &DigestSettings,
    date: Option<NaiveDate>,
) -> Reply {
    if !settings.enabled {
        return Reply {
            ephemeral: true,
            ..Reply::text("The daily digest is not configured on this bot (set digest.enabled and digest.channel_id).")
        };
    }
    let schedule = match settings.schedule() {
        Ok(schedule) => schedule,
        Err(error) => return Reply::text(error.to_string()),
    };
    let date = date.unwrap_or_else(|| Utc::now().with_timezone(&schedule.timezone).date_naive());
    preview(index, settings, &peek_state(&settings.state_file), date)
}

/// Why a post failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PostError {
    /// Rate limited or a server error: try again later.
    Retry(String),
    /// Missing access, unknown channel: retrying will not help.
    Fatal(String),
}

/// How many times a post is tried before the day's digest is given up.
pub const POST_ATTEMPTS: u32 = 5;

/// Posts the digest every posting day, for as long as the task runs. `now` gives the time,
/// `index` the current notes, `post` sends one reply to one channel. A day counts as posted
/// only when every channel accepted its post; then the state file is written.
pub async fn run<P, F>(
    settings: DigestSettings,
    schedule: Schedule,
    index: impl Fn() -> Arc<TalkIndex>,
    now: impl Fn() -> DateTime<Utc>,
    post: P,
) where
    P: Fn(u64, Reply) -> F,
    F: std::future::Future<Output = Result<(), PostError>>,
{
    let catch_up = Duration::hours(i64::from(settings.catch_up_hours));
    let channels = settings.channels();
    loop {
        let state = match load_state(&settings.state_file) {
            Ok(state) => state,
            Err(error) => {
                tracing::error!(%error, "cannot read the digest state; not posting");
                DigestState {
                    last_posted: Some(NaiveDate::MAX),
                    ..DigestState::default()
                }
            }
        };
        let current = now();
        if let Some(date) = schedule.due(current, state.last_posted, catch_up) {
            let index = index();
            let (picked, mut next_state) = next_talks(
                &all_keys(&index),
                &state,
                settings.talks_per_day.max(1),
                settings.order,
                settings.seed,
            );
            let reply = digest_reply(&index, &picked, date);
            let mut all_accepted = true;
            for channel in &channels {
                all_accepted &= post_with_retries(&post, *channel, &reply).await;
            }
            // Given up or not, the day is over for this digest: no flood of retries.
            next_state.last_posted = Some(date);
            if all_accepted {
                if let Err(error) = save_state(&settings.state_file, &next_state) {
                    tracing::error!(%error, "digest posted but its state could not be saved");
                }
                tracing::info!(%date, talks = ?picked, "digest posted");
            } else {
                let skipped = DigestState {
                    last_posted: Some(date),
                    ..state
                };
                if let Err(error) = save_state(&settings.state_file, &skipped) {
                    tracing::error!(%error, "could not save the digest state");
                }
            }
        }
        let wait = schedule
            .next_slot(now())
            .map(|slot| (slot - now()).to_std().unwrap_or_default())
            .unwrap_or(std::time::Duration::from_secs(3600));
        // Wake at least every minute, so that a changed clock or state file is noticed.
        tokio::time::sleep(wait.min(std::time::Duration::from_secs(60))).await;
    }
}

async fn post_with_retries<P, F>(post: &P, channel: u64, reply: &Reply) -> bool
where
    P: Fn(u64, Reply) -> F,
    F: std::future::Future<Output = Result<(), PostError>>,
{
    for attempt in 0..POST_ATTEMPTS {
        match post(channel, reply.clone()).await {
            Ok(()) => return true,
            Err(PostError::Retry(why)) => {
                let backoff = std::time::Duration::from_secs(2u64.pow(attempt));
                tracing::warn!(channel, %why, ?backoff, "digest post failed; retrying");
                tokio::time::sleep(backoff).await;
            }
            Err(PostError::Fatal(why)) => {
                tracing::error!(channel, %why, "cannot post the digest: the bot needs View Channel, Send Messages and Embed Links in this channel");
                return false;
            }
        }
    }
    tracing::error!(channel, "digest not posted after {POST_ATTEMPTS} attempts");
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    fn london() -> Schedule {
        let days = ["Mon", "Tue", "Wed", "Thu", "Fri"].map(String::from);
        Schedule::parse("09:00", "Europe/London", &days).expect("schedule")
    }

    fn utc(text: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(text)
            .expect("time")
            .with_timezone(&Utc)
    }

    fn date(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").expect("date")
    }

    #[test]
    fn nine_o_clock_london_stays_nine_across_both_dst_changes() {
        let s = london();
        // Winter (GMT): 09:00 local is 09:00 UTC.
        assert_eq!(
            s.slot_on(date("2025-03-28")),
            Some(utc("2025-03-28T09:00:00Z"))
        );
        // Clocks go forward on Sunday 30 March 2025: Monday 09:00 BST is 08:00 UTC.
        assert_eq!(
            s.next_slot(utc("2025-03-28T09:00:00Z")),
            Some(utc("2025-03-31T08:00:00Z"))
        );
        // Clocks go back on Sunday 26 October 2025: Monday 09:00 GMT is 09:00 UTC again.
        assert_eq!(
            s.next_slot(utc("2025-10-24T08:00:00Z")),
            Some(utc("2025-10-27T09:00:00Z"))
        );
        // Weekends are skipped.
        assert_eq!(s.slot_on(date("2025-03-29")), None);
    }

    #[test]
    fn a_time_skipped_by_dst_moves_after_the_gap() {
        let days = ["Sun"].map(String::from);
        let s = Schedule::parse("01:30", "Europe/London", &days).expect("schedule");
        // 01:30 does not exist on 30 March 2025 in London; 02:00 BST (01:00 UTC) is next.
        assert_eq!(
            s.slot_on(date("2025-03-30")),
            Some(utc("2025-03-30T01:00:00Z"))
        );
        // 01:30 happens twice on 26 October 2025: the first one (BST, 00:30 UTC) counts.
        assert_eq!(
            s.slot_on(date("2025-10-26")),
            Some(utc("2025-10-26T00:30:00Z"))
        );
    }

    #[test]
    fn due_once_per_day_within_catch_up() {
        let s = london();
        let catch_up = Duration::hours(12);
        let monday = date("2025-06-02");
        // Before the slot: nothing; at and after it: Monday, until posted.
        assert_eq!(s.due(utc("2025-06-02T07:59:00Z"), None, catch_up), None);
        assert_eq!(
            s.due(utc("2025-06-02T08:00:00Z"), None, catch_up),
            Some(monday)
        );
        assert_eq!(
            s.due(utc("2025-06-02T08:00:30Z"), Some(monday), catch_up),
            None
        );
        // Down at 09:00 and back at 15:00: posts once; back after the catch-up window: skips.
        assert_eq!(
            s.due(
                utc("2025-06-02T14:00:00Z"),
                Some(date("2025-05-30")),
                catch_up
            ),
            Some(monday)
        );
        assert_eq!(
            s.due(
                utc("2025-06-02T21:00:00Z"),
                Some(date("2025-05-30")),
                catch_up
            ),
            None
        );
        // Saturday morning: Friday's slot is long past, nothing is due.
        assert_eq!(
            s.due(
                utc("2025-06-07T10:00:00Z"),
                Some(date("2025-06-05")),
                catch_up
            ),
            None
        );
    }

    #[test]
    fn bad_settings_say_what_is_expected() {
        let days = vec!["Mon".to_string()];
        assert_eq!(
            Schedule::parse("9am", "UTC", &days),
            Err(ScheduleError::Time("9am".into()))
        );
        assert!(Schedule::parse("09:00", "Mars/Olympus", &days)
            .is_err_and(|e| e.to_string().contains("IANA")));
        assert!(Schedule::parse("09:00", "UTC", &["Someday".to_string()])
            .is_err_and(|e| e.to_string().contains("weekdays")));
    }

    fn keys(names: &[&str]) -> Vec<String> {
        names.iter().map(|n| n.to_string()).collect()
    }

    #[test]
    fn every_talk_once_before_any_repeats() {
        let talks = keys(&["a", "b", "c"]);
        for order in [Order::Notes, Order::Shuffled] {
            let mut state = DigestState::default();
            let mut seen = Vec::new();
            for _ in 0..3 {
                let (picked, next) = next_talks(&talks, &state, 1, order, 42);
                seen.extend(picked);
                state = next;
            }
            let mut sorted = seen.clone();
            sorted.sort();
            assert_eq!(sorted, talks, "{order:?}: {seen:?}");
            let (again, state) = next_talks(&talks, &state, 2, order, 42);
            assert_eq!(again.len(), 2);
            assert_eq!(state.round, 1);
        }
        let (first, _) = next_talks(&talks, &DigestState::default(), 2, Order::Notes, 0);
        assert_eq!(first, keys(&["a", "b"]));
    }

    #[test]
    fn reloads_add_and_remove_talks() {
        let (_, state) = next_talks(
            &keys(&["a", "b", "c"]),
            &DigestState::default(),
            2,
            Order::Notes,
            0,
        );
        // "b" was removed from the notes and "d" added: "c" and "d" are still to come.
        let (picked, state) = next_talks(&keys(&["a", "c", "d"]), &state, 2, Order::Notes, 0);
        assert_eq!(picked, keys(&["c", "d"]));
        assert_eq!(state.shown, keys(&["a", "c", "d"]));
    }

    #[test]
    fn state_file_round_trip_and_corruption() {
        let dir = std::env::temp_dir().join(format!("talkbot-digest-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("dir");
        let path = dir.join("state.json");
        let _ = std::fs::remove_file(&path);
        assert_eq!(
            load_state(&path).expect("missing is fresh"),
            DigestState::default()
        );
        let state = DigestState {
            version: STATE_VERSION,
            last_posted: Some(date("2025-06-02")),
            shown: keys(&["a"]),
            round: 2,
        };
        save_state(&path, &state).expect("save");
        assert_eq!(load_state(&path).expect("load"), state);
        let leftovers: Vec<_> = std::fs::read_dir(&dir)
            .expect("list")
            .filter_map(|e| e.ok())
            .filter(|e| e.file_name().to_string_lossy().contains(".tmp-"))
            .collect();
        assert!(leftovers.is_empty(), "no temporary file is left behind");

        std::fs::write(&path, "{ not json").expect("corrupt");
        assert_eq!(
            load_state(&path).expect("corrupt is fresh"),
            DigestState::default()
        );
        assert!(
            path.with_extension("corrupt").exists(),
            "the corrupt file is kept aside"
        );
        assert!(!path.exists());

        std::fs::write(
            &path,
            r#"{"version": 99, "last_posted": null, "shown": [], "round": 0}"#,
        )
        .expect("other version");
        assert_eq!(
            load_state(&path).expect("other version is fresh"),
            DigestState::default()
        );
    }
}
